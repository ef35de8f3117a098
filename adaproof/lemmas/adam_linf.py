"""Statements of *Adam exploits ℓ∞-geometry of loss landscape via coordinate-wise adaptivity*
(Xie, Mohamadi, Li; ICLR 2025), paper id ``adam_linf``."""
from __future__ import annotations

import sympy as sp
import torch

from ..registry import register
from ..search import strategies
from ..search.reparam import LogSumReparam
from ..sampling import choose, gradient_sequences, log_uniform, unit_interval
from ..statement import Hypothesis, ProofStep, Quantity, SampleContext, Statement
from ..symbolic import SeqValue

PAPER = "adam_linf"

t = sp.Symbol("t", integer=True)
T = sp.Symbol("T", integer=True, positive=True)
beta2 = sp.Symbol("beta2", real=True)
v = sp.IndexedBase("v")
g = sp.IndexedBase("g")

_SIZES = {"smoke": (1, 2, 3, 10, 50, 200), "default": (1, 2, 3, 10, 50, 200, 1000),
          "deep": (1, 2, 3, 10, 50, 200, 1000, 5000)}


def _lemma_3_12_sizes(gen: torch.Generator, preset: str) -> dict:
    opts = _SIZES.get(preset, _SIZES["default"])
    return {"T": opts[int(torch.randint(len(opts), (1,), generator=gen))]}


def _lemma_3_12_sampler(ctx: SampleContext) -> dict:
    """v_t = β₂ v_{t−1} + (1−β₂)(g_t² + s_t) with slack s_t ≥ 0 (zero half the time), so the
    hypothesis v_t − β₂v_{t−1} ≥ (1−β₂)g_t² holds by construction; v₀ > 0 log-uniform."""
    Tn = ctx.sizes["T"]
    b2 = unit_interval(ctx)
    gs = gradient_sequences(ctx, Tn)
    slack_on = (ctx.rand(ctx.B, 1) < 0.5).to(ctx.dtype)
    slack = slack_on * gs.abs().square().mean(1, keepdim=True).clamp_min(1e-30) * \
        torch.distributions.Exponential(1.0).sample((ctx.B, Tn)).to(ctx.dtype) * \
        (ctx.rand(ctx.B, Tn) < 0.3)
    v0 = log_uniform(ctx, 1e-8, 1e4) * torch.where(
        ctx.rand(ctx.B) < 0.5, gs.abs().amax(1).clamp_min(1e-30) ** 2, torch.ones(ctx.B, dtype=ctx.dtype))
    vs = [v0]
    for k in range(Tn):
        # the factor 1 + 2^-49 (16 unit roundoffs) exceeds the rounding error of the float
        # recursion (< 5u), so the hypothesis holds exactly for the float inputs; with the floor
        # (clear of underflow) it only adds slack, which the hypothesis allows
        vt = b2 * vs[-1] + (1 - b2) * (gs[:, k] ** 2 + slack[:, k])
        vs.append((vt * (1 + 2.0 ** -49)).clamp_min(1e-280))
    return {"beta2": b2, "v": SeqValue(torch.stack(vs, 1), (0,)), "g": SeqValue(gs, (1,))}


LEMMA_3_12 = register(Statement(
    id="adam_linf/lemma-3.12",
    paper=PAPER,
    kind="lemma",
    number="3.12",
    title="Sum of g_t^2/v_t against the log-growth of v_t",
    section="3.4 (proof in Appendix C, eq. (16))",
    family="log-sum",
    latex=(r"\text{Given any } 0<\beta_2<1, \text{ for any scalar sequences } \{v_t\}_{t=0}^T, "
           r"\{g_t\}_{t=1}^T \text{ with } v_0\ge 0,\ v_1>0,\ v_t-\beta_2 v_{t-1}\ge(1-\beta_2)g_t^2"
           r"\ (t\ge1):\quad \sum_{t=1}^T \frac{g_t^2}{v_t} \le T + \frac{\beta_2}{1-\beta_2}"
           r"\ln\frac{v_T}{v_0}"),
    quantities=(
        Quantity("beta2", "scalar", "(0, 1)", "second-moment decay β₂"),
        Quantity("T", "size", ">= 1", "number of steps"),
        Quantity("v", "sequence", ">= 0", "second-moment sequence v_0..v_T", (0,), ("T",)),
        Quantity("g", "sequence", "R", "scalar gradients g_1..g_T", (1,), ("T",)),
    ),
    hypotheses=(
        Hypothesis(sp.And(sp.StrictGreaterThan(beta2, 0), sp.StrictLessThan(beta2, 1))),
        Hypothesis(sp.GreaterThan(v[0], 0)),
        Hypothesis(sp.StrictGreaterThan(v[1], 0)),
        Hypothesis(sp.GreaterThan(v[t] - beta2 * v[t - 1], (1 - beta2) * g[t] ** 2),
                   forall=((t, 1, T),)),
        Hypothesis(sp.StrictGreaterThan(v[0], 0), silent=True,
                   note="v_0 > 0: at v_0 = 0 the printed right side ln(v_T/v_0) is +inf; the "
                        "proof's chain (16) is stated 'when v_0 != 0' and the appendix treats "
                        "v_0 = 0 separately (v_0 replaced by v_1/e)"),
    ),
    lhs=sp.Sum(g[t] ** 2 / v[t], (t, 1, T)),
    rhs=T + beta2 / (1 - beta2) * sp.log(v[T] / v[0]),
    sampler=_lemma_3_12_sampler,
    sizes=_lemma_3_12_sizes,
    strategy=lambda sizes: strategies.log_sum_inputs(sizes["T"]),
    proof=(
        ProofStep(sp.Sum(g[t] ** 2 / v[t], (t, 1, T)),
                  sp.Sum((v[t] - beta2 * v[t - 1]) / ((1 - beta2) * v[t]), (t, 1, T)), "<=",
                  "hypothesis v_t - β₂v_{t-1} ≥ (1-β₂)g_t², v_t > 0"),
        ProofStep(sp.Sum((v[t] - beta2 * v[t - 1]) / ((1 - beta2) * v[t]), (t, 1, T)),
                  sp.Sum(1 + beta2 / (1 - beta2) * (1 - v[t - 1] / v[t]), (t, 1, T)), "=",
                  "algebra"),
        ProofStep(sp.Sum(1 + beta2 / (1 - beta2) * (1 - v[t - 1] / v[t]), (t, 1, T)),
                  T + beta2 / (1 - beta2) * sp.Sum(sp.log(v[t] / v[t - 1]), (t, 1, T)), "<=",
                  "1 - x ≤ ln(1/x) for x > 0"),
        ProofStep(T + beta2 / (1 - beta2) * sp.Sum(sp.log(v[t] / v[t - 1]), (t, 1, T)),
                  T + beta2 / (1 - beta2) * sp.log(v[T] / v[0]), "=", "telescoping"),
    ),
    source="Lemma 3.12 (Section 3.4; restated with proof in Appendix C, eq. (16))",
    supremum_ratio=1.0,
    reparam=LogSumReparam(),
))
