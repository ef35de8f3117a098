r"""Theorem D.2 (Appendix D.3): Algorithm 4's estimate of the (1,1)-norm of the Hessian.

As printed: "For the estimate in Algorithm 4 with n Cauchy vectors, it holds that

    P(|Σ_j median(|H_{j,:}|) − ||∇²L(x)||_{1,1}| >= ε ||∇²L(x)||_{1,1})
        <= 2d exp(−nΔ²/2) + 2 exp(−2nε² cos⁴((1+Δ)π/4)/π²)

for every ε, Δ ∈ (0, 1) when n >= π³/(2ε² cos⁴((1+Δ)π/4))."

Encoded (``adam_linf/theorem-D.2``, high probability, :mod:`adaproof.probability`): by the
1-stability the proof starts from, H_{j,i} = ∇²L_{j,:}·v^{(i)} ~ Cauchy(0, a_j) with a_j the
ℓ1 norm of row j, so Σ_j median(|H_{j,:}|) = Σ_j a_j median(|Y_{j,1}|, ..., |Y_{j,n}|) with Y
i.i.d. Cauchy(0, 1) (a scale-invariant median).  The parameters are the row norms a_j >= 0
(not all 0), ε, Δ and the sizes d, n; the noise ``med[j]`` is the median of n |Cauchy(0, 1)|
draws per row (|Y| drawn as tan(πU/2), U uniform; even n: the mean of the two middle ones).
"""
from __future__ import annotations

import math

import sympy as sp
import torch

from ...probability import HighProbability, row_sampler, row_sizes
from ...registry import register
from ...sampling import choose, log_uniform
from ...statement import Hypothesis, Quantity, SampleContext, Statement
from ...symbolic import SeqValue
from ._common import PAPER

eps, Delta = sp.symbols("eps Delta", real=True)
n = sp.Symbol("n", integer=True, positive=True)
d = sp.Symbol("d", integer=True, positive=True)
j = sp.Symbol("j", integer=True)
a, med = sp.IndexedBase("a"), sp.IndexedBase("med")
_C4 = sp.cos((1 + Delta) * sp.pi / 4) ** 4
_SUM_A = sp.Sum(a[j], (j, 1, d))

_SIZES = [(dd, nn) for dd in (1, 2, 4, 8) for nn in (64, 100, 200, 400)]


def _sizes(gen: torch.Generator) -> dict:
    dd, nn = choose(gen, _SIZES)
    return {"d": dd, "n": nn}


def _params(ctx: SampleContext) -> dict:
    """Δ below the largest value the hypothesis allows at this n, then ε between its least
    admissible value and 1; row norms log-uniform in [1e-3, 1e3], some rows 0."""
    B, dd, nn = ctx.B, ctx.sizes["d"], ctx.sizes["n"]
    c4_min = math.pi ** 3 / (2 * nn)  # cos⁴((1+Δ)π/4) >= π³/(2nε²) >= π³/(2n)
    dmax = 4 * math.acos(c4_min ** 0.25) / math.pi - 1
    Dl = (dmax * ctx.rand(B).clamp(1e-3, 1 - 1e-3)).clamp(1e-6, 1 - 1e-6)
    c4 = torch.cos((1 + Dl) * math.pi / 4) ** 4
    emin = torch.sqrt(math.pi ** 3 / (2 * nn * c4)) * (1 + 1e-9)
    e = emin + (1 - emin) * ctx.rand(B) * (1 - 1e-9)
    av = log_uniform(ctx, 1e-3, 1e3, dd)
    zero = (ctx.rand(B, dd) < 0.2) & (torch.arange(dd) > 0)
    av = torch.where(zero, torch.zeros_like(av), av)
    return {"eps": e, "Delta": Dl, "a": SeqValue(av, (1,))}


