"""A batched, rigorous pre-screen of float-flagged and non-finite candidates (ball arithmetic).

The float64 screen flags a candidate when its margin ``rhs - lhs`` is negative or a side is NaN
or inf; the exact re-verification (:func:`adaproof.verification.verify_candidate`, mpmath at
60 digits) then decides, one candidate at a time.  Before that, this module evaluates *all* the
flagged candidates of a batch at once in Arb ball arithmetic (python-flint, ``PREC`` bits): every
input float is an exact ball, every operation returns a ball that provably contains the exact
value, so

* a candidate on which a hypothesis is *provably* false is rejected (exactly as mpmath would);
* a candidate on which every hypothesis provably holds and, at every universal index,
  ``rhs - lhs >= -10^-(DPS-10) S`` provably holds (``S`` the running-error scale of the
  tolerance policy, ``docs/tolerance.md``; in particular any provably non-negative margin) is
  resolved as *holds*: the policy's exact verdict, proven rather than computed;
* a candidate that provably violates is handed to mpmath, which confirms it at 60 and 120 digits
  as before (a violation is never reported on the pre-screen's word);
* everything else (a ball that straddles a decision even at :data:`RETRY_PREC` bits, a NaN or
  inf ball, a node the pre-screen does not know, a statement in expectation with more than
  ``MP_PATHS`` noise paths) is *undecided* and goes to the exact check.

Statements in expectation over a finite law are decided over the enumerated noise paths, as
the mpmath check enumerates them (:func:`_decide_expectation`).

Trajectory quantities are recomputed from the statement's SymPy recurrences in ball arithmetic,
as :func:`adaproof.verification._mp_env` does in mpmath.  Values are nested lists (sequence
axes) whose leaves are numpy object arrays of ``arb``, one entry per candidate, so the SymPy
tree is walked once per batch instead of once per candidate.

Without python-flint (the ``exact`` extra) :func:`available` is False and every candidate goes
to mpmath: slower, never less exact.
"""
from __future__ import annotations

import functools
import itertools
from fractions import Fraction
from typing import Any, Mapping, Sequence

import numpy as np
import sympy as sp

from .recurrences import recurrences_read
from .statement import Statement
from .symbolic_functions import arb_function
from .symbolic import IndexMax, IndexMin, _IndexReduce, _int_value, index_symbols, magnitude

__all__ = ["available", "prescreen", "HOLDS", "REJECTED", "VIOLATED", "UNDECIDED", "PREC"]

#: working precision of the balls, in bits (about 77 digits: above the 60 of the exact check)
PREC = 256
HOLDS, REJECTED, VIOLATED, UNDECIDED = "holds", "rejected", "violated", "undecided"

try:  # pragma: no cover - depends on the optional extra
    import flint
    from flint import arb
except ImportError:  # pragma: no cover
    flint = arb = None


def available() -> bool:
    """python-flint is installed (``pip install adaproof[exact]``)."""
    return arb is not None


class _Unsupported(Exception):
    """A node or an index the pre-screen does not evaluate: the candidates go to mpmath."""


def _map(f, *xs):
    return np.frompyfunc(f, len(xs), 1)(*xs)




class _Ctx:
    def __init__(self, env: dict, n: int):
        self.env = env
        self.n = n
        self._consts: dict = {}
        #: values of subexpressions by (expr, the indices it depends on): a term that depends
        #: on an outer index only is computed once per value of that index, not once per term
        #: of the inner sums (cleared whenever ``env`` changes)
        self.memo: dict = {}

    @staticmethod
    def free(expr) -> tuple:
        """The symbols ``expr`` can depend on, cached per node
        (:func:`adaproof.symbolic.index_symbols`: SymPy's ``Sum.free_symbols`` rebuilds the
        summand, ``Max`` nodes included, at every call)."""
        return index_symbols(expr)

    def full(self, v) -> np.ndarray:
        out = np.empty(self.n, dtype=object)
        out[:] = [v] * self.n
        return out

    def const(self, expr) -> np.ndarray:
        key = expr
        if key not in self._consts:
            if expr.is_Integer:
                v = arb(int(expr))
            elif expr.is_Rational:
                v = arb(int(expr.p)) / int(expr.q)
            elif expr.is_Float:
                sign, man, exp, _ = expr._mpf_
                v = arb(int(man) * (-1) ** sign) * arb(2) ** int(exp)
            elif expr is sp.pi:
                v = arb.pi()
            elif expr is sp.E:
                v = arb(1).exp()
            else:
                raise _Unsupported(f"constant {expr}")
            self._consts[key] = self.full(v)
        return self._consts[key]


