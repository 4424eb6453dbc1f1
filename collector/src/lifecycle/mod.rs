//! Lifecycle: how old every device and component is, when it reaches end of life or end of
//! security updates and by which rule, and what follows from that: the heat map, the
//! technicians' list of outdated network devices, and the cyclic renewal plan.
//!
//! Everything here is pure: functions from inventory records, registers and a date to
//! plain data, tested without I/O. The API and the CLI only render what these return.

pub mod assets;
pub mod catalogue;
pub mod model;
