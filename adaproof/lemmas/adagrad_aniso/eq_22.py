r"""Eq. (22) (proof of Lemma F.1): the pathwise chain bounding ⟨∇f, (Λ̃⁻¹ − Λ⁻¹) g⟩, with the
auxiliary step size λ̃ of eq. (20), and its two links.

Liu, Pan, Zhang, *AdaGrad under anisotropic smoothness* (ICLR 2025); the OCR lost most
symbols, so the printed forms below are the statements as re-typed from the paper.

``adagrad_aniso/eq-22`` (EQ_22): Lemma F.1, pathwise chain (22): ⟨∇f, (Λ̃⁻¹ − Λ⁻¹) g⟩ ≤
    Σ|∇f||g|·||g| − √E g²|/(λλ̃)
    printed: \langle\nabla f(w_t),(\tilde\Lambda_t^{-1}-\Lambda_t^{-1})g_t\rangle = \sum_j
        \nabla_{t,j} g_{t,j}\Big(\frac1{\tilde\lambda_{t,j}}-\frac1{\lambda_{t,j}}\Big) \le
        \sum_j \frac{|\nabla_{t,j}||g_{t,j}|\,\big||g_{t,j}|-\sqrt{E_t
        g_{t,j}^2}\big|}{\lambda_{t,j}\tilde\lambda_{t,j}},\quad \tilde\lambda_{t,j}^2 =
        \lambda_{t-1,j}^2 + E_t[g_{t,j}^2]
    source: Proof of Lemma F.1 (eq. (22)), with the auxiliary λ̃ of eq. (20)

``adagrad_aniso/eq-22-a`` (EQ_22_A): (22), first inequality: absolute values
    printed: \sum_j \nabla_{t,j}
        g_{t,j}\Big(\frac1{\tilde\lambda_{t,j}}-\frac1{\lambda_{t,j}}\Big)\le \sum_j
        \frac{|\nabla_{t,j}||g_{t,j}|\,|g_{t,j}^2 - E_t
        g_{t,j}^2|}{\lambda_{t,j}\tilde\lambda_{t,j}(\lambda_{t,j}+\tilde\lambda_{t,j})}
    source: Proof of Lemma F.1 (eq. (22)): 'in the first inequality we take the properties of
        absolute values'

``adagrad_aniso/eq-22-b`` (EQ_22_B): (22), last inequality: λ ≥ |g|, λ̃ ≥ √(E_t g²)
    printed: \sum_j \frac{|\nabla_{t,j}||g_{t,j}|\,|g_{t,j}^2 - E_t
        g_{t,j}^2|}{\lambda_{t,j}\tilde\lambda_{t,j}(\lambda_{t,j}+\tilde\lambda_{t,j})} \le
        \sum_j \frac{|\nabla_{t,j}||g_{t,j}|\,\big||g_{t,j}|-\sqrt{E_t
        g_{t,j}^2}\big|}{\lambda_{t,j}\tilde\lambda_{t,j}}
    source: Proof of Lemma F.1 (eq. (22)): 'In the last inequality, we use the fact that
        λ̃²_{t,j} = λ²_{t-1,j} + E_t g²_{t,j} ≥ E_t g²_{t,j} and λ²_{t,j} = λ²_{t-1,j} +
        g²_{t,j} ≥ g²_{t,j}'
"""
from __future__ import annotations

import sympy as sp
import torch

from ...proofs import Known
from ...registry import register
from ...sampling import log_uniform
from ...statement import Hypothesis, ProofStep, SampleContext
from ...symbolic import SeqValue
from ._common import (Eg2, PAPER, T, _Q_PROXY, _adagrad_inputs, _adagrad_sizes_short,
    _adagrad_stmt, _nonzero, d, g, gradf, j, lam, lamt, t)


def _eq22_sampler(ctx: SampleContext) -> dict:
    """AdaGrad inputs plus ∇f_{t,j} (same scale as g, or 0, or a multiple of g) and E_t[g²]
    (0, exactly g², g² times a log-uniform factor, or log-uniform around λ²_{t-1})."""
    inp, dense = _adagrad_inputs(ctx)
    gs = inp["g"].data
    B, Tn, dn = gs.shape
    shape = (B, Tn, dn)
    scale = gs.abs().mean(dim=(1, 2), keepdim=True).clamp_min(1e-30)
    which = ctx.randint(0, 4, *shape)
    nf = torch.where(which == 0, ctx.randn(*shape) * scale,
                     torch.where(which == 1, gs * log_uniform(ctx, 1e-3, 1e3, Tn, dn),
                                 torch.where(which == 2, -gs, torch.zeros(shape, dtype=ctx.dtype))))
    which = ctx.randint(0, 4, *shape)
    s2 = torch.where(which == 0, gs * gs,
                     torch.where(which == 1, gs * gs * log_uniform(ctx, 1e-4, 1e4, Tn, dn),
                                 torch.where(which == 2, torch.zeros(shape, dtype=ctx.dtype),
                                             scale ** 2 * log_uniform(ctx, 1e-8, 1e8, Tn, dn))))
    # dense candidates: no index where the chain holds as 0 = 0 (see _adagrad_inputs)
    dm = dense.reshape(-1, 1, 1)
    nf = torch.where(dm, _nonzero(ctx, nf, scale), nf)
    s2d = _nonzero(ctx, s2, scale).abs()
    s2d = torch.where(s2d == gs * gs, s2d * (1 + 1e-3 * ctx.rand(*shape).clamp_min(1e-6)), s2d)
    s2 = torch.where(dm, s2d, s2)
    inp["gradf"] = SeqValue(nf, (0, 1))
    inp["Eg2"] = SeqValue(s2, (0, 1))
    return inp


