//! Throughput, memory and start-up figures for `check`, against the floor
//! set by just decoding MS932 and splitting CSV records with encoding_rs and
//! the csv crate, and the same decode with the harness's own splitter (which
//! also keeps positions, line ends and stray quotes). Prints figures;
//! asserts nothing.
//!
//!     cargo bench --bench throughput -- CORPUS_DIR [CORPUS_DIR ...]
//!     THROUGHPUT_FLOOR_ONLY=1 cargo bench --bench throughput -- DIR   # floor seconds, 1 and 2 threads
//!
//! `bench/run.sh` generates the corpora and runs this, then Frictionless.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use careplan_conformance::{check_with, CheckOptions, DEFAULT_MAX_FILE_SIZE};

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|x| x.eq_ignore_ascii_case("csv")))
        .collect();
    v.sort();
    v
}

/// The best of a few runs of `f`.
fn best<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut best: Option<(Duration, T)> = None;
    for _ in 0..runs {
        let t = Instant::now();
        let out = f();
        let d = t.elapsed();
        if best.as_ref().is_none_or(|(b, _)| d < *b) {
            best = Some((d, out));
        }
    }
    best.expect("at least one run")
}

fn pool(threads: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("a thread pool")
}

/// Decode MS932 and split records with the csv crate: the practical limit
/// of this pipeline. Returns the number of records.
fn floor(paths: &[PathBuf]) -> u64 {
    use rayon::prelude::*;
    paths
        .par_iter()
        .map(|p| {
            let bytes = std::fs::read(p).expect("readable");
            let (text, _, _) = encoding_rs::SHIFT_JIS.decode(&bytes);
            let mut r = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(text.as_bytes());
            let mut rec = csv::ByteRecord::new();
            let mut n = 0;
            while r.read_byte_record(&mut rec).unwrap_or(false) {
                n += 1;
            }
            n
        })
        .sum()
}

/// The same decode, with records split by the harness's own splitter: how
/// much reporting positions, line ends and stray quotes costs over csv.
fn split(paths: &[PathBuf]) -> u64 {
    use careplan_conformance::input::records::Records;
    use rayon::prelude::*;
    paths
        .par_iter()
        .map(|p| {
            let bytes = std::fs::read(p).expect("readable");
            let (text, _, _) = encoding_rs::SHIFT_JIS.decode(&bytes);
            std::hint::black_box(text);
            Records::new(&bytes, 0)
                .map(|r| r.fields.len())
                .filter(|n| *n > 0)
                .count() as u64
        })
        .sum()
}

fn check(dir: &Path) -> u64 {
    let run = check_with(
        &[dir.to_path_buf()],
        CheckOptions {
            revision: None,
            follow_links: false,
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            recursive: true,
            keep_records: false,
            consistency: true,
            keep_keys: false,
        },
    );
    run.files.iter().map(|f| u64::from(f.records)).sum()
}

