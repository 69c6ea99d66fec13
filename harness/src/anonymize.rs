//! A real export made safe to share: every value of a field that holds
//! personal data (the masked privacy classes of `spec/PRIVACY.md`, and any
//! value that is not what its field holds) is rewritten with a fictitious
//! value of the same shape, and every other byte is kept.
//!
//! The same shape: each character is replaced by one of its class (an ASCII
//! digit by a digit, a kanji by a kanji, half-width katakana by half-width
//! katakana …), so the byte length in the file's encoding, the quoting, the
//! line breaks and every position stay as they were; characters of no class
//! (punctuation, spaces) and bytes that do not decode stay as found. A
//! value of a typed field keeps passing or failing the field's rules as it
//! did (a valid date stays a valid date, a code stays in its code list): a
//! fake that the rules judge otherwise is drawn again. The same value gets
//! the same fake in every file of the run, so that the records of a send
//! unit still relate (one 被保険者番号, one fake), and two values never get
//! the same fake.
//!
//! A file whose name gives no kind is read as the kind its records
//! resemble, as `check` reads it. A record of another field count has its
//! values placed as `check` places them: one placed elsewhere than it
//! stands is rewritten as a value of its field (its meaning is inferred);
//! one not placed, like every value of a file of no known kind, is of
//! unknown meaning and rewritten as text, all but the CSVバージョン. A date
//! of the plan or the service that is rewritten keeps its month. The
//! standard's fixed values are kept, and so is a 要介護状態区分 beside the
//! 区分支給限度基準額 that states it. A header row is kept. A family-structure image
//! is replaced by bytes of its length that keep only its JPEG markers. Files
//! that do not look like the standard's are not copied.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::input::decode::{self, Bom, Encoding};
use crate::input::records::Records;
use crate::spec::{FieldSpec, FieldType, FileFormat, KindSpec, Revision};

/// What an anonymization did.
#[derive(Debug, Default)]
pub struct Report {
    /// Files written, as paths relative to the output folder.
    pub files: Vec<PathBuf>,
    /// Values rewritten.
    pub values: usize,
    /// Family-structure images replaced.
    pub images: usize,
    /// Values for which no fake of the same shape passes the field's rules
    /// as the original does (file, record, field No.): written anyway, as
    /// privacy comes first.
    pub rules_differ: Vec<String>,
    /// Paths that could not be read or written.
    pub errors: Vec<String>,
}

/// splitmix64: a small, seedable generator (no statistical claim beyond
/// making fakes unpredictable without the seed).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick(&mut self, pool: &[char]) -> char {
        pool[self.below(pool.len())]
    }
}

/// A seed nobody can guess: the time and the process.
pub fn random_seed() -> u64 {
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0);
    let mut r = Rng(t ^ (u64::from(std::process::id()) << 32));
    r.next()
}

const HIRAGANA: &str =
    "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわ";
const KATAKANA: &str =
    "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン";
const HALF_KATAKANA: &str = "ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜ";
/// Kanji of JIS level 1 (two bytes in MS932, three in UTF-8).
const KANJI: &str = "山川田中村木本林森石原野上下大小高橋松竹梅花春夏秋冬東西南北一二三四五六七八九十海空風雪月星光明和平安正直";

struct Pools {
    hiragana: Vec<char>,
    katakana: Vec<char>,
    half: Vec<char>,
    kanji: Vec<char>,
}

impl Pools {
    fn new() -> Self {
        Pools {
            hiragana: HIRAGANA.chars().collect(),
            katakana: KATAKANA.chars().collect(),
            half: HALF_KATAKANA.chars().collect(),
            kanji: KANJI.chars().collect(),
        }
    }
}

