#!/bin/sh
# Accuracy benchmark: generate the labelled corpus (seeded), scan it, print precision and recall
# per detector; then the false-positive check on real text (/usr/include, German man pages).
#   bench/accuracy/run.sh [PIISCAN] [SEED] [WORKDIR]
# Needs /usr/bin/python3 with python3-stdnum (Debian); manpages-de for the second part.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
piiscan=${1:-$here/../../build/piiscan}
seed=${2:-42}
work=${3:-/tmp/piiscan-accuracy}
rm -rf "$work"
/usr/bin/python3 "$here/gen.py" --seed "$seed" --out "$work"
"$piiscan" scan "$work/corpus" "$work/chance" --format jsonl --show-values --fail-on never -q \
  > "$work/report.jsonl"
status=0
/usr/bin/python3 "$here/score.py" "$work/labels.tsv" "$work/report.jsonl" 2> "$work/errors.txt" || status=1
echo
echo "false positives and misses (first 5 per detector): $work/errors.txt"
echo
"$here/fp_real_text.sh" "$piiscan" "$work" || status=1
exit $status
