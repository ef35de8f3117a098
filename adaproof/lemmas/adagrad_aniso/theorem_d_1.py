r"""Theorem D.1 (Appendix D, convex SGD, Option I) on box-constrained diagonal quadratics, in
expectation by exact enumeration.

Liu, Pan, Zhang, *AdaGrad under anisotropic smoothness* (ICLR 2025).  Explicit form (the proof of
Theorem D.1, read in :mod:`adaproof.bounds.adagrad_aniso`): with η_t = min{1/‖L‖∞,
p√(D₂²M/(‖σ‖₂²(t+1)))}, p = 1/√2, E[f(w̄_T) − f(w*)] ≤ ‖L‖∞D₂²/T + 2√2 D₂‖σ‖₂/√(MT), M = 1.

``adagrad_aniso/theorem-D.1`` (``theorem-D.1-boundary`` is an alias): Assumption 3.1 as printed --
    the minimiser over W may lie
    on the boundary of W with ∇f(w*) ≠ 0.  The proof uses ⟨∇f(w_t), w_t − w*⟩ ≥ ‖∇f(w_t)‖²/‖L‖∞
    (co-coercivity against ∇f(w*) = 0), which fails there; the average w̄_T includes w₀, whose gap
    f(w₀) − f* ≈ ‖∇f(w*)‖·D is not bounded by ‖L‖∞D₂².
``adagrad_aniso/theorem-D.1@corrected``: the minimiser c of f inside W (∇f(w*) = 0).

Instances: W = Π[lo_j, lo_j + D] (D₂ = √d D), f = Σ h_j/2 (w_j − c_j)² (convex, L = h), H ≥ max h
(‖L‖∞), w* = clip(c, W) (f separable), M = 1, n_t = σξ_t with a 2-point law (E ξ = 0, E ξ² ≤ 1),
‖σ‖₂ > 0 (the step divides by it).  The Euclidean projection onto the box is the clip.
"""
from __future__ import annotations

import dataclasses

import sympy as sp
import torch

from ...algorithms.adagrad_aniso import Box, SGDAniso
from ...bounds.adagrad_aniso import (D, THEOREM_4_1_STATEMENT, _G, _sampler_41, c, eps, h, i,
    lo, s, t, w, w0)
from ...registry import alias, register
from ...sampling import log_uniform
from ...statement import Hypothesis, Quantity, Recurrence, TrajectorySource
from ...symbolic import SeqValue
from ._common import PAPER
from .theorem_4_1 import W0_REASON, _c_anywhere, _no_w0, _sampler_boundary, _w0_anywhere

T = sp.Symbol("T", integer=True, positive=True)
d = sp.Symbol("d", integer=True, positive=True)
Hs = sp.Symbol("H", real=True)
k = sp.Symbol("k", integer=True)
_S2 = sp.Sum(s[k] ** 2, (k, 1, d))
_ETA = lambda tt: sp.Min(1 / Hs, sp.sqrt(d * D ** 2 / (2 * _S2 * tt)))  # η_{tt−1}
_WSTAR = sp.Min(sp.Max(c[i], lo[i]), lo[i] + D)
_wb = sp.Sum(w[t, i], (t, 0, T - 1)) / T


def _fix(out, ctx):
    sv = out["s"].data
    dead = (sv == 0).all(1, keepdim=True)
    gs = (out["h"].data * out["D"][:, None]).mean(1, keepdim=True)
    out["s"] = SeqValue(torch.where(dead, gs * log_uniform(ctx, 1e-4, 1e2, sv.shape[1]), sv), (1,))
    hv = out["h"].data
    out["H"] = hv.amax(1) * torch.where(ctx.rand(ctx.B) < 0.8, torch.ones(ctx.B, dtype=ctx.dtype),
                                        1 + log_uniform(ctx, 1e-6, 10.0))
    out.pop("eps", None)
    return out


def _build(env):
    hv, cv, sv, xv, lov, Dv, Hv = (env["h"].data, env["c"].data, env["s"].data, env["xi"].data,
                                   env["lo"].data, env["D"], env["H"])
    dn = hv.shape[1]
    S2 = (sv ** 2).sum(1)
    lr = lambda tt: torch.minimum(1 / Hv, torch.sqrt(dn * Dv ** 2 / (2 * S2 * tt)))
    return SGDAniso(lr=lr, domain=Box(lov, lov + Dv[:, None])), {
        "x0": env["w0"].data, "T": env["T"],
        "oracle": lambda xx, tt: hv * (xx - cv) + sv * xv[:, tt - 1:tt]}


_Q = tuple(q for q in THEOREM_4_1_STATEMENT.quantities if q.name not in ("eps", "v")) + (
    Quantity("H", "scalar", ">= max h", "‖L‖∞ used by the step size (any H ≥ max h)"),)
_H = tuple(hh for hh in THEOREM_4_1_STATEMENT.hypotheses if eps not in hh.relation.free_symbols) + (
    Hypothesis(sp.LessThan(h[i], Hs), forall=((i, 1, d),), note="H ≥ ‖L‖∞"),
    Hypothesis(sp.StrictGreaterThan(_S2, 0), note="‖σ‖₂ > 0 (the step size divides by it)"))
