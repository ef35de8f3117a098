"""More exact candidates for the equality probe of a strict conclusion (``lhs < rhs``).

The probe (:mod:`adaproof.conclusions`) snaps the best candidate of the attack to dyadic
rationals ``round(x·2^k)/2^k`` (k = 0..8) and asks SymPy whether ``lhs = rhs`` with every
hypothesis true.  Two kinds of near-equality escaped it (issue 9, derived path, seed 0):

* **tiny or huge inputs**: β₁ ≈ 1e-18 rounds to 0 at every k ≤ 8 (``alphaadam/theorem-3.5-s12``:
  m_{t−1} = 0 makes the sides equal for every β₁, but the snapped β₁ = 0 breaks 0 < β₁).
  :func:`relative_snaps` rounds each number to k *significant* bits instead (its exponent
  kept), so a tiny positive input stays positive and dyadic.
* **equality on a computed boundary**: the derived sampler draws an unknown on its solved bound
  moved by 2⁻³⁶·M to the safe side (so that every drawn input satisfies the hypotheses
  exactly), so the sides are equal only up to that shift, and snapping each input on its own
  does not land on the boundary either (``alphaadam/theorem-3.5-s11``: m_{t−1} on
  −(1−β₁)/β₁·g).  :func:`solved_snaps` snaps all inputs but one and *solves* ``lhs = rhs`` for
  that one exactly in SymPy, keeping a real root that is a float64 (a dyadic rational with at
  most 53 significant bits) nearest to the candidate's own value.

Nothing here decides anything: every candidate goes through ``conclusions.exact_equality``,
which proves ``rhs − lhs = 0`` and every hypothesis true in exact arithmetic, so a candidate
that is wrong is simply not reported.  Only candidates whose inputs are all scalars are
solved (a statement with sequences, an algorithm or noise gets the relative snaps only).
"""
from __future__ import annotations

import math
from typing import Any, Iterator, Mapping

import sympy as sp

__all__ = ["probe_candidates", "relative_snaps", "solved_snaps", "REL_BITS", "MAX_SOLVED"]

#: significant bits of the relative snaps (1 .. REL_BITS)
REL_BITS = 12
#: at most this many scalar inputs are solved for, one at a time (and replaced by simple
#: values: at most 6·5·2·17 = 1020 small solves, only next to a near-equality)
MAX_SOLVED = 6


def _rel(x: float, k: int) -> float:
    """``x`` rounded to ``k`` significant bits (0, inf and NaN unchanged)."""
    if x == 0 or not math.isfinite(x):
        return x
    m, e = math.frexp(x)
    return math.ldexp(round(m * 2 ** k), e - k)


def _map(cand: Mapping[str, Any], f) -> dict:
    def walk(v):
        return [walk(y) for y in v] if isinstance(v, list) else f(float(v))
    return {n: ({"start": v["start"], "values": walk(v["values"])} if isinstance(v, dict)
                else walk(v)) for n, v in cand.items()}


def relative_snaps(cand: Mapping[str, Any]) -> Iterator[dict]:
    """The candidate with every number rounded to k significant bits, k = 1..REL_BITS."""
    for k in range(1, REL_BITS + 1):
        yield _map(cand, lambda x, k=k: _rel(x, k))


def _exact_float(r: sp.Rational) -> bool:
    """``r`` is a rational number that float64 represents exactly."""
    try:
        f = float(r)
    except OverflowError:
        return False
    return math.isfinite(f) and sp.Rational(f) == r


def _solve_for(diff, x, own: float, others: dict):
    """The float64 root of ``diff = 0`` in ``x`` (others substituted) nearest to ``own``."""
    e = diff.xreplace(others)
    if e.free_symbols != {x}:
        return None
    try:
        num, _ = sp.fraction(sp.together(e))
        if not num.is_polynomial(x) or sp.degree(num, x) > 4:
            return None
        roots = [r for r in sp.solve(num, x) if r.is_Rational and _exact_float(r)]
    except (NotImplementedError, ValueError, TypeError, ZeroDivisionError, sp.PolynomialError):
        return None
    return min(roots, key=lambda r: abs(float(r) - own)) if roots else None


#: the sides must agree to this relative distance at the candidate for the solved snaps
NEAR = 2.0 ** -20


