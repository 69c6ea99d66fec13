//! One language at a time: every subcommand, run on the bundled cases with
//! `--lang en` and with `--lang ja`, prints and writes no sentence of the
//! other language.
//!
//! The subcommands are read from `--help` (and `spec --help`), the formats of
//! `check` from the reporter registry: a subcommand or format added without a
//! recipe here fails [`every_subcommand_has_a_recipe`], so that new text is
//! covered as soon as it exists.
//!
//! What is checked: standard output, standard error and every file a command
//! writes (reports, summaries, checklists), split by kind: JSON string values
//! (keys are the format's own and English by definition), XML attribute
//! values and text, HTML text outside `<script>` and `<style>`, and plain
//! text. What may be in the other language is kept narrow:
//!
//! - in English output, Japanese only as the standard and the data write it:
//!   text quoted in 「…」, values quoted in '…' (what a file holds, masked or
//!   not), and runs of Japanese (with their digits: `第7表`, not `レコード2`)
//!   that occur as such in the data: the revisions' data (field, kind, table
//!   and code names, the notes and quotes of the text), the scenario pack
//!   (its titles, descriptions, cells: what a vendor enters into a Japanese
//!   product), the rules' spec references (section names of the standard),
//!   and the files of the cases and of the pack (values found in them);
//! - in Japanese output, English only where it is a name: rule IDs and other
//!   ids (`k01-plan-initial`), file names and paths, options (`--lang`),
//!   words in capitals (CSV, MS932, PASS), values quoted in '…' or `…`, and
//!   the short list [`JA_ALLOWED_WORDS`] of identifiers every format shares
//!   (format names, the harness's name). A JSON, XML or HTML value without
//!   a space is an identifier (`error`, `export`), not a sentence.
//!
//! Every other word of the wrong language fails, with the command, the place
//! and the line.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use careplan_conformance as lib;

/// English words that are identifiers in every language: the output formats
/// and the harness's own name.
/// English words that are identifiers in every language: the output formats,
/// the harness's name, and the standard's "No." of an item.
const JA_ALLOWED_WORDS: &[&str] = &[
    "careplan",
    "conformance",
    "human",
    "json",
    "sarif",
    "github",
    "html",
    "junit",
    "markdown",
    "No",
    // Names of products and the notation of arithmetic.
    "windows",
    "javascript",
    "mod",
    "excel",
    // A JavaScript function a case's title names (`getDay()`).
    "getday",
    // File extensions named alone (a found value, a case's folder).
    "txt",
    "xls",
    "xlsx",
];

/// Japanese the rules' English documentation uses as names of the standard
/// (or of its world) where no run of the data has them alone, and the
/// values of its examples: each stays as the standard or the file writes it.
const EN_GLOSSARY: &[&str] = &[
    "第1・2・3表",
    "第6表・第7表",
    "第6表・第7表・実績",
    "事業所区分",
    "グループホーム",
    "ケアプランデータ連携システム",
    "ＮＯ",
    "300単位",
    "1日～5日",
    "／9999",
    "100－0001",
    "山田花子",
    "譖懈律",
    // The consistency rules' documentation: the notices and forms their
    // formulas rest on, the care levels and the columns of the 第7表 and of
    // the 請求書 as those texts name them.
    "告示第19号",
    "二",
    "三",
    "（平成27年3月23日厚生労働省告示第93号）",
    "老企第29号",
    "別紙1",
    "介護給付費請求書",
    "請求書",
    "費用合計",
    "公費",
    "介護扶助",
    "処遇改善加算",
    "要介護1",
    "要介護3",
    "要介護4",
    "要支援2",
    "区分支給限度基準を超える単位数",
    "利用者負担（保険／事業対象分）",
    "短期入所生活介護合計",
    "30日超",
    "サービス2",
    "大規模型通所介護・通所リハ",
    "小規模多機能・看護小規模多機能",
    // `No.9（全合計 999999）` of a spec reference, once a GitHub
    // annotation's title escapes the comma after it.
    "9（",
];

/// Outputs that are in both languages or in English by decision, with the
/// reason; each must still hold the other language (an entry that no
/// longer does fails, so that the list only shrinks).
const KNOWN_GAPS: &[(&str, Want, &str)] = &[
    (
        "rules --format",
        Want::Ja,
        "the traceability document (docs/traceability.md): the notes' decisions and reasons in the revision data are written in English only",
    ),
    (
        "spec show UPSIKYU --spec 3.2",
        Want::Ja,
        "the 3.2 layouts' basis in the revision data is written in English only",
    ),
    (
        "registry",
        Want::Ja,
        "the register page is one public page in both languages, Japanese first (README, Signed certificates and the register)",
    ),
    (
        "registry",
        Want::En,
        "the register page is one public page in both languages, Japanese first (README, Signed certificates and the register)",
    ),
];

/// Every subcommand and action name (`check`, `golden`, `diff`): names.
fn subcommands_all() -> &'static BTreeSet<String> {
    static S: OnceLock<BTreeSet<String>> = OnceLock::new();
    S.get_or_init(|| {
        commands()
            .iter()
            .flat_map(|c| c.split(' ').map(str::to_string).collect::<Vec<_>>())
            .collect()
    })
}

fn is_japanese(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{303F}' // CJK punctuation: 、。「」〜
        | '\u{3040}'..='\u{30FF}' // kana
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FF01}'..='\u{FF60}' // full-width forms: （）＋０-９
        | '①'..='⑳'
        | '○' | '△' | '―' | '※')
}