_H_EG2 = Hypothesis(sp.GreaterThan(Eg2[t, j], 0), forall=((t, 0, T - 1), (j, 1, d)),
                    note="E_t[g²_{t,j}] ≥ 0 (a conditional second moment)")

# ⟨∇f(w_t), (Λ̃_t^{-1} − Λ_t^{-1}) g_t⟩, evaluated through the identity that opens (22),
# 1/λ̃ − 1/λ = (λ² − λ̃²)/(λλ̃(λ+λ̃)) with λ² − λ̃² = g² − E_t g² (lines 6-7 and (20)): the same
# number, without the cancellation 1/λ̃ − 1/λ that 60-digit verification cannot resolve where
# the chain holds with equality (every term of one sign)
_E22_PRINTED_L = sp.Sum(gradf[t, j] * g[t, j] * (1 / lamt - 1 / lam[t, j]), (j, 1, d))
_E22_L = sp.Sum(gradf[t, j] * g[t, j] * (g[t, j] ** 2 - Eg2[t, j])
                / (lam[t, j] * lamt * (lam[t, j] + lamt)), (j, 1, d))
_E22_M = sp.Sum(sp.Abs(gradf[t, j]) * sp.Abs(g[t, j]) * sp.Abs(g[t, j] ** 2 - Eg2[t, j])
                / (lam[t, j] * lamt * (lam[t, j] + lamt)), (j, 1, d))
_E22_R = sp.Sum(sp.Abs(gradf[t, j]) * sp.Abs(g[t, j]) * sp.Abs(sp.Abs(g[t, j]) - sp.sqrt(Eg2[t, j]))
                / (lam[t, j] * lamt), (j, 1, d))

_E22_MID = sp.Sum(gradf[t, j] * g[t, j] * (lam[t, j] ** 2 - lamt ** 2)
                  / (lam[t, j] * lamt * (lam[t, j] + lamt)), (j, 1, d))
_E22_M1 = sp.Sum(sp.Abs(gradf[t, j]) * sp.Abs(g[t, j]) * sp.Abs(sp.Abs(g[t, j]) - sp.sqrt(Eg2[t, j]))
                 * (sp.Abs(g[t, j]) + sp.sqrt(Eg2[t, j]))
                 / (lam[t, j] * lamt * (lam[t, j] + lamt)), (j, 1, d))
_E22_M2 = sp.Sum(sp.Abs(gradf[t, j]) * sp.Abs(g[t, j]) * sp.Abs(sp.Abs(g[t, j]) - sp.sqrt(Eg2[t, j]))
                 * (lam[t, j] + sp.sqrt(Eg2[t, j]))
                 / (lam[t, j] * lamt * (lam[t, j] + lamt)), (j, 1, d))
_E22_SCALE = (sp.Abs(gradf[t, j]) * sp.Abs(g[t, j]) * sp.Abs(sp.Abs(g[t, j]) - sp.sqrt(Eg2[t, j]))
              / (lam[t, j] * lamt * (lam[t, j] + lamt)))
_H_E22 = (
    Hypothesis(sp.GreaterThan(lam[t, j] - sp.Abs(g[t, j]), 0), forall=((t, 0, T - 1), (j, 1, d)),
               silent=True, note="λ_{t,j} ≥ |g_{t,j}|: always true on the trajectory; the proof's "
                                 "'λ²_{t,j} = λ²_{t−1,j} + g²_{t,j} ≥ g²_{t,j}'"),
    Hypothesis(sp.GreaterThan(lamt - sp.sqrt(Eg2[t, j]), 0), forall=((t, 0, T - 1), (j, 1, d)),
               silent=True, note="λ̃_{t,j} ≥ √(E_t g²): implied by λ_{t−1} ≥ 0; the proof's "
                                 "'λ̃² = λ²_{t−1} + E_t g² ≥ E_t g²'"),
)

_E22_NOTE = ("The left side ⟨∇f, (Λ̃⁻¹ − Λ⁻¹)g⟩ is evaluated through the identity that opens "
             "(22) (see _E22_L); the printed form is the first proof step.")
_E22_COMMON = dict(
    kind="eq", number="22", family="proxy-gap", section="Appendix F (proof of Lemma F.1)",
    extra_q=_Q_PROXY, extra_h=(_H_EG2,) + _H_E22, forall=((t, 0, T - 1),),
    supremum_ratio=1.0,
)

