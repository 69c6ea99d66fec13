//! The CI templates in `ci/` that vendors copy (the GitHub Actions workflow,
//! the GitLab CI job, the plain script for Jenkins and others), the GitHub
//! Action at the repository root (`action.yml`) that the workflow uses, and
//! the project's release workflow (`.github/workflows/release.yml`).
//!
//! They are checked as files (the YAML parses and has the shape each CI
//! needs; actionlint, `bash -n` and shellcheck accept them) and as commands:
//! every `careplan-conformance …` line they hold is run with the built binary
//! on a bundled case, and so are the action's steps, the GitLab `script` and
//! the script itself, so a flag that does not exist (exit 2) or a report that
//! is not written fails here before a vendor copies it. How each installs the
//! harness is run too, with a stub `cargo`: the action builds its own source
//! once per digest of it; the GitLab job and the script resolve a ref of a
//! local git repository standing in for the harness's to its commit, install
//! exactly that commit, and keep a stamp naming it.
//!
//! Tests that need bash and git (a Unix system), actionlint or shellcheck
//! are ignored with the reason where they are missing, except in CI, where
//! `.ci/run` installs them (`common::trials`).

mod common;

use common::trials::{self, needs, ACTIONLINT, SHELLCHECK, UNIX};
use common::{root, scratch};
use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use yaml_rust2::{Yaml, YamlLoader};

const ACTION: &str = "action.yml";
const GITHUB: &str = "ci/github-actions/careplan-conformance.yml";
const RELEASE: &str = ".github/workflows/release.yml";
const GITLAB: &str = "ci/gitlab/careplan-conformance.gitlab-ci.yml";
const SCRIPT: &str = "ci/careplan-conformance.sh";
/// What runs `careplan-conformance check` (the GitHub workflow runs it
/// through the action).
const TEMPLATES: [&str; 3] = [ACTION, GITLAB, SCRIPT];

/// A conforming export (exit 0) and one with an error-level finding (exit 1),
/// as the bundled cases check them (`common::cases_tree`).
const CONFORMANT: &str = "cases/conformant/use-set-6-7-hosoku";
const WITH_ERRORS: &str = "cases/field/date-april-31";
const EXPORTS: [(&str, i32); 2] = [(CONFORMANT, 0), (WITH_ERRORS, 1)];

/// The options of `check` that name a file the run writes.
const OUTPUT_FLAGS: [&str; 5] = ["--json", "--sarif", "--junit", "--html", "--markdown"];

const BIN: &str = env!("CARGO_BIN_EXE_careplan-conformance");

fn main() {
    let mut trials = trials![
        action_has_the_shape_github_needs,
        github_workflow_uses_the_action,
        release_workflow_builds_tests_and_publishes_a_tag,
        gitlab_job_has_the_shape_gitlab_needs,
        every_command_the_templates_run_exists,
        no_template_shows_personal_data,
        invocations_join_continuations_and_skip_comments,
        the_templates_take_a_revision_folder_where_they_take_a_revision_id,
    ];
    let unix: [(&str, fn()); 9] = [
        (
            "the_action_keys_its_cache_on_the_digest_of_its_source",
            the_action_keys_its_cache_on_the_digest_of_its_source,
        ),
        (
            "the_action_builds_each_source_once",
            the_action_builds_each_source_once,
        ),
        (
            "the_action_checks_and_its_verdict_follows_the_harness",
            the_action_checks_and_its_verdict_follows_the_harness,
        ),
        (
            "gitlab_script_runs_and_exits_as_the_harness",
            gitlab_script_runs_and_exits_as_the_harness,
        ),
        ("shells_parse_with_bash_n", shells_parse_with_bash_n),
        (
            "script_runs_end_to_end_with_the_harness_on_path",
            script_runs_end_to_end_with_the_harness_on_path,
        ),
        (
            "script_fails_with_2_without_an_export_or_a_harness",
            script_fails_with_2_without_an_export_or_a_harness,
        ),
        (
            "gitlab_before_script_resolves_the_ref_and_builds_each_commit_once",
            gitlab_before_script_resolves_the_ref_and_builds_each_commit_once,
        ),
        (
            "script_installs_the_commit_the_ref_resolves_to",
            script_installs_the_commit_the_ref_resolves_to,
        ),
    ];
    for (name, f) in unix {
        trials.push(needs(&[&UNIX], name, f));
    }
    trials.push(needs(
        &[&UNIX, &SHELLCHECK],
        "shells_pass_shellcheck",
        shells_pass_shellcheck,
    ));
    trials.push(needs(
        &[&ACTIONLINT],
        "workflows_and_the_action_pass_actionlint",
        workflows_and_the_action_pass_actionlint,
    ));
    trials::run(trials, &[&UNIX, &SHELLCHECK, &ACTIONLINT]);
}

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
    let vars: BTreeMap<&str, String> = [
        "EXPORT_DIR",
        "REPORT_DIR",
        "REPORTS_DIR",
        "MAX_FINDINGS",
        "CHECK_LANG",
        "GITHUB_STEP_SUMMARY",
    ]
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
// GitHub: the action at the repository root, the workflow that uses it, and
// the project's release workflow

