r"""(113), (114), Appendix D.1 (proof of Theorem D.1): Adafactor with the time-varying update
clipping d_k = k^{c/(2(α−1))} (setting (7)), with probability at least 1 − δ, for all t ∈ [T].

As printed::

    (113) 1/2 Σ_{k<=t} ρ̂_k ||Ḡ_k/A_k^{1/4}||_F² <= C_1 log(T/δ) + C_2 Σ_{k<=t} (1 − β_{2,k}) + C_3
                                                  + D_1(α) Σ_{k<=t} 1/(d_k^{α−1}√k),
    (114) ... <= C_1 log(T/δ) + C_2' Σ k^{−(c+1)/2} + C_3' Σ 1/k + D_1(α) Σ 1/(d_k^{α−1}√k),

with ρ̂_k = max{ε₂, RMS(X_k)} ρ_k (97), C's of (37)-(39) and D_1(α) "as in (95)".  Encoded with
D_1(α) as printed in (95) (``@printed``) and as (112) doubled gives it (``@corrected``, the
reason :data:`adaproof.bounds.adafactor._D1_REASON`), on a noisy run of Algorithm 1 with update
clipping on a separable pseudo-Huber f (:mod:`._proxy_noise`; ξ_k = ±r u_k, G >= s||h||_F + r).
The instance sampler of Theorem D.1 draws c ∈ [1/2, 1) and α ∈ (1, 10].
"""
from __future__ import annotations

import sympy as sp

from ...bounds import adafactor as BA
from ...statement import Hypothesis, Quantity
from ._noise import H_A4, LAW_A4, Q_R, Q_XI, noise_a4, params_a4
from ._proxy_noise import QUART, D_K, T, alpha, beta, c, delta, statement, t

_LOGTD = sp.log(T / delta)
_kk = sp.Symbol("kk", integer=True, positive=True)


def _sub(e):
    return BA._rhs_from(type("B", (), {"expr": sp.sympify(e)})())


_C0, _C2, _C3 = BA.b1_constants()
_C1 = _sub(BA.C1)
_DSUM = sp.Sum(1 / (D_K.subs(BA._k, _kk) ** (alpha - 1) * sp.sqrt(_kk)), (_kk, 1, t))
_COMMON = dict(law=LAW_A4, params=params_a4("Dc"), noise=noise_a4,
               extra_q=(Q_R, Q_XI, Quantity("alpha", "scalar", "> 1", "clipping exponent α")),
               extra_h=H_A4 + (Hypothesis(sp.StrictGreaterThan(alpha, 1), note="α > 1"),),
               delta_expr=delta, clipped=True,
               notes="Noisy run of Algorithm 1 with update clipping d_k = k^{c/(2(α−1))} (setting "
                     "(7)) on separable pseudo-Huber f; ρ̂_k, Ḡ_k, A_k are functions of the run, "
                     "Θ_max = max_{k<=T} ||X_k||_∞ of the run.")
_R113 = _C1 * _LOGTD + _sub(_C2) * sp.Sum(1 - beta(_kk), (_kk, 1, t)) + _sub(_C3)
_R114 = (_C1 * _LOGTD + _sub(BA.C2P) * sp.Sum(_kk ** (-(c + 1) / 2), (_kk, 1, t))
         + _sub(BA.C3P) * sp.Sum(1 / _kk, (_kk, 1, t)))
_TEX = {113: (r"\frac12\sum_{k=1}^t\hat\rho_k\Big\|\frac{\bar G_k}{\sqrt[4]{A_k}}\Big\|_F^2\le C_1"
              r"\log\frac T\delta+C_2\sum_{k=1}^t(1-\beta_{2,k})+C_3+D_1(\alpha)\sum_{k=1}^t\frac1"
              r"{d_k^{\alpha-1}\sqrt k}"),
        114: (r"\frac12\sum_{k=1}^t\hat\rho_k\Big\|\frac{\bar G_k}{\sqrt[4]{A_k}}\Big\|_F^2\le C_1"
              r"\log\frac T\delta+C_2'\sum_{k=1}^t\frac1{k^{(c+1)/2}}+C_3'\sum_{k=1}^t\frac1k+"
              r"D_1(\alpha)\sum_{k=1}^t\frac1{d_k^{\alpha-1}\sqrt k}")}
STATEMENTS = {}
for _num, _base in ((113, _R113), (114, _R114)):
    for _var, _d1 in (("printed", BA.D1_PRINTED), ("corrected", BA.D1_CORRECTED)):
        STATEMENTS[(_num, _var)] = statement(
            id=f"adafactor/eq-{_num}", number=str(_num), kind="eq", **_COMMON,
            variant=_var, reason=BA._D1_REASON if _var == "corrected" else "",
            title=(f"({_num}): w.p. >= 1 − δ, ∀t: 1/2 Σ ρ̂_k ||Ḡ_k/A_k^{{1/4}}||² <= ... + "
                   f"D_1(α) Σ 1/(d_k^{{α−1}}√k) (D_1 "
                   + ("as printed (95))" if _var == "printed" else "from (112))")),
            lhs=QUART / 2, rhs=_base + _sub(_d1) * _DSUM, latex=_TEX[_num],
            source=f"({_num}), proof of Theorem D.1 (Appendix D.1); D_1(α) of (95)")

ALL = list(STATEMENTS.values())
