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
pdm_bad=$(python3 -c '
import json
d = json.load(open("/tmp/pdmctl-lint-corpus.json"))
print(len({x["file"] for x in d if x["code"] == "PDM001"}))')
echo "corpus: $files files ($(find tests/corpus/hive-broken -type f | wc -l) of them broken on purpose, from Hive's parser-negative tests)"
echo "pdmctl lint:  $((files - pdm_bad))/$files parse, ${best} ms wall (one process, best of 3)"

sqlfluff="${SQLFLUFF:-$(command -v sqlfluff || true)}"
if [ -n "$sqlfluff" ]; then
  t0=$(now)
  (cd tests/corpus && "$sqlfluff" parse --config sqlfluff.cfg --format json . >/tmp/sqlfluff-corpus.json 2>/dev/null) || true
  t1=$(now)
  sf_bad=$(python3 -c '
import json
d = json.load(open("/tmp/sqlfluff-corpus.json"))
print(sum(1 for f in d if "unparsable" in json.dumps(f.get("segments"))))')
  sf_ms=$(ms "$t0" "$t1")
  echo "sqlfluff $("$sqlfluff" --version | awk '{print $3}'): $((files - sf_bad))/$files parse, ${sf_ms} ms wall (one process)"
  echo "speed-up: $(echo "scale=0; $sf_ms / $best" | bc)x"
else
  echo "sqlfluff: not found (set SQLFLUFF=...)"
fi

/usr/bin/time -v "$pdmctl" lint >/dev/null 2>/tmp/pdmctl-lint-time.txt || true
wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' /tmp/pdmctl-lint-time.txt)
rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' /tmp/pdmctl-lint-time.txt)
echo "pipeline: pdmctl lint, all $(grep -c '^  [a-z]*:' <(sed -n '/^environments:/,/^stages:/p' pipelines.yaml)) environments: ${wall} wall, $((rss / 1024)) MB peak RSS"
