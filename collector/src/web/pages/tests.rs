use super::kronor;

#[test]
fn kronor_round_to_whole_crowns() {
    assert_eq!(kronor(225_500_001), "2\u{a0}255\u{a0}000 kr");
    assert_eq!(kronor(199), "2 kr");
    assert_eq!(kronor(149), "1 kr");
    assert_eq!(kronor(-150), "-2 kr");
    assert_eq!(kronor(0), "0 kr");
}
