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
mod tests;
