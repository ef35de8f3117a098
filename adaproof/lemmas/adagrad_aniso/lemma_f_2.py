r"""Lemma F.2, eq. (23) (Appendix F): in conditional expectation, its pathwise parts (the two
cases), and the steps of its proof (the cases combined per coordinate, the Jensen step).

Liu, Pan, Zhang, *AdaGrad under anisotropic smoothness* (ICLR 2025); the OCR lost most
symbols, so the printed forms below are the statements as re-typed from the paper.

``adagrad_aniso/lemma-F.2`` (LEMMA_F2): Lemma F.2 (23): Σ_j L_{1,j}|∇f_{t,j}|E_t[g²/λ²] ≤ 2‖L1‖∞⟨∇f,
    Λ̃_t⁻¹∇f⟩ + Σ_j L_{1,j}σ_jE_t[g²/λ²]
    printed: \sum_{j=1}^d L_{1,j}|\nabla_{t,j}|E_t\Big[\frac{g_{t,j}^2}{\lambda_{t,j}^2}\Big]
        \le 2\|L_1\|_\infty\langle\nabla f(w_t),\tilde\Lambda_t^{-1}\nabla f(w_t)\rangle +
        \sum_{j=1}^d L_{1,j}\sigma_j E_t\Big[\frac{g_{t,j}^2}{\lambda_{t,j}^2}\Big]
    source: Lemma F.2 (Appendix F), eq. (23)

``adagrad_aniso/lemma-F.2-a`` (LEMMA_F2_A): Lemma F.2, case (1) |∇f_{t,j}| ≤ σ_j, pathwise
    printed: |\nabla_{t,j}|\le\sigma_j:\
        L_{1,j}|\nabla_{t,j}|\frac{g_{t,j}^2}{\lambda_{t,j}^2}\le
        L_{1,j}\sigma_j\frac{g_{t,j}^2}{\lambda_{t,j}^2}
    source: Lemma F.2 proof, case (1); the printed inequality is E_t of this pathwise one
        (∇f(w_t) and σ are F_t-measurable)

``adagrad_aniso/lemma-F.2-b`` (LEMMA_F2_B): Lemma F.2, case (2) |∇f_{t,j}| > σ_j, after the Jensen
    step (pathwise part)
    printed: |\nabla_{t,j}|>\sigma_j:\ L_{1,j}|\nabla_{t,j}|\frac{E_t
        g_{t,j}^2}{\lambda_{t-1,j}^2+E_t g_{t,j}^2} \le
        L_{1,j}|\nabla_{t,j}|\frac{2\nabla_{t,j}^2}{\tilde\lambda_{t,j}^2} \le
        \frac{2L_{1,j}\nabla_{t,j}^2}{\tilde\lambda_{t,j}}
    source: Lemma F.2 proof, case (2), from 'E_t g²/(λ²_{t-1} + E_t g²)' (after the Jensen step
        on h(x) = x/(a²+x)) to '2 L_{1,j} ∇f²_{t,j}/λ̃_{t,j}'

``adagrad_aniso/lemma-F.2-c`` (LEMMA_F2_C): Lemma F.2 proof, both cases combined per coordinate:
    L_{1,j}|∇f|E_t[g²/λ²] ≤ 2L_{1,j}∇f²/λ̃ + L_{1,j}σ_jE_t[g²/λ²]
    printed: \forall j:\ L_{1,j}|\nabla_{t,j}|E_t\Big[\frac{g_{t,j}^2}{\lambda_{t,j}^2}\Big] \le
        \frac{2L_{1,j}\nabla_{t,j}^2}{\tilde\lambda_{t,j}} + L_{1,j}\sigma_j
        E_t\Big[\frac{g_{t,j}^2}{\lambda_{t,j}^2}\Big]
    source: Proof of Lemma F.2: 'By combining the two cases, we have L_{1,j}|∇f_{t,j}|E_t[g²/λ²]
        ≤ 2L_{1,j}∇f²_{t,j}/λ̃_{t,j} + L_{1,j}σ_jE_t[g²/λ²]'

``adagrad_aniso/lemma-F.2-d`` (LEMMA_F2_D): Lemma F.2 proof, case (2), Jensen step: E_t[g²/λ²] ≤ E_t
    g²/(λ²_{t−1} + E_t g²)
    printed: \forall j:\ E_t\Big[\frac{g_{t,j}^2}{\lambda_{t,j}^2}\Big] =
        E_t\Big[\frac{g_{t,j}^2}{\lambda_{t-1,j}^2 + g_{t,j}^2}\Big] \le \frac{E_t
        g_{t,j}^2}{\lambda_{t-1,j}^2 + E_t g_{t,j}^2}
    source: Proof of Lemma F.2, case (2): 'where we use the Jensen inequality of convex function
        h(x) = x/(a² + x) in the first inequality'
"""
from __future__ import annotations

