use super::*;
use crate::backtest::split::SplitMix64;

/// `n` rows of a normal, a wide uniform and a binary feature, with outcomes drawn from
/// the logistic model with `truth = (β₀, β₁, β₂, β₃)`.
fn synthetic(n: usize, truth: [f64; 4], seed: u64) -> (Vec<Vec<f64>>, Vec<bool>) {
    let mut rng = SplitMix64::new(seed);
    let mut columns = vec![Vec::with_capacity(n); 3];
    let mut y = Vec::with_capacity(n);
    for _ in 0..n {
        // Box–Muller; 1 − u keeps the logarithm finite.
        let (u, v) = (1.0 - rng.next_f64(), rng.next_f64());
        let normal = (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos();
        let x = [
            normal,
            4.0 * rng.next_f64() - 2.0,
            f64::from(u8::from(rng.next_f64() < 0.3)),
        ];
        let eta = truth[0] + truth[1] * x[0] + truth[2] * x[1] + truth[3] * x[2];
        y.push(rng.next_f64() < sigmoid(eta));
        for (c, value) in columns.iter_mut().zip(x) {
            c.push(value);
        }
    }
    (columns, y)
}

#[test]
fn recovers_the_weights_that_generated_the_data() {
    let truth = [-1.0, 0.8, -1.5, 0.4];
    let (columns, y) = synthetic(20_000, truth, 42);
    let fit = fit(&columns, &y, 1e-4).expect("fits");
    assert!(fit.converged);
    assert!(fit.iterations < 30, "{} iterations", fit.iterations);
    let got = [fit.intercept, fit.coef[0], fit.coef[1], fit.coef[2]];
    for (g, t) in got.iter().zip(truth) {
        assert!((g - t).abs() < 0.1, "got {got:?}, truth {truth:?}");
    }
}

#[test]
fn the_same_data_gives_the_same_bits() {
    let (columns, y) = synthetic(3_000, [0.5, 1.0, -0.5, 2.0], 7);
    let a = fit(&columns, &y, 0.01).expect("fits");
    let b = fit(&columns, &y, 0.01).expect("fits");
    let bits = |f: &Fit| -> Vec<u64> {
        std::iter::once(f.intercept)
            .chain(f.coef.iter().copied())
            .map(f64::to_bits)
            .collect()
    };
    assert_eq!(bits(&a), bits(&b));
    assert_eq!(a.iterations, b.iterations);
}

#[test]
fn a_larger_penalty_shrinks_the_coefficients() {
    let (columns, y) = synthetic(2_000, [-1.0, 0.8, -1.5, 0.4], 3);
    let loose = fit(&columns, &y, 1e-6).expect("fits");
    let tight = fit(&columns, &y, 500.0).expect("fits");
    for (l, t) in loose.coef.iter().zip(&tight.coef) {
        assert!(
            t.abs() < l.abs(),
            "loose {:?} tight {:?}",
            loose.coef,
            tight.coef
        );
    }
}

#[test]
fn separable_data_stays_finite_with_a_penalty() {
    let x: Vec<f64> = (-10..10).map(f64::from).collect();
    let y: Vec<bool> = x.iter().map(|v| *v >= 0.0).collect();
    let penalised = fit(&[x.clone()], &y, 0.1).expect("fits");
    assert!(penalised.converged);
    assert!(penalised.coef[0] > 0.0 && penalised.coef[0].is_finite());
    // Without a penalty the optimum is at infinity: the fit must still end with numbers.
    let free = fit(&[x], &y, 0.0).expect("fits");
    assert!(free.intercept.is_finite() && free.coef[0].is_finite());
    assert!(free.coef[0] > penalised.coef[0]);
}

#[test]
fn constant_and_duplicate_columns_are_handled() {
    let (mut columns, y) = synthetic(2_000, [-1.0, 0.8, -1.5, 0.4], 5);
    columns.push(vec![3.5; y.len()]);
    let with_constant = fit(&columns, &y, 1e-4).expect("fits");
    assert_eq!(with_constant.coef[3], 0.0);
    assert!(with_constant.converged);
    // An exact copy of a column with no penalty: the ridge fallback keeps it solvable.
    columns[3] = columns[0].clone();
    let with_copy = fit(&columns, &y, 0.0).expect("fits");
    let sum = with_copy.coef[0] + with_copy.coef[3];
    assert!((sum - with_constant.coef[0]).abs() < 0.01, "{with_copy:?}");
}

#[test]
fn predict_logit_is_the_linear_predictor() {
    let fit = Fit {
        intercept: -1.0,
        coef: vec![2.0, 0.5],
        iterations: 1,
        converged: true,
    };
    assert_eq!(predict_logit(&fit, &[1.0, 4.0]), 3.0);
    assert_eq!(predict_logit(&fit, &[1.0]), 1.0);
}

#[test]
fn bad_inputs_are_errors() {
    let y = [true, false, true];
    assert_eq!(fit(&[], &[], 0.0), Err(FitError::NoRows));
    assert_eq!(
        fit(&[vec![1.0, 2.0, 3.0], vec![1.0]], &y, 0.0),
        Err(FitError::LengthsDiffer {
            column: 1,
            len: 1,
            rows: 3
        })
    );
    assert_eq!(
        fit(&[vec![1.0, 2.0, 3.0]], &[true; 3], 0.0),
        Err(FitError::OneClass { outcome: true })
    );
    let err = fit(&[vec![1.0, 2.0, 3.0], vec![0.0, f64::NAN, 1.0]], &y, 0.0).unwrap_err();
    assert_eq!(err, FitError::NonFinite { column: 1, row: 1 });
    assert_eq!(err.to_string(), "column 1 has a non-finite value in row 1");
    assert!(matches!(fit(&[], &y, -1.0), Err(FitError::BadPenalty(_))));
    assert!(matches!(
        fit(&[], &y, f64::NAN),
        Err(FitError::BadPenalty(_))
    ));
}

#[test]
fn no_columns_fits_the_base_rate() {
    let y = [true, false, false, false];
    let fit = fit(&[], &y, 0.0).expect("fits");
    assert!((fit.intercept - (1.0_f64 / 3.0).ln()).abs() < 1e-12);
    assert!(fit.coef.is_empty());
}

#[test]
fn huge_finite_values_do_not_overflow() {
    let x = vec![1e308, -1e308, 5e307, -5e307, 0.0, 1e307];
    let y = [true, false, true, false, false, true];
    let fit = fit(&[x], &y, 1.0).expect("fits");
    assert!(fit.intercept.is_finite() && fit.coef[0].is_finite() && fit.coef[0] > 0.0);
}
