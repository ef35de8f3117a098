"""Statements of other kinds than ``lhs <= rhs`` for all inputs, each decided by its own engine.

* a **strict** conclusion ``lhs < rhs`` (``Statement.strict``) and **several conclusions**
  (``Statement.conclusions``): :mod:`adaproof.conclusions`;
* a **high-probability** statement ("with probability at least 1 − δ"):
  ``Statement.special`` = :class:`adaproof.probability.HighProbability`;
* an **arithmetic claim** on printed numbers (table averages, percentages, ratios):
  ``Statement.special`` = :class:`adaproof.arithmetic.Arithmetic`.

:func:`dispatch` is the one hook :func:`adaproof.checker.check` calls: it returns the engine's
:class:`~adaproof.checker.CheckResult` for such a statement, None for a plain one.  Every engine
replays the statement's stored witnesses first (unless ``fresh``), saves a new verified one to
the store (``save``), and reports ``violated`` only on an exact (or, for a probability, an exact
binomial) verdict.
"""
from __future__ import annotations

import time
from typing import Any

from .statement import Statement

__all__ = ["dispatch", "kind_of", "relation_latex", "kind_json", "make_result"]


def kind_of(stmt: Statement) -> str:
    """``high-probability`` | ``arithmetic`` | ``conclusions`` | ``strict`` | ``plain``."""
    sp_ = getattr(stmt, "special", None)
    if sp_ is not None:
        return sp_.KIND
    if getattr(stmt, "conclusions", ()):
        return "conclusions"
    if getattr(stmt, "strict", False):
        return "strict"
    return "plain"


def dispatch(stmt: Statement, **kw) -> Any:
    """The engine's result for a statement of another kind; None for a plain statement."""
    k = kind_of(stmt)
    if k == "plain":
        return None
    if k in ("conclusions", "strict"):
        from .conclusions import check_conclusions
        return check_conclusions(stmt, **kw)
    return stmt.special.check(stmt, **kw)


def relation_latex(stmt: Statement) -> str:
    """The encoded relation, rendered by the statement's kind."""
    if stmt.special is not None:
        return stmt.special.relation_latex(stmt)
    from .conclusions import conclusions_latex
    return conclusions_latex(stmt)


def kind_json(stmt: Statement) -> dict:
    """The kind's fields for ``Statement.to_json`` (``adaproof show --json``)."""
    out: dict = {"statement_kind": kind_of(stmt)}
    if stmt.special is not None:
        out[stmt.special.KIND] = stmt.special.to_json(stmt)
    if stmt.conclusions:
        from .conclusions import all_conclusions
        out["conclusions"] = [c.to_json() for c in all_conclusions(stmt)]
    return out


def make_result(stmt: Statement, *, status: str, method: str, t0: float, seed: int,
                examples: int, budget_s: float | None, budget_examples: int | None,
                best_ratio: float | None = None, best_input: dict | None = None,
                best_sizes: dict | None = None, counterexample: dict | None = None,
                error: str | None = None, replayed: bool = False, stored: int = 0,
                stale: int = 0, saved_to: str | None = None, phases: dict | None = None,
                rejected: int = 0, disagreements: int = 0, resolved_by_mpmath: int = 0,
                expectation: str | None = None, device: str = "cpu", unverified: int = 0,
                cut: list | None = None):
    """A :class:`~adaproof.checker.CheckResult` for an engine of this module (``unverified``:
    flagged candidates a wall-clock cut left undecided; ``cut``: what it pre-empted)."""
    from .checker import CheckResult
    return CheckResult(
        id=stmt.id, variant=stmt.variant, key=stmt.key, expected=stmt.expected, status=status,
        method=method, best_ratio=best_ratio, best_input=best_input, best_sizes=best_sizes,
        counterexample=counterexample, examples=examples, rejected_by_hypotheses=rejected,
        float_exact_disagreements=disagreements, nonfinite_resolved_exactly=0,
        nonfinite_unverified=0, flagged_unverified=unverified, unverified=unverified,
        cut=list(cut or []), seed=seed, device=device,
        time_s=round(time.perf_counter() - t0, 3), budget_s=budget_s,
        budget_examples=budget_examples, error=error, phases=phases or {}, replayed=replayed,
        stored_counterexamples=stored, stale_counterexamples=stale, saved_to=saved_to,
        expectation=expectation, resolved_by_mpmath=resolved_by_mpmath)


def describe_witness(ce: dict | None) -> list[str]:
    """Extra lines that say what a witness of another kind shows (for ``adaproof check``)."""
    if not ce:
        return []
    out = []
    if ce.get("conclusion") and ce.get("verification") != "exact-decimal":
        how = " (exact equality: a strict conclusion)" if ce.get("strict") else ""
        out.append(f"  failing conclusion: {ce['conclusion']}{how}")
    hp = ce.get("high_probability")
    if isinstance(hp, dict):
        c, s = hp.get("confirm", {}), hp.get("screen", {})
        out.append(f"  law: {hp.get('law')}")
        out.append(f"  failure probability >= {c.get('p_lower')} > delta = {hp.get('delta')} "
                   f"(one-sided level {hp.get('level')}, Clopper-Pearson): "
                   f"{c.get('failures_verified')}/{c.get('n')} failures verified exactly "
                   f"(float {c.get('failures_float')}) on the confirming stream "
                   f"{c.get('stream')}; screen {s.get('failures_verified')}/{s.get('n')} "
                   f"on stream {s.get('stream')}")
    if ce.get("verification") == "exact-decimal":
        for f in ce.get("failing", []):
            what = (f"printed {f.get('printed')}" if f.get("printed") is not None
                    else f"range {f.get('bounds')}")
            out.append(f"  {f['label']}: {f.get('formula', '')} = {f.get('value')}, {what} "
                       f"(rule {f.get('rule')})")
    return out


def describe_statement(stmt: Statement) -> list[str]:
    """Lines for ``adaproof show``: what a statement of another kind claims and how it is
    decided."""
    k = kind_of(stmt)
    if k == "plain":
        return []
    out = [f"\nKind: {k}"]
    if k == "high-probability":
        hp = stmt.special
        out.append(f"  failure probability at most delta = {hp.delta}")
        out.append(f"  noise law: {hp.law}")
        out.append(f"  decided by: {hp.samples} draws per parameter candidate, an exact "
                   f"one-sided binomial (Clopper-Pearson) test at level {hp.level} on failures "
                   f"verified in mpmath, confirmed on {hp.confirm} fresh draws")
        for h in hp.param_hypotheses:
            out.append(f"  parameter hypothesis: {h}")
    elif k == "arithmetic":
        ar = stmt.special
        out.append(f"  rounding rule: {ar.rule} (half-up and truncate recorded too)")
        for e in ar.entries:
            what = (f"printed {e.printed}" if e.kind != "range" else f"range {e.bounds}")
            out.append(f"  {e.label}: {e.formula or e.value} -> {what}"
                       + (f" (experiment, seeds 0..{e.seeds - 1})" if e.experiment else ""))
    else:
        from .conclusions import all_conclusions
        for c in all_conclusions(stmt):
            out.append(f"  [{c.label}] {'strict <' if c.strict else '<='}: {c.relation_latex()}")
    return out


def interrupted_result(stmt: Statement, *, seed: int, examples, budget_s):
    """The partial result of an engine stopped by SIGINT/SIGTERM (nothing decided)."""
    r = make_result(stmt, status="interrupted", method="-", t0=time.perf_counter(), seed=seed,
                    examples=0, budget_s=None if examples else budget_s,
                    budget_examples=examples)
    r.interrupted = True
    return r
