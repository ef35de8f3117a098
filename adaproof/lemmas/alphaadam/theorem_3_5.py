"""Theorem 3.5 (Section 3.2.1) = Theorem C.1 (Appendix C): asynchronous against synchronous
masking -- an ordering between two updates.

As printed (Theorem C.1):

    Assume 0 < σ²_min ≤ E[g_i²] ≤ σ²_max, E[g_i m_{t-1,i}] = ρ_i E[g_i²],
    m_t = β₁m_{t-1} + (1 − β₁)g_t with 0 < β₁ < 1, and the performance metric
    P(A) = α GC(A) − β DS(A) with α, β > 0.  The asynchronous masking strategy outperforms the
    synchronous masking strategy.  [Proof:] ... Therefore, E(ΔGC) > 0, and E(ΔDS) < 0 ...
    ΔP = αΔGC − βΔDS > 0.

with GC(θ, Δθ) = Δθᵀ∇L(θ) (Definition 3.1), DS(θ, Δθ) = Δθᵀ∇²L(θ)Δθ (Definition 3.2),
Δθ = θ_t − θ_{t+1} = η φ ⊙ m_t, the synchronous mask (5) φ_i = [m_{t,i}g_{t,i} ≥ 0], the
asynchronous mask (6) φ_i = [m_{t-1,i}g_{t,i} ≥ 0], equal learning rates (as the proof assumes),
and Δ = asynchronous − synchronous.

Any law of the gradient satisfies the hypotheses, in particular a point mass: a deterministic
``g`` (all ``g_i ≠ 0``, so ``σ_min > 0``) and ``m_{t-1}``, where E is the value itself.  So each
conclusion is attacked pathwise, exactly in rationals, and strictly as printed:

* ``alphaadam/theorem-3.5`` -- ``ΔP > 0`` ("outperforms");
* ``alphaadam/theorem-3.5-gc`` -- ``ΔGC > 0``: **never** true, since ``m_{t-1}g ≥ 0`` implies
  ``m_t g = β₁m_{t-1}g + (1 − β₁)g² ≥ 0`` (the asynchronous set is inside the synchronous one),
  so ``ΔGC = −η Σ_{S₁₁} m_{t,i}g_i ≤ 0``;
* ``alphaadam/theorem-3.5-ds`` -- ``ΔDS < 0``: fails when the two masks agree (``ΔDS = 0``) and
  for an indefinite Hessian.
"""
from __future__ import annotations

import torch

from ...computed import Input, computed_statement
from ...matrix import symmetric_mix
from ...registry import register
from ...sampling import choose
from ...symbolic import SeqValue

INPUTS = (
    Input("g", ("d",), "!= 0", "the gradient g_t (a point mass of the gradient law)"),
    Input("m_prev", ("d",), "R", "the momentum m_{t-1}"),
    Input("beta1", (), "(0, 1)", "β₁"), Input("eta", (), "> 0", "η (both strategies)"),
    Input("Hs", ("d", "d"), "symmetric", "the Hessian ∇²L(θ_t)"),
    Input("a", (), "> 0", "α of P(A) = αGC(A) − βDS(A)"),
    Input("b", (), "> 0", "β of P(A) = αGC(A) − βDS(A)"),
)


def _sizes(gen: torch.Generator, preset: str) -> dict:
    return {"d": choose(gen, (1, 2, 3, 4, 8))}


def _sample(ctx) -> dict:
    B, d = ctx.B, ctx.sizes["d"]
    nice = ctx.rand(B) < 0.5
    g = ctx.randn(B, d)
    g = torch.where(g == 0, torch.ones_like(g), g)
    mp = ctx.randn(B, d) * torch.exp(ctx.randn(B, 1))
    g = torch.where(nice[:, None], torch.round(g * 4).clamp_min(1) * torch.sign(g), g)
    mp = torch.where(nice[:, None], torch.round(mp * 4) / 4, mp)
    b1 = torch.where(nice, torch.round(ctx.rand(B) * 7 + 1) / 8, ctx.rand(B) * 0.998 + 0.001)
    sv = lambda x: SeqValue(x.contiguous(), (1,) * (x.dim() - 1))  # noqa: E731
    return {"g": sv(g), "m_prev": sv(mp), "beta1": b1, "eta": torch.exp(ctx.randn(B) - 2),
            "Hs": sv(symmetric_mix(ctx, d)), "a": torch.exp(ctx.randn(B) * 2),
            "b": torch.exp(ctx.randn(B) * 2)}


def _hyps(ops, v):
    g, H = v["g"], v["Hs"]
    one = 1 + 0 * v["beta1"]
    return [("g_i != 0 (sigma_min > 0)", ops.all(ops.gt(g * g, 0 * g), -1)),
            ("0 < beta1 < 1", ops.gt(v["beta1"], 0 * one) & ops.gt(one, v["beta1"])),
            ("eta > 0", ops.gt(v["eta"], 0 * one)),
            ("alpha > 0, beta > 0", ops.gt(v["a"], 0 * one) & ops.gt(v["b"], 0 * one)),
            ("Hessian symmetric", ops.all(ops.all(ops.eq(H, ops.T(H)), -1), -1))]


