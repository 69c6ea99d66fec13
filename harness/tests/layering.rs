//! The modules depend on each other in one direction only: the data flows
//! from discovering files to reading their names, decoding and splitting
//! them, checking them level by level and reporting the findings, and a
//! module may use only what comes before it (or itself). This test reads
//! every `crate::…` path in the library's sources (imports and paths in
//! code and tests alike) and fails on one that points the other way, or on
//! a module the order below does not place.

use std::collections::BTreeMap;
use std::path::Path;

/// Every module of the library, lowest first. A module may name only the
/// modules listed before it, and itself.
const ORDER: &[&str] = &[
    // The standard's facts and value grammars: they know nothing else.
    "values",
    "spec::schema",
    "spec::tariff",
    "spec::json_schema",
    "spec::folder",
    "spec",
    // What every level shares to say a finding, and what a check produces.
    "fact",
    "finding",
    "result",
    "messages",
    // Two revisions compared, in the words of a language.
    "spec::diff",
    // Input, in the order a file is read: discover, name, decode, split,
    // then which revision it is written to.
    "input",
    "input::bytes",
    "input::filename",
    "input::decode",
    "input::records",
    "input::align",
    "input::detect",
    // The rules, level by level, then the catalogue that lists them.
    "rules",
    "rules::name",
    "rules::encoding",
    "rules::structure",
    "rules::field",
    "rules::file",
    "rules::unit",
    "rules::relation",
    "rules::consistency",
    "rules::docs_ja",
    "rules::catalogue",
    // Running the levels over files and folders; a file's records in chunks.
    "check",
    "check::chunks",
    // What the central system's client would likely say of a check.
    "verdict",
    // A real export rewritten with fictitious personal data.
    "anonymize",
    // What is built on checked files: the typed model, the reports, the
    // case suite and its report, golden models, migration, regression and
    // certification.
    "model",
    "model::roundtrip",
    "report",
    "report::junit_xml",
    "report::human",
    "report::json",
    "report::github",
    "report::html",
    "report::junit",
    "report::markdown",
    "report::sarif",
    "report::plan_compare",
    // The configuration file: its formats and reports are the reporters',
    // its waivers apply to a checked run.
    "config",
    "cases::tree",
    "cases",
    "cases::edit",
    "cases::findings",
    // The rules, the revision data's notes and the cases, side by side.
    "trace",
    "report::suite",
    "model::golden",
    "migrate",
    "regress",
    "certify::pack",
    "certify::sign",
    "certify",
    "certify::registry",
    // The crate root: the modules and the re-exported check API.
    "",
];

fn src() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The modules the binary declares in `main.rs` (`mod cli;`): they are the
/// binary's, not the library's, and use the library by its crate name.
fn binary_modules(main: &str) -> Vec<String> {
    main.lines()
        .filter_map(|l| {
            let l = l.trim();
            let l = l.strip_prefix("pub ").unwrap_or(l);
            let name = l.strip_prefix("mod ")?.strip_suffix(';')?;
            Some(name.trim().to_string())
        })
        .collect()
}

/// The module a source file defines: `src/a/b.rs` and `src/a/b/mod.rs` are
/// `a::b`, `src/lib.rs` is the root. `None` for the binary's `main.rs` and
/// the modules it declares (`binary`).
fn module_of(rel: &Path, binary: &[String]) -> Option<String> {
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let (last, dirs) = parts.split_last()?;
    let stem = last.strip_suffix(".rs")?;
    let top = dirs.first().map_or(stem, String::as_str);
    if binary.iter().any(|b| b == top) {
        return None;
    }
    let mut segs: Vec<&str> = dirs.iter().map(String::as_str).collect();
    match (segs.is_empty(), stem) {
        (true, "lib") => return Some(String::new()),
        (true, "main") => return None,
        (_, "mod") => {}
        _ => segs.push(stem),
    }
    Some(segs.join("::"))
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The paths after each `crate::` in `text`, a `{…}` group expanded into
/// its items: `crate::a::{b, c::d}` gives `a::b` and `a::c::d`.
fn crate_paths(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("crate::") {
        // `careplan_crate::` or `some_crate::` are not this crate.
        let before = rest[..i].chars().next_back();
        rest = &rest[i + "crate::".len()..];
        if before.is_some_and(is_ident) {
            continue;
        }
        expand("", rest, &mut out);
    }
    out
}

/// Reads a path (or a `{…}` group) at the start of `text`, prefixed by
/// `prefix`, into `out`.
fn expand(prefix: &str, text: &str, out: &mut Vec<String>) {
    let mut path = prefix.to_string();
    let mut t = text;
    loop {
        let t2 = t.trim_start();
        if let Some(group) = t2.strip_prefix('{') {
            // Split the group's top-level items.
            let mut depth = 0;
            let mut start = 0;
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => {
                        expand(&path, &group[start..i], out);
                        return;
                    }
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        expand(&path, &group[start..i], out);
                        start = i + 1;
                    }
                    _ => {}
                }
            }
            return;
        }
        let len = t2.find(|c: char| !is_ident(c)).unwrap_or(t2.len());
        let seg = &t2[..len];
        if seg.is_empty() {
            break;
        }
        if seg != "self" {
            if !path.is_empty() {
                path.push_str("::");
            }
            path.push_str(seg);
        }
        match t2[len..].strip_prefix("::") {
            Some(next) => t = next,
            None => break,
        }
    }
    if !path.is_empty() {
        out.push(path);
    }
}