/// Maximal runs of Japanese characters, with the ASCII digits inside or at
/// either end of them (`第7表`, `レコード2`).
fn japanese_runs(s: &str) -> Vec<String> {
    let mut runs = Vec::new();
    let mut cur = String::new();
    let mut has_ja = false;
    for c in s.chars() {
        if is_japanese(c) || c.is_ascii_digit() {
            has_ja |= is_japanese(c);
            cur.push(c);
        } else {
            if has_ja {
                runs.push(std::mem::take(&mut cur));
            }
            cur.clear();
            has_ja = false;
        }
    }
    if has_ja {
        runs.push(cur);
    }
    runs
}

/// The text without what is quoted: 「…」 (the standard's text) and '…'
/// (a value as found).
fn unquoted(s: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    let mut chars = s.chars().peekable();
    let mut in_value = false;
    let mut prev = ' ';
    while let Some(c) = chars.next() {
        match c {
            '「' => depth += 1,
            '」' if depth > 0 => depth -= 1,
            // A value in double quotes, as a file holds it (`"山田"`).
            '"' if depth == 0 && !in_value => depth = usize::MAX,
            '"' if depth == usize::MAX => depth = 0,
            // A value opens after a space, '(' or ':' and closes before one
            // of ' ,)]:' or the end (an apostrophe inside a word is not one).
            '\'' if !in_value && (prev.is_whitespace() || "(:=[".contains(prev)) => in_value = true,
            '\'' if in_value
                && chars
                    .peek()
                    .is_none_or(|n| n.is_whitespace() || ",)]:;.".contains(*n)) =>
            {
                in_value = false
            }
            c if depth == 0 && !in_value => out.push(c),
            _ => {}
        }
        prev = c;
    }
    out
}

/// The data (see the module's comment): every run of Japanese it holds,
/// all of its text, and the keywords of the revision data.
struct Data {
    runs: BTreeSet<String>,
    text: String,
    keywords: BTreeSet<String>,
}

/// A value masked in the output (`finding::mask`): every letter is one of
/// the stand-ins of its class (漢, あ, ア, ｱ, ９, Ｘ, ｘ) and every digit a 9;
/// the rest is punctuation kept as the value had it.
fn masked_value(run: &str) -> bool {
    let stand_in = |c: char| "漢あアｱ９Ｘｘ".contains(c);
    let letter =
        |c: char| is_kanji(c) || ('\u{3040}'..='\u{30FF}').contains(&c) && !"ー・".contains(c);
    run.chars().all(|c| stand_in(c) || !letter(c))
        && run.chars().filter(char::is_ascii_digit).all(|c| c == '9')
        && run.chars().any(|c| stand_in(c) || c == '9')
}

fn is_kanji(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}')
}

/// Whether a run of Japanese is the data's: a run of it as it stands, or a
/// term with a kanji found in its text (`外字` in a note of the standard).
/// A run of kana alone (`レコード`, `バイト`) or with digits must stand as
/// a run in the data: such words are as much the harness's as the data's.
fn in_data(run: &str) -> bool {
    let d = data();
    // Cells of the role tables, combined (`①②④⑤`).
    run.chars().all(|c| matches!(c, '①'..='⑳'))
        || EN_GLOSSARY.contains(&run)
        || d.runs.contains(run)
        || (run.chars().count() >= 2
            && run.chars().any(is_kanji)
            && !run.chars().any(|c| c.is_ascii_digit())
            && d.text.contains(run))
}

/// The pieces of a line between English words (two letters or more) and
/// between ASCII separators followed by a space.
fn pieces(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        // An English word: letters, one of them lower case (`CSV` and
        // `HHMM` are parts of names).
        let end = (i..chars.len())
            .find(|&j| !(chars[j].is_ascii_alphabetic() || chars[j] == '\''))
            .unwrap_or(chars.len());
        let word = c.is_ascii_alphabetic()
            && end - i >= 2
            && chars[i..end].iter().any(|c| c.is_ascii_lowercase());
        let sep = "|[]`".contains(c)
            || (",;:)(".contains(c)
                && (chars.get(i + 1).is_some_and(|n| *n == ' ' || *n == ':')
                    || (c == '(' && i > 0 && chars[i - 1] == ' ')));
        if word || sep {
            out.push(std::mem::take(&mut cur));
            i = if word { end } else { i + 1 };
            continue;
        }
        if c.is_ascii_alphabetic() {
            // A name in capitals, whole.
            cur.extend(&chars[i..end]);
            i = end;
            continue;
        }
        cur.push(c);
        i += 1;
    }
    out.push(cur);
    out.into_iter()
        .map(|p| {
            p.trim_matches(|c: char| c.is_ascii_whitespace() || ".,;:()|[]`*".contains(c))
                .to_string()
        })
        .filter(|p| !p.is_empty())
        .collect()
}

/// Whether a piece of a line is in the text of the data as it stands: two
/// characters or more, and not kana and digits alone (`レコード2`).
fn in_data_text(piece: &str) -> bool {
    let kana_only = piece
        .chars()
        .all(|c| !is_kanji(c) && (is_japanese(c) || c.is_ascii_digit()));
    if piece.chars().count() < 2 || kana_only {
        return false;
    }
    static SEEN: std::sync::Mutex<Option<std::collections::HashMap<String, bool>>> =
        std::sync::Mutex::new(None);
    let mut seen = SEEN.lock().unwrap();
    let seen = seen.get_or_insert_with(Default::default);
    *seen
        .entry(piece.to_string())
        .or_insert_with(|| data().text.contains(piece))
}

