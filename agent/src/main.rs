//! `arsring-agent`: the command line around the agent library.

use std::path::PathBuf;
use std::process::ExitCode;

use arsring_agent::collect::{self, Options, host::Host};
use arsring_agent::config::{Config, Overrides};
use arsring_agent::daemon::{Agent, RunResult};
use arsring_agent::state::StateDir;
use clap::{Parser, Subcommand};

/// Exit codes, so scripts and systemd can tell outcomes apart.
mod exit {
    pub const OK: u8 = 0;
    pub const FAILED: u8 = 1;
    pub const USAGE: u8 = 2;
    pub const SPOOLED: u8 = 3;
    pub const REJECTED: u8 = 4;
}

#[derive(Parser)]
#[command(
    name = "arsring-agent",
    version,
    about = "Reports this server's hardware, OS, patch level and utilisation to an Årsring collector.",
    long_about = "Reports this server's hardware, OS, patch level and utilisation to an Årsring collector.\n\n\
        The agent only reads: files under /proc, /sys and /etc, and package managers in simulation \
        mode. Run as root it also reads serial numbers.\n\n\
        Try it with no configuration:\n  \
        arsring-agent collect\n  \
        arsring-agent --collector https://127.0.0.1:8443 --token TOKEN --ca ./arsring-data/tls/ca.pem run --once",
    after_help = "Exit codes: 0 delivered (or printed), 1 failure, 2 bad usage or configuration, \
        3 collector unavailable and the report spooled for later, 4 the collector rejected the report."
)]
struct Cli {
    /// Configuration file.
    #[arg(long, global = true, value_name = "FILE", default_value_os_t = PathBuf::from(arsring_agent::config::DEFAULT_PATH), hide_default_value = false)]
    config: PathBuf,
    /// Collector base URL (overrides `collector` in the file).
    #[arg(long, global = true, value_name = "URL")]
    collector: Option<String>,
    /// Agent token (overrides `token`/`token_file`). Visible to other local users in `ps`;
    /// prefer `token_file` for anything but a try-out.
    #[arg(long, global = true, value_name = "TOKEN", env = "ARSRING_TOKEN", hide_env_values = true)]
    token: Option<String>,
    /// PEM file of the CA to trust for the collector (overrides `ca`).
    #[arg(long, global = true, value_name = "FILE")]
    ca: Option<PathBuf>,
    /// State directory (overrides `state_dir`).
    #[arg(long, global = true, value_name = "DIR")]
    state_dir: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print this server's report as JSON. No network, nothing written.
    Collect {
        /// Indent the JSON.
        #[arg(long)]
        pretty: bool,
        /// Print the agent's own CPU time and peak memory to stderr, and those of the
        /// package-manager processes it ran, separately (for benchmarks).
        #[arg(long)]
        stats: bool,
    },
    /// Report to the collector: on the configured schedule, or once with --once.
    Run {
        /// Deliver what is spooled, send one new report and exit.
        #[arg(long)]
        once: bool,
    },
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("ARSRING_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let config_path = (cli.config.as_os_str() != arsring_agent::config::DEFAULT_PATH).then_some(cli.config.as_path());
    let overrides = Overrides { collector: cli.collector, token: cli.token, ca: cli.ca, state_dir: cli.state_dir };
    let config = match Config::load(config_path, overrides) {
        Ok(config) => config,
        Err(err) => {
            eprintln!("arsring-agent: {err:#}");
            return ExitCode::from(exit::USAGE);
        }
    };
    let code = match cli.command {
        Command::Collect { pretty, stats } => {
            let code = print_report(&config, pretty);
            if stats {
                eprintln!("{}", resource_usage());
            }
            code
        }
        Command::Run { once } => run(config, once),
    };
    ExitCode::from(code)
}

fn print_report(config: &Config, pretty: bool) -> u8 {
    let options = Options { tags: config.tags.clone(), package_timeout: config.package_timeout() };
    let collected = collect::collect(&Host::default(), &options, &StateDir::new(&config.state_dir));
    let json =
        if pretty { serde_json::to_string_pretty(&collected.report) } else { serde_json::to_string(&collected.report) };
    match json {
        Ok(json) => {
            println!("{json}");
            exit::OK
        }
        Err(err) => {
            eprintln!("arsring-agent: {err}");
            exit::FAILED
        }
    }
}

/// CPU seconds and peak RSS of this process and, separately, of its waited-for children.
fn resource_usage() -> String {
    let usage = |who| {
        // SAFETY: getrusage fills the zeroed struct we pass and touches nothing else.
        let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
        unsafe { libc::getrusage(who, &mut ru) };
        let cpu = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
        serde_json::json!({
            "cpu_user_s": cpu(ru.ru_utime),
            "cpu_system_s": cpu(ru.ru_stime),
            "max_rss_kib": ru.ru_maxrss,
        })
    };
    serde_json::json!({"agent": usage(libc::RUSAGE_SELF), "children": usage(libc::RUSAGE_CHILDREN)}).to_string()
}

fn run(config: Config, once: bool) -> u8 {
    let agent = match Agent::new(config, Host::default()) {
        Ok(agent) => agent,
        Err(err) => {
            eprintln!("arsring-agent: {err:#}");
            return exit::USAGE;
        }
    };
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(err) => {
            eprintln!("arsring-agent: cannot start the runtime: {err}");
            return exit::FAILED;
        }
    };
    runtime.block_on(async {
        if once {
            match agent.run_once().await {
                Ok(RunResult::Delivered) => exit::OK,
                Ok(RunResult::Spooled { reason }) => {
                    eprintln!("arsring-agent: collector unavailable ({reason}); report spooled");
                    exit::SPOOLED
                }
                Ok(RunResult::Rejected { status, message }) => {
                    eprintln!("arsring-agent: collector rejected the report ({status}): {message}");
                    exit::REJECTED
                }
                Err(err) => {
                    eprintln!("arsring-agent: {err:#}");
                    exit::FAILED
                }
            }
        } else {
            match agent.run_forever(shutdown_signal()).await {
                Ok(()) => exit::OK,
                Err(err) => {
                    eprintln!("arsring-agent: {err:#}");
                    exit::FAILED
                }
            }
        }
    })
}

async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(s) => s,
            Err(_) => return ctrl_c.await.unwrap_or(()),
        };
        tokio::select! {
            _ = ctrl_c => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    ctrl_c.await.unwrap_or(());
}
