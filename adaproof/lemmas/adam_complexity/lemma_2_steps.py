"""The inequalities in the proof of Lemma 2 (Appendix C.1) not yet encoded elsewhere.

On one coordinate's numbers (derived inputs): the first display's first inequality
(``lemma-2-split``), its third (``lemma-2-jensen``) and fourth (``lemma-2-concave``, concavity of
x/√(x + a)) over a finite conditional law of g_{t,l} given F_t (atoms y_k, weights p_k, exact
sums: the conditional expectation, not samples), and the per-step increment bound of the second
display (``lemma-2-increment``).  On whole runs in expectation (:mod:`._instance`): (8), the
ν̄-chain (``lemma-2-nubar``: ν̄ ≤ ν and the telescoped bound; printed and with β₂), the sum of the
two estimates (``lemma-2-sum``) and the display "Leveraging Eq. (4)" (``lemma-2-log``).

Readings: ν̄'s recursion prints ν̄_t = ν̄_{t−1} + |g_t|²1_{|G_t|<σ} (no β₂), under which neither
ν̄ ≤ ν nor the telescoping holds; the corrected variants read ν̄_t = β₂ν̄_{t−1} +
(1 − β₂)|g_t|²1_{|G_t|<σ}.  The fourth display's last "=" is read "≤" (it uses (8)).

Source: paper 003 (adam_complexity), proof of Lemma 2 (text lines 395–405).
"""
from __future__ import annotations

import sympy as sp

from ...declare import declared, scalar, statement
from ...statement import Hypothesis
from . import _instance as I
from ._common import PAPER, k
from .eq_4 import C1_AS_PRINTED, C1_DERIVED
from .lemma_2 import _EG2, _L2_HYPS, _MEAN, _PSUM, _VAR, p, y  # noqa: F401

# -- on one coordinate's numbers -----------------------------------------------------------------
Gv = scalar("G", "R", "G_{t,l}")
sig = scalar("sigma", ">= 0", "noise level σ of Assumption 2")
nut = scalar("nut", "> 0", "ν̃¹_{t,l}")
b2 = scalar("beta2", "(0, 1)", "β₂")
nup = scalar("nu_prev", "> 0", "ν_{t−1,l}")
gv = scalar("g", "R", "g_{t,l}")
_Q = lambda *names: tuple(declared()[n_] for n_ in names)  # noqa: E731

LEMMA_2_SPLIT = statement(
    "adam_complexity/lemma-2-split", kind="claim", number="2-split",
    section="Appendix C.1, proof of Lemma 2, first display", family="variance-ratio",
    title="|G|^2 >= 2/3|G|^2 + 1/3 sigma^2 when |G| >= sigma (over sqrt(nutilde^1))",
    quantities=_Q("G", "sigma", "nut"),
    hypotheses=[sig >= 0, nut > 0, sp.Abs(Gv) >= sig],
    lhs=(sp.Rational(2, 3) * Gv ** 2 + sig ** 2 / 3) / sp.sqrt(nut), rhs=Gv ** 2 / sp.sqrt(nut),
    source="Proof of Lemma 2 (l.396), first display, first inequality (indicator 1 under "
           "|G| ≥ σ)", supremum=1.0)

_C = (1 - b2) * sig ** 2
LEMMA_2_INCREMENT = statement(
    "adam_complexity/lemma-2-increment", kind="claim", number="2-increment",
    section="Appendix C.1, proof of Lemma 2, second display", family="variance-ratio",
    title="Per-step increment of sqrt(nu + c) against (g^2 + c)/(3 sqrt(nu_t + c))",
    quantities=_Q("beta2", "sigma", "nu_prev", "g"),
    hypotheses=[sp.And(b2 > 0, b2 < 1), sig >= 0, nup > 0],
    lhs=(sp.sqrt(b2 * nup + (1 - b2) * gv ** 2 + _C) - sp.sqrt(b2 * (nup + _C))) / (3 * (1 - b2)),
    rhs=(gv ** 2 / 3 + _C / 3) / sp.sqrt(b2 * nup + (1 - b2) * gv ** 2 + _C),
    source="Proof of Lemma 2 (l.397), second display, second inequality (ν_t = β₂ν_{t−1} + "
           "(1 − β₂)g_t²)", supremum=1.0)