fn data() -> &'static Data {
    static V: OnceLock<Data> = OnceLock::new();
    V.get_or_init(|| {
        let mut v = BTreeSet::new();
        let mut text = String::new();
        let mut keywords = BTreeSet::new();
        let mut add = |s: &str| {
            v.extend(japanese_runs(s));
            text.push_str(s);
            text.push('\n');
        };
        let root = common::root();
        // The cases' manifests (their titles) and files, the pack, the
        // golden models, the revision data.
        let data_dirs = [
            root.join("harness/src/spec"),
            root.join("scenarios"),
            root.join("golden"),
            root.join("cases"),
            common::cases_tree().join("cases"),
        ];
        for dir in data_dirs {
            for e in walkdir::WalkDir::new(dir).into_iter().flatten() {
                if !e.file_type().is_file() {
                    continue;
                }
                let ext = e
                    .path()
                    .extension()
                    .map(|x| x.to_string_lossy().to_lowercase())
                    .unwrap_or_default();
                let Ok(bytes) = std::fs::read(e.path()) else {
                    continue;
                };
                match ext.as_str() {
                    // READINGS.md is the project's prose, not the data.
                    "json" | "toml" => {
                        let t = String::from_utf8_lossy(&bytes);
                        add(&t);
                        // Its strings as they read (`""` not `\"\"`).
                        let mut strings = Vec::new();
                        if ext == "json" {
                            if let Ok(v) = serde_json::from_str::<serde_json::Value>(&t) {
                                all_json_strings(&v, &mut strings);
                            }
                        } else if let Ok(v) = t.parse::<toml::Table>() {
                            all_toml_strings(&toml::Value::Table(v), &mut strings);
                        }
                        for x in strings {
                            add(&x);
                        }
                        // The scenarios' text names the keys of the files a
                        // vendor writes (`refused = true`).
                        if ext == "toml" && e.path().starts_with(common::root().join("scenarios")) {
                            keywords.extend(ascii_words(&t));
                        }
                        // The keywords of the revision data: field types,
                        // roles, confidence, decisions (`"type": "digits"`).
                        if e.path()
                            .starts_with(common::root().join("harness/src/spec"))
                        {
                            for key in [
                                "type",
                                "role",
                                "confidence",
                                "decision",
                                "note_type",
                                "length_kind",
                                "id",
                            ] {
                                let pat = format!("\"{key}\": \"");
                                for part in t.split(&pat).skip(1) {
                                    if let Some(end) = part.find('"') {
                                        keywords.insert(part[..end].to_string());
                                        keywords.extend(part[..end].split('_').map(str::to_string));
                                    }
                                }
                            }
                        }
                    }
                    "csv" => add(&encoding_rs::SHIFT_JIS.decode(&bytes).0),
                    _ => {}
                }
            }
        }
        for r in lib::rules::catalogue::ALL {
            add(r.spec_ref);
            keywords.extend(ascii_words(r.spec_ref));
        }
        // The folder of the cases (`run`'s default).
        keywords.insert("cases".to_string());
        // The standard's own words in Latin letters (`Null`, `Shift-JIS`,
        // `.jpg`): those of its quoted text and its names.
        for rev in lib::spec::revisions() {
            for k in &rev.layouts {
                // Verbatim quotes only: a described one is the project's words.
                for n in k.notes.iter().filter(|n| n.verbatim) {
                    keywords.extend(ascii_words(&n.quote));
                }
                for f in &k.fields {
                    keywords.extend(ascii_words(&f.name));
                    for n in f.notes.iter().filter(|n| n.verbatim) {
                        keywords.extend(ascii_words(&n.quote));
                    }
                }
            }
        }
        Data {
            runs: v,
            text,
            keywords,
        }
    })
}

fn all_json_strings(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(a) => a.iter().for_each(|x| all_json_strings(x, out)),
        serde_json::Value::Object(o) => o.values().for_each(|x| all_json_strings(x, out)),
        _ => {}
    }
}

fn all_toml_strings(v: &toml::Value, out: &mut Vec<String>) {
    match v {
        toml::Value::String(s) => out.push(s.clone()),
        toml::Value::Array(a) => a.iter().for_each(|x| all_toml_strings(x, out)),
        toml::Value::Table(t) => t.values().for_each(|x| all_toml_strings(x, out)),
        _ => {}
    }
}

fn ascii_words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() >= 2)
        .map(str::to_string)
        .collect()
}

#[derive(Clone, Copy, PartialEq)]
enum Want {
    Ja,
    En,
}

