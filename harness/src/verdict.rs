//! What the ケアプランデータ連携システム client would likely make of a
//! check's files: per send unit and per folder taken as one transmission,
//! the client message a care office would meet and the findings that would
//! cause it. Offices and support desks meet those messages, not rule IDs;
//! this turns 「送信できない」 into the findings to fix.
//!
//! What this rests on, and how sure it is, is part of every line:
//! - the three attachment messages and which departures cause which are
//!   this harness's reading, not the client's documented behaviour (no
//!   public source states them): such lines say the message 「表示される
//!   可能性があります」, never that it will be;
//! - the limits of one transmission (30 files, 10 MB) are as reported for
//!   the support site and not confirmed in a source quoted here: they are
//!   said with 「出典未確認」;
//! - the support site's FAQ documents that a send between offices of the
//!   same 事業所番号 may fail (quoted in [`FAQ_SAME_OFFICE`]), with its own
//!   modality;
//! - the standard defines the CSV files and the family-structure JPEG only
//!   (別紙 各レイアウト; 利用者基本情報 No.62): another attachment is said
//!   possibly not to be accepted.
//!
//! Warnings never predict a message, nor do the relations between records
//! or the consistency of a 別表's figures (a receiver's import concerns, not
//! the client's), nor the harness's own limits. Nothing here says the client compares 予定 and 実績.
//!
//! A verdict is computed from a [`Run`], with no I/O; reports render it.

use std::collections::BTreeMap;

use crate::finding::{Finding, Lang, Level, Severity};
use crate::result::{FileResult, Run};

/// The support site's FAQ, where the same-事業所番号 behaviour is stated.
pub const FAQ_URL: &str = "https://www.careplan-renkei-support.jp/faq/index.html";

/// The FAQ's sentence on sending between offices of one 事業所番号.
pub const FAQ_SAME_OFFICE: &str = "※システムの仕様上、同一事業所番号の事業所間で送受信を行うとエラーとなる場合があります。他の事業所とのデータ連携にご利用ください。";

/// Files in one transmission, as reported for the client (not confirmed).
pub const MAX_FILES: usize = 30;

/// Bytes in one transmission: 10 MB, taken as 10,000,000 bytes (the
/// smaller reading of the unit).
pub const MAX_BYTES: u64 = 10_000_000;

/// What the client may show, or what else is said of a transmission.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Message {
    /// 「添付ファイル名の形式に誤りがあります。…」
    FileName,
    /// 「ファイルの組み合わせが正しくありません。…」
    Combination,
    /// 「ケアプランデータの書式フォーマットが正しくありません。…」
    Format,
    /// The FAQ's same-事業所番号 behaviour.
    SameOffice,
    /// More than [`MAX_FILES`] files in one transmission.
    TooManyFiles,
    /// More than [`MAX_BYTES`] in one transmission.
    TooLarge,
    /// Files the standard does not define as attachments.
    NotCsv,
}

