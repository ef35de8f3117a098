r"""Lemma D.1 (Appendix D.3): the median of n uniforms concentrates.

As printed: "Suppose Z_1, ..., Z_n iid ~ Unif([0, 1]). Then

    P(|median(Z_1, ..., Z_n) − 1/2| >= ε) <= 2 exp(−2nε²)."

Encoded (``adam_linf/lemma-D.1``, a high-probability statement, :mod:`adaproof.probability`):
with probability at least 1 − δ, δ = 2 exp(−2nε²), the event |M − 1/2| < ε holds, where M is the
median of n uniforms (the mean of the two middle order statistics ``zlo``, ``zhi`` when n is
even; for odd n they are the same order statistic).  The noise is drawn exactly as printed: n
i.i.d. Unif[0, 1] per draw, sorted, the middle order statistic(s) kept.  The attack draws n
(1..101) and ε ∈ (0, 0.6); the proof is Hoeffding's inequality on Bin(n, 1/2 − ε).
"""
from __future__ import annotations

import sympy as sp
import torch

from ...probability import HighProbability, row_sampler, row_sizes
from ...registry import register
from ...sampling import choose
from ...statement import Hypothesis, Quantity, SampleContext, Statement
from ._common import PAPER

eps, zlo, zhi = sp.symbols("eps zlo zhi", real=True)
n = sp.Symbol("n", integer=True, positive=True)

_NS = (1, 2, 3, 4, 5, 7, 10, 15, 21, 40, 101)


def _sizes(gen: torch.Generator) -> dict:
    return {"n": choose(gen, _NS)}


def _params(ctx: SampleContext) -> dict:
    """ε ∈ (0, 0.6): uniform, or near the scale 1/√n where the bound is tightest."""
    u = ctx.rand(ctx.B).clamp(1e-6, 1.0)
    scale = (ctx.sizes["n"] ** -0.5) * (0.25 + 2 * ctx.rand(ctx.B))
    pick = ctx.rand(ctx.B) < 0.5
    return {"eps": torch.where(pick, 0.6 * u, scale.clamp(1e-6, 0.6))}


def _noise(ctx: SampleContext, rows: dict) -> dict:
    """n i.i.d. Unif[0, 1] per draw, sorted; the middle order statistic(s)."""
    k = ctx.sizes["n"]
    z = torch.sort(ctx.rand(ctx.B, k), dim=1).values
    lo, hi = (k - 1) // 2, k // 2
    return {"zlo": z[:, lo].contiguous(), "zhi": z[:, hi].contiguous()}


_SPEC = HighProbability(
    delta=2 * sp.exp(-2 * n * eps ** 2),
    params=_params, noise=_noise, sizes=_sizes,
    law="Z_1..Z_n i.i.d. Unif[0, 1]; median = mean of the middle order statistic(s)",
    samples=256, confirm=1024)


LEMMA_D_1 = register(Statement(
    id=f"{PAPER}/lemma-D.1", paper=PAPER, kind="lemma", number="D.1",
    title="The median of n i.i.d. Unif[0, 1] is within ε of 1/2 with probability >= "
          "1 − 2exp(−2nε²)",
    section="Appendix D.3",
    family="other",
    latex=r"P\left(\left|\mathrm{median}(Z_1,\dots,Z_n)-\tfrac12\right|\ge\epsilon\right)\le "
          r"2\exp(-2n\epsilon^2),\quad Z_i\overset{iid}{\sim}\mathrm{Unif}([0,1])",
    quantities=(Quantity("n", "size", ">= 1", "number of uniforms"),
                Quantity("eps", "scalar", "> 0", "deviation ε"),
                Quantity("zlo", "scalar", "[0, 1]", "noise: lower middle order statistic"),
                Quantity("zhi", "scalar", "[0, 1]", "noise: upper middle order statistic")),
    hypotheses=(Hypothesis(eps > 0, note="ε > 0"),
                Hypothesis(sp.And(zlo >= 0, zhi >= zlo, zhi <= 1),
                           note="the law: order statistics of Unif[0, 1] draws")),
    lhs=sp.Abs((zlo + zhi) / 2 - sp.Rational(1, 2)),
    rhs=eps,
    strict=True,
    special=_SPEC, sampler=row_sampler(_SPEC), sizes=row_sizes(_SPEC),
    source="Lemma D.1, Appendix D.3 (Algorithm 4's analysis)",
    notes="Proof: Hoeffding on S = #{Z_i <= 1/2 − ε} ~ Bin(n, 1/2 − ε), and symmetry. The "
          "good event is strict (|M − 1/2| < ε); a draw counts as a failure only where "
          "|M − 1/2| > ε exactly (equality has probability 0).",
))
