//! Placeholder until the vendor table lands.
pub fn enterprise(sys_object_id: &str) -> Option<u32> {
    let rest = sys_object_id.trim_start_matches('.').strip_prefix("1.3.6.1.4.1.")?;
    rest.split('.').next()?.parse().ok()
}
pub fn vendor(_enterprise: u32) -> Option<&'static str> {
    None
}
pub fn model_from_object_id(_oid: &str) -> Option<&'static str> {
    None
}