import math

import sympy as sp
import torch

from ...proofs import Known
from ...registry import register
from ...sampling import log_uniform
from ...statement import Hypothesis, ProofStep, Quantity, SampleContext, Statement
from ...symbolic import SeqValue
from ._common import (Eg2, L1, L1max, PAPER, T, _COND_NOTE, _EG2, _G1, _H_COND, _LAM1, _LAMT1,
    _NOISE_COND, _Q_COND, _Q_PROXY, _adagrad_inputs, _adagrad_sizes_short, _adagrad_stmt,
    _cond_inputs, _cond_sizes, _lam_float, d, g, gradf, j, lam, lamt, sigma, t, v)

_Q_F2 = _Q_COND + (
    Quantity("L1", "sequence", ">= 0", "L_{1,j} (Assumption 5.1)", (1,), ("d",)),
    Quantity("L1max", "scalar", ">= max L1", "any upper bound on ‖L1‖∞ = max_j L_{1,j}"),
)
_H_F2 = _H_COND + (
    Hypothesis(sp.GreaterThan(L1[j], 0), forall=((j, 1, d),), note="Assumption 5.1: L1 ∈ ℝ^d_+"),
    Hypothesis(sp.GreaterThan(L1max, L1[j]), forall=((j, 1, d),), silent=True,
               note="encoding: L1max ≥ ‖L1‖∞. The right side increases with L1max, so 'for every "
                    "such L1max' is equivalent to the printed statement at L1max = ‖L1‖∞ (the "
                    "sampler takes the float max, which is exact)"),
)


def _f2_cond_sampler(ctx: SampleContext) -> dict:
    inp = _cond_inputs(ctx)
    B, dn = ctx.B, ctx.sizes["d"]
    l1 = log_uniform(ctx, 1e-4, 1e4, dn)
    l1 = torch.where(ctx.rand(B, dn) < 0.1, torch.zeros_like(l1), l1)
    inp["L1"] = SeqValue(l1, (1,))
    mx = l1.amax(1)
    inp["L1max"] = torch.where(ctx.rand(B) < 0.8, mx, mx * log_uniform(ctx, 1.0, 10.0))
    return inp


