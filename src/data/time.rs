//! Timestamps: parsed once into whole seconds since the Unix epoch (UTC), which is what
//! both engines compare and subtract.

use ::time::format_description::well_known::Rfc3339;
use ::time::macros::format_description;
use ::time::{Date, OffsetDateTime, PrimitiveDateTime};

/// The forms a timestamp may take in data and on the command line.
pub const ACCEPTED: &str = "a date `2024-05-31`, or a date and time `2024-05-31T14:00:00Z` (RFC 3339; no offset means UTC)";

/// Parses `2024-05-31`, `2024-05-31T14:00:00Z`, `2024-05-31T14:00:00+02:00`,
/// `2024-05-31 14:00:00` or `2024-05-31T14:00:00` (the last two read as UTC).
pub fn parse(text: &str) -> Option<i64> {
    let t = text.trim();
    if let Ok(dt) = OffsetDateTime::parse(t, &Rfc3339) {
        return Some(dt.unix_timestamp());
    }
    let date_only = format_description!("[year]-[month]-[day]");
    if let Ok(d) = Date::parse(t, &date_only) {
        return Some(d.midnight().assume_utc().unix_timestamp());
    }
    let spaced = format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
    let t_sep = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]");
    PrimitiveDateTime::parse(t, &spaced)
        .or_else(|_| PrimitiveDateTime::parse(t, &t_sep))
        .ok()
        .map(|p| p.assume_utc().unix_timestamp())
}

/// Formats seconds since the epoch as RFC 3339 in UTC, e.g. `2024-05-31T14:00:00Z`.
pub fn format(secs: i64) -> String {
    OffsetDateTime::from_unix_timestamp(secs)
        .ok()
        .and_then(|dt| dt.format(&Rfc3339).ok())
        .unwrap_or_else(|| format!("@{secs}"))
}

/// The current time, whole seconds.
pub fn now() -> i64 {
    OffsetDateTime::now_utc().unix_timestamp()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_agree() {
        let z = parse("2024-05-31T00:00:00Z").unwrap();
        assert_eq!(parse("2024-05-31"), Some(z));
        assert_eq!(parse("2024-05-31 00:00:00"), Some(z));
        assert_eq!(parse("2024-05-31T02:00:00+02:00"), Some(z));
        assert_eq!(format(z), "2024-05-31T00:00:00Z");
        assert_eq!(parse("31/05/2024"), None);
    }
}
