//! Every output format of `check`, on every bundled case, compared byte for
//! byte with a stored set (`tests/snapshots/outputs/`). A refactoring must
//! leave them as they are; a deliberate change of a message or a verdict is
//! accepted with `UPDATE_OUTPUTS=1 cargo test --test outputs` and the diff
//! reviewed in the commit.
//!
//! The formats are those of the reporter registry (`report::REPORTERS`).
//! Human, JSON, GitHub, JUnit and Markdown outputs are stored whole, one file
//! per format and language. SARIF is stored without its rule list (the
//! catalogue, the same in every run), which is stored once. HTML pages are
//! stored as SHA-256 values per case, with three pages stored whole.
//!
//! A case may hold only edits to another case's files: `check` runs on the
//! files every case checks, written out under `target/test-scratch`
//! (`common::cases_tree`), from the folder above them, so that the paths it
//! prints are those of the cases (`cases/field/…`).
//! The other subcommands' outputs are stored as transcripts under
//! `commands/`, with the JUnit, certificate and summary files they write.

mod common;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use careplan_conformance::report::REPORTERS;
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
    // The JUnit report's timestamp is the current time unless given.
    let o = common::run_on_cases(&[
        "--lang",
        lang,
        "check",
        "--format",
        format,
        "--timestamp",
        "1970-01-01T00:00:00",
        dir,
    ]);
    (
        o.status.code(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
    )
}

