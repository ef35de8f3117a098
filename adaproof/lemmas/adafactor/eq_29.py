r"""(29), Appendix A.3 (proof of Theorem A.1): the bound before the rate, and its constant-step
use.

As printed (rho_k = rho_0/sqrt(k))::

    \min_{k\in[t]}\|\bar G_k\|_F^2\sum_{k=1}^t\frac1{\sqrt k}
      \le \sum_{k=1}^t\frac{\rho_k\|\bar G_k\|_F^2}{\rho_0}                                 (a)
      \le A_0A_1\Big(f(X_1) - f^* + \Delta_0^2\sum_{k=1}^t\frac1k\Big),                     (b)

and, "setting rho_k = rho_0, then following the result in (29)" (the constant step-size case)::

    t\cdot\min_{k\in[t]}\|\bar G_k\|_F^2 \le \sum_{k=1}^t\|\bar G_k\|_F^2
      \le A_0A_1\Big(f(X_1) - f^* + \Delta_0^2\sum_{k=1}^t\frac1k\Big).

A_0, A_1, Delta_0 of (12) with beta_{2,1} = 1/2.  Encoded on the closed-loop run of
:mod:`._full_closed`, the second links for every t in [T], the statements with the min (the
evaluator's IndexMin takes no bound from an enclosing index) at t = T, the case the rate uses: ``adafactor/eq-29`` (end to end), ``-a``, ``-b`` (the links) with
rho_k = rho_0/sqrt(k); ``adafactor/eq-29-const``, ``-const-a``, ``-const-b`` with rho_k = rho_0.

Finding: ``eq-29-const-b`` (and so ``eq-29-const``) is violated: (20) bounds (b) by
Delta_0^2 sum 1/k only through rho_k^2 = rho_0^2/k; with rho_k = rho_0 it gives Delta_0^2 t (the
finding registered for Theorem A.1's constant-step case, located here at the proof step).  The
corrected variants have Delta_0^2 t.
"""
from __future__ import annotations

import sympy as sp

from ...symbolic import IndexMin
from ._full_closed import A0, A1, closed, DELTA0_SQ, f, frob2, k, rho, rho0, t, T

_kk = sp.Symbol("kmin", integer=True)
_MIN = IndexMin(frob2(_kk), (_kk, 1, t))
_HARM = sp.Sum(1 / k, (k, 1, t))
_TEX = (r"\min_{k\in[t]}\|\bar G_k\|_F^2\sum_{k=1}^t\frac1{\sqrt k}\le\sum_{k=1}^t\frac{\rho_k\|\bar "
        r"G_k\|_F^2}{\rho_0}\le A_0A_1\Big(f(X_1)-f^*+\Delta_0^2\sum_{k=1}^t\frac1k\Big)")
_TEXC = (r"t\min_{k\in[t]}\|\bar G_k\|_F^2\le\sum_{k=1}^t\|\bar G_k\|_F^2\le A_0A_1\Big(f(X_1)-f^*"
         r"+\Delta_0^2\sum_{k=1}^t\frac1k\Big)")
_REASON = ("(20) gives (b) <= Delta_0^2 sum_k rho_k^2/rho_0^2, which is Delta_0^2 sum 1/k only for "
           "rho_k = rho_0/sqrt(k); with rho_k = rho_0 it is Delta_0^2 t")

EQ_29 = {}
for _suf, regime, lo, mid, tex in (
        ("", "A-sqrt", _MIN * sp.Sum(1 / sp.sqrt(k), (k, 1, t)), None, _TEX),
        ("-const", "A-const", t * _MIN, None, _TEXC)):
    _sum = sp.Sum(rho(k, regime) * frob2(k), (k, 1, t)) / rho0
    _rhs = A0 * A1 * (f(1) + DELTA0_SQ * _HARM)
    _rhs_fixed = A0 * A1 * (f(1) + DELTA0_SQ * t)
    bad = regime == "A-const"
    what = "rho_k = rho_0/sqrt(k)" if not bad else "rho_k = rho_0 (constant step)"
    for _part, _lhs, _r, _sup in (("", lo, _rhs, None), ("-a", lo, _sum, 1.0),
                                  ("-b", _sum, _rhs, None)):
        key = f"eq-29{_suf}{_part}"
        at_T = {t: T} if _part != "-b" else {}
        fa = () if at_T else ((t, 1, T),)
        link = {"": "end to end", "-a": "first link", "-b": "second link"}[_part]
        EQ_29[key] = closed(
            key, "29", f"(29), {what}: {link}", _lhs.subs(at_T), _r.subs(at_T), tex,
            regime=regime, forall=fa,
            expected="violated" if bad and _part != "-a" else "holds", supremum=_sup,
            source=f"(29), Appendix A.3 ({link}; {what})",
            notes="A_0, A_1, Delta_0 of (12), beta_{2,1} = 1/2; f* = 0.")
        if bad and _part != "-a":
            EQ_29[key + "@corrected"] = closed(
                key, "29", f"(29), {what}: {link}, with Delta_0^2 t", _lhs.subs(at_T),
                _rhs_fixed.subs(at_T), tex, regime=regime, forall=fa, variant="corrected",
                reason=_REASON,
                source=f"(29), Appendix A.3 ({link}; {what}), (20) with rho_k = rho_0",
                notes="A_0, A_1, Delta_0 of (12), beta_{2,1} = 1/2; f* = 0.")
