#!/usr/bin/env bash
# Benchmarks: careplan-conformance check against the decode-and-split floor,
# at three corpus sizes; one large send unit against iconv and the floor;
# memory as files grow; Frictionless on the same UPPLAN data.
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
echo "== one 利用票 send unit of ~54 MB (a 48 MB 第6表 of ~300,000 records, its 第7表 and 利用者補足情報):"
echo "   check against iconv and the encoding_rs + csv floor on the same bytes, 1 and 2 threads, peak RSS, growth"
unit="$out/unit49"
[ -d "$unit" ] || python3 tools/gen_corpus.py --out "$unit" --users 5900 --providers 1 --no-plan-set
floor=$(THROUGHPUT_FLOOR_ONLY=1 cargo bench --quiet --bench throughput -- "$PWD/$unit")
# shellcheck disable=SC2086 # two figures: the floor on 1 and on 2 threads
python3 bench/unit.py "$PWD/target/release/careplan-conformance" "$PWD/$unit" "$PWD/$out/unitwork" $floor

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
