"""Display (7), SignGD's per-step descent (proof of Theorem 3.2, Appendix B).

As printed (OCR, line 402):

    L(x_{t+1}) − L(x_t) ≤ −∇L(x_t)ᵀ(x_t − x_{t+1}) + H/2 ‖x_t − x_{t+1}‖²
                        ≤ −η‖∇L(x_t)‖_* + (η²H/2) η²                              (7)

OCR reading: the last term prints "η²H/2 η²" (η² twice).  Encoded both ways:
``adam_linf/eq-7`` literally (η⁴H/2: violated, the step has ‖x_t − x_{t+1}‖∞ = η, so the
second-order term is η²H/2 and for η < 1 a quadratic loss exceeds η⁴H/2) and its corrected
variant η²H/2 (the reading the next display needs: dividing by Tη gives its Hη/2).  ‖·‖ = ℓ∞,
‖·‖_* = ℓ₁, x_{t+1} = x_t − η sign(∇L(x_t)) (SignGD: Adam with β₁ = β₂ = 0, ε = 0).

Also ``adam_linf/eq-7-first``: the first inequality (smoothness w.r.t. ℓ∞), for any x, y.

The loss is the family of :mod:`._objective` (non-diagonal quadratic + nonconvex ridges +
logistic regression), H certified ≥ Σ_j κ_j‖W_j‖₁² by a hypothesis; no hand sampler.
"""
from __future__ import annotations

import sympy as sp

from ...declare import corrected, scalar, sequence, size, statement
from ...statement import Hypothesis
from ...symbolic import IndexMax
from ._objective import LINF_SMOOTH, W, b, d, f_of, grad_of, j, n, p, q, r

H = scalar("H", "> 0", "ℓ∞-smoothness constant H (Definition 3.1)")
eta = scalar("eta", "> 0", "learning rate η")
_n = size("n", ">= 1", "number of ridges / data points of the loss")
_d = size("d", ">= 1", "dimension d")
_W = sequence("W", ((1, _n), (1, _d)), "R", "ridge directions / data points W_{j,k}")
_b = sequence("b", (1, _n), "R", "offsets b_j")
_p = sequence("p", (1, _n), ">= 0", "quadratic weights p_j")
_q = sequence("q", (1, _n), ">= 0", "nonconvex ridge weights q_j")
_r = sequence("r", (1, _n), ">= 0", "logistic weights r_j")
x = sequence("x", (1, _d), "R", "the iterate x_t")
y = sequence("y", (1, _d), "R", "a second point (first inequality only)")
l = sp.Symbol("l", integer=True)

FAMILY_HYPS = (
    Hypothesis(sp.GreaterThan(p[j], 0), forall=((j, 1, n),), note="the family: p_j ≥ 0"),
    Hypothesis(sp.GreaterThan(q[j], 0), forall=((j, 1, n),), note="the family: q_j ≥ 0"),
    Hypothesis(sp.GreaterThan(r[j], 0), forall=((j, 1, n),), note="the family: r_j ≥ 0"),
)
_H_HYP = Hypothesis(sp.GreaterThan(H, LINF_SMOOTH),
                    note="L is H-smooth w.r.t. ℓ∞ (Theorem 3.2): certified for the family by "
                         "H ≥ Σ_j (p_j + 2q_j + r_j/4)‖W_j‖₁² (adaproof.lemmas.adam_linf._objective)")

_g = lambda ll: grad_of(lambda kk: x[kk], ll)  # noqa: E731
_xnext = lambda kk: x[kk] - eta * sp.sign(_g(kk))  # noqa: E731  x_{t+1} = x_t − η sign(∇L(x_t))
_L1_GRAD = sp.Sum(sp.Abs(_g(l)), (l, 1, d))
_LHS = f_of(_xnext) - f_of(lambda kk: x[kk])
_HYPS = [Hypothesis(sp.StrictGreaterThan(eta, 0), note="learning rate η > 0"),
         Hypothesis(sp.StrictGreaterThan(H, 0), note="H > 0"), *FAMILY_HYPS, _H_HYP]
_COMMON = dict(kind="eq", section="Appendix B, proof of Theorem 3.2", family="other",
               source="Display (7), proof of Theorem 3.2 (Appendix B, line 402)")

EQ_7 = statement(
    "adam_linf/eq-7", **_COMMON, number="7",
    title="SignGD per-step descent (7), as printed: ... ≤ −η‖∇L(x_t)‖₁ + (η²H/2)η²",
    latex=(r"L(x_{t+1})-L(x_t)\le-\eta\|\nabla L(x_t)\|_*+\frac{\eta^2H}{2}\eta^2"),
    hypotheses=_HYPS,
    lhs=_LHS,
    rhs=-eta * _L1_GRAD + eta ** 2 * H / 2 * eta ** 2,
    expected="violated",
    notes="OCR reading: the printed last term 'η²H/2 η²' is taken literally (η⁴H/2). "
          "Violated: a quadratic loss along the sign step gains about η²H_eff/2 > η⁴H/2 for "
          "η < 1.",
)

EQ_7_CORRECTED = corrected(
    EQ_7,
    reason="the duplicated η² is a typo: ‖x_t − x_{t+1}‖∞ = η gives the second-order term "
           "η²H/2, the value the next display (Hη/2 after dividing by Tη) uses",
    rhs=-eta * _L1_GRAD + eta ** 2 * H / 2,
    latex=r"L(x_{t+1})-L(x_t)\le-\eta\|\nabla L(x_t)\|_1+\frac{\eta^2H}{2}",
)

_dy = lambda kk: y[kk] - x[kk]  # noqa: E731
EQ_7_FIRST = statement(
    "adam_linf/eq-7-first", **_COMMON, number="7 (first inequality)",
    title="(7), first inequality: L(y) − L(x) ≤ ∇L(x)ᵀ(y − x) + H/2‖y − x‖∞²",
    latex=r"L(y)-L(x)\le\nabla L(x)^\top(y-x)+\frac H2\|y-x\|_\infty^2",
    hypotheses=[Hypothesis(sp.StrictGreaterThan(H, 0), note="H > 0"), *FAMILY_HYPS, _H_HYP],
    lhs=f_of(lambda kk: y[kk]) - f_of(lambda kk: x[kk]),
    rhs=sp.Sum(_g(l) * _dy(l), (l, 1, d)) + H / 2 * IndexMax(_dy(l) ** 2, (l, 1, d)),
    notes="Any two points x, y (in (7): x = x_t, y = x_{t+1}).  Tight: a quadratic with one "
          "ridge W = (1, ..., 1), y − x = ±(1, ..., 1), H = ‖W‖₁² gives equality.",
)
