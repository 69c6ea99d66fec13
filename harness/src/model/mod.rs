//! The typed model: a file's records as values of their layout's types, and
//! the canonical writer that turns them back into bytes.
//!
//! Canonical form: MS932 (encoded without replacement), no BOM, no header,
//! CRLF after every record including the last, フリーテキスト always quoted
//! (an empty one as `""`) with inner quotes doubled, every other field never
//! quoted. Characters MS932 codes twice (NEC row 13 and the NEC-selected IBM
//! extensions 0xED/0xEE beside JIS row 2 and the IBM extensions 0xFA-0xFC)
//! are written in the form Windows writes, which is encoding_rs's.
//!
//! The model is driven by the revision's layout data, like the rules: a
//! value's type is its field's type, so a revision is again only data.

use encoding_rs::SHIFT_JIS;
pub mod golden;
pub mod roundtrip;

use serde_json::{json, Value as Json};

use crate::input::decode;
use crate::input::records::{RawRecord, Records};
use crate::spec::{FieldSpec, FieldType, KindSpec};
use crate::values;

/// One field's value, typed by its layout row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Empty,
    /// フリーテキスト (written quoted).
    Text(String),
    Date {
        y: u16,
        m: u8,
        d: u8,
    },
    Month {
        y: u16,
        m: u8,
    },
    Time {
        h: u8,
        m: u8,
    },
    /// A service without a time: the time field's placeholder (9999).
    NoTime,
    /// A placeholder the standard prescribes (`000000`, `00000000`).
    Zero(String),
    Int(i64),
    /// `99.99`, in hundredths.
    Decimal(i64),
    /// Codes, identifiers and numbers written in digits, kept as written
    /// (leading zeros are part of them).
    Code(String),
    /// A value that is not of its field's type, kept as found.
    Invalid(String),
}

/// A record: its values in layout order, or the raw fields of a record
/// whose field count does not match the layout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Record {
    Fields(Vec<Value>),
    Malformed(Vec<String>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileModel {
    pub kind: String,
    pub records: Vec<Record>,
}

fn special(s: &str) -> bool {
    s.contains([',', '"', '\r', '\n'])
}

/// Reads one value of a field.
pub fn parse_value(f: &FieldSpec, v: &str) -> Value {
    if v.is_empty() {
        return Value::Empty;
    }
    if f.ty == FieldType::FreeText {
        return Value::Text(v.to_string());
    }
    if f.zero_value.as_deref() == Some(v) {
        // On a time field the placeholder is a service without a time.
        if f.ty == FieldType::HhmmOr9999 {
            return Value::NoTime;
        }
        return Value::Zero(v.to_string());
    }
    let num = |s: &str| s.parse::<u16>().unwrap_or(0);
    let parsed = match f.ty {
        FieldType::Yyyymmdd if values::is_date(v) => Some(Value::Date {
            y: num(&v[..4]),
            m: num(&v[4..6]) as u8,
            d: num(&v[6..]) as u8,
        }),
        FieldType::Yyyymm if values::is_yyyymm(v) => Some(Value::Month {
            y: num(&v[..4]),
            m: num(&v[4..]) as u8,
        }),
        // An end time may be 2400 (midnight, where the form's time axis ends).
        FieldType::Hhmm | FieldType::HhmmOr9999
            if values::is_hhmm(v) || (f.end_time && v == "2400") =>
        {
            Some(Value::Time {
                h: num(&v[..2]) as u8,
                m: num(&v[2..]) as u8,
            })
        }
        FieldType::Integer => {
            let body = v.strip_prefix('-').unwrap_or(v);
            if !body.is_empty() && body.len() <= 18 && body.bytes().all(|b| b.is_ascii_digit()) {
                v.parse().ok().map(Value::Int)
            } else {
                None
            }
        }
        FieldType::Decimal => match v.split_once('.') {
            Some((i, d))
                if !i.is_empty()
                    && i.len() <= 2
                    && d.len() == 2
                    && i.bytes().chain(d.bytes()).all(|b| b.is_ascii_digit()) =>
            {
                Some(Value::Decimal(i64::from(num(i)) * 100 + i64::from(num(d))))
            }
            _ => None,
        },
        FieldType::Yyyymmdd
        | FieldType::Yyyymm
        | FieldType::Hhmm
        | FieldType::HhmmOr9999
        | FieldType::FreeText => None,
        _ if !special(v) => Some(Value::Code(v.to_string())),
        _ => None,
    };
    parsed.unwrap_or_else(|| Value::Invalid(v.to_string()))
}

/// The canonical text of one value (before encoding).
pub fn write_value(f: Option<&FieldSpec>, v: &Value) -> String {
    let free = f.is_some_and(|f| f.ty == FieldType::FreeText);
    match v {
        Value::Empty if free => "\"\"".into(),
        Value::Empty => String::new(),
        Value::Text(s) => format!("\"{}\"", s.replace('"', "\"\"")),
        Value::Date { y, m, d } => format!("{y:04}{m:02}{d:02}"),
        Value::Month { y, m } => format!("{y:04}{m:02}"),
        Value::Time { h, m } => format!("{h:02}{m:02}"),
        Value::NoTime => f.and_then(|f| f.zero_value.clone()).unwrap_or_default(),
        Value::Zero(s) | Value::Code(s) => s.clone(),
        Value::Int(i) => i.to_string(),
        Value::Decimal(c) => format!("{}.{:02}", c / 100, c % 100),
        // Kept as found; quoted only when the raw text could not stand unquoted.
        Value::Invalid(s) if special(s) || free => format!("\"{}\"", s.replace('"', "\"\"")),
        Value::Invalid(s) => s.clone(),
    }
}

/// The text of a record, without its line end.
pub fn write_record(layout: &KindSpec, r: &Record) -> String {
    match r {
        Record::Fields(vals) => vals
            .iter()
            .enumerate()
            .map(|(i, v)| write_value(layout.fields.get(i), v))
            .collect::<Vec<_>>()
            .join(","),
        // A record of one empty field was read from `""`: written so, it
        // stays a record instead of becoming a blank line.
        Record::Malformed(raw) if raw.len() == 1 && raw[0].is_empty() => "\"\"".into(),
        Record::Malformed(raw) => raw
            .iter()
            .map(|s| write_value(None, &Value::Invalid(s.clone())))
            .collect::<Vec<_>>()
            .join(","),
    }
}

/// Characters the writer could not encode in MS932.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unencodable {
    pub record: usize,
    pub chars: String,
}