impl Message {
    /// A stable identifier, for JSON.
    pub fn id(self) -> &'static str {
        match self {
            Message::FileName => "FILE-NAME",
            Message::Combination => "COMBINATION",
            Message::Format => "FORMAT",
            Message::SameOffice => "SAME-OFFICE",
            Message::TooManyFiles => "LIMIT-FILES",
            Message::TooLarge => "LIMIT-BYTES",
            Message::NotCsv => "ATTACHMENT-TYPE",
        }
    }

    /// The client's own words, for the three attachment messages (shown in
    /// Japanese whatever the language: the client shows them so).
    pub fn client_text(self) -> Option<&'static str> {
        match self {
            Message::FileName => Some("添付ファイル名の形式に誤りがあります。標準仕様の送信単位に従ったファイルを添付してください。"),
            Message::Combination => Some("ファイルの組み合わせが正しくありません。CSVファイルの組み合わせを確認してください。"),
            Message::Format => Some("ケアプランデータの書式フォーマットが正しくありません。ケアプランデータ内の書式を確認してください。"),
            _ => None,
        }
    }

    /// The message in English, for the English output.
    fn translation(self) -> Option<&'static str> {
        match self {
            Message::FileName => Some("the attached file name is malformed; attach files that follow the standard's send units"),
            Message::Combination => Some("the combination of files is not right; check the combination of CSV files"),
            Message::Format => Some("the format of the care plan data is not right; check the format inside the care plan data"),
            _ => None,
        }
    }

    /// Whether a public source states the behaviour (and the words).
    pub fn documented(self) -> bool {
        self == Message::SameOffice
    }

    /// What the line rests on.
    pub fn basis(self, lang: Lang) -> String {
        let ja = lang == Lang::Ja;
        match self {
            Message::FileName | Message::Combination | Message::Format => if ja {
                "メッセージの文言と、どの誤りでどのメッセージが表示されるかは公開資料で確認できていません（このハーネスの読み）"
            } else {
                "the message's words and which departures cause it are not confirmed by a public source (this harness's reading)"
            }
            .to_string(),
            Message::SameOffice => {
                if ja {
                    format!("サポートサイト よくあるご質問（{FAQ_URL}）「{FAQ_SAME_OFFICE}」")
                } else {
                    format!("the support site's FAQ ({FAQ_URL}): 「{FAQ_SAME_OFFICE}」")
                }
            }
            Message::TooManyFiles | Message::TooLarge => if ja {
                "サポートサイトの案内とされる上限（出典未確認）"
            } else {
                "the limit reported for the support site (source not confirmed)"
            }
            .to_string(),
            Message::NotCsv => if ja {
                "標準仕様が定める添付はCSVファイルと家族構成画像（JPEG）だけです（別紙 各レイアウト、利用者基本情報 No.62）。クライアントの扱いは公開資料で確認できていません"
            } else {
                "the standard defines CSV files and the family-structure image (JPEG) only (annex layouts; 利用者基本情報 No.62); how the client treats others is not confirmed by a public source"
            }
            .to_string(),
        }
    }
}

/// A finding that would cause a line: which, where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cause {
    pub rule: &'static str,
    pub file: String,
    pub path: String,
    pub record: Option<u32>,
    pub field_no: Option<u16>,
    /// The finding's message in Japanese and English.
    pub message: [String; 2],
}

impl Cause {
    fn of(f: &Finding) -> Cause {
        Cause {
            rule: f.rule.id,
            file: f.file.clone(),
            path: f.path.clone(),
            record: f.pos.record,
            field_no: f.pos.field_no,
            message: [
                // As a report that masks personal data tells it.
                f.message_shown(Lang::Ja, false).into_owned(),
                f.message_shown(Lang::En, false).into_owned(),
            ],
        }
    }

    /// `[RULE] file レコード2 No.9: message`.
    pub fn text(&self, lang: Lang) -> String {
        let mut s = format!("[{}] {}", self.rule, crate::finding::printable(&self.file));
        if let Some(r) = self.record {
            s.push_str(&match lang {
                Lang::Ja => format!(" レコード{r}"),
                Lang::En => format!(" record {r}"),
            });
        }
        if let Some(n) = self.field_no {
            s.push_str(&format!(" No.{n}"));
        }
        let m = &self.message[usize::from(lang == Lang::En)];
        s.push_str(&format!(": {m}"));
        s
    }
}

/// One line of a verdict: a message and what causes it, or a fact of the
/// transmission (`found`: how many files or bytes there are).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub message: Message,
    pub causes: Vec<Cause>,
    /// For the transmission's limits and attachments: what was found.
    pub found: Option<u64>,
    /// Files the line is about that no finding names (attachments the
    /// check does not read).
    pub files: Vec<String>,
}

impl Line {
    /// The line in words: what may happen, on what basis.
    pub fn text(&self, lang: Lang) -> String {
        let ja = lang == Lang::Ja;
        match (self.message.client_text(), ja) {
            (Some(t), true) => format!("ケアプランデータ連携システムで「{t}」が表示される可能性があります"),
            (Some(t), false) => format!(
                "the ケアプランデータ連携システム client may show 「{t}」 ({})",
                self.message.translation().unwrap_or_default()
            ),
            (None, _) => match self.message {
                Message::SameOffice => if ja {
                    "送信元と送信先の事業所番号が同じです。同一事業所番号の事業所間の送受信はエラーとなる場合があります"
                } else {
                    "sender and receiver have the same 事業所番号: a send between offices of one 事業所番号 may end in an error"
                }
                .to_string(),
                Message::TooManyFiles => {
                    let n = self.found.unwrap_or_default();
                    if ja {
                        format!("1回の送信は{MAX_FILES}ファイルまでとされています。このフォルダには{n}ファイルあり、1回では送信できない可能性があります（送信単位ごとに分けて送ります）")
                    } else {
                        format!("one transmission is said to take at most {MAX_FILES} files; this folder holds {n}, which may not go in one (send the units separately)")
                    }
                }
                Message::TooLarge => {
                    let n = self.found.unwrap_or_default();
                    if ja {
                        format!("1回の送信は10MB（{MAX_BYTES}バイトとして判定）までとされています。このフォルダのファイルは計{n}バイトで、1回では送信できない可能性があります（利用者を分けて送信単位を分けることができます: 本文2.6）")
                    } else {
                        format!("one transmission is said to take at most 10 MB (taken as {MAX_BYTES} bytes); this folder's files hold {n} bytes, which may not go in one (users may be split over send units: 本文2.6)")
                    }
                }
                Message::NotCsv => {
                    if ja {
                        "CSV（と家族構成画像 JPEG）以外のファイルがあります。添付できない可能性があります".to_string()
                    } else {
                        "files other than CSV (and the family-structure JPEG) are here; they may not be accepted as attachments".to_string()
                    }
                }
                _ => String::new(),
            },
        }
    }
}

