//! A small deterministic random number generator (xoshiro256**, seeded with SplitMix64)
//! and the few distributions the generator needs, built from `+ − × ÷` only, so the same
//! seed gives the same numbers on every platform (no `ln`, `exp` or `cos` from the
//! platform's math library, whose last bits may differ).

/// SplitMix64: a good 64-bit mixer, used to seed and to derive streams.
pub fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// xoshiro256**.
#[derive(Clone, Debug)]
pub struct Rng {
    s: [u64; 4],
}

const SQRT_3: f64 = 1.732_050_807_568_877_2;
const TWO_POW_32: f64 = 4_294_967_296.0;

impl Rng {
    /// A generator seeded from one number.
    pub fn new(seed: u64) -> Rng {
        let mut sm = seed;
        let s = [
            splitmix64(&mut sm),
            splitmix64(&mut sm),
            splitmix64(&mut sm),
            splitmix64(&mut sm),
        ];
        Rng { s }
    }

    /// An independent generator for stream `stream` (e.g. a lead's index) of `seed`.
    pub fn stream(seed: u64, stream: u64) -> Rng {
        let mut a = seed;
        let mixed = splitmix64(&mut a);
        let mut b = stream ^ 0xD6E8_FEB8_6659_FD93;
        Rng::new(mixed ^ splitmix64(&mut b))
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let result = self.s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        result
    }

    /// A number in `0..n` (`n > 0`), by multiply-shift (bias below 2^-32 for our `n`).
    pub fn below(&mut self, n: u64) -> u64 {
        ((self.next_u64() as u128 * n as u128) >> 64) as u64
    }

    /// A float in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / 9_007_199_254_740_992.0)
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// Roughly standard normal: the sum of four uniforms, scaled to variance 1
    /// (Irwin–Hall; bounded by ±2√3, which suits synthetic data).
    pub fn normal(&mut self) -> f64 {
        let a = self.next_u64();
        let b = self.next_u64();
        let u = |x: u64| x as f64 / TWO_POW_32;
        let sum = u(a >> 32) + u(a & 0xFFFF_FFFF) + u(b >> 32) + u(b & 0xFFFF_FFFF);
        (sum - 2.0) * SQRT_3
    }

    /// Log-normal around `median` with shape `sigma` (of the underlying [`Rng::normal`]).
    pub fn log_normal(&mut self, median: f64, sigma: f64) -> f64 {
        median * exp(sigma * self.normal())
    }

    /// An index drawn with the given cumulative weights (last = total).
    pub fn weighted(&mut self, cumulative: &[f64]) -> usize {
        let total = cumulative.last().copied().unwrap_or(0.0);
        let x = self.unit() * total;
        cumulative
            .iter()
            .position(|c| x < *c)
            .unwrap_or(cumulative.len().saturating_sub(1))
    }

    /// One item of a list.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// The mean of `exp(sigma * Rng::normal())`: `(sinh(b)/b)^4` with `b = sigma·√3/2`.
pub fn log_normal_mean_factor(sigma: f64) -> f64 {
    let b = sigma * SQRT_3 / 2.0;
    if b == 0.0 {
        return 1.0;
    }
    let r = (exp(b) - exp(-b)) / 2.0 / b;
    r * r * r * r
}

/// `e^x` from basic arithmetic only: `x = k·ln2 + r`, a Taylor series for `e^r`, then an
/// exact scaling by `2^k`. Accurate to a few ulps, identical everywhere.
pub fn exp(x: f64) -> f64 {
    const LN2_HI: f64 = 0.693_147_180_369_123_8;
    const LN2_LO: f64 = 1.908_214_929_270_587_7e-10;
    const LN2: f64 = std::f64::consts::LN_2;
    let x = x.clamp(-700.0, 700.0);
    let k = (x / LN2).round();
    let r = (x - k * LN2_HI) - k * LN2_LO;
    // |r| <= 0.35: 16 terms of the series are far below an ulp.
    let mut term = 1.0;
    let mut sum = 1.0;
    for n in 1..=16 {
        term = term * r / n as f64;
        sum += term;
    }
    let scale = f64::from_bits(((k as i64 + 1023) as u64) << 52);
    sum * scale
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exp_is_accurate() {
        for i in -400..=400 {
            let x = i as f64 / 37.0;
            let (a, b) = (exp(x), x.exp());
            assert!(((a - b) / b).abs() < 1e-14, "{x}: {a} vs {b}");
        }
    }

    #[test]
    fn streams_are_stable_and_distinct() {
        let mut a = Rng::stream(42, 0);
        let mut b = Rng::stream(42, 1);
        let x = a.next_u64();
        assert_ne!(x, b.next_u64());
        assert_eq!(Rng::stream(42, 0).next_u64(), x);
        // A fixed value: changing the generator changes every generated file.
        assert_eq!(Rng::new(0).next_u64(), 0x99EC_5F36_CB75_F2B4);
    }

    #[test]
    fn normal_has_unit_variance() {
        let mut r = Rng::new(7);
        let n = 200_000;
        let xs: Vec<f64> = (0..n).map(|_| r.normal()).collect();
        let mean = xs.iter().sum::<f64>() / n as f64;
        let var = xs.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / n as f64;
        assert!(
            mean.abs() < 0.01 && (var - 1.0).abs() < 0.01,
            "{mean} {var}"
        );
        let f = log_normal_mean_factor(0.9);
        let m = xs.iter().map(|x| exp(0.9 * x)).sum::<f64>() / n as f64;
        assert!((m / f - 1.0).abs() < 0.01, "{m} {f}");
    }
}
