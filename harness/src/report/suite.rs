//! Reports of a case-suite run (`careplan-conformance run`): a summary for
//! people and JUnit XML for CI systems.
//!
//! The JUnit XML follows the Ant JUnit format that CI systems read (the
//! common JUnit XSD): `<testsuites>` holding one `<testsuite>` per case
//! group (the case's folder under the cases root), each with `<properties>`,
//! one `<testcase>` per case, `<system-out>` and `<system-err>`. It is written
//! here rather than with a JUnit crate because that schema requires elements
//! and a timestamp form (no time zone) the crates do not produce, and because
//! the report must be byte-identical for the same input: times are written
//! as 0 and the timestamp is the one given (a fixed clock), never the wall
//! clock.

use std::collections::BTreeMap;

use crate::cases::{CaseResult, Suite};
use crate::finding::Lang;
use crate::report::{count, finding_line, Options};

/// Text safe for XML 1.0: markup characters escaped, and characters XML
/// cannot hold at all (control characters, including ESC of ANSI colours)
/// written as `\u{XXXX}`.
pub fn xml_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' => out.push(c),
            '\r' => out.push_str("&#13;"),
            c if (c as u32) < 0x20
                || (0x7F..0xA0).contains(&(c as u32))
                || c == '\u{FFFE}'
                || c == '\u{FFFF}' =>
            {
                out.push_str(&format!("\\u{{{:04X}}}", c as u32))
            }
            c => out.push(c),
        }
    }
    out
}

/// What a failing case found and how it differs from its expectation.
pub fn failure_text(r: &CaseResult, lang: Lang) -> String {
    let Some(outcome) = &r.outcome else {
        return String::new();
    };
    let o = Options {
        lang,
        show_personal: false,
        ..Default::default()
    };
    let mut s = format!("{}\n{}\n\n", r.case.manifest.title, r.case.dir.display());
    s.push_str(&outcome.diff(lang));
    let all: Vec<String> = outcome
        .files
        .iter()
        .flat_map(|f| f.findings.iter().map(|x| finding_line(x, &o)))
        .collect();
    s.push_str(&format!("\nfindings ({}):\n", all.len()));
    for l in all {
        s.push_str(&l);
        s.push('\n');
    }
    s
}

fn failure_message(r: &CaseResult) -> String {
    let Some(o) = &r.outcome else {
        return String::new();
    };
    let c = &o.comparison;
    let mut parts = Vec::new();
    if !c.missing.is_empty() {
        parts.push(format!("{} missing", c.missing.len()));
    }
    if !c.unexpected.is_empty() {
        parts.push(format!("{} unexpected", c.unexpected.len()));
    }
    if !c.absent_files.is_empty() {
        parts.push(format!("{} absent files", c.absent_files.len()));
    }
    if parts.is_empty() {
        return match o.pinned {
            crate::cases::findings::Pinned::Missing => {
                "no findings.txt yet (run --bless writes it)".to_string()
            }
            crate::cases::findings::Pinned::Stale => {
                "a conforming case has a findings.txt".to_string()
            }
            _ => "findings differ from findings.txt".to_string(),
        };
    }
    format!("findings differ from case.toml: {}", parts.join(", "))
}

