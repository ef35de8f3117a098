"""Arithmetic claims: numbers printed in a paper that are computed from other printed numbers
(table averages, ratios, percentages), checked in exact arithmetic against the printed rounding,
and numbers a paper reports from a stated computation (reproduced by running it).

A statement with ``special=Arithmetic(entries=...)`` holds when every entry does.  An
:class:`Entry` is one printed number:

* ``value``: a SymPy expression of the printed inputs written as exact decimals
  (:func:`D`: ``D("3.658")`` is 3658/1000 exactly), evaluated exactly (rationals; other
  expressions at 50 digits, with an undecidable closeness to a rounding boundary an error), and
  ``printed``: the number as printed (a string, its digits give the rounding unit u = 10^-k);
* or ``bounds=(lo, hi)``: a range the value must lie in (either end None), checked exactly;
* or ``experiment``: a callable ``experiment(seed) -> float`` that recomputes the printed number
  by the computation the paper states (a seeded random experiment): it runs for
  ``seeds`` seeds and the printed number holds when it lies within ``4·sd + u/2`` of the mean.

**Rounding rules** (``Arithmetic.rule``, stated in each verdict): ``nearest`` (the default): the
value lies in the closed interval ``[p − u/2, p + u/2]``, i.e. *some* rounding to the printed
digits gives p (a tie may go either way); ``half-up``: p is the value rounded half up
(``[p − u/2, p + u/2)``); ``truncate``: p is the value truncated (``[p, p + u)`` for p >= 0).
Every entry's verdict under all three is recorded; the statement's verdict uses ``rule``.

The ratio reported for an entry is ``|value − p|/(u/2)`` (above 1: outside the nearest
rounding interval).  A violated claim's witness names the failing entries (the first as
``conclusion``), with the exact value, the printed number and the rule; replay recomputes it.
"""
from __future__ import annotations

import math
import statistics
import time
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Callable

import mpmath
import sympy as sp

from ._validation import AdaproofInputError
from .statement import Statement
from .sympy_safe import simplify as _simplify

__all__ = ["Arithmetic", "Entry", "D", "decide", "RULES", "arithmetic_statement"]

RULES = ("nearest", "half-up", "truncate")


def D(text: str) -> sp.Rational:
    """The printed decimal ``text`` as an exact rational (``D("0.30") == 3/10``)."""
    if not isinstance(text, str):
        raise AdaproofInputError(f"a printed number is given as a string, got {text!r}")
    try:
        from fractions import Fraction
        f = Fraction(Decimal(text.replace(",", "").strip()))
        return sp.Rational(f.numerator, f.denominator)
    except Exception:  # noqa: BLE001
        raise AdaproofInputError(f"not a decimal number: {text!r}") from None


def _unit(printed: str) -> sp.Rational:
    t = printed.strip().replace(",", "")
    k = len(t.split(".", 1)[1]) if "." in t else 0
    return sp.Rational(1, 10 ** k)


@dataclass(frozen=True)
class Entry:
    """One printed number (see the module docstring)."""

    label: str
    value: Any = None
    printed: str | None = None
    formula: str = ""
    bounds: tuple | None = None
    experiment: Callable[[int], float] | None = None
    seeds: int = 5

    def __post_init__(self) -> None:
        kinds = [self.value is not None and self.printed is not None,
                 self.value is not None and self.bounds is not None,
                 self.experiment is not None and self.printed is not None]
        if sum(kinds) != 1:
            raise AdaproofInputError(f"entry {self.label!r}: give value and printed, value and "
                                     "bounds, or experiment and printed")
        if self.value is not None:
            object.__setattr__(self, "value", sp.sympify(self.value))
        if self.printed is not None:
            D(self.printed)

    @property
    def kind(self) -> str:
        return "experiment" if self.experiment else ("range" if self.bounds else "rounding")


def _num(x: sp.Basic) -> mpmath.mpf:
    with mpmath.workdps(50):
        v = sp.N(x, 50)
        if not v.is_number or not v.is_real:
            raise ValueError(f"{x} is not a real number")
        return mpmath.mpf(str(v))


