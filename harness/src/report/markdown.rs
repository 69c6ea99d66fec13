//! A Markdown summary of one `check` run, for a CI job summary
//! (`$GITHUB_STEP_SUMMARY`) or a merge request: the verdict, totals per file,
//! the rules that fired, and the first findings.

use std::collections::BTreeMap;

use super::{run_finding_line, Options, Reporter, Run, WaiverState};
use crate::finding::Lang;
use crate::rules::catalogue::Severity;

/// Table cells: `|` and line breaks would end the cell.
fn cell(s: &str) -> String {
    super::printable(s).replace('|', "\\|")
}

/// A code span that holds any text: delimited by one backtick more than the
/// longest run inside it (CommonMark), so a name cannot close it and turn
/// the rest into Markdown or HTML.
fn code(s: &str) -> String {
    let text = cell(s);
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    if longest > 0 {
        format!("{fence} {text} {fence}")
    } else {
        format!("{fence}{text}{fence}")
    }
}

/// The summary; at most `max` findings are listed (all of them are counted).
pub fn markdown(run: &Run, o: &Options, max: usize) -> String {
    let ja = o.lang == Lang::Ja;
    let errors = run.count(Severity::Error);
    let warnings = run.count(Severity::Warning);
    let mut s = String::new();
    let verdict = match (run.exit_code(), ja) {
        (0, true) => "✅ 適合（エラーなし）",
        (0, false) => "✅ conformant (no error)",
        (1, true) if errors == 0 => "❌ 期限切れの免除があります",
        (1, false) if errors == 0 => "❌ a waiver has expired",
        (1, true) => "❌ 不適合（エラーあり）",
        (1, false) => "❌ not conformant (errors found)",
        (_, true) => "⚠️ 読めないパスがあります",
        (_, false) => "⚠️ some paths could not be read",
    };
    s.push_str(&format!("## careplan-conformance: {verdict}\n\n"));
    s.push_str(&if ja {
        format!(
            "{}ファイル・{}レコードを検査: エラー {errors}件、警告 {warnings}件（careplan-conformance {}、仕様 {}）\n\n",
            run.files.len(),
            run.files.iter().map(|f| f.records).sum::<u32>(),
            env!("CARGO_PKG_VERSION"),
            run.revision.as_deref().unwrap_or("ファイルごとに判定")
        )
    } else {
        format!(
            "{} files, {} records checked: {errors} errors, {warnings} warnings (careplan-conformance {}, revision {})\n\n",
            run.files.len(),
            run.files.iter().map(|f| f.records).sum::<u32>(),
            env!("CARGO_PKG_VERSION"),
            run.revision.as_deref().unwrap_or("per file")
        )
    });
    for e in &run.io_errors {
        s.push_str(&format!("- ⚠️ {}\n", code(e)));
    }
    if !run.io_errors.is_empty() {
        s.push('\n');
    }
    let waivers = !run.waivers.list.is_empty();
    if let Some(line) = super::waivers_summary(run, o.lang) {
        s.push_str(&cell(&line));
        s.push_str("\n\n");
        for w in &run.waivers.list {
            if let Some(d) = w.diagnostic(o.lang) {
                let mark = match w.state {
                    WaiverState::Expired => "❌",
                    _ => "⚠️",
                };
                s.push_str(&format!("- {mark} {}\n", cell(&d)));
            }
        }
        if run
            .waivers
            .list
            .iter()
            .any(|w| w.state != WaiverState::Applied)
        {
            s.push('\n');
        }
    }
    // A column of waived findings when there are waivers.
    let (head, rule) = match (ja, waivers) {
        (true, false) => (
            "| ファイル | 種類 | レコード | エラー | 警告 |",
            "|---|---|---:|---:|---:|",
        ),
        (false, false) => (
            "| file | kind | records | errors | warnings |",
            "|---|---|---:|---:|---:|",
        ),
        (true, true) => (
            "| ファイル | 種類 | レコード | エラー | 警告 | 免除 |",
            "|---|---|---:|---:|---:|---:|",
        ),
        (false, true) => (
            "| file | kind | records | errors | warnings | waived |",
            "|---|---|---:|---:|---:|---:|",
        ),
    };
    s.push_str(&format!("{head}\n{rule}\n"));
    for f in &run.files {
        let t = run.tally(&f.findings);
        let waived = if waivers {
            format!(" {} |", t.waived)
        } else {
            String::new()
        };
        s.push_str(&format!(
            "| {} | {} | {} | {} | {} |{waived}\n",
            code(&f.path),
            f.kind.as_deref().unwrap_or("-"),
            f.records,
            t.errors,
            t.warnings
        ));
    }
    let v = crate::verdict::of(run);
    let lines = crate::verdict::text(&v, o.lang, super::human::MAX_CAUSES);
    if let Some((head, rest)) = lines.split_first() {
        s.push_str(&format!("\n### {}\n\n", cell(head.trim_end_matches(':'))));
        for l in rest {
            let depth = l.len() - l.trim_start().len();
            s.push_str(&format!(
                "{}- {}\n",
                " ".repeat(depth.saturating_sub(2)),
                cell(l.trim_start().trim_start_matches("← "))
            ));
        }
    }
    // Per rule: every finding counted, the waived ones also apart.
    let mut by_rule: BTreeMap<&str, (usize, usize, &str, &str)> = BTreeMap::new();
    for f in run.findings() {
        let e =
            by_rule
                .entry(f.rule.id)
                .or_insert((0, 0, f.severity().label(o.lang), f.rule.spec_ref));
        e.0 += 1;
        e.1 += usize::from(run.waiver(f).is_some());
    }
    if !by_rule.is_empty() {
        s.push_str(match (ja, waivers) {
            (true, false) => "\n| ルール | 重大度 | 件数 | 仕様 |\n|---|---|---:|---|\n",
            (false, false) => "\n| rule | severity | count | spec |\n|---|---|---:|---|\n",
            (true, true) => {
                "\n| ルール | 重大度 | 件数 | うち免除 | 仕様 |\n|---|---|---:|---:|---|\n"
            }
            (false, true) => {
                "\n| rule | severity | count | waived | spec |\n|---|---|---:|---:|---|\n"
            }
        });
        for (id, (n, w, sev, spec)) in &by_rule {
            let w = if waivers {
                format!(" {w} |")
            } else {
                String::new()
            };
            s.push_str(&format!("| `{id}` | {sev} | {n} |{w} {} |\n", cell(spec)));
        }
        let total = run.findings().count();
        s.push_str(&format!(
            "\n<details><summary>{}</summary>\n\n```text\n",
            if ja {
                format!("指摘（{}件中{}件）", total, total.min(max))
            } else {
                format!("findings ({} of {total})", total.min(max))
            }
        ));
        for f in run.findings().take(max) {
            s.push_str(&run_finding_line(run, f, o).replace("```", "`\u{200b}``"));
            s.push('\n');
        }
        if max < total {
            s.push_str(&if ja {
                format!("…ほか{}件（--max-findings {max}）\n", total - max)
            } else {
                format!("… and {} more (--max-findings {max})\n", total - max)
            });
        }
        s.push_str("```\n\n</details>\n");
    }
    s
}

/// Findings listed in the Markdown summary when `max_findings` is not given:
/// a job summary has a size limit.
pub const DEFAULT_MAX_FINDINGS: usize = 200;

pub struct Markdown;

impl Reporter for Markdown {
    fn name(&self) -> &'static str {
        "markdown"
    }
    fn about(&self) -> &'static str {
        "A Markdown summary, for a CI job summary"
    }
    fn file_help(&self) -> Option<&'static str> {
        Some("Also write a Markdown summary to this file (appended to, as $GITHUB_STEP_SUMMARY expects)")
    }
    fn appends(&self) -> bool {
        true
    }
    fn render(&self, run: &Run, o: &Options) -> String {
        markdown(run, o, o.max_findings.unwrap_or(DEFAULT_MAX_FINDINGS))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_backtick_in_a_name_cannot_close_its_code_span() {
        assert_eq!(super::code("a.CSV"), "`a.CSV`");
        assert_eq!(
            super::code("a`<img src=x>`b|c"),
            "`` a`<img src=x>`b\\|c ``"
        );
        assert_eq!(super::code("x``y"), "``` x``y ```");
    }
}
