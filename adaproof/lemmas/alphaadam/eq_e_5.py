"""The two sum bounds of the last step of the proof of Theorem E.5 (= Theorem 3.8, Appendix E.2).

As printed (line 956): "Because of Σ_{t=t₀}^T 1/t ≤ ∫_{t₀}^{T+1} (1/x) dx = log((T+1)/t₀) and
Σ_{t=t₀}^T 1/√t ≥ 2(√T − √(t₀−1)), ..."; the theorem's bound then reads
‖∇L_t‖_φ ≤ (√10/2)(log((T+1)/t₀)(M₁+M₂) + L(θ_{t₀}) − L(θ_{T+1}))/(√T − √(t₀−1)) (line 958).

Encoded: ``alphaadam/eq-E.5-a`` and ``alphaadam/eq-E.5-b``, both violated as printed (the
integral comparisons run the other way), each with its corrected variant (same order, so the
theorem's rate is unaffected; the theorem itself is ``adaproof.bounds.alphaadam``).
"""
from __future__ import annotations

import sympy as sp
import torch

from ...declare import declared, index, scalar, size, statement
from ...proofs import Known
from ...statement import Hypothesis, ProofStep
from ._common import _pick

c = scalar("c", "> 0", "the positive factor the proof multiplies the bound by "
                       "(c = 1: the bound as printed)")
T = size("T", ">= 2", "last step T")
t0 = size("t0", "[2, T]", "first step t₀ of the summed range")
t = index("t")
# the quantities in this order whatever other modules declared first
_QUANTITIES = tuple(declared()[name] for name in ("c", "T", "t0"))

_SUM_HYPS = (
    Hypothesis(sp.StrictGreaterThan(c, 0), note="c > 0 (M₁ + M₂ > 0, resp. the minimum of "
                                                "‖∇L_t‖_φ/√10, taken positive)"),
    Hypothesis(sp.GreaterThan(T, t0), note="the sums run from t₀ to T"),
    Hypothesis(sp.GreaterThan(t0, 2), silent=True,
               note="t₀ ≥ 2: the summed inequality comes from Lemma E.4, stated for t > 1 "
                    "(Theorem E.5 takes min over t ∈ (1, T])"),
)
_SUM_NOTE = ("An unnumbered inequality in the last step of the proof of Theorem E.5 "
             "(Appendix E.2). The evaluator needs one per-candidate input, so the bound is "
             "encoded as the proof applies it, multiplied by a positive factor c; its truth "
             "does not depend on c.")
_COMMON = dict(kind="eq", section="Appendix E.2", family="log-sum", quantities=_QUANTITIES,
               hypotheses=_SUM_HYPS,
               source="Proof of Theorem E.5 (Theorem 3.8), Appendix E.2, last step")
_NUMBER_A = "E.5 (proof, last step, first bound)"
_NUMBER_B = "E.5 (proof, last step, second bound)"

# The corrected bounds keep a hand-written size ladder (docs/hand-samplers.md): their supremum 1
# is approached as t₀ → ∞ with T = t₀ (or T = t₀ + 1), which this ladder draws a quarter of the
# time each up to T = 1000 (2000 deep).
_T_SUM = {"smoke": (2, 3, 4, 10, 50, 200), "default": (2, 3, 4, 5, 10, 50, 200, 1000),
          "deep": (2, 3, 4, 5, 10, 50, 200, 1000, 2000)}


def _sum_sizes(gen: torch.Generator, preset: str) -> dict:
    """T ≥ 2 and t₀ ∈ [2, T]: t₀ = 2, t₀ = T, t₀ = T − 1 or uniform."""
    Tn = _pick(gen, _T_SUM.get(preset, _T_SUM["default"]))
    mode = int(torch.randint(4, (1,), generator=gen))
    if mode == 0:
        s = 2
    elif mode == 1:
        s = Tn
    elif mode == 2:
        s = max(2, Tn - 1)
    else:
        s = int(torch.randint(2, Tn + 1, (1,), generator=gen))
    return {"T": Tn, "t0": s}