/// A send unit as the names form it, or the files whose names place them
/// in none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// The folder the files are in.
    pub folder: String,
    /// The ファイル連番 and parties, when the names give them.
    pub serial: Option<String>,
    pub parties: Option<String>,
    pub kinds: Vec<String>,
    pub files: Vec<String>,
    pub lines: Vec<Line>,
}

impl Unit {
    /// `送信単位 UPPLAN・UPSIKYU（連番 …、… → …）`.
    pub fn label(&self, lang: Lang) -> String {
        let kinds = if self.kinds.is_empty() {
            "-".to_string()
        } else {
            self.kinds.join(if lang == Lang::Ja { "・" } else { ", " })
        };
        match (&self.serial, &self.parties, lang) {
            (Some(s), Some(p), Lang::Ja) => format!("送信単位 {kinds}（連番 {s}、{p}）"),
            (Some(s), Some(p), Lang::En) => format!("send unit {kinds} (連番 {s}, {p})"),
            (_, _, Lang::Ja) => format!(
                "名前から送信単位を決められないファイル（{}）",
                self.files.join("、")
            ),
            (_, _, Lang::En) => format!(
                "files whose names place them in no send unit ({})",
                self.files.join(", ")
            ),
        }
    }
}

/// A folder taken as one transmission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transmission {
    pub folder: String,
    pub files: usize,
    pub bytes: u64,
    pub lines: Vec<Line>,
}

/// The verdict of a run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Verdict {
    pub units: Vec<Unit>,
    pub transmissions: Vec<Transmission>,
}

impl Verdict {
    /// Whether anything is predicted at all.
    pub fn is_empty(&self) -> bool {
        self.units.iter().all(|u| u.lines.is_empty())
            && self.transmissions.iter().all(|t| t.lines.is_empty())
    }
}

/// The message a finding would cause, if any: errors only; the name's
/// departures are the file-name message, the bytes', structure's, fields'
/// and file's the format message, the send units' the combination message;
/// the relations between records none (the receiver's import), but a
/// missing family image (a file of the combination).
pub fn message_of(f: &Finding) -> Option<Message> {
    if f.severity() != Severity::Error {
        return None;
    }
    Some(match f.rule.id {
        "NAME-SAME-OFFICE" => Message::SameOffice,
        // The direction of kinds is not something the client is known to
        // check; the harness's own limits are no departure of the file.
        "NAME-DIRECTION" | "FILE-FINDINGS-LIMIT" => return None,
        "CSV-FILE-TOO-LARGE" => Message::TooLarge,
        "ENC-NOT-CSV" => Message::NotCsv,
        "FILE-HOSOKU-SET" | "REL-IMAGE-MISSING" => Message::Combination,
        // A name of another revision's grammar is a matter of the name.
        "FILE-REVISION-MISMATCH"
            if matches!(f.fact, Some(crate::fact::Fact::RevisionNameGrammar { .. })) =>
        {
            Message::FileName
        }
        _ => match f.rule.level {
            Level::Name => Message::FileName,
            Level::Encoding | Level::Structure | Level::Field | Level::File => Message::Format,
            Level::Unit => Message::Combination,
            // The figures of a 別表 are the receiver's and the claim's
            // concern (and only ever warnings).
            Level::Relation | Level::Consistency => return None,
        },
    })
}

