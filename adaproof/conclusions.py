"""Strict conclusions (``lhs < rhs``) and statements with several conclusions.

A statement's conclusions are its own ``lhs (< or <=) rhs`` (``Statement.strict``) followed by
``Statement.conclusions`` (:class:`Conclusion`: a label, two sides, strict or not, its own
universal indices).  Each conclusion is attacked as a plain statement of its own (same inputs,
hypotheses, algorithm and sampler; :func:`adaproof.checker.check`), so each has its own margin,
and the statement is violated when one conclusion is; the result and the witness say which
(``counterexample["conclusion"]``, and ``conclusions`` in the result's ``phases``).

**Strict.**  ``lhs < rhs`` is violated by ``lhs > rhs`` (found as for ``<=``) and by *equality*,
which floating point cannot establish: after the attack, the inputs closest to equality (the
best ratio found) are snapped to dyadic rationals (``round(x·2^k)/2^k``, k = 0..8, exact in
float64) and the sides and the hypotheses are evaluated *exactly* in SymPy (rational
arithmetic, radicals simplified); equality is reported only when SymPy proves ``rhs − lhs = 0``
and every hypothesis true.

Statements with an algorithm or noise get the same exact probe: the algorithm is *run exactly* on
the snapped (dyadic) input -- the statement's SymPy recurrences (the same definitions the mpmath
re-verification uses; a statement with a float ``trajectory`` always carries them) evaluated step
by step in rational arithmetic (radicals kept symbolic), and for a statement in expectation over a
finite law every noise path is enumerated (at most :data:`EXACT_PATHS` of them) with its exact
probability, so ``E[rhs] − E[lhs]`` is an exact number.  A statement whose recurrences are missing
(a float-only trajectory) or whose paths exceed the limit is not probed (said in
``phases["conclusions"][label]["equality_probe"]``).
"""
from __future__ import annotations

import dataclasses
import itertools
import json
import math
import time
from dataclasses import dataclass
from typing import Any, Mapping

import sympy as sp

from ._validation import AdaproofInputError
from .recurrences import recurrences_read
from .statement import Statement
from .sympy_safe import simplify as _simplify

__all__ = ["Conclusion", "all_conclusions", "conclusions_latex", "check_conclusions",
           "exact_equality", "equality_probe_reason", "SNAP_BITS", "EXACT_PATHS"]

#: dyadic snapping of the best candidate: denominators 2^0 .. 2^SNAP_BITS
SNAP_BITS = 8
#: the most noise paths the exact equality probe enumerates (a statement in expectation)
EXACT_PATHS = 256


@dataclass(frozen=True)
class Conclusion:
    """One conclusion ``lhs <= rhs`` (``strict``: ``lhs < rhs``) of a statement, for every value
    of ``forall`` (None: the statement's own universal indices)."""

    label: str
    lhs: Any
    rhs: Any
    strict: bool = False
    forall: tuple | None = None
    latex: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.label, str) or not self.label.strip():
            raise AdaproofInputError(f"a conclusion needs a non-empty label, got {self.label!r}")
        object.__setattr__(self, "lhs", sp.sympify(self.lhs))
        object.__setattr__(self, "rhs", sp.sympify(self.rhs))

    def relation_latex(self) -> str:
        rel = "<" if self.strict else r"\le"
        return self.latex or f"{sp.latex(self.lhs)} {rel} {sp.latex(self.rhs)}"

    def to_json(self) -> dict:
        return {"label": self.label, "strict": self.strict, "latex": self.relation_latex()}


def all_conclusions(stmt: Statement) -> list[Conclusion]:
    """The statement's own relation (label ``main``) and then its further conclusions."""
    first = Conclusion("main", stmt.lhs, stmt.rhs, bool(stmt.strict), tuple(stmt.forall))
    out = [first] + [c if c.forall is not None else dataclasses.replace(c, forall=tuple(
        stmt.forall)) for c in stmt.conclusions]
    labels = [c.label for c in out]
    if len(set(labels)) != len(labels):
        raise AdaproofInputError(f"statement {stmt.key}: conclusion labels must differ, got "
                                 f"{labels}")
    return out


def conclusions_latex(stmt: Statement) -> str:
    parts = [f"[{c.label}]\\ {c.relation_latex()}" for c in all_conclusions(stmt)]
    return r",\quad ".join(parts)