/// Writes a model in canonical form. Characters outside MS932 (which a
/// conforming file never holds) are listed, and written as `?`.
pub fn write(layout: &KindSpec, m: &FileModel) -> (Vec<u8>, Vec<Unencodable>) {
    let mut out = Vec::new();
    let mut bad = Vec::new();
    for (i, r) in m.records.iter().enumerate() {
        let text = write_record(layout, r);
        let (bytes, missing) = encode(&text);
        if !missing.is_empty() {
            bad.push(Unencodable {
                record: i + 1,
                chars: missing,
            });
        }
        out.extend_from_slice(&bytes);
        out.extend_from_slice(b"\r\n");
    }
    (out, bad)
}

/// Encodes text to MS932 without replacement; unmappable characters are
/// returned and written as `?`.
pub fn encode(text: &str) -> (Vec<u8>, String) {
    if text.is_ascii() {
        return (text.as_bytes().to_vec(), String::new());
    }
    let mut enc = SHIFT_JIS.new_encoder();
    let mut out = Vec::with_capacity(text.len() * 2);
    let mut missing = String::new();
    let mut rest = text;
    loop {
        let need = enc
            .max_buffer_length_from_utf8_without_replacement(rest.len())
            .unwrap_or(rest.len() * 4 + 16);
        let mut buf = vec![0u8; need];
        let (res, read, written) = enc.encode_from_utf8_without_replacement(rest, &mut buf, true);
        out.extend_from_slice(&buf[..written]);
        rest = &rest[read..];
        match res {
            encoding_rs::EncoderResult::InputEmpty => break,
            encoding_rs::EncoderResult::Unmappable(c) => {
                missing.push(c);
                out.push(b'?');
            }
            encoding_rs::EncoderResult::OutputFull => {}
        }
    }
    (out, missing)
}

/// Whether the first record of a file is a header (see the check engine's rule).
fn header(values: &[String], layout: &KindSpec) -> bool {
    crate::rules::structure::is_header(values, layout)
}

