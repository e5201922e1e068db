#!/usr/bin/env bash
# piiscan throughput benchmark (issue 5): piiscan scan vs rg --count-matches on a synthetic share.
#
#   bench/run.sh [options] [PIISCAN [CORPUS]]
#
#   PIISCAN  the binary to measure (default build/piiscan in this checkout); builds nothing
#   CORPUS   the share to scan (default /tmp/piiscan-bench/share); generated with
#            bench/gen_share.py --scale S when it does not exist
#
# Options:
#   --scale S          scale for generating a missing corpus (default 1.0 ≈ 360 MB)
#   --seed N           generator seed (default 2026)
#   --runs N           runs per command (default 5; the corpus in N interleaved rounds);
#                      --warmup N (default 1)
#   --small-files N    files/s on a tree of N tiny files (default 200000; 0 skips)
#   --big-line         also measure peak RSS on one single-line file (--big-line-mb, 1024 MiB)
#   --dense-export     also measure peak RSS on one HR export where every row holds personal
#                      data (--dense-export-mb, 256 MiB): memory per finding, not per byte
#   --formats          also measure piiscan's peak RSS with --format json, csv and table (one run
#                      each) on the corpus, and on the HR export with --dense-export
#   --per-category     also time piiscan and rg -j1 per file category (5 interleaved rounds)
#   --rg-unicode       also time rg in its default Unicode mode (-j1), for reference
#   --accuracy         also run the accuracy benchmark (bench/accuracy/run.sh) on the same binary
#   --work DIR         scratch folder for patterns, reports and JSON (default /tmp/piiscan-bench)
#   --results FILE     Markdown output (default bench/results/latest.md)
#
# Each round also runs two -j1 commands of a tool at once ("2 × -j1"), each on the whole
# corpus: what two cores give two scans that share nothing, 2 × t(-j1) / t(2 × -j1), bounds
# what any -j2 could gain on this machine (shared caches, memory, the VM's clock), and the -j2
# speedup is shown against it. (piiscan -j1 runs its walk on a thread of its own, so two of
# them also share that core's spare time; rg -j1 is one thread.)
#
# What is compared, and why these flags (see docs/performance.md):
#   piiscan scan CORPUS -jN --format jsonl -o FILE --fail-on never --quiet
#   rg --no-config --no-ignore --hidden --no-unicode --count-matches -jN -f patterns.txt CORPUS
# --no-ignore --hidden: rg reads every file piiscan reads (piiscan has no ignore files and scans
# dot files). No -a: rg stops reading a file at its first NUL byte and piiscan sniffs binary
# files from their first block and skips them, so neither scans random bytes as text.
# --no-unicode: RE2 (piiscan) treats \b and classes as ASCII; so does rg without Unicode. Both
# find the same matches; rg's Unicode \b only makes rg much slower (see --rg-unicode).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
PY=/usr/bin/python3

BIN=$repo/build/piiscan
CORPUS=/tmp/piiscan-bench/share
WORK=/tmp/piiscan-bench
SCALE=1.0
SEED=2026
RUNS=5
WARMUP=1
SMALL=200000
BIG_LINE=0
BIG_MB=1024
DENSE=0
DENSE_MB=256
FORMATS=0
PER_CATEGORY=0
CATEGORY_ROUNDS=5
RG_UNICODE=0
ACCURACY=0
RESULTS=$repo/bench/results/latest.md

die() { echo "run.sh: $*" >&2; exit 2; }
usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'; }

ORIG_ARGS="$*"
positional=()
while [ $# -gt 0 ]; do
  case "$1" in
    --scale) SCALE=$2; shift 2 ;;
    --seed) SEED=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --small-files) SMALL=$2; shift 2 ;;
    --big-line) BIG_LINE=1; shift ;;
    --big-line-mb) BIG_MB=$2; BIG_LINE=1; shift 2 ;;
    --dense-export) DENSE=1; shift ;;
    --dense-export-mb) DENSE_MB=$2; DENSE=1; shift 2 ;;
    --formats) FORMATS=1; shift ;;
    --per-category) PER_CATEGORY=1; shift ;;
    --accuracy) ACCURACY=1; shift ;;
    --rg-unicode) RG_UNICODE=1; shift ;;
    --work) WORK=$2; shift 2 ;;
    --results) RESULTS=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    -*) die "unknown option $1 (see --help)" ;;
    *) positional+=("$1"); shift ;;
  esac
