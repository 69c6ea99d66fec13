//! Reports: one `check` run rendered in each output format. Every format is
//! a [`Reporter`] listed in [`REPORTERS`]; all render the same [`Run`] with
//! the same [`Options`], so they cannot disagree, and each is deterministic
//! for the same input. A new format is one module with a `Reporter` and one
//! line in `REPORTERS`: `check --format` and the `--NAME FILE` options are
//! built from the list, and the tests iterate it.

use std::collections::BTreeMap;

pub mod github;
pub mod html;
pub mod human;
pub mod json;
pub mod junit;
pub mod junit_xml;
pub mod markdown;
pub mod plan_compare;
pub mod sarif;
pub mod suite;

pub use human::human;
pub use json::json;

use serde_json::{json, Value};

pub use crate::finding::{count, printable};
use crate::finding::{Finding, Lang};
pub use crate::result::{Run, Tally, Waiver, WaiverState};
use crate::rules::catalogue::Severity;

/// What every format is rendered with; each format uses what applies to it.
#[derive(Debug, Clone)]
pub struct Options {
    pub lang: Lang,
    pub show_personal: bool,
    /// ANSI colour on the rule IDs of the human output (a terminal, no NO_COLOR).
    pub color: bool,
    /// List at most this many findings in the human, GitHub and Markdown
    /// outputs (all are counted; the other formats hold every finding).
    pub max_findings: Option<usize>,
    /// The time written in reports that carry one (JUnit):
    /// `YYYY-MM-DDTHH:MM:SS`.
    pub timestamp: String,
}

/// The timestamp of a report when none is given: fixed, so that the same
/// input gives the same bytes.
pub const FIXED_TIMESTAMP: &str = "1970-01-01T00:00:00";

impl Default for Options {
    fn default() -> Self {
        Options {
            lang: Lang::default(),
            show_personal: false,
            color: false,
            max_findings: None,
            timestamp: FIXED_TIMESTAMP.to_string(),
        }
    }
}

/// One output format of `check`.
pub trait Reporter: Sync {
    /// The format's name: the value of `--format`, and the option
    /// `--NAME FILE` when the format can also be written to a file.
    fn name(&self) -> &'static str;
    /// What the format is, one line, for `--format`'s help.
    fn about(&self) -> &'static str;
    /// The help of `--NAME FILE`; `None` when the format is only printed.
    fn file_help(&self) -> Option<&'static str> {
        None
    }
    /// Whether the format is coloured on a terminal (with `--color`); the
    /// others are never given `color`, as their text goes to tools.
    fn colours(&self) -> bool {
        false
    }
    /// Whether `--NAME FILE` appends to the file (a CI job summary other
    /// steps also write) rather than replacing it.
    fn appends(&self) -> bool {
        false
    }
    /// Whether the format shows the records findings point at: the check
    /// then keeps copies of them ([`crate::CheckOptions::keep_records`]),
    /// as a report reads no file.
    fn shows_records(&self) -> bool {
        false
    }
    /// The run in this format.
    fn render(&self, run: &Run, o: &Options) -> String;
}

/// Every output format, in the order `--format` lists them.
pub static REPORTERS: &[&dyn Reporter] = &[
    &human::Human,
    &json::Json,
    &sarif::Sarif,
    &github::Github,
    &html::Html,
    &junit::Junit,
    &markdown::Markdown,
];

/// The format called `name`.
pub fn reporter(name: &str) -> Option<&'static dyn Reporter> {
    REPORTERS.iter().copied().find(|r| r.name() == name)
}

/// One finding on one line:
/// `path:line: [RULE-ID] message (field No.N name: found 'x', expected y) [record R, byte B]`
/// (in Japanese `(項目No.N name: 値 'x'、期待値 y) [レコードR, バイトB]`).
/// The path is the file's as given or discovered, so editors and terminals can open it.
pub fn finding_line(f: &Finding, o: &Options) -> String {
    line_with(f, o, None)
}

/// [`finding_line`] of a finding of `run`, saying so when it is waived:
/// `path:line: [RULE-ID] 免除: message … [免除: reason（YYYY-MM-DDまで）]`.
pub fn run_finding_line(run: &Run, f: &Finding, o: &Options) -> String {
    line_with(f, o, run.waiver(f))
}

fn line_with(f: &Finding, o: &Options, waiver: Option<&Waiver>) -> String {
    // A path may hold anything a file system allows: shown escaped, so that
    // it can neither break the line nor send terminal or CI commands.
    let mut s = printable(&f.path);
    if let Some(l) = f.pos.line {
        s.push_str(&format!(":{l}"));
    }
    s.push_str(": ");
    s.push_str(&message_with(f, o, waiver));
    s
}

/// A finding's line without its path and line number, for the formats that
/// carry the location apart (SARIF, GitHub annotations):
/// `[RULE-ID] message (field No.N name: found 'x', expected y) [record R, byte B]`.
pub fn finding_message(f: &Finding, o: &Options) -> String {
    message_with(f, o, None)
}

