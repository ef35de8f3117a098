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
import itertools
import operator
import os
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Mapping

import mpmath
import sympy as sp
import torch

from . import symbolic_functions as _functions
from .symbolic_scope import bind as _bind, unbind as _unbind

__all__ = ["SeqValue", "repeat_rows", "torch_eval", "interp_torch_eval", "compile_torch", "compiled_torch",
           "env_signature", "eval_mode", "CallEnv", "mp_eval", "EvaluationError", "abs_scale_terms", "IndexMin",
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


def repeat_rows(v: Any, B: int, n: int, *, interleave: bool = False) -> Any:
    """An input of ``B`` candidates as ``n·B`` rows: each row repeated ``n`` times in place
    (``interleave``: rows ``b·n … b·n + n − 1`` are candidate b, as the noise paths of
    :mod:`adaproof.expectation`) or the whole batch repeated (copy j = rows ``j·B … j·B + B − 1``,
    as :mod:`adaproof.derive.boundary`'s grid columns).  Sizes and other non-batch values are
    returned as they are."""
    if isinstance(v, SeqValue):
        return SeqValue(repeat_rows(v.data, B, n, interleave=interleave), v.start)
    if isinstance(v, torch.Tensor) and v.dim() >= 1 and v.shape[0] == B:
        return v.repeat_interleave(n, dim=0) if interleave else \
            v.repeat((n,) + (1,) * (v.dim() - 1))
    return v


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
    fn = _functions.torch_function(expr)  # sin, cos, floor, ... (adaproof.symbolic_functions)
    if fn is not None:
        return fn(_torch(expr.args[0], ctx))
    if isinstance(expr, sp.Function):
        raise _functions.unsupported_error(expr)
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
    shadowed = _bind(ctx.indices, sym, (ctx.depth, vals))
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
        ctx.masked -= int(dependent)  # reads after this Sum are range-checked again
        _unbind(ctx.indices, sym, shadowed)


def _torch_reduce(expr, ctx: _TorchCtx) -> torch.Tensor:
    sym, lo, hi = expr.limit
    if (lo.free_symbols | hi.free_symbols) & set(ctx.indices):
        raise EvaluationError(f"{type(expr).__name__} bounds may not depend on an outer index")
    lo_v, hi_v = _int_value(lo, ctx.env), _int_value(hi, ctx.env)
    if hi_v < lo_v:
        raise EvaluationError(f"empty range in {expr}")
    vals = torch.arange(lo_v, hi_v + 1, device=ctx.device, dtype=torch.float64)
    shadowed = _bind(ctx.indices, sym, (ctx.depth, vals))
    ctx.depth += 1
    try:
        v = _torch(expr.function, ctx)
        return v.amin(dim=-1) if isinstance(expr, IndexMin) else v.amax(dim=-1)
    finally:
        ctx.depth -= 1
        _unbind(ctx.indices, sym, shadowed)


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
    universal indices in ``forall`` (each ``(symbol, low, high)``, inclusive).

    By default the expression is compiled once per (expression, universal indices, sizes and
    input shapes, dtype, device) into a cached function (:func:`compile_torch`) that runs the
    same torch operations in the same order; ``ADAPROOF_EVAL=interp`` walks the SymPy tree on
    every call instead (the reference)."""
    if eval_mode() == "compiled":
        fn = compiled_torch(expr, env, forall=forall, dtype=dtype, device=device)
        if fn is not None:
            return fn(env, B)
    return interp_torch_eval(expr, env, B=B, forall=forall, dtype=dtype, device=device)


def interp_torch_eval(expr: sp.Basic, env: Mapping[str, Any], *, B: int,
                      forall: tuple[tuple[sp.Symbol, Any, Any], ...] = (),
                      dtype=torch.float64, device="cpu") -> torch.Tensor:
    """The reference evaluator of :func:`torch_eval`: walks the SymPy tree on every call."""
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


# ----------------------------------------------------------------------------------------------
# torch, batched, compiled once per (expression, sizes)
# ----------------------------------------------------------------------------------------------
# The compiler walks the SymPy tree once, with the sizes and input shapes of a call, and returns
# a tree of closures that runs the very torch operations of the interpreter above, in the same
# order (so the results are bitwise identical).  Everything that depends only on sizes and
# indices (constants, index tensors ``arange``, gather positions and their range checks, sum
# bounds and masks) is computed once, when compiling; the closures read only the input tensors.
EVAL_MODES = ("compiled", "interp")


def eval_mode() -> str:
    """``"compiled"`` (default) or ``"interp"``: the environment variable ``ADAPROOF_EVAL``."""
    mode = os.environ.get("ADAPROOF_EVAL", "compiled").strip().lower() or "compiled"
    if mode not in EVAL_MODES:
        from ._validation import AdaproofInputError
        raise AdaproofInputError(f"ADAPROOF_EVAL must be one of {', '.join(EVAL_MODES)}; "
                                 f"got {mode!r}")
    return mode


class _NotCompilable(Exception):
    """A node whose shape depends on input values (the interpreter evaluates it)."""


class _K:
    """A compiled node known when compiling: it depends on sizes and index values only."""

    __slots__ = ("v",)

    def __init__(self, v: torch.Tensor):
        self.v = v


def _fn(node):
    if isinstance(node, _K):
        v = node.v
        return lambda env: v
    return node


def _fold(f, nodes):
    """``f`` (a closure over the nodes' functions) as a known value when every node is known."""
    return _K(f(None)) if all(isinstance(n, _K) for n in nodes) else f


def _c_unary(op, node):
    if isinstance(node, _K):
        return _K(op(node.v))
    return lambda env: op(node(env))


def _c_binary(op, a, b):
    if isinstance(a, _K) and isinstance(b, _K):
        return _K(op(a.v, b.v))
    fa, fb = _fn(a), _fn(b)
    return lambda env: op(fa(env), fb(env))


def _c_chain(op, nodes):
    """``op(op(op(n0, n1), n2), ...)`` left to right, the known prefix folded once."""
    i = 0
    acc = None
    while i < len(nodes) and isinstance(nodes[i], _K):
        acc = nodes[i].v if acc is None else op(acc, nodes[i].v)
        i += 1
    if i == len(nodes):
        return _K(acc)
    rest = [_fn(n) for n in nodes[i:]]
    if acc is None:
        first, rest = rest[0], rest[1:]
    else:
        first = (lambda a: lambda env: a)(acc)
    if len(rest) == 1:
        r0 = rest[0]
        return lambda env: op(first(env), r0(env))

    def chain(env):
        out = first(env)
        for f in rest:
            out = op(out, f(env))
        return out
    return chain


def _log_ratio(n, d):
    near = (n - d).abs() < 0.5 * d.abs()
    return torch.where(near, torch.log1p((n - d) / d), torch.log(n) - torch.log(d))


class CallEnv(dict):
    """An evaluation environment that also carries a per-call memo: compiled nodes met again in
    the same call (the same subexpression under the same bound indices, in another hypothesis,
    in a hypothesis' rounding scale, or in a side) reuse the tensor computed first, which is
    the very value the interpreter recomputes."""

    __slots__ = ("memo",)

    def __init__(self, env: Mapping[str, Any]):
        super().__init__(env)
        self.memo: dict = {}


_MEMO_IDS: dict = {}  # (expr, bound indices, depth, masked) -> id, for the per-call memo
_MEMO_NEXT = itertools.count()  # ids are never reused, so the table may be cleared


def _c(expr: sp.Basic, cx: _TorchCtx):
    node = _c_node(expr, cx)
    if isinstance(node, _K) or isinstance(expr, sp.Symbol):
        return node
    ctx_key = tuple((sym, axis, int(vals[0]), vals.numel()) if vals.numel() else (sym, axis)
                    for sym, (axis, vals) in cx.indices.items())
    mkey = (expr, ctx_key, cx.depth, cx.masked)
    key = _MEMO_IDS.get(mkey)
    if key is None:
        if len(_MEMO_IDS) > 200_000:
            _MEMO_IDS.clear()
        key = _MEMO_IDS[mkey] = next(_MEMO_NEXT)
    f = node

    def memoised(env):
        memo = getattr(env, "memo", None)
        if memo is None:
            return f(env)
        v = memo.get(key)
        if v is None:
            v = memo[key] = f(env)
        return v
    if getattr(node, "view_read", False):
        memoised.view_read = True
    return memoised


def _c_node(expr: sp.Basic, cx: _TorchCtx):
    if expr.is_Number or expr in (sp.pi, sp.E):
        return _K(cx.const(float(expr)))
    if isinstance(expr, sp.Symbol):
        if expr in cx.indices:
            return _K(_index_tensor(cx, expr).to(cx.dtype))
        name = expr.name
        if name not in cx.env:
            raise EvaluationError(f"no value for symbol {name!r}")
        v = cx.env[name]
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            return _K(cx.const(v))  # part of the cache key
        if isinstance(v, torch.Tensor):
            tail = (1,) * cx.depth
            if v.dim() == 0:
                return lambda env: env[name].reshape((1,) + tail)

            def symbol(env):
                x = env[name]
                return x.reshape((x.shape[0],) + tail)
            return symbol
        raise EvaluationError(f"symbol {name!r} holds {type(v).__name__}, not a scalar")
    if isinstance(expr, sp.Indexed):
        return _c_indexed(expr, cx)
    if isinstance(expr, sp.Add):
        return _c_chain(operator.add, [_c(a, cx) for a in expr.args])
    if isinstance(expr, sp.Mul):
        return _c_chain(operator.mul, [_c(a, cx) for a in expr.args])
    if isinstance(expr, sp.Pow):
        base, ex = expr.args
        b = _c(base, cx)
        if ex == sp.Rational(1, 2):
            return _c_unary(torch.sqrt, b)
        if ex == -1:
            return _c_unary(lambda x: 1.0 / x, b)
        if ex == sp.Rational(-1, 2):
            return _c_unary(lambda x: 1.0 / torch.sqrt(x), b)
        if ex == 2:
            return _c_unary(lambda x: x * x, b)
        if ex.is_Integer:
            k = int(ex)
            return _c_unary(lambda x: x ** k, b)
        return _c_binary(operator.pow, b, _c(ex, cx))
    if isinstance(expr, sp.log):
        if len(expr.args) != 1:
            raise EvaluationError("log with a base is not supported; write log(x)/log(b)")
        num, den = sp.fraction(sp.together(expr.args[0]))
        if den != 1:
            return _c_binary(_log_ratio, _c(num, cx), _c(den, cx))
        return _c_unary(torch.log, _c(expr.args[0], cx))
    if isinstance(expr, sp.exp):
        return _c_unary(torch.exp, _c(expr.args[0], cx))
    if isinstance(expr, sp.Abs):
        return _c_unary(torch.abs, _c(expr.args[0], cx))
    if isinstance(expr, sp.sign):
        return _c_unary(torch.sign, _c(expr.args[0], cx))
    if isinstance(expr, (sp.Max, sp.Min)):
        op = torch.maximum if isinstance(expr, sp.Max) else torch.minimum
        return _c_chain(op, [_c(a, cx) for a in expr.args])
    if isinstance(expr, sp.Piecewise):
        branches = []
        for val, cond in reversed(expr.args):
            branches.append((_c(val, cx), None if cond is sp.true else _c_rel(cond, cx)))
        fns = [(_fn(v), None if c is None else _fn(c)) for v, c in branches]

        def piecewise(env):
            out = None
            for fv, fc in fns:
                v = fv(env)
                if fc is None:
                    out = v
                else:
                    out = torch.where(fc(env), v, out if out is not None
                                      else torch.full_like(v, float("nan")))
            return out
        return _fold(piecewise, [n for b in branches for n in b if n is not None])
    if isinstance(expr, sp.Sum):
        return _c_sum_limits(expr.function, list(reversed(expr.limits)), cx)
    if isinstance(expr, _IndexReduce):
        return _c_reduce(expr, cx)
    fn = _functions.torch_function(expr)  # sin, cos, floor, ... (adaproof.symbolic_functions)
    if fn is not None:
        return _c_unary(fn, _c(expr.args[0], cx))
    if isinstance(expr, sp.Function):
        raise _functions.unsupported_error(expr)
    raise EvaluationError(f"cannot evaluate {type(expr).__name__} node: {expr}")


def _c_indexed(expr: sp.Indexed, cx: _TorchCtx):
    name = expr.base.label.name
    seq = cx.env.get(name)
    if not isinstance(seq, SeqValue):
        raise EvaluationError(f"{name!r} is used as a sequence but holds {type(seq).__name__}")
    if len(expr.indices) != seq.rank:
        raise EvaluationError(f"{name} takes {seq.rank} indices, got {len(expr.indices)}")
    lens = tuple(seq.data.shape[1:])
    start = tuple(seq.start)
    depth, masked = cx.depth, cx.masked
    nodes = [_c(ie, cx) for ie in expr.indices]

    def positions(ivs):
        flat = None
        for j, (ie, iv) in enumerate(zip(expr.indices, ivs)):
            pos = torch.round(iv).to(torch.long) - start[j]
            if masked:
                pos = pos.clamp(0, lens[j] - 1)  # out-of-range reads are masked out by the Sum
            elif bool(((pos < 0) | (pos >= lens[j])).any()):
                lo = int(pos.min()) + start[j]
                hi = int(pos.max()) + start[j]
                raise EvaluationError(
                    f"index {ie} of {name} ranges over [{lo}, {hi}] but {name} is stored for "
                    f"[{start[j]}, {start[j] + lens[j] - 1}]")
            flat = pos if flat is None else flat * lens[j] + pos
        return flat

    if all(isinstance(n, _K) for n in nodes):
        flat = positions([n.v for n in nodes])
        shape = torch.broadcast_shapes(flat.shape, (1,) * (depth + 1))
        if len(shape) != depth + 1 or shape[0] != 1:
            raise _NotCompilable(str(expr))
        rest = tuple(shape[1:])
        pos = flat.expand(shape).reshape(1, -1)
        n = pos.shape[1]
        affine = _affine(flat.expand(shape)[0], rest)

        def read(env):
            data = env[name].data
            B = data.shape[0]
            if affine is not None and data.is_contiguous():
                # the positions are an affine grid: a strided view of the same values (no
                # copy); a Sum over it makes it contiguous first (_c_sum_limits)
                off, strides = affine
                return data.as_strided((B,) + rest, (data.stride(0),) + strides,
                                       data.storage_offset() + off)
            return data.reshape(B, -1).gather(1, pos.expand(B, n)).reshape((B,) + rest)
        read.view_read = True
        return read
    fns = [_fn(n) for n in nodes]

    def read_dynamic(env):
        data = env[name].data
        B = data.shape[0]
        flat = positions([f(env) for f in fns])
        shape = torch.broadcast_shapes(flat.shape, (B,) + (1,) * depth)
        flat = flat.expand(shape).reshape(B, -1)
        return data.reshape(B, -1).gather(1, flat).reshape(shape)
    return read_dynamic


def _affine(pos: torch.Tensor, rest: tuple) -> tuple[int, tuple[int, ...]] | None:
    """``(offset, strides)`` when the flat positions ``pos`` (shape ``rest``) are
    ``offset + Σ_j i_j·strides[j]`` with non-negative strides (a strided view of each
    candidate's row), else ``None``."""
    if pos.numel() == 0:
        return None
    p = pos.to(torch.long)
    off = int(p.reshape(-1)[0])
    strides = []
    for j, n in enumerate(rest):
        if n == 1:
            strides.append(0)
            continue
        unit = [0] * len(rest)
        unit[j] = 1
        st = int(p[tuple(unit)]) - off
        if st < 0:
            return None
        strides.append(st)
    grid = torch.full(rest, off, dtype=torch.long)
    for j, (n, st) in enumerate(zip(rest, strides)):
        if n > 1:
            grid = grid + torch.arange(n, dtype=torch.long).reshape(
                (1,) * j + (n,) + (1,) * (len(rest) - j - 1)) * st
    if not torch.equal(grid, p):
        return None
    return off, tuple(strides)


def _c_sum_limits(body, limits, cx: _TorchCtx):
    if not limits:
        return _c(body, cx)
    (sym, lo, hi), rest = limits[0], limits[1:]
    lo, hi = sp.sympify(lo), sp.sympify(hi)
    dependent = bool((lo.free_symbols | hi.free_symbols) & set(cx.indices))
    if dependent:
        lo_n, hi_n = _c(lo, cx), _c(hi, cx)
        if not (isinstance(lo_n, _K) and isinstance(hi_n, _K)):
            raise _NotCompilable(f"summation bounds {lo}, {hi} depend on input values")
        lo_t, hi_t = lo_n.v, hi_n.v
        lo_v, hi_v = int(torch.round(lo_t.min())), int(torch.round(hi_t.max()))
    else:
        lo_v, hi_v = _int_value(lo, cx.env), _int_value(hi, cx.env)
    if hi_v < lo_v:
        return _K(cx.const(0.0))
    vals = torch.arange(lo_v, hi_v + 1, device=cx.device, dtype=torch.float64)
    n = vals.numel()
    shadowed = _bind(cx.indices, sym, (cx.depth, vals))
    cx.depth += 1
    cx.masked += int(dependent)
    try:
        node = _c_sum_limits(body, rest, cx)
        mask = None
        if dependent:
            iv = _index_tensor(cx, sym)
            mask = (iv >= cx.lift(lo_t, cx.depth - 1)) & (iv <= cx.lift(hi_t, cx.depth - 1))
    finally:
        cx.depth -= 1
        cx.masked -= int(dependent)
        _unbind(cx.indices, sym, shadowed)
    f = _fn(node)
    view = getattr(node, "view_read", False)

    def summed(env):
        v = f(env)
        if view:  # a bare strided read: summed in the layout the gather gave (contiguous)
            v = v.contiguous()
        if v.shape[-1] == 1:
            v = v.expand(v.shape[:-1] + (n,))
        if mask is not None:
            v = torch.where(mask, v, torch.zeros((), dtype=v.dtype, device=v.device))
        return v.sum(dim=-1)
    return _fold(summed, [node])


def _c_reduce(expr, cx: _TorchCtx):
    sym, lo, hi = expr.limit
    if (lo.free_symbols | hi.free_symbols) & set(cx.indices):
        raise EvaluationError(f"{type(expr).__name__} bounds may not depend on an outer index")
    lo_v, hi_v = _int_value(lo, cx.env), _int_value(hi, cx.env)
    if hi_v < lo_v:
        raise EvaluationError(f"empty range in {expr}")
    vals = torch.arange(lo_v, hi_v + 1, device=cx.device, dtype=torch.float64)
    shadowed = _bind(cx.indices, sym, (cx.depth, vals))
    cx.depth += 1
    try:
        node = _c(expr.function, cx)
    finally:
        cx.depth -= 1
        _unbind(cx.indices, sym, shadowed)
    op = (lambda v: v.amin(dim=-1)) if isinstance(expr, IndexMin) else (lambda v: v.amax(dim=-1))
    if getattr(node, "view_read", False):  # reduced in the layout the gather gave
        red = op
        op = lambda v: red(v.contiguous())  # noqa: E731
    return _c_unary(op, node)


_REL_OPS = {sp.StrictLessThan: operator.lt, sp.LessThan: operator.le,
            sp.StrictGreaterThan: operator.gt, sp.GreaterThan: operator.ge,
            sp.Eq: operator.eq, sp.Ne: operator.ne}


def _c_rel(rel, cx: _TorchCtx):
    if isinstance(rel, sp.And):
        return _c_chain(operator.and_, [_c_rel(a, cx) for a in rel.args])
    a, b = _c(rel.lhs, cx), _c(rel.rhs, cx)
    op = _REL_OPS.get(type(rel))
    if op is None:
        raise EvaluationError(f"cannot evaluate relation {rel}")
    return _c_binary(op, a, b)


def compile_torch(expr: sp.Basic, env: Mapping[str, Any], *,
                  forall: tuple[tuple[sp.Symbol, Any, Any], ...] = (),
                  dtype=torch.float64, device="cpu"):
    """Compile ``expr`` for the sizes and input shapes of ``env``: returns ``f(env, B)`` equal
    to :func:`interp_torch_eval` (same operations, same order) on any ``env`` with the same
    :func:`env_signature`.  Raises ``EvaluationError`` as the interpreter would on its first
    call."""
    with torch.inference_mode(False):  # known values must be usable under autograd later
        cx = _TorchCtx(env, None, dtype, device)
        for sym, lo, hi in forall:
            lo_v, hi_v = _int_value(lo, env), _int_value(hi, env)
            if hi_v < lo_v:
                raise EvaluationError(f"empty range for {sym}: [{lo_v}, {hi_v}]")
            cx.indices[sym] = (cx.depth, torch.arange(lo_v, hi_v + 1, device=device,
                                                      dtype=torch.float64))
            cx.depth += 1
        if isinstance(expr, sp.Rel) or isinstance(expr, sp.And):
            node = _c_rel(expr, cx)
        else:
            node = _c(expr, cx)
        tail = tuple(cx.indices[s][1].numel() for s, _, _ in forall)
    if isinstance(node, _K):
        v = node.v
        return lambda env, B: v.clone().expand((B,) + tail)  # a fresh tensor per call
    if getattr(node, "view_read", False):  # a bare strided read: its own tensor, as gathered
        return lambda env, B: node(env).contiguous().expand((B,) + tail)
    return lambda env, B: node(env).expand((B,) + tail)


def _value_signature(v):
    if isinstance(v, bool) or isinstance(v, (int, float)):
        return (type(v).__name__, v)
    if isinstance(v, torch.Tensor):
        return ("tensor", v.dim(), v.dtype, v.device)
    if isinstance(v, SeqValue):
        return ("seq", tuple(v.data.shape[1:]), tuple(v.start), v.data.dtype, v.data.device)
    return ("other", type(v).__name__)


def env_signature(env: Mapping[str, Any]) -> tuple:
    """What a compiled expression depends on besides the input values: every name with its
    kind, the values of plain numbers (sizes), and the shapes (batch excluded) of sequences."""
    return tuple(sorted((k, _value_signature(v)) for k, v in env.items()))


_COMPILED: "OrderedDict[tuple, Any]" = OrderedDict()
_COMPILED_MAX = 4096


def compiled_torch(expr: sp.Basic, env: Mapping[str, Any], *,
                   forall: tuple[tuple[sp.Symbol, Any, Any], ...] = (),
                   dtype=torch.float64, device="cpu", signature: tuple | None = None):
    """The cached :func:`compile_torch` of ``expr`` for ``env`` (``None`` when the expression
    needs the interpreter).  The cache key is the expression itself (immutable, hashed once by
    SymPy), the universal indices, dtype, device and :func:`env_signature`."""
    sig = env_signature(env) if signature is None else signature
    key = (expr, tuple(forall), dtype, str(device), sig)
    try:
        fn = _COMPILED[key]
    except KeyError:
        try:
            fn = compile_torch(expr, env, forall=forall, dtype=dtype, device=device)
        except _NotCompilable:
            fn = None
        _COMPILED[key] = fn
        if len(_COMPILED) > _COMPILED_MAX:
            _COMPILED.popitem(last=False)
    return fn


#: the default ``unit`` of :func:`magnitude`: the float64 margin of the derived sampler
#: (``adaproof.derive.engine.SAFETY``, 2^-36, which covers fewer than 2^16 rounded operations)
FLOAT_UNIT = sp.Rational(1, 2 ** 36)
#: added to a root's denominator so that an exact zero with a zero scale gives 0, not 0/0: the
#: smallest positive float64; it changes the bound only where ``unit * M(u)`` is below it
_TINY = sp.Rational(1, 2 ** 1074)


def _relative(u: sp.Basic) -> bool:
    """An input, a number, or a product/power of them: its error is relative (no cancellation)."""
    if isinstance(u, (sp.Symbol, sp.Indexed)) or u.is_number:
        return True
    if isinstance(u, sp.Mul):
        return all(_relative(a) for a in u.args)
    if isinstance(u, sp.Pow):
        return _relative(u.base) and u.exp.is_number
    return False


@functools.lru_cache(maxsize=512)
def magnitude(expr: sp.Basic, unit: sp.Basic | None = FLOAT_UNIT) -> sp.Basic:
    """A running-error scale of ``expr``: every sum replaced by the sum of the magnitudes of its
    terms, recursively (through products, powers, logs and ``Sum``).  Evaluating ``expr`` with
    relative working error ``eps_w <= unit`` errs by at most about ``unit * M`` (``unit`` is the
    caller's margin: a margin of ``unit * M`` is rounding, not a finding).  Where an argument
    ``u`` that can cancel magnifies its error ``delta <= unit * M(u)``:

    * ``log u``: ``|log u| + M(u)/|u|`` (``d log u = du/u``);
    * ``u^p``, ``0 < p < 1`` (a root): ``M(u)^p + 4 M(u) / (|u| + unit M(u))^(1-p)``, since
      ``|a^p - b^p| <= 2^(1-p) delta / (|u| + delta)^(1-p)`` (``delta/(2 sqrt u)`` away from 0,
      ``sqrt delta`` at 0; ``|u|`` computed, hence the 4): not linear in ``delta``, which is
      why the scale depends on ``unit``; no branch (a ``Piecewise`` here broke statements);
    * ``u^p``, ``p < 0``: ``|u|^p + 2^(|p|+1) |p| M(u) / |u|^(|p|+1)`` (while ``delta <= |u|/2``;
      beyond, the term exceeds the value over ``unit`` and decides nothing).

    An input, a number, or a product of them errs relatively and keeps ``|u|^p``.  The default
    ``unit`` is the derived sampler's float64 margin.  ``unit=None`` leaves the root and
    negative-power terms out (``M(u^p) = M(u)^p``, ``|u^p|`` for ``p < 0``): the mpmath checks'
    scale, at a window ``10^-50`` where a product of such condition numbers (``(1-beta)^-2`` with
    ``beta = 1 - 2^-52`` times a cancelling ``(1-beta)^2``) would widen the window over a real
    violation; they tell a residue under a root from a finding by its stability under precision
    instead (:func:`adaproof.verification.verify_candidate`)."""
    if isinstance(expr, sp.Add):
        return sp.Add(*[magnitude(a, unit) for a in expr.args])
    if isinstance(expr, sp.Mul):
        return sp.Mul(*[magnitude(a, unit) for a in expr.args])
    if isinstance(expr, sp.Pow) and expr.exp.is_number and expr.exp.is_real:
        u, p = expr.base, expr.exp
        if p >= 1 or (p > 0 and (unit is None or _relative(u))):
            return magnitude(u, unit) ** p
        if p > 0:  # a root of a cancelling argument: its error sqrt(delta) near 0
            mu = magnitude(u, unit)
            au = sp.Abs(u, evaluate=False)
            return mu ** p + 4 * mu * (au + unit * mu + _TINY) ** (p - 1)
        if unit is not None and not _relative(u):  # a negative power: k delta / u^(k+1)
            k = -p
            au = sp.Abs(u, evaluate=False)
            return (sp.Abs(expr, evaluate=False)
                    + 2 ** (k + 1) * k * magnitude(u, unit) * au ** (-(k + 1)))
    if isinstance(expr, sp.log):  # d log u = du/u: u's error M(u) magnified by 1/|u| (1 on an input)
        u = expr.args[0]
        return sp.Abs(expr, evaluate=False) + magnitude(u, unit) / sp.Abs(u, evaluate=False)
    if isinstance(expr, sp.Sum):
        return sp.Sum(magnitude(expr.function, unit), *expr.limits)
    if isinstance(expr, sp.Abs):  # |x| errs as much as x: look through the absolute value
        return magnitude(expr.args[0], unit)
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
#: an index symbol not bound in ``idx`` (its value is ``env``'s, fixed for the call)
_NO_VALUE = object()
#: the index symbols a node's value can depend on (its free symbols), per node; computed
#: once per node and kept (SymPy's ``Sum.free_symbols`` rebuilds the summand with ``xreplace``
#: on every call, ``Max.__new__`` included)
_INDEX_SYMS: dict = {}
_INDEX_SYMS_MAX = 1 << 18
_PLAIN_FREE = (sp.Basic.__dict__["free_symbols"],)  # the union over the args


def index_symbols(expr: sp.Basic) -> tuple:
    """The symbols free in ``expr`` (a superset of those an index binding can change),
    sorted by name; cached per node.  Mirrors SymPy's ``free_symbols`` (a ``Sum`` or
    :class:`IndexMin`/:class:`IndexMax` removes its variables and adds its limits' symbols, in
    SymPy's order) without rebuilding any node; a class with its own ``free_symbols`` that is
    not handled here asks SymPy."""
    out = _INDEX_SYMS.get(expr)
    if out is None:
        out = tuple(sorted(_free(expr), key=lambda x: x.name))
        if len(_INDEX_SYMS) >= _INDEX_SYMS_MAX:
            _INDEX_SYMS.clear()
        _INDEX_SYMS[expr] = out
    return out


@functools.lru_cache(maxsize=None)
def _own_free_symbols(cls) -> bool:
    """``cls`` defines ``free_symbols`` otherwise than as the union over its args (looked up in
    the class dictionaries: ``Max.free_symbols`` on the class itself is ``set()``)."""
    for c in cls.__mro__:
        if "free_symbols" in c.__dict__:
            return c.__dict__["free_symbols"] not in _PLAIN_FREE
    return True


def _free(expr: sp.Basic) -> frozenset:
    if isinstance(expr, sp.Symbol):
        return frozenset((expr,))
    if not expr.args:
        fs = expr.free_symbols
        return frozenset(x for x in fs if isinstance(x, sp.Symbol))
    if isinstance(expr, sp.Sum) and all(isinstance(lim[0], sp.Symbol) for lim in expr.limits):
        syms = set(index_symbols(expr.function))
        for lim in expr.limits:
            if len(lim) == 1:
                syms.add(lim[0])
                continue
            syms.discard(lim[0])
            for b in lim[1:]:
                syms.update(index_symbols(b))
        return frozenset(syms)
    if isinstance(expr, _IndexReduce):
        sym, lo, hi = expr.limit
        return ((frozenset(index_symbols(expr.function)) - {sym})
                | frozenset(index_symbols(lo)) | frozenset(index_symbols(hi)))
    if isinstance(expr, sp.Indexed):
        syms = set(index_symbols(expr.base))
        for i in expr.indices:
            syms.update(index_symbols(i))
        return frozenset(syms)
    if _own_free_symbols(type(expr)):  # a class of its own (Subs, Lambda, ...)
        return frozenset(x for x in expr.free_symbols if isinstance(x, sp.Symbol))
    syms = set()
    for a in expr.args:
        syms.update(index_symbols(a))
    return frozenset(syms)


def _mp(expr: sp.Basic, env: Mapping[str, Any], idx: dict, memo: dict | None = None) -> Any:
    """The value of ``expr``; with a ``memo`` (one per :func:`mp_eval` call: one ``env``, one
    precision) a node already evaluated with the same values of its index symbols is not
    evaluated again -- the same ``mpf``, computed by the same operations in the same order."""
    if memo is None or expr.is_Atom:
        return _mp_node(expr, env, idx, memo)
    key = (expr, tuple([idx.get(s, _NO_VALUE) for s in index_symbols(expr)]))
    out = memo.get(key, _NO_VALUE)
    if out is _NO_VALUE:
        out = memo[key] = _mp_node(expr, env, idx, memo)
    return out


def _mp_node(expr: sp.Basic, env: Mapping[str, Any], idx: dict, memo: dict | None) -> Any:
    if expr.is_Integer:
        return mpmath.mpf(int(expr))
    if expr.is_Rational:
        return mpmath.mpf(int(expr.p)) / int(expr.q)
    if expr.is_Float:
        return mpmath.mpf(expr)  # sympy Float -> mpf
    if expr is sp.pi:  # an mpf at the working precision (mpmath.pi itself is a lazy
        return +mpmath.pi  # constant, which the verification took for a non-number)
    if expr is sp.E:
        return +mpmath.e
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
        pos = [int(_mp(i, env, idx, memo)) - s for i, s in zip(expr.indices, start)]
        cur = data
        for p in pos:
            if p < 0 or p >= len(cur):
                raise EvaluationError(f"index out of range reading {expr}")
            cur = cur[p]
        return cur
    if isinstance(expr, sp.Add):
        return mpmath.fsum(_mp(a, env, idx, memo) for a in expr.args)
    if isinstance(expr, sp.Mul):
        out = mpmath.mpf(1)
        for a in expr.args:
            out *= _mp(a, env, idx, memo)
        return out
    if isinstance(expr, sp.Pow):
        b = _mp(expr.args[0], env, idx, memo)
        ex = expr.args[1]
        if ex == sp.Rational(1, 2):
            return mpmath.sqrt(b)
        if ex.is_Integer:
            return b ** int(ex)
        return mpmath.power(b, _mp(ex, env, idx, memo))
    if isinstance(expr, sp.log):
        return mpmath.log(_mp(expr.args[0], env, idx, memo))
    if isinstance(expr, sp.exp):
        return mpmath.exp(_mp(expr.args[0], env, idx, memo))
    if isinstance(expr, sp.Abs):
        return abs(_mp(expr.args[0], env, idx, memo))
    if isinstance(expr, sp.sign):
        return mpmath.sign(_mp(expr.args[0], env, idx, memo))
    if isinstance(expr, sp.Max):
        return max(_mp(a, env, idx, memo) for a in expr.args)
    if isinstance(expr, sp.Min):
        return min(_mp(a, env, idx, memo) for a in expr.args)
    if isinstance(expr, sp.Piecewise):
        for val, cond in expr.args:
            if cond is sp.true or _mp_rel(cond, env, idx, memo):
                return _mp(val, env, idx, memo)
        return mpmath.nan
    if isinstance(expr, sp.Sum):
        return _mp_sum(expr.function, list(reversed(expr.limits)), env, idx, memo)
    if isinstance(expr, _IndexReduce):
        sym, lo, hi = expr.limit
        vals = [_mp(expr.function, env, {**idx, sym: k}, memo)
                for k in range(_mp_int(lo, env, idx, memo), _mp_int(hi, env, idx, memo) + 1)]
        return min(vals) if isinstance(expr, IndexMin) else max(vals)
    fn = _functions.mp_function(expr)  # sin, cos, ...: to the working precision, not exact
    if fn is not None:
        return fn(_mp(expr.args[0], env, idx, memo))
    if _functions.is_step(expr):  # floor, ceiling: exactly near an integer
        arg = expr.args[0]
        return _functions.mp_step(expr, lambda: _mp(arg, env, idx, memo), env, idx,
                                  lambda: _mp(magnitude(arg, None), env, idx, memo))
    raise EvaluationError(f"cannot evaluate {type(expr).__name__} node: {expr}")


def _mp_int(b, env, idx, memo=None) -> int:
    v = _mp(sp.sympify(b), env, idx, memo)
    return int(mpmath.nint(v))


def _mp_sum(body, limits, env, idx, memo=None):
    if not limits:
        return _mp(body, env, idx, memo)
    (sym, lo, hi), rest = limits[0], limits[1:]
    total = []
    for k in range(_mp_int(lo, env, idx, memo), _mp_int(hi, env, idx, memo) + 1):
        idx2 = dict(idx)
        idx2[sym] = k
        total.append(_mp_sum(body, rest, env, idx2, memo))
    return mpmath.fsum(total)


def _mp_rel(rel, env, idx, memo=None) -> bool:
    if isinstance(rel, sp.And):
        return all(_mp_rel(a, env, idx, memo) for a in rel.args)
    a, b = _mp(rel.lhs, env, idx, memo), _mp(rel.rhs, env, idx, memo)
    return {sp.StrictLessThan: a < b, sp.LessThan: a <= b, sp.StrictGreaterThan: a > b,
            sp.GreaterThan: a >= b, sp.Eq: a == b, sp.Ne: a != b}[type(rel)]


def mp_eval(expr: sp.Basic, env: Mapping[str, Any], idx: Mapping[sp.Symbol, int] | None = None):
    """Evaluate ``expr`` (or a relation, giving a bool) for one candidate with mpmath.

    ``env`` maps scalar names to ``mpf``/int and sequence names to ``(nested lists of mpf,
    start tuple)``; ``idx`` binds index symbols to integers."""
    idx = dict(idx or {})
    memo: dict = {}  # this call's values of subtrees (see _mp): loop-invariant parts of nested sums
    if isinstance(expr, (sp.Rel, sp.And)):
        return _mp_rel(expr, env, idx, memo)
    return _mp(expr, env, idx, memo)