/// A character of the same class as `c` (and of the same byte length in
/// MS932 and UTF-8), or `c` itself when it belongs to no class. `digits`:
/// only digits change (a typed field, whose letters are its grammar).
fn fake_char(c: char, rng: &mut Rng, pools: &Pools, digits: bool) -> char {
    let shift = |base: char, n: u32, rng: &mut Rng| {
        char::from_u32(base as u32 + (rng.below(n as usize) as u32)).unwrap_or(base)
    };
    match c {
        '0'..='9' => shift('0', 10, rng),
        '０'..='９' => shift('０', 10, rng),
        _ if digits => c,
        'A'..='Z' => shift('A', 26, rng),
        'a'..='z' => shift('a', 26, rng),
        'Ａ'..='Ｚ' => shift('Ａ', 26, rng),
        'ａ'..='ｚ' => shift('ａ', 26, rng),
        '\u{3041}'..='\u{3096}' => rng.pick(&pools.hiragana),
        '\u{30A1}'..='\u{30FA}' => rng.pick(&pools.katakana),
        '\u{FF66}'..='\u{FF9D}' => rng.pick(&pools.half),
        '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' => {
            rng.pick(&pools.kanji)
        }
        c => c,
    }
}

/// One unit of a field's bytes: a character with its bytes, or bytes that
/// are not a character (kept as they are).
enum Unit<'a> {
    Char(char, &'a [u8]),
    Raw(&'a [u8]),
}

/// The bytes of a value split into characters of its encoding.
fn units(bytes: &[u8], enc: Encoding) -> Vec<Unit<'_>> {
    let mut out = Vec::new();
    match enc {
        Encoding::Utf8 => {
            let mut at = 0;
            for chunk in bytes.utf8_chunks() {
                for c in chunk.valid().chars() {
                    let n = c.len_utf8();
                    out.push(Unit::Char(c, &bytes[at..at + n]));
                    at += n;
                }
                let bad = chunk.invalid().len();
                if bad > 0 {
                    out.push(Unit::Raw(&bytes[at..at + bad]));
                    at += bad;
                }
            }
        }
        Encoding::Ms932 => {
            let mut i = 0;
            while i < bytes.len() {
                let lead = matches!(bytes[i], 0x81..=0x9F | 0xE0..=0xFC);
                let n = if lead && i + 1 < bytes.len() { 2 } else { 1 };
                let unit = &bytes[i..i + n];
                let (text, issues) = decode::decode(unit, Encoding::Ms932);
                let mut chars = text.chars();
                match (chars.next(), chars.next(), issues.is_empty()) {
                    (Some(c), None, true) => out.push(Unit::Char(c, unit)),
                    _ => out.push(Unit::Raw(unit)),
                }
                i += n;
            }
        }
    }
    out
}

fn encode(c: char, enc: Encoding) -> Vec<u8> {
    let mut buf = [0u8; 4];
    let s = c.encode_utf8(&mut buf);
    match enc {
        Encoding::Utf8 => s.as_bytes().to_vec(),
        Encoding::Ms932 => encoding_rs::SHIFT_JIS.encode(s).0.into_owned(),
    }
}

/// A fake of the same shape: every character of a class replaced, every
/// byte of no character kept. `None` when a replacement would change the
/// byte length (a character the encoding writes otherwise).
fn fake_bytes(
    bytes: &[u8],
    enc: Encoding,
    rng: &mut Rng,
    pools: &Pools,
    digits: bool,
) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(bytes.len());
    for u in units(bytes, enc) {
        match u {
            Unit::Raw(b) => out.extend_from_slice(b),
            Unit::Char(c, b) => {
                let f = fake_char(c, rng, pools, digits);
                let e = if f == c { b.to_vec() } else { encode(f, enc) };
                if e.len() != b.len() {
                    return None;
                }
                out.extend_from_slice(&e);
            }
        }
    }
    Some(out)
}