/// The words of the wrong language in one piece of prose.
fn wrong_words(text: &str, want: Want) -> Vec<String> {
    match want {
        Want::En => {
            // What the data holds as it stands (a note of the standard that
            // itself quotes in 「」, with ASCII inside) goes first: the
            // pieces of the line between English words and between ", ",
            // " (", ") ", ": ", "; ", each as the data writes it.
            let mut t = text.to_string();
            for piece in pieces(text) {
                if piece.chars().any(is_japanese) && in_data_text(&piece) {
                    t = t.replacen(&piece, " ", 1);
                }
            }
            japanese_runs(&unquoted(&t))
                .into_iter()
                .filter(|r| !in_data(r) && !masked_value(r))
                .collect()
        }
        Want::Ja => {
            let text = unquoted(text);
            let mut bad = Vec::new();
            for token in text.split(|c: char| c.is_whitespace() || is_japanese(c)) {
                // Names: paths, file names, options, ids, code spans.
                if token.contains('/')
                    || token.contains('\\')
                    || token.contains('_')
                    || token.contains('`')
                    || token.starts_with('-')
                    || token.contains('@')
                    || token.contains("::")
                    || token.contains("0x")
                    // A file extension (`.txt`, `.xlsx`).
                    || (token.starts_with('.') && token.len() > 1)
                    || data().keywords.contains(token)
                {
                    continue;
                }
                // An identifier of letters and digits (`sha256`, `rev32`).
                let t = token.trim_matches(|c: char| !c.is_ascii_alphanumeric());
                if t.chars().any(|c| c.is_ascii_digit())
                    && t.chars().any(|c| c.is_ascii_alphabetic())
                    && t.chars().all(|c| c.is_ascii_alphanumeric())
                {
                    continue;
                }
                // A hash or a commit, in hex.
                let hex = token.trim_matches(|c: char| !c.is_ascii_alphanumeric());
                if hex.len() >= 7 && hex.chars().all(|c| c.is_ascii_hexdigit()) {
                    continue;
                }
                let token = token.trim_matches(|c: char| !c.is_ascii_alphanumeric());
                // A file name, a version or a case id: `case.toml`, `v0.1`.
                if token.contains('.') {
                    continue;
                }
                // An id: lowercase or capitals joined by '-' with a digit or
                // of the catalogue (`k01-plan-initial`, `FLD-DATE`).
                if token.contains('-')
                    && (token.chars().any(|c| c.is_ascii_digit())
                        || token.chars().all(|c| !c.is_ascii_lowercase())
                        || pack_ids().contains(token))
                    || pack_ids().contains(token)
                    || subcommands_all().contains(token)
                {
                    continue;
                }
                for word in token.split(|c: char| !c.is_ascii_alphabetic()) {
                    if word.len() < 2
                        || word.chars().all(|c| c.is_ascii_uppercase())
                        || JA_ALLOWED_WORDS.contains(&word.to_ascii_lowercase().as_str())
                        || data().keywords.contains(word)
                    {
                        continue;
                    }
                    // A unit or constant in digits: `0xF040`, `2400`, `99.99`.
                    if word.len() <= 2 && word.chars().all(|c| "xXhH".contains(c)) {
                        continue;
                    }
                    // A masked ASCII value: every letter stands as x or X
                    // (`finding::mask`), so the file's data, not English.
                    if word.chars().all(|c| c == 'x' || c == 'X') {
                        continue;
                    }
                    bad.push(word.to_string());
                }
            }
            bad
        }
    }
}

/// The ids of the pack (profiles, scenarios), which are English-like names.
fn pack_ids() -> &'static BTreeSet<String> {
    static IDS: OnceLock<BTreeSet<String>> = OnceLock::new();
    IDS.get_or_init(|| {
        let pack = lib::certify::pack::embedded(lib::spec::DEFAULT_REVISION).unwrap();
        let mut ids: BTreeSet<String> = pack.profiles.iter().map(|p| p.id.clone()).collect();
        ids.extend(pack.scenarios.iter().map(|s| s.meta.id.clone()));
        ids.extend(pack.meta.withdrawn.iter().map(|w| w.id.clone()));
        ids
    })
}

/// The prose of an output: what a reader reads, by the output's kind.
fn prose(text: &str, want: Want) -> Vec<String> {
    let t = text.trim_start();
    if t.starts_with('{') || t.starts_with('[') {
        if let Ok(v) = serde_json::from_str::<serde_json::Value>(t) {
            let mut out = Vec::new();
            json_strings(&v, &mut out, want);
            return out;
        }
    }
    if t.starts_with("<?xml") {
        return xml_prose(t);
    }
    if t.starts_with("<!DOCTYPE html") || t.starts_with("<html") {
        return html_prose(t);
    }
    // Plain text and Markdown: a fenced block is a file's content or an
    // example of one (a TOML file), and `<br>` joins lines in a table.
    let mut out = Vec::new();
    let mut fenced = false;
    for l in text.lines() {
        if l.starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if !fenced {
            out.push(
                ["<br>", "<details>", "</details>", "<summary>", "</summary>"]
                    .iter()
                    .fold(l.to_string(), |l, t| l.replace(t, " ")),
            );
        }
    }
    out
}

/// The string values of a JSON document that are prose: not the values a
/// file holds (`found`, `before`, `after`, `char_diff`), and not a field
/// named for the other language (`title_ja` in English output).
fn json_strings(v: &serde_json::Value, out: &mut Vec<String>, want: Want) {
    match v {
        serde_json::Value::String(s) if s.contains(' ') || s.chars().any(is_japanese) => {
            out.extend(s.lines().map(str::to_string))
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| json_strings(x, out, want)),
        serde_json::Value::Object(o) => {
            for (k, x) in o {
                let other = match want {
                    Want::En => "_ja",
                    Want::Ja => "_en",
                };
                if k.ends_with(other)
                    || ["found", "before", "after", "char_diff"].contains(&k.as_str())
                {
                    continue;
                }
                json_strings(x, out, want);
            }
        }
        _ => {}
    }
}

fn unescape_xml(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&#10;", "\n")
        .replace("&amp;", "&")
}

/// Attribute values and text of XML: a value without a space (an id, a
/// class name, a number) is not prose.
fn xml_prose(x: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = x;
    while let Some(lt) = rest.find('<') {
        out.extend(unescape_xml(&rest[..lt]).lines().map(str::to_string));
        let Some(gt) = rest[lt..].find('>') else {
            break;
        };
        let tag = &rest[lt..lt + gt];
        for part in tag.split('"').skip(1).step_by(2) {
            let v = unescape_xml(part);
            if v.contains(' ') || v.chars().any(is_japanese) {
                out.extend(v.lines().map(str::to_string));
            }
        }
        rest = &rest[lt + gt + 1..];
    }
    out.retain(|l| !l.trim().is_empty());
    out
}

