//! L2-regularised logistic regression by Newton's method (IRLS): the "plain model" a rubric
//! is measured against. Small, dependency-free and deterministic bit for bit: every sum runs
//! sequentially in a fixed order, so the same data gives the same coefficients on every
//! machine and every run.

use std::fmt;

/// Newton iterations before giving up (a well-posed fit needs well under 30).
const MAX_ITERATIONS: usize = 100;
/// Converged once no standardised coefficient moves by more than this.
const STEP_TOLERANCE: f64 = 1e-10;
/// Halvings of a Newton step that lowers the penalised log-likelihood before stopping.
const MAX_HALVINGS: usize = 30;

/// A fitted model on the original feature scale: `logit = intercept + Σ coef[j] · x[j]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Fit {
    /// The constant term (unpenalised).
    pub intercept: f64,
    /// One coefficient per input column, in input order; 0 for a constant column.
    pub coef: Vec<f64>,
    /// Newton iterations taken.
    pub iterations: usize,
    /// Whether the steps shrank below tolerance within the iteration limit.
    pub converged: bool,
}

/// Why [`fit`] could not start.
#[derive(Clone, Debug, PartialEq)]
pub enum FitError {
    /// `y` is empty.
    NoRows,
    /// A column's length differs from `y`'s.
    LengthsDiffer {
        /// Index of the column.
        column: usize,
        /// Its length.
        len: usize,
        /// The number of outcomes.
        rows: usize,
    },
    /// Every outcome is the same, so there is nothing to separate.
    OneClass {
        /// The only outcome present.
        outcome: bool,
    },
    /// A NaN or infinite feature value.
    NonFinite {
        /// Index of the column.
        column: usize,
        /// Index of the row.
        row: usize,
    },
    /// The penalty is negative, NaN or infinite.
    BadPenalty(f64),
}

impl fmt::Display for FitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FitError::NoRows => write!(f, "no rows to fit"),
            FitError::LengthsDiffer { column, len, rows } => write!(
                f,
                "column {column} has {len} values but there are {rows} outcomes"
            ),
            FitError::OneClass { outcome } => {
                write!(f, "every outcome is `{outcome}`; a fit needs both classes")
            }
            FitError::NonFinite { column, row } => {
                write!(f, "column {column} has a non-finite value in row {row}")
            }
            FitError::BadPenalty(l2) => write!(
                f,
                "the l2 penalty must be a finite number of at least 0, not `{l2}`"
            ),
        }
    }
}

impl std::error::Error for FitError {}

/// Fits `logit P(y) = β₀ + Σ βⱼ xⱼ` to `columns` (one `Vec` per feature, each as long as
/// `y`), maximising `Σ log-likelihood − l2 · ‖β‖²` where `β` are the coefficients of the
/// internally standardised features and the intercept is not penalised. The log-likelihood
/// is summed, not averaged, so a given `l2` weighs less the more rows there are.
///
/// Newton steps are solved by Cholesky (with a small ridge if the system is not positive
/// definite) and halved while they lower the objective; the fit stops when no coefficient
/// moves by more than 1e-10 or after 100 iterations (`converged` is then `false`).
/// A constant column gets coefficient 0. Coefficients are returned on the original scale.
pub fn fit(columns: &[Vec<f64>], y: &[bool], l2: f64) -> Result<Fit, FitError> {
    validate(columns, y, l2)?;
    let scales: Vec<Option<Scale>> = columns.iter().map(|c| Scale::of(c)).collect();
    let design = Design::new(columns, &scales, y.len());
    let positives = y.iter().filter(|o| **o).count() as f64;
    let base = positives / y.len() as f64;
    let mut beta = vec![0.0; design.width];
    beta[0] = (base / (1.0 - base)).ln();
    let mut objective = design.objective(y, &beta, l2);
    let (mut iterations, mut converged) = (0, false);
    while iterations < MAX_ITERATIONS && !converged {
        iterations += 1;
        let (hessian, gradient) = design.newton_system(y, &beta, l2);
        let Some(step) = solve_with_ridge(&hessian, &gradient, design.width) else {
            break;
        };
        let Some((next, next_objective, moved)) =
            line_search(&design, y, l2, &beta, &step, objective)
        else {
            break;
        };
        beta = next;
        objective = next_objective;
        converged = moved < STEP_TOLERANCE;
    }
    Ok(unstandardise(&beta, &scales, iterations, converged))
}

