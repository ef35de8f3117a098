"""The two sum bounds of the last step of the proof of Theorem E.5 (= Theorem 3.8, Appendix E.2).

As printed (line 955): "Because of Σ_{t=t₀}^T 1/t ≤ ∫_{t₀}^{T+1} (1/x) dx = log((T+1)/t₀) and
Σ_{t=t₀}^T 1/√t ≥ 2(√T − √(t₀−1)), ..."; the theorem's bound then reads
‖∇L_t‖_φ ≤ (√10/2)(log((T+1)/t₀)(M₁+M₂) + L(θ_{t₀}) − L(θ_{T+1}))/(√T − √(t₀−1)) (line 958).

Encoded: ``alphaadam/eq-E.5-a`` and ``alphaadam/eq-E.5-b``, both violated as printed (the
integral comparisons run the other way), each with its corrected variant (same order, so the
theorem's rate is unaffected; the theorem itself is ``adaproof.bounds.alphaadam``).
"""
from __future__ import annotations

import sympy as sp
import torch

from ...proofs import Known
from ...registry import register
from ...sampling import log_uniform
from ...statement import Hypothesis, ProofStep, Quantity, SampleContext, Statement
from ._common import PAPER, T, _pick, c, t, t0

# =============================================================================================
# The two sum bounds in the last step of the proof of Theorem E.5
# =============================================================================================
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


def _sum_sampler(ctx: SampleContext) -> dict:
    """c = 1 (the bare bound) for half the candidates, log-uniform in [1e-6, 1e6] otherwise."""
    one = torch.ones(ctx.B, dtype=ctx.dtype)
    return {"c": torch.where(ctx.rand(ctx.B) < 0.5, one, log_uniform(ctx, 1e-6, 1e6))}


_SUM_QUANTITIES = (
    Quantity("c", "scalar", "> 0", "the positive factor the proof multiplies the bound by "
                                   "(c = 1: the bound as printed)"),
    Quantity("T", "size", ">= 2", "last step T"),
    Quantity("t0", "size", "[2, T]", "first step t₀ of the summed range"),
)
_SUM_HYPS = (
    Hypothesis(sp.StrictGreaterThan(c, 0), note="c > 0 (M₁ + M₂ > 0, resp. the minimum of "
                                                "‖∇L_t‖_φ/√10, taken positive)"),
    Hypothesis(sp.GreaterThan(T, t0), note="the sums run from t₀ to T"),
    Hypothesis(sp.GreaterThan(t0, 2), silent=True,
               note="t₀ ≥ 2: the summed inequality comes from Lemma E.4, stated for t > 1 "
                    "(Theorem E.5 takes min over t ∈ (1, T])"),
)
_SUM_NOTE = ("An unnumbered inequality in the last step of the proof of Theorem E.5 "
             "(Appendix E.2). The evaluator needs one per-candidate input, so the bound is encoded as the proof "
             "applies it, multiplied by a positive factor c; its truth does not depend on c and "
             "the sampler uses c = 1 (the bare printed bound) for half the candidates.")

EQ_E5_A = register(Statement(
    id="alphaadam/eq-E.5-a",
    paper=PAPER,
    kind="eq",
    number="E.5 (proof, last step, first bound)",
    title="Σ_{t=t₀}^T 1/t ≤ ∫_{t₀}^{T+1} dx/x = log((T+1)/t₀)",
    section="Appendix E.2",
    family="log-sum",
    latex=r"\sum_{t=t_0}^T\frac1t\le\int_{t_0}^{T+1}\frac1x\,dx=\log\frac{T+1}{t_0}",
    quantities=_SUM_QUANTITIES,
    hypotheses=_SUM_HYPS,
    lhs=c * sp.Sum(1 / t, (t, t0, T)),
    rhs=c * sp.log((T + 1) / t0),
    sampler=_sum_sampler,
    sizes=_sum_sizes,
    expected="violated",
    source="Proof of Theorem E.5 (Theorem 3.8), Appendix E.2, last step",
    notes=_SUM_NOTE + " Violated for every T ≥ t₀: 1/t ≥ ∫_t^{t+1} dx/x, so the sum is "
                      "*larger* than ∫_{t₀}^{T+1} dx/x (e.g. t₀ = T = 2: 1/2 > log(3/2)).",
))