def _cmp(a: sp.Basic, b: sp.Basic) -> int:
    """sign(a − b), exactly for rationals, else at 50 digits (an error when closer than
    10⁻⁴⁰: not decidable here)."""
    d = _simplify(a - b)
    if d.is_Rational:
        return int(bool(d > 0)) - int(bool(d < 0))
    v = _num(a - b)
    if abs(v) < mpmath.mpf(10) ** -40:
        raise ValueError(f"cannot decide the sign of {a - b} at 50 digits")
    return 1 if v > 0 else -1


def _fmt(x: sp.Basic, digits: int = 12) -> str:
    if x.is_Rational and x.q != 1 and 10 ** 30 % x.q == 0:
        return str(Decimal(int(x.p)) / Decimal(int(x.q)))
    return mpmath.nstr(_num(x), digits)


def experiment_value(entry: Entry, seed: int, stmt: Statement | None = None,
                     known: dict | None = None) -> float:
    """One seed of a seeded experiment (``entry.experiment(seed)``).

    ``known`` holds values already computed for this evaluation (:func:`prefetch`).  With the
    statement, the value is taken from the cache of exact verifications
    (:mod:`adaproof.replay_cache`, keyed by the code version, the statement, the entry and the
    seed) when this code computed it before, and recorded there otherwise.  Under a hard
    wall-clock cut (:func:`adaproof.deadline.armed`) the experiment runs in a child process
    (``spawn``): one C call (a 1000 x 1000 ``eigh``) cannot be interrupted, but a child can be
    abandoned -- it is killed when the cut lands, and the statement is then reported undecided
    (``holds, 1 unverified``), never passed."""
    if known and (entry.label, int(seed)) in known:
        return known[(entry.label, int(seed))]
    key = {"experiment": entry.label, "seed": int(seed)}
    if stmt is not None:
        from . import replay_cache
        hit = replay_cache.lookup(stmt, key, purpose="experiment")
        if hit is not None and isinstance(hit.get("value"), float):
            return hit["value"]
    if _child_wanted(stmt):  # a child finds it by key
        v = _in_child(stmt.key, entry.label, int(seed), _module_of(entry))
    else:
        v = float(entry.experiment(seed))
    _record(stmt, entry.label, int(seed), v)
    return v


def _child_wanted(stmt: Statement | None) -> bool:
    from .deadline import armed
    from .replay_cache import is_builtin_object
    return stmt is not None and armed() and is_builtin_object(stmt)


def _record(stmt: Statement | None, label: str, seed: int, v: float) -> None:
    if stmt is not None and math.isfinite(v):
        from . import replay_cache
        replay_cache.record(stmt, {"experiment": label, "seed": seed}, {"value": v},
                            purpose="experiment")


def prefetch(spec: "Arithmetic", stmt: Statement | None) -> dict:
    """The values of every experiment entry of ``spec`` and seed that the cache does not hold,
    computed in ONE spawned child under an armed cut (one start, one import of the statement's
    module, and the experiments' own per-process caches shared by all entries: adam_linf
    Table 1's four rotated rows reuse one ``eigh`` per seed).  Each value is recorded in the
    cache as it arrives, so a cut keeps the values finished before it for the next run.
    Returns ``{(label, seed): value}``; empty without an armed cut (values are then computed
    in-process, one by one, by :func:`experiment_value`)."""
    if not _child_wanted(stmt):
        return {}
    from . import replay_cache
    todo = []
    for e in spec.entries:
        if e.kind != "experiment":
            continue
        for seed in range(e.seeds):
            hit = replay_cache.lookup(stmt, {"experiment": e.label, "seed": seed},
                                      purpose="experiment")
            if hit is None or not isinstance(hit.get("value"), float):
                todo.append((e.label, seed))
    out: dict = {}
    if todo:
        from contextlib import closing
        todo.sort(key=lambda p: p[1])  # seed-major: one seed's entries share its computation
        module = _module_of(_entry(spec, todo[0][0]))
        with closing(_children_values(stmt.key, todo, module)) as values:
            for label, seed, v in values:
                out[(label, seed)] = v
                _record(stmt, label, seed, v)
    return out


