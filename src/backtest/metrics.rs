//! ROC AUC with ties, conversion per group, and the decile (gains) table.

/// ROC AUC of `scores` against `outcomes`: the chance that a random converting lead scores
/// above a random non-converting one, ties counting one half (the Mann–Whitney statistic
/// with mid-ranks). `None` when there are no positives or no negatives, or the lengths differ.
pub fn auc(scores: &[f64], outcomes: &[bool]) -> Option<f64> {
    if scores.len() != outcomes.len() {
        return None;
    }
    let positives = outcomes.iter().filter(|o| **o).count();
    let negatives = outcomes.len() - positives;
    if positives == 0 || negatives == 0 {
        return None;
    }
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|a, b| scores[*a].total_cmp(&scores[*b]));
    // Sum of the mid-ranks of the positives; a run of equal scores shares its mean rank.
    let mut rank_sum = 0.0;
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && scores[order[j + 1]] == scores[order[i]] {
            j += 1;
        }
        let mid = (i + j) as f64 / 2.0 + 1.0;
        let pos_in_run = order[i..=j].iter().filter(|k| outcomes[**k]).count();
        rank_sum += mid * pos_in_run as f64;
        i = j + 1;
    }
    let (p, n) = (positives as f64, negatives as f64);
    Some((rank_sum - p * (p + 1.0) / 2.0) / (p * n))
}

/// Leads and conversions in one group (a tier, a rule's fired or not-fired leads).
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Bucket {
    /// The group's name.
    pub label: String,
    /// Leads in it.
    pub leads: usize,
    /// Of which converted.
    pub conversions: usize,
}

impl Bucket {
    /// Conversion rate; `None` for an empty group.
    pub fn rate(&self) -> Option<f64> {
        (self.leads > 0).then(|| self.conversions as f64 / self.leads as f64)
    }

    /// Rate over the base rate; `None` when either is undefined or the base is 0.
    pub fn lift(&self, base: f64) -> Option<f64> {
        self.rate().filter(|_| base > 0.0).map(|r| r / base)
    }
}

/// One bucket per label (in `labels` order), from each lead's group index.
pub fn buckets(labels: &[String], group: &[usize], outcomes: &[bool]) -> Vec<Bucket> {
    let mut out: Vec<Bucket> = labels
        .iter()
        .map(|l| Bucket {
            label: l.clone(),
            ..Bucket::default()
        })
        .collect();
    for (g, o) in group.iter().zip(outcomes) {
        if let Some(b) = out.get_mut(*g) {
            b.leads += 1;
            b.conversions += usize::from(*o);
        }
    }
    out
}

/// One row of the decile table: decile 1 holds the highest scores.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Decile {
    /// 1 (top tenth) to 10.
    pub decile: usize,
    /// Leads and conversions in this tenth.
    pub bucket: Bucket,
    /// Share of all conversions found in deciles 1..=this one.
    pub cumulative_gain: f64,
}

/// The decile table: leads sorted by score, highest first (equal scores keep input order,
/// so the table is the same on every run), cut into ten groups whose sizes differ by at
/// most one. Fewer than ten leads give fewer rows.
pub fn deciles(scores: &[f64], outcomes: &[bool]) -> Vec<Decile> {
    let n = scores.len().min(outcomes.len());
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|a, b| scores[*b].total_cmp(&scores[*a]));
    let total: usize = outcomes[..n].iter().filter(|o| **o).count();
    let groups = n.min(10);
    let mut rows = Vec::with_capacity(groups);
    let mut found = 0;
    for d in 0..groups {
        let (from, to) = (d * n / groups, (d + 1) * n / groups);
        let conversions = order[from..to].iter().filter(|i| outcomes[**i]).count();
        found += conversions;
        rows.push(Decile {
            decile: d + 1,
            bucket: Bucket {
                label: format!("decile {}", d + 1),
                leads: to - from,
                conversions,
            },
            cumulative_gain: if total == 0 {
                0.0
            } else {
                found as f64 / total as f64
            },
        });
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auc_of_hand_computed_cases() {
        assert_eq!(
            auc(&[1.0, 2.0, 3.0, 4.0], &[false, false, true, true]),
            Some(1.0)
        );
        assert_eq!(
            auc(&[1.0, 2.0, 3.0, 4.0], &[true, true, false, false]),
            Some(0.0)
        );
        // Pairs (pos, neg): (2,1)=1, (2,2)=½, (3,1)=1, (3,2)=1 → 3.5 / 4.
        assert_eq!(
            auc(&[1.0, 2.0, 2.0, 3.0], &[false, true, false, true]),
            Some(0.875)
        );
        // Every score equal: every pair is a tie.
        assert_eq!(auc(&[5.0; 4], &[true, false, true, false]), Some(0.5));
        assert_eq!(auc(&[1.0, 2.0], &[true, true]), None);
        assert_eq!(auc(&[1.0], &[true, false]), None);
    }

    #[test]
    fn auc_matches_counting_pairs() {
        let scores = [3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0, 5.0, 3.0, 5.0];
        let y = [
            true, false, true, false, false, true, false, true, true, false, true,
        ];
        let mut wins = 0.0;
        let mut pairs = 0.0;
        for i in 0..scores.len() {
            for j in 0..scores.len() {
                if y[i] && !y[j] {
                    pairs += 1.0;
                    wins += if scores[i] > scores[j] {
                        1.0
                    } else if scores[i] == scores[j] {
                        0.5
                    } else {
                        0.0
                    };
                }
            }
        }
        assert!((auc(&scores, &y).unwrap() - wins / pairs).abs() < 1e-12);
    }

    #[test]
    fn buckets_rates_and_lift() {
        let labels = vec!["cold".to_string(), "hot".to_string()];
        let b = buckets(
            &labels,
            &[0, 0, 0, 1, 1],
            &[false, false, true, true, false],
        );
        assert_eq!(
            (b[0].leads, b[0].conversions, b[1].leads, b[1].conversions),
            (3, 1, 2, 1)
        );
        assert_eq!(b[1].rate(), Some(0.5));
        assert_eq!(b[1].lift(0.4), Some(1.25));
        assert_eq!(Bucket::default().rate(), None);
    }

    #[test]
    fn deciles_of_a_fixed_fixture() {
        // 20 leads scored 20, 19, …, 1; the ones scored 20, 18, 17 and 3 converted.
        let scores: Vec<f64> = (1..=20).rev().map(f64::from).collect();
        let y: Vec<bool> = scores
            .iter()
            .map(|s| [20.0, 18.0, 17.0, 3.0].contains(s))
            .collect();
        let d = deciles(&scores, &y);
        assert_eq!(d.len(), 10);
        let conv: Vec<usize> = d.iter().map(|r| r.bucket.conversions).collect();
        assert_eq!(conv, [1, 2, 0, 0, 0, 0, 0, 0, 1, 0]);
        assert!(d.iter().all(|r| r.bucket.leads == 2));
        let gains: Vec<f64> = d.iter().map(|r| r.cumulative_gain).collect();
        assert_eq!(gains[0], 0.25);
        assert_eq!(gains[1], 0.75);
        assert_eq!(gains[8], 1.0);
        // Ties keep input order; fewer than ten leads give one row each.
        let small = deciles(&[1.0, 1.0, 1.0], &[true, false, false]);
        assert_eq!(small.len(), 3);
        assert_eq!(small[0].bucket.conversions, 1);
    }
}
