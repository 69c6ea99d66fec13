//! Certification as the association and a vendor run it: the reference
//! submissions pass, a missing scenario or one broken field fails and says
//! why, and the output is reproducible with a fixed clock. (That the
//! certificate's hashes are those of sha256sum and its JUnit valid is in
//! external.rs.)

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

/// Changes 保険者番号 131011 to 131012 (a wrong check digit) in the first
/// file of a scenario folder (an ASCII-only delete file).
fn change_insurer(dir: &std::path::Path) {
    let f = std::fs::read_dir(dir)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let text = String::from_utf8(std::fs::read(&f).unwrap())
        .unwrap()
        .replace("131011", "13101A");
    std::fs::write(&f, text).unwrap();
}

fn copy_tree(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from).into_iter().flatten() {
        let rel = e.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

/// The scenario of a certificate with this ID.
fn scenario<'a>(cert: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    cert["scenarios"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == id)
        .unwrap()
}

/// A scratch copy of a profile's reference submission, to break.
fn reference_copy(name: &str, profile: &str) -> PathBuf {
    let d = common::scratch(name);
    copy_tree(
        &common::root()
            .join("cases/certification/reference")
            .join(profile),
        &d,
    );
    d
}

fn certify(profile: &str, submission: &Path, out: &Path) -> (Output, serde_json::Value) {
    let o = common::run(&[
        "certify",
        "--profile",
        profile,
        "--submission",
        submission.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--generated-at",
        "2026-01-01T00:00:00Z",
    ]);
    let cert =
        std::fs::read_to_string(out.join("certificate.json")).unwrap_or_else(|_| "null".into());
    (o, serde_json::from_str(&cert).unwrap())
}

#[test]
fn no_reference_scenario_has_an_error_or_a_consistency_warning() {
    // The reference files are what a conforming product writes: their
    // figures add up (the consistency level says nothing), and no rule
    // fails on them.
    let root = common::root().join("cases/certification/reference");
    let mut folders = 0;
    for profile in std::fs::read_dir(&root).unwrap() {
        for scenario in std::fs::read_dir(profile.unwrap().path()).unwrap() {
            let dir = scenario.unwrap().path();
            if !dir.is_dir() {
                continue;
            }
            folders += 1;
            let run = careplan_conformance::check_with(
                std::slice::from_ref(&dir),
                careplan_conformance::CheckOptions {
                    revision: None,
                    follow_links: false,
                    max_file_size: careplan_conformance::DEFAULT_MAX_FILE_SIZE,
                    recursive: true,
                    keep_records: false,
                    consistency: true,
                    keep_keys: false,
                },
            );
            let bad: Vec<String> = run
                .findings()
                .filter(|f| {
                    f.rule.id.starts_with("CON-")
                        || f.severity() == careplan_conformance::rules::catalogue::Severity::Error
                })
                .map(|f| format!("{} {}", f.rule.id, f.file))
                .collect();
            assert!(bad.is_empty(), "{}: {bad:?}", dir.display());
        }
    }
    assert!(folders > 30, "{folders} scenario folders");
}

#[test]
fn each_reference_submission_certifies_as_passed_and_reproducibly() {
    for profile in [
        "kyotaku-shien",
        "service-provider",
        "houkatsu",
        "kyotaku-itaku",
        "yobo-service",
    ] {
        let sub = common::root()
            .join("cases/certification/reference")
            .join(profile);
        let out = common::scratch(&format!("ref-{profile}"));
        let (o, cert) = certify(profile, &sub, &out);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stdout)
        );
        assert_eq!(cert["verdict"], "passed");
        assert_eq!(cert["profile"], profile);
        assert_eq!(cert["spec_revision"], "4.1");
        assert_eq!(cert["generated_at"], "2026-01-01T00:00:00Z");
        assert!(cert["scenarios"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| ["passed", "attested", "refused"].contains(&s["status"].as_str().unwrap())));
        let summary = std::fs::read_to_string(out.join("summary.md")).unwrap();
        assert!(summary.contains("- 判定: **合格**"));
        // The same submission gives byte-identical outputs.
        let again = common::scratch(&format!("ref-{profile}-again"));
        certify(profile, &sub, &again);
        for f in ["certificate.json", "junit.xml", "summary.md"] {
            assert_eq!(
                std::fs::read(out.join(f)).unwrap(),
                std::fs::read(again.join(f)).unwrap(),
                "{f}"
            );
        }
    }
}

