#!/usr/bin/env bash
# Two piiscan binaries on one corpus, in interleaved rounds: each round runs A -j1, B -j1,
# A -j2, B -j2 once, so the machine's drift hits both alike. Prints each binary's median wall
# time at -j1 and -j2, its -j2 speedup (median of the rounds' ratios), and B / A per thread
# count (median of the paired ratios).
#
#   bench/compare.sh ROUNDS BIN_A BIN_B [CORPUS]
#
# CORPUS defaults to /tmp/piiscan-bench/share (bench/run.sh generates it). The scans write
# JSON Lines to a temporary file, as bench/run.sh does.
set -euo pipefail
[ $# -ge 3 ] || { sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
rounds=$1 a=$2 b=$3 corpus=${4:-/tmp/piiscan-bench/share}
out=$(mktemp --suffix=.jsonl)
trap 'rm -f "$out"' EXIT
for _ in $(seq "$rounds"); do
  for threads in 1 2; do
    for bin in "$a" "$b"; do
      start=$(date +%s%N)
      "$bin" scan "$corpus" -j"$threads" --format jsonl -o "$out" --fail-on never --quiet
      echo "$bin $threads $(( ($(date +%s%N) - start) / 1000 ))"
    done
  done
done | python3 -c '
import collections, statistics as st, sys
times = collections.defaultdict(list)
for line in sys.stdin:
    binary, threads, micros = line.split()
    times[(binary, threads)].append(int(micros) / 1e6)
a, b = sys.argv[1], sys.argv[2]
for name in (a, b):
    j1, j2 = times[(name, "1")], times[(name, "2")]
    speedups = [x / y for x, y in zip(j1, j2)]
    print(f"{name}: -j1 {st.median(j1):.3f} s, -j2 {st.median(j2):.3f} s, speedup "
          f"{st.median(speedups):.3f} (rounds {min(speedups):.2f}-{max(speedups):.2f})")
for threads in ("1", "2"):
    paired = [y / x for x, y in zip(times[(a, threads)], times[(b, threads)])]
    print(f"B / A at -j{threads}: {st.median(paired):.3f}")
' "$a" "$b"
