//! A self-contained HTML report of one `check` run (`check --format html`,
//! `--html FILE`), for vendors and the certifying association.
//!
//! One document, no external resources: the CSS and a small script are
//! inline, and no font or image is fetched. The same run gives the same
//! bytes: no timestamp, no random ids (ids are built from file and finding
//! indices), and every table is in a stable order (files and findings as
//! the run holds them, summaries in key or catalogue order).
//!
//! What it holds:
//! - a summary: totals, then counts per send unit, per file kind, per file
//!   and per rule;
//! - every finding of the run, grouped by file, with its rule, severity,
//!   level, line, record, byte, field, found and expected values, message
//!   and spec reference;
//! - for a finding that points at a record, that record as a table (field
//!   No., name from the layout, value) with the offending field
//!   highlighted, from the copy the check kept
//!   ([`FileResult::record_copies`]): the report reads no file. A file
//!   whose copies could not be kept, or a record without one, simply gets
//!   no table.
//!
//! Personal data is masked ([`crate::finding::mask`]) in found values and
//! in record tables unless `show_personal` is set. In a record whose fields
//! do not line up with its layout (too many or too few), which value is
//! personal cannot be told, so every value is masked.
//!
//! Filters by severity and by rule are checkboxes driven by the inline
//! script; without JavaScript the controls stay hidden and every finding is
//! shown. The script also reads the URL fragment on load, so a link such as
//! `report.html#severity=warning` or `report.html#rule=FLD-DATE,FLD-LENGTH`
//! (both: `#severity=error&rule=FLD-DATE`) opens the report filtered.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use super::{Options, Run, WaiverState};
use crate::check::FileResult;
use crate::finding::{mask, Finding, Lang};
use crate::result::{RecordCopies, RecordCopy};
use crate::rules::catalogue::{self as cat, Level, Rule, Severity};
use crate::spec::KindSpec;

pub use crate::result::{
    MAX_RECORD_TABLES_PER_FILE, MAX_RECORD_TABLE_BYTES_PER_FILE, MAX_VALUE_CHARS,
};

/// Appends formatted text to a `String` (writing to a `String` cannot fail).
macro_rules! w {
    ($out:expr, $($t:tt)*) => {{
        let _ = write!($out, $($t)*);
    }};
}

/// The opening of a summary table: its class, header cells and `<tbody>`.
fn table_head(class: &str, heads: &[&str]) -> String {
    let mut s = format!("<table class=\"{class}\"><thead><tr>");
    for h in heads {
        w!(s, "<th>{}</th>", html_escape(h));
    }
    s.push_str("</tr></thead><tbody>\n");
    s
}

/// Text safe inside HTML text and quoted attribute values: markup
/// characters escaped, and control characters other than tab and line feed
/// shown as `\u{XXXX}` so that nothing in a file can change the document.
pub fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' => out.push(c),
            c if c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}' => {
                w!(out, "\\u{{{:04X}}}", c as u32)
            }
            c => out.push(c),
        }
    }
    out
}

/// A value as shown in a cell: line breaks and other control characters
/// written visibly (`\r\n`), then escaped.
fn value_text(v: &str) -> String {
    html_escape(&super::printable(v))
}

fn tr(lang: Lang, ja: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Ja => ja,
        Lang::En => en,
    }
}

fn severity_label(s: Severity, lang: Lang) -> &'static str {
    match s {
        Severity::Error => tr(lang, "エラー", "error"),
        Severity::Warning => tr(lang, "警告", "warning"),
    }
}

fn level_label(l: Level, lang: Lang) -> &'static str {
    match l {
        Level::Name => tr(lang, "ファイル名", "name"),
        Level::Encoding => tr(lang, "文字コード", "encoding"),
        Level::Structure => tr(lang, "CSV構造", "structure"),
        Level::Field => tr(lang, "項目", "field"),
        Level::File => tr(lang, "ファイル内", "file"),
        Level::Unit => tr(lang, "送信単位", "unit"),
        Level::Relation => tr(lang, "ファイル間の紐づけ", "relation"),
        Level::Consistency => tr(lang, "整合", "consistency"),
    }
}

/// A rule's place in the catalogue, for a stable order of rules.
fn catalogue_order(r: &Rule) -> usize {
    cat::ALL
        .iter()
        .position(|x| std::ptr::eq(*x, r))
        .unwrap_or(usize::MAX)
}

/// Errors and warnings among `findings` of `run`, the waived ones left out.
fn errors_warnings(run: &Run, findings: &[Finding]) -> (usize, usize) {
    let t = run.tally(findings);
    (t.errors, t.warnings)
}

/// The layout a file was checked with, when its kind and revision are known.
fn layout_of(file: &FileResult) -> Option<&'static KindSpec> {
    crate::spec::revision(&file.revision)?.layout(file.kind.as_deref()?)
}

// ------------------------------------------------------------------ records

/// Why a file's records cannot be shown.
#[derive(Debug, Clone, Copy)]
enum Unavailable {
    Unreadable,
    Changed,
    NotCsv,
}

impl Unavailable {
    fn text(self, lang: Lang) -> &'static str {
        match self {
            Unavailable::Unreadable => tr(
                lang,
                "ファイルを読み直せないため、レコードの内容は表示していません。",
                "The file could not be read again: records are not shown.",
            ),
            Unavailable::Changed => tr(
                lang,
                "検査の後にファイルが変わったため、レコードの内容は表示していません。",
                "The file changed after it was checked: records are not shown.",
            ),
            Unavailable::NotCsv => tr(
                lang,
                "CSVとして読めないファイルのため、レコードの内容は表示していません。",
                "The file cannot be read as CSV: records are not shown.",
            ),
        }
    }
}

/// The copies of a file's records the check kept, or why there are none.
fn record_copies(file: &FileResult) -> Result<Option<&BTreeMap<u32, RecordCopy>>, Unavailable> {
    match &file.record_copies {
        RecordCopies::Kept(m) => Ok(Some(m)),
        RecordCopies::NotKept => Ok(None),
        RecordCopies::NotCsv => Err(Unavailable::NotCsv),
        RecordCopies::Changed => Err(Unavailable::Changed),
        RecordCopies::Unreadable => Err(Unavailable::Unreadable),
    }
}

