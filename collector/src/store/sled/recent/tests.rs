use super::*;

#[test]
fn an_id_stored_after_a_check_is_known_and_one_stored_before_is_not_asked() {
    let recent = Recent::default();
    let (a, b, c) = ([1; 16], [2; 16], [3; 16]);
    let before = recent.checked();
    recent.stored(vec![a]);
    let between = recent.checked();
    recent.stored(vec![b]);
    assert_eq!(recent.stored_since(&a, before), Some(true));
    assert_eq!(recent.stored_since(&b, before), Some(true));
    // Checked after `a` was stored, the tree look-up saw it: only `b` came later.
    assert_eq!(recent.stored_since(&a, between), Some(false));
    assert_eq!(recent.stored_since(&b, between), Some(true));
    assert_eq!(recent.stored_since(&c, before), Some(false));
}

#[test]
fn what_is_no_longer_remembered_is_not_answered() {
    let recent = Recent::default();
    let first = recent.checked();
    let id = |n: usize| -> [u8; 16] { u128::try_from(n + 100).unwrap().to_le_bytes() };
    for n in 0..=KEEP {
        recent.stored(vec![id(n)]);
    }
    assert_eq!(recent.stored_since(&id(0), first), None, "the oldest group is forgotten");
    let later = recent.checked() - 3;
    assert_eq!(recent.stored_since(&id(KEEP), later), Some(true));
    assert_eq!(recent.stored_since(&id(KEEP - 5), later), Some(false));

    let now = recent.checked();
    recent.forget();
    assert_eq!(recent.stored_since(&[9; 16], now), None, "a change may have written anything");
    let after = recent.checked();
    recent.stored(vec![[9; 16]]);
    assert_eq!(recent.stored_since(&[9; 16], after), Some(true));
}
