//! Self round-trip: parse a file into the model, write it back in canonical
//! form, and say where the bytes differ.

use serde::Serialize;
use similar::{ChangeTag, TextDiff};

use crate::finding::Lang;
use crate::input::decode::{self, Encoding};
use crate::input::filename;
use crate::input::records::{RawField, RawRecord, RecordEnd};
use crate::model::{self, encode, write_value, Record};
use crate::spec::{FieldType, KindSpec, Revision};

/// What kind of difference: only `Content` changes what the file means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Class {
    /// The value is written differently (leading zeros, a sign, a changed character).
    Content,
    /// Quotes added or removed.
    Quoting,
    /// The same characters in another MS932 form (NEC and IBM duplicates):
    /// reported, not a failure.
    Ms932Form,
    LineEnd,
    /// A header row or a blank line the canonical form does not have.
    Removed,
    /// A byte order mark or another encoding.
    Encoding,
}

#[derive(Debug, Clone, Serialize)]
pub struct Difference {
    pub class: Class,
    pub record: Option<u32>,
    pub line: Option<u32>,
    pub field_no: Option<u16>,
    pub field_name: Option<String>,
    pub before: String,
    pub after: String,
    /// For free text: the change character by character, `[-old-]{+new+}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub char_diff: Option<String>,
    /// A form the rules accept too (another MS932 code for the same
    /// character, an empty free text written empty, a number the layout
    /// lets be quoted): reported, not a failure.
    pub accepted: bool,
    /// The values are masked (personal data, or a value whose meaning is
    /// uncertain); absent when they are shown as found.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub masked: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct FileRoundtrip {
    pub file: String,
    pub path: String,
    pub kind: Option<String>,
    /// The bytes came back identical: the file is canonical.
    pub identical: bool,
    /// Only differences in forms the rules accept (or none): what it means
    /// survives.
    pub equivalent: bool,
    pub differences: Vec<Difference>,
    /// Why the file could not be round-tripped at all, if so.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// What else to know (an image is carried as bytes, not modelled).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

use crate::finding::{mask_bytes, mask_char};

/// Shows bytes as text where they decode (in the encoding the file is read
/// in, the same as `check` reads it: see [`decode::sniff`]), and in hex
/// (`<85 9F>`) where they do not; `masked`, each character masked by its
/// class and each undecodable sequence as a whole (`<** **>`), before
/// control characters are escaped.
fn show_as(bytes: &[u8], enc: Encoding, masked: bool) -> String {
    let (t, issues) = decode::decode(bytes, enc);
    // MS932 cannot hold U+FFFD, so each one in the text stands for the next
    // undecodable sequence (NUL bytes decode as themselves).
    let mut bad = issues
        .iter()
        .filter(|i| i.kind != decode::ByteIssueKind::Nul)
        .map(|i| {
            let h = decode::hex(&i.bytes);
            format!("<{}>", if masked { mask_bytes(&h) } else { h })
        });
    let mut s = String::new();
    for (i, c) in t.chars().enumerate() {
        match c {
            '\u{FFFD}' => s.push_str(&bad.next().unwrap_or_else(|| "\u{FFFD}".into())),
            c if masked => s.push_str(&crate::finding::printable(
                &mask_char(c, i == 0).to_string(),
            )),
            c => s.push_str(&crate::finding::printable(&c.to_string())),
        }
    }
    s
}

pub fn char_diff(before: &str, after: &str) -> String {
    let diff = TextDiff::from_chars(before, after);
    let mut s = String::new();
    for ch in diff.iter_all_changes() {
        let v = crate::finding::printable(ch.value());
        match ch.tag() {
            ChangeTag::Equal => s.push_str(&v),
            ChangeTag::Delete => s.push_str(&format!("[-{v}-]")),
            ChangeTag::Insert => s.push_str(&format!("{{+{v}+}}")),
        }
    }
    s
}

fn field_bytes<'a>(data: &'a [u8], f: &RawField) -> &'a [u8] {
    let end = if f.quoted {
        (f.content_end + 1).min(data.len())
    } else {
        f.content_end
    };
    &data[f.start..end]
}

