"""Evaluate SymPy statement expressions numerically: batched in torch, or one candidate in mpmath.

A statement's sides are SymPy expressions over scalar symbols (``beta2``), sizes (``T``, ``d``),
index symbols (``t``, ``l``) and sequences (``IndexedBase`` such as ``v[t]`` or ``g[t, l]``), with
``Sum`` for finite sums.  One expression is both rendered (``sympy.latex``) and evaluated:

* :func:`torch_eval` evaluates it for ``B`` candidates at once.  Every intermediate value is a
  tensor of shape ``(B, n_1, ..., n_k)`` (entries may be 1 for broadcasting) where ``k`` is the
  number of index symbols currently bound (universal indices of the statement, then the summation
  indices of enclosing ``Sum``\\ s); a ``Sum`` binds its index to an ``arange`` along a new trailing
  axis and reduces it.  ``Indexed`` reads are gathers.
* :func:`mp_eval` evaluates it for one candidate with ``mpmath`` numbers at the working precision
  (the exact re-verification path): every input float converts to ``mpf`` exactly.

Logarithms of ratios ``log(a/b)`` are evaluated as ``log1p((a - b) / b)`` when ``a/b`` is in
(1/2, 3/2), so that ratios near 1 keep their relative accuracy in floating point, and as
``log a - log b`` otherwise.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, Mapping

import mpmath
import sympy as sp
import torch

__all__ = ["SeqValue", "torch_eval", "mp_eval", "EvaluationError", "abs_scale_terms", "IndexMin",
           "IndexMax"]


class _IndexReduce(sp.Expr):
    """``reduce_{lo <= i <= hi} f``: like ``Sum`` but a minimum or maximum (rendered as such)."""

    op = ""

    def __new__(cls, function, limit):
        sym, lo, hi = limit
        return sp.Expr.__new__(cls, sp.sympify(function), sp.Tuple(sym, sp.sympify(lo),
                                                                   sp.sympify(hi)))

    @property
    def function(self):
        return self.args[0]

    @property
    def limit(self):
        return tuple(self.args[1])

    @property
    def free_symbols(self):
        sym, lo, hi = self.limit
        return (self.function.free_symbols - {sym}) | lo.free_symbols | hi.free_symbols

    def _latex(self, printer):
        sym, lo, hi = self.limit
        return (f"\\{self.op}_{{{printer._print(lo)} \\le {printer._print(sym)} \\le "
                f"{printer._print(hi)}}} {printer._print(self.function)}")


class IndexMin(_IndexReduce):
    op = "min"


class IndexMax(_IndexReduce):
    op = "max"


class EvaluationError(RuntimeError):
    """An expression could not be evaluated (unknown symbol, index out of range, bad node)."""


@dataclass
class SeqValue:
    """A sequence input: ``data`` of shape ``(B, L_1, ..., L_r)``, paper index ``i_j`` stored at
    position ``i_j - start[j]`` along axis ``j + 1``."""

    data: torch.Tensor
    start: tuple[int, ...]

    @property
    def rank(self) -> int:
        return len(self.start)


# ----------------------------------------------------------------------------------------------
# torch, batched
# ----------------------------------------------------------------------------------------------
class _TorchCtx:
    def __init__(self, env: Mapping[str, Any], B: int, dtype, device):
        self.env = env
        self.B = B
        self.dtype = dtype
        self.device = device
        self.indices: dict[sp.Symbol, tuple[int, torch.Tensor]] = {}  # symbol -> (axis, values)
        self.depth = 0
        self.masked = 0

    def const(self, v: float) -> torch.Tensor:
        return torch.full((1,) + (1,) * self.depth, float(v), dtype=self.dtype, device=self.device)

    def lift(self, v: torch.Tensor, depth: int) -> torch.Tensor:
        """Reshape a value built at ``depth`` to the current depth (append unit axes)."""
        for _ in range(self.depth - depth):
            v = v.unsqueeze(-1)
        return v


def _index_tensor(ctx: _TorchCtx, sym: sp.Symbol) -> torch.Tensor:
    axis, vals = ctx.indices[sym]
    shape = [1] * (ctx.depth + 1)
    shape[axis + 1] = vals.numel()
    return vals.reshape(shape)


def _int_value(expr, env: Mapping[str, Any]) -> int:
    expr = sp.sympify(expr)
    val = expr.subs({s: env[s.name] for s in expr.free_symbols
                     if isinstance(env.get(s.name), int) and not isinstance(env.get(s.name), bool)})
    if not val.is_number:
        raise EvaluationError(f"summation bound {expr} does not reduce to an integer "
                              f"(free symbols {sorted(map(str, val.free_symbols))})")
    return int(val)


def _torch(expr: sp.Basic, ctx: _TorchCtx) -> torch.Tensor:
    if expr.is_Number or expr in (sp.pi, sp.E):
        return ctx.const(float(expr))
    if isinstance(expr, sp.Symbol):
        if expr in ctx.indices:
            return _index_tensor(ctx, expr).to(ctx.dtype)
        name = expr.name
        if name not in ctx.env:
            raise EvaluationError(f"no value for symbol {name!r}")
        v = ctx.env[name]
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            return ctx.const(v)
        if isinstance(v, torch.Tensor):
            if v.dim() == 0:
                v = v.reshape(1)
            return v.reshape((v.shape[0],) + (1,) * ctx.depth)
        raise EvaluationError(f"symbol {name!r} holds {type(v).__name__}, not a scalar")
    if isinstance(expr, sp.Indexed):
        name = expr.base.label.name
        seq = ctx.env.get(name)
        if not isinstance(seq, SeqValue):
            raise EvaluationError(f"{name!r} is used as a sequence but holds {type(seq).__name__}")
        if len(expr.indices) != seq.rank:
            raise EvaluationError(f"{name} takes {seq.rank} indices, got {len(expr.indices)}")
        data = seq.data
        B = data.shape[0]
        lens = data.shape[1:]
        flat = None
        idx_shape = None
        for j, ie in enumerate(expr.indices):
            iv = _torch(ie, ctx)
            pos = torch.round(iv).to(torch.long) - seq.start[j]
            if ctx.masked:
                pos = pos.clamp(0, lens[j] - 1)  # out-of-range reads are masked out by the Sum
            elif bool(((pos < 0) | (pos >= lens[j])).any()):
                lo = int(pos.min()) + seq.start[j]
                hi = int(pos.max()) + seq.start[j]
                raise EvaluationError(
                    f"index {ie} of {name} ranges over [{lo}, {hi}] but {name} is stored for "
                    f"[{seq.start[j]}, {seq.start[j] + lens[j] - 1}]")
            flat = pos if flat is None else flat * lens[j] + pos
        shape = torch.broadcast_shapes(flat.shape, (B,) + (1,) * ctx.depth)
        flat = flat.expand(shape).reshape(B, -1)
        out = data.reshape(B, -1).gather(1, flat)
        return out.reshape(shape)
    if isinstance(expr, sp.Add):
        out = None
        for a in expr.args:
            v = _torch(a, ctx)
            out = v if out is None else out + v
        return out
    if isinstance(expr, sp.Mul):
        out = None
        for a in expr.args:
            v = _torch(a, ctx)
            out = v if out is None else out * v
        return out
    if isinstance(expr, sp.Pow):
        base, ex = expr.args
        b = _torch(base, ctx)
        if ex == sp.Rational(1, 2):
            return torch.sqrt(b)
        if ex == -1:
            return 1.0 / b
        if ex == sp.Rational(-1, 2):
            return 1.0 / torch.sqrt(b)
        if ex == 2:
            return b * b
        if ex.is_Integer:
            return b ** int(ex)
        return b ** _torch(ex, ctx)
    if isinstance(expr, sp.log):
        if len(expr.args) != 1:
            raise EvaluationError("log with a base is not supported; write log(x)/log(b)")
        num, den = sp.fraction(sp.together(expr.args[0]))
        if den != 1:
            n, d = _torch(num, ctx), _torch(den, ctx)
            # log1p keeps relative accuracy for ratios near 1; elsewhere log n - log d avoids
            # both the rounding of n/d to 0 or -1 and overflow of the quotient
            near = (n - d).abs() < 0.5 * d.abs()
            return torch.where(near, torch.log1p((n - d) / d), torch.log(n) - torch.log(d))
        return torch.log(_torch(expr.args[0], ctx))
    if isinstance(expr, sp.exp):
        return torch.exp(_torch(expr.args[0], ctx))
    if isinstance(expr, sp.Abs):
        return torch.abs(_torch(expr.args[0], ctx))
    if isinstance(expr, sp.sign):
        return torch.sign(_torch(expr.args[0], ctx))
    if isinstance(expr, (sp.Max, sp.Min)):
        vals = [_torch(a, ctx) for a in expr.args]
        out = vals[0]
        for v in vals[1:]:
            out = torch.maximum(out, v) if isinstance(expr, sp.Max) else torch.minimum(out, v)
        return out
    if isinstance(expr, sp.Piecewise):
        out = None
        for val, cond in reversed(expr.args):
            v = _torch(val, ctx)
            if cond is sp.true:
                out = v
            else:
                c = _torch_rel(cond, ctx)
                out = torch.where(c, v, out if out is not None else torch.full_like(v, float("nan")))
        return out
    if isinstance(expr, sp.Sum):
        return _torch_sum(expr, ctx)
    if isinstance(expr, _IndexReduce):
        return _torch_reduce(expr, ctx)
    raise EvaluationError(f"cannot evaluate {type(expr).__name__} node: {expr}")


def _torch_sum(expr: sp.Sum, ctx: _TorchCtx) -> torch.Tensor:
    # SymPy lists a multiple sum's limits innermost first: bind the outermost index first
    return _torch_sum_limits(expr.function, list(reversed(expr.limits)), ctx)


def _torch_sum_limits(body, limits, ctx: _TorchCtx) -> torch.Tensor:
    if not limits:
        return _torch(body, ctx)
    (sym, lo, hi), rest = limits[0], limits[1:]
    lo, hi = sp.sympify(lo), sp.sympify(hi)
    dependent = bool((lo.free_symbols | hi.free_symbols) & set(ctx.indices))
    if dependent:
        # bounds vary with an outer index: sum over the widest range under a mask
        lo_t, hi_t = _torch(lo, ctx), _torch(hi, ctx)
        lo_v, hi_v = int(torch.round(lo_t.min())), int(torch.round(hi_t.max()))
    else:
        lo_v, hi_v = _int_value(lo, ctx.env), _int_value(hi, ctx.env)
    if hi_v < lo_v:
        return ctx.const(0.0)
    vals = torch.arange(lo_v, hi_v + 1, device=ctx.device, dtype=torch.float64)
    ctx.indices[sym] = (ctx.depth, vals)
    ctx.depth += 1
    ctx.masked += int(dependent)
    try:
        v = _torch_sum_limits(body, rest, ctx)
        if v.shape[-1] == 1:
            v = v.expand(v.shape[:-1] + (vals.numel(),))
        if dependent:
            iv = _index_tensor(ctx, sym)
            mask = (iv >= ctx.lift(lo_t, ctx.depth - 1)) & (iv <= ctx.lift(hi_t, ctx.depth - 1))
            v = torch.where(mask, v, torch.zeros((), dtype=v.dtype, device=v.device))
        return v.sum(dim=-1)
    finally:
        ctx.depth -= 1
        del ctx.indices[sym]


def _torch_reduce(expr, ctx: _TorchCtx) -> torch.Tensor:
    sym, lo, hi = expr.limit
    if (lo.free_symbols | hi.free_symbols) & set(ctx.indices):
        raise EvaluationError(f"{type(expr).__name__} bounds may not depend on an outer index")
    lo_v, hi_v = _int_value(lo, ctx.env), _int_value(hi, ctx.env)
    if hi_v < lo_v:
        raise EvaluationError(f"empty range in {expr}")
    vals = torch.arange(lo_v, hi_v + 1, device=ctx.device, dtype=torch.float64)
    ctx.indices[sym] = (ctx.depth, vals)
    ctx.depth += 1
    try:
        v = _torch(expr.function, ctx)
        return v.amin(dim=-1) if isinstance(expr, IndexMin) else v.amax(dim=-1)
    finally:
        ctx.depth -= 1
        del ctx.indices[sym]


def _torch_rel(rel, ctx: _TorchCtx) -> torch.Tensor:
    if isinstance(rel, sp.And):
        out = None
        for a in rel.args:
            v = _torch_rel(a, ctx)
            out = v if out is None else out & v
        return out
    a, b = _torch(rel.lhs, ctx), _torch(rel.rhs, ctx)
    if isinstance(rel, sp.StrictLessThan):
        return a < b
    if isinstance(rel, sp.LessThan):
        return a <= b
    if isinstance(rel, sp.StrictGreaterThan):
        return a > b
    if isinstance(rel, sp.GreaterThan):
        return a >= b
    if isinstance(rel, sp.Eq):
        return a == b
    if isinstance(rel, sp.Ne):
        return a != b
    raise EvaluationError(f"cannot evaluate relation {rel}")


def torch_eval(expr: sp.Basic, env: Mapping[str, Any], *, B: int,
               forall: tuple[tuple[sp.Symbol, Any, Any], ...] = (),
               dtype=torch.float64, device="cpu") -> torch.Tensor:
    """Evaluate ``expr`` for ``B`` candidates; returns shape ``(B, n_1, ..., n_k)`` for the ``k``
    universal indices in ``forall`` (each ``(symbol, low, high)``, inclusive)."""
    ctx = _TorchCtx(env, B, dtype, device)
    for sym, lo, hi in forall:
        lo_v, hi_v = _int_value(lo, env), _int_value(hi, env)
        if hi_v < lo_v:
            raise EvaluationError(f"empty range for {sym}: [{lo_v}, {hi_v}]")
        ctx.indices[sym] = (ctx.depth, torch.arange(lo_v, hi_v + 1, device=device,
                                                    dtype=torch.float64))
        ctx.depth += 1
    if isinstance(expr, sp.Rel) or isinstance(expr, sp.And):
        out = _torch_rel(expr, ctx)
    else:
        out = _torch(expr, ctx)
    target = (B,) + tuple(ctx.indices[s][1].numel() for s, _, _ in forall)
    return out.expand(target)


@functools.lru_cache(maxsize=512)
def magnitude(expr: sp.Basic) -> sp.Basic:
    """A running-error scale of ``expr``: every sum replaced by the sum of the magnitudes of its
    terms, recursively (through products, powers, logs and ``Sum``).  Evaluating ``expr`` with
    ``p`` significant digits errs by about ``10^-p`` times this, so a margin below that is
    cancellation residue, not a finding."""
    if isinstance(expr, sp.Add):
        return sp.Add(*[magnitude(a) for a in expr.args])
    if isinstance(expr, sp.Mul):
        return sp.Mul(*[magnitude(a) for a in expr.args])
    if isinstance(expr, sp.Pow) and expr.exp.is_number and expr.exp > 0:
        return magnitude(expr.base) ** expr.exp
    if isinstance(expr, sp.log):
        return sp.Abs(expr, evaluate=False) + 1
    if isinstance(expr, sp.Sum):
        return sp.Sum(magnitude(expr.function), *expr.limits)
    if isinstance(expr, sp.Abs):  # |x| errs as much as x: look through the absolute value
        return magnitude(expr.args[0])
    return sp.Abs(expr, evaluate=False)


@functools.lru_cache(maxsize=512)
def abs_scale_terms(expr: sp.Basic) -> sp.Basic:
    """Sum of the absolute values of the top-level terms of ``expr``: the scale against which a
    floating-point evaluation of ``expr`` (a difference of sides) can be judged near zero."""
    expr = sp.expand(expr) if not expr.has(sp.Sum) else expr
    terms = expr.args if isinstance(expr, sp.Add) else (expr,)
    return sp.Add(*[sp.Abs(a, evaluate=False) for a in terms])


# ----------------------------------------------------------------------------------------------
# mpmath, one candidate
# ----------------------------------------------------------------------------------------------
def _mp(expr: sp.Basic, env: Mapping[str, Any], idx: dict) -> Any:
    if expr.is_Integer:
        return mpmath.mpf(int(expr))
    if expr.is_Rational:
        return mpmath.mpf(int(expr.p)) / int(expr.q)
    if expr.is_Float:
        return mpmath.mpf(expr)  # sympy Float -> mpf
    if expr is sp.pi:
        return mpmath.pi
    if expr is sp.E:
        return mpmath.e
    if isinstance(expr, sp.Symbol):
        if expr in idx:
            return mpmath.mpf(idx[expr])
        if expr.name not in env:
            raise EvaluationError(f"no value for symbol {expr.name!r}")
        v = env[expr.name]
        return v if isinstance(v, mpmath.mpf) else mpmath.mpf(v)
    if isinstance(expr, sp.Indexed):
        name = expr.base.label.name
        seq = env[name]
        data, start = seq
        pos = [int(_mp(i, env, idx)) - s for i, s in zip(expr.indices, start)]
        cur = data
        for p in pos:
            if p < 0 or p >= len(cur):
                raise EvaluationError(f"index out of range reading {expr}")
            cur = cur[p]
        return cur
    if isinstance(expr, sp.Add):
        return mpmath.fsum(_mp(a, env, idx) for a in expr.args)
    if isinstance(expr, sp.Mul):
        out = mpmath.mpf(1)
        for a in expr.args:
            out *= _mp(a, env, idx)
        return out
    if isinstance(expr, sp.Pow):
        b = _mp(expr.args[0], env, idx)
        ex = expr.args[1]
        if ex == sp.Rational(1, 2):
            return mpmath.sqrt(b)
        if ex.is_Integer:
            return b ** int(ex)
        return mpmath.power(b, _mp(ex, env, idx))
    if isinstance(expr, sp.log):
        return mpmath.log(_mp(expr.args[0], env, idx))
    if isinstance(expr, sp.exp):
        return mpmath.exp(_mp(expr.args[0], env, idx))
    if isinstance(expr, sp.Abs):
        return abs(_mp(expr.args[0], env, idx))
    if isinstance(expr, sp.sign):
        return mpmath.sign(_mp(expr.args[0], env, idx))
    if isinstance(expr, sp.Max):
        return max(_mp(a, env, idx) for a in expr.args)
    if isinstance(expr, sp.Min):
        return min(_mp(a, env, idx) for a in expr.args)
    if isinstance(expr, sp.Piecewise):
        for val, cond in expr.args:
            if cond is sp.true or _mp_rel(cond, env, idx):
                return _mp(val, env, idx)
        return mpmath.nan
    if isinstance(expr, sp.Sum):
        return _mp_sum(expr.function, list(reversed(expr.limits)), env, idx)
    if isinstance(expr, _IndexReduce):
        sym, lo, hi = expr.limit
        vals = [_mp(expr.function, env, {**idx, sym: k})
                for k in range(_mp_int(lo, env, idx), _mp_int(hi, env, idx) + 1)]
        return min(vals) if isinstance(expr, IndexMin) else max(vals)
    raise EvaluationError(f"cannot evaluate {type(expr).__name__} node: {expr}")


def _mp_int(b, env, idx) -> int:
    v = _mp(sp.sympify(b), env, idx)
    return int(mpmath.nint(v))


def _mp_sum(body, limits, env, idx):
    if not limits:
        return _mp(body, env, idx)
    (sym, lo, hi), rest = limits[0], limits[1:]
    total = []
    for k in range(_mp_int(lo, env, idx), _mp_int(hi, env, idx) + 1):
        idx2 = dict(idx)
        idx2[sym] = k
        total.append(_mp_sum(body, rest, env, idx2))
    return mpmath.fsum(total)


def _mp_rel(rel, env, idx) -> bool:
    if isinstance(rel, sp.And):
        return all(_mp_rel(a, env, idx) for a in rel.args)
    a, b = _mp(rel.lhs, env, idx), _mp(rel.rhs, env, idx)
    return {sp.StrictLessThan: a < b, sp.LessThan: a <= b, sp.StrictGreaterThan: a > b,
            sp.GreaterThan: a >= b, sp.Eq: a == b, sp.Ne: a != b}[type(rel)]


def mp_eval(expr: sp.Basic, env: Mapping[str, Any], idx: Mapping[sp.Symbol, int] | None = None):
    """Evaluate ``expr`` (or a relation, giving a bool) for one candidate with mpmath.

    ``env`` maps scalar names to ``mpf``/int and sequence names to ``(nested lists of mpf,
    start tuple)``; ``idx`` binds index symbols to integers."""
    idx = dict(idx or {})
    if isinstance(expr, (sp.Rel, sp.And)):
        return _mp_rel(expr, env, idx)
    return _mp(expr, env, idx)