# over the finite conditional law (the names of lemma_2's declarations: K, p, y, sigma, beta2,
# nu_prev)
_LAW_QS = _Q("K", "p", "y", "sigma", "beta2", "nu_prev")
_CL = (1 - b2) * sig ** 2
_NUM = _EG2 / 3 + _CL / 3
_NUT1_LAW = b2 * nup + (1 - b2) * sp.Abs(_MEAN) ** 2 + _CL
_DEN_E = sp.sqrt(b2 * nup + (1 - b2) * _EG2 + _CL)
_LAW_HYPS = _L2_HYPS + (Hypothesis(sp.And(b2 > 0, b2 < 1)), Hypothesis(nup > 0))
_LAW_NOTE = ("An exact expectation over a finite conditional law of g_{t,l} given F_t (atoms "
             "y_k, weights p_k); G_{t,l} is its mean; the case |G_{t,l}| ≥ σ of the proof.")

LEMMA_2_JENSEN = statement(
    "adam_complexity/lemma-2-jensen", kind="claim", number="2-jensen",
    section="Appendix C.1, proof of Lemma 2, first display", family="variance-ratio",
    title="nutilde^1 <= beta2 nu + (1-beta2) E|g|^2 + (1-beta2) sigma^2 in the denominator",
    quantities=_LAW_QS, hypotheses=_LAW_HYPS,
    lhs=_NUM / _DEN_E, rhs=_NUM / sp.sqrt(_NUT1_LAW),
    source="Proof of Lemma 2 (l.396), first display, third inequality (|G|² ≤ E|g|²)",
    supremum=1.0, notes=_LAW_NOTE)

_EACH = sp.Sum(p[k] * (y[k] ** 2 / 3 + _CL / 3)
               / sp.sqrt(b2 * nup + (1 - b2) * y[k] ** 2 + _CL), (k, 1, sp.Symbol("K", integer=True,
                                                                               positive=True)))
LEMMA_2_CONCAVE = statement(
    "adam_complexity/lemma-2-concave", kind="claim", number="2-concave",
    section="Appendix C.1, proof of Lemma 2, first display", family="variance-ratio",
    title="Concavity of x/sqrt(x + a): the quotient of expectations against the expectation",
    quantities=_LAW_QS, hypotheses=_LAW_HYPS,
    lhs=_EACH / _PSUM, rhs=_NUM / _DEN_E,
    source="Proof of Lemma 2 (l.396–397), first display, last inequality ('due to the "
           "concavity of x/√(x + a)')", supremum=1.0, notes=_LAW_NOTE)

# -- on whole runs, in expectation --------------------------------------------------------------
T, l, t, s, d = I.T, I.l, I.t, I.s, I.d
beta1, beta2, eta, sigma, nu0 = I.beta1, I.beta2, I.eta, I.sigma, I.nu0
_c = (1 - beta2) * sigma ** 2
_IND = lambda tt: sp.Piecewise((1, sp.StrictLessThan(sp.Abs(I.G(tt)), sigma)), (0, True))  # noqa: E731
_INDGE = lambda tt: sp.Piecewise((1, sp.GreaterThan(sp.Abs(I.G(tt)), sigma)), (0, True))  # noqa: E731
_INST = dict(paper=PAPER, quantities=I.T1_QS, hypotheses=I.T1_HYPS, sampler=I.t1_sampler,
             **I.T1_INSTANCE)
_Q1 = lambda tt: I.G(tt) ** 2 / sp.sqrt(I.nut1(tt))  # noqa: E731

