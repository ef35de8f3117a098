"""Batched float evaluation of a statement and exact (mpmath) re-verification of one candidate.

Tolerance policy (also in ``docs/tolerance.md``): the float64 inputs of a candidate, read as the
exact rationals they are, define an exact instance.  A violation is *reported* only when, in
mpmath at ``DPS`` (60) significant digits,

1. every hypothesis holds on that exact instance (trajectory quantities recomputed from the
   statement's SymPy recurrences, not taken from the float run), and
2. ``rhs - lhs < -10^{-(DPS-10)} * S`` at some universal index, where ``S`` is ``|lhs| + |rhs|``
   plus the running-error magnitude of both sides (:func:`~adaproof.symbolic.magnitude`: every
   sum replaced by the sum of its terms' magnitudes, recursively; what cancels when the sides
   are equal; the linear scale ``magnitude(e, None)``), and
3. the same holds again at ``2 * DPS`` digits, with a margin that agrees with the one at ``DPS``
   (within the ``DPS`` window, or to ``DPS/6`` digits); else ``2 * DPS`` against ``4 * DPS``.  A
   margin unstable under precision (a rounding residue, e.g. under a root of an exact zero) is
   ``undecided``: never reported, and counted unverified by the checker, never a pass.

Float64 is only a screen: a float margin below zero that the exact check does not confirm is
counted as a float-vs-exact disagreement and never reported.  In the float screen, non-strict
hypotheses ``a >= b`` are accepted when ``a - b >= -64 u S`` with ``S`` the sum of the absolute
values of the terms of ``a - b`` and ``u`` the unit roundoff (samplers build inputs by float
recursions, which can miss an equality case by a rounding error); an equality ``a = b`` is
screened as ``a >= b`` and ``a <= b`` with that allowance and decided exactly in the mpmath check
(:mod:`adaproof.eq_hypotheses`: proved in SymPy unless both sides are inputs); strict hypotheses
are checked as printed.  A NaN or inf in a side, on a candidate that passes the hypotheses, is an error.
"""
from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from typing import Any, Mapping

import mpmath
import sympy as sp
import torch

from .algorithms._core import run
from .recurrences import recurrences_read
from .statement import Statement
from .horizon import batch_rows
from .symbolic import (CallEnv, EvaluationError, SeqValue, abs_scale_terms, compiled_torch,
                       env_signature, eval_mode, interp_torch_eval, magnitude, mp_eval,
                       torch_eval)
from .threads import retain_freed_memory, thread_policy

__all__ = ["BatchEvaluation", "evaluate_batch", "verify_candidate", "Verdict", "DPS",
           "candidate_inputs", "inputs_from_candidates"]

DPS = 60


@dataclass
class BatchEvaluation:
    """Per-candidate results of one batch (all tensors have leading dimension ``B``)."""

    admissible: torch.Tensor  # hypotheses hold (float screen)
    lhs: torch.Tensor  # at the worst universal index
    rhs: torch.Tensor
    margin: torch.Tensor  # rhs - lhs at the worst index
    rel_margin: torch.Tensor  # margin / (|lhs| + |rhs|)
    ratio: torch.Tensor  # lhs / rhs at the worst index
    worst_index: torch.Tensor  # (B, k) paper indices of the worst universal index
    nonfinite: torch.Tensor  # admissible candidates with NaN/inf sides
    env: dict
    expectation: str | None = None  # "exact-enumeration" | "monte-carlo" for noise statements


def _forall_values(stmt: Statement, env: Mapping[str, Any]):
    from .symbolic import _int_value
    return [list(range(_int_value(lo, env), _int_value(hi, env) + 1)) for _, lo, hi in stmt.forall]


def _names_read(stmt: Statement) -> frozenset:
    """The names (symbols and sequence bases) the statement's sides and hypotheses mention,
    cached per statement object (fields included: a replaced statement is a new object)."""
    key = (stmt.lhs, stmt.rhs, tuple(h.relation for h in stmt.hypotheses),
           tuple(stmt.forall), tuple(h.forall for h in stmt.hypotheses))
    hit = _NAMES.get(id(stmt))
    if hit is not None and hit[0] is stmt and hit[1] == key:
        return hit[2]
    names: set[str] = set()
    exprs = [stmt.lhs, stmt.rhs] + [h.relation for h in stmt.hypotheses]
    exprs += [sp.sympify(b) for f in [stmt.forall] + [h.forall for h in stmt.hypotheses]
              for _, lo, hi in f for b in (lo, hi)]
    for e in exprs:
        e = sp.sympify(e)
        names.update(b.label.name for b in e.atoms(sp.Indexed) for b in [b.base])
        names.update(s_.name for s_ in e.atoms(sp.Symbol))
    out = frozenset(names)
    if len(_NAMES) > 1024:
        _NAMES.clear()
    _NAMES[id(stmt)] = (stmt, key, out)
    return out


_NAMES: dict[int, tuple] = {}