fn action_steps(doc: &Yaml) -> &Vec<Yaml> {
    doc["runs"]["steps"]
        .as_vec()
        .unwrap_or_else(|| panic!("{ACTION}: runs.steps is a list"))
}

/// The action's step whose `id` or `name` is `key`.
fn action_step<'a>(doc: &'a Yaml, key: &str) -> &'a Yaml {
    let found: Vec<&Yaml> = action_steps(doc)
        .iter()
        .filter(|s| s["id"].as_str() == Some(key) || s["name"].as_str() == Some(key))
        .collect();
    assert_eq!(found.len(), 1, "{ACTION}: one step {key:?}");
    found[0]
}

fn uses(s: &Yaml, prefix: &str) -> bool {
    s["uses"].as_str().is_some_and(|u| u.starts_with(prefix))
}

/// Every `${{ … }}` expression in a text, trimmed.
fn expressions(t: &str) -> Vec<String> {
    t.match_indices("${{")
        .map(|(i, _)| {
            let rest = &t[i + 3..];
            rest[..rest.find("}}").expect("closed ${{ }}")]
                .trim()
                .to_string()
        })
        .collect()
}

/// A step's `env:` as GitHub sets it: `${{ inputs.X }}` from `inputs`, or the
/// input's default; `${{ github.action_path }}` and `${{ steps.ID.outputs.X }}`
/// from `given`. Any other expression fails the test.
fn step_env(
    doc: &Yaml,
    step: &Yaml,
    inputs: &[(&str, String)],
    given: &[(&str, String)],
) -> Vec<(String, String)> {
    let Some(env) = step["env"].as_hash() else {
        return Vec::new();
    };
    env.iter()
        .map(|(k, v)| {
            let (k, v) = (text(k, "an env name"), text(v, "an env value"));
            let exprs = expressions(v);
            assert_eq!(exprs.len(), 1, "{ACTION}: env {k} is one expression: {v}");
            let e = exprs[0].as_str();
            let value = if let Some(name) = e.strip_prefix("inputs.") {
                inputs
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| v.clone())
                    .or_else(|| doc["inputs"][name]["default"].as_str().map(String::from))
                    .unwrap_or_else(|| panic!("{ACTION}: input {name} has no value or default"))
            } else {
                given
                    .iter()
                    .find(|(n, _)| *n == e)
                    .map(|(_, v)| v.clone())
                    .unwrap_or_else(|| panic!("{ACTION}: the test does not know {e}"))
            };
            (k.to_string(), value)
        })
        .collect()
}