/// Round-trips one file. Values of personal fields are masked in the
/// differences unless `show_personal`.
pub fn roundtrip(
    file: &str,
    path: &str,
    data: &[u8],
    rev: &Revision,
    show_personal: bool,
    lang: Lang,
) -> FileRoundtrip {
    let (name, _) = filename::parse(file, rev);
    let mut out = FileRoundtrip {
        file: file.to_string(),
        path: path.to_string(),
        kind: name.kind.clone(),
        identical: false,
        equivalent: false,
        differences: Vec::new(),
        error: None,
        note: None,
    };
    let Some(layout) = name.kind.as_deref().and_then(|k| rev.layout(k)) else {
        out.error = Some(
            match lang {
                Lang::Ja => {
                    "この版にレイアウトのあるファイル種別ではありません。往復できるものがありません"
                }
                Lang::En => "not a file kind with a layout in this revision; nothing to round-trip",
            }
            .into(),
        );
        return out;
    };
    if layout.format == crate::spec::FileFormat::Jpeg {
        out.identical = true;
        out.equivalent = true;
        out.note = Some(
            match lang {
                Lang::Ja => "画像: バイト列のまま運び、モデル化しません",
                Lang::En => "an image: carried as its bytes, not modelled",
            }
            .into(),
        );
        return out;
    }
    let parsed = model::parse(data, layout);
    // Characters outside MS932 are written as '?': the field comparison
    // below reports each as a content difference.
    let (written, _) = model::write(layout, &parsed.model);
    if written == data {
        out.identical = true;
        out.equivalent = true;
        return out;
    }
    let d = &mut out.differences;
    let sniffed = decode::sniff(data);
    if sniffed.bom == Some(decode::Bom::Utf8) {
        d.push(diff(
            Class::Encoding,
            None,
            Some(1),
            None,
            "EF BB BF (BOM)".into(),
            String::new(),
        ));
    }
    let utf8 = sniffed.utf8_text;
    if utf8 {
        d.push(diff(
            Class::Encoding,
            None,
            Some(1),
            None,
            "UTF-8".into(),
            "MS932".into(),
        ));
    }
    for (rec, why) in &parsed.dropped {
        let raw = &data[rec.start..rec.end_offset];
        // A row taken for a header shows as found only when it is the
        // layout's own item names: any other value in it may be a
        // record's, as `check` masks it.
        let text = decode::decode(raw, sniffed.encoding).0;
        let item_names = text
            .trim_end_matches(['\r', '\n'])
            .split(',')
            .map(|v| v.trim().trim_matches('"'))
            .all(|v| v.is_empty() || layout.fields.iter().any(|f| f.name == v));
        let masked = !show_personal && !item_names;
        d.push(diff(
            Class::Removed,
            Some(rec.number),
            Some(rec.line),
            None,
            format!(
                "{} ({})",
                show_as(raw, sniffed.encoding, masked),
                match (lang, *why) {
                    (Lang::Ja, "blank line") => "空行",
                    (Lang::Ja, "header row") => "見出し行",
                    (_, w) => w,
                }
            ),
            String::new(),
        ));
        if let Some(x) = d.last_mut() {
            x.masked = masked;
        }
    }
    for (rec, r) in parsed.raw.iter().zip(&parsed.model.records) {
        let how = Showing {
            utf8,
            show_personal,
            lang,
        };
        record_differences(d, data, layout, rec, r, how);
    }
    out.equivalent = d.iter().all(|x| x.accepted);
    out
}

fn diff(
    class: Class,
    record: Option<u32>,
    line: Option<u32>,
    field: Option<(u16, String)>,
    before: String,
    after: String,
) -> Difference {
    let (field_no, field_name) = match field {
        Some((n, s)) => (Some(n), Some(s)),
        None => (None, None),
    };
    Difference {
        class,
        record,
        line,
        field_no,
        field_name,
        before,
        after,
        char_diff: None,
        masked: false,
        accepted: class == Class::Ms932Form,
    }
}

/// The encoding a file's fields are read in, as the sniff decided.
fn read_as(utf8: bool) -> Encoding {
    if utf8 {
        Encoding::Utf8
    } else {
        Encoding::Ms932
    }
}

/// How a file's differences are read and shown.
#[derive(Clone, Copy)]
struct Showing {
    /// The file is UTF-8 (its fields are read so).
    utf8: bool,
    show_personal: bool,
    lang: Lang,
}