LEMMA_F2 = register(Statement(
    id=f"{PAPER}/lemma-F.2",
    paper=PAPER,
    kind="lemma",
    number="F.2",
    title="Lemma F.2 (23): Σ_j L_{1,j}|∇f_{t,j}|E_t[g²/λ²] ≤ 2‖L1‖∞⟨∇f, Λ̃_t⁻¹∇f⟩ + Σ_j L_{1,j}σ_jE_t[g²/λ²]",
    section="Appendix F (Lemma F.2, eq. (23))",
    family="proxy-gap",
    latex=(r"\sum_{j=1}^d L_{1,j}|\nabla_{t,j}|E_t\Big[\frac{g_{t,j}^2}{\lambda_{t,j}^2}\Big] \le "
           r"2\|L_1\|_\infty\langle\nabla f(w_t),\tilde\Lambda_t^{-1}\nabla f(w_t)\rangle + "
           r"\sum_{j=1}^d L_{1,j}\sigma_j E_t\Big[\frac{g_{t,j}^2}{\lambda_{t,j}^2}\Big]"),
    quantities=_Q_F2,
    hypotheses=_H_F2,
    lhs=sp.Sum(L1[j] * sp.Abs(gradf[j]) * _G1 ** 2 / _LAM1 ** 2, (j, 1, d)),
    rhs=2 * L1max * sp.Sum(gradf[j] ** 2 / _LAMT1, (j, 1, d))
    + sp.Sum(L1[j] * sigma[j] * _G1 ** 2 / _LAM1 ** 2, (j, 1, d)),
    sampler=_f2_cond_sampler,
    sizes=_cond_sizes,
    noise=_NOISE_COND,
    source="Lemma F.2 (Appendix F), eq. (23)",
    notes="The OCR lost the E_t on the left and the ∞ of ‖L1‖∞ ('2 L1 ⟨∇f, Λ̃⁻¹∇f⟩'); both are "
          "restored from the proof ('by summing up', from 2L_{1,j}∇f²/λ̃ + L_{1,j}σ_jE_t[g²/λ²] "
          "per coordinate). " + _COND_NOTE,
))


def _f2_sigma_gradf(ctx: SampleContext, Tn: int, dn: int, scale: torch.Tensor, case: int):
    B = ctx.B
    sig = scale.reshape(B, 1) * log_uniform(ctx, 1e-3, 1e3, dn)
    sgn = torch.where(ctx.rand(B, Tn, dn) < 0.5, -1.0, 1.0).to(ctx.dtype)
    if case == 1:   # |∇f| ≤ σ: ∇f = ±σu, u ∈ [0, 1]; u = 1 (equality, which the float screen
        # flags half the time) at some entries of 15 % of the candidates, u = 0 at some of 10 %
        u = ctx.rand(B, Tn, dn)
        edge = (ctx.rand(B, 1, 1) < 0.15) & (ctx.rand(B, Tn, dn) < 0.3)
        u = torch.where(edge, torch.ones_like(u), u)
        zero = (ctx.rand(B, 1, 1) < 0.1) & (ctx.rand(B, Tn, dn) < 0.3)
        u = torch.where(zero, torch.zeros_like(u), u)
        return sig, sgn * sig[:, None, :] * u
    # |∇f| > σ: ∇f = ±σ(1 + e), e ∈ [1e-8, 1e3] (the product stays > σ after rounding)
    e = log_uniform(ctx, 1e-8, 1e3, Tn, dn)
    return sig, sgn * sig[:, None, :] * (1 + e)


def _f2b_sampler(ctx: SampleContext) -> dict:
    """Case (2) of Lemma F.2: |∇f| > σ; E_t g² = ∇f² + uσ², u ∈ [1e-6, 1 − 1e-6] (so
    ∇f² ≤ E_t g² ≤ ∇f² + σ² hold exactly: |∇f|/σ ≤ 1001 keeps the rounding of ∇f² below uσ²),
    and at either edge of that range (10 % each), within a few ulps and on the right side."""
    inp, dense = _adagrad_inputs(ctx)
    gs = inp["g"].data
    B, Tn, dn = gs.shape
    lam_prev = torch.cat([inp["eps"][:, None, None].expand(B, 1, dn), _lam_float(inp)[:, :-1]], 1)
    # σ around the scale of λ_{t-1} (where the bound is tightest) or of g
    base = torch.where(ctx.rand(B) < 0.5, lam_prev.mean(dim=(1, 2)),
                       gs.abs().mean(dim=(1, 2))).clamp_min(1e-30)
    sig, nf = _f2_sigma_gradf(ctx, Tn, dn, base * log_uniform(ctx, 1e-3, 1e3), case=2)
    u = ctx.rand(B, Tn, dn).clamp(1e-6, 1 - 1e-6)
    u = torch.where(ctx.rand(B, Tn, dn) < 0.3, torch.full_like(u, 1 - 1e-6), u)
    inp["sigma"] = SeqValue(sig, (1,))
    inp["gradf"] = SeqValue(nf, (0, 1))
    eg2 = nf * nf + u * sig[:, None, :] ** 2
    # the edges the hypotheses allow, exactly: E_t g² = ∇f² (the float just above fl(∇f²), which
    # is ≥ the exact ∇f²) and E_t g² = ∇f² + σ² (three floats below the rounded sum, ≤ the exact
    # sum and still ≥ ∇f² since σ² ≥ 10⁻⁶∇f²)
    lo = torch.nextafter(nf * nf, torch.full_like(nf, math.inf))
    hi = nf * nf + sig[:, None, :] ** 2
    for _ in range(3):
        hi = torch.nextafter(hi, torch.zeros_like(hi))
    pick = ctx.rand(B, Tn, dn)
    eg2 = torch.where(pick < 0.1, lo, torch.where(pick < 0.2, hi, eg2))
    inp["Eg2"] = SeqValue(eg2, (0, 1))
    l1 = log_uniform(ctx, 1e-4, 1e4, dn) * ((ctx.rand(B, dn) >= 0.1) | dense[:, None])  # L1 = 0 allowed
    inp["L1"] = SeqValue(l1, (1,))
    return inp