/// Compares `text` with the stored file `name`, or writes it when
/// `UPDATE_OUTPUTS` is set. Returns a description of the first difference.
fn compare(name: &str, text: &str) -> Option<String> {
    let masked = mask_commit(text);
    let text = masked.as_str();
    let path = snapshot_dir().join(name);
    if std::env::var_os("UPDATE_OUTPUTS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
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

/// The commit the binary was built from (certificates record it) is shown
/// as `@commit`, so that the stored set does not change with every commit.
fn mask_commit(text: &str) -> String {
    static COMMIT: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    let commit = COMMIT.get_or_init(|| {
        std::process::Command::new("git")
            .args(["rev-parse", "HEAD"])
            .current_dir(common::root())
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
    });
    match commit {
        Some(c) if !c.is_empty() => text.replace(c.as_str(), "@commit"),
        _ => text.to_string(),
    }
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

/// SARIF without its rule list (the catalogue, the same in every run), which
/// is stored once.
fn sarif_stored() -> Vec<String> {
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
    diffs
}

/// HTML pages as SHA-256 values per case, with three pages stored whole.
fn html_stored() -> Vec<String> {
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
    diffs
}

/// Every format of the registry, so that a new format is stored as soon as
/// it is registered: whole in Japanese (and in English for the human and
/// JSON outputs), SARIF and HTML as above.
#[test]
fn every_registered_format_is_as_stored() {
    let names: Vec<&str> = REPORTERS.iter().map(|r| r.name()).collect();
    let diffs: Vec<String> = std::thread::scope(|s| {
        let workers: Vec<_> = names
            .iter()
            .map(|name| {
                s.spawn(move || match *name {
                    "sarif" => sarif_stored(),
                    "html" => html_stored(),
                    "human" | "json" => ["ja", "en"]
                        .iter()
                        .filter_map(|l| whole_format(l, name))
                        .collect(),
                    _ => whole_format("ja", name).into_iter().collect(),
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().expect("a format's comparison ran"))
            .collect()
    });
    assert!(diffs.is_empty(), "{}", diffs.join("\n"));
}

// The other subcommands, stored as transcripts: the command line, the exit
// code, standard output and standard error, and the files a command writes.
// Scratch folders have fixed relative paths, so the paths printed are the
// same on every run.

/// Where the transcripts run: the bundled cases written out with their
/// effective files (`common::cases_tree`), so that a case made of a base and
/// edits can be named by its folder (`cases/field/…`) as a vendor names an
/// export folder. `run` and `golden check` read the case manifests and
/// `golden/` of the repository, and run there.
fn cwd_for(args: &[&str]) -> PathBuf {
    let sub = args
        .iter()
        .copied()
        .find(|a| !a.starts_with('-') && *a != "ja" && *a != "en");
    let golden_action = args.iter().copied().skip_while(|a| *a != "golden").nth(1);
    match (sub, golden_action) {
        (Some("run"), _) | (Some("golden"), Some("check" | "bless")) => common::root(),
        _ => common::cases_tree().to_path_buf(),
    }
}

/// `@root` in an argument stands for the repository's root (for
/// `--cases @root/cases`), and is shown as `@root` in the transcript.
fn expand(arg: &str) -> String {
    arg.replace("@root", &common::root().display().to_string())
}

/// A fresh folder `target/test-scratch/outputs/NAME`, as a relative path
/// from both places the transcripts run.
fn fixed_scratch(name: &str) -> String {
    let rel = format!("target/test-scratch/outputs/{name}");
    for base in [common::root(), common::cases_tree().to_path_buf()] {
        let abs = base.join(&rel);
        let _ = std::fs::remove_dir_all(&abs);
        std::fs::create_dir_all(&abs).unwrap();
    }
    rel
}

/// The folder a relative path written by the last transcript lives in.
static LAST_CWD: std::sync::Mutex<Option<PathBuf>> = std::sync::Mutex::new(None);

/// Runs the binary with `args` and appends its transcript to `out`.
fn transcript(out: &mut String, args: &[&str]) {
    let cwd = cwd_for(args);
    let expanded: Vec<String> = args.iter().map(|a| expand(a)).collect();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_careplan-conformance"))
        .args(&expanded)
        .current_dir(&cwd)
        .output()
        .expect("the binary runs");
    *LAST_CWD.lock().unwrap() = Some(cwd);
    let root = common::root().display().to_string();
    let _ = writeln!(out, "$ careplan-conformance {}", args.join(" "));
    let _ = writeln!(out, "exit {:?}", o.status.code());
    for (name, bytes) in [("stdout", &o.stdout), ("stderr", &o.stderr)] {
        if bytes.is_empty() {
            continue;
        }
        let text = String::from_utf8_lossy(bytes).replace(&root, "@root");
        let _ = writeln!(out, "--- {name}");
        out.push_str(&text);
        if !text.ends_with('\n') {
            out.push('\n');
        }
    }
}

/// Appends a file the last transcript's command wrote to `out`.
fn written(out: &mut String, path: &str) {
    let base = LAST_CWD
        .lock()
        .unwrap()
        .clone()
        .unwrap_or_else(common::root);
    let text = std::fs::read_to_string(base.join(path))
        .unwrap_or_else(|e| format!("(not readable: {e})\n"));
    let _ = writeln!(out, "--- file {path}");
    out.push_str(&text);
}

fn copy_tree(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from).into_iter().flatten() {
        let dest = to.join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

#[test]
fn run_outputs_and_junit_are_as_stored() {
    let mut diffs = Vec::new();
    // The bundled suite.
    let dir = fixed_scratch("run");
    let junit = format!("{dir}/junit.xml");
    let mut out = String::new();
    transcript(&mut out, &["run", "--junit", &junit]);
    diffs.extend(compare("commands/run.txt", &out));
    let mut xml = String::new();
    written(&mut xml, &junit);
    diffs.extend(compare("commands/run.junit.xml.txt", &xml));
    // A failing, an ignored and a passing case.
    let dir = fixed_scratch("run-failing");
    let root = common::root();
    let case = |from: &str, to: &str, manifest: &str| {
        let to = root.join(&dir).join("cases").join(to);
        copy_tree(&common::cases_tree().join(from), &to);
        std::fs::write(to.join("case.toml"), manifest).unwrap();
    };
    case(
        "cases/field/date-april-31",
        "g1/wrong-expectation",
        "id = \"g1.wrong\"\ntitle = \"期待が誤っている\"\nrevision = \"4.1\"\nrole = \"居宅介護支援\"\n\n[[expect]]\nrule = \"FLD-TIME\"\nfile = \"UPPLAN_202504_1371000017_43_1371000025_11_20250325093000.CSV\"\nrecord = 2\nfield = 12\n",
    );
    case(
        "cases/conformant/delete-plan",
        "g2/future-revision",
        "id = \"g2.future\"\ntitle = \"未収録の版\"\nrevision = \"9.9\"\nrole = \"居宅介護支援\"\nconformant = true\n",
    );
    case(
        "cases/conformant/delete-plan",
        "g2/ok",
        "id = \"g2.ok\"\ntitle = \"適合\"\nrevision = \"4.1\"\nrole = \"居宅介護支援\"\nconformant = true\n",
    );
    let junit = format!("{dir}/junit.xml");
    let cases = format!("{dir}/cases");
    let pending = format!("{dir}/pending");
    let mut out = String::new();
    for lang in ["ja", "en"] {
        transcript(
            &mut out,
            &[
                "--lang",
                lang,
                "run",
                "--cases",
                &cases,
                "--junit",
                &junit,
                "--pending",
                &pending,
            ],
        );
        written(&mut out, &junit);
    }
    transcript(
        &mut out,
        &["run", "--filter", "no-such-case", "--junit", &junit],
    );
    transcript(&mut out, &["run", "--cases", "no/such/dir"]);
    transcript(&mut out, &["run", "--timestamp", "yesterday"]);
    diffs.extend(compare("commands/run-failing.txt", &out));
    assert!(diffs.is_empty(), "{}", diffs.join("\n"));
}

#[test]
fn certify_outputs_and_junit_are_as_stored() {
    let mut diffs = Vec::new();
    let root = common::cases_tree().to_path_buf();
    let profiles = [
        "houkatsu",
        "kyotaku-itaku",
        "kyotaku-shien",
        "service-provider",
        "yobo-service",
    ];
    for profile in profiles {
        let out_dir = fixed_scratch(&format!("certify-{profile}"));
        let submission = format!("cases/certification/reference/{profile}");
        let mut out = String::new();
        transcript(
            &mut out,
            &[
                "certify",
                "--profile",
                profile,
                "--submission",
                &submission,
                "--out",
                &out_dir,
                "--generated-at",
                "2026-01-01T00:00:00Z",
            ],
        );
        for f in ["junit.xml", "summary.md", "certificate.json"] {
            written(&mut out, &format!("{out_dir}/{f}"));
        }
        diffs.extend(compare(&format!("commands/certify-{profile}.txt"), &out));
    }
    // A missing required scenario, an optional one not submitted, and a
    // broken field.
    let dir = fixed_scratch("certify-failing");
    let sub = format!("{dir}/submission");
    copy_tree(
        &root.join("cases/certification/reference/kyotaku-shien"),
        &root.join(&sub),
    );
    std::fs::remove_dir_all(root.join(&sub).join("k06-short-stay")).unwrap();
    std::fs::remove_dir_all(root.join(&sub).join("k13-yoshien")).unwrap();
    let k11 = root.join(&sub).join("k11-delete-table1");
    for e in std::fs::read_dir(&k11).unwrap() {
        let p = e.unwrap().path();
        let text = std::fs::read(&p).unwrap();
        if let Ok(t) = String::from_utf8(text) {
            std::fs::write(&p, t.replace("131011", "131012")).unwrap();
        }
    }
    let out_dir = format!("{dir}/out");
    let mut out = String::new();
    for lang in ["ja", "en"] {
        transcript(
            &mut out,
            &[
                "--lang",
                lang,
                "certify",
                "--profile",
                "kyotaku-shien",
                "--submission",
                &sub,
                "--out",
                &out_dir,
                "--generated-at",
                "2026-01-01T00:00:00Z",
            ],
        );
    }
    for f in ["junit.xml", "summary.md"] {
        written(&mut out, &format!("{out_dir}/{f}"));
    }
    transcript(
        &mut out,
        &["certify", "--profile", "no-such", "--submission", "."],
    );
    transcript(
        &mut out,
        &[
            "certify",
            "--profile",
            "houkatsu",
            "--submission",
            ".",
            "--generated-at",
            "2026-01-01",
        ],
    );
    diffs.extend(compare("commands/certify-failing.txt", &out));
    assert!(diffs.is_empty(), "{}", diffs.join("\n"));
}

#[test]
fn regress_outputs_and_junit_are_as_stored() {
    let dir = fixed_scratch("regress");
    let junit = format!("{dir}/regress.xml");
    let mut out = String::new();
    transcript(
        &mut out,
        &[
            "regress",
            "--from",
            "3.2",
            "--to",
            "4.1",
            "cases/rev32",
            "--junit",
            &junit,
        ],
    );
    written(&mut out, &junit);
    transcript(
        &mut out,
        &[
            "regress",
            "--from",
            "3.2",
            "--to",
            "4.1",
            "cases/rev32/conformant-jisseki",
            "--junit",
            &junit,
            "--format",
            "json",
        ],
    );
    transcript(
        &mut out,
        &[
            "regress",
            "--from",
            "4.1",
            "--to",
            "3.2",
            "cases/conformant/delete-plan",
            "no/such/dir",
            "--junit",
            &junit,
        ],
    );
    written(&mut out, &junit);
    transcript(
        &mut out,
        &["regress", "--from", "3.2", "--to", "9.9", "cases/rev32"],
    );
    let diffs: Vec<String> = compare("commands/regress.txt", &out).into_iter().collect();
    assert!(diffs.is_empty(), "{}", diffs.join("\n"));
}

#[test]
fn model_and_golden_outputs_are_as_stored() {
    let mut out = String::new();
    transcript(
        &mut out,
        &["roundtrip", "cases/conformant", "cases/structure"],
    );
    transcript(&mut out, &["--lang", "en", "roundtrip", "cases/encoding"]);
    transcript(
        &mut out,
        &[
            "roundtrip",
            "--format",
            "json",
            "cases/structure/stray-quote",
            "cases/structure/lf-line-ends",
        ],
    );
    transcript(
        &mut out,
        &[
            "roundtrip",
            "--show-personal-data",
            "--spec",
            "3.2",
            "cases/rev32",
        ],
    );
    transcript(&mut out, &["roundtrip", "--spec", "9.9", "cases/rev32"]);
    transcript(&mut out, &["golden", "check"]);
    for format in ["human", "json"] {
        transcript(
            &mut out,
            &[
                "golden",
                "compare",
                "--expected",
                "conformant.use-set-6-7-hosoku",
                "cases/field/date-april-31",
                "--cases",
                "@root/cases",
                "--format",
                format,
            ],
        );
    }
    transcript(
        &mut out,
        &[
            "golden",
            "compare",
            "--expected",
            "cases/conformant/delete-plan",
            "cases/conformant/delete-plan",
            "--show-personal-data",
        ],
    );
    transcript(
        &mut out,
        &[
            "golden",
            "compare",
            "--expected",
            "no-such-case",
            "cases/conformant/delete-plan",
            "--cases",
            "@root/cases",
        ],
    );
    let emit = fixed_scratch("golden-emit");
    transcript(
        &mut out,
        &[
            "golden",
            "emit",
            "--case",
            "conformant.use-set-6-7-hosoku",
            "--cases",
            "@root/cases",
            "--out",
            &emit,
        ],
    );
    transcript(
        &mut out,
        &[
            "golden",
            "emit",
            "--case",
            "no-such-case",
            "--cases",
            "@root/cases",
            "--out",
            &emit,
        ],
    );
    let diffs: Vec<String> = compare("commands/model-golden.txt", &out)
        .into_iter()
        .collect();
    assert!(diffs.is_empty(), "{}", diffs.join("\n"));
}

#[test]
fn spec_rules_and_pack_outputs_are_as_stored() {
    let mut out = String::new();
    for format in ["human", "json"] {
        transcript(
            &mut out,
            &["spec", "diff", "3.2", "4.1", "--format", format],
        );
    }
    transcript(&mut out, &["spec", "diff", "3.2", "9.9"]);
    transcript(&mut out, &["spec", "show", "upplan"]);
    transcript(&mut out, &["spec", "show", "UP2KYO", "--spec", "3.2"]);
    transcript(&mut out, &["spec", "show", "NOPE"]);
    for lang in ["ja", "en"] {
        transcript(&mut out, &["--lang", lang, "rules"]);
        transcript(&mut out, &["--lang", lang, "explain", "fld-date"]);
        transcript(&mut out, &["--lang", lang, "explain", "CSV-STRAY-QUOTE"]);
    }
    transcript(&mut out, &["explain", "NO-SUCH-RULE"]);
    transcript(&mut out, &["profiles"]);
    transcript(&mut out, &["profiles", "--format", "json"]);
    for profile in ["kyotaku-shien", "service-provider", "no-such"] {
        transcript(&mut out, &["scenarios", "--profile", profile]);
    }
    transcript(
        &mut out,
        &["--lang", "en", "scenarios", "--profile", "kyotaku-itaku"],
    );
    let emit = fixed_scratch("scenarios-emit");
    transcript(
        &mut out,
        &[
            "scenarios",
            "--profile",
            "service-provider",
            "--emit",
            &emit,
        ],
    );
    written(&mut out, &format!("{emit}/checklist.md"));
    let migrated = fixed_scratch("migrate");
    let target = format!("{migrated}/out");
    transcript(
        &mut out,
        &[
            "migrate",
            "--to",
            "4.1",
            "cases/rev32/late-version",
            &target,
        ],
    );
    transcript(
        &mut out,
        &[
            "migrate",
            "--to",
            "4.1",
            "cases/rev32/late-version",
            &target,
        ],
    );
    transcript(
        &mut out,
        &[
            "migrate",
            "--to",
            "4.1",
            "--kind",
            "1371000025",
            "cases/rev32/late-version",
            &target,
        ],
    );
    transcript(
        &mut out,
        &[
            "migrate",
            "--to",
            "3.2",
            "cases/conformant/delete-plan",
            &target,
        ],
    );
    let diffs: Vec<String> = compare("commands/spec-rules-pack.txt", &out)
        .into_iter()
        .collect();
    assert!(diffs.is_empty(), "{}", diffs.join("\n"));
}

#[test]
fn check_usage_errors_help_and_completions_are_as_stored() {
    let mut out = String::new();
    transcript(&mut out, &["check", "no/such/path"]);
    transcript(&mut out, &["check", "--timestamp", "2025", "cases/field"]);
    transcript(&mut out, &["check", "--spec", "9.9", "cases/field"]);
    let reports = fixed_scratch("check-reports");
    let unwritable = format!("{reports}/file");
    std::fs::write(common::cases_tree().join(&unwritable), "").unwrap();
    transcript(
        &mut out,
        &[
            "check",
            "--quiet",
            "--json",
            &format!("{unwritable}/sub/report.json"),
            "cases/field/date-april-31",
        ],
    );
    transcript(&mut out, &["--help"]);
    for sub in [
        "check",
        "completions",
        "roundtrip",
        "golden",
        "certify",
        "profiles",
        "scenarios",
        "verify",
        "registry",
        "run",
        "spec",
        "regress",
        "migrate",
        "rules",
        "explain",
    ] {
        transcript(&mut out, &[sub, "--help"]);
    }
    for sub in [
        ["golden", "check"],
        ["golden", "bless"],
        ["golden", "emit"],
        ["golden", "compare"],
        ["spec", "diff"],
        ["spec", "show"],
    ] {
        transcript(&mut out, &[sub[0], sub[1], "--help"]);
    }
    transcript(&mut out, &["completions", "bash"]);
    for shell in ["zsh", "fish", "elvish", "powershell"] {
        let o = common::run(&["completions", shell]);
        let hex: String = Sha256::digest(&o.stdout)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let _ = writeln!(
            out,
            "$ careplan-conformance completions {shell}\nexit {:?}\nsha256 {hex}",
            o.status.code()
        );
    }
    let diffs: Vec<String> = compare("commands/usage-help-completions.txt", &out)
        .into_iter()
        .collect();
    assert!(diffs.is_empty(), "{}", diffs.join("\n"));
}