/// The items the crate root re-exports from a module (`pub use check::{…}`),
/// by name: a path to one of them names that module.
fn root_reexports(lib: &str) -> BTreeMap<String, String> {
    let mut m = BTreeMap::new();
    for stmt in lib.split(';') {
        let Some(body) = stmt.trim().strip_prefix("pub use ") else {
            continue;
        };
        let mut paths = Vec::new();
        expand("", body, &mut paths);
        for p in paths {
            if let Some((module, item)) = p.rsplit_once("::") {
                let module = module.to_string();
                m.insert(item.to_string(), module);
            }
        }
    }
    m
}

/// The listed module a path names: the longest listed prefix of it, or for
/// an item of the root, the module the root re-exports it from.
fn resolve(path: &str, reexports: &BTreeMap<String, String>) -> Option<String> {
    let segs: Vec<&str> = path.split("::").collect();
    for n in (1..=segs.len()).rev() {
        let candidate = segs[..n].join("::");
        if ORDER.contains(&candidate.as_str()) {
            return Some(candidate);
        }
    }
    reexports.get(segs[0]).cloned()
}

#[test]
fn no_module_names_one_that_comes_after_it() {
    let rank = |m: &str| ORDER.iter().position(|x| *x == m);
    let lib = std::fs::read_to_string(src().join("lib.rs")).unwrap();
    let reexports = root_reexports(&lib);
    let binary = binary_modules(&std::fs::read_to_string(src().join("main.rs")).unwrap());
    let mut problems = Vec::new();
    let mut seen = 0;
    for e in walkdir::WalkDir::new(src()).sort_by_file_name() {
        let e = e.unwrap();
        if e.path().extension().is_none_or(|x| x != "rs") {
            continue;
        }
        let rel = e.path().strip_prefix(src()).unwrap();
        let Some(module) = module_of(rel, &binary) else {
            continue;
        };
        seen += 1;
        let Some(own) = rank(&module) else {
            problems.push(format!(
                "{}: module `{module}` is not placed in ORDER",
                rel.display()
            ));
            continue;
        };
        let text = std::fs::read_to_string(e.path()).unwrap();
        for path in crate_paths(&text) {
            match resolve(&path, &reexports) {
                Some(target) => {
                    let theirs = rank(&target).unwrap_or(usize::MAX);
                    if theirs > own {
                        problems.push(format!(
                            "{}: `{module}` names crate::{path}, in `{target}`, which comes after it",
                            rel.display()
                        ));
                    }
                }
                None => problems.push(format!(
                    "{}: crate::{path} names no module in ORDER",
                    rel.display()
                )),
            }
        }
    }
    assert!(
        seen > 30,
        "only {seen} modules found under {}",
        src().display()
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_reader_finds_paths_groups_and_reexports() {
    assert_eq!(
        crate_paths("use crate::a::{b, c::{d, self}};\nlet x = crate::e::f(1); my_crate::g"),
        ["a::b", "a::c::d", "a::c", "e::f"]
    );
    let r = root_reexports("pub use check::{\n    check_paths, CheckOptions,\n};\n");
    assert_eq!(r.get("CheckOptions").map(String::as_str), Some("check"));
    assert_eq!(resolve("check_paths", &r).as_deref(), Some("check"));
    assert_eq!(
        resolve("rules::field::FLD_DATE", &r).as_deref(),
        Some("rules::field")
    );
    let binary = binary_modules("mod cli;\n\nuse std::process::ExitCode;\n");
    assert_eq!(binary, ["cli"]);
    assert_eq!(
        module_of(Path::new("spec/mod.rs"), &binary).as_deref(),
        Some("spec")
    );
    assert_eq!(
        module_of(Path::new("rules/unit.rs"), &binary).as_deref(),
        Some("rules::unit")
    );
    assert_eq!(
        module_of(Path::new("cases/edit.rs"), &binary).as_deref(),
        Some("cases::edit")
    );
    assert_eq!(module_of(Path::new("main.rs"), &binary), None);
    assert_eq!(module_of(Path::new("cli/check.rs"), &binary), None);
    assert_eq!(module_of(Path::new("cli/mod.rs"), &binary), None);
}

#[test]
fn a_path_against_the_order_is_caught() {
    // input::filename naming the rules, as it did before the name rules
    // moved to rules::name.
    let rank = |m: &str| ORDER.iter().position(|x| *x == m).unwrap();
    let paths = crate_paths("use crate::rules::catalogue::{self as cat, Rule};");
    let target = resolve(&paths[0], &BTreeMap::new()).unwrap();
    assert!(rank(&target) > rank("input::filename"));
}
