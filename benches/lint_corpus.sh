#!/usr/bin/env bash
# pdmctl lint against sqlfluff and sqruff on the Hive corpus (tests/corpus: hive/ holds scripts
# Hive 3.1 accepts, hive-broken/ scripts with one syntax error each; origins and expected lines
# in tests/corpus/SOURCES.md and tests/corpus/hive/SOURCES.md), in one run.
#
# For each tool: files per second (all corpus files in one process, wall time; best of 3 for
# pdmctl and sqruff, one run of sqlfluff), valid files without a parse error, broken files
# flagged, and broken files whose first parse error is on the expected line.
# - pdmctl: `pdmctl lint --format json` (parse and lint); a parse error is PDM001.
# - sqlfluff: `sqlfluff lint --format json` with tests/corpus/sqlfluff.cfg (dialect hive, raw
#   templater, .q/.hql as SQL); a parse error is a PRS violation.
# - sqruff: `sqruff parse --dialect hive --format json --include-meta` (sqruff's lint does not
#   report unparsable sections); a parse error is an `unparsable` segment.
# Then the lint of the project's own pipeline: wall time and peak RSS.
#
# Needs sqlfluff and sqruff from PyPI, e.g.
#   python3 -m venv /work/scratch/lintvenv && /work/scratch/lintvenv/bin/pip install sqlfluff sqruff
# and SQLFLUFF=/path/to/sqlfluff SQRUFF=/path/to/sqruff (or both on PATH). A missing tool is an
# error naming how to get it.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/pdmctl-target}"
features=()
grep -q '^\[features\]' Cargo.toml && features=(--no-default-features)
cargo build --release --quiet "${features[@]}"
export PDMCTL="$CARGO_TARGET_DIR/release/pdmctl"
export SQLFLUFF="${SQLFLUFF:-$(command -v sqlfluff || true)}"
export SQRUFF="${SQRUFF:-$(command -v sqruff || true)}"
for tool in SQLFLUFF SQRUFF; do
  if [ -z "${!tool}" ] || [ ! -x "${!tool}" ]; then
    echo "error: $tool not found: pip install sqlfluff sqruff into a venv and set $tool=<venv>/bin/$(echo "$tool" | tr A-Z a-z)" >&2
    exit 2
  fi
done

python3 - <<'EOF'
import json, os, re, subprocess, time

corpus = "tests/corpus"
exts = (".q", ".hql", ".sql")

def files(folder):
    d = os.path.join(corpus, folder)
    return sorted(os.path.join(d, n) for n in os.listdir(d) if n.endswith(exts))

def table_rows(text, title):
    section = text.split(title, 1)[1].split("\n## ", 1)[0]
    return [
        [c.strip() for c in l.strip("|").split(" | ")]
        for l in section.splitlines()
        if l.startswith("| ") and l.endswith(" |") and not l.startswith(("| file |", "| ---"))
    ]

valid, broken = files("hive"), files("hive-broken")
expected = {}
for path, title in [("hive/SOURCES.md", "## ../hive-broken"), ("SOURCES.md", "## hive-broken")]:
    text = open(os.path.join(corpus, path)).read()
    for row in table_rows(text, title):
        expected[os.path.join(corpus, "hive-broken", row[0])] = int(row[-1])
missing = [f for f in broken if f not in expected]
if missing:
    raise SystemExit(f"error: no expected line for {missing}")
everything = valid + broken

def timed(cmd, runs, cwd=None):
    best, out = None, None
    for _ in range(runs):
        t0 = time.perf_counter()
        p = subprocess.run(cmd, capture_output=True, text=True, cwd=cwd)
        t = time.perf_counter() - t0
        if best is None or t < best:
            best, out = t, (p.stdout, p.stderr)
    return best, out

def first_lines_pdmctl(out):
    out, _ = out
    first = {}
    for d in json.loads(out):
        if d["code"] == "PDM001":
            first[d["file"]] = min(first.get(d["file"], d["line"]), d["line"])
    return first

