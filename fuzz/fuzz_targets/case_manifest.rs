//! `case.toml` manifests: any text is accepted or refused with a message.
#![no_main]
use careplan_conformance::cases;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = cases::parse_manifest(text, std::path::Path::new("fuzz/case.toml"));
});