/// A record as a table of field No., name and value, the field `hit`
/// highlighted.
fn record_table(
    out: &mut String,
    view: &RecordCopy,
    layout: Option<&KindSpec>,
    guessed: bool,
    record: u32,
    hit: Option<u16>,
    o: &Options,
) {
    let lang = o.lang;
    // Which value is personal is known only when the fields line up with the layout.
    let aligned = !guessed && layout.is_some_and(|l| l.fields.len() == view.field_count);
    let hit_name = hit.map(|h| {
        let name = layout
            .and_then(|l| l.fields.get(usize::from(h).checked_sub(1)?))
            .map(|f| format!(" {}", f.name))
            .unwrap_or_default();
        match lang {
            Lang::Ja => format!(" — No.{h}{name}を強調"),
            Lang::En => format!(" — No.{h}{name} highlighted"),
        }
    });
    w!(
        out,
        "<details class=\"rec\"><summary>{}{}</summary>\n",
        match lang {
            Lang::Ja => format!("レコード{record}の内容（{}項目）", view.field_count),
            Lang::En => format!("Record {record} ({} fields)", view.field_count),
        },
        html_escape(&hit_name.unwrap_or_default())
    );
    if !aligned && !o.show_personal {
        w!(
            out,
            "<p class=\"note\">{}</p>\n",
            if guessed {
                tr(
                    lang,
                    "ファイル名から種別が分からず、内容から推定したレイアウトで読んでいるため、どの項目が個人情報か確かではありません。すべての値をマスクしています。",
                    "The file's name gives no kind and the layout is the one its content resembles, so personal fields cannot be told for sure: every value is masked."
                )
            } else {
                tr(
                    lang,
                    "項目数がレイアウトと合わないため、どの項目が個人情報か判別できません。すべての値をマスクしています。",
                    "The fields do not line up with the layout, so personal fields cannot be told: every value is masked."
                )
            }
        );
    }
    w!(
        out,
        "<table class=\"record\"><thead><tr><th>No.</th><th>{}</th><th>{}</th></tr></thead><tbody>\n",
        tr(lang, "項目名", "field"),
        tr(lang, "値", "value")
    );
    for (i, v) in view.values.iter().enumerate() {
        let no = i + 1;
        let spec = layout.and_then(|l| l.fields.get(i));
        let name = match (spec, layout) {
            (Some(f), _) => f.name.as_str(),
            (None, Some(_)) => tr(lang, "（レイアウトにない項目）", "(not in the layout)"),
            (None, None) => "",
        };
        // Masked by what the field holds, or because the value is not
        // what it holds (its meaning is uncertain).
        let personal = !aligned || spec.is_some_and(|f| f.masks(&v.text));
        let masked = personal && !o.show_personal && !v.text.is_empty();
        let shown = if masked {
            mask(&v.text)
        } else {
            v.text.clone()
        };
        let mut class = Vec::new();
        if hit.is_some_and(|h| usize::from(h) == no) {
            class.push("hit");
        }
        if masked {
            class.push("masked");
        }
        if class.is_empty() {
            out.push_str("<tr>");
        } else {
            w!(out, "<tr class=\"{}\">", class.join(" "));
        }
        // The copy holds the first MAX_VALUE_CHARS characters and the count.
        let cut = if v.chars > MAX_VALUE_CHARS {
            let more = v.chars - MAX_VALUE_CHARS;
            format!(
                "{}</code><span class=\"note\">{}</span><code>",
                value_text(&shown),
                match lang {
                    Lang::Ja => format!("…（ほか{more}文字）"),
                    Lang::En => format!("… ({more} more characters)"),
                }
            )
        } else {
            value_text(&shown)
        };
        w!(
            out,
            "<td class=\"n\">{no}</td><td>{}</td><td><code>{}</code></td></tr>\n",
            html_escape(name),
            cut
        );
    }
    if view.field_count > view.values.len() {
        w!(
            out,
            "<tr><td colspan=\"3\" class=\"note\">{}</td></tr>\n",
            match lang {
                Lang::Ja => format!("…ほか{}項目（省略）", view.field_count - view.values.len()),
                Lang::En => format!(
                    "… {} more fields (not shown)",
                    view.field_count - view.values.len()
                ),
            }
        );
    }
    out.push_str("</tbody></table></details>\n");
}

// ------------------------------------------------------------------ summary

/// The send unit a file is counted under in the summary: the folder it is
/// in (`parent` of its path), its ファイル連番 (the 14-digit timestamp of the
/// name) and its sender and receiver with their service kinds — the key by
/// which `check` forms send units among the files of one folder. Files
/// whose name does not give a 連番 or both parties are counted together per
/// folder. This is a way to count findings, not the unit rules' verdict: a
/// folder where two combinations share one 連番 is one row here.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct UnitKey {
    dir: String,
    serial: Option<String>,
    parties: Option<(String, Option<String>, String, Option<String>)>,
}

impl UnitKey {
    fn of(f: &FileResult) -> UnitKey {
        let dir = std::path::Path::new(&f.path)
            .parent()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        let n = &f.name;
        let parties = match (&n.sender, &n.receiver) {
            (Some(s), Some(r)) => Some((
                s.clone(),
                n.sender_kind.clone(),
                r.clone(),
                n.receiver_kind.clone(),
            )),
            _ => None,
        };
        match (&n.timestamp, parties) {
            (Some(t), Some(p)) => UnitKey {
                dir,
                serial: Some(t.clone()),
                parties: Some(p),
            },
            _ => UnitKey {
                dir,
                serial: None,
                parties: None,
            },
        }
    }
}

#[derive(Default)]
struct Tally {
    files: usize,
    records: u64,
    errors: usize,
    warnings: usize,
    kinds: Vec<String>,
}

impl Tally {
    fn add(&mut self, run: &Run, f: &FileResult) {
        let (e, w) = errors_warnings(run, &f.findings);
        self.files += 1;
        self.records += u64::from(f.records);
        self.errors += e;
        self.warnings += w;
        self.kinds
            .push(f.kind.clone().unwrap_or_else(|| "?".to_string()));
    }
}

fn count_cell(n: usize, class: &str) -> String {
    if n == 0 {
        "<td class=\"n\">0</td>".to_string()
    } else {
        format!("<td class=\"n {class}\">{n}</td>")
    }
}

