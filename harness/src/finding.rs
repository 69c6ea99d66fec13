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
        self.personal && !show_personal && self.found.is_some()
    }

    /// The value as it may be shown: personal data is masked unless `show` is set.
    pub fn found_display(&self, show_personal: bool) -> Option<String> {
        self.found.as_ref().map(|v| {
            if self.personal && !show_personal {
                mask(v)
            } else {
                v.clone()
            }
        })
    }
}

/// Masks personal data while keeping the value's shape, so that a format
/// finding stays actionable: ASCII digits become `9`, ASCII letters `X`
/// (except a leading `H`, which marks 生活保護単独 and is not personal),
/// anything else `*`.
pub fn mask(v: &str) -> String {
    v.chars()
        .enumerate()
        .map(|(i, c)| {
            if c.is_ascii_digit() {
                '9'
            } else if i == 0 && c == 'H' {
                'H'
            } else if c.is_ascii_alphabetic() {
                'X'
            } else if c == '-' || c == '/' {
                c
            } else {
                '*'
            }
        })
        .collect()
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
    fn line_breaks_in_values_stay_on_one_line() {
        assert_eq!(printable("a\r\nb\u{1}"), "a\\r\\nb\\u{0001}");
    }

    #[test]
    fn masking_keeps_shape_but_not_content() {
        assert_eq!(mask("0123456789"), "9999999999");
        assert_eq!(mask("H12345678"), "H99999999");
        assert_eq!(mask("山田　太郎"), "*****");
        assert_eq!(mask("1945-02-31"), "9999-99-99");
        assert_eq!(mask("Yamada"), "XXXXXX");
    }
}