fn folder_of(path: &str) -> String {
    std::path::Path::new(path)
        .parent()
        .map(|p| p.display().to_string())
        .unwrap_or_default()
}

fn lines_of(files: &[&FileResult], same_office: bool) -> Vec<Line> {
    let mut by: BTreeMap<Message, Vec<Cause>> = BTreeMap::new();
    for f in files.iter().flat_map(|f| &f.findings) {
        // Attachments of another type are said of the transmission.
        if let Some(m) = message_of(f).filter(|m| *m != Message::NotCsv) {
            by.entry(m).or_default().push(Cause::of(f));
        }
    }
    // The FAQ speaks of the 事業所番号 alone: the same number with other
    // kinds is said too, without a finding of the standard to cite.
    if same_office {
        by.entry(Message::SameOffice).or_default();
    }
    by.into_iter()
        .map(|(message, causes)| Line {
            message,
            causes,
            found: None,
            files: Vec::new(),
        })
        .collect()
}

/// A send unit's key: its folder, and the ファイル連番 and parties its
/// names give (none for files whose names place them in no unit).
type UnitKey = (String, Option<(String, String)>);

/// A folder's checked files and its other files (path, size).
type FolderFiles<'a> = (Vec<&'a FileResult>, Vec<&'a (String, u64)>);

/// The verdict of a run: its files grouped into send units by their names
/// (folder, ファイル連番, sender and receiver), each with the messages its
/// findings would cause; and each folder taken as one transmission, with
/// the limits and attachments of one.
pub fn of(run: &Run) -> Verdict {
    let mut groups: BTreeMap<UnitKey, Vec<&FileResult>> = BTreeMap::new();
    for f in &run.files {
        let n = &f.name;
        let key = match (&n.timestamp, &n.sender, &n.receiver) {
            (Some(t), Some(s), Some(r)) => {
                let show = |o: &str, k: &Option<String>| match k {
                    Some(k) => format!("{o}_{k}"),
                    None => o.to_string(),
                };
                Some((
                    t.clone(),
                    format!(
                        "{} → {}",
                        show(s, &n.sender_kind),
                        show(r, &n.receiver_kind)
                    ),
                ))
            }
            _ => None,
        };
        groups.entry((folder_of(&f.path), key)).or_default().push(f);
    }
    let mut units = Vec::new();
    for ((folder, key), files) in groups {
        let same_office = files
            .iter()
            .any(|f| matches!((&f.name.sender, &f.name.receiver), (Some(s), Some(r)) if s == r));
        let mut kinds: Vec<String> = Vec::new();
        for f in &files {
            if let Some(k) = &f.kind {
                if !kinds.contains(k) {
                    kinds.push(k.clone());
                }
            }
        }
        units.push(Unit {
            folder,
            serial: key.as_ref().map(|k| k.0.clone()),
            parties: key.map(|k| k.1),
            kinds,
            files: files.iter().map(|f| f.file.clone()).collect(),
            lines: lines_of(&files, same_office),
        });
    }
    // Units in 連番 order within a folder (the order the receiver is
    // expected to process them, 本文2.5); unplaced files last.
    units.sort_by(|a, b| {
        (&a.folder, a.serial.is_none(), &a.serial, &a.parties).cmp(&(
            &b.folder,
            b.serial.is_none(),
            &b.serial,
            &b.parties,
        ))
    });

    let mut folders: BTreeMap<String, FolderFiles> = BTreeMap::new();
    for f in &run.files {
        folders.entry(folder_of(&f.path)).or_default().0.push(f);
    }
    for o in &run.other_files {
        folders.entry(folder_of(&o.0)).or_default().1.push(o);
    }
    let mut transmissions = Vec::new();
    for (folder, (files, others)) in folders {
        let count = files.len() + others.len();
        let bytes =
            files.iter().map(|f| f.bytes).sum::<u64>() + others.iter().map(|o| o.1).sum::<u64>();
        let mut lines = Vec::new();
        if count > MAX_FILES {
            lines.push(Line {
                message: Message::TooManyFiles,
                causes: Vec::new(),
                found: Some(count as u64),
                files: Vec::new(),
            });
        }
        if bytes > MAX_BYTES {
            lines.push(Line {
                message: Message::TooLarge,
                causes: Vec::new(),
                found: Some(bytes),
                files: Vec::new(),
            });
        }
        let not_csv: Vec<Cause> = files
            .iter()
            .flat_map(|f| &f.findings)
            .filter(|f| f.rule.id == "ENC-NOT-CSV")
            .map(Cause::of)
            .collect();
        if !not_csv.is_empty() || !others.is_empty() {
            lines.push(Line {
                message: Message::NotCsv,
                causes: not_csv,
                found: None,
                files: others
                    .iter()
                    .map(|o| {
                        std::path::Path::new(&o.0)
                            .file_name()
                            .map(|n| n.to_string_lossy().into_owned())
                            .unwrap_or_default()
                    })
                    .collect(),
            });
        }
        transmissions.push(Transmission {
            folder,
            files: count,
            bytes,
            lines,
        });
    }
    Verdict {
        units,
        transmissions,
    }
}

