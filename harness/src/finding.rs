//! A finding: one departure from the standard, with its exact position,
//! and the types every level shares to say it: the rule, its severity and
//! level, the position, the language. This module names only the facts
//! ([`crate::fact`]): every level may use it.

use serde::Serialize;

use crate::fact::Fact;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }

    /// The severity in words of `lang` (`as_str` is its identifier).
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Severity::Error, Lang::Ja) => "エラー",
            (Severity::Warning, Lang::Ja) => "警告",
            (s, Lang::En) => s.as_str(),
        }
    }
}

/// The level a rule checks at, in the order the data flows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// The file name.
    Name,
    /// Bytes and encoding.
    Encoding,
    /// CSV structure, on the raw bytes.
    Structure,
    /// One field, or the fields of one record.
    Field,
    /// The records of one file together.
    File,
    /// The files of one send unit together.
    Unit,
    /// Records of one file against records of another in the same unit.
    Relation,
    /// The figures of the 第7表 against each other, against the dated
    /// tariff and against the 第6表 (整合).
    Consistency,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Name => "name",
            Level::Encoding => "encoding",
            Level::Structure => "structure",
            Level::Field => "field",
            Level::File => "file",
            Level::Unit => "unit",
            Level::Relation => "relation",
            Level::Consistency => "consistency",
        }
    }

    /// The level in words of `lang` (`as_str` is its identifier).
    pub fn label(self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.as_str(),
            Lang::Ja => match self {
                Level::Name => "ファイル名",
                Level::Encoding => "文字コード",
                Level::Structure => "CSV構造",
                Level::Field => "項目",
                Level::File => "ファイル",
                Level::Unit => "送信単位",
                Level::Relation => "紐づけ",
                Level::Consistency => "整合性",
            },
        }
    }
}

#[derive(Debug)]
pub struct Rule {
    pub id: &'static str,
    pub level: Level,
    pub severity: Severity,
    /// Where the standard says it: section, file kind, field No.
    pub spec_ref: &'static str,
    pub title_ja: &'static str,
    pub title_en: &'static str,
    /// What the rule checks and how the standard was read, including any
    /// decision taken where the standard is silent or the text uncertain.
    pub doc: &'static str,
    /// A minimal input that fires the rule.
    pub fails: &'static str,
    /// The same input corrected.
    pub passes: &'static str,
}

/// Text in the two languages the harness speaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    pub ja: String,
    pub en: String,
}

impl Text {
    pub fn new(ja: impl Into<String>, en: impl Into<String>) -> Self {
        Text {
            ja: ja.into(),
            en: en.into(),
        }
    }
    /// The same text in both languages (a value, a pattern such as `YYYYMMDD`).
    pub fn same(s: impl Into<String>) -> Self {
        let s = s.into();
        Text {
            ja: s.clone(),
            en: s,
        }
    }
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ja => &self.ja,
            Lang::En => &self.en,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Ja,
    En,
}

/// Where in a file a finding points. Every part is optional: a file-name
/// finding has none, a field finding has all of them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Position {
    /// 0-based byte offset in the file.
    pub byte: Option<u64>,
    /// 1-based physical line.
    pub line: Option<u32>,
    /// 1-based record number (a record with line breaks in free text is one record).
    pub record: Option<u32>,
    /// The standard's field No.
    pub field_no: Option<u16>,
    /// The record has another number of fields than its layout, and the
    /// field No. is where an alignment of its values to the layout puts
    /// the value (`input::align`), not its place in the record.
    pub inferred: bool,
}

