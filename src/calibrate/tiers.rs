//! New tier thresholds on the calibrated score: each tier keeps its share of leads, or
//! each reaches a target conversion rate.

use serde::Serialize;

/// How thresholds are re-derived.
#[derive(Clone, Debug, PartialEq)]
pub enum TierMode {
    /// Each tier keeps the share of training leads it had under the old rubric.
    ByShare,
    /// Target conversion rates, highest tier first; the lowest tier takes the rest.
    ByRate(Vec<f64>),
}

/// Thresholds (inclusive upper bounds of every tier but the last) and what they give.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Thresholds {
    /// New upper bounds, lowest tier first.
    pub uppers: Vec<f64>,
    /// Things that could not be met exactly, in words.
    pub notes: Vec<String>,
}

/// Distinct values, ascending, with how many leads and conversions sit on each.
fn levels(values: &[f64], outcomes: &[bool]) -> Vec<(f64, usize, usize)> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|a, b| values[*a].total_cmp(&values[*b]));
    let mut out: Vec<(f64, usize, usize)> = Vec::new();
    for i in order {
        match out.last_mut() {
            Some(l) if l.0 == values[i] => {
                l.1 += 1;
                l.2 += usize::from(outcomes[i]);
            }
            _ => out.push((values[i], 1, usize::from(outcomes[i]))),
        }
    }
    out
}

/// Upper bounds so that the share of leads at or below bound `j` is as close as can be to
/// `cumulative[j]`, strictly increasing.
pub fn by_share(values: &[f64], outcomes: &[bool], cumulative: &[f64]) -> Thresholds {
    let lv = levels(values, outcomes);
    let n = values.len().max(1) as f64;
    let mut notes = Vec::new();
    let mut uppers = Vec::new();
    let mut from = 0;
    let mut below = 0usize;
    let mut cum_at = Vec::with_capacity(lv.len());
    for l in &lv {
        below += l.1;
        cum_at.push(below as f64 / n);
    }
    for (j, &q) in cumulative.iter().enumerate() {
        // Leave a level above for every tier still to place.
        let last_ok = lv.len().saturating_sub(cumulative.len() - j);
        if from > last_ok || lv.is_empty() {
            notes.push("there are fewer distinct scores than tiers; some tiers stay empty".into());
            let prev = uppers.last().copied().unwrap_or(0.0);
            uppers.push(prev + 1.0);
            continue;
        }
        let best = (from..=last_ok)
            .min_by(|a, b| (cum_at[*a] - q).abs().total_cmp(&(cum_at[*b] - q).abs()))
            .unwrap_or(from);
        uppers.push(lv[best].0);
        from = best + 1;
    }
    Thresholds { uppers, notes }
}

/// Upper bounds, from the top tier down, so that each tier is the widest band of scores
/// whose conversion rate still meets its target. `rates` is highest tier first and has
/// one entry per tier above the lowest (a last entry for the lowest tier is ignored).
pub fn by_rate(values: &[f64], outcomes: &[bool], tiers: usize, rates: &[f64]) -> Thresholds {
    let lv = levels(values, outcomes);
    let mut notes = Vec::new();
    let mut uppers_desc = Vec::new();
    // `top` is one past the highest level still free.
    let mut top = lv.len();
    for (k, &target) in rates.iter().take(tiers.saturating_sub(1)).enumerate() {
        let still = tiers - 1 - k; // tiers below this one that need a level each
        let floor = still; // the band may start no lower than this level index
        let (mut leads, mut hits, mut start) = (0usize, 0usize, None);
        for i in (floor..top).rev() {
            leads += lv[i].1;
            hits += lv[i].2;
            if hits as f64 >= target * leads as f64 {
                start = Some(i);
            }
        }
        let s = start.unwrap_or_else(|| {
            notes.push(format!(
                "no band of scores reaches a {:.1}% conversion rate for tier {} from the top; it keeps only the highest score",
                target * 100.0,
                k + 1
            ));
            top.saturating_sub(1).max(floor)
        });
        // The tier below ends just under this band.
        let upper = s
            .checked_sub(1)
            .map_or(lv.first().map_or(0.0, |l| l.0) - 1.0, |i| lv[i].0);
        uppers_desc.push(upper);
        top = s;
    }
    uppers_desc.reverse();
    Thresholds {
        uppers: uppers_desc,
        notes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_are_kept_as_closely_as_the_levels_allow() {
        let v: Vec<f64> = (0..10).map(f64::from).collect();
        let o = vec![false; 10];
        // 50% up to the first bound, 80% up to the second.
        assert_eq!(by_share(&v, &o, &[0.5, 0.8]).uppers, vec![4.0, 7.0]);
        // Ties: half the leads score 0; a 30% share can only be 0 (50%) or nothing.
        let v = [0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0];
        assert_eq!(by_share(&v, &o, &[0.3, 0.9]).uppers, vec![0.0, 4.0]);
    }

    #[test]
    fn rates_pick_the_widest_band_meeting_each_target() {
        // Scores 0..10; leads scoring 7, 8, 9 all convert, 5 converts, the rest do not.
        let v: Vec<f64> = (0..10).map(f64::from).collect();
        let o: Vec<bool> = (0..10).map(|i| i >= 7 || i == 5).collect();
        let t = by_rate(&v, &o, 3, &[1.0, 0.5]);
        // Top: 7..9 (100%); middle: widest band below 7 with ≥ 50%: 5..6 (1 of 2).
        assert_eq!(t.uppers, vec![4.0, 6.0]);
        assert!(t.notes.is_empty());
    }

    #[test]
    fn unreachable_rates_are_reported() {
        let v = [1.0, 2.0, 3.0];
        let o = [false, false, false];
        let t = by_rate(&v, &o, 2, &[0.5]);
        assert_eq!(t.uppers, vec![2.0]);
        assert_eq!(t.notes.len(), 1);
    }
}
