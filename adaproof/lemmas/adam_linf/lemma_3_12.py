"""Lemma 3.12 (Section 3.4; restated with its proof in Appendix C.2, eq. (16)).

As printed:

    Lemma 3.12. Given any 0 < β₂ < 1, for any scalar sequences {v_t}_{t=0}^T and
    {g_t}_{t=1}^T satisfying v₀ ≥ 0, v₁ > 0 and v_t − β₂v_{t−1} ≥ (1 − β₂)g_t² for t ≥ 1, it
    holds that Σ_{t=1}^T g_t²/v_t ≤ T + β₂/(1 − β₂) · ln(v_T/v₀).

Beside it, the case v₀ = 0 of its proof ("When v₀ = 0, we can still have that ...": v₀ replaced
by v₁/e), ``adam_linf/lemma-3.12-v0-zero``.
"""
from __future__ import annotations

import sympy as sp
import torch

from ...declare import forall, index, scalar, sequence, size, statement
from ...proofs import Known
from ...sampling import choose, gradient_sequences, inflated_recursion, log_uniform, \
    unit_interval
from ...search import strategies
from ...search.reparam import LogSumReparam
from ...statement import Hypothesis, ProofStep, SampleContext
from ...symbolic import SeqValue
from ._common import _declared, _SIZES

# The paper's declarations: 0 < β₂ < 1, scalar sequences {v_t}_{t=0}^T and {g_t}_{t=1}^T.
beta2 = scalar("beta2", "(0, 1)", "second-moment decay β₂")
T, t = size("T", ">= 1", "number of steps"), index("t")
v = sequence("v", over=(0, T), domain=">= 0", description="second-moment sequence v_0..v_T")
g = sequence("g", over=(1, T), description="scalar gradients g_1..g_T")


def _lemma_3_12_sizes(gen: torch.Generator, preset: str) -> dict:
    opts = _SIZES.get(preset, _SIZES["default"])
    return {"T": choose(gen, opts)}


def _lemma_3_12_sampler(ctx: SampleContext) -> dict:
    """v_t = β₂ v_{t−1} + (1−β₂)(g_t² + s_t) with slack s_t ≥ 0 (zero half the time), so the
    hypothesis v_t − β₂v_{t−1} ≥ (1−β₂)g_t² holds by construction; v₀ > 0 log-uniform.  Every
    draw comes from ``ctx.generator`` (the slack's Exponential(1) factor as −log(1 − U), the
    Gaussian base of the gradients by the vectorised Box–Muller transform)."""
    Tn = ctx.sizes["T"]
    b2 = unit_interval(ctx)
    gs = gradient_sequences(ctx, Tn, gaussian="box-muller")
    sq = gs * gs  # g_t², bit for bit |g_t|² and g_t ** 2
    on = (ctx.rand(ctx.B) < 0.5).nonzero().reshape(-1)  # the candidates with slack
    level = sq[on].mean(1, keepdim=True).clamp_min(1e-30)
    e = ctx.rand(on.numel(), Tn).neg_().log1p_().neg_()  # Exponential(1): −log(1 − U), U < 1
    slack = torch.zeros_like(sq)
    slack[on] = e.mul_(level).mul_(ctx.rand(on.numel(), Tn) < 0.3)
    v0 = log_uniform(ctx, 1e-8, 1e4) * torch.where(
        ctx.rand(ctx.B) < 0.5, gs.abs().amax(1).clamp_min(1e-30) ** 2, torch.ones(ctx.B, dtype=ctx.dtype))
    # the factor 1 + 2^-49 (16 unit roundoffs) exceeds the rounding error of the float
    # recursion (< 5u), so the hypothesis holds exactly for the float inputs; with the floor
    # (clear of underflow) it only adds slack, which the hypothesis allows.  The increments
    # (1−β₂)(g_t² + s_t) are elementwise, computed for all t at once (in place); the recursion
    # keeps its float operations and their order (sampling.inflated_recursion: numba kernel or
    # step loop).
    inc = slack.add_(sq).mul_((1 - b2)[:, None])
    vs = inflated_recursion(b2, v0, inc, 1 + 2.0 ** -49, 1e-280)
    return {"beta2": b2, "v": SeqValue(vs, (0,)), "g": SeqValue(gs, (1,))}