/// The text of an HTML page outside scripts and styles, and the attributes
/// a reader sees (`title`, `placeholder`, `aria-label`, `alt`).
fn html_prose(h: &str) -> Vec<String> {
    let mut s = h.to_string();
    for tag in ["script", "style"] {
        while let Some(a) = s.find(&format!("<{tag}")) {
            let end = format!("</{tag}>");
            let Some(b) = s[a..].find(&end) else { break };
            s.replace_range(a..a + b + end.len(), " ");
        }
    }
    let mut out = Vec::new();
    let mut rest = s.as_str();
    while let Some(lt) = rest.find('<') {
        out.extend(unescape_xml(&rest[..lt]).lines().map(str::to_string));
        let Some(gt) = rest[lt..].find('>') else {
            break;
        };
        let tag = &rest[lt..lt + gt];
        for attr in ["title=\"", "placeholder=\"", "aria-label=\"", "alt=\""] {
            if let Some(i) = tag.find(attr) {
                let v = &tag[i + attr.len()..];
                let v = &v[..v.find('"').unwrap_or(v.len())];
                out.push(unescape_xml(v));
            }
        }
        rest = &rest[lt + gt + 1..];
    }
    out.retain(|l| !l.trim().is_empty());
    out
}

/// One problem: the command, where, the line and the words.
/// The lines of `text` with words of the wrong language, one problem
/// each; the command's own arguments (a path such as `cases`) are names.
fn problems(cmd: &str, args: &[String], place: &str, text: &str, want: Want) -> Vec<String> {
    let mut out = Vec::new();
    for line in prose(text, want) {
        // A round trip's character diff shows a file's content.
        if cmd.contains(" roundtrip ") && line.starts_with("      ") {
            continue;
        }
        let mut bad = wrong_words(&line, want);
        bad.retain(|w| !args.contains(w));
        // `run` names the cases' groups, which are folders (`field: 合格 62`).
        if cmd.contains(" run ") {
            bad.retain(|w| !common::root().join("cases").join(w).is_dir());
        }
        if !bad.is_empty() {
            out.push(format!(
                "{cmd} [{place}]: {:?} in: {}",
                bad,
                line.chars().take(300).collect::<String>()
            ));
        }
    }
    out
}

/// A command of the recipes: its arguments after `--lang L`, and the files
/// it writes (relative to where it runs).
struct Recipe {
    args: Vec<String>,
    writes: Vec<String>,
    /// Run in the repository (run, golden check) rather than the cases tree.
    in_repo: bool,
}

fn recipe(args: &[&str], writes: &[&str]) -> Recipe {
    Recipe {
        args: args.iter().map(|s| s.to_string()).collect(),
        writes: writes.iter().map(|s| s.to_string()).collect(),
        in_repo: false,
    }
}

/// The signing key of the `verify` and `registry` recipes, written once.
fn key(dir: &Path) -> (PathBuf, PathBuf) {
    use ssh_key::private::{Ed25519Keypair, PrivateKey};
    use ssh_key::LineEnding;
    let k = PrivateKey::from(Ed25519Keypair::from_seed(&[7; 32]));
    let private = dir.join("key");
    let public = dir.join("key.pub");
    std::fs::write(&private, k.to_openssh(LineEnding::LF).unwrap().as_bytes()).unwrap();
    std::fs::write(&public, k.public_key().to_openssh().unwrap() + "\n").unwrap();
    (private, public)
}

