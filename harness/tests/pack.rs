//! The scenario pack against the standard's role tables: every ○ of 本文2.2
//! and 3.2 in a profile's column has a required scenario, every △ a
//! scenario, a blank none; ids are stable; the pack's version changes when
//! its content does; the files a conforming product exports break no rule,
//! and the defective imports break the rules they say.

mod common;

use common::trials::{self, needs, SHA256SUM};

use std::collections::BTreeSet;

use careplan_conformance::certify::pack::{self, Direction, Pack};
use serde_json::Value;

fn main() {
    let mut trials = trials![
        every_cell_of_a_profiles_column_is_covered_as_its_mark_says,
        a_scenario_certifies_only_cells_it_exercises,
        every_uncertain_cell_is_decided_with_a_reason,
        scenario_ids_are_never_reused_or_dropped_silently,
        the_pack_version_changes_whenever_its_content_does,
        scenario_files_conform_and_defective_imports_break_the_rules_they_name,
    ];
    trials.push(needs(
        &[&SHA256SUM],
        "the_pack_hash_is_that_of_sha256sum",
        the_pack_hash_is_that_of_sha256sum,
    ));
    trials::run(trials, &[&SHA256SUM]);
}

fn pack() -> Pack {
    pack::from_dir(&common::root().join("scenarios/4.1")).unwrap()
}

