#!/usr/bin/env python3
"""Merges hyperfine JSON exports of interleaved rounds into one export.

bench/run.sh times the corpus commands in rounds, each round running every command once, so
that a change in the machine's load hits piiscan and rg alike instead of whichever command
hyperfine happened to be running. This writes the rounds as one hyperfine export (median,
min, max, mean, user and system time per command, and every round's time), which is what
bench/report.py reads.

    bench/merge_rounds.py OUT.json ROUND.json...
"""

import json
import statistics
import sys
from pathlib import Path


def merge(paths: list[str]) -> dict:
    runs: dict[str, dict[str, list[float]]] = {}
    for path in paths:
        for result in json.loads(Path(path).read_text())["results"]:
            entry = runs.setdefault(result["command"], {"times": [], "user": [], "system": []})
            entry["times"].extend(result["times"])
            entry["user"].append(result["user"])
            entry["system"].append(result["system"])
    results = []
    for command, entry in runs.items():
        times = entry["times"]
        results.append({
            "command": command,
            "times": times,
            "median": statistics.median(times),
            "min": min(times),
            "max": max(times),
            "mean": statistics.fmean(times),
            "stddev": statistics.stdev(times) if len(times) > 1 else 0.0,
            "user": statistics.fmean(entry["user"]),
            "system": statistics.fmean(entry["system"]),
        })
    return {"results": results, "rounds": len(paths)}


def main() -> int:
    if len(sys.argv) < 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    Path(sys.argv[1]).write_text(json.dumps(merge(sys.argv[2:]), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
