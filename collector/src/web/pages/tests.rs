use super::{Lang, kronor};

#[test]
fn kronor_round_to_whole_crowns() {
    assert_eq!(kronor(225_500_001, Lang::Sv), "2\u{a0}255\u{a0}000 kr");
    assert_eq!(kronor(225_500_001, Lang::En), "2,255,000 kr");
    assert_eq!(kronor(199, Lang::Sv), "2 kr");
    assert_eq!(kronor(149, Lang::Sv), "1 kr");
    assert_eq!(kronor(-150, Lang::Sv), "-2 kr");
    assert_eq!(kronor(0, Lang::Sv), "0 kr");
}
