r"""Lemma C.1 (Appendix C): the largest sub-Gaussian noise over T steps.

As printed: "Given T >= 1, let the noise sequence {ξ_t}_{t∈[T]} where ξ_t = g(X_t, Z_t) −
∇f(X_t) satisfies Assumption 1.  Then, with probability at least 1 − δ,

    max_{t∈[T]} ||ξ_t||² <= σ² log(eT/δ)."

Assumption 1: E[exp(||ξ||²/σ²) | X] <= exp(1).

Encoded (``adafactor/lemma-C.1``, high probability, :mod:`adaproof.probability`): only the
norms matter, so the noise is X_t = ||ξ_t||²/σ², i.i.d. from a two-point law {0, c} with
P(c) = q and 1 − q + q e^c <= e (Assumption 1, exactly); the event is σ² X_t <= σ² log(eT/δ)
for every t.  The attack puts c just above the threshold log(eT/δ) and q at the largest value
the assumption allows (Markov's inequality is then nearly tight for each t).
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

sig, delta, c, q = sp.symbols("sigma delta c q", real=True)
T = sp.Symbol("T", integer=True, positive=True)
t = sp.Symbol("t", integer=True)
X = sp.IndexedBase("X")

_TS = (1, 2, 5, 10, 50)


def _sizes(gen: torch.Generator) -> dict:
    return {"T": choose(gen, _TS)}


def _params(ctx: SampleContext) -> dict:
    B, Tn = ctx.B, ctx.sizes["T"]
    dl = unit_interval(ctx).clamp(1e-12, 1 - 1e-12)
    thr = math.log(math.e * Tn) - torch.log(dl)
    # c just above the threshold (10^-U(1, 9) relative), or anywhere in (0, 2·threshold)
    near = thr * (1 + 10 ** (-1 - 8 * ctx.rand(B)))
    c_ = torch.where(ctx.rand(B) < 0.75, near, 2 * thr * ctx.rand(B).clamp(1e-9, 1))
    q_max = (math.e - 1) / torch.expm1(c_)
    q_ = torch.clamp(q_max, max=1.0) * (1 - 1e-9) * torch.where(
        ctx.rand(B) < 0.8, torch.ones(B, dtype=ctx.dtype), ctx.rand(B))
    return {"sigma": log_uniform(ctx, 1e-3, 1e3), "delta": dl, "c": c_, "q": q_}


def _noise(ctx: SampleContext, rows: dict) -> dict:
    u = ctx.rand(ctx.B, ctx.sizes["T"])
    x = torch.where(u < rows["q"][:, None], rows["c"][:, None].expand_as(u),
                    torch.zeros_like(u))
    return {"X": SeqValue(x.contiguous(), (1,))}


_SPEC = HighProbability(
    delta=delta, params=_params, noise=_noise, sizes=_sizes,
    law="||ξ_t||²/σ² i.i.d. on {0, c}, P(c) = q, 1 − q + q e^c <= e (Assumption 1)",
    samples=256, confirm=1024)


LEMMA_C_1 = register(Statement(
    id=f"{PAPER}/lemma-C.1", paper=PAPER, kind="lemma", number="C.1",
    title="With probability >= 1 − δ, max_t ||ξ_t||² <= σ² log(eT/δ) under sub-Gaussian noise",
    section="Appendix C",
    family="other",
    latex=(r"\max_{t\in[T]}\|\xi_t\|^2\le\sigma^2\log\left(\frac{eT}{\delta}\right)\ \text{w.p.}"
           r"\ge1-\delta,\quad\mathbb E\left[\exp\left(\frac{\|\xi\|^2}{\sigma^2}\right)\Big|X"
           r"\right]\le e"),
    quantities=(Quantity("T", "size", ">= 1", "number of steps"),
                Quantity("sigma", "scalar", "> 0", "σ of Assumption 1"),
                Quantity("delta", "scalar", "(0, 1)", "δ"),
                Quantity("c", "scalar", ">= 0", "law: the atom c of ||ξ||²/σ²"),
                Quantity("q", "scalar", "[0, 1]", "law: P(||ξ||²/σ² = c)"),
                Quantity("X", "sequence", "{0, c}", "noise: ||ξ_t||²/σ²", (1,), ("T",))),
    hypotheses=(Hypothesis(sp.And(sig > 0, delta > 0, delta < 1), note="σ > 0, δ ∈ (0, 1)"),
                Hypothesis(sp.And(c >= 0, q >= 0, q <= 1), note="the two-point law"),
                Hypothesis(1 - q + q * sp.exp(c) <= sp.E,
                           note="Assumption 1: E[exp(||ξ||²/σ²)] = 1 − q + q e^c <= e"),
                Hypothesis(X[t] >= 0, forall=((t, 1, T),), note="squared norms")),
    lhs=sig ** 2 * X[t],
    rhs=sig ** 2 * sp.log(sp.E * T / delta),
    forall=((t, 1, T),),
    special=_SPEC, sampler=row_sampler(_SPEC), sizes=row_sizes(_SPEC),
    source="Lemma C.1, Appendix C (citing Li & Orabona, 2020, Lemma 5); Assumption 1",
    notes="max_t is encoded as 'for every t' (the event fails when one step exceeds).",
))
