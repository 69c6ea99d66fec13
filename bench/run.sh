#!/usr/bin/env bash
# Benchmarks: careplan-conformance check against the decode-and-split floor,
# at three corpus sizes, plus Frictionless on the same UPPLAN data.
# Prints figures; asserts nothing. Takes a few minutes on 2 cores.
#
#   bash bench/run.sh            # corpora under target/corpus/
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release --quiet
out=target/corpus
for users in 250 1000 3000; do
  [ -d "$out/u$users" ] || python3 tools/gen_corpus.py --out "$out/u$users" --users "$users"
done

echo "== check vs floor (encoding_rs decode + csv split) and our splitter, per corpus size"
cargo bench --quiet --bench throughput -- "$PWD/$out/u250" "$PWD/$out/u1000" "$PWD/$out/u3000"

echo
echo "== time and peak memory as the number of files grows (many small files, many large files)"
python3 bench/memory.py "$PWD/target/release/careplan-conformance" "$PWD/$out/memory"

echo
echo "== Frictionless on the same 第6表 (UPPLAN) data"
if ! command -v frictionless >/dev/null 2>&1; then
  python3 -m pip install --quiet frictionless >/dev/null 2>&1 || true
fi
if ! command -v frictionless >/dev/null 2>&1; then
  echo "frictionless could not be installed; skipped"
  exit 0
fi
python3 bench/frictionless_compare.py "$out/u1000"
