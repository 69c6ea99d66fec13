//! Revision folders given on the command line: any bytes as a folder's
//! files. The first byte picks the mode: replace one file of the embedded
//! 4.1 folder with the rest of the input, or read the whole input as a
//! folder of `name\0contents\0…`. The folder loads or is refused with
//! problems that name a file; a folder that loads is compared with 4.1 and
//! rendered as every `spec diff` format.
#![no_main]
use careplan_conformance::spec::{self, diff, folder, schema};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let embedded: Vec<(String, Vec<u8>)> = spec::EMBEDDED
        .iter()
        .find(|(f, _)| *f == "4.1")
        .map(|(_, files)| {
            files
                .iter()
                .map(|(n, c)| (n.to_string(), c.as_bytes().to_vec()))
                .collect()
        })
        .unwrap_or_default();
    let files: Vec<(String, Vec<u8>)> = if mode % 2 == 0 {
        let Some((&pick, content)) = rest.split_first() else {
            return;
        };
        let i = usize::from(pick) % embedded.len().max(1);
        embedded
            .iter()
            .enumerate()
            .map(|(j, (n, c))| (n.clone(), if i == j { content.to_vec() } else { c.clone() }))
            .collect()
    } else {
        let mut parts = rest.split(|b| *b == 0);
        let mut v = Vec::new();
        while let (Some(name), Some(content)) = (parts.next(), parts.next()) {
            v.push((String::from_utf8_lossy(name).into_owned(), content.to_vec()));
        }
        v
    };
    match folder::load("fuzz", &files) {
        Ok(rev) => {
            if let Some(base) = spec::revision("4.1") {
                let _ = schema::revisions_agree(base, &rev);
                let d = diff::diff(base, &rev);
                let _ = diff::human(&d);
                let _ = diff::markdown(&d, mode & 2 == 0);
                let _ = serde_json::to_string(&d);
                for k in &rev.layouts {
                    let _ = diff::show(&rev, k);
                }
            }
        }
        Err(problems) => {
            assert!(!problems.is_empty());
            for p in &problems {
                assert!(p.file.starts_with("fuzz"), "{p}");
            }
        }
    }
});
