//! The typed model and its canonical writer: any bytes parse, and writing is
//! a fixed point (the canonical form of a canonical file is itself).
#![no_main]
use careplan_conformance::{model, spec};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, content)) = data.split_first() else {
        return;
    };
    let rev = spec::revision("4.1").expect("embedded revision");
    let layout = &rev.layouts[pick as usize % rev.layouts.len()];
    let once = model::write(layout, &model::parse(content, layout).model).0;
    // Canonical output is MS932. When its bytes also happen to be valid
    // UTF-8 with non-ASCII characters, the next read takes it for UTF-8 (the
    // ENC-UTF8 heuristic, documented there), so the property does not apply.
    let looks_utf8 = !once.is_ascii() && std::str::from_utf8(&once).is_ok();
    if !looks_utf8 {
        let twice = model::write(layout, &model::parse(&once, layout).model).0;
        assert_eq!(once, twice, "the canonical form is not a fixed point");
    }
    let _ = model::roundtrip::roundtrip(
        "UPPLAN_202504_1371000017_43_1371000025_11_20250325093000.CSV",
        "fuzz",
        content,
        rev,
        false,
    );
});
