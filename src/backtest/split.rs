//! Temporary: replaced by the split module on the `fit` branch.

/// SplitMix64.
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// Seeded generator.
    pub fn new(seed: u64) -> SplitMix64 {
        SplitMix64(seed)
    }
    /// Next 64 bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

impl SplitMix64 {
    /// Uniform in [0, 1).
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Stratified hold-out.
pub fn stratified(outcomes: &[bool], test_share: f64, seed: u64) -> Vec<bool> {
    let mut out = vec![false; outcomes.len()];
    let mut rng = SplitMix64::new(seed);
    for class in [false, true] {
        let mut idx: Vec<usize> = (0..outcomes.len())
            .filter(|&i| outcomes[i] == class)
            .collect();
        for k in (1..idx.len()).rev() {
            let j = (rng.next_u64() % (k as u64 + 1)) as usize;
            idx.swap(k, j);
        }
        let take = (test_share * idx.len() as f64).round() as usize;
        for &i in idx.iter().take(take) {
            out[i] = true;
        }
    }
    out
}

/// Time-ordered hold-out.
pub fn ordered(order_keys: &[f64], test_share: f64) -> Vec<bool> {
    let mut idx: Vec<usize> = (0..order_keys.len()).collect();
    idx.sort_by(|a, b| order_keys[*a].total_cmp(&order_keys[*b]).then(a.cmp(b)));
    let take = (test_share * idx.len() as f64).round() as usize;
    let mut out = vec![false; order_keys.len()];
    for &i in idx.iter().rev().take(take) {
        out[i] = true;
    }
    out
}
