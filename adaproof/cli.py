"""The ``adaproof`` command line: ``list``, ``show``, ``check``, ``report``, ``rate``, ``tune``,
``complexity``, ``compare``, ``bounds``, ``docs``.

Exit status: 0 when every checked statement has its expected status, 1 when one expected to
hold is found violated, one expected violated no longer is, or a check errs; 2 for bad usage.
The last result of each check is kept under ``$ADAPROOF_RESULTS_DIR`` (default
``.adaproof/results`` in the working directory), which ``adaproof list`` reads.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from typing import Sequence

from . import __version__
from ._validation import AdaproofInputError, SEED_MAX, check_seed
from .registry import PAPERS, get, load_user_statements, statements
from .results import result_path as _result_path, results_dir, status as _last_status  # noqa: F401
from .statement import FAMILIES, KINDS

__all__ = ["main"]


def _table(rows: list[list[str]], header: list[str]) -> str:
    widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(len(header))]
    line = lambda r: "  ".join(str(c).ljust(w) for c, w in zip(r, widths)).rstrip()
    out = [line(header), line(["-" * w for w in widths])]
    out += [line(r) for r in rows]
    return "\n".join(out)


class _Progress:
    """A one-line progress bar on stderr, shown only on a terminal."""

    def __init__(self, label: str, enabled: bool):
        self.label = label
        self.enabled = enabled and sys.stderr.isatty()
        self.t0 = time.perf_counter()

    def __call__(self, frac: float) -> None:
        if not self.enabled:
            return
        n = int(30 * frac)
        sys.stderr.write(f"\r{self.label[:40]:40s} [{'#' * n}{'.' * (30 - n)}] "
                         f"{100 * frac:5.1f}% {time.perf_counter() - self.t0:6.1f}s")
        sys.stderr.flush()

    def done(self) -> None:
        if self.enabled:
            sys.stderr.write("\r" + " " * 90 + "\r")
            sys.stderr.flush()


def _cmd_list(args) -> int:
    rows = []
    from .kinds import kind_of
    for s in statements(paper=args.paper, family=args.family, kind=args.kind):
        rows.append({"id": s.id, "key": s.key, "kind": s.kind, "statement_kind": kind_of(s),
                     "variant": s.variant,
                     "family": s.family, "expected": s.expected,
                     "last_status": _last_status(s.key), "title": s.title})
    if args.json:
        print(json.dumps(rows, indent=2))
    else:
        print(_table([[r["key"], r["kind"] + ("" if r["statement_kind"] == "plain" else
                                              f" ({r['statement_kind']})"),
                       r["variant"], r["family"], r["expected"], r["last_status"]]
                      for r in rows],
                     ["id", "kind", "variant", "family", "expected", "last status"]))
        print(f"\n{len(rows)} statement(s)")
    return 0


def _cmd_show(args) -> int:
    """A statement, a rate calculator or a comparison by id; a statement and a calculator
    sharing an id (a theorem that is both) are both shown (JSON: the statement's fields with the
    calculator under ``rate_calculator``)."""
    from .bounds import get_bound, get_comparison
    found = {}
    for kind, getter in (("statement", get), ("bound", get_bound),
                         ("comparison", get_comparison)):
        try:
            found[kind] = getter(args.id)
        except AdaproofInputError as exc:
            found.setdefault("_error", exc)
    if not any(k in found for k in ("statement", "bound", "comparison")):
        raise found["_error"] from None
    s, b, c = found.get("statement"), found.get("bound"), found.get("comparison")
    if args.json:
        if s is not None:
            info = s.to_json()
            if b is not None:
                info["rate_calculator"] = b.to_json()
        else:
            info = (b or c).to_json()
        print(json.dumps(info, indent=2, ensure_ascii=False))
        return 0
    parts = []
    if s is not None:
        parts.append(_show_statement(s))
    if b is not None:
        parts.append(_show_bound(b))
    if c is not None and s is None and b is None:
        parts.append(_show_comparison(c))
    if len(parts) > 1:
        parts[1] = "Rate calculator with the same id:\n\n" + parts[1]
    print(("\n\n" + "-" * 72 + "\n").join(parts))
    return 0


def _show_comparison(c) -> str:
    info = c.to_json()
    out = [f"{c.id}  ({c.paper}; {c.source})\n  {c.title}\n  A = {c.a}\n  B = {c.b}"]
    if c.claim:
        out.append(f"  claim: {c.claim}")
    out.append("\nSymbols:")
    out.append(_table([[q["name"], q["domain"], q["meaning"]] for q in info["symbols"]],
                      ["name", "domain", "meaning"]))
    out.append(f"\nA/B (untuned) = {c.ratio_expr()}")
    return "\n".join(out)


def _show_bound(b) -> str:
    info = b.to_json()
    out = [f"{b.key}  (theorem {b.number}, {b.paper}; {b.source})\n  {b.title}"]
    if b.reason:
        out.append(f"  correction: {b.reason}")
    out.append("\nBound (LaTeX):\n  " + b.latex())
    out.append("\nSymbols:")
    out.append(_table([[q["name"], q["domain"], q["meaning"]] for q in info["symbols"]],
                      ["name", "domain", "meaning"]))
    if b.claimed:
        out.append(f"\nClaimed rate: T^({b.claimed.exponent}) (log T)^{b.claimed.log_power}: "
                   f"{b.claimed.text}")
    if b.notes:
        out.append(f"\nNotes: {b.notes}")
    return "\n".join(out)


def _show_statement(s) -> str:
    info = s.to_json()
    out = [f"{s.key}  ({s.kind} {s.number}, {s.paper}, {s.section})",
           f"  {s.title}",
           f"  family: {s.family}   variant: {s.variant}   expected: {s.expected}"]
    if s.reason:
        out.append(f"  correction: {s.reason}")
    out.append(f"  source: {s.source}")
    out.append("\nAs printed (LaTeX):\n  " + s.latex)
    out.append("\nEncoded (LaTeX):\n  " + s.relation_latex())
    if hasattr(s, "describe"):  # matrix claims, relations between runs (adaproof.computed)
        out.append("\n" + s.describe())
    from .kinds import describe_statement  # high probability, arithmetic, conclusions
    out += describe_statement(s)
    out.append("\nSymbols:")
    out.append(_table([[q["name"], q["kind"], q["domain"],
                        (q["indices"] and ", ".join(q["indices"])) or "", q["description"]]
                       for q in info["quantities"]],
                      ["name", "kind", "domain", "indices", "meaning"]))
    out.append("\nHypotheses:")
    for h in s.hypotheses:
        tag = " [silent]" if h.silent else ""
        out.append(f"  {h.latex()}{tag}")
        if h.note:
            out.append(f"      {h.note}")
    if s.proof:
        from .proofs import check_proof
        out.append("\nProof steps (SymPy):")
        for k, (step, verdict) in enumerate(check_proof(s), 1):
            via = f" via {step.via.text()}" if step.via is not None else ""
            out.append(f"  {k}. [{verdict}] {step.relation}{via}: {step.justification}")
    if s.notes:
        out.append(f"\nNotes: {s.notes}")
    if s.min_budget_s is not None:  # a declared budget floor (adaproof.budget_floor)
        out.append(f"\nBudget floor: {s.min_budget_s:g} s wall clock at least; {s.min_budget_why}")
    return "\n".join(out)


def _cmd_docs(args) -> int:
    from .docs import run
    return run(args)


def _cmd_check(args) -> int:
    from .checker import check
    if args.all and args.ids:
        raise AdaproofInputError("pass statement ids or --all, not both")
    if not args.all and not args.ids:
        raise AdaproofInputError("name at least one statement id, or pass --all")
    if args.paper and not args.all:
        raise AdaproofInputError("--paper selects statements only with --all; pass statement ids "
                                 "or --all [--paper PAPER], not ids with --paper")
    from .checker import parse_budget, parse_examples
    parse_budget(args.budget)  # a bad --budget or --examples is an error before any search
    parse_examples(args.examples)
    targets = statements(paper=args.paper) if args.all else [get(i) for i in args.ids]
    _check_parallel_args(args)  # every flag checked, used or not: nothing silently ignored
    _preflight()  # results folder and store usable: a clear error before any search
    if (args.workers is not None or args.ray or args.resume or args.shards is not None
            or args.threads != 1):
        return _check_parallel(args, targets)
    from .parallel import code_version, statement_hash
    code = code_version()  # recorded with each result, so that a later --resume can skip it
    run_info = {"seed": args.seed, "budget": args.budget if args.examples is None else None,
                "examples": args.examples, "shards": 1}
    results = []
    bad = 0
    strict = getattr(args, "strict", False)
    with _interrupts() as caught:
        try:
            for s in targets:
                bar = _Progress(s.key, enabled=not args.json)
                if args.examples is None:  # imports etc. before the announcement and the clock
                    from .warmup import prepare
                    prepare(s, carry=True)
                if not bar.enabled and not args.json:
                    print(f"adaproof: checking {s.key}", file=sys.stderr, flush=True)
                r = check(s, args.budget, examples=args.examples, seed=args.seed,
                          device=args.device, fresh=args.fresh, progress=bar,
                          on_interrupt="return", sampler=args.sampler)
                bar.done()
                results.append(r)
                bad += not r.passed(strict)
                _save_result(r, {"code_version": code, "statement_hash": statement_hash(s),
                                 "run": run_info})
                if not args.json:
                    _print_result(r)
                if r.interrupted:
                    break
        except KeyboardInterrupt:  # between two statements: the summary of those done
            caught.setdefault("signal", "SIGINT")
    # no second interrupt cuts the summary short (ignored once _interrupts has put the caller's
    # handlers back, then those restored: a caller of main() in the same process keeps its own)
    ignored = _ignore_interrupts() if "signal" in caught else {}
    try:
        if args.json:
            print(json.dumps([r.to_json() for r in results], indent=2))
        else:
            print(_table([[r.key, r.expected, _status(r), _fmt(r.best_ratio), str(r.examples),
                           f"{r.time_s:.1f}" + _floor_note(r),
                           "INTERRUPTED" if r.interrupted else "UNEXPECTED" if r.unexpected
                           else ("UNVERIFIED" if not r.passed(strict) else "ok")]
                          for r in results],
                         ["id", "expected", "status", "best ratio", "examples", "time s", ""]))
            _print_unknown_count(results, strict)
        if "signal" in caught:
            print(f"adaproof: interrupted by {caught['signal']}", file=sys.stderr)
            return 143 if caught["signal"] == "SIGTERM" else 130
        return 1 if bad else 0
    finally:
        _restore_handlers(ignored)


def _write_result(r, extra: dict | None = None) -> None:
    """Keep ``r`` (plus ``extra``: code and statement hashes for --resume) as the statement's
    last result (atomic: adaproof.results)."""
    _save_result(r, extra)


def _check_parallel_args(args) -> None:
    import math
    for flag, value, lo, hi in (("--workers", args.workers, 1, 4096),
                                ("--shards", args.shards, 1, 4096),
                                ("--threads", args.threads, 1, 1024),
                                ("--retries", args.retries, 0, 100)):
        if value is not None and not lo <= value <= hi:
            raise AdaproofInputError(f"{flag} must be an integer in [{lo}, {hi}], got {value}")
    f = args.gpu_fraction
    if not (math.isfinite(f) and 0 < f <= 1):
        raise AdaproofInputError(f"--gpu-fraction must be in (0, 1], got {f}")


def _last_dict(key: str) -> dict | None:
    """The last result as a dict; a corrupt file counts as never checked (it is rerun)."""
    r = _last_result(key)
    return r if isinstance(r, dict) else None


def _check_parallel(args, targets) -> int:
    """``check`` with --workers / --ray / --shards / --resume (adaproof.parallel): the results,
    table and exit status of the serial loop, one line per statement as it finishes."""
    from .parallel import run_checks

    def report(r, done, total):
        if not args.json:
            _print_result(r)
            if sys.stderr.isatty():
                sys.stderr.write(f"[{done}/{total}] {r.key}: {r.status}\n")
    results = run_checks(
        targets, budget=args.budget, examples=args.examples, seed=args.seed, device=args.device,
        fresh=args.fresh, workers=args.workers, ray=args.ray, shards=args.shards,
        threads=args.threads, resume=args.resume, retries=args.retries,
        gpu_fraction=args.gpu_fraction, modules=args.loaded_modules, last=_last_dict,
        write=_write_result, on_result=report, sampler=args.sampler)
    if args.json:
        print(json.dumps([r.to_json() for r in results], indent=2))
    else:
        print(_table([[r.key, r.expected, _status(r), _fmt(r.best_ratio), str(r.examples),
                       f"{r.time_s:.1f}" + _floor_note(r),
                       "UNEXPECTED" if r.unexpected else "ok"]
                      for r in results],
                     ["id", "expected", "status", "best ratio", "examples", "time s", ""]))
        _print_unknown_count(results, getattr(args, "strict", False))
    strict = getattr(args, "strict", False)
    return 1 if any(not r.passed(strict) for r in results) else 0


def _floor_note(r) -> str:
    """`` (floor 30 s)`` when the statement's declared budget floor replaced the budget."""
    return "" if getattr(r, "budget_floor_from", None) is None else f" (floor {r.budget_s:g} s)"