def _near_equal(lhs, rhs, syms, cand) -> bool:
    """The two sides agree at ``cand`` to :data:`NEAR` (relative), evaluated at 30 digits: the
    solved snaps look for an exact equality next to a near one, not anywhere."""
    rep = {syms[n]: sp.Float(float(v), 30) for n, v in cand.items() if n in syms}
    try:
        a, b = (complex(sp.N(e.xreplace(rep), 30)) for e in (lhs, rhs))
    except (TypeError, ValueError, ZeroDivisionError):
        return False
    if a.imag or b.imag or not all(map(math.isfinite, (a.real, b.real))):
        return False
    return abs(a.real - b.real) <= NEAR * max(abs(a.real), abs(b.real))


#: the simple dyadic values (times the input's sign) tried in place of one other input
SIMPLE = tuple(2.0 ** j for j in range(-8, 9))


def solved_snaps(c, cand: Mapping[str, Any], sizes: Mapping[str, int]) -> Iterator[dict]:
    """Candidates with every scalar but one snapped (absolute k = 0..8 bits, then relative
    k = 1..REL_BITS bits) and the remaining one solved exactly from ``lhs = rhs``; then the
    same with one further input replaced by a simple dyadic value ±2^j, |j| <= 8 (an extreme
    input such as β₁ = 2⁻⁶⁰ can make every float on the boundary near the candidate
    unrepresentable: −(1−β₁)/β₁·g needs 60 significant bits).  Only where the sides agree to
    2⁻²⁰ at the candidate (:func:`_near_equal`)."""
    if any(isinstance(v, (dict, list)) for v in cand.values()):
        return
    lhs, rhs = sp.sympify(c.lhs), sp.sympify(c.rhs)
    if lhs.atoms(sp.Indexed) or rhs.atoms(sp.Indexed):
        return
    syms = {s.name: s for s in (lhs.free_symbols | rhs.free_symbols)}
    size_rep = {syms[n]: sp.Integer(v) for n, v in sizes.items() if n in syms}
    diff = (lhs - rhs).xreplace(size_rep)
    if not _near_equal(lhs.xreplace(size_rep), rhs.xreplace(size_rep), syms, cand):
        return
    names = [n for n in cand if n in syms][:MAX_SOLVED]
    snaps = [lambda x, k=k: float(round(x * 2 ** k) / 2 ** k) for k in range(9)] + \
            [lambda x, k=k: _rel(x, k) for k in range(1, REL_BITS + 1)]
    seen = set()

    def emit(name, root, others):
        out = {n: (float(root) if n == name else float(others[syms[n]]) if n in syms and
                   syms[n] in others else float(v)) for n, v in cand.items()}
        key = tuple(sorted(out.items()))
        if key in seen:
            return None
        seen.add(key)
        return out

    for name in names:
        for snap in snaps:
            others = {syms[n]: sp.Rational(snap(float(v))) for n, v in cand.items()
                      if n in syms and n != name}
            root = _solve_for(diff, syms[name], float(cand[name]), others)
            if root is not None and (out := emit(name, root, others)) is not None:
                yield out
    for name in names:
        for other in names:
            if other == name:
                continue
            sign = -1.0 if float(cand[other]) < 0 else 1.0
            for k in (1, REL_BITS):
                base = {syms[n]: sp.Rational(_rel(float(v), k)) for n, v in cand.items()
                        if n in syms and n not in (name, other)}
                for val in SIMPLE:
                    others = {**base, syms[other]: sp.Rational(sign * val)}
                    root = _solve_for(diff, syms[name], float(cand[name]), others)
                    if root is not None and (out := emit(name, root, others)) is not None:
                        yield out


def probe_candidates(stmt, c, cand: Mapping[str, Any] | None,
                     sizes: Mapping[str, int] | None) -> Iterator[dict]:
    """The probe's further candidates for conclusion ``c`` of ``stmt`` at ``cand``: relative
    snaps, then (scalar statements without an algorithm or noise) solved snaps."""
    if not cand:
        return
    yield from relative_snaps(cand)
    if stmt.trajectory is None and stmt.noise is None:
        yield from solved_snaps(c, cand, sizes or {})