_Q_SIGMA = Quantity("sigma", "sequence", "> 0", "noise scales σ_j (Assumption 3.5)", (1,), ("d",))
_Q_L1 = Quantity("L1", "sequence", ">= 0", "L_{1,j} (Assumption 5.1)", (1,), ("d",))
_H_SIGMA = Hypothesis(sp.StrictGreaterThan(sigma[j], 0), forall=((j, 1, d),),
                      note="Assumption 3.5: σ is a positive vector")
_H_L1_NONNEG = Hypothesis(sp.GreaterThan(L1[j], 0), forall=((j, 1, d),),
                          note="Assumption 5.1: L1 ∈ ℝ^d_+")

LEMMA_F2_A = register(_adagrad_stmt(
    id=f"{PAPER}/lemma-F.2-a",
    kind="lemma",
    number="F.2",
    title="Lemma F.2, case (1) |∇f_{t,j}| ≤ σ_j, pathwise",
    section="Appendix F (proof of Lemma F.2, case (1))",
    family="proxy-gap",
    latex=(r"|\nabla_{t,j}|\le\sigma_j:\ L_{1,j}|\nabla_{t,j}|\frac{g_{t,j}^2}{\lambda_{t,j}^2}"
           r"\le L_{1,j}\sigma_j\frac{g_{t,j}^2}{\lambda_{t,j}^2}"),
    extra_q=(_Q_SIGMA, _Q_L1, _Q_PROXY[0]),
    extra_h=(_H_SIGMA, _H_L1_NONNEG,
             Hypothesis(sp.GreaterThan(sigma[j], sp.Abs(gradf[t, j])),
                        forall=((t, 0, T - 1), (j, 1, d)), note="case (1): |∇f_{t,j}| ≤ σ_j")),
    lhs=L1[j] * sp.Abs(gradf[t, j]) * g[t, j] ** 2 / lam[t, j] ** 2,
    rhs=L1[j] * sigma[j] * g[t, j] ** 2 / lam[t, j] ** 2,
    forall=((t, 0, T - 1), (j, 1, d)),
    source="Lemma F.2 proof, case (1); the printed inequality is E_t of this pathwise one "
           "(∇f(w_t) and σ are F_t-measurable)",
    supremum_ratio=1.0,
))

