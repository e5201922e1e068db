#!/bin/sh
# False-positive check on text written by others: /usr/include and the German man pages
# (Debian manpages-de, decompressed to a temporary folder). Prints findings per detector and
# confidence; fails when a national identifier (category national_id) is reported at high.
#   bench/accuracy/fp_real_text.sh [PIISCAN] [WORKDIR]
set -eu
piiscan=${1:-build/piiscan}
work=${2:-/tmp/piiscan-accuracy}
mkdir -p "$work/manpages-de"
if [ -d /usr/share/man/de ]; then
  find /usr/share/man/de -name '*.gz' | while read -r f; do
    out="$work/manpages-de/$(basename "$f" .gz)"
    gzip -dc "$f" > "$out" 2>/dev/null || true
  done
else
  echo "manpages-de not installed (apt-get install -y manpages-de): German man pages skipped" >&2
fi
"$piiscan" scan /usr/include "$work/manpages-de" --format jsonl --show-values --fail-on never -q \
  > "$work/real.jsonl"
/usr/bin/python3 - "$work/real.jsonl" <<'PY'
import collections, json, sys
counts, files, high_national = collections.Counter(), 0, []
for row in open(sys.argv[1], encoding="utf-8"):
    rec = json.loads(row)
    if rec.get("type") == "summary":
        files = rec["scan"]["files_scanned"]
        mb = rec["scan"]["bytes_scanned"] / 1e6
    if rec.get("type") != "file":
        continue
    for f in rec.get("findings", []):
        counts[(f["detector"], f["confidence"])] += 1
        if f["category"] == "national_id" and f["confidence"] == "high":
            high_national.append("%s:%d %s %s" % (rec["path"], f["line"], f["detector"], f.get("value")))
print("Real text: %d files, %.1f MB (/usr/include + manpages-de)" % (files, mb))
print("| detector | low | medium | high |")
print("|---|---:|---:|---:|")
for d in sorted({d for d, _ in counts}):
    print("| `%s` | %d | %d | %d |" % (d, counts[(d, "low")], counts[(d, "medium")], counts[(d, "high")]))
print("\nhigh-confidence national_id findings: %d" % len(high_national))
for h in high_national[:20]:
    print("  " + h)
sys.exit(1 if high_national else 0)
PY
