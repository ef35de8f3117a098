"""The steps of the proof of Theorem 2 (Appendix D), in expectation over whole runs of Algorithm 1
with Theorem 2's schedule η = a/√T, β₂ = 1 − b/T, β₁ = cβ₂ (:mod:`._instance`), and (12).

Notation: Y_l = ν_{0,l}/(1 − β₂) + Σ_{s≤T}|g_{s,l}|² + σ² (one path), ν̃¹ as in Lemma 1, D₁, D₂ as
printed in Theorem 2.  Functions of expectations use the variational forms of :mod:`.stage_2`
(a free λ > 0).

Findings encoded as corrected variants (derivation in each reason):
* (11): "applying the definition of η, β₁, β₂" replaces −T ln β₂ = −T ln(1 − b/T) by b, but
  −T ln(1 − b/T) ≥ b: the replacement goes the wrong way; D₁, D₂ also carry 1/(ab√b) where
  C₁/(1 − β₂)·2/((1 − β₁)η)·√b/(2√T) gives 1/(a√b), and inherit C₁'s missing L and Lemma 4's
  factor.  Corrected: Stage I (with C₁ as derived) bounded under the schedule.
* the sum over l (second inequality, "due to Eq. (11)"): the same constants, from the same
  Stage I bound, with ln ν_T = 2 ln √ν_T (which doubles the whole coefficient, not only its last
  term — the printed D₂'s 4L² against D₁'s 2L²).
* the solving step: x ≤ A + B ln x gives x ≤ 2A + 2B ln B; the printed bound does not double
  A's Σ_l√(ν₀ + 3bσ²) part.

Readings: the display "Summing … with respect to l" ends with "√(ν₀/(1−β₂) + 3σ²T + D₁) +
D₂ ln(…)": read with D₁ outside the root (``theorem-2-sum-l``; the root has no room for D₁ given
the lines above it), the literal reading as ``theorem-2-sum-l-root-reading``.  The first line
after (11) prints "=" between two sides of a chain of "≥": read "≥".  The first term of the
"Furthermore" display is printed without E: read with E (it is a random variable).

Source: paper 003 (adam_complexity), Appendix D (text lines 425–439).
"""
from __future__ import annotations

import sympy as sp

from ...bounds.adam_complexity import _stmt_expr, _theorem_2_parts
from ...declare import declared, scalar, sequence, size, statement
from ...statement import Hypothesis
from . import _instance as I
from ._common import PAPER

T, l, t, s, d, lam = I.T, I.l, I.t, I.s, I.d, I.lam
a, b, omc, L, sigma, nu0 = I.a_, I.b_, I.omc, I.L, I.sigma, I.nu0
c = 1 - omc
beta2 = I.B2_T2
_TO_OMC = {sp.Symbol("c", nonnegative=True): 1 - sp.Symbol("omc", positive=True)}
D1, D2, _Y, _Z = (_stmt_expr(x).subs(_TO_OMC) for x in _theorem_2_parts(False))
_TO = {I.eta: I.ETA_T2, I.beta1: I.B1_T2, I.beta2: I.B2_T2}


def _sched(e):
    return e.xreplace(_TO)


_c2 = (1 - beta2) * sigma ** 2
_NUT1 = lambda tt: _sched(I.nut1(tt))  # noqa: E731
_Yl = nu0 / (1 - beta2) + sp.Sum(I.g(s) ** 2, (s, 1, T)) + sigma ** 2
_GE = lambda tt: sp.Piecewise((1, sp.GreaterThan(sp.Abs(I.G(tt)), sigma)), (0, True))  # noqa: E731
_LT = lambda tt: sp.Piecewise((1, sp.StrictLessThan(sp.Abs(I.G(tt)), sigma)), (0, True))  # noqa: E731
_W = sp.Sum(I.Sd(I.G(t) ** 2 / sp.sqrt(_NUT1(t))), (t, 1, T))
_LNNU = I.Sd(sp.log(I.nu[T, l]))
_INST = dict(paper=PAPER, quantities=I.T2_QS, hypotheses=I.T2_HYPS, sampler=I.t2_sampler,
             **I.T2_INSTANCE)