def _print_unknown_count(results, strict: bool) -> None:
    """The summary's count of statements without a verdict (``unknown``: no example)."""
    n = sum(1 for r in results if r.status == "unknown")
    if n:
        print(f"{n} statement(s) unknown: no example evaluated within the budget"
              + (" (failures under --strict)" if strict else ""))


def _status(r) -> str:
    """``holds, N unverified`` when a wall-clock budget left flagged candidates unresolved."""
    if r.status == "holds" and r.unverified:
        return f"holds, {r.unverified} unverified"
    if r.status == "unknown":
        return "unknown, no example" + (f", {r.unverified} unverified" if r.unverified else "")
    return r.status


class _interrupts:
    """SIGINT and SIGTERM raise a ``KeyboardInterrupt`` (SIGTERM: ``checker.Terminated``) in
    the main thread, which ``check(on_interrupt="return")`` turns into a partial result; the
    signal's name is recorded in the dict the context yields.  Handlers restored on exit."""

    def __enter__(self) -> dict:
        import signal
        from .checker import Terminated
        self.caught: dict = {}
        self.old = {}

        def on_int(signum, frame):
            self.caught.setdefault("signal", "SIGINT")
            raise KeyboardInterrupt

        def on_term(signum, frame):
            self.caught.setdefault("signal", "SIGTERM")
            raise Terminated

        import threading
        if threading.current_thread() is threading.main_thread():
            for sig, h in ((signal.SIGINT, on_int), (signal.SIGTERM, on_term)):
                self.old[sig] = signal.signal(sig, h)
        return self.caught

    def __exit__(self, *exc) -> None:
        import signal
        for sig, h in self.old.items():
            signal.signal(sig, h)


