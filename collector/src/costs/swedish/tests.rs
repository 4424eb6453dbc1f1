use super::*;
use crate::costs::hosts::HostSplitError;

#[test]
fn drivers_read_in_swedish() {
    use ServerClass::{Physical, Virtual};
    let servers = |count, class, days| driver(&Driver::Servers { count, class, days });
    assert_eq!(servers(12, None, false), "12 servrar");
    assert_eq!(servers(1, None, false), "1 server");
    assert_eq!(servers(1, Some(Physical), false), "1 fysisk server");
    assert_eq!(servers(1, Some(Virtual), true), "1 virtuell serverdag");
    assert_eq!(servers(1095, None, true), "1095 serverdagar");
    assert_eq!(servers(3, Some(Physical), false), "3 fysiska servrar");
    let cases = [
        (Driver::IdleHosts { hosts: 1 }, "1 ledig värd"),
        (Driver::IdleHosts { hosts: 2 }, "2 lediga värdar"),
        (Driver::AllOfIt, "hela beloppet"),
        (Driver::Vcpu { units: 412, days: false }, "412 vCPU"),
        (Driver::Vcpu { units: 1, days: true }, "1 vCPU-dag"),
        (Driver::Vcpu { units: 48, days: true }, "48 vCPU-dagar"),
        (Driver::Ram { bytes: 12 * (1 << 30) + (1 << 29), days: true }, "12,5 GB RAM-dagar"),
        (Driver::Disk { bytes: 250_000_000_000, days: false }, "0,250 TB disk"),
        (Driver::Weight { weight: 150, total: 500 }, "vikt 150 av 500"),
        (Driver::EqualShare { of: 4 }, "1 av 4 lika delar"),
        (Driver::OnHosts { units: 412, by: VmWeight::Vcpu, hosts: 3 }, "412 vCPU på 3 värdar"),
        (Driver::OnHosts { units: 8192, by: VmWeight::Memory, hosts: 1 }, "8,0 GB RAM på 1 värd"),
    ];
    for (d, swedish) in cases {
        assert_eq!(driver(&d), swedish, "{d}");
    }
}

#[test]
fn reasons_read_in_swedish() {
    let register = Unplaced::NotADepartment { named_by: NamedBy::AssetRegister, value: "ekonomi".into() };
    assert_eq!(unplaced(&register), "inventarieregistret anger \"ekonomi\", som inte är någon verksamhet i costs.toml");
    assert_eq!(unplaced(&Unplaced::Nothing), "ingen ägarregel, registerpost eller agenttagg");
    assert_eq!(not_allocated(NotAllocated::NoHosts), "inga ESXi-värdar räknas, så beloppet kan inte fördelas");
    // The host split's error says what the report says.
    assert_eq!(HostSplitError::NoHosts.to_string(), NotAllocated::NoHosts.to_string());
}