class _LazyTrajectoryEnv(dict):
    """An evaluation environment whose trajectory quantities the statement does not read are
    filled on first access (``env["nu"]``): the algorithm is run again, with every record, only
    for a caller that asks (``BatchEvaluation.env``)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._deferred: tuple | None = None  # (stmt, names not yet filled)

    def __missing__(self, key):
        deferred = self._deferred
        if deferred is None or key not in deferred[1]:
            raise KeyError(key)
        stmt, names = deferred
        self._deferred = None
        full = {k: v for k, v in self.items()}
        _trajectory_env(stmt, full)
        for n in names:
            self[n] = full[n]
        return self[key]


def _trajectory_env(stmt: Statement, env: dict, keep_graph: bool = False,
                    only: frozenset | None = None) -> None:
    """Run the statement's algorithm and put its trajectory quantities into ``env``; with
    ``only`` (the names the statement reads, :func:`_names_read`), ``run()`` is asked only
    for the records behind those names."""
    src = stmt.trajectory
    alg, kwargs = src.build(env)
    read = src.read if only is None else {k: v for k, v in src.read.items() if v[0] in only}
    # only the records the statement reads ("x" and "g" are always there)
    record = tuple(k for k in read if k not in ("x", "g"))
    # a float overflow of one candidate's trajectory is not an error of the whole check: its
    # sides become non-finite, which the float screen flags and the exact (mpmath) recurrence
    # re-evaluates; never a pass (docs/tolerance.md)
    kwargs.setdefault("check_state", False)
    traj = run(alg, keep_graph=keep_graph, record=record, **kwargs)
    for key, (name, start) in read.items():
        data = traj.series(key) if (key in src.series or key == "x") else traj[key]
        env[name] = SeqValue(data, tuple(start))


def _eq_pair(rel: sp.Eq) -> sp.And:
    """``a = b`` as ``a >= b`` and ``a <= b``: the float screen admits an equality that rounding
    missed (``log(y·z)`` against ``log y + log z``); the exact check proves it
    (:mod:`adaproof.eq_hypotheses`)."""
    return sp.And(sp.GreaterThan(rel.lhs, rel.rhs, evaluate=False),
                  sp.LessThan(rel.lhs, rel.rhs, evaluate=False), evaluate=False)


def _check_relation(rel: sp.Basic, env, B, forall, dtype, device) -> torch.Tensor:
    """Float screen of one hypothesis, with the rounding allowance for non-strict relations."""
    if isinstance(rel, sp.And):
        out = torch.ones(B, dtype=torch.bool, device=device)
        for a in rel.args:
            out &= _check_relation(a, env, B, forall, dtype, device)
        return out
    if isinstance(rel, sp.Eq):  # a = b as a >= b and a <= b (the allowance); mpmath decides
        return _check_relation(_eq_pair(rel), env, B, forall, dtype, device)
    if isinstance(rel, (sp.GreaterThan, sp.LessThan)):
        diff = rel.lhs - rel.rhs if isinstance(rel, sp.GreaterThan) else rel.rhs - rel.lhs
        d = torch_eval(diff, env, B=B, forall=forall, dtype=dtype, device=device)
        scale = torch_eval(abs_scale_terms(diff), env, B=B, forall=forall, dtype=dtype,
                           device=device)
        u = torch.finfo(dtype).eps / 2
        ok = d >= -64 * u * scale
    else:
        ok = torch_eval(rel, env, B=B, forall=forall, dtype=dtype, device=device)
    return ok.reshape(B, -1).all(dim=1)


# ---------------------------------------------------------------------------------------------
# compiled plans: a statement's hypotheses and sides compiled once per (statement, sizes)
# ---------------------------------------------------------------------------------------------
@dataclass
class _Plan:
    hypotheses: list  # f(env, B) -> (B,) bool, one per hypothesis
    lhs: Any  # f(env, B) -> (B, n_1, ..., n_k)
    rhs: Any
    starts: torch.Tensor | None  # first value of each universal index (worst-index offsets)


_PLANS: dict[int, tuple] = {}  # id(stmt) -> (stmt, snapshot, {key: _Plan})
_PLANS_MAX = 512


def _snapshot(stmt: Statement) -> tuple:
    """The objects a plan is compiled from; a statement whose fields were reassigned (or a
    ``dataclasses.replace`` copy, a new object) gets a new plan."""
    return (stmt.lhs, stmt.rhs, stmt.forall, stmt.hypotheses,
            *(h.relation for h in stmt.hypotheses), *(h.forall for h in stmt.hypotheses))


def _compiled_or_interp(expr, env, forall, dtype, device, sig):
    fn = compiled_torch(expr, env, forall=forall, dtype=dtype, device=device, signature=sig)
    if fn is not None:
        return fn
    return lambda env_, B: interp_torch_eval(expr, env_, B=B, forall=forall, dtype=dtype,
                                             device=device)


def _compile_relation(rel: sp.Basic, env, forall, dtype, device, sig):
    """:func:`_check_relation` compiled: the same operations in the same order."""
    if isinstance(rel, sp.And):
        parts = [_compile_relation(a, env, forall, dtype, device, sig) for a in rel.args]

        def conj(env_, B):
            out = torch.ones(B, dtype=torch.bool, device=device)
            for p in parts:
                out &= p(env_, B)
            return out
        return conj
    if isinstance(rel, sp.Eq):  # as _check_relation
        return _compile_relation(_eq_pair(rel), env, forall, dtype, device, sig)
    if isinstance(rel, (sp.GreaterThan, sp.LessThan)):
        diff = rel.lhs - rel.rhs if isinstance(rel, sp.GreaterThan) else rel.rhs - rel.lhs
        fd = _compiled_or_interp(diff, env, forall, dtype, device, sig)
        fs = _compiled_or_interp(abs_scale_terms(diff), env, forall, dtype, device, sig)
        u = torch.finfo(dtype).eps / 2

        def nonstrict(env_, B):
            d = fd(env_, B)
            scale = fs(env_, B)
            ok = d >= -64 * u * scale
            return ok.reshape(B, -1).all(dim=1)
        return nonstrict
    fr = _compiled_or_interp(rel, env, forall, dtype, device, sig)
    return lambda env_, B: fr(env_, B).reshape(B, -1).all(dim=1)


def _plan(stmt: Statement, env: dict, dtype, device) -> _Plan:
    snap = _snapshot(stmt)
    entry = _PLANS.get(id(stmt))
    if entry is None or entry[0] is not stmt or len(entry[1]) != len(snap) or any(
            a is not b for a, b in zip(entry[1], snap)):
        entry = (stmt, snap, {})
        _PLANS[id(stmt)] = entry
        if len(_PLANS) > _PLANS_MAX:
            _PLANS.pop(next(iter(_PLANS)))
    sig = env_signature(env)
    key = (dtype, str(device), sig)
    plan = entry[2].get(key)
    if plan is None:
        hyps = [_compile_relation(h.relation, env, h.forall, dtype, device, sig)
                for h in stmt.hypotheses]
        lhs = _compiled_or_interp(stmt.lhs, env, stmt.forall, dtype, device, sig)
        rhs = _compiled_or_interp(stmt.rhs, env, stmt.forall, dtype, device, sig)
        starts = None
        if stmt.forall:
            starts = torch.tensor([v[0] for v in _forall_values(stmt, env)], device=device)
        plan = _Plan(hyps, lhs, rhs, starts)
        entry[2][key] = plan
    return plan


#: the per-call memo of shared subexpressions is used up to this many input elements
MEMO_NUMEL = 4096


def _numel(env: Mapping[str, Any]) -> int:
    return max((v.data.numel() if isinstance(v, SeqValue) else v.numel()
                for v in env.values() if isinstance(v, (SeqValue, torch.Tensor))), default=0)


def _sides(stmt: Statement, env: dict, B: int, dtype, device, plan_out: list | None = None):
    if stmt.trajectory is not None:
        only = _names_read(stmt)
        _trajectory_env(stmt, env, only=only)
        skipped = {name for name, _ in stmt.trajectory.read.values()} - only
        if skipped and isinstance(env, _LazyTrajectoryEnv):
            env._deferred = (stmt, frozenset(skipped))
    if eval_mode() == "compiled":
        plan = _plan(stmt, env, dtype, device)
        if plan_out is not None:
            plan_out.append(plan)
        # small problems: shared subexpressions computed once in this call (large ones keep
        # the interpreter's allocation pattern: holding every intermediate costs more there)
        call_env = CallEnv(env) if _numel(env) <= MEMO_NUMEL else env
        admissible = torch.ones(B, dtype=torch.bool, device=device)
        for h in plan.hypotheses:
            admissible &= h(call_env, B)
        lhs, rhs = torch.broadcast_tensors(plan.lhs(call_env, B), plan.rhs(call_env, B))
        return admissible, lhs, rhs
    admissible = torch.ones(B, dtype=torch.bool, device=device)
    for h in stmt.hypotheses:
        admissible &= _check_relation(h.relation, env, B, h.forall, dtype, device)
    lhs = torch_eval(stmt.lhs, env, B=B, forall=stmt.forall, dtype=dtype, device=device)
    rhs = torch_eval(stmt.rhs, env, B=B, forall=stmt.forall, dtype=dtype, device=device)
    lhs, rhs = torch.broadcast_tensors(lhs, rhs)
    return admissible, lhs, rhs


def evaluate_batch(stmt: Statement, inputs: dict, sizes: Mapping[str, int], *,
                   dtype=torch.float64, device="cpu", generator: torch.Generator | None = None,
                   mc_paths: int | None = None, force_mc: bool = False) -> BatchEvaluation:
    """Evaluate ``stmt`` on a batch of sampled ``inputs`` (scalars ``(B,)``, sequences
    :class:`SeqValue`); runs the statement's algorithm when it has one.  For a statement in
    expectation the sides are expectations over the noise paths (:mod:`adaproof.expectation`)
    and, under Monte Carlo, ``margin`` is the upper confidence bound of ``E[rhs - lhs]``."""
    if hasattr(stmt, "evaluate_computed"):  # matrix claims, relations (adaproof.computed)
        return stmt.evaluate_computed(inputs, sizes, dtype=dtype, device=device)
    retain_freed_memory()
    with thread_policy(_numel(inputs)):
        return _evaluate_batch(stmt, inputs, sizes, dtype=dtype, device=device,
                               generator=generator, mc_paths=mc_paths, force_mc=force_mc)


def _evaluate_batch(stmt: Statement, inputs: dict, sizes: Mapping[str, int], *, dtype, device,
                    generator, mc_paths, force_mc) -> BatchEvaluation:
    env: dict[str, Any] = _LazyTrajectoryEnv(sizes)
    env.update(inputs)
    B = batch_rows(inputs)  # 1 when the only inputs are sizes (adaproof.horizon)
    method = None
    plans: list = []
    ucb = None
    if stmt.noise is None:
        admissible, lhs, rhs = _sides(stmt, env, B, dtype, device, plans)
    else:
        from .expectation import expand_paths
        xin, w, P, method = expand_paths(stmt.noise, inputs, sizes, generator=generator,
                                         mc_paths=mc_paths, force_mc=force_mc)
        env = _LazyTrajectoryEnv(sizes)
        env.update(xin)
        adm_p, lhs_p, rhs_p = _sides(stmt, env, B * P, dtype, device, plans)
        admissible = adm_p.reshape(B, P).all(dim=1)
        extra = lhs_p.shape[1:]
        wv = w.reshape((B, P) + (1,) * len(extra)).to(lhs_p.dtype)
        lhs_p = lhs_p.reshape((B, P) + extra)
        rhs_p = rhs_p.reshape((B, P) + extra)
        lhs, rhs = (wv * lhs_p).sum(1), (wv * rhs_p).sum(1)
        if method == "monte-carlo":
            diff = rhs_p - lhs_p
            se = diff.std(dim=1) / math.sqrt(P)
            ucb = (rhs - lhs) + stmt.noise.z() * se
    shape = lhs.shape[1:]
    fast = _worst_rows(lhs, rhs, B) if ucb is None else None
    if fast is not None:  # the general key, its formula only on the rows that need it
        arg, nonfinite = fast
    else:
        margin = rhs - lhs if ucb is None else ucb
        scale = lhs.abs() + rhs.abs()
        # both sides exactly 0 (margin 0): equality with no ratio; rank it last (+inf), not as
        # the tightest index, so that it hides neither a tighter index nor the best ratio
        rel = torch.where(scale > 0, margin / scale,
                          torch.where(margin == 0, torch.full_like(margin, float("inf")),
                                      torch.zeros_like(margin)))
        flat_rel = rel.reshape(B, -1)
        bad = ~torch.isfinite(margin.reshape(B, -1))
        # the worst index: a non-finite entry first, then the smallest relative margin
        key = torch.where(bad, torch.full_like(flat_rel, -float("inf")),
                          torch.nan_to_num(flat_rel, nan=-float("inf")))
        arg = key.argmin(dim=1)
        nonfinite = bad.any(dim=1)
    # the values at the worst index, recomputed there with the same operations
    if shape:
        unr = torch.unravel_index(arg, shape)
        at = (torch.arange(B, device=arg.device),) + tuple(unr)
        full = (B,) + tuple(shape)
        l, r = lhs.expand(full)[at], rhs.expand(full)[at]
        m = ucb.expand(full)[at] if ucb is not None else r - l
    else:
        l, r = lhs, rhs
        m = ucb if ucb is not None else r - l
    sc = l.abs() + r.abs()
    rel_at = torch.where(sc > 0, m / sc, torch.where(m == 0, torch.full_like(m, float("inf")),
                                                     torch.zeros_like(m)))
    if shape:
        unr = torch.stack(unr, dim=1)
        if plans:
            starts = plans[0].starts
        else:
            starts = torch.tensor([v[0] for v in _forall_values(stmt, env)], device=unr.device)
        worst = unr + starts
    else:
        worst = torch.zeros(B, 0, dtype=torch.long, device=device)
    return BatchEvaluation(
        admissible=admissible, lhs=l, rhs=r, margin=m, rel_margin=rel_at,
        ratio=l / r, worst_index=worst, nonfinite=admissible & nonfinite, env=env,
        expectation=method)


def _compact(x: torch.Tensor) -> torch.Tensor:
    """A broadcast (expanded) view narrowed to size 1 along its stride-0 dimensions: the same
    values, each stored once."""
    if x.dim() and 0 in x.stride():
        idx = tuple(slice(0, 1) if st == 0 and n > 1 else slice(None)
                    for st, n in zip(x.stride(), x.shape))
        return x[idx]
    return x


def _worst_fast(lhs: torch.Tensor, rhs: torch.Tensor, B: int) -> torch.Tensor | None:
    """``argmin`` over the universal indices of ``(rhs - lhs)/(|lhs| + |rhs|)`` per candidate,
    in three full-size passes into one buffer, or ``None`` when some margin is not finite or
    some index has both sides 0 (the general formula of :func:`_evaluate_batch` decides then).

    Why it equals the general key: ``|fl(r - l)| <= fl(|l| + |r|)``, so the quotient lies in
    [-1, 1] wherever both are finite and the scale is positive; a non-finite margin forces an
    infinite scale (NaN quotient) and a zero scale a zero margin (0/0 = NaN); so no NaN in the
    quotients (its sum finite) means every margin finite and every scale positive, where the
    general key is that very quotient."""
    lhs_c, rhs_c = _compact(lhs), _compact(rhs)
    if lhs_c.dim() == 0 or lhs_c.shape[1:].numel() <= 1 and rhs_c.shape[1:].numel() <= 1:
        return None  # nothing to reduce: the general path is as cheap
    q = torch.sub(rhs_c, lhs_c)
    s = torch.abs(lhs_c)
    s = s.add_(rhs_c.abs()) if s.shape == torch.broadcast_shapes(s.shape, rhs_c.shape) \
        else s + rhs_c.abs()
    if q.shape != s.shape:
        q = q.expand(s.shape)
    q = torch.div(q, s, out=s) if s.is_contiguous() and q.shape == s.shape else q / s
    if not bool(torch.isfinite(q.sum())):
        return None
    full = torch.broadcast_shapes(lhs.shape, rhs.shape)
    return q.expand(full).reshape(B, -1).argmin(dim=1)


def _worst_rows(lhs: torch.Tensor, rhs: torch.Tensor, B: int):
    """``(arg, nonfinite)`` of the general key of :func:`_evaluate_batch`, with the general
    formula run only on the candidates that need it: :func:`_worst_fast`'s quotient decides each
    candidate whose quotients are all finite (the argument of its docstring holds row by row),
    and the general key is computed on the other rows only (the key of a row depends on that row
    alone, so the values are those of the whole-batch formula).  ``None`` where the quotient
    cannot be formed per candidate (the general path then runs on the whole batch)."""
    lhs_c, rhs_c = _compact(lhs), _compact(rhs)
    if lhs_c.dim() == 0 or lhs_c.shape[1:].numel() <= 1 and rhs_c.shape[1:].numel() <= 1:
        return None
    full = torch.broadcast_shapes(lhs.shape, rhs.shape)
    if torch.broadcast_shapes(lhs_c.shape, rhs_c.shape)[0] != B:
        return None
    q = torch.sub(rhs_c, lhs_c)
    s = torch.abs(lhs_c)
    s = s.add_(rhs_c.abs()) if s.shape == torch.broadcast_shapes(s.shape, rhs_c.shape) \
        else s + rhs_c.abs()
    if q.shape != s.shape:
        q = q.expand(s.shape)
    q = torch.div(q, s, out=s) if s.is_contiguous() and q.shape == s.shape else q / s
    flat = q.expand(full).reshape(B, -1)
    nonfinite = torch.zeros(B, dtype=torch.bool, device=lhs.device)
    total = q.sum()
    if bool(torch.isfinite(total)):
        return flat.argmin(dim=1), nonfinite
    # a row sum of quotients in [-1, 1] is finite exactly when the row holds no NaN
    rows = (~torch.isfinite(q.reshape(q.shape[0], -1).sum(dim=1))).nonzero().reshape(-1)
    arg = flat.argmin(dim=1)
    l, r = lhs[rows], rhs[rows]
    margin = r - l
    scale = l.abs() + r.abs()
    rel = torch.where(scale > 0, margin / scale,
                      torch.where(margin == 0, torch.full_like(margin, float("inf")),
                                  torch.zeros_like(margin)))
    n = rows.numel()
    flat_rel = rel.reshape(n, -1)
    bad = ~torch.isfinite(margin.reshape(n, -1))
    key = torch.where(bad, torch.full_like(flat_rel, -float("inf")),
                      torch.nan_to_num(flat_rel, nan=-float("inf")))
    arg[rows] = key.argmin(dim=1)
    nonfinite[rows] = bad.any(dim=1)
    return arg, nonfinite


# ---------------------------------------------------------------------------------------------
# exact re-verification
# ---------------------------------------------------------------------------------------------
@dataclass
class Verdict:
    """Outcome of the exact re-verification of one candidate."""

    hypotheses_hold: bool
    violated: bool
    lhs: str | None = None
    rhs: str | None = None
    margin: str | None = None
    ratio: str | None = None
    index: dict | None = None
    failed_hypothesis: str | None = None
    trajectory_mismatch: float | None = None
    finite: bool = True
    method: str = "mpmath"  # or, for statements in expectation: "mpmath-enumeration",
    #                         "float64-enumeration", "monte-carlo-confirmation"
    #: why a side is not a finite real number (``finite`` False): undefined, complex, inf/NaN
    reason: str | None = None
    #: violated at 60 and 120 digits (and 240) but the margins disagree beyond the policy's
    #: window: a residue that shrinks with the precision, neither a finding nor a pass (the
    #: checker counts it ``unverified``); ``violated`` is False
    undecided: bool = False
    #: the margin and the scale ``S`` as mpmath numbers (the stability test), not reported
    margin_mp: Any = field(default=None, repr=False, compare=False)
    scale_mp: Any = field(default=None, repr=False, compare=False)


def _to_nested(t: torch.Tensor):
    if t.dim() == 0:
        return mpmath.mpf(float(t))
    return [_to_nested(x) for x in t]


def candidate_inputs(stmt: Statement, inputs: dict, i: int) -> dict:
    """The ``i``-th candidate's free inputs as plain floats / nested lists (JSON-able)."""
    out = {}
    for k, v in inputs.items():
        if isinstance(v, SeqValue):
            out[k] = {"start": list(v.start), "values": v.data[i].tolist()}
        elif isinstance(v, torch.Tensor):
            out[k] = float(v[i]) if v.dim() >= 1 else float(v)
        else:
            out[k] = v
    return out


