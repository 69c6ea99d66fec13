//! GitHub Actions workflow commands: one `::error` or `::warning` line per
//! finding, so that each shows as an annotation on the file and line, then
//! a `::notice` with the totals. See "Workflow commands for GitHub Actions"
//! (setting an error/warning message) for the syntax and its escaping.

use super::{Options, Reporter, Run, Waiver, WaiverState};
use crate::finding::{Finding, Lang};
use crate::rules::catalogue::Severity;

/// Escaping of a command's message (`%`, CR and LF).
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escaping of a property value (also `:` and `,`).
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

/// One annotation line.
pub fn annotation(f: &Finding, o: &Options) -> String {
    annotation_with(f, o, None)
}

/// One annotation line of a finding of `run`: a waived finding is a notice,
/// never an error or a warning.
pub fn run_annotation(run: &Run, f: &Finding, o: &Options) -> String {
    annotation_with(f, o, run.waiver(f))
}

fn annotation_with(f: &Finding, o: &Options, waiver: Option<&Waiver>) -> String {
    let kind = match (waiver, f.severity()) {
        (Some(_), _) => "notice",
        (None, Severity::Error) => "error",
        (None, Severity::Warning) => "warning",
    };
    // The path escaped as everywhere (an ESC or BEL of a file name would
    // otherwise reach the log's terminal).
    let mut props = vec![format!("file={}", property(&super::printable(&f.path)))];
    if let Some(l) = f.pos.line {
        props.push(format!("line={l}"));
    }
    props.push(format!(
        "title={}",
        property(&format!("{} ({})", f.rule.id, f.rule.spec_ref))
    ));
    // The path is in the annotation's location; the message starts at the rule.
    format!(
        "::{kind} {}::{}",
        props.join(","),
        data(&super::message_with(f, o, waiver))
    )
}

/// Every finding as an annotation (at most `max` when given), then the totals.
pub fn github(run: &Run, o: &Options, max: Option<usize>) -> String {
    let mut out = String::new();
    let total = run.findings().count();
    for f in run.findings().take(max.unwrap_or(usize::MAX)) {
        out.push_str(&run_annotation(run, f, o));
        out.push('\n');
    }
    for e in &run.io_errors {
        out.push_str(&format!(
            "::error title=careplan-conformance::{}\n",
            data(e)
        ));
    }
    // A waiver past its date is an error on its line of the configuration
    // file; one that matches nothing, a warning.
    for w in &run.waivers.list {
        if let Some(text) = w.diagnostic(o.lang) {
            let kind = match w.state {
                WaiverState::Expired => "error",
                _ => "warning",
            };
            out.push_str(&format!(
                "::{kind} file={},line={},title={}::{}\n",
                property(&w.file),
                w.line,
                property(&match o.lang {
                    Lang::Ja => format!("careplan-conformance 免除 {}", w.rule),
                    Lang::En => format!("careplan-conformance waiver {}", w.rule),
                }),
                data(&text)
            ));
        }
    }
    let shown = max.map_or(total, |m| m.min(total));
    let errors = run.count(Severity::Error);
    let warnings = run.count(Severity::Warning);
    let waived = (!run.waivers.list.is_empty()).then(|| run.tally(run.findings()).waived);
    let totals = match o.lang {
        Lang::Ja => {
            let waived = waived.map(|n| format!("、免除 {n}件")).unwrap_or_default();
            let more = if shown < total {
                format!("（{total}件中 {shown}件を表示: --max-findings）")
            } else {
                String::new()
            };
            format!(
                "{}ファイルを検査: エラー {errors}件、警告 {warnings}件{waived}{more}",
                run.files.len()
            )
        }
        Lang::En => {
            let waived = waived.map(|n| format!(", {n} waived")).unwrap_or_default();
            let more = if shown < total {
                format!(" ({shown} shown of {total}: --max-findings)")
            } else {
                String::new()
            };
            format!(
                "{} checked: {}, {}{waived}{more}",
                super::count(run.files.len(), "file"),
                super::count(errors, "error"),
                super::count(warnings, "warning"),
            )
        }
    };
    out.push_str(&format!(
        "::notice title=careplan-conformance::{}\n",
        data(&totals)
    ));
    out
}

pub struct Github;

impl Reporter for Github {
    fn name(&self) -> &'static str {
        "github"
    }
    fn about(&self) -> &'static str {
        "GitHub Actions workflow commands: findings as annotations"
    }
    fn render(&self, run: &Run, o: &Options) -> String {
        github(run, o, o.max_findings)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn properties_and_messages_are_escaped() {
        assert_eq!(super::property("a,b:c%\n"), "a%2Cb%3Ac%25%0A");
        assert_eq!(super::data("50% a:b\r\n"), "50%25 a:b%0D%0A");
    }
}
