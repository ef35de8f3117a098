"""Corollary 3.4 (Section 3.1.2) = Corollary B.5 (Appendix B.2): the momentum's variance factor.

As printed (line 96-102; B.5 at line 510 under Assumptions B.1-B.4): "momentum masking
demonstrates enhanced stability compared to momentum gradients, with the following quantitative
characteristics:
  • The variance of parameter updates is reduced by a factor of (1−β)²/(1−β²) < 1, indicating a
    decrease in variance.
  • The off-diagonal terms in the update matrix are suppressed by a factor of
    ((1−β)²/(1−β²))², further decreasing ..."
with β ∈ (0, 1), 'typically 0.9 to 0.99'.  The proof's last paragraph carries the reduction over
to Adam's bias-corrected momentum m̂_t = m_t/(1−β₁^t).

Encoded here: the deterministic inequalities the claims reduce to (``alphaadam/corollary-3.4``,
``-b``, ``-ema``, ``-adam`` printed and corrected), with proof chains.  The variance claims
themselves, in expectation, are in :mod:`.corollary_3_4_var`.
"""
from __future__ import annotations

import sympy as sp
import torch

from ...proofs import Known
from ...registry import register
from ...statement import Hypothesis, ProofStep, Quantity, Statement
from ._common import PAPER, T, _FACTOR, _cor_sampler, _pick, beta, j, t

# =============================================================================================
# Corollary 3.4 (= Corollary B.5): the variance-reduction factor (1−β)²/(1−β²)
# =============================================================================================
_T_COR = {"smoke": (1, 2, 3, 10, 50), "default": (1, 2, 3, 5, 10, 50, 100),
          "deep": (1, 2, 3, 5, 10, 50, 100, 500)}


def _cor_sizes(gen: torch.Generator, preset: str) -> dict:
    return {"T": _pick(gen, _T_COR.get(preset, _T_COR["default"]))}


_COR_QUANT = (Quantity("beta", "scalar", "(0, 1)", "momentum coefficient β"),)
_COR_QUANT_T = _COR_QUANT + (Quantity("T", "size", ">= 1", "last step"),)
# β ∈ (0, 1) as two relations, so that proof steps can cite β > 0 (Known("hypothesis", ...))
_COR_HYP = (Hypothesis(sp.StrictGreaterThan(beta, 0),
                       note="Corollary 3.4 / B.5 and Assumption B.4: β ∈ (0, 1)"),
            Hypothesis(sp.StrictLessThan(beta, 1),
                       note="Corollary 3.4 / B.5 and Assumption B.4: β ∈ (0, 1)"))
_COR_NOTE = ("The corollary's claims are about variances under the i.i.d. gradients of "
             "Assumption B.3 (Var(Δθ) = η²σ²/v_t times Σ_s w_s² for the weights w_s of g_{t−s} in "
             "the update); encoded here is the deterministic inequality the claim reduces to "
             "(the variances themselves, in expectation: corollary-3.4-var, -var-lt1, -offdiag, "
             "-adam-var).")

COROLLARY_3_4 = register(Statement(
    id="alphaadam/corollary-3.4",
    paper=PAPER,
    kind="corollary",
    number="3.4",
    title="Momentum reduces the update variance by the factor (1−β)²/(1−β²) < 1",
    section="3.1.2 (proof: Appendix B.2, Corollary B.5)",
    family="variance-ratio",
    latex=(r"\frac{\mathrm{Var}(\Delta\theta_{ki})_{\text{momentum}}}{\mathrm{Var}"
           r"(\Delta\theta_{ki})_{\text{grad}}}=\frac{(1-\beta)^2}{1-\beta^2}<1,"
           r"\quad\beta\in(0,1)"),
    quantities=_COR_QUANT,
    hypotheses=_COR_HYP,
    lhs=_FACTOR,
    rhs=sp.Integer(1),
    sampler=_cor_sampler,
    sizes=lambda gen, preset: {},
    source="Corollary 3.4 (Section 3.1.2), first bullet; restated and proved as Corollary B.5 "
           "(Appendix B.2)",
    supremum_ratio=1.0,
    notes=_COR_NOTE + " First bullet: the steady-state factor (1−β)²/(1−β²) (the proof's "
                      "infinite sum Σ_j β^{2j} = 1/(1−β²)) is < 1; the checker verifies ≤ 1 "
                      "(the ratio (1−β)/(1+β) tends to 1 only as β → 0).",
))

