r"""Lemma C.2, eq. (14) (Appendix C), and Lemma E.2 (Appendix E): the noise of a mini-batch.

Liu, Pan, Zhang, *AdaGrad under anisotropic smoothness* (ICLR 2025); the OCR lost most
symbols, so the printed forms below are the statements as re-typed from the paper.

``adagrad_aniso/lemma-C.2`` (LEMMA_C2): Variance reduced by batch size
    printed: \mathbb{E}_t[n_{t,j}^2] \le \frac{\sigma_j^2}{M}
    source: Lemma C.2 (Appendix C, (14)) under Assumptions 3.4, 3.5
``adagrad_aniso/lemma-E.2`` (LEMMA_E2): variance bound (display lost; reconstructed)
    printed (reconstructed): \sum_{j=1}^d \mathbb{E}\sqrt{\textstyle\sum_{t=0}^{T-1} n_{t,j}^2}
        \le \sqrt{\frac TM}\,\|\sigma\|_1
    source: Lemma E.2 (Appendix E); its proof 'Σ_j E√(Σ_t n²_{t,j}) ≤ Σ_j √(Σ_t E_t n²_{t,j}) ...
        where the first inequality holds as Jensen's inequality', and its use as the noise term
        of (16) in the proof of Theorem 4.1 (C₀ = ‖σ‖₁/√(MT) + …, i.e. the sum is √(T/M)‖σ‖₁)

Encoding: the noise of one sample is n_j(w_t; ξ) = s_j(ξ − Eξ) with ξ from a finite law (u, p)
(Assumption 3.4 by construction; Assumption 3.5, s_j² Var ξ ≤ σ_j², a hypothesis), and the
mini-batch noise is its mean over M samples drawn independently ('uniformly with replacement':
the independence the proof of (14) uses); exact enumeration of the K^M (C.2) or K^{TM} (E.2)
draws.  One coordinate for C.2 (the claim is per coordinate); in E.2 every coordinate reads
the same draws (only each coordinate's marginal law enters the claim).
"""
from __future__ import annotations

import sympy as sp
import torch

from ...expectation import NoiseSpec
from ...registry import register
from ...sampling import choose, log_uniform
from ...statement import Hypothesis, Quantity, SampleContext, Statement
from ...symbolic import SeqValue
from ._common import PAPER, _dyadic_probs, _law_moments, _law_support

K = sp.Symbol("K", integer=True, positive=True)
M = sp.Symbol("M", integer=True, positive=True)
T = sp.Symbol("T", integer=True, positive=True)
d = sp.Symbol("d", integer=True, positive=True)
q, r, m, t, j = (sp.Symbol(n, integer=True) for n in ("q", "r", "m", "t", "j"))
u, p, xi, sv, sig = (sp.IndexedBase(n) for n in ("u", "p", "xi", "sv", "sig"))
s0, sigma0 = sp.symbols("s sigma", real=True)

_MU = sp.Sum(p[q] * u[q], (q, 1, K))
_VAR = sp.Sum(p[r] * (u[r] - _MU) ** 2, (r, 1, K))

_Q_LAW = (
    Quantity("K", "size", ">= 1", "number of atoms of the noise law"),
    Quantity("u", "sequence", "R", "support of the law of one sample ξ", (1,), ("K",)),
    Quantity("p", "sequence", ">= 0, sums to 1", "probabilities of the law", (1,), ("K",)),
)
_H_LAW = (
    Hypothesis(sp.GreaterThan(p[r], 0), forall=((r, 1, K),), note="a probability law"),
    Hypothesis(sp.Eq(sp.Sum(p[r], (r, 1, K)), 1),
               note="a probability law (the sampler's dyadic probabilities sum to 1 exactly)"),
)


def _law_inputs(ctx: SampleContext):
    Kn = ctx.sizes["K"]
    uu, pp = _law_support(ctx, Kn), _dyadic_probs(ctx, Kn)
    _, var = _law_moments(uu, pp)
    return uu, pp, var


def _sigma_for(ctx, sd):
    """σ at the edge σ² = s²Var·(1 + 2⁻³⁹) (60 %) or above it; > 0 where s = 0."""
    edge = ctx.rand(*sd.shape) < 0.6
    out = torch.where(edge, sd * (1 + 2.0 ** -39), sd * log_uniform(ctx, 1.0, 1e3, *sd.shape[1:]))
    return torch.where(out > 0, out, log_uniform(ctx, 1e-3, 1e3, *sd.shape[1:]))


def _c2_sizes(gen: torch.Generator, preset: str) -> dict:
    return {"M": choose(gen, (1, 2, 3, 4)), "K": choose(gen, (2, 3, 4))}


def _c2_sampler(ctx: SampleContext) -> dict:
    uu, pp, var = _law_inputs(ctx)
    s = log_uniform(ctx, 1e-3, 1e3) / var.clamp_min(1e-300).sqrt()
    s = torch.where(ctx.rand(ctx.B) < 0.1, torch.zeros_like(s), s)
    return {"u": SeqValue(uu, (1,)), "p": SeqValue(pp, (1,)), "s": s,
            "sigma": _sigma_for(ctx, (s * s * var).sqrt())}


