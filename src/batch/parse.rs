//! Cell parsing for the column loader: the row loader's rules, without allocating.
//! Anything these do not accept is left to the row loader, which has the error messages.

use crate::data::time;

/// Bool words the row loader accepts (true/false, yes/no, y/n, 1/0, any case).
pub(super) fn bool_word(t: &str) -> Option<bool> {
    const TRUE: [&str; 4] = ["true", "yes", "y", "1"];
    const FALSE: [&str; 4] = ["false", "no", "n", "0"];
    if TRUE.iter().any(|w| w.eq_ignore_ascii_case(t)) {
        Some(true)
    } else if FALSE.iter().any(|w| w.eq_ignore_ascii_case(t)) {
        Some(false)
    } else {
        None
    }
}

/// A timestamp: `YYYY-MM-DD` and `YYYY-MM-DDTHH:MM:SSZ` by hand (the forms exports use),
/// every other form through [`time::parse`], so the results are always the same.
pub(super) fn timestamp(t: &str) -> Option<i64> {
    fast_timestamp(t.as_bytes()).or_else(|| time::parse(t))
}

fn fast_timestamp(b: &[u8]) -> Option<i64> {
    let date_only = b.len() == 10;
    let zulu = b.len() == 20 && b[10] == b'T' && b[13] == b':' && b[16] == b':' && b[19] == b'Z';
    if !(date_only || zulu) || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let year = digits(&b[0..4])?;
    let (month, day) = (digits(&b[5..7])?, digits(&b[8..10])?);
    // Years before 1000 and leap seconds are rare enough to leave to the general parser.
    if year < 1000 || !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    let mut secs = days_from_civil(year, month, day) * 86_400;
    if zulu {
        let (h, m, s) = (
            digits(&b[11..13])?,
            digits(&b[14..16])?,
            digits(&b[17..19])?,
        );
        if h > 23 || m > 59 || s > 59 {
            return None;
        }
        secs += h * 3600 + m * 60 + s;
    }
    Some(secs)
}

fn digits(b: &[u8]) -> Option<i64> {
    b.iter().try_fold(0i64, |acc, &c| {
        c.is_ascii_digit().then(|| acc * 10 + i64::from(c - b'0'))
    })
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn bool_words_match_the_row_loader() {
        for w in [
            "true", "YES", "y", "1", "False", "no", "N", "0", "maybe", "", "tru",
        ] {
            assert_eq!(bool_word(w), crate::data::load::cell::bool_word(w), "{w}");
        }
    }

    #[test]
    fn known_dates() {
        assert_eq!(timestamp("1970-01-01"), Some(0));
        assert_eq!(
            timestamp("2024-02-29T23:59:59Z"),
            time::parse("2024-02-29T23:59:59Z")
        );
        assert_eq!(fast_timestamp(b"2023-02-29"), None);
        assert_eq!(timestamp("2023-02-29"), None);
        assert_eq!(
            timestamp("2024-06-01 10:00:00"),
            time::parse("2024-06-01 10:00:00")
        );
    }

    proptest! {
        #[test]
        fn fast_path_agrees_with_the_time_crate(
            y in 0i64..10000, mo in 0i64..14, d in 0i64..33,
            h in 0i64..25, mi in 0i64..61, s in 0i64..62, zulu in any::<bool>()
        ) {
            let text = if zulu {
                format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
            } else {
                format!("{y:04}-{mo:02}-{d:02}")
            };
            prop_assert_eq!(timestamp(&text), time::parse(&text), "{}", text);
        }
    }
}
