//! A whole file through every level of checks: the first byte picks a file
//! name (so that each kind's layout is reached), the rest is the content.
#![no_main]
use careplan_conformance::{check, spec};
use libfuzzer_sys::fuzz_target;

const NAMES: &[&str] = &[
    "UP1KYO_1371000017_43_1371000025_11_20250325093000.CSV",
    "UP2KYO_1371000017_43_1371000025_11_20250325093000.CSV",
    "UP3KYO_1371000017_43_1371000025_11_20250325093000.CSV",
    "UPHOSOKU_202504_1371000017_43_1371000025_11_20250325093000.CSV",
    "UPPLAN_202504_1371000017_43_1371000025_11_20250325093000.CSV",
    "UPJSK_202504_1371000025_11_1371000017_43_20250325093000.CSV",
    "UPSIKYU_202504_1371000017_43_1371000025_11_20250325093000.CSV",
    "DLT1KYO_1371000017_43_1371000025_11_20250325093000.CSV",
    "DLTPLAN_202504_1371000017_43_1371000025_11_20250325093000.CSV",
    "DLTJSK_202504_1371000025_11_1371000017_43_20250325093000.CSV",
    "UPKIHON_1371000090_46_1371000082_63_20250325093000.CSV",
    "UPKIHON_SUB1_1371000090_46_1371000082_63_20250325093000.CSV",
    "UPKIHON_SUB2_1371000090_46_1371000082_63_20250325093000.CSV",
    "UPKIHON_IMAGE_1371000090_46_1371000082_63_20250325093000_0001.jpg",
    "UPYOBO_1371000090_46_1371000082_63_20250325093000.CSV",
    "UPYOBO_SUB_1371000090_46_1371000082_63_20250325093000.CSV",
    "DLTKIHON_1371000090_46_1371000082_63_20250325093000.CSV",
    "DLTYOBO_1371000090_46_1371000082_63_20250325093000.CSV",
    // 3.2 names (no 提供月 segment on 第6表/第7表 files).
    "UPPLAN_1371000017_43_1371000025_11_20230325093000.CSV",
    "UPHOSOKU_1371000017_43_1371000025_11_20230325093000.CSV",
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, content)) = data.split_first() else {
        return;
    };
    let name = NAMES[pick as usize % NAMES.len()];
    // The revision from the name and content, as `check` does by default.
    let detected = careplan_conformance::input::detect::detect(name, content);
    let r = check::check_detected(name, name, content, &detected);
    // Every finding names a rule the catalogue lists.
    for f in &r.findings {
        assert!(
            careplan_conformance::rules::catalogue::by_id(f.rule.id).is_some(),
            "rule {} is not in the catalogue",
            f.rule.id
        );
    }
    // The same findings, records and keys when the file is cut into chunks
    // of a few bytes (each checked on its own, then merged in order).
    check::set_chunk_bytes(1 + usize::from(pick >> 3));
    let chunked = check::check_detected(name, name, content, &detected);
    check::set_chunk_bytes(check::DEFAULT_CHUNK_BYTES);
    assert_eq!(format!("{:?}", r.findings), format!("{:?}", chunked.findings));
    assert_eq!(r.records, chunked.records);
    assert_eq!(
        format!("{:?}", r.keys.iter().collect::<Vec<_>>()),
        format!("{:?}", chunked.keys.iter().collect::<Vec<_>>())
    );
    // And against 4.1 forced.
    let rev = spec::revision("4.1").expect("embedded revision");
    let _ = check::check_bytes(name, name, content, rev);
});