/// The JUnit XML of a suite run. `timestamp` is `YYYY-MM-DDTHH:MM:SS`.
pub fn junit(suite: &Suite, timestamp: &str, lang: Lang) -> String {
    let mut groups: BTreeMap<&str, Vec<&CaseResult>> = BTreeMap::new();
    for r in &suite.results {
        groups.entry(r.case.group.as_str()).or_default().push(r);
    }
    let mut x = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n");
    for (id, (group, results)) in groups.iter().enumerate() {
        let name = if group.is_empty() { "cases" } else { group };
        let failures = results
            .iter()
            .filter(|r| !r.passed() && !r.ignored())
            .count();
        let skipped = results.iter().filter(|r| r.ignored()).count();
        x.push_str(&format!(
            "  <testsuite id=\"{id}\" package=\"careplan-conformance\" name=\"{}\" timestamp=\"{}\" hostname=\"localhost\" tests=\"{}\" failures=\"{failures}\" errors=\"0\" skipped=\"{skipped}\" time=\"0\">\n",
            xml_text(name),
            xml_text(timestamp),
            results.len()
        ));
        x.push_str("    <properties>\n");
        let revisions: std::collections::BTreeSet<&str> = results
            .iter()
            .map(|r| r.case.manifest.revision.as_str())
            .collect();
        for (k, v) in [
            ("harness_version", env!("CARGO_PKG_VERSION").to_string()),
            (
                "revisions",
                revisions.into_iter().collect::<Vec<_>>().join(" "),
            ),
            ("cases_root", suite.root.display().to_string()),
        ] {
            x.push_str(&format!(
                "      <property name=\"{k}\" value=\"{}\"/>\n",
                xml_text(&v)
            ));
        }
        x.push_str("    </properties>\n");
        for r in results {
            let m = &r.case.manifest;
            x.push_str(&format!(
                "    <testcase name=\"{}\" classname=\"{}\" time=\"0\"",
                xml_text(&m.id),
                xml_text(name)
            ));
            if r.ignored() {
                x.push_str(&format!(
                    "><skipped message=\"{}\"/></testcase>\n",
                    xml_text(&format!(
                        "revision {} is not embedded in this harness",
                        m.revision
                    ))
                ));
            } else if r.passed() {
                x.push_str("/>\n");
            } else {
                x.push_str(&format!(
                    "><failure type=\"expectation\" message=\"{}\">{}</failure></testcase>\n",
                    xml_text(&failure_message(r)),
                    xml_text(&failure_text(r, lang))
                ));
            }
        }
        x.push_str(&format!(
            "    <system-out>{}</system-out>\n    <system-err></system-err>\n  </testsuite>\n",
            xml_text(&format!(
                "{}: {} passed, {failures} failed, {skipped} skipped",
                name,
                results.len() - failures - skipped
            ))
        ));
    }
    x.push_str("</testsuites>\n");
    x
}

/// The summary a person reads after `run`: one line per case, the diff of
/// each failing case, and the totals.
pub fn human(suite: &Suite, junit_path: Option<&str>, lang: Lang) -> String {
    let mut s = String::new();
    for r in &suite.results {
        let m = &r.case.manifest;
        let status = if r.ignored() {
            "IGNORED"
        } else if r.passed() {
            "PASS   "
        } else {
            "FAIL   "
        };
        s.push_str(&format!("{status} {}  {}\n", m.id, m.title));
        if !r.passed() && !r.ignored() {
            if let Some(o) = &r.outcome {
                for line in o.diff(lang).lines() {
                    s.push_str(&format!("        {line}\n"));
                }
            }
        }
    }
    for e in &suite.manifest_errors {
        s.push_str(&format!("ERROR   {e}\n"));
    }
    s.push('\n');
    let failed: Vec<&str> = suite
        .results
        .iter()
        .filter(|r| !r.passed() && !r.ignored())
        .map(|r| r.case.manifest.id.as_str())
        .collect();
    if !failed.is_empty() {
        s.push_str(&format!("failed: {}\n", failed.join(" ")));
    }
    s.push_str(&format!(
        "careplan-conformance {} / {} under {}\n",
        env!("CARGO_PKG_VERSION"),
        count(suite.results.len(), "case"),
        suite.root.display()
    ));
    if let Some(p) = junit_path {
        s.push_str(&format!("JUnit report: {p}\n"));
    }
    s.push_str(&format!(
        "cases: {} passed, {} failed, {} skipped\n",
        suite.passed(),
        suite.failed(),
        suite.ignored()
    ));
    s
}

#[cfg(test)]
mod tests {
    use super::xml_text;

    #[test]
    fn xml_text_escapes_markup_and_drops_what_xml_cannot_hold() {
        assert_eq!(xml_text("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&apos;");
        assert_eq!(
            xml_text("\u{1b}[31mred\u{1b}[0m"),
            "\\u{001B}[31mred\\u{001B}[0m"
        );
        assert_eq!(xml_text("x\u{0}y\r\n"), "x\\u{0000}y&#13;\n");
        assert_eq!(xml_text("第7表"), "第7表");
    }
}