def _entry(spec: "Arithmetic", label: str) -> Entry:
    (entry,) = [e for e in spec.entries if e.label == label]
    return entry


def _module_of(entry: Entry) -> str | None:
    """The module that defines an entry's experiment (the child imports it, not the registry)."""
    f = entry.experiment
    return getattr(getattr(f, "func", f), "__module__", None)


def _find(key: str, module: str | None):
    """The registered statement ``key``: from ``module``'s globals when it defines it (importing
    one paper package, not every paper's), else from the registry."""
    if module:
        import importlib
        mod = importlib.import_module(module)
        for v in vars(mod).values():
            if isinstance(v, Statement) and v.key == key:
                return v
    from . import registry
    return registry.get(key)


def _child_experiments(key: str, pairs, module, conn) -> None:  # pragma: no cover
    try:
        import torch
        # one thread: the parent only waits, and on a shared machine (or beside --workers'
        # other statements) a second BLAS thread made adam_linf/table-1 1.7x slower (load 9)
        torch.set_num_threads(1)
        spec = _find(key, module).special
        by_label = {e.label: e for e in spec.entries}
        for label, seed in pairs:
            conn.send(("ok", label, seed, float(by_label[label].experiment(seed))))
        conn.send(("done", None, None, None))
    except BaseException as exc:  # noqa: BLE001 - reported by the parent
        conn.send(("error", None, None, f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


def _children_values(key: str, pairs, module: str | None = None):
    """Yield ``(label, seed, value)`` for each pair, computed in one spawned child process in
    order; a cut (or any interrupt) in the parent kills the child."""
    import multiprocessing as mp
    ctx = mp.get_context("spawn")
    parent, child = ctx.Pipe(duplex=False)
    pairs = [(str(label), int(seed)) for label, seed in pairs]
    proc = ctx.Process(target=_child_experiments, args=(key, pairs, module, child), daemon=True)
    proc.start()
    child.close()
    try:
        while True:
            while not parent.poll(0.05):  # a short wait: the cut's signal is handled between
                if not proc.is_alive() and not parent.poll(0):
                    raise RuntimeError(f"experiments of {key}: their process ended without "
                                       f"a value (exit code {proc.exitcode})")
            status, label, seed, value = parent.recv()
            if status == "done":
                break
            if status != "ok":
                raise RuntimeError(f"experiments of {key}: {value}")
            yield label, seed, value
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join(5)
        parent.close()


def _in_child(key: str, label: str, seed: int, module: str | None = None) -> float:
    """``experiment(seed)`` of entry ``label`` of statement ``key`` in a spawned child process;
    a cut (or any interrupt) in the parent kills the child."""
    for _, _, v in _children_values(key, [(label, seed)], module):
        return v
    raise RuntimeError(f"experiment {label!r} seed {seed}: no value")


def decide(entry: Entry, rule: str = "nearest", stmt: Statement | None = None,
           known: dict | None = None) -> dict:
    """The exact verdict of one entry: ``{"label", "holds", "rule", "value", "printed",
    "ratio", "rules": {rule: bool}, ...}``."""
    out: dict = {"label": entry.label, "kind": entry.kind}
    if entry.formula:
        out["formula"] = entry.formula
    if entry.kind == "range":
        lo, hi = entry.bounds
        x = entry.value
        ok = (lo is None or _cmp(x, sp.sympify(lo)) >= 0) and (
            hi is None or _cmp(x, sp.sympify(hi)) <= 0)
        out.update(holds=bool(ok), rule="range", value=_fmt(x),
                   bounds=[None if lo is None else _fmt(sp.sympify(lo)),
                           None if hi is None else _fmt(sp.sympify(hi))])
        return out
    p, u = D(entry.printed), _unit(entry.printed)
    h = u / 2
    if entry.kind == "experiment":
        vals = [experiment_value(entry, s, stmt, known) for s in range(entry.seeds)]
        if not all(math.isfinite(v) for v in vals):
            raise ValueError(f"experiment {entry.label!r} gave a non-finite value: {vals}")
        mean = statistics.fmean(vals)
        sd = statistics.stdev(vals) if len(vals) > 1 else 0.0
        tol = 4 * sd + float(h)
        ok = abs(mean - float(p)) <= tol
        out.update(holds=bool(ok), rule="experiment: |mean - printed| <= 4 sd + u/2",
                   value=f"{mean:.10g}", sd=f"{sd:.3g}", values=[f"{v:.10g}" for v in vals],
                   seeds=list(range(entry.seeds)), printed=entry.printed,
                   ratio=abs(mean - float(p)) / tol if tol > 0 else math.inf)
        return out
    x = entry.value
    lo, hi = _cmp(x, p - h), _cmp(x, p + h)
    rules = {"nearest": lo >= 0 and hi <= 0,
             "half-up": lo >= 0 and hi < 0,
             "truncate": _cmp(x, p) >= 0 and _cmp(x, p + u) < 0}
    diff = x - p
    ratio = abs(diff) / h
    out.update(holds=bool(rules[rule]), rule=rule, value=_fmt(x, 15), printed=entry.printed,
               unit=str(u), difference=_fmt(diff, 6),
               ratio=float(ratio) if ratio.is_Rational else float(_num(ratio)),
               rules={k: bool(v) for k, v in rules.items()})
    return out


@dataclass(frozen=True)
class Arithmetic:
    """Printed numbers checked against the numbers they are computed from (module docstring)."""

    KIND = "arithmetic"

    entries: tuple
    rule: str = "nearest"
    source_numbers: str = ""  # where the inputs are printed (for show)

    def __post_init__(self) -> None:
        object.__setattr__(self, "entries", tuple(self.entries))
        if not self.entries or not all(isinstance(e, Entry) for e in self.entries):
            raise AdaproofInputError("Arithmetic needs a non-empty tuple of Entry")
        labels = [e.label for e in self.entries]
        if len(set(labels)) != len(labels):
            raise AdaproofInputError(f"entry labels must differ: {labels}")
        if self.rule not in RULES:
            raise AdaproofInputError(f"rule must be one of {RULES}, got {self.rule!r}")

    def relation_latex(self, stmt: Statement) -> str:
        parts = []
        for e in self.entries:
            if e.kind == "range":
                lo, hi = e.bounds
                parts.append((f"{sp.latex(sp.sympify(lo))} \\le " if lo is not None else "") +
                             sp.latex(e.value) +
                             (f" \\le {sp.latex(sp.sympify(hi))}" if hi is not None else ""))
            elif e.kind == "experiment":
                parts.append(rf"\text{{{e.label}: experiment}} \approx {e.printed}")
            else:
                arg = rf"\text{{{e.formula}}}" if e.formula else sp.latex(e.value)
                parts.append(rf"\mathrm{{round}}\left({arg}\right) = {e.printed}")
        return (r",\quad ".join(parts) + rf"\quad(\text{{rounding: {self.rule}}})")

    def to_json(self, stmt: Statement) -> dict:
        return {"rule": self.rule, "entries": [
            {"label": e.label, "kind": e.kind, "printed": e.printed, "formula": e.formula or None,
             "value": None if e.value is None else str(e.value)} for e in self.entries]}

    def evaluate(self, stmt: Statement | None = None) -> list[dict]:
        known = prefetch(self, stmt)
        return [decide(e, self.rule, stmt, known) for e in self.entries]

    def witness(self, verdicts: list[dict]) -> dict | None:
        bad = [v for v in verdicts if not v["holds"]]
        if not bad:
            return None
        first = bad[0]
        return {"inputs": {}, "sizes": {}, "lhs": str(first.get("value")),
                "rhs": str(first.get("printed") or first.get("bounds")),
                "margin": str(first.get("difference", "")) or "-",
                "ratio": str(first.get("ratio", "inf")), "index": None, "digits": None,
                "verification": "exact-decimal", "conclusion": first["label"],
                "rule": self.rule, "failing": bad}

    def check(self, stmt: Statement, *, budget, examples, seed, device, batch, fresh, save,
              phases, progress, sampler):
        from .kinds import make_result
        t0 = time.perf_counter()
        from .checker import parse_budget
        common = dict(t0=t0, seed=seed, budget_s=None if examples else parse_budget(budget),
                      budget_examples=examples)
        if save:
            from . import store
            store.ensure_writable()
        try:
            verdicts = self.evaluate(stmt)
        except Exception as exc:  # noqa: BLE001 - an entry that cannot be decided is an error
            return make_result(stmt, status="error", method="exact-arithmetic", examples=0,
                               error=f"{type(exc).__name__}: {exc}", **common)
        # decided: the rest (the store's replay, a save) runs under a shield and the result is
        # handed to the checker's deadline, so a cut at the statement's end falling now never
        # turns the decided table into "holds, 1 unverified" (as the high-probability engine)
        from .deadline import BudgetCut, hand_over, shield
        out = None
        try:
            with shield():
                out = self._finish(stmt, verdicts, fresh=fresh, save=save, seed=seed,
                                   common=common)
                hand_over(out)
        except BudgetCut:
            if out is None:
                raise
        return out

    def _finish(self, stmt: Statement, verdicts, *, fresh, save, seed, common):
        """The result of decided ``verdicts``: stored counterexamples replayed, a new one saved."""
        from .kinds import make_result
        ratios = [v["ratio"] for v in verdicts if isinstance(v.get("ratio"), (int, float))]
        best = max(ratios) if ratios else None
        ce = self.witness(verdicts)
        n_stored = stale = 0
        replayed = False
        saved = None
        if not fresh:
            from . import store
            entries = store.load(stmt)
            n_stored = len(entries)
            problems = [f"stored counterexample {e['_path']} is unusable: {e['_problem']}"
                        for e in entries if "_problem" in e]
            if problems:
                return make_result(stmt, status="error", method="replay", examples=0,
                                   error=" | ".join(problems), stored=n_stored, **common)
            failing = {v["label"] for v in verdicts if not v["holds"]}
            for e in entries:
                if e.get("conclusion") in failing:
                    replayed = True
                    ce = {**{k: v for k, v in ce.items()}, "stored": e["_path"]}
                    break
                stale += 1
        if ce is not None and save and not replayed:
            from . import store
            saved = str(store.save(stmt, ce, seed=seed, method="exact-arithmetic"))
        return make_result(stmt, status="violated" if ce else "holds",
                           method="replay" if replayed else "exact-arithmetic",
                           examples=len(verdicts), best_ratio=best, counterexample=ce,
                           replayed=replayed, stored=n_stored, stale=stale, saved_to=saved,
                           phases={"arithmetic": {"rule": self.rule, "entries": verdicts}},
                           **common)


def arithmetic_statement(id: str, *, entries, title: str, section: str, source: str,
                         latex: str, number: str, kind: str = "claim", rule: str = "nearest",
                         expected: str = "holds", notes: str = "", register: bool = True,
                         family: str = "other", min_budget_s: float | None = None,
                         min_budget_why: str = "") -> Statement:
    """A registered statement whose claim is ``Arithmetic(entries, rule)``; ``min_budget_s``
    (with the measured cost in ``min_budget_why``): the least wall-clock budget its experiments
    need (:mod:`adaproof.budget_floor`)."""
    spec = Arithmetic(tuple(entries), rule=rule)
    first = spec.entries[0]
    stmt = Statement(
        id=id, paper=id.split("/", 1)[0], kind=kind, number=number, title=title,
        section=section, family=family, latex=latex,
        lhs=first.value if first.value is not None else sp.Integer(0),
        rhs=D(first.printed) if first.printed is not None else sp.Integer(0),
        expected=expected, source=source, notes=notes, special=spec,
        min_budget_s=min_budget_s, min_budget_why=min_budget_why)
    if register:
        from .registry import register as _register
        _register(stmt)
    return stmt
