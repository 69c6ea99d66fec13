//! Which revision a file is written to: from its name's grammar and its
//! CSVバージョン. When they disagree, the content decides (its fields are
//! what is checked) and a finding says so.

use crate::finding::Text;
use crate::input::filename;
use crate::rules::catalogue as cat;
use crate::rules::Issue;
use crate::spec::{self, Revision};

/// The revision chosen for a file, and why.
#[derive(Debug, Clone)]
pub struct Detection {
    pub revision: &'static Revision,
    /// The name and the content point at different revisions.
    pub mismatch: Option<Issue>,
    /// Whether the revision was forced (`--spec`).
    pub forced: bool,
}

impl Detection {
    pub fn forced(revision: &'static Revision) -> Self {
        Detection {
            revision,
            mismatch: None,
            forced: true,
        }
    }
}

/// The CSVバージョン of the first record, when it looks like one.
pub fn content_version(data: &[u8]) -> Option<String> {
    let body = data.strip_prefix(&[0xEF, 0xBB, 0xBF][..]).unwrap_or(data);
    let first = body
        .split(|b| *b == b',' || *b == b'\r' || *b == b'\n')
        .next()?;
    let first = first.strip_prefix(b"\"").unwrap_or(first);
    let first = first.strip_suffix(b"\"").unwrap_or(first);
    (first.len() == 6 && first.iter().all(u8::is_ascii_digit))
        .then(|| String::from_utf8_lossy(first).into_owned())
}

/// The embedded revisions whose file-name grammar reads `name` (right
/// number of segments for a known prefix).
pub fn name_revisions(name: &str) -> Vec<&'static Revision> {
    spec::revisions()
        .iter()
        .filter(|r| {
            let (n, issues) = filename::parse(name, r);
            n.kind.is_some()
                && !issues
                    .iter()
                    .any(|i| std::ptr::eq(i.rule, &cat::NAME_SEGMENTS))
        })
        .collect()
}

pub fn detect(name: &str, data: &[u8]) -> Detection {
    let default = spec::revision(spec::DEFAULT_REVISION).expect("the default revision is embedded");
    let by_name = name_revisions(name);
    let version = content_version(data);
    let by_content = version
        .as_deref()
        .and_then(|v| spec::revisions().iter().find(|r| r.csv_version == v));
    // A kind the content's revision does not have (UP3KYO or a 介護予防
    // file carrying 202208) is checked by the revision that has it.
    let name_kind = filename::parse(name, by_name.first().copied().unwrap_or(default))
        .0
        .kind;
    if let (Some(c), Some(k)) = (by_content, name_kind.as_deref()) {
        let has = |r: &Revision| {
            r.kinds
                .iter()
                .chain(&r.recognised_not_checked)
                .any(|x| x == k)
        };
        if !has(c) {
            if let Some(other) = spec::revisions().iter().rev().find(|r| has(r)) {
                let v = version.clone().unwrap_or_default();
                return Detection {
                    revision: other,
                    mismatch: Some(
                        Issue::new(&cat::FILE_REVISION_MISMATCH)
                            .found(v.clone())
                            .expected(Text::same(other.csv_version.clone()))
                            .detail(Text::new(
                                format!("{k} は{}版にないファイルですが、CSVバージョンは{}版の {v} です。{}版として検査します", c.revision, c.revision, other.revision),
                                format!("{k} does not exist in revision {} but its CSVバージョン is {v}; it is checked as revision {}", c.revision, other.revision),
                            )),
                    ),
                    forced: false,
                };
            }
        }
    }
    let revision = by_content
        .or_else(|| by_name.first().copied())
        .unwrap_or(default);
    let mismatch = match (by_content, by_name.is_empty()) {
        (Some(c), false) if !by_name.iter().any(|r| std::ptr::eq(*r, c)) => {
            let named: Vec<&str> = by_name.iter().map(|r| r.revision.as_str()).collect();
            let v = version.clone().unwrap_or_default();
            let (n, _) = filename::parse(name, c);
            let kind = n.kind.clone().unwrap_or_else(|| "PREFIX".into());
            let month_segment = n
                .kind
                .as_deref()
                .and_then(|k| c.layout(k))
                .is_some_and(|l| l.month_segment);
            Some(
                Issue::new(&cat::FILE_REVISION_MISMATCH)
                    .found(name.to_string())
                    .expected(Text::same(filename::pattern(
                        &kind,
                        month_segment,
                        c.file_name.service_kind_segments,
                    )))
                    .detail(Text::new(
                        format!(
                            "ファイル名は{}版の書式ですが、内容は{}版（CSVバージョン {v}）です。内容を{}版として検査します",
                            named.join("・"),
                            c.revision,
                            c.revision
                        ),
                        format!(
                            "the name follows the grammar of revision {} but the content is revision {} (CSVバージョン {v}); the content is checked as {}",
                            named.join(", "),
                            c.revision,
                            c.revision
                        ),
                    )),
            )
        }
        _ => None,
    };
    Detection {
        revision,
        mismatch,
        forced: false,
    }
}