LEMMA_F2_B = register(_adagrad_stmt(
    id=f"{PAPER}/lemma-F.2-b",
    kind="lemma",
    number="F.2",
    title="Lemma F.2, case (2) |∇f_{t,j}| > σ_j, after the Jensen step (pathwise part)",
    section="Appendix F (proof of Lemma F.2, case (2))",
    family="proxy-gap",
    latex=(r"|\nabla_{t,j}|>\sigma_j:\ L_{1,j}|\nabla_{t,j}|\frac{E_t g_{t,j}^2}"
           r"{\lambda_{t-1,j}^2+E_t g_{t,j}^2} \le L_{1,j}|\nabla_{t,j}|\frac{2\nabla_{t,j}^2}"
           r"{\tilde\lambda_{t,j}^2} \le \frac{2L_{1,j}\nabla_{t,j}^2}{\tilde\lambda_{t,j}}"),
    extra_q=(_Q_SIGMA, _Q_L1) + _Q_PROXY,
    extra_h=(_H_SIGMA, _H_L1_NONNEG,
             Hypothesis(sp.StrictGreaterThan(sp.Abs(gradf[t, j]), sigma[j]),
                        forall=((t, 0, T - 1), (j, 1, d)), note="case (2): |∇f_{t,j}| > σ_j"),
             Hypothesis(sp.GreaterThan(Eg2[t, j], gradf[t, j] ** 2),
                        forall=((t, 0, T - 1), (j, 1, d)), silent=True,
                        note="E_t g² ≥ (E_t g)² = ∇f²: used for '|∇f| = |E[g]| ≤ √(E g²) ≤ λ̃'"),
             Hypothesis(sp.GreaterThan(gradf[t, j] ** 2 + sigma[j] ** 2, Eg2[t, j]),
                        forall=((t, 0, T - 1), (j, 1, d)), silent=True,
                        note="E_t g² ≤ ∇f² + σ²: the step marked (5) (Assumptions 3.4, 3.5)"),
             Hypothesis(sp.GreaterThan(lamt, sp.Abs(gradf[t, j])),
                        forall=((t, 0, T - 1), (j, 1, d)), silent=True,
                        note="λ̃_{t,j} ≥ |∇f_{t,j}|: implied by E_t g² ≥ ∇f² and λ_{t−1} ≥ 0 "
                             "(stated for the proof step that uses it)")),
    lhs=L1[j] * sp.Abs(gradf[t, j]) * Eg2[t, j] / (v[t - 1, j] + Eg2[t, j]),
    rhs=2 * L1[j] * gradf[t, j] ** 2 / lamt,
    forall=((t, 0, T - 1), (j, 1, d)),
    sampler=_f2b_sampler,
    sizes=_adagrad_sizes_short,
    proof=(
        ProofStep(Eg2[t, j] / (v[t - 1, j] + Eg2[t, j]),
                  (gradf[t, j] ** 2 + sigma[j] ** 2) / (v[t - 1, j] + Eg2[t, j]), "<=", "(5)",
                  via=Known("hypothesis", expr=gradf[t, j] ** 2 + sigma[j] ** 2 - Eg2[t, j]),
                  scale=1 / (v[t - 1, j] + Eg2[t, j])),
        ProofStep((gradf[t, j] ** 2 + sigma[j] ** 2) / (v[t - 1, j] + Eg2[t, j]),
                  2 * gradf[t, j] ** 2 / lamt ** 2, "<=", "σ_j < |∇f_{t,j}|",
                  via=Known("hypothesis", expr=sp.Abs(gradf[t, j]) - sigma[j]),
                  scale=(sp.Abs(gradf[t, j]) + sigma[j]) / (v[t - 1, j] + Eg2[t, j])),
        ProofStep(2 * L1[j] * sp.Abs(gradf[t, j]) * gradf[t, j] ** 2 / lamt ** 2,
                  2 * L1[j] * gradf[t, j] ** 2 / lamt, "<=", "|∇f| ≤ √(E g²) ≤ λ̃",
                  via=Known("hypothesis", expr=lamt - sp.Abs(gradf[t, j])),
                  scale=2 * L1[j] * gradf[t, j] ** 2 / lamt ** 2),
    ),
    source="Lemma F.2 proof, case (2), from 'E_t g²/(λ²_{t-1} + E_t g²)' (after the Jensen "
           "step on h(x) = x/(a²+x)) to '2 L_{1,j} ∇f²_{t,j}/λ̃_{t,j}'",
    supremum_ratio=1 / math.sqrt(2),
    notes="The first step of case (2), E_t[g²/λ²] ≤ E_t g²/(λ²_{t-1} + E_t g²) (Jensen), is in "
          "conditional expectation and not encoded separately; the printed Lemma F.2 itself (23) "
          "is lemma-F.2. The sup "
          "of lhs/rhs here is 1/√2 (λ_{t-1} → 0, E_t g² = 2∇f²).",
))