_NO_C = _no_w0(tuple(hh for hh in _H if c[i] not in hh.relation.atoms(sp.Indexed)))  # w₀ ∈ ℝ^d too

_BASE = dataclasses.replace(
    THEOREM_4_1_STATEMENT, id=f"{PAPER}/theorem-D.1", number="D.1",
    title="SGD (Option I, η_t = min{1/‖L‖∞, √(D₂²/(2‖σ‖₂²(t+1)))}) on box-constrained diagonal "
          "quadratics, in expectation",
    section="Appendix D",
    latex=(r"\mathbb{E}[f(\bar w_T)-f(w^*)]\le\frac{\|L\|_\infty D_2^2}{T}+\frac{2\sqrt2D_2\|\sigma"
           r"\|_2}{\sqrt{MT}}"),
    quantities=_Q, hypotheses=_H,
    lhs=sp.Sum(h[i] / 2 * ((_wb - c[i]) ** 2 - (_WSTAR - c[i]) ** 2), (i, 1, d)),
    rhs=Hs * d * D ** 2 / T + 2 * sp.sqrt(2) * sp.sqrt(d) * D * sp.sqrt(_S2) / sp.sqrt(T),
    sampler=lambda ctx: _fix(_sampler_41(ctx), ctx),
    trajectory=TrajectorySource(build=_build, read={"x": ("w", (0, 1))}),
    recurrences=(Recurrence("w", t, 1, w0[i],
                            sp.Min(sp.Max(w[t - 1, i] - _ETA(t) * _G, lo[i]), lo[i] + D)),),
    source="Theorem D.1 with the explicit bound of its proof (Appendix D), p = 1/√2",
    notes=("W a hypercube of side D, f = Σ h_j/2 (w_j − c_j)², c ∈ W (w* = c), M = 1, 2-point "
           "noise law; exact enumeration of the 2^T paths."))
# Theorem D.1 as printed: Assumption 3.1 asks only w* = argmin_W f, so c (the unconstrained
# minimiser) is anywhere and w* = clip(c, W) (theorem-D.1-boundary, the same claim, is now an
# alias of this id).  The restricted family (c ∈ W, so ∇f(w*) = 0) is its corrected variant; which
# hypothesis each restriction enforces: c ∈ W -- ∇f(w*) = 0 (the correction, not in the paper);
# w₀ ∈ W -- the second correction: Algorithm 2 takes w₀ ∈ ℝ^d (the printed id takes w₀ anywhere),
# but the proof bounds ‖w₀ − w*‖₂² by D₂² (η₀‖w₀ − w*‖² ≤ D₂²/η₀ via eq. (2)); h > 0 -- Assumptions 3.1 (convex), 3.3 (L = h); H ≥ max h --
# the step's ‖L‖∞; σ ≥ 0, E ξ = 0, E ξ² ≤ 1 -- Assumptions 3.4, 3.5 (M = 1); ‖σ‖₂ > 0 -- the step
# divides by it.
THEOREM_D_1 = register(dataclasses.replace(
    _BASE, hypotheses=_NO_C, quantities=_w0_anywhere(_c_anywhere(_Q)),
    sampler=lambda ctx: _fix(_sampler_boundary(ctx), ctx), expected="violated",
    source="Theorem D.1 with the explicit bound of its proof (Appendix D), p = 1/√2, under its "
           "hypotheses as printed (Assumption 3.1: w* = argmin_W f; Algorithm 2's w₀ ∈ ℝ^d)",
    notes=("W a hypercube of side D, f = Σ h_j/2 (w_j − c_j)² with c anywhere (w* = clip(c, W)), "
           "w₀ anywhere, "
           "M = 1, 2-point noise law; exact enumeration of the 2^T paths.  Violated when w* is on "
           "W's boundary with ∇f(w*) ≠ 0: the proof's ⟨∇f(w), w − w*⟩ ≥ ‖∇f(w)‖²/‖L‖∞ needs "
           "∇f(w*) = 0; also with w₀ outside W (the proof bounds ‖w₀ − w*‖₂ by D₂).  "
           "theorem-D.1@corrected adds ∇f(w*) = 0 (c ∈ W) and w₀ ∈ W.")))

THEOREM_D_1_CORRECTED = register(dataclasses.replace(
    _BASE, variant="corrected", expected="holds",
    reason=("the proof's co-coercivity step ⟨∇f(w), w − w*⟩ ≥ ‖∇f(w)‖²/‖L‖∞ needs ∇f(w*) = 0: "
            "the theorem holds when the minimiser over W is a stationary point (here c ∈ W); and "
            + W0_REASON.replace("eq. (2), W's diameter", "D₂, eq. (2)").replace(
                "Algorithm 1", "Algorithm 2")),
    notes=("Corrected by ∇f(w*) = 0 (c ∈ W) and w₀ ∈ W (lo ≤ w₀ ≤ lo + D); otherwise as "
           "printed.  " + _BASE.notes)))

# Retired ids (the same claims as theorem-D.1 and theorem-D.1@corrected): aliases
alias(f"{PAPER}/theorem-D.1-boundary", f"{PAPER}/theorem-D.1")
alias(f"{PAPER}/theorem-D.1-boundary@corrected", f"{PAPER}/theorem-D.1@corrected")
