#!/usr/bin/env python3
"""gen_round.py: a random round that SCORING.md ranks, for scoring_diff.sh.

    gen_round.py SEED DIR

writes DIR/round.json (code R<SEED>) and units.csv, ballots.csv, process.csv, self.csv,
survey.csv and adjustments.csv, every row valid. The same seed gives the same files. Each
round draws its settings (weights that are not whole numbers or do not sum to 100, trimming
from none to 0.49, partly given objects, its own labels) and, per unit, the edge cases of the
contract: groups under their minimum, groups whose every rating abstains, labels with spaces
around them, missing components, units with no data, exact twins (ties), vetoes, lost
excellence, deductions over the cap, one-unit categories.
"""
import csv
import json
import os
import random
import sys

GROUPS = [("cadre", "干部代表"), ("deputy", "两代表一委员"), ("retired", "离退休老干部"),
          ("business", "个体工商户代表"), ("foreign", "外商投资企业代表"), ("public", "普通群众")]
INDICATORS = [("sixiang", "思想作风"), ("fuwu", "服务大局"), ("huanjing", "优化环境"),
              ("xiaoneng", "行政效能"), ("lianjie", "廉洁从政"), ("weimin", "为民意识"),
              ("renwu", "任务完成情况"), ("jingshen", "精神风貌"), ("taidu", "服务态度"),
              ("lvzhi", "履职尽责"), ("xuexi", "学习风气"), ("xingxiang", "公众形象")]
CATEGORIES = [("township", "镇"), ("dept", "局"), ("street", "街道")]
PERIODS = ("daily", "monthly", "quarterly", "annual")
LABEL_SETS = [
    None,  # the defaults
    {"满意": 100, "比较满意": 80, "基本满意": 60, "不满意": 0},
    {"满意": 95, "不满意": 10},  # merged with the defaults: 比较满意 and 基本满意 stay
    {"好": 100, "较好": 85, "一般": 70, "差": 40},
]


def weight(rng):
    return rng.choice([rng.randint(1, 30), round(rng.uniform(0.5, 25), 1), 10])


def maybe_partial(rng, full):
    """full, or some of its keys (the rest take their defaults), or None (all defaults)."""
    r = rng.random()
    if r < 0.2:
        return None
    if r < 0.45:
        keys = rng.sample(sorted(full), rng.randint(1, len(full)))
        return {k: full[k] for k in keys}
    return full


def make_round(rng, seed, cats):
    cfg = {"code": "R%d" % seed, "name": "随机评价轮次%d" % seed}
    opt = {
        "components": {k: weight(rng) for k in ("process", "democratic", "self", "efficiency")},
        "process_periods": {k: weight(rng) for k in PERIODS},
        "survey": {"factor": rng.choice([0.2, 0.25, round(rng.uniform(0, 1), 2)]),
                   "cap": rng.choice([5, 3, round(rng.uniform(0.5, 8), 1)])},
        "grades": {"excellent_ratio": rng.choice([0.2, 0.25, 0.3, 0.5, 0.0, round(rng.uniform(0, 1), 2)]),
                   "good_min": rng.choice([80, 75, round(rng.uniform(55, 90), 1)]),
                   "poor_below": rng.choice([60, 62, round(rng.uniform(40, 70), 1)])},
    }
    for k, v in opt.items():
        p = maybe_partial(rng, v)
        if p is not None:
            cfg[k] = p
    if rng.random() < 0.8:
        cfg["trim_ratio"] = rng.choice([0, 0.1, 0.2, 0.25, 0.35, 0.49, round(rng.uniform(0, 0.49), 2)])
    if rng.random() < 0.7:
        cfg["deduction_cap"] = rng.choice([20, 15, 5, round(rng.uniform(1, 30), 1)])
    labels = rng.choice(LABEL_SETS)
    if labels is not None:
        cfg["rating_labels"] = labels
    groups = []
    for code, name in rng.sample(GROUPS, rng.randint(1, len(GROUPS))):
        groups.append({"code": code, "name": name, "weight": weight(rng),
                       "min_ballots": rng.choice([1, 2, 3, 5, 8])})
    if rng.random() < 0.7:
        groups.append({"code": "mutual", "name": "单位互评", "weight": weight(rng),
                       "min_ballots": rng.choice([1, 2, 3]), "mutual": True})
    rng.shuffle(groups)
    cfg["groups"] = groups
    cfg["indicators"] = {
        c: [{"code": code, "name": name, "weight": weight(rng)}
            for code, name in rng.sample(INDICATORS, rng.randint(1, 8))]
        for c in cats}
    return cfg


