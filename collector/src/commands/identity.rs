//! `arsring-collector devices reset-identity` and `credentials list|revoke`: the per-device
//! keys agents and pollers enrol for, through the collector's API.

use clap::Subcommand;
use uuid::Uuid;

use super::{CollectorArgs, Output, get, post, print_csv, print_json};
use crate::app::identity::CredentialView;

#[derive(Subcommand, Debug)]
pub enum DevicesCommand {
    /// Let a device enrol again (a reinstalled server, a new disk): unbinds it from its key
    /// and revokes that key if it was an agent's. Until then, reports for it with another
    /// key are refused.
    ResetIdentity {
        /// The device id (UUID).
        id: Uuid,
        #[command(flatten)]
        collector: CollectorArgs,
    },
}

#[derive(Subcommand, Debug)]
pub enum CredentialsCommand {
    /// Every agent and poller key: for which device or poller, enrolled with which secret,
    /// and how many devices are bound to it. Never the keys.
    List {
        #[arg(long, value_enum, default_value_t = Output::Table)]
        format: Output,
        #[command(flatten)]
        collector: CollectorArgs,
    },
    /// Revoke one key at once (cred_…). With --release, the devices bound to it may be
    /// claimed by another key (a replaced poller).
    Revoke {
        id: String,
        #[arg(long)]
        release: bool,
        #[command(flatten)]
        collector: CollectorArgs,
    },
}

#[derive(serde::Deserialize)]
struct Reset {
    was_bound_to: String,
}

#[derive(serde::Deserialize)]
struct Revoked {
    revoked_at: chrono::DateTime<chrono::Utc>,
}

#[derive(serde::Deserialize)]
struct CredentialList {
    credentials: Vec<CredentialView>,
}

pub async fn devices(cmd: DevicesCommand) -> anyhow::Result<()> {
    let DevicesCommand::ResetIdentity { id, collector } = cmd;
    let config = collector.config()?;
    let r: Reset = post(&config, &format!("/api/v1/devices/{id}/reset-identity"), vec![], "application/json").await?;
    println!("device {id} is no longer bound to {}; it may enrol again", r.was_bound_to);
    Ok(())
}

pub async fn credentials(cmd: CredentialsCommand) -> anyhow::Result<()> {
    match cmd {
        CredentialsCommand::List { format, collector } => {
            let config = collector.config()?;
            let uri = "/api/v1/credentials";
            match format {
                Output::Csv => print_csv(&config, uri, "").await?,
                Output::Json => print_json(&config, uri).await?,
                Output::Table => {
                    let list: CredentialList = get(&config, uri).await?;
                    println!(
                        "{:<18} {:<7} {:<24} {:<38} {:>7} {:<20} STATE",
                        "ID", "KIND", "NAME", "DEVICE", "BOUND", "CREATED"
                    );
                    for c in &list.credentials {
                        let kind = serde_json::to_value(c.kind).ok().and_then(|v| v.as_str().map(str::to_string));
                        let state =
                            c.revoked_at.map_or("active".into(), |r| format!("revoked {}", r.format("%Y-%m-%d")));
                        println!(
                            "{:<18} {:<7} {:<24} {:<38} {:>7} {:<20} {state}",
                            c.id,
                            kind.unwrap_or_default(),
                            c.name,
                            c.device_id.map(|d| d.to_string()).unwrap_or_else(|| "-".into()),
                            c.devices,
                            c.created_at.format("%Y-%m-%d %H:%M")
                        );
                    }
                }
            }
        }
        CredentialsCommand::Revoke { id, release, collector } => {
            let config = collector.config()?;
            let uri = format!("/api/v1/credentials/{id}/revoke{}", if release { "?release=true" } else { "" });
            let r: Revoked = post(&config, &uri, vec![], "application/json").await?;
            let released = if release { "; its devices may be claimed by another key" } else { "" };
            println!("{id} revoked at {}{released}", r.revoked_at.to_rfc3339());
        }
    }
    Ok(())
}