impl Position {
    /// A position in a file: 0-based byte offset, 1-based physical line,
    /// and the record and field No. when known.
    pub fn at(byte: usize, line: u32, record: Option<u32>, field_no: Option<u16>) -> Position {
        Position {
            byte: Some(byte as u64),
            line: Some(line),
            record,
            field_no,
            inferred: false,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Finding {
    pub rule: &'static Rule,
    /// The file's name, without directories.
    pub file: String,
    /// The path as given or discovered (for tools that open the file).
    pub path: String,
    pub pos: Position,
    pub field_name: Option<String>,
    /// The offending value or bytes, as found.
    pub found: Option<String>,
    /// Whether `found` is personal data (masked unless asked otherwise).
    pub personal: bool,
    /// What the rule found and expected, as values (rendered by
    /// `messages`: `message` and `expected`).
    pub fact: Option<Fact>,
}

impl Finding {
    pub fn severity(&self) -> Severity {
        self.rule.severity
    }

    /// Whether the found value is shown masked.
    pub fn masked(&self, show_personal: bool) -> bool {
        self.personal && !show_personal && self.found.as_ref().is_some_and(|v| !v.is_empty())
    }

    /// The value as it may be shown: personal data is masked unless `show`
    /// is set. The bytes an encoding rule shows (a hex dump) are masked as
    /// a whole: their digits would tell one name from another.
    pub fn found_display(&self, show_personal: bool) -> Option<String> {
        self.found.as_ref().map(|v| {
            if !self.personal || show_personal {
                v.clone()
            } else if self.rule.level == Level::Encoding {
                mask_bytes(v)
            } else {
                mask(v)
            }
        })
    }
}

/// Masks personal data by character class, so that the shape that breaks a
/// rule stays visible while the content does not: ASCII digits become `9`,
/// upper-case letters `X`, lower-case `x` (`h990000022` stays visibly
/// wrong as `x999999999`), full-width digits `９` and letters `Ｘ` `ｘ`,
/// hiragana `あ`, katakana `ア`, half-width katakana `ｱ`, kanji `漢`, and
/// any other letter or symbol `＊`. Spaces, punctuation (ASCII and
/// full-width, 「ー」 included), circled numbers, control characters and a leading `H` (which
/// marks a 生活保護単独 number, read by the rules) are kept.
pub fn mask(v: &str) -> String {
    v.chars()
        .enumerate()
        .map(|(i, c)| mask_char(c, i == 0))
        .collect()
}

/// One character masked as [`mask`] masks it; `first`: the first of its
/// value.
pub fn mask_char(c: char, first: bool) -> char {
    match c {
            'H' if first => 'H',
            '0'..='9' => '9',
            'A'..='Z' => 'X',
            'a'..='z' => 'x',
            '\u{FF10}'..='\u{FF19}' => '９',
            '\u{FF21}'..='\u{FF3A}' => 'Ｘ',
            '\u{FF41}'..='\u{FF5A}' => 'ｘ',
            '\u{3041}'..='\u{3096}' => 'あ',
            '\u{30A1}'..='\u{30FA}' => 'ア',
            '\u{FF66}'..='\u{FF9D}' => 'ｱ',
            '\u{3400}'..='\u{4DBF}'
            | '\u{4E00}'..='\u{9FFF}'
            | '\u{F900}'..='\u{FAFF}'
            | '\u{20000}'..='\u{3FFFF}'
            | '々'
            | '〆'
            | '〇' => '漢',
            c if c.is_ascii() || c.is_control() || c.is_whitespace() => c,
            // Full-width forms of ASCII punctuation, CJK punctuation, the
            // prolonged sound mark and the half-width voicing marks.
            '\u{FF01}'..='\u{FF0F}'
            | '\u{FF1A}'..='\u{FF20}'
            | '\u{FF3B}'..='\u{FF40}'
            | '\u{FF5B}'..='\u{FF65}'
            | '\u{FF9E}'
            | '\u{FF9F}'
            | '\u{3001}'..='\u{3003}'
            | '\u{3008}'..='\u{3011}'
            | '\u{301C}'
            | '\u{30FB}'
            | '\u{30FC}'
            | '\u{2010}'..='\u{2015}'
            | '\u{2212}'
            // Circled numbers: the markers of a list.
            | '\u{2460}'..='\u{24FF}' => c,
            _ => '＊',
    }
}

/// Masks a hex dump of bytes (`85 9F`) as a whole: each byte becomes `**`,
/// so only their number shows.
pub fn mask_bytes(v: &str) -> String {
    v.split(' ')
        .map(|b| "*".repeat(b.chars().count()))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Control characters (a line break inside free text) shown escaped, so one
/// finding stays on one line.
pub fn printable(v: &str) -> String {
    v.chars()
        .flat_map(|c| match c {
            '\r' => "\\r".chars().collect::<Vec<_>>(),
            '\n' => "\\n".chars().collect(),
            '\t' => "\\t".chars().collect(),
            c if c.is_control() => format!("\\u{{{:04X}}}", c as u32).chars().collect(),
            c => vec![c],
        })
        .collect()
}

/// A file name or path as text, losslessly: a name that is not UTF-8 keeps
/// each byte that is not (`\xFF`), a backslash is doubled and control
/// characters are escaped as [`printable`] escapes them, so that two
/// different names never show the same and [`path_bytes`] gives the bytes
/// back (for a SARIF URI that must name the file).
pub fn path_text(p: &std::ffi::OsStr) -> String {
    #[cfg(unix)]
    let bytes = std::os::unix::ffi::OsStrExt::as_bytes(p).to_vec();
    #[cfg(not(unix))]
    let bytes = p.to_string_lossy().into_owned().into_bytes();
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '\\' => out.push_str("\\\\"),
                c if c.is_control() => out.push_str(&printable(&c.to_string())),
                c => out.push(c),
            }
        }
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02X}"));
        }
    }
    out
}