def labels_of(cfg):
    lab = {"满意": 100, "比较满意": 80, "基本满意": 60, "不满意": 0}
    if os.environ.get("GEN_LABELS") == "replace" and cfg.get("rating_labels"):
        lab = {}
    lab.update(cfg.get("rating_labels") or {})
    return sorted(lab)


def rating(rng, labels, abstain):
    r = rng.random()
    if r < abstain:
        return ""
    if r < abstain + 0.25:
        lab = rng.choice(labels)
        return rng.choice([lab, lab, " %s " % lab])
    # mostly high marks, a few low ones, the ends of the scale
    return str(rng.choice([rng.randint(50, 100), rng.randint(70, 100), rng.randint(0, 100), 0, 100]))


# the Chinese headers the importers accept (README), a choice where there are several
ZH_HEADERS = {
    "code": ["单位编码"], "name": ["单位名称"], "category": ["类别"],
    "group": ["评价群体", "组别"], "unit": ["单位编码"], "rater_unit": ["评价单位"],
    "period_type": ["周期类型", "考核类型"], "period": ["周期", "考核期"], "score": ["得分", "分数"],
    "self": ["自评分", "自评得分"], "efficiency": ["效能分", "效能得分"],
    "satisfaction": ["满意度", "满意度得分"], "points": ["扣分", "扣分分值"], "veto": ["一票否决"],
    "reason": ["事由", "扣分事由", "原因"], "no_excellent": ["取消评优", "取消评优资格"],
}
ZH_PERIODS = {"daily": "日常", "monthly": "月度", "quarterly": "季度", "annual": "年度"}


def dress(rng, cfg, path, head, rows):
    """The file as an office might save it, for zuofeng to import: Chinese headers (an
    indicator by its name), a group by its name, a period type in Chinese, UTF-8 with or
    without a BOM or GB18030 (as Excel on a Chinese system writes it), CRLF line ends. The
    same content as the plain file beside it, which the reference reads."""
    ind_names = {i["code"]: i["name"] for c in cfg["indicators"].values() for i in c}
    group_names = {g["code"]: g["name"] for g in cfg["groups"]}
    zh = rng.random() < 0.4
    names = []
    for h in head:
        if zh and h in ind_names:
            names.append(ind_names[h])
        elif zh and h in ZH_HEADERS and not (h == "unit" and "code" in head):
            names.append(rng.choice(ZH_HEADERS[h]))
        else:
            names.append(h)
    if zh and "unit" in head and "group" in head:
        names[head.index("unit")] = rng.choice(["单位编码", "被评价单位"])
    out_rows = []
    for r in rows:
        r = dict(r)
        if "group" in r and rng.random() < 0.3:
            r["group"] = group_names[r["group"]]
        if "period_type" in r and rng.random() < 0.3:
            r["period_type"] = ZH_PERIODS[r["period_type"]]
        out_rows.append([r.get(h, "") for h in head])
    enc = rng.choice(["utf-8", "utf-8", "utf-8-sig", "gb18030"])
    with open(path, "w", encoding=enc, newline="") as f:
        w = csv.writer(f, lineterminator=rng.choice(["\n", "\r\n"]))
        w.writerow(names)
        w.writerows(out_rows)