def _ignore_interrupts() -> dict:
    """Ignore SIGINT and SIGTERM (main thread only); the handlers they replaced."""
    import signal
    import threading
    old = {}
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGINT, signal.SIGTERM):
            old[sig] = signal.signal(sig, signal.SIG_IGN)
    return old


def _restore_handlers(old: dict) -> None:
    import signal
    for sig, h in old.items():
        signal.signal(sig, h if h is not None else signal.SIG_DFL)


def _parse_values(items) -> dict:
    out = {}
    for it in items:
        if "=" not in it:
            raise AdaproofInputError(f"values are NAME=VALUE, got {it!r}")
        k, v = it.split("=", 1)
        if k.strip() in out:
            raise AdaproofInputError(f"{k.strip()} is given more than once ({k.strip()}="
                                     f"{out[k.strip()]:g} and {it!r}); give each NAME=VALUE once")
        try:
            out[k.strip()] = float(v)
        except ValueError:
            raise AdaproofInputError(f"{k.strip()}={v!r} is not a number") from None
    return out


def _cmd_rate(args) -> int:
    from .bounds import get_bound
    b = get_bound(args.id)
    values = _parse_values(args.values)
    if args.cmd == "rate":
        res = b.evaluate(**values).to_json()
        text = [f"{b.key}: {b.measured} <= {res['bound']:.10g}"] + [
            f"  {k:20s} {v:.10g}" for k, v in res["terms"].items()]
    elif args.cmd == "tune":
        r = b.tune([s.strip() for s in args.over.split(",") if s.strip()], **values)
        res = r.to_json()
        text = [f"{b.key}: minimum {r.value:.10g} ({r.method})" if r.attained else
                f"{b.key}: infimum {r.value:.10g} ({r.method}), approached as "
                + ", ".join(f"{k} -> {v:g}" for k, v in r.argmin.items())
                + " and not attained (an open end of the domain, or the bound is not finite "
                  "there)"] + [
            f"  {k} = {v:.10g}" + (f"   = {r.closed_form[k]}" if r.closed_form else "")
            for k, v in r.argmin.items()]
    else:
        tune = [s.strip() for s in args.tune.split(",") if s.strip()]
        r = b.complexity(args.eps, tune_over=tune, **values)
        res = r.to_json()
        order = "unknown" if r.exponent is None else f"T^({r.exponent}) (log T)^{r.log_power}"
        claim = "" if r.claimed_exponent is None else (
            f"; paper claims T^({r.claimed_exponent}) (log T)^{r.claimed_log_power}"
            + ("" if r.agrees_with_claim is None else
               (" — agrees" if r.agrees_with_claim else " — DISAGREES")))
        text = [f"{b.key}: least T with bound <= {args.eps:g}: {r.T}",
                f"  order of the bound: {order}{claim}"]
    if args.json:
        print(json.dumps({"id": b.key, **res}, indent=2))
    else:
        print("\n".join(text))
    return 0