/// Every subcommand's recipes, by the subcommand's name (for `spec`, the
/// action's: `spec diff`). `out` is a scratch folder for the language.
fn recipes(out: &str) -> Vec<(String, Recipe)> {
    let mut r: Vec<(String, Recipe)> = Vec::new();
    let mut add = |name: &str, rec: Recipe| r.push((name.to_string(), rec));
    for rep in lib::report::REPORTERS {
        let f = rep.name();
        add(
            "check",
            recipe(
                &[
                    "check",
                    "--format",
                    f,
                    "--timestamp",
                    "2026-01-01T00:00:00",
                    "--max-findings",
                    "400",
                    "cases",
                ],
                &[],
            ),
        );
    }
    // Files checked alone, a file too large: the notes and summaries of
    // such runs.
    add(
        "check",
        recipe(
            &[
                "check",
                "--max-file-size",
                "100",
                "--markdown",
                &format!("{out}/check.md"),
                "--junit",
                &format!("{out}/check.xml"),
                "--html",
                &format!("{out}/check.html"),
                "cases/conformant/use-set-6-7-hosoku/UPPLAN_202504_1371000017_43_1371000025_11_20250325093000.CSV",
                "cases/field",
            ],
            &["check.md", "check.xml", "check.html"],
        ),
    );
    for rule in lib::rules::catalogue::ALL {
        add("explain", recipe(&["explain", rule.id], &[]));
    }
    for f in ["human", "json", "markdown"] {
        add("rules", recipe(&["rules", "--format", f], &[]));
    }
    for f in ["human", "json"] {
        add(
            "roundtrip",
            recipe(&["roundtrip", "--format", f, "cases"], &[]),
        );
        add(
            "golden compare",
            recipe(
                &[
                    "golden",
                    "compare",
                    "--expected",
                    "conformant.use-set-6-7-hosoku",
                    "cases/field/date-april-31",
                    "--cases",
                    "@root/cases",
                    "--format",
                    f,
                ],
                &[],
            ),
        );
        add(
            "spec diff",
            recipe(&["spec", "diff", "3.2", "4.1", "--format", f], &[]),
        );
        add("profiles", recipe(&["profiles", "--format", f], &[]));
        add(
            "regress",
            recipe(
                &[
                    "regress",
                    "--from",
                    "3.2",
                    "--to",
                    "4.1",
                    "cases/rev32",
                    "--format",
                    f,
                    "--junit",
                    &format!("{out}/regress-{f}.xml"),
                ],
                &[&format!("regress-{f}.xml")],
            ),
        );
    }
    add(
        "golden compare",
        recipe(
            &[
                "golden",
                "compare",
                "--expected",
                "cases/conformant/use-set-6-7-hosoku",
                "cases/conformant/use-set-with-subtotal",
            ],
            &[],
        ),
    );
    add(
        "golden emit",
        recipe(
            &[
                "golden",
                "emit",
                "--case",
                "conformant.use-set-6-7-hosoku",
                "--cases",
                "@root/cases",
                "--out",
                &format!("{out}/emit"),
            ],
            &[],
        ),
    );
    let mut golden_check = recipe(&["golden", "check"], &[]);
    golden_check.in_repo = true;
    add("golden check", golden_check);
    // bless rewrites the repository's golden models: run on a copy.
    add(
        "golden bless",
        recipe(
            &[
                "golden",
                "bless",
                "--cases",
                &format!("{out}/bless/cases"),
                "--golden",
                &format!("{out}/bless/golden"),
            ],
            &[],
        ),
    );
    for kind in ["UPPLAN", "UP2KYO"] {
        add("spec show", recipe(&["spec", "show", kind], &[]));
    }
    add(
        "spec export",
        recipe(
            &["spec", "export", "4.1", &format!("{out}/export-4.1")],
            &[],
        ),
    );
    let mut spec_validate = recipe(&["spec", "validate", "harness/src/spec/4.1"], &[]);
    spec_validate.in_repo = true;
    add("spec validate", spec_validate);
    add(
        "spec show",
        recipe(&["spec", "show", "UPSIKYU", "--spec", "3.2"], &[]),
    );
    for dir in ["late-version", "conformant-jisseki", "conformant-plan-set"] {
        add(
            "migrate",
            recipe(
                &[
                    "migrate",
                    "--to",
                    "4.1",
                    &format!("cases/rev32/{dir}"),
                    &format!("{out}/migrate-{dir}"),
                ],
                &[],
            ),
        );
    }
    add(
        "anonymize",
        recipe(
            &[
                "anonymize",
                "--seed",
                "7",
                "cases/conformant/delete-plan",
                &format!("{out}/anonymize"),
            ],
            &[],
        ),
    );
    let pack = lib::certify::pack::embedded(lib::spec::DEFAULT_REVISION).unwrap();
    for p in &pack.profiles {
        let emit = format!("{out}/scenarios-{}", p.id);
        add(
            "scenarios",
            recipe(
                &["scenarios", "--profile", &p.id, "--emit", &emit],
                &[&format!("scenarios-{}/checklist.md", p.id)],
            ),
        );
        add("scenarios", recipe(&["scenarios", "--profile", &p.id], &[]));
        let sub = format!("cases/certification/reference/{}", p.id);
        let certs = format!("{out}/certify/{}", p.id);
        let mut args = vec![
            "certify",
            "--profile",
            &p.id,
            "--submission",
            &sub,
            "--out",
            &certs,
            "--generated-at",
            "2026-01-01T00:00:00Z",
            "--sign-key",
            "@key",
        ];
        if !common::cases_tree().join(&sub).is_dir() {
            args.truncate(args.len() - 2);
        }
        let files: Vec<String> = ["junit.xml", "summary.md", "certificate.json"]
            .iter()
            .map(|f| format!("certify/{}/{f}", p.id))
            .collect();
        let files: Vec<&str> = files.iter().map(String::as_str).collect();
        add("certify", recipe(&args, &files));
    }
    // A failing submission: findings, a missing scenario, loose files.
    add(
        "certify",
        recipe(
            &[
                "certify",
                "--profile",
                "kyotaku-shien",
                "--submission",
                "cases/certification/reference/service-provider",
                "--out",
                &format!("{out}/certify-failing"),
                "--generated-at",
                "2026-01-01T00:00:00Z",
            ],
            &[
                "certify-failing/junit.xml",
                "certify-failing/summary.md",
                "certify-failing/certificate.json",
            ],
        ),
    );
    add(
        "verify",
        recipe(
            &[
                "verify",
                "--key",
                "@key.pub",
                &format!("{out}/certify/kyotaku-shien/certificate.json"),
                "--submission",
                "cases/certification/reference/kyotaku-shien",
            ],
            &[],
        ),
    );
    add(
        "verify",
        recipe(
            &[
                "verify",
                "--key",
                "@key.pub",
                &format!("{out}/certify/houkatsu/certificate.json"),
                "--submission",
                "cases/certification/reference/kyotaku-shien",
            ],
            &[],
        ),
    );
    add(
        "registry",
        recipe(
            &[
                "registry",
                &format!("{out}/certify"),
                "--key",
                "@key.pub",
                "--out",
                &format!("{out}/site"),
            ],
            &["site/index.html", "site/registry.json"],
        ),
    );
    let mut run = recipe(&["run", "--junit", &format!("{out}/run.xml")], &["run.xml"]);
    run.in_repo = true;
    add("run", run);
    let mut run = recipe(
        &[
            "run",
            "--filter",
            "date",
            "--junit",
            &format!("{out}/run-field.xml"),
        ],
        &["run-field.xml"],
    );
    run.in_repo = true;
    add("run", run);
    add("completions", recipe(&["completions", "bash"], &[]));
    r
}