_QL = I.T2_QS + (I.LAM_Q,)
_INST_L = dict(paper=PAPER, quantities=_QL, hypotheses=I.T2_HYPS + (I.LAM_HYP,),
               sampler=lambda ctx: I.t2_sampler(ctx, with_lam=True), **I.T2_INSTANCE)
_NOTE = (I.INSTANCE_NOTE + " Theorem 2's schedule η = a/√T, β₂ = 1 − b/T, β₁ = cβ₂ "
         "(c = 1 − omc).")
_LNOTE = _NOTE + " Encoded for every λ > 0 (variational form, see stage_2.py)."

# -- the constants as the derivation gives them ------------------------------------------------
#: C₁ (as derived: L on the momentum term, Lemma 4's factor on the whole bracket) is at most
#: X/(b(1 − c)²) under the schedule (1 − β₁ ≥ 1 − c, 1 − β₁/√β₂ ≥ 1 − c, 1 − β₁²/β₂ ≥ 1 − c)
X_C = (L * a ** 2 / 2 + 2 * a * sp.sqrt(b) * sigma / (1 - c) ** 2 + L * a ** 2 * c / (1 - c)
       + L ** 2 * c * a ** 3 * d / (sp.sqrt(b) * (1 - c) ** 3 * sigma))
_K = X_C / (a * sp.sqrt(b) * (1 - c) ** 3)
_MINUS_T_LN_B2 = -T * sp.log(1 - b / T)
D1_C = sp.sqrt(b) / (a * (1 - c)) * I.F1 + d * _K * (-sp.log(nu0) + _MINUS_T_LN_B2)
D2_C = d * _K

# -- (11) ----------------------------------------------------------------------------------------
_L11 = (r"\sum_{t=1}^T\mathbb{E}\left[\left\|\frac{1}{\sqrt[4]{\tilde\nu_t^1}}\odot\mathbf{G}_t"
        r"\right\|^2\right]\le\frac{2\sqrt T}{\sqrt b}\left(D_1+\frac{D_2}{d}\sum_{l=1}^d\mathbb{E}"
        r"\ln\nu_{T,l}\right)")
EQ_11 = statement(
    "adam_complexity/eq-11", expected="violated", kind="eq", number="11", section="Appendix D",
    family="log-sum", title="(11): Stage I under Theorem 2's schedule", latex=_L11,
    lhs=_W, rhs=2 * sp.sqrt(T) / sp.sqrt(b) * (D1 + D2 / d * _LNNU),
    source="(11), Appendix D (l.427), D₁, D₂ as printed in Theorem 2", notes=_NOTE, **_INST)
EQ_11_CORRECTED = statement(
    "adam_complexity/eq-11", kind="eq", number="11", section="Appendix D",
    family="log-sum", title="(11) with the constants Stage I gives under the schedule",
    latex=_L11.replace("D_1", "D_1'").replace("D_2", "D_2'"), variant="corrected",
    reason="−T ln β₂ = −T ln(1 − b/T) ≥ b, so replacing it by b in D₁ goes the wrong way; and "
           "2/((1−β₁)η)·C₁ ≤ 2√T/(a(1−c))·X/(b(1−c)²) gives the coefficient X/(a√b(1−c)³) "
           "(X with L on the momentum term), where D₁, D₂ carry 2/(ab√b)·(La² + …)",
    lhs=_W, rhs=2 * sp.sqrt(T) / sp.sqrt(b) * (D1_C + D2_C / d * _LNNU),
    source="(11) derived from Stage I (eq-4@corrected) under η = a/√T, β₂ = 1 − b/T, β₁ = cβ₂: "
           "D₁' = √b/(a(1−c))f(w₁) + dX/(a√b(1−c)³)(−ln ν₀ − T ln(1 − b/T)), D₂' = "
           "dX/(a√b(1−c)³), X = La²/2 + 2a√bσ/(1−c)² + La²c/(1−c) + L²ca³d/(√b(1−c)³σ)",
    notes=_NOTE, **_INST)