# ---- first bound: Σ 1/t ≤ log((T+1)/t₀) ---------------------------------------------------
EQ_E5_A = statement(
    "alphaadam/eq-E.5-a", **_COMMON, number=_NUMBER_A,
    title="Σ_{t=t₀}^T 1/t ≤ ∫_{t₀}^{T+1} dx/x = log((T+1)/t₀)",
    latex=r"\sum_{t=t_0}^T\frac1t\le\int_{t_0}^{T+1}\frac1x\,dx=\log\frac{T+1}{t_0}",
    lhs=c * sp.Sum(1 / t, (t, t0, T)),
    rhs=c * sp.log((T + 1) / t0),
    expected="violated",
    notes=_SUM_NOTE + " Violated for every T ≥ t₀: 1/t ≥ ∫_t^{t+1} dx/x, so the sum is "
                      "*larger* than ∫_{t₀}^{T+1} dx/x (e.g. t₀ = T = 2: 1/2 > log(3/2)).",
)

# proof: 1/t = 1 − (t−1)/t ≤ −ln((t−1)/t) = ln t − ln(t−1), summed and telescoped to
# ln T − ln(t₀−1)
_LOGSUM = c * sp.Sum(sp.log(t / (t - 1)), (t, t0, T))
EQ_E5_A_CORRECTED = statement(
    "alphaadam/eq-E.5-a", **_COMMON, number=_NUMBER_A,
    variant="corrected",
    reason="the integral comparison for the decreasing 1/x runs the other way: "
           "Σ_{t=t₀}^T 1/t ≤ ∫_{t₀−1}^{T} dx/x = log(T/(t₀−1)) (t₀ ≥ 2), not ∫_{t₀}^{T+1}",
    title="Σ_{t=t₀}^T 1/t ≤ log(T/(t₀−1))",
    latex=r"\sum_{t=t_0}^T\frac1t\le\int_{t_0-1}^{T}\frac1x\,dx=\log\frac{T}{t_0-1}",
    lhs=c * sp.Sum(1 / t, (t, t0, T)),
    rhs=c * sp.log(T / (t0 - 1)),
    proof=(
        ProofStep(c * sp.Sum(1 / t, (t, t0, T)), _LOGSUM, "<=",
                  "1 − x ≤ −ln x at x = (t−1)/t, times c > 0",
                  via=Known("one_minus_x_le_neg_log", x=(t - 1) / t), scale=c),
        ProofStep(_LOGSUM, c * sp.log(T / (t0 - 1)), "=", "telescoping Σ (ln t − ln(t−1))",
                  via=Known("telescoping", F=c * sp.log(t), index=t)),
    ),
    sizes=_sum_sizes,
    supremum=1.0,
    notes=_SUM_NOTE + " Same order log T, so the theorem's rate is unaffected.",
)

# ---- second bound: Σ 1/√t ≥ 2(√T − √(t₀−1)) -----------------------------------------------
EQ_E5_B = statement(
    "alphaadam/eq-E.5-b", **_COMMON, number=_NUMBER_B,
    title="Σ_{t=t₀}^T 1/√t ≥ 2(√T − √(t₀−1))",
    latex=r"\sum_{t=t_0}^T\frac1{\sqrt t}\ge 2\left(\sqrt T-\sqrt{t_0-1}\right)",
    lhs=c * 2 * (sp.sqrt(T) - sp.sqrt(t0 - 1)),
    rhs=c * sp.Sum(1 / sp.sqrt(t), (t, t0, T)),
    expected="violated",
    notes=_SUM_NOTE + " Encoded as lhs = 2(√T − √(t₀−1)) ≤ rhs = Σ 1/√t. Violated for every "
                      "T ≥ t₀: 2(√T − √(t₀−1)) = ∫_{t₀−1}^T dx/√x is an *upper* bound of the "
                      "sum (1/√t < ∫_{t−1}^t dx/√x).",
)

EQ_E5_B_CORRECTED = statement(
    "alphaadam/eq-E.5-b", **_COMMON, number=_NUMBER_B,
    variant="corrected",
    reason="2(√T − √(t₀−1)) = ∫_{t₀−1}^T dx/√x bounds the sum from above; the lower bound is "
           "∫_{t₀}^{T+1} dx/√x = 2(√(T+1) − √t₀)",
    title="Σ_{t=t₀}^T 1/√t ≥ 2(√(T+1) − √t₀)",
    latex=r"\sum_{t=t_0}^T\frac1{\sqrt t}\ge\int_{t_0}^{T+1}\frac{dx}{\sqrt x}="
          r"2\left(\sqrt{T+1}-\sqrt{t_0}\right)",
    lhs=c * 2 * (sp.sqrt(T + 1) - sp.sqrt(t0)),
    rhs=c * sp.Sum(1 / sp.sqrt(t), (t, t0, T)),
    sizes=_sum_sizes,
    supremum=1.0,
    notes=_SUM_NOTE + " Same order √T, so the theorem's rate is unaffected.",
)