/// A file's records as read for the model: decoded values with the raw
/// record they came from. Blank lines and a header row are not records of
/// the model.
pub struct Parsed {
    pub model: FileModel,
    /// For each model record, the raw record it came from.
    pub raw: Vec<RawRecord>,
    /// Raw records that are not part of the model (header, blank lines).
    pub dropped: Vec<(RawRecord, &'static str)>,
}

/// Parses a file's bytes into the model of `layout`.
pub fn parse(data: &[u8], layout: &KindSpec) -> Parsed {
    let sniffed = decode::sniff(data);
    let (start, enc) = (sniffed.start, sniffed.encoding);
    let mut records = Vec::new();
    let mut raw = Vec::new();
    let mut dropped = Vec::new();
    for rec in Records::new(data, start) {
        if rec.is_blank() {
            dropped.push((rec, "blank line"));
            continue;
        }
        let vals: Vec<String> = rec
            .fields
            .iter()
            .map(|f| decode::decode(&f.value(data), enc).0)
            .collect();
        // A header row before the first record (and any further rows like it:
        // the canonical form of a file is then a fixed point, whatever it held).
        if records.is_empty() && header(&vals, layout) {
            dropped.push((rec, "header row"));
            continue;
        }
        let r = if vals.len() == layout.fields.len() {
            Record::Fields(
                layout
                    .fields
                    .iter()
                    .zip(&vals)
                    .map(|(f, v)| parse_value(f, v))
                    .collect(),
            )
        } else {
            Record::Malformed(vals)
        };
        records.push(r);
        raw.push(rec);
    }
    Parsed {
        model: FileModel {
            kind: layout.kind.clone(),
            records,
        },
        raw,
        dropped,
    }
}

/// The JSON of one value: typed, stable.
pub fn value_json(f: &FieldSpec, v: &Value) -> Json {
    match v {
        Value::Empty => Json::Null,
        Value::Text(s) => json!({ "text": s }),
        Value::Date { y, m, d } => json!({ "date": format!("{y:04}-{m:02}-{d:02}") }),
        Value::Month { y, m } => json!({ "month": format!("{y:04}-{m:02}") }),
        Value::Time { h, m } => json!({ "time": format!("{h:02}:{m:02}") }),
        Value::NoTime => json!({
            "time": format!("none ({})", f.zero_value.as_deref().unwrap_or_default())
        }),
        Value::Zero(s) => json!({ "placeholder": s }),
        Value::Int(i) => json!({ "int": i }),
        Value::Decimal(c) => json!({ "decimal": format!("{}.{:02}", c / 100, c % 100) }),
        Value::Code(s) => json!({ "code": s }),
        Value::Invalid(s) => json!({ "invalid": s }),
    }
}

/// The model as canonical JSON: one object per record, keyed `NN 項目名`
/// (zero-padded so that the keys sort in layout order), empty fields left
/// out.
pub fn model_json(layout: &KindSpec, m: &FileModel) -> Json {
    let records: Vec<Json> = m
        .records
        .iter()
        .map(|r| match r {
            Record::Fields(vals) => {
                let mut o = serde_json::Map::new();
                for (f, v) in layout.fields.iter().zip(vals) {
                    if *v != Value::Empty {
                        o.insert(format!("{:02} {}", f.no, f.name), value_json(f, v));
                    }
                }
                Json::Object(o)
            }
            Record::Malformed(raw) => json!({ "malformed": raw }),
        })
        .collect();
    json!({ "kind": m.kind, "records": records })
}

/// Round-trips every file under `paths` with the layouts of `rev`, or of
/// the revision detected per file when `None`; unreadable paths are
/// returned as errors.
pub fn roundtrip_paths(
    paths: &[std::path::PathBuf],
    rev: Option<&'static crate::spec::Revision>,
    show_personal: bool,
    lang: crate::finding::Lang,
) -> (Vec<roundtrip::FileRoundtrip>, Vec<String>) {
    let default = crate::spec::default_revision();
    let (sources, errors) = crate::input::discover(paths, rev.unwrap_or(default), true, true);
    let mut errors: Vec<String> = errors.iter().map(ToString::to_string).collect();
    let mut out = Vec::new();
    for s in sources {
        match std::fs::read(&s.path) {
            Ok(b) => {
                let r = rev.unwrap_or_else(|| crate::input::detect::detect(&s.name, &b).revision);
                out.push(roundtrip::roundtrip(
                    &s.name,
                    &s.path.display().to_string(),
                    &b,
                    r,
                    show_personal,
                    lang,
                ))
            }
            Err(e) => errors.push(format!("{}: {e}", s.path.display())),
        }
    }
    (out, errors)
}

pub fn roundtrip_human(files: &[roundtrip::FileRoundtrip], lang: crate::finding::Lang) -> String {
    use crate::finding::Lang;
    let ja = lang == Lang::Ja;
    let mut s = String::new();
    for f in files {
        let n = f.differences.len();
        let status = match (&f.error, &f.note, ja) {
            (Some(e), _, true) => format!("往復できません: {e}"),
            (Some(e), _, false) => format!("not round-tripped: {e}"),
            (None, Some(note), true) => format!("同一（{note}）"),
            (None, Some(note), false) => format!("identical ({note})"),
            _ if f.identical && ja => "同一（正規形）".to_string(),
            _ if f.identical => "identical (canonical)".to_string(),
            _ if f.equivalent && ja => format!("同等: 規則が認める書き方の違い {n}件"),
            _ if f.equivalent => format!("equivalent: {n} difference(s) in forms the rules accept"),
            _ if ja => format!("相違 {n}件"),
            _ => format!("{n} difference(s)"),
        };
        s.push_str(&format!("{}: {status}\n", f.path));
        for d in &f.differences {
            let mut at = Vec::new();
            if let Some(r) = d.record {
                at.push(match lang {
                    Lang::Ja => format!("レコード{r}"),
                    Lang::En => format!("record {r}"),
                });
            }
            if let Some(l) = d.line {
                at.push(match lang {
                    Lang::Ja => format!("{l}行目"),
                    Lang::En => format!("line {l}"),
                });
            }
            if let (Some(n), Some(name)) = (d.field_no, &d.field_name) {
                at.push(match lang {
                    Lang::Ja => format!("項目No.{n} {name}"),
                    Lang::En => format!("field No.{n} {name}"),
                });
            }
            // The class: its keyword (as in the JSON output) in English,
            // in words in Japanese.
            let class = serde_json::to_value(d.class)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            let class = match (lang, class.as_str()) {
                (Lang::Ja, "content") => "内容".to_string(),
                (Lang::Ja, "quoting") => "クォート".to_string(),
                (Lang::Ja, "ms932-form") => "MS932の符号の違い".to_string(),
                (Lang::Ja, "line-end") => "改行".to_string(),
                (Lang::Ja, "removed") => "除去".to_string(),
                (Lang::Ja, "encoding") => "文字コード".to_string(),
                _ => class,
            };
            let class = match (d.accepted, ja) {
                (true, true) => format!("{class}、許容"),
                (true, false) => format!("{class}, accepted"),
                (false, _) => class,
            };
            s.push_str(&format!(
                "  [{class}] {}: '{}' -> '{}'{}\n",
                at.join(if ja { "、" } else { ", " }),
                d.before,
                d.after,
                match (d.masked, ja) {
                    (false, _) => "",
                    (true, true) => "（マスク済み）",
                    (true, false) => " (masked)",
                }
            ));
            if let Some(c) = &d.char_diff {
                s.push_str(&format!("      {c}\n"));
            }
        }
    }
    let same = files.iter().filter(|f| f.identical).count();
    let eq = files
        .iter()
        .filter(|f| f.equivalent && !f.identical)
        .count();
    let other = files.len() - same - eq;
    s.push_str(&match lang {
        Lang::Ja => format!(
            "{}ファイルを往復: 同一 {same}、同等 {eq}、相違 {other}\n",
            files.len()
        ),
        Lang::En => format!(
            "{} round-tripped: {same} identical, {eq} equivalent, {other} different\n",
            crate::finding::count(files.len(), "file"),
        ),
    });
    s
}

pub fn roundtrip_json(files: &[roundtrip::FileRoundtrip]) -> String {
    let mut s = serde_json::to_string_pretty(&json!({ "files": files })).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::decode::Encoding;
    use crate::spec;

    fn field(kind: &str, no: usize) -> &'static FieldSpec {
        &spec::revision("4.1").unwrap().layout(kind).unwrap().fields[no - 1]
    }

