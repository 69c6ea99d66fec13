//! Which revision a file is written to: from its name's grammar and its
//! CSVバージョン. When they disagree, the content decides (its fields are
//! what is checked) and the detection says how they disagree, for
//! FILE-REVISION-MISMATCH (`rules::file`) to report.

use crate::input::filename::{self, Prefix, Segments};
use crate::spec::{self, KindSpec, Revision};

/// The revision chosen for a file, and why.
#[derive(Debug, Clone)]
pub struct Detection {
    pub revision: &'static Revision,
    /// The name and the content point at different revisions.
    pub mismatch: Option<Mismatch>,
    /// Whether the revision was forced (`--spec`).
    pub forced: bool,
    /// The name is in another revision's grammar (so its NAME-SEGMENTS
    /// finding is the mismatch, said once).
    pub name_of_other_revision: bool,
}

/// How a file's name and content disagree about its revision.
#[derive(Debug, Clone)]
pub enum Mismatch {
    /// The content's revision has no such kind (UP3KYO or a 介護予防 file
    /// carrying 202208): the file is checked by `checked_as`, the latest
    /// revision that has the kind.
    KindAbsent {
        kind: String,
        content: &'static Revision,
        version: String,
        checked_as: &'static Revision,
    },
    /// The name follows the grammar of `named` but the content is of
    /// `content`: the content decides; `pattern` is the name the content's
    /// revision would give. `in_force`: the records even have the fields of
    /// the name's revision, but the CSVバージョン is the one in force for
    /// the service month the name gives (that month): the file is to be
    /// written to the content's revision, name and fields.
    NameGrammar {
        name: String,
        named: Vec<&'static Revision>,
        content: &'static Revision,
        version: String,
        pattern: String,
        in_force: Option<String>,
    },
}

impl Detection {
    pub fn forced(revision: &'static Revision) -> Self {
        Detection {
            revision,
            mismatch: None,
            forced: true,
            name_of_other_revision: false,
        }
    }
}

/// The CSVバージョン and field count of the first data record (a header row
/// or blank lines before it are passed over), when there is one.
pub fn content_version_and_fields(data: &[u8]) -> Option<(String, usize)> {
    let start = crate::input::decode::sniff(data).start;
    for rec in crate::input::records::Records::new(data, start).take(8) {
        let Some(f) = rec.fields.first() else {
            continue;
        };
        let v = f.value(data);
        if v.len() == 6 && v.iter().all(u8::is_ascii_digit) {
            return Some((String::from_utf8_lossy(&v).into_owned(), rec.field_count));
        }
    }
    None
}

/// The CSVバージョン of the first data record, when there is one.
pub fn content_version(data: &[u8]) -> Option<String> {
    content_version_and_fields(data).map(|(v, _)| v)
}

/// Whether the segments a grammar read have the shapes its places call
/// for (an office number of 10 characters, a kind of 2, a ファイル連番 of
/// 14): a name whose 2-character kind stands where an office number
/// should is not of that grammar, whatever the count of its segments.
fn plausible(parts: &filename::Parts) -> bool {
    let office = |s: &str| s.len() >= 8;
    let kind = |s: &Option<String>| s.as_deref().is_none_or(|k| k.len() <= 3);
    office(&parts.sender)
        && office(&parts.receiver)
        && kind(&parts.sender_kind)
        && kind(&parts.receiver_kind)
        && parts.timestamp.len() >= 12
}

/// The known revisions (embedded, then the folders loaded) whose file-name
/// grammar reads `name`: a prefix of the revision (not a near miss) and
/// segments as many as the kind's names have, of the shapes their places
/// call for.
pub fn name_revisions(name: &str) -> Vec<&'static Revision> {
    spec::known()
        .into_iter()
        .filter(|r| {
            let (n, reading) = filename::parse(name, r);
            n.kind.is_some()
                && reading.prefix == Prefix::Exact
                && matches!(&reading.segments, Some(Segments::Read(p)) if plausible(p))
        })
        .collect()
}

/// The revision whose CSVバージョン is in force for the service month a
/// name gives (not for the placeholder 000000).
fn in_force_for(name: &str, rev: &Revision) -> Option<(&'static Revision, String)> {
    let n = filename::parse(name, rev).0;
    let month = n.month.filter(|_| !n.month_is_placeholder)?;
    let v = spec::csv_version_in_force(&month)?;
    let r = spec::known()
        .into_iter()
        .find(|r| r.csv_version == v.value)?;
    Some((r, month))
}

