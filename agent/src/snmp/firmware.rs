//! Placeholder until the sysDescr parsers land.
pub struct OsInfo {
    pub family: &'static str,
    pub version: Option<String>,
}
pub fn from_sys_descr(_descr: &str) -> Option<OsInfo> {
    None
}
pub fn category(
    _vendor: Option<&str>,
    _descr: &str,
    _model: Option<&str>,
    _sys_services: Option<u8>,
) -> Option<(&'static str, &'static str)> {
    None
}
