//! Bad input never panics: every bundled case file, truncated at every
//! position and with bytes overwritten by a fixed pseudo-random sequence,
//! goes through the whole check. (Coverage-guided fuzzing goes further; this
//! keeps the property in the ordinary test run.)

use std::path::Path;

use careplan_conformance::{check::check_bytes, spec};

fn case_files() -> Vec<(String, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .join("cases");
    walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| {
            e.path()
                .extension()
                .is_some_and(|x| x.eq_ignore_ascii_case("csv"))
        })
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

#[test]
fn truncation_at_every_byte_never_panics() {
    let rev = spec::revision("4.1").unwrap();
    for (name, data) in case_files().iter().take(12) {
        for n in 0..data.len() {
            let r = check_bytes(name, name, &data[..n], rev);
            assert!(r.records as usize <= n);
        }
    }
}

#[test]
fn overwritten_bytes_never_panic() {
    let rev = spec::revision("4.1").unwrap();
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let interesting = [
        b'"', b',', b'\r', b'\n', 0x00, 0x80, 0x81, 0xF0, 0xFF, 0xEF, b'9',
    ];
    for (name, data) in case_files() {
        if data.is_empty() {
            continue;
        }
        for _ in 0..40 {
            let mut d = data.clone();
            for _ in 0..(next() % 4 + 1) {
                let i = (next() as usize) % d.len();
                d[i] = interesting[(next() as usize) % interesting.len()];
            }
            check_bytes(&name, &name, &d, rev);
        }
    }
}
