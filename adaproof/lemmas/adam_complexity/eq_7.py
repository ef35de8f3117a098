"""Section 5, (6) and (7): Adam with dynamic hyperparameters is AdaGrad.

As printed:

    AdaGrad:  ν_t = ν_{t-1} + g_t^{⊙2},  w_{t+1} = w_t − η (1/√ν_t) ⊙ g_t.            (6)
    ν_t = β_{2,t}ν_{t-1} + (1 − β_{2,t})g_t^{⊙2},  m_t = β_{1,t}m_{t-1} + (1 − β_{1,t})g_t,
    w_{t+1} = w_t − η_t (1/√ν_t) ⊙ m_t,                                                  (7)
    then Adam is equivalent to AdaGrad by setting η_t = η/√t, β_{1,t} = 0 and
    β_{2,t} = 1 − 1/t.  Specifically, by setting μ_t = tν_t in Eq. (7), we have Eq. (7) is
    equivalent to Eq. (6) (by replacing ν_t by μ_t in Eq. (6)).

A relation between two runs (:mod:`adaproof.relations`): (7) with that schedule and any ν₀, m₀
against (6) started from μ₀ = 0·ν₀ = 0 (β_{2,1} = 0 discards ν₀), on the same stochastic
quadratic losses ``L_t(w) = (w − c_t)ᵀQ_t(w − c_t)/2`` from the same ``w₁``: ``w_t = w'_t`` for
every ``t``.  Decided in ball arithmetic (``η/√t`` is irrational): holds.  Steps where a
coordinate's ``ν_t`` is 0 (no non-zero gradient yet) divide by zero in both algorithms and are
outside the domain.
"""
from __future__ import annotations

import torch

from ...computed import Input, computed_statement
from ...matrix import symmetric_mix
from ...registry import register
from ...relations import quad_grad
from ...sampling import choose
from ...symbolic import SeqValue

INPUTS = (
    Input("Q", ("T", "d", "d"), "symmetric", "Hessians Q_t of the stochastic losses"),
    Input("c", ("T", "d"), "R", "centres c_t"),
    Input("w1", ("d",), "R", "initial point w_1 (both runs)"),
    Input("eta", (), "> 0", "η"),
    Input("nu0", ("d",), ">= 0", "ν_0 of (7)"),
    Input("m0", ("d",), "R", "m_0 of (7)"),
)


def schedule_beta2(ops, t: int):
    """β_{2,t} = 1 − 1/t, the schedule of the claim."""
    return 1 - ops.const(1) / t


def _runs(ops, v, beta2=schedule_beta2):
    T, Q, c, w1, eta = v["T"], v["Q"], v["c"], v["w1"], v["eta"]
    e = eta[..., None]
    wa, wb = w1, w1
    nu, m = v["nu0"], v["m0"]
    mu = 0 * w1
    wsa, wsb, dens = [w1], [w1], []
    for t in range(1, T + 1):
        ga = quad_grad(ops, Q, c, t, wa)
        b2 = beta2(ops, t)
        nu = b2 * nu + (1 - b2) * ga * ga
        m = 0 * m + ga  # β_{1,t} = 0
        dens.append(nu)
        wa = wa - e / ops.sqrt(ops.const(t)) * m / ops.sqrt(nu)
        gb = quad_grad(ops, Q, c, t, wb)
        mu = mu + gb * gb
        dens.append(mu)
        wb = wb - e * gb / ops.sqrt(mu)
        wsa.append(wa)
        wsb.append(wb)
    return wsa, wsb, dens


