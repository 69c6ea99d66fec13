//! The per-repository configuration file, `careplan-conformance.toml`: the
//! default language, the default output format and report files of
//! `check`, and waivers.
//!
//! ```toml
//! lang = "ja"
//!
//! [check]
//! format = "github"
//! reports = { sarif = "reports/check.sarif", markdown = "reports/summary.md" }
//!
//! [[waiver]]
//! rule = "FLD-DATE"
//! path = "exports/legacy/**"
//! reason = "旧システムの出力。2026年9月の移行で直る"
//! expires = 2026-09-30
//! ```
//!
//! A waiver lets the findings of one rule in the files its glob matches
//! through: they are shown as waived and do not fail the run, up to and
//! including its expiry date; past it, the waiver waives nothing and fails
//! the run. Parsing is strict: an unknown key, an unknown rule, format or
//! report, a date that is not a real `YYYY-MM-DD`, or a glob that is not
//! one is an error that says where it is. The file is found in the working
//! folder or the nearest folder above it, or given with `--config`; paths
//! in it (report files, waiver globs) are relative to its folder.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::finding::Lang;
use crate::result::{Run, Waiver, WaiverState};
use crate::rules::catalogue;

/// The name the configuration file is looked for by.
pub const FILE_NAME: &str = "careplan-conformance.toml";

/// A read and checked configuration file.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The file, as found (relative to the working folder) or given.
    pub path: PathBuf,
    /// The default `--lang`.
    pub lang: Option<Lang>,
    /// The default `check --format`.
    pub format: Option<String>,
    /// The default `check --NAME FILE` reports: format name and file,
    /// relative to the configuration's folder (as given there, joined to
    /// the folder the file was found or given in).
    pub reports: Vec<(String, PathBuf)>,
    pub waivers: Vec<WaiverSpec>,
}

/// One `[[waiver]]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaiverSpec {
    pub rule: &'static str,
    /// The glob, relative to the configuration's folder, `/` between folders.
    pub path: String,
    pub reason: String,
    /// The last day it holds.
    pub expires: Date,
    /// Its line in the file.
    pub line: u32,
}

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// A real date written `YYYY-MM-DD`.
    pub fn parse(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<u16> {
            let part = &s[r];
            part.bytes()
                .all(|c| c.is_ascii_digit())
                .then(|| part.parse().ok())?
        };
        let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (year >= 1 && (1..=days).contains(&day)).then_some(Date {
            year,
            month: month as u8,
            day: day as u8,
        })
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

// ------------------------------------------------------------------ finding

/// The configuration file for a run started in `cwd`: `FILE_NAME` there or
/// in the nearest folder above, as a path relative to `cwd`
/// (`careplan-conformance.toml`, `../careplan-conformance.toml`, …).
pub fn find(cwd: &Path) -> Option<PathBuf> {
    let mut rel = PathBuf::new();
    for dir in cwd.ancestors() {
        if dir.join(FILE_NAME).is_file() {
            return Some(rel.join(FILE_NAME));
        }
        rel.push("..");
    }
    None
}

/// Reads and checks the configuration file at `path`.
pub fn load(path: &Path) -> Result<Config, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    parse(&text, path)
}

