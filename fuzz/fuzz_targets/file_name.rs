//! File names: the grammar of every revision, on any string.
#![no_main]
use careplan_conformance::{input::filename, spec};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|name: &str| {
    for rev in ["4.1", "3.2"] {
        let rev = spec::revision(rev).expect("embedded revision");
        let _ = filename::is_candidate(name, rev);
        let _ = filename::parse(name, rev);
    }
    let _ = careplan_conformance::input::detect::name_revisions(name);
});
