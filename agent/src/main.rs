//! `arsring-agent`: the command line around the agent library.

use std::path::PathBuf;
use std::process::ExitCode;

use std::time::Duration;

use arsring_agent::collect::{self, host::Host, identity};
use arsring_agent::config::{Config, Overrides};
use arsring_agent::daemon::network_report;
use arsring_agent::daemon::{Agent, RunResult};
use arsring_agent::snmp::client::{Credentials, Options};
use arsring_agent::snmp::poll::Target;
use arsring_agent::snmp::targets::v3_credentials;
use arsring_agent::state::StateDir;
use clap::{Parser, Subcommand};

use arsring_cli::exit;

mod vsphere_cli;

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
        3 collector unavailable and the report spooled for later, 4 the collector rejected the report, \
        5 the network device or vCenter did not answer (`snmp poll`, `vsphere poll`), \
        6 vCenter refused the user or password (`vsphere poll`)."
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
    /// Inventory network devices over SNMP.
    #[command(subcommand)]
    Snmp(Box<SnmpCommand>),
    /// Inventory VMware vSphere: ESXi hosts and virtual machines, whatever their OS.
    #[command(subcommand)]
    Vsphere(vsphere_cli::VsphereCommand),
}

#[derive(Subcommand)]
enum SnmpCommand {
    /// Poll one device: system group and ENTITY-MIB inventory. Sends the report to the
    /// collector, or prints it with --print.
    Poll {
        /// HOST, HOST:PORT or IP (port 161 by default).
        #[arg(long)]
        target: String,
        #[command(flatten)]
        credentials: CredentialArgs,
        /// switch, router, firewall, wireless_controller, access_point (otherwise guessed).
        #[arg(long)]
        category: Option<String>,
        /// Print the device report as JSON instead of sending it.
        #[arg(long)]
        print: bool,
    },
    /// Poll every target in agent.toml's [snmp] section now and send the reports, or print
    /// them as JSON lines with --print. A summary goes to stderr.
    PollAll {
        #[arg(long)]
        print: bool,
    },
    /// Sweep a range and list the addresses that answer SNMP (progress on stderr).
    Scan {
        /// CIDR range, e.g. 10.20.0.0/24 (at most a /16).
        #[arg(long)]
        range: String,
        #[command(flatten)]
        credentials: CredentialArgs,
        /// UDP port to probe.
        #[arg(long, default_value_t = 161)]
        port: u16,
        /// Addresses probed at once.
        #[arg(long, default_value_t = 64)]
        concurrency: usize,
        /// Output: table, json or csv.
        #[arg(long, default_value = "table")]
        format: String,
    },
}

/// SNMP credentials on the command line. Secrets can come from the environment instead,
/// which other local users cannot read in `ps`.
#[derive(clap::Args)]
struct CredentialArgs {
    /// SNMPv2c community.
    #[arg(long, env = "ARSRING_SNMP_COMMUNITY", hide_env_values = true)]
    community: Option<String>,
    /// SNMPv3 user name.
    #[arg(long)]
    v3_user: Option<String>,
    /// md5, sha, sha224, sha256, sha384, sha512.
    #[arg(long)]
    auth_protocol: Option<String>,
    #[arg(long, env = "ARSRING_SNMP_AUTH_PASSWORD", hide_env_values = true)]
    auth_password: Option<String>,
    /// des, aes, aes192, aes256.
    #[arg(long)]
    priv_protocol: Option<String>,
    #[arg(long, env = "ARSRING_SNMP_PRIV_PASSWORD", hide_env_values = true)]
    priv_password: Option<String>,
    /// SNMPv3 contextName.
    #[arg(long)]
    v3_context: Option<String>,
    /// Per-request timeout.
    #[arg(long, default_value_t = 2000)]
    timeout_ms: u64,
    #[arg(long, default_value_t = 2)]
    retries: u32,
    /// Rows read from one table at most (against agents whose tables never end).
    #[arg(long, default_value_t = 10_000)]
    max_rows: usize,
}

impl CredentialArgs {
    fn credentials(&self) -> anyhow::Result<Credentials> {
        match (&self.community, &self.v3_user) {
            (Some(c), None) => Ok(Credentials::V2c { community: c.clone() }),
            (None, Some(user)) => v3_credentials(
                user,
                self.auth_protocol.as_deref(),
                self.auth_password.clone(),
                self.priv_protocol.as_deref(),
                self.priv_password.clone(),
                self.v3_context.clone(),
            ),
            _ => anyhow::bail!("give either --community or --v3-user"),
        }
    }

    fn options(&self) -> Options {
        Options {
            timeout: Duration::from_millis(self.timeout_ms.max(1)),
            retries: self.retries,
            max_rows: self.max_rows.max(1),
            ..Options::default()
        }
    }
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
    if matches!(cli.command, Command::Collect { .. }) {
        arsring_cli::quiet_on_closed_stdout();
    }
    let config_path = (cli.config.as_os_str() != arsring_agent::config::DEFAULT_PATH).then_some(cli.config.as_path());
    let cli_ca = cli.ca.clone();
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
        Command::Snmp(cmd) => snmp(config, *cmd),
        Command::Vsphere(cmd) => vsphere_cli::run(config, cli_ca, cmd),
    };
    ExitCode::from(code)
}