/// [`finding_message`] of a finding of `run`, saying so when it is waived.
pub fn run_finding_message(run: &Run, f: &Finding, o: &Options) -> String {
    message_with(f, o, run.waiver(f))
}

/// What a waived finding's line ends with: the reason and the last day.
pub fn waived_note(w: &Waiver, lang: Lang) -> String {
    let reason = printable(&w.reason);
    match lang {
        Lang::Ja => format!("[免除: {reason}（{}まで）]", w.expires),
        Lang::En => format!("[waived until {}: {reason}]", w.expires),
    }
}

pub(crate) fn message_with(f: &Finding, o: &Options, waiver: Option<&Waiver>) -> String {
    let mut s = String::new();
    if o.color {
        let c = match (waiver, f.severity()) {
            (Some(_), _) => "2",
            (None, Severity::Error) => "1;31",
            (None, Severity::Warning) => "1;33",
        };
        s.push_str(&format!("\x1b[{c}m[{}]\x1b[0m ", f.rule.id));
    } else {
        s.push_str(&format!("[{}] ", f.rule.id));
    }
    if waiver.is_some() {
        s.push_str(match o.lang {
            Lang::Ja => "免除: ",
            Lang::En => "waived: ",
        });
    } else if f.severity() == Severity::Warning {
        s.push_str(match o.lang {
            Lang::Ja => "警告: ",
            Lang::En => "warning: ",
        });
    }
    s.push_str(&f.message_shown(o.lang, o.show_personal));
    let mut paren = Vec::new();
    if let Some(n) = f.pos.field_no {
        let name = f
            .field_name
            .as_deref()
            .map(|n| format!(" {n}"))
            .unwrap_or_default();
        let inferred = if f.pos.inferred {
            match o.lang {
                Lang::Ja => " [推定位置]",
                Lang::En => " [inferred position]",
            }
        } else {
            ""
        };
        paren.push(match o.lang {
            Lang::Ja => format!("項目No.{n}{name}{inferred}"),
            Lang::En => format!("field No.{n}{name}{inferred}"),
        });
    }
    let mut vals = Vec::new();
    if let Some(v) = f.found_display(o.show_personal) {
        // A masked value says so, in every format built on this line.
        let tag = match (f.masked(o.show_personal), o.lang) {
            (false, _) => "",
            (true, Lang::Ja) => "（マスク済み）",
            (true, Lang::En) => " (masked)",
        };
        vals.push(match o.lang {
            Lang::Ja => format!("値 '{}'{tag}", printable(&v)),
            Lang::En => format!("found '{}'{tag}", printable(&v)),
        });
    }
    if let Some(e) = f.expected_shown(o.lang, o.show_personal) {
        vals.push(match o.lang {
            Lang::Ja => format!("期待値 {e}"),
            Lang::En => format!("expected {e}"),
        });
    }
    let sep = match o.lang {
        Lang::Ja => "、",
        Lang::En => ", ",
    };
    match (paren.is_empty(), vals.is_empty()) {
        (true, true) => {}
        (false, true) => s.push_str(&format!(" ({})", paren[0])),
        (true, false) => s.push_str(&format!(" ({})", vals.join(sep))),
        (false, false) => s.push_str(&format!(" ({}: {})", paren[0], vals.join(sep))),
    }
    let mut at = Vec::new();
    if let Some(r) = f.pos.record {
        at.push(match o.lang {
            Lang::Ja => format!("レコード{r}"),
            Lang::En => format!("record {r}"),
        });
    }
    if let Some(b) = f.pos.byte {
        at.push(match o.lang {
            Lang::Ja => format!("バイト{b}"),
            Lang::En => format!("byte {b}"),
        });
    }
    if !at.is_empty() {
        s.push_str(&format!(" [{}]", at.join(", ")));
    }
    if let Some(w) = waiver {
        s.push(' ');
        s.push_str(&waived_note(w, o.lang));
    }
    s
}

/// One line on the waivers of a run, for the summaries; `None` without a
/// configuration that has any.
pub fn waivers_summary(run: &Run, lang: Lang) -> Option<String> {
    let list = &run.waivers.list;
    let file = &list.first()?.file;
    let n = |s: WaiverState| list.iter().filter(|w| w.state == s).count();
    let waived = run.tally(run.findings()).waived;
    let (expired, unused) = (n(WaiverState::Expired), n(WaiverState::Unused));
    let today = &run.waivers.today;
    Some(match lang {
        Lang::Ja => format!(
            "免除（{}）: 指摘{waived}件を免除、期限切れの免除 {expired}件、未使用の免除 {unused}件（{today}時点）",
            printable(file)
        ),
        Lang::En => format!(
            "waivers ({}): {} waived; {} expired, {} unused (as of {today})",
            printable(file),
            count(waived, "finding"),
            count(expired, "waiver"),
            unused
        ),
    })
}

