#!/usr/bin/env python3
"""Turn the data bench/run.sh collected (meta.txt + hyperfine JSON) into a Markdown report.

    python3 bench/report.py /tmp/piiscan-bench/meta.txt > bench/results/latest.md

MB means 10^6 bytes; MiB (memory) means 2^20 bytes. Ratios are piiscan / rg wall time
(below 1.0 means piiscan is faster).
"""

from __future__ import annotations

import json
import statistics
import re
import sys
from pathlib import Path

MB = 1_000_000


def read_meta(path: str) -> dict:
    meta: dict = {}
    for line in Path(path).read_text().splitlines():
        key, _, value = line.partition("=")
        if key == "rejected_pattern":
            meta.setdefault(key, []).append(value)
        else:
            meta[key] = value
    return meta


def hyperfine(path: str | None) -> dict:
    if not path or not Path(path).exists():
        return {}
    data = json.loads(Path(path).read_text())
    return {r["command"]: r for r in data["results"]}


def corpus_rounds(path: str | None) -> int:
    """How many interleaved rounds bench/merge_rounds.py merged; 0 for a plain hyperfine run."""
    if not path or not Path(path).exists():
        return 0
    return int(json.loads(Path(path).read_text()).get("rounds", 0))


def per_round(num: dict, den: dict, factor: float = 1.0) -> list | None:
    """factor × num / den within each interleaved round (None without rounds to pair)."""
    a, b = num.get("times", []), den.get("times", [])
    return [factor * x / y for x, y in zip(a, b)] if len(a) == len(b) and len(a) > 1 else None


def fmt_s(x: float) -> str:
    return f"{x:.3f}" if x < 10 else f"{x:.2f}"


def mib(kb: str | None) -> str:
    return f"{int(kb) / 1024:.0f} MiB" if kb else "–"


def piiscan_summary(path: str | None) -> dict:
    if not path or not Path(path).exists():
        return {}
    last = None
    for line in Path(path).read_text().splitlines():
        if line.startswith('{"type":"summary"'):
            last = json.loads(line)
    return last or {}


def accuracy_row(meta: dict) -> str:
    """The goal row for precision and recall, from bench/accuracy/run.sh output (--accuracy)."""
    goal = "| precision and recall unchanged | accuracy benchmark (`bench/accuracy/`) | "
    path = meta.get("accuracy")
    if not path or not Path(path).exists():
        return goal + "not measured here (`--accuracy`) | – |"
    text = Path(path).read_text()
    total = re.search(r"^\| \*\*all\*\* \| (\d+) \|.*\| ([0-9.]+) \| ([0-9.]+) \|$", text, re.M)
    met = re.search(r"^goal \(.*\): (met|not met)", text, re.M)
    if not total or not met:
        return goal + f"unreadable output ({path}) | – |"
    labels, precision, recall = int(total.group(1)), total.group(2), total.group(3)
    return (goal + f"precision {precision}, recall {recall} over {labels:,} labelled values; "
            f"≥ 0.995 for every detector: {met.group(1)} | {status(met.group(1) == 'met')} |")


def status(ok: bool | None) -> str:
    return "–" if ok is None else ("met" if ok else "**not met**")


