r"""Corollary 3.6 (Section 3.2) as printed, attacked through the noise floor of its measured side.

As printed: "For β₁ = 0, 1 − β₂ = Θ(log T/T), ε = 0, η = Θ(√((L(x₀) − min L)/(TΣH_i))) and
v₀ > (…)/poly(T), we have that min_{T/2<t≤T} E‖g_t‖₁ = O(√(R/T) + √(Σσ_i (R/T)^{1/4}) +
Σσ_i (log T/T)^{1/4} + δ_T)", with g_t = ∇L_t(x_{t−1}) Algorithm 1's *stochastic* gradient.

Explicit form: Theorem 3.5's constants (Theorem 3.11 at Φ_Adam) at the corollary's schedule
η = c_η√(Δ/(TΣH_i)), 1 − β₂ = c_β log T/T, ε = 0 -- the right side of
:data:`adaproof.bounds.adam_linf.COROLLARY_3_6` (``B(T)``).

The measured side needs no simulation: with the ±σ_i noise of Assumption 3.4 (L_t(x) = L(x) +
Σ_i σ_iξ_{t,i}x_i, ξ_{t,i} = ±1 with probability 1/2, independent of x_{t−1}),
E[|a + σξ| | a] = max(|a|, σ) ≥ σ, so **E‖g_t‖₁ ≥ Σ_i σ_i for every t and every run** (an exact
identity, no sampling).  Hence the printed claim implies ``Σ_i σ_i ≤ B(T)``, and a violation of
the latter is a violation of the corollary:

* ``adam_linf/corollary-3.6-noise-floor`` -- ``Σσ_i ≤ B(T)`` on the instances L(x) = Σ_i h_i x_i²/2
  (H_i = h_i exactly, min L = 0, Δ = L(x₀)), with ‖∇L(x₀)‖_∞² replaced by Σ_i(h_ix_{0,i})² ≥ it
  (B only grows, so a violation stays sound).  Decided exactly (SymPy/mpmath at 60 and 120
  digits) at any T, including the T ≈ 2.3·10³ .. 10⁶ where B(T) falls below Σσ_i -- far beyond
  the 2^T paths an enumeration of the noise would need, and without Monte-Carlo error.
  Expected violated.  (The corrected reading, measured on ∇L(x_{t−1}), is
  ``adam_linf/corollary-3.6@corrected``.)
"""
from __future__ import annotations

import math

import sympy as sp
import torch

from ...bounds.adam_linf import COROLLARY_3_6
from ...registry import register
from ...sampling import log_uniform
from ...statement import Hypothesis, Quantity, SampleContext, Statement
from ...symbolic import SeqValue
from ._common import PAPER

i = sp.Symbol("i", integer=True)
T = sp.Symbol("T", integer=True, positive=True)
d = sp.Symbol("d", integer=True, positive=True)
c_eta, c_beta, v0 = sp.symbols("c_eta c_beta v0", real=True)
h, sig, x0 = sp.IndexedBase("h"), sp.IndexedBase("sigma"), sp.IndexedBase("x0")

_S = lambda e: sp.Sum(e, (i, 1, d))  # noqa: E731
_BY_NAME = {"T": T, "d": d, "c_eta": c_eta, "c_beta": c_beta, "v0": v0,
            "Delta": _S(h[i] * x0[i] ** 2 / 2), "sumH": _S(h[i]), "sumH2": _S(h[i] ** 2),
            "sumsig": _S(sig[i]), "sumsig2": _S(sig[i] ** 2), "G0": _S((h[i] * x0[i]) ** 2)}
BOUND = COROLLARY_3_6.expr.xreplace({s: _BY_NAME[s.name] for s in COROLLARY_3_6.expr.free_symbols})

