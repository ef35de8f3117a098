"""The set S12 of the proof of Theorem C.1 (= Theorem 3.5) *along a run of the momentum*.

As printed (Appendix C, after line 597): "for i ∈ S12 ... m_{t−1,i}g_{t,i} > 0", with S1 the
synchronous mask (5) m_t ⊙ g_t ≥ 0 and S2 the asynchronous mask (6) m_{t−1} ⊙ g_t ≥ 0 (both ≥ as
printed), S12 = S1 ∩ S2, and m_t = β₁m_{t−1} + (1−β₁)g_t from m_0 = 0 (Algorithm 1's h_0, as
Lemma E.2's expansion uses).  :mod:`.theorem_3_5_s11` encodes the claim for free values of
m_{t−1}; here m_{t−1} is *computed by the algorithm* from the gradients g_1..g_T:

* ``alphaadam/theorem-3.5-s12-run`` (strict, as printed), at the last step t = T of a run:
  ``(1−β₁)/β₁·g_T² < m_{T−1}g_T + (1−β₁)/β₁·g_T²`` for every coordinate in S12 at step T.
  Violated by an *exact equality*, m_{T−1,i}g_{T,i} = 0: at T = 1 (m_0 = 0), or where the
  momentum cancels (g_2 = −β₁g_1 gives m_2 = 0).  Float64 cannot establish an equality; the
  strict-conclusion probe (:mod:`adaproof.conclusions`) snaps the best candidate to dyadic
  rationals and runs the recurrence m_t exactly in SymPy before proving ``rhs − lhs = 0``.
* ``@corrected``: ``≤`` (mask (6) is ≥ 0): holds.
"""
from __future__ import annotations

import dataclasses

import sympy as sp
import torch

from ...algorithms.adam_linf import AdamLinf
from ...declare import corrected
from ...registry import register
from ...statement import (Hypothesis, Quantity, Recurrence, SampleContext, Statement,
                          TrajectorySource)
from ...symbolic import SeqValue
from ._common import PAPER, T, beta1, d, g, l, m, t

_C = (1 - beta1) / beta1


def _build(env):
    # Algorithm 1's momentum m_t = β₁m_{t−1} + (1−β₁)g_t (AdamLinf records exactly this m_t;
    # its step and v_t are not read)
    alg = AdamLinf(lr=1.0, beta1=env["beta1"], beta2=0.5, eps=1.0, v0=1.0)
    return alg, {"x0": torch.zeros_like(env["g"].data[:, 0]), "grads": env["g"].data}


_QS = (
    Quantity("beta1", "scalar", "(0, 1)", "β₁ (Theorem C.1: 0 < β₁ < 1)"),
    Quantity("T", "size", ">= 1", "the step t = T at which S12 is read"),
    Quantity("d", "size", ">= 1", "number of coordinates"),
    Quantity("g", "sequence", "R", "gradients g_{t,i}", (1, 1), ("T", "d")),
    Quantity("m", "trajectory", "R", "momentum m_{t,i}, m_0 = 0", (0, 1), ("T", "d")),
)
_TRAJ = TrajectorySource(build=_build, read={"m": ("m", (0, 1))}, series=("m",))
_RECS = (Recurrence("m", t, 1, sp.Integer(0), beta1 * m[t - 1, l] + (1 - beta1) * g[t, l]),)
_HYPS = (
    Hypothesis(sp.And(sp.StrictGreaterThan(beta1, 0), sp.StrictLessThan(beta1, 1)),
               note="Theorem C.1: 0 < β₁ < 1"),
    Hypothesis(sp.GreaterThan(m[T, l] * g[T, l], 0), forall=((l, 1, d),),
               note="i ∈ S1 at step T: mask (5), m_{T,i}g_{T,i} ≥ 0"),
    Hypothesis(sp.GreaterThan(m[T - 1, l] * g[T, l], 0), forall=((l, 1, d),),
               note="i ∈ S2 at step T: mask (6), m_{T−1,i}g_{T,i} ≥ 0"),
)


def _sampler(ctx: SampleContext) -> dict:
    """β₁ = 2^{−k} (k = 1..6) or uniform; gradients: small signed integers times a power of two
    (so cancellations are exact); for T ≥ 3, in a third of the candidates g_2 = −β₁g_1, which
    makes m_2 = 0 (a run whose momentum returns to 0)."""
    B, Tn, dn = ctx.B, ctx.sizes["T"], ctx.sizes["d"]
    k = ctx.randint(1, 7, B).to(ctx.dtype)
    b1 = torch.where(ctx.rand(B) < 0.7, torch.exp2(-k), ctx.rand(B).clamp(1e-3, 1 - 1e-3))
    gv = (ctx.randint(1, 8, B, Tn, dn).to(ctx.dtype)
          * torch.where(ctx.rand(B, Tn, dn) < 0.5, -1.0, 1.0).to(ctx.dtype)
          * torch.exp2(ctx.randint(-3, 4, B, 1, 1).to(ctx.dtype)))
    if Tn >= 3:  # m_2 = 0 when g_2 = −β₁g_1 (then m_{T−1} = 0 at T = 3)
        cancel = (ctx.rand(B) < 1 / 3)[:, None]
        gv[:, 1] = torch.where(cancel, -b1[:, None] * gv[:, 0], gv[:, 1])
    return {"beta1": b1, "g": SeqValue(gv, (1, 1))}


def _sizes(gen: torch.Generator, preset: str) -> dict:
    Tn = int(torch.randint(1, 5, (1,), generator=gen))
    dn = int(torch.randint(1, 3, (1,), generator=gen))
    return {"T": Tn, "d": dn}


S12_RUN = register(Statement(
    id="alphaadam/theorem-3.5-s12-run", paper=PAPER, kind="claim", number="3.5-s12",
    title="i ∈ S12 at step T of a run ⟹ m_{T−1,i}g_{T,i} > 0 (strict, as printed; m from the "
          "algorithm)",
    section="Appendix C, proof of Theorem C.1", family="other",
    latex=r"i\in S_{12}\text{ at step }T:\ m_{T-1,i}g_{T,i}>0,\quad m_t=\beta_1m_{t-1}+(1-\beta_1)"
          r"g_t,\ m_0=0",
    quantities=_QS, hypotheses=_HYPS,
    lhs=_C * g[T, l] ** 2, rhs=m[T - 1, l] * g[T, l] + _C * g[T, l] ** 2, strict=True,
    forall=((l, 1, d),), trajectory=_TRAJ, recurrences=_RECS, sampler=_sampler, sizes=_sizes,
    expected="violated",
    source="Proof of Theorem C.1 (Appendix C, S12 after line 597), with m_t of Algorithm 1",
    notes="Both sides shifted by (1−β₁)/β₁·g_T² (as in theorem-3.5-s12).  Violated by exact "
          "equality m_{T−1}g_T = 0 along a run: T = 1 (m_0 = 0) or a cancelling momentum; the "
          "probe runs the recurrence exactly in SymPy on the dyadic-snapped input.",
))
S12_RUN_CORRECTED = register(dataclasses.replace(corrected(
    S12_RUN, reason="mask (6) is m_{t−1}g_t ≥ 0: S12 contains m_{t−1}g_t = 0 (m_0 = 0 at t = 1, "
                    "or a momentum that cancels)",
    latex=r"i\in S_{12}\text{ at step }T:\ m_{T-1,i}g_{T,i}\ge0", register=False), strict=False))