_F2C_LHS = L1[j] * sp.Abs(gradf[j]) * _G1 ** 2 / _LAM1 ** 2
LEMMA_F2_C = register(Statement(
    id=f"{PAPER}/lemma-F.2-c",
    paper=PAPER,
    kind="lemma",
    number="F.2",
    title="Lemma F.2 proof, both cases combined per coordinate: L_{1,j}|∇f|E_t[g²/λ²] ≤ "
          "2L_{1,j}∇f²/λ̃ + L_{1,j}σ_jE_t[g²/λ²]",
    section="Appendix F (proof of Lemma F.2, 'By combining the two cases')",
    family="proxy-gap",
    latex=(r"\forall j:\ L_{1,j}|\nabla_{t,j}|E_t\Big[\frac{g_{t,j}^2}{\lambda_{t,j}^2}\Big] \le "
           r"\frac{2L_{1,j}\nabla_{t,j}^2}{\tilde\lambda_{t,j}} + L_{1,j}\sigma_j "
           r"E_t\Big[\frac{g_{t,j}^2}{\lambda_{t,j}^2}\Big]"),
    quantities=_Q_F2[:-1],
    hypotheses=_H_F2[:-1],
    lhs=_F2C_LHS,
    rhs=2 * L1[j] * gradf[j] ** 2 / _LAMT1 + L1[j] * sigma[j] * _G1 ** 2 / _LAM1 ** 2,
    forall=((j, 1, d),),
    sampler=lambda ctx: {k_: v_ for k_, v_ in _f2_cond_sampler(ctx).items() if k_ != "L1max"},
    sizes=_cond_sizes,
    noise=_NOISE_COND,
    source="Proof of Lemma F.2: 'By combining the two cases, we have L_{1,j}|∇f_{t,j}|E_t[g²/λ²] "
           "≤ 2L_{1,j}∇f²_{t,j}/λ̃_{t,j} + L_{1,j}σ_jE_t[g²/λ²]'",
    notes=_COND_NOTE,
))

LEMMA_F2_D = register(Statement(
    id=f"{PAPER}/lemma-F.2-d",
    paper=PAPER,
    kind="lemma",
    number="F.2",
    title="Lemma F.2 proof, case (2), Jensen step: E_t[g²/λ²] ≤ E_t g²/(λ²_{t−1} + E_t g²)",
    section="Appendix F (proof of Lemma F.2, case (2), first inequality)",
    family="proxy-gap",
    latex=(r"\forall j:\ E_t\Big[\frac{g_{t,j}^2}{\lambda_{t,j}^2}\Big] = E_t\Big[\frac{g_{t,j}^2}"
           r"{\lambda_{t-1,j}^2 + g_{t,j}^2}\Big] \le \frac{E_t g_{t,j}^2}{\lambda_{t-1,j}^2 + "
           r"E_t g_{t,j}^2}"),
    quantities=_Q_COND,
    hypotheses=_H_COND,
    lhs=_G1 ** 2 / _LAM1 ** 2,
    rhs=_EG2 / _LAMT1 ** 2,
    forall=((j, 1, d),),
    sampler=_cond_inputs,
    sizes=_cond_sizes,
    noise=_NOISE_COND,
    source="Proof of Lemma F.2, case (2): 'where we use the Jensen inequality of convex function "
           "h(x) = x/(a² + x) in the first inequality'",
    supremum_ratio=1.0,
    notes="h(x) = x/(a² + x) is concave on x ≥ 0 (h'' = −2a²/(a² + x)³), not convex as printed; "
          "Jensen for a concave h gives exactly this direction, E h(g²) ≤ h(E g²), so the step "
          "holds (the word is a slip). The step does not use case (2)'s |∇f| > σ, which is not "
          "imposed (a larger domain). " + _COND_NOTE,
))
