//! Scenario packs: a small pack with one of its files (TOML, or the role
//! table's JSON) replaced by the input; it loads or is refused with a message.
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
        b"[[profile]]\nid = \"p\"\ntitle = \"t\"\nrole = \"r\"\ncolumn = \"c\"\nrequired = [\"s1\"]\noptional = []\n".to_vec(),
    );
    files.insert(
        "roles.json".into(),
        br#"{"columns": [{"id": "c", "table": "t", "header": "h", "role": "r"}], "cells": [{"id": "x", "table": "t", "row": "r", "column": "c", "direction": "export", "kinds": ["UP1KYO"], "mark": "o", "confidence": "high", "quote": "q"}]}"#.to_vec(),
    );
    files.insert(
        "s1/scenario.toml".into(),
        b"id = \"s1\"\ntitle = \"t\"\ndirection = \"output\"\ncells = [\"x\"]\ndescription = \"d\"\n".to_vec(),
    );
    files.insert("s1/expected/UP1KYO_1371000017_43_1371000025_11_20250325093000.CSV".into(), b"x".to_vec());
    let target = ["pack.toml", "profiles.toml", "s1/scenario.toml", "roles.json"][pick as usize % 4];
    files.insert(target.into(), content.to_vec());
    let _ = pack::from_files(&files);
});
