r"""Lemma C.3, eq. (15) (Appendix C.1), and the descent step of the proof of Lemma F.4.

Liu, Pan, Zhang, *AdaGrad under anisotropic smoothness* (ICLR 2025); the OCR lost most
symbols, so the printed forms below are the statements as re-typed from the paper.

``adagrad_aniso/lemma-C.3-cosh`` (LEMMA_C3_COSH): Descent lemma under Assumption 5.1
    printed: \|w'-w\|_\infty \le \frac1{\|L_1\|_\infty}\ \Rightarrow\ f(w') \le f(w) +
        \langle\nabla f(w), w'-w\rangle + \frac12\sum_{j=1}^d (L_{0,j} + L_{1,j}|\nabla_j
        f(w)|)\,|w'-w|_j^2
    source: Lemma C.3 (Appendix C.1, (15))
``adagrad_aniso/lemma-C.3-rational``: the same with L₁ = 0 (no restriction on ‖w' − w‖∞)
``adagrad_aniso/lemma-F.4-descent`` (LEMMA_F4_DESCENT): one AdaGrad step (Option II,
    η ≤ 1/‖L₁‖∞), pathwise
    printed: f(w_{t+1}) \le f(w_t) - \frac\eta2\langle g_t, \Lambda_t^{-1}g_t\rangle +
        \frac{\eta^2}2\sum_j L_{0,j}\frac{g_{t,j}^2}{\lambda_{t,j}^2} + \frac{3\eta}2\sum_j
        \frac{|n_{t,j}||g_{t,j}|}{\lambda_{t,j}}
    source: proof of Lemma F.4 (Appendix F), the display after 'By combining the bounds of
        the two terms'

Instances (exact constants): the separable cosh objectives f = Σ (a_j/b_j²)(cosh(b_j(w_j −
c_j)) − 1), which satisfy Assumption 5.1 with L₀ = (e − 1)a, L₁ = (e − 1)b' for any b' ≥ b
(|f_j'(x') − f_j'(x)| ≤ (a_j + b_j|f_j'(x)|)(e^{b_jδ} − 1)/b_j ≤ (e − 1)(a_j + b_j|f_j'(x)|)δ for
δ = |x' − x| ≤ 1/b_j; the input H ≥ max b gives ‖L₁‖∞ = (e − 1)H), and the separable nonconvex
f = Σ a_j x_j²/(1 + x_j²) (x = w − c; |f_j''| ≤ 2a_j: L₀ = 2a, L₁ = 0).

OCR readings: (15)'s factor '1 ... Σ_j' is ½ (the proof ends with ∫₀¹ u du = ½); in F.4's step
the coefficients '(η/2)', 'η²' and '3η' lost their denominators: the proof's terms are
−η⟨g, Λ⁻¹g⟩ + (η²/2)Σ(L₀ + L₁(|g| + |n|))g²/λ² + η⟨n, Λ⁻¹g⟩ with (η²/2)ΣL₁|g|³/λ² ≤
(η/2)⟨g, Λ⁻¹g⟩ and (η²/2)ΣL₁|n|g²/λ² ≤ (η/2)Σ|n||g|/λ, which gives the constants above.
"""
from __future__ import annotations

import math

import sympy as sp

from ...declare import forall, index, scalar, sequence, size, statement
from ._common import PAPER

E1 = sp.E - 1
d = size("d", ">= 1", "dimension")
jj = index("j")
a = sequence("a", over=(1, d), domain="> 0", description="curvatures a_j")
b = sequence("b", over=(1, d), domain="> 0", description="growth rates b_j (cosh family)")
c = sequence("c", over=(1, d), description="centre c (minimiser)")
H = scalar("H", "> 0", "H ≥ max b: ‖L₁‖∞ = (e − 1)H")
wv = sequence("wv", over=(1, d), description="the point w")
dw = sequence("dw", over=(1, d), description="the displacement w' − w")


def _fc(x, j_):  # cosh family, coordinate j
    return a[j_] / b[j_] ** 2 * ((sp.exp(b[j_] * x) + sp.exp(-b[j_] * x)) / 2 - 1)


def _gc(x, j_):
    return a[j_] / b[j_] * (sp.exp(b[j_] * x) - sp.exp(-b[j_] * x)) / 2


def _fr(x, j_):  # rational nonconvex family
    return a[j_] * x ** 2 / (1 + x ** 2)


def _gr(x, j_):
    return 2 * a[j_] * x / (1 + x ** 2) ** 2


def _descent_rhs(f, g, L0, L1):
    x = wv[jj] - c[jj]
    return sp.Sum(f(x, jj) + g(x, jj) * dw[jj]
                  + (L0 + L1 * sp.Abs(g(x, jj))) * dw[jj] ** 2 / 2, (jj, 1, d))


_HYP_COSH = [forall(jj, 1, d, a[jj] > 0), forall(jj, 1, d, b[jj] > 0),
             forall(jj, 1, d, b[jj] <= H),
             forall(jj, 1, d, dw[jj] <= 1 / (E1 * H)), forall(jj, 1, d, dw[jj] >= -1 / (E1 * H))]

