//! A case's findings pinned whole: rendered one line per finding into the
//! case's `findings.txt` (written by `run --bless`), and compared exactly.
//!
//! ```text
//! # rule severity | file | line | record | byte | field No. name | found | expected | message
//! FLD-DATE error | UPPLAN_….CSV | line 3 | record 2 | byte 231 | field 10 サービス利用日 | found '20250431' | expected 実在する日付 YYYYMMDD | 年月日（YYYYMMDD）として実在しない日付です
//! ```
//!
//! Messages are in Japanese (the default language); values are shown
//! unmasked (the cases' people are fictitious); an absent part is `-`;
//! line breaks, tabs, other control characters and backslashes are escaped,
//! so that each finding stays on one line.

use crate::check::FileResult;
use crate::finding::{Finding, Lang};
use crate::rules::catalogue::Severity;

/// The first line of every findings file.
pub const HEADER: &str = "# rule severity | file | line | record | byte | field No. name | found | expected | message (written by careplan-conformance run --bless)\n";

/// A value on one line: `\` doubled, control characters escaped.
fn esc(s: &str) -> String {
    crate::report::printable(&s.replace('\\', "\\\\"))
}

fn opt<T: std::fmt::Display>(label: &str, v: Option<T>) -> String {
    match v {
        Some(v) => format!("{label} {v}"),
        None => format!("{label} -"),
    }
}

/// One finding as a line of the findings file (without its line end).
pub fn line(f: &Finding) -> String {
    let severity = match f.severity() {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let inferred = if f.pos.inferred { " (inferred)" } else { "" };
    let field = match f.pos.field_no {
        Some(n) => match &f.field_name {
            Some(name) => format!("field {n} {}{inferred}", esc(name)),
            None => format!("field {n}{inferred}"),
        },
        None => "field -".to_string(),
    };
    [
        format!("{} {severity}", f.rule.id),
        esc(&f.file),
        opt("line", f.pos.line),
        opt("record", f.pos.record),
        opt("byte", f.pos.byte),
        field,
        opt("found", f.found.as_deref().map(|v| format!("'{}'", esc(v)))),
        opt("expected", f.expected(Lang::Ja).map(|e| esc(&e))),
        esc(&f.message(Lang::Ja)),
    ]
    .join(" | ")
}

/// The findings file of a run: the header, then every finding of every
/// file, in the order the run reports them.
pub fn render(files: &[FileResult]) -> String {
    let mut s = String::from(HEADER);
    for f in files.iter().flat_map(|f| &f.findings) {
        s.push_str(&line(f));
        s.push('\n');
    }
    s
}

/// How a case's findings compare with its blessed findings file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pinned {
    /// The file holds exactly the findings.
    Same,
    /// A conforming case: nothing to pin (its manifest already says no
    /// finding at all), and no file.
    NotPinned,
    /// The case lists findings but has no findings file yet.
    Missing,
    /// The file holds other findings (its text as stored).
    Differs(String),
    /// A conforming case with a findings file.
    Stale,
}

impl Pinned {
    pub fn passed(&self) -> bool {
        matches!(self, Pinned::Same | Pinned::NotPinned)
    }
}

/// Compares the findings rendered now with the stored file (`None` when
/// there is none), for a case that lists findings or a conforming one.
pub fn compare(conformant: bool, stored: Option<String>, now: &str) -> Pinned {
    match (conformant, stored) {
        (true, None) => Pinned::NotPinned,
        (true, Some(_)) => Pinned::Stale,
        (false, None) => Pinned::Missing,
        (false, Some(s)) if s == now => Pinned::Same,
        (false, Some(s)) => Pinned::Differs(s),
    }
}

/// What differs, for people: a line diff of the stored file against the
/// findings of now, or what to do.
pub fn diff(pinned: &Pinned, now: &str) -> String {
    match pinned {
        Pinned::Same | Pinned::NotPinned => String::new(),
        Pinned::Stale => format!(
            "findings:   a conforming case has no {} (run --bless removes it)\n",
            super::edit::FINDINGS_FILE
        ),
        Pinned::Missing => {
            let mut s = format!(
                "findings:   no {} yet; the findings now (accept them with run --bless):\n",
                super::edit::FINDINGS_FILE
            );
            for l in now.lines().skip(1) {
                s.push_str(&format!("+ {l}\n"));
            }
            s
        }
        Pinned::Differs(stored) => {
            let mut s = format!(
                "findings:   differ from {} (- blessed, + found now; accept with run --bless):\n",
                super::edit::FINDINGS_FILE
            );
            let d = similar::TextDiff::from_lines(stored.as_str(), now);
            for c in d.iter_all_changes() {
                let sign = match c.tag() {
                    similar::ChangeTag::Delete => "- ",
                    similar::ChangeTag::Insert => "+ ",
                    similar::ChangeTag::Equal => continue,
                };
                s.push_str(sign);
                s.push_str(c.value().trim_end_matches('\n'));
                s.push('\n');
            }
            s
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fact::{Fact, Shape};
    use crate::finding::Position;
    use crate::rules::catalogue;

    fn finding(found: &str) -> Finding {
        Finding {
            rule: catalogue::by_id("FLD-DATE").unwrap(),
            file: "A.CSV".into(),
            path: "cases/x/A.CSV".into(),
            pos: Position {
                line: Some(3),
                record: Some(2),
                byte: Some(231),
                field_no: Some(10),
                inferred: false,
            },
            field_name: Some("サービス利用日".into()),
            found: Some(found.into()),
            personal: true,
            fact: Some(Fact::Shape(Shape::RealDate)),
        }
    }

    #[test]
    fn a_finding_is_one_line_with_every_part_unmasked() {
        let l = line(&finding("2025\r\n0431\\"));
        assert!(
            l.starts_with(
                "FLD-DATE error | A.CSV | line 3 | record 2 | byte 231 | field 10 サービス利用日 | found '2025\\r\\n0431\\\\' | expected 実在する日付 YYYYMMDD | "
            ),
            "{l}"
        );
        assert!(!l.contains('\n'));
        let mut f = finding("x");
        f.pos = Position::default();
        f.field_name = None;
        f.found = None;
        f.fact = None;
        assert!(line(&f).starts_with(
            "FLD-DATE error | A.CSV | line - | record - | byte - | field - | found - | expected - | "
        ));
    }

    #[test]
    fn another_found_value_differs_and_says_how() {
        let now = format!("{HEADER}{}\n", line(&finding("20250431")));
        let stored = format!("{HEADER}{}\n", line(&finding("20250432")));
        let p = compare(false, Some(stored), &now);
        assert!(!p.passed());
        let d = diff(&p, &now);
        assert!(d.contains("- FLD-DATE") && d.contains("'20250432'"), "{d}");
        assert!(d.contains("+ FLD-DATE") && d.contains("'20250431'"), "{d}");
        assert_eq!(compare(false, Some(now.clone()), &now), Pinned::Same);
        assert_eq!(compare(false, None, &now), Pinned::Missing);
        assert_eq!(compare(true, None, HEADER), Pinned::NotPinned);
        assert_eq!(compare(true, Some(String::new()), HEADER), Pinned::Stale);
    }
}
