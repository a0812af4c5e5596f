//! The numbers behind the charts, kept apart from the drawing so they can be tested.

/// At most this many points per gains curve: a 45,000-lead curve drawn point by point
/// would make the page megabytes large with no visible difference.
const GAINS_POINTS: usize = 200;

/// The cumulative gains curve: `(share of leads contacted, share of conversions found)`,
/// contacting the highest scores first, from `(0, 0)` to `(1, 1)`. A run of equal scores is
/// one straight segment, because the order within a tie is arbitrary. `None` without
/// conversions (nothing to find) or when the lengths differ.
pub(super) fn gains(values: &[f64], outcomes: &[bool]) -> Option<Vec<(f64, f64)>> {
    let positives = outcomes.iter().filter(|o| **o).count();
    if positives == 0 || values.len() != outcomes.len() {
        return None;
    }
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|a, b| values[*b].total_cmp(&values[*a]));
    let (n, p) = (values.len() as f64, positives as f64);
    let mut vertices = vec![(0.0, 0.0)];
    let (mut seen, mut found) = (0usize, 0usize);
    for (k, &i) in order.iter().enumerate() {
        seen += 1;
        found += usize::from(outcomes[i]);
        let tie_continues = order
            .get(k + 1)
            .is_some_and(|&j| values[j].total_cmp(&values[i]).is_eq());
        if !tie_continues {
            vertices.push((seen as f64 / n, found as f64 / p));
        }
    }
    Some(thin(vertices))
}

/// The curve at evenly spaced x values, interpolated between its vertices; short curves
/// are kept as they are.
fn thin(vertices: Vec<(f64, f64)>) -> Vec<(f64, f64)> {
    if vertices.len() <= GAINS_POINTS + 1 {
        return vertices;
    }
    let mut out = Vec::with_capacity(GAINS_POINTS + 1);
    let mut seg = 0;
    for k in 0..=GAINS_POINTS {
        let x = k as f64 / GAINS_POINTS as f64;
        while seg + 2 < vertices.len() && vertices[seg + 1].0 < x {
            seg += 1;
        }
        let ((x0, y0), (x1, y1)) = (vertices[seg], vertices[seg + 1]);
        let t = if x1 > x0 {
            ((x - x0) / (x1 - x0)).clamp(0.0, 1.0)
        } else {
            1.0
        };
        out.push((x, y0 + t * (y1 - y0)));
    }
    out
}

/// Scores cut into equal-width bins, with the share of each outcome's leads in each bin.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Bins {
    /// Lower edge of the first bin.
    pub low: f64,
    /// Width of every bin.
    pub width: f64,
    /// Per bin: (share of converted leads, share of the others).
    pub shares: Vec<(f64, f64)>,
    /// Converted and other leads counted.
    pub totals: (usize, usize),
}

/// Bins `values` (non-finite ones are skipped): at most `bins` bins over the range of the
/// scores; equal scores, or none, give a single bin one point wide.
pub(super) fn histogram(values: &[f64], outcomes: &[bool], bins: usize) -> Bins {
    let pairs: Vec<(f64, bool)> = values
        .iter()
        .zip(outcomes)
        .filter(|(v, _)| v.is_finite())
        .map(|(v, o)| (*v, *o))
        .collect();
    let lo = pairs.iter().map(|p| p.0).fold(f64::INFINITY, f64::min);
    let hi = pairs.iter().map(|p| p.0).fold(f64::NEG_INFINITY, f64::max);
    let (low, count, width) = if pairs.is_empty() || hi <= lo {
        let at = if pairs.is_empty() { 0.0 } else { lo };
        (at - 0.5, 1, 1.0)
    } else {
        let count = bins.max(1);
        (lo, count, (hi - lo) / count as f64)
    };
    let mut counts = vec![(0usize, 0usize); count];
    for (v, o) in &pairs {
        // The top score falls on the upper edge; it belongs in the last bin.
        let b = (((v - low) / width) as usize).min(count - 1);
        if *o {
            counts[b].0 += 1;
        } else {
            counts[b].1 += 1;
        }
    }
    let yes = pairs.iter().filter(|p| p.1).count();
    let no = pairs.len() - yes;
    let frac = |c: usize, t: usize| if t == 0 { 0.0 } else { c as f64 / t as f64 };
    Bins {
        low,
        width,
        shares: counts
            .iter()
            .map(|(y, n)| (frac(*y, yes), frac(*n, no)))
            .collect(),
        totals: (yes, no),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gains_of_a_perfect_and_a_tied_ranking() {
        let perfect = gains(&[4.0, 3.0, 2.0, 1.0], &[true, true, false, false]);
        assert_eq!(
            perfect,
            Some(vec![
                (0.0, 0.0),
                (0.25, 0.5),
                (0.5, 1.0),
                (0.75, 1.0),
                (1.0, 1.0)
            ])
        );
        // All tied: one straight segment, the random diagonal.
        let tied = gains(&[1.0; 4], &[true, false, true, false]);
        assert_eq!(tied, Some(vec![(0.0, 0.0), (1.0, 1.0)]));
        assert_eq!(gains(&[1.0, 2.0], &[false, false]), None);
        assert_eq!(gains(&[], &[]), None);
    }

    #[test]
    fn long_gains_curves_are_thinned_but_keep_their_ends() {
        let values: Vec<f64> = (0..5000).map(f64::from).collect();
        let outcomes: Vec<bool> = (0..5000).map(|i| i % 3 == 0).collect();
        let curve = gains(&values, &outcomes).unwrap_or_default();
        assert_eq!(curve.len(), GAINS_POINTS + 1);
        assert_eq!(curve.first(), Some(&(0.0, 0.0)));
        assert_eq!(curve.last(), Some(&(1.0, 1.0)));
        assert!(curve.windows(2).all(|w| w[1].1 >= w[0].1));
    }

    #[test]
    fn histogram_shares_are_within_each_outcome() {
        let h = histogram(&[0.0, 10.0, 10.0, 5.0], &[true, false, true, false], 2);
        assert_eq!(h.low, 0.0);
        assert_eq!(h.width, 5.0);
        assert_eq!(h.shares, vec![(0.5, 0.0), (0.5, 1.0)]);
        assert_eq!(h.totals, (2, 2));
    }

    #[test]
    fn histogram_of_equal_or_no_scores_has_one_bin() {
        let h = histogram(&[3.0, 3.0], &[true, true], 20);
        assert_eq!(
            (h.low, h.width, h.shares.clone()),
            (2.5, 1.0, vec![(1.0, 0.0)])
        );
        let empty = histogram(&[], &[], 20);
        assert_eq!(empty.shares, vec![(0.0, 0.0)]);
        let nan = histogram(&[f64::NAN], &[true], 20);
        assert_eq!(nan.totals, (0, 0));
    }
}