def inputs_from_candidates(cands: list[Mapping[str, Any]], *, dtype=torch.float64,
                           device="cpu") -> dict:
    """Stack candidate dicts (the :func:`candidate_inputs` format, all of the same sizes) into
    a batch of inputs for :func:`evaluate_batch`: scalars ``(B,)``, sequences :class:`SeqValue`."""
    if not cands:
        raise ValueError("no candidates")
    out: dict[str, Any] = {}
    for k, v in cands[0].items():
        if isinstance(v, dict) and "values" in v:
            data = torch.tensor([c[k]["values"] for c in cands], dtype=dtype, device=device)
            out[k] = SeqValue(data, tuple(v["start"]))
        else:
            out[k] = torch.tensor([float(c[k]) for c in cands], dtype=dtype, device=device)
    return out


def mp_inputs(cand: Mapping[str, Any], sizes: Mapping[str, int]) -> dict:
    """The exact (mpmath) environment of a candidate's inputs and sizes alone, before any run
    of the algorithm: scalars as ``mpf``, sequences as nested lists with their start."""
    env: dict[str, Any] = dict(sizes)
    for k, v in cand.items():
        if isinstance(v, dict) and "values" in v:
            env[k] = (_to_nested(torch.tensor(v["values"], dtype=torch.float64)),
                      tuple(v["start"]))
        else:
            env[k] = mpmath.mpf(v)
    return env


