//! Writing CSV cells into a byte buffer without a `String` per cell: integers, zero-padded
//! integers, fixed-point numbers and UTC timestamps (`2024-05-18T05:25:28Z`).

/// Appends a non-negative integer.
pub fn push_u64(buf: &mut Vec<u8>, mut n: u64) {
    let mut tmp = [0u8; 20];
    let mut i = tmp.len();
    loop {
        i -= 1;
        tmp[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    buf.extend_from_slice(&tmp[i..]);
}

/// Appends an integer.
pub fn push_i64(buf: &mut Vec<u8>, n: i64) {
    if n < 0 {
        buf.push(b'-');
    }
    push_u64(buf, n.unsigned_abs());
}

/// Appends `n` zero-padded to at least `width` digits.
pub fn push_padded(buf: &mut Vec<u8>, n: u64, width: usize) {
    let start = buf.len();
    push_u64(buf, n);
    let len = buf.len() - start;
    if len < width {
        let pad = width - len;
        buf.splice(start..start, std::iter::repeat_n(b'0', pad));
    }
}

fn push2(buf: &mut Vec<u8>, n: u32) {
    buf.push(b'0' + (n / 10) as u8);
    buf.push(b'0' + (n % 10) as u8);
}

/// Appends a number with exactly two decimals (`-3.25`, `0.00`, never `-0.00`).
pub fn push_fixed2(buf: &mut Vec<u8>, x: f64) {
    let cents = (x * 100.0).round();
    let cents = if cents.is_finite() {
        cents.clamp(-9.0e15, 9.0e15) as i64
    } else {
        0
    };
    if cents < 0 {
        buf.push(b'-');
    }
    let c = cents.unsigned_abs();
    push_u64(buf, c / 100);
    buf.push(b'.');
    push2(buf, (c % 100) as u32);
}

/// Year, month, day of a count of days since 1970-01-01 (proleptic Gregorian).
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// Appends seconds since the epoch as `YYYY-MM-DDTHH:MM:SSZ`, exactly as
/// [`crate::data::time::format`] writes them.
pub fn push_ts(buf: &mut Vec<u8>, secs: i64) {
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    if !(0..=9999).contains(&y) {
        buf.extend_from_slice(crate::data::time::format(secs).as_bytes());
        return;
    }
    let sod = secs.rem_euclid(86_400) as u32;
    push_padded(buf, y as u64, 4);
    buf.push(b'-');
    push2(buf, m);
    buf.push(b'-');
    push2(buf, d);
    buf.push(b'T');
    push2(buf, sod / 3600);
    buf.push(b':');
    push2(buf, sod / 60 % 60);
    buf.push(b':');
    push2(buf, sod % 60);
    buf.push(b'Z');
}

/// Appends a CSV cell, quoted only when it has to be.
pub fn push_cell(buf: &mut Vec<u8>, text: &str) {
    let needs = text
        .bytes()
        .any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r'))
        || text.starts_with(' ')
        || text.ends_with(' ');
    if !needs {
        buf.extend_from_slice(text.as_bytes());
        return;
    }
    buf.push(b'"');
    for b in text.bytes() {
        if b == b'"' {
            buf.push(b'"');
        }
        buf.push(b);
    }
    buf.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(f: impl FnOnce(&mut Vec<u8>)) -> String {
        let mut b = Vec::new();
        f(&mut b);
        String::from_utf8(b).unwrap()
    }

    #[test]
    fn timestamps_match_the_crate_formatter() {
        let mut t: i64 = -5_000_000_000;
        while t < 20_000_000_000 {
            assert_eq!(s(|b| push_ts(b, t)), crate::data::time::format(t), "{t}");
            t += 86_399 * 7 + 12_345;
        }
        for t in [
            0,
            951_782_400,
            1_717_200_000,
            1_709_164_800,
            253_402_300_799,
        ] {
            assert_eq!(s(|b| push_ts(b, t)), crate::data::time::format(t), "{t}");
        }
    }

    #[test]
    fn numbers() {
        assert_eq!(s(|b| push_i64(b, -120)), "-120");
        assert_eq!(s(|b| push_u64(b, 0)), "0");
        assert_eq!(s(|b| push_padded(b, 42, 7)), "0000042");
        assert_eq!(s(|b| push_padded(b, 12_345_678, 7)), "12345678");
        assert_eq!(s(|b| push_fixed2(b, -3.254)), "-3.25");
        assert_eq!(s(|b| push_fixed2(b, -0.001)), "0.00");
        assert_eq!(s(|b| push_fixed2(b, 7.0)), "7.00");
        assert_eq!(s(|b| push_cell(b, "a,b \"c\"")), "\"a,b \"\"c\"\"\"");
        assert_eq!(s(|b| push_cell(b, "non-profit")), "non-profit");
    }
}
