"""Equality hypotheses (``Eq``) decided soundly in the exact re-verification.

mpmath evaluates both sides of ``a = b`` to the working precision; where a side involves a
square root, a logarithm, a trigonometric function or a division, two sides that are equal on
the exact instance can differ in their last digits (``log(y·z)`` against ``log y + log z``), and
two sides that differ beyond the 60th digit can print the same.  Comparing the mpmath values
with ``==`` therefore both rejects candidates that satisfy the hypothesis (a violation among
them is silently missed) and could accept candidates that do not.  The rule here:

1. Both sides rational functions of the inputs (``+``, ``×``, integer powers, ``|·|``, min, max,
   finite sums; inputs read exactly from the candidate's float64 values): decided in exact
   rational arithmetic (``fractions.Fraction``), at once.
2. Otherwise, when ``|a − b| > 10^{-(dps−10)}·(|a| + |b| + M)`` (``M`` the running-error
   magnitude of both sides, :func:`adaproof.symbolic.magnitude`, as in the tolerance policy for
   the sides) the sides differ on the exact instance: the hypothesis fails.
3. Otherwise equality is *proved* in SymPy on the exact instance (inputs as the rationals they
   are, a trajectory that the relation reads recomputed exactly from the statement's
   recurrences, every noise path's values exact): ``simplify(a − b)`` must be zero.  Anything
   SymPy cannot prove (a nonzero difference, an undecided one, an error) fails the hypothesis.

So a candidate is admitted by an equality hypothesis only when the equality holds exactly on
the candidate's exact instance: no violation is ever reported from an instance outside the
hypotheses.  The price is a rejection (counted in ``rejected_by_hypotheses``, never a silent
pass) when SymPy cannot prove an equality that holds.
"""
from __future__ import annotations

from fractions import Fraction
from typing import Any, Callable, Mapping

import mpmath
import sympy as sp

from .symbolic import magnitude, mp_eval

__all__ = ["relation_holds_mp", "exact_decider"]


class _NotRational(Exception):
    pass


def _rational(e: sp.Basic, env: Mapping[str, Any], idx: Mapping, exact_names: frozenset) -> Fraction:
    """``e`` in exact rational arithmetic over the inputs (their mpf values are the float64
    inputs, exact); raises _NotRational on anything else (a root, a log, a trajectory value)."""
    if e.is_Rational:
        return Fraction(int(e.p), int(e.q))
    if isinstance(e, sp.Symbol):
        if e in idx:
            return Fraction(int(idx[e]))
        v = env.get(e.name) if e.name in exact_names or isinstance(env.get(e.name), int) else None
        if isinstance(v, int) and not isinstance(v, bool):
            return Fraction(v)
        if isinstance(v, (mpmath.mpf, float)) and e.name in exact_names:
            return _frac(v)
        raise _NotRational(e)
    if isinstance(e, sp.Indexed):
        if e.base.label.name not in exact_names:
            raise _NotRational(e)
        return _frac(mp_eval(e, env, idx))
    if isinstance(e, sp.Add):
        return sum((_rational(a, env, idx, exact_names) for a in e.args), Fraction(0))
    if isinstance(e, sp.Mul):
        out = Fraction(1)
        for a in e.args:
            out *= _rational(a, env, idx, exact_names)
        return out
    if isinstance(e, sp.Pow) and e.exp.is_Integer:
        base = _rational(e.base, env, idx, exact_names)
        if base == 0 and e.exp < 0:
            raise _NotRational(e)
        return base ** int(e.exp)
    if isinstance(e, sp.Abs):
        return abs(_rational(e.args[0], env, idx, exact_names))
    if isinstance(e, (sp.Min, sp.Max)):
        vals = [_rational(a, env, idx, exact_names) for a in e.args]
        return min(vals) if isinstance(e, sp.Min) else max(vals)
    if isinstance(e, sp.Sum):
        return _rsum(e.function, list(e.limits), env, dict(idx), exact_names)
    raise _NotRational(e)


