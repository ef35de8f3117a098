r"""Theorem D.3 (Appendix D, nonconvex SGD, Option II) with noise on three more objective
families: quadratics with a non-diagonal Hessian, a separable nonconvex family, and logistic
regression (the registered ``theorem-D.3`` uses diagonal quadratics).

Liu, Pan, Zhang, *AdaGrad under anisotropic smoothness* (ICLR 2025).  The bound is the explicit
form of the proof, (1/T)Σ_t E‖∇f(w_t)‖₂² ≤ 2Δ/(ηT) + ‖L‖∞η‖σ‖₂²/M at the theorem's step
η = min{1/(2‖L‖∞), √(2ΔM/(‖L‖∞‖σ‖₂²T))} (see :mod:`adaproof.bounds.adagrad_aniso`, theorem-D.3,
for the OCR readings), M = 1.  ‖L‖∞ is an input H with H ≥ L_j for every j (H = max L_j is the
exact constant; a larger H is a valid one), L_j computed exactly per family as in
:mod:`.theorem_4_3`; σ_j > 0 (the step divides by ‖σ‖₂); noise n_t = σξ_t with the 2-point law
(E ξ = 0, E ξ² ≤ 1), exact enumeration of the 2^T paths.
"""
from __future__ import annotations

import sympy as sp
import torch

from ...algorithms.adagrad_aniso import SGDAniso
from ...bounds.adagrad_aniso import _LAW_H, _LAW_Q, _NOISE, _law
from ...registry import register
from ...sampling import log_uniform
from ...statement import Hypothesis, Quantity, Recurrence, Statement, TrajectorySource
from ...symbolic import SeqValue
from ._common import PAPER
from .theorem_4_3 import (A, X, _H_t, _Hik, _dphi, _margin, _phi, _s_logistic, _s_quad, _s_rational,
    _sig, _sizes_small, _tf0_logistic, _tg_logistic, a_, c, d, i, k, m, n, r, t, T, w, w0, xi)

Hs = sp.Symbol("H", real=True)
s = sp.IndexedBase("s", real=True)


def _make(key, *, title, family_q, family_h=(), grad, f0, Lj, sampler, torch_grad, torch_f0, torch_Lj,
          notes):
    sig2 = sp.Sum(s[k] ** 2, (k, 1, d))
    eta = sp.Min(1 / (2 * Hs), sp.sqrt(2 * f0 / (Hs * sig2 * T)))
    G = grad(t - 1) + s[i] * xi[t]

    def samp(ctx):
        out = sampler(ctx)
        dn = ctx.sizes["d"]
        Lmax = torch_Lj(out).amax(1)
        out["H"] = Lmax * torch.where(ctx.rand(ctx.B) < 0.8, torch.ones(ctx.B, dtype=ctx.dtype),
                                      1 + log_uniform(ctx, 1e-6, 10.0)) * (1 + 2.0 ** -40)
        gs = torch_grad(out, out["w0"].data).abs().mean(1).clamp_min(1e-12)
        out["s"] = SeqValue(gs[:, None] * log_uniform(ctx, 1e-4, 1e2, dn), (1,))
        out.update(_law(ctx))
        out.pop("eps", None)
        return out

    def build(env):
        Dl = torch_f0(env)
        Hv = env["H"]
        lr = torch.minimum(1 / (2 * Hv), torch.sqrt(2 * Dl / (Hv * (env["s"].data ** 2).sum(1)
                                                             * env["T"])))
        sv, xv = env["s"].data, env["xi"].data
        return SGDAniso(lr=lr), {"x0": env["w0"].data, "T": env["T"],
                                 "oracle": lambda xx, tt: torch_grad(env, xx) + sv * xv[:, tt - 1:tt]}

    return register(Statement(
        id=f"{PAPER}/theorem-D.3-{key}", paper=PAPER, kind="theorem", number="D.3",
        title=title, section="Appendix D", family="rate",
        latex=(r"\frac1T\sum_{t=0}^{T-1}\mathbb{E}\|\nabla f(w_t)\|_2^2\le\frac{2\Delta}{\eta T}+"
               r"\frac{\|L\|_\infty\eta\|\sigma\|_2^2}{M},\ \eta=\min\{\tfrac1{2\|L\|_\infty},"
               r"\sqrt{2\Delta M/(\|L\|_\infty\|\sigma\|_2^2T)}\}"),
        quantities=(Quantity("T", "size", ">= 1", "number of iterations"),
                    Quantity("d", "size", ">= 1", "dimension"),
                    Quantity("H", "scalar", "R", "‖L‖∞ used by the theorem (H ≥ L_j for every j: "
                             "a hypothesis, L_j being an expression of the family)"),
                    *family_q,
                    Quantity("c", "sequence", "R", "centre of the objective", (1,), ("d",)),
                    Quantity("w0", "sequence", "R", "initial point", (1,), ("d",)),
                    Quantity("s", "sequence", "> 0", "noise scales σ_j", (1,), ("d",)),
                    *_LAW_Q,
                    Quantity("w", "trajectory", "R", "iterates w_t, t = 0..T", (0, 1), ("T", "d"))),
        hypotheses=(
            *family_h,
            Hypothesis(sp.LessThan(Lj(i), Hs), forall=((i, 1, d),), note="H ≥ ‖L‖∞"),
            Hypothesis(sp.StrictGreaterThan(s[i], 0), forall=((i, 1, d),),
                       note="σ positive (Assumption 3.5; the step divides by ‖σ‖₂)"),
            *[Hypothesis(rel, note="Δ > 0") for rel in (sp.StrictGreaterThan(f0, 0),)
              if rel is not sp.true],
            *_LAW_H),
        lhs=sp.Sum(sp.Sum(grad(t) ** 2, (i, 1, d)), (t, 0, T - 1)) / T,
        rhs=2 * f0 / (eta * T) + Hs * eta * sig2,
        sampler=samp, sizes=_sizes_small,
        trajectory=TrajectorySource(build=build, read={"x": ("w", (0, 1))}),
        recurrences=(Recurrence("w", t, 1, w0[i], w[t - 1, i] - eta * G),),
        noise=_NOISE,
        source="Theorem D.3 with the explicit bound of its proof, at the theorem's step size",
        notes=("M = 1, n_t = σξ_t with a 2-point law (E ξ = 0, E ξ² ≤ 1); exact enumeration.  "
               + notes)))