/// Picks a file's revision from its name's grammar and its CSVバージョン
/// together, and says once how they disagree:
/// - the content has the fields of the revision its CSVバージョン declares
///   (and not those of the name's): that revision, whatever the name (the
///   CSVバージョン is never said to be wrong when the content matches it
///   alone); a name of another grammar is the disagreement;
/// - both revisions have the kind with that many fields: the one in force
///   for the service month the name gives, else the name's;
/// - it has the fields of the name's revision instead: the name's
///   revision when its CSVバージョン is the one for the service month (or
///   the month is not known), and the value is what is wrong; but when the
///   CSVバージョン declared is the one in force for the month, the file is
///   to be written to that revision, name and fields: it is checked as
///   that revision and the disagreement says so;
/// - a CSVバージョン of no revision: the name's grammar, else the revision
///   whose layout has the record's number of fields.
pub fn detect(name: &str, data: &[u8]) -> Detection {
    let default = spec::default_revision();
    let by_name = name_revisions(name);
    let content = content_version_and_fields(data);
    let version = content.as_ref().map(|(v, _)| v.clone());
    let known = spec::known();
    let declared = version
        .as_deref()
        .and_then(|v| known.iter().copied().find(|r| r.csv_version == v));
    // The content's revision may read the name too (a folder loaded beside
    // the embedded revisions, with the same grammar): then the name and the
    // content agree, and the content decides.
    let name_rev = declared
        .filter(|d| by_name.iter().any(|r| std::ptr::eq(*r, *d)))
        .or_else(|| by_name.first().copied());
    let kind = filename::parse(name, name_rev.unwrap_or(default)).0.kind;
    let count = content.as_ref().map(|(_, n)| *n);
    let fits = |r: &Revision| {
        kind.as_deref()
            .and_then(|k| r.layout(k))
            .is_some_and(|l| Some(l.fields.len()) == count)
    };
    // A kind the content's revision does not have (UP3KYO or a 介護予防
    // file carrying 202208) is checked by the revision that has it; when the
    // name's revision has it with the record's fields, only the value is
    // wrong (FILE-CSV-VERSION-REVISION says so).
    let name_explains = name_rev.is_some_and(&fits);
    if let (Some(c), Some(k), false) = (declared, kind.as_deref(), name_explains) {
        let has = |r: &Revision| r.kinds.iter().any(|x| x == k);
        if !has(c) {
            if let Some(other) = known.iter().rev().copied().find(|r| has(r)) {
                return Detection {
                    revision: other,
                    mismatch: Some(Mismatch::KindAbsent {
                        kind: k.to_string(),
                        content: c,
                        version: version.clone().unwrap_or_default(),
                        checked_as: other,
                    }),
                    forced: false,
                    name_of_other_revision: false,
                };
            }
        }
    }
    let in_force = in_force_for(name, name_rev.unwrap_or(default));
    let mut old_layout = None;
    let is_in_force = |r: &Revision| in_force.as_ref().is_some_and(|(f, _)| std::ptr::eq(*f, r));
    let revision = match (declared, name_rev) {
        // Both revisions have the kind with this many fields: the one in
        // force for the month decides, else the name.
        (Some(d), Some(n)) if !std::ptr::eq(d, n) && fits(d) && fits(n) => {
            if is_in_force(d) {
                d
            } else {
                n
            }
        }
        (Some(d), _) if fits(d) => d,
        (Some(d), Some(n)) if !std::ptr::eq(d, n) && fits(n) => match &in_force {
            Some((r, month)) if std::ptr::eq(*r, d) => {
                old_layout = Some(month.clone());
                d
            }
            _ => n,
        },
        (Some(d), _) => d,
        (None, Some(n)) => n,
        // An embedded revision first; a folder loaded only when none fits.
        (None, None) => spec::revisions()
            .iter()
            .filter(|r| fits(r))
            .max_by_key(|r| is_in_force(r))
            .or_else(|| known.iter().copied().rfind(|r| fits(r)))
            .unwrap_or(default),
    };
    let mismatch = match declared {
        Some(c)
            if std::ptr::eq(c, revision)
                && !by_name.is_empty()
                && !by_name.iter().any(|r| std::ptr::eq(*r, c)) =>
        {
            let (n, _) = filename::parse(name, c);
            let kind = n.kind.clone().unwrap_or_else(|| "PREFIX".into());
            let month_segment = n
                .kind
                .as_deref()
                .and_then(|k| c.layout(k))
                .is_some_and(|l| l.month_segment);
            Some(Mismatch::NameGrammar {
                name: name.to_string(),
                named: by_name.clone(),
                content: c,
                version: version.clone().unwrap_or_default(),
                pattern: spec::name_pattern(
                    &kind,
                    month_segment,
                    c.file_name.service_kind_segments,
                ),
                in_force: old_layout,
            })
        }
        _ => None,
    };
    Detection {
        revision,
        name_of_other_revision: mismatch.is_some(),
        mismatch,
        forced: false,
    }
}