/// A valid date near the original (within three years), when the original
/// is one: a date of birth stays a date.
fn fake_date(v: &str, rng: &mut Rng) -> Option<String> {
    if v.len() != 8 || !crate::values::is_date(v) {
        return None;
    }
    let year: i32 = v[..4].parse().ok()?;
    for _ in 0..32 {
        let y = year - 3 + rng.below(7) as i32;
        let d = format!("{y:04}{:02}{:02}", 1 + rng.below(12), 1 + rng.below(31));
        if crate::values::is_date(&d) {
            return Some(d);
        }
    }
    None
}

/// A valid date of the same month, when the original is one: a date of
/// the plan or the service (rewritten because its place in the record was
/// inferred) keeps the month that other fields and files are compared with.
fn fake_day(v: &str, rng: &mut Rng) -> Option<String> {
    if v.len() != 8 || !crate::values::is_date(v) {
        return None;
    }
    let d = format!("{}{:02}", &v[..6], 1 + rng.below(28));
    crate::values::is_date(&d).then_some(d)
}

/// The rules a value breaks as a field's value.
fn verdict(spec: &FieldSpec, v: &str, layout: &KindSpec, rev: &Revision) -> Vec<&'static str> {
    let mut ids: Vec<&'static str> = crate::rules::field::check_value(spec, v, layout, rev)
        .into_iter()
        .map(|i| i.rule.id)
        .collect();
    ids.sort_unstable();
    ids
}

/// What a value is rewritten as, and how: the field (its rules), or none
/// (a value of unknown meaning).
#[derive(Clone, Copy)]
struct Field<'a> {
    spec: Option<&'a FieldSpec>,
    layout: &'a KindSpec,
    rev: &'a Revision,
}

/// The run's fakes: the same value, the same fake; two values, two fakes.
struct Fakes {
    rng: Rng,
    pools: Pools,
    /// (how, original bytes) → fake bytes.
    given: BTreeMap<(String, Vec<u8>), Vec<u8>>,
    used: BTreeSet<(String, Vec<u8>)>,
}

impl Fakes {
    /// The fake of `bytes` (a field's raw content, doubled quotes and all).
    /// Returns it and whether it breaks the field's rules as the original
    /// does.
    fn fake(&mut self, bytes: &[u8], enc: Encoding, field: Field) -> (Vec<u8>, bool) {
        let typed = field
            .spec
            .filter(|s| !matches!(s.ty, FieldType::FreeText | FieldType::Unspecified));
        // The codes that make another item of the record required (UPKIHON
        // No.12 = 02 → No.13): a code is replaced only by one that meets
        // each such condition as the original does, so that the record's
        // rules judge it as before.
        let conditions: Vec<&str> = typed
            .map(|s| {
                field
                    .layout
                    .conditional_required
                    .iter()
                    .filter(|c| c.if_no == s.no)
                    .map(|c| c.equals.as_str())
                    .collect()
            })
            .unwrap_or_default();
        let how = match typed {
            // Fields that take the same values share their fakes.
            Some(s) => format!(
                "{:?}/{:?}/{:?}/{conditions:?}",
                s.ty,
                s.length,
                s.codes.as_ref().map(|c| c.keys().collect::<Vec<_>>())
            ),
            None => "text".to_string(),
        };
        let key = (how.clone(), bytes.to_vec());
        if let Some(f) = self.given.get(&key) {
            return (f.clone(), true);
        }
        let text = |b: &[u8]| decode::decode(b, enc).0;
        let original = text(bytes);
        let want = typed.map(|s| verdict(s, &original, field.layout, field.rev));
        let mut last = None;
        for attempt in 0..200 {
            let candidate = match typed {
                // A code of the list stays in the list.
                Some(s)
                    if s.codes
                        .as_ref()
                        .is_some_and(|c| c.contains_key(original.as_str())) =>
                {
                    let codes: Vec<&String> = s
                        .codes
                        .as_ref()
                        .map(|c| {
                            c.keys()
                                .filter(|k| {
                                    conditions
                                        .iter()
                                        .all(|e| (k.as_str() == *e) == (original == *e))
                                })
                                .collect()
                        })
                        .unwrap_or_default();
                    Some(codes[self.rng.below(codes.len())].as_bytes().to_vec())
                        .filter(|c| c.len() == bytes.len())
                }
                Some(s) if s.ty == FieldType::Yyyymmdd && attempt < 100 => {
                    if s.personal {
                        fake_date(&original, &mut self.rng).map(String::into_bytes)
                    } else {
                        fake_day(&original, &mut self.rng).map(String::into_bytes)
                    }
                }
                Some(_) => fake_bytes(bytes, enc, &mut self.rng, &self.pools, true),
                None => fake_bytes(bytes, enc, &mut self.rng, &self.pools, false),
            };
            let Some(c) = candidate else { continue };
            // Another value's fake is never reused (two people stay two),
            // except for a code, which names no one; nor, unless nothing
            // else is possible, the value itself.
            let coded = typed.is_some_and(|s| s.codes.is_some());
            if !coded && self.used.contains(&(how.clone(), c.clone())) {
                continue;
            }
            if c == bytes && attempt < 100 && bytes.iter().any(u8::is_ascii_alphanumeric) {
                continue;
            }
            let fits = match (typed, &want) {
                (Some(s), Some(w)) => verdict(s, &text(&c), field.layout, field.rev) == *w,
                _ => true,
            };
            if fits {
                return self.keep(key, c, true);
            }
            last = Some(c);
        }
        match last {
            Some(c) => self.keep(key, c, false),
            // Nothing of the same shape: the characters of no class only.
            None => {
                let c = fake_bytes(bytes, enc, &mut self.rng, &self.pools, false)
                    .unwrap_or_else(|| bytes.to_vec());
                self.keep(key, c, false)
            }
        }
    }