def _sub(stmt: Statement, c: Conclusion) -> Statement:
    """The plain statement ``c.lhs <= c.rhs`` with the statement's inputs and hypotheses."""
    return dataclasses.replace(
        stmt, id=stmt.id if c.label == "main" else f"{stmt.id}#{c.label}", lhs=c.lhs,
        rhs=c.rhs, forall=tuple(c.forall or ()), strict=False, conclusions=(), latex=None)


# ---------------------------------------------------------------------------------------------
# exact equality (the strict case)
# ---------------------------------------------------------------------------------------------
def _exact_env(cand: Mapping[str, Any]) -> tuple[dict, dict]:
    """Scalars as exact rationals (a float64 is a dyadic rational), sequences as
    ``{(name, idx...): Rational}``."""
    scal, seq = {}, {}
    for k, v in cand.items():
        if isinstance(v, dict) and "values" in v:
            start = v["start"]

            def walk(vals, prefix):
                if isinstance(vals, list):
                    ax = len(prefix)
                    for i, x in enumerate(vals):
                        walk(x, prefix + (start[ax] + i,))
                else:
                    seq[(k,) + prefix] = sp.Rational(float(vals))
            walk(v["values"], ())
        else:
            scal[k] = sp.Rational(float(v))
    return scal, seq


def _subs(expr: sp.Basic, stmt: Statement, scal: dict, seq: dict, sizes: Mapping[str, int],
          idx: Mapping[sp.Symbol, int]) -> sp.Basic:
    rep = {s: scal[s.name] for s in expr.free_symbols if s.name in scal}
    rep.update({s: sp.Integer(sizes[s.name]) for s in expr.free_symbols if s.name in sizes})
    rep.update({s: sp.Integer(v) for s, v in idx.items()})
    e = expr.xreplace(rep).doit()
    for _ in range(4):  # Indexed entries become numbers once their indices are numbers
        ind = {a: seq[(a.base.label.name,) + tuple(int(i) for i in a.indices)]
               for a in e.atoms(sp.Indexed)
               if all(getattr(i, "is_Integer", False) for i in a.indices)
               and (a.base.label.name,) + tuple(int(i) for i in a.indices) in seq}
        if not ind:
            break
        e = e.xreplace(ind).doit()
    return e


def _truth(rel: sp.Basic) -> bool | None:
    if rel in (sp.true, True):
        return True
    if rel in (sp.false, False):
        return False
    if isinstance(rel, sp.And):
        vals = [_truth(a) for a in rel.args]
        return False if False in vals else (None if None in vals else True)
    if isinstance(rel, sp.Rel):
        d = _simplify(rel.lhs - rel.rhs)
        if not d.is_number:
            return None
        op = rel.rel_op
        sign = (1 if d.is_positive else -1 if d.is_negative else 0 if d.is_zero else None)
        if sign is None:
            return None
        return {">=": sign >= 0, ">": sign > 0, "<=": sign <= 0, "<": sign < 0,
                "==": sign == 0, "!=": sign != 0}.get(op)
    return None


def _ranges(forall, sizes, scal) -> list[range]:
    out = []
    for _, lo, hi in forall:
        vals = []
        for e in (lo, hi):
            e = sp.sympify(e).xreplace({s: sp.Integer(sizes[s.name]) for s in
                                        sp.sympify(e).free_symbols if s.name in sizes})
            if not e.is_Integer:
                raise ValueError(f"index bound {e} is not an integer")
            vals.append(int(e))
        out.append(range(vals[0], vals[1] + 1))
    return out


