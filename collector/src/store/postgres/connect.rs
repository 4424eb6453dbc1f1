//! Reaching PostgreSQL: the URL (`postgres://user@host/db`, libpq's `sslmode` included),
//! the password from a file rather than the URL or the configuration, and TLS with rustls
//! against a CA file (or the system's roots).

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use anyhow::{Context, bail};
use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod, Runtime};
use tokio_postgres::config::SslMode;

/// Where the PostgreSQL store is.
#[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PgSettings {
    /// `postgres://arsring@db.example:5432/arsring?sslmode=verify-full`. A password in the
    /// URL works but lands in `ps` and in backups of the file: prefer `password_file`.
    pub url: String,
    /// A file holding the password (its first line); read at start.
    pub password_file: Option<PathBuf>,
    /// The CA that signed the server's certificate; the system's roots without it.
    pub ca: Option<PathBuf>,
    /// Connections this collector opens at most.
    #[serde(default = "default_pool")]
    pub pool: usize,
}

fn default_pool() -> usize {
    16
}

impl Default for PgSettings {
    fn default() -> Self {
        PgSettings { url: String::new(), password_file: None, ca: None, pool: default_pool() }
    }
}

impl PgSettings {
    pub fn from_url(url: &str) -> PgSettings {
        PgSettings { url: url.to_string(), ..PgSettings::default() }
    }

    /// The database's address without its password, for messages.
    pub fn shown(&self) -> String {
        match url::Url::parse(&self.url) {
            Ok(mut url) => {
                let _ = url.set_password(None);
                url.to_string()
            }
            Err(_) => "the configured PostgreSQL URL".to_string(),
        }
    }

    /// The connection settings, checked: a URL that does not parse, a password file that
    /// cannot be read, or `sslmode=disable` to anything but a loopback address is an error.
    pub fn config(&self) -> anyhow::Result<tokio_postgres::Config> {
        self.config_with(std::env::var("PGPASSWORD").ok())
    }

    /// [`config`](Self::config) with `PGPASSWORD` as given: the password comes from the
    /// URL, else `password_file`, else the environment (libpq's variable, e.g. from a
    /// systemd `EnvironmentFile=`).
    fn config_with(&self, env_password: Option<String>) -> anyhow::Result<tokio_postgres::Config> {
        let (url, _) = self.libpq_tls();
        let mut config = tokio_postgres::Config::from_str(&url)
            .map_err(|err| anyhow::anyhow!("store.url: {err} (expected postgres://user@host/database)"))?;
        if let Some(file) = &self.password_file {
            config.password(read_password(file)?);
        } else if let Some(password) = env_password.filter(|_| config.get_password().is_none()) {
            config.password(password);
        }
        if config.get_ssl_mode() == SslMode::Disable && !loopback_only(&config) {
            bail!("store.url: sslmode=disable is allowed only to a loopback address; use TLS to {}", self.shown());
        }
        config.connect_timeout(Duration::from_secs(5));
        config.application_name("arsring-collector");
        Ok(config)
    }

    /// The URL as tokio-postgres reads it, and the CA: libpq's `sslmode=verify-ca` and
    /// `verify-full` become `require` (rustls always checks the certificate and the name),
    /// and `sslrootcert=FILE` becomes the CA when `ca` names none.
    fn libpq_tls(&self) -> (String, Option<PathBuf>) {
        let Ok(mut url) = url::Url::parse(&self.url) else { return (self.url.clone(), self.ca.clone()) };
        let mut ca = self.ca.clone();
        let pairs: Vec<(String, String)> = url
            .query_pairs()
            .filter_map(|(key, value)| match (key.as_ref(), value.as_ref()) {
                ("sslrootcert", file) => {
                    ca.get_or_insert_with(|| PathBuf::from(file));
                    None
                }
                ("sslmode", "verify-ca" | "verify-full") => Some(("sslmode".into(), "require".into())),
                _ => Some((key.into_owned(), value.into_owned())),
            })
            .collect();
        url.set_query(None);
        if !pairs.is_empty() {
            url.query_pairs_mut().extend_pairs(pairs);
        }
        (url.to_string(), ca)
    }

    fn tls(&self) -> anyhow::Result<tokio_postgres_rustls::MakeRustlsConnect> {
        let (_, ca) = self.libpq_tls();
        let config = arsring_agent::deliver::tls_config(ca.as_deref()).context("store.ca")?;
        Ok(tokio_postgres_rustls::MakeRustlsConnect::new(config))
    }

    /// A pool of connections (none is opened yet).
    pub fn pool(&self) -> anyhow::Result<Pool> {
        let (config, tls) = (self.config()?, self.tls()?);
        let manager = Manager::from_config(config, tls, ManagerConfig { recycling_method: RecyclingMethod::Fast });
        Pool::builder(manager)
            .max_size(self.pool.max(1))
            .runtime(Runtime::Tokio1)
            .wait_timeout(Some(Duration::from_secs(5)))
            .create_timeout(Some(Duration::from_secs(5)))
            .recycle_timeout(Some(Duration::from_secs(5)))
            .build()
            .context("store: building the PostgreSQL connection pool")
    }

    /// One connection outside the pool, for LISTEN: the client, the notifications' payloads
    /// as they arrive (the channel closes with the connection), and the task driving it.
    pub async fn connect_listening(&self) -> anyhow::Result<Listening> {
        let (config, tls) = (self.config()?, self.tls()?);
        let (client, mut connection) =
            config.connect(tls).await.with_context(|| format!("connecting to {}", self.shown()))?;
        let (tx, payloads) = tokio::sync::mpsc::unbounded_channel::<String>();
        let driver = tokio::spawn(async move {
            while let Some(message) = std::future::poll_fn(|cx| connection.poll_message(cx)).await {
                match message {
                    Ok(tokio_postgres::AsyncMessage::Notification(n)) if tx.send(n.payload().to_string()).is_err() => {
                        break;
                    }
                    Ok(_) => {}
                    Err(_) => break,
                }
            }
        });
        Ok(Listening { client, payloads, driver })
    }
}

pub struct Listening {
    pub client: tokio_postgres::Client,
    pub payloads: tokio::sync::mpsc::UnboundedReceiver<String>,
    pub driver: tokio::task::JoinHandle<()>,
}

fn read_password(file: &Path) -> anyhow::Result<String> {
    let text = std::fs::read_to_string(file)
        .with_context(|| format!("store.password_file: cannot read {}", file.display()))?;
    let password = text.lines().next().unwrap_or_default().trim_end_matches('\r');
    if password.is_empty() {
        bail!("store.password_file: {} is empty", file.display());
    }
    Ok(password.to_string())
}

fn loopback_only(config: &tokio_postgres::Config) -> bool {
    use tokio_postgres::config::Host;
    config.get_hosts().iter().all(|host| match host {
        Host::Tcp(name) => name == "localhost" || name.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback()),
        Host::Unix(_) => true,
    })
}

#[cfg(test)]
mod tests;