def _mp_env(stmt: Statement, cand: Mapping[str, Any], sizes: Mapping[str, int]) -> dict:
    env: dict[str, Any] = mp_inputs(cand, sizes)
    # trajectory quantities from the SymPy recurrences, in mpmath
    from .symbolic import _int_value
    recs = list(recurrences_read(stmt))  # unread ones skipped (adaproof.recurrences)
    if recs:
        ranges = {}
        for rec in recs:
            q = stmt.quantity(rec.name)
            last = _int_value(sp.sympify(q.extent[0]), sizes)
            coord_ext = [_int_value(sp.sympify(e), sizes) for e in q.extent[1:]]
            coords = list(itertools.product(*[range(s, e + 1) for s, e in
                                              zip(q.start[1:], coord_ext)]))
            ranges[rec.name] = (last, coords, q.start)
            data = [None] * (last - q.start[0] + 1)
            env[rec.name] = (data, tuple(q.start))
        lo = min(r.first for r in recs)
        hi = max(ranges[r.name][0] for r in recs)
        coord_syms = {r.name: [s for s in _coord_symbols(stmt, r)] for r in recs}
        # initial values
        for rec in recs:
            last, coords, start = ranges[rec.name]
            data = env[rec.name][0]
            pos = rec.first - 1 - start[0]
            data[pos] = _grid(coords, start, lambda c: mp_eval(
                rec.init, env, dict(zip(coord_syms[rec.name], c))))
        for t in range(lo, hi + 1):
            for rec in recs:
                last, coords, start = ranges[rec.name]
                if t < rec.first or t > last:
                    continue
                data = env[rec.name][0]
                data[t - start[0]] = _grid(coords, start, lambda c: mp_eval(
                    rec.update, env, {rec.index: t, **dict(zip(coord_syms[rec.name], c))}))
    return env