EQ_8 = statement(
    "adam_complexity/eq-8", kind="eq", number="8", section="Appendix C.1, proof of Lemma 2",
    family="variance-ratio", title="(8): dropping the indicator 1_{|G| >= sigma}",
    lhs=sp.Sum(_Q1(t) * _INDGE(t), (t, 1, T)), rhs=sp.Sum(_Q1(t), (t, 1, T)),
    forall=((l, 1, d),), source="(8), proof of Lemma 2 (l.395)", supremum=1.0,
    notes=I.INSTANCE_NOTE, **_INST)


def _nubar(tt, with_beta2):
    """ν̄_{t,l} in closed form: printed ν₀ + Σ_{s≤t}|g_s|²1_{|G_s|<σ}; with β₂:
    β₂^tν₀ + (1 − β₂)Σ_{s≤t}β₂^{t−s}|g_s|²1_{|G_s|<σ}."""
    if with_beta2:
        return beta2 ** tt * (nu0 + (1 - beta2) * sp.Sum(I.g(s) ** 2 * _IND(s) / beta2 ** s,
                                                         (s, 1, tt)))
    return nu0 + sp.Sum(I.g(s) ** 2 * _IND(s), (s, 1, tt))


_NUBAR_REASON = ("ν̄'s recursion printed without β₂ (ν̄_t = ν̄_{t−1} + |g_t|²1) makes ν̄ grow "
                 "faster than ν; read ν̄_t = β₂ν̄_{t−1} + (1−β₂)|g_t|²1_{|G_t|<σ}, the only "
                 "reading under which ν̄ ≤ ν and the telescoping hold")
_NUBAR_LATEX = r"\bar\nu_{t,l}\le\nu_{t,l}"
LEMMA_2_NUBAR = statement(
    "adam_complexity/lemma-2-nubar", kind="claim", number="2-nubar",
    section="Appendix C.1, proof of Lemma 2 (and Section 4.2)", family="log-sum",
    title="nubar_{t,l} <= nu_{t,l} (nubar's recursion as printed, without beta2)",
    latex=_NUBAR_LATEX, lhs=_nubar(t, False), rhs=I.nu[t, l], forall=((t, 1, T), (l, 1, d)),
    expected="violated",
    source="Proof of Lemma 2 (l.398–399) and Section 4.2 (l.233–234): 'One can easily observe "
           "that ν̄_{t,l} ≤ ν_{t,l}', ν̄ as printed", notes=I.INSTANCE_NOTE, **_INST)
LEMMA_2_NUBAR_CORRECTED = statement(
    "adam_complexity/lemma-2-nubar", kind="claim", number="2-nubar",
    section="Appendix C.1, proof of Lemma 2 (and Section 4.2)", family="log-sum",
    title="nubar_{t,l} <= nu_{t,l} with nubar's recursion read with beta2",
    latex=_NUBAR_LATEX, lhs=_nubar(t, True), rhs=I.nu[t, l], forall=((t, 1, T), (l, 1, d)),
    variant="corrected", reason=_NUBAR_REASON,
    source="Proof of Lemma 2 (l.398–399), ν̄ read with β₂", notes=I.INSTANCE_NOTE, **_INST)


def _telescoped(with_beta2):
    return (sp.sqrt(_nubar(T, with_beta2) + _c)
            + (1 - sp.sqrt(beta2)) * sp.Sum(sp.sqrt(_nubar(t, with_beta2) + _c), (t, 1, T - 1))
            - sp.sqrt(beta2 * (nu0 + _c)))


