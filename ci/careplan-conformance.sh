#!/usr/bin/env bash
# careplan-conformance for Jenkins and any other CI: check the CSV files your
# product exported against ケアプランデータ連携標準仕様 and write every report
# into one folder.
#
#   EXPORT_DIR=out/csv ci/careplan-conformance.sh
#   ci/careplan-conformance.sh out/csv
#
# Variables:
#   EXPORT_DIR                 the folder your product exported to (or the first argument)
#   REPORT_DIR                 where the reports go (default: reports)
#   CAREPLAN_CONFORMANCE_SPEC  the revision to check against: auto (default: picked
#                              per file), a revision id (4.1), or a revision folder
#                              (a draft of the next revision, as `careplan-conformance
#                              spec export` writes one)
#   CAREPLAN_CONFORMANCE_REPO  the URL of the careplan-conformance repository; used
#                              only to install the harness when `careplan-conformance`
#                              is not on PATH. >>> SET THIS (here or in the job). <<<
#   CAREPLAN_CONFORMANCE_REF   optional tag, branch or full 40-character commit of it
#                              to install (default: its default branch)
#
# The harness is installed once, then reused as it is: to pin a version, set
# CAREPLAN_CONFORMANCE_REF to a tag or a commit before the first run; to move
# to another, delete `careplan-conformance` from PATH (or ~/.cargo/bin) or
# install it yourself with `cargo install --locked --git URL --rev COMMIT`.
#
# Reports: careplan-junit.xml (JUnit, one test per checked file),
# careplan.sarif (SARIF 2.1.0), careplan.html, careplan.json, careplan.md.
# Exit status: the harness's own: 0 no error-level finding (warnings allowed),
# 1 error-level findings, 2 usage or I/O error (also when this script cannot
# find or install the harness).
set -euo pipefail

EXPORT_DIR="${EXPORT_DIR:-${1:-}}"
REPORT_DIR="${REPORT_DIR:-reports}"
CAREPLAN_CONFORMANCE_REPO="${CAREPLAN_CONFORMANCE_REPO:-https://REPLACE-ME.invalid/careplan-conformance.git}"
CAREPLAN_CONFORMANCE_REF="${CAREPLAN_CONFORMANCE_REF:-}"

if [ -z "$EXPORT_DIR" ]; then
  echo "usage: EXPORT_DIR=DIR $0   or   $0 DIR" >&2
  exit 2
fi

# Use the harness on PATH, or the one cargo installed earlier, or install it.
cargo_bin="${CARGO_HOME:-$HOME/.cargo}/bin"
if ! command -v careplan-conformance >/dev/null 2>&1 && [ -x "$cargo_bin/careplan-conformance" ]; then
  PATH="$cargo_bin:$PATH"
fi
if ! command -v careplan-conformance >/dev/null 2>&1; then
  case "$CAREPLAN_CONFORMANCE_REPO" in
    *REPLACE-ME*)
      echo "careplan-conformance is not installed: set CAREPLAN_CONFORMANCE_REPO to the URL of the careplan-conformance repository" >&2
      exit 2 ;;
  esac
  if ! command -v cargo >/dev/null 2>&1; then
    echo "careplan-conformance is not installed and cargo is not on PATH: install Rust (https://rustup.rs) on this agent" >&2
    exit 2
  fi
  if ! command -v git >/dev/null 2>&1; then
    echo "careplan-conformance is not installed and git is not on PATH: install git on this agent" >&2
    exit 2
  fi
  ref="${CAREPLAN_CONFORMANCE_REF:-HEAD}"
  if printf '%s\n' "$ref" | grep -qxE '[0-9a-f]{40}'; then
    commit="$ref"
  else
    # A tag before a branch of the same name, as git does; an annotated tag's
    # commit is on its peeled line, "TAG^{}".
    commit=$(git ls-remote "$CAREPLAN_CONFORMANCE_REPO" "$ref" "$ref^{}" | awk -v ref="$ref" '
      $2 == "refs/tags/" ref "^{}" || $2 == ref "^{}" { peeled = $1 }
      $2 == "refs/tags/" ref { tag = $1 }
      $2 == ref || $2 == "refs/heads/" ref { other = $1 }
      END { print (peeled != "" ? peeled : (tag != "" ? tag : other)) }') || commit=""
  fi
  if [ -z "$commit" ]; then
    echo "cannot resolve CAREPLAN_CONFORMANCE_REF '$ref' in $CAREPLAN_CONFORMANCE_REPO: set a tag, a branch or a full 40-character commit" >&2
    exit 2
  fi
  echo "installing careplan-conformance $commit ($ref)"
  cargo install --locked --git "$CAREPLAN_CONFORMANCE_REPO" --rev "$commit" careplan-conformance || exit 2
  PATH="$cargo_bin:$PATH"
fi
careplan-conformance --version

# The Markdown summary is appended to, so start from an empty folder of reports.
mkdir -p "$REPORT_DIR"
rm -f "$REPORT_DIR/careplan-junit.xml" "$REPORT_DIR/careplan.sarif" "$REPORT_DIR/careplan.html" \
  "$REPORT_DIR/careplan.json" "$REPORT_DIR/careplan.md"

status=0
careplan-conformance check --max-findings 200 \
  --spec "${CAREPLAN_CONFORMANCE_SPEC:-auto}" \
  --junit "$REPORT_DIR/careplan-junit.xml" \
  --sarif "$REPORT_DIR/careplan.sarif" \
  --html "$REPORT_DIR/careplan.html" \
  --json "$REPORT_DIR/careplan.json" \
  --markdown "$REPORT_DIR/careplan.md" \
  "$EXPORT_DIR" || status=$?

echo
echo "careplan-conformance reports in $REPORT_DIR/:"
echo "  careplan.html        the report to read"
echo "  careplan-junit.xml   JUnit (Jenkins: junit '$REPORT_DIR/careplan-junit.xml')"
echo "  careplan.sarif       SARIF 2.1.0 (Jenkins Warnings NG, code scanning)"
echo "  careplan.json        every finding as JSON"
echo "  careplan.md          a Markdown summary"
case "$status" in
  0) echo "careplan-conformance: no error-level finding (exit 0)" ;;
  1) echo "careplan-conformance: error-level findings (exit 1)" >&2 ;;
  *) echo "careplan-conformance: usage or I/O error (exit $status)" >&2 ;;
esac
exit "$status"