    fn keep(&mut self, key: (String, Vec<u8>), fake: Vec<u8>, fits: bool) -> (Vec<u8>, bool) {
        self.used.insert((key.0.clone(), fake.clone()));
        self.given.insert(key, fake.clone());
        (fake, fits)
    }
}

/// The image names a folder holds (UPKIHON No.62 may name them: such a
/// value is a file name of the standard's grammar, kept so that the
/// relation still holds).
fn image_names(files: &[(PathBuf, String)], dir: &Path) -> BTreeSet<String> {
    files
        .iter()
        .filter(|(p, _)| p.parent() == Some(dir))
        .map(|(_, n)| n.clone())
        .collect()
}

/// Rewrites one file's bytes.
fn anonymize_bytes(
    name: &str,
    data: &[u8],
    images_here: &BTreeSet<String>,
    fakes: &mut Fakes,
    report: &mut Report,
) -> Vec<u8> {
    let detected = crate::input::detect::detect(name, data);
    let rev = detected.revision;
    // The layout `check` reads the file with: its name's kind, or the one
    // its content resembles when the name gives none.
    let layout = crate::check::layout_read_with(name, data, rev);
    if layout.is_some_and(|l| l.format == FileFormat::Jpeg) {
        report.images += 1;
        return blank_jpeg(data);
    }
    let sniffed = decode::sniff(data);
    if sniffed.bom == Some(Bom::Utf16) {
        return anonymize_utf16(data, fakes);
    }
    let mut out = data.to_vec();
    // A file of no known kind: its records are read against no layout.
    let fallback = rev.layouts.first().expect("a revision has layouts");
    let (layout_known, layout) = match layout {
        Some(l) => (true, l),
        None => (false, fallback),
    };
    for rec in Records::new(data, sniffed.start) {
        if rec.is_blank() {
            continue;
        }
        let aligned = layout_known && rec.field_count == layout.fields.len();
        if rec.number == 1 && layout_known {
            let values: Vec<String> = rec
                .fields
                .iter()
                .map(|f| decode::decode(&f.value(data), sniffed.encoding).0)
                .collect();
            if crate::rules::structure::is_header(&values, layout) {
                continue;
            }
        }
        // The 区分支給限度基準額 of the record, when it states one: it names
        // the care level (one limit a level), which the consistency level
        // compares it with.
        let limit_stated = aligned
            && layout
                .field_by_role(crate::spec::Role::LimitUnits)
                .and_then(|l| rec.fields.get(usize::from(l.no) - 1))
                .is_some_and(|f| f.content_end > f.content_start);
        // A record of another field count: its values where the alignment
        // places them with certainty (as `check` reads them), each rewritten
        // as a value of that field; the others are of unknown meaning.
        let placed: Option<Vec<Option<usize>>> = (layout_known && !aligned).then(|| {
            let texts: Vec<String> = rec
                .fields
                .iter()
                .map(|f| decode::decode(&f.value(data), sniffed.encoding).0)
                .collect();
            let vals: Vec<crate::input::align::Value> = texts
                .iter()
                .zip(&rec.fields)
                .map(|(t, f)| crate::input::align::Value {
                    text: t,
                    quoted: f.quoted,
                })
                .collect();
            let a = crate::input::align::align(&vals, layout, rev);
            let mut field_of = vec![None; rec.fields.len()];
            for j in 0..layout.fields.len() {
                if let Some(i) = a.value_of(j) {
                    field_of[i] = Some(j);
                }
            }
            field_of
        });
        for (i, f) in rec.fields.iter().enumerate() {
            let raw = &data[f.content_start..f.content_end];
            if raw.is_empty() {
                continue;
            }
            let value = decode::decode(&f.value(data), sniffed.encoding).0;
            let at = match &placed {
                None => aligned.then_some(i),
                Some(p) => p.get(i).copied().flatten(),
            };
            let spec = at.map(|j| &layout.fields[j]);
            let rewrite = match spec {
                // The standard's own fixed value names no one.
                Some(s) if s.fixed_value.as_deref() == Some(value.as_ref()) => false,
                // Placed elsewhere than it stands: its meaning is inferred,
                // and reports mask it. (A file read with the layout its
                // content resembles is rewritten as a file of that kind:
                // its figures must keep adding up, and the resemblance
                // decided the kind.)
                Some(_) if at != Some(i) => i != 0,
                Some(s) if s.role == Some(crate::spec::Role::ImageName) => {
                    !images_here.contains(value.as_str()) && s.masks(&value)
                }
                // A care level beside the limit that states it is kept: a
                // fake would break the consistency of the two, and hide
                // nothing the limit does not tell.
                Some(s) if s.role == Some(crate::spec::Role::CareLevel) && limit_stated => false,
                Some(s) => s.masks(&value),
                // Unknown meaning: all but the CSVバージョン, which says
                // which revision the file is read as.
                None => i != 0,
            };
            if !rewrite {
                continue;
            }
            let field = Field { spec, layout, rev };
            let (fake, fits) = fakes.fake(raw, sniffed.encoding, field);
            debug_assert_eq!(fake.len(), raw.len());
            if fake.len() == raw.len() {
                out[f.content_start..f.content_end].copy_from_slice(&fake);
                report.values += 1;
            }
            if !fits {
                report.rules_differ.push(format!(
                    "{name}: record {} field No.{}",
                    rec.number,
                    i + 1
                ));
            }
        }
    }
    out
}