COROLLARY_3_4_B = register(Statement(
    id="alphaadam/corollary-3.4-b",
    paper=PAPER,
    kind="corollary",
    number="3.4",
    title="Off-diagonal terms are suppressed by ((1−β)²/(1−β²))², further than the variance",
    section="3.1.2 (proof: Appendix B.2, Corollary B.5)",
    family="variance-ratio",
    latex=(r"\left(\frac{(1-\beta)^2}{1-\beta^2}\right)^2\le\frac{(1-\beta)^2}{1-\beta^2}"
           r"\quad(\text{'further decreasing'})"),
    quantities=_COR_QUANT,
    hypotheses=_COR_HYP,
    lhs=_FACTOR ** 2,
    rhs=_FACTOR,
    sampler=_cor_sampler,
    sizes=lambda gen, preset: {},
    source="Corollary 3.4 (Section 3.1.2), second bullet; Corollary B.5 (Appendix B.2)",
    supremum_ratio=1.0,
    notes=_COR_NOTE + " Second bullet: the off-diagonal factor, the square of the variance "
                      "factor, suppresses 'further', i.e. is at most the variance factor.",
))

_W_EMA = (1 - beta) * beta ** j            # weight of g_{t−j} in m_t (m₀ = 0), j = 0..t−1

COROLLARY_3_4_EMA = register(Statement(
    id="alphaadam/corollary-3.4-ema",
    paper=PAPER,
    kind="corollary",
    number="3.4",
    title="Variance factor of the momentum m_t run from m₀ = 0 for t steps",
    section="3.1.2 (proof: Appendix B.2, Corollary B.5)",
    family="variance-ratio",
    latex=(r"\sum_{j=0}^{t-1}\left((1-\beta)\beta^j\right)^2\le\frac{(1-\beta)^2}{1-\beta^2}"
           r"\quad(t=1..T)"),
    quantities=_COR_QUANT_T,
    hypotheses=_COR_HYP,
    lhs=sp.Sum(_W_EMA ** 2, (j, 0, t - 1)),
    rhs=_FACTOR,
    forall=((t, 1, T),),
    sampler=_cor_sampler,
    sizes=_cor_sizes,
    source="Corollary 3.4 / B.5, first bullet, for the recurrence of Assumption B.4 run t steps",
    supremum_ratio=1.0,
    notes=_COR_NOTE + " Reading: 'reduced by a factor' for the momentum m_t = βm_{t−1} + "
                      "(1−β)g_t (Assumption B.4) actually run from m₀ = 0, whose weights are "
                      "(1−β)β^j, j < t (the proof's infinite sum is the t → ∞ limit).",
))

_W_ADAM = (1 - beta) * beta ** j / (1 - beta ** t)  # weight of g_{t−j} in m̂_t = m_t/(1−β^t)

COROLLARY_3_4_ADAM = register(Statement(
    id="alphaadam/corollary-3.4-adam",
    paper=PAPER,
    kind="corollary",
    number="3.4",
    title="Variance factor of Adam's bias-corrected momentum m̂_t = m_t/(1−β^t)",
    section="Appendix B.2 (end of the proof of Corollary B.5)",
    family="variance-ratio",
    latex=(r"\sum_{j=0}^{t-1}\left(\frac{(1-\beta)\beta^j}{1-\beta^t}\right)^2\le"
           r"\frac{(1-\beta)^2}{1-\beta^2}\quad(t=1..T)"),
    quantities=_COR_QUANT_T,
    hypotheses=_COR_HYP,
    lhs=sp.Sum(_W_ADAM ** 2, (j, 0, t - 1)),
    rhs=_FACTOR,
    forall=((t, 1, T),),
    sampler=_cor_sampler,
    sizes=_cor_sizes,
    expected="violated",
    source="Proof of Corollary B.5 (Appendix B.2), last paragraph: the reduced variance 'holds "
           "for ... the Adam optimizer with momentum correction' m̂_t = m_t/(1−β₁^t)",
    notes=_COR_NOTE + " Reading: the proof's claim that the reduction carries over to Adam's "
                      "bias-corrected momentum. Its factor is Σ_j w_j² = (1−β)(1+β^t)/"
                      "((1+β)(1−β^t)) > (1−β)/(1+β) for every t (= 1 at t = 1: no reduction at "
                      "all), so the claim is violated for every β and t.",
))