def _int_expr(expr, ctx: _Ctx, idx: Mapping) -> Fraction:
    """An index or a bound: exact rational arithmetic on the bound indices and integer sizes."""
    if expr.is_Integer:
        return Fraction(int(expr))
    if expr.is_Rational:
        return Fraction(int(expr.p), int(expr.q))
    if isinstance(expr, sp.Symbol):
        if expr in idx:
            return Fraction(idx[expr])
        v = ctx.env.get(expr.name)
        if isinstance(v, int) and not isinstance(v, bool):
            return Fraction(v)
        raise _Unsupported(f"index {expr} depends on a candidate's value")
    if isinstance(expr, sp.Add):
        return sum((_int_expr(a, ctx, idx) for a in expr.args), Fraction(0))
    if isinstance(expr, sp.Mul):
        out = Fraction(1)
        for a in expr.args:
            out *= _int_expr(a, ctx, idx)
        return out
    if isinstance(expr, sp.Pow) and expr.exp.is_Integer:
        return _int_expr(expr.base, ctx, idx) ** int(expr.exp)
    raise _Unsupported(f"index expression {expr}")


def _bound(expr, ctx, idx) -> int:
    return int(round(_int_expr(sp.sympify(expr), ctx, idx)))


def _ev(expr: sp.Basic, ctx: _Ctx, idx: dict) -> np.ndarray:
    if expr.is_Atom:
        return _ev_node(expr, ctx, idx)
    # every free symbol has a place in the key (None: not bound, read from env), so two
    # bindings of different symbols to the same values never share an entry
    key = (expr, tuple([idx.get(s) for s in ctx.free(expr)]))
    out = ctx.memo.get(key)
    if out is None:
        out = ctx.memo[key] = _ev_node(expr, ctx, idx)
    return out


_HALF = sp.Rational(1, 2)


def _ipow(x, k: int):
    """``x ** k`` for an integer ``k``.  python-flint's ``**`` returns NaN for a ball that
    contains 0 without being 0 (``arb(0, 1e-77) ** 2``): the square of a difference that is 0
    exactly but computed as a tiny ball (two equal noise coordinates in
    alphaadam/corollary-3.4-var@corrected) made every such candidate undecided at 256 and 1024
    bits, and mpmath (~1 s each) decided them.  A product of balls encloses the product, so
    repeated squaring is as rigorous (a negative ``k`` divides by a ball containing 0: NaN,
    undecided, as it should be)."""
    if k < 0 or x.is_zero() or not x.contains(0):
        return x ** k
    out, base = arb(1), x
    while k:
        if k & 1:
            out = out * base
        base = base * base
        k >>= 1
    return out


