#!/usr/bin/env python3
"""Times `frictionless validate` on the UPPLAN files of a corpus, converted
as it needs (UTF-8, a header row), with a table schema equivalent to what the
harness checks on those fields (types, lengths, patterns, required, codes),
and `careplan-conformance check` on the same files. Prints the ratio."""
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

corpus = sys.argv[1]
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
layout = json.load(open(os.path.join(root, "harness/src/spec/4.1/UPPLAN.json"), encoding="utf-8"))

FIELD_TYPES = {"yyyymmdd": ("date", "%Y%m%d"), "integer": ("integer", None)}
fields = []
for f in layout["fields"]:
    name = f"{f['no']:02d}_{f['name']}"
    ty, fmt = FIELD_TYPES.get(f["type"], ("string", None))
    d = {"name": name, "type": ty, "constraints": {}}
    if fmt:
        d["format"] = fmt
    if f["required"] == "yes":
        d["constraints"]["required"] = True
    if f.get("codes"):
        d["constraints"]["enum"] = list(f["codes"])
    pat = {"yyyymm": r"\d{4}(0[1-9]|1[0-2])", "insurer_number": r"\d{6}", "insured_number": r"(\d{10}|H\d{9})",
           "office_number": r"\d{2}[0-9A-HJ-NPR-Z]\d{7}", "hhmm_or_9999": r"(([01]\d|2[0-3])[0-5]\d|9999)",
           "service_code": r"[0-9A-Z]{6}", "tais_code": r"\d{5}-\d{6}", "bitmap31": r"[01]{31}", "digits": r"\d+"}.get(f["type"])
    if pat:
        d["constraints"]["pattern"] = pat
    if f.get("length") and ty == "string" and f["type"] not in ("free_text",):
        d["constraints"]["maxLength"] = f["length"]
    fields.append(d)
schema = {"fields": fields}

tmp = tempfile.mkdtemp()
files = sorted(glob.glob(os.path.join(corpus, "UPPLAN_*.CSV")))
size = 0
converted = []
for p in files:
    raw = open(p, "rb").read()
    size += len(raw)
    text = raw.decode("cp932")
    dst = os.path.join(tmp, os.path.basename(p) + ".utf8.csv")
    with open(dst, "w", encoding="utf-8", newline="") as fh:
        fh.write(",".join(x["name"] for x in fields) + "\r\n" + text)
    converted.append(dst)
json.dump(schema, open(os.path.join(tmp, "schema.json"), "w"), ensure_ascii=False)

t = time.perf_counter()
for c in converted:
    subprocess.run(["frictionless", "validate", "--schema", os.path.join(tmp, "schema.json"), c],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
tf = time.perf_counter() - t

only = os.path.join(tmp, "upplan")
os.makedirs(only)
for p in files:
    shutil.copy(p, only)
binary = os.path.join(root, "target/release/careplan-conformance")
t = time.perf_counter()
subprocess.run([binary, "check", only], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
th = time.perf_counter() - t
print(f"{len(files)} UPPLAN files, {size / 1e6:.1f} MB")
print(f"frictionless validate: {tf:.2f} s ({size / 1e6 / tf:.2f} MB/s)")
print(f"careplan-conformance check: {th:.3f} s ({size / 1e6 / th:.1f} MB/s)")
print(f"ratio: careplan-conformance is {tf / th:.0f}x faster on the same data")
shutil.rmtree(tmp)