def _run_recurrences(stmt: Statement, scal: dict, seq: dict, sizes: Mapping[str, int]) -> None:
    """Run the statement's algorithm exactly: its recurrences evaluated step by step in SymPy
    (rationals, radicals kept symbolic), in the order the mpmath re-verification uses; the
    values are written into ``seq`` as ``(name, t, coords...) -> number``."""
    from .symbolic import _int_value
    from .verification import _coord_symbols
    recs = list(recurrences_read(stmt))  # unread ones skipped (adaproof.recurrences)
    if not recs:
        return
    info = {}
    for rec in recs:
        q = stmt.quantity(rec.name)
        last = _int_value(sp.sympify(q.extent[0]), sizes)
        ext = [_int_value(sp.sympify(e), sizes) for e in q.extent[1:]]
        coords = list(itertools.product(*[range(a, b + 1) for a, b in zip(q.start[1:], ext)]))
        info[rec.name] = (last, coords, _coord_symbols(stmt, rec))
    for rec in recs:
        _, coords, syms = info[rec.name]
        for c in coords:
            seq[(rec.name, rec.first - 1) + c] = _subs(
                rec.init, stmt, scal, seq, sizes, dict(zip(syms, c)))
    lo = min(r.first for r in recs)
    hi = max(info[r.name][0] for r in recs)
    for t in range(lo, hi + 1):
        for rec in recs:
            last, coords, syms = info[rec.name]
            if t < rec.first or t > last:
                continue
            for c in coords:
                val = _subs(rec.update, stmt, scal, seq, sizes, {rec.index: t, **dict(zip(syms, c))})
                if not val.is_number:
                    raise ValueError(f"recurrence {rec.name}[{t}] is not a number: {val}")
                seq[(rec.name, t) + c] = val


def _noise_paths(stmt: Statement, cand: Mapping[str, Any], sizes: Mapping[str, int]):
    """``[(probability, {(ξ, idx...): value})]`` over every path of the finite law, exact."""
    if stmt.noise is None:
        return [(sp.Integer(1), {})]
    from .expectation import n_paths, path_list
    spec = stmt.noise
    values = cand[spec.values]["values"] if isinstance(cand[spec.values], dict) else cand[spec.values]
    _, P = n_paths(spec, len(values), sizes)
    if P > EXACT_PATHS:
        raise ValueError(f"{P} noise paths exceed the exact probe's {EXACT_PATHS}")
    out = []
    for probs, xi in path_list(spec, cand, sizes):
        w = sp.Integer(1)
        for q in probs:
            w *= sp.Rational(float(q))
        entries = {}

        def walk(vals, prefix):
            if isinstance(vals, list):
                for i, x in enumerate(vals):
                    walk(x, prefix + (spec.start[len(prefix)] + i,))
            else:
                entries[(spec.name,) + prefix] = sp.Rational(float(vals))
        walk(xi, ())
        out.append((w, entries))
    return out


def equality_probe_reason(stmt: Statement, sizes: Mapping[str, int] | None = None,
                          cand: Mapping[str, Any] | None = None) -> str | None:
    """Why the exact equality probe cannot decide ``stmt`` (None: it can)."""
    if stmt.trajectory is not None and not stmt.recurrences:
        return "exact equality not decidable: the algorithm has no SymPy recurrences to run exactly"
    if stmt.noise is not None and cand is not None and sizes is not None:
        from .expectation import n_paths
        spec = stmt.noise
        vals = cand.get(spec.values)
        vals = vals["values"] if isinstance(vals, dict) else vals
        if vals is not None:
            _, P = n_paths(spec, len(vals), sizes)
            if P > EXACT_PATHS:
                return (f"exact equality not decidable: {P} noise paths exceed the exact "
                        f"probe's {EXACT_PATHS}")
    return None


def exact_equality(stmt: Statement, c: Conclusion, cand: Mapping[str, Any],
                   sizes: Mapping[str, int]) -> dict | None:
    """The witness of ``lhs = rhs`` at some universal index, proved in SymPy with every
    hypothesis proved true on the exact inputs; None when not proved (never a guess).  With an
    algorithm, its recurrences are run exactly on the input; with noise, ``E[lhs] = E[rhs]``
    over every path of the finite law, each with its exact probability."""
    if equality_probe_reason(stmt, sizes) is not None:
        return None
    try:
        scal, seq0 = _exact_env(cand)
        paths = []
        for w, xi in _noise_paths(stmt, cand, sizes):
            seq = {**seq0, **xi}
            _run_recurrences(stmt, scal, seq, sizes)
            paths.append((w, seq))
        for h in stmt.hypotheses:
            for combo in itertools.product(*_ranges(h.forall, sizes, scal)):
                idx = {s: k for (s, _, _), k in zip(h.forall, combo)}
                for _, seq_p in paths:  # on every path (for most, a claim on the law)
                    if _truth(_subs(h.relation, stmt, scal, seq_p, sizes, idx)) is not True:
                        return None
        for combo in itertools.product(*_ranges(c.forall or (), sizes, scal)):
            idx = {s: k for (s, _, _), k in zip(c.forall or (), combo)}
            lhs = sum((w * _subs(c.lhs, stmt, scal, sq, sizes, idx) for w, sq in paths),
                      sp.Integer(0))
            rhs = sum((w * _subs(c.rhs, stmt, scal, sq, sizes, idx) for w, sq in paths),
                      sp.Integer(0))
            if not (lhs.is_number and rhs.is_number):
                continue
            d = _simplify(rhs - lhs)
            if d.is_zero is True or d == 0:
                out = {"inputs": dict(cand), "sizes": dict(sizes), "lhs": str(lhs),
                       "rhs": str(rhs), "margin": "0", "ratio": "1",
                       "index": {str(s): k for (s, _, _), k in zip(c.forall or (), combo)},
                       "digits": None, "verification": "sympy-exact-equality",
                       "conclusion": c.label, "strict": True}
                if stmt.recurrences:
                    out["exact_run"] = "recurrences run in SymPy rationals"
                if stmt.noise is not None:
                    out["exact_paths"] = len(paths)
                return out
    except (ValueError, TypeError, KeyError, ZeroDivisionError, RecursionError):
        return None
    return None