/// Runs a `run:` step as GitHub runs `shell: bash`, with `env` added.
fn github_run(
    step: &Yaml,
    dir: &Path,
    env: &[(String, String)],
    extra: &[(&str, &OsStr)],
) -> Output {
    let mut cmd = Command::new("bash");
    cmd.args(["--noprofile", "--norc", "-eo", "pipefail", "-c"])
        .arg(text(&step["run"], "a step's run"))
        .current_dir(dir);
    for (k, v) in env {
        cmd.env(k, v);
    }
    for (k, v) in extra {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

fn action_has_the_shape_github_needs() {
    let doc = load_yaml(ACTION);
    assert!(!text(&doc["name"], "name").is_empty());
    assert!(!text(&doc["description"], "description").is_empty());
    assert_eq!(doc["runs"]["using"].as_str(), Some("composite"));
    let inputs = doc["inputs"].as_hash().expect("inputs is a mapping");
    assert_eq!(
        doc["inputs"]["export-dir"]["required"].as_bool(),
        Some(true),
        "{ACTION}: export-dir is required"
    );
    for (name, input) in inputs {
        let name = text(name, "an input");
        assert!(
            !text(&input["description"], "an input's description").is_empty(),
            "{ACTION}: input {name} is described"
        );
        assert!(
            input["required"].as_bool() == Some(true) || input["default"].as_str().is_some(),
            "{ACTION}: input {name} is required or has a default"
        );
    }
    let steps = action_steps(&doc);
    let mut used_inputs = std::collections::BTreeSet::new();
    for (i, s) in steps.iter().enumerate() {
        let has_uses = s["uses"].as_str().is_some();
        let has_run = s["run"].as_str().is_some();
        assert!(
            has_uses ^ has_run,
            "{ACTION}, step {i}: one of `uses` and `run`"
        );
        if has_run {
            assert_eq!(
                s["shell"].as_str(),
                Some("bash"),
                "{ACTION}, step {i}: shell: bash"
            );
            // Inputs reach a script through env, never pasted into its text.
            assert!(
                expressions(text(&s["run"], "run")).is_empty(),
                "{ACTION}, step {i}: no ${{{{ }}}} in run:"
            );
        }
        let yaml = format!("{s:?}");
        for e in expressions(&yaml.replace("\\\"", "\"")) {
            if let Some(name) = e.strip_prefix("inputs.") {
                let name = name.split([' ', '}']).next().unwrap();
                used_inputs.insert(name.to_string());
            }
        }
        // Conditions name inputs without ${{ }}.
        if let Some(cond) = s["if"].as_str() {
            for part in cond.split("inputs.").skip(1) {
                let name: String = part
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                    .collect();
                used_inputs.insert(name);
            }
        }
    }
    for (name, _) in inputs {
        let name = text(name, "an input");
        assert!(used_inputs.contains(name), "{ACTION}: input {name} is used");
    }
    for name in &used_inputs {
        assert!(
            !doc["inputs"][name.as_str()].is_badvalue(),
            "{ACTION}: input {name} is declared"
        );
    }

    let at = |what: &str, pred: &dyn Fn(&Yaml) -> bool| {
        let found: Vec<usize> = (0..steps.len()).filter(|&i| pred(&steps[i])).collect();
        assert_eq!(found.len(), 1, "{ACTION}: one step {what}");
        found[0]
    };
    let identify = at("with id `harness`", &|s| {
        s["id"].as_str() == Some("harness")
    });
    let restore = at("restoring the harness", &|s| {
        uses(s, "actions/cache/restore@")
    });
    let install = at("installing the harness", &|s| {
        s["run"]
            .as_str()
            .is_some_and(|r| r.contains("cargo install"))
    });
    let save = at("saving the harness", &|s| uses(s, "actions/cache/save@"));
    let check = at("with id `check`", &|s| s["id"].as_str() == Some("check"));
    assert!(
        identify < restore && restore < install && install < save && save < check,
        "{ACTION}: the source identified, the cache restored, the harness installed and saved, then the check"
    );
    assert!(
        !steps.iter().any(|s| uses(s, "actions/cache@")),
        "{ACTION}: the cache is saved by actions/cache/save, not at the end of the job"
    );
    let key = text(&steps[restore]["with"]["key"], "cache key");
    assert!(key.contains("${{ steps.harness.outputs.digest }}"), "{key}");
    assert_eq!(
        steps[save]["with"]["path"].as_str(),
        steps[restore]["with"]["path"].as_str()
    );
    assert_eq!(
        steps[save]["with"]["key"].as_str(),
        Some("${{ steps.cache.outputs.cache-primary-key }}")
    );
    assert_eq!(
        steps[save]["if"].as_str(),
        Some("steps.cache.outputs.cache-hit != 'true'"),
        "{ACTION}: an exact hit is not saved again"
    );
    let run = text(&steps[install]["run"], "install run");
    for needle in [
        r#"cargo install --locked --path "$ACTION_PATH/harness" --root "$root" --force"#,
        r#"echo "$DIGEST" > "$root/digest""#,
        r#"echo "$root/bin" >> "$GITHUB_PATH""#,
    ] {
        assert!(
            run.contains(needle),
            "{ACTION}: the install step has `{needle}`"
        );
    }

    // The reports go to reports-dir, which is the artifact; the SARIF
    // uploaded is the one written; GitHub shows at most 10 annotations of a
    // kind per step.
    for flag in ["--junit", "--sarif", "--html", "--json"] {
        assert!(
            check_flag(ACTION, flag).starts_with("$REPORTS_DIR/"),
            "{ACTION}: {flag} writes into reports-dir"
        );
    }
    assert_eq!(check_flag(ACTION, "--markdown"), "$GITHUB_STEP_SUMMARY");
    assert_eq!(
        step_env(&doc, &steps[check], &[("export-dir", "x".into())], &[])
            .iter()
            .find(|(k, _)| k == "REPORTS_DIR")
            .map(|(_, v)| v.as_str()),
        doc["inputs"]["reports-dir"]["default"].as_str()
    );
    let max: usize = text(&doc["inputs"]["max-findings"]["default"], "max-findings")
        .parse()
        .unwrap();
    assert!((1..=10).contains(&max), "{ACTION}: max-findings {max}");
    let artifact = action_step(&doc, "Upload the reports");
    assert!(uses(artifact, "actions/upload-artifact@"));
    assert_eq!(
        artifact["with"]["path"].as_str(),
        Some("${{ inputs.reports-dir }}")
    );
    let sarif = action_step(&doc, "Upload SARIF to code scanning");
    assert!(uses(sarif, "github/codeql-action/upload-sarif@"));
    assert_eq!(
        sarif["with"]["sarif_file"].as_str(),
        Some(
            check_flag(ACTION, "--sarif")
                .replace("$REPORTS_DIR", "${{ inputs.reports-dir }}")
                .as_str()
        )
    );
    assert_eq!(sarif["continue-on-error"].as_bool(), Some(true));
    for s in &steps[check + 1..] {
        let cond = s["if"].as_str().unwrap_or_default();
        assert!(
            cond.starts_with("always()"),
            "{ACTION}: a step after the check runs `if: always()…`, found {cond:?}"
        );
    }
    assert_eq!(
        doc["outputs"]["status"]["value"].as_str(),
        Some("${{ steps.check.outputs.status }}")
    );
}

/// A small stand-in for the harness's source, as the action finds it.
fn fake_source(dir: &Path) {
    for (f, body) in [
        ("Cargo.toml", "[workspace]\n"),
        ("Cargo.lock", "# lock\n"),
        ("harness/src/main.rs", "fn main() {}\n"),
        ("cases/g/c/case.toml", "id = \"g.c\"\n"),
        ("golden/g.c.json", "{}\n"),
        ("scenarios/4.1/pack.toml", "version = \"1\"\n"),
        ("README.md", "not built\n"),
    ] {
        let p = dir.join(f);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, body).unwrap();
    }
}

/// The digest the action's first step gives the source in `source`.
fn action_digest(source: &Path, work: &Path) -> String {
    let doc = load_yaml(ACTION);
    let step = action_step(&doc, "harness");
    let output = work.join("github-output");
    std::fs::write(&output, "").unwrap();
    let env = step_env(
        &doc,
        step,
        &[],
        &[("github.action_path", source.display().to_string())],
    );
    let o = github_run(step, work, &env, &[("GITHUB_OUTPUT", output.as_os_str())]);
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    let out = std::fs::read_to_string(&output).unwrap();
    let digest = out
        .trim()
        .strip_prefix("digest=")
        .unwrap_or_else(|| panic!("{ACTION}: the step writes digest=…, found {out:?}"));
    assert!(
        digest.len() == 32 && digest.bytes().all(|b| b.is_ascii_hexdigit()),
        "{digest}"
    );
    digest.to_string()
}

/// The digest follows what goes into the build, and nothing else.
fn the_action_keys_its_cache_on_the_digest_of_its_source() {
    let dir = scratch("action-digest");
    let source = dir.join("source");
    fake_source(&source);
    let first = action_digest(&source, &dir);
    assert_eq!(
        action_digest(&source, &dir),
        first,
        "the same source, the same digest"
    );
    std::fs::write(source.join("README.md"), "changed\n").unwrap();
    std::fs::create_dir_all(source.join("harness/target")).unwrap();
    std::fs::write(source.join("harness/target/x"), "build output\n").unwrap();
    assert_eq!(
        action_digest(&source, &dir),
        first,
        "what is not built does not count"
    );
    for f in ["harness/src/main.rs", "cases/g/c/case.toml", "Cargo.lock"] {
        let before = action_digest(&source, &dir);
        std::fs::write(source.join(f), "changed\n").unwrap();
        assert_ne!(action_digest(&source, &dir), before, "{f} changed");
    }
    // The repository itself.
    action_digest(&root(), &dir);
}

/// The install step on an empty cache, on a restored one, and for another
/// source: cargo runs for the first and the last only, installing the
/// action's own harness folder, and the stamp follows.
fn the_action_builds_each_source_once() {
    let dir = scratch("action-install");
    let stub = stub_cargo(&dir);
    let home = dir.join("home");
    let source = dir.join("source");
    fake_source(&source);
    let doc = load_yaml(ACTION);
    let install = action_step(&doc, "Install careplan-conformance");
    let root_dir = home.join(".careplan-conformance");
    let mut installs = 0;
    for (round, digest) in [
        ("empty cache", "a1"),
        ("restored", "a1"),
        ("new source", "b2"),
    ] {
        let github_path = dir.join("github-path");
        std::fs::write(&github_path, "").unwrap();
        let env = step_env(
            &doc,
            install,
            &[],
            &[
                ("github.action_path", source.display().to_string()),
                ("steps.harness.outputs.digest", digest.to_string()),
            ],
        );
        let o = github_run(
            install,
            &dir,
            &env,
            &[
                ("PATH", path_with_stub_cargo(&stub).as_os_str()),
                ("HOME", home.as_os_str()),
                ("GITHUB_PATH", github_path.as_os_str()),
            ],
        );
        assert_eq!(o.status.code(), Some(0), "{round}: {}", describe(&o));
        if round != "restored" {
            installs += 1;
        }
        let calls = cargo_calls(&stub);
        assert_eq!(calls.len(), installs, "{round}: cargo ran {calls:?}");
        assert_eq!(
            calls.last().unwrap(),
            &format!(
                "install --locked --path {}/harness --root {} --force",
                source.display(),
                root_dir.display()
            ),
            "{round}"
        );
        assert_eq!(
            std::fs::read_to_string(root_dir.join("digest"))
                .unwrap()
                .trim(),
            digest,
            "{round}: the stamp names the installed source"
        );
        assert_eq!(
            std::fs::read_to_string(&github_path).unwrap().trim(),
            root_dir.join("bin").display().to_string(),
            "{round}: the harness is on PATH for the later steps"
        );
        assert!(String::from_utf8_lossy(&o.stdout).contains("careplan-conformance "));
    }
}

/// The check step as GitHub runs it, on a conforming export and on one with
/// an error, and the verdict after it: the step itself succeeds, writes
/// every report and the job summary, and hands the harness's exit status
/// to the verdict, which fails on 1 unless fail-on-findings is off, and on
/// 2 always.
fn the_action_checks_and_its_verdict_follows_the_harness() {
    let doc = load_yaml(ACTION);
    let check = action_step(&doc, "check");
    let verdict = action_step(&doc, "Verdict");
    for (export, expected) in EXPORTS {
        let dir = scratch(&format!("action-check-{expected}"));
        let (summary, output) = (dir.join("step-summary.md"), dir.join("github-output"));
        std::fs::write(&summary, "").unwrap();
        std::fs::write(&output, "").unwrap();
        let env = step_env(
            &doc,
            check,
            &[(
                "export-dir",
                common::cases_tree().join(export).display().to_string(),
            )],
            &[],
        );
        let o = github_run(
            check,
            &dir,
            &env,
            &[
                ("PATH", path_with_harness().as_os_str()),
                ("GITHUB_STEP_SUMMARY", summary.as_os_str()),
                ("GITHUB_OUTPUT", output.as_os_str()),
            ],
        );
        assert_eq!(o.status.code(), Some(0), "{export}: {}", describe(&o));
        let stdout = String::from_utf8_lossy(&o.stdout);
        assert_eq!(
            stdout.contains("::error file="),
            expected == 1,
            "{export}: annotations as workflow commands:\n{stdout}"
        );
        assert_nonempty(&summary, "the job summary");
        let reports = doc["inputs"]["reports-dir"]["default"].as_str().unwrap();
        for flag in ["--junit", "--sarif", "--html", "--json"] {
            let f = check_flag(ACTION, flag).replace("$REPORTS_DIR", reports);
            assert_nonempty(&dir.join(f), flag);
        }
        let out = std::fs::read_to_string(&output).unwrap();
        assert_eq!(out.trim(), format!("status={expected}"), "{export}");
    }
    for (status, fail_on_findings, want) in [
        ("0", "true", 0),
        ("1", "true", 1),
        ("1", "false", 0),
        ("2", "true", 1),
        ("2", "false", 1),
    ] {
        let env = step_env(
            &doc,
            verdict,
            &[("fail-on-findings", fail_on_findings.to_string())],
            &[("steps.check.outputs.status", status.to_string())],
        );
        let v = github_run(verdict, &scratch("action-verdict"), &env, &[]);
        assert_eq!(
            v.status.code(),
            Some(want),
            "status {status}, fail-on-findings {fail_on_findings}: {}",
            describe(&v)
        );
        if status != "0" {
            assert!(String::from_utf8_lossy(&v.stdout).contains("title=careplan-conformance::"));
        }
    }
}

/// The workflow vendors copy: permissions for the SARIF upload, the export
/// step, and one `uses:` of the action with its required input.
fn github_workflow_uses_the_action() {
    let doc = load_yaml(GITHUB);
    let on = &doc["on"];
    for event in ["push", "pull_request"] {
        assert!(!on[event].is_badvalue(), "{GITHUB}: runs on {event}");
    }
    let perms = &doc["permissions"];
    assert_eq!(perms["contents"].as_str(), Some("read"));
    assert_eq!(perms["actions"].as_str(), Some("read"));
    assert_eq!(perms["security-events"].as_str(), Some("write"));
    let steps = doc["jobs"]["careplan-conformance"]["steps"]
        .as_vec()
        .expect("jobs.careplan-conformance.steps is a list");
    let action: Vec<&Yaml> = steps
        .iter()
        .filter(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.contains("/careplan-conformance@"))
        })
        .collect();
    assert_eq!(action.len(), 1, "{GITHUB}: one step uses the action");
    let action = action[0];
    assert!(
        text(&action["uses"], "uses").starts_with("REPLACE-ME/"),
        "{GITHUB}: the repository is a marked placeholder"
    );
    let inputs = load_yaml(ACTION);
    let with = action["with"].as_hash().expect("the action's `with`");
    for (k, _) in with {
        let k = text(k, "an input");
        assert!(
            !inputs["inputs"][k].is_badvalue(),
            "{GITHUB}: {k} is an input of the action"
        );
    }
    let export = text(&action["with"]["export-dir"], "export-dir");
    let produce = steps
        .iter()
        .find(|s| s["name"].as_str() == Some("Produce the export"))
        .expect("a step producing the export");
    assert!(text(&produce["run"], "run").contains(&format!("mkdir -p {export}")));
    assert!(
        !steps.iter().any(|s| s["run"]
            .as_str()
            .is_some_and(|r| r.contains("careplan-conformance check"))),
        "{GITHUB}: the action runs the check"
    );
}