// ------------------------------------------------------------------ parsing

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    lang: Option<Spanned<String>>,
    check: Option<RawCheck>,
    #[serde(default)]
    waiver: Vec<Spanned<RawWaiver>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCheck {
    format: Option<Spanned<String>>,
    #[serde(default)]
    reports: BTreeMap<Spanned<String>, Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWaiver {
    rule: Spanned<String>,
    path: Spanned<String>,
    reason: Spanned<String>,
    /// A TOML date (`2026-09-30`) or a string holding one.
    expires: Spanned<toml::Value>,
}

/// `FILE:LINE:COLUMN` of byte `at` of `text`.
fn position(path: &Path, text: &str, at: usize) -> String {
    let (line, col) = line_col(text, at);
    format!("{}:{line}:{col}", path.display())
}

/// The 1-based line and column (in characters) of byte `at`.
fn line_col(text: &str, at: usize) -> (u32, u32) {
    let before = &text[..at.min(text.len())];
    let line = before.matches('\n').count() as u32 + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() as u32 + 1;
    (line, col)
}

/// Parses and checks the text of a configuration file read from `path`.
pub fn parse(text: &str, path: &Path) -> Result<Config, String> {
    let raw: RawConfig = toml::from_str(text).map_err(|e| {
        // The parser's message: where, the line itself, and what is wrong.
        let at = e.span().map(|s| position(path, text, s.start));
        match at {
            Some(at) => format!("{at}: {}", e.message()),
            None => format!("{}: {}", path.display(), e.message()),
        }
    })?;
    let err = |span: std::ops::Range<usize>, msg: String| {
        Err(format!("{}: {msg}", position(path, text, span.start)))
    };
    let base = path.parent().unwrap_or(Path::new(""));
    let mut config = Config {
        path: path.to_path_buf(),
        ..Config::default()
    };
    if let Some(l) = raw.lang {
        config.lang = Some(match l.get_ref().as_str() {
            "ja" => Lang::Ja,
            "en" => Lang::En,
            other => return err(l.span(), format!("lang is 'ja' or 'en', not '{other}'")),
        });
    }
    if let Some(check) = raw.check {
        if let Some(f) = check.format {
            if crate::report::reporter(f.get_ref()).is_none() {
                let known: Vec<&str> = crate::report::REPORTERS.iter().map(|r| r.name()).collect();
                return err(
                    f.span(),
                    format!(
                        "no format '{}' (formats: {})",
                        f.get_ref(),
                        known.join(", ")
                    ),
                );
            }
            config.format = Some(f.into_inner());
        }
        for (name, file) in check.reports {
            let known: Vec<&str> = crate::report::REPORTERS
                .iter()
                .filter(|r| r.file_help().is_some())
                .map(|r| r.name())
                .collect();
            if !known.contains(&name.get_ref().as_str()) {
                return err(
                    name.span(),
                    format!(
                        "no report '{}' (reports: {})",
                        name.get_ref(),
                        known.join(", ")
                    ),
                );
            }
            if file.get_ref().is_empty() {
                return err(
                    file.span(),
                    format!("the {} report has no file", name.get_ref()),
                );
            }
            config
                .reports
                .push((name.into_inner(), base.join(file.get_ref())));
        }
    }
    for w in raw.waiver {
        let line = line_col(text, w.span().start).0;
        let w = w.into_inner();
        let id = w.rule.get_ref().as_str();
        let Some(rule) = catalogue::by_id(id) else {
            let hint = match (
                catalogue::retired(id, crate::finding::Lang::En),
                catalogue::nearest_ids(id, 3),
            ) {
                (Some(why), _) => format!(": the rule is retired ({why})"),
                (None, near) if !near.is_empty() => {
                    format!(" (did you mean {}?)", near.join(", "))
                }
                _ => String::new(),
            };
            return err(w.rule.span(), format!("no rule '{id}'{hint}"));
        };
        if let Err(why) = check_glob(w.path.get_ref()) {
            return err(w.path.span(), format!("path '{}': {why}", w.path.get_ref()));
        }
        if w.reason.get_ref().trim().is_empty() {
            return err(
                w.reason.span(),
                "a waiver says why: the reason is empty".into(),
            );
        }
        let expires = match w.expires.get_ref() {
            toml::Value::String(s) => Date::parse(s),
            toml::Value::Datetime(d) if d.time.is_none() && d.offset.is_none() => {
                d.date.and_then(|d| Date::parse(&d.to_string()))
            }
            _ => None,
        };
        let Some(expires) = expires else {
            return err(
                w.expires.span(),
                "expires is a date, YYYY-MM-DD (the last day the waiver holds)".into(),
            );
        };
        config.waivers.push(WaiverSpec {
            rule: rule.id,
            path: w
                .path
                .get_ref()
                .strip_prefix("./")
                .unwrap_or(w.path.get_ref())
                .to_string(),
            reason: w.reason.into_inner(),
            expires,
            line,
        });
    }
    Ok(config)
}

// -------------------------------------------------------------------- globs

/// Whether `pattern` is a glob this module matches: relative, `/` between
/// folders, `**` only as a whole folder name, no `..`.
fn check_glob(pattern: &str) -> Result<(), &'static str> {
    let p = pattern.strip_prefix("./").unwrap_or(pattern);
    if p.is_empty() {
        return Err("empty");
    }
    if p.contains('\\') {
        return Err("folders are separated by '/'");
    }
    if p.starts_with('/') || p.as_bytes().get(1) == Some(&b':') {
        return Err("a path relative to the configuration file's folder, not an absolute one");
    }
    for seg in p.split('/') {
        if seg.is_empty() {
            return Err("an empty folder name ('//' or a trailing '/')");
        }
        if seg == ".." || seg == "." {
            return Err(
                "'.' and '..' are not matched: write the path from the configuration file's folder",
            );
        }
        if seg.contains("**") && seg != "**" {
            return Err("'**' stands for whole folder names only (as in 'a/**/b')");
        }
    }
    Ok(())
}

