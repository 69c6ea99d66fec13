#!/usr/bin/env bash
# Seeds the fuzz corpora from the bundled cases: each CSV a case checks
# becomes an input of check_file and model_roundtrip (with a leading byte
# that picks a kind), each case.toml an input of case_manifest. A case may
# hold only edits to another case's files, so the files every case checks
# are first written out (run --emit), beside the certification reference
# submissions, which are files as they are.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p corpus/check_file corpus/model_roundtrip corpus/case_manifest corpus/file_name
files=$(mktemp -d)
trap 'rm -rf "$files"' EXIT
cargo run --quiet --release --manifest-path ../Cargo.toml -- run --cases ../cases --emit "$files/cases" >/dev/null
cp -R ../cases/certification "$files/certification"
i=0
find "$files" -type f \( -name '*.CSV' -o -name '*.csv' \) -print0 | sort -z |
while IFS= read -r -d '' f; do
  i=$((i + 1))
  # The leading byte picks the file name in check_file's list of the same kind.
  case "$(basename "$f")" in
    UP1KYO_*) k=0 ;; UP2KYO_*) k=1 ;; UP3KYO_*) k=2 ;; UPHOSOKU_*) k=3 ;;
    UPPLAN_*) k=4 ;; UPJSK_*) k=5 ;; UPSIKYU_*) k=6 ;; DLT1KYO_*) k=7 ;;
    DLTPLAN_*) k=8 ;; DLTJSK_*) k=9 ;; UPKIHON_SUB1_*) k=11 ;;
    UPKIHON_SUB2_*) k=12 ;; UPKIHON_*) k=10 ;; UPYOBO_SUB_*) k=15 ;;
    UPYOBO_*) k=14 ;; DLTKIHON_*) k=16 ;; DLTYOBO_*) k=17 ;; *) k=$((i % 20)) ;;
  esac
  { printf "\\x$(printf %02x $k)"; cat "$f"; } > "corpus/check_file/seed-$i"
  { printf "\\x$(printf %02x $((i % 18)))"; cat "$f"; } > "corpus/model_roundtrip/seed-$i"
  basename "$f" | tr -d '\n' > "corpus/file_name/seed-$i"
done
n=0
find ../cases -name case.toml -print0 | sort -z |
while IFS= read -r -d '' f; do
  n=$((n + 1))
  cp "$f" "corpus/case_manifest/seed-$n"
done
echo "seeded: $(ls corpus/check_file | wc -l) files, $(ls corpus/case_manifest | wc -l) manifests"