def _cmd_compare(args) -> int:
    from .bounds import get_comparison
    c = get_comparison(args.id)
    r = c.compare(**_parse_values(args.values))
    if args.json:
        print(json.dumps({"id": c.id, "a_id": c.a, "b_id": c.b, **r.to_json()}, indent=2))
        return 0
    winner = {"a": c.a, "b": c.b, "tie": "neither (equal)"}[r.better]
    print(f"{c.id}: A = {c.a}: {r.a:.10g}" + (f" at {r.argmin_a}" if r.argmin_a else ""))
    print(f"  B = {c.b}: {r.b:.10g}" + (f" at {r.argmin_b}" if r.argmin_b else ""))
    print(f"  A/B = {r.ratio:.10g}; smaller bound: {winner}")
    if r.claimed_ratio is not None:
        print(f"  the paper's A/B: {r.claimed_ratio:.10g}")
    return 0


def _cmd_bounds(args) -> int:
    from .bounds import all_bounds, all_comparisons
    rows = [[b.key, b.paper, b.variant, b.title,
             "-" if b.claimed is None else f"T^({b.claimed.exponent})"
             + (f" (log T)^{b.claimed.log_power}" if b.claimed.log_power else "")]
            for b in all_bounds(args.paper)]
    comps = [[c.id, c.paper, c.a, c.b] for c in all_comparisons(args.paper)]
    if args.json:
        print(json.dumps({"bounds": [b.to_json() for b in all_bounds(args.paper)],
                          "comparisons": [c.to_json() for c in all_comparisons(args.paper)]},
                         indent=2, ensure_ascii=False))
        return 0
    print(_table(rows, ["id", "paper", "variant", "theorem", "claimed rate"]))
    if comps:
        print()
        print(_table(comps, ["comparison", "paper", "A", "B"]))
    print(f"\n{len(rows)} bound(s), {len(comps)} comparison(s)")
    return 0


