#!/usr/bin/env bash
# Regenerates the rendered report samples from the demo community at the repository root.
# The terminal captures run in a pseudo-terminal (script) so they show what a user sees,
# with the colour codes stripped. Run from anywhere: bash docs/examples/regenerate.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
out=docs/examples
dashboard_day=2026-10-04   # early in the challenge: kwame-mensah, who joined late, to nudge
meetup_day=2026-11-05      # the report-back meetup of observability-october

capture() {  # capture WIDTH FILE COMMAND...
  local width=$1 file=$2
  shift 2
  COLUMNS=$width LINES=60 script -qec "$*" /dev/null \
    | sed -e 's/\x1b\[[0-9;?]*[a-zA-Z]//g' -e 's/\r$//' -e 's/[[:space:]]*$//' >"$file"
}

export COPKIT_TODAY=$dashboard_day
for width in 80 160; do
  capture "$width" "$out/report-$width.txt" copkit report
done
copkit report --format markdown >"$out/report.md"
copkit report --format json >"$out/report.json"

export COPKIT_TODAY=$meetup_day
c=observability-october
for width in 80 160; do
  capture "$width" "$out/challenge-report-$width.txt" copkit challenge report $c
done
for fmt in markdown json html; do
  ext=$fmt; [ "$fmt" = markdown ] && ext=md
  copkit challenge report $c --format "$fmt" >"$out/challenge-report.$ext"
done
echo "samples written to $out/"