THEOREM_D_3_QUAD = _make(
    "quad", title="SGD (Option II, the theorem's η) on quadratics with a non-diagonal Hessian",
    family_q=(Quantity("A", "sequence", "R", "factor of the Hessian H = AᵀA", (1, 1), ("d", "d")),),
    grad=lambda tt: sp.Sum(_Hik(i, k) * (w[tt, k] - c[k]), (k, 1, d)),
    f0=sp.Sum(sp.Sum(_Hik(m, k) * (w0[m] - c[m]) * (w0[k] - c[k]), (k, 1, d)), (m, 1, d)) / 2,
    Lj=lambda ii: sp.Sum(sp.Abs(_Hik(ii, k)), (k, 1, d)),
    sampler=_s_quad,
    torch_grad=lambda env, xx: (_H_t(env) @ (xx - env["c"].data)[:, :, None])[:, :, 0],
    torch_f0=lambda env: 0.5 * ((env["w0"].data - env["c"].data)[:, None, :] @ _H_t(env) @
                                (env["w0"].data - env["c"].data)[:, :, None])[:, 0, 0],
    torch_Lj=lambda env: _H_t(env).abs().sum(2),
    notes="f = ½(w − c)ᵀAᵀA(w − c), L_j = Σ_k |H_jk|, f* = 0.")

THEOREM_D_3_RATIONAL = _make(
    "rational", title="SGD (Option II, the theorem's η) on separable nonconvex a·x²/(1 + x²)",
    family_q=(Quantity("a", "sequence", "> 0", "amplitudes (L = 2a)", (1,), ("d",)),),
    family_h=(Hypothesis(sp.StrictGreaterThan(a_[i], 0), forall=((i, 1, d),),
                         note="f = Σ a_j φ(w_j − c_j) ≥ 0 = f*, |∂²_j f| ≤ 2a_j"),),
    grad=lambda tt: a_[i] * _dphi(w[tt, i] - c[i]),
    f0=sp.Sum(a_[k] * _phi(w0[k] - c[k]), (k, 1, d)), Lj=lambda ii: 2 * a_[ii],
    sampler=_s_rational,
    torch_grad=lambda env, xx: env["a"].data * _dphi(xx - env["c"].data),
    torch_f0=lambda env: (env["a"].data * _phi(env["w0"].data - env["c"].data)).sum(1),
    torch_Lj=lambda env: 2 * env["a"].data,
    notes="f = Σ a_j φ(w_j − c_j), φ = x²/(1 + x²), |φ''| ≤ 2: L = 2a, f* = 0.")

THEOREM_D_3_LOGISTIC = _make(
    "logistic", title="SGD (Option II, the theorem's η) on logistic regression over n ≤ 3 points",
    family_q=(Quantity("n", "size", ">= 1", "number of data points"),
              Quantity("X", "sequence", "R", "labelled data points y_m x_m (rows)", (1, 1),
                       ("n", "d"))),
    grad=lambda tt: -sp.Sum(X[m, i] * _sig(-_margin(lambda kk: w[tt, kk], m)), (m, 1, n)) / n,
    f0=sp.Sum(sp.log(1 + sp.exp(-_margin(lambda kk: w0[kk], m))), (m, 1, n)) / n,
    Lj=lambda ii: sp.Sum(sp.Abs(sp.Sum(X[m, ii] * X[m, k], (m, 1, n))), (k, 1, d)) / (4 * n),
    sampler=_s_logistic,
    torch_grad=_tg_logistic, torch_f0=_tf0_logistic,
    torch_Lj=lambda env: (env["X"].data.transpose(1, 2) @ env["X"].data).abs().sum(2)
    / (4 * env["X"].data.shape[1]),
    notes="f = (1/n)Σ ln(1 + e^{−y_m x_mᵀw}), L_j = Σ_k|(XᵀX)_{jk}|/(4n); Δ := f(w₀) ≥ f(w₀) − f*.")