/// What the central system's client would likely say: per send unit and
/// per folder, each message with its basis and the findings that cause it.
fn client_verdict(out: &mut String, run: &Run, o: &Options) {
    let lang = o.lang;
    let v = crate::verdict::of(run);
    if v.is_empty() {
        return;
    }
    w!(
        out,
        "<h3>{}</h3>\n<p class=\"note\">{}</p>\n<ul class=\"client\">\n",
        tr(
            lang,
            "ケアプランデータ連携システムでの見込み",
            "What the ケアプランデータ連携システム client may say"
        ),
        tr(
            lang,
            "このハーネスの推定です。クライアントの動作として公開されているものではありません（各行の根拠を参照）。",
            "This harness's estimate, not the client's published behaviour (see each line's basis)."
        )
    );
    let lines = |out: &mut String, lines: &[crate::verdict::Line]| {
        out.push_str("<ul>\n");
        for l in lines {
            w!(
                out,
                "<li><span class=\"client-msg\">{}</span> <span class=\"tag\">{}</span><br><span class=\"note\">{}{}</span>",
                html_escape(&l.text(lang)),
                if l.message.documented() {
                    tr(lang, "公開資料に記載あり", "documented")
                } else {
                    tr(lang, "推定", "estimate")
                },
                tr(lang, "根拠: ", "basis: "),
                html_escape(&l.message.basis(lang)),
            );
            if !l.causes.is_empty() || !l.files.is_empty() {
                out.push_str("<ul>\n");
                for c in &l.causes {
                    w!(
                        out,
                        "<li><code>{}</code></li>\n",
                        html_escape(&c.text(lang))
                    );
                }
                for f in &l.files {
                    w!(out, "<li><code>{}</code></li>\n", html_escape(f));
                }
                out.push_str("</ul>\n");
            }
            out.push_str("</li>\n");
        }
        out.push_str("</ul>\n");
    };
    for u in v.units.iter().filter(|u| !u.lines.is_empty()) {
        w!(out, "<li>{}\n", html_escape(&u.label(lang)));
        lines(out, &u.lines);
        out.push_str("</li>\n");
    }
    for t in v.transmissions.iter().filter(|t| !t.lines.is_empty()) {
        w!(
            out,
            "<li>{}\n",
            html_escape(&match lang {
                Lang::Ja => format!(
                    "送信全体（{} を1回の送信とみなす: {}ファイル、{}バイト）",
                    t.folder, t.files, t.bytes
                ),
                Lang::En => format!(
                    "the transmission ({} taken as one: {} files, {} bytes)",
                    t.folder, t.files, t.bytes
                ),
            })
        );
        lines(out, &t.lines);
        out.push_str("</li>\n");
    }
    out.push_str("</ul>\n");
}

