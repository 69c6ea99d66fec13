//! Cases: a directory holding a vendor-style set of files and a `case.toml`
//! that says what checking them must find.
//!
//! ```toml
//! id = "field.date-april-31"          # stable, unique
//! title = "サービス利用日が4月31日"
//! revision = "4.1"
//! role = "居宅介護支援"
//! conformant = true                   # or a list of expected findings:
//! [[expect]]
//! rule = "FLD-DATE"
//! file = "UPPLAN_202504_….CSV"
//! record = 2                          # optional
//! field = 10                          # optional
//! ```
//!
//! Manifests are parsed strictly: an unknown key is an error, and a file
//! named in an expectation must be a plain name inside the case directory.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::check::FileResult;
use crate::finding::Finding;
use crate::rules::catalogue;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub id: String,
    pub title: String,
    pub revision: String,
    pub role: String,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub conformant: Option<bool>,
    /// A revision to force, as `check --spec` does; by default the revision
    /// is picked per file.
    #[serde(default)]
    pub check_as: Option<String>,
    /// The size limit to check with, as `check --max-file-size` (bytes).
    #[serde(default)]
    pub max_file_size: Option<u64>,
    /// Whether the case's files are checked together as send units (the
    /// default, as `check DIR` does) or each on its own, as `check FILE` does.
    #[serde(default = "yes")]
    pub units: bool,
    #[serde(default)]
    pub expect: Vec<Expected>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expected {
    pub rule: String,
    pub file: String,
    #[serde(default)]
    pub record: Option<u32>,
    #[serde(default)]
    pub field: Option<u16>,
    /// How many findings this expectation stands for (1 unless given): for
    /// a rule that fires on many records alike.
    #[serde(default)]
    pub count: Option<u32>,
}

impl fmt::Display for Expected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.rule, self.file)?;
        if let Some(r) = self.record {
            write!(f, " record {r}")?;
        }
        if let Some(n) = self.field {
            write!(f, " field {n}")?;
        }
        if let Some(c) = self.count {
            write!(f, " ×{c}")?;
        }
        Ok(())
    }
}

#[derive(Debug, Clone)]
pub struct Case {
    pub dir: PathBuf,
    /// The folder under the cases root the case sits in (its group).
    pub group: String,
    pub manifest: Manifest,
}

/// A manifest that cannot be used, with the reason.
#[derive(Debug)]
pub struct ManifestError {
    pub path: PathBuf,
    pub message: String,
}

impl fmt::Display for ManifestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

fn plain_file_name(s: &str) -> bool {
    !s.is_empty()
        && s != "."
        && s != ".."
        && !s.contains(['/', '\\', '\0'])
        && !s.starts_with('.')
        && Path::new(s).components().count() == 1
}

/// Parses and validates one `case.toml`.
pub fn parse_manifest(text: &str, path: &Path) -> Result<Manifest, ManifestError> {
    let err = |message: String| ManifestError {
        path: path.to_path_buf(),
        message,
    };
    let m: Manifest =
        toml::from_str(text).map_err(|e| err(e.to_string().trim_end().to_string()))?;
    if m.id.trim().is_empty() {
        return Err(err("`id` is empty".into()));
    }
    match (m.conformant, m.expect.is_empty()) {
        (Some(true), false) => {
            return Err(err(
                "`conformant = true` and `[[expect]]` entries exclude each other".into(),
            ))
        }
        (Some(false), true) | (None, true) => return Err(err(
            "a case is either `conformant = true` or lists the findings it expects in `[[expect]]`"
                .into(),
        )),
        _ => {}
    }
    for e in &m.expect {
        if catalogue::by_id(&e.rule).is_none() {
            return Err(err(format!(
                "unknown rule `{}` (see `careplan-conformance rules`)",
                e.rule
            )));
        }
        if !plain_file_name(&e.file) {
            return Err(err(format!(
                "`file = {:?}` must be the name of a file inside the case directory",
                e.file
            )));
        }
        if e.count == Some(0) {
            return Err(err(format!(
                "`count = 0` for {}: a finding that must not appear is one the case does not list",
                e.rule
            )));
        }
    }
    Ok(m)
}

