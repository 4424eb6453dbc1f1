//! What the collector answers: a receipt for a report, or an error naming the field at
//! fault. Both sides read these, so they live with the report they answer.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// What the collector did with a report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Receipt {
    pub status: ReceiptStatus,
    pub report_id: Uuid,
    pub device_id: Uuid,
    /// The first report of this device.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first: Option<bool>,
    /// How many facts differ from the device's previous report.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changes: Option<usize>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReceiptStatus {
    /// Stored durably; the device's latest state is this report.
    Stored,
    /// Stored durably, but older than the latest report held (a spooled report arriving late).
    StoredLate,
    /// Stored before under this report id; nothing changed.
    Duplicate,
}

impl Receipt {
    /// Whether the report was stored now (not a re-send).
    pub fn is_new(&self) -> bool {
        self.status != ReceiptStatus::Duplicate
    }
}

/// Every error the collector answers: `{"error": {"field": …, "message": …}}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    /// The field at fault as a dotted path, a query parameter, `line 3`; "" when none.
    pub field: String,
    pub message: String,
}

impl ErrorBody {
    /// The message for people: prefixed with the field unless the message names it.
    pub fn describe(&self) -> String {
        let ErrorDetail { field, message } = &self.error;
        if field.is_empty() || message.contains(field.as_str()) {
            message.clone()
        } else {
            format!("{field}: {message}")
        }
    }
}
