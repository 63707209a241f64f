#!/usr/bin/env python3
"""score_ref.py: a second implementation of SCORING.md, written from the contract alone, to
check `zuofeng rank` against on rounds nobody has worked out by hand (scoring_diff.sh).

    score_ref.py DIR

reads DIR/round.json, units.csv, ballots.csv, process.csv, self.csv, survey.csv and
adjustments.csv (UTF-8, English headers, as gen_round.py writes them; a missing file is no
rows) and prints the rank CSV of SCORING.md section 6 without its p_last column. It checks
nothing about the files: they are assumed valid.
"""
import csv
import json
import math
import os
import sys

DEFAULTS = {
    "components": {"process": 30, "democratic": 50, "self": 10, "efficiency": 10},
    "process_periods": {"daily": 10, "monthly": 30, "quarterly": 30, "annual": 30},
    "trim_ratio": 0.1,
    "survey": {"factor": 0.2, "cap": 5},
    "deduction_cap": 20,
    "grades": {"excellent_ratio": 0.2, "good_min": 80, "poor_below": 60},
    "rating_labels": {"满意": 100, "比较满意": 80, "基本满意": 60, "不满意": 0},
}
PERIODS = ("daily", "monthly", "quarterly", "annual")
COMPONENTS = ("process", "democratic", "self", "efficiency")


def config(raw):
    """The round's settings: omitted keys take their defaults, objects merge key by key."""
    c = {}
    for k, d in DEFAULTS.items():
        v = raw.get(k)
        if isinstance(d, dict):
            m = dict(d)
            m.update(v or {})
            c[k] = m
        else:
            c[k] = d if v is None else v
    c["groups"] = raw["groups"]
    c["indicators"] = raw["indicators"]
    return c


def rows(path):
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def blank(v):
    return v is None or v.strip() == ""


def wmean(pairs):
    """sum(w * x) / sum(w) over (w, x); None for no pairs."""
    pairs = list(pairs)
    if not pairs:
        return None
    return sum(w * x for w, x in pairs) / sum(w for w, _ in pairs)


def trimmed_mean(xs, trim):
    n = len(xs)
    if n == 0:
        return None
    k = math.floor(trim * n + 1e-9)
    kept = sorted(xs)[k:n - k]
    return sum(kept) / len(kept)


def llround(x):
    """C's llround: the nearest integer, halves away from zero."""
    return int(math.copysign(math.floor(abs(x) + 0.5), x))


def key(v):
    """A sort key for T, D or P: higher first, a missing value lowest."""
    return (0, 0) if v is None else (1, llround(v * 1e4))