fn record_differences(
    d: &mut Vec<Difference>,
    data: &[u8],
    layout: &KindSpec,
    rec: &RawRecord,
    r: &Record,
    how: Showing,
) {
    let Showing {
        utf8,
        show_personal,
        lang,
    } = how;
    match r {
        Record::Fields(vals) => {
            for ((raw, spec), v) in rec.fields.iter().zip(&layout.fields).zip(vals) {
                let before = field_bytes(data, raw);
                let after_text = write_value(Some(spec), v);
                let (after, _) = encode(&after_text);
                if before == after.as_slice() {
                    continue;
                }
                let enc = read_as(utf8);
                let before_text = decode::decode(&raw.value(data), enc).0;
                let after_value = decode::decode(
                    &model_value_bytes(&after, raw.quoted || spec.ty == FieldType::FreeText),
                    Encoding::Ms932,
                )
                .0;
                let class = if utf8 {
                    Class::Encoding
                } else if before_text != after_value {
                    Class::Content
                } else if raw.quoted != after_text.starts_with('"') {
                    Class::Quoting
                } else {
                    Class::Ms932Form
                };
                // Masked by what the field holds, or because either value
                // is not what it holds.
                let empty = before_text.is_empty() && after_value.is_empty();
                let masked = !(show_personal || empty)
                    && (spec.masks(&before_text) || spec.masks(&after_value));
                let mut x = diff(
                    class,
                    Some(rec.number),
                    Some(raw.line),
                    Some((spec.no, spec.name.clone())),
                    show_as(before, enc, masked),
                    show_as(&after, Encoding::Ms932, masked),
                );
                if class == Class::Quoting
                    && (spec.quote_optional
                        || (spec.ty == FieldType::FreeText && before_text.is_empty()))
                {
                    x.accepted = true;
                }
                if class == Class::Ms932Form {
                    // The bytes of a masked value are masked as a whole.
                    let hex = |b: &[u8]| {
                        let h = decode::hex(b);
                        if masked {
                            mask_bytes(&h)
                        } else {
                            h
                        }
                    };
                    x.before = format!("{} <{}>", x.before, hex(before));
                    x.after = format!("{} <{}>", x.after, hex(&after));
                }
                x.masked = masked;
                if !masked && spec.ty == FieldType::FreeText && class == Class::Content {
                    x.char_diff = Some(char_diff(&before_text, &after_value));
                }
                d.push(x);
            }
        }
        Record::Malformed(_) => {
            let before = &data[rec.start..rec.end_offset];
            // A record that does not fit the layout may hold personal data anywhere.
            let shown = show_as(before, read_as(utf8), !show_personal);
            let at = d.len();
            d.push(diff(
                Class::Content,
                Some(rec.number),
                Some(rec.line),
                None,
                shown,
                match (lang, rec.field_count > rec.fields.len()) {
                    (Lang::Ja, true) => format!(
                        "（{}項目のうち最初の{}項目のみ保持。{} は{}項目）",
                        rec.field_count,
                        rec.fields.len(),
                        layout.kind,
                        layout.fields.len()
                    ),
                    (Lang::En, true) => format!(
                        "(only the first {} of its {} fields kept, where {} has {})",
                        rec.fields.len(),
                        rec.field_count,
                        layout.kind,
                        layout.fields.len()
                    ),
                    (Lang::Ja, false) => format!(
                        "（{}項目のまま保持。{} は{}項目）",
                        rec.field_count,
                        layout.kind,
                        layout.fields.len()
                    ),
                    (Lang::En, false) => format!(
                        "(kept as found: {} fields where {} has {})",
                        rec.field_count,
                        layout.kind,
                        layout.fields.len()
                    ),
                },
            ));
            d[at].masked = !show_personal;
        }
    }
    let end = match rec.end {
        RecordEnd::CrLf => None,
        RecordEnd::Lf => Some("LF"),
        RecordEnd::Cr => Some("CR"),
        RecordEnd::Eof => Some(match lang {
            Lang::Ja => "（なし）",
            Lang::En => "(none)",
        }),
    };
    if let Some(e) = end {
        d.push(diff(
            Class::LineEnd,
            Some(rec.number),
            Some(rec.line),
            None,
            e.into(),
            "CRLF".into(),
        ));
    }
}

/// The value inside written field bytes (quotes removed and undoubled).
fn model_value_bytes(written: &[u8], quoted: bool) -> Vec<u8> {
    if quoted && written.len() >= 2 && written[0] == b'"' && written[written.len() - 1] == b'"' {
        crate::input::records::undouble_quotes(&written[1..written.len() - 1]).into_owned()
    } else {
        written.to_vec()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_utf8_file_is_read_as_check_reads_it() {
        let rev = crate::spec::revision("4.1").unwrap();
        let name = "UPJSK_202504_1371000025_11_1371000017_43_20250325093000.CSV";
        let line = "202407,131011,9900000011,20250325,202504,1371000017,\"見本 ケア子\",244,,20250401,,0905,0935,1,111111,,,\"\",,1371000025,\"試験訪問介護ステーション\",,0,1371000025,\r\n";
        // Shown as found: the office name is free text, masked otherwise.
        let r = roundtrip(name, name, line.as_bytes(), rev, true, Lang::En);
        let office = r
            .differences
            .iter()
            .find(|d| d.field_no == Some(21))
            .expect("the office name differs in its encoding");
        assert_eq!(office.before, "\"試験訪問介護ステーション\"");
        assert_eq!(office.after, "\"試験訪問介護ステーション\"");
    }

    #[test]
    fn a_character_diff_marks_what_changed() {
        assert_eq!(char_diff("山田 花子", "山田　花子"), "山田[- -]{+　+}花子");
        assert_eq!(char_diff("a\r\nb", "a\nb"), "a[-\\r-]\\nb");
    }
}
