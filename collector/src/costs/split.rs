//! Splitting an amount of money by weights so that the shares add up exactly to it.
//!
//! Largest remainder (Hamilton) method in whole öre: every share first gets the floor of
//! its exact value; the öre still missing go one each to the largest fractional parts;
//! equal fractional parts are served in the order of the ids (ascending), a stated and
//! stable rule. A negative amount (a deficit) is split as its absolute value and negated,
//! so no share ever has the opposite sign of its pool.

use crate::money::Ore;

/// The rounding rule, as stated in every report.
pub const RULE: &str = "largest remainder in whole öre: each share is rounded down, then the missing öre go one \
    each to the largest fractional parts; equal fractional parts are served in ascending id order";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Share {
    pub id: String,
    pub amount: Ore,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SplitError {
    #[error("the weights sum to zero: nothing to split by")]
    ZeroWeights,
    #[error("weight of {0:?} is negative")]
    Negative(String),
}

/// Splits `total` by `weights` (id, weight). Ids are sorted for the tie rule; the shares come
/// back in id order and always sum to `total`.
pub fn split(total: Ore, weights: &[(String, i128)]) -> Result<Vec<Share>, SplitError> {
    if let Some((id, _)) = weights.iter().find(|(_, w)| *w < 0) {
        return Err(SplitError::Negative(id.clone()));
    }
    let sum: i128 = weights.iter().map(|(_, w)| *w).sum();
    if sum == 0 {
        return Err(SplitError::ZeroWeights);
    }
    let mut sorted: Vec<&(String, i128)> = weights.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    let magnitude = i128::from(total).abs();
    // (index, floor, remainder): exact share = floor + remainder / sum.
    let mut parts: Vec<(usize, i128, i128)> =
        sorted.iter().enumerate().map(|(i, (_, w))| (i, magnitude * w / sum, magnitude * w % sum)).collect();
    let missing = magnitude - parts.iter().map(|p| p.1).sum::<i128>();
    let mut order: Vec<usize> = (0..parts.len()).collect();
    // Largest remainder first; `sort_by` is stable, so equal remainders keep id order.
    order.sort_by(|a, b| parts[*b].2.cmp(&parts[*a].2));
    for &i in order.iter().take(usize::try_from(missing).unwrap_or(0)) {
        parts[i].1 += 1;
    }
    let sign = if total < 0 { -1 } else { 1 };
    Ok(parts
        .into_iter()
        .map(|(i, amount, _)| Share { id: sorted[i].0.clone(), amount: (sign * amount) as Ore })
        .collect())
}

#[cfg(test)]
mod tests {
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
}
