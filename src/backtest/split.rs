//! Train/test splits for backtests and the yardstick model: a stratified random split and a
//! time-honest split by an ordering key. Both are pure functions of their inputs (and the
//! seed), so a report quoted today can be reproduced bit for bit next year.

/// SplitMix64 (Steele, Lea and Flood 2014; Vigna's reference constants): a 64-bit state
/// advanced by a fixed odd increment and scrambled by two multiply–xorshift rounds.
///
/// It is not cryptographic and not meant for long simulations, but it passes BigCrush and
/// is a dozen lines, which is the point: splits depend on this code only, never on the
/// algorithm a random-number crate happens to ship in its next version.
#[derive(Clone, Debug)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    /// A generator whose sequence is fully determined by `seed`.
    pub fn new(seed: u64) -> Self {
        SplitMix64 { state: seed }
    }

    /// The next 64 uniformly distributed bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform number in `[0, 1)` from the top 53 bits, so every value is an exact
    /// multiple of 2⁻⁵³ and 1.0 itself never comes out.
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// A uniform index in `0..bound` (`0` when `bound` is 0) by multiply-and-shift; the
    /// bias is below `bound / 2⁶⁴`, far under anything a split could show.
    fn below(&mut self, bound: usize) -> usize {
        ((u128::from(self.next_u64()) * bound as u128) >> 64) as usize
    }
}

/// How many of `n` items a share holds out: `round(share × n)`, with the share clamped to
/// `[0, 1]` and a NaN share counting as 0, so no input can ask for more items than exist.
fn held_out_count(test_share: f64, n: usize) -> usize {
    let share = if test_share.is_nan() {
        0.0
    } else {
        test_share.clamp(0.0, 1.0)
    };
    ((share * n as f64).round() as usize).min(n)
}

/// A stratified random split: `true` marks a held-out (test) row. Within each class of
/// `outcomes` the indices are shuffled (Fisher–Yates driven by [`SplitMix64`] seeded with
/// `seed`) and the first `round(test_share × class size)` are held out, so both parts keep
/// the base rate. The same inputs always give the same split.
pub fn stratified(outcomes: &[bool], test_share: f64, seed: u64) -> Vec<bool> {
    let mut rng = SplitMix64::new(seed);
    let mut held = vec![false; outcomes.len()];
    // Negatives first, then positives: a fixed order so the one generator stream is
    // consumed identically on every run.
    for class in [false, true] {
        let mut members: Vec<usize> = (0..outcomes.len())
            .filter(|i| outcomes[*i] == class)
            .collect();
        for i in (1..members.len()).rev() {
            let j = rng.below(i + 1);
            members.swap(i, j);
        }
        let k = held_out_count(test_share, members.len());
        for i in &members[..k] {
            held[*i] = true;
        }
    }
    held
}

/// A time-honest split: `true` marks a held-out row. The `round(test_share × n)` rows with
/// the largest `order_keys` (a date, a row number) are held out, ties broken by position so
/// later rows go first. Keys compare by IEEE total order, so a NaN key sorts last.
pub fn ordered(order_keys: &[f64], test_share: f64) -> Vec<bool> {
    let n = order_keys.len();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|a, b| order_keys[*a].total_cmp(&order_keys[*b]).then(a.cmp(b)));
    let mut held = vec![false; n];
    for i in &order[n - held_out_count(test_share, n)..] {
        held[*i] = true;
    }
    held
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(held: &[bool], outcomes: &[bool], class: bool) -> usize {
        held.iter()
            .zip(outcomes)
            .filter(|(h, o)| **h && **o == class)
            .count()
    }

    #[test]
    fn splitmix_matches_the_reference_sequence() {
        // First outputs of Vigna's splitmix64.c for seed 1234567.
        let mut rng = SplitMix64::new(1_234_567);
        let got: Vec<u64> = (0..3).map(|_| rng.next_u64()).collect();
        assert_eq!(
            got,
            [
                6_457_827_717_110_365_317,
                3_203_168_211_198_807_973,
                9_817_491_932_198_370_423
            ]
        );
    }

    #[test]
    fn next_f64_stays_in_the_unit_interval() {
        let mut rng = SplitMix64::new(7);
        let xs: Vec<f64> = (0..10_000).map(|_| rng.next_f64()).collect();
        assert!(xs.iter().all(|x| (0.0..1.0).contains(x)));
        let mean = xs.iter().sum::<f64>() / xs.len() as f64;
        assert!((mean - 0.5).abs() < 0.02, "mean {mean}");
    }

    #[test]
    fn stratified_holds_out_the_rounded_share_of_each_class() {
        // 7 positives, 23 negatives: round(0.3 × 7) = 2, round(0.3 × 23) = 7.
        let outcomes: Vec<bool> = (0..30).map(|i| i % 4 == 1 && i < 28).collect();
        assert_eq!(outcomes.iter().filter(|o| **o).count(), 7);
        let held = stratified(&outcomes, 0.3, 42);
        assert_eq!(count(&held, &outcomes, true), 2);
        assert_eq!(count(&held, &outcomes, false), 7);
    }

    #[test]
    fn stratified_is_deterministic_and_depends_on_the_seed() {
        let outcomes: Vec<bool> = (0..1000).map(|i| i % 7 == 0).collect();
        let a = stratified(&outcomes, 0.3, 42);
        assert_eq!(a, stratified(&outcomes, 0.3, 42));
        let b = stratified(&outcomes, 0.3, 43);
        assert_ne!(a, b);
        assert_eq!(
            a.iter().filter(|h| **h).count(),
            b.iter().filter(|h| **h).count()
        );
    }

    #[test]
    fn stratified_edge_shares_and_empty_input() {
        let outcomes = [true, false, false, true, false];
        assert!(stratified(&outcomes, 0.0, 1).iter().all(|h| !h));
        assert!(stratified(&outcomes, 1.0, 1).iter().all(|h| *h));
        assert!(stratified(&outcomes, f64::NAN, 1).iter().all(|h| !h));
        assert!(stratified(&outcomes, 5.0, 1).iter().all(|h| *h));
        assert!(stratified(&outcomes, -1.0, 1).iter().all(|h| !h));
        assert!(stratified(&[], 0.3, 1).is_empty());
    }

    #[test]
    fn ordered_holds_out_the_largest_keys() {
        let keys = [5.0, 1.0, 9.0, 3.0, 7.0, 2.0];
        let held = ordered(&keys, 0.5);
        assert_eq!(held, [true, false, true, false, true, false]);
    }

    #[test]
    fn ordered_breaks_ties_by_position_and_sorts_nan_last() {
        // Three equal keys, one held out: the last of them.
        assert_eq!(ordered(&[1.0, 1.0, 1.0], 0.34), [false, false, true]);
        assert_eq!(ordered(&[f64::NAN, 2.0, 1.0], 0.34), [true, false, false]);
    }

    #[test]
    fn ordered_edge_shares_and_empty_input() {
        let keys = [3.0, 1.0, 2.0];
        assert_eq!(ordered(&keys, 0.0), [false; 3]);
        assert_eq!(ordered(&keys, 1.0), [true; 3]);
        assert_eq!(ordered(&keys, f64::NAN), [false; 3]);
        assert!(ordered(&[], 0.5).is_empty());
    }
}
