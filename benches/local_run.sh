#!/usr/bin/env bash
# Wall time and peak memory of `pdmctl submit local` over generated samples.
# Usage: benches/local_run.sh [SCALE...]   (default: 1 10 100)
# Needs GNU time (/usr/bin/time, Debian package `time`). Prints one line per scale.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/pdmctl-target}"
cargo build --release --quiet
pdmctl="$CARGO_TARGET_DIR/release/pdmctl"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ ! -x /usr/bin/time ]; then
  echo "benches/local_run.sh: /usr/bin/time not found (apt-get install time)" >&2
  exit 1
fi
for scale in "${@:-1 10 100}"; do
  for s in $scale; do
    data="$work/data-$s"
    "$pdmctl" sample --scale "$s" --out "$data" >/dev/null
    docs=$(cat "$data"/adg/*/*/*.json | wc -l)
    /usr/bin/time -f "%e %M" -o "$work/time-$s" \
      "$pdmctl" submit local --data "$data" --warehouse "$work/wh-$s" --date 2024-03-01 >/dev/null 2>"$work/log-$s" \
      || { cat "$work/log-$s" >&2; exit 1; }
    read -r secs kb < "$work/time-$s"
    printf 'submit local, scale %-4s (%8d ADG documents): %7.2f s wall, %6.0f MB peak\n' "$s" "$docs" "$secs" "$((kb / 1024))"
  done
done