def _ev_node(expr: sp.Basic, ctx: _Ctx, idx: dict) -> np.ndarray:
    if expr.is_Number or expr in (sp.pi, sp.E):
        return ctx.const(expr)
    if isinstance(expr, sp.Symbol):
        if expr in idx:
            return ctx.full(arb(int(idx[expr])))
        if expr.name not in ctx.env:
            raise _Unsupported(f"no value for {expr.name}")
        v = ctx.env[expr.name]
        if isinstance(v, np.ndarray):
            return v
        if isinstance(v, int) and not isinstance(v, bool):
            return ctx.full(arb(v))
        raise _Unsupported(f"{expr.name} holds {type(v).__name__}")
    if isinstance(expr, sp.Indexed):
        seq = ctx.env.get(expr.base.label.name)
        if not isinstance(seq, tuple):
            raise _Unsupported(f"{expr.base.label.name} is not a sequence")
        data, start = seq
        cur = data
        for ie, s in zip(expr.indices, start):
            p = int(_int_expr(ie, ctx, idx)) - s
            if p < 0 or p >= len(cur):
                raise _Unsupported(f"index out of range reading {expr}")
            cur = cur[p]
        if not isinstance(cur, np.ndarray):
            raise _Unsupported(f"{expr} is not computed")
        return cur
    if isinstance(expr, sp.Add):
        vals = [_ev(a, ctx, idx) for a in expr.args]
        out = vals[0]
        for v in vals[1:]:
            out = out + v
        return out
    if isinstance(expr, sp.Mul):
        vals = [_ev(a, ctx, idx) for a in expr.args]
        out = vals[0]
        for v in vals[1:]:
            out = out * v
        return out
    if isinstance(expr, sp.Pow):
        b = _ev(expr.args[0], ctx, idx)
        ex = expr.args[1]
        if ex is _HALF or (ex.is_Rational and ex == _HALF):
            return _map(lambda x: x.sqrt(), b)
        if ex.is_Integer:
            k = int(ex)
            return _map(lambda x: _ipow(x, k), b)
        e = _ev(ex, ctx, idx)
        return _map(lambda x, y: x ** y, b, e)
    if isinstance(expr, sp.log):
        if len(expr.args) != 1:
            raise _Unsupported("log with a base")
        return _map(lambda x: x.log(), _ev(expr.args[0], ctx, idx))
    if isinstance(expr, sp.exp):
        return _map(lambda x: x.exp(), _ev(expr.args[0], ctx, idx))
    if isinstance(expr, sp.Abs):
        return _map(abs, _ev(expr.args[0], ctx, idx))
    if isinstance(expr, sp.sign):
        # the sign of a ball that contains 0 but is not 0 is unknown
        return _map(lambda x: x.sgn() if (x.is_zero() or not x.contains(0)) else arb.nan(),
                    _ev(expr.args[0], ctx, idx))
    if isinstance(expr, (sp.Max, sp.Min)):
        vals = [_ev(a, ctx, idx) for a in expr.args]
        out = vals[0]
        for v in vals[1:]:
            out = _map((lambda x, y: x.max(y)) if isinstance(expr, sp.Max) else
                       (lambda x, y: x.min(y)), out, v)
        return out
    if isinstance(expr, sp.Piecewise):
        out = ctx.full(arb.nan())
        settled = np.zeros(ctx.n, dtype=bool)  # an earlier branch was taken (or undecidable)
        for val, cond in expr.args:
            if cond is sp.true:
                t, f = np.ones(ctx.n, dtype=bool), np.zeros(ctx.n, dtype=bool)
            else:
                t, f = _rel(cond, ctx, idx)
            take = t & ~settled
            if take.any():
                v = _ev(val, ctx, idx)
                out[take] = v[take]
            settled |= t | ~f  # undecided conditions leave NaN: the candidate goes to mpmath
            if settled.all():
                break
        return out
    if isinstance(expr, sp.Sum):
        return _sum(expr.function, list(reversed(expr.limits)), ctx, idx)
    if isinstance(expr, _IndexReduce):
        sym, lo, hi = expr.limit
        ks = range(_bound(lo, ctx, idx), _bound(hi, ctx, idx) + 1)
        if not len(ks):
            raise _Unsupported(f"empty range in {expr}")
        out = None
        for k in ks:
            v = _ev(expr.function, ctx, {**idx, sym: k})
            out = v if out is None else _map(
                (lambda x, y: x.min(y)) if isinstance(expr, IndexMin) else
                (lambda x, y: x.max(y)), out, v)
        return out
    fn = arb_function(expr)  # sin, cos, floor, ...: rigorous balls (adaproof.symbolic_functions)
    if fn is not None:
        return _map(fn, _ev(expr.args[0], ctx, idx))
    raise _Unsupported(f"{type(expr).__name__} node")


