//! Diagnostics as GitHub Actions workflow commands: printed in a workflow step, each
//! becomes an annotation on the rubric's line in the pull request.

use super::{Diagnostic, Diagnostics, Severity};

/// One `::error …::…` or `::warning …::…` line per diagnostic.
pub fn render_github(diags: &Diagnostics) -> String {
    diags.0.iter().map(command).collect()
}

fn command(d: &Diagnostic) -> String {
    let kind = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let span = d.span();
    let (line, col) = d.source.line_col(span.start);
    let (end_line, end_col) = d.source.line_col(span.end);
    let title = format!("{} {}", d.code, d.code.slug());
    let properties = [
        ("file", d.source.name.to_string()),
        ("line", line.to_string()),
        ("col", col.to_string()),
        ("endLine", end_line.to_string()),
        ("endColumn", end_col.to_string()),
        ("title", title),
    ]
    .map(|(k, v)| format!("{k}={}", escape_property(&v)))
    .join(",");
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str(". help: ");
        message.push_str(help);
    }
    format!("::{kind} {properties}::{}\n", escape_data(&message))
}

/// The message part: `%`, carriage return and line feed are encoded.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A property value: as the message, and `:` and `,`, which delimit properties, too.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_github_reads_as_syntax() {
        assert_eq!(escape_data("50% a\r\nb: c, d"), "50%25 a%0D%0Ab: c, d");
        assert_eq!(escape_property("C:\\a,b%"), "C%3A\\a%2Cb%25");
    }
}
