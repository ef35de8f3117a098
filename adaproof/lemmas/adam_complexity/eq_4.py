"""(4) (Section 4.2) = the end of Stage I of the proof of Theorem 1 (Appendix C.2), and the steps
of Stage I: Lemma 1 unrolled, and the three exchanges of the order of summation.

As printed: "Σ_{t=1}^T (1 − β₁)η/2 E‖ν̃_t^{1,−1/4} ⊙ G_t‖² ≤ f(w₁) − E f(w_{T+1}) +
Σ_{l=1}^d C₁(E ln(ν_{T,l}/ν_{0,l}) − T ln β₂)  (4)", C₁ as printed after Theorem 1 (l.154).

Findings encoded as corrected variants: Stage I drops the factor L of Lemma 1's momentum term
β₁L E[‖w_{t−i} − w_{t−i−1}‖‖ν̃^{−1/2} ⊙ m_{t−i−1}‖] (its first display prints β₁E[…‖…‖²] and C₁'s
third term η²β₁/(√β₂(1 − β₁/√β₂)) has no L), and applying Lemma 4 multiplies C₁'s whole bracket
by (1 − β₁)²/(1 − β₁/√β₂)², not only its last term.

Source: paper 003 (adam_complexity), (4) (text line 218) and Stage I (text lines 411–419).
"""
from __future__ import annotations

import sympy as sp

from ...declare import declared, scalar, sequence, size, statement
from ...bounds.adam_complexity import C1_PRINTED
from . import _instance as I
from ._common import PAPER

T, l, t = I.T, I.l, I.t
beta1, beta2, eta, L, sigma = I.beta1, I.beta2, I.eta, I.L, I.sigma

# -- C₁ ----------------------------------------------------------------------------------------
_LEMMA4 = (1 - beta1) ** 2 / (1 - beta1 / sp.sqrt(beta2)) ** 2
_LAST = (L ** 2 * beta1 * eta ** 3 * (1 - beta1)
         / (beta2 * sp.sqrt(1 - beta2) * (1 - beta1 ** 2 / beta2) * (1 - beta1 / beta2) ** 2)
         * I.d / sigma)
_MOMENTUM = eta ** 2 * beta1 / (sp.sqrt(beta2) * (1 - beta1 / sp.sqrt(beta2)))
#: C₁ as the derivation gives it: L on the momentum term, Lemma 4's factor on the whole bracket
C1_DERIVED = (L / 2 * eta ** 2 + 2 * sp.sqrt(1 - beta2) / (1 - beta1) ** 2 * eta * sigma
              + L * _MOMENTUM + _LAST) * _LEMMA4 / (1 - beta2)
#: C₁ as printed (l.154), in this module's symbols (the bound's symbols carry sign assumptions)
C1_AS_PRINTED = C1_PRINTED.subs({s_: sp.Symbol(s_.name, real=True)
                                 for s_ in C1_PRINTED.free_symbols if s_.name != "d"})
C1_AS_PRINTED = C1_AS_PRINTED.subs(sp.Symbol("d", integer=True, positive=True), I.d)


def _log_term(C1):
    return I.Sd(C1 * (sp.log(I.nu[T, l] / I.nu0) - T * sp.log(beta2)))


_LHS4 = sp.Sum((1 - beta1) * eta / 2 * I.Sd(I.G(t) ** 2 / sp.sqrt(I.nut1(t))), (t, 1, T))
_LATEX4 = (r"\sum_{t=1}^T\frac{(1-\beta_1)\eta}{2}\mathbb{E}\left[\left\|\frac{1}{\sqrt[4]{\tilde"
           r"\nu_t^1}}\odot\mathbf{G}_t\right\|^2\right]\le f(\mathbf{w}_1)-\mathbb{E}f(\mathbf{w}"
           r"_{T+1})+\sum_{l=1}^dC_1\left(\mathbb{E}\ln\left(\frac{\nu_{T,l}}{\nu_{0,l}}\right)-T"
           r"\ln\beta_2\right)")
_INST = dict(paper=PAPER, quantities=I.T1_QS, hypotheses=I.T1_HYPS, sampler=I.t1_sampler,
             **I.T1_INSTANCE)
_REASON4 = ("Stage I drops the factor L of Lemma 1's momentum term (C₁'s third term "
            "η²β₁/(√β₂(1−β₁/√β₂)) should carry L), and Lemma 4 multiplies all of C₁'s bracket by "
            "(1−β₁)²/(1−β₁/√β₂)², not only its last term")

EQ_4 = statement(
    "adam_complexity/eq-4", kind="eq", number="4", section="4.2; Stage I of Appendix C.2",
    family="log-sum", title="Stage I: the weighted gradient sum against the log-growth of nu",
    latex=_LATEX4, lhs=_LHS4, rhs=I.F1 - I.f_at(T + 1) + _log_term(C1_AS_PRINTED),
    source="(4), Section 4.2 (also the last display of Stage I, l.418), C₁ as printed (l.154)",
    notes=I.INSTANCE_NOTE + " ν̃¹ read with the fourth root (as printed in (4)).", **_INST)