COROLLARY_3_4_ADAM_CORRECTED = register(Statement(
    id="alphaadam/corollary-3.4-adam",
    variant="corrected",
    reason="with bias correction the weights (1−β)β^j/(1−β^t) sum to 1, so the variance factor "
           "at step t is (1−β)²/(1−β²)·(1+β^t)/(1−β^t), reaching (1−β)²/(1−β²) only as t → ∞",
    paper=PAPER,
    kind="corollary",
    number="3.4",
    title="Variance factor of Adam's bias-corrected momentum, with the finite-t correction",
    section="Appendix B.2 (end of the proof of Corollary B.5)",
    family="variance-ratio",
    latex=(r"\sum_{j=0}^{t-1}\left(\frac{(1-\beta)\beta^j}{1-\beta^t}\right)^2\le"
           r"\frac{(1-\beta)^2}{1-\beta^2}\cdot\frac{1+\beta^t}{1-\beta^t}"),
    quantities=_COR_QUANT_T,
    hypotheses=_COR_HYP,
    lhs=sp.Sum(_W_ADAM ** 2, (j, 0, t - 1)),
    rhs=_FACTOR * (1 + beta ** t) / (1 - beta ** t),
    forall=((t, 1, T),),
    sampler=_cor_sampler,
    sizes=_cor_sizes,
    source="Proof of Corollary B.5 (Appendix B.2), last paragraph",
    supremum_ratio=1.0,
    notes=_COR_NOTE + " The corrected factor is attained with equality (ratio 1 on every input).",
))


# proof steps: the finite geometric sums, by telescoping F(j) = −X β^{2(j+1)} (X = the factor):
# F(j) − F(j−1) = X β^{2j}(1 − β²) = ((1−β)β^j)²
_GEO = _FACTOR * (1 - beta ** (2 * t))          # Σ_{j<t} ((1−β)β^j)² = X(1 − β^{2t})
COROLLARY_3_4_EMA.proof = (
    ProofStep(COROLLARY_3_4_EMA.lhs, _GEO, "=", "finite geometric sum (telescoping)",
              via=Known("telescoping", F=-_FACTOR * beta ** (2 * (j + 1)), index=j)),
    ProofStep(_GEO, _FACTOR, "<=", "X β^{2t} = (X β^{2t−1})·β ≥ 0: the hypothesis β > 0, "
                                   "scale X β^{2t−1} ≥ 0 for β ∈ (0, 1)",
              via=Known("hypothesis", expr=beta), scale=_FACTOR * beta ** (2 * t - 1)),
)
# the first two bullets as printed, pathwise: 1 − X = 2β/(1+β), X − X² = X·2β/(1+β)
COROLLARY_3_4.proof = (
    ProofStep(_FACTOR, sp.Integer(1), "<=", "1 − X = (2/(1+β))·β ≥ 0: the hypothesis β > 0",
              via=Known("hypothesis", expr=beta), scale=2 / (1 + beta)),
)
COROLLARY_3_4_B.proof = (
    ProofStep(_FACTOR ** 2, _FACTOR, "<=", "X − X² = (2X/(1+β))·β ≥ 0: the hypothesis β > 0, "
                                           "X ≥ 0 for β ∈ (0, 1)",
              via=Known("hypothesis", expr=beta), scale=2 * _FACTOR / (1 + beta)),
)
_ADAM_PROOF = (
    ProofStep(COROLLARY_3_4_ADAM.lhs, _GEO / (1 - beta ** t) ** 2, "=",
              "finite geometric sum (telescoping)",
              via=Known("telescoping", F=-_FACTOR * beta ** (2 * (j + 1)) / (1 - beta ** t) ** 2,
                        index=j)),
    ProofStep(_GEO / (1 - beta ** t) ** 2, _FACTOR * (1 + beta ** t) / (1 - beta ** t), "=",
              "1 − β^{2t} = (1 − β^t)(1 + β^t)"),
)
COROLLARY_3_4_ADAM_CORRECTED.proof = _ADAM_PROOF
# the printed variant: the same exact value; its last link, X(1+β^t)/(1−β^t) <= X (the proof's
# 'the original momentum properties hold'), is false and is what the statement itself attacks
# (left out of the chain: SymPy spends half a minute failing to decide it)
COROLLARY_3_4_ADAM.proof = _ADAM_PROOF