def _sum(body, limits, ctx, idx):
    if not limits:
        return _ev(body, ctx, idx)
    (sym, lo, hi), rest = limits[0], limits[1:]
    out = None
    for k in range(_bound(lo, ctx, idx), _bound(hi, ctx, idx) + 1):
        v = _sum(body, rest, ctx, {**idx, sym: k})
        out = v if out is None else out + v
    return ctx.full(arb(0)) if out is None else out


def _rel(rel, ctx, idx) -> tuple[np.ndarray, np.ndarray]:
    """(provably true, provably false) per candidate."""
    if isinstance(rel, sp.And):
        t = np.ones(ctx.n, dtype=bool)
        f = np.zeros(ctx.n, dtype=bool)
        for a in rel.args:
            ta, fa = _rel(a, ctx, idx)
            t &= ta
            f |= fa
        return t, f
    a, b = _ev(rel.lhs, ctx, idx), _ev(rel.rhs, ctx, idx)
    ops = {sp.StrictLessThan: (lambda x, y: x < y, lambda x, y: x >= y),
           sp.LessThan: (lambda x, y: x <= y, lambda x, y: x > y),
           sp.StrictGreaterThan: (lambda x, y: x > y, lambda x, y: x <= y),
           sp.GreaterThan: (lambda x, y: x >= y, lambda x, y: x < y),
           sp.Eq: (lambda x, y: x == y, lambda x, y: x != y),
           sp.Ne: (lambda x, y: x != y, lambda x, y: x == y)}
    if type(rel) not in ops:
        raise _Unsupported(f"relation {type(rel).__name__}")
    pt, pf = ops[type(rel)]
    return (_map(pt, a, b).astype(bool), _map(pf, a, b).astype(bool))


def _leaves(data: np.ndarray):
    """(N, L1, ..., Lr) object array -> nested lists over the L axes of (N,) arrays."""
    if data.ndim == 1:
        return data
    return [_leaves(data[:, i]) for i in range(data.shape[1])]


def _env(stmt: Statement, cands: Sequence[Mapping[str, Any]], sizes: Mapping[str, int]) -> dict:
    n = len(cands)
    env: dict[str, Any] = dict(sizes)
    to_arb = np.frompyfunc(lambda x: arb(float(x)), 1, 1)
    for k, v in cands[0].items():
        if isinstance(v, dict) and "values" in v:
            raw = np.array([c[k]["values"] for c in cands], dtype=np.float64)
            if raw.shape[0] != n:
                raise _Unsupported("ragged sequences")
            env[k] = (_leaves(to_arb(raw)), tuple(v["start"]))
        elif isinstance(v, (int, float)) and not isinstance(v, bool):
            env[k] = to_arb(np.array([float(c[k]) for c in cands], dtype=np.float64))
        else:
            raise _Unsupported(f"input {k} of type {type(v).__name__}")
    recs = list(recurrences_read(stmt))  # unread ones skipped (adaproof.recurrences)
    if not recs:
        return env
    from .verification import _coord_symbols
    ctx = _Ctx(env, n)
    ranges = {}
    for rec in recs:
        q = stmt.quantity(rec.name)
        last = _int_value(sp.sympify(q.extent[0]), sizes)
        coord_ext = [_int_value(sp.sympify(e), sizes) for e in q.extent[1:]]
        coords = list(itertools.product(*[range(s, e + 1) for s, e in
                                          zip(q.start[1:], coord_ext)]))
        ranges[rec.name] = (last, coords, q.start)
        env[rec.name] = ([None] * (last - q.start[0] + 1), tuple(q.start))
    lo = min(r.first for r in recs)
    hi = max(ranges[r.name][0] for r in recs)
    coord_syms = {r.name: _coord_symbols(stmt, r) for r in recs}
    for rec in recs:
        last, coords, start = ranges[rec.name]
        env[rec.name][0][rec.first - 1 - start[0]] = _grid(
            coords, lambda c: _ev(rec.init, ctx, dict(zip(coord_syms[rec.name], c))))
    for t in range(lo, hi + 1):
        for rec in recs:
            last, coords, start = ranges[rec.name]
            if t < rec.first or t > last:
                continue
            ctx.memo.clear()  # the quantities computed so far changed
            env[rec.name][0][t - start[0]] = _grid(coords, lambda c: _ev(
                rec.update, ctx, {rec.index: t, **dict(zip(coord_syms[rec.name], c))}))
    return env


