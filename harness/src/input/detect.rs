//! Which revision a file is written to: from its name's grammar and its
//! CSVバージョン. When they disagree, the content decides (its fields are
//! what is checked) and the detection says how they disagree, for
//! FILE-REVISION-MISMATCH (`rules::file`) to report.

use crate::input::filename::{self, Prefix, Segments};
use crate::spec::{self, Revision};

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
    /// revision would give.
    NameGrammar {
        name: String,
        named: Vec<&'static Revision>,
        content: &'static Revision,
        version: String,
        pattern: String,
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

/// The known revisions (embedded, then the folders loaded) whose file-name
/// grammar reads `name`: a prefix of the revision (not a near miss) and the
/// right number of segments.
pub fn name_revisions(name: &str) -> Vec<&'static Revision> {
    spec::known()
        .into_iter()
        .filter(|r| {
            let (n, reading) = filename::parse(name, r);
            n.kind.is_some()
                && reading.prefix == Prefix::Exact
                && matches!(reading.segments, Some(Segments::Read(_)))
        })
        .collect()
}

pub fn detect(name: &str, data: &[u8]) -> Detection {
    let default = spec::default_revision();
    let by_name = name_revisions(name);
    let content = content_version_and_fields(data);
    let version = content.as_ref().map(|(v, _)| v.clone());
    let known = spec::known();
    let mut by_content = version
        .as_deref()
        .and_then(|v| known.iter().copied().find(|r| r.csv_version == v));
    // A file whose records fit its name's revision only carries a wrong
    // CSVバージョン: it is checked as its name says, and
    // FILE-CSV-VERSION-REVISION reports the version. (Where both revisions
    // have the same number of fields, the name's grammar decides.)
    if let (Some(c), Some(n), Some((_, count))) = (by_content, by_name.first(), content.as_ref()) {
        let kind = filename::parse(name, n).0.kind;
        let fields = |r: &Revision| {
            kind.as_deref()
                .and_then(|k| r.layout(k))
                .map(|l| l.fields.len())
        };
        // The content's revision may read the name too (a folder loaded
        // beside the embedded revisions, with the same grammar): then the
        // name and the content agree.
        let agree = by_name.iter().any(|r| std::ptr::eq(*r, c));
        if !agree && fields(n) == Some(*count) {
            by_content = None;
        }
    }
    // A kind the content's revision does not have (UP3KYO or a 介護予防
    // file carrying 202208) is checked by the revision that has it.
    let name_kind = filename::parse(name, by_name.first().copied().unwrap_or(default))
        .0
        .kind;
    if let (Some(c), Some(k)) = (by_content, name_kind.as_deref()) {
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
    let revision = by_content
        .or_else(|| by_name.first().copied())
        .unwrap_or(default);
    let mismatch = match (by_content, by_name.is_empty()) {
        (Some(c), false) if !by_name.iter().any(|r| std::ptr::eq(*r, c)) => {
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
