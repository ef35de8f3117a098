r"""Eq. (26) of the proof of Theorem 5.3 (Appendix F): one step's descent in conditional
expectation.

Liu, Pan, Zhang, *AdaGrad under anisotropic smoothness* (ICLR 2025); the OCR lost most
symbols, so the printed forms below are the statements as re-typed from the paper.

(26) sums over t the per-step inequalities below (taken in E_t = E[· | F_{t−1}]); each step is
encoded (the sum of valid steps is valid, and a failing step is a failing instance of the sum):

``adagrad_aniso/eq-26-a``: (15) in conditional expectation
    printed: \mathbb{E}_t f(w_{t+1}) \le f(w_t) - \eta\,\mathbb{E}_t\langle\nabla f(w_t),
        \Lambda_t^{-1}g_t\rangle + \frac{\eta^2}2\sum_j (L_{0,j} + L_{1,j}|\nabla_{t,j} f|)\,
        \mathbb{E}_t\Big[\frac{g_{t,j}^2}{\lambda_{t,j}^2}\Big]
``adagrad_aniso/eq-26`` (EQ_26): with Lemma F.2 absorbing the L₁ terms
    printed: \mathbb{E}_t f(w_{t+1}) \le f(w_t) - \eta\,\mathbb{E}_t\langle\nabla f(w_t),
        \Lambda_t^{-1}g_t\rangle + \frac{\eta^2}2\sum_j (L_{0,j} + L_{1,j}\sigma_j)\,
        \mathbb{E}_t\Big[\frac{g_{t,j}^2}{\lambda_{t,j}^2}\Big] + \eta^2\|L_1\|_\infty
        \langle\nabla f(w_t), \tilde\Lambda_t^{-1}\nabla f(w_t)\rangle

Instance: the separable cosh objective (Assumption 5.1 with L₀ = (e − 1)a, L₁ = (e − 1)b' for
b' = H ≥ b; see lemma_c_3), the point w_t and the past λ_{t−1} as inputs (F_{t−1}-measurable),
step t's noise n_{t,j} = s_j(ξ_j − Eξ) from a finite law enumerated exactly (Assumptions 3.4,
3.5), η ≤ 1/‖L₁‖∞ (the step-size condition under which the proof applies (15)).

OCR reading: '(L0,j + L1,j | ft,j|)' and, after Lemma F.2, '(L₀ + L₁σ)' with η²‖L₁‖∞⟨∇f, Λ̃⁻¹∇f⟩
(F.2's 2‖L₁‖∞ times η²/2).
"""
from __future__ import annotations

import sympy as sp
import torch

from ...registry import register
from ...sampling import log_uniform
from ...statement import Hypothesis, Quantity, SampleContext, Statement
from ...symbolic import SeqValue
from ._common import (PAPER, _COND_NOTE, _H_COND, _MU, _NOISE_COND, _Q_COND, _VAR, _cond_inputs,
    _cond_sizes, d, j, lamp, nscale, sigma, xi)

E1 = sp.E - 1
a, b, c, wt = (sp.IndexedBase(n, real=True) for n in ("a", "b", "c", "wt"))
H, eta = sp.symbols("H eta", real=True)


def _f(x):
    return a[j] / b[j] ** 2 * ((sp.exp(b[j] * x) + sp.exp(-b[j] * x)) / 2 - 1)


_x = wt[j] - c[j]
_grad = a[j] / b[j] * (sp.exp(b[j] * _x) - sp.exp(-b[j] * _x)) / 2
_g = _grad + nscale[j] * (xi[j] - _MU)
_lam = sp.sqrt(lamp[j] ** 2 + _g ** 2)
_lamt = sp.sqrt(lamp[j] ** 2 + _grad ** 2 + nscale[j] ** 2 * _VAR)
_L0, _L1 = E1 * a[j], E1 * H  # ‖L₁‖∞ = (e − 1)H ≥ L_{1,j} = (e − 1)b_j; the bound uses L_{1,j}


def _sampler(ctx: SampleContext) -> dict:
    out = _cond_inputs(ctx)
    dn, B = ctx.sizes["d"], ctx.B
    av, bv = log_uniform(ctx, 1e-2, 1e2, dn), log_uniform(ctx, 1e-2, 1e2, dn)
    Hv = bv.max(1).values * torch.where(ctx.rand(B) < 0.8, torch.ones(B, dtype=ctx.dtype),
                                         1 + log_uniform(ctx, 1e-6, 10.0))
    cv = ctx.randn(B, dn)
    sign = torch.where(ctx.rand(B, dn) < 0.5, -1.0, 1.0).to(ctx.dtype)
    wv = cv + sign * log_uniform(ctx, 1e-4, 3.0, dn) / bv
    wv = torch.where(ctx.rand(B, dn) < 0.1, cv, wv)
    cap = 1 / ((torch.e - 1) * Hv)
    ev = torch.where(ctx.rand(B) < 0.5, cap * (1 - 2.0 ** -40), cap * log_uniform(ctx, 1e-4, 1.0))
    del out["gradf"]
    return {**out, "a": SeqValue(av, (1,)), "b": SeqValue(bv, (1,)), "c": SeqValue(cv, (1,)),
            "wt": SeqValue(wv, (1,)), "H": Hv, "eta": ev}


