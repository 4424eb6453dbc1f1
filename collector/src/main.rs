//! `arsring-collector`: the command line around the collector library.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use arsring_cli::exit;
use arsring_collector::app::{self, AppConfig};
use arsring_collector::audit::Event;
use arsring_collector::commands::CollectorArgs;
use arsring_collector::config::{Config, Overrides};
use arsring_collector::store::access::Access;
use arsring_collector::tokens::Role;
use arsring_collector::{commands, local, quickstart, server, tls};
use clap::{Args, Parser, Subcommand, ValueEnum};

/// The lifecycle assessment and the pages build hundreds of thousands of small strings;
/// with glibc's allocator that was most of their time (see docs/benchmarks.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Prints to stdout, ignoring a closed pipe: a collector must not stop serving because
/// whoever started it stopped reading its output.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

/// A configuration or usage error: exit code 2.
#[derive(Debug)]
struct Usage(String);

impl std::fmt::Display for Usage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Usage {}

#[derive(Parser)]
#[command(
    name = "arsring-collector",
    version,
    about = "Receives Årsring agent reports over HTTPS, stores them (sled) and serves the inventory API.",
    long_about = "Receives Årsring agent reports over HTTPS, stores them in an embedded sled database \
        and serves the inventory API.\n\n\
        Start here:\n  arsring-collector quickstart\n\n\
        Production: arsring-collector serve --config /etc/arsring/collector.toml (see deploy/).",
    after_help = "Exit codes: 0 success, 1 failure (e.g. store in use, port taken), 2 bad usage or configuration."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the API until Ctrl-C or SIGTERM.
    Serve(ServeArgs),
    /// Create, list or revoke API tokens (works whether or not the collector is running; with
    /// --store, on every collector of that PostgreSQL store at once).
    #[command(subcommand)]
    Token(TokenCommand),
    /// Import registers: the asset register.
    #[command(subcommand)]
    Import(commands::registers::ImportCommand),
    /// The vendor model catalogue (end of sale / security updates / support per model).
    #[command(subcommand)]
    Catalogue(commands::registers::CatalogueCommand),
    /// Server costs and department charges: import the cost model, reports for finance.
    #[command(subcommand)]
    Costs(commands::costs::CostsCommand),
    /// Devices: let a reinstalled server enrol again.
    #[command(subcommand)]
    Devices(commands::identity::DevicesCommand),
    /// The keys agents and pollers enrolled for: list, revoke.
    #[command(subcommand)]
    Credentials(commands::identity::CredentialsCommand),
    /// OS and firmware release cycles from endoflife.date.
    #[command(subcommand)]
    Eol(commands::eol::EolCommand),
    /// End of life: the heat map, outdated network devices, statuses.
    #[command(subcommand)]
    Lifecycle(commands::lifecycle::LifecycleCommand),
    /// The store itself: check that it reads back whole (with the collector stopped).
    #[command(subcommand)]
    Store(commands::store::StoreCommand),
    /// Start a collector on 127.0.0.1 with TLS, report this machine to it, and keep serving.
    Quickstart {
        /// Where to keep the store, tokens and the local CA.
        #[arg(long, value_name = "DIR", default_value = "./arsring-data")]
        data_dir: PathBuf,
        /// Address to listen on [default: 127.0.0.1:8443, or a free port if that is taken].
        #[arg(long, value_name = "ADDR:PORT")]
        listen: Option<SocketAddr>,
        /// Also load a made-up municipal fleet (600 devices, model catalogue, asset register,
        /// cost model and, from a source checkout, the endoflife.date snapshot) so the
        /// dashboard has something to show. Not for production data.
        #[arg(long)]
        demo: bool,
        /// Keep the store, tokens, sessions and audit log in PostgreSQL
        /// (postgres://user@host/db) instead of the data directory.
        #[arg(long, value_name = "URL", env = "ARSRING_STORE_URL")]
        store: Option<String>,
    },
}