/// The release workflow of the project's own repository: on a tag, tests on
/// Linux, Windows and macOS, the advisory check, the minimum supported Rust
/// version, binaries for each platform, and a release holding them.
fn release_workflow_builds_tests_and_publishes_a_tag() {
    let doc = load_yaml(RELEASE);
    let tags = doc["on"]["push"]["tags"].as_vec().expect("on.push.tags");
    assert!(!tags.is_empty(), "{RELEASE}: runs on a pushed tag");
    let jobs = &doc["jobs"];
    let oses = |job: &str| -> Vec<String> {
        let m = &jobs[job]["strategy"]["matrix"];
        let list = if m["os"].as_vec().is_some() {
            m["os"]
                .as_vec()
                .unwrap()
                .iter()
                .map(|o| text(o, "os").to_string())
                .collect()
        } else {
            m["include"]
                .as_vec()
                .unwrap_or_else(|| panic!("{RELEASE}: {job} has a matrix of os or include"))
                .iter()
                .map(|i| text(&i["os"], "os").to_string())
                .collect::<Vec<_>>()
        };
        list
    };
    for job in ["test", "build"] {
        let os = oses(job);
        for want in ["ubuntu", "windows", "macos"] {
            assert!(
                os.iter().any(|o| o.starts_with(want)),
                "{RELEASE}: {job} runs on {want}: {os:?}"
            );
        }
    }
    let all = format!("{doc:?}");
    for needle in [
        "cargo test --workspace --locked",
        "cargo deny --locked check advisories",
        "rust-version",
        "cargo build --release --locked",
        "gh release create",
    ] {
        assert!(all.contains(needle), "{RELEASE}: has `{needle}`");
    }
    assert_eq!(
        doc["permissions"]["contents"].as_str(),
        Some("read"),
        "{RELEASE}: read by default"
    );
    assert_eq!(
        jobs["release"]["permissions"]["contents"].as_str(),
        Some("write")
    );
    let needs: Vec<&str> = jobs["release"]["needs"]
        .as_vec()
        .expect("release.needs")
        .iter()
        .map(|n| text(n, "a job"))
        .collect();
    for job in ["test", "build", "advisories", "msrv", "action"] {
        assert!(
            needs.contains(&job),
            "{RELEASE}: the release waits for {job}"
        );
    }
    // The action as a vendor's workflow uses it, on a bundled case.
    let action_uses = jobs["action"]["steps"]
        .as_vec()
        .expect("action.steps")
        .iter()
        .any(|s| s["uses"].as_str() == Some("./"));
    assert!(action_uses, "{RELEASE}: a job runs the action (uses: ./)");
}