def _coord_symbols(stmt: Statement, rec) -> list[sp.Symbol]:
    q = stmt.quantity(rec.name)
    n = len(q.start) - 1
    sizes = {q_.name for q_ in stmt.quantities if q_.kind == "size"} | {"T", "d", "n", "m"}
    syms = sorted((s for s in (rec.update.free_symbols | rec.init.free_symbols)
                   if isinstance(s, sp.Symbol) and s != rec.index and s.is_integer
                   and s.name not in sizes), key=lambda s: s.name)
    if len(syms) != n:
        # fall back on the statement's universal indices beyond time
        syms = [s for s, _, _ in stmt.forall][1:1 + n]
    return syms


def _grid(coords, start, f):
    """Nested list over coordinate axes (paper indices from start[1:]) of f(coord tuple)."""
    if not coords or coords == [()]:
        return f(())
    dims = len(coords[0])
    if dims == 1:
        return [f(c) for c in coords]
    # general: build recursively
    out: dict = {}
    for c in coords:
        out[c] = f(c)
    def build(prefix, axis):
        vals = sorted({c[axis] for c in coords if c[:axis] == prefix})
        if axis == dims - 1:
            return [out[prefix + (v,)] for v in vals]
        return [build(prefix + (v,), axis + 1) for v in vals]
    return build((), 0)