EQ_E5_A_CORRECTED = register(Statement(
    id="alphaadam/eq-E.5-a",
    variant="corrected",
    reason="the integral comparison for the decreasing 1/x runs the other way: "
           "Σ_{t=t₀}^T 1/t ≤ ∫_{t₀−1}^{T} dx/x = log(T/(t₀−1)) (t₀ ≥ 2), not ∫_{t₀}^{T+1}",
    paper=PAPER,
    kind="eq",
    number="E.5 (proof, last step, first bound)",
    title="Σ_{t=t₀}^T 1/t ≤ log(T/(t₀−1))",
    section="Appendix E.2",
    family="log-sum",
    latex=r"\sum_{t=t_0}^T\frac1t\le\int_{t_0-1}^{T}\frac1x\,dx=\log\frac{T}{t_0-1}",
    quantities=_SUM_QUANTITIES,
    hypotheses=_SUM_HYPS,
    lhs=c * sp.Sum(1 / t, (t, t0, T)),
    rhs=c * sp.log(T / (t0 - 1)),
    sampler=_sum_sampler,
    sizes=_sum_sizes,
    source="Proof of Theorem E.5 (Theorem 3.8), Appendix E.2, last step",
    supremum_ratio=1.0,
    notes=_SUM_NOTE + " Same order log T, so the theorem's rate is unaffected.",
))

EQ_E5_B = register(Statement(
    id="alphaadam/eq-E.5-b",
    paper=PAPER,
    kind="eq",
    number="E.5 (proof, last step, second bound)",
    title="Σ_{t=t₀}^T 1/√t ≥ 2(√T − √(t₀−1))",
    section="Appendix E.2",
    family="log-sum",
    latex=r"\sum_{t=t_0}^T\frac1{\sqrt t}\ge 2\left(\sqrt T-\sqrt{t_0-1}\right)",
    quantities=_SUM_QUANTITIES,
    hypotheses=_SUM_HYPS,
    lhs=c * 2 * (sp.sqrt(T) - sp.sqrt(t0 - 1)),
    rhs=c * sp.Sum(1 / sp.sqrt(t), (t, t0, T)),
    sampler=_sum_sampler,
    sizes=_sum_sizes,
    expected="violated",
    source="Proof of Theorem E.5 (Theorem 3.8), Appendix E.2, last step",
    notes=_SUM_NOTE + " Encoded as lhs = 2(√T − √(t₀−1)) ≤ rhs = Σ 1/√t. Violated for every "
                      "T ≥ t₀: 2(√T − √(t₀−1)) = ∫_{t₀−1}^T dx/√x is an *upper* bound of the "
                      "sum (1/√t < ∫_{t−1}^t dx/√x).",
))

EQ_E5_B_CORRECTED = register(Statement(
    id="alphaadam/eq-E.5-b",
    variant="corrected",
    reason="2(√T − √(t₀−1)) = ∫_{t₀−1}^T dx/√x bounds the sum from above; the lower bound is "
           "∫_{t₀}^{T+1} dx/√x = 2(√(T+1) − √t₀)",
    paper=PAPER,
    kind="eq",
    number="E.5 (proof, last step, second bound)",
    title="Σ_{t=t₀}^T 1/√t ≥ 2(√(T+1) − √t₀)",
    section="Appendix E.2",
    family="log-sum",
    latex=r"\sum_{t=t_0}^T\frac1{\sqrt t}\ge\int_{t_0}^{T+1}\frac{dx}{\sqrt x}="
          r"2\left(\sqrt{T+1}-\sqrt{t_0}\right)",
    quantities=_SUM_QUANTITIES,
    hypotheses=_SUM_HYPS,
    lhs=c * 2 * (sp.sqrt(T + 1) - sp.sqrt(t0)),
    rhs=c * sp.Sum(1 / sp.sqrt(t), (t, t0, T)),
    sampler=_sum_sampler,
    sizes=_sum_sizes,
    source="Proof of Theorem E.5 (Theorem 3.8), Appendix E.2, last step",
    supremum_ratio=1.0,
    notes=_SUM_NOTE + " Same order √T, so the theorem's rate is unaffected.",
))


# proof steps of the corrected (E.5)-a: 1/t = 1 − (t−1)/t ≤ −ln((t−1)/t) = ln t − ln(t−1), summed
# and telescoped to ln T − ln(t₀−1)
_LOGSUM = c * sp.Sum(sp.log(t / (t - 1)), (t, t0, T))
EQ_E5_A_CORRECTED.proof = (
    ProofStep(EQ_E5_A_CORRECTED.lhs, _LOGSUM, "<=", "1 − x ≤ −ln x at x = (t−1)/t, times c > 0",
              via=Known("one_minus_x_le_neg_log", x=(t - 1) / t), scale=c),
    ProofStep(_LOGSUM, EQ_E5_A_CORRECTED.rhs, "=", "telescoping Σ (ln t − ln(t−1))",
              via=Known("telescoping", F=c * sp.log(t), index=t)),
)

