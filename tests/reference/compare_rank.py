#!/usr/bin/env python3
"""compare_rank.py GOT WANT: whether `zuofeng rank`'s CSV (GOT, with its BOM and p_last)
gives score_ref.py's (WANT): the same rows in the same order, total..deduction as numbers
within 0.01 (SCORING.md's tolerance), every other column as text. Prints each difference;
exits 1 on any."""
import csv
import sys

NUMERIC = range(4, 11)  # total, democratic, process, self, efficiency, survey_adjust, deduction


def load(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def compare(got_path, want_path):
    """The differences between two rank CSVs, one line each; none when they agree."""
    got, want = load(got_path), load(want_path)
    bad = []
    if len(got) != len(want):
        bad.append("%d rows, want %d" % (len(got), len(want)))
    for n, (g, w) in enumerate(zip(got, want), start=1):
        for k, wv in enumerate(w):
            gv = g[k] if k < len(g) else "<none>"
            if n > 1 and k in NUMERIC and gv != "" and wv != "" and gv != "<none>":
                same = abs(float(gv) - float(wv)) <= 0.01 + 1e-9
            else:
                same = gv == wv
            if not same:
                bad.append("line %d (%s) column %s: got %r, want %r" % (n, w[2], want[0][k], gv, wv))
    return bad


if __name__ == "__main__":
    problems = compare(sys.argv[1], sys.argv[2])
    for p in problems:
        print(p)
    sys.exit(1 if problems else 0)