/// Finds every case under `root` (any directory holding a `case.toml`),
/// sorted by id. Duplicate ids are an error.
pub fn discover(root: &Path) -> (Vec<Case>, Vec<ManifestError>) {
    let mut cases = Vec::new();
    let mut errors = Vec::new();
    for entry in walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        if entry.file_name() != "case.toml" || !entry.file_type().is_file() {
            continue;
        }
        let path = entry.path();
        let dir = path.parent().unwrap_or(root).to_path_buf();
        let group = dir
            .strip_prefix(root)
            .ok()
            .and_then(|p| p.components().next())
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .unwrap_or_default();
        match std::fs::read_to_string(path) {
            Ok(text) => match parse_manifest(&text, path) {
                Ok(manifest) => cases.push(Case {
                    dir,
                    group,
                    manifest,
                }),
                Err(e) => errors.push(e),
            },
            Err(e) => errors.push(ManifestError {
                path: path.to_path_buf(),
                message: e.to_string(),
            }),
        }
    }
    cases.sort_by(|a, b| a.manifest.id.cmp(&b.manifest.id));
    let mut seen = BTreeMap::new();
    for c in &cases {
        if let Some(prev) = seen.insert(c.manifest.id.clone(), c.dir.clone()) {
            errors.push(ManifestError {
                path: c.dir.join("case.toml"),
                message: format!(
                    "duplicate id `{}` (also in {})",
                    c.manifest.id,
                    prev.display()
                ),
            });
        }
    }
    (cases, errors)
}

/// How the findings of a case compare with its expectation.
#[derive(Debug, Default)]
pub struct Comparison {
    pub missing: Vec<Expected>,
    pub unexpected: Vec<Finding>,
    /// Expected files that are not in the case directory.
    pub absent_files: Vec<String>,
}

impl Comparison {
    pub fn passed(&self) -> bool {
        self.missing.is_empty() && self.unexpected.is_empty() && self.absent_files.is_empty()
    }
}

fn matches(e: &Expected, f: &Finding) -> bool {
    e.rule == f.rule.id
        && e.file == f.file
        && e.record.is_none_or(|r| f.pos.record == Some(r))
        && e.field.is_none_or(|n| f.pos.field_no == Some(n))
}

/// Compares findings with a manifest: every expected finding must be found
/// once, and nothing else may be found. An expectation without a record or
/// field matches any.
pub fn compare(m: &Manifest, files: &[FileResult]) -> Comparison {
    let mut unexpected: Vec<Finding> = files
        .iter()
        .flat_map(|f| f.findings.iter().cloned())
        .collect();
    let mut out = Comparison::default();
    // Most specific expectations first, so a general one cannot take the
    // finding a specific one needs.
    let mut expect: Vec<&Expected> = m.expect.iter().collect();
    expect.sort_by_key(|e| (e.record.is_none(), e.field.is_none()));
    for e in expect {
        if !files.iter().any(|f| f.file == e.file) {
            out.absent_files.push(e.file.clone());
            continue;
        }
        let want = e.count.unwrap_or(1) as usize;
        let hits: Vec<usize> = unexpected
            .iter()
            .enumerate()
            .filter(|(_, f)| matches(e, f))
            .map(|(i, _)| i)
            .take(want)
            .collect();
        if hits.len() < want {
            let mut m = e.clone();
            m.count = Some((want - hits.len()) as u32).filter(|_| e.count.is_some());
            out.missing.push(m);
        }
        for i in hits.into_iter().rev() {
            unexpected.remove(i);
        }
    }
    out.unexpected = unexpected;
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<Manifest, String> {
        parse_manifest(s, Path::new("case.toml")).map_err(|e| e.message)
    }

    const HEAD: &str = "id = \"x\"\ntitle = \"t\"\nrevision = \"4.1\"\nrole = \"居宅介護支援\"\n";

    #[test]
    fn a_manifest_is_conformant_or_lists_findings() {
        assert!(parse(&format!("{HEAD}conformant = true\n")).is_ok());
        let m = parse(&format!(
            "{HEAD}[[expect]]\nrule = \"FLD-DATE\"\nfile = \"A.CSV\"\nrecord = 2\n"
        ))
        .unwrap();
        assert_eq!(m.expect[0].record, Some(2));
        assert!(parse(HEAD).unwrap_err().contains("either"));
        assert!(parse(&format!(
            "{HEAD}conformant = true\n[[expect]]\nrule = \"FLD-DATE\"\nfile = \"A.CSV\"\n"
        ))
        .unwrap_err()
        .contains("exclude"));
    }

    #[test]
    fn unknown_keys_and_rules_are_rejected() {
        assert!(
            parse(&format!("{HEAD}conformant = true\nconfromant = true\n"))
                .unwrap_err()
                .contains("unknown field")
        );
        assert!(parse(&format!(
            "{HEAD}[[expect]]\nrule = \"FLD-NOPE\"\nfile = \"A.CSV\"\n"
        ))
        .unwrap_err()
        .contains("unknown rule"));
    }

    #[test]
    fn a_case_cannot_name_files_outside_its_directory() {
        for bad in ["../A.CSV", "/etc/passwd", "sub/A.CSV", "..", ".hidden"] {
            let t = format!("{HEAD}[[expect]]\nrule = \"FLD-DATE\"\nfile = {bad:?}\n");
            assert!(
                parse(&t).unwrap_err().contains("inside the case directory"),
                "{bad}"
            );
        }
    }
}

