//! The published JSON Schemas (`schemas/`) against real outputs: `check
//! --format json` on every bundled case (and with waivers, unreadable paths
//! and English), `certificate.json` of every reference submission (and of a
//! failing one), and a register built here from signed certificates. Each
//! document names its format, which is the schema's.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use careplan_conformance::report::{self, Options};
use serde_json::Value;
use ssh_key::{private::Ed25519Keypair, LineEnding, PrivateKey};

fn schema(name: &str) -> Value {
    let p = common::root().join("schemas").join(name);
    serde_json::from_str(&std::fs::read_to_string(&p).unwrap())
        .unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn validator(name: &str) -> jsonschema::Validator {
    jsonschema::draft202012::new(&schema(name)).unwrap_or_else(|e| panic!("{name} compiles: {e}"))
}

/// Asserts `doc` is valid, listing every violation with where it is.
fn assert_valid(v: &jsonschema::Validator, doc: &Value, what: &str) {
    let errors: Vec<String> = v
        .iter_errors(doc)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{what}: {errors:#?}");
}

/// The format a schema's documents name (`properties.format.const`).
fn format_of(schema: &Value) -> &str {
    schema["properties"]["format"]["const"].as_str().unwrap()
}

#[test]
fn each_schema_names_the_format_and_version_of_its_documents() {
    for (file, format, id) in [
        (
            "check-output.v1.json",
            report::json::FORMAT,
            "urn:careplan-conformance:schema:check-output:v1",
        ),
        (
            "certificate.v1.json",
            careplan_conformance::certify::CERTIFICATE_FORMAT,
            "urn:careplan-conformance:schema:certificate:v1",
        ),
        (
            "registry.v1.json",
            careplan_conformance::certify::registry::REGISTRY_FORMAT,
            "urn:careplan-conformance:schema:registry:v1",
        ),
    ] {
        let s = schema(file);
        assert_eq!(format_of(&s), format, "{file}");
        assert_eq!(s["$id"], id, "{file}");
        // The file's version is the format's.
        let version = format.rsplit('/').next().unwrap();
        assert!(file.ends_with(&format!(".v{version}.json")), "{file}");
    }
}

fn check_opts() -> careplan_conformance::CheckOptions {
    careplan_conformance::CheckOptions {
        revision: None,
        follow_links: false,
        max_file_size: careplan_conformance::DEFAULT_MAX_FILE_SIZE,
        recursive: true,
        keep_records: false,
        consistency: true,
        keep_keys: false,
    }
}

#[test]
fn check_json_of_every_bundled_case_follows_its_schema() {
    let v = validator("check-output.v1.json");
    let tree = common::cases_tree();
    let mut cases = 0;
    // The case folders of the repository, checked as written out (a case
    // of edits holds its effective files there).
    let root = common::root();
    for e in walkdir::WalkDir::new(root.join("cases"))
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name() == "case.toml")
    {
        let rel = e.path().parent().unwrap().strip_prefix(&root).unwrap();
        let dir = tree.join(rel);
        let run = careplan_conformance::check_with(std::slice::from_ref(&dir), check_opts());
        for o in [
            Options::default(),
            Options {
                lang: careplan_conformance::finding::Lang::En,
                show_personal: true,
                ..Options::default()
            },
        ] {
            let doc: Value = serde_json::from_str(&report::json::json(&run, &o)).unwrap();
            assert_eq!(doc["format"], report::json::FORMAT);
            assert_valid(&v, &doc, &dir.display().to_string());
        }
        cases += 1;
    }
    assert!(cases > 150, "{cases} cases");
    // The schema is not vacuous: a field it does not know, a wrong type.
    let run =
        careplan_conformance::check_with(&[tree.join("cases/field/date-april-31")], check_opts());
    let good: Value = serde_json::from_str(&report::json::json(&run, &Options::default())).unwrap();
    let mut bad = good.clone();
    bad["findings"][0]["position"] = Value::from(1);
    assert!(!v.is_valid(&bad));
    let mut bad = good.clone();
    bad["summary"]["errors"] = Value::from("1");
    assert!(!v.is_valid(&bad));
    let mut bad = good;
    bad["format"] = Value::from("careplan-conformance-check/2");
    assert!(!v.is_valid(&bad));
}

#[test]
fn check_json_with_waivers_and_unreadable_paths_follows_its_schema() {
    let v = validator("check-output.v1.json");
    let d = common::scratch("schema-waivers");
    let from = common::cases_tree().join("cases/field/date-april-31");
    std::fs::create_dir_all(d.join("legacy")).unwrap();
    for e in std::fs::read_dir(&from).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), d.join("legacy").join(e.file_name())).unwrap();
    }
    let waiver = |rule: &str, path: &str, expires: &str| {
        format!("[[waiver]]\nrule = \"{rule}\"\npath = \"{path}\"\nreason = \"移行まで\"\nexpires = {expires}\n")
    };
    std::fs::write(
        d.join("careplan-conformance.toml"),
        [
            waiver("FLD-DATE", "legacy/**", "2026-09-30"),
            waiver("FLD-LENGTH", "legacy/**", "2026-09-30"),
            waiver("FLD-TIME", "legacy/**", "2026-01-31"),
        ]
        .concat(),
    )
    .unwrap();
    for (args, code) in [
        (vec!["legacy"], 1),
        (vec!["legacy", "missing"], 2),
        (vec!["--lang", "en", "missing"], 2),
    ] {
        let mut a = vec!["check", "--format", "json", "--today", "2026-06-01"];
        a.extend(args.iter().copied());
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_careplan-conformance"))
            .args(&a)
            .current_dir(&d)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(code), "{a:?}");
        let doc: Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_valid(&v, &doc, &format!("{a:?}"));
        let states: Vec<&str> = doc["summary"]["waivers"]["list"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w["state"].as_str().unwrap())
            .collect();
        assert_eq!(states.len(), 3);
        assert!(states.contains(&"expired"), "{states:?}");
    }
}

