use super::*;
use proptest::prelude::*;

fn w(pairs: &[(&str, i128)]) -> Vec<(String, i128)> {
    pairs.iter().map(|(id, w)| (id.to_string(), *w)).collect()
}

fn amounts(shares: &[Share]) -> Vec<(&str, Ore)> {
    shares.iter().map(|s| (s.id.as_str(), s.amount)).collect()
}

/// PRODUCT.md's worked example: 1 000 000 SEK over 2, 3 and 2 servers.
#[test]
fn worked_example_per_server() {
    let shares = split(100_000_000, &w(&[("C", 2), ("A", 2), ("B", 3)])).unwrap();
    assert_eq!(amounts(&shares), [("A", 28_571_429), ("B", 42_857_143), ("C", 28_571_428)]);
    assert_eq!(shares.iter().map(|s| s.amount).sum::<Ore>(), 100_000_000);
}

/// PRODUCT.md's key example: 600 000 SEK by 150, 300, 50.
#[test]
fn worked_example_key() {
    let shares = split(60_000_000, &w(&[("X", 150), ("Y", 300), ("Z", 50)])).unwrap();
    assert_eq!(amounts(&shares), [("X", 18_000_000), ("Y", 36_000_000), ("Z", 6_000_000)]);
}

#[test]
fn a_deficit_is_shared_with_its_sign() {
    let shares = split(-100, &w(&[("a", 1), ("b", 1), ("c", 1)])).unwrap();
    assert_eq!(amounts(&shares), [("a", -34), ("b", -33), ("c", -33)]);
}

#[test]
fn zero_weight_gets_nothing_and_zero_sum_is_an_error() {
    let shares = split(1000, &w(&[("a", 0), ("b", 5)])).unwrap();
    assert_eq!(amounts(&shares), [("a", 0), ("b", 1000)]);
    assert_eq!(split(1000, &w(&[("a", 0)])), Err(SplitError::ZeroWeights));
    assert_eq!(split(1000, &[]), Err(SplitError::ZeroWeights));
    assert!(matches!(split(1000, &w(&[("a", -1), ("b", 2)])), Err(SplitError::Negative(_))));
}

#[test]
fn huge_amounts_and_weights_do_not_overflow() {
    let shares = split(Ore::MAX, &w(&[("a", 1_000_000_000_000), ("b", 3)])).unwrap();
    assert_eq!(shares.iter().map(|s| i128::from(s.amount)).sum::<i128>(), i128::from(Ore::MAX));
}

proptest! {
    #[test]
    fn shares_sum_to_the_pool_and_keep_its_sign(
        total in -1_000_000_000_000i64..1_000_000_000_000,
        weights in proptest::collection::vec(0i128..1_000_000, 1..40),
    ) {
        let weights: Vec<(String, i128)> = weights.into_iter().enumerate().map(|(i, w)| (format!("d{i:03}"), w)).collect();
        match split(total, &weights) {
            Err(SplitError::ZeroWeights) => prop_assert!(weights.iter().all(|(_, w)| *w == 0)),
            Err(e) => prop_assert!(false, "{e}"),
            Ok(shares) => {
                prop_assert_eq!(shares.iter().map(|s| s.amount).sum::<i64>(), total);
                prop_assert!(shares.iter().all(|s| s.amount == 0 || (s.amount > 0) == (total > 0)));
                // No share is more than one öre from its exact value.
                let sum: i128 = weights.iter().map(|(_, w)| *w).sum();
                for s in &shares {
                    let w = weights.iter().find(|(id, _)| *id == s.id).unwrap().1;
                    let exact_floor = i128::from(total).abs() * w / sum;
                    prop_assert!((i128::from(s.amount).abs() - exact_floor).abs() <= 1);
                }
                // Deterministic.
                prop_assert_eq!(split(total, &weights).unwrap(), shares);
            }
        }
    }
}
