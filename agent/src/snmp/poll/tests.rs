use super::*;

#[test]
fn system_group_from_getnext_answers() {
    let col = |n: u32| system_column(n).child(0);
    let answers = vec![
        (col(1), Value::Bytes(b"Cisco IOS Software".to_vec())),
        (col(2), Value::Oid(Oid(vec![1, 3, 6, 1, 4, 1, 9, 1, 516]))),
        (col(3), Value::Ticks(123_456)),
        (col(4), Value::Bytes(vec![])),
        (col(5), Value::Bytes(b"sw-core-1".to_vec())),
        // An agent without sysLocation answers with the next object instead.
        (system_column(7).child(0), Value::Integer(6)),
        (Oid(vec![1, 3, 6, 1, 2, 1, 2, 1, 0]), Value::Integer(52)),
    ];
    let (s, services) = system_group(&answers);
    assert_eq!(s.descr.as_deref(), Some("Cisco IOS Software"));
    assert_eq!(s.object_id.as_deref(), Some("1.3.6.1.4.1.9.1.516"));
    assert_eq!(s.uptime_secs, Some(1234));
    assert_eq!(s.contact, None);
    assert_eq!(s.name.as_deref(), Some("sw-core-1"));
    assert_eq!(s.location, None);
    assert_eq!(services, None, "answer 7 is not sysServices.0");
}