/// actionlint on the workflows, with the action as a local action beside
/// them, so that actionlint also checks the inputs the workflow gives the
/// action against action.yml; a misspelt input must fail there.
fn workflows_and_the_action_pass_actionlint() {
    let project = scratch("actionlint");
    let workflows = project.join(".github/workflows");
    std::fs::create_dir_all(&workflows).unwrap();
    std::fs::write(project.join("action.yml"), read(ACTION)).unwrap();
    // actionlint finds the project by its .git.
    std::fs::create_dir_all(project.join(".git")).unwrap();
    let template = read(GITHUB);
    let uses_line = template
        .lines()
        .find(|l| l.trim_start().starts_with("- uses: REPLACE-ME/"))
        .expect("the template's uses: line");
    let local = template.replace(uses_line, "      - uses: ./");
    std::fs::write(workflows.join("careplan-conformance.yml"), &local).unwrap();
    std::fs::write(workflows.join("release.yml"), read(RELEASE)).unwrap();
    let lint = |what: &str| {
        Command::new("actionlint")
            .arg("-no-color")
            .current_dir(&project)
            .output()
            .unwrap_or_else(|e| panic!("actionlint ({what}): {e}"))
    };
    let o = lint("the workflows");
    assert!(
        o.status.success(),
        "actionlint rejects {GITHUB}, {RELEASE} or {ACTION}:\n{}",
        describe(&o)
    );
    // The check reaches action.yml: an input it does not declare fails.
    std::fs::write(
        workflows.join("careplan-conformance.yml"),
        local.replace("export-dir:", "export-dirr:"),
    )
    .unwrap();
    let o = lint("a misspelt input");
    assert!(
        !o.status.success(),
        "actionlint did not read {ACTION}: {}",
        describe(&o)
    );
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("export-dir"),
        "{}",
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
    }
}