    #[test]
    fn leading_header_rows_are_dropped_so_the_canonical_form_is_a_fixed_point() {
        // Found by fuzzing (model_roundtrip): a header row followed by a
        // second row that also reads as one. Dropping only record 1 left the
        // second as the first record of the canonical form, which the next
        // read dropped in turn.
        let layout = spec::revision("4.1").unwrap().layout("UPYOBO").unwrap();
        let (text, _) = encode(
            "CSVバージョン,保険者番号,被保険者番号\r\n保険者番号,被保険者番号\r\n202407,131011,9900000011\r\n",
        );
        let p = parse(&text, layout);
        assert_eq!(p.dropped.len(), 2);
        assert_eq!(p.model.records.len(), 1);
        let once = write(layout, &p.model).0;
        assert_eq!(once, b"202407,131011,9900000011\r\n");
        assert_eq!(write(layout, &parse(&once, layout).model).0, once);
    }

    #[test]
    fn a_record_of_one_quoted_empty_field_stays_a_record() {
        // Found by fuzzing (model_roundtrip): `""` alone on a line is a
        // record of one empty field; written bare, it became a blank line and
        // the next read dropped it.
        let layout = spec::revision("4.1").unwrap().layout("DLTPLAN").unwrap();
        let p = parse(b"\"\"\r\n", layout);
        assert_eq!(
            p.model.records,
            vec![Record::Malformed(vec![String::new()])]
        );
        let once = write(layout, &p.model).0;
        assert_eq!(once, b"\"\"\r\n");
        assert_eq!(parse(&once, layout).model.records, p.model.records);
    }

