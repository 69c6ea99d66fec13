//! Every case under `cases/` as its own test (libtest-mimic), so that
//! `cargo test`, `cargo test -- NAME` and `cargo nextest` run them one by one.
//! A case passes when the findings are exactly those its case.toml expects
//! and those its findings.txt holds.

use std::path::Path;

use careplan_conformance::cases;
use careplan_conformance::cases::tree::Folder;
use careplan_conformance::finding::Lang;
use libtest_mimic::{Arguments, Failed, Trial};

fn main() {
    let args = Arguments::from_args();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the crate sits in the workspace")
        .join("cases");
    let (found, errors) = cases::discover(&Folder::on_disk(&root));
    let mut trials: Vec<Trial> = errors
        .into_iter()
        .map(|e| {
            let name = format!("manifest::{}", e.path.display());
            Trial::test(name, move || Err(Failed::from(e.to_string())))
        })
        .collect();
    trials.push(coverage_trial(&found));
    trials.push(builtin_trial(&found));
    for case in found {
        let name = case.manifest.id.clone();
        let known = careplan_conformance::spec::revision(&case.manifest.revision).is_some();
        trials.push(
            Trial::test(name, move || {
                let outcome = cases::run(&case)
                    .map_err(|e| Failed::from(e.to_string()))?
                    .ok_or_else(|| Failed::from("no data for the case's revision"))?;
                if outcome.passed() {
                    Ok(())
                } else {
                    Err(Failed::from(format!(
                        "{} ({})\n{}",
                        case.manifest.title,
                        case.dir.display(),
                        outcome.diff(Lang::En)
                    )))
                }
            })
            .with_ignored_flag(!known),
        );
    }
    libtest_mimic::run(&args, trials).exit();
}

/// The cases built into the binary are those of the repository: the same
/// ids, each with the same manifest and the same files to check, so that the
/// self-test of an installed harness runs this suite.
fn builtin_trial(found: &[cases::Case]) -> Trial {
    let found = found.to_vec();
    Trial::test(
        "builtin::the_built_in_cases_are_those_of_the_repository",
        move || {
            let (builtin, errors) = cases::discover(&Folder::builtin_cases());
            if !errors.is_empty() {
                return Err(format!("{errors:?}").into());
            }
            let ids = |cs: &[cases::Case]| -> Vec<String> {
                cs.iter().map(|c| c.manifest.id.clone()).collect()
            };
            if ids(&builtin) != ids(&found) {
                return Err(format!(
                    "built in: {:?}\nin cases/: {:?}",
                    ids(&builtin),
                    ids(&found)
                )
                .into());
            }
            for (b, d) in builtin.iter().zip(&found) {
                let files = |c: &cases::Case| cases::files(c).map_err(|e| e.to_string());
                if b.dir != Path::new("cases").join(d.dir.strip_prefix(&d.root.path).unwrap())
                    || format!("{:?}", b.manifest) != format!("{:?}", d.manifest)
                    || files(b)? != files(d)?
                {
                    return Err(format!(
                        "{}: the built-in case differs from {}",
                        b.manifest.id,
                        d.dir.display()
                    )
                    .into());
                }
            }
            Ok(())
        },
    )
}

/// Every rule in force is expected by at least one case (it fires) and
/// named by at least one case's `passes` (a near miss where it does not
/// fire), and every file kind of the revision has a conforming case (where
/// no rule fires).
fn coverage_trial(found: &[cases::Case]) -> Trial {
    let expected: std::collections::BTreeSet<String> = found
        .iter()
        .flat_map(|c| c.manifest.expect.iter().map(|e| e.rule.clone()))
        .collect();
    let passing: std::collections::BTreeSet<String> = found
        .iter()
        .flat_map(|c| c.manifest.passes.iter().cloned())
        .collect();
    let conformant_kinds: std::collections::BTreeSet<String> = found
        .iter()
        .filter(|c| c.manifest.conformant == Some(true))
        .flat_map(|c| {
            cases::files(c)
                .into_iter()
                .flatten()
                .filter_map(|(name, _)| {
                    careplan_conformance::input::detect::name_revisions(&name)
                        .first()
                        .and_then(|r| {
                            careplan_conformance::input::filename::parse(&name, r)
                                .0
                                .kind
                        })
                })
                .collect::<Vec<_>>()
        })
        .collect();
    Trial::test("catalogue::every_rule_has_a_case", move || {
        let mut gaps = Vec::new();
        for r in careplan_conformance::rules::catalogue::ALL {
            if careplan_conformance::rules::catalogue::retired(
                r.id,
                careplan_conformance::finding::Lang::En,
            )
            .is_some()
            {
                continue;
            }
            if !expected.contains(r.id) {
                gaps.push(format!("no case fires {}", r.id));
            }
            if !passing.contains(r.id) {
                gaps.push(format!("no case shows {} not firing (`passes`)", r.id));
            }
        }
        for rev in careplan_conformance::spec::revisions() {
            for k in &rev.kinds {
                if !conformant_kinds.contains(k) {
                    gaps.push(format!("no conforming case holds a {k} file"));
                }
            }
        }
        if gaps.is_empty() {
            Ok(())
        } else {
            Err(Failed::from(gaps.join("\n")))
        }
    })
}