def score(d):
    cfg = config(json.load(open(os.path.join(d, "round.json"), encoding="utf-8")))
    labels = cfg["rating_labels"]
    groups = {g["code"]: g for g in cfg["groups"]}
    units = {r["code"]: {"code": r["code"], "name": r["name"], "category": r["category"]}
             for r in rows(os.path.join(d, "units.csv"))}

    # ratings[(unit, group, indicator)] and the ballot count of (unit, group)
    ratings, count = {}, {}
    for r in rows(os.path.join(d, "ballots.csv")):
        u, g = r["unit"], r["group"]
        count[(u, g)] = count.get((u, g), 0) + 1
        for ind in cfg["indicators"][units[u]["category"]]:
            cell = r.get(ind["code"])
            if blank(cell):
                continue
            cell = cell.strip()
            v = labels[cell] if cell in labels else int(cell)
            ratings.setdefault((u, g, ind["code"]), []).append(v)

    process = {}
    for r in rows(os.path.join(d, "process.csv")):
        process.setdefault(r["unit"], {}).setdefault(r["period_type"], []).append(float(r["score"]))
    selfs = {r["unit"]: r for r in rows(os.path.join(d, "self.csv"))}
    survey = {r["unit"]: float(r["satisfaction"]) for r in rows(os.path.join(d, "survey.csv"))
              if not blank(r["satisfaction"])}
    points, veto, no_exc = {}, set(), set()
    for r in rows(os.path.join(d, "adjustments.csv")):
        u = r["unit"]
        points[u] = points.get(u, 0.0) + float(r["points"])
        if not blank(r.get("veto")) and int(r["veto"]) == 1:
            veto.add(u)
        if not blank(r.get("no_excellent")) and int(r["no_excellent"]) == 1:
            no_exc.add(u)

    trim = cfg["trim_ratio"]
    for u in units.values():
        c = u["code"]
        inds = cfg["indicators"][u["category"]]
        # 1-3: indicator means, group scores, the democratic score
        elig = []
        for g in cfg["groups"]:
            means = [(i["weight"], trimmed_mean(ratings.get((c, g["code"], i["code"]), []), trim))
                     for i in inds]
            gs = wmean((w, m) for w, m in means if m is not None)
            if gs is not None and count.get((c, g["code"]), 0) >= g.get("min_ballots", 0):
                elig.append((g["weight"], gs))
        u["D"] = wmean(elig)
        # 4: the process score
        pt = process.get(c, {})
        u["P"] = wmean((cfg["process_periods"][t], sum(pt[t]) / len(pt[t])) for t in PERIODS if t in pt)
        s = selfs.get(c, {})
        u["S"] = None if blank(s.get("self")) else float(s["self"])
        u["E"] = None if blank(s.get("efficiency")) else float(s["efficiency"])
        # 5: the base
        comp = {"process": u["P"], "democratic": u["D"], "self": u["S"], "efficiency": u["E"]}
        present = [(cfg["components"][k], comp[k]) for k in COMPONENTS if comp[k] is not None]
        u["B"] = wmean(present)
        u["incomplete"] = len(present) < 4
        u["Q"] = survey.get(c)
        u["veto"] = c in veto
        u["no_exc"] = c in no_exc
        # 7: the deduction
        u["deduction"] = min(points.get(c, 0.0), cfg["deduction_cap"])

    out = []
    for cat in sorted({u["category"] for u in units.values()}):
        us = [u for u in units.values() if u["category"] == cat]
        # 6: the survey adjustment, against the category's mean
        qs = [u["Q"] for u in us if u["Q"] is not None]
        qbar = sum(qs) / len(qs) if qs else None
        sv = cfg["survey"]
        for u in us:
            if u["Q"] is None:
                u["A"] = 0.0
            else:
                u["A"] = max(-sv["cap"], min(sv["cap"], sv["factor"] * (u["Q"] - qbar)))
            # 8: the total
            u["T"] = None if u["B"] is None else u["B"] + u["A"] - u["deduction"]
        ranked = [u for u in us if u["T"] is not None]
        unranked = sorted((u for u in us if u["T"] is None), key=lambda u: u["code"])

        # section 4: vetoed units after every other, then T, D, P
        def order(u):
            return (0 if u["veto"] else 1, key(u["T"]), key(u["D"]), key(u["P"]))
        for u in ranked:
            u["rank"] = 1 + sum(1 for o in ranked if order(o) > order(u))
        ranked.sort(key=lambda u: (u["rank"], u["code"]))
        n = len(ranked)
        gr = cfg["grades"]
        for u in ranked:
            u["poor"] = u["veto"] or u["T"] < gr["poor_below"]
            u["grade"] = None
        q = math.floor(n * gr["excellent_ratio"] + 1e-9)
        taken, last = 0, None
        for u in ranked:
            if u["poor"] or u["no_exc"]:
                continue
            if taken < q:
                u["grade"] = "优秀"
                taken += 1
                last = u["rank"]
            elif last is not None and u["rank"] == last:
                u["grade"] = "优秀"
        for u in ranked:
            if u["poor"]:
                u["grade"] = "较差"
            elif u["grade"] is None:
                u["grade"] = "良好" if u["T"] >= gr["good_min"] else "一般"
        worst = max((u["rank"] for u in ranked), default=None)
        for u in ranked + unranked:
            out.append(u)
            u["worst"] = "rank" in u and u["rank"] == worst
    return out


def num(v):
    return "" if v is None else "%.2f" % v


def write(d, out):
    """Writes the rank CSV of the round in directory d to the file object out."""
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["category", "rank", "unit", "name", "total", "democratic", "process", "self",
                "efficiency", "survey_adjust", "deduction", "vetoed", "incomplete", "grade",
                "worst"])
    for u in score(d):
        r = u.get("rank")
        w.writerow([u["category"], "" if r is None else r, u["code"], u["name"], num(u["T"]),
                    num(u["D"]), num(u["P"]), num(u["S"]), num(u["E"]), num(u["A"]),
                    num(u["deduction"]), int(u["veto"]), int(u["incomplete"]),
                    u.get("grade") or "", int(u["worst"])])


if __name__ == "__main__":
    write(sys.argv[1], sys.stdout)