/// roles.json read as data, independently of the library's types.
fn roles() -> Value {
    let text = std::fs::read_to_string(common::root().join("scenarios/4.1/roles.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn mark(cell: &Value) -> &str {
    cell["decision"]
        .as_str()
        .unwrap_or_else(|| cell["mark"].as_str().unwrap())
}

fn every_cell_of_a_profiles_column_is_covered_as_its_mark_says() {
    let pack = pack();
    let roles = roles();
    let cells = roles["cells"].as_array().unwrap();
    assert_eq!(cells.len(), 104, "本文2.2 has 44 cells and 本文3.2 60");
    let mut problems = Vec::new();
    let mut columns_used = BTreeSet::new();
    for p in pack.profiles.iter().filter(|p| p.pending.is_none()) {
        columns_used.insert(p.column.clone());
        let named_by = |cell: &str, required_only: bool| -> Vec<&str> {
            p.required
                .iter()
                .map(|id| (id, true))
                .chain(p.optional.iter().map(|id| (id, false)))
                .filter(|(_, req)| *req || !required_only)
                .filter(|(id, _)| {
                    pack.scenario(id)
                        .unwrap()
                        .meta
                        .cells
                        .iter()
                        .any(|c| c == cell)
                })
                .map(|(id, _)| id.as_str())
                .collect()
        };
        for c in cells.iter().filter(|c| c["column"] == p.column.as_str()) {
            let id = c["id"].as_str().unwrap();
            if let Some(na) = p.not_applicable.iter().find(|n| n.cell == id) {
                assert!(!na.reason.trim().is_empty(), "{}: {id}", p.id);
                assert!(
                    named_by(id, false).is_empty(),
                    "{}: {id} does not apply, yet a scenario names it",
                    p.id
                );
                continue;
            }
            match mark(c) {
                "○" if named_by(id, true).is_empty() => {
                    problems.push(format!("{}: ○ {id} has no required scenario", p.id))
                }
                "△" if named_by(id, false).is_empty() => {
                    problems.push(format!("{}: △ {id} has no scenario", p.id))
                }
                "blank" if !named_by(id, false).is_empty() => problems.push(format!(
                    "{}: blank {id} is named by {:?}",
                    p.id,
                    named_by(id, false)
                )),
                "○" | "△" | "blank" => {}
                m => problems.push(format!("{id}: unknown mark {m}")),
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
    // Every role column of both tables is certified by some profile.
    let all: BTreeSet<String> = roles["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(columns_used, all);
}

fn a_scenario_certifies_only_cells_it_exercises() {
    let pack = pack();
    let rev = careplan_conformance::spec::revision("4.1").unwrap();
    let kinds = |files: &[(String, Vec<u8>)]| -> BTreeSet<String> {
        files
            .iter()
            .filter_map(|(n, _)| careplan_conformance::input::filename::parse(n, rev).0.kind)
            .collect()
    };
    for s in &pack.scenarios {
        for id in &s.meta.cells {
            let c = pack.cell(id).unwrap();
            let files = match (c.direction.as_str(), s.meta.direction) {
                ("export", Direction::Output) => &s.expected,
                ("export", Direction::Import) if s.meta.reply => &s.expected,
                ("import", Direction::Import) => &s.imports,
                (d, _) => panic!("{}: {id} is an {d} cell", s.meta.id),
            };
            let have = kinds(files);
            assert!(
                c.kinds.iter().any(|k| have.contains(k)),
                "{}: {id} ({:?}) but the scenario has {have:?}",
                s.meta.id,
                c.kinds
            );
        }
        // A scenario of a profile names a cell of that profile's column,
        // or rests on a stated basis.
        for p in pack
            .profiles
            .iter()
            .filter(|p| p.required.contains(&s.meta.id) || p.optional.contains(&s.meta.id))
        {
            assert!(
                !pack.cells_for(p, s).is_empty() || s.meta.basis.is_some(),
                "{} in {} names no cell of {}",
                s.meta.id,
                p.id,
                p.column
            );
        }
    }
}

fn every_uncertain_cell_is_decided_with_a_reason() {
    let roles = roles();
    let low: Vec<&Value> = roles["cells"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["confidence"] == "low")
        .collect();
    assert_eq!(low.len(), 2);
    for c in low {
        assert!(
            matches!(c["decision"].as_str(), Some("○" | "△" | "blank")),
            "{c}"
        );
        assert!(c["decision_reason"].as_str().unwrap().len() > 100, "{c}");
    }
}

/// The ledger of every id the pack has issued.
fn ledger() -> Vec<(String, String)> {
    std::fs::read_to_string(common::root().join("harness/tests/data/pack-4.1-ids.txt"))
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let (id, v) = l.split_once(' ').unwrap();
            (id.to_string(), v.to_string())
        })
        .collect()
}

fn scenario_ids_are_never_reused_or_dropped_silently() {
    let pack = pack();
    let ledger = ledger();
    for s in &pack.scenarios {
        assert!(
            ledger.iter().any(|(id, _)| *id == s.meta.id),
            "{} is new: add it to harness/tests/data/pack-4.1-ids.txt with the pack version",
            s.meta.id
        );
    }
    for (id, _) in &ledger {
        let withdrawn = pack.withdrawn(id);
        assert!(
            pack.scenario(id).is_some() || withdrawn.is_some(),
            "{id} left the pack without a [[withdrawn]] entry in pack.toml"
        );
        if let Some(w) = withdrawn {
            assert!(!w.reason.is_empty());
            for r in &w.replaced_by {
                assert!(pack.scenario(r).is_some(), "{id} replaced by unknown {r}");
            }
        }
    }
}

fn the_pack_version_changes_whenever_its_content_does() {
    // harness/tests/data/pack-4.1.lock holds the version and the SHA-256 of
    // the pack (every file, as `pack::files_sha256`). Content that changes
    // under the same version fails here: bump PACK_VERSION in
    // tools/make_scenarios.py, regenerate, and write the new pair.
    let pack = pack();
    let lock =
        std::fs::read_to_string(common::root().join("harness/tests/data/pack-4.1.lock")).unwrap();
    let (version, sha) = lock.trim().split_once(' ').unwrap();
    if version == pack.meta.version {
        assert_eq!(
            sha, pack.sha256,
            "the pack changed under version {version}: bump the version"
        );
    } else {
        panic!(
            "pack version {} is new: write `{} {}` into harness/tests/data/pack-4.1.lock",
            pack.meta.version, pack.meta.version, pack.sha256
        );
    }
    assert_eq!(pack.sha256, pack::embedded("4.1").unwrap().sha256);
}

fn the_pack_hash_is_that_of_sha256sum() {
    let dir = common::root().join("scenarios/4.1");
    let mut files: Vec<String> = walkdir::WalkDir::new(&dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(&dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    files.sort();
    let o = std::process::Command::new("sha256sum")
        .args(&files)
        .current_dir(&dir)
        .output()
        .expect("sha256sum runs (the trial needs it)");
    assert_eq!(pack::sha256_hex(&o.stdout), pack().sha256);
}

/// (rule, severity, file) of every finding of `check` on a folder.
fn findings(dir: &std::path::Path) -> Vec<(String, String, String)> {
    let o = common::run(&["check", "--format", "json", dir.to_str().unwrap()]);
    let j: Value = serde_json::from_slice(&o.stdout).unwrap();
    j["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
                f["file"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn scenario_files_conform_and_defective_imports_break_the_rules_they_name() {
    let pack = pack();
    let root = common::root().join("scenarios/4.1");
    for s in &pack.scenarios {
        for sub in ["expected", "import"] {
            let dir = root.join(&s.meta.id).join(sub);
            if !dir.is_dir() {
                continue;
            }
            let f = findings(&dir);
            if s.meta.refuse && sub == "import" {
                assert!(!s.meta.defect_rules.is_empty(), "{}", s.meta.id);
                for rule in &s.meta.defect_rules {
                    assert!(
                        f.iter().any(|(r, sev, _)| r == rule && sev == "error"),
                        "{}: {rule} does not fire: {f:?}",
                        s.meta.id
                    );
                }
                continue;
            }
            // A care manager of 小規模多機能 (73), 看護小規模多機能 (77) or
            // 介護予防小規模多機能 (75) sends and receives plan-side files
            // under its own kind (本文1.3, 1.4). NAME-DIRECTION takes only
            // 43, 46 and AF for plan-side offices for now; that finding is
            // the only one allowed on those files.
            let sibling = |file: &str| ["_73_", "_77_", "_75_"].iter().any(|k| file.contains(k));
            let unexpected: Vec<_> = f
                .iter()
                .filter(|(r, _, file)| !(r == "NAME-DIRECTION" && sibling(file)))
                .collect();
            assert!(unexpected.is_empty(), "{}/{sub}: {unexpected:?}", s.meta.id);
        }
    }
}
