//! Dashboard log-in: a token (scripts, break-glass) or a directory account, opening a
//! session. Log-ins and refused directory log-ins go on record; refused tokens and
//! rate-limited attempts only into the log, since anyone can make those without end.

use std::net::IpAddr;

use super::{AppState, Result};
use crate::audit::Event;
use crate::directory::LoginError;
use crate::tokens::Role;

/// What the log-in form was given.
pub enum Credentials<'a> {
    Token(&'a str),
    Directory { user: &'a str, password: &'a str },
}

/// Why a log-in was refused; the message is for the person at the form.
#[derive(Debug, thiserror::Error)]
pub enum Refused {
    #[error("Unknown or revoked token.")]
    UnknownToken,
    #[error("An agent token can only enrol agents; log in with a viewer or admin token.")]
    AgentToken,
    #[error(transparent)]
    Directory(#[from] LoginError),
}

/// A new session's id (for the cookie), or why there is none.
pub async fn log_in(
    app: &AppState,
    credentials: Credentials<'_>,
    client: Option<IpAddr>,
) -> Result<std::result::Result<String, Refused>> {
    let from = client.map_or_else(|| "an unknown address".to_string(), |ip| ip.to_string());
    let (caller, how) = match credentials {
        Credentials::Token(token) => match app.tokens.authenticate(token.trim()) {
            Some(caller) if caller.role == Role::Agent => return Ok(Err(Refused::AgentToken)),
            Some(caller) => (caller, "a token"),
            None => {
                tracing::warn!(client = from, "dashboard log-in with an unknown token");
                return Ok(Err(Refused::UnknownToken));
            }
        },
        Credentials::Directory { user, password } => match app.directory.log_in(user, password, client).await {
            Ok(caller) => (caller, "a directory account"),
            Err(err) => return refused(app, user, &from, err),
        },
    };
    let Some(id) = app.sessions.open(caller.clone()) else {
        return Err(super::Error::internal(anyhow::anyhow!("no system randomness for a session")));
    };
    let detail = format!("dashboard log-in with {how} as {} from {from}", caller.role.as_str());
    // The token's id, or `ldap:<user>`: what the session stands on.
    app.record(Event::new(&caller.name, "login", detail).credential(&caller.token_id))?;
    Ok(Ok(id))
}

fn refused(app: &AppState, user: &str, from: &str, err: LoginError) -> Result<std::result::Result<String, Refused>> {
    let user: String = user.trim().chars().take(100).collect();
    match &err {
        LoginError::BadCredentials | LoginError::NoMappedGroup { .. } | LoginError::PasswordExpired => {
            let detail = format!("dashboard log-in refused from {from}: {err}");
            app.record(Event::new(format!("{user} (directory)"), "login.failed", detail))?;
        }
        _ => tracing::warn!(user, client = from, %err, "dashboard log-in refused"),
    }
    Ok(Err(Refused::Directory(err)))
}
