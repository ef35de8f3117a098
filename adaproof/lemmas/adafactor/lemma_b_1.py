r"""Lemma B.1 (Appendix B.2): a concentration inequality for martingale differences.

As printed: "Suppose that {Z_s}_{s∈[T]} is a martingale difference sequence with respect to
ζ_1, ..., ζ_T.  Assume that for each s ∈ [T], σ_s is a random variable dependent on ζ_1, ...,
ζ_{s−1} and satisfies that E[exp(Z_s²/σ_s²) | ζ_1, ..., ζ_{s−1}] <= e.  Then for any λ > 0, and
for any δ ∈ (0, 1), it holds that

    P( Σ_{s=1}^T Z_s > (1/λ) log(1/δ) + (3/4) λ Σ_{s=1}^T σ_s² ) <= δ."

Encoded (``adafactor/lemma-B.1``, high probability, :mod:`adaproof.probability`): Z_s = σ_s Y_s
with deterministic σ_s > 0 (a special case of "dependent on the past") and Y_s i.i.d. from a
two-point law {a, −b} with P(Y = a) = b/(a + b) (mean exactly 0: a martingale difference) and
E[exp(Y²)] = (b e^{a²} + a e^{b²})/(a + b) <= e (the sub-Gaussian condition with σ_s).  The
attack puts the law on the boundary of that condition (the largest scale of a, b it allows)
and draws λ, δ, σ_s, T.  Proof (Li & Orabona 2020, Lemma 1): E[e^{λZ}] <= e^{3λ²σ²/4}, then
Markov.
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

lam, delta, aa, bb = sp.symbols("lam delta a b", real=True)
T = sp.Symbol("T", integer=True, positive=True)
s = sp.Symbol("s", integer=True)
sigma, Y = sp.IndexedBase("sigma"), sp.IndexedBase("Y")

_TS = (1, 2, 3, 5, 10, 30)
_EXP_MOMENT = (bb * sp.exp(aa ** 2) + aa * sp.exp(bb ** 2)) / (aa + bb)


def _sizes(gen: torch.Generator) -> dict:
    return {"T": choose(gen, _TS)}


def _moment(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    return (b * torch.exp(a * a) + a * torch.exp(b * b)) / (a + b)


def law_on_boundary(ctx: SampleContext) -> tuple[torch.Tensor, torch.Tensor]:
    """Two-point laws {a, −b}, mean 0, scaled to E[exp(Y²)] = e (up to 1e-9): the ratio a/b
    log-uniform in [1e-2, 1e2], the scale by bisection (the moment grows with the scale)."""
    r = log_uniform(ctx, 1e-2, 1e2)
    lo = torch.zeros_like(r)
    hi = torch.full_like(r, 4.0) / torch.sqrt(1 + r * r)
    for _ in range(200):
        mid = (lo + hi) / 2
        ok = _moment(mid * r, mid) <= math.e
        lo, hi = torch.where(ok, mid, lo), torch.where(ok, hi, mid)
    sc = lo * (1 - 1e-9)
    return sc * r, sc


def _params(ctx: SampleContext) -> dict:
    B, Tn = ctx.B, ctx.sizes["T"]
    a, b = law_on_boundary(ctx)
    sig = log_uniform(ctx, 1e-2, 1e2, Tn)
    const = ctx.rand(B) < 0.5  # equal σ_s half of the time
    sig = torch.where(const[:, None], sig[:, :1].expand(B, Tn), sig)
    dl = unit_interval(ctx).clamp(1e-12, 1 - 1e-12)
    # λ near its optimum sqrt(4 log(1/δ)/(3 Σσ²)) half of the time, else log-uniform
    opt = torch.sqrt(4 * torch.log(1 / dl) / (3 * (sig ** 2).sum(1)))
    lam_ = torch.where(ctx.rand(B) < 0.5, opt * log_uniform(ctx, 0.5, 2.0),
                       log_uniform(ctx, 1e-3, 1e3))
    return {"lam": lam_, "delta": dl, "a": a, "b": b, "sigma": SeqValue(sig, (1,))}


def _noise(ctx: SampleContext, rows: dict) -> dict:
    a, b = rows["a"], rows["b"]
    p_a = b / (a + b)
    u = ctx.rand(ctx.B, ctx.sizes["T"])
    y = torch.where(u < p_a[:, None], a[:, None].expand_as(u), -b[:, None].expand_as(u))
    return {"Y": SeqValue(y.contiguous(), (1,))}


_SPEC = HighProbability(
    delta=delta, params=_params, noise=_noise, sizes=_sizes,
    law="Z_s = σ_s Y_s, Y_s i.i.d. on {a, −b} with P(a) = b/(a+b) (mean 0), "
        "E[exp(Y²)] <= e",
    samples=256, confirm=1024)


LEMMA_B_1 = register(Statement(
    id=f"{PAPER}/lemma-B.1", paper=PAPER, kind="lemma", number="B.1",
    title="Concentration of a sub-Gaussian martingale difference sum (Li & Orabona, 2020)",
    section="Appendix B.2",
    family="other",
    latex=(r"\mathbb P\left(\sum_{s=1}^TZ_s>\frac1\lambda\log\left(\frac1\delta\right)+\frac34"
           r"\lambda\sum_{s=1}^T\sigma_s^2\right)\le\delta,\quad \mathbb E\left[\exp\left("
           r"\frac{Z_s^2}{\sigma_s^2}\right)\Big|\zeta_{1:s-1}\right]\le e"),
    quantities=(Quantity("T", "size", ">= 1", "number of terms"),
                Quantity("lam", "scalar", "> 0", "λ"),
                Quantity("delta", "scalar", "(0, 1)", "δ"),
                Quantity("a", "scalar", "> 0", "law: the atom a (probability b/(a+b))"),
                Quantity("b", "scalar", "> 0", "law: the atom −b (probability a/(a+b))"),
                Quantity("sigma", "sequence", "> 0", "σ_s", (1,), ("T",)),
                Quantity("Y", "sequence", "{a, -b}", "noise: Z_s/σ_s", (1,), ("T",))),
    hypotheses=(Hypothesis(sp.And(lam > 0, delta > 0, delta < 1), note="λ > 0, δ ∈ (0, 1)"),
                Hypothesis(sp.And(aa > 0, bb > 0), note="the two-point law's atoms"),
                Hypothesis(_EXP_MOMENT <= sp.E,
                           note="E[exp(Z_s²/σ_s²)] = (b e^{a²} + a e^{b²})/(a + b) <= e"),
                Hypothesis(sigma[s] > 0, forall=((s, 1, T),), note="σ_s > 0")),
    lhs=sp.Sum(sigma[s] * Y[s], (s, 1, T)),
    rhs=sp.log(1 / delta) / lam + sp.Rational(3, 4) * lam * sp.Sum(sigma[s] ** 2, (s, 1, T)),
    special=_SPEC, sampler=row_sampler(_SPEC), sizes=row_sizes(_SPEC),
    source="Lemma B.1, Appendix B.2 (citing Li & Orabona, 2020)",
    notes="The failure event is Σ Z_s > bound (strict), i.e. the good event Σ Z_s <= bound.",
))