fn print_report(config: &Config, pretty: bool) -> u8 {
    let collected = collect::collect(&Host::default(), &config.collect_options(), &StateDir::new(&config.state_dir));
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

fn snmp(config: Config, cmd: SnmpCommand) -> u8 {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        // snmp2 keeps 64 KiB buffers in its session futures; debug builds copy them around.
        .thread_stack_size(8 << 20)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(err) => {
            eprintln!("arsring-agent: cannot start the runtime: {err}");
            return exit::FAILED;
        }
    };
    let result = runtime.block_on(async {
        match cmd {
            SnmpCommand::Poll { target, credentials, category, print } => {
                snmp_poll(config, &target, &credentials, category, print).await
            }
            SnmpCommand::PollAll { print } => snmp_poll_all(config, print).await,
            SnmpCommand::Scan { range, credentials, port, concurrency, format } => {
                snmp_scan(&range, port, &credentials, concurrency, &format).await
            }
        }
    });
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("arsring-agent: {err:#}");
            exit::USAGE
        }
    }
}

async fn snmp_poll(
    config: Config,
    target: &str,
    args: &CredentialArgs,
    category: Option<String>,
    print: bool,
) -> anyhow::Result<u8> {
    let host = arsring_agent::snmp::targets::expand(target, 161)?.remove(0);
    let target = Target { host: host.clone(), credentials: args.credentials()?, category, tags: config.tags.clone() };
    // The id this address had before keeps an unanswered poll on the same device.
    let state = StateDir::new(&config.state_dir);
    let mut known = state.snmp_ids();
    let device = arsring_agent::snmp::poll::poll(&target, args.options(), known.get(&host).copied()).await;
    let reachable = device.reachability.reachable;
    if reachable && !print {
        known.insert(host, device.identity.device_id);
        if let Err(err) = state.save_snmp_ids(&known) {
            eprintln!("arsring-agent: cannot save {}: {err}", config.state_dir.display());
        }
    }
    if !reachable {
        eprintln!(
            "arsring-agent: {} did not answer: {}",
            device.identity.address,
            device.reachability.reason.as_deref().unwrap_or("unknown reason")
        );
    }
    let report = network_report(&identity::hostname(&Host::default()), device);
    if print {
        println!("{}", serde_json::to_string_pretty(&report)?);
        return Ok(if reachable { exit::OK } else { exit::UNREACHABLE });
    }
    let agent = Agent::new(config, Host::default())?;
    Ok(match agent.send(&report).await? {
        RunResult::Delivered if reachable => exit::OK,
        RunResult::Delivered => exit::UNREACHABLE,
        RunResult::Spooled { .. } => exit::SPOOLED,
        RunResult::Rejected { .. } => exit::REJECTED,
    })
}

async fn snmp_poll_all(config: Config, print: bool) -> anyhow::Result<u8> {
    let started = std::time::Instant::now();
    if !print {
        let agent = Agent::new(config, Host::default())?;
        agent.poll_network().await?;
        eprintln!("polled and reported in {:.2} s", started.elapsed().as_secs_f64());
        return Ok(exit::OK);
    }
    let snmp = &config.snmp;
    let planned = snmp.plan()?;
    let known = StateDir::new(&config.state_dir).snmp_ids();
    let host = identity::hostname(&Host::default());
    let (mut devices, mut reachable, mut requests) = (0usize, 0usize, 0u64);
    let mut stdout = std::io::stdout().lock();
    arsring_agent::snmp::poll_all(planned, snmp.options(), snmp.concurrency, &known, |_, device| {
        devices += 1;
        reachable += usize::from(device.reachability.reachable);
        requests += u64::from(device.reachability.requests);
        let line = serde_json::to_string(&network_report(&host, device)).unwrap_or_default();
        let _ = std::io::Write::write_all(&mut stdout, format!("{line}\n").as_bytes());
    })
    .await;
    eprintln!(
        "{devices} devices ({reachable} answered), {requests} requests, {:.2} s",
        started.elapsed().as_secs_f64()
    );
    Ok(exit::OK)
}

async fn snmp_scan(
    range: &str,
    port: u16,
    args: &CredentialArgs,
    concurrency: usize,
    format: &str,
) -> anyhow::Result<u8> {
    if !range.contains('/') {
        anyhow::bail!("--range: {range:?} is not a CIDR range such as 10.20.0.0/24");
    }
    let hosts = arsring_agent::snmp::targets::expand(range, port)?;
    let probed = hosts.len();
    let options = Options { retries: args.retries.min(1), ..args.options() };
    let found = arsring_agent::snmp::scan::scan(hosts, args.credentials()?, options, concurrency).await;
    match format {
        "json" => println!("{}", serde_json::to_string_pretty(&found)?),
        "csv" => {
            println!("address,sys_name,vendor,sys_object_id,descr");
            for a in &found {
                let cells = [&Some(a.address.clone()), &a.sys_name, &a.vendor, &a.sys_object_id, &a.descr]
                    .map(|c| format!("\"{}\"", c.as_deref().unwrap_or("").replace('"', "\"\"")));
                println!("{}", cells.join(","));
            }
        }
        "table" => {
            println!("{:<22} {:<24} {:<14} DESCRIPTION", "ADDRESS", "SYSNAME", "VENDOR");
            for a in &found {
                println!(
                    "{:<22} {:<24} {:<14} {}",
                    a.address,
                    a.sys_name.as_deref().unwrap_or("-"),
                    a.vendor.as_deref().unwrap_or("-"),
                    a.descr.as_deref().unwrap_or("-")
                );
            }
        }
        other => anyhow::bail!("--format: unknown {other:?} (table, json, csv)"),
    }
    eprintln!("{} of {probed} addresses answered", found.len());
    Ok(exit::OK)
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