def _last_result(key: str):
    """The last result (dict), None when never checked, or a results.Corrupt."""
    from . import results
    return results.read(key)


def _preflight() -> None:
    from . import results, store
    results.ensure_writable()
    store.ensure_writable()


def _save_result(r, extra: dict | None = None) -> None:
    """Write one check's result file atomically; a failure is reported, never fatal (the
    folder was checked before the run)."""
    from . import results
    try:
        results.write({**r.to_json(), **(extra or {})})
    except OSError as exc:
        print(f"adaproof: warning: could not write the result of {r.key}: {exc}",
              file=sys.stderr)


def _proof_summary(s) -> str | None:
    """``proved/total`` links of the statement's proof chain (None when it has none)."""
    if not s.proof:
        return None
    from .proofs import check_proof
    verdicts = [v for _, v in check_proof(s)]
    out = f"{verdicts.count('proved')}/{len(verdicts)}"
    return out + (f" ({verdicts.count('disproved')} disproved)" if "disproved" in verdicts else "")


def _cmd_report(args) -> int:
    from .kinds import kind_of
    rows = []
    for s in statements(paper=args.paper):
        r = _last_result(s.key) or {}
        corrupt = None
        if not isinstance(r, dict):  # a results.Corrupt: say which file, never a traceback
            corrupt, r = r, {"status": "corrupt"}
        ce = r.get("counterexample") or {}
        rows.append({"key": s.key, "paper": s.paper, "kind": s.kind, "family": s.family,
                     "statement_kind": kind_of(s),
                     "variant": s.variant, "expected": s.expected,
                     "status": r.get("status", "not checked"), "best_ratio": r.get("best_ratio"),
                     "supremum_ratio": s.supremum_ratio, "examples": r.get("examples"),
                     "budget_s": r.get("budget_s"), "seed": r.get("seed"),
                     "counterexample": ce or None, "title": s.title, "reason": s.reason or None,
                     "proof_steps_proved": _proof_summary(s),
                     "expectation": r.get("expectation"), "unverified": r.get("unverified"),
                     "budget_examples": r.get("budget_examples"),
                     **({"corrupt": str(corrupt)} if corrupt else {})})
    if args.format == "json":
        print(json.dumps(rows, indent=2))
        return 0
    print("| id | family | variant | expected | status | best ratio | known sup | examples "
          "| proof links proved |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        sup = "-" if r["supremum_ratio"] is None else f"{r['supremum_ratio']:g}"
        fam = r["family"] + ("" if r["statement_kind"] == "plain" else
                             f" ({r['statement_kind']})")
        print(f"| `{r['key']}` | {fam} | {r['variant']} | {r['expected']} | "
              f"{r['status']} | {_fmt(r['best_ratio'])} | {sup} | {r['examples'] or '-'} | "
              f"{r['proof_steps_proved'] or '-'} |")
    for r in rows:
        if r.get("corrupt"):
            print(f"\n{r['key']}: {r['corrupt']}")
    return 0


def _fmt(x) -> str:
    return "-" if x is None else f"{x:.12g}"


def _print_result(r) -> None:
    print(f"{r.key}: {_status(r)} (expected {r.expected}); best ratio lhs/rhs {_fmt(r.best_ratio)}"
          f" over {r.examples} examples in {r.time_s:.1f}s on {r.device}, seed {r.seed}")
    if r.counterexample:
        ce = r.counterexample
        how = "replayed from the store" if r.replayed else f"found by {r.method}"
        exact = (f"at {ce['digits']} digits" if ce.get("digits") else
                 f"by {ce.get('verification')}")
        print(f"  counterexample ({how}) verified {exact}: lhs={ce['lhs']} "
              f"rhs={ce['rhs']}" + (f" at {ce['index']}" if ce.get("index") is not None else ""))
        from .kinds import describe_witness  # high probability, arithmetic, conclusions
        for line in describe_witness(ce):
            print(line)
        if ce.get("replay_note"):  # a high-probability witness re-confirmed on a redrawn sample
            print(f"  note: {ce['replay_note']}")
        if ce.get("certificate"):  # matrix claims, relations (adaproof.computed)
            print(f"  certificate: {json.dumps(ce['certificate'])[:400]}")
        if r.saved_to:
            print(f"  saved to {r.saved_to}")
    if r.stale_counterexamples:
        print(f"  {r.stale_counterexamples} stored counterexample(s) no longer reproduce")
    if r.error:
        print(f"  error: {r.error}")
    if getattr(r, "reason", None):
        print(f"  no verdict: {r.reason} (a failure under --strict)")
    if r.interrupted:
        print("  interrupted: the search stopped early; the result is partial")
    if r.float_exact_disagreements or r.nonfinite_unverified or r.flagged_unverified:
        print(f"  float screen: {r.float_exact_disagreements} float violation(s) not confirmed "
              f"exactly ({r.resolved_by_prescreen} decided by the ball-arithmetic pre-screen, "
              f"{r.resolved_by_mpmath} by mpmath); {r.flagged_unverified} flagged and "
              f"{r.nonfinite_unverified} non-finite candidate(s) left unverified when the "
              f"budget ran out (not counted as examples)")
    if getattr(r, "replay_unverified", 0):  # issue 10: a cut replay is never a silent pass
        print(f"  {r.replay_unverified} stored counterexample(s) not replayed exactly before the "
              f"wall-clock budget ended (neither confirmed nor stale): re-run with a larger "
              f"budget or --examples")
    if getattr(r, "cut", None):
        print(f"  pre-empted at the budget's end: {', '.join(r.cut)}")
    if getattr(r, "budget_floor_from", None) is not None:  # a declared floor, never silent
        print(f"  budget: {r.budget_s:g} s, the statement's declared floor, instead of the "
              f"{r.budget_floor_from:g} s requested (adaproof show {r.key})")


def _seed_arg(text: str) -> int:
    """``--seed``: an integer in [0, 2**63 - 1] (argparse reports the error, exit 2)."""
    try:
        return check_seed(int(text))
    except (ValueError, AdaproofInputError):  # AdaproofInputError is a ValueError
        shown = text if len(text) <= 40 else text[:37] + "..."
        raise argparse.ArgumentTypeError(
            f"must be an integer in [0, 2**63 - 1] = [0, {SEED_MAX}], got {shown!r}") from None


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="adaproof", description=__doc__.splitlines()[0])
    p.add_argument("--version", action="version", version=f"adaproof {__version__}")
    sub = p.add_subparsers(dest="cmd", required=True)
    pl = sub.add_parser("list", help="list registered statements")
    pl.add_argument("--paper", help="only this paper's statements (any registered paper)")
    pl.add_argument("--family", choices=FAMILIES)
    pl.add_argument("--kind", choices=KINDS)
    pl.add_argument("--json", action="store_true")
    ps = sub.add_parser("show", help="show one statement")
    ps.add_argument("id")
    ps.add_argument("--json", action="store_true")
    pc = sub.add_parser("check", help="check statements by random sampling + exact verification")
    pc.add_argument("ids", nargs="*")
    pc.add_argument("--all", action="store_true")
    pc.add_argument("--paper", help="with --all: only this paper (any registered paper)")
    pc.add_argument("--budget", default="smoke",
                    help="seconds per statement, or smoke (2 s) | default (20 s) | deep (300 s); "
                         "with --examples, the preset only picks the ladder of sizes")
    pc.add_argument("--examples", type=int, default=None, metavar="N",
                    help="budget in evaluated examples per statement instead of seconds: the "
                         "verdict then depends on the seed alone, not on the machine's load")
    pc.add_argument("--device", default="cpu", choices=("cpu", "cuda", "auto"))
    pc.add_argument("--seed", type=_seed_arg, default=0,
                    help="search seed, an integer in [0, 2**63 - 1] (default 0)")
    pc.add_argument("--fresh", action="store_true",
                    help="ignore the counterexample store and search from scratch")
    pc.add_argument("--sampler", default="hand", choices=("hand", "derived"),
                    help="derived: ignore hand-written samplers; derive inputs from the hypotheses")
    pc.add_argument("--json", action="store_true")
    pc.add_argument("--strict", action="store_true",
                    help="exit non-zero when a statement holds with flagged candidates left "
                         "unverified by a wall-clock budget")
    for name, helptext in (("rate", "a theorem's bound and each term at NAME=VALUE"),
                           ("tune", "the hyperparameters minimising a theorem's bound"),
                           ("complexity", "least T with bound <= eps, and the order in T")):
        q = sub.add_parser(name, help=helptext)
        q.add_argument("id")
        q.add_argument("values", nargs="*", metavar="NAME=VALUE")
        if name == "tune":
            q.add_argument("--over", required=True, help="NAME[,NAME...] to minimise over")
        if name == "complexity":
            q.add_argument("--eps", type=float, required=True)
            q.add_argument("--tune", default="", help="NAME[,NAME...] re-tuned at every T")
        q.add_argument("--json", action="store_true")
    q = sub.add_parser("compare", help="two theorems' bounds on one problem: values and ratio")
    q.add_argument("id")
    q.add_argument("values", nargs="*", metavar="NAME=VALUE")
    q.add_argument("--json", action="store_true")
    q = sub.add_parser("bounds", help="list the rate calculators and comparisons")
    q.add_argument("--paper", choices=PAPERS)
    q.add_argument("--json", action="store_true")
    pr = sub.add_parser("report", help="one row per statement: status and best ratio (last check)")
    pr.add_argument("--format", choices=("md", "json"), default="md")
    pr.add_argument("--paper", help="only this paper's statements (any registered paper)")
    for q in (pl, ps, pc, pr):
        q.add_argument("--module", action="append", default=[], metavar="PKG.MOD",
                       help="import this module first: the statements it registers join "
                            "(repeatable; also [tool.adaproof] modules in pyproject.toml and "
                            "the adaproof.statements entry points)")
    _parallel_flags(pc)
    from .docs import add_parser as add_docs_parser
    add_docs_parser(sub)
    return p


