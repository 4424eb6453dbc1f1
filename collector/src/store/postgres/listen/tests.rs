use super::*;

#[test]
fn notifications_name_their_sender_and_what_changed() {
    let device = "0000-1";
    assert_eq!(parse(&format!("abc device {device}")), ("abc", Notice::Device(device)));
    assert_eq!(parse("abc credentials"), ("abc", Notice::Credentials));
    assert_eq!(parse("abc register asset register"), ("abc", Notice::Register("asset register")));
    assert_eq!(parse("abc tokens"), ("abc", Notice::Tokens));
    assert_eq!(parse("abc session 9f86d0"), ("abc", Notice::Session("9f86d0")));
    assert_eq!(parse("migrate reload"), ("migrate", Notice::Reload));
}

#[test]
fn what_is_not_understood_is_unknown_not_a_guess() {
    for payload in ["", "abc", "abc device", "abc session", "abc something else"] {
        assert_eq!(parse(payload).1, Notice::Unknown, "{payload:?}");
    }
}