_QS = (
    Quantity("T", "size", ">= 2", "number of steps T (even)"),
    Quantity("d", "size", ">= 1", "dimension d"),
    Quantity("c_eta", "scalar", "> 0", "η = c_η √(Δ/(T Σ_i H_i))"),
    Quantity("c_beta", "scalar", "> 0", "1 − β₂ = c_β log T / T"),
    Quantity("v0", "scalar", "> 0", "v₀ (ε = 0)"),
    Quantity("h", "sequence", "> 0", "H_i = h_i: L(x) = Σ_i h_i x_i²/2", (1,), ("d",)),
    Quantity("sigma", "sequence", "> 0", "σ_i: ±σ_i noise (Assumption 3.4 with equality)",
             (1,), ("d",)),
    Quantity("x0", "sequence", "R", "x₀", (1,), ("d",)),
)
_HYPS = (
    Hypothesis(sp.StrictGreaterThan(c_eta, 0), note="η > 0"),
    Hypothesis(sp.StrictGreaterThan(c_beta, 0), note="β₂ < 1"),
    Hypothesis(sp.StrictLessThan(c_beta * sp.log(T), T), note="β₂ = 1 − c_β log T/T > 0"),
    Hypothesis(sp.StrictGreaterThan(v0, 0), note="v₀ > 0 (ε = 0)"),
    Hypothesis(sp.StrictGreaterThan(h[i], 0), forall=((i, 1, d),), note="H_i > 0"),
    Hypothesis(sp.StrictGreaterThan(sig[i], 0), forall=((i, 1, d),), note="σ_i > 0"),
    Hypothesis(sp.StrictGreaterThan(_S(h[i] * x0[i] ** 2), 0), note="Δ = L(x₀) − min L > 0"),
)


def _sizes(gen: torch.Generator, preset: str) -> dict:
    # T = 2 .. 2^20, three quarters of the batches at T >= 2^10 (where B(T) can fall below Σσ_i)
    lo = 10 if float(torch.rand((), generator=gen)) < 0.75 else 1
    k = int(torch.randint(lo, 21, (1,), generator=gen))
    return {"T": 2 ** k, "d": int(torch.randint(1, 4, (1,), generator=gen))}


def _sampler(ctx: SampleContext) -> dict:
    B, dn, Tn = ctx.B, ctx.sizes["d"], ctx.sizes["T"]
    cb = log_uniform(ctx, 0.05, 20.0)
    cb = torch.minimum(cb, torch.full_like(cb, 0.9 * Tn / max(math.log(Tn), 1e-9)))
    return {"c_eta": log_uniform(ctx, 0.05, 20.0), "c_beta": cb,
            "v0": log_uniform(ctx, 1e-6, 1e2),
            "h": SeqValue(log_uniform(ctx, 1e-3, 1e2, dn), (1,)),
            "sigma": SeqValue(log_uniform(ctx, 1e-2, 1e2, dn), (1,)),
            "x0": SeqValue(ctx.randn(B, dn) * log_uniform(ctx, 1e-6, 10.0).unsqueeze(1), (1,))}


COROLLARY_3_6_FLOOR = register(Statement(
    id="adam_linf/corollary-3.6-noise-floor", paper=PAPER, kind="corollary", number="3.6",
    title="Corollary 3.6 as printed: its measured side E‖g_t‖₁ ≥ Σσ_i against the explicit bound",
    section="3.2", family="rate",
    latex=(r"\sum_i\sigma_i\le\min_{\frac T2<t\le T}\mathbb E\|g_t\|_1\le B(T),\quad B(T) = "
           r"2\sqrt2E+\sqrt{2E}\sqrt{\tfrac{4\beta_2^{T/4}}{T(1-\beta_2)}d\sqrt{v_0}+\sum_i"
           r"\sigma_i},\ \eta=c_\eta\sqrt{\tfrac{\Delta}{T\sum_iH_i}},\ 1-\beta_2=c_\beta"
           r"\tfrac{\log T}{T},\ \epsilon=0"),
    quantities=_QS, hypotheses=_HYPS, lhs=_S(sig[i]), rhs=BOUND,
    sampler=_sampler, sizes=_sizes, expected="violated",
    source="Corollary 3.6 (Section 3.2) with Theorem 3.5's constants (Theorem 3.11, Appendix "
           "C.1, at Φ_Adam); E|a + σξ| = max(|a|, σ) for ξ = ±1 (the noise floor)",
    notes="The left side is an exact lower bound of the printed measured side "
          "min_{T/2<t≤T} E‖g_t‖₁ under ±σ_i noise, so a violation here violates the printed "
          "corollary; B(T) is increased (never decreased) by Δ ≥ E[L(x₀) − L(x_T)] and "
          "Σ_i(h_ix_{0,i})² ≥ ‖∇L(x₀)‖_∞².  'Holds' would say nothing about the printed claim.",
))
