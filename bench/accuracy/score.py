#!/usr/bin/python3
"""Scores a piiscan JSONL report against labels.tsv (see gen.py): precision and recall per
detector. A finding is a true positive when path + line + detector + normalised value (letters
and digits, upper case) match a label; any other finding is a false positive (also a validated
value nobody labelled). Findings under chance/ are not scored but counted per confidence.

Usage: /usr/bin/python3 score.py LABELS.tsv REPORT.jsonl [--fp-only]
"""
import collections
import json
import sys


def norm(v):
    return "".join(c for c in v.upper() if c.isalnum())


def main():
    labels_path, report_path = sys.argv[1], sys.argv[2]
    labels = collections.Counter()
    per_det = collections.Counter()
    with open(labels_path, encoding="utf-8") as f:
        next(f)
        for row in f:
            path, line, det, value = row.rstrip("\n").split("\t")
            labels[(path, int(line), det, norm(value))] += 1
            per_det[det] += 1
    tp, fp = collections.Counter(), collections.Counter()
    chance = collections.Counter()
    fp_examples = collections.defaultdict(list)
    remaining = labels.copy()
    with open(report_path, encoding="utf-8") as f:
        for row in f:
            rec = json.loads(row)
            if rec.get("type") != "file":
                continue
            for fd in rec.get("findings", []):
                det = fd["detector"]
                if "/chance/" in rec["path"]:
                    chance[(det, fd["confidence"])] += 1
                    continue
                key = (rec["path"], fd["line"], det, norm(fd.get("value", "")))
                if remaining[key] > 0:
                    remaining[key] -= 1
                    tp[det] += 1
                else:
                    fp[det] += 1
                    if len(fp_examples[det]) < 5:
                        fp_examples[det].append("%s:%d %s (%s)" % (rec["path"], fd["line"], fd.get("value"), fd["confidence"]))
    fn_examples = collections.defaultdict(list)
    for (path, line, det, value), left in remaining.items():
        if left > 0 and len(fn_examples[det]) < 5:
            fn_examples[det].append("%s:%d %s" % (path, line, value))
    dets = sorted(set(per_det) | set(fp))
    print("| detector | labels | TP | FP | FN | precision | recall |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    ok = True
    for d in dets:
        t, p, n = tp[d], fp[d], per_det[d] - tp[d]
        prec = t / (t + p) if t + p else 1.0
        rec_ = t / per_det[d] if per_det[d] else 1.0
        ok = ok and prec >= 0.995 and rec_ >= 0.995
        print("| `%s` | %d | %d | %d | %d | %.4f | %.4f |" % (d, per_det[d], t, p, n, prec, rec_))
    T, P = sum(tp.values()), sum(fp.values())
    N = sum(per_det.values())
    print("| **all** | %d | %d | %d | %d | %.4f | %.4f |" % (N, T, P, N - T, T / (T + P), T / N))
    if chance:
        print("\nChance look-alikes (5,000 random 9-16 digit order numbers, unfiltered): findings per detector and confidence")
        for (d, c), k in sorted(chance.items()):
            print("  %-22s %-6s %d" % (d, c, k))
    for d in dets:
        for e in fp_examples[d]:
            print("FP", d, e, file=sys.stderr)
        for e in fn_examples[d]:
            print("FN", d, e, file=sys.stderr)
    print("\ngoal (>= 0.995 precision and recall for every detector):", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