def _grid(coords, f):
    """As :func:`adaproof.verification._grid`: nested lists over the coordinate axes."""
    if not coords or coords == [()]:
        return f(())
    dims = len(coords[0])
    if dims == 1:
        return [f(c) for c in coords]
    out = {c: f(c) for c in coords}

    def build(prefix, axis):
        vals = sorted({c[axis] for c in coords if c[:axis] == prefix})
        if axis == dims - 1:
            return [out[prefix + (v,)] for v in vals]
        return [build(prefix + (v,), axis + 1) for v in vals]
    return build((), 0)


def _ratio(lhs, rhs) -> float | None:
    """``lhs / rhs`` as a float when the ball pins it down (relative radius below 1e-20), else
    None: a side whose ball is wide (the margin can be proven >= 0 all the same) has a
    meaningless midpoint -- one gave 2.5e230 for an exact ratio of 3.6e-6."""
    if rhs.is_zero():
        return float("inf")
    q = lhs / rhs
    if not q.is_finite():
        return None
    m = q.mid()
    if q.rad() > abs(m) * arb(10) ** -20 and not (m.is_zero() and q.rad().is_zero()):
        return None
    return float(m)


def _finite(x: np.ndarray) -> np.ndarray:
    return _map(lambda v: v.is_finite(), x).astype(bool)


def prescreen(stmt: Statement, cands: Sequence[Mapping[str, Any]], sizes: Mapping[str, int],
              *, dps: int = 60) -> tuple[list[str], list[float | None]]:
    """Decide candidates of one ``sizes`` at once: a list of :data:`HOLDS` / :data:`REJECTED` /
    :data:`VIOLATED` / :data:`UNDECIDED` (see the module docstring) and, for those that hold,
    the exact ratio ``lhs/rhs`` at the tightest universal index (``None`` otherwise)."""
    n = len(cands)
    undecided = ([UNDECIDED] * n, [None] * n)
    if n == 0 or not available() or hasattr(stmt, "verify_computed"):
        return undecided
    decisions, ratios = _at(stmt, cands, sizes, dps, PREC)
    # balls too wide to decide (cancellation: beta near 1, 1 - beta^t tiny, sums of
    # nearly opposite terms): those candidates again at a higher precision, still far cheaper
    # than mpmath
    again = [j for j, d in enumerate(decisions) if d == UNDECIDED]
    if again and len(again) < n or (again and n <= RETRY_MAX):
        d2, r2 = _at(stmt, [cands[j] for j in again], sizes, dps, RETRY_PREC)
        for j, d, r in zip(again, d2, r2):
            decisions[j], ratios[j] = d, r
    return decisions, ratios


#: undecided candidates are evaluated again at this precision (bits)
RETRY_PREC = 1024
#: ... when some candidates of the call were decided at PREC (the rest are not unsupported
#: nodes), or the call holds at most this many candidates
RETRY_MAX = 64


def _at(stmt, cands, sizes, dps, prec):
    n = len(cands)
    old = flint.ctx.prec
    flint.ctx.prec = prec
    try:
        if stmt.noise is not None:
            return _decide_expectation(stmt, cands, sizes, dps)
        return _decide(stmt, cands, sizes, dps)
    except (_Unsupported, ArithmeticError, ValueError, TypeError, IndexError, KeyError):
        return [UNDECIDED] * n, [None] * n
    finally:
        flint.ctx.prec = old


@functools.lru_cache(maxsize=256)
def _scale_expr(lhs, rhs):
    """The running-error scale of the tolerance policy, built once per statement (adding two
    trees with sums asks SymPy for their signs, ``Sum.free_symbols`` included)."""
    return magnitude(rhs, None) + magnitude(lhs, None)


