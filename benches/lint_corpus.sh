#!/usr/bin/env bash
# pdmctl lint against sqlfluff on the public Hive corpus (tests/corpus, origins in
# tests/corpus/hive/SOURCES.md), then the lint of the project's own pipeline.
#
# - Parse share: a file parses when pdmctl reports no PDM001 for it, and when sqlfluff's
#   parse tree of it has no `unparsable` segment. Both run on the same files, sqlfluff with
#   `--dialect hive`, the raw templater and .q/.hql counted as SQL (tests/corpus/sqlfluff.cfg).
# - Times: wall time of one process of each tool over the whole corpus (best of 3 for pdmctl).
# - Pipeline: `pdmctl lint` (all six environments) under /usr/bin/time -v: wall time and peak RSS.
#
# Needs sqlfluff: SQLFLUFF=/path/to/sqlfluff, or `sqlfluff` on PATH
# (python3 -m venv /tmp/sf && /tmp/sf/bin/pip install sqlfluff). Without it only pdmctl's
# figures are printed.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/pdmctl-target}"
features=()
grep -q '^\[features\]' Cargo.toml && features=(--no-default-features)
cargo build --release --quiet "${features[@]}"
pdmctl="$CARGO_TARGET_DIR/release/pdmctl"
corpus=(tests/corpus/hive tests/corpus/hive-broken)
files=$(find "${corpus[@]}" -type f \( -name '*.q' -o -name '*.hql' -o -name '*.sql' \) | wc -l)

now() { date +%s.%N; }
ms() { echo "scale=1; ($2 - $1) * 1000 / 1" | bc; }

best=""
for _ in 1 2 3; do
  t0=$(now)
  "$pdmctl" lint --format json "${corpus[@]}" >/tmp/pdmctl-lint-corpus.json || true
  t1=$(now)
  t=$(ms "$t0" "$t1")
  if [ -z "$best" ] || [ "$(echo "$t < $best" | bc)" = 1 ]; then best=$t; fi
done
valid=$(find tests/corpus/hive -type f \( -name '*.q' -o -name '*.hql' -o -name '*.sql' \) | wc -l)
broken=$((files - valid))
# Prints "<valid files that parse> <broken files flagged>" from a list of files that fail.
count() { python3 -c '
import sys
bad = set(l.strip() for l in sys.stdin if l.strip())
print(sum(1 for f in bad if "/hive/" in "/" + f), sum(1 for f in bad if "hive-broken/" in f))'; }
read -r pdm_valid_bad pdm_flagged < <(python3 -c '
import json
for f in {x["file"] for x in json.load(open("/tmp/pdmctl-lint-corpus.json")) if x["code"] == "PDM001"}: print(f)' | count)
echo "corpus: $files files: $valid valid Hive scripts, $broken that Hive's parser rejects (tests/corpus/hive-broken)"
echo "pdmctl lint:  parses $((valid - pdm_valid_bad))/$valid valid, flags $pdm_flagged/$broken broken; ${best} ms wall (one process, best of 3)"

sqlfluff="${SQLFLUFF:-$(command -v sqlfluff || true)}"
if [ -n "$sqlfluff" ]; then
  t0=$(now)
  (cd tests/corpus && "$sqlfluff" parse --config sqlfluff.cfg --format json . >/tmp/sqlfluff-corpus.json 2>/dev/null) || true
  t1=$(now)
  read -r sf_valid_bad sf_flagged < <(python3 -c '
import json
for f in json.load(open("/tmp/sqlfluff-corpus.json")):
    if "unparsable" in json.dumps(f.get("segments")): print(f["filepath"])' | count)
  sf_ms=$(ms "$t0" "$t1")
  echo "sqlfluff $("$sqlfluff" --version | awk '{print $3}'): parses $((valid - sf_valid_bad))/$valid valid, flags $sf_flagged/$broken broken; ${sf_ms} ms wall (one process)"
  echo "speed-up: $(echo "scale=0; $sf_ms / $best" | bc)x"
else
  echo "sqlfluff: not found (set SQLFLUFF=...)"
fi

/usr/bin/time -v "$pdmctl" lint >/dev/null 2>/tmp/pdmctl-lint-time.txt || true
wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' /tmp/pdmctl-lint-time.txt)
rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' /tmp/pdmctl-lint-time.txt)
echo "pipeline: pdmctl lint, all $(grep -c '^  [a-z]*:' <(sed -n '/^environments:/,/^stages:/p' pipelines.yaml)) environments: ${wall} wall, $((rss / 1024)) MB peak RSS"
