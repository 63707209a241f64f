#!/usr/bin/env python3
"""diff_rounds.py BIN WORKDIR FIRST LAST: `zuofeng rank` against score_ref.py on the random
rounds of seeds FIRST..LAST (gen_round.py), each in WORKDIR/rSEED: init, import units, round
create, the five imports (of the files as an office saved them, in rSEED/in), rank
--resamples 0, then compare_rank against the reference's ranking of the plain files. Prints "ok - ..." or
"FAIL - ..." (with the differences) per seed; exits 1 on any failure. One process for all
seeds: an interpreter's start is dear on some machines."""
import os
import subprocess
import sys

sys.dont_write_bytecode = True  # nothing written into the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import compare_rank  # noqa: E402
import gen_round  # noqa: E402
import score_ref  # noqa: E402


def run_seed(binary, d, seed):
    """None when zuofeng ranks the round as the reference does, else what went wrong."""
    gen_round.generate(seed, d)
    db = ["--db", os.path.join(d, "zf.db")]
    r = "R%d" % seed
    src = os.path.join(d, "in")  # the files as an office saved them
    steps = [["init"], ["import", "units", os.path.join(src, "units.csv")],
             ["round", "create", os.path.join(src, "round.json")]]
    steps += [["import", k, "--round", r, os.path.join(src, k + ".csv")]
              for k in ("ballots", "process", "self", "survey", "adjustments")]
    for s in steps:
        p = subprocess.run([binary] + s + db, capture_output=True, text=True)
        if p.returncode != 0:
            return "%s: exit %d\n%s" % (" ".join(s), p.returncode, (p.stdout + p.stderr)[-1500:])
    got = os.path.join(d, "got.csv")
    with open(got, "w") as f:
        p = subprocess.run([binary, "rank", "--round", r, "--resamples", "0"] + db, stdout=f,
                           stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        return "rank: exit %d\n%s" % (p.returncode, p.stderr)
    want = os.path.join(d, "want.csv")
    with open(want, "w", encoding="utf-8") as f:
        score_ref.write(d, f)
    bad = compare_rank.compare(got, want)
    return "\n".join(bad[:20]) if bad else None


def main():
    binary, work, first, last = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    failed = 0
    for seed in range(first, last + 1):
        d = os.path.join(work, "r%d" % seed)
        problem = run_seed(binary, d, seed)
        if problem:
            failed += 1
            print("FAIL - seed %d: the ranking differs from the reference's" % seed)
            print("\n".join("    " + line for line in problem.splitlines()))
        else:
            with open(os.path.join(d, "want.csv"), encoding="utf-8") as f:
                n = sum(1 for _ in f) - 1
            print("ok - seed %d: %d units ranked as the reference ranks them" % (seed, n))
    print("%d of %d rounds differ" % (failed, last - first + 1))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