/// Whether the glob `pattern` matches the relative path `path` (`/`
/// between folders), or a folder holding it: `*` is any run of characters
/// within a name, `?` one character, `**` any number of folders.
pub fn glob_matches(pattern: &str, path: &str) -> bool {
    let pat: Vec<&str> = pattern
        .strip_prefix("./")
        .unwrap_or(pattern)
        .split('/')
        .chain(std::iter::once("**"))
        .collect();
    let path: Vec<&str> = path.split('/').collect();
    segments(&pat, &path)
}

fn segments(pat: &[&str], path: &[&str]) -> bool {
    match pat.split_first() {
        None => path.is_empty(),
        Some((&"**", rest)) => (0..=path.len()).any(|i| segments(rest, &path[i..])),
        Some((p, rest)) => match path.split_first() {
            Some((name, more)) => {
                let p: Vec<char> = p.chars().collect();
                let n: Vec<char> = name.chars().collect();
                name_matches(&p, &n) && segments(rest, more)
            }
            None => false,
        },
    }
}

fn name_matches(p: &[char], n: &[char]) -> bool {
    match p.split_first() {
        None => n.is_empty(),
        Some(('*', rest)) => (0..=n.len()).any(|i| name_matches(rest, &n[i..])),
        Some(('?', rest)) => !n.is_empty() && name_matches(rest, &n[1..]),
        Some((c, rest)) => n.first() == Some(c) && name_matches(rest, &n[1..]),
    }
}

// ----------------------------------------------------------------- applying

/// `path` made absolute against `cwd`, with `.` and `..` resolved by name.
fn absolute(cwd: &Path, path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in cwd.join(path).components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    out
}

/// `path` (as a finding shows it) relative to `base`, `/` between folders;
/// `None` outside it.
fn relative_to(base: &Path, cwd: &Path, path: &str) -> Option<String> {
    let abs = absolute(cwd, Path::new(path));
    let rel = abs.strip_prefix(base).ok()?;
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    Some(parts.join("/"))
}