fn summary(out: &mut String, run: &Run, o: &Options, file_ids: &[Option<usize>]) {
    let lang = o.lang;
    let errors = run.count(Severity::Error);
    let warnings = run.count(Severity::Warning);
    let records: u64 = run.files.iter().map(|f| u64::from(f.records)).sum();
    let failing = run
        .files
        .iter()
        .filter(|f| run.tally(&f.findings).errors > 0)
        .count();
    let waived = run.tally(run.findings()).waived;
    let (verdict_class, verdict) = match run.exit_code() {
        0 if warnings == 0 => ("ok", tr(lang, "指摘はありません", "No findings")),
        0 => (
            "ok",
            tr(
                lang,
                "エラーはありません（警告のみ）",
                "No errors (warnings only)",
            ),
        ),
        1 if errors == 0 => (
            "bad",
            tr(lang, "期限切れの免除があります", "A waiver has expired"),
        ),
        1 => ("bad", tr(lang, "エラーがあります", "There are errors")),
        _ => (
            "bad",
            tr(
                lang,
                "読めないパスがあります（ほかのファイルは検査済み）",
                "Some paths could not be read (the other files were checked)",
            ),
        ),
    };
    w!(
        out,
        "<section id=\"summary\">\n<h2>{}</h2>\n<p class=\"verdict {verdict_class}\">{verdict}</p>\n",
        tr(lang, "概要", "Summary")
    );
    w!(
        out,
        "<table class=\"totals\"><tbody>\n<tr><th>{}</th><td class=\"n\">{}</td></tr>\n<tr><th>{}</th><td class=\"n\">{records}</td></tr>\n<tr><th>{}</th>{}</tr>\n<tr><th>{}</th>{}</tr>\n<tr><th>{}</th>{}</tr>\n<tr><th>{}</th>{}</tr>\n</tbody></table>\n",
        tr(lang, "ファイル", "Files"),
        run.files.len(),
        tr(lang, "レコード", "Records"),
        tr(lang, "エラー", "Errors"),
        count_cell(errors, "err"),
        tr(lang, "警告", "Warnings"),
        count_cell(warnings, "warn"),
        tr(lang, "エラーのあるファイル", "Files with errors"),
        count_cell(failing, "err"),
        tr(lang, "読めなかったパス", "Paths not read"),
        count_cell(run.io_errors.len(), "err"),
    );
    if !run.waivers.list.is_empty() {
        // After the totals table: a row of its own, so that a run without
        // waivers keeps its table as it was.
        w!(
            out,
            "<table class=\"totals\"><tbody>\n<tr><th>{}</th>{}</tr>\n</tbody></table>\n",
            tr(lang, "免除した指摘", "Waived findings"),
            count_cell(waived, "waived"),
        );
    }
    if !run.waivers.list.is_empty() {
        waivers(out, run, lang, waived);
    }
    if !run.io_errors.is_empty() {
        w!(
            out,
            "<h3>{}</h3>\n<ul class=\"io\">\n",
            tr(lang, "読めなかったパス", "Paths not read")
        );
        for e in &run.io_errors {
            w!(out, "<li><code>{}</code></li>\n", html_escape(e));
        }
        out.push_str("</ul>\n");
    }
    if run.files_checked_alone > 0 {
        w!(
            out,
            "<p class=\"note\">{}</p>\n",
            format!(
                "{}{}",
                html_escape(&super::checked_alone_note(run, lang)),
                tr(lang, "。", ".")
            )
        );
    }
    client_verdict(out, run, o);
    if run.files.is_empty() {
        out.push_str("</section>\n");
        return;
    }

    // Per send unit.
    let mut units: BTreeMap<UnitKey, Tally> = BTreeMap::new();
    for f in &run.files {
        units.entry(UnitKey::of(f)).or_default().add(run, f);
    }
    w!(
        out,
        "<h3>{}</h3>\n<p class=\"note\">{}</p>\n{}",
        tr(lang, "送信単位別", "By send unit"),
        tr(
            lang,
            "フォルダ・ファイル連番・送信元と送信先でまとめています。",
            "Files grouped by folder, ファイル連番 and sender and receiver."
        ),
        table_head(
            "units",
            &[
                tr(lang, "フォルダ", "Folder"),
                tr(lang, "ファイル連番", "ファイル連番"),
                tr(lang, "送信元 → 送信先", "Sender → receiver"),
                tr(lang, "ファイル", "Files"),
                tr(lang, "レコード", "Records"),
                tr(lang, "エラー", "Errors"),
                tr(lang, "警告", "Warnings"),
            ]
        ),
    );
    for (k, t) in &units {
        let dir = if k.dir.is_empty() { "." } else { &k.dir };
        let serial =
            k.serial
                .as_deref()
                .unwrap_or(tr(lang, "（名前から読めない）", "(not in the name)"));
        let parties = match &k.parties {
            Some((s, sk, r, rk)) => {
                let kind = |k: &Option<String>| {
                    k.as_ref()
                        .map(|k| match lang {
                            Lang::Ja => format!("（{k}）"),
                            Lang::En => format!(" ({k})"),
                        })
                        .unwrap_or_default()
                };
                format!("{s}{} → {r}{}", kind(sk), kind(rk))
            }
            None => String::new(),
        };
        w!(
            out,
            "<tr><td><code>{}</code></td><td><code>{}</code></td><td>{}</td><td class=\"kinds\"><span class=\"n\">{}</span> {}</td><td class=\"n\">{}</td>{}{}</tr>\n",
            html_escape(dir),
            html_escape(serial),
            html_escape(&parties),
            t.files,
            html_escape(&t.kinds.join(", ")),
            t.records,
            count_cell(t.errors, "err"),
            count_cell(t.warnings, "warn"),
        );
    }
    out.push_str("</tbody></table>\n");

    // Per file kind.
    let mut kinds: BTreeMap<Option<String>, (Tally, Option<&'static KindSpec>)> = BTreeMap::new();
    for f in &run.files {
        let e = kinds.entry(f.kind.clone()).or_default();
        e.0.add(run, f);
        if e.1.is_none() {
            e.1 = layout_of(f);
        }
    }
    w!(
        out,
        "<h3>{}</h3>\n{}",
        tr(lang, "ファイル種別別", "By file kind"),
        table_head(
            "kinds",
            &[
                tr(lang, "種別", "Kind"),
                tr(lang, "名称", "Name"),
                tr(lang, "ファイル", "Files"),
                tr(lang, "レコード", "Records"),
                tr(lang, "エラー", "Errors"),
                tr(lang, "警告", "Warnings"),
            ]
        ),
    );
    for (kind, (t, layout)) in &kinds {
        let name = layout
            .map(|l| match lang {
                Lang::Ja => l.name_ja.as_str(),
                Lang::En => l.name_en.as_str(),
            })
            .unwrap_or("");
        w!(
            out,
            "<tr><th><code>{}</code></th><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>{}{}</tr>\n",
            html_escape(kind.as_deref().unwrap_or(tr(lang, "（不明）", "(unknown)"))),
            html_escape(name),
            t.files,
            t.records,
            count_cell(t.errors, "err"),
            count_cell(t.warnings, "warn"),
        );
    }
    out.push_str("</tbody></table>\n");

    // Per file.
    w!(
        out,
        "<h3>{}</h3>\n{}",
        tr(lang, "ファイル別", "By file"),
        table_head(
            "files",
            &[
                "#",
                tr(lang, "ファイル", "File"),
                tr(lang, "種別", "Kind"),
                tr(lang, "版", "Revision"),
                tr(lang, "レコード", "Records"),
                tr(lang, "バイト", "Bytes"),
                tr(lang, "エラー", "Errors"),
                tr(lang, "警告", "Warnings"),
            ]
        ),
    );
    for (i, f) in run.files.iter().enumerate() {
        let (e, wn) = errors_warnings(run, &f.findings);
        let name = match file_ids[i] {
            Some(id) => format!(
                "<a href=\"#file-{id}\"><code>{}</code></a>",
                html_escape(&f.path)
            ),
            None => format!("<code>{}</code>", html_escape(&f.path)),
        };
        w!(
            out,
            "<tr><td class=\"n\">{}</td><td>{name}</td><td><code>{}</code></td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>{}{}</tr>\n",
            i + 1,
            html_escape(f.kind.as_deref().unwrap_or("?")),
            html_escape(&f.revision),
            f.records,
            f.bytes,
            count_cell(e, "err"),
            count_cell(wn, "warn"),
        );
    }
    out.push_str("</tbody></table>\n");

    // Per rule.
    let mut rules: BTreeMap<(usize, &str), (&Rule, usize)> = BTreeMap::new();
    for f in run.findings() {
        rules
            .entry((catalogue_order(f.rule), f.rule.id))
            .or_insert((f.rule, 0))
            .1 += 1;
    }
    if !rules.is_empty() {
        w!(
            out,
            "<h3>{}</h3>\n{}",
            tr(lang, "ルール別", "By rule"),
            table_head(
                "rules",
                &[
                    tr(lang, "ルール", "Rule"),
                    tr(lang, "重大度", "Severity"),
                    tr(lang, "レベル", "Level"),
                    tr(lang, "件数", "Count"),
                    tr(lang, "内容", "What"),
                    tr(lang, "仕様の根拠", "Spec reference"),
                ]
            ),
        );
        for (rule, n) in rules.values() {
            w!(
                out,
                "<tr><th><code>{}</code></th><td><span class=\"sev {}\">{}</span></td><td>{}</td><td class=\"n\">{n}</td><td>{}</td><td class=\"ref\">{}</td></tr>\n",
                html_escape(rule.id),
                rule.severity.as_str(),
                severity_label(rule.severity, lang),
                level_label(rule.level, lang),
                html_escape(match lang {
                    Lang::Ja => rule.title_ja,
                    Lang::En => rule.title_en,
                }),
                html_escape(rule.spec_ref),
            );
        }
        out.push_str("</tbody></table>\n");
    }
    out.push_str("</section>\n");
}

/// The waivers of the configuration file: each with its rule, path,
/// reason, expiry date and what became of it.
fn waivers(out: &mut String, run: &Run, lang: Lang, waived: usize) {
    let first = &run.waivers.list[0];
    w!(
        out,
        "<h3>{}</h3>\n<p class=\"note\">{}</p>\n{}",
        tr(lang, "免除", "Waivers"),
        html_escape(&match lang {
            Lang::Ja => format!(
                "{} の免除: 指摘{waived}件を免除（{}時点）。免除した指摘は失敗に数えません。",
                first.file, run.waivers.today
            ),
            Lang::En => format!(
                "Waivers of {}: {waived} finding(s) waived (as of {}). Waived findings fail nothing.",
                first.file, run.waivers.today
            ),
        }),
        table_head(
            "waivers",
            &[
                tr(lang, "場所", "Where"),
                tr(lang, "ルール", "Rule"),
                tr(lang, "パス", "Path"),
                tr(lang, "理由", "Reason"),
                tr(lang, "期限", "Expires"),
                tr(lang, "状態", "State"),
            ]
        ),
    );
    for wv in &run.waivers.list {
        let state = match wv.state {
            WaiverState::Applied => match lang {
                Lang::Ja => format!("<span class=\"sev waived\">{}件を免除</span>", wv.findings),
                Lang::En => format!("<span class=\"sev waived\">{} waived</span>", wv.findings),
            },
            WaiverState::Unused => format!(
                "<span class=\"sev warning\">{}</span>",
                tr(lang, "未使用", "unused")
            ),
            WaiverState::Expired => format!(
                "<span class=\"sev error\">{}</span>",
                tr(lang, "期限切れ", "expired")
            ),
        };
        w!(
            out,
            "<tr><td><code>{}</code></td><td><code>{}</code></td><td><code>{}</code></td><td>{}</td><td class=\"n\">{}</td><td>{state}</td></tr>\n",
            html_escape(&wv.source()),
            html_escape(&wv.rule),
            html_escape(&wv.path),
            html_escape(&wv.reason),
            html_escape(&wv.expires),
        );
    }
    out.push_str("</tbody></table>\n");
}

// ------------------------------------------------------------------ findings

/// The filter controls: hidden until the script shows them, so that
/// without JavaScript nothing pretends to filter.
fn filters(out: &mut String, run: &Run, o: &Options) {
    let lang = o.lang;
    let total = run.findings().count();
    w!(
        out,
        "<form id=\"filters\" class=\"noprint\" hidden>\n<fieldset><legend>{}</legend>",
        tr(lang, "重大度", "Severity")
    );
    for s in [Severity::Error, Severity::Warning] {
        let n = run.count(s);
        w!(
            out,
            "<label><input type=\"checkbox\" name=\"severity\" value=\"{}\" checked> <span class=\"sev {}\">{}</span> <span class=\"cnt\">{n}</span></label> ",
            s.as_str(),
            s.as_str(),
            severity_label(s, lang)
        );
    }
    let waived = run.tally(run.findings()).waived;
    if waived > 0 {
        w!(
            out,
            "<label><input type=\"checkbox\" name=\"severity\" value=\"waived\" checked> <span class=\"sev waived\">{}</span> <span class=\"cnt\">{waived}</span></label> ",
            tr(lang, "免除", "waived")
        );
    }
    w!(
        out,
        "</fieldset>\n<fieldset><legend>{}</legend><div class=\"rulelist\">",
        tr(lang, "ルール", "Rule")
    );
    let mut rules: BTreeMap<(usize, &str), (&Rule, usize)> = BTreeMap::new();
    for f in run.findings() {
        rules
            .entry((catalogue_order(f.rule), f.rule.id))
            .or_insert((f.rule, 0))
            .1 += 1;
    }
    for (rule, n) in rules.values() {
        w!(
            out,
            "<label title=\"{}\"><input type=\"checkbox\" name=\"rule\" value=\"{}\" checked> <code>{}</code> <span class=\"cnt\">{n}</span></label> ",
            html_escape(match lang {
                Lang::Ja => rule.title_ja,
                Lang::En => rule.title_en,
            }),
            html_escape(rule.id),
            html_escape(rule.id),
        );
    }
    w!(
        out,
        "</div><button type=\"button\" data-act=\"all\">{}</button> <button type=\"button\" data-act=\"none\">{}</button></fieldset>\n<p><span id=\"shown\">{total}</span> / {total} {} <button type=\"button\" data-act=\"open\">{}</button> <button type=\"button\" data-act=\"close\">{}</button></p>\n</form>\n",
        tr(lang, "すべて選択", "Select all"),
        tr(lang, "すべて解除", "Clear all"),
        tr(lang, "件を表示", "findings shown"),
        tr(lang, "レコードをすべて開く", "Open all records"),
        tr(lang, "レコードをすべて閉じる", "Close all records"),
    );
}

fn findings(out: &mut String, run: &Run, o: &Options, file_ids: &[Option<usize>]) {
    let lang = o.lang;
    w!(
        out,
        "<section id=\"findings\">\n<h2>{}</h2>\n",
        tr(lang, "指摘一覧", "Findings")
    );
    if run.findings().next().is_none() {
        w!(
            out,
            "<p>{}</p>\n</section>\n",
            tr(lang, "指摘はありません。", "No findings.")
        );
        return;
    }
    w!(
        out,
        "<p class=\"note\">{}</p>\n",
        tr(
            lang,
            "行は物理行（1から）、レコードはファイル内のレコード番号（1から）、バイトはファイル先頭からの位置（0から）です。項目の番号は標準仕様の項目No.です。",
            "Line: the physical line (from 1); record: the record number in the file (from 1); byte: the offset from the start of the file (from 0). Field numbers are the standard's field No."
        )
    );
    filters(out, run, o);
    w!(
        out,
        "<noscript><p class=\"note\">{}</p></noscript>\n",
        tr(
            lang,
            "絞り込みにはJavaScriptが必要です。すべての指摘を表示しています。",
            "Filtering needs JavaScript; every finding is shown."
        )
    );
    for (fi, file) in run.files.iter().enumerate() {
        let Some(id) = file_ids[fi] else { continue };
        let layout = layout_of(file);
        // The records of the first findings that point at one.
        let with_record: Vec<u32> = file.findings.iter().filter_map(|f| f.pos.record).collect();
        let wanted: BTreeSet<u32> = with_record
            .iter()
            .take(MAX_RECORD_TABLES_PER_FILE)
            .copied()
            .collect();
        let loaded = record_copies(file);
        let (e, wn) = errors_warnings(run, &file.findings);
        w!(
            out,
            "<section class=\"file\" id=\"file-{id}\">\n<h3><code>{}</code></h3>\n<p class=\"meta\">{} <code>{}</code>{} · {} {} · {} <span class=\"err\">{e}</span> · {} <span class=\"warn\">{wn}</span></p>\n",
            html_escape(&file.file),
            tr(lang, "パス", "path"),
            html_escape(&file.path),
            match (&file.kind, layout) {
                (Some(k), Some(l)) => format!(
                    " · <code>{}</code> {}",
                    html_escape(k),
                    html_escape(match lang {
                        Lang::Ja => &l.name_ja,
                        Lang::En => &l.name_en,
                    })
                ),
                (Some(k), None) => format!(" · <code>{}</code>", html_escape(k)),
                _ => String::new(),
            },
            tr(lang, "版", "revision"),
            html_escape(&file.revision),
            tr(lang, "エラー", "errors"),
            tr(lang, "警告", "warnings"),
        );
        if let Err(why) = &loaded {
            if !wanted.is_empty() {
                w!(out, "<p class=\"note\">{}</p>\n", why.text(lang));
            }
        }
        if with_record.len() > MAX_RECORD_TABLES_PER_FILE {
            w!(
                out,
                "<p class=\"note\">{}</p>\n",
                match lang {
                    Lang::Ja => format!(
                        "レコードを指す指摘が{}件あるため、最初の{MAX_RECORD_TABLES_PER_FILE}件についてのみレコードの内容を表示しています（{}件は省略）。",
                        with_record.len(),
                        with_record.len() - MAX_RECORD_TABLES_PER_FILE
                    ),
                    Lang::En => format!(
                        "{} findings point at a record: records are shown for the first {MAX_RECORD_TABLES_PER_FILE} only ({} omitted).",
                        with_record.len(),
                        with_record.len() - MAX_RECORD_TABLES_PER_FILE
                    ),
                }
            );
        }
        w!(
            out,
            "<table class=\"findings\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n",
            tr(lang, "ルール", "Rule"),
            tr(lang, "重大度", "Severity"),
            tr(lang, "レベル", "Level"),
            tr(lang, "行", "Line"),
            tr(lang, "レコード", "Record"),
            tr(lang, "バイト", "Byte"),
            tr(lang, "項目", "Field"),
            tr(lang, "検出値", "Found"),
            tr(lang, "期待値", "Expected"),
            tr(lang, "内容", "Message"),
            tr(lang, "仕様の根拠", "Spec reference"),
        );
        let mut tables = 0usize;
        let mut table_bytes = 0usize;
        for (n, f) in file.findings.iter().enumerate() {
            let sev = f.severity();
            let waiver = run.waiver(f);
            // A waived finding is filtered as its own kind.
            let kind = if waiver.is_some() {
                "waived"
            } else {
                sev.as_str()
            };
            w!(
                out,
                "<tbody class=\"finding {kind}\" id=\"f{id}-{}\" data-rule=\"{}\" data-severity=\"{kind}\">\n<tr>",
                n + 1,
                html_escape(f.rule.id),
            );
            let waived_tag = match waiver {
                Some(wv) => format!(
                    " <span class=\"sev waived\" title=\"{}\">{}</span>",
                    html_escape(&wv.source()),
                    html_escape(&super::waived_note(wv, lang)),
                ),
                None => String::new(),
            };
            let num = |v: Option<String>| v.unwrap_or_default();
            let field = match f.pos.field_no {
                Some(no) => format!(
                    "No.{no}{}{}",
                    f.field_name
                        .as_deref()
                        .map(|n| format!(" {}", html_escape(n)))
                        .unwrap_or_default(),
                    if f.pos.inferred {
                        format!(
                            " <span class=\"tag\">{}</span>",
                            tr(lang, "推定位置", "inferred position")
                        )
                    } else {
                        String::new()
                    }
                ),
                None => String::new(),
            };
            let found = match f.found_display(o.show_personal) {
                Some(v) => {
                    let masked = f.personal && !o.show_personal;
                    format!(
                        "<code>{}</code>{}",
                        value_text(&v),
                        if masked {
                            format!(
                                " <span class=\"tag\">{}</span>",
                                tr(lang, "マスク", "masked")
                            )
                        } else {
                            String::new()
                        }
                    )
                }
                None => String::new(),
            };
            w!(
                out,
                "<td class=\"rule\"><code>{}</code></td><td><span class=\"sev {}\">{}</span>{waived_tag}</td><td class=\"lvl\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"fld\">{field}</td><td class=\"found\">{found}</td><td>{}</td><td class=\"msg\">{}</td><td class=\"ref\">{}</td></tr>\n",
                html_escape(f.rule.id),
                sev.as_str(),
                severity_label(sev, lang),
                level_label(f.rule.level, lang),
                num(f.pos.line.map(|l| l.to_string())),
                num(f.pos.record.map(|r| r.to_string())),
                num(f.pos.byte.map(|b| b.to_string())),
                f.expected_shown(lang, o.show_personal)
                    .map(|e| html_escape(&e))
                    .unwrap_or_default(),
                html_escape(&f.message_shown(lang, o.show_personal)),
                html_escape(f.rule.spec_ref),
            );
            if let (Some(r), Ok(Some(records))) = (f.pos.record, &loaded) {
                if tables < MAX_RECORD_TABLES_PER_FILE
                    && table_bytes <= MAX_RECORD_TABLE_BYTES_PER_FILE
                {
                    tables += 1;
                    if let Some(view) = records.get(&r).filter(|v| !v.blank) {
                        let before = out.len();
                        out.push_str("<tr class=\"recrow\"><td colspan=\"11\">");
                        // An inferred field No. is not the value's place in the record.
                        let hit = f.pos.field_no.filter(|_| !f.pos.inferred);
                        // A kind the content was taken for, not the name's:
                        // which value is which is a guess.
                        let guessed = file.name.kind.is_none();
                        record_table(out, view, layout, guessed, r, hit, o);
                        out.push_str("</td></tr>\n");
                        table_bytes += out.len() - before;
                        if table_bytes > MAX_RECORD_TABLE_BYTES_PER_FILE {
                            w!(
                                out,
                                "<tr><td colspan=\"11\" class=\"note\">{}</td></tr>\n",
                                tr(
                                    lang,
                                    "レコードの表示が上限（1ファイル4MB）に達したため、以降の指摘はレコードの内容を省略します。",
                                    "Records shown for this file reached the limit (4 MB): the findings below are listed without their records."
                                )
                            );
                        }
                    }
                }
            }
            out.push_str("</tbody>\n");
        }
        out.push_str("</table>\n</section>\n");
    }
    out.push_str("</section>\n");
}

// ------------------------------------------------------------------ document

const CSS: &str = r#"
:root{--fg:#1d1d1f;--muted:#5f6368;--line:#d8dbe0;--bg-alt:#f6f7f9;--err:#b3261e;--err-bg:#fdecea;--warn:#8a5300;--warn-bg:#fff4d6;--ok:#1e6b34;--ok-bg:#e6f4ea;--hit:#ffe28a}
*{box-sizing:border-box}
body{margin:0 auto;max-width:1400px;padding:1.5rem 2rem 3rem;color:var(--fg);background:#fff;font:14px/1.6 system-ui,-apple-system,"Hiragino Sans","Hiragino Kaku Gothic ProN","Noto Sans CJK JP","Yu Gothic UI","Yu Gothic",Meiryo,sans-serif}
h1{font-size:1.5rem;margin:0 0 .25rem}
h2{font-size:1.25rem;margin:2rem 0 .75rem;padding-bottom:.25rem;border-bottom:2px solid var(--fg)}
h3{font-size:1.05rem;margin:1.5rem 0 .5rem}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Noto Sans Mono CJK JP",monospace;font-size:.95em;overflow-wrap:anywhere}
a{color:#0b57d0}
.meta,.note{color:var(--muted)}
.note{font-size:.9em}
ul.client .client-msg{font-weight:600}
header .meta{margin:.1rem 0}
.personal{padding:.4rem .75rem;border-left:4px solid var(--warn);background:var(--warn-bg)}
.verdict{display:inline-block;margin:0 0 .75rem;padding:.35rem .9rem;border-radius:4px;font-weight:700}
.verdict.ok{color:var(--ok);background:var(--ok-bg)}
.verdict.bad{color:var(--err);background:var(--err-bg)}
table{border-collapse:collapse;margin:.25rem 0 1rem}
th,td{border:1px solid var(--line);padding:.25rem .5rem;text-align:left;vertical-align:top}
thead th{background:var(--bg-alt);font-weight:600;white-space:nowrap}
tbody th{font-weight:600}
td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.err,span.err{color:var(--err);font-weight:700}
td.warn,span.warn{color:var(--warn);font-weight:700}
table.totals th{min-width:12em;background:var(--bg-alt)}
table.totals td{min-width:5em}
table.findings{width:100%}
table.findings thead th{position:sticky;top:0;z-index:1}
tbody.finding{border-top:2px solid #aab0b8}
tbody.finding.error>tr:first-child>td:first-child{border-left:4px solid var(--err)}
tbody.finding.warning>tr:first-child>td:first-child{border-left:4px solid var(--warn)}
td.rule,td.lvl{white-space:nowrap}
td.found{min-width:9em}
td.fld{min-width:10em}
td.found code{background:var(--bg-alt);padding:0 .2em}
td.msg{min-width:14em}
td.ref{color:var(--muted);font-size:.9em;min-width:10em}
.sev{display:inline-block;padding:0 .45em;border-radius:3px;font-size:.85em;font-weight:700;white-space:nowrap}
.sev.error{color:var(--err);background:var(--err-bg)}
.sev.warning{color:var(--warn);background:var(--warn-bg)}
.tag{font-size:.75em;color:var(--muted);border:1px solid var(--line);border-radius:3px;padding:0 .3em;white-space:nowrap}
tr.recrow>td{background:#fbfbfc;padding:.25rem .5rem .5rem 1.5rem}
details.rec summary{cursor:pointer;color:var(--muted)}
table.record{margin:.4rem 0 .25rem;font-size:.92em}
table.record td:nth-child(2){white-space:nowrap}
table.record tr.hit td{background:var(--hit);font-weight:700}
table.record tr.hit td:first-child{box-shadow:inset 4px 0 0 var(--err)}
table.record tr.masked code{color:var(--muted)}
#filters{margin:.5rem 0 1rem;padding:.5rem .75rem;border:1px solid var(--line);border-radius:6px;background:var(--bg-alt)}
#filters fieldset{border:0;margin:0 0 .35rem;padding:0}
#filters legend{font-weight:600;padding:0;margin-bottom:.2rem}
#filters label{display:inline-block;margin:0 .9rem .2rem 0;white-space:nowrap;cursor:pointer}
#filters .cnt{color:var(--muted);font-size:.85em}
#filters p{margin:.25rem 0 0}
#filters button{font:inherit;font-size:.9em;padding:.1rem .6rem;margin-right:.3rem}
[hidden]{display:none!important}
@media print{
body{max-width:none;padding:0;font-size:9.5pt}
.noprint,#filters,noscript{display:none!important}
a{color:inherit;text-decoration:none}
h2{break-after:avoid}
h3{break-after:avoid}
tbody.finding{break-inside:avoid}
table.findings thead th{position:static}
thead{display:table-header-group}
table.record tr.hit td{-webkit-print-color-adjust:exact;print-color-adjust:exact}
.sev,.verdict{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
"#;

/// The style of waived findings, added only to a report that has waivers
/// (a report without keeps its bytes).
const WAIVED_CSS: &str = ".sev.waived{color:var(--muted);background:var(--bg-alt);font-weight:400}\ntbody.finding.waived>tr:first-child>td:first-child{border-left:4px solid var(--line)}\ntd.n.waived{color:var(--muted)}\n";

const SCRIPT: &str = r#"
(function () {
  var form = document.getElementById('filters');
  if (!form) return;
  var rows = Array.prototype.slice.call(document.querySelectorAll('tbody.finding'));
  var sections = Array.prototype.slice.call(document.querySelectorAll('section.file'));
  var boxes = Array.prototype.slice.call(form.querySelectorAll('input[type=checkbox]'));
  var shown = document.getElementById('shown');
  function apply() {
    var on = { severity: {}, rule: {} };
    boxes.forEach(function (b) { if (b.checked) on[b.name][b.value] = true; });
    var n = 0;
    rows.forEach(function (r) {
      var visible = !!(on.severity[r.getAttribute('data-severity')] && on.rule[r.getAttribute('data-rule')]);
      r.hidden = !visible;
      if (visible) n++;
    });
    sections.forEach(function (s) {
      s.hidden = !s.querySelector('tbody.finding:not([hidden])');
    });
    shown.textContent = String(n);
  }
  // #severity=warning, #rule=FLD-DATE,FLD-LENGTH, or both joined by &.
  function fromHash() {
    var h = location.hash.replace(/^#/, '');
    try { h = decodeURIComponent(h); } catch (e) { return false; }
    if (h.indexOf('=') < 0) return false;
    var want = {};
    h.split('&').forEach(function (kv) {
      var i = kv.indexOf('=');
      if (i > 0) want[kv.slice(0, i)] = kv.slice(i + 1).split(',');
    });
    boxes.forEach(function (b) {
      if (want[b.name]) b.checked = want[b.name].indexOf(b.value) >= 0;
    });
    return true;
  }
  function details(open) {
    Array.prototype.forEach.call(document.querySelectorAll('details.rec'), function (d) { d.open = open; });
  }
  form.addEventListener('change', apply);
  form.addEventListener('click', function (ev) {
    var act = ev.target.getAttribute && ev.target.getAttribute('data-act');
    if (!act) return;
    if (act === 'all' || act === 'none') {
      boxes.forEach(function (b) { if (b.name === 'rule') b.checked = act === 'all'; });
      apply();
    } else {
      details(act === 'open');
    }
  });
  window.addEventListener('hashchange', function () { if (fromHash()) apply(); });
  window.addEventListener('beforeprint', function () { details(true); });
  form.hidden = false;
  fromHash();
  apply();
})();
"#;

/// Renders the run as one HTML document (no external resources).
pub fn html(run: &Run, o: &Options) -> String {
    let lang = o.lang;
    // Files with findings get a section, numbered in run order.
    let mut next = 0;
    let file_ids: Vec<Option<usize>> = run
        .files
        .iter()
        .map(|f| {
            (!f.findings.is_empty()).then(|| {
                next += 1;
                next
            })
        })
        .collect();
    let title = tr(
        lang,
        "ケアプランデータ連携標準仕様 適合性検査結果",
        "ケアプランデータ連携標準仕様 conformance report",
    );
    let mut out = String::with_capacity(64 * 1024);
    w!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"careplan-conformance {}\">\n<title>{title}</title>\n<style>{CSS}{}</style>\n</head>\n<body>\n<header>\n<h1>{title}</h1>\n",
        match lang {
            Lang::Ja => "ja",
            Lang::En => "en",
        },
        env!("CARGO_PKG_VERSION"),
        if run.waivers.list.is_empty() {
            ""
        } else {
            WAIVED_CSS
        },
    );
    w!(
        out,
        "<p class=\"meta\">careplan-conformance {} · {} {}</p>\n<p class=\"meta\">{} {}</p>\n",
        env!("CARGO_PKG_VERSION"),
        tr(lang, "標準仕様", "standard"),
        html_escape(&super::revision_label(run, lang)),
        tr(lang, "対象:", "checked:"),
        run.paths
            .iter()
            .map(|p| format!("<code>{}</code>", html_escape(p)))
            .collect::<Vec<_>>()
            .join(" "),
    );
    w!(
        out,
        "<p class=\"{}\">{}</p>\n</header>\n<main>\n",
        if o.show_personal { "personal" } else { "meta" },
        if o.show_personal {
            tr(
                lang,
                "この報告書は個人情報（氏名・被保険者番号など）をマスクせずに含みます。取扱いに注意してください。",
                "This report holds personal data (names, insured numbers …) unmasked. Handle it accordingly.",
            )
        } else {
            tr(
                lang,
                "個人情報（氏名・被保険者番号・健康に関する記述・自由記述など）は文字の種類を保ってマスクしています（数字は9、英大文字はX、英小文字はx、全角数字は９、ひらがなはあ、カタカナはア、漢字は漢、記号と空白はそのまま）。表示するには --show-personal-data を指定します。",
                "Personal data (names, insured numbers, health, free text …) is masked keeping each character's class (digits as 9, capitals as X, small letters as x, full-width digits as ９, hiragana as あ, katakana as ア, kanji as 漢; punctuation and spaces kept); --show-personal-data shows it.",
            )
        }
    );
    summary(&mut out, run, o, &file_ids);
    findings(&mut out, run, o, &file_ids);
    w!(
        out,
        "</main>\n<script>{SCRIPT}</script>\n</body>\n</html>\n"
    );
    out
}

/// The HTML report as a [`super::Reporter`].
pub struct Html;

impl super::Reporter for Html {
    fn name(&self) -> &'static str {
        "html"
    }
    fn about(&self) -> &'static str {
        "A self-contained HTML report"
    }
    fn file_help(&self) -> Option<&'static str> {
        Some("Also write the HTML report to this file")
    }
    fn shows_records(&self) -> bool {
        true
    }
    fn render(&self, run: &Run, o: &Options) -> String {
        html(run, o)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_leaves_no_markup_and_shows_control_characters() {
        assert_eq!(
            html_escape("<script>alert('x&\"y')</script>"),
            "&lt;script&gt;alert(&#39;x&amp;&quot;y&#39;)&lt;/script&gt;"
        );
        assert_eq!(html_escape("a\u{1b}[0m\u{0}"), "a\\u{001B}[0m\\u{0000}");
        assert_eq!(value_text("a\r\nb"), "a\\r\\nb");
    }

    #[test]
    fn an_empty_run_is_a_whole_document() {
        let run = Run {
            revision: Some("4.1".into()),
            paths: vec!["<x>".into()],
            files: Vec::new(),
            io_errors: vec!["<x>: No such file".into()],
            files_checked_alone: 0,
            other_files: Vec::new(),
            waivers: Default::default(),
        };
        let h = html(&run, &Options::default());
        assert!(h.starts_with("<!DOCTYPE html>"));
        assert!(h.ends_with("</html>\n"));
        assert!(h.contains("<code>&lt;x&gt;: No such file</code>"));
        assert!(!h.contains("<x>"));
    }
}