/// The result of running one case.
#[derive(Debug)]
pub struct Outcome {
    pub files: Vec<FileResult>,
    pub comparison: Comparison,
}

/// Runs one case: checks every file in its directory against the case's
/// revision and compares the findings with the manifest. `None` when the
/// harness has no data for the case's revision (the case is then ignored).
pub fn run(case: &Case) -> Option<Outcome> {
    let rev = crate::spec::revision(&case.manifest.revision)?;
    let paths: Vec<PathBuf> = if case.manifest.units {
        vec![case.dir.clone()]
    } else {
        let mut v: Vec<PathBuf> = std::fs::read_dir(&case.dir)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            // Links are never followed: a case reaches only its own files.
            .filter(|p| p.symlink_metadata().is_ok_and(|m| m.is_file()))
            .filter(|p| p.file_name().is_some_and(|n| n != "case.toml"))
            .collect();
        v.sort();
        v
    };
    // Cases run as `check` does by default: the revision is picked per file,
    // unless the case forces one.
    let forced = match &case.manifest.check_as {
        Some(r) => Some(crate::spec::revision(r)?),
        None => None,
    };
    let _ = rev;
    let run = crate::check_with(
        &paths,
        crate::CheckOptions {
            revision: forced,
            follow_links: false,
            max_file_size: case
                .manifest
                .max_file_size
                .unwrap_or(crate::DEFAULT_MAX_FILE_SIZE),
            recursive: true,
            keep_records: false,
        },
    );
    let comparison = compare(&case.manifest, &run.files);
    Some(Outcome {
        files: run.files,
        comparison,
    })
}

impl Outcome {
    /// The expectation diff, for a failing case: one line per difference.
    pub fn diff(&self, lang: crate::finding::Lang) -> String {
        let o = crate::report::Options {
            lang,
            show_personal: false,
            ..Default::default()
        };
        let mut s = String::new();
        for f in &self.comparison.absent_files {
            s.push_str(&format!(
                "absent:     {f} (named in case.toml, not in the case directory)\n"
            ));
        }
        for e in &self.comparison.missing {
            s.push_str(&format!("missing:    {e}\n"));
        }
        for f in &self.comparison.unexpected {
            s.push_str(&format!(
                "unexpected: {}\n",
                crate::report::finding_line(f, &o)
            ));
        }
        s
    }
}

/// One case of a suite run.
#[derive(Debug)]
pub struct CaseResult {
    pub case: Case,
    /// `None` when the case is ignored (its revision is not embedded).
    pub outcome: Option<Outcome>,
}

impl CaseResult {
    pub fn passed(&self) -> bool {
        self.outcome.as_ref().is_some_and(|o| o.comparison.passed())
    }
    pub fn ignored(&self) -> bool {
        self.outcome.is_none()
    }
}

/// A run of every case under a root.
#[derive(Debug)]
pub struct Suite {
    pub root: PathBuf,
    pub filter: Option<String>,
    /// In id order, whatever order they ran in.
    pub results: Vec<CaseResult>,
    pub manifest_errors: Vec<ManifestError>,
}

impl Suite {
    pub fn passed(&self) -> usize {
        self.results.iter().filter(|r| r.passed()).count()
    }
    pub fn failed(&self) -> usize {
        self.results
            .iter()
            .filter(|r| !r.passed() && !r.ignored())
            .count()
    }
    pub fn ignored(&self) -> usize {
        self.results.iter().filter(|r| r.ignored()).count()
    }
}

/// Runs every case under `root` whose id contains `filter`, in parallel;
/// the results come back in id order.
pub fn run_all(root: &Path, filter: Option<&str>) -> Suite {
    use rayon::prelude::*;
    let (cases, manifest_errors) = discover(root);
    let selected: Vec<Case> = cases
        .into_iter()
        .filter(|c| filter.is_none_or(|f| c.manifest.id.contains(f)))
        .collect();
    let results = selected
        .into_par_iter()
        .map(|case| {
            let outcome = run(&case);
            CaseResult { case, outcome }
        })
        .collect();
    Suite {
        root: root.to_path_buf(),
        filter: filter.map(str::to_string),
        results,
        manifest_errors,
    }
}