def _noise(ctx: SampleContext, rows: dict) -> dict:
    """Per row j, the median of n |Cauchy(0, 1)| draws."""
    dd, nn = ctx.sizes["d"], ctx.sizes["n"]
    y = torch.tan(math.pi / 2 * ctx.rand(ctx.B, dd, nn))
    ys = torch.sort(y, dim=2).values
    m = (ys[:, :, (nn - 1) // 2] + ys[:, :, nn // 2]) / 2
    return {"med": SeqValue(m.contiguous(), (1,))}


_SPEC = HighProbability(
    delta=2 * d * sp.exp(-n * Delta ** 2 / 2) + 2 * sp.exp(-2 * n * eps ** 2 * _C4 /
                                                          sp.pi ** 2),
    params=_params, noise=_noise, sizes=_sizes,
    law="Y_{j,i} i.i.d. Cauchy(0, 1) (|Y| = tan(πU/2)); med_j = median_i |Y_{j,i}|",
    samples=256, confirm=1024, candidates_per_batch=8,
    # n >= π³/(2ε² cos⁴((1+Δ)π/4)): a hypothesis on the parameters (decided at 60 digits)
    param_hypotheses=(n * 2 * eps ** 2 * _C4 >= sp.pi ** 3,))


THEOREM_D_2 = register(Statement(
    id=f"{PAPER}/theorem-D.2", paper=PAPER, kind="theorem", number="D.2",
    title="Algorithm 4 estimates ||∇²L||_{1,1} within a factor 1 ± ε with high probability",
    section="Appendix D.3",
    family="other",
    latex=(r"P\left(\left|\sum_{j=1}^d\mathrm{median}(|H_{j,\cdot}|)-\|\nabla^2L(x)\|_{1,1}"
           r"\right|\ge\epsilon\|\nabla^2L(x)\|_{1,1}\right)\le 2d\exp\left(-\frac{n\Delta^2}"
           r"{2}\right)+2\exp\left(-\frac{2n\epsilon^2\cos^4((1+\Delta)\frac\pi4)}{\pi^2}"
           r"\right),\ \epsilon,\Delta\in(0,1),\ n\ge\frac{\pi^3}{2\epsilon^2\cos^4((1+\Delta)"
           r"\frac\pi4)}"),
    quantities=(Quantity("d", "size", ">= 1", "dimension (rows of the Hessian)"),
                Quantity("n", "size", ">= 1", "number of Cauchy vectors"),
                Quantity("eps", "scalar", "(0, 1)", "relative error ε"),
                Quantity("Delta", "scalar", "(0, 1)", "the proof's Δ"),
                Quantity("a", "sequence", ">= 0", "a_j = ||∇²L(x)_{j,:}||_1", (1,), ("d",)),
                Quantity("med", "sequence", ">= 0", "noise: median of n |Cauchy(0,1)| per row",
                         (1,), ("d",))),
    hypotheses=(Hypothesis(sp.And(eps > 0, eps < 1, Delta > 0, Delta < 1),
                           note="ε, Δ ∈ (0, 1)"),
                Hypothesis(a[j] >= 0, forall=((j, 1, d),), note="row ℓ1 norms"),
                Hypothesis(_SUM_A > 0, note="||∇²L(x)||_{1,1} > 0 (else the event is 0 >= 0)"),
                Hypothesis(med[j] >= 0, forall=((j, 1, d),), note="the law: medians of |Y|")),
    lhs=sp.Abs(sp.Sum(a[j] * med[j], (j, 1, d)) - _SUM_A),
    rhs=eps * _SUM_A,
    strict=True,
    special=_SPEC, sampler=row_sampler(_SPEC), sizes=row_sizes(_SPEC),
    source="Theorem D.2 and display (17), Appendix D.3",
    notes="Reduction to Σ_j a_j median|Y_j| is the proof's first step (1-stability of the "
          "Cauchy law), exact for any Hessian. The good event is strict (< ε||·||); equality "
          "is not counted as a failure.",
))