def _parallel_flags(pc) -> None:
    g = pc.add_argument_group("parallel runs (adaproof.parallel)")
    g.add_argument("--workers", type=int, default=None, metavar="N",
                   help="check N statements at a time in local worker processes")
    g.add_argument("--ray", nargs="?", const="local", default=None, metavar="ADDRESS",
                   help="run on Ray: ray.init(address=ADDRESS), e.g. auto; a local cluster "
                        "(--workers CPUs, else 2) when no address is given")
    g.add_argument("--shards", type=int, default=None, metavar="K",
                   help="K independent seed streams per statement, merged (default 1; 4 with "
                        "--ray and --budget deep)")
    g.add_argument("--threads", type=int, default=1, metavar="T",
                   help="torch threads per worker (default 1)")
    g.add_argument("--resume", action="store_true",
                   help="skip statements whose last result was made by this code from this "
                        "definition with the same seed and budget")
    g.add_argument("--retries", type=int, default=2, metavar="R",
                   help="rerun a failed task up to R times (default 2)")
    g.add_argument("--gpu-fraction", type=float, default=0.25, metavar="F",
                   help="with --ray and --device cuda: the GPU share each task asks for")


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args, extra = parser.parse_known_args(argv)
    if extra:  # NAME=VALUE given after an option (e.g. tune ID --over eta T=100)
        if args.cmd in ("rate", "tune", "complexity", "compare") and all("=" in e and not e.startswith("-")
                                                               for e in extra):
            args.values = list(args.values) + extra
        else:
            parser.error(f"unrecognized arguments: {' '.join(extra)}")
    try:
        if args.cmd in ("list", "show", "check", "report"):
            args.loaded_modules = load_user_statements(args.module)
        return {"list": _cmd_list, "show": _cmd_show, "check": _cmd_check,
                "report": _cmd_report, "rate": _cmd_rate, "tune": _cmd_rate,
                "complexity": _cmd_rate, "compare": _cmd_compare,
                "bounds": _cmd_bounds, "docs": _cmd_docs}[args.cmd](args)
    except AdaproofInputError as exc:
        print(f"adaproof: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into e.g. `head`, which exited: not an error
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