# -- the large-gradient chain after (11) -------------------------------------------------------
THEOREM_2_LARGE = statement(
    "adam_complexity/theorem-2-large", kind="claim", number="2-large", section="Appendix D",
    family="variance-ratio", title="Large gradients: |G|^2/sqrt(nutilde^1) against g^2/sqrt(Y)",
    latex=(r"\mathbb{E}\frac{|\mathbf{G}_{t,l}|^2}{\sqrt{\tilde\nu_{t,l}^1}}\mathbf{1}_{|\mathbf{G}"
           r"_{t,l}|\ge\sigma}\ge\frac{1}{2\sqrt{1-\beta_2}}\mathbb{E}\frac{|\mathbf{g}_{t,l}|^2}{"
           r"\sqrt{\frac{\nu_{0,l}}{1-\beta_2}+\sum_{s=1}^T|g_{s,l}|^2+\sigma^2}}\mathbf{1}_{|\mathbf"
           r"{G}_{t,l}|\ge\sigma}"),
    lhs=I.g(t) ** 2 / (2 * sp.sqrt(1 - beta2) * sp.sqrt(_Yl)) * _GE(t),
    rhs=I.G(t) ** 2 / sp.sqrt(_NUT1(t)) * _GE(t), forall=((t, 1, T), (l, 1, d)),
    source="Appendix D (l.428), outer inequality of the chain (the printed '=' of its second "
           "line read '≥'; E^{|F_t} taken in total expectation)", notes=_NOTE, **_INST)

# -- (12) on Adam's conditioner for any gradients (pathwise, Lemma 3's quantities) ------------
from ._common import (_A_Q, _B0_Q, _B_Q, _B_REC, _BETA2, _build_bc, _D_Q, a as _a_seq,  # noqa: E402
                      b as _b_seq, b0 as _b0, beta2 as _beta2, d as _d, l as _l12, n as _n,
                      T as _T12)
from ...statement import Quantity, Statement, TrajectorySource  # noqa: E402
from ...registry import register  # noqa: E402

_k12 = sp.Symbol("k12", integer=True)
EQ_12 = register(Statement(
    id="adam_complexity/eq-12", paper=PAPER, kind="eq", number="12", section="Appendix D",
    family="log-sum",
    title="(12): beta2 nu_{t-1} + (1-beta2) g_t^2 <= (1-beta2) sum_s g_s^2 + nu0",
    latex=(r"\beta_2\nu_{t-1,l}+(1-\beta_2)|g_{t,l}|^2=(1-\beta_2)\sum_{s=1}^t\beta_2^{t-s}|g_{s,l}"
           r"|^2+\beta_2^t\nu_{0,l}\le(1-\beta_2)\sum_{s=1}^T|g_{s,l}|^2+\nu_{0,l}"),
    quantities=(Quantity("beta2", "scalar", "(0, 1)", "β₂"),
                Quantity("T", "size", ">= 1", "number of steps"), _D_Q, _A_Q, _B0_Q, _B_Q),
    hypotheses=(_BETA2, Hypothesis(sp.StrictGreaterThan(_b0[_l12], 0), forall=((_l12, 1, _d),))),
    lhs=_beta2 * _b_seq[_n - 1, _l12] + (1 - _beta2) * _a_seq[_n, _l12] ** 2,
    rhs=(1 - _beta2) * sp.Sum(_a_seq[_k12, _l12] ** 2, (_k12, 1, _T12)) + _b0[_l12],
    forall=((_n, 1, _T12), (_l12, 1, _d)),
    trajectory=TrajectorySource(build=_build_bc, read={"nu": ("b", (0, 1))}, series=("nu",)),
    recurrences=(_B_REC,),
    source="(12), Appendix D (l.429), outer inequality (a_n = g_{n,l}, b_n = ν_{n,l} of "
           "Algorithm 1, b₀ = ν₀)", supremum_ratio=1.0,
    notes="Pathwise, for any gradients: the left side is ν_{t,l}; the middle equality is the "
          "closed form of Algorithm 1's line 4."))