EQ_4_CORRECTED = statement(
    "adam_complexity/eq-4", kind="eq", number="4", section="4.2; Stage I of Appendix C.2",
    family="log-sum", title="Stage I with C1 as derived (L on the momentum term, Lemma 4's "
    "factor on the whole bracket)",
    latex=_LATEX4, lhs=_LHS4, rhs=I.F1 - I.f_at(T + 1) + _log_term(C1_DERIVED),
    variant="corrected", reason=_REASON4,
    source="(4) with C₁ as Stage I's derivation gives it", notes=I.INSTANCE_NOTE, **_INST)

# -- Stage I, Lemma 1 unrolled (its first display) ---------------------------------------------
i = I.i


def _nut(k, tt=T):
    return beta2 ** k * I.nu[tt - k, l] + (1 - beta2 ** k) * I.G(tt - k + 1) ** 2 \
        + (1 - beta2) * sigma ** 2


_PREV = sp.Max(T - i - 1, 1)
_MOM_I = sp.sqrt(I.Sd((I.w[T - i, l] - I.w[_PREV, l]) ** 2)) \
    * sp.sqrt(I.Sd(I.m[T - i - 1, l] ** 2 / _nut(i + 1)))
_MSQ_I = I.Sd(I.m[T - i, l] ** 2 / I.nu[T - i, l])
_COEF_I = 2 * sp.sqrt(1 - beta2) / (1 - beta1) * sigma + L ** 2 * eta ** 2 * (1 - beta1) \
    / (sp.sqrt(1 - beta2) * (1 - beta1 ** 2 / beta2) * beta2 ** i * sigma) * I.d


def _unroll(mom_factor):
    return (1 - beta1) / 2 * I.Sd(I.G(T) ** 2 / sp.sqrt(I.nut1(T))) - sp.Sum(
        beta1 ** i * (beta1 * mom_factor * _MOM_I + _COEF_I * _MSQ_I), (i, 0, T - 1))


_F0 = I.Sd(I.G(T) * I.m[T, l] / sp.sqrt(I.nu[T, l]))
_LATEXU = (r"F_t^0\ge\frac{1-\beta_1}{2}\mathbb{E}\left\|\frac{1}{\sqrt[4]{\tilde\nu_t^1}}\odot"
           r"\mathbf{G}_t\right\|^2-\sum_{i=0}^{t-1}\beta_1^i\Big(\beta_1\mathbb{E}\big[\|\mathbf"
           r"{w}_{t-i}-\mathbf{w}_{t-i-1}\|\|\tilde\nu_t^{i+1,-\frac12}\odot\mathbf{m}_{t-i-1}\|"
           r"\big]+\Big(2\frac{\sqrt{1-\beta_2}}{1-\beta_1}\sigma+L^2\frac{\eta^2(1-\beta_1)}{(1-"
           r"\beta_2)^{\frac12}(1-\frac{\beta_1^2}{\beta_2})\beta_2^i\sigma}d\Big)\mathbb{E}\|"
           r"\nu_{t-i}^{-\frac12}\odot\mathbf{m}_{t-i}\|^2\Big)")
EQ_4_UNROLL = statement(
    "adam_complexity/eq-4-unroll", kind="claim", number="4-unroll",
    section="Stage I of Appendix C.2, first display", family="proxy-gap",
    title="Lemma 1 unrolled (Stage I's first display, F_t^t terms dropped)",
    latex=_LATEXU, lhs=_unroll(1), rhs=_F0,
    source="Stage I (Appendix C.2), first display, at t = T; the printed momentum term has no "
           "factor L and a squared second norm ‖…‖² (read ‖…‖ as in Lemma 1 and the next "
           "display)", notes=I.INSTANCE_NOTE + " F_t^t = E⟨G₀, m₀/√ν̃⟩ = 0 (m₀ = 0).", **_INST)
EQ_4_UNROLL_CORRECTED = statement(
    "adam_complexity/eq-4-unroll", kind="claim", number="4-unroll",
    section="Stage I of Appendix C.2, first display", family="proxy-gap",
    title="Lemma 1 unrolled with Lemma 1's factor L on the momentum term",
    latex=_LATEXU.replace(r"\beta_1\mathbb{E}\big[", r"\beta_1L\mathbb{E}\big["),
    lhs=_unroll(L), rhs=_F0, variant="corrected",
    reason="Lemma 1's momentum term is β₁L E[…]; Stage I drops the L",
    source="Stage I (Appendix C.2), first display, with Lemma 1's L",
    notes=I.INSTANCE_NOTE, **_INST)

# -- the second exchange (momentum), on the run ------------------------------------------------
s = I.s
_PAIR = sp.sqrt(I.Sd((I.w[s - i, l] - I.w[s - i - 1, l]) ** 2)) \
    * sp.sqrt(I.Sd(I.m[s - i - 1, l] ** 2 / _nut(i + 1, s)))
