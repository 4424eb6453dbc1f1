//! What a use case can fail with, in words the caller can act on. The adapters map it to
//! their own answer: the API to a status and a JSON body, the pages to an alert, the CLI to
//! an exit code.

use std::fmt;

#[derive(Debug)]
pub enum Error {
    /// A parameter the caller can fix, named by `field` (e.g. `year`, `budget_sek`).
    BadInput { field: String, message: String },
    /// Input that was read but is wrong at a place: a file's line or a body's field.
    Invalid { field: String, message: String },
    /// What was asked for does not exist (yet); the message says what to do about it.
    NotFound(String),
    /// The caller may not do this (a device bound to another credential, say).
    Forbidden(String),
    /// The request clashes with what is stored (a device enrolled already).
    Conflict(String),
    /// The collector could not do its part (the store, a file it keeps); nothing changed.
    Internal(anyhow::Error),
}

pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    pub fn bad_input(field: &str, message: impl Into<String>) -> Error {
        Error::BadInput { field: field.into(), message: message.into() }
    }

    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Error {
        Error::Invalid { field: field.into(), message: message.into() }
    }

    pub fn internal(err: impl Into<anyhow::Error>) -> Error {
        Error::Internal(err.into())
    }

    /// The store cannot be reached now (a database that is down): try again later.
    pub fn is_unavailable(&self) -> bool {
        matches!(self, Error::Internal(cause) if cause.downcast_ref::<crate::store::Unavailable>().is_some())
    }

    /// The field at fault, or "" when the error is not about one.
    pub fn field(&self) -> &str {
        match self {
            Error::BadInput { field, .. } | Error::Invalid { field, .. } => field,
            Error::NotFound(_) | Error::Forbidden(_) | Error::Conflict(_) | Error::Internal(_) => "",
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::BadInput { message, .. }
            | Error::Invalid { message, .. }
            | Error::NotFound(message)
            | Error::Forbidden(message)
            | Error::Conflict(message) => f.write_str(message),
            Error::Internal(_) if self.is_unavailable() => {
                f.write_str("the store is unavailable; nothing was stored, try again later")
            }
            // The cause goes to the log, not to whoever asked.
            Error::Internal(_) => f.write_str("internal error; nothing was stored"),
        }
    }
}

impl std::error::Error for Error {}