def _rsum(body, limits, env, idx, exact_names) -> Fraction:
    if not limits:
        return _rational(body, env, idx, exact_names)
    (sym, lo, hi), rest = limits[0], limits[1:]
    lo_v, hi_v = (_rational(sp.sympify(b), env, idx, exact_names) for b in (lo, hi))
    if lo_v.denominator != 1 or hi_v.denominator != 1:
        raise _NotRational(body)
    out = Fraction(0)
    for k in range(int(lo_v), int(hi_v) + 1):
        out += _rsum(body, rest, env, {**idx, sym: k}, exact_names)
    return out


def _frac(v) -> Fraction:
    if isinstance(v, float):
        return Fraction(v)
    if not isinstance(v, mpmath.mpf) or not mpmath.isfinite(v):
        raise _NotRational(v)
    sign, man, exp, _ = v._mpf_  # mpf.man_exp drops the sign: read it from the raw tuple
    out = Fraction(int(man)) * (Fraction(2) ** int(exp))
    return -out if sign else out


def relation_holds_mp(rel: sp.Basic, env: Mapping[str, Any], idx: Mapping,
                      exact_names: frozenset = frozenset(),
                      exact: Callable[[sp.Basic, Mapping], bool | None] | None = None) -> bool:
    """A hypothesis relation on one candidate at the working precision; an ``Eq`` (also inside
    an ``And``) by the rule of the module docstring (``exact(rel, idx)`` proves it in SymPy;
    without it an equality that is not between exact atoms fails)."""
    if isinstance(rel, sp.And):
        return all(relation_holds_mp(a, env, idx, exact_names, exact) for a in rel.args)
    if not isinstance(rel, sp.Eq):
        return bool(mp_eval(rel, env, idx))
    try:  # polynomial (rational) in the inputs: decided exactly, at once
        return (_rational(rel.lhs, env, idx, exact_names)
                == _rational(rel.rhs, env, idx, exact_names))
    except (_NotRational, ZeroDivisionError):
        pass
    a, b = mp_eval(rel.lhs, env, idx), mp_eval(rel.rhs, env, idx)
    if not (isinstance(a, mpmath.mpf) and isinstance(b, mpmath.mpf)
            and mpmath.isfinite(a) and mpmath.isfinite(b)):
        return False
    tol = mpmath.mpf(10) ** (-(mpmath.mp.dps - 10))
    try:
        m = (abs(mp_eval(magnitude(rel.lhs, None), env, idx))
             + abs(mp_eval(magnitude(rel.rhs, None), env, idx)))
        if not mpmath.isfinite(m):
            m = mpmath.mpf(0)  # no usable error scale: only |a| + |b| (a smaller window)
    except (ArithmeticError, ValueError, TypeError):
        m = mpmath.mpf(0)
    if abs(a - b) > tol * (abs(a) + abs(b) + m):
        return False
    return exact is not None and exact(rel, idx) is True


def exact_decider(stmt, cand: Mapping[str, Any], sizes: Mapping[str, int]):
    """``exact(rel, idx)``: ``rel`` with ``idx`` bound, decided in SymPy on the candidate's exact
    instance (True only when proved); the recurrences run exactly, once, when ``rel`` reads a
    quantity they compute."""
    from .conclusions import _exact_env, _run_recurrences, _subs, _truth  # import cycle
    state: dict = {}
    rec_names = {r.name for r in getattr(stmt, "recurrences", ()) or ()}

    def exact(rel: sp.Basic, idx: Mapping) -> bool | None:
        try:
            if "env" not in state:
                state["env"] = _exact_env(cand)
            scal, seq = state["env"]
            reads = {a.base.label.name for a in rel.atoms(sp.Indexed)} | {
                s.name for s in rel.free_symbols}
            if reads & rec_names and not state.get("ran"):
                _run_recurrences(stmt, scal, seq, sizes)
                state["ran"] = True
            return _truth(_subs(rel, stmt, scal, seq, sizes, idx))
        except (ValueError, TypeError, KeyError, ZeroDivisionError, RecursionError,
                ArithmeticError):
            return None
    return exact
