//! The distribution of score changes: how many leads changed, and the five-number summary.

use serde::Serialize;

/// How one score moved across the leads both rubrics scored.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DeltaSummary {
    /// The score's name.
    pub score: String,
    /// Leads compared.
    pub leads: usize,
    /// Leads whose value changed.
    pub changed: usize,
    /// Smallest change (new − old); `None` when there are no leads.
    pub min: Option<f64>,
    /// First quartile.
    pub p25: Option<f64>,
    /// Median.
    pub median: Option<f64>,
    /// Third quartile.
    pub p75: Option<f64>,
    /// Largest change.
    pub max: Option<f64>,
}

/// Quantile `q` (0…1) of sorted values, interpolating linearly between the two nearest
/// ranks (the common default of spreadsheets, R's type 7 and NumPy).
pub fn quantile(sorted: &[f64], q: f64) -> Option<f64> {
    let last = sorted.len().checked_sub(1)?;
    let pos = q.clamp(0.0, 1.0) * last as f64;
    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
    let (a, b) = (sorted[lo], sorted[hi.min(last)]);
    let f = pos - lo as f64;
    if f == 0.0 || a == b {
        return Some(a);
    }
    let v = a + (b - a) * f;
    // `b − a` overflows for neighbours of opposite sign near the limits of `f64`.
    let v = if v.is_finite() {
        v
    } else {
        a * (1.0 - f) + b * f
    };
    // Rounding must not carry the value outside its two neighbours.
    Some(if v.is_nan() { a } else { v.max(a).min(b) })
}

/// Summarises the changes `new − old` of one score.
pub fn summarise(score: &str, deltas: &mut [f64]) -> DeltaSummary {
    deltas.sort_by(f64::total_cmp);
    let at = |q| quantile(deltas, q);
    DeltaSummary {
        score: score.to_string(),
        leads: deltas.len(),
        changed: deltas.iter().filter(|d| **d != 0.0).count(),
        min: at(0.0),
        p25: at(0.25),
        median: at(0.5),
        p75: at(0.75),
        max: at(1.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quartiles_interpolate_between_ranks() {
        let v = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(quantile(&v, 0.25), Some(1.75));
        assert_eq!(quantile(&v, 0.5), Some(2.5));
        assert_eq!(quantile(&v, 1.0), Some(4.0));
        assert_eq!(quantile(&[7.0], 0.75), Some(7.0));
        assert_eq!(quantile(&[], 0.5), None);
        let extreme = [-f64::MAX, f64::MAX];
        assert_eq!(quantile(&extreme, 0.5), Some(0.0));
        let infinite = [f64::NEG_INFINITY, 1.0];
        assert_eq!(quantile(&infinite, 0.25), Some(f64::NEG_INFINITY));
    }

    #[test]
    fn summary_counts_changes_and_sorts() {
        let mut d = vec![5.0, 0.0, -3.0, 0.0, 10.0];
        let s = summarise("x", &mut d);
        assert_eq!((s.leads, s.changed), (5, 3));
        assert_eq!(
            (s.min, s.median, s.max),
            (Some(-3.0), Some(0.0), Some(10.0))
        );
        assert_eq!((s.p25, s.p75), (Some(0.0), Some(5.0)));
    }
}