/// Applies the configuration's waivers to a run checked from `cwd`, as of
/// `today`: the findings of a waiver's rule in the files its glob matches
/// (relative to the configuration's folder) are waived by the first waiver
/// in force that matches them. A waiver past its date waives nothing.
pub fn apply(run: &mut Run, config: &Config, today: Date, cwd: &Path) {
    let base = absolute(cwd, config.path.parent().unwrap_or(Path::new("")));
    let file = config.path.display().to_string();
    let mut waivers = crate::result::Waivers::new(
        config
            .waivers
            .iter()
            .map(|w| Waiver {
                rule: w.rule.to_string(),
                path: w.path.clone(),
                reason: w.reason.clone(),
                expires: w.expires.to_string(),
                file: file.clone(),
                line: w.line,
                state: if today > w.expires {
                    WaiverState::Expired
                } else {
                    WaiverState::Unused
                },
                findings: 0,
            })
            .collect(),
        today.to_string(),
    );
    for f in &run.files {
        let Some(rel) = relative_to(&base, cwd, &f.path) else {
            continue;
        };
        let matching: Vec<usize> = config
            .waivers
            .iter()
            .enumerate()
            .filter(|(_, w)| glob_matches(&w.path, &rel))
            .map(|(i, _)| i)
            .collect();
        if matching.is_empty() {
            continue;
        }
        for finding in &f.findings {
            // The first waiver in force waives the finding; one past its
            // date counts it (to say what it no longer waives).
            let mut waived = false;
            for &i in &matching {
                let w = &mut waivers.list[i];
                if w.rule != finding.rule.id || (waived && w.state != WaiverState::Expired) {
                    continue;
                }
                w.findings += 1;
                if w.state != WaiverState::Expired {
                    w.state = WaiverState::Applied;
                    waivers.waive(&f.path, finding.rule.id, i);
                    waived = true;
                }
            }
        }
    }
    run.waivers = waivers;
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "careplan-conformance.toml";

    fn parse(text: &str) -> Result<Config, String> {
        super::parse(text, Path::new(FILE))
    }

    const GOOD: &str = r#"# a vendor's settings
lang = "en"

[check]
format = "github"
reports = { sarif = "reports/check.sarif", markdown = "reports/summary.md" }

[[waiver]]
rule = "FLD-DATE"
path = "exports/legacy/**"
reason = "旧システムの出力"
expires = 2026-09-30

[[waiver]]
rule = "FLD-LENGTH"
path = "./exports/*.CSV"
reason = "the vendor fixes it in 2.1"
expires = "2026-12-31"
"#;

    #[test]
    fn a_whole_configuration_is_read() {
        let c = parse(GOOD).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(c.lang, Some(Lang::En));
        assert_eq!(c.format.as_deref(), Some("github"));
        assert_eq!(
            c.reports,
            vec![
                ("markdown".to_string(), PathBuf::from("reports/summary.md")),
                ("sarif".to_string(), PathBuf::from("reports/check.sarif")),
            ]
        );
        assert_eq!(c.waivers.len(), 2);
        assert_eq!(
            c.waivers[0],
            WaiverSpec {
                rule: "FLD-DATE",
                path: "exports/legacy/**".into(),
                reason: "旧システムの出力".into(),
                expires: Date::parse("2026-09-30").unwrap(),
                line: 8,
            }
        );
        // A string date; a leading ./ dropped.
        assert_eq!(c.waivers[1].rule, "FLD-LENGTH");
        assert_eq!(c.waivers[1].path, "exports/*.CSV");
        assert_eq!(c.waivers[1].expires.to_string(), "2026-12-31");
        assert_eq!(c.waivers[1].line, 14);
    }

    #[test]
    fn report_files_are_relative_to_the_configuration_s_folder() {
        let c = super::parse(
            "[check]\nreports = { json = \"out/r.json\" }\n",
            Path::new("../careplan-conformance.toml"),
        )
        .unwrap();
        assert_eq!(c.reports[0].1, PathBuf::from("../out/r.json"));
    }

    #[test]
    fn every_mistake_says_where_it_is() {
        let cases = [
            ("langg = \"ja\"\n", "careplan-conformance.toml:1:1: unknown field `langg`"),
            ("lang = \"fr\"\n", "careplan-conformance.toml:1:8: lang is 'ja' or 'en', not 'fr'"),
            ("[check]\nformat = \"pdf\"\n", "careplan-conformance.toml:2:10: no format 'pdf'"),
            ("[check]\nreports = { human = \"x\" }\n", "careplan-conformance.toml:2:13: no report 'human'"),
            ("[check]\nfromat = \"json\"\n", "careplan-conformance.toml:2:1: unknown field `fromat`"),
            (
                "[[waiver]]\nrule = \"FLD-DAT\"\npath = \"a\"\nreason = \"r\"\nexpires = 2026-01-01\n",
                "careplan-conformance.toml:2:8: no rule 'FLD-DAT' (did you mean FLD-DATE",
            ),
            (
                "[[waiver]]\nrule = \"FLD-DATE\"\npath = \"a\"\nreason = \"r\"\nexpires = 2026-02-30\n",
                "careplan-conformance.toml:5:",
            ),
            (
                "[[waiver]]\nrule = \"FLD-DATE\"\npath = \"a\"\nreason = \"r\"\nexpires = \"2026-02-30\"\n",
                "careplan-conformance.toml:5:11: expires is a date, YYYY-MM-DD",
            ),
            (
                "[[waiver]]\nrule = \"FLD-DATE\"\npath = \"a\"\nreason = \"r\"\nexpires = 2026-01-01T00:00:00\n",
                "careplan-conformance.toml:5:11: expires is a date, YYYY-MM-DD",
            ),
            (
                "[[waiver]]\nrule = \"FLD-DATE\"\npath = \"../a\"\nreason = \"r\"\nexpires = 2026-01-01\n",
                "careplan-conformance.toml:3:8: path '../a': '.' and '..' are not matched",
            ),
            (
                "[[waiver]]\nrule = \"FLD-DATE\"\npath = \"a/x**\"\nreason = \"r\"\nexpires = 2026-01-01\n",
                "careplan-conformance.toml:3:8: path 'a/x**': '**' stands for whole folder names only",
            ),
            (
                "[[waiver]]\nrule = \"FLD-DATE\"\npath = \"a\"\nreason = \" \"\nexpires = 2026-01-01\n",
                "careplan-conformance.toml:4:10: a waiver says why",
            ),
            (
                "[[waiver]]\nrule = \"FLD-DATE\"\npath = \"a\"\nexpires = 2026-01-01\n",
                "careplan-conformance.toml:1:1: missing field `reason`",
            ),
            (
                "[[waiver]]\nrule = \"FLD-DATE\"\npath = \"a\"\nreason = \"r\"\nexpires = 2026-01-01\nuntil = 1\n",
                "careplan-conformance.toml:6:1: unknown field `until`",
            ),
            ("lang = \n", "careplan-conformance.toml:1:8:"),
            (
                "[[waiver]]\nrule = \"fld-date\"\npath = \"a\"\nreason = \"r\"\nexpires = 2026-01-01\n",
                "careplan-conformance.toml:2:8: no rule 'fld-date' (did you mean FLD-DATE",
            ),
        ];
        for (text, want) in cases {
            let e = parse(text).expect_err(text);
            assert!(e.starts_with(want), "{text:?}\n got: {e}\nwant: {want}");
        }
    }

    #[test]
    fn dates_are_real_ones() {
        assert!(Date::parse("2024-02-29").is_some());
        assert!(Date::parse("2025-02-29").is_none());
        assert!(Date::parse("2025-04-31").is_none());
        assert!(Date::parse("2025-4-30").is_none());
        assert!(Date::parse("2025-04-3x").is_none());
        assert!(Date::parse("2025-01-01").unwrap() < Date::parse("2025-01-02").unwrap());
    }

    #[test]
    fn globs_match_names_folders_and_what_folders_hold() {
        let yes = [
            ("exports/**", "exports/a/UPPLAN_1.CSV"),
            ("exports", "exports/UPPLAN_1.CSV"),
            ("exports/*.CSV", "exports/UPPLAN_1.CSV"),
            ("**/UPPLAN_*.CSV", "a/b/UPPLAN_1.CSV"),
            ("**/UPPLAN_*.CSV", "UPPLAN_1.CSV"),
            ("a/**/b/x?.CSV", "a/b/x1.CSV"),
            ("a/**/b/x?.CSV", "a/c/d/b/x1.CSV"),
            ("見本/*", "見本/UPPLAN.CSV"),
        ];
        for (p, path) in yes {
            assert!(glob_matches(p, path), "{p} {path}");
        }
        let no = [
            ("exports/*.CSV", "exports/a/UPPLAN_1.CSV"),
            ("exports", "exports2/UPPLAN_1.CSV"),
            ("UPPLAN_*.CSV", "a/UPPLAN_1.CSV"),
            ("a/x?.CSV", "a/x10.CSV"),
            ("*.csv", "UPPLAN.CSV"),
        ];
        for (p, path) in no {
            assert!(!glob_matches(p, path), "{p} {path}");
        }
    }

    #[test]
    fn paths_are_taken_relative_to_the_configuration_s_folder() {
        let cwd = Path::new("/repo/sub");
        let base = absolute(cwd, Path::new(".."));
        assert_eq!(base, PathBuf::from("/repo"));
        assert_eq!(
            relative_to(&base, cwd, "./exports/A.CSV").as_deref(),
            Some("sub/exports/A.CSV")
        );
        assert_eq!(
            relative_to(&base, cwd, "../x/../y/A.CSV").as_deref(),
            Some("y/A.CSV")
        );
        assert_eq!(relative_to(&base, cwd, "/elsewhere/A.CSV"), None);
    }

    #[test]
    fn the_file_is_found_here_or_above() {
        let root =
            std::env::temp_dir().join(format!("careplan-config-find-{}", std::process::id()));
        let deep = root.join("a/b");
        std::fs::create_dir_all(&deep).unwrap();
        std::fs::write(root.join(FILE_NAME), "").unwrap();
        assert_eq!(
            find(&deep),
            Some(PathBuf::from("../../careplan-conformance.toml"))
        );
        assert_eq!(
            find(&root),
            Some(PathBuf::from("careplan-conformance.toml"))
        );
        let _ = std::fs::remove_dir_all(&root);
    }
}
