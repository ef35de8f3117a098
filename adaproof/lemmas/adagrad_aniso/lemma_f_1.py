r"""Lemma F.1, eq. (21) (Appendix F): the proxy step-size gap in conditional expectation, and the
step E_t(|g| − √(E_t g²))² ≤ 2σ² of its proof.  Its pathwise chain (22) is in ``eq_22``.

Liu, Pan, Zhang, *AdaGrad under anisotropic smoothness* (ICLR 2025); the OCR lost most
symbols, so the printed forms below are the statements as re-typed from the paper.

``adagrad_aniso/lemma-F.1`` (LEMMA_F1): Lemma F.1 (21): E_t⟨∇f, (Λ̃_t⁻¹ − Λ_t⁻¹)g_t⟩ ≤ 2Σ_j σ_j
    E_t[g²/λ²] + ½⟨∇f, Λ̃_t⁻¹∇f⟩
    printed: E_t\langle\nabla f(w_t),(\tilde\Lambda_t^{-1}-\Lambda_t^{-1})g_t\rangle \le
        2\sum_{j=1}^d\sigma_j E_t\Big[\frac{g_{t,j}^2}{\lambda_{t,j}^2}\Big] +
        \frac12\langle\nabla f(w_t),\tilde\Lambda_t^{-1}\nabla f(w_t)\rangle,\quad
        \tilde\lambda_{t,j}^2 = \lambda_{t-1,j}^2 + E_t[g_{t,j}^2]
    source: Lemma F.1 (Appendix F), eq. (21); Λ̃_t of eq. (20)

``adagrad_aniso/lemma-F.1-a`` (LEMMA_F1_A): Lemma F.1 proof: E_t(|g_{t,j}| − √(E_t g²_{t,j}))² ≤
    2σ_j²
    printed: E_t\Big(|g_{t,j}| - \sqrt{E_t g_{t,j}^2}\Big)^2 = 2E_t g_{t,j}^2 -
        2E_t|g_{t,j}|\sqrt{E_t g_{t,j}^2} \le \dots \le 2\sigma_j^2
    source: Proof of Lemma F.1: 'E_t(|g| − √(E_t g²))² = 2E_t g² − 2E_t[|g|]√(E_t g²) ≤ … ≤
        2σ_j²' (Assumptions 3.4, 3.5)
"""
from __future__ import annotations

import sympy as sp
import torch

from ...registry import register
from ...statement import ProofStep, SampleContext, Statement
from ...symbolic import SeqValue
from ._common import (PAPER, _COND_NOTE, _EG2, _G1, _H_COND, _LAM1, _LAMT1, _NOISE_COND, _Q_COND,
    _cond_inputs, _cond_sizes, _law_moments, d, gradf, j, sigma)

# ⟨∇f, (Λ̃⁻¹ − Λ⁻¹) g⟩ per coordinate, printed and through the identity that opens (22)
_F1_PRINTED_L = sp.Sum(gradf[j] * _G1 * (1 / _LAMT1 - 1 / _LAM1), (j, 1, d))
_F1_L = sp.Sum(gradf[j] * _G1 * (_G1 ** 2 - _EG2) / (_LAM1 * _LAMT1 * (_LAM1 + _LAMT1)), (j, 1, d))
_F1_R = 2 * sp.Sum(sigma[j] * _G1 ** 2 / _LAM1 ** 2, (j, 1, d)) + \
    sp.Rational(1, 2) * sp.Sum(gradf[j] ** 2 / _LAMT1, (j, 1, d))