/// The bytes of a name [`path_text`] wrote (text that it did not write is
/// taken as it is).
pub fn path_bytes(t: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(t.len());
    let mut rest = t;
    while let Some(i) = rest.find('\\') {
        out.extend_from_slice(&rest.as_bytes()[..i]);
        let tail = &rest[i..];
        let hex = |s: &str| u32::from_str_radix(s, 16).ok();
        let (bytes, used): (Vec<u8>, usize) = if tail.starts_with("\\\\") {
            (vec![b'\\'], 2)
        } else if let Some(h) = tail.get(2..4).filter(|_| tail.starts_with("\\x")) {
            match hex(h) {
                Some(b) => (vec![b as u8], 4),
                None => (vec![b'\\'], 1),
            }
        } else if tail.starts_with("\\u{") {
            match tail.find('}').and_then(|e| Some((hex(&tail[3..e])?, e))) {
                Some((c, e)) => (
                    char::from_u32(c).map_or_else(Vec::new, |c| c.to_string().into_bytes()),
                    e + 1,
                ),
                None => (vec![b'\\'], 1),
            }
        } else {
            match tail.as_bytes().get(1) {
                Some(b'r') => (vec![b'\r'], 2),
                Some(b'n') => (vec![b'\n'], 2),
                Some(b't') => (vec![b'\t'], 2),
                _ => (vec![b'\\'], 1),
            }
        };
        out.extend_from_slice(&bytes);
        rest = &tail[used..];
    }
    out.extend_from_slice(rest.as_bytes());
    out
}

/// `1 file`, `2 files`.
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::{mask, printable};

    #[test]
    #[cfg(unix)]
    fn names_that_are_not_utf8_stay_distinct_and_come_back() {
        use super::{path_bytes, path_text};
        use std::os::unix::ffi::OsStrExt;
        let names: [&[u8]; 6] = [
            b"UP1KYO_\xff.CSV",
            b"UP1KYO_\xfe.CSV",
            b"UP1KYO_\\xff.CSV",
            b"a\x1b]8;;\x07b\r\n\t",
            "\u{5c71}\u{7530}.csv".as_bytes(),
            b"dir\\sub/\x81\x40x",
        ];
        let texts: Vec<String> = names
            .iter()
            .map(|n| path_text(std::ffi::OsStr::from_bytes(n)))
            .collect();
        for (n, t) in names.iter().zip(&texts) {
            assert_eq!(&path_bytes(t), n, "{t}");
            assert!(!t.chars().any(char::is_control), "{t}");
        }
        let distinct: std::collections::BTreeSet<&String> = texts.iter().collect();
        assert_eq!(distinct.len(), names.len());
        assert_eq!(texts[0], "UP1KYO_\\xFF.CSV");
        assert_eq!(texts[4], "\u{5c71}\u{7530}.csv");
    }

    #[test]
    fn line_breaks_in_values_stay_on_one_line() {
        assert_eq!(printable("a\r\nb\u{1}"), "a\\r\\nb\\u{0001}");
    }

    #[test]
    fn masking_keeps_each_character_class_but_not_content() {
        assert_eq!(mask("0123456789"), "9999999999");
        assert_eq!(mask("H12345678"), "H99999999");
        assert_eq!(mask("h990000022"), "x999999999");
        assert_eq!(mask("山田　太郎"), "漢漢　漢漢");
        assert_eq!(mask("やまだ　タロウ"), "あああ　アアア");
        assert_eq!(mask("ﾔﾏﾀﾞ ﾀﾛｳ"), "ｱｱｱﾞ ｱｱｱ");
        assert_eq!(mask("０３－１２３４－５６７８"), "９９－９９９９－９９９９");
        assert_eq!(mask("03-1234-5678"), "99-9999-9999");
        assert_eq!(mask("1945-02-31"), "9999-99-99");
        assert_eq!(mask("Yamada"), "Xxxxxx");
        assert_eq!(mask("ＡＢｃ髙﨑々"), "ＸＸｘ漢漢漢");
        assert_eq!(mask("東京都1-2-3ー4"), "漢漢漢9-9-9ー9");
        assert_eq!(mask("a\u{E000}\u{1F600}"), "x＊＊");
        // Two names of one shape mask alike; different shapes do not.
        assert_eq!(mask("佐藤花子"), mask("鈴木一郎"));
        assert_ne!(mask("佐藤花子"), mask("さとう花子"));
    }

    #[test]
    fn a_hex_dump_is_masked_as_a_whole() {
        assert_eq!(super::mask_bytes("EE E0"), "** **");
        assert_eq!(super::mask_bytes("85 9F"), super::mask_bytes("EE E0"));
    }
}