/// The logit [`Fit`] gives a row of feature values (extra values or missing ones beyond the
/// shorter of `row` and `fit.coef` are ignored).
pub fn predict_logit(fit: &Fit, row: &[f64]) -> f64 {
    fit.intercept + fit.coef.iter().zip(row).map(|(c, x)| c * x).sum::<f64>()
}

fn validate(columns: &[Vec<f64>], y: &[bool], l2: f64) -> Result<(), FitError> {
    if !l2.is_finite() || l2 < 0.0 {
        return Err(FitError::BadPenalty(l2));
    }
    let rows = y.len();
    if rows == 0 {
        return Err(FitError::NoRows);
    }
    for (column, values) in columns.iter().enumerate() {
        if values.len() != rows {
            return Err(FitError::LengthsDiffer {
                column,
                len: values.len(),
                rows,
            });
        }
        if let Some(row) = values.iter().position(|v| !v.is_finite()) {
            return Err(FitError::NonFinite { column, row });
        }
    }
    if y.iter().all(|o| *o == y[0]) {
        return Err(FitError::OneClass { outcome: y[0] });
    }
    Ok(())
}

/// How one column is standardised: `z = (x / scale − mean) / sd`. Dividing by the largest
/// magnitude first keeps the mean and variance finite for any finite input.
#[derive(Clone, Copy, Debug)]
struct Scale {
    scale: f64,
    mean: f64,
    sd: f64,
}

impl Scale {
    /// `None` for a constant column (all values bitwise equal, or no spread left after
    /// scaling), which then stays out of the model.
    fn of(values: &[f64]) -> Option<Scale> {
        let first = *values.first()?;
        if values.iter().all(|v| *v == first) {
            return None;
        }
        let scale = values.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
        let n = values.len() as f64;
        let mean = values.iter().map(|v| v / scale).sum::<f64>() / n;
        let var = values
            .iter()
            .map(|v| (v / scale - mean).powi(2))
            .sum::<f64>()
            / n;
        let sd = var.sqrt();
        (sd > 0.0 && sd.is_finite()).then_some(Scale { scale, mean, sd })
    }

    fn apply(&self, x: f64) -> f64 {
        (x / self.scale - self.mean) / self.sd
    }
}

/// The standardised design matrix, row-major, with a leading 1 for the intercept; only
/// non-constant columns appear.
struct Design {
    rows: Vec<f64>,
    width: usize,
}

impl Design {
    fn new(columns: &[Vec<f64>], scales: &[Option<Scale>], n: usize) -> Design {
        let active: Vec<(&Vec<f64>, Scale)> = columns
            .iter()
            .zip(scales)
            .filter_map(|(c, s)| s.map(|s| (c, s)))
            .collect();
        let width = active.len() + 1;
        let mut rows = Vec::with_capacity(n * width);
        for i in 0..n {
            rows.push(1.0);
            rows.extend(active.iter().map(|(c, s)| s.apply(c[i])));
        }
        Design { rows, width }
    }

    fn logits<'a>(&'a self, beta: &'a [f64]) -> impl Iterator<Item = f64> + 'a {
        self.rows
            .chunks_exact(self.width)
            .map(move |z| z.iter().zip(beta).map(|(a, b)| a * b).sum())
    }

    /// Penalised log-likelihood at `beta`.
    fn objective(&self, y: &[bool], beta: &[f64], l2: f64) -> f64 {
        let likelihood: f64 = self
            .logits(beta)
            .zip(y)
            .map(|(eta, o)| if *o { eta } else { 0.0 } - softplus(eta))
            .sum();
        likelihood - l2 * beta[1..].iter().map(|b| b * b).sum::<f64>()
    }

    /// The negative Hessian (lower triangle filled, row-major) and the gradient of the
    /// penalised log-likelihood at `beta`.
    fn newton_system(&self, y: &[bool], beta: &[f64], l2: f64) -> (Vec<f64>, Vec<f64>) {
        let q = self.width;
        let mut hessian = vec![0.0; q * q];
        let mut gradient = vec![0.0; q];
        for ((z, eta), o) in self.rows.chunks_exact(q).zip(self.logits(beta)).zip(y) {
            let p = sigmoid(eta);
            let (residual, weight) = (f64::from(u8::from(*o)) - p, p * (1.0 - p));
            for a in 0..q {
                gradient[a] += residual * z[a];
                let wz = weight * z[a];
                for b in 0..=a {
                    hessian[a * q + b] += wz * z[b];
                }
            }
        }
        for j in 1..q {
            gradient[j] -= 2.0 * l2 * beta[j];
            hessian[j * q + j] += 2.0 * l2;
        }
        (hessian, gradient)
    }
}