_INC = lambda tt: sp.sqrt(I.nu[tt, l] + _c) - sp.sqrt(beta2 * (I.nu[tt - 1, l] + _c))  # noqa: E731
_CHAIN_LATEX = (r"\sum_{t=1}^T\mathbb{E}\left(\sqrt{\nu_{t,l}+c}-\sqrt{\beta_2(\nu_{t-1,l}+c)}"
                r"\right)\mathbf{1}_{|\mathbf{G}_{t,l}|<\sigma}\le\mathbb{E}\sqrt{\bar\nu_{T,l}+c}+"
                r"(1-\sqrt{\beta_2})\sum_{t=1}^{T-1}\mathbb{E}\sqrt{\bar\nu_{t,l}+c}-\mathbb{E}"
                r"\sqrt{\beta_2(\bar\nu_{0,l}+c)},\ c=(1-\beta_2)\sigma^2")
LEMMA_2_NUBAR_CHAIN = statement(
    "adam_complexity/lemma-2-nubar-chain", kind="claim", number="2-nubar-chain",
    section="Appendix C.1, proof of Lemma 2, third display", family="log-sum",
    title="The small-gradient increments against the telescoped nubar sum (nubar as printed)",
    latex=_CHAIN_LATEX, lhs=sp.Sum(_INC(t) * _IND(t), (t, 1, T)), rhs=_telescoped(False),
    forall=((l, 1, d),),
    source="Proof of Lemma 2 (l.399), third display, outer inequality, ν̄ as printed (its "
           "middle steps ν̄ ≤ ν and the telescoping '=' fail under this reading, see "
           "lemma-2-nubar; the outer inequality is checked as printed)",
    notes=I.INSTANCE_NOTE, **_INST)
LEMMA_2_NUBAR_CHAIN_BETA2 = statement(
    "adam_complexity/lemma-2-nubar-chain-beta2", kind="claim", number="2-nubar-chain (β₂ reading)",
    section="Appendix C.1, proof of Lemma 2, third display", family="log-sum",
    title="The small-gradient increments against the telescoped nubar sum (nubar with beta2)",
    latex=_CHAIN_LATEX, lhs=sp.Sum(_INC(t) * _IND(t), (t, 1, T)), rhs=_telescoped(True),
    forall=((l, 1, d),),
    source="Proof of Lemma 2 (l.399), third display, ν̄ read with β₂ (the reading under which "
           "every step of the chain holds)", notes=I.INSTANCE_NOTE, **_INST)

LEMMA_2_SUM = statement(
    "adam_complexity/lemma-2-sum", kind="claim", number="2-sum",
    section="Appendix C.1, proof of Lemma 2, fourth display", family="log-sum",
    title="The two estimates summed (nubar with beta2)",
    latex=(r"\mathbb{E}\sqrt{\nu_{T,l}+c}+(1-\sqrt{\beta_2})\sum_{t=1}^{T-1}\mathbb{E}\sqrt{\nu_{t,"
           r"l}+c}-\mathbb{E}\sqrt{\beta_2(\nu_{0,l}+c)}\le3(1-\beta_2)\sum_{t=1}^T\mathbb{E}\left["
           r"\frac{|\mathbf{G}_{t,l}|^2}{\sqrt{\tilde\nu_{t,l}^1}}\right]+\mathbb{E}\sqrt{\bar\nu_"
           r"{T,l}+c}+(1-\sqrt{\beta_2})\sum_{t=1}^{T-1}\mathbb{E}\sqrt{\bar\nu_{t,l}+c}-\mathbb{E}"
           r"\sqrt{\beta_2(\bar\nu_{0,l}+c)}"),
    lhs=sp.sqrt(I.nu[T, l] + _c) + (1 - sp.sqrt(beta2))
    * sp.Sum(sp.sqrt(I.nu[t, l] + _c), (t, 1, T - 1)) - sp.sqrt(beta2 * (nu0 + _c)),
    rhs=3 * (1 - beta2) * sp.Sum(_Q1(t), (t, 1, T)) + _telescoped(True),
    forall=((l, 1, d),),
    source="Proof of Lemma 2 (l.400), fourth display, outer inequality; its last '=' read '≤' "
           "(it drops the indicator by (8)); ν̄ read with β₂ (see lemma-2-nubar)",
    notes=I.INSTANCE_NOTE, **_INST)