LEMMA_C2 = register(Statement(
    id=f"{PAPER}/lemma-C.2", paper=PAPER, kind="lemma", number="C.2",
    title="Variance reduced by batch size: E_t n²_{t,j} ≤ σ_j²/M",
    section="Appendix C (eq. (14))", family="other",
    latex=r"\mathbb{E}_t[n_{t,j}^2] \le \frac{\sigma_j^2}{M}",
    quantities=(Quantity("M", "size", ">= 1", "batch size M"), *_Q_LAW,
                Quantity("xi", "sequence", "law (u, p)", "the M samples' draws", (1,), ("M",)),
                Quantity("s", "scalar", ">= 0", "noise scale: n_j(w; ξ) = s(ξ − Eξ)"),
                Quantity("sigma", "scalar", "> 0", "σ_j of Assumption 3.5")),
    hypotheses=_H_LAW + (
        Hypothesis(sp.GreaterThan(s0, 0)),
        Hypothesis(sp.StrictGreaterThan(sigma0, 0), note="Assumption 3.5: σ positive"),
        Hypothesis(sp.GreaterThan(sigma0 ** 2, s0 ** 2 * _VAR),
                   note="Assumption 3.5 for one sample: E n_j(w; ξ)² = s²Var ξ ≤ σ_j²")),
    lhs=(sp.Sum(s0 * (xi[m] - _MU), (m, 1, M)) / M) ** 2,
    rhs=sigma0 ** 2 / M,
    sampler=_c2_sampler, sizes=_c2_sizes,
    noise=NoiseSpec("xi", "u", "p", (1,), ("M",)),
    source="Lemma C.2 (Appendix C, (14)), Assumptions 3.4, 3.5",
    supremum_ratio=1.0,
    notes="Equality when σ_j² = s²Var ξ (the sampler's edge case).  Exact enumeration of K^M paths.",
))


def _e2_sizes(gen: torch.Generator, preset: str) -> dict:
    Tn, Mn = choose(gen, (1, 2, 3, 4)), choose(gen, (1, 2, 3))
    Kn = 2 if Tn * Mn > 6 else choose(gen, (2, 3))
    return {"T": Tn, "M": Mn, "K": Kn, "d": choose(gen, (1, 2, 3))}


def _e2_sampler(ctx: SampleContext) -> dict:
    uu, pp, var = _law_inputs(ctx)
    dn = ctx.sizes["d"]
    s = log_uniform(ctx, 1e-3, 1e3, dn) / var.clamp_min(1e-300).sqrt()[:, None]
    s = torch.where(ctx.rand(ctx.B, dn) < 0.1, torch.zeros_like(s), s)
    return {"u": SeqValue(uu, (1,)), "p": SeqValue(pp, (1,)), "sv": SeqValue(s, (1,)),
            "sig": SeqValue(_sigma_for(ctx, (s * s * var[:, None]).sqrt()), (1,))}


_NT = lambda jj, tt: sp.Sum(sv[jj] * (xi[tt, m] - _MU), (m, 1, M)) / M  # n_{t-1,j}

LEMMA_E2 = register(Statement(
    id=f"{PAPER}/lemma-E.2", paper=PAPER, kind="lemma", number="E.2",
    title="Variance bound: Σ_j E√(Σ_t n²_{t,j}) ≤ √(T/M)‖σ‖₁",
    section="Appendix E", family="other",
    latex=(r"\sum_{j=1}^d \mathbb{E}\sqrt{\textstyle\sum_{t=0}^{T-1} n_{t,j}^2} \le "
           r"\sqrt{\frac TM}\,\|\sigma\|_1"),
    quantities=(Quantity("T", "size", ">= 1", "number of iterations"),
                Quantity("d", "size", ">= 1", "dimension"),
                Quantity("M", "size", ">= 1", "batch size M"), *_Q_LAW,
                Quantity("xi", "sequence", "law (u, p)", "draws ξ_{t,m} of step t's M samples",
                         (1, 1), ("T", "M")),
                Quantity("sv", "sequence", ">= 0", "noise scales s_j", (1,), ("d",)),
                Quantity("sig", "sequence", "> 0", "σ_j of Assumption 3.5", (1,), ("d",))),
    hypotheses=_H_LAW + (
        Hypothesis(sp.GreaterThan(sv[j], 0), forall=((j, 1, d),)),
        Hypothesis(sp.StrictGreaterThan(sig[j], 0), forall=((j, 1, d),),
                   note="Assumption 3.5: σ positive"),
        Hypothesis(sp.GreaterThan(sig[j] ** 2, sv[j] ** 2 * _VAR), forall=((j, 1, d),),
                   note="Assumption 3.5 for one sample: s_j²Var ξ ≤ σ_j²")),
    lhs=sp.Sum(sp.sqrt(sp.Sum(_NT(j, t) ** 2, (t, 1, T))), (j, 1, d)),
    rhs=sp.sqrt(T / M) * sp.Sum(sig[j], (j, 1, d)),
    sampler=_e2_sampler, sizes=_e2_sizes,
    noise=NoiseSpec("xi", "u", "p", (1, 1), ("T", "M")),
    source="Lemma E.2 (Appendix E; display lost in the OCR, reconstructed from its proof and from "
           "the noise term of the proof of Theorem 4.1)",
    supremum_ratio=1.0,
    notes=("OCR reading: the display is lost; the proof's Jensen step and Lemma C.2 give "
           "Σ_j √(Σ_t E n²) ≤ Σ_j √(Tσ_j²/M).  Equality when |n_{t,j}| is constant along paths "
           "(a symmetric ±1 law with M = 1) and σ at its edge.  Exact enumeration of K^{TM} paths."),
))
