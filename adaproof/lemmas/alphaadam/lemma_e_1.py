"""Lemma E.1 (Appendix E.1): the descent lemma of an L-smooth function.

As printed (line 753): "For a function f: ℝⁿ → ℝ with an L-Lipschitz continuous gradient, for any
x, y ∈ ℝⁿ, the following inequality holds: f(y) ≤ f(x) + ⟨∇f(x), y − x⟩ + L/2 ‖y − x‖²."

Encoded as ``alphaadam/lemma-E.1`` on the objective family of :mod:`._objective` (non-diagonal
quadratic + nonconvex ridges + logistic regression), its smoothness constant certified by a
hypothesis, for any pair of points x, y.
"""
from __future__ import annotations

import sympy as sp

from ...declare import scalar, sequence, size, statement
from ...statement import Hypothesis
from ._common import W, b, d, j, k, l, n, p, q
from ._objective import SMOOTH_BOUND, f_of, grad_of, r

_L = scalar("L", "> 0", "smoothness constant L (gradient L-Lipschitz)")
_n = size("n", ">= 1", "number of ridges / data points of the objective")
_d = size("d", ">= 1", "dimension")
_W = sequence("W", ((1, _n), (1, _d)), "R", "ridge directions / data points W_{j,k}")
_b = sequence("b", (1, _n), "R", "offsets b_j")
_p = sequence("p", (1, _n), ">= 0", "quadratic weights p_j")
_q = sequence("q", (1, _n), ">= 0", "nonconvex ridge weights q_j")
_r = sequence("r", (1, _n), ">= 0", "logistic weights r_j")
_x = sequence("x", (1, _d), "R", "point x")
_y = sequence("y", (1, _d), "R", "point y")

OBJECTIVE_HYPS = (
    Hypothesis(sp.GreaterThan(p[j], 0), forall=((j, 1, n),), note="the family: p_j ≥ 0"),
    Hypothesis(sp.GreaterThan(q[j], 0), forall=((j, 1, n),), note="the family: q_j ≥ 0"),
    Hypothesis(sp.GreaterThan(r[j], 0), forall=((j, 1, n),), note="the family: r_j ≥ 0"),
    Hypothesis(sp.GreaterThan(_L, SMOOTH_BOUND),
               note="L-Lipschitz gradient for the family: ‖∇²f‖₂ ≤ Σ_j (p_j + 2q_j + r_j/4)"
                    "‖W_j‖² ≤ L (adaproof.lemmas.alphaadam._objective)"),
)

_fx = f_of(lambda kk: _x[kk])
_fy = f_of(lambda kk: _y[kk])
_inner = sp.Sum(grad_of(lambda kk: _x[kk], l) * (_y[l] - _x[l]), (l, 1, d))
_dist2 = sp.Sum((_y[l] - _x[l]) ** 2, (l, 1, d))

LEMMA_E1 = statement(
    "alphaadam/lemma-E.1",
    title="Descent lemma: f(y) ≤ f(x) + ⟨∇f(x), y − x⟩ + L/2 ‖y − x‖²",
    section="Appendix E.1",
    family="other",
    latex=r"f(y)\le f(x)+\langle\nabla f(x),y-x\rangle+\frac L2\|y-x\|^2",
    hypotheses=[Hypothesis(sp.StrictGreaterThan(_L, 0), note="L > 0"), *OBJECTIVE_HYPS],
    lhs=_fy,
    rhs=_fx + _inner + _L / 2 * _dist2,
    source="Lemma E.1, Appendix E.1 (line 753); applied in the proof of Theorem E.5",
    supremum=1.0,
    notes="f(x) = Σ_j p_j z_j²/2 + q_j z_j²/(1+z_j²) + r_j log(1+e^{−z_j}), z_j = ⟨W_j, x⟩ − b_j: "
          "a quadratic with a non-diagonal Hessian, separable-in-z nonconvex ridges and "
          "logistic regression on n points; L certified ≥ Σ_j (p_j + 2q_j + r_j/4)‖W_j‖². "
          "Supremum 1 (a pure quadratic with L = Σ p_j‖W_j‖², n = 1, y − x ∥ W_1).",
)