def parts(ops, v):
    """(GC_sync, GC_async, DS_sync, DS_async) of the two masked updates."""
    g, mp, b1, eta, H = v["g"], v["m_prev"], v["beta1"], v["eta"], v["Hs"]
    m = b1[..., None] * mp + (1 - b1[..., None]) * g
    phi_sync = ops.step(m * g)     # (5): m_t g_t >= 0
    phi_async = ops.step(mp * g)   # (6): m_{t-1} g_t >= 0
    out = []
    for phi in (phi_sync, phi_async):
        step = eta[..., None] * phi * m  # Δθ = θ_t − θ_{t+1}
        gc = ops.sum(step * g, -1)
        ds = ops.sum(ops.sum(step[..., :, None] * H * step[..., None, :], -1), -1)
        out.append((gc, ds))
    (gc1, ds1), (gc2, ds2) = out
    return gc1, gc2, ds1, ds2


def _dp(ops, v):
    gc1, gc2, ds1, ds2 = parts(ops, v)
    a, b = v["a"], v["b"]
    scale = a * (ops.abs(gc1) + ops.abs(gc2)) + b * (ops.abs(ds1) + ops.abs(ds2))
    return 0 * scale, a * (gc2 - gc1) - b * (ds2 - ds1), scale


def _dgc(ops, v):
    gc1, gc2, _, _ = parts(ops, v)
    return 0 * gc1, gc2 - gc1, ops.abs(gc1) + ops.abs(gc2)


def _dds(ops, v):
    _, _, ds1, ds2 = parts(ops, v)
    return ds2 - ds1, 0 * ds1, ops.abs(ds1) + ops.abs(ds2)


_COMMON = dict(kind="theorem", number="3.5", section="3.2.1; Theorem C.1 (Appendix C)",
               inputs=INPUTS, size_names={"d": "dimension d"}, sizes=_sizes, sampler=_sample,
               hyps=_hyps, strict=True, ratio_kind="relative", computed_kind="relation",
               expected="violated",
               hypotheses_latex=(
                   r"g_i \ne 0\ (\sigma_{\min}>0),\ 0<\beta_1<1,\ \eta>0,\ \alpha,\beta>0,\ "
                   r"\nabla^2L(\theta_t) = H^\top",
                   r"m_t = \beta_1 m_{t-1} + (1-\beta_1)g_t,\ \Delta\theta = \eta\,\phi\odot m_t,\ "
                   r"\phi^{(5)}_i = [m_{t,i}g_i\ge0],\ \phi^{(6)}_i = [m_{t-1,i}g_i\ge0]",
                   r"\text{a point mass of the gradient law (E is the value)}"))

THEOREM_3_5 = register(computed_statement(
    "alphaadam/theorem-3.5",
    title="Theorem 3.5 / C.1: asynchronous masking outperforms synchronous (ΔP > 0)",
    latex=(r"\Delta P = \alpha\,\Delta GC - \beta\,\Delta DS > 0 \quad(\text{the asynchronous "
           r"masking strategy outperforms the synchronous masking strategy})"),
    sides=_dp, lhs_latex="0",
    rhs_latex=r"\alpha(GC^{(6)} - GC^{(5)}) - \beta(DS^{(6)} - DS^{(5)})",
    source="Theorem 3.5 (Section 3.2.1); Theorem C.1 and the last display of its proof",
    notes="Violated (exact): whenever the two masks agree ΔP = 0, and ΔGC ≤ 0 always.",
    **_COMMON))

THEOREM_3_5_GC = register(computed_statement(
    "alphaadam/theorem-3.5-gc",
    title="Proof of Theorem C.1: E(ΔGC) > 0",
    latex=r"\mathbb{E}(\Delta GC) > 0",
    sides=_dgc, lhs_latex="0", rhs_latex=r"GC^{(6)} - GC^{(5)}",
    source="Proof of Theorem C.1 ('Therefore, E(ΔGC) > 0')",
    notes="Never holds: S₂ ⊆ S₁ (m_{t−1}g ≥ 0 ⇒ m_t g ≥ 0), so ΔGC = −η Σ_{S₁₁} m_t g ≤ 0.",
    **_COMMON))

THEOREM_3_5_DS = register(computed_statement(
    "alphaadam/theorem-3.5-ds",
    title="Proof of Theorem C.1: E(ΔDS) < 0",
    latex=r"\mathbb{E}(\Delta DS) < 0",
    sides=_dds, lhs_latex=r"DS^{(6)} - DS^{(5)}", rhs_latex="0",
    source="Proof of Theorem C.1 ('E(ΔDS) = E(−η₁² Σ Σ_{S₁₁} E[g_i²]) < 0')",
    notes="Violated: ΔDS = 0 when the masks agree; positive for some indefinite Hessians.",
    **_COMMON))