#[test]
fn a_missing_required_scenario_fails_and_is_named() {
    let sub = reference_copy("missing-sub", "kyotaku-shien");
    std::fs::remove_dir_all(sub.join("k06-short-stay")).unwrap();
    let out = common::scratch("missing-out");
    let (o, cert) = certify("kyotaku-shien", &sub, &out);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(cert["verdict"], "failed");
    let s = scenario(&cert, "k06-short-stay");
    assert_eq!(s["status"], "missing");
    assert_eq!(s["required"], true);
    let summary = std::fs::read_to_string(out.join("summary.md")).unwrap();
    assert!(summary.contains("- 判定: **不合格**"));
    assert!(
        summary.contains("k06-short-stay（提出）: k06-short-stay/ がありません"),
        "{summary}"
    );
    // An optional scenario left out does not fail the verdict.
    let sub2 = reference_copy("optional-sub", "kyotaku-shien");
    std::fs::remove_dir_all(sub2.join("k13-yoshien")).unwrap();
    let (o, cert) = certify("kyotaku-shien", &sub2, &common::scratch("optional-out"));
    assert_eq!(o.status.code(), Some(0));
    let s = scenario(&cert, "k13-yoshien");
    assert_eq!(s["status"], "not-submitted");
}

#[test]
fn one_broken_field_fails_the_verdict_and_says_where() {
    let sub = reference_copy("broken-sub", "kyotaku-shien");
    let dir = sub.join("k04-use-slip-several-providers");
    let plan = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("UPPLAN")
        })
        .unwrap();
    let data = std::fs::read(&plan).unwrap();
    // 4月8日 → 4月9日 in the second record: valid, but not what the scenario says.
    let text = encoding_rs::SHIFT_JIS
        .decode(&data)
        .0
        .replacen(",20250408,", ",20250409,", 1);
    std::fs::write(&plan, encoding_rs::SHIFT_JIS.encode(&text).0).unwrap();
    let out = common::scratch("broken-out");
    let (o, cert) = certify("kyotaku-shien", &sub, &out);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(cert["verdict"], "failed");
    let s = scenario(&cert, "k04-use-slip-several-providers");
    assert_eq!(s["status"], "failed");
    let findings = s["findings"].as_array().unwrap();
    assert!(
        findings.iter().any(|f| f["step"] == "期待値"
            && f["message"]
                .as_str()
                .unwrap()
                .contains("項目No.10 サービス利用日: 期待 '20250408'、提出 '20250409'")),
        "{findings:#?}"
    );
    let stdout = String::from_utf8(o.stdout).unwrap();
    assert!(stdout.contains("k04-use-slip-several-providers"));
    assert!(stdout.contains("不合格"));
    // A rule broken in another scenario is named with its rule ID.
    let sub = reference_copy("rule-sub", "kyotaku-shien");
    change_insurer(&sub.join("k11-delete-table1"));
    let (o, cert) = certify("kyotaku-shien", &sub, &common::scratch("rule-out"));
    assert_eq!(o.status.code(), Some(1));
    let s = scenario(&cert, "k11-delete-table1");
    assert!(s["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["rule"] == "FLD-INSURER-FORMAT"));
}

#[test]
fn an_import_without_its_attestation_fails() {
    let sub = reference_copy("attest-sub", "service-provider");
    std::fs::write(
        sub.join("s01-import-plan/attestation.toml"),
        "scenario = \"s01-import-plan\"\nimported = false\nchecked_by = \"x\"\n",
    )
    .unwrap();
    let (o, cert) = certify("service-provider", &sub, &common::scratch("attest-out"));
    assert_eq!(o.status.code(), Some(1));
    let s = scenario(&cert, "s01-import-plan");
    assert_eq!(s["status"], "failed");
    assert!(s["findings"][0]["message"]
        .as_str()
        .unwrap()
        .contains("imported = false"));
}

#[test]
fn a_vendor_lists_emits_and_certifies_in_three_commands() {
    let o = common::run(&["scenarios", "--profile", "service-provider"]);
    assert_eq!(o.status.code(), Some(0));
    let list = String::from_utf8(o.stdout).unwrap();
    assert!(list.contains("s02-import-use-slip-reply-jisseki"));
    let dir = common::scratch("emit");
    let o = common::run(&[
        "scenarios",
        "--profile",
        "service-provider",
        "--emit",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0));
    let checklist = std::fs::read_to_string(dir.join("checklist.md")).unwrap();
    for id in [
        "s01-import-plan",
        "s02-import-use-slip-reply-jisseki",
        "s03-import-delete-plan",
    ] {
        assert!(checklist.contains(&format!("## {id}")), "{id}");
    }
    let imports = dir.join("s02-import-use-slip-reply-jisseki/import");
    let emitted: Vec<_> = std::fs::read_dir(&imports).unwrap().collect();
    assert_eq!(emitted.len(), 3);
    let rev = careplan_conformance::spec::revision("4.1").unwrap();
    for f in careplan_conformance::model::roundtrip_paths(
        &[imports],
        Some(rev),
        true,
        careplan_conformance::finding::Lang::En,
    )
    .0
    {
        assert!(f.identical, "{}", f.path);
    }
    let o = common::run(&[
        "certify",
        "--profile",
        "service-provider",
        "--submission",
        "cases/certification/reference/service-provider",
        "--out",
        dir.join("out").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn an_unknown_profile_or_submission_is_a_usage_error() {
    let o = common::run(&["certify", "--profile", "no-such", "--submission", "."]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no profile 'no-such'"));
    let o = common::run(&[
        "certify",
        "--profile",
        "houkatsu",
        "--submission",
        "no/such/dir",
    ]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn a_missing_family_image_fails_the_scenario() {
    let sub = reference_copy("image-sub", "houkatsu");
    let dir = sub.join("y01-kihon-and-plan");
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "jpg") {
            std::fs::remove_file(p).unwrap();
        }
    }
    let (o, cert) = certify("houkatsu", &sub, &common::scratch("image-out"));
    assert_eq!(o.status.code(), Some(1));
    let s = scenario(&cert, "y01-kihon-and-plan");
    let msgs: Vec<&str> = s["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["message"].as_str())
        .collect();
    assert!(
        msgs.iter()
            .any(|m| m.contains("家族構成の画像ファイルが1件のはずが、0件です")),
        "{msgs:?}"
    );
    assert!(s["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["rule"] == "REL-IMAGE-MISSING"));
}

/// Rewrites every occurrence of `from` by `to` in the names and the bytes of
/// the files of a folder.
fn rename_all(dir: &Path, from: &str, to: &str) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        let bytes = std::fs::read(&p).unwrap();
        let replaced = bytes
            .windows(from.len())
            .enumerate()
            .filter(|(_, w)| *w == from.as_bytes())
            .map(|(i, _)| i)
            .collect::<Vec<_>>();
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        for r in replaced {
            if r < i {
                continue;
            }
            out.extend_from_slice(&bytes[i..r]);
            out.extend_from_slice(to.as_bytes());
            i = r + from.len();
        }
        out.extend_from_slice(&bytes[i..]);
        std::fs::remove_file(&p).unwrap();
        let name = p.file_name().unwrap().to_string_lossy().replace(from, to);
        std::fs::write(dir.join(name), out).unwrap();
    }
}

#[test]
fn what_legitimately_differs_between_products_does_not_fail() {
    // Another 作成日時 (in names and in the image name UPKIHON carries).
    let sub = reference_copy("ts-sub", "houkatsu");
    rename_all(
        &sub.join("y01-kihon-and-plan"),
        "20250325140000",
        "20250401101010",
    );
    // A 課題ＮＯ written quoted, which the rules accept.
    let ysub = std::fs::read_dir(sub.join("y01-kihon-and-plan"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("UPYOBO_SUB")
        })
        .unwrap();
    let text = encoding_rs::SHIFT_JIS
        .decode(&std::fs::read(&ysub).unwrap())
        .0
        .replacen(",20250325,1,", ",20250325,\"1\",", 1);
    std::fs::write(&ysub, encoding_rs::SHIFT_JIS.encode(&text).0).unwrap();
    // And files that are not the standard's beside the export.
    std::fs::write(sub.join("y01-kihon-and-plan/readme.txt"), "export notes").unwrap();
    std::fs::write(sub.join("y01-kihon-and-plan/.DS_Store"), [0u8; 8]).unwrap();
    let (o, cert) = certify("houkatsu", &sub, &common::scratch("ts-out"));
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        serde_json::to_string_pretty(&scenario(&cert, "y01-kihon-and-plan")).unwrap()
    );
    assert!(!cert["files"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["path"].as_str().unwrap().ends_with("readme.txt")));
}

#[test]
fn an_extra_set_for_another_receiver_does_not_hide_the_right_one() {
    let sub = reference_copy("extra-sub", "kyotaku-shien");
    let dir = sub.join("k04-use-slip-several-providers");
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        let n = p
            .file_name()
            .unwrap()
            .to_string_lossy()
            .replace("1371000025_11", "1371000041_15")
            .replace("20250325100000", "20250325100100");
        std::fs::copy(&p, dir.join(n)).unwrap();
    }
    let (o, cert) = certify("kyotaku-shien", &sub, &common::scratch("extra-out"));
    assert_eq!(o.status.code(), Some(1));
    let msgs: Vec<String> = scenario(&cert, "k04-use-slip-several-providers")["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["message"].as_str().map(str::to_string))
        .collect();
    assert!(
        msgs.iter()
            .any(|m| m.contains("1371000041_15") && m.contains("出力されないはずのファイル")),
        "{msgs:#?}"
    );
    assert!(
        !msgs
            .iter()
            .any(|m| m.contains("送信元・送信先がシナリオと異なります")),
        "{msgs:#?}"
    );
}

#[test]
fn the_certificate_does_not_depend_on_where_the_submission_is() {
    let a = reference_copy("where-a", "service-provider");
    let b = reference_copy("where-b", "service-provider");
    // Break the same field in both, so that findings (with paths) appear.
    for sub in [&a, &b] {
        change_insurer(&sub.join("s11-delete-jisseki"));
    }
    let (oa, ca) = certify("service-provider", &a, &common::scratch("where-out-a"));
    let (_, cb) = certify("service-provider", &b, &common::scratch("where-out-b"));
    assert_eq!(oa.status.code(), Some(1));
    assert_eq!(ca, cb);
    assert!(serde_json::to_string(&ca)
        .unwrap()
        .contains("\"path\":\"s11-delete-jisseki/DLTJSK_"));
}

#[test]
fn a_profile_id_that_is_a_path_is_refused() {
    // The reports of a profile go to reports/certify/<id>: an id holding ../
    // would place them elsewhere. The pack is refused when read.
    let dir = common::scratch("profile-id");
    let pack = dir.join("pack");
    copy_tree(&common::root().join("scenarios/4.1"), &pack);
    let profiles = std::fs::read_to_string(pack.join("profiles.toml")).unwrap();
    std::fs::write(
        pack.join("profiles.toml"),
        profiles.replacen("id = \"service-provider\"", "id = \"../../escape\"", 1),
    )
    .unwrap();
    let o = common::run(&[
        "certify",
        "--pack",
        pack.to_str().unwrap(),
        "--profile",
        "../../escape",
        "--submission",
        common::root()
            .join("cases/certification/reference/service-provider")
            .to_str()
            .unwrap(),
        "--generated-at",
        "2026-01-01T00:00:00Z",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("profile id \"../../escape\" is not a name"),
        "{err}"
    );
    assert!(!common::root().join("reports/escape").exists());
    assert!(!common::root().join("escape").exists());
}

/// The messages of a scenario's findings.
fn messages(cert: &serde_json::Value, id: &str) -> Vec<String> {
    scenario(cert, id)["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["message"].as_str().map(str::to_string))
        .collect()
}

/// Rewrites a scenario file through MS932 text.
fn edit_file(dir: &Path, prefix: &str, f: impl Fn(&str) -> String) {
    let p = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .unwrap();
    let text = encoding_rs::SHIFT_JIS
        .decode(&std::fs::read(&p).unwrap())
        .0
        .into_owned();
    std::fs::write(&p, encoding_rs::SHIFT_JIS.encode(&f(&text)).0).unwrap();
}

#[test]
fn the_sibling_profiles_pass_but_for_the_direction_rule_of_their_senders() {
    // 小規模多機能 (73), 看護小規模多機能 (77) and 介護予防小規模多機能 (75)
    // care managers send plan-side files under their own kind (本文1.3,
    // 1.4). NAME-DIRECTION takes only 43/46/AF as plan-side senders for now;
    // every other step passes, and once the rule accepts these senders the
    // verdict passes.
    for profile in ["shokibo-cm", "kantaki-cm", "shokibo-yobo-cm"] {
        let sub = common::root()
            .join("cases/certification/reference")
            .join(profile);
        let (o, cert) = certify(profile, &sub, &common::scratch(&format!("sib-{profile}")));
        for s in cert["scenarios"].as_array().unwrap() {
            let errors: Vec<&serde_json::Value> = s["findings"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|f| f["severity"] == "error" || f["rule"].is_null())
                .collect();
            assert!(
                errors.iter().all(|f| f["rule"] == "NAME-DIRECTION"),
                "{profile} {}: {errors:#?}",
                s["id"]
            );
            if errors.is_empty() {
                assert!(
                    ["passed", "attested"].contains(&s["status"].as_str().unwrap()),
                    "{s}"
                );
            }
        }
        let name_direction = cert["scenarios"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["status"] == "failed");
        assert_eq!(o.status.code(), Some(if name_direction { 1 } else { 0 }));
    }
}

#[test]
fn the_certificate_records_the_product_the_pack_and_the_revision_data() {
    let sub = reference_copy("product-sub", "houkatsu");
    std::fs::write(
        sub.join("submission.toml"),
        "vendor = \"見本ソフト株式会社\"\nproduct = \"見本ケア 包括\"\nversion = \"2.0\"\n",
    )
    .unwrap();
    let out = common::scratch("product-out");
    let o = common::run(&[
        "certify",
        "--profile",
        "houkatsu",
        "--submission",
        sub.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--generated-at",
        "2026-01-01T00:00:00Z",
        "--product-version",
        "2.0.1",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let cert: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("certificate.json")).unwrap())
            .unwrap();
    // The option overrides the file; the rest comes from the file.
    assert_eq!(
        cert["product"],
        serde_json::json!({"vendor": "見本ソフト株式会社", "product": "見本ケア 包括", "version": "2.0.1"})
    );
    assert_eq!(cert["format"], "careplan-conformance-certificate/1");
    assert_eq!(cert["profile_column"], "本文3.2 地域包括支援センター等向け");
    assert_eq!(cert["pack_version"], "4.1-3");
    let pack = careplan_conformance::certify::pack::embedded("4.1").unwrap();
    assert_eq!(cert["pack_sha256"], pack.sha256.as_str());
    let commit = cert["harness_commit"].as_str().unwrap();
    assert!(
        commit == "unknown"
            || (commit.len() == 40 && commit.bytes().all(|b| b.is_ascii_hexdigit())),
        "{commit}"
    );
    // The revision data's hash is that of sha256sum over its JSON files.
    let dir = common::root().join("harness/src/spec/4.1");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json"))
        .collect();
    names.sort();
    let manifest: String = names
        .iter()
        .map(|n| {
            format!(
                "{}  {n}\n",
                careplan_conformance::certify::pack::sha256_hex(
                    &std::fs::read(dir.join(n)).unwrap()
                )
            )
        })
        .collect();
    assert_eq!(
        cert["revision_sha256"],
        careplan_conformance::certify::pack::sha256_hex(manifest.as_bytes()).as_str()
    );
    // submission.toml is part of what was judged.
    assert!(cert["files"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["path"] == "submission.toml"));
    // Each scenario names the cells it certifies.
    assert_eq!(
        scenario(&cert, "y34-import-itaku-relay")["cells"],
        serde_json::json!([
            "本文3.2 表(2) ⑤ 地域包括支援センター等向け 取込 ○",
            "本文3.2 表(2) ⑥ 地域包括支援センター等向け 取込 ○",
            "本文3.2 表(2) ⑧ 地域包括支援センター等向け 取込 ○",
            "本文3.2 表(2) ⑩ 地域包括支援センター等向け 取込 ○"
        ])
    );
    // An unknown key in submission.toml is a usage error.
    std::fs::write(
        sub.join("submission.toml"),
        "vendor = \"x\"\nname = \"y\"\n",
    )
    .unwrap();
    let (o, _) = certify("houkatsu", &sub, &common::scratch("product-bad"));
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("submission.toml"));
}

#[test]
fn files_put_directly_in_the_submission_folder_are_pointed_to_their_scenario() {
    // A vendor hands in the CSVs of k01 and k21's attestation without the
    // scenario folders.
    let sub = common::scratch("loose-sub");
    let refsub = common::root().join("cases/certification/reference/kyotaku-shien");
    for e in std::fs::read_dir(refsub.join("k01-plan-initial")).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, sub.join(p.file_name().unwrap())).unwrap();
    }
    let out = common::scratch("loose-out");
    let (o, cert) = certify("kyotaku-shien", &sub, &out);
    assert_eq!(o.status.code(), Some(1));
    let loose = cert["loose_files"].as_array().unwrap();
    assert_eq!(loose.len(), 4);
    for l in loose {
        // The plan files fit k01, k02, k03 and k09 (all send a plan to 1371000025).
        assert!(
            l["fits"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f == "k01-plan-initial"),
            "{l}"
        );
    }
    let msgs = messages(&cert, "k01-plan-initial");
    assert!(
        msgs.iter().any(
            |m| m.contains("k01-plan-initial/ がありません。提出フォルダの直下にある")
                && m.contains("UP1KYO_1371000017_43_1371000025_11_20250325093000.CSV")
                && m.contains("シナリオIDの名前のフォルダ（k01-plan-initial/）を作り")
        ),
        "{msgs:#?}"
    );
    let stdout = String::from_utf8(o.stdout).unwrap();
    assert!(
        stdout.contains("提出フォルダの直下に4件のファイルがあります"),
        "{stdout}"
    );
    let summary = std::fs::read_to_string(out.join("summary.md")).unwrap();
    assert!(summary
        .contains("UP2KYO_1371000017_43_1371000025_11_20250325093000.CSV → k01-plan-initial/"));
}

#[test]
fn a_wrong_file_beside_the_right_one_is_the_one_named() {
    // Beside k04's UPPLAN, an older export for the same receiver whose
    // second record has another day. The right file pairs with the
    // expected one; the verdict names the other.
    let sub = reference_copy("pair-sub", "kyotaku-shien");
    let dir = sub.join("k04-use-slip-several-providers");
    let right = "UPPLAN_202504_1371000017_43_1371000025_11_20250325100000.CSV";
    let wrong = "UPPLAN_202504_1371000017_43_1371000025_11_20250320100000.CSV";
    let text = encoding_rs::SHIFT_JIS
        .decode(&std::fs::read(dir.join(right)).unwrap())
        .0
        .replacen(",20250408,", ",20250409,", 1);
    // Named so that it sorts first.
    std::fs::write(dir.join(wrong), encoding_rs::SHIFT_JIS.encode(&text).0).unwrap();
    let (o, cert) = certify("kyotaku-shien", &sub, &common::scratch("pair-out"));
    assert_eq!(o.status.code(), Some(1));
    let msgs = messages(&cert, "k04-use-slip-several-providers");
    assert!(
        msgs.iter()
            .any(|m| m.contains(wrong) && m.contains("出力されないはずのファイル")),
        "{msgs:#?}"
    );
    assert!(!msgs.iter().any(|m| m.contains(right)), "{msgs:#?}");
}

#[test]
fn plan2_rows_may_repeat_their_group_values_and_sub_rows_are_numbered_as_the_annex_says() {
    // 第2表: 課題 and 目標 repeated on the continuation row (allowed:
    // 「…各行で同じ内容を印刷する制御を行っている場合は集約する必要はない」).
    let sub = reference_copy("plan2-sub", "kyotaku-shien");
    edit_file(&sub.join("k01-plan-initial"), "UP2KYO", |t| {
        t.replacen(
            ",1,\"\",1,\"\",\"\",\"\",\"\",2,",
            ",1,\"一人での入浴が不安\",1,\"安全に入浴できる\",\"週2回入浴する\",\"2025/04/01～2026/03/31\",\"2025/04/01～2025/09/30\",2,",
            1,
        )
    });
    let (o, cert) = certify("kyotaku-shien", &sub, &common::scratch("plan2-out"));
    assert_eq!(
        o.status.code(),
        Some(0),
        "{:#?}",
        messages(&cert, "k01-plan-initial")
    );
    // A repeated value that differs is still a difference.
    let sub = reference_copy("plan2-bad", "kyotaku-shien");
    edit_file(&sub.join("k01-plan-initial"), "UP2KYO", |t| {
        t.replacen(",1,\"\",1,\"\",", ",1,\"別の課題\",1,\"\",", 1)
    });
    let (o, cert) = certify("kyotaku-shien", &sub, &common::scratch("plan2-bad-out"));
    assert_eq!(o.status.code(), Some(1));
    // 課題 is health information: masked by character class.
    let msgs = messages(&cert, "k01-plan-initial");
    assert!(
        msgs.iter().any(|m| m.contains(
            "項目No.7 課題: 期待 '\"漢漢ああ漢漢あ漢漢\"'、提出 '\"漢あ漢漢\"'（マスク済み）"
        )),
        "{msgs:#?}"
    );
    assert!(!msgs.iter().any(|m| m.contains("別の課題")), "{msgs:#?}");
    // UPYOBO_SUB: the reference numbers every row (1-1-1, 1-1-2, 1-2-1) and
    // passes; leaving the NOs of continuation rows empty does not.
    let sub = reference_copy("sub-nos", "houkatsu");
    let (o, _) = certify("houkatsu", &sub, &common::scratch("sub-nos-out"));
    assert_eq!(o.status.code(), Some(0));
    edit_file(&sub.join("y01-kihon-and-plan"), "UPYOBO_SUB", |t| {
        t.replacen(
            ",20250325,1,\"\",\"\",\"\",\"\",1,",
            ",20250325,,\"\",\"\",\"\",\"\",,",
            1,
        )
    });
    let (o, cert) = certify("houkatsu", &sub, &common::scratch("sub-nos-bad"));
    assert_eq!(o.status.code(), Some(1));
    let msgs = messages(&cert, "y01-kihon-and-plan");
    assert!(
        msgs.iter()
            .any(|m| m.contains("項目No.5 課題ＮＯ: 期待 '1'、提出 '(empty)'")),
        "{msgs:#?}"
    );
}

#[test]
fn the_itaku_relay_needs_the_yotei_with_the_jisseki() {
    // 本文5.2.2.1: 「実績票に予定情報を付けて共有する」. The 実績 alone
    // (what the withdrawn y12 asked for) fails y15 and names what is
    // missing; a y12 folder is pointed to its replacement.
    let sub = reference_copy("relay-sub", "kyotaku-itaku");
    let dir = sub.join("y15-itaku-relay-yotei-jisseki");
    let y12 = sub.join("y12-itaku-jisseki-relay");
    std::fs::create_dir_all(&y12).unwrap();
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        let n = p.file_name().unwrap().to_string_lossy().into_owned();
        if n.starts_with("UPJSK") {
            std::fs::copy(&p, y12.join(&n)).unwrap();
        } else {
            std::fs::remove_file(&p).unwrap();
        }
    }
    let out = common::scratch("relay-out");
    let (o, cert) = certify("kyotaku-itaku", &sub, &out);
    assert_eq!(o.status.code(), Some(1));
    let msgs = messages(&cert, "y15-itaku-relay-yotei-jisseki");
    for kind in ["UPPLAN", "UPSIKYU", "UPHOSOKU"] {
        assert!(
            msgs.iter()
                .any(|m| m.contains(&format!("{kind}_202504_1371000017_43_1371000090_46_20250502085900.CSV に当たるファイルがありません"))),
            "{kind}: {msgs:#?}"
        );
    }
    assert_eq!(
        cert["withdrawn_folders"][0]["id"],
        "y12-itaku-jisseki-relay"
    );
    let stdout = String::from_utf8(o.stdout).unwrap();
    assert!(
        stdout.contains("y12-itaku-jisseki-relay/ はパック 4.1-2 で取り下げられたシナリオです（代わり: y15-itaku-relay-yotei-jisseki）"),
        "{stdout}"
    );
}

#[test]
fn a_refusal_is_attested_with_the_products_message() {
    let sub = reference_copy("refuse-sub", "kyotaku-shien");
    let (o, cert) = certify("kyotaku-shien", &sub, &common::scratch("refuse-out"));
    assert_eq!(o.status.code(), Some(0));
    let s = scenario(&cert, "k31-refuse-csv-version");
    assert_eq!(s["status"], "refused");
    assert!(s["attestation"]["message"]
        .as_str()
        .unwrap()
        .contains("取り込めませんでした"));
    // Without the message, or saying it imported the files, it fails.
    let att = sub.join("k31-refuse-csv-version/attestation.toml");
    for (text, why) in [
        (
            "scenario = \"k31-refuse-csv-version\"\nrefused = true\nchecked_by = \"x\"\n",
            "message（製品が表示したメッセージ）が空です",
        ),
        (
            "scenario = \"k31-refuse-csv-version\"\nimported = true\nchecked_by = \"x\"\n",
            "imported = true です",
        ),
    ] {
        std::fs::write(&att, text).unwrap();
        let (o, cert) = certify("kyotaku-shien", &sub, &common::scratch("refuse-bad"));
        // A submitted optional scenario that fails fails the verdict.
        assert_eq!(o.status.code(), Some(1));
        let s = scenario(&cert, "k31-refuse-csv-version");
        assert_eq!(s["status"], "failed");
        assert!(
            s["findings"][0]["message"].as_str().unwrap().contains(why),
            "{s}"
        );
    }
    // The emitted files keep their defect byte for byte.
    let dir = common::scratch("refuse-emit");
    let o = common::run(&[
        "scenarios",
        "--profile",
        "kyotaku-shien",
        "--emit",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0));
    let emitted = dir.join("k32-refuse-undecodable-byte/import");
    let packed = common::root().join("scenarios/4.1/k32-refuse-undecodable-byte/import");
    for e in std::fs::read_dir(&packed).unwrap() {
        let p = e.unwrap().path();
        assert_eq!(
            std::fs::read(&p).unwrap(),
            std::fs::read(emitted.join(p.file_name().unwrap())).unwrap()
        );
    }
}