_Q = tuple(q for q in _Q_COND if q.name != "gradf") + (
    Quantity("a", "sequence", "> 0", "curvatures (L₀ = (e − 1)a)", (1,), ("d",)),
    Quantity("b", "sequence", "> 0", "growth rates (L₁ = (e − 1)b)", (1,), ("d",)),
    Quantity("c", "sequence", "R", "minimiser", (1,), ("d",)),
    Quantity("wt", "sequence", "R", "the iterate w_t (F_{t−1}-measurable)", (1,), ("d",)),
    Quantity("H", "scalar", ">= max b", "‖L₁‖∞/(e − 1)"),
    Quantity("eta", "scalar", "> 0", "step size η ≤ 1/‖L₁‖∞ (a hypothesis)"),
)
_H = _H_COND + (
    Hypothesis(sp.StrictGreaterThan(a[j], 0), forall=((j, 1, d),),
               note="cosh objective: Assumption 5.1 with L₀ = (e − 1)a, L₁ = (e − 1)H"),
    Hypothesis(sp.StrictGreaterThan(b[j], 0), forall=((j, 1, d),)),
    Hypothesis(sp.LessThan(b[j], H), forall=((j, 1, d),), note="H ≥ max b"),
    Hypothesis(sp.StrictGreaterThan(eta, 0)),
    Hypothesis(sp.LessThan(eta * E1 * H, 1), note="η ≤ 1/‖L₁‖∞ (the proof applies (15))"),
)
_LHS = sp.Sum(_f(_x - eta * _g / _lam), (j, 1, d))
_DESC = sp.Sum(_f(_x) - eta * _grad * _g / _lam, (j, 1, d))


def _stmt(key, rhs_extra, title, latex, notes):
    return register(Statement(
        id=f"{PAPER}/{key}", paper=PAPER, kind="eq", number="26", title=title,
        section="Appendix F (proof of Theorem 5.3)", family="other", latex=latex,
        quantities=_Q, hypotheses=_H, lhs=_LHS, rhs=_DESC + rhs_extra,
        sampler=_sampler, sizes=_cond_sizes, noise=_NOISE_COND,
        source="Proof of Theorem 5.3 (Appendix F), (26), one step t in E_t",
        notes=_COND_NOTE + "  " + notes))


EQ_26_A = _stmt(
    "eq-26-a",
    sp.Sum(eta ** 2 / 2 * (_L0 + E1 * b[j] * sp.Abs(_grad)) * _g ** 2 / _lam ** 2, (j, 1, d)),
    "(26), first line: (15) along one AdaGrad step, in E_t",
    (r"\mathbb{E}_t f(w_{t+1}) \le f(w_t) - \eta\,\mathbb{E}_t\langle\nabla f(w_t),\Lambda_t^{-1}"
     r"g_t\rangle + \frac{\eta^2}2\sum_j (L_{0,j} + L_{1,j}|\nabla_{t,j} f|)\,\mathbb{E}_t"
     r"\Big[\frac{g_{t,j}^2}{\lambda_{t,j}^2}\Big]"),
    "L_{1,j} = (e − 1)b_j.")

EQ_26 = _stmt(
    "eq-26",
    sp.Sum(eta ** 2 / 2 * (_L0 + E1 * b[j] * sigma[j]) * _g ** 2 / _lam ** 2
           + eta ** 2 * _L1 * _grad ** 2 / _lamt, (j, 1, d)),
    "(26): one step's descent in E_t with Lemma F.2 absorbing the L₁ terms",
    (r"\mathbb{E}_t f(w_{t+1}) \le f(w_t) - \eta\,\mathbb{E}_t\langle\nabla f(w_t),\Lambda_t^{-1}"
     r"g_t\rangle + \frac{\eta^2}2\sum_j (L_{0,j} + L_{1,j}\sigma_j)\,\mathbb{E}_t\Big[\frac{"
     r"g_{t,j}^2}{\lambda_{t,j}^2}\Big] + \eta^2\|L_1\|_\infty\langle\nabla f(w_t), "
     r"\tilde\Lambda_t^{-1}\nabla f(w_t)\rangle"),
    "L_{1,j} = (e − 1)b_j, ‖L₁‖∞ = (e − 1)H.")