# -- the small-gradient part and the split ('Furthermore', 'Conclusively') ----------------------
_RT2 = sp.sqrt(nu0 / (1 - beta2) + 2 * sigma ** 2 * T + sigma ** 2)
THEOREM_2_SMALL = statement(
    "adam_complexity/theorem-2-small", kind="claim", number="2-small", section="Appendix D",
    family="variance-ratio", title="Small gradients: the indicator-1_{|G|<sigma} part of E sqrt(Y)",
    latex=(r"\mathbb{E}\frac{\sigma^2+\frac{\nu_{0,l}}{1-\beta_2}}{\sqrt{Y_l}}+\sum_{t=1}^T\mathbb{E}"
           r"\frac{|\mathbf{g}_{t,l}|^2}{\sqrt{Y_l}}\mathbf{1}_{|\mathbf{G}_{t,l}|<\sigma}\le\sqrt{"
           r"\frac{\nu_{0,l}}{1-\beta_2}+2\sigma^2T+\sigma^2}"),
    lhs=(sigma ** 2 + nu0 / (1 - beta2)) / sp.sqrt(_Yl)
    + sp.Sum(I.g(t) ** 2 * _LT(t), (t, 1, T)) / sp.sqrt(_Yl),
    rhs=_RT2, forall=((l, 1, d),),
    source="Appendix D (l.430), outer inequality ('Furthermore'; its first term read with E)",
    notes=_NOTE, **_INST)

THEOREM_2_SPLIT = statement(
    "adam_complexity/theorem-2-split", kind="claim", number="2-split", section="Appendix D",
    family="variance-ratio", title="E sqrt(Y_l) split by the indicator",
    latex=(r"\mathbb{E}\sqrt{Y_l}\le\sqrt{\frac{\nu_{0,l}}{1-\beta_2}+2\sigma^2T+\sigma^2}+2\sqrt{1-"
           r"\beta_2}\sum_{t=1}^T\frac{|\mathbf{G}_{t,l}|^2}{\sqrt{\tilde\nu_{t,l}^1}}\mathbf{1}_{|"
           r"\mathbf{G}_{t,l}|\ge\sigma}"),
    lhs=sp.sqrt(_Yl),
    rhs=_RT2 + 2 * sp.sqrt(1 - beta2) * sp.Sum(I.G(t) ** 2 / sp.sqrt(_NUT1(t)) * _GE(t),
                                               (t, 1, T)),
    forall=((l, 1, d),), source="Appendix D (l.431), 'Conclusively', outer inequality",
    notes=_NOTE, **_INST)

# -- the sum over l and its solution ---------------------------------------------------------
_MM = sp.Symbol("mm", integer=True)
_SQY = I.Sd(sp.sqrt(_Yl))  # Σ_l √Y_l
_SQY_M = _SQY.xreplace({l: _MM})
_R3 = I.Sd(sp.sqrt(nu0 / (1 - beta2) + 3 * sigma ** 2 * T))
_LNE = sp.sqrt(1 - beta2) * _SQY_M / lam + sp.log(lam) - 1  # ≥ ln(E Σ_l √(1−β₂)√Y_l)
_LSUM = (r"\sum_{l=1}^d\mathbb{E}\sqrt{Y_l}\le\sum_{l=1}^d\sqrt{\frac{\nu_{0,l}}{1-\beta_2}+3\sigma^2"
         r"T}+D_1+D_2\ln\left(\mathbb{E}\sum_{l=1}^d\sqrt{1-\beta_2}\sqrt{Y_l}\right)")
_K4 = 4 * _K  # 2√(1−β₂)·2/((1−β₁)η)·C₁ ≤ 4X/(a√b(1−c)³) per coordinate
D1_SUM_C = 4 * sp.sqrt(b) / (a * (1 - c)) * I.F1 + d * _K4 * (-sp.log(nu0) + _MINUS_T_LN_B2)
D2_SUM_C = 2 * d * _K4
_SUM_REASON = ("the step 'due to Eq. (11)' bounds 2√(1−β₂)Σ_tΣ_l|G|²/√ν̃ 1 by Stage I: "
               "2√(b/T)·2/((1−β₁)η)·C₁ ≤ 4X/(a√b(1−c)³) (X as in eq-11@corrected), with "
               "−T ln(1 − b/T) (≥ b) for −T ln β₂; ln ν_T = 2 ln √ν_T doubles the whole "
               "coefficient (D₂ = 2d·4X/(a√b(1−c)³)); printed D₁, D₂ carry 2/(ab√b), b and "
               "double only the last term")
THEOREM_2_SUM_L = statement(
    "adam_complexity/theorem-2-sum-l", expected="violated", kind="claim", number="2-sum-l", section="Appendix D",
    family="log-sum", title="The sum over l: an implicit bound on E sum_l sqrt(Y_l)",
    latex=_LSUM, lhs=_SQY, rhs=_R3 + D1 + D2 * _LNE,
    source="Appendix D (l.432), outer inequality; the last line's '+ 3σ²T + D₁' read with D₁ "
           "outside the root", notes=_LNOTE, **_INST_L)