def generate(seed, out):
    """Writes the round of seed into the directory out."""
    rng = random.Random(seed)
    os.makedirs(out, exist_ok=True)
    cats = [c for c, _ in rng.sample(CATEGORIES, rng.randint(1, 3))]
    cfg = make_round(rng, seed, cats)
    labels = labels_of(cfg)
    all_codes = sorted({i["code"] for c in cats for i in cfg["indicators"][c]})

    units = []  # (code, name, category)
    for c in cats:
        n = rng.choice([1, 2, 3, 5, 8, 12])
        suffix = dict(CATEGORIES)[c]
        for k in range(n):
            units.append(("%s%02d" % (c[0].upper(), k + 1), "第%d%s" % (k + 1, suffix), c))
    by_cat = {c: [u for u in units if u[2] == c] for c in cats}

    ballots, process, selfs, survey, adjust = [], [], [], [], []
    abstain = rng.choice([0.0, 0.05, 0.2, 0.4])
    big = [False]  # one group of 180 ballots under a trim of 0.35
    twins = {}  # a unit whose inputs are copied to another of its category: exact ties
    for c in cats:
        us = by_cat[c]
        if len(us) >= 3 and rng.random() < 0.6:
            a, b = rng.sample(us, 2)
            twins[b[0]] = a[0]
    for code, _, c in units:
        if code in twins:
            continue
        kind = rng.random()
        if kind < 0.06:
            continue  # no data at all: unranked
        inds = {i["code"] for i in cfg["indicators"][c]}
        for g in cfg["groups"]:
            if g.get("mutual"):
                raters = [u[0] for u in by_cat[c] if u[0] != code]
                if not raters:
                    continue
            n = rng.choice([0, 1, 2, 3, 5, 8, 12, 20]) if rng.random() < 0.9 else 0
            dead = rng.random() < 0.05  # every rating of the group abstains
            ab = 1.0 if dead else abstain
            if cfg.get("trim_ratio") == 0.35 and not big[0]:
                # 0.35 x 180 is 62.99999999999999 in binary floating point: the 1e-9 of
                # SCORING.md 3.1 makes k 63
                n, ab, big[0] = 180, 0.0, True
            for _ in range(n):
                row = {"group": g["code"], "unit": code, "rater_unit": ""}
                if g.get("mutual"):
                    row["rater_unit"] = rng.choice(raters)
                for ind in all_codes:
                    row[ind] = rating(rng, labels, ab) if ind in inds else ""
                ballots.append(row)
        if rng.random() < 0.85:
            for t in rng.sample(PERIODS, rng.randint(1, 4)):
                for p in range(rng.randint(1, 4)):
                    process.append({"unit": code, "period_type": t, "period": "%s-%d" % (t, p + 1),
                                    "score": rng.choice(["%.1f" % rng.uniform(40, 100), str(rng.randint(0, 100))])})
        s = "%.1f" % rng.uniform(50, 100) if rng.random() < 0.85 else ""
        e = "%.1f" % rng.uniform(40, 100) if rng.random() < 0.85 else ""
        if s or e or rng.random() < 0.3:
            selfs.append({"unit": code, "self": s, "efficiency": e})
        if rng.random() < 0.8:
            survey.append({"unit": code, "satisfaction": "%.1f" % rng.uniform(30, 100)})
        elif rng.random() < 0.3:
            survey.append({"unit": code, "satisfaction": ""})
        for _ in range(rng.choice([0, 0, 0, 1, 2, 3])):
            adjust.append({"unit": code,
                           "points": rng.choice(["%.1f" % rng.uniform(0, 12), str(rng.randint(0, 25)), "0"]),
                           "veto": "1" if rng.random() < 0.08 else rng.choice(["0", "0", ""]),
                           "reason": "明察暗访发现问题",
                           "no_excellent": "1" if rng.random() < 0.15 else rng.choice(["0", ""])})
    # the twins: the same inputs as their original (a mutual rater that is the twin itself
    # becomes the original)
    for twin, orig in twins.items():
        for rows in (ballots, process, selfs, survey, adjust):
            for r in [r for r in rows if r["unit"] == orig]:
                r2 = dict(r, unit=twin)
                if r2.get("rater_unit") == twin:
                    r2["rater_unit"] = orig
                rows.append(r2)
    rng.shuffle(ballots)

    def write(name, head, rs):
        with open(os.path.join(out, name), "w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, fieldnames=head, lineterminator="\n")
            w.writeheader()
            for r in rs:
                w.writerow(r)
        dress(rng, cfg, os.path.join(out, "in", name), head, rs)
    os.makedirs(os.path.join(out, "in"), exist_ok=True)
    for name in ("round.json", os.path.join("in", "round.json")):
        with open(os.path.join(out, name), "w", encoding="utf-8") as f:
            json.dump(cfg, f, ensure_ascii=False, indent=1)
    write("units.csv", ["code", "name", "category"],
          [{"code": u[0], "name": u[1], "category": u[2]} for u in units])
    write("ballots.csv", ["group", "unit", "rater_unit"] + all_codes, ballots)
    write("process.csv", ["unit", "period_type", "period", "score"], process)
    write("self.csv", ["unit", "self", "efficiency"], selfs)
    write("survey.csv", ["unit", "satisfaction"], survey)
    write("adjustments.csv", ["unit", "points", "veto", "reason", "no_excellent"], adjust)


if __name__ == "__main__":
    generate(int(sys.argv[1]), sys.argv[2])