/// A family-structure image as bytes of its length that hold no picture:
/// its first four and last two bytes (what the JPEG rule reads) and an end
/// marker where it had one.
fn blank_jpeg(data: &[u8]) -> Vec<u8> {
    let mut out = vec![0u8; data.len()];
    let head = data.len().min(4);
    out[..head].copy_from_slice(&data[..head]);
    let tail = data.len().min(2);
    let n = data.len();
    out[n - tail..].copy_from_slice(&data[n - tail..]);
    let ends = |d: &[u8]| d.len() > 3 && d[3..].windows(2).any(|w| w == [0xFF, 0xD9]);
    if ends(data) && !ends(&out) && n >= 8 {
        out[4] = 0xFF;
        out[5] = 0xD9;
    }
    out
}

/// A UTF-16 file (which the checks do not read past its BOM): every
/// character of a class replaced, code unit for code unit.
fn anonymize_utf16(data: &[u8], fakes: &mut Fakes) -> Vec<u8> {
    let le = data.starts_with(&[0xFF, 0xFE]);
    let mut out = data.to_vec();
    let mut i = 2;
    while i + 1 < data.len() {
        let unit = if le {
            u16::from_le_bytes([data[i], data[i + 1]])
        } else {
            u16::from_be_bytes([data[i], data[i + 1]])
        };
        if let Some(Ok(c)) = char::decode_utf16([unit]).next() {
            let f = fake_char(c, &mut fakes.rng, &fakes.pools, false);
            let mut buf = [0u16; 2];
            if let [u] = f.encode_utf16(&mut buf) {
                let b = if le { u.to_le_bytes() } else { u.to_be_bytes() };
                out[i..i + 2].copy_from_slice(&b);
            }
        }
        i += 2;
    }
    out
}