/// Peak resident memory (VmHWM) of the binary checking `dir`, in MiB.
fn peak_rss(bin: &Path, dir: &Path) -> Option<f64> {
    let mut child = Command::new(bin)
        .args(["check", "--format", "json"])
        .arg(dir)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .ok()?;
    let status = format!("/proc/{}/status", child.id());
    let mut peak = 0u64;
    loop {
        if let Ok(s) = std::fs::read_to_string(&status) {
            for l in s.lines() {
                if let Some(v) = l.strip_prefix("VmHWM:") {
                    let kb: u64 = v.trim().trim_end_matches("kB").trim().parse().unwrap_or(0);
                    peak = peak.max(kb);
                }
            }
        }
        if child.try_wait().ok()?.is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    Some(peak as f64 / 1024.0)
}

/// Median wall time of the binary on a small folder, process start included.
fn startup(bin: &Path, dir: &Path, runs: usize) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            let _ = Command::new(bin).arg("check").arg(dir).output();
            t.elapsed()
        })
        .collect();
    times.sort();
    times[runs / 2]
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    if args.is_empty() {
        eprintln!("usage: cargo bench --bench throughput -- CORPUS_DIR [CORPUS_DIR ...] (bench/run.sh makes them)");
        return;
    }
    // The floor alone, in seconds, for bench/unit.py: best of three on one
    // thread and on two.
    if std::env::var_os("THROUGHPUT_FLOOR_ONLY").is_some() {
        for a in &args {
            let paths = files(Path::new(a));
            let (f1, _) = pool(1).install(|| best(3, || floor(&paths)));
            let (f2, _) = pool(2).install(|| best(3, || floor(&paths)));
            println!("{:.4} {:.4}", f1.as_secs_f64(), f2.as_secs_f64());
        }
        return;
    }
    let bin =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/release/careplan-conformance");
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    println!(
        "machine: {cores} cores; {}",
        std::fs::read_to_string("/proc/cpuinfo")
            .ok()
            .and_then(
                |c| c.lines().find(|l| l.starts_with("model name")).map(|l| l
                    .split(':')
                    .nth(1)
                    .unwrap_or("")
                    .trim()
                    .to_string())
            )
            .unwrap_or_default()
    );
    println!(
        "{:<28} {:>8} {:>9} | {:>9} {:>11} | {:>9} {:>11} | {:>9} {:>9} | {:>7} {:>7} | {:>8}",
        "corpus",
        "MB",
        "records",
        "check 1t",
        "rec/s 1t",
        "check all",
        "rec/s all",
        "floor 1t",
        "split 1t",
        "1t/fl",
        "all/fl",
        "peak RSS"
    );
    for a in &args {
        let dir = PathBuf::from(a);
        let paths = files(&dir);
        if paths.is_empty() {
            eprintln!(
                "{}: no CSV files (give an absolute path; bench/run.sh makes the corpora)",
                dir.display()
            );
            std::process::exit(2);
        }
        let bytes: u64 = paths
            .iter()
            .map(|p| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0))
            .sum();
        let mb = bytes as f64 / 1e6;
        let (t1, recs) = pool(1).install(|| best(3, || check(&dir)));
        let (tn, _) = pool(cores).install(|| best(3, || check(&dir)));
        let (f1, _) = pool(1).install(|| best(3, || floor(&paths)));
        let (fnn, _) = pool(cores).install(|| best(3, || floor(&paths)));
        let (s1, _) = pool(1).install(|| best(3, || split(&paths)));
        let rate = |t: Duration| mb / t.as_secs_f64();
        let rss = if bin.exists() {
            peak_rss(&bin, &dir)
        } else {
            None
        };
        println!(
            "{:<28} {:>8.1} {:>9} | {:>6.1}MB/s {:>11.0} | {:>6.1}MB/s {:>11.0} | {:>6.1}MB/s {:>6.1}MB/s | {:>7.2} {:>7.2} | {:>8}",
            dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
            mb,
            recs,
            rate(t1),
            recs as f64 / t1.as_secs_f64(),
            rate(tn),
            recs as f64 / tn.as_secs_f64(),
            rate(f1),
            rate(s1),
            rate(t1) / rate(f1),
            rate(tn) / rate(fnn),
            rss.map_or("-".into(), |r| format!("{r:.1} MiB")),
        );
    }
    // Start-up: a typical send set of 20 files (five units of four), checked
    // by the binary, process start included.
    let unit = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/bench-unit");
    let src =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../cases/conformant/plan-set-1-2-3-hosoku");
    let _ = std::fs::remove_dir_all(&unit);
    std::fs::create_dir_all(&unit).expect("a scratch folder");
    for i in 0..5 {
        for p in files(&src) {
            let n = p
                .file_name()
                .unwrap()
                .to_string_lossy()
                .replace("20250325093000", &format!("2025032509300{i}"));
            std::fs::copy(&p, unit.join(n)).expect("copy");
        }
    }
    if bin.exists() {
        println!("start-up: 20-file send set checked in {:.1} ms (median of 21 runs, process start included)", startup(&bin, &unit, 21).as_secs_f64() * 1000.0);
    } else {
        println!("start-up: build the release binary first (cargo build --release)");
    }
}