// ---------------------------------------------------------------------------
// The script, and shellcheck for every shell in the templates

/// Every shell of the templates as a file: the script, the GitLab job's
/// shell (its variables set first, as GitLab sets them), and each `run:`
/// step of the action (actionlint lints workflows' steps, not an action's).
fn shells(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut out = vec![(root().join(SCRIPT), SCRIPT.to_string())];
    let doc = load_yaml(GITLAB);
    let gitlab = gitlab_shell(gitlab_job(&doc), &["before_script", "script"], &[]);
    let gitlab_sh = dir.join("gitlab-job.sh");
    std::fs::write(&gitlab_sh, &gitlab).unwrap();
    out.push((gitlab_sh, format!("{GITLAB} (script)")));
    let action = load_yaml(ACTION);
    for (i, s) in action_steps(&action).iter().enumerate() {
        if let Some(run) = s["run"].as_str() {
            let f = dir.join(format!("action-step-{i}.sh"));
            std::fs::write(&f, format!("#!/usr/bin/env bash\nset -eo pipefail\n{run}")).unwrap();
            out.push((
                f,
                format!("{ACTION} step {:?}", s["name"].as_str().unwrap_or("")),
            ));
        }
    }
    out
}

fn shells_parse_with_bash_n() {
    for (file, what) in shells(&scratch("ci-bash-n")) {
        let o = Command::new("bash").arg("-n").arg(&file).output().unwrap();
        assert!(o.status.success(), "bash -n {what}: {}", describe(&o));
    }
}