#[derive(Args)]
struct ServeArgs {
    /// Configuration file (see deploy/collector.toml).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Data directory: store, tokens, local CA [default: ./arsring-data].
    #[arg(long, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// Address to listen on [default: 127.0.0.1:8443]. Port 0 picks a free port.
    #[arg(long, value_name = "ADDR:PORT")]
    listen: Option<SocketAddr>,
    /// Serve plain HTTP. Refused unless listening on a loopback address.
    #[arg(long)]
    insecure_http: bool,
    /// Keep the store in PostgreSQL (postgres://user@host/db), shared with other collectors,
    /// instead of the embedded store in the data directory. Overrides `[store] url`.
    #[arg(long, value_name = "URL", env = "ARSRING_STORE_URL")]
    store: Option<String>,
}

#[derive(Subcommand)]
enum TokenCommand {
    /// Create a token and print it once; only its hash is kept.
    Create {
        #[command(flatten)]
        collector: CollectorArgs,
        /// agent: may post reports. viewer: may read. admin: may do everything.
        #[arg(long, value_enum)]
        role: Role,
        /// Who or what the token is for, e.g. a host, a group of hosts or a person.
        #[arg(long)]
        name: String,
    },
    /// List tokens (never the tokens themselves).
    List {
        #[command(flatten)]
        collector: CollectorArgs,
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// Revoke tokens by id (tok_…) or by name; takes effect on the next request.
    Revoke {
        #[command(flatten)]
        collector: CollectorArgs,
        /// Token id or name.
        which: String,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum ListFormat {
    Table,
    Json,
    Csv,
}

fn main() -> ExitCode {
    init_logging();
    let cli = Cli::parse();
    if !matches!(cli.command, Command::Serve(_) | Command::Quickstart { .. }) {
        arsring_cli::quiet_on_closed_stdout();
    }
    let result = match cli.command {
        Command::Serve(args) => serve(args),
        Command::Token(cmd) => token(cmd),
        Command::Import(cmd) => runtime().and_then(|rt| rt.block_on(commands::registers::import(cmd))),
        Command::Catalogue(cmd) => runtime().and_then(|rt| rt.block_on(commands::registers::catalogue(cmd))),
        Command::Costs(cmd) => runtime().and_then(|rt| rt.block_on(commands::costs::run(cmd))),
        Command::Eol(cmd) => runtime().and_then(|rt| rt.block_on(commands::eol::run(cmd))),
        Command::Devices(cmd) => runtime().and_then(|rt| rt.block_on(commands::identity::devices(cmd))),
        Command::Credentials(cmd) => runtime().and_then(|rt| rt.block_on(commands::identity::credentials(cmd))),
        Command::Lifecycle(cmd) => runtime().and_then(|rt| rt.block_on(commands::lifecycle::run(cmd))),
        Command::Store(cmd) => commands::store::run(cmd),
        Command::Quickstart { data_dir, listen, demo, store } => {
            runtime().and_then(|rt| rt.block_on(quickstart::run(&data_dir, listen, demo, store)))
        }
    };
    match result {
        Ok(()) => ExitCode::from(exit::OK),
        Err(err) => {
            eprintln!("arsring-collector: {err:#}");
            let usage = err.is::<Usage>() || err.is::<commands::BadInput>() || err.is::<local::Refused>();
            ExitCode::from(if usage { exit::USAGE } else { exit::FAILED })
        }
    }
}

/// Logs to stderr (the journal under systemd), filtered by `ARSRING_LOG` (default `info`);
/// `ARSRING_LOG_FORMAT=json` writes one JSON object per line, request lines included.
fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("ARSRING_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    if std::env::var("ARSRING_LOG_FORMAT").is_ok_and(|f| f.eq_ignore_ascii_case("json")) {
        builder.json().flatten_event(true).with_current_span(false).init();
    } else {
        builder.init();
    }
}

/// Who runs a command that changes credentials, for the audit log.
fn operator() -> String {
    let user = std::env::var("SUDO_USER").or_else(|_| std::env::var("USER")).unwrap_or_else(|_| "unknown".into());
    format!("{user} (command line)")
}

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread().enable_all().build()?)
}