def verify_candidate(stmt: Statement, cand: Mapping[str, Any], sizes: Mapping[str, int],
                     *, prefer_index: Mapping[str, int] | None = None,
                     float_traj: Mapping[str, Any] | None = None) -> Verdict:
    """Re-evaluate one candidate in mpmath at :data:`DPS` digits (see module docstring); a
    violation is confirmed again at twice the precision, its margin stable under precision,
    before it is returned (else ``undecided``)."""
    if hasattr(stmt, "verify_computed"):  # matrix claims, relations (adaproof.computed)
        return stmt.verify_computed(cand, sizes)
    if stmt.noise is not None:
        return _verify_expectation(stmt, cand, sizes)
    v = _verify_at(stmt, cand, sizes, DPS, prefer_index, float_traj)
    if not v.violated:
        return v
    # a violation must be stable under precision: violated again at 2*DPS digits, with a margin
    # that agrees with the one at DPS within the window of DPS (a rounding residue shrinks with
    # the precision: 10^-30 at 60 digits, 10^-60 at 120, for the root of an exact zero);
    # otherwise once more at 4*DPS against 2*DPS; a margin still unstable is undecided
    lo, dps = v, DPS
    for _ in range(2):
        hi = _verify_at(stmt, cand, sizes, 2 * dps, lo.index, None)
        hi.trajectory_mismatch = v.trajectory_mismatch
        if not hi.violated:
            return hi
        if _stable(lo, hi, dps):
            return v
        lo, dps = hi, 2 * dps
    v.violated, v.undecided = False, True
    return v


