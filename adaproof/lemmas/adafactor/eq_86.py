r"""(86), proof of Theorem C.1 (Appendix C.1): the stochastic gradients' norm, w.h.p.

As printed: "Relying on the bounded gradient ||∇f(X)|| <= G_0 and Lemma C.1, we could derive the
second probability event: with probability at least 1 − δ,

    ||g(X_t, Z_t)|| <= G_0 + σ sqrt(log(eT/δ)),   ∀ t ∈ [T].      (86)"

Encoded (``adafactor/eq-86``, high probability, :mod:`adaproof.probability`): g_t = ∇f(X_t) +
ξ_t in R^d with ||∇f(X_t)|| <= G_0 (the gradients are parameters: the claim is for every
point) and ξ_t = σ sqrt(X_t) u_t, X_t i.i.d. on {0, c} with P(c) = q and 1 − q + q e^c <= e
(Assumption 1 holds exactly: ||ξ_t||²/σ² = X_t), u_t a unit direction: along ∇f(X_t) (the worst
case of the triangle inequality) or uniformly random.  Lemma C.1 and ||a + b|| <= ||a|| + ||b||
give (86) with the same δ.
"""
from __future__ import annotations

import math

import sympy as sp
import torch

from ...probability import HighProbability, row_sampler, row_sizes
from ...registry import register
from ...sampling import choose, log_uniform, unit_interval
from ...statement import Hypothesis, Quantity, SampleContext, Statement
from ...symbolic import SeqValue
from ._common import PAPER
from .lemma_c_1 import _params as _law_params

sig, delta, c, q, G0 = sp.symbols("sigma delta c q G0", real=True)
T = sp.Symbol("T", integer=True, positive=True)
d = sp.Symbol("d", integer=True, positive=True)
t, i = sp.Symbol("t", integer=True), sp.Symbol("i", integer=True)
gf, xi = sp.IndexedBase("gradf"), sp.IndexedBase("xi")

_SIZES = [(tt, dd) for tt in (1, 2, 5, 10) for dd in (1, 2, 3)]


def _sizes(gen: torch.Generator) -> dict:
    tt, dd = choose(gen, _SIZES)
    return {"T": tt, "d": dd}


def _params(ctx: SampleContext) -> dict:
    """The law as for Lemma C.1 (c just above the threshold, q the largest Assumption 1
    allows); G_0 log-uniform; ∇f(X_t) of norm G_0 (or less) per step."""
    out = _law_params(ctx)
    B, Tn, dd = ctx.B, ctx.sizes["T"], ctx.sizes["d"]
    g0 = log_uniform(ctx, 1e-3, 1e3)
    dirs = ctx.randn(B, Tn, dd)
    dirs = dirs / dirs.norm(dim=2, keepdim=True).clamp_min(1e-300)
    scale = torch.where(ctx.rand(B, Tn) < 0.75, torch.ones(B, Tn, dtype=ctx.dtype),
                        ctx.rand(B, Tn)) * (1 - 1e-9)
    out.update(G0=g0, gradf=SeqValue((g0[:, None, None] * scale[:, :, None] * dirs)
                                     .contiguous(), (1, 1)))
    return out


def _noise(ctx: SampleContext, rows: dict) -> dict:
    B, Tn, dd = ctx.B, ctx.sizes["T"], ctx.sizes["d"]
    u = ctx.rand(B, Tn)
    x = torch.where(u < rows["q"][:, None], rows["c"][:, None].expand_as(u),
                    torch.zeros_like(u))
    g = rows["gradf"].data
    along = g / g.norm(dim=2, keepdim=True).clamp_min(1e-300)
    rnd = ctx.randn(B, Tn, dd)
    rnd = rnd / rnd.norm(dim=2, keepdim=True).clamp_min(1e-300)
    aligned = (ctx.rand(B) < 0.5)[:, None, None]
    direction = torch.where(aligned, along, rnd)
    v = rows["sigma"][:, None, None] * torch.sqrt(x)[:, :, None] * direction
    return {"xi": SeqValue(v.contiguous(), (1, 1))}


_SPEC = HighProbability(
    delta=delta, params=_params, noise=_noise, sizes=_sizes,
    law="ξ_t = σ sqrt(X_t) u_t, X_t i.i.d. on {0, c}, P(c) = q, 1 − q + q e^c <= e "
        "(Assumption 1); u_t along ∇f(X_t) or uniform",
    samples=256, confirm=1024)

EQ_86 = register(Statement(
    id=f"{PAPER}/eq-86", paper=PAPER, kind="eq", number="86",
    title="(86): with probability >= 1 − δ, ||g(X_t, Z_t)|| <= G_0 + σ sqrt(log(eT/δ)) for all t",
    section="Appendix C.1 (proof of Theorem C.1)",
    family="other",
    latex=(r"\|g(\mathbf X_t,\mathbf Z_t)\|\le G_0+\sigma\sqrt{\log\left(\frac{eT}{\delta}"
           r"\right)},\ \forall t\in[T]\ \text{w.p.}\ge1-\delta\quad(86)"),
    quantities=(Quantity("T", "size", ">= 1", "number of steps"),
                Quantity("d", "size", ">= 1", "dimension (entries of X)"),
                Quantity("sigma", "scalar", "> 0", "σ of Assumption 1"),
                Quantity("delta", "scalar", "(0, 1)", "δ"),
                Quantity("c", "scalar", ">= 0", "law: the atom c of ||ξ||²/σ²"),
                Quantity("q", "scalar", "[0, 1]", "law: P(||ξ||²/σ² = c)"),
                Quantity("G0", "scalar", "> 0", "gradient bound G_0"),
                Quantity("gradf", "sequence", "R", "∇f(X_t), ||·|| <= G_0", (1, 1), ("T", "d")),
                Quantity("xi", "sequence", "R", "noise ξ_t", (1, 1), ("T", "d"))),
    hypotheses=(Hypothesis(sp.And(sig > 0, delta > 0, delta < 1, G0 > 0),
                           note="σ > 0, δ ∈ (0, 1), G_0 > 0"),
                Hypothesis(sp.And(c >= 0, q >= 0, q <= 1), note="the two-point law"),
                Hypothesis(1 - q + q * sp.exp(c) <= sp.E,
                           note="Assumption 1: E[exp(||ξ||²/σ²)] = 1 − q + q e^c <= e"),
                Hypothesis(sp.Sum(gf[t, i] ** 2, (i, 1, d)) <= G0 ** 2, forall=((t, 1, T),),
                           note="||∇f(X)|| <= G_0")),
    lhs=sp.sqrt(sp.Sum((gf[t, i] + xi[t, i]) ** 2, (i, 1, d))),
    rhs=G0 + sig * sp.sqrt(sp.log(sp.E * T / delta)),
    forall=((t, 1, T),),
    special=_SPEC, sampler=row_sampler(_SPEC), sizes=row_sizes(_SPEC),
    source="(86), proof of Theorem C.1 (Appendix C.1); Lemma C.1, Assumption 1",
    notes="The noise is the float64 realisation of the stated law (||ξ_t||² = σ²c up to "
          "rounding); each draw's event is then decided exactly.",
))
