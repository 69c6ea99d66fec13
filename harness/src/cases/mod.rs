//! Cases: a directory holding a vendor-style set of files and a `case.toml`
//! that says what checking them must find.
//!
//! ```toml
//! id = "field.date-april-31"          # stable, unique; a name: [A-Za-z0-9._-]
//! title = "サービス利用日が4月31日"
//! revision = "4.1"
//! role = "居宅介護支援"
//! base = "conformant/use-set-6-7-hosoku"   # optional: start from another case's files
//! [[edit]]                            # optional: changes applied in memory (see `edit`)
//! file = "UPPLAN_….CSV"
//! record = 2
//! field = 10
//! value = "20250431"
//! # conformant = true                 # or a list of expected findings:
//! # passes = ["FLD-DATE"]             # optional: rules the case shows not firing
//! #                                   # on data they judge (a near miss)
//! [[expect]]
//! rule = "FLD-DATE"
//! file = "UPPLAN_….CSV"
//! record = 2                          # optional
//! field = 10                          # optional
//! ```
//!
//! Manifests are parsed strictly: an unknown key is an error, and a file
//! named in an expectation must be a plain name inside the case directory.
//! A case that lists findings also pins them whole in its `findings.txt`
//! (see `findings`), which `run --bless` writes.

pub mod edit;
pub mod findings;
pub mod tree;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::check::FileResult;
use crate::finding::Finding;
use crate::rules::catalogue;
use tree::{Folder, Tree};

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
    /// The case whose files this case starts from, as a folder path under
    /// the cases root (`conformant/use-set-6-7-hosoku`).
    #[serde(default, rename = "base")]
    base_spanned: Option<toml::Spanned<String>>,
    /// Only these files of the base (all when absent).
    #[serde(default)]
    pub base_files: Option<Vec<String>>,
    #[serde(default, rename = "edit")]
    edit_specs: Vec<toml::Spanned<edit::EditSpec>>,
    #[serde(default)]
    pub expect: Vec<Expected>,
    /// Rules this case shows not firing on data they judge (a near miss: a
    /// time of 2400 at the end, a 0000 branch): none of them may be among
    /// the findings it expects.
    #[serde(default)]
    pub passes: Vec<String>,
    /// The base, validated (filled by [`parse_manifest`]).
    #[serde(skip)]
    pub base: Option<Base>,
    /// The `[[edit]]` entries, validated (filled by [`parse_manifest`]).
    #[serde(skip)]
    pub edits: Vec<edit::Edit>,
}

/// A case's base: a folder path under the cases root, and the line of
/// case.toml that names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Base {
    pub path: String,
    pub line: usize,
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
    /// The cases root the case was found under (bases are named from it),
    /// on disk or built in; the case is read from the same tree.
    pub root: Folder,
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

/// A name of one file inside a directory: no separator, not hidden, not
/// `.` or `..`.
pub fn is_plain_file_name(s: &str) -> bool {
    !s.is_empty()
        && s != "."
        && s != ".."
        && !s.contains(['/', '\\', '\0'])
        && !s.starts_with('.')
        && Path::new(s).components().count() == 1
}

/// Whether an id (of a case, a scenario, a profile) is a name: 1 to 128 of
/// `A-Z a-z 0-9 . _ -`, not starting with `.`. Ids name files and folders
/// (golden models, reports), so they can never be a path.
pub fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 128
        && !s.starts_with('.')
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

/// The message for an id that is not a name.
pub fn id_error(what: &str, id: &str) -> String {
    format!("{what} {id:?} is not a name: use 1 to 128 of A-Z a-z 0-9 . _ - (not starting with .)")
}

