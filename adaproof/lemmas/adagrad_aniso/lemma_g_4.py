r"""Lemma G.4, eq. (33) (Appendix G).

Liu, Pan, Zhang, *AdaGrad under anisotropic smoothness* (ICLR 2025); the OCR lost most
symbols, so the printed forms below are the statements as re-typed from the paper.

``adagrad_aniso/lemma-G.4`` (LEMMA_G4): Solving the inequality x ≤ C0 + C1 ln x
    printed: C_1, C_0 \ge 0,\ x>0,\ x \le C_0 + C_1\ln x \ \Rightarrow\ \forall \zeta\ge5:\ x
        \le 2C_0 + \zeta C_1 \ln(C_1+e)
    source: Lemma G.4 (Appendix G), applied in Lemma F.4 with x = E[tr(Λ_{T-1})]/ϵ
"""
from __future__ import annotations

import math

import sympy as sp
import torch

from ...declare import declared, scalar, statement
from ...sampling import log_uniform
from ...statement import Hypothesis, SampleContext
from ._common import PAPER

C0 = scalar("C0", ">= 0", "C_0")
C1 = scalar("C1", ">= 0", "C_1")
x = scalar("x", "> 0", "x")
zeta = scalar("zeta", ">= 5", "ζ")
# the quantities in this order, whatever other modules declared first
_Q = tuple(declared()[n] for n in ("C0", "C1", "x", "zeta"))


def _g4_sampler(ctx: SampleContext) -> dict:
    """C0, C1 ≥ 0 log-uniform over 16 decades (exact zeros 15 % each), ζ = 5 mostly (else
    ζ > 5); x on the feasible set {x > 0: x ≤ C0 + C1 ln x}, mostly just below its largest
    point (the worst case: the conclusion is monotone in x), found by bisection in float."""
    B = ctx.B
    c0 = log_uniform(ctx, 1e-8, 1e8) * (ctx.rand(B) >= 0.15)
    c1 = log_uniform(ctx, 1e-8, 1e8) * (ctx.rand(B) >= 0.15)
    near_e = ctx.rand(B) < 0.1  # C1 ≈ e with C0 = 0: the feasible set shrinks to a point
    c1 = torch.where(near_e, math.e * (1 + log_uniform(ctx, 1e-6, 1.0)), c1)
    c0 = torch.where(near_e, torch.zeros_like(c0), c0)
    both0 = (c0 == 0) & (c1 == 0)
    c0 = torch.where(both0, torch.ones_like(c0), c0)
    # feasibility: min of h(x) = x - C1 ln x - C0 is at x = C1
    pos = c1 > 0
    safe1 = torch.where(pos, c1, torch.ones_like(c1))
    need = torch.where(pos, safe1 * (1 - torch.log(safe1)), torch.zeros_like(c1))
    c0 = torch.where(need > c0, need * (1 + 1e-6) + 1e-300, c0)

    def h(z):
        return z - torch.where(pos, c1 * torch.log(z), torch.zeros_like(z)) - c0

    lo = torch.where(pos, safe1, c0 * 1e-3)
    lo = torch.where(h(lo) <= 0, lo, c0.clamp_min(1e-300))
    hi = torch.maximum(torch.maximum(2 * c1, 2 * c0), torch.ones_like(c0)) * 2
    for _ in range(200):
        bad = h(hi) <= 0
        if not bool(bad.any()):
            break
        hi = torch.where(bad, hi * 4, hi)
    for _ in range(120):
        mid = torch.sqrt(lo * hi)
        ok = h(mid) <= 0
        lo, hi = torch.where(ok, mid, lo), torch.where(ok, hi, mid)
    top = lo * (1 - 2.0 ** -44)
    u = ctx.rand(B)
    inner = torch.maximum(torch.where(pos, safe1, torch.zeros_like(c1)), top * u)
    xs = torch.where(ctx.rand(B) < 0.7, top, torch.minimum(inner, top))
    z = torch.where(ctx.rand(B) < 0.7, torch.full_like(c0, 5.0), 5.0 + log_uniform(ctx, 1e-6, 1e3))
    return {"C0": c0, "C1": c1, "x": xs, "zeta": z}


LEMMA_G4 = statement(
    f"{PAPER}/lemma-G.4",
    title="Solving the inequality x ≤ C0 + C1 ln x",
    section="Appendix G (eq. (33))",
    family="log-sum",
    latex=(r"C_1, C_0 \ge 0,\ x>0,\ x \le C_0 + C_1\ln x \ \Rightarrow\ \forall \zeta\ge5:\ "
           r"x \le 2C_0 + \zeta C_1 \ln(C_1+e)"),
    quantities=_Q,
    hypotheses=(
        Hypothesis((C0 >= 0) & (C1 >= 0),
                   note="'Assume C1, C0 ≥ 0' (OCR 'C1 C0 0'; the reading C1 ≥ C0 ≥ 0 is a "
                        "sub-case of this one)"),
        Hypothesis(x > 0, note="x > 0"),
        Hypothesis(C0 + C1 * sp.log(x) >= x, note="x ≤ C0 + C1 ln x"),
        Hypothesis(zeta >= 5, note="'for ζ ≥ 5' (the proof takes ζ = 5)"),
    ),
    lhs=x,
    rhs=2 * C0 + zeta * C1 * sp.log(C1 + sp.E),
    # kept: the derived attack stays below (docs/hand-samplers.md)
    sampler=_g4_sampler,
    sizes=lambda gen, preset: {},
    source="Lemma G.4 (Appendix G), applied in Lemma F.4 with x = E[tr(Λ_{T-1})]/ϵ",
    notes="The supremum of x/(2C0 + 5C1 ln(C1+e)) over the domain is about 0.5077 (a grid over "
          "C0, C1 ∈ [1e-10, 1e15] puts it near C0 ≈ 126, C1 ≈ 2, ζ = 5): the lemma is loose by 2.",
)
