//! The human output: one line per finding (at most `max_findings`), then
//! the totals and the revision each file was checked against.

use super::{
    checked_alone_note, count, revision_label, run_finding_line, waivers_summary, Options,
    Reporter, Run,
};
use crate::finding::Lang;
use crate::rules::catalogue::Severity;

pub struct Human;

impl Reporter for Human {
    fn name(&self) -> &'static str {
        "human"
    }
    fn about(&self) -> &'static str {
        "One line per finding, then the totals"
    }
    fn colours(&self) -> bool {
        true
    }
    fn render(&self, run: &Run, o: &Options) -> String {
        human(run, o)
    }
}

pub fn human(run: &Run, o: &Options) -> String {
    let mut out = String::new();
    // Nothing was checked because no path could be read: the errors (on
    // standard error) say it all, and totals of nothing would read as a pass.
    if run.files.is_empty() && !run.io_errors.is_empty() {
        return out;
    }
    let total = run.findings().count();
    let shown = o.max_findings.unwrap_or(usize::MAX).min(total);
    for f in run.findings().take(shown) {
        out.push_str(&run_finding_line(run, f, o));
        out.push('\n');
    }
    if shown < total {
        out.push_str(&match o.lang {
            Lang::Ja => format!("…ほか{}件（--max-findings {shown}）\n", total - shown),
            Lang::En => format!("… and {} more (--max-findings {shown})\n", total - shown),
        });
    }
    if !run.files.is_empty() && run.findings().next().is_some() {
        out.push('\n');
    }
    let errors = run.count(Severity::Error);
    let warnings = run.count(Severity::Warning);
    let records: u32 = run.files.iter().map(|f| f.records).sum();
    let failing = run
        .files
        .iter()
        .filter(|f| run.tally(&f.findings).errors > 0)
        .count();
    let version = env!("CARGO_PKG_VERSION");
    match o.lang {
        Lang::Ja => {
            out.push_str(&format!(
                "careplan-conformance {version} / 標準仕様 {} / 対象: {}\n",
                revision_label(run, o.lang),
                run.paths.join(" ")
            ));
            out.push_str(&format!(
                "{}ファイル（{}レコード）を検査: エラー {errors}件、警告 {warnings}件、エラーのあるファイル {failing}件\n",
                run.files.len(),
                records
            ));
        }
        Lang::En => {
            out.push_str(&format!(
                "careplan-conformance {version} / standard {} / checked: {}\n",
                revision_label(run, o.lang),
                run.paths.join(" ")
            ));
            out.push_str(&format!(
                "{} ({}) checked: {}, {}, {} with errors\n",
                count(run.files.len(), "file"),
                count(records as usize, "record"),
                count(errors, "error"),
                count(warnings, "warning"),
                count(failing, "file"),
            ));
        }
    }
    if let Some(w) = waivers_summary(run, o.lang) {
        out.push_str(&w);
        out.push('\n');
    }
    if run.files_checked_alone > 0 {
        out.push_str(&match o.lang {
            Lang::Ja => format!("注: {}\n", checked_alone_note(run, o.lang)),
            Lang::En => format!("note: {}\n", checked_alone_note(run, o.lang)),
        });
    }
    // What the central system's client would likely say, after the totals.
    let v = crate::verdict::of(run);
    let lines = crate::verdict::text(&v, o.lang, MAX_CAUSES);
    if !lines.is_empty() {
        out.push('\n');
        for l in lines {
            out.push_str(&crate::finding::printable(&l));
            out.push('\n');
        }
    }
    out
}

/// Causes listed per predicted message in the human and Markdown outputs.
pub const MAX_CAUSES: usize = 3;
