"""Every built-in statement checked with its hand-written sampler ignored (``sampler="derived"``)
against the hand-written one, side by side in one process: verdict, best ratio, time.

    PYTHONPATH=$PWD OMP_NUM_THREADS=1 python benchmarks/bench_derived.py --examples 2000 \\
        [--paper adam_linf] [--limit 20] [--keys K1,K2] [--json out.json]

Both runs use seed 0, a fresh store (``fresh=True, save=False``) and the same budget counted in
evaluated examples (``check(examples=N)``), so the verdicts do not depend on the machine's load.
Summary (the issue's targets): the same verdict on every statement the engine can derive; on
statements that hold, a derived best ratio within 1e-3 of the hand-written one (or above it); the
violations as printed found by the derived path.  Statements the engine cannot derive are listed
with the reason.
"""
from __future__ import annotations

import argparse
import json
import time

from adaproof import registry
from adaproof.checker import check
from adaproof.derive import DerivationError, derivation, without_hand_samplers


def _run(stmt, sampler: str, examples: int) -> dict:
    t0 = time.perf_counter()
    r = check(stmt, examples=examples, seed=0, fresh=True, save=False, sampler=sampler)
    return {"status": r.status, "ratio": r.best_ratio, "time_s": time.perf_counter() - t0,
            "error": r.error, "examples": r.examples}