def _decide(stmt, cands, sizes, dps):
    n = len(cands)
    env = _env(stmt, cands, sizes)
    ctx = _Ctx(env, n)
    ok = np.ones(n, dtype=bool)
    bad = np.zeros(n, dtype=bool)
    for h in stmt.hypotheses:
        combos = itertools.product(*[range(_bound(lo, ctx, {}), _bound(hi, ctx, {}) + 1)
                                     for _, lo, hi in h.forall]) if h.forall else [()]
        for c in combos:
            t, f = _rel(h.relation, ctx, {s: k for (s, _, _), k in zip(h.forall, c)})
            ok &= t
            bad |= f
    holds = ok & ~bad
    violated = np.zeros(n, dtype=bool)
    best_margin: list = [None] * n
    ratio: list[float | None] = [None] * n
    tol = arb(10) ** (-(dps - 10))
    scale_expr = None
    if holds.any():
        ranges = [range(_bound(lo, ctx, {}), _bound(hi, ctx, {}) + 1) for _, lo, hi in stmt.forall]
        for c in itertools.product(*ranges):
            idx = {s: k for (s, _, _), k in zip(stmt.forall, c)}
            lhs, rhs = _ev(stmt.lhs, ctx, idx), _ev(stmt.rhs, ctx, idx)
            fin = _finite(lhs) & _finite(rhs)
            margin = rhs - lhs
            nonneg = _map(lambda m: m >= 0, margin).astype(bool) & fin
            need = ok & ~bad & ~nonneg
            within = np.zeros(n, dtype=bool)
            below = np.zeros(n, dtype=bool)
            if need.any():
                if scale_expr is None:
                    scale_expr = _scale_expr(stmt.lhs, stmt.rhs)
                try:
                    scale = _map(abs, lhs) + _map(abs, rhs) + _ev(scale_expr, ctx, idx)
                except _Unsupported:
                    scale = _map(abs, lhs) + _map(abs, rhs)
                slack = margin + tol * scale
                within = _map(lambda m: m >= 0, slack).astype(bool) & fin
                # below the policy's threshold even against the smaller scale |lhs| + |rhs|
                below = _map(lambda m: m < 0, margin + tol * (_map(abs, lhs) + _map(abs, rhs))
                             ).astype(bool) & fin & _map(lambda m: m < 0, slack).astype(bool)
            violated |= ok & ~bad & below
            holds &= nonneg | within
            for j in np.nonzero(holds)[0]:
                m = margin[j].mid()
                if best_margin[j] is None or m < best_margin[j]:
                    best_margin[j] = m
                    r = rhs[j]
                    ratio[j] = _ratio(lhs[j], r)
            if not holds.any() and not (ok & ~bad & ~violated).any():
                break
    out = []
    for j in range(n):
        if bad[j]:
            out.append(REJECTED)
        elif violated[j]:
            out.append(VIOLATED)
        elif holds[j]:
            out.append(HOLDS)
        else:
            out.append(UNDECIDED)
    return out, [ratio[j] if out[j] == HOLDS else None for j in range(n)]


#: statements in expectation: at most this many (candidate, noise path) rows per call
EXPECTATION_ROWS = 2 ** 14