def _snaps(cand: Mapping[str, Any]):
    """The candidate with every number rounded to k binary digits, k = 0..SNAP_BITS."""
    def snap(x, k):
        if isinstance(x, list):
            return [snap(y, k) for y in x]
        return float(round(float(x) * 2 ** k) / 2 ** k)
    seen = set()
    for k in range(SNAP_BITS + 1):
        out = {n: ({"start": v["start"], "values": snap(v["values"], k)}
                   if isinstance(v, dict) else snap(v, k)) for n, v in cand.items()}
        key = json.dumps(out, sort_keys=True)
        if key not in seen:
            seen.add(key)
            yield out


# ---------------------------------------------------------------------------------------------
# the engine
# ---------------------------------------------------------------------------------------------
def _replay(stmt: Statement, conc: list[Conclusion]) -> tuple[int, int, dict | None, list]:
    from . import replay_cache, store
    from .verification import verify_candidate
    by_label = {c.label: c for c in conc}
    stale, found, problems = 0, None, []
    entries = store.load(stmt)
    for e in entries:
        path = e.get("_path", "?")
        if "_problem" in e:
            problems.append(f"stored counterexample {path} is unusable: {e['_problem']}")
            continue
        c = by_label.get(e.get("conclusion", "main"))
        if c is None:
            problems.append(f"stored counterexample {path} names an unknown conclusion "
                            f"{e.get('conclusion')!r}")
            continue
        hit = replay_cache.lookup(stmt, e)  # replayed violated exactly by this code before
        if hit is not None:
            if found is None:
                found = {**hit, "stored": path}
            continue
        try:
            if e.get("verification") == "sympy-exact-equality":
                w = exact_equality(stmt, c, e["inputs"], e["sizes"]) if c.strict else None
                ok = w is not None
                ce = w
            else:
                v = verify_candidate(_sub(stmt, c), e["inputs"], e["sizes"],
                                     prefer_index=e.get("index"))
                ok = v.hypotheses_hold and v.finite and v.violated
                if v.hypotheses_hold and getattr(v, "undecided", False):
                    # neither confirmed nor stale: said, never dropped (a finding may be lost)
                    problems.append(f"stored counterexample {path} replays undecided: its "
                                    "margin is not stable under precision (60/120/240 digits)")
                    continue
                ce = None
                if ok:
                    from .checker import _counterexample
                    ce = {**_counterexample(e["inputs"], e["sizes"], v), "conclusion": c.label}
        except Exception as exc:  # noqa: BLE001 - a bad stored entry is an error, not a stop
            problems.append(f"stored counterexample {path} cannot be replayed: "
                            f"{type(exc).__name__}: {exc}")
            continue
        if not ok:
            stale += 1
            continue
        replay_cache.record(stmt, e, ce)
        if found is None:
            found = {**ce, "stored": path}
    return len(entries), stale, found, problems