def hyps(ops, v, beta2=schedule_beta2):
    Q = v["Q"]
    out = [("Q_t symmetric", ops.all(ops.all(ops.all(ops.eq(Q, ops.T(Q)), -1), -1), -1)),
           ("eta > 0", ops.gt(v["eta"], 0 * v["eta"])),
           ("nu0 >= 0", ops.all(ops.ge(v["nu0"], 0 * v["nu0"]), -1))]
    _, _, dens = _runs(ops, v, beta2)
    out.append(("nu_t > 0 and mu_t > 0 on every coordinate (both updates defined)",
                ops.all(ops.stack([ops.all(ops.gt(dd, 0 * dd), -1) for dd in dens], -1), -1)))
    return out


def sides(ops, v, beta2=schedule_beta2):
    """``(max_{t,i} |w_t − w'_t|, 0, Σ|w| + |w'|)`` for (7) under the schedule ``beta2``."""
    wsa, wsb, _ = _runs(ops, v, beta2)
    D = ops.stack([ops.abs(a - b) for a, b in zip(wsa, wsb)], -1)
    lhs = ops.amax(ops.amax(D, -1), -1)
    scale = ops.sum(ops.sum(ops.stack([ops.abs(a) + ops.abs(b) for a, b in zip(wsa, wsb)], -1),
                            -1), -1)
    return lhs, 0 * lhs, scale


def sizes(gen: torch.Generator, preset: str) -> dict:
    return {"d": choose(gen, (1, 2, 3)), "T": choose(gen, (1, 2, 3, 5, 8))}


def sample(ctx) -> dict:
    B, d, T = ctx.B, ctx.sizes["d"], ctx.sizes["T"]
    Q = torch.stack([symmetric_mix(ctx, d) for _ in range(T)], 1)
    c = ctx.randn(B, T, d)
    w1 = ctx.randn(B, d) * 2
    nice = ctx.rand(B) < 0.5
    c = torch.where(nice[:, None, None], torch.round(c * 4) / 4, c)
    w1 = torch.where(nice[:, None], torch.round(w1 * 4) / 4, w1)
    sv = lambda x: SeqValue(x.contiguous(), (1,) * (x.dim() - 1))  # noqa: E731
    nu0 = torch.where(ctx.rand(B, 1) < 0.5, torch.zeros(B, d, dtype=ctx.dtype),
                      torch.exp(ctx.randn(B, d)))
    return {"Q": sv(Q), "c": sv(c), "w1": sv(w1), "eta": torch.exp(ctx.randn(B) - 1),
            "nu0": sv(nu0), "m0": sv(ctx.randn(B, d))}


EQ_7 = register(computed_statement(
    "adam_complexity/eq-7",
    kind="eq", number="7", section="5 (comparison with AdaGrad, (6) and (7))",
    title="(7) with η_t = η/√t, β_{1,t} = 0, β_{2,t} = 1 − 1/t is AdaGrad (6) (μ_t = tν_t)",
    latex=(r"\eta_t = \tfrac{\eta}{\sqrt t},\ \beta_{1,t} = 0,\ \beta_{2,t} = 1 - \tfrac1t:\ "
           r"\text{(7) is equivalent to (6) with } \mu_t = t\nu_t"),
    inputs=INPUTS, size_names={"d": "dimension d", "T": "number of steps T"}, sizes=sizes,
    sampler=sample, hyps=hyps,
    hypotheses_latex=(r"L_t(w) = \tfrac12(w-c_t)^\top Q_t(w-c_t),\ Q_t = Q_t^\top",
                      r"\eta > 0,\ \nu_0 \ge 0,\ \text{(6) from } \mu_0 = 0",
                      r"\nu_{t,i} > 0,\ \mu_{t,i} > 0 \text{ (the updates are defined)}"),
    sides=sides, lhs_latex=r"\max_{t\le T+1,\,i}|w^{(7)}_{t,i} - w^{(6)}_{t,i}|", rhs_latex="0",
    ratio_kind="relative", screen_rtol=1e-9, computed_kind="relation", real_backend="arb",
    source="Section 5, displays (6) and (7) and the sentence after them",
    notes="Decided in ball arithmetic: the balls of the two trajectories overlap at every step.",
))