/// What the human and HTML reports say of files named on their own.
pub fn checked_alone_note(run: &Run, lang: Lang) -> String {
    match lang {
        Lang::Ja => format!(
            "単独で指定された{}ファイルは単独で検査しました（送信単位・紐づけの規則は適用していません。ディレクトリを指定すると適用します）",
            run.files_checked_alone
        ),
        Lang::En => format!(
            "{} file(s) named on their own were checked alone (send-unit and relation rules skipped; give a directory to apply them)",
            run.files_checked_alone
        ),
    }
}

/// How many files each revision checked, in revision order.
pub fn revision_counts(run: &Run) -> BTreeMap<&str, usize> {
    let mut m = BTreeMap::new();
    for f in &run.files {
        *m.entry(f.revision.as_str()).or_default() += 1;
    }
    m
}

/// `4.1版（CSVバージョン 202407）` when forced, else what was detected.
fn revision_label(run: &Run, lang: Lang) -> String {
    match &run.revision {
        Some(r) => {
            let csv = crate::spec::revision(r)
                .map(|x| x.csv_version.as_str())
                .unwrap_or("");
            match lang {
                Lang::Ja => format!("{r}版（CSVバージョン {csv}）"),
                Lang::En => format!("revision {r} (CSVバージョン {csv})"),
            }
        }
        None => {
            let counts: Vec<String> = revision_counts(run)
                .iter()
                .map(|(r, n)| match lang {
                    Lang::Ja => format!("{r}版 {n}"),
                    Lang::En => format!("{r}: {n}"),
                })
                .collect();
            match (lang, counts.is_empty()) {
                (Lang::Ja, true) => "版はファイルごとに判定".to_string(),
                (Lang::En, true) => "revision picked per file".to_string(),
                (Lang::Ja, false) => format!("版はファイルごとに判定（{}）", counts.join("、")),
                (Lang::En, false) => format!("revision picked per file ({})", counts.join(", ")),
            }
        }
    }
}

pub fn finding_json(f: &Finding, o: &Options) -> Value {
    json!({
        "rule": f.rule.id,
        "severity": f.severity().as_str(),
        "level": f.rule.level.as_str(),
        "file": f.file,
        "path": f.path,
        "record": f.pos.record,
        "line": f.pos.line,
        "byte": f.pos.byte,
        "field_no": f.pos.field_no,
        "field_name": f.field_name,
        "position_inferred": f.pos.inferred,
        "found": f.found_display(o.show_personal),
        "masked": f.masked(o.show_personal),
        "expected": f.expected_shown(o.lang, o.show_personal),
        "message": f.message_shown(o.lang, o.show_personal),
        "spec_ref": f.rule.spec_ref,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fact::{Fact, Shape};
    use crate::finding::Position;

    fn finding(personal: bool) -> Finding {
        Finding {
            rule: &crate::rules::field::FLD_DATE,
            file: "UPPLAN_X.CSV".into(),
            path: "cases/UPPLAN_X.CSV".into(),
            pos: Position {
                byte: Some(120),
                line: Some(3),
                record: Some(2),
                field_no: Some(10),
                inferred: false,
            },
            field_name: Some("サービス利用日".into()),
            found: Some("20250431".into()),
            personal,
            fact: Some(Fact::Shape(Shape::RealDate)),
        }
    }

    #[test]
    fn a_finding_line_says_where_and_what() {
        let o = Options::default();
        assert_eq!(
            finding_line(&finding(false), &o),
            "cases/UPPLAN_X.CSV:3: [FLD-DATE] 年月日（YYYYMMDD）として実在しない日付です (項目No.10 サービス利用日: 値 '20250431'、期待値 実在する日付 YYYYMMDD) [レコード2, バイト120]"
        );
        let en = Options {
            lang: Lang::En,
            show_personal: false,
            ..Default::default()
        };
        assert_eq!(
            finding_line(&finding(false), &en),
            "cases/UPPLAN_X.CSV:3: [FLD-DATE] not a real calendar date (YYYYMMDD) (field No.10 サービス利用日: found '20250431', expected a real date YYYYMMDD) [record 2, byte 120]"
        );
    }

    #[test]
    fn personal_values_are_masked_unless_asked() {
        let o = Options::default();
        assert!(finding_line(&finding(true), &o).contains("値 '99999999'（マスク済み）、"));
        let en = Options {
            lang: Lang::En,
            ..Default::default()
        };
        assert!(finding_line(&finding(true), &en).contains("found '99999999' (masked),"));
        assert!(!finding_line(&finding(false), &en).contains("masked"));
        let shown = Options {
            lang: Lang::Ja,
            show_personal: true,
            ..Default::default()
        };
        assert!(finding_line(&finding(true), &shown).contains("値 '20250431'"));
        let j = finding_json(&finding(true), &o);
        assert_eq!(j["found"], "99999999");
        assert_eq!(j["masked"], true);
    }
}
