"""The objective family of the adam_linf statements encoded by issue 14 (helper c14d).

L(x) = Σ_j p_j z_j²/2 + q_j z_j²/(1 + z_j²) + r_j log(1 + e^{−z_j}),  z_j = ⟨W_j, x⟩ − b_j,

with p, q, r ≥ 0: a quadratic with a non-diagonal Hessian Σ_j p_j W_j W_jᵀ, smooth nonconvex
ridges and logistic regression on the points W_j (labels folded in) — the three families of
issue 14 in one expression, each alone when the other weights are 0.  Its Hessian is
Σ_j c_j W_j W_jᵀ with |c_j| ≤ κ_j = p_j + 2q_j + r_j/4 (|ψ''| ≤ 2 for ψ(z) = z²/(1+z²),
σ' ≤ 1/4), so, exactly for the instance:

* H-smooth w.r.t. ℓ∞ (Definition 3.1: ‖∇L(x) − ∇L(y)‖₁ ≤ H‖x − y‖∞) for every
  H ≥ Σ_j κ_j ‖W_j‖₁² (‖W_jW_jᵀu‖₁ = |W_jᵀu|‖W_j‖₁ ≤ ‖W_j‖₁²‖u‖∞);
* diag(h) dominates |∇²L(x)| (−diag(h) ≼ ∇²L ≼ diag(h)) for every h_i ≥ Σ_j κ_j |W_{j,i}| ‖W_j‖₁
  (Gershgorin: |uᵀW_jW_jᵀu| ≤ Σ_{i,k}|W_{ji}||W_{jk}||u_i||u_k| ≤ Σ_i |W_{ji}|‖W_j‖₁ u_i²).

Points are callables ``k -> x_k`` so that one expression serves x_t, x_{t+1} and built points.
"""
from __future__ import annotations

import sympy as sp

W, b, p, q, r = (sp.IndexedBase(s) for s in ("W", "b", "p", "q", "r"))
j = sp.Symbol("j", integer=True)
k = sp.Symbol("k", integer=True)
n = sp.Symbol("n", integer=True, positive=True)
d = sp.Symbol("d", integer=True, positive=True)


j2 = sp.Symbol("j2", integer=True)
k2 = sp.Symbol("k2", integer=True)


def z_of(x, jj=j, kk=k):
    return sp.Sum(W[jj, kk] * x(kk), (kk, 1, d)) - b[jj]


def f_of(x):
    """L(x); the logistic loss written max(−z, 0) + log(1 + e^{−|z|}) (no overflow)."""
    z = z_of(x)
    return sp.Sum(p[j] * z ** 2 / 2 + q[j] * z ** 2 / (1 + z ** 2)
                  + r[j] * (sp.Max(-z, 0) + sp.log(1 + sp.exp(-sp.Abs(z)))), (j, 1, n))


def grad_of(x, ll):
    """∂_l L(x) (its own summation indices j2, k2, so that it nests inside L's sums)."""
    z = z_of(x, j2, k2)
    return sp.Sum((p[j2] * z + 2 * q[j2] * z / (1 + z ** 2) ** 2 - r[j2] / (1 + sp.exp(z)))
                  * W[j2, ll], (j2, 1, n))


KAPPA = p[j] + 2 * q[j] + r[j] / 4
_L1 = sp.Sum(sp.Abs(W[j, k]), (k, 1, d))
#: Σ_j κ_j ‖W_j‖₁², an ℓ∞-smoothness constant of the instance
_m = sp.Symbol("m_", integer=True)
LINF_SMOOTH = sp.Sum(KAPPA * sp.Sum(sp.Abs(W[j, k]) * sp.Abs(W[j, _m]), (k, 1, d), (_m, 1, d)),
                     (j, 1, n))  # ‖W_j‖₁² written as a double sum (SymPy cannot simplify Sum²)


def dominating_diag(ii):
    """Σ_j κ_j |W_{j,i}| ‖W_j‖₁: a diagonal dominating |∇²L| (coordinate i)."""
    return sp.Sum(KAPPA * sp.Abs(W[j, ii]) * _L1, (j, 1, n))