THEOREM_2_SUM_L_ROOT = statement(
    "adam_complexity/theorem-2-sum-l-root-reading", kind="claim", expected="violated",
    number="2-sum-l (D₁ inside the root)", section="Appendix D", family="log-sum",
    title="The sum over l with D1 read inside the root (literal OCR)",
    latex=_LSUM.replace(r"3\sigma^2T}+D_1", r"3\sigma^2T+D_1}"), lhs=_SQY,
    rhs=I.Sd(sp.sqrt(nu0 / (1 - beta2) + 3 * sigma ** 2 * T + D1.xreplace({l: _MM}))) + D2 * _LNE,
    hypotheses=I.T2_HYPS + (I.LAM_HYP, Hypothesis(
        sp.GreaterThan(nu0 / (1 - beta2) + 3 * sigma ** 2 * T + D1, 0), silent=True,
        note="the literal reading is real: the root's argument ν₀/(1−β₂) + 3σ²T + D₁ ≥ 0")),
    source="Appendix D (l.432), last line read literally: Σ_l√(ν₀/(1−β₂) + 3σ²T + D₁)",
    notes=_LNOTE, **{k_: v_ for k_, v_ in _INST_L.items() if k_ != "hypotheses"})
THEOREM_2_SUM_L_CORRECTED = statement(
    "adam_complexity/theorem-2-sum-l", kind="claim", number="2-sum-l", section="Appendix D",
    family="log-sum", title="The sum over l with the constants Stage I gives",
    latex=_LSUM.replace("D_1", "D_1''").replace("D_2", "D_2''"), variant="corrected",
    reason=_SUM_REASON, lhs=_SQY, rhs=_R3 + D1_SUM_C + D2_SUM_C * _LNE,
    source="Appendix D (l.432) with D₁'' = 4√b/(a(1−c))f(w₁) + 4dX/(a√b(1−c)³)(−ln ν₀ − "
           "T ln(1 − b/T)), D₂'' = 8dX/(a√b(1−c)³)", notes=_LNOTE, **_INST_L)

_R0 = I.Sd(sp.sqrt(nu0 + 3 * b * sigma ** 2))
_SOLVE_P = (2 * sp.sqrt(1 - beta2) * D1 + 4 * sp.sqrt(1 - beta2) * D2
            * sp.log(1 + sp.sqrt(1 - beta2) * D2) + _R0)
_BC = sp.sqrt(1 - beta2) * D2_SUM_C
_SOLVE_C = 2 * (_R0 + sp.sqrt(1 - beta2) * D1_SUM_C) + 2 * _BC * sp.log(_BC)
_LSOLVE = (r"\sqrt{1-\beta_2}\sum_{l=1}^d\mathbb{E}\sqrt{Y_l}\le2\sqrt{1-\beta_2}D_1+4\sqrt{1-\beta_2}"
           r"D_2\ln(1+\sqrt{1-\beta_2}D_2)+\sum_{l=1}^d\sqrt{\nu_{0,l}+3b\sigma^2}")
_SOLVE_REASON = ("x ≤ A + B ln x (A = Σ_l√(ν₀ + 3bσ²) + √(1−β₂)D₁'', B = √(1−β₂)D₂'') gives "
                 "x ≤ 2A + 2B ln B (ln x ≤ x/(2B) + ln 2B − 1); the printed bound does not "
                 "double Σ_l√(ν₀ + 3bσ²) (false for large ν₀: x ≈ A + B ln A), and the "
                 "constants are those of theorem-2-sum-l@corrected")
THEOREM_2_SOLVE = statement(
    "adam_complexity/theorem-2-solve", expected="violated", kind="claim", number="2-solve", section="Appendix D",
    family="log-sum", title="The implicit bound solved", latex=_LSOLVE,
    lhs=sp.sqrt(1 - beta2) * _SQY, rhs=_SOLVE_P,
    source="Appendix D (l.435)", notes=_NOTE, **_INST)