done
[ ${#positional[@]} -ge 1 ] && BIN=${positional[0]}
[ ${#positional[@]} -ge 2 ] && CORPUS=${positional[1]}
[ ${#positional[@]} -le 2 ] || die "too many arguments (see --help)"

for tool in hyperfine rg /usr/bin/time "$PY"; do
  command -v "$tool" >/dev/null || die "$tool not found (apt-get install -y hyperfine ripgrep time)"
done
[ -x "$BIN" ] || die "no piiscan binary at $BIN (build it first: cmake --build build --target piiscan)"
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
mkdir -p "$WORK" "$(dirname "$RESULTS")"
WORK=$(cd "$WORK" && pwd)
META=$WORK/meta.txt
: >"$META"
meta() { printf '%s=%s\n' "$1" "$2" >>"$META"; }
q() { printf '%q' "$1"; }  # quoting that hyperfine -N (shell-words) understands

# ---------------------------------------------------------------------------------------------
# Corpus
if [ ! -d "$CORPUS" ]; then
  echo "== generating corpus $CORPUS (scale $SCALE, seed $SEED)"
  "$PY" "$here/gen_share.py" --out "$CORPUS" --scale "$SCALE" --seed "$SEED"
fi
CORPUS=$(cd "$CORPUS" && pwd)
read -r corpus_files corpus_bytes < <(find "$CORPUS" -type f -printf '%s\n' |
  awk '{n++; s+=$1} END {print n+0, s+0}')
meta corpus "$CORPUS"
meta corpus_files "$corpus_files"
meta corpus_bytes "$corpus_bytes"
[ -f "$CORPUS/.piiscan-bench" ] && meta corpus_manifest "$CORPUS/.piiscan-bench"
echo "== corpus: $corpus_files files, $((corpus_bytes / 1000000)) MB"

# ---------------------------------------------------------------------------------------------
# Patterns: piiscan's own rule regexes, one per line, empty ones skipped
PAT=$WORK/patterns.txt
if "$BIN" rules list --format regex >"$WORK/patterns.raw" 2>/dev/null && [ -s "$WORK/patterns.raw" ]; then
  meta patterns_source "piiscan rules list --format regex"
else
  "$BIN" rules list --format json | "$PY" -c '
import json, sys
for rule in json.load(sys.stdin):
    if rule.get("regex"):
        print(rule["regex"])' >"$WORK/patterns.raw"
  meta patterns_source "piiscan rules list --format json (regex field)"
fi
RG_MODE=(--no-config --no-ignore --hidden --no-unicode)
: >"$PAT"
rejected=0
n_patterns=0
while IFS= read -r pattern || [ -n "$pattern" ]; do
  [ -n "$pattern" ] || continue
  n_patterns=$((n_patterns + 1))
  printf '%s\n' "$pattern" >"$WORK/one-pattern.txt"
  rc=0
  rg "${RG_MODE[@]}" -f "$WORK/one-pattern.txt" /dev/null >/dev/null 2>"$WORK/rg-error.txt" || rc=$?
  if [ "$rc" -ge 2 ]; then
    rejected=$((rejected + 1))
    echo "run.sh: rg rejects pattern (excluded from rg; piiscan cannot drop a built-in rule): $pattern" >&2
    meta rejected_pattern "$pattern"
  else
    printf '%s\n' "$pattern" >>"$PAT"
  fi
done <"$WORK/patterns.raw"
rm -f "$WORK/one-pattern.txt" "$WORK/rg-error.txt"
meta patterns "$n_patterns"
meta patterns_rejected "$rejected"
[ -s "$PAT" ] || die "no patterns exported from $BIN"
# A large set may exceed rg's default compiled-size limits: raise them rather than fail.
rc=0
rg "${RG_MODE[@]}" -f "$PAT" /dev/null >/dev/null 2>&1 || rc=$?
[ "$rc" -lt 2 ] || RG_MODE+=(--regex-size-limit 1G --dfa-size-limit 1G)
meta rg_flags "${RG_MODE[*]}"
echo "== $n_patterns patterns ($rejected rejected by rg) -> $PAT"

piiscan_cmd() {  # threads [corpus [report]]
  echo "$(q "$BIN") scan $(q "${2:-$CORPUS}") -j$1 --format jsonl -o $(q "${3:-$WORK/out-j$1.jsonl}") --fail-on never --quiet"
}
rg_cmd() {  # threads [corpus]
  echo "rg ${RG_MODE[*]} --count-matches -j$1 -f $(q "$PAT") $(q "${2:-$CORPUS}")"
}
# Two -j1 commands at once, from a script (hyperfine -N runs no shell); the second piiscan
# writes a report of its own.
PAIR_PIISCAN=$WORK/pair-piiscan.sh
PAIR_RG=$WORK/pair-rg.sh
printf '%s &\n%s &\nwait\n' "$(piiscan_cmd 1)" "$(piiscan_cmd 1 "$CORPUS" "$WORK/out-pair.jsonl")" \
  >"$PAIR_PIISCAN"
printf '%s >/dev/null &\n%s >/dev/null &\nwait\n' "$(rg_cmd 1)" "$(rg_cmd 1)" >"$PAIR_RG"

# ---------------------------------------------------------------------------------------------
# Preflight: exit codes, findings and matches (also warms the page cache)
echo "== preflight"
rc=0
"$BIN" scan "$CORPUS" -j2 --format jsonl -o "$WORK/preflight.jsonl" --fail-on never --quiet || rc=$?
[ "$rc" -le 2 ] || die "piiscan scan failed with exit code $rc"
meta piiscan_exit "$rc"
meta piiscan_report "$WORK/preflight.jsonl"
rc=0
rg "${RG_MODE[@]}" --count-matches -j2 -f "$PAT" "$CORPUS" >"$WORK/rg-counts.txt" || rc=$?
[ "$rc" -le 1 ] || die "rg failed with exit code $rc"
meta rg_matches "$(awk -F: '{s += $NF} END {print s + 0}' "$WORK/rg-counts.txt")"
meta rg_files_with_matches "$(wc -l <"$WORK/rg-counts.txt")"

meta load_before "$(cut -d' ' -f1-3 /proc/loadavg)"
meta started "$(date -u +%Y-%m-%dT%H:%M:%SZ)"

# ---------------------------------------------------------------------------------------------
# Throughput in interleaved rounds: each round runs every command once, so a change in the
# machine's load (this VM's neighbours come and go within seconds) hits piiscan and rg alike.
# hyperfine alone would run all runs of one command before the next.
echo "== hyperfine: corpus, -j1 and -j2, $RUNS interleaved rounds"
corpus_round() {  # $1: number of runs, $2: export file
  hyperfine -N -i --warmup 0 --runs "$1" --export-json "$2" \
    -n "piiscan -j1" "$(piiscan_cmd 1)" -n "rg -j1" "$(rg_cmd 1)" \
    -n "piiscan -j2" "$(piiscan_cmd 2)" -n "rg -j2" "$(rg_cmd 2)" \
    -n "piiscan 2 × -j1" "bash $(q "$PAIR_PIISCAN")" -n "rg 2 × -j1" "bash $(q "$PAIR_RG")" >/dev/null
}
[ "$WARMUP" -gt 0 ] && corpus_round "$WARMUP" "$WORK/corpus-warmup.json"
rounds=()
for ((round = 1; round <= RUNS; round++)); do
  corpus_round 1 "$WORK/corpus-round-$round.json"
  rounds+=("$WORK/corpus-round-$round.json")
done
"$PY" "$here/merge_rounds.py" "$WORK/hyperfine-corpus.json" "${rounds[@]}"
meta hyperfine_corpus "$WORK/hyperfine-corpus.json"
meta cmd_piiscan "$(piiscan_cmd 1)"
meta cmd_rg "$(rg_cmd 1)"

if [ "$RG_UNICODE" = 1 ]; then
  echo "== hyperfine: rg in Unicode mode (reference)"
  hyperfine -N -i --warmup 0 --runs "$RUNS" --export-json "$WORK/hyperfine-rg-unicode.json" \
    -n "rg -j1 (Unicode)" "rg --no-config --no-ignore --hidden --count-matches -j1 -f $(q "$PAT") $(q "$CORPUS")"
  meta hyperfine_rg_unicode "$WORK/hyperfine-rg-unicode.json"
fi

echo "== hyperfine: start-up (one empty file)"
: >"$WORK/empty.txt"
hyperfine -N -i --warmup 2 --runs 20 --export-json "$WORK/hyperfine-startup.json" \
  -n piiscan "$(piiscan_cmd 1 "$WORK/empty.txt")" -n rg "$(rg_cmd 1 "$WORK/empty.txt")" >/dev/null
meta hyperfine_startup "$WORK/hyperfine-startup.json"

# ---------------------------------------------------------------------------------------------
# Peak memory
peak() {  # label, command...
  local label=$1; shift
  local rc=0
  /usr/bin/time -v "$@" >/dev/null 2>"$WORK/time-$label.txt" || rc=$?
  meta "rss_$label" "$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/time-$label.txt")"
  meta "wall_$label" "$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$WORK/time-$label.txt")"
  meta "exit_$label" "$rc"
}
echo "== peak RSS"
peak piiscan_corpus "$BIN" scan "$CORPUS" -j2 --format jsonl -o "$WORK/out-rss.jsonl" --fail-on never --quiet
peak rg_corpus rg "${RG_MODE[@]}" --count-matches -j2 -f "$PAT" "$CORPUS"
# The other report formats write sorted output at the end: what they hold until then.
peak_formats() {  # label, target
  for format in json csv table; do
    peak "piiscan_${1}_$format" "$BIN" scan "$2" -j2 --format "$format" \
      -o "$WORK/out-format.$format" --fail-on never --quiet
    rm -f "$WORK/out-format.$format"
  done
}
if [ "$FORMATS" = 1 ]; then peak_formats corpus "$CORPUS"; fi

if [ "$BIG_LINE" = 1 ]; then
  BIG=$WORK/big-line-${BIG_MB}m.json
  [ -f "$BIG" ] || "$PY" "$here/gen_share.py" --big-line "$BIG" --big-line-mb "$BIG_MB" --seed "$SEED"
  cat "$BIG" >/dev/null  # page cache
  meta big_line_file "$BIG"
  meta big_line_bytes "$(stat -c %s "$BIG")"
  peak piiscan_bigline "$BIN" scan "$BIG" -j2 --format jsonl -o "$WORK/out-bigline.jsonl" --fail-on never --quiet
  peak rg_bigline rg "${RG_MODE[@]}" --count-matches -j2 -f "$PAT" "$BIG"
fi

if [ "$DENSE" = 1 ]; then
  DENSE_FILE=$WORK/dense-export-${DENSE_MB}m.csv
  [ -f "$DENSE_FILE" ] || "$PY" "$here/gen_share.py" --dense-export "$DENSE_FILE" \
    --dense-export-mb "$DENSE_MB" --seed "$SEED"
  cat "$DENSE_FILE" >/dev/null  # page cache
  meta dense_file "$DENSE_FILE"
  meta dense_bytes "$(stat -c %s "$DENSE_FILE")"
  peak piiscan_dense "$BIN" scan "$DENSE_FILE" -j2 --format jsonl -o "$WORK/out-dense.jsonl" \
    --fail-on never --quiet
  peak rg_dense rg "${RG_MODE[@]}" --count-matches -j2 -f "$PAT" "$DENSE_FILE"
  if [ "$FORMATS" = 1 ]; then peak_formats dense "$DENSE_FILE"; fi
  meta dense_findings "$(tail -n 1 "$WORK/out-dense.jsonl" | "$PY" -c \
    'import json, sys; print(sum(json.load(sys.stdin)["summary"]["findings_by_detector"].values()))')"
  meta dense_report_bytes "$(stat -c %s "$WORK/out-dense.jsonl")"
fi

# ---------------------------------------------------------------------------------------------
# Files per second on many small files
if [ "$SMALL" -gt 0 ]; then
  SMALLDIR=$WORK/small-$SMALL
  [ -d "$SMALLDIR" ] || "$PY" "$here/gen_share.py" --small-files "$SMALL" --out "$SMALLDIR" --seed "$SEED"
  meta small_dir "$SMALLDIR"
  meta small_files "$(find "$SMALLDIR" -type f | wc -l)"
  echo "== hyperfine: $SMALL small files"
  hyperfine -N -i --warmup "$WARMUP" --runs "$RUNS" --export-json "$WORK/hyperfine-small.json" \
    -n "piiscan -j1" "$(piiscan_cmd 1 "$SMALLDIR")" -n "rg -j1" "$(rg_cmd 1 "$SMALLDIR")" \
    -n "piiscan -j2" "$(piiscan_cmd 2 "$SMALLDIR")" -n "rg -j2" "$(rg_cmd 2 "$SMALLDIR")"
  meta hyperfine_small "$WORK/hyperfine-small.json"
fi

# ---------------------------------------------------------------------------------------------
# Per category (-j1; piiscan --files-from, rg with the same paths as arguments)
TSV=$(dirname "$CORPUS")/$(basename "$CORPUS").files.tsv
if [ "$PER_CATEGORY" = 1 ]; then
  if [ ! -f "$TSV" ]; then
    echo "run.sh: no $TSV (corpus not made by gen_share.py?): skipping --per-category" >&2
  else
    echo "== hyperfine: per category, -j1, $CATEGORY_ROUNDS interleaved rounds"
    args=()
    for cat in $(cut -f1 "$TSV" | sort -u); do
      [ "$cat" = misc ] && continue
      list=$WORK/cat-$cat.txt
      awk -F'\t' -v c="$cat" -v root="$CORPUS" '$1 == c {print root "/" $2}' "$TSV" >"$list"
      meta "cat_bytes_$cat" "$(xargs -d '\n' stat -c %s <"$list" | awk '{s+=$1} END {print s+0}')"
      meta "cat_files_$cat" "$(wc -l <"$list")"
      args+=(-n "piiscan $cat" "$(q "$BIN") scan --files-from $(q "$list") -j1 --format jsonl -o $(q "$WORK/out-cat.jsonl") --fail-on never --quiet")
      args+=(-n "rg $cat" "xargs -d '\\n' -a $(q "$list") rg ${RG_MODE[*]} --count-matches -j1 -f $(q "$PAT") > /dev/null")
    done
    # Interleaved rounds, as for the whole corpus: every command once per round.
    hyperfine -i --runs 1 --export-json "$WORK/category-warmup.json" "${args[@]}" >/dev/null
    rounds=()
    for ((round = 1; round <= CATEGORY_ROUNDS; round++)); do
      hyperfine -i --runs 1 --export-json "$WORK/category-round-$round.json" "${args[@]}" >/dev/null
      rounds+=("$WORK/category-round-$round.json")
    done
    "$PY" "$here/merge_rounds.py" "$WORK/hyperfine-category.json" "${rounds[@]}"
    meta hyperfine_category "$WORK/hyperfine-category.json"
  fi
fi

meta load_after "$(cut -d' ' -f1-3 /proc/loadavg)"
meta finished "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
meta nproc "$(nproc)"
meta cpu "$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
meta mem_total "$(awk '/MemTotal/ {print $2 " kB"}' /proc/meminfo)"
meta piiscan_version "$("$BIN" --version 2>&1 | sed -n 1p)"
meta rg_version "$(rg --version | sed -n 1p)"
meta hyperfine_version "$(hyperfine --version)"
meta commit "$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)"
meta dirty "$(git -C "$repo" --no-optional-locks status --porcelain --untracked-files=no 2>/dev/null | wc -l)"
meta args "$ORIG_ARGS"
meta scale_arg "$SCALE"
meta runs "$RUNS"
meta warmup "$WARMUP"

if [ "$ACCURACY" = 1 ]; then
  echo "== accuracy"
  rc=0
  "$here/accuracy/run.sh" "$BIN" 42 "$WORK/accuracy" >"$WORK/accuracy.txt" 2>&1 || rc=$?
  meta accuracy "$WORK/accuracy.txt"
  meta accuracy_exit "$rc"
fi

"$PY" "$here/report.py" "$META" | tee "$RESULTS"
echo "run.sh: wrote $RESULTS (raw data in $WORK)" >&2