def _stable(lo: Verdict, hi: Verdict, dps: int) -> bool:
    """The margin at ``dps`` digits agrees with the one at higher precision, at the same
    universal index: within its own window ``10^-(dps-10) S``, or to ``dps/6`` digits of the
    higher-precision margin (a rounding residue shrinks by about ``10^-dps`` from ``dps`` to
    ``2 dps`` digits, ``10^-dps/k`` under a ``k``-th root: it agrees with neither)."""
    if lo.index != hi.index or lo.margin_mp is None or hi.margin_mp is None:
        return False
    with mpmath.workdps(4 * dps):
        diff = abs(lo.margin_mp - hi.margin_mp)
        window = mpmath.mpf(10) ** (-(dps - 10)) * lo.scale_mp
        return bool(diff <= window or diff <= mpmath.mpf(10) ** (-(dps // 6)) * abs(hi.margin_mp))


def _real(x):
    """An mpmath side as an ``mpf``: plain numbers and lazy constants (``mpmath.e``) converted,
    a complex value with a zero imaginary part taken as real; anything else as it is."""
    if isinstance(x, mpmath.mpf):
        return x
    if isinstance(x, mpmath.mpc) and x.imag == 0:
        return x.real
    if isinstance(x, (int, float, type(mpmath.e))) and not isinstance(x, bool):
        return mpmath.mpf(x)
    return x


def _not_real_reason(lhs, rhs) -> str:
    """Which side is not a finite real number, and what it is (the checker's error message)."""
    out = []
    for name, x in (("lhs", lhs), ("rhs", rhs)):
        if isinstance(x, mpmath.mpc):
            out.append(f"the {name} is complex (a root or logarithm of a negative number?)")
        elif isinstance(x, mpmath.mpf) and mpmath.isnan(x):
            out.append(f"the {name} is NaN (0/0, inf - inf, or no Piecewise branch applies)")
        elif isinstance(x, mpmath.mpf) and mpmath.isinf(x):
            out.append(f"the {name} is infinite (a division by 0 or an overflow)")
        elif not isinstance(x, mpmath.mpf):
            out.append(f"the {name} is not a number ({type(x).__name__})")
    return "non-finite side in exact arithmetic" + (": " + "; ".join(out) if out else "")


def _undefined(exc: Exception) -> str:
    if isinstance(exc, ZeroDivisionError):
        return "a division by zero"
    if isinstance(exc, OverflowError):
        return f"an overflow: {exc}" if str(exc) else "an overflow"
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def _verify_at(stmt, cand, sizes, dps, prefer_index, float_traj) -> Verdict:
    with mpmath.workdps(dps):
        env = _mp_env(stmt, cand, sizes)
        failed = _hypotheses_hold_mp(stmt, env, cand, sizes)  # hypotheses, exactly
        if failed:
            return Verdict(False, False, failed_hypothesis=failed)
        mismatch = None
        if float_traj:
            mismatch = _trajectory_mismatch(env, float_traj)
        ranges = [range(int(mp_eval(sp.sympify(lo), env)), int(mp_eval(sp.sympify(hi), env)) + 1)
                  for _, lo, hi in stmt.forall]
        order = list(itertools.product(*ranges))
        if prefer_index:
            pref = tuple(prefer_index[str(s)] for s, _, _ in stmt.forall)
            order.sort(key=lambda c: c != pref)
        worst = None
        tol = mpmath.mpf(10) ** (-(dps - 10))
        scale_expr = magnitude(stmt.rhs, None) + magnitude(stmt.lhs, None)
        for c in order:
            idx = {s: k for (s, _, _), k in zip(stmt.forall, c)}
            try:
                lhs = mp_eval(stmt.lhs, env, idx)
                rhs = mp_eval(stmt.rhs, env, idx)
            except (ZeroDivisionError, ValueError, OverflowError) as exc:
                return Verdict(True, False, lhs=f"undefined ({type(exc).__name__})",
                               rhs=f"undefined ({type(exc).__name__})",
                               index={str(s): k for (s, _, _), k in zip(stmt.forall, c)},
                               finite=False, reason=f"non-finite side in exact arithmetic: a "
                                                    f"side is undefined ({_undefined(exc)})")
            lhs, rhs = _real(lhs), _real(rhs)
            if not (isinstance(lhs, mpmath.mpf) and isinstance(rhs, mpmath.mpf)):
                return Verdict(True, False, lhs=str(lhs), rhs=str(rhs), finite=False,
                               index={str(s): k for (s, _, _), k in zip(stmt.forall, c)},
                               reason=_not_real_reason(lhs, rhs))
            margin = rhs - lhs
            if worst is None or margin < worst[0]:
                worst = (margin, lhs, rhs, c)
            if margin < -tol * (abs(lhs) + abs(rhs)):
                # below zero by more than the working precision of the cancelling terms?
                try:
                    scale = abs(lhs) + abs(rhs) + mp_eval(scale_expr, env, idx)
                except (ZeroDivisionError, ValueError, OverflowError):
                    scale = abs(lhs) + abs(rhs)
                if margin < -tol * scale:
                    worst = (margin, lhs, rhs, c, scale)
                    break
        margin, lhs, rhs, c = worst[:4]
        if len(worst) > 4:
            scale = worst[4]
        else:  # the same running-error scale at the worst index found
            try:
                scale = abs(lhs) + abs(rhs) + mp_eval(
                    scale_expr, env, {s_: k for (s_, _, _), k in zip(stmt.forall, c)})
            except (ZeroDivisionError, ValueError, OverflowError):
                scale = abs(lhs) + abs(rhs)
        finite = all(mpmath.isfinite(x) for x in (lhs, rhs))
        if not finite:
            return Verdict(True, False, lhs=mpmath.nstr(lhs, 40), rhs=mpmath.nstr(rhs, 40),
                           index={str(s): k for (s, _, _), k in zip(stmt.forall, c)},
                           finite=False, reason=_not_real_reason(lhs, rhs))
        violated = bool(margin < -tol * scale)
        ratio = lhs / rhs if rhs != 0 else mpmath.inf
        return Verdict(True, violated, lhs=mpmath.nstr(lhs, 40), rhs=mpmath.nstr(rhs, 40),
                       margin=mpmath.nstr(margin, 25), ratio=mpmath.nstr(ratio, 25),
                       index={str(s): k for (s, _, _), k in zip(stmt.forall, c)},
                       trajectory_mismatch=mismatch, margin_mp=margin, scale_mp=scale)


def _flatten(x):
    if isinstance(x, list):
        for y in x:
            yield from _flatten(y)
    else:
        yield x


def _trajectory_mismatch(env, float_traj) -> float:
    """Largest relative difference between the float trajectory and the mpmath recurrences."""
    worst = 0.0
    for name, values in float_traj.items():
        exact = list(_flatten(env[name][0]))
        approx = list(_flatten(values))
        for a, e in zip(approx, exact):
            if e is None:
                continue
            d = abs(mpmath.mpf(a) - e) / max(abs(e), mpmath.mpf(1e-300))
            worst = max(worst, float(d))
    return worst


def _hypotheses_hold_mp(stmt: Statement, env, cand=None, sizes=None) -> str | None:
    # equalities: exact atoms compared exactly, else proved in SymPy (adaproof.eq_hypotheses)
    from .eq_hypotheses import exact_decider, relation_holds_mp
    exact = exact_decider(stmt, cand, sizes) if cand is not None else None
    names = frozenset(q.name for q in stmt.quantities if q.kind != "trajectory")
    for h in stmt.hypotheses:
        if h.forall:
            vals = [range(int(mp_eval(sp.sympify(lo), env)), int(mp_eval(sp.sympify(hi), env)) + 1)
                    for _, lo, hi in h.forall]
            combos = itertools.product(*vals)
        else:
            combos = [()]
        for c in combos:
            idx = {s: k for (s, _, _), k in zip(h.forall, c)}
            if not relation_holds_mp(h.relation, env, idx, names, exact):
                return f"{h.relation} at {c}"
    return None


def _verify_expectation(stmt: Statement, cand: Mapping[str, Any], sizes) -> Verdict:
    """Exact (mpmath) enumeration when small; float64 enumeration or an independent Monte-Carlo
    sample otherwise (see :mod:`adaproof.expectation`)."""
    from .expectation import FLOAT_ENUM_MARGIN, MP_PATHS, n_paths, path_list
    spec = stmt.noise
    values = cand[spec.values]["values"] if isinstance(cand[spec.values], dict) else cand[spec.values]
    n, P = n_paths(spec, len(values), sizes)
    if P <= MP_PATHS:
        with mpmath.workdps(DPS):
            totals: dict[tuple, list] = {}
            ranges = None
            # running-error scale (as for plain statements): a path whose sides are equal
            # through cancelling terms of size M differs at DPS digits by ~10^-DPS M
            scale_expr = magnitude(stmt.rhs, None) + magnitude(stmt.lhs, None)
            paths = []
            for probs, xi in path_list(spec, cand, sizes):
                c2 = dict(cand)
                c2[spec.name] = {"start": list(spec.start), "values": xi}
                env = _mp_env(stmt, c2, sizes)
                bad = _hypotheses_hold_mp(stmt, env, c2, sizes)
                if bad:
                    return Verdict(False, False, failed_hypothesis=bad + f" on path {xi}")
                w = mpmath.fprod(mpmath.mpf(p) for p in probs)
                if ranges is None:
                    ranges = [range(int(mp_eval(sp.sympify(lo), env)),
                                    int(mp_eval(sp.sympify(hi), env)) + 1)
                              for _, lo, hi in stmt.forall]
                for c in itertools.product(*ranges):
                    idx = {s_: k for (s_, _, _), k in zip(stmt.forall, c)}
                    try:
                        lv, rv = mp_eval(stmt.lhs, env, idx), mp_eval(stmt.rhs, env, idx)
                    except (ZeroDivisionError, ValueError, OverflowError) as exc:
                        return Verdict(True, False, lhs=f"undefined ({type(exc).__name__})",
                                       rhs="undefined", finite=False, method="mpmath-enumeration")
                    acc = totals.setdefault(c, [mpmath.mpf(0), mpmath.mpf(0)])
                    acc[0] += w * lv
                    acc[1] += w * rv
                paths.append((w, env))
            tol = mpmath.mpf(10) ** (-(DPS - 10))
            c, (lhs, rhs) = min(totals.items(), key=lambda kv: kv[1][1] - kv[1][0])
            finite = mpmath.isfinite(lhs) and mpmath.isfinite(rhs)
            margin = rhs - lhs
            violated = bool(finite and margin < -tol * (abs(lhs) + abs(rhs)))
            if violated:  # below the cancelling terms' working precision? (the E of M per path)
                idx = {s_: k for (s_, _, _), k in zip(stmt.forall, c)}
                scale = mpmath.mpf(0)
                for w, env in paths:
                    try:
                        scale += w * mp_eval(scale_expr, env, idx)
                    except (ZeroDivisionError, ValueError, OverflowError):
                        pass
                violated = bool(margin < -tol * (abs(lhs) + abs(rhs) + scale))
            return Verdict(True, violated, lhs=mpmath.nstr(lhs, 40), rhs=mpmath.nstr(rhs, 40),
                           margin=mpmath.nstr(margin, 25),
                           ratio=mpmath.nstr(lhs / rhs, 25) if rhs != 0 else "inf",
                           index={str(s_): k for (s_, _, _), k in zip(stmt.forall, c)},
                           finite=finite, method="mpmath-enumeration")
    inputs = inputs_from_candidates([cand])
    if P <= spec.max_paths:
        ev = evaluate_batch(stmt, inputs, sizes)
        method = "float64-enumeration"
        violated = float(ev.rel_margin[0]) < -FLOAT_ENUM_MARGIN
    else:
        return _mc_confirm_exact(stmt, cand, sizes)
    finite = math.isfinite(float(ev.lhs[0])) and math.isfinite(float(ev.rhs[0]))
    return Verdict(bool(ev.admissible[0]), violated and finite and bool(ev.admissible[0]),
                   lhs=repr(float(ev.lhs[0])), rhs=repr(float(ev.rhs[0])),
                   margin=repr(float(ev.rhs[0] - ev.lhs[0])), ratio=repr(float(ev.ratio[0])),
                   index={str(s_): int(k) for (s_, _, _), k in zip(stmt.forall, ev.worst_index[0])},
                   finite=finite, method=method)


def _mc_confirm_exact(stmt: Statement, cand: Mapping[str, Any], sizes) -> Verdict:
    """The Monte-Carlo confirmation of a flagged candidate: an independent sample of
    ``MC_CONFIRM_PATHS`` paths (seeded from the candidate, so it replays), each path's sides
    evaluated exactly in mpmath; violated when, at some universal index, the upper ``1 − level``
    confidence bound of the mean of ``rhs − lhs`` is below ``−tol·(|E lhs| + |E rhs| + scale)``
    (the working-precision allowance of exact enumeration).  Float rounding never enters."""
    import hashlib
    from .expectation import MC_CONFIRM_PATHS, sampled_paths
    spec = stmt.noise
    seed = int(hashlib.sha256(json_key(cand).encode()).hexdigest()[:8], 16)
    gen = torch.Generator().manual_seed(seed)  # independent of the screening sample
    K = MC_CONFIRM_PATHS
    with mpmath.workdps(DPS):
        scale_expr = magnitude(stmt.rhs, None) + magnitude(stmt.lhs, None)
        diffs: dict[tuple, list] = {}
        sums: dict[tuple, list] = {}
        scale = mpmath.mpf(0)
        ranges = None
        for xi in sampled_paths(spec, cand, sizes, K, gen):
            c2 = dict(cand)
            c2[spec.name] = {"start": list(spec.start), "values": xi}
            env = _mp_env(stmt, c2, sizes)
            bad = _hypotheses_hold_mp(stmt, env, c2, sizes)
            if bad:
                return Verdict(False, False, failed_hypothesis=bad + f" on path {xi}")
            if ranges is None:
                ranges = [range(int(mp_eval(sp.sympify(lo), env)),
                                int(mp_eval(sp.sympify(hi), env)) + 1)
                          for _, lo, hi in stmt.forall]
            for c in itertools.product(*ranges):
                idx = {s_: k for (s_, _, _), k in zip(stmt.forall, c)}
                try:
                    lv, rv = mp_eval(stmt.lhs, env, idx), mp_eval(stmt.rhs, env, idx)
                    sc = mp_eval(scale_expr, env, idx)
                except (ZeroDivisionError, ValueError, OverflowError) as exc:
                    return Verdict(True, False, lhs=f"undefined ({type(exc).__name__})",
                                   rhs="undefined", finite=False,
                                   method="monte-carlo-confirmation")
                diffs.setdefault(c, []).append(rv - lv)
                acc = sums.setdefault(c, [mpmath.mpf(0), mpmath.mpf(0)])
                acc[0] += lv / K
                acc[1] += rv / K
                scale = max(scale, abs(sc))
        tol = mpmath.mpf(10) ** (-(DPS - 10))
        z = mpmath.mpf(spec.z())
        best = None
        for c, ds in diffs.items():
            mean = mpmath.fsum(ds) / K
            var = mpmath.fsum((d - mean) ** 2 for d in ds) / (K - 1) if K > 1 else mpmath.mpf(0)
            ucb = mean + z * mpmath.sqrt(var / K)
            lhs, rhs = sums[c]
            key = ucb + tol * (abs(lhs) + abs(rhs) + scale)
            if best is None or key < best[0]:
                best = (key, c, lhs, rhs, ucb)
        key, c, lhs, rhs, ucb = best
        finite = bool(mpmath.isfinite(lhs) and mpmath.isfinite(rhs))
        return Verdict(True, bool(finite and key < 0), lhs=mpmath.nstr(lhs, 40),
                       rhs=mpmath.nstr(rhs, 40), margin=mpmath.nstr(ucb, 25),
                       ratio=mpmath.nstr(lhs / rhs, 25) if rhs != 0 else "inf",
                       index={str(s_): k for (s_, _, _), k in zip(stmt.forall, c)},
                       finite=finite, method="monte-carlo-confirmation")


def json_key(cand) -> str:
    import json
    return json.dumps(cand, sort_keys=True)