/// Anonymizes the files under `input` (a folder, walked as `check` walks
/// it, or one file) into `output`, at the same relative paths. `seed`
/// makes the fakes reproducible.
pub fn anonymize(input: &Path, output: &Path, seed: u64) -> Report {
    let mut report = Report::default();
    let rev = crate::spec::default_revision();
    let (sources, errors) = crate::input::discover(&[input.to_path_buf()], rev, true, true);
    report.errors.extend(errors.iter().map(ToString::to_string));
    let base = if input.is_dir() {
        input.to_path_buf()
    } else {
        input.parent().map(Path::to_path_buf).unwrap_or_default()
    };
    let files: Vec<(PathBuf, String)> = sources
        .iter()
        .map(|s| {
            let name = s
                .path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            (s.path.clone(), name)
        })
        .collect();
    let mut fakes = Fakes {
        rng: Rng(seed),
        pools: Pools::new(),
        given: BTreeMap::new(),
        used: BTreeSet::new(),
    };
    for (path, name) in &files {
        let shown = crate::finding::path_text(path.as_os_str());
        let data = match std::fs::read(path) {
            Ok(d) => d,
            Err(e) => {
                report.errors.push(format!("{shown}: {e}"));
                continue;
            }
        };
        let images = image_names(&files, path.parent().unwrap_or(Path::new("")));
        let out = anonymize_bytes(name, &data, &images, &mut fakes, &mut report);
        let rel = path.strip_prefix(&base).unwrap_or(Path::new(name));
        let to = output.join(rel);
        let written = to
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&to, &out));
        match written {
            Ok(()) => report.files.push(rel.to_path_buf()),
            Err(e) => report.errors.push(format!(
                "{}: {e}",
                crate::finding::path_text(to.as_os_str())
            )),
        }
    }
    report
}