def first_lines_sqlfluff(out):
    out, _ = out
    first = {}
    for f in json.loads(out):
        lines = [v["start_line_no"] for v in f["violations"] if v["code"] == "PRS"]
        if lines:
            first[os.path.normpath(os.path.join(corpus, f["filepath"]))] = min(lines)
    return first

def first_unparsable(node):
    if isinstance(node, dict):
        if "unparsable" in node:
            return node.get("start_line_no", 0)
        for v in node.values():
            found = first_unparsable(v)
            if found is not None:
                return found
    elif isinstance(node, list):
        for v in node:
            found = first_unparsable(v)
            if found is not None:
                return found
    return None

def first_lines_sqruff(out):
    out, err = out
    # A file sqruff cannot parse at all (unclosed bracket, its depth limit) has no tree, only
    # "Error: Failed to parse <file>" on stderr: flagged, at no line.
    failed = set(re.findall(r"Failed to parse (\S+)", err))
    with_tree = [f for f in everything if f not in failed]
    docs, dec, i = [], json.JSONDecoder(), 0
    while True:
        while i < len(out) and out[i].isspace():
            i += 1
        if i >= len(out):
            break
        doc, i = dec.raw_decode(out, i)
        docs.append(doc)
    if len(docs) != len(with_tree):
        raise SystemExit(f"error: sqruff printed {len(docs)} parse trees for {len(with_tree)} files")
    first = {f: 0 for f in failed}
    for path, doc in zip(with_tree, docs):
        line = first_unparsable(doc)
        if line is not None:
            first[path] = line
    return first

def sqlfluff_version():
    return subprocess.run([os.environ["SQLFLUFF"], "--version"], capture_output=True, text=True).stdout.split()[-1]

def sqruff_version():
    return subprocess.run([os.environ["SQRUFF"], "--version"], capture_output=True, text=True).stdout.split()[-1]

rel = [os.path.relpath(f, corpus) for f in everything]
tools = [
    ("pdmctl", lambda: timed([os.environ["PDMCTL"], "lint", "--format", "json"] + everything, 3), first_lines_pdmctl),
    (
        f"sqlfluff {sqlfluff_version()}",
        lambda: timed([os.environ["SQLFLUFF"], "lint", "--config", "sqlfluff.cfg", "--format", "json", "--nofail"] + rel, 1, cwd=corpus),
        first_lines_sqlfluff,
    ),
    (
        f"sqruff {sqruff_version()}",
        lambda: timed([os.environ["SQRUFF"], "parse", "--dialect", "hive", "--format", "json", "--include-meta"] + everything, 3),
        first_lines_sqruff,
    ),
]
print(f"corpus: {len(everything)} files: {len(valid)} that Hive accepts (tests/corpus/hive), "
      f"{len(broken)} with one syntax error (tests/corpus/hive-broken)")
print(f"{'tool':<16} {'files/s':>9} {'wall ms':>9}  {'valid clean':>12}  {'broken flagged':>14}  {'at its line':>11}")
rates = {}
for name, run, first_lines in tools:
    wall, out = run()
    first = first_lines(out)
    clean = sum(1 for f in valid if f not in first)
    flagged = sum(1 for f in broken if f in first)
    at_line = sum(1 for f in broken if first.get(f) == expected[f])
    rates[name.split()[0]] = len(everything) / wall
    print(f"{name:<16} {len(everything) / wall:>9.0f} {wall * 1000:>9.1f}  {clean:>5}/{len(valid):<6}  "
          f"{flagged:>7}/{len(broken):<6}  {at_line:>4}/{len(broken):<6}")
print(f"pdmctl vs sqlfluff: {rates['pdmctl'] / rates['sqlfluff']:.0f}x; vs sqruff: {rates['pdmctl'] / rates['sqruff']:.1f}x")
EOF

/usr/bin/time -v "$PDMCTL" lint >/dev/null 2>/tmp/pdmctl-lint-time.txt || true
wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' /tmp/pdmctl-lint-time.txt)
rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' /tmp/pdmctl-lint-time.txt)
echo "pipeline: pdmctl lint, all $(grep -c '^  [a-z]*:' <(sed -n '/^environments:/,/^stages:/p' pipelines.yaml)) environments: ${wall} wall, $((rss / 1024)) MB peak RSS"