/// The verdict as lines of text, for the human and Markdown outputs: at
/// most `max_causes` causes per line (the JSON holds them all).
pub fn text(v: &Verdict, lang: Lang, max_causes: usize) -> Vec<String> {
    let ja = lang == Lang::Ja;
    let mut out = Vec::new();
    if v.is_empty() {
        return out;
    }
    out.push(
        if ja {
            "ケアプランデータ連携システムでの見込み（このハーネスの推定です。クライアントの動作として公開されているものではありません）:"
        } else {
            "What the ケアプランデータ連携システム client may say (this harness's estimate, not the client's published behaviour):"
        }
        .to_string(),
    );
    let mut bases: Vec<Message> = Vec::new();
    let mut push_lines = |out: &mut Vec<String>, lines: &[Line]| {
        for l in lines {
            out.push(format!("    {}", l.text(lang)));
            for c in l.causes.iter().take(max_causes) {
                out.push(format!("      ← {}", c.text(lang)));
            }
            if l.causes.len() > max_causes {
                let more = l.causes.len() - max_causes;
                out.push(if ja {
                    format!("      ← …ほか{more}件")
                } else {
                    format!("      ← … and {more} more")
                });
            }
            if !l.files.is_empty() {
                out.push(format!(
                    "      ← {}",
                    l.files.join(if ja { "、" } else { ", " })
                ));
            }
            let key = match l.message {
                Message::FileName | Message::Combination | Message::Format => Message::Format,
                m => m,
            };
            if !bases.contains(&key) {
                bases.push(key);
            }
        }
    };
    for u in v.units.iter().filter(|u| !u.lines.is_empty()) {
        out.push(format!("  {}", u.label(lang)));
        push_lines(&mut out, &u.lines);
    }
    for t in v.transmissions.iter().filter(|t| !t.lines.is_empty()) {
        out.push(if ja {
            format!(
                "  送信全体（{} を1回の送信とみなす: {}ファイル、{}バイト）",
                t.folder, t.files, t.bytes
            )
        } else {
            format!(
                "  the transmission ({} taken as one: {} files, {} bytes)",
                t.folder, t.files, t.bytes
            )
        });
        push_lines(&mut out, &t.lines);
    }
    bases.sort();
    for b in bases {
        out.push(format!(
            "  {}{}",
            if ja { "根拠: " } else { "basis: " },
            b.basis(lang)
        ));
    }
    out
}

/// The verdict as JSON: each unit and transmission with its lines, each
/// line with its message, whether it is documented, its basis and every
/// cause.
pub fn json(v: &Verdict, lang: Lang) -> serde_json::Value {
    use serde_json::json;
    let line = |l: &Line| {
        json!({
            "message_id": l.message.id(),
            "message_ja": l.message.client_text(),
            "text": l.text(lang),
            "documented": l.message.documented(),
            "basis": l.message.basis(lang),
            "found": l.found,
            "files": l.files,
            "causes": l.causes.iter().map(|c| json!({
                "rule": c.rule,
                "file": c.file,
                "path": c.path,
                "record": c.record,
                "field_no": c.field_no,
                "message": c.message[usize::from(lang == Lang::En)],
            })).collect::<Vec<_>>(),
        })
    };
    json!({
        "units": v.units.iter().map(|u| json!({
            "folder": u.folder,
            "serial": u.serial,
            "parties": u.parties,
            "kinds": u.kinds,
            "files": u.files,
            "lines": u.lines.iter().map(line).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "transmissions": v.transmissions.iter().map(|t| json!({
            "folder": t.folder,
            "files": t.files,
            "bytes": t.bytes,
            "lines": t.lines.iter().map(line).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}