/// The subcommands `--help` lists (and `spec`'s actions), by name.
fn subcommands(args: &[&str]) -> Vec<String> {
    let o = common::run(args);
    let help = String::from_utf8_lossy(&o.stdout).into_owned();
    help.lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .filter(|s| s != "help")
        .collect()
}

/// The commands a recipe must exist for: every subcommand, and each action
/// of those with actions (`spec`, `golden`).
fn commands() -> Vec<String> {
    let mut out = Vec::new();
    for sub in subcommands(&["--help"]) {
        let actions = subcommands(&[&sub, "--help"]);
        if actions.is_empty() {
            out.push(sub);
        } else {
            out.extend(actions.into_iter().map(|a| format!("{sub} {a}")));
        }
    }
    out
}

#[test]
fn every_subcommand_has_a_recipe() {
    let names: BTreeSet<String> = recipes("x").into_iter().map(|(n, _)| n).collect();
    let missing: Vec<String> = commands()
        .into_iter()
        .filter(|c| !names.contains(c))
        .collect();
    assert!(
        missing.is_empty(),
        "no language recipe for: {missing:?} (add one to tests/lang.rs)"
    );
    let formats: BTreeSet<String> = recipes("x")
        .into_iter()
        .filter(|(n, _)| n == "check")
        .flat_map(|(_, r)| r.args.into_iter().skip(2).take(1))
        .collect();
    for rep in lib::report::REPORTERS {
        assert!(
            formats.contains(rep.name()),
            "check --format {}",
            rep.name()
        );
    }
}

/// Runs every recipe with `--lang lang` and returns the problems, without
/// those of the known gaps; fails when a known gap has none.
fn run_all(lang: &str, want: Want) -> Vec<String> {
    let all = run_recipes(lang, want);
    let gap = |p: &String| {
        KNOWN_GAPS
            .iter()
            .position(|(cmd, w, _)| *w == want && p.starts_with(&format!("--lang {lang} {cmd}")))
    };
    for (i, (cmd, w, why)) in KNOWN_GAPS.iter().enumerate() {
        if *w == want {
            assert!(
                all.iter().any(|p| gap(p) == Some(i)),
                "the known gap `{cmd}` ({why}) is closed: remove it from KNOWN_GAPS"
            );
        }
    }
    all.into_iter().filter(|p| gap(p).is_none()).collect()
}

fn run_recipes(lang: &str, want: Want) -> Vec<String> {
    let tree = common::cases_tree();
    let out_rel = format!("target/test-scratch/lang-{lang}-{}", std::process::id());
    let mut found = Vec::new();
    for base in [tree.to_path_buf(), common::root()] {
        let _ = std::fs::remove_dir_all(base.join(&out_rel));
        std::fs::create_dir_all(base.join(&out_rel)).unwrap();
    }
    let (private, public) = key(&tree.join(&out_rel));
    // golden bless works on a copy of the cases and golden models.
    let bless = tree.join(&out_rel).join("bless");
    copy_dir(&common::root().join("cases"), &bless.join("cases"));
    copy_dir(&common::root().join("golden"), &bless.join("golden"));
    for (name, rec) in recipes(&out_rel) {
        let cwd = if rec.in_repo {
            common::root()
        } else {
            tree.to_path_buf()
        };
        let args: Vec<String> = rec
            .args
            .iter()
            .map(|a| match a.as_str() {
                "@key" => private.display().to_string(),
                "@key.pub" => public.display().to_string(),
                _ => a.replace("@root", &common::root().display().to_string()),
            })
            .collect();
        let o = Command::new(env!("CARGO_BIN_EXE_careplan-conformance"))
            .env_remove("CAREPLAN_LANG")
            .arg("--lang")
            .arg(lang)
            .args(&args)
            .current_dir(&cwd)
            .output()
            .expect("the binary runs");
        let shown = format!("--lang {lang} {}", rec.args.join(" "));
        assert!(
            o.status.code().is_some_and(|c| c < 2) || name == "verify",
            "{shown} ({name}) exits {:?}: {}",
            o.status.code(),
            String::from_utf8_lossy(&o.stderr)
        );
        if name == "completions" {
            // A shell script: its words are the shell's and the options'.
            continue;
        }
        for (place, bytes) in [("stdout", &o.stdout), ("stderr", &o.stderr)] {
            found.extend(problems(
                &shown,
                &rec.args,
                place,
                &String::from_utf8_lossy(bytes),
                want,
            ));
        }
        for w in &rec.writes {
            let path = cwd.join(&out_rel).join(w);
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{shown}: {} not written: {e}", path.display()));
            found.extend(problems(&shown, &rec.args, w, &text, want));
        }
    }
    found
}

fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from).into_iter().flatten() {
        let dest = to.join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

/// Fails with the first lines found; all of them are written to
/// `target/test-scratch/lang-NAME.txt`.
fn report(name: &str, found: Vec<String>) {
    if !found.is_empty() {
        let n = found.len();
        let all = common::root().join(format!("target/test-scratch/lang-{name}.txt"));
        let _ = std::fs::write(&all, found.join("\n") + "\n");
        let shown: Vec<String> = found.into_iter().take(80).collect();
        panic!(
            "{n} lines in the wrong language (all in {}):\n{}",
            all.display(),
            shown.join("\n")
        );
    }
}

#[test]
fn english_outputs_hold_no_japanese_of_the_harness() {
    report("en", run_all("en", Want::En));
}

#[test]
fn japanese_outputs_hold_no_english_of_the_harness() {
    report("ja", run_all("ja", Want::Ja));
}

#[test]
fn the_detectors_see_the_other_language() {
    // English output: the standard's names and quotes pass, the harness's
    // Japanese does not.
    assert!(wrong_words("field No.10 サービス利用日: found '山田'", Want::En).is_empty());
    assert!(wrong_words("as 「本文の文」 says, 第7表 rows", Want::En).is_empty());
    assert_eq!(
        wrong_words("[レコード2, バイト231]", Want::En),
        ["レコード2", "バイト231"]
    );
    assert_eq!(wrong_words("エラー: the value", Want::En), ["エラー"]);
    // Japanese output: names pass, English words do not.
    assert!(wrong_words(
        "cases/a.CSV:2: [FLD-DATE] 日付です (項目No.10: 値 'abc def') --lang k01-plan-initial CSV",
        Want::Ja
    )
    .is_empty());
    assert_eq!(
        wrong_words(
            "(field No.10 サービス利用日: found '1', expected 6桁)",
            Want::Ja
        ),
        ["field", "found", "expected"]
    );
    assert_eq!(
        wrong_words("identical (canonical)", Want::Ja),
        ["identical", "canonical"]
    );
    assert_eq!(
        prose(
            "{\"message\": \"a b\", \"severity\": \"error\", \"title_ja\": \"日本語\"}",
            Want::En
        ),
        ["a b"]
    );
}

/// The language: `--lang`, else `CAREPLAN_LANG`, else the configuration
/// file's `lang`, else Japanese.
#[test]
fn the_language_comes_from_the_command_line_the_environment_or_the_configuration() {
    let with_config = common::scratch("lang-config");
    std::fs::write(
        with_config.join("careplan-conformance.toml"),
        "lang = \"en\"\n",
    )
    .unwrap();
    let without = common::scratch("lang-none");
    // A folder above the scratch folders may not hold a configuration.
    let last = |dir: &Path, env: Option<&str>, args: &[&str]| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_careplan-conformance"));
        c.env_remove("CAREPLAN_LANG")
            .current_dir(dir)
            .args(args)
            .arg("rules");
        if let Some(v) = env {
            c.env("CAREPLAN_LANG", v);
        }
        let o = c.output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8_lossy(&o.stdout)
            .lines()
            .last()
            .unwrap_or_default()
            .to_string()
    };
    let (ja, en) = (
        format!("規則 {}件", lib::rules::catalogue::ALL.len()),
        format!("{} rules", lib::rules::catalogue::ALL.len()),
    );
    assert_eq!(last(&without, None, &[]), ja);
    assert_eq!(last(&without, Some("en"), &[]), en);
    assert_eq!(last(&without, Some("en"), &["--lang", "ja"]), ja);
    assert_eq!(last(&with_config, None, &[]), en);
    assert_eq!(last(&with_config, Some("ja"), &[]), ja);
    assert_eq!(last(&with_config, Some("ja"), &["--lang", "en"]), en);
    // A value that is not a language is a usage error.
    let o = Command::new(env!("CARGO_BIN_EXE_careplan-conformance"))
        .env("CAREPLAN_LANG", "fr")
        .current_dir(&without)
        .arg("rules")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
}

/// What a README documents: the `careplan-conformance` invocations (the
/// program and the subcommand and action that follow it:
/// `careplan-conformance golden compare`) and every `--option` it names.
fn documented(text: &str) -> (BTreeSet<String>, BTreeSet<String>) {
    let mut commands = BTreeSet::new();
    let mut options = BTreeSet::new();
    for (i, _) in text.match_indices("careplan-conformance ") {
        let rest = &text[i + "careplan-conformance ".len()..];
        // Subcommands and actions, and the global options before them.
        let words: Vec<&str> = rest
            .split_whitespace()
            .take_while(|w| {
                subcommands_all().contains(*w) || ["--lang", "en", "--version"].contains(w)
            })
            .take(4)
            .collect();
        if !words.is_empty() {
            commands.insert(words.join(" "));
        }
    }
    let chars: Vec<char> = text.chars().collect();
    for i in 0..chars.len().saturating_sub(2) {
        let starts = chars[i] == '-'
            && chars[i + 1] == '-'
            && chars[i + 2].is_ascii_lowercase()
            && (i == 0 || !(chars[i - 1].is_ascii_alphanumeric() || chars[i - 1] == '-'));
        if starts {
            let opt: String = chars[i..]
                .iter()
                .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || **c == '-')
                .collect();
            options.insert(opt.trim_end_matches('-').to_string());
        }
    }
    (commands, options)
}

/// README.ja.md is README.md in Japanese: both document the same
/// invocations and the same options.
#[test]
fn the_readmes_list_the_same_commands_and_options() {
    let read = |name: &str| std::fs::read_to_string(common::root().join(name)).unwrap();
    let (en_commands, en_options) = documented(&read("README.md"));
    let (ja_commands, ja_options) = documented(&read("README.ja.md"));
    assert!(en_commands.len() >= 20, "{en_commands:?}");
    assert!(en_options.len() >= 30, "{en_options:?}");
    let diff = |a: &BTreeSet<String>, b: &BTreeSet<String>| -> Vec<String> {
        a.symmetric_difference(b).cloned().collect()
    };
    assert!(
        en_commands == ja_commands,
        "commands in one README only: {:?}",
        diff(&en_commands, &ja_commands)
    );
    assert!(
        en_options == ja_options,
        "options in one README only: {:?}",
        diff(&en_options, &ja_options)
    );
}