fn shells_pass_shellcheck() {
    for (file, what) in shells(&scratch("ci-shellcheck")) {
        let o = Command::new("shellcheck")
            .args(["--shell=bash", "--severity=style"])
            .arg(&file)
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "shellcheck rejects {what}:\n{}",
            describe(&o)
        );
    }
}

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
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&cargo, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
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

/// The GitLab job with a stub `cargo`: every ref resolves as it should, and
/// over three jobs sharing one cache folder (the same commit twice, then a
/// new one upstream) cargo runs twice, and the job checks the export each time.
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
                    ("REPORTS_DIR", dir.join("reports").display().to_string()),
                    ("MAX_FINDINGS", "10".to_string()),
                    ("CHECK_LANG", "ja".to_string()),
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

fn no_template_shows_personal_data() {
    for template in [ACTION, GITHUB, GITLAB, SCRIPT, RELEASE] {
        assert!(
            !read(template).contains("--show-personal-data"),
            "{template}: personal data stays masked in CI"
        );
    }
}

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
/// `check --spec`; the action's input `spec`), it takes a revision folder
/// too: each template declares the variable, defaults it to `auto`, and its
/// check line passes with an id, a folder (4.1 written out by `spec export`)
/// and `auto`.
fn the_templates_take_a_revision_folder_where_they_take_a_revision_id() {
    let dir = scratch("ci-spec-folder");
    let folder = dir.join("spec-4.1");
    let o = Command::new(BIN)
        .args(["spec", "export", "4.1"])
        .arg(&folder)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    let action = load_yaml(ACTION);
    assert_eq!(
        text(&action["inputs"]["spec"]["default"], "inputs.spec.default"),
        "auto"
    );
    let check = action_step(&action, "check");
    assert_eq!(
        text(&check["env"]["CAREPLAN_CONFORMANCE_SPEC"], "env"),
        "${{ inputs.spec }}"
    );
    let github = load_yaml(GITHUB);
    let with_spec = github["jobs"]["careplan-conformance"]["steps"]
        .as_vec()
        .expect("jobs.careplan-conformance.steps is a list")
        .iter()
        .find(|s| !s["with"]["spec"].is_badvalue())
        .map(|s| text(&s["with"]["spec"], "with.spec").to_string());
    assert_eq!(with_spec.as_deref(), Some("auto"), "{GITHUB}: spec: auto");
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
                ("REPORTS_DIR", out.join("reports").display().to_string()),
                ("MAX_FINDINGS", "10".to_string()),
                ("CHECK_LANG", "ja".to_string()),
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