fn serve(args: ServeArgs) -> anyhow::Result<()> {
    let overrides = Overrides {
        listen: args.listen,
        data_dir: args.data_dir,
        insecure_http: args.insecure_http,
        store: args.store,
    };
    let config = Config::load(args.config.as_deref(), overrides).map_err(|e| Usage(format!("{e:#}")))?;
    let tls = if config.insecure_http {
        None
    } else {
        let cert_key = config.tls.cert.as_deref().zip(config.tls.key.as_deref());
        Some(tls::identity(&config.data_dir, cert_key, &config.tls.names)?)
    };
    let state = app::open_serving(&config.data_dir, AppConfig::from_config(&config))?;
    runtime()?.block_on(async move {
        let stop = server::shutdown_signal();
        let no_tokens = state.tokens.list()?.iter().all(|t| t.revoked_at.is_some());
        let admin = server::serve_admin_socket(&config.data_dir, state.clone())?;
        let running = server::start(config.listen, state, tls.as_ref().map(|t| t.server_config.clone()))?;
        say!("arsring-collector listening on {}", running.url);
        match &tls {
            Some(identity) => {
                if let Some(ca) = &identity.local_ca {
                    say!("local CA for agents: {}", ca.display());
                }
                say!("CA fingerprint: SHA256 {}", identity.fingerprint);
            }
            None => say!("WARNING: plain HTTP (--insecure-http), loopback only"),
        }
        if no_tokens {
            say!(
                "No tokens yet. Create one:\n  arsring-collector token create {} --role agent --name <name>",
                match &config.store {
                    Some(store) => format!("--store {}", store.shown()),
                    None => format!("--data-dir {}", config.data_dir.display()),
                }
            );
        }
        let served = running.serve_until(stop).await;
        admin.abort();
        let _ = std::fs::remove_file(server::admin_socket_path(&config.data_dir));
        served
    })
}

/// The tokens and the audit log of the collector `collector` names: the files in its data
/// directory, or its PostgreSQL store (`--store`, `[store]` in `--config`), shared by every
/// collector of it. The inventory is not opened: a running collector may hold it.
fn token_access(collector: &CollectorArgs) -> anyhow::Result<Access> {
    let config = collector.config().map_err(|e| Usage(format!("{e:#}")))?;
    Access::open(&config.data_dir, config.store.as_ref())
}

fn token(cmd: TokenCommand) -> anyhow::Result<()> {
    match cmd {
        TokenCommand::Create { collector, role, name } => {
            let access = token_access(&collector)?;
            let (token, record) = access.tokens.create(role, &name)?;
            let detail = format!("{} token {} for {:?}", role.as_str(), record.id, record.name);
            access.audit.record(&Event::new(operator(), "token.create", detail))?;
            eprintln!("Created {} token {} for {:?}. It is shown only now:", role.as_str(), record.id, record.name);
            println!("{token}");
        }
        TokenCommand::List { collector, format } => {
            let list = token_access(&collector)?.tokens.list()?;
            #[derive(serde::Serialize)]
            struct Row<'a> {
                id: &'a str,
                name: &'a str,
                role: &'static str,
                created_at: String,
                revoked_at: Option<String>,
            }
            let rows: Vec<Row> = list
                .iter()
                .map(|t| Row {
                    id: &t.id,
                    name: &t.name,
                    role: t.role.as_str(),
                    created_at: t.created_at.to_rfc3339(),
                    revoked_at: t.revoked_at.map(|r| r.to_rfc3339()),
                })
                .collect();
            match format {
                ListFormat::Json => println!("{}", serde_json::to_string_pretty(&rows)?),
                ListFormat::Csv => print!("{}", String::from_utf8(arsring_collector::export::to_csv(&rows)?)?),
                ListFormat::Table => {
                    println!("{:<14} {:<8} {:<26} {:<26} NAME", "ID", "ROLE", "CREATED", "REVOKED");
                    for r in &rows {
                        println!(
                            "{:<14} {:<8} {:<26} {:<26} {}",
                            r.id,
                            r.role,
                            &r.created_at[..19],
                            r.revoked_at.as_deref().map_or("-", |s| &s[..19]),
                            r.name
                        );
                    }
                }
            }
        }
        TokenCommand::Revoke { collector, which } => {
            let access = token_access(&collector)?;
            let n = access.tokens.revoke(&which)?;
            if n == 0 {
                anyhow::bail!("no active token has id or name {which:?}");
            }
            let detail = format!("{n} token(s) with id or name {which:?}");
            access.audit.record(&Event::new(operator(), "token.revoke", detail))?;
            println!("revoked {n} token(s)");
        }
    }
    Ok(())
}