THEOREM_2_SOLVE_CORRECTED = statement(
    "adam_complexity/theorem-2-solve", kind="claim", number="2-solve", section="Appendix D",
    family="log-sum", title="The implicit bound solved with x <= 2A + 2B ln B",
    latex=r"\sqrt{1-\beta_2}\sum_{l=1}^d\mathbb{E}\sqrt{Y_l}\le2A+2B\ln B", variant="corrected",
    reason=_SOLVE_REASON, lhs=sp.sqrt(1 - beta2) * _SQY, rhs=_SOLVE_C,
    source="Appendix D (l.435) solved as derived", notes=_NOTE, **_INST)

_NT = sp.Sum(I.Sd(sp.sqrt(_NUT1(t))), (t, 1, T))
_G1 = sp.Sum(I.Sd(sp.Abs(I.G(t))), (t, 1, T))
_LNUT = (r"\sum_{t=1}^T\sum_{l=1}^d\mathbb{E}\sqrt{\tilde\nu_{t,l}^1}\le T\left(2\sqrt{1-\beta_2}D_1"
         r"+4\sqrt{1-\beta_2}D_2\ln(1+\sqrt{1-\beta_2}D_2)+\sum_{l=1}^d\sqrt{\nu_{0,l}+3b\sigma^2}"
         r"\right)+\sum_{t=1}^T\sqrt{1-\beta_2}\mathbb{E}\|\mathbf{G}_t\|_1")
THEOREM_2_NUTILDE = statement(
    "adam_complexity/theorem-2-nutilde", expected="violated", kind="claim", number="2-nutilde", section="Appendix D",
    family="log-sum", title="Sum of E sqrt(nutilde^1) through the solved bound", latex=_LNUT,
    lhs=_NT, rhs=T * _SOLVE_P + sp.sqrt(1 - beta2) * _G1,
    source="Appendix D (l.437), outer inequality, in expectation (its last step applies the "
           "expectation bound theorem-2-solve)", notes=_NOTE, **_INST)
THEOREM_2_NUTILDE_CORRECTED = statement(
    "adam_complexity/theorem-2-nutilde", kind="claim", number="2-nutilde", section="Appendix D",
    family="log-sum", title="Sum of E sqrt(nutilde^1) through the solved bound as derived",
    latex=_LNUT, variant="corrected", reason="the bound of theorem-2-solve@corrected (" +
    _SOLVE_REASON + ")", lhs=_NT, rhs=T * _SOLVE_C + sp.sqrt(1 - beta2) * _G1,
    source="Appendix D (l.437) with theorem-2-solve@corrected", notes=_NOTE, **_INST)

_LFIN = (r"\left(\mathbb{E}\sum_{t=1}^T\|\mathbf{G}_t\|_1\right)^2\le\left(T(\dots)+\sum_{t=1}^T"
         r"\sqrt{1-\beta_2}\mathbb{E}\|\mathbf{G}_t\|_1\right)\times\frac{2\sqrt T}{\sqrt b}\left("
         r"D_1+\frac{D_2}{d}\sum_{l=1}^d\mathbb{E}\ln\nu_{T,l}\right)")


def _final_rhs(solve, d1, d2):
    return (lam * 2 * sp.sqrt(T) / sp.sqrt(b) * (d1 + d2 / d * _LNNU)
            + (T * solve + sp.sqrt(1 - beta2) * _G1) / lam) / 2


THEOREM_2_FINAL = statement(
    "adam_complexity/theorem-2-final", expected="violated", kind="claim", number="2-final", section="Appendix D",
    family="rate", title="The quadratic inequality in E sum ||G_t||_1 before solving",
    latex=_LFIN, lhs=_G1, rhs=_final_rhs(_SOLVE_P, D1, D2),
    source="Appendix D (l.436–438): Cauchy's inequality with (11) and the display 'Since'",
    notes=_LNOTE, **_INST_L)
THEOREM_2_FINAL_CORRECTED = statement(
    "adam_complexity/theorem-2-final", kind="claim", number="2-final", section="Appendix D",
    family="rate", title="The quadratic inequality with (11) and the solved bound as derived",
    latex=_LFIN, variant="corrected",
    reason="(11) as derived (eq-11@corrected) and the solved bound of "
           "theorem-2-solve@corrected", lhs=_G1, rhs=_final_rhs(_SOLVE_C, D1_C, D2_C),
    source="Appendix D (l.436–438) with the derived constants", notes=_LNOTE, **_INST_L)
