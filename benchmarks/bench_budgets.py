"""Does a wall-clock budget end on time?  Runs ``check(stmt, budget)`` over registered statements
serially (workers = 1, one process, as ``adaproof check --all --budget smoke`` does) and prints, per
statement, the elapsed wall time of the call (replay of stored counterexamples, every phase and
every exact re-check) over the nominal budget, then the count over 1.10x, the worst, and the
unverified counts.  The once-per-process setup (``adaproof.warmup``: imports, one garbage
collection; ``warmup_s``) runs before the budget's clock starts and is printed apart: the ratio
is (elapsed - warmup_s) / nominal, ``elapsed_s`` the whole call.  A statement with a declared
budget floor (``Statement.min_budget_s``) is judged against the floor it was given (``budget_s``).

    python benchmarks/bench_budgets.py [--paper adam_linf --paper alphaadam ...] [--variant printed]
        [--budget smoke] [--limit N] [--every K] [--json out.json]

Each run gets an empty user store (``$ADAPROOF_STORE``) so that only the checkout's built-in
counterexamples replay, and ``save=False``.  The elapsed time is measured around the call, so it
counts what ``CheckResult.time_s`` leaves out (``warmup_s``, then subtracted, and the work
after the result is built).  Timings depend on the machine's
load; run a before/after comparison side by side on the same statements.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--paper", action="append", help="a paper (repeatable); default: all")
    ap.add_argument("--variant", default=None, help="printed | corrected (default: both)")
    ap.add_argument("--budget", default="smoke", help="smoke | default | deep | seconds")
    ap.add_argument("--limit", type=int, default=None, help="at most N statements per paper")
    ap.add_argument("--every", type=int, default=1, help="every K-th statement (a sample)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--over", type=float, default=1.10, help="the ratio counted as over")
    ap.add_argument("--json", default=None, help="write the rows to this file")
    ap.add_argument("--quiet", action="store_true", help="only the summary")
    ap.add_argument("--key", action="append", help="these statements only (repeatable)")
    ap.add_argument("--warm-cache", action="store_true",
                    help="first replay every selected statement's stored counterexamples (and "
                         "arithmetic tables) once with an examples budget, untimed: the timed "
                         "run then shows a warm cache of exact verifications "
                         "(adaproof.replay_cache); without it, whatever the cache holds")
    ap.add_argument("--dump-after", type=float, default=None, metavar="X",
                    help="print the stack (faulthandler, to stderr) of a check still running "
                         "after X times its nominal budget: where an overrun comes from")
    ap.add_argument("--compare", nargs=2, metavar=("BEFORE.json", "AFTER.json"),
                    help="print a markdown table of two --json runs (no checks run)")
    a = ap.parse_args(argv)
    if a.compare:
        return compare(*a.compare, over=a.over)
    os.environ.setdefault("ADAPROOF_STORE", tempfile.mkdtemp(prefix="bench-budgets-store-"))
    sys.path.insert(0, str(ROOT))
    from adaproof import registry
    from adaproof.checker import check, parse_budget
    from adaproof.budget_floor import apply_floor

    nominal = parse_budget(a.budget)
    stmts = [registry.get(k) for k in a.key or ()]
    for paper in (a.paper or registry.papers()) if not a.key else ():
        sel = [s for s in registry.statements(paper=paper)
               if a.variant is None or s.variant == a.variant]
        stmts += sel[::a.every][:a.limit]
    rows = []
    if a.warm_cache:
        from adaproof import store
        t_w = time.perf_counter()
        warmed = [s for s in stmts if store.load(s) or (
            s.special is not None and type(s.special).__name__ == "Arithmetic")]
        for s in warmed:
            try:
                check(s, examples=1, seed=a.seed, save=False, phases=("random",))
            except Exception as exc:  # noqa: BLE001 - the timed run reports it
                print(f"warm-up of {s.key} raised {type(exc).__name__}: {exc}", file=sys.stderr)
        print(f"cache warmed: {len(warmed)} statements with stored counterexamples or tables, "
              f"{time.perf_counter() - t_w:.0f} s (untimed)", flush=True)
    t_all = time.perf_counter()
    for s in stmts:
        if a.dump_after:
            import faulthandler
            print(f"--- {s.key}", file=sys.stderr, flush=True)  # whose stacks follow
            faulthandler.dump_traceback_later(a.dump_after * apply_floor(s, nominal, None)[0],
                                              repeat=True)
        t = time.perf_counter()
        try:
            r = check(s, a.budget, seed=a.seed, save=False)
            status, unv, warm, err = r.status, r.unverified, r.warmup_s, r.error
            cached = getattr(r, "replay_cached", 0)
            inner = r.time_s
        except Exception as exc:  # noqa: BLE001 - a benchmark row, not a crash
            status, unv, warm, inner, err = "raised", 0, 0.0, None, f"{type(exc).__name__}: {exc}"
            cached = 0
        el = time.perf_counter() - t
        if a.dump_after:
            faulthandler.cancel_dump_traceback_later()
        budgeted = el - (warm or 0.0)  # the setup before the clock is printed apart
        used = apply_floor(s, nominal, None)[0]  # a statement's declared floor (docs/budgets.md)
        row = {"key": s.key, "elapsed_s": round(el, 3), "ratio": round(budgeted / used, 3),
               "budget_s": used,
               "time_s": inner, "warmup_s": warm, "status": status, "unverified": unv,
               "replay_cached": cached,
               "error": (err or "")[:160] or None}
        rows.append(row)
        if not a.quiet:
            print(f"{s.key:55s} {budgeted:7.2f} s  {budgeted / used:5.2f}x  {status:11s} "
                  f"unverified={unv}  warmup={warm}", flush=True)
    over = [r for r in rows if r["ratio"] > a.over]
    worst = max(rows, key=lambda r: r["ratio"]) if rows else None
    unv = [r for r in rows if r["unverified"]]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    setup = sum(r["warmup_s"] or 0.0 for r in rows)
    print(f"\nonce-per-process setup before the clocks (warmup_s): {setup:.2f} s in "
          f"{sum(bool(r['warmup_s']) for r in rows)} statements")
    print(f"budget {a.budget} ({nominal:g} s), {len(rows)} statements, "
          f"{time.perf_counter() - t_all:.0f} s in all, load average {load:.1f}")
    print(f"over {a.over:.2f}x: {len(over)}   worst: "
          f"{worst['ratio'] if worst else '-'}x ({worst['key'] if worst else '-'})")
    print(f"statements with unverified candidates: {len(unv)} "
          f"({sum(r['unverified'] for r in rows)} candidates)")
    try:  # the heap frozen before each clock (adaproof.warmup) must not grow the process
        import resource
        print(f"peak resident memory: "
              f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    except ImportError:  # not POSIX
        pass
    print("statuses:", {k: sum(r['status'] == k for r in rows)
                        for k in sorted({r['status'] for r in rows})})
    print(f"stored counterexamples confirmed from the cache: "
          f"{sum(r.get('replay_cached') or 0 for r in rows)}")
    for r in unv:
        print(f"  unverified: {r['key']:55s} {r['status']} {r['unverified']}")
    for r in sorted(over, key=lambda r: -r["ratio"]):
        print(f"  over: {r['key']:55s} {r['elapsed_s']:7.2f} s {r['ratio']:5.2f}x "
              f"warmup {r['warmup_s']}")
    if a.json:
        Path(a.json).write_text(json.dumps({"budget": a.budget, "nominal_s": nominal,
                                            "load": load, "rows": rows}, indent=1))
    return 0


def _summary(rows, over):
    n_over = sum(r["ratio"] > over for r in rows)
    worst = max(rows, key=lambda r: r["ratio"])
    unv = [r for r in rows if r["unverified"]]
    return n_over, worst, len(unv), sum(r["unverified"] for r in unv)


def compare(before: str, after: str, over: float = 1.10) -> int:
    """A markdown table of two runs on the same statements (the rows either run put over)."""
    b, a = (json.loads(Path(p).read_text()) for p in (before, after))
    rb, ra = {r["key"]: r for r in b["rows"]}, {r["key"]: r for r in a["rows"]}
    keys = [k for k in rb if k in ra]
    print(f"budget {a['budget']} ({a['nominal_s']:g} s), {len(keys)} statements in both runs; "
          f"load average {b['load']:.1f} (before) / {a['load']:.1f} (after)\n")
    print("| | before | after |\n|---|---|---|")
    sb, sa = _summary([rb[k] for k in keys], over), _summary([ra[k] for k in keys], over)
    print(f"| over {over:.2f}x nominal | {sb[0]} | {sa[0]} |")
    print(f"| worst elapsed/nominal | {sb[1]['ratio']:.2f} ({sb[1]['key']}) | "
          f"{sa[1]['ratio']:.2f} ({sa[1]['key']}) |")
    print(f"| statements with unverified (candidates) | {sb[2]} ({sb[3]}) | {sa[2]} ({sa[3]}) |")
    for name, rows in (("before", rb), ("after", ra)):
        st = {}
        for k in keys:
            st[rows[k]["status"]] = st.get(rows[k]["status"], 0) + 1
        print(f"| statuses {name} | {st} | |" if name == "before" else
              f"| statuses after | | {st} |")
    print("\n| statement | before | after | after: status, unverified |\n|---|---|---|---|")
    for k in sorted(keys, key=lambda k: -max(rb[k]["ratio"], ra[k]["ratio"])):
        if max(rb[k]["ratio"], ra[k]["ratio"]) <= over and not ra[k]["unverified"] and \
                rb[k]["status"] == ra[k]["status"]:
            continue
        print(f"| {k} | {rb[k]['ratio']:.2f} ({rb[k]['status']}) | {ra[k]['ratio']:.2f} | "
              f"{ra[k]['status']}, {ra[k]['unverified']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