def check_conclusions(stmt: Statement, *, budget, examples, seed, device, batch, fresh, save,
                      phases, progress, sampler):
    """Attack every conclusion of ``stmt`` (see the module docstring)."""
    from .checker import check, parse_budget
    from .kinds import make_result
    t0 = time.perf_counter()
    conc = all_conclusions(stmt)
    budget_s = parse_budget(budget)
    if save:
        from . import store
        store.ensure_writable()
    n_stored = stale = 0
    if not fresh:
        n_stored, stale, found, problems = _replay(stmt, conc)
        if problems:
            return make_result(stmt, status="error", method="replay", t0=t0, seed=seed,
                               examples=0, budget_s=None if examples else budget_s,
                               budget_examples=examples, error=" | ".join(problems),
                               stored=n_stored, stale=stale)
        if found is not None:
            return make_result(stmt, status="violated", method="replay", t0=t0, seed=seed,
                               examples=0, budget_s=None if examples else budget_s,
                               budget_examples=examples, counterexample=found, replayed=True,
                               stored=n_stored, stale=stale,
                               best_ratio=_ratio(found.get("ratio")))
    per = {}
    subs = []
    total = 0
    best = None
    ce = None
    error = None
    method = ""
    n = len(conc)
    for i, c in enumerate(conc):
        sub = _sub(stmt, c)
        quota = None if examples is None else max(1, examples // n)
        r = check(sub, budget=budget_s / n, examples=quota, seed=seed, device=device,
                  batch=batch, fresh=True, save=False, phases=phases, sampler="hand")
        total += r.examples
        subs.append(r)
        info = {"status": r.status, "best_ratio": r.best_ratio, "examples": r.examples,
                "strict": c.strict}
        if r.status == "error":
            error = f"conclusion {c.label}: {r.error}"
        elif r.status == "violated":
            ce = {**r.counterexample, "conclusion": c.label}
            method = r.method
        elif c.strict and r.best_input is not None and r.best_ratio is not None and (
                math.isfinite(r.best_ratio)):
            probe = equality_probe_reason(stmt, r.best_sizes or {}, r.best_input)
            if probe is None:
                from .derive.exact_probe import probe_candidates  # relative and solved snaps
                for cand in itertools.chain(_snaps(r.best_input), probe_candidates(
                        stmt, c, r.best_input, r.best_sizes)):
                    w = exact_equality(stmt, c, cand, r.best_sizes or {})
                    if w is not None:
                        ce, method = w, "equality-probe"
                        info["status"] = "violated"
                        break
                probe = "equality found" if ce else "no exact equality at the snapped best"
            info["equality_probe"] = probe
        if r.best_ratio is not None and math.isfinite(r.best_ratio) and (
                best is None or r.best_ratio > best[0]):
            best = (r.best_ratio, r.best_input, r.best_sizes)
        per[c.label] = info
        if progress:
            progress((i + 1) / n)
        if ce is not None or error:
            break
    saved = None
    if ce is not None and save:
        from . import store
        saved = str(store.save(stmt, ce, seed=seed, method=method))
    status = "error" if error else ("violated" if ce else "holds")
    unknown = [r_ for r_ in subs if r_.status == "unknown"]
    if status == "holds" and unknown:  # a conclusion with no example evaluated: no verdict
        status = "unknown"
    if ce is not None:
        best = (_ratio(ce.get("ratio")), ce["inputs"], ce["sizes"])
    out = make_result(stmt, status=status, method=method or "conclusions", t0=t0, seed=seed,
                      examples=total, budget_s=None if examples else budget_s,
                      budget_examples=examples, counterexample=ce, error=error,
                      best_ratio=None if best is None else best[0],
                      best_input=None if best is None else best[1],
                      best_sizes=None if best is None else best[2], saved_to=saved,
                      stored=n_stored, stale=stale, phases={"conclusions": per})
    # what the sub-checks counted (exact re-checks, unverified candidates, the expectation
    # method) carries over: a strict statement reports what its plain check would
    for f in ("rejected_by_hypotheses", "float_exact_disagreements", "nonfinite_resolved_exactly",
              "nonfinite_unverified", "flagged_unverified", "unverified",
              "resolved_by_prescreen", "resolved_by_mpmath"):
        setattr(out, f, sum(getattr(r_, f) or 0 for r_ in subs))
    if status == "unknown":
        out.reason = "; ".join(f"{r_.key}: {r_.reason}" for r_ in unknown)
    out.expectation = next((r_.expectation for r_ in subs if r_.expectation), None)
    out.acceptance = subs[0].acceptance if subs else None
    out.history = subs[0].history if len(subs) == 1 else {}
    if subs and subs[0].device != out.device:
        out.device = subs[0].device
    return out


def _ratio(x) -> float | None:
    try:
        return float(x)
    except (TypeError, ValueError):
        return None
