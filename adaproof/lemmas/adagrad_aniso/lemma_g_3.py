r"""Lemma G.3, eq. (32) (Appendix G): the sum of ratios whose denominators are the sums of past
numerators.

Liu, Pan, Zhang, *AdaGrad under anisotropic smoothness* (ICLR 2025); the OCR lost most
symbols, so the printed forms below are the statements as re-typed from the paper.

``adagrad_aniso/lemma-G.3`` (LEMMA_G3): Sum of ratios with the denominator being the sum of past
    numerators
    printed: a_n \ge 0,\ \epsilon>0,\ b_n=\sum_{i=1}^n a_i:\quad \sum_{t=1}^N
        \frac{a_t}{b_t+\epsilon} \le \ln\frac{b_N+\epsilon}{\epsilon}
    source: Lemma G.3 (Appendix G), used in Lemma F.3 with a_t = g²_{t,j}, ϵ → ϵ²
"""
from __future__ import annotations

import sympy as sp
import torch

from ...declare import declared, index, scalar, sequence, size, statement
from ...proofs import Known
from ...sampling import gradient_sequences, log_uniform
from ...statement import Hypothesis, ProofStep, SampleContext
from ...symbolic import SeqValue
from ._common import PAPER, _nonzero, _pick

eps = scalar("eps", "> 0", "ϵ")
N = size("N", ">= 1", "number of terms")
a = sequence("a", over=(1, N), domain=">= 0", description="a_1..a_N")
t, i = index("t"), index("i")
# the quantities in this order, whatever other modules declared first
_Q = tuple(declared()[n] for n in ("eps", "N", "a"))


def _g3_sizes(gen: torch.Generator, preset: str) -> dict:
    return {"N": _pick(gen, (1, 2, 3, 10, 50, 200))}


def _g3_sampler(ctx: SampleContext) -> dict:
    """a_n ≥ 0: squares of the gradient mixture (spikes, zeros, geometric, Cauchy ...), exact
    zeros replaced by tiny values in half of the candidates of each batch; ϵ log-uniform around the sequence's
    scale up to 1e8 times it (tiny increments against ϵ: the regime where the bound is tight)."""
    Nn = ctx.sizes["N"]
    gs = gradient_sequences(ctx, Nn)
    seq = gs * gs
    scale = seq.mean(1).clamp_min(1e-30)
    dense = (ctx.rand(ctx.B) < 0.5)[:, None]  # half of each batch: see _adagrad_inputs
    seq = torch.where(dense, _nonzero(ctx, seq, scale[:, None]).abs(), seq)
    e = scale * log_uniform(ctx, 1e-6, 1e8)
    return {"eps": e, "a": SeqValue(seq, (1,))}


_B_T = sp.Sum(a[i], (i, 1, t))       # b_t
b = sp.IndexedBase("b")               # b_t = Σ_{i≤t} a_i, in the proof steps only

LEMMA_G3 = statement(
    f"{PAPER}/lemma-G.3",
    title="Sum of ratios with the denominator being the sum of past numerators",
    section="Appendix G (eq. (32))",
    family="log-sum",
    latex=(r"a_n \ge 0,\ \epsilon>0,\ b_n=\sum_{i=1}^n a_i:\quad "
           r"\sum_{t=1}^N \frac{a_t}{b_t+\epsilon} \le \ln\frac{b_N+\epsilon}{\epsilon}"),
    quantities=_Q,
    hypotheses=(
        Hypothesis(eps > 0, note="ϵ > 0"),
        Hypothesis(a[t] >= 0, forall=((t, 1, N),), note="non-negative sequence"),
    ),
    lhs=sp.Sum(a[t] / (sp.Sum(a[i], (i, 1, t)) + eps), (t, 1, N)),
    rhs=sp.log((sp.Sum(a[i], (i, 1, N)) + eps) / eps),
    sampler=_g3_sampler,
    sizes=_g3_sizes,
    proof=(
        ProofStep(sp.Sum(a[t] / (_B_T + eps), (t, 1, N)), sp.Sum(a[t] / (b[t] + eps), (t, 1, N)),
                  "=", "notation b_t = Σ_{i≤t} a_i (a definition: not symbolic)"),
        ProofStep(sp.Sum(a[t] / (b[t] + eps), (t, 1, N)),
                  sp.Sum(-sp.log((b[t] - a[t] + eps) / (b[t] + eps)), (t, 1, N)), "<=",
                  "x ≤ −ln(1 − x) for x < 1, with x = a_t/(b_t+ϵ)",
                  via=Known("one_minus_x_le_neg_log", x=(b[t] - a[t] + eps) / (b[t] + eps))),
        ProofStep(sp.Sum(-sp.log((b[t] - a[t] + eps) / (b[t] + eps)), (t, 1, N)),
                  sp.Sum(sp.log(b[t] + eps) - sp.log(b[t] - a[t] + eps), (t, 1, N)), "=",
                  "−ln(1 − a_t/(b_t+ϵ)) = ln(b_t+ϵ) − ln(b_t − a_t + ϵ)"),
        ProofStep(sp.Sum(sp.log(b[t] + eps) - sp.log(b[t] - a[t] + eps), (t, 1, N)),
                  sp.Sum(sp.log((b[t] + eps) / (b[t - 1] + eps)), (t, 1, N)), "=",
                  "b_t − a_t = b_{t−1} (the definition of b: not symbolic)"),
        ProofStep(sp.Sum(sp.log((b[t] + eps) / (b[t - 1] + eps)), (t, 1, N)),
                  sp.log((b[N] + eps) / (b[0] + eps)), "=", "telescoping",
                  via=Known("telescoping", F=sp.log(b[t] + eps), index=t)),
        ProofStep(sp.log((b[N] + eps) / (b[0] + eps)),
                  sp.log((sp.Sum(a[i], (i, 1, N)) + eps) / eps), "=",
                  "b_0 = 0, b_N = Σ_{i≤N} a_i (the definition: not symbolic)"),
    ),
    source="Lemma G.3 (Appendix G), used in Lemma F.3 with a_t = g²_{t,j}, ϵ → ϵ²",
    supremum=1.0,
    notes="The OCR prints the right side as 'ln b N + ϵ' with the fraction bar lost; the proof "
          "telescopes ln(b_t+ϵ) - ln(b_{t-1}+ϵ) from b_0 = 0, i.e. ln((b_N+ϵ)/ϵ), encoded here.",
)