def compare_results(hand_dir: str, derived_dir: str) -> dict:
    """The summary from two folders of ``adaproof check`` result files (``.adaproof/results``):
    a hand run (``check --all --examples N``) and a derived one (``check ... --examples N --fresh
    --sampler derived``), matched by statement key.  Long registries run this way in pieces (and
    in parallel with ``--workers``) instead of both samplers one after the other here."""
    import glob
    import os
    rows = []
    for f in sorted(glob.glob(os.path.join(derived_dir, "*.json"))):
        hf = os.path.join(hand_dir, os.path.basename(f))
        if not os.path.exists(hf):
            continue
        with open(f) as fd, open(hf) as fh:
            d, h = json.load(fd), json.load(fh)
        rows.append({"key": d["key"], "expected": d.get("expected"), "variant": d.get("variant"),
                     "hand": {"status": h["status"], "ratio": h.get("best_ratio")},
                     "derived": {"status": d["status"], "ratio": d.get("best_ratio"),
                                 "error": d.get("error")}})
    holds = [r for r in rows if r["hand"]["status"] == "holds"]
    close = [r for r in holds if r["derived"]["ratio"] is not None and r["hand"]["ratio"] is not None
             and r["derived"]["ratio"] >= r["hand"]["ratio"] - 1e-3]
    printed_v = [r for r in rows if r["expected"] == "violated" and r["variant"] == "printed"]
    return {"rows": rows, "same": sum(r["hand"]["status"] == r["derived"]["status"] for r in rows),
            "holds": len(holds), "close": len(close), "printed_violated": len(printed_v),
            "found": sum(r["derived"]["status"] == "violated" for r in printed_v),
            "misses": [r for r in rows if r["hand"]["status"] != r["derived"]["status"]
                       or (r in holds and r not in close)]}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--paper", choices=registry.PAPERS)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--keys", default=None, help="comma-separated statement keys")
    ap.add_argument("--examples", type=int, default=2000)
    ap.add_argument("--json", default=None)
    ap.add_argument("--expected", choices=("holds", "violated"), default=None,
                    help="only statements expected to hold / to be violated")
    ap.add_argument("--variant", default=None, help="only this variant (printed, corrected)")
    ap.add_argument("--sample", type=int, default=None,
                    help="a seeded random sample of this many of the selected statements")
    ap.add_argument("--derived-only", action="store_true",
                    help="skip the hand-sampler run (its columns print '-')")
    ap.add_argument("--compare", nargs=2, metavar=("HAND_DIR", "DERIVED_DIR"),
                    help="summarise two folders of `adaproof check` result files instead of "
                         "running anything")
    args = ap.parse_args(argv)
    if args.compare:
        c = compare_results(*args.compare)
        n = len(c["rows"])
        print(f"statements in both: {n}; same verdict: {c['same']}/{n}")
        print(f"holds, derived ratio within 1e-3 of hand (or above): {c['close']}/{c['holds']}")
        print(f"violations as printed found by the derived path: {c['found']}/"
              f"{c['printed_violated']}")
        for r in c["misses"]:
            print(f"  {r['key']}: hand {r['hand']['status']} {r['hand']['ratio']}, derived "
                  f"{r['derived']['status']} {r['derived']['ratio']} {r['derived']['error'] or ''}")
        return 0
    stmts = registry.statements(paper=args.paper)
    if args.keys:
        keys = args.keys.split(",")
        stmts = [registry.get(k) for k in keys]
    if args.expected:
        stmts = [s for s in stmts if s.expected == args.expected]
    if args.variant:
        stmts = [s for s in stmts if s.variant == args.variant]
    if args.sample and args.sample < len(stmts):
        import random
        stmts = sorted(random.Random(0).sample(stmts, args.sample), key=lambda s: s.key)
    if args.limit:
        stmts = stmts[:args.limit]
    rows, cannot = [], []
    print(f"{'statement':52s} {'expected':9s} {'hand':9s} {'derived':9s} {'ratio hand':>14s} "
          f"{'ratio derived':>14s} {'t hand':>7s} {'t der':>7s}")
    for s in stmts:
        try:
            derivation(without_hand_samplers(s))
        except DerivationError as exc:
            cannot.append((s.key, str(exc)))
            continue
        h = ({"status": "-", "ratio": None, "time_s": 0.0, "error": None, "examples": 0}
             if args.derived_only else _run(s, "hand", args.examples))
        d = _run(s, "derived", args.examples)
        row = {"key": s.key, "expected": s.expected, "variant": s.variant, "hand": h, "derived": d}
        rows.append(row)

        def f(x):
            return "-" if x is None else f"{x:.10g}"
        print(f"{s.key:52s} {s.expected:9s} {h['status']:9s} {d['status']:9s} "
              f"{f(h['ratio']):>14s} {f(d['ratio']):>14s} {h['time_s']:7.1f} {d['time_s']:7.1f}"
              + (f"  [derived error: {d['error'][:80]}]" if d["error"] else ""), flush=True)
    same = sum(r["hand"]["status"] == r["derived"]["status"] for r in rows)
    holds = [r for r in rows if r["hand"]["status"] == "holds"]
    slow = sorted(rows, key=lambda r: -r["derived"]["time_s"])[:10]
    close = sum(r["derived"]["ratio"] is not None and r["hand"]["ratio"] is not None and
                r["derived"]["ratio"] >= r["hand"]["ratio"] - 1e-3 for r in holds)
    printed_v = [r for r in rows if r["expected"] == "violated" and r["variant"] == "printed"]
    found = sum(r["derived"]["status"] == "violated" for r in printed_v)
    t_h = sum(r["hand"]["time_s"] for r in rows)
    t_d = sum(r["derived"]["time_s"] for r in rows)
    print()
    print(f"statements: {len(stmts)}; derivable: {len(rows)}; not derivable: {len(cannot)}")
    print(f"same verdict: {same}/{len(rows)}")
    print(f"holds, derived ratio within 1e-3 of hand (or above): {close}/{len(holds)}")
    print(f"violations as printed found by the derived path: {found}/{len(printed_v)}")
    print(f"time: hand {t_h:.1f} s, derived {t_d:.1f} s ({args.examples} examples each)")
    print("slowest derived checks: " + ", ".join(f"{r['key']} {r['derived']['time_s']:.1f} s"
                                                  for r in slow))
    for k, why in cannot:
        print(f"  not derivable: {k}: {why[:140]}")
    if args.json:
        with open(args.json, "w") as fh:
            json.dump({"rows": rows, "cannot": cannot, "examples": args.examples}, fh, indent=1)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
