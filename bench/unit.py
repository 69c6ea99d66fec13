#!/usr/bin/env python3
"""One large 利用票 send unit (a ~48 MB 第6表 UPPLAN of ~300,000 records
beside its 第7表 UPSIKYU and 利用者補足情報 UPHOSOKU) checked by the binary,
against the physical floor of reading the same bytes:

- `iconv -f CP932 -t UTF-8` on the same files (what converting them costs);
- the encoding_rs decode + csv split floor (FLOOR_1T / FLOOR_2T seconds,
  measured by benches/throughput.rs with THROUGHPUT_FLOOR_ONLY=1);
- `check --format json --threads 1` and `--threads 2`: wall time and peak
  resident memory (ru_maxrss of the child, the kernel's VmHWM);
- growth: folders holding 1, 6 and 12 copies of the unit (hard links under
  other ファイル連番, so each copy is its own send unit), time per MB.

CPU time (user + system) is printed beside wall time: on a shared machine
it moves less than wall time, and on one thread it is what wall time would
be on an idle one.

Each key figure is taken three times: best and median are printed.
Prints figures; asserts nothing.

    python3 bench/unit.py BINARY UNIT_DIR WORKDIR FLOOR_1T FLOOR_2T
"""
import hashlib
import os
import statistics
import subprocess
import sys

BIN, UNIT, WORK = sys.argv[1], sys.argv[2], sys.argv[3]
FLOOR = {1: float(sys.argv[4]), 2: float(sys.argv[5])}
RUNS = 3


def measure(argv, env=None):
    """Wall time (s), peak RSS (MiB) and CPU time (user + system, s) of one
    run of `argv`, stdout discarded, in a fresh Python process so that
    RUSAGE_CHILDREN is this child's alone."""
    code = (
        "import resource,subprocess,sys,time;t=time.perf_counter();"
        "r=subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL);"
        "u=resource.getrusage(resource.RUSAGE_CHILDREN);"
        "print(time.perf_counter()-t,u.ru_maxrss,r.returncode,u.ru_utime+u.ru_stime)"
    )
    out = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True,
                         text=True, check=True, env=env).stdout.split()
    if int(out[2]) not in (0, 1):
        sys.exit(f"{argv}: exit {out[2]}")
    return float(out[0]), int(out[1]) / 1024, float(out[3])


def has_threads_option():
    h = subprocess.run([BIN, "check", "--help"], capture_output=True, text=True).stdout
    return "--threads" in h


def check_argv(folder, threads):
    """The check command for `threads` threads; a binary without --threads
    is given RAYON_NUM_THREADS instead."""
    env = dict(os.environ)
    if has_threads_option():
        return [BIN, "check", "--format", "json", "--threads", str(threads), folder], env
    env["RAYON_NUM_THREADS"] = str(threads)
    return [BIN, "check", "--format", "json", folder], env


def files(folder):
    return sorted(os.path.join(folder, f) for f in os.listdir(folder))


def mb(folder):
    return sum(os.path.getsize(f) for f in files(folder)) / 1e6


def iconv_once():
    """Wall and CPU time of iconv over the unit's files, one after another."""
    wall = cpu = 0.0
    for f in files(UNIT):
        w, _, c = measure(["iconv", "-f", "CP932", "-t", "UTF-8", f])
        wall += w
        cpu += c
    return wall, cpu


def copies(n):
    d = os.path.join(WORK, f"unit-x{n}")
    if not os.path.isdir(d):
        os.makedirs(d)
        for i in range(n):
            for f in files(UNIT):
                base = os.path.basename(f)
                # ..._20250425090000.CSV: the copy's own ファイル連番 (minute).
                new = base[: -len("0000.CSV")] + f"{i:02d}00.CSV"
                os.link(f, os.path.join(d, new))
    return d


def summary(xs):
    return min(xs), statistics.median(xs)


def main():
    os.makedirs(WORK, exist_ok=True)
    size = mb(UNIT)
    records = sum(1 for _ in open(files(UNIT)[1], "rb"))  # UPPLAN (sorted: UPHOSOKU, UPPLAN, UPSIKYU)
    print(f"unit: {len(files(UNIT))} files, {size:.1f} MB (UPPLAN {os.path.getsize(files(UNIT)[1]) / 1e6:.1f} MB, ~{records} lines)")
    ic = [iconv_once() for _ in range(RUNS)]
    ib, im = summary([w for w, _ in ic])
    icpu = min(c for _, c in ic)
    print(f"iconv -f CP932 -t UTF-8: best {ib:.3f} s, median {im:.3f} s ({size / ib:.0f} MB/s); CPU {icpu:.3f} s")
    print(f"floor (encoding_rs + csv): 1 thread {FLOOR[1]:.3f} s, 2 threads {FLOOR[2]:.3f} s (best of 3)")
    print()
    print("| threads | check best | check median | × iconv (best/median) | × floor | CPU (best) | CPU × iconv's | peak RSS (max of runs) |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for t in (1, 2):
        argv, env = check_argv(UNIT, t)
        runs = [measure(argv, env) for _ in range(RUNS)]
        b, m = summary([r[0] for r in runs])
        rss = max(r[1] for r in runs)
        cpu = min(r[2] for r in runs)
        print(f"| {t} | {b:.3f} s | {m:.3f} s | {b / ib:.2f} / {m / im:.2f} | {b / FLOOR[t]:.2f} | {cpu:.3f} s | {cpu / icpu:.2f} | {rss:.1f} MiB |")
    if has_threads_option():
        digests = set()
        for t in (1, 2):
            argv, env = check_argv(UNIT, t)
            out = subprocess.run(argv, capture_output=True, env=env).stdout
            digests.add(hashlib.sha256(out).hexdigest())
        print(f"JSON output with 1 and 2 threads: {'identical' if len(digests) == 1 else 'DIFFERENT'}")
    print()
    print("growth: N copies of the unit in one folder (each its own send unit)")
    print("| copies | MB | threads | time | s per 100 MB | vs 1 copy | peak RSS |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for t in (1, 2):
        base = None
        for n in (1, 6, 12):
            d = copies(n)
            argv, env = check_argv(d, t)
            secs, rss, _ = measure(argv, env)
            per = secs / mb(d) * 100
            base = base or per
            print(f"| {n} | {mb(d):.0f} | {t} | {secs:.2f} s | {per:.3f} s | {per / base:.2f} | {rss:.1f} MiB |")


main()
