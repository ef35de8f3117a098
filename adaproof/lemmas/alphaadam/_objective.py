"""The objective family of the ``alphaadam`` Appendix E statements encoded by issue 14.

f(θ) = Σ_j p_j z_j²/2 + q_j z_j²/(1 + z_j²) + r_j log(1 + e^{−z_j}),  z_j = ⟨W_j, θ⟩ − b_j,

with p, q, r ≥ 0: a quadratic with a non-diagonal Hessian (Σ_j p_j W_j W_jᵀ), a smooth nonconvex
ridge term, and logistic regression on the points W_j with labels folded into W_j, b_j — the
three families of issue 14 in one expression (each alone when the other weights are 0).  It is
non-negative and L-smooth for every L ≥ Σ_j (p_j + 2q_j + r_j/4)‖W_j‖² (|ψ''| ≤ 2 for
ψ(z) = z²/(1+z²), 0 < σ'(z) ≤ 1/4 for the logistic loss): the Hessian Σ_j c_j(z_j) W_j W_jᵀ with
|c_j| ≤ p_j + 2q_j + r_j/4 has ‖·‖₂ ≤ Σ_j |c_j| ‖W_j‖₂².
"""
from __future__ import annotations

import sympy as sp

from ._common import W, b, j, k, p, q, n, d


r = sp.IndexedBase("r")


def z_of(x, jj=j):
    """z_j(x) = ⟨W_j, x⟩ − b_j for a point written ``x[k]``-indexable (callable of k)."""
    return sp.Sum(W[jj, k] * x(k), (k, 1, d)) - b[jj]


def f_of(x):
    """f(x) for a point given as a callable k -> x_k (the logistic loss written
    max(−z, 0) + log(1 + e^{−|z|}), which does not overflow)."""
    z = z_of(x)
    return sp.Sum(p[j] * z ** 2 / 2 + q[j] * z ** 2 / (1 + z ** 2)
                  + r[j] * (sp.Max(-z, 0) + sp.log(1 + sp.exp(-sp.Abs(z)))), (j, 1, n))


def grad_of(x, ll):
    """∂_l f(x)."""
    z = z_of(x)
    return sp.Sum((p[j] * z + 2 * q[j] * z / (1 + z ** 2) ** 2 - r[j] / (1 + sp.exp(z)))
                  * W[j, ll], (j, 1, n))


#: the smoothness bound Σ_j (p_j + 2q_j + r_j/4)‖W_j‖²
SMOOTH_BOUND = sp.Sum((p[j] + 2 * q[j] + r[j] / 4) * sp.Sum(W[j, k] ** 2, (k, 1, d)), (j, 1, n))
