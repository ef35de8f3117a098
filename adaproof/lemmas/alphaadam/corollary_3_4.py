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
``-b``, ``-ema``, ``-adam`` printed and corrected), with proof chains; no hand-written sampler
(the derived attack draws β from its domain, measured as good: docs/hand-samplers.md).  The
variance claims themselves, in expectation, are in :mod:`.corollary_3_4_var`.
"""
from __future__ import annotations

import sympy as sp

from ...declare import declared, index, scalar, size, statement
from ...proofs import Known
from ...statement import Hypothesis, ProofStep
from ._common import _FACTOR

beta = scalar("beta", "(0, 1)", "momentum coefficient β")
T = size("T", ">= 1", "last step")
t, j = index("t"), index("j")
# the quantities in this order whatever other modules declared first
_Q = (declared()["beta"],)
_QT = _Q + (declared()["T"],)

# X = (1−β)²/(1−β²), the factor of both bullets
X = _FACTOR
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

_COMMON = dict(kind="corollary", number="3.4", family="variance-ratio", hypotheses=_COR_HYP,
               quantities=_Q)
_COMMON_T = dict(_COMMON, quantities=_QT, forall=((t, 1, T),))
_SECTION = "3.1.2 (proof: Appendix B.2, Corollary B.5)"

# ---- the first two bullets as printed, pathwise -------------------------------------------
COROLLARY_3_4 = statement(
    "alphaadam/corollary-3.4", **_COMMON, section=_SECTION,
    title="Momentum reduces the update variance by the factor (1−β)²/(1−β²) < 1",
    latex=(r"\frac{\mathrm{Var}(\Delta\theta_{ki})_{\text{momentum}}}{\mathrm{Var}"
           r"(\Delta\theta_{ki})_{\text{grad}}}=\frac{(1-\beta)^2}{1-\beta^2}<1,"
           r"\quad\beta\in(0,1)"),
    lhs=X,
    rhs=sp.Integer(1),
    strict=True,  # printed "< 1": equality would be a violation (adaproof.conclusions)
    # 1 − X = 2β/(1+β)
    proof=(ProofStep(X, sp.Integer(1), "<=", "1 − X = (2/(1+β))·β ≥ 0: the hypothesis β > 0",
                     via=Known("hypothesis", expr=beta), scale=2 / (1 + beta)),),
    source="Corollary 3.4 (Section 3.1.2), first bullet; restated and proved as Corollary B.5 "
           "(Appendix B.2)",
    supremum=1.0,
    notes=_COR_NOTE + " First bullet: the steady-state factor (1−β)²/(1−β²) (the proof's "
                      "infinite sum Σ_j β^{2j} = 1/(1−β²)) is < 1, checked strictly (equality is "
                      "a violation); the ratio (1−β)/(1+β) tends to 1 only as β → 0, excluded.",
)

COROLLARY_3_4_B = statement(
    "alphaadam/corollary-3.4-b", **_COMMON, section=_SECTION,
    title="Off-diagonal terms are suppressed by ((1−β)²/(1−β²))², further than the variance",
    latex=(r"\left(\frac{(1-\beta)^2}{1-\beta^2}\right)^2\le\frac{(1-\beta)^2}{1-\beta^2}"
           r"\quad(\text{'further decreasing'})"),
    lhs=X ** 2,
    rhs=X,
    # X − X² = X·2β/(1+β)
    proof=(ProofStep(X ** 2, X, "<=", "X − X² = (2X/(1+β))·β ≥ 0: the hypothesis β > 0, "
                                      "X ≥ 0 for β ∈ (0, 1)",
                     via=Known("hypothesis", expr=beta), scale=2 * X / (1 + beta)),),
    source="Corollary 3.4 (Section 3.1.2), second bullet; Corollary B.5 (Appendix B.2)",
    supremum=1.0,
    notes=_COR_NOTE + " Second bullet: the off-diagonal factor, the square of the variance "
                      "factor, suppresses 'further', i.e. is at most the variance factor.",
)

# ---- the momentum actually run t steps from m₀ = 0 -----------------------------------------
_W_EMA = (1 - beta) * beta ** j            # weight of g_{t−j} in m_t (m₀ = 0), j = 0..t−1
# the finite geometric sums, by telescoping F(j) = −X β^{2(j+1)}:
# F(j) − F(j−1) = X β^{2j}(1 − β²) = ((1−β)β^j)²
_GEO = X * (1 - beta ** (2 * t))          # Σ_{j<t} ((1−β)β^j)² = X(1 − β^{2t})

COROLLARY_3_4_EMA = statement(
    "alphaadam/corollary-3.4-ema", **_COMMON_T, section=_SECTION,
    title="Variance factor of the momentum m_t run from m₀ = 0 for t steps",
    latex=(r"\sum_{j=0}^{t-1}\left((1-\beta)\beta^j\right)^2\le\frac{(1-\beta)^2}{1-\beta^2}"
           r"\quad(t=1..T)"),
    lhs=sp.Sum(_W_EMA ** 2, (j, 0, t - 1)),
    rhs=X,
    proof=(
        ProofStep(sp.Sum(_W_EMA ** 2, (j, 0, t - 1)), _GEO, "=",
                  "finite geometric sum (telescoping)",
                  via=Known("telescoping", F=-X * beta ** (2 * (j + 1)), index=j)),
        ProofStep(_GEO, X, "<=", "X β^{2t} = (X β^{2t−1})·β ≥ 0: the hypothesis β > 0, "
                                 "scale X β^{2t−1} ≥ 0 for β ∈ (0, 1)",
                  via=Known("hypothesis", expr=beta), scale=X * beta ** (2 * t - 1)),
    ),
    source="Corollary 3.4 / B.5, first bullet, for the recurrence of Assumption B.4 run t steps",
    supremum=1.0,
    notes=_COR_NOTE + " Reading: 'reduced by a factor' for the momentum m_t = βm_{t−1} + "
                      "(1−β)g_t (Assumption B.4) actually run from m₀ = 0, whose weights are "
                      "(1−β)β^j, j < t (the proof's infinite sum is the t → ∞ limit).",
)

# ---- Adam's bias-corrected momentum (the proof's last paragraph) --------------------------
_W_ADAM = (1 - beta) * beta ** j / (1 - beta ** t)  # weight of g_{t−j} in m̂_t = m_t/(1−β^t)
_ADAM_PROOF = (
    ProofStep(sp.Sum(_W_ADAM ** 2, (j, 0, t - 1)), _GEO / (1 - beta ** t) ** 2, "=",
              "finite geometric sum (telescoping)",
              via=Known("telescoping", F=-X * beta ** (2 * (j + 1)) / (1 - beta ** t) ** 2,
                        index=j)),
    ProofStep(_GEO / (1 - beta ** t) ** 2, X * (1 + beta ** t) / (1 - beta ** t), "=",
              "1 − β^{2t} = (1 − β^t)(1 + β^t)"),
)
_ADAM_SECTION = "Appendix B.2 (end of the proof of Corollary B.5)"

# the printed variant has the same exact value; its last link, X(1+β^t)/(1−β^t) <= X (the
# proof's 'the original momentum properties hold'), is false and is what the statement itself
# attacks (left out of the chain: SymPy spends half a minute failing to decide it)
COROLLARY_3_4_ADAM = statement(
    "alphaadam/corollary-3.4-adam", **_COMMON_T, section=_ADAM_SECTION,
    title="Variance factor of Adam's bias-corrected momentum m̂_t = m_t/(1−β^t)",
    latex=(r"\sum_{j=0}^{t-1}\left(\frac{(1-\beta)\beta^j}{1-\beta^t}\right)^2\le"
           r"\frac{(1-\beta)^2}{1-\beta^2}\quad(t=1..T)"),
    lhs=sp.Sum(_W_ADAM ** 2, (j, 0, t - 1)),
    rhs=X,
    proof=_ADAM_PROOF,
    expected="violated",
    source="Proof of Corollary B.5 (Appendix B.2), last paragraph: the reduced variance 'holds "
           "for ... the Adam optimizer with momentum correction' m̂_t = m_t/(1−β₁^t)",
    notes=_COR_NOTE + " Reading: the proof's claim that the reduction carries over to Adam's "
                      "bias-corrected momentum. Its factor is Σ_j w_j² = (1−β)(1+β^t)/"
                      "((1+β)(1−β^t)) > (1−β)/(1+β) for every t (= 1 at t = 1: no reduction at "
                      "all), so the claim is violated for every β and t.",
)

COROLLARY_3_4_ADAM_CORRECTED = statement(
    "alphaadam/corollary-3.4-adam", **_COMMON_T, section=_ADAM_SECTION,
    variant="corrected",
    reason="with bias correction the weights (1−β)β^j/(1−β^t) sum to 1, so the variance factor "
           "at step t is (1−β)²/(1−β²)·(1+β^t)/(1−β^t), reaching (1−β)²/(1−β²) only as t → ∞",
    title="Variance factor of Adam's bias-corrected momentum, with the finite-t correction",
    latex=(r"\sum_{j=0}^{t-1}\left(\frac{(1-\beta)\beta^j}{1-\beta^t}\right)^2\le"
           r"\frac{(1-\beta)^2}{1-\beta^2}\cdot\frac{1+\beta^t}{1-\beta^t}"),
    lhs=sp.Sum(_W_ADAM ** 2, (j, 0, t - 1)),
    rhs=X * (1 + beta ** t) / (1 - beta ** t),
    proof=_ADAM_PROOF,
    source="Proof of Corollary B.5 (Appendix B.2), last paragraph",
    supremum=1.0,
    notes=_COR_NOTE + " The corrected factor is attained with equality (ratio 1 on every input).",
)