/// Parses and validates one `case.toml`.
pub fn parse_manifest(text: &str, path: &Path) -> Result<Manifest, ManifestError> {
    let err = |message: String| ManifestError {
        path: path.to_path_buf(),
        message,
    };
    let mut m: Manifest =
        toml::from_str(text).map_err(|e| err(e.to_string().trim_end().to_string()))?;
    if !is_id(&m.id) {
        return Err(err(id_error("`id`", &m.id)));
    }
    if let Some(b) = &m.base_spanned {
        let line = edit::line_of(text, b.span().start);
        if !edit::is_relative_path(b.get_ref()) {
            return Err(err(format!(
                "line {line}: `base = {:?}` must be a case folder under the cases root, as group/case",
                b.get_ref()
            )));
        }
        m.base = Some(Base {
            path: b.get_ref().clone(),
            line,
        });
    }
    if let Some(names) = &m.base_files {
        if m.base.is_none() {
            return Err(err("`base_files` without a `base`".into()));
        }
        if let Some(n) = names.iter().find(|n| !is_plain_file_name(n)) {
            return Err(err(format!("base_files: `{n}` is not a file name")));
        }
    }
    let mut edits = Vec::new();
    for (i, e) in m.edit_specs.iter().enumerate() {
        let line = edit::line_of(text, e.span().start);
        edits.push(
            edit::validate(e.get_ref(), i + 1, line)
                .map_err(|msg| err(format!("line {line}: edit {}: {msg}", i + 1)))?,
        );
    }
    m.edits = edits;
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
        if !is_plain_file_name(&e.file) {
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
    for id in &m.passes {
        if catalogue::by_id(id).is_none()
            || catalogue::retired(id, crate::finding::Lang::En).is_some()
        {
            return Err(err(format!(
                "`passes` names `{id}`, which is not a rule in force (see `careplan-conformance rules`)"
            )));
        }
        if m.expect.iter().any(|e| &e.rule == id) {
            return Err(err(format!(
                "`passes` names `{id}`, which the case expects to fire"
            )));
        }
    }
    Ok(m)
}

/// Finds every case under `root` (any directory holding a `case.toml`),
/// sorted by id. Duplicate ids are an error.
pub fn discover(root: &Folder) -> (Vec<Case>, Vec<ManifestError>) {
    let mut cases = Vec::new();
    let mut errors = Vec::new();
    let tree = root.tree;
    for path in tree.find(&root.path, "case.toml") {
        let dir = path.parent().unwrap_or(&root.path).to_path_buf();
        let group = dir
            .strip_prefix(&root.path)
            .ok()
            .and_then(|p| p.components().next())
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .unwrap_or_default();
        match tree.read_to_string(&path) {
            Ok(text) => match parse_manifest(&text, &path) {
                Ok(manifest) => {
                    if let Some(b) = &manifest.base {
                        if !tree.is_file(&root.join(&b.path).join("case.toml")) {
                            errors.push(ManifestError {
                                path: path.clone(),
                                message: format!(
                                    "line {}: unknown base `{}`: no case.toml in {}",
                                    b.line,
                                    b.path,
                                    root.join(&b.path).display()
                                ),
                            });
                            continue;
                        }
                    }
                    cases.push(Case {
                        dir,
                        root: root.clone(),
                        group,
                        manifest,
                    })
                }
                Err(e) => errors.push(e),
            },
            Err(e) => errors.push(ManifestError {
                path: path.clone(),
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

/// The case ids nearest to `id`, most alike first: at most `n`, and only
/// those alike enough to be a slip (Jaro-Winkler similarity of at least
/// 0.85 with the whole id or with its name after the group, as clap judges
/// a mistyped subcommand), ignoring case. An id that one contains is
/// nearest.
pub fn nearest_ids<'a>(cases: &'a [Case], id: &str, n: usize) -> Vec<&'a str> {
    let id = id.to_lowercase();
    let id = id.as_str();
    let mut scored: Vec<(u32, &str)> = cases
        .iter()
        .map(|c| c.manifest.id.as_str())
        .filter_map(|c| {
            let lower = c.to_lowercase();
            let name = lower
                .split_once('.')
                .map_or(lower.as_str(), |(_, name)| name);
            let similar = strsim::jaro_winkler(id, &lower).max(strsim::jaro_winkler(id, name));
            let score = if id.len() >= 4 && lower.contains(id) {
                1.0
            } else {
                similar
            };
            (score >= 0.85).then_some(((score * 1000.0) as u32, c))
        })
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    scored.into_iter().take(n).map(|(_, c)| c).collect()
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
    fn a_case_names_the_rules_it_shows_not_firing() {
        let m = parse(&format!(
            "{HEAD}conformant = true\npasses = [\"FLD-TIME\", \"NAME-BRANCH\"]\n"
        ))
        .unwrap();
        assert_eq!(m.passes, ["FLD-TIME", "NAME-BRANCH"]);
        assert!(parse(&format!(
            "{HEAD}passes = [\"FLD-DATE\"]\n[[expect]]\nrule = \"FLD-DATE\"\nfile = \"A.CSV\"\n"
        ))
        .unwrap_err()
        .contains("expects to fire"));
        for id in ["FLD-NOPE", "FILE-NUMBERING"] {
            assert!(
                parse(&format!("{HEAD}conformant = true\npasses = [\"{id}\"]\n"))
                    .unwrap_err()
                    .contains("not a rule in force"),
                "{id}"
            );
        }
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
    fn ids_are_names_not_paths() {
        for bad in ["../x", "/etc/x", "a/b", ".x", "", "a b", "..", "a\\b"] {
            let t = HEAD.replace("id = \"x\"", &format!("id = {bad:?}"));
            let e = parse(&format!("{t}conformant = true\n")).unwrap_err();
            assert!(e.contains("is not a name"), "{bad}: {e}");
        }
        for good in [
            "field.date-april-31",
            "rev32.4.1-names-old-version",
            "A_b-9",
        ] {
            let t = HEAD.replace("id = \"x\"", &format!("id = {good:?}"));
            assert!(parse(&format!("{t}conformant = true\n")).is_ok(), "{good}");
        }
    }

    #[test]
    fn a_bad_base_or_edit_is_reported_at_its_line() {
        let t = format!("{HEAD}base = \"../outside\"\nconformant = true\n");
        assert!(parse(&t).unwrap_err().starts_with("line 5: `base"), "{t}");
        let t = format!(
            "{HEAD}base = \"g/c\"\nconformant = true\n\n[[edit]]\nfile = \"A.CSV\"\nrecord = 1\nfield = 2\nvalue = \"x\"\n\n[[edit]]\nfile = \"A.CSV\"\nrecord = 1\n"
        );
        let e = parse(&t).unwrap_err();
        assert!(
            e.starts_with("line 14: edit 2: cannot tell what to do"),
            "{e}"
        );
        let t = format!("{HEAD}conformant = true\nbase_files = [\"A.CSV\"]\n");
        assert!(parse(&t).unwrap_err().contains("without a `base`"));
    }

    #[test]
    fn a_mistyped_id_gets_the_nearest_ids() {
        let (all, errors) = discover(&Folder::builtin_cases());
        assert!(errors.is_empty(), "{errors:?}");
        let near = |id| nearest_ids(&all, id, 3);
        assert_eq!(
            near("conformant.use-set-6-7-hosku")[0],
            "conformant.use-set-6-7-hosoku"
        );
        assert_eq!(
            near("use-set-6-7-hosoku"),
            ["conformant.use-set-6-7-hosoku"]
        );
        assert_eq!(near("date-aprl"), ["field.date-april-31"]);
        assert_eq!(near("FIELD.DATE-APRIL-31")[0], "field.date-april-31");
        assert!(near("nope").is_empty());
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
    /// The findings as the case's findings file renders them.
    pub rendered: String,
    /// How they compare with the blessed findings file.
    pub pinned: findings::Pinned,
}

/// The files a case checks, as (name, bytes) sorted by name: its own, or
/// its base's with its edits applied (in memory; the case tree is never
/// written).
pub fn files(case: &Case) -> Result<Vec<(String, Vec<u8>)>, ManifestError> {
    Ok(edit::files(case)?.into_iter().collect())
}

/// Runs one case: checks its files (see [`files`]) and compares the
/// findings with the manifest and with the blessed findings file. `Ok(None)`
/// when the harness has no data for the case's revision (the case is then
/// ignored); `Err` when the case's files cannot be made (a base or an edit
/// that does not fit).
pub fn run(case: &Case) -> Result<Option<Outcome>, ManifestError> {
    if crate::spec::revision(&case.manifest.revision).is_none() {
        return Ok(None);
    }
    // Cases run as `check` does by default: the revision is picked per file,
    // unless the case forces one.
    let forced = match &case.manifest.check_as {
        Some(r) => match crate::spec::revision(r) {
            Some(r) => Some(r),
            None => return Ok(None),
        },
        None => None,
    };
    let discovery_rev = forced.unwrap_or_else(crate::spec::default_revision);
    let sources: Vec<crate::SourceFile> = files(case)?
        .into_iter()
        // As `check DIR` does, a folder's files are those that look like the
        // standard's; files checked one by one are taken whatever their name.
        .filter(|(name, _)| {
            !case.manifest.units || crate::input::filename::is_candidate(name, discovery_rev)
        })
        .map(|(name, bytes)| crate::SourceFile {
            path: case.dir.join(&name).display().to_string(),
            name,
            bytes,
        })
        .collect();
    let run = crate::check_sources(
        &sources,
        case.manifest.units,
        crate::CheckOptions {
            revision: forced,
            follow_links: false,
            max_file_size: case
                .manifest
                .max_file_size
                .unwrap_or(crate::DEFAULT_MAX_FILE_SIZE),
            recursive: false,
            keep_records: false,
            consistency: true,
            keep_keys: false,
        },
    );
    let comparison = compare(&case.manifest, &run.files);
    let rendered = findings::render(&run.files);
    let stored = case
        .root
        .tree
        .read_to_string(&case.dir.join(edit::FINDINGS_FILE))
        .ok();
    let pinned = findings::compare(case.manifest.conformant == Some(true), stored, &rendered);
    Ok(Some(Outcome {
        files: run.files,
        comparison,
        rendered,
        pinned,
    }))
}

impl Outcome {
    /// Whether the findings are those the manifest lists and the blessed
    /// findings file holds.
    pub fn passed(&self) -> bool {
        self.comparison.passed() && self.pinned.passed()
    }

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
        // Once the findings differ from what case.toml states, the pinned
        // file differs too; it is shown only when the statement holds.
        if self.comparison.passed() {
            s.push_str(&findings::diff(&self.pinned, &self.rendered));
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
        self.outcome.as_ref().is_some_and(Outcome::passed)
    }
    pub fn ignored(&self) -> bool {
        self.outcome.is_none()
    }
}

/// A run of every case under a root.
#[derive(Debug)]
pub struct Suite {
    pub root: Folder,
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
/// the results come back in id order. A case whose files cannot be made is
/// a manifest error, not a result.
pub fn run_all(root: &Folder, filter: Option<&str>) -> Suite {
    use rayon::prelude::*;
    let (cases, mut manifest_errors) = discover(root);
    let selected: Vec<Case> = cases
        .into_iter()
        .filter(|c| filter.is_none_or(|f| c.manifest.id.contains(f)))
        .collect();
    let ran: Vec<Result<CaseResult, ManifestError>> = selected
        .into_par_iter()
        .map(|case| run(&case).map(|outcome| CaseResult { case, outcome }))
        .collect();
    let mut results = Vec::new();
    for r in ran {
        match r {
            Ok(r) => results.push(r),
            Err(e) => manifest_errors.push(e),
        }
    }
    Suite {
        root: root.clone(),
        filter: filter.map(str::to_string),
        results,
        manifest_errors,
    }
}

/// Writes the findings file of every case run whose findings are not as
/// blessed (and removes one from a conforming case); returns the files
/// written or removed.
pub fn bless(results: &[CaseResult]) -> std::io::Result<Vec<PathBuf>> {
    let mut changed = Vec::new();
    for r in results {
        let Some(o) = &r.outcome else { continue };
        if r.case.root.tree != Tree::Disk {
            return Err(std::io::Error::other(format!(
                "{}: the built-in cases cannot be rewritten; give the folder of a checkout (--cases DIR)",
                r.case.root
            )));
        }
        let path = r.case.dir.join(edit::FINDINGS_FILE);
        match o.pinned {
            findings::Pinned::Same | findings::Pinned::NotPinned => continue,
            findings::Pinned::Stale => std::fs::remove_file(&path)?,
            findings::Pinned::Missing | findings::Pinned::Differs(_) => {
                std::fs::write(&path, &o.rendered)?
            }
        }
        changed.push(path);
    }
    Ok(changed)
}

/// Writes, for every case run that lists findings but whose findings file
/// is missing or differs, the findings of now to `dir/<id>/findings.txt`,
/// for review before `run --bless`; returns the files written.
pub fn write_pending(results: &[CaseResult], dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    for r in results {
        let Some(o) = &r.outcome else { continue };
        if matches!(
            o.pinned,
            findings::Pinned::Missing | findings::Pinned::Differs(_)
        ) {
            // Ids are names (checked when read), so this stays inside `dir`.
            let d = dir.join(&r.case.manifest.id);
            std::fs::create_dir_all(&d)?;
            let p = d.join(edit::FINDINGS_FILE);
            std::fs::write(&p, &o.rendered)?;
            written.push(p);
        }
    }
    Ok(written)
}

/// Writes the files of every case under `root` whose id contains `filter`
/// into `out`, each case under its path relative to `root` (so that
/// `check` run from the parent of `out` shows the same paths as on the
/// cases themselves). Only the files the case checks are written, not its
/// manifest. Returns the folders written, or the manifest errors.
pub fn emit(
    root: &Folder,
    out: &Path,
    filter: Option<&str>,
) -> Result<Vec<PathBuf>, Vec<ManifestError>> {
    let (cases, mut errors) = discover(root);
    let mut written = Vec::new();
    for c in cases
        .iter()
        .filter(|c| filter.is_none_or(|f| c.manifest.id.contains(f)))
    {
        let files = match files(c) {
            Ok(f) => f,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        let rel = c
            .dir
            .strip_prefix(&root.path)
            .unwrap_or(Path::new(&c.manifest.id));
        let dir = out.join(rel);
        let io = |e: std::io::Error| ManifestError {
            path: dir.clone(),
            message: e.to_string(),
        };
        if let Err(e) = std::fs::create_dir_all(&dir) {
            errors.push(io(e));
            continue;
        }
        for (name, bytes) in files {
            if let Err(e) = std::fs::write(dir.join(&name), bytes) {
                errors.push(io(e));
            }
        }
        written.push(dir);
    }
    if errors.is_empty() {
        Ok(written)
    } else {
        Err(errors)
    }
}