LEMMA_F1 = register(Statement(
    id=f"{PAPER}/lemma-F.1",
    paper=PAPER,
    kind="lemma",
    number="F.1",
    title="Lemma F.1 (21): E_t⟨∇f, (Λ̃_t⁻¹ − Λ_t⁻¹)g_t⟩ ≤ 2Σ_j σ_j E_t[g²/λ²] + ½⟨∇f, Λ̃_t⁻¹∇f⟩",
    section="Appendix F (Lemma F.1, eq. (21), with λ̃ of eq. (20))",
    family="proxy-gap",
    latex=(r"E_t\langle\nabla f(w_t),(\tilde\Lambda_t^{-1}-\Lambda_t^{-1})g_t\rangle \le "
           r"2\sum_{j=1}^d\sigma_j E_t\Big[\frac{g_{t,j}^2}{\lambda_{t,j}^2}\Big] + "
           r"\frac12\langle\nabla f(w_t),\tilde\Lambda_t^{-1}\nabla f(w_t)\rangle,\quad "
           r"\tilde\lambda_{t,j}^2 = \lambda_{t-1,j}^2 + E_t[g_{t,j}^2]"),
    quantities=_Q_COND,
    hypotheses=_H_COND,
    lhs=_F1_L,
    rhs=_F1_R,
    sampler=_cond_inputs,
    sizes=_cond_sizes,
    noise=_NOISE_COND,
    proof=(
        ProofStep(_F1_PRINTED_L, _F1_L, "=",
                  "1/λ̃ − 1/λ = (λ² − λ̃²)/(λλ̃(λ+λ̃)), λ² − λ̃² = g² − E_t g² (lines 6-7, (20))"),
    ),
    source="Lemma F.1 (Appendix F), eq. (21); Λ̃_t of eq. (20)",
    notes="The OCR of (21) lost its constants ('Et⟨∇f, (Λ̃⁻¹ − Λ⁻¹)g⟩ \" g²/λ² ⟨∇f, Λ̃⁻¹∇f⟩'); "
          "they are read from the end of its proof ('Σ_j (… E_t[g²/λ²] + ∇f²/(2λ̃))') and from "
          "its use in the proof of Theorem 5.3 (E⟨∇f, Λ_t⁻¹g⟩ ≥ ½⟨∇f, Λ̃⁻¹∇f⟩ − 2Σσ_jE[g²/λ²], "
          "which with F.2 and η ≤ 1/(4‖L1‖∞) gives the printed 12‖σ‖₁): coefficient 2σ_j on "
          "E_t[g²/λ²] and ½ on ⟨∇f, Λ̃⁻¹∇f⟩. By hand, the claim holds with σ_j in place of 2σ_j "
          "(Young with weight σ_j and E_t(|g| − √(E_t g²))² ≤ 2√(E_t g²)σ_j ≤ 2λ̃σ_j). " + _COND_NOTE
          + " The left side is evaluated through the identity that opens (22) (first proof step).",
))


def _f1a_sampler(ctx: SampleContext) -> dict:
    """:func:`_cond_inputs` without λ_{t−1}; in 30 % of the coordinates ∇f_j = s_j(Eξ − u_2),
    so that the second atom draws g_{t,j} = 0 (with the rare first atom of :func:`_dyadic_probs`:
    g is 0 but for a rare large draw, where E_t(|g| − √(E_t g²))² / (2Var) → 1)."""
    inp = _cond_inputs(ctx)
    del inp["lamp"]
    uu, pp, sc = inp["u"].data, inp["p"].data, inp["nscale"].data
    mu, _ = _law_moments(uu, pp)
    at0 = sc * (mu - uu[:, 1]).reshape(-1, 1)
    inp["gradf"] = SeqValue(torch.where(ctx.rand(*sc.shape) < 0.3, at0, inp["gradf"].data), (1,))
    return inp


LEMMA_F1_A = register(Statement(
    id=f"{PAPER}/lemma-F.1-a",
    paper=PAPER,
    kind="lemma",
    number="F.1",
    title="Lemma F.1 proof: E_t(|g_{t,j}| − √(E_t g²_{t,j}))² ≤ 2σ_j²",
    section="Appendix F (proof of Lemma F.1, after (22))",
    family="proxy-gap",
    latex=(r"E_t\Big(|g_{t,j}| - \sqrt{E_t g_{t,j}^2}\Big)^2 = 2E_t g_{t,j}^2 - 2E_t|g_{t,j}|"
           r"\sqrt{E_t g_{t,j}^2} \le \dots \le 2\sigma_j^2"),
    quantities=_Q_COND[:-1],
    hypotheses=_H_COND[:-1],
    lhs=(sp.Abs(_G1) - sp.sqrt(_EG2)) ** 2,
    rhs=2 * sigma[j] ** 2,
    forall=((j, 1, d),),
    sampler=_f1a_sampler,
    sizes=_cond_sizes,
    noise=_NOISE_COND,
    source="Proof of Lemma F.1: 'E_t(|g| − √(E_t g²))² = 2E_t g² − 2E_t[|g|]√(E_t g²) ≤ … ≤ "
           "2σ_j²' (Assumptions 3.4, 3.5)",
    supremum_ratio=1.0,
    notes="The fact the proof of Lemma F.1 uses to bound the noise part after applying (31). "
          "Tight: g ∈ {0, A} with P(A) = p → 0 and σ² = Var g gives ratio 1/(1 + √p). " + _COND_NOTE,
))