    #[test]
    fn values_are_typed_by_their_field() {
        assert_eq!(
            parse_value(field("UPPLAN", 10), "20250401"),
            Value::Date {
                y: 2025,
                m: 4,
                d: 1
            }
        );
        assert_eq!(
            parse_value(field("UPPLAN", 10), "20250431"),
            Value::Invalid("20250431".into())
        );
        assert_eq!(parse_value(field("UPPLAN", 12), "9999"), Value::NoTime);
        assert_eq!(parse_value(field("UPPLAN", 8), "-50"), Value::Int(-50));
        assert_eq!(
            parse_value(field("UPSIKYU", 23), "11.40"),
            Value::Decimal(1140)
        );
        assert_eq!(
            parse_value(field("UPPLAN", 3), "H990000022"),
            Value::Code("H990000022".into())
        );
        assert_eq!(
            parse_value(field("UPHOSOKU", 63), "000000"),
            Value::Zero("000000".into())
        );
        assert_eq!(
            parse_value(field("UPPLAN", 21), "a,\"b\""),
            Value::Text("a,\"b\"".into())
        );
    }

    #[test]
    fn the_writer_quotes_free_text_only() {
        assert_eq!(
            write_value(Some(field("UPPLAN", 21)), &Value::Text("say \"hi\"".into())),
            "\"say \"\"hi\"\"\""
        );
        assert_eq!(
            write_value(Some(field("UPPLAN", 21)), &Value::Empty),
            "\"\""
        );
        assert_eq!(write_value(Some(field("UPPLAN", 8)), &Value::Int(7)), "7");
        assert_eq!(
            write_value(Some(field("UPPLAN", 8)), &Value::Invalid("1,2".into())),
            "\"1,2\""
        );
        assert_eq!(
            write_value(Some(field("UPSIKYU", 23)), &Value::Decimal(1005)),
            "10.05"
        );
    }

    #[test]
    fn ms932_encoding_without_replacement() {
        let (b, missing) = encode("山田①㈱");
        assert_eq!(b, b"\x8eR\x93c\x87@\x87\x8a");
        assert!(missing.is_empty());
        let (b, missing) = encode("a😀b");
        assert_eq!(b, b"a?b");
        assert_eq!(missing, "😀");
        // 髙 is an IBM extension (FB FC); the same characters in the
        // NEC-selected rows (ED/EE) are written in the IBM form.
        assert_eq!(decode::decode(b"\xfb\xfc", Encoding::Ms932).0, "髙");
        let (t, _) = decode::decode(b"\xed\x40", Encoding::Ms932);
        assert_eq!(encode(&t).0[0], 0xFA);
    }
}
