"""Shared symbols and helpers of the ``alphaadam`` statements.

Lemma E.2 and Lemma E.3 share the symbols of Appendix E, the analysed recurrence
(:data:`_REC_ANALYSED_OPEN`), E.2's constant (:data:`C_E2`) and the β hypotheses
(:data:`_BETA_HYPS`); Corollary 3.4's pathwise and in-expectation forms share the factor
(1−β)²/(1−β²) (:data:`_FACTOR`).
"""
from __future__ import annotations

import sympy as sp

from ...sampling import choose
from ...statement import Hypothesis, Recurrence

PAPER = "alphaadam"

# ---------------------------------------------------------------------------------------------
# symbols
# ---------------------------------------------------------------------------------------------
t = sp.Symbol("t", integer=True)
l = sp.Symbol("l", integer=True)  # coordinate
k = sp.Symbol("k", integer=True)  # summation over coordinates
j = sp.Symbol("j", integer=True)  # summation over ridges / lags
T = sp.Symbol("T", integer=True, positive=True)
d = sp.Symbol("d", integer=True, positive=True)
n = sp.Symbol("n", integer=True, positive=True)  # number of ridges of the E.3 objective
eta, beta1, beta2, eps, beta, Lsm = sp.symbols("eta beta1 beta2 eps beta L", real=True)
g, m, h, v, theta = (sp.IndexedBase(s) for s in ("g", "m", "h", "v", "theta"))
m0, h0, v0, theta1 = (sp.IndexedBase(s) for s in ("m0", "h0", "v0", "theta1"))
W, b, p, q = (sp.IndexedBase(s) for s in ("W", "b", "p", "q"))

#: E.2's constant (1−β₁) / (√(1−β₂) (1 − β₁/√β₂))
C_E2 = (1 - beta1) / (sp.sqrt(1 - beta2) * (1 - beta1 / sp.sqrt(beta2)))


_pick = choose  # sizes(generator, preset) functions pick with the generator


def _ind(cond) -> sp.Piecewise:
    """The indicator I(cond) as the evaluator understands it."""
    return sp.Piecewise((1, cond), (0, True))



_REC_ANALYSED_OPEN = (
    Recurrence("m", t, 1, m0[l], beta1 * m[t - 1, l] + (1 - beta1) * g[t, l]),
    Recurrence("v", t, 1, v0[l], beta2 * v[t - 1, l] + (1 - beta2) * g[t, l] ** 2),
    # θ_t = θ_{t-1} − η_{t-1} φ_{t-1} m_{t-1}/(√v_{t-1} + ϵ), η_{t-1} = η/√(t−1); the quotient is
    # only evaluated where φ = 1 (then g_{t-1} ≠ 0, so v_{t-1} > 0)
    Recurrence("theta", t, 2, theta1[l], theta[t - 1, l] - sp.Piecewise(
        (eta / sp.sqrt(t - 1) * m[t - 1, l] / (sp.sqrt(v[t - 1, l]) + eps),
         sp.StrictGreaterThan(g[t - 1, l] * m[t - 2, l], 0)), (0, True))),
)


_BETA_HYPS = (
    Hypothesis(sp.LessThan(beta1, sp.sqrt(beta2)), note="Lemma E.2: β₁ ≤ √β₂"),
    Hypothesis(sp.And(sp.GreaterThan(beta1, 0), sp.StrictLessThan(beta1, sp.sqrt(beta2)),
                      sp.StrictGreaterThan(beta2, 0), sp.StrictLessThan(beta2, 1)),
               silent=True,
               note="0 ≤ β₁ < √β₂ < 1, β₂ > 0: Theorem 3.8 / E.5's condition, in whose proof the "
                    "lemma is used; the proof's step (*) sums Σ_s (β₁/√β₂)^s to "
                    "1/(1 − β₁/√β₂), which needs β₁ < √β₂ (at β₁ = √β₂ the printed bound is "
                    "1/0), and divides by √β₂"),
)


_FACTOR = (1 - beta) ** 2 / (1 - beta ** 2)