def _decide_expectation(stmt, cands, sizes, dps):
    """A statement in expectation over a finite law, the paths enumerated exactly (as the mpmath
    check does, :func:`adaproof.verification._verify_expectation`): every candidate is expanded
    into its ``P`` paths ``xi`` with their probabilities (products of the law's float
    probabilities, exact balls), the sides are evaluated on all rows at once and
    ``E[side] = sum_paths w * side``.  A hypothesis provably false on some path rejects (mpmath
    rejects on the first failing path); every hypothesis provably true on every path and, at
    every universal index, ``E[rhs] - E[lhs] + 10^-(DPS-10) (|E[lhs]| + |E[rhs]|) >= 0`` proven
    is *holds* (the exact check's threshold adds the expected running-error scale, which is
    >= 0, so this is the stronger condition); provably below that threshold is handed to mpmath
    first; anything else is undecided.  Only when the exact check enumerates the paths in
    mpmath (``P <= MP_PATHS``); the candidates are evaluated in parts of at most
    :data:`EXPECTATION_ROWS` rows."""
    from .expectation import MP_PATHS, n_paths
    spec = stmt.noise
    n = len(cands)
    out = [UNDECIDED] * n
    ratios: list[float | None] = [None] * n

    def law(c, name):
        v = c[name]
        return v["values"] if isinstance(v, dict) else v
    ks = {len(law(c, spec.values)) for c in cands}
    if len(ks) != 1:
        raise _Unsupported("laws of different supports in one call")
    _, P = n_paths(spec, ks.pop(), sizes)
    if P > MP_PATHS:
        raise _Unsupported(f"{P} paths (the exact check does not enumerate them in mpmath)")
    step = max(1, EXPECTATION_ROWS // max(P, 1))
    for lo in range(0, n, step):
        part, r = _expectation_part(stmt, cands[lo:lo + step], sizes, dps, P)
        out[lo:lo + step] = part
        ratios[lo:lo + step] = r
    return out, ratios


def _expectation_part(stmt, cands, sizes, dps, P):
    from .expectation import path_list
    spec = stmt.noise
    take = len(cands)
    out = [UNDECIDED] * take
    ratios: list[float | None] = [None] * take
    rows, weights = [], []
    for c in cands:
        for probs, xi in path_list(spec, c, sizes):
            c2 = dict(c)
            c2[spec.name] = {"start": list(spec.start), "values": xi}
            rows.append(c2)
            weights.append(probs)
    N = len(rows)
    env = _env(stmt, rows, sizes)
    ctx = _Ctx(env, N)
    w = np.empty(N, dtype=object)
    for r, probs in enumerate(weights):
        acc = arb(1)
        for p in probs:
            acc = acc * arb(float(p))
        w[r] = acc
    ok_r = np.ones(N, dtype=bool)
    bad_r = np.zeros(N, dtype=bool)
    for h in stmt.hypotheses:
        combos = itertools.product(*[range(_bound(lo, ctx, {}), _bound(hi, ctx, {}) + 1)
                                     for _, lo, hi in h.forall]) if h.forall else [()]
        for c in combos:
            t, f = _rel(h.relation, ctx, {s: k for (s, _, _), k in zip(h.forall, c)})
            ok_r &= t
            bad_r |= f
    ok = ok_r.reshape(take, P).all(axis=1)
    bad = bad_r.reshape(take, P).any(axis=1)
    holds = ok & ~bad
    violated = np.zeros(take, dtype=bool)
    best_margin: list = [None] * take
    tol = arb(10) ** (-(dps - 10))
    if holds.any():
        ranges = [range(_bound(lo, ctx, {}), _bound(hi, ctx, {}) + 1) for _, lo, hi in stmt.forall]
        for c in itertools.product(*ranges):
            idx = {s: k for (s, _, _), k in zip(stmt.forall, c)}
            lhs_r, rhs_r = _ev(stmt.lhs, ctx, idx), _ev(stmt.rhs, ctx, idx)
            lhs = (w * lhs_r).reshape(take, P).sum(axis=1)
            rhs = (w * rhs_r).reshape(take, P).sum(axis=1)
            fin = _finite(lhs) & _finite(rhs)
            margin = rhs - lhs
            slack = margin + tol * (_map(abs, lhs) + _map(abs, rhs))
            within = _map(lambda m: m >= 0, slack).astype(bool) & fin
            below = _map(lambda m: m < 0, slack).astype(bool) & fin
            violated |= holds & below
            holds &= within
            for j in np.nonzero(holds)[0]:
                m = margin[j].mid()
                if best_margin[j] is None or m < best_margin[j]:
                    best_margin[j] = m
                    r = rhs[j]
                    ratios[j] = _ratio(lhs[j], r)
            if not holds.any():
                break
    for j in range(take):
        if bad[j]:
            out[j] = REJECTED
        elif violated[j]:
            out[j] = VIOLATED
        elif holds[j]:
            out[j] = HOLDS
    return out, [ratios[j] if out[j] == HOLDS else None for j in range(take)]