/// Takes the Newton step, halving it while it lowers the objective (beyond rounding noise).
/// Returns the new coefficients, their objective and the largest coefficient change, or
/// `None` when no fraction of the step helps.
fn line_search(
    design: &Design,
    y: &[bool],
    l2: f64,
    beta: &[f64],
    step: &[f64],
    objective: f64,
) -> Option<(Vec<f64>, f64, f64)> {
    let slack = 1e-12 * (1.0 + objective.abs());
    let mut t = 1.0;
    for _ in 0..=MAX_HALVINGS {
        let next: Vec<f64> = beta.iter().zip(step).map(|(b, s)| b + t * s).collect();
        let value = design.objective(y, &next, l2);
        if value >= objective - slack {
            let moved = step.iter().fold(0.0_f64, |m, s| m.max((t * s).abs()));
            return Some((next, value, moved));
        }
        t /= 2.0;
    }
    None
}

/// Solves `H x = g` for symmetric `H` (lower triangle, `q × q`), adding a growing ridge to
/// the diagonal while `H` is not numerically positive definite (collinear or separated
/// features with no penalty). `None` only if even a large ridge fails.
fn solve_with_ridge(hessian: &[f64], gradient: &[f64], q: usize) -> Option<Vec<f64>> {
    if let Some(x) = cholesky_solve(hessian, gradient, q) {
        return Some(x);
    }
    let largest = (0..q).fold(0.0_f64, |m, i| m.max(hessian[i * q + i]));
    let mut ridge = 1e-8 * if largest > 0.0 { largest } else { 1.0 };
    for _ in 0..10 {
        let mut damped = hessian.to_vec();
        for i in 0..q {
            damped[i * q + i] += ridge;
        }
        if let Some(x) = cholesky_solve(&damped, gradient, q) {
            return Some(x);
        }
        ridge *= 100.0;
    }
    None
}

/// Cholesky `A = L Lᵀ` from the lower triangle of `a`, then forward and back substitution.
/// `None` when a pivot is not clearly positive (relative to its diagonal entry) or any
/// value is not finite.
fn cholesky_solve(a: &[f64], b: &[f64], q: usize) -> Option<Vec<f64>> {
    let mut l = vec![0.0; q * q];
    for i in 0..q {
        for j in 0..=i {
            let mut s = a[i * q + j];
            for k in 0..j {
                s -= l[i * q + k] * l[j * q + k];
            }
            if i == j {
                if !(s > 1e-12 * a[i * q + i]) || !s.is_finite() {
                    return None;
                }
                l[i * q + i] = s.sqrt();
            } else {
                l[i * q + j] = s / l[j * q + j];
            }
        }
    }
    let mut x = b.to_vec();
    for i in 0..q {
        let s = x[i] - (0..i).map(|k| l[i * q + k] * x[k]).sum::<f64>();
        x[i] = s / l[i * q + i];
    }
    for i in (0..q).rev() {
        let s = x[i] - (i + 1..q).map(|k| l[k * q + i] * x[k]).sum::<f64>();
        x[i] = s / l[i * q + i];
    }
    x.iter().all(|v| v.is_finite()).then_some(x)
}

/// Maps standardised coefficients back to the input scale; constant columns get 0.
fn unstandardise(
    beta: &[f64],
    scales: &[Option<Scale>],
    iterations: usize,
    converged: bool,
) -> Fit {
    let mut intercept = beta[0];
    let mut active = beta[1..].iter();
    let coef = scales
        .iter()
        .map(|scale| match scale {
            Some(s) => {
                let b = active.next().copied().unwrap_or(0.0);
                intercept -= b * s.mean / s.sd;
                b / (s.scale * s.sd)
            }
            None => 0.0,
        })
        .collect();
    Fit {
        intercept,
        coef,
        iterations,
        converged,
    }
}

/// `ln(1 + eᵗ)` without overflow for large `t` or lost precision for very negative `t`.
fn softplus(t: f64) -> f64 {
    t.max(0.0) + (-t.abs()).exp().ln_1p()
}

/// The logistic function, evaluated on the side where `exp` cannot overflow.
fn sigmoid(t: f64) -> f64 {
    if t >= 0.0 {
        1.0 / (1.0 + (-t).exp())
    } else {
        let e = t.exp();
        e / (1.0 + e)
    }
}

#[cfg(test)]
mod tests;