LEMMA_3_12 = statement(
    "adam_linf/lemma-3.12",
    title="Sum of g_t^2/v_t against the log-growth of v_t",
    section="3.4 (proof in Appendix C, eq. (16))",
    family="log-sum",
    latex=(r"\text{Given any } 0<\beta_2<1, \text{ for any scalar sequences } \{v_t\}_{t=0}^T, "
           r"\{g_t\}_{t=1}^T \text{ with } v_0\ge 0,\ v_1>0,\ v_t-\beta_2 v_{t-1}\ge(1-\beta_2)g_t^2"
           r"\ (t\ge1):\quad \sum_{t=1}^T \frac{g_t^2}{v_t} \le T + \frac{\beta_2}{1-\beta_2}"
           r"\ln\frac{v_T}{v_0}"),
    quantities=_declared("beta2", "T", "v", "g"),
    hypotheses=[
        sp.And(beta2 > 0, beta2 < 1),
        v[0] >= 0,
        v[1] > 0,
        forall(t, 1, T, v[t] - beta2 * v[t - 1] >= (1 - beta2) * g[t] ** 2),
        Hypothesis(v[0] > 0, silent=True,
                   note="v_0 > 0: at v_0 = 0 the printed right side ln(v_T/v_0) is +inf; the "
                        "proof's chain (16) is stated 'when v_0 != 0' and the appendix treats "
                        "v_0 = 0 separately (v_0 replaced by v_1/e)"),
    ],
    lhs=sp.Sum(g[t] ** 2 / v[t], (t, 1, T)),
    rhs=T + beta2 / (1 - beta2) * sp.log(v[T] / v[0]),
    # hand-written attack kept: the engine's own tests use this statement as the reference
    # hand sampler / strategy / reparameterisation (docs/hand-samplers.md)
    sampler=_lemma_3_12_sampler,
    sizes=_lemma_3_12_sizes,
    strategy=lambda sizes: strategies.log_sum_inputs(sizes["T"]),
    reparam=LogSumReparam(),
    proof=(
        ProofStep(sp.Sum(g[t] ** 2 / v[t], (t, 1, T)),
                  sp.Sum((v[t] - beta2 * v[t - 1]) / ((1 - beta2) * v[t]), (t, 1, T)), "<=",
                  "hypothesis v_t - β₂v_{t-1} ≥ (1-β₂)g_t², v_t > 0",
                  via=Known("hypothesis", expr=v[t] - beta2 * v[t - 1] - (1 - beta2) * g[t] ** 2),
                  scale=1 / ((1 - beta2) * v[t])),
        ProofStep(sp.Sum((v[t] - beta2 * v[t - 1]) / ((1 - beta2) * v[t]), (t, 1, T)),
                  sp.Sum(1 + beta2 / (1 - beta2) * (1 - v[t - 1] / v[t]), (t, 1, T)), "=",
                  "algebra"),
        ProofStep(sp.Sum(1 + beta2 / (1 - beta2) * (1 - v[t - 1] / v[t]), (t, 1, T)),
                  T + beta2 / (1 - beta2) * sp.Sum(sp.log(v[t] / v[t - 1]), (t, 1, T)), "<=",
                  "1 - x ≤ ln(1/x) for x > 0",
                  via=Known("one_minus_x_le_neg_log", x=v[t - 1] / v[t]),
                  scale=beta2 / (1 - beta2)),
        ProofStep(T + beta2 / (1 - beta2) * sp.Sum(sp.log(v[t] / v[t - 1]), (t, 1, T)),
                  T + beta2 / (1 - beta2) * sp.log(v[T] / v[0]), "=", "telescoping",
                  via=Known("telescoping", F=sp.log(v[t]), index=t)),
    ),
    source="Lemma 3.12 (Section 3.4; restated with proof in Appendix C, eq. (16))",
    supremum=1.0,
)


LEMMA_3_12_V0_ZERO = statement(
    "adam_linf/lemma-3.12-v0-zero",
    number="3.12 (case v_0 = 0)",
    title="Lemma 3.12 when v_0 = 0: v_0 replaced by v_1/e",
    section="Appendix C.2, end of the proof of Lemma 3.12",
    family="log-sum",
    latex=(r"v_0=0,\ v_1>0,\ v_t-\beta_2v_{t-1}\ge(1-\beta_2)g_t^2:\quad \sum_{t=1}^T"
           r"\frac{g_t^2}{v_t}\le T+\frac{\beta_2}{1-\beta_2}\ln\frac{v_T}{v_1/e}"),
    quantities=LEMMA_3_12.quantities,
    hypotheses=[
        sp.And(beta2 > 0, beta2 < 1),
        Hypothesis(sp.Eq(v[0], 0), note="the case v_0 = 0 of the proof ('When v_0 = 0, ...')"),
        v[1] > 0,
        forall(t, 1, T, v[t] - beta2 * v[t - 1] >= (1 - beta2) * g[t] ** 2),
    ],
    lhs=sp.Sum(g[t] ** 2 / v[t], (t, 1, T)),
    rhs=T + beta2 / (1 - beta2) * sp.log(v[T] / (v[1] / sp.E)),
    proof=LEMMA_3_12.proof[:2] + (
        ProofStep(LEMMA_3_12.proof[1].rhs, T + beta2 / (1 - beta2) * sp.log(v[T] / (v[1] / sp.E)),
                  "<=", "the t = 1 summand is 1/(1−β₂) since v_0 = 0 (= 1 + β₂/(1−β₂)·ln(v_1/"
                  "(v_1/e))); t ≥ 2: 1 − x ≤ ln(1/x) and telescoping (sums over different "
                  "ranges: not reduced)"),
    ),
    source="Proof of Lemma 3.12 (Appendix C.2), the display after 'When v_0 = 0, we can still "
           "have that' (first term ≤ 1/(1−β₂) since v₁ ≥ (1−β₂)g₁², then Lemma 3.12 from t = 1)",
    supremum=1.0,
    notes="SymPy writes ln(v_T/(v_1/e)) as ln(e·v_T/v_1).",
)


