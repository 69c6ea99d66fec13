//! Every output format of `check`, on every bundled case, compared byte for
//! byte with a stored set (`tests/snapshots/outputs/`). A refactoring must
//! leave them as they are; a deliberate change of a message or a verdict is
//! accepted with `UPDATE_OUTPUTS=1 cargo test --test outputs` and the diff
//! reviewed in the commit.
//!
//! Human, JSON, GitHub, JUnit and Markdown outputs are stored whole, one file
//! per format and language. SARIF is stored without its rule list (the
//! catalogue, the same in every run), which is stored once. HTML pages are
//! stored as SHA-256 values per case, with three pages stored whole.
//!
//! A case may hold only edits to another case's files: `check` runs on the
//! files every case checks, written out under `target/test-scratch`
//! (`common::cases_tree`), from the folder above them, so that the paths it
//! prints are those of the cases (`cases/field/…`).

mod common;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

fn case_dirs() -> Vec<String> {
    let root = common::root();
    let mut dirs: Vec<String> = walkdir::WalkDir::new(root.join("cases"))
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name() == "case.toml")
        .filter_map(|e| {
            let rel = e.path().parent()?.strip_prefix(&root).ok()?.to_path_buf();
            Some(rel.to_string_lossy().replace('\\', "/"))
        })
        .filter(|d| !d.starts_with("cases/certification"))
        .collect();
    dirs.sort();
    dirs
}

fn snapshot_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/outputs")
}

fn check(lang: &str, format: &str, dir: &str) -> (Option<i32>, String) {
    let o = common::run_on_cases(&["--lang", lang, "check", "--format", format, dir]);
    (
        o.status.code(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
    )
}

/// Compares `text` with the stored file `name`, or writes it when
/// `UPDATE_OUTPUTS` is set. Returns a description of the first difference.
fn compare(name: &str, text: &str) -> Option<String> {
    let path = snapshot_dir().join(name);
    if std::env::var_os("UPDATE_OUTPUTS").is_some() {
        std::fs::create_dir_all(snapshot_dir()).unwrap();
        std::fs::write(&path, text).unwrap();
        return None;
    }
    let stored = match std::fs::read_to_string(&path) {
        Ok(s) => s,
        Err(e) => return Some(format!("{}: {e}", path.display())),
    };
    if stored == text {
        return None;
    }
    let diff = similar::TextDiff::from_lines(stored.as_str(), text);
    let mut shown = String::new();
    for group in diff.grouped_ops(2).iter().take(5) {
        for op in group {
            for change in diff.iter_changes(op) {
                let sign = match change.tag() {
                    similar::ChangeTag::Delete => "-",
                    similar::ChangeTag::Insert => "+",
                    similar::ChangeTag::Equal => " ",
                };
                let _ = write!(shown, "{sign}{change}");
            }
        }
        shown.push_str("...\n");
    }
    Some(format!("{name} differs from the stored set:\n{shown}"))
}

fn section(out: &mut String, dir: &str, code: Option<i32>, body: &str) {
    let _ = writeln!(out, "=== {dir} (exit {code:?})");
    out.push_str(body);
    if !body.ends_with('\n') {
        out.push('\n');
    }
}

fn whole_format(lang: &str, format: &str) -> Option<String> {
    let mut out = String::new();
    for dir in case_dirs() {
        let (code, body) = check(lang, format, &dir);
        section(&mut out, &dir, code, &body);
    }
    compare(&format!("{format}.{lang}.txt"), &out)
}

#[test]
fn human_outputs_are_as_stored() {
    let diffs: Vec<String> = ["ja", "en"]
        .iter()
        .filter_map(|l| whole_format(l, "human"))
        .collect();
    assert!(diffs.is_empty(), "{}", diffs.join("\n"));
}

#[test]
fn json_outputs_are_as_stored() {
    let diffs: Vec<String> = ["ja", "en"]
        .iter()
        .filter_map(|l| whole_format(l, "json"))
        .collect();
    assert!(diffs.is_empty(), "{}", diffs.join("\n"));
}

#[test]
fn github_junit_and_markdown_outputs_are_as_stored() {
    let diffs: Vec<String> = ["github", "junit", "markdown"]
        .iter()
        .filter_map(|f| whole_format("ja", f))
        .collect();
    assert!(diffs.is_empty(), "{}", diffs.join("\n"));
}

#[test]
fn sarif_outputs_are_as_stored() {
    let mut out = String::new();
    let mut rules = None;
    for dir in case_dirs() {
        let (code, body) = check("ja", "sarif", &dir);
        let mut doc: serde_json::Value = serde_json::from_str(&body).expect("SARIF is JSON");
        let driver = &mut doc["runs"][0]["tool"]["driver"];
        let list = driver["rules"].take();
        if rules.is_none() {
            rules = Some(serde_json::to_string_pretty(&list).unwrap());
        }
        section(
            &mut out,
            &dir,
            code,
            &serde_json::to_string_pretty(&doc).unwrap(),
        );
    }
    let mut diffs = Vec::new();
    diffs.extend(compare("sarif.ja.txt", &out));
    diffs.extend(compare(
        "sarif-rules.ja.json",
        &(rules.unwrap_or_default() + "\n"),
    ));
    assert!(diffs.is_empty(), "{}", diffs.join("\n"));
}

#[test]
fn html_outputs_are_as_stored() {
    let whole = [
        "cases/conformant/use-set-6-7-hosoku",
        "cases/field/date-april-31",
        "cases/encoding/gaiji",
    ];
    let mut hashes = String::new();
    let mut diffs = Vec::new();
    for dir in case_dirs() {
        let (code, body) = check("ja", "html", &dir);
        let hex: String = Sha256::digest(body.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let _ = writeln!(hashes, "{hex}  {dir} (exit {code:?})");
        if let Some(i) = whole.iter().position(|w| *w == dir) {
            diffs.extend(compare(&format!("html.{i}.html"), &body));
        }
    }
    diffs.extend(compare("html.sha256", &hashes));
    assert!(diffs.is_empty(), "{}", diffs.join("\n"));
}