def main() -> int:
    meta = read_meta(sys.argv[1])
    mbytes = int(meta["corpus_bytes"]) / MB
    corpus = hyperfine(meta.get("hyperfine_corpus"))
    out = []
    w = out.append

    manifest = {}
    if meta.get("corpus_manifest") and Path(meta["corpus_manifest"]).exists():
        manifest = json.loads(Path(meta["corpus_manifest"]).read_text())
    gen = (f"`bench/gen_share.py --seed {manifest['seed']} --scale {manifest['scale']}`"
           if manifest.get("scale") is not None else "not made by gen_share.py")

    w(f"# piiscan vs ripgrep: throughput benchmark")
    w("")
    w(f"Run {meta.get('started', '?')} – {meta.get('finished', '?')}, commit `{meta.get('commit')}`"
      f"{' (with uncommitted changes)' if meta.get('dirty', '0') != '0' else ''}, "
      f"`{meta.get('piiscan_version')}`, {meta.get('rg_version')}, {meta.get('hyperfine_version')}.")
    w("")
    w(f"**Machine:** {meta.get('nproc')} × {meta.get('cpu')}, {meta.get('mem_total')}; "
      f"load average (1/5/15 min) before {meta.get('load_before')}, after {meta.get('load_after')}. "
      "This is a shared, noisy 2-core VM: absolute numbers move by ±15 % or more between runs; "
      "compare the **ratios** within one run.")
    w("")
    w(f"**Corpus:** {meta['corpus_files']} files, {mbytes:.1f} MB ({gen}), page cache warm. "
      f"**Patterns:** {int(meta['patterns']) - int(meta.get('patterns_rejected', 0))} of "
      f"{meta['patterns']} non-empty rule regexes from {meta.get('patterns_source')}.")
    for p in meta.get("rejected_pattern", []):
        w(f"- rejected by rg and left out on the rg side only (piiscan cannot drop a built-in rule): `{p}`")
    summ = piiscan_summary(meta.get("piiscan_report"))
    if summ:
        scan, s = summ.get("scan", {}), summ.get("summary", {})
        findings = sum(s.get("findings_by_detector", {}).values())
        skipped = scan.get("skipped", [])
        incomplete = sum(1 for x in skipped if x.get("incomplete"))
        w(f"**Work done:** piiscan scanned {scan.get('files_scanned')} files "
          f"({scan.get('bytes_scanned', 0) / MB:.1f} MB of text), skipped {len(skipped)} "
          f"(binary or unsupported; {incomplete} make the scan incomplete, exit code "
          f"{meta.get('piiscan_exit')}), and reported {findings} findings after validation; "
          f"rg counted {meta.get('rg_matches')} regex matches in {meta.get('rg_files_with_matches')} files.")
    w("")

    rows = [("piiscan -j1", "rg -j1"), ("piiscan -j2", "rg -j2")]
    w("| command | threads | median s | min – max s | MB/s | piiscan / rg |")
    w("|---|---:|---:|---:|---:|---:|")
    ratio = {}
    for p, r in rows:
        if p not in corpus or r not in corpus:
            continue
        ratio[p[-2:]] = corpus[p]["median"] / corpus[r]["median"]
        for name in (p, r):
            res = corpus[name]
            tool = "`piiscan scan`" if name.startswith("piiscan") else "`rg --count-matches`"
            rat = f"**{ratio[p[-2:]]:.2f}**" if name == p else ""
            w(f"| {tool} | {name[-1]} | {fmt_s(res['median'])} | {fmt_s(res['min'])} – "
              f"{fmt_s(res['max'])} | {mbytes / res['median']:.0f} | {rat} |")
    paired = []
    for p, r in rows:
        each = per_round(corpus.get(p, {}), corpus.get(r, {}))
        if each:
            paired.append(f"-{p[-2:]} median {statistics.median(each):.2f} "
                          f"(rounds {min(each):.2f} – {max(each):.2f})")
    uni = hyperfine(meta.get("hyperfine_rg_unicode"))
    for name, res in uni.items():
        w(f"| `rg --count-matches`, Unicode mode (reference) | 1 | {fmt_s(res['median'])} | "
          f"{fmt_s(res['min'])} – {fmt_s(res['max'])} | {mbytes / res['median']:.0f} | |")
    rounds = corpus_rounds(meta.get("hyperfine_corpus"))
    if paired and rounds:
        w("")
        w(f"piiscan / rg within each of the {rounds} interleaved "
          f"rounds: " + "; ".join(paired) + ".")
    w("")

    sp = {}
    sp_rounds = {}  # the speedup within each interleaved round: how far this machine moves it
    bound = {}  # 2 × t(-j1) / t(two -j1 at once): what two cores give two independent scans
    bound_rounds = {}
    for tool in ("piiscan", "rg"):
        if f"{tool} -j1" in corpus and f"{tool} -j2" in corpus:
            sp[tool] = corpus[f"{tool} -j1"]["median"] / corpus[f"{tool} -j2"]["median"]
            each = per_round(corpus[f"{tool} -j1"], corpus[f"{tool} -j2"])
            if each:
                sp_rounds[tool] = f" (rounds {min(each):.2f}–{max(each):.2f})"
        pair = corpus.get(f"{tool} 2 × -j1")
        if pair and f"{tool} -j1" in corpus:
            bound[tool] = 2 * corpus[f"{tool} -j1"]["median"] / pair["median"]
            each = per_round(corpus[f"{tool} -j1"], pair, factor=2)
            if each:
                bound_rounds[tool] = f" (rounds {min(each):.2f}–{max(each):.2f})"
    small = hyperfine(meta.get("hyperfine_small"))
    nsmall = int(meta.get("small_files", 0) or 0)

    def fps(name):
        return f"{nsmall / small[name]['median']:,.0f}" if name in small else "–"

    w("| measure | piiscan | rg |")
    w("|---|---:|---:|")
    if sp:
        w(f"| -j2 speedup over -j1 (median) | {sp.get('piiscan', 0):.2f}×{sp_rounds.get('piiscan', '')} | "
          f"{sp.get('rg', 0):.2f}×{sp_rounds.get('rg', '')} |")
    if bound:
        w(f"| two -j1 runs at once: 2 × t(-j1) / t(both), what two cores give two independent "
          f"scans | {bound.get('piiscan', 0):.2f}×{bound_rounds.get('piiscan', '')} | "
          f"{bound.get('rg', 0):.2f}×{bound_rounds.get('rg', '')} |")
        share = {t: sp[t] / bound[t] for t in bound if t in sp}
        w(f"| -j2 speedup as a share of that | {share.get('piiscan', 0):.0%} | "
          f"{share.get('rg', 0):.0%} |")
    start = hyperfine(meta.get("hyperfine_startup"))
    if start:
        w(f"| start-up: scan of one empty file, -j1 (median) | "
          f"{start['piiscan']['median'] * 1000:.1f} ms | {start['rg']['median'] * 1000:.1f} ms |")
    w(f"| peak RSS, whole corpus, -j2 | {mib(meta.get('rss_piiscan_corpus'))} | "
      f"{mib(meta.get('rss_rg_corpus'))} |")
    if meta.get("big_line_bytes"):
        big = int(meta["big_line_bytes"])
        w(f"| peak RSS, one {big / 2 ** 20:.0f} MiB single-line file, -j2 | "
          f"{mib(meta.get('rss_piiscan_bigline'))} | {mib(meta.get('rss_rg_bigline'))} |")
        w(f"| wall time on that file (one run) | {meta.get('wall_piiscan_bigline')} | "
          f"{meta.get('wall_rg_bigline')} |")
    if meta.get("dense_bytes"):
        dense, found = int(meta["dense_bytes"]), int(meta.get("dense_findings", 0))
        w(f"| peak RSS, one {dense / 2 ** 20:.0f} MiB HR export ({found:,} findings, "
          f"{int(meta.get('dense_report_bytes', 0)) / MB:.0f} MB of JSON Lines), -j2 | "
          f"{mib(meta.get('rss_piiscan_dense'))} | {mib(meta.get('rss_rg_dense'))} |")
        w(f"| wall time on that file (one run) | {meta.get('wall_piiscan_dense')} | "
          f"{meta.get('wall_rg_dense')} |")
    for what, name in (("corpus", "whole corpus"), ("dense", "HR export")):
        for fmt in ("json", "csv", "table"):
            if meta.get(f"rss_piiscan_{what}_{fmt}"):
                w(f"| peak RSS, {name}, -j2, `--format {fmt}` | "
                  f"{mib(meta.get(f'rss_piiscan_{what}_{fmt}'))} in "
                  f"{meta.get(f'wall_piiscan_{what}_{fmt}')} | – |")
    if small:
        w(f"| small files/s, {nsmall:,} files, -j1 | {fps('piiscan -j1')} | {fps('rg -j1')} |")
        w(f"| small files/s, {nsmall:,} files, -j2 | {fps('piiscan -j2')} | {fps('rg -j2')} |")
    w("")

    cats = hyperfine(meta.get("hyperfine_category"))
    if cats:
        cat_rounds = corpus_rounds(meta.get("hyperfine_category"))
        how = f"{cat_rounds} interleaved rounds" if cat_rounds else "3 runs each"
        w(f"Per file category, -j1, {how} (piiscan `--files-from`, rg with the same paths):")
        w("")
        w("| category | files | MB | piiscan MB/s | rg MB/s | piiscan / rg |")
        w("|---|---:|---:|---:|---:|---:|")
        names = sorted({n.split(" ", 1)[1] for n in cats},
                       key=lambda c: -int(meta.get(f"cat_bytes_{c}", 0)))
        for c in names:
            p, r = cats.get(f"piiscan {c}"), cats.get(f"rg {c}")
            if not p or not r:
                continue
            b = int(meta.get(f"cat_bytes_{c}", 0)) / MB
            w(f"| {c} | {meta.get(f'cat_files_{c}')} | {b:.1f} | {b / p['median']:.0f} | "
              f"{b / r['median']:.0f} | {p['median'] / r['median']:.2f} |")
        w("")

    w("Goals from issue 5:")
    w("")
    w("| goal | target | measured | status |")
    w("|---|---|---:|---|")
    for j in ("j1", "j2"):
        if j in ratio:
            w(f"| piiscan / rg wall time, -{j} | ≤ 1.0 (stretch ≤ 0.5) | {ratio[j]:.2f} | "
              f"{status(ratio[j] <= 1.0)} |")
    if "piiscan" in sp:
        w(f"| piiscan -j2 speedup over -j1 | ≥ 1.8× | {sp['piiscan']:.2f}× | "
          f"{status(sp['piiscan'] >= 1.8)} |")
    if meta.get("rss_piiscan_bigline"):
        kb, big = int(meta["rss_piiscan_bigline"]), int(meta.get("big_line_bytes", 0))
        full = big >= 1000 * 2 ** 20  # the generator cuts at a record boundary just below 1 GiB
        w(f"| peak RSS, 1 GiB single-line file | ≤ 256 MiB | {kb / 1024:.0f} MiB"
          f"{'' if full else f' (on {big / 2 ** 20:.0f} MiB only)'} | "
          f"{status(kb <= 256 * 1024) if full else '–'} |")
    if meta.get("rss_piiscan_dense"):
        kb, dense = int(meta["rss_piiscan_dense"]), int(meta.get("dense_bytes", 0))
        full = dense >= 256 * 2 ** 20  # a small export cannot show that memory stays flat
        w(f"| peak RSS, {dense / 2 ** 20:.0f} MiB HR export (memory does not grow with the "
          f"findings) | ≤ 256 MiB | {kb / 1024:.0f} MiB | "
          f"{status(kb <= 256 * 1024) if full else '– (export under 256 MiB)'} |")
    if meta.get("rss_piiscan_corpus"):
        kb = int(meta["rss_piiscan_corpus"])
        w(f"| peak RSS, whole corpus | ≤ 512 MiB | {kb / 1024:.0f} MiB | {status(kb <= 512 * 1024)} |")
    w(accuracy_row(meta))
    w("")
    why = ""
    if meta.get("piiscan_exit") == "2":
        why = ("; `-i` because piiscan exits 2 when the scan is incomplete (here: files of a "
               "format this build cannot extract)")
    timing = (f"{rounds} interleaved rounds of hyperfine `-N -i --runs 1` after "
              f"{meta.get('warmup')} warm-up round(s)" if rounds else
              f"hyperfine `-N -i --warmup {meta.get('warmup')} --runs {meta.get('runs')}`")
    w(f"Commands ({timing}{why}):")
    w("")
    w("```")
    w(meta.get("cmd_piiscan", ""))
    w(meta.get("cmd_rg", ""))
    w(f"bench/run.sh {meta.get('args', '')}".rstrip())
    w("```")
    if bound:
        w("")
        w("\"2 × -j1\" runs each tool's -j1 command twice at once (piiscan with a second report "
          "file), from a shell script in the work folder, timed like the others.")
    print("\n".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