EQ_22 = register(_adagrad_stmt(
    id=f"{PAPER}/eq-22",
    title="Lemma F.1, pathwise chain (22): ⟨∇f, (Λ̃⁻¹ − Λ⁻¹) g⟩ ≤ Σ|∇f||g|·||g| − √E g²|/(λλ̃)",
    latex=(r"\langle\nabla f(w_t),(\tilde\Lambda_t^{-1}-\Lambda_t^{-1})g_t\rangle = "
           r"\sum_j \nabla_{t,j} g_{t,j}\Big(\frac1{\tilde\lambda_{t,j}}-\frac1{\lambda_{t,j}}\Big) "
           r"\le \sum_j \frac{|\nabla_{t,j}||g_{t,j}|\,\big||g_{t,j}|-\sqrt{E_t g_{t,j}^2}\big|}"
           r"{\lambda_{t,j}\tilde\lambda_{t,j}},\quad \tilde\lambda_{t,j}^2 = \lambda_{t-1,j}^2 + "
           r"E_t[g_{t,j}^2]"),
    lhs=_E22_L,
    rhs=_E22_R,
    proof=(
        ProofStep(_E22_PRINTED_L, _E22_MID, "=", "1/λ̃ − 1/λ = (λ² − λ̃²)/(λλ̃(λ+λ̃))"),
        ProofStep(_E22_MID, _E22_L, "=",
                  "λ² − λ̃² = g² − E_t g² (line 6 and (20): a recurrence, not symbolic)"),
        ProofStep(_E22_L, _E22_M, "<=", "x ≤ |x| (not in the catalogue of known inequalities)"),
        ProofStep(_E22_M, _E22_M1, "=", "|g² − s| = ||g| − √s|(|g| + √s)"),
        ProofStep(_E22_M1, _E22_M2, "<=", "λ ≥ |g|",
                  via=Known("hypothesis", expr=lam[t, j] - sp.Abs(g[t, j])), scale=_E22_SCALE),
        ProofStep(_E22_M2, _E22_R, "<=", "λ̃ ≥ √(E_t g²)",
                  via=Known("hypothesis", expr=lamt - sp.sqrt(Eg2[t, j])), scale=_E22_SCALE),
    ),
    source="Proof of Lemma F.1 (eq. (22)), with the auxiliary λ̃ of eq. (20)",
    notes="Pathwise (no expectation is taken in the chain); E_t[g²_{t,j}] enters as a free "
          "non-negative input. Lemma F.1 itself (21), in conditional expectation, is lemma-F.1; "
          "the steps between (22) and (21) (inequality (31) under E_t) are not encoded. " + _E22_NOTE,
    sampler=_eq22_sampler, sizes=_adagrad_sizes_short,
    **_E22_COMMON,
))

EQ_22_A = register(_adagrad_stmt(
    id=f"{PAPER}/eq-22-a",
    title="(22), first inequality: absolute values",
    latex=(r"\sum_j \nabla_{t,j} g_{t,j}\Big(\frac1{\tilde\lambda_{t,j}}-\frac1{\lambda_{t,j}}\Big)"
           r"\le \sum_j \frac{|\nabla_{t,j}||g_{t,j}|\,|g_{t,j}^2 - E_t g_{t,j}^2|}"
           r"{\lambda_{t,j}\tilde\lambda_{t,j}(\lambda_{t,j}+\tilde\lambda_{t,j})}"),
    lhs=_E22_L,
    rhs=_E22_M,
    source="Proof of Lemma F.1 (eq. (22)): 'in the first inequality we take the properties of "
           "absolute values'",
    notes=_E22_NOTE,
    **_E22_COMMON,
))

EQ_22_B = register(_adagrad_stmt(
    id=f"{PAPER}/eq-22-b",
    title="(22), last inequality: λ ≥ |g|, λ̃ ≥ √(E_t g²)",
    latex=(r"\sum_j \frac{|\nabla_{t,j}||g_{t,j}|\,|g_{t,j}^2 - E_t g_{t,j}^2|}"
           r"{\lambda_{t,j}\tilde\lambda_{t,j}(\lambda_{t,j}+\tilde\lambda_{t,j})} \le "
           r"\sum_j \frac{|\nabla_{t,j}||g_{t,j}|\,\big||g_{t,j}|-\sqrt{E_t g_{t,j}^2}\big|}"
           r"{\lambda_{t,j}\tilde\lambda_{t,j}}"),
    lhs=_E22_M,
    rhs=_E22_R,
    source="Proof of Lemma F.1 (eq. (22)): 'In the last inequality, we use the fact that "
           "λ̃²_{t,j} = λ²_{t-1,j} + E_t g²_{t,j} ≥ E_t g²_{t,j} and λ²_{t,j} = λ²_{t-1,j} + g²_{t,j} ≥ g²_{t,j}'",
    **_E22_COMMON,
))
