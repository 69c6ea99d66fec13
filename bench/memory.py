#!/usr/bin/env python3
"""Time and peak memory of `careplan-conformance check` as the number of
files grows: many small files (one-record 第6表 予定削除 files, each with its
own ファイル連番, all in one folder: one send unit each, matched against the
others) and many large files (copies of a 20 MB 第6表). Prints figures;
asserts nothing.

    python3 bench/memory.py BINARY WORKDIR

Peak memory is the maximum resident set of the child process
(getrusage RUSAGE_CHILDREN, Linux: kilobytes).
"""
import os
import resource
import shutil
import subprocess
import sys
import time

BIN, WORK = sys.argv[1], sys.argv[2]
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(folder):
    """Wall time and peak RSS (MiB) of one check of `folder`, in a fresh
    process per measurement (RUSAGE_CHILDREN keeps the maximum over all
    children, so each run is measured from its own Python process)."""
    code = (
        "import resource,subprocess,sys,time;t=time.time();"
        "subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL);"
        "print(time.time()-t,resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, BIN, "check", "--quiet", folder],
        capture_output=True, text=True, check=True,
    ).stdout.split()
    return float(out[0]), int(out[1]) / 1024


def size(folder):
    return sum(os.path.getsize(os.path.join(folder, f)) for f in os.listdir(folder)) / 1e6


def small(n):
    d = os.path.join(WORK, f"small-{n}")
    if not os.path.isdir(d):
        os.makedirs(d)
        src = os.path.join(ROOT, "cases/conformant/delete-plan")
        name = next(f for f in os.listdir(src) if f.endswith(".CSV"))
        data = open(os.path.join(src, name), "rb").read()
        stem = name[: -len("20250325093000.CSV")]
        for i in range(n):
            s = 9 * 3600 + i
            serial = f"202503{25 + s // 86400:02d}{s % 86400 // 3600:02d}{s % 3600 // 60:02d}{s % 60:02d}"
            open(os.path.join(d, f"{stem}{serial}.CSV"), "wb").write(data)
    return d


def large(n, big):
    d = os.path.join(WORK, f"large-{n}")
    if not os.path.isdir(d):
        os.makedirs(d)
        for i in range(n):
            shutil.copyfile(big, os.path.join(d, f"UPPLAN_202505_1371000017_43_1371002005_11_2025042509{i:02d}00.CSV"))
    return d


def main():
    os.makedirs(WORK, exist_ok=True)
    print("| folder | files | MB | time | peak RSS |")
    print("|---|---:|---:|---:|---:|")
    for n in (2000, 16000):
        d = small(n)
        t, m = run(d)
        print(f"| {n} one-record files, one folder | {n} | {size(d):.1f} | {t:.2f} s | {m:.1f} MiB |")
    corpus = os.path.join(ROOT, "target/corpus/u1000")
    plan = next(f for f in sorted(os.listdir(corpus)) if f.startswith("UPPLAN_"))
    big = os.path.join(WORK, "big.CSV")
    if not os.path.isfile(big):
        data = open(os.path.join(corpus, plan), "rb").read()
        open(big, "wb").write(data * max(1, 20_000_000 // len(data)))
    for n in (2, 6, 12):
        d = large(n, big)
        t, m = run(d)
        print(f"| {n} copies of a {os.path.getsize(big) / 1e6:.0f} MB 第6表 | {n} | {size(d):.0f} | {t:.2f} s | {m:.1f} MiB |")


main()
