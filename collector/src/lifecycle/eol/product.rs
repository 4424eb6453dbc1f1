use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Product {
    pub name: String,
    pub releases: Vec<Cycle>,
    pub fetched_at: Option<DateTime<Utc>>,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Cycle {
    pub name: String,
    pub codename: Option<String>,
    pub release_date: Option<NaiveDate>,
    pub eol_from: Option<NaiveDate>,
    pub is_eol: bool,
    pub eoas_from: Option<NaiveDate>,
    pub eoes_from: Option<NaiveDate>,
    pub latest: Option<String>,
    pub lts: bool,
}
