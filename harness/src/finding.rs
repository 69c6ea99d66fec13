//! A finding: one departure from the standard, with its exact position.

use serde::Serialize;

use crate::rules::catalogue::{Rule, Severity};

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
    pub expected: Option<Text>,
    /// What is wrong, in words; the rule's title when absent.
    pub detail: Option<Text>,
}

impl Finding {
    pub fn severity(&self) -> Severity {
        self.rule.severity
    }

    pub fn message(&self, lang: Lang) -> &str {
        match &self.detail {
            Some(t) => t.get(lang),
            None => match lang {
                Lang::Ja => self.rule.title_ja,
                Lang::En => self.rule.title_en,
            },
        }
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

#[cfg(test)]
mod tests {
    use super::mask;

    #[test]
    fn masking_keeps_shape_but_not_content() {
        assert_eq!(mask("0123456789"), "9999999999");
        assert_eq!(mask("H12345678"), "H99999999");
        assert_eq!(mask("山田　太郎"), "*****");
        assert_eq!(mask("1945-02-31"), "9999-99-99");
        assert_eq!(mask("Yamada"), "XXXXXX");
    }
}