/// The report in a few lines.
pub fn human(r: &Report, output: &Path, lang: crate::finding::Lang) -> String {
    let ja = lang == crate::finding::Lang::Ja;
    let mut s = String::new();
    for f in &r.files {
        s.push_str(&format!(
            "{}\n",
            crate::finding::path_text(output.join(f).as_os_str())
        ));
    }
    for d in &r.rules_differ {
        s.push_str(&if ja {
            format!("注: {d}: 同じ規則に反する同じ形の偽の値がないため、そのまま置き換えました\n")
        } else {
            format!(
                "note: {d}: no fake of the same shape breaks the same rules; rewritten anyway\n"
            )
        });
    }
    s.push_str(&if ja {
        format!(
            "{}件のファイルを書き出しました: 値 {}件を置き換え、家族の画像 {}件を空にしました。ほかはすべてバイト単位でそのままです\n",
            r.files.len(),
            r.values,
            r.images
        )
    } else {
        format!(
            "{} written: {} values rewritten, {} family images blanked; everything else byte for byte\n",
            crate::finding::count(r.files.len(), "file"),
            r.values,
            r.images
        )
    });
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fakes(seed: u64) -> Fakes {
        Fakes {
            rng: Rng(seed),
            pools: Pools::new(),
            given: BTreeMap::new(),
            used: BTreeSet::new(),
        }
    }

    #[test]
    fn a_fake_keeps_each_characters_class_and_byte_length() {
        let rev = crate::spec::revision("4.1").unwrap();
        let layout = rev.layout("UPHOSOKU").unwrap();
        let mut f = fakes(7);
        let text = Field {
            spec: None,
            layout,
            rev,
        };
        let original = encoding_rs::SHIFT_JIS
            .encode("見本 花子ｶﾅ、０３－１２３４abcXYZ")
            .0;
        let (fake, _) = f.fake(&original, Encoding::Ms932, text);
        assert_eq!(fake.len(), original.len());
        let (t, issues) = decode::decode(&fake, Encoding::Ms932);
        assert!(issues.is_empty());
        assert_ne!(t, "見本 花子ｶﾅ、０３－１２３４abcXYZ");
        assert_eq!(
            crate::finding::mask(&t),
            crate::finding::mask("見本 花子ｶﾅ、０３－１２３４abcXYZ")
        );
        // The same value, the same fake; another value, another fake.
        assert_eq!(f.fake(&original, Encoding::Ms932, text).0, fake);
        let other = encoding_rs::SHIFT_JIS
            .encode("見本 花美ｶﾅ、０３－１２３４abcXYZ")
            .0;
        assert_ne!(f.fake(&other, Encoding::Ms932, text).0, fake);
    }

    #[test]
    fn a_typed_value_keeps_its_verdict() {
        let rev = crate::spec::revision("4.1").unwrap();
        let layout = rev.layout("UPHOSOKU").unwrap();
        let field = |no: usize| Field {
            spec: Some(&layout.fields[no - 1]),
            layout,
            rev,
        };
        let mut f = fakes(11);
        // 生年月日: a real date stays one; an impossible one stays impossible.
        let (d, fits) = f.fake(b"19400229", Encoding::Ms932, field(8));
        let d = String::from_utf8(d).unwrap();
        assert!(fits && crate::values::is_date(&d) && d != "19400229", "{d}");
        let (d, fits) = f.fake(b"19410231", Encoding::Ms932, field(8));
        assert!(fits && !crate::values::is_date(std::str::from_utf8(&d).unwrap()));
        // 被保険者番号: H and nine digits.
        let (n, fits) = f.fake(b"H990000022", Encoding::Ms932, field(3));
        assert!(fits && n.starts_with(b"H") && n != b"H990000022");
        // 要介護状態区分: a code of the list stays in it.
        let (c, fits) = f.fake(b"22", Encoding::Ms932, field(18));
        assert!(fits);
        assert!(layout.fields[17]
            .codes
            .as_ref()
            .unwrap()
            .contains_key(std::str::from_utf8(&c).unwrap()));
    }

    #[test]
    fn a_blank_image_keeps_only_the_markers() {
        let jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 4, 5, 0xFF, 0xD9];
        let b = blank_jpeg(&jpeg);
        assert_eq!(b, [0xFF, 0xD8, 0xFF, 0xE0, 0, 0, 0, 0, 0, 0xFF, 0xD9]);
        let padded = [0xFF, 0xD8, 0xFF, 0xE0, 1, 0xFF, 0xD9, 7, 7, 7];
        assert_eq!(
            blank_jpeg(&padded),
            [0xFF, 0xD8, 0xFF, 0xE0, 0xFF, 0xD9, 0, 0, 7, 7]
        );
    }
}
