//! Scenario packs: the embedded 4.1 pack with one of its TOML files replaced
//! by the input; it loads or is refused with a message.
#![no_main]
use std::collections::BTreeMap;

use careplan_conformance::certify::pack;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, content)) = data.split_first() else {
        return;
    };
    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    files.insert("pack.toml".into(), b"version = \"4.1-0\"\nrevision = \"4.1\"\ntitle = \"fuzz\"\n".to_vec());
    files.insert(
        "profiles.toml".into(),
        b"[[profile]]\nid = \"p\"\ntitle = \"t\"\nrole = \"r\"\nrequired = [\"s1\"]\noptional = []\n".to_vec(),
    );
    files.insert(
        "s1/scenario.toml".into(),
        b"id = \"s1\"\ntitle = \"t\"\ndirection = \"output\"\n".to_vec(),
    );
    files.insert("s1/expected/UP1KYO_1371000017_43_1371000025_11_20250325093000.CSV".into(), b"x".to_vec());
    let target = ["pack.toml", "profiles.toml", "s1/scenario.toml"][pick as usize % 3];
    files.insert(target.into(), content.to_vec());
    let _ = pack::from_files(&files);
});
