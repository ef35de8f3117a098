"""Section 3.2: the per-coordinate step of RMSProp.

As printed (Section 3.2, the sentence after the RMSProp descent inequality):

    "We can only upper bound ‖g_t/√(v_t + ε)‖²_∞ by 1/(1 − β₂) without more fine-grained
    analysis on the relationship between gradients in each step."

Encoded per coordinate, g_{t,i}²/(v_{t,i} + ε) ≤ 1/(1 − β₂), with v_t from Adam (Algorithm 1)
with β₁ = 0 (RMSProp), β₂ ∈ [0, 1), ε ≥ 0, v₀ ≥ 0.
"""
from __future__ import annotations

import sympy as sp
import torch

from ...algorithms.adam_linf import AdamLinf
from ...registry import register
from ...sampling import gradient_sequences, log_uniform, unit_interval
from ...search import strategies
from ...statement import (Hypothesis, Quantity, Recurrence, SampleContext, Statement,
                          TrajectorySource)
from ...symbolic import SeqValue
from ._common import _block_sizes, _no_underflow, beta2, d, eps, g, i, PAPER, T, t, v, v0


# ---------------------------------------------------------------------------------------------
# Section 3.2: ‖g_t/√(v_t + ε)‖²_∞ ≤ 1/(1−β₂) (per-coordinate step of RMSProp = Adam, β₁ = 0)
# ---------------------------------------------------------------------------------------------
def _adam_step_sampler(ctx: SampleContext) -> dict:
    """β₂ ∈ [0, 1) (exactly 0 for a quarter: RMSProp's edge); g from :func:`gradient_sequences`;
    v₀ ≥ 0 (0 for a quarter: with ε = 0 the bound is attained at t = 1); ε ≥ 0 (0 for half).
    :func:`_no_underflow` keeps v_{t,i} + ε > 0 (the silent hypothesis) in float as well."""
    Tn, dn = ctx.sizes["T"], ctx.sizes["d"]
    B = ctx.B
    b2 = unit_interval(ctx, closed_low=True)
    gs = gradient_sequences(ctx, Tn, dn)
    scale = gs.abs().amax(dim=(1, 2)).clamp_min(1e-100)
    v0_ = log_uniform(ctx, 1e-8, 1e4) * torch.where(ctx.rand(B) < 0.5, scale ** 2,
                                                    torch.ones(B, dtype=ctx.dtype))
    v0_ = torch.where(ctx.rand(B) < 0.25, torch.zeros_like(v0_), v0_)
    eps_ = torch.where(ctx.rand(B) < 0.5, torch.zeros(B, dtype=ctx.dtype),
                       log_uniform(ctx, 1e-12, 1.0) * scale ** 2)
    gs = _no_underflow(gs, b2, v0_, eps_, scale, Tn)
    return {"beta2": b2, "eps": eps_, "v0": v0_, "g": SeqValue(gs, (1, 1)),
            "x0": SeqValue(torch.zeros(B, dn, dtype=ctx.dtype), (1,))}


def _build_adam_linf(env):
    alg = AdamLinf(lr=1.0, beta1=0.0, beta2=env["beta2"], eps=env["eps"], v0=env["v0"])
    return alg, {"x0": env["x0"].data, "grads": env["g"].data}


SEC_3_2_STEP = register(Statement(
    id="adam_linf/sec-3.2-step",
    paper=PAPER,
    kind="remark",
    number="Section 3.2 (after the RMSProp descent inequality)",
    title="Per-coordinate step of RMSProp: ||g_t / sqrt(v_t + eps)||_inf^2 <= 1/(1 - beta2)",
    section="3.2",
    family="update-norm",
    latex=(r"\left\|\frac{\mathbf{g}_t}{\sqrt{\mathbf{v}_t+\epsilon}}\right\|_\infty^2\le"
           r"\frac{1}{1-\beta_2}"),
    quantities=(
        Quantity("beta2", "scalar", "[0, 1)", "β₂"),
        Quantity("eps", "scalar", ">= 0", "ε"),
        Quantity("v0", "scalar", ">= 0", "v_0 (broadcast to every coordinate)"),
        Quantity("T", "size", ">= 1", "number of steps"),
        Quantity("d", "size", ">= 1", "dimension"),
        Quantity("g", "sequence", "R", "stochastic gradients g_{t,i}", (1, 1), ("T", "d")),
        Quantity("x0", "sequence", "R", "initial point (does not enter)", (1,), ("d",)),
        Quantity("v", "trajectory", ">= 0", "v_{t,i} (Algorithm 1)", (0, 1), ("T", "d")),
    ),
    hypotheses=(
        Hypothesis(sp.And(sp.GreaterThan(beta2, 0), sp.StrictLessThan(beta2, 1)),
                   note="Section 3.2: RMSProp with β₂ ∈ [0, 1]; β₂ < 1 silently (1/(1−β₂))"),
        Hypothesis(sp.GreaterThan(eps, 0), note="Algorithm 1: ε ≥ 0"),
        Hypothesis(sp.GreaterThan(v0, 0), note="Algorithm 1: v_0 ≥ 0"),
        Hypothesis(sp.StrictGreaterThan(v[t, i] + eps, 0), silent=True, forall=((t, 1, T),
                                                                                  (i, 1, d)),
                   note="v_{t,i} + ε > 0: the quotient is undefined otherwise"),
    ),
    lhs=g[t, i] ** 2 / (v[t, i] + eps),
    rhs=1 / (1 - beta2),
    forall=((t, 1, T), (i, 1, d)),
    sampler=_adam_step_sampler,
    sizes=_block_sizes,
    strategy=lambda sizes: strategies.from_sampler(SEC_3_2_STEP, sizes),
    trajectory=TrajectorySource(build=_build_adam_linf, read={"v": ("v", (0, 1))},
                                series=("v",)),
    recurrences=(Recurrence("v", t, 1, v0, beta2 * v[t - 1, i] + (1 - beta2) * g[t, i] ** 2),),
    source="Section 3.2, the sentence after the RMSProp descent inequality: 'We can only upper "
           "bound ‖g_t/√(v_t+ε)‖²_∞ by 1/(1−β₂)'",
    supremum_ratio=1.0,
    notes="‖·‖²_∞ ≤ C is encoded per coordinate (the checker's worst index over i is the max). "
          "With β₁ = 0 this is the per-coordinate step |x_{t,i} − x_{t−1,i}| ≤ η_t/√(1−β₂).",
))