/// The kind whose layout the first records of a file resemble most, when
/// one stands out: the guess for a file whose name's prefix is no kind of
/// the standard (`DLTBET_…` written for the 第7表). A header row and blank
/// lines are passed over.
///
/// Two kinds of one layout (第6表 UPPLAN and 実績 UPJSK) fit alike: the
/// sender's service kind the name gives (`plan_side`: a care-management
/// kind) tells which.
pub fn guess_kind(
    data: &[u8],
    rev: &'static Revision,
    plan_side: Option<bool>,
) -> Option<&'static KindSpec> {
    use crate::input::align;
    let sniffed = crate::input::decode::sniff(data);
    let mut records: Vec<Vec<(String, bool)>> = Vec::new();
    for rec in crate::input::records::Records::new(data, sniffed.start).take(16) {
        if rec.is_blank() {
            continue;
        }
        let vals: Vec<(String, bool)> = rec
            .fields
            .iter()
            .map(|f| {
                let t = crate::input::decode::decode_cow(f.value(data), sniffed.encoding).0;
                (t.into_owned(), f.quoted)
            })
            .collect();
        // A header row (its first value is no CSVバージョン) says nothing.
        let first = vals.first().map(|v| v.0.as_str()).unwrap_or("");
        if first.len() != 6 || !first.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        records.push(vals);
        if records.len() == 3 {
            break;
        }
    }
    if records.is_empty() {
        return None;
    }
    let mut scores: Vec<(i32, &'static KindSpec)> = rev
        .layouts
        .iter()
        .filter(|l| l.format == spec::FileFormat::Csv)
        .map(|l| {
            let total: i32 = records
                .iter()
                .map(|r| {
                    let values: Vec<align::Value> = r
                        .iter()
                        .map(|(t, q)| align::Value {
                            text: t,
                            quoted: *q,
                        })
                        .collect();
                    align::resemblance(&values, l, rev)
                })
                .sum();
            (total / records.len() as i32, l)
        })
        .collect();
    scores.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.kind.cmp(&b.1.kind)));
    let (best, kind) = scores.first().copied()?;
    let same_layout = |a: &KindSpec, b: &KindSpec| {
        a.fields.len() == b.fields.len()
            && a.fields
                .iter()
                .zip(&b.fields)
                .all(|(x, y)| x.name == y.name)
    };
    // Kinds of the same layout as the best, and the best of the others.
    let twins: Vec<&'static KindSpec> = scores
        .iter()
        .filter(|(s, l)| *s == best && same_layout(l, kind))
        .map(|(_, l)| *l)
        .collect();
    let second = scores
        .iter()
        .find(|(_, l)| !twins.iter().any(|t| std::ptr::eq(*t, *l)))
        .map_or(i32::MIN / 4, |s| s.0);
    if best <= 0 || best - second < MARGIN {
        return None;
    }
    match twins.as_slice() {
        [one] => Some(*one),
        _ => {
            let side = plan_side?;
            let mut fit = twins.iter().filter(|l| (l.direction == "plan") == side);
            match (fit.next(), fit.next()) {
                (Some(l), None) => Some(*l),
                _ => None,
            }
        }
    }
}

/// How much better the layout a file resembles most must fit it than the
/// next for the guess to be made: about one value of a shape of its own.
const MARGIN: i32 = 50;

#[cfg(test)]
mod tests {
    use super::*;

    /// No CSV file of the conforming cases is taken for another kind by its
    /// content alone, and most are taken for their own. The delete files
    /// are never guessed: their four fields (CSVバージョン, 保険者番号,
    /// 被保険者番号, a date or month) begin every layout.
    #[test]
    fn the_content_of_a_conforming_file_is_taken_for_its_kind() {
        let rev = spec::revision("4.1").unwrap();
        let cases = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../cases");
        let (mut checked, mut guessed) = (0, 0);
        let dirs = std::fs::read_dir(cases.join("conformant"))
            .unwrap()
            .chain(std::fs::read_dir(cases.join("yobo")).unwrap())
            .flatten()
            .filter(|d| {
                let p = d.path();
                p.starts_with(cases.join("conformant"))
                    || d.file_name().to_string_lossy().starts_with("conformant-")
            });
        for dir in dirs {
            for f in std::fs::read_dir(dir.path()).unwrap().flatten() {
                let name = f.file_name().to_string_lossy().into_owned();
                let (n, _) = filename::parse(&name, rev);
                let Some(kind) = n.kind.filter(|_| name.ends_with(".CSV")) else {
                    continue;
                };
                let plan_side = n
                    .sender_kind
                    .as_deref()
                    .map(|k| rev.service_kinds.care_management.contains_key(k));
                let data = std::fs::read(f.path()).unwrap();
                let guess = guess_kind(&data, rev, plan_side).map(|l| l.kind.as_str());
                if kind.starts_with("DLT") {
                    assert_eq!(guess, None, "{name}");
                    continue;
                }
                assert!(guess.is_none_or(|g| g == kind), "{name}: {guess:?}");
                checked += 1;
                if guess.is_some() {
                    guessed += 1;
                }
            }
        }
        assert!(guessed * 10 >= checked * 8, "{guessed} of {checked}");
    }

    #[test]
    fn a_made_up_prefix_is_guessed_from_the_content() {
        let rev = spec::revision("4.1").unwrap();
        // A 第7表 row typed from memory: 19 of its 37 fields.
        let data = "202407,,9900000011,202503,1371000025,,111111,身体介護１,244,4,976,976,11.40,11126,90,10013,1113,,1\r\n";
        let guess = guess_kind(data.as_bytes(), rev, Some(true)).map(|l| l.kind.as_str());
        assert_eq!(guess, Some("UPSIKYU"));
        assert_eq!(
            guess_kind(b"a,b,c\r\n", rev, None).map(|l| l.kind.as_str()),
            None
        );
    }
}