EQ_4_EXCHANGE_MOMENTUM = statement(
    "adam_complexity/eq-4-exchange-momentum", kind="claim", number="4-exchange-momentum",
    section="Stage I of Appendix C.2, second sum exchange", family="update-norm",
    title="The momentum terms summed over t and i",
    latex=(r"\eta\sum_{t=1}^T\sum_{i=0}^{t-1}\beta_1^{i+1}\mathbb{E}\left[\|\mathbf{w}_{t-i}-"
           r"\mathbf{w}_{t-i-1}\|\left\|\frac{1}{\sqrt{\tilde\nu_t^{i+1}}}\odot\mathbf{m}_{t-i-1}"
           r"\right\|\right]\le\frac{\eta^2\beta_1}{\sqrt{\beta_2}(1-\frac{\beta_1}{\sqrt{\beta_2}}"
           r")}\sum_{i=1}^{T-1}\mathbb{E}\left\|\frac{1}{\sqrt{\nu_i}}\odot\mathbf{m}_i\right\|^2"),
    # the i = t − 1 term multiplies m₀ = 0 (and needs w₀): the inner sum stops at t − 2
    lhs=eta * sp.Sum(sp.Sum(beta1 ** (i + 1) * _PAIR, (i, 0, s - 2)), (s, 2, T)),
    rhs=_MOMENTUM * sp.Sum(I.Sd(I.m[s, l] ** 2 / I.nu[s, l]), (s, 1, T - 1)),
    source="Stage I (Appendix C.2), l.416 (ν̃_t^{i+1} ≥ β₂^{i+1}ν_{t−i−1}, w_{t−i} − w_{t−i−1} = "
           "−ηm_{t−i−1}/√ν_{t−i−1}, then the geometric series; the i = 0 term of the last sum "
           "is 0 since m₀ = 0)", notes=I.INSTANCE_NOTE, supremum=1.0, **_INST)

# -- the first and third exchanges: inequalities between sums of nonnegative reals --------------
Tn = size("T", ">= 1", "number of steps")
beta1_ = scalar("beta1", "[0, 1)", "β₁")
beta2_ = scalar("beta2", "(0, 1)", "β₂")
eta_ = scalar("eta", "> 0", "η")
sigma_ = scalar("sigma", "> 0", "σ")
L_ = scalar("L", "> 0", "L")
d_ = size("d", ">= 1", "dimension d")
A = sequence("A", over=(1, Tn), domain=">= 0",
             description="A_i = E‖ν_i^{−1/2} ⊙ m_i‖² ≥ 0")
_EX_QS = tuple(declared()[n_] for n_ in ("T", "beta1", "beta2", "eta", "sigma", "A"))
_EX3_QS = tuple(declared()[n_] for n_ in ("T", "beta1", "beta2", "eta", "sigma", "L", "d", "A"))
tt, ii = sp.symbols("tt ii", integer=True)

EQ_4_EXCHANGE_SIGMA = statement(
    "adam_complexity/eq-4-exchange-sigma", kind="claim", number="4-exchange-sigma",
    section="Stage I of Appendix C.2, first sum exchange", family="other",
    title="The sigma terms summed over t and i (geometric series in beta1)",
    quantities=_EX_QS,
    hypotheses=[sp.And(beta1_ >= 0, beta1_ < 1), sp.And(beta2_ > 0, beta2_ < 1), eta_ > 0,
                sigma_ > 0],
    lhs=2 * sp.sqrt(1 - beta2_) / (1 - beta1_) * eta_ * sigma_
    * sp.Sum(sp.Sum(beta1_ ** ii * A[tt - ii], (ii, 0, tt - 1)), (tt, 1, Tn)),
    rhs=2 * sp.sqrt(1 - beta2_) / (1 - beta1_) ** 2 * eta_ * sigma_ * sp.Sum(A[tt], (tt, 1, Tn)),
    source="Stage I (Appendix C.2), l.415", supremum=1.0)

EQ_4_EXCHANGE_SMOOTH = statement(
    "adam_complexity/eq-4-exchange-smooth", kind="claim", number="4-exchange-smooth",
    section="Stage I of Appendix C.2, third sum exchange", family="other",
    title="The smoothness terms summed over t and i (sum of k r^k)",
    quantities=_EX3_QS,
    hypotheses=[sp.And(beta1_ >= 0, beta1_ < beta2_, beta2_ < 1), eta_ > 0, sigma_ > 0, L_ > 0],
    lhs=L_ ** 2 * eta_ ** 3 * (1 - beta1_) / (sp.sqrt(1 - beta2_) * (1 - beta1_ ** 2 / beta2_))
    * d_ / sigma_ * sp.Sum(sp.Sum((beta1_ / beta2_) ** ii * ii * A[tt - ii], (ii, 0, tt - 1)),
                           (tt, 1, Tn)),
    rhs=L_ ** 2 * beta1_ * eta_ ** 3 * (1 - beta1_)
    / (beta2_ * sp.sqrt(1 - beta2_) * (1 - beta1_ ** 2 / beta2_) * (1 - beta1_ / beta2_) ** 2)
    * d_ / sigma_ * sp.Sum(A[tt], (tt, 1, Tn)),
    source="Stage I (Appendix C.2), l.417 (Σ_k k r^k ≤ r/(1 − r)², r = β₁/β₂ < 1)",
    supremum=1.0)