LEMMA_C3_COSH = statement(
    f"{PAPER}/lemma-C.3-cosh", kind="lemma", number="C.3",
    title="Lemma C.3 (15): descent lemma under anisotropic (L₀, L₁)-smoothness, cosh family",
    section="Appendix C.1 (eq. (15))", family="other",
    latex=(r"\|w'-w\|_\infty \le \frac1{\|L_1\|_\infty}\ \Rightarrow\ f(w') \le f(w) + "
           r"\langle\nabla f(w), w'-w\rangle + \frac12\sum_{j=1}^d (L_{0,j} + L_{1,j}|\nabla_j "
           r"f(w)|)\,|w'-w|_j^2"),
    hypotheses=_HYP_COSH,
    lhs=sp.Sum(_fc(wv[jj] + dw[jj] - c[jj], jj), (jj, 1, d)),
    rhs=_descent_rhs(_fc, _gc, E1 * a[jj], E1 * b[jj]),
    source="Lemma C.3 (Appendix C.1, (15)) on f = Σ (a_j/b_j²)(cosh(b_j(w_j − c_j)) − 1)",
    notes="L₀ = (e − 1)a, L₁ = (e − 1)b' with b' = H ≥ b (a valid, larger L₁).",
)

LEMMA_C3_RATIONAL = statement(
    f"{PAPER}/lemma-C.3-rational", kind="lemma", number="C.3",
    title="Lemma C.3 (15) with L₁ = 0 on the separable nonconvex family a·x²/(1 + x²)",
    section="Appendix C.1 (eq. (15))", family="other",
    latex=(r"L_1 = 0:\ f(w') \le f(w) + \langle\nabla f(w), w'-w\rangle + \frac12\sum_j "
           r"L_{0,j}|w'-w|_j^2"),
    hypotheses=[forall(jj, 1, d, a[jj] > 0)],
    lhs=sp.Sum(_fr(wv[jj] + dw[jj] - c[jj], jj), (jj, 1, d)),
    rhs=_descent_rhs(_fr, _gr, 2 * a[jj], 0),
    source="Lemma C.3 (Appendix C.1, (15)) with L₁ = 0 on f = Σ a_j(w_j − c_j)²/(1 + (w_j − c_j)²)",
    notes="|f_j''| ≤ 2a_j (max of (2 − 6x²)/(1 + x²)³ in absolute value is 2, at x = 0).",
)

# -- the descent step of Lemma F.4's proof ----------------------------------------------------
eta = scalar("eta", "> 0", "constant step size η ≤ 1/‖L₁‖∞")
lamp = sequence("lamp", over=(1, d), domain="> 0", description="λ_{t−1,j} (the past)")
nz = sequence("nz", over=(1, d), description="the noise n_{t,j} = g_{t,j} − ∇_j f(w_t)")

_x = wv[jj] - c[jj]
_g = _gc(_x, jj) + nz[jj]                                  # g_{t,j}
_lam = sp.sqrt(lamp[jj] ** 2 + _g ** 2)                    # λ_{t,j}

LEMMA_F4_DESCENT = statement(
    f"{PAPER}/lemma-F.4-descent", kind="claim", number="F.4-descent",
    title="Proof of Lemma F.4: the descent step on f(w_t) of one AdaGrad step (cosh family)",
    section="Appendix F (proof of Lemma F.4)", family="other",
    latex=(r"f(w_{t+1}) \le f(w_t) - \frac\eta2\langle g_t, \Lambda_t^{-1}g_t\rangle + "
           r"\frac{\eta^2}2\sum_j L_{0,j}\frac{g_{t,j}^2}{\lambda_{t,j}^2} + \frac{3\eta}2\sum_j"
           r"\frac{|n_{t,j}||g_{t,j}|}{\lambda_{t,j}}"),
    hypotheses=[forall(jj, 1, d, a[jj] > 0), forall(jj, 1, d, b[jj] > 0),
                forall(jj, 1, d, b[jj] <= H), forall(jj, 1, d, lamp[jj] > 0),
                eta <= 1 / (E1 * H)],
    lhs=sp.Sum(_fc(_x - eta * _g / _lam, jj), (jj, 1, d)),
    rhs=sp.Sum(_fc(_x, jj) - eta / 2 * _g ** 2 / _lam + eta ** 2 / 2 * E1 * a[jj] * _g ** 2 / _lam ** 2
               + 3 * eta / 2 * sp.Abs(nz[jj]) * sp.Abs(_g) / _lam, (jj, 1, d)),
    source="Proof of Lemma F.4 (Appendix F), first display after Lemma C.3 (w_{t+1} = w_t − "
           "ηΛ_t⁻¹g_t, λ²_{t,j} = λ²_{t−1,j} + g²_{t,j}, η ≤ 1/‖L₁‖∞)",
    notes=("Pathwise: the past λ_{t−1} and the noise n_t are inputs (any values are reached); "
           "L₀ = (e − 1)a, ‖L₁‖∞ = (e − 1)H."),
)