fn run(args: &[&str]) -> Output {
    common::run(args)
}

/// Certifies `submission` as `profile` into `out`.
fn certify(profile: &str, submission: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut a = vec![
        "certify",
        "--profile",
        profile,
        "--submission",
        submission.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--generated-at",
        "2026-01-01T00:00:00Z",
    ];
    a.extend_from_slice(extra);
    run(&a)
}

fn reference(profile: &str) -> PathBuf {
    common::root()
        .join("cases/certification/reference")
        .join(profile)
}

fn read_json(p: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(p).unwrap())
        .unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

#[test]
fn the_certificate_of_every_reference_submission_follows_its_schema() {
    let v = validator("certificate.v1.json");
    let work = common::scratch("schema-certificates");
    let mut profiles: Vec<String> =
        std::fs::read_dir(common::root().join("cases/certification/reference"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
    profiles.sort();
    assert!(profiles.len() >= 5, "{profiles:?}");
    let mut statuses = std::collections::BTreeSet::new();
    for p in &profiles {
        let out = work.join(p);
        let o = certify(p, &reference(p), &out, &[]);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{p}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        let cert = read_json(&out.join("certificate.json"));
        assert_eq!(
            cert["format"],
            careplan_conformance::certify::CERTIFICATE_FORMAT
        );
        assert_valid(&v, &cert, p);
        for s in cert["scenarios"].as_array().unwrap() {
            statuses.insert(s["status"].as_str().unwrap().to_string());
        }
    }
    // A failing one: another profile's submission (missing and failed
    // scenarios, findings of the rules and of the other steps), with a
    // product named.
    let out = work.join("failing");
    let o = certify(
        "kyotaku-shien",
        &reference("service-provider"),
        &out,
        &[
            "--vendor",
            "見本ソフト",
            "--product",
            "見本ケア",
            "--product-version",
            "1.0",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    let cert = read_json(&out.join("certificate.json"));
    assert_eq!(cert["verdict"], "failed");
    assert_valid(&v, &cert, "failing");
    let mut bad = cert.clone();
    bad["scenarios"][0]["findings"][0]["extra"] = Value::from(1);
    assert!(!v.is_valid(&bad), "a field the schema does not know");
    let mut bad = cert.clone();
    bad["scenarios"][0]["status"] = Value::from("skipped");
    assert!(!v.is_valid(&bad));
    for s in cert["scenarios"].as_array().unwrap() {
        statuses.insert(s["status"].as_str().unwrap().to_string());
    }
    assert!(
        ["passed", "attested", "missing"]
            .iter()
            .all(|s| statuses.contains(*s)),
        "{statuses:?}"
    );
}

fn key(dir: &Path, name: &str, seed: u8) -> (PathBuf, PathBuf) {
    let k = PrivateKey::from(Ed25519Keypair::from_seed(&[seed; 32]));
    let private = dir.join(name);
    let public = dir.join(format!("{name}.pub"));
    std::fs::write(&private, k.to_openssh(LineEnding::LF).unwrap().as_bytes()).unwrap();
    std::fs::write(&public, k.public_key().to_openssh().unwrap() + "\n").unwrap();
    (private, public)
}

#[test]
fn a_register_follows_its_schema() {
    let v = validator("registry.v1.json");
    let work = common::scratch("schema-registry");
    let (private, public) = key(&work, "association", 7);
    let signed = |name: &str, profile: &str, at: &str, product: &str, version: &str| {
        let a = vec![
            "certify".to_string(),
            "--profile".into(),
            profile.into(),
            "--submission".into(),
            reference(profile).display().to_string(),
            "--out".into(),
            work.join("certs").join(name).display().to_string(),
            "--generated-at".into(),
            at.into(),
            "--sign-key".into(),
            private.display().to_string(),
            "--vendor".into(),
            "見本ソフト株式会社".into(),
            "--product".into(),
            product.into(),
            "--product-version".into(),
            version.into(),
        ];
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        assert_eq!(run(&a).status.code(), Some(0), "{name}");
    };
    // Listed, superseded (an earlier certificate of the same product and
    // profile), another profile, and a revoked one.
    signed(
        "a-1.0",
        "kyotaku-shien",
        "2026-01-10T09:00:00Z",
        "見本ケア 居宅",
        "1.0",
    );
    signed(
        "a-1.1",
        "kyotaku-shien",
        "2026-02-10T09:00:00Z",
        "見本ケア 居宅",
        "1.1",
    );
    signed(
        "b",
        "service-provider",
        "2026-01-20T09:00:00Z",
        "見本ヘルパー",
        "5.2",
    );
    signed(
        "revoked",
        "houkatsu",
        "2026-01-05T00:00:00Z",
        "取り消された製品",
        "1",
    );
    let sha = careplan_conformance::certify::pack::sha256_hex(
        &std::fs::read(work.join("certs/revoked/certificate.json")).unwrap(),
    );
    std::fs::write(
        work.join("revocations.toml"),
        format!("[[revoked]]\ncertificate_sha256 = \"{sha}\"\ndate = \"2026-03-01\"\nreason = \"提出の取り違え\"\n"),
    )
    .unwrap();
    let o = run(&[
        "registry",
        work.join("certs").to_str().unwrap(),
        "--key",
        public.to_str().unwrap(),
        "--out",
        work.join("site").to_str().unwrap(),
        "--revocations",
        work.join("revocations.toml").to_str().unwrap(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let reg = read_json(&work.join("site/registry.json"));
    assert_eq!(
        reg["format"],
        careplan_conformance::certify::registry::REGISTRY_FORMAT
    );
    let states: Vec<&str> = reg["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["status"].as_str().unwrap())
        .collect();
    assert!(
        states.contains(&"valid") && states.contains(&"superseded"),
        "{states:?}"
    );
    assert_eq!(reg["revoked"].as_array().unwrap().len(), 1);
    assert_valid(&v, &reg, "registry.json");
    // A superseded entry must say by what.
    let mut bad = reg.clone();
    for e in bad["entries"].as_array_mut().unwrap() {
        e.as_object_mut().unwrap().remove("superseded_by");
    }
    assert!(!v.is_valid(&bad));
}
