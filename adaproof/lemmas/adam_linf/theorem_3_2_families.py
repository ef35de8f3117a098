"""Theorem 3.2 (SignGD, H-smooth w.r.t. ℓ∞) attacked on the three objective families of
issue 14 at once (:mod:`._objective`: a quadratic with a non-diagonal Hessian, nonconvex ridges,
logistic regression on n points), H certified exactly for the instance (H ≥ Σ_j κ_j‖W_j‖₁²).

    min_{1≤t≤T} ‖∇L(x_t)‖₁ ≤ (L(x₀) − min L)/(Tη) + Hη/2                     (Theorem 3.2)

``adam_linf/theorem-3.2-families`` as printed (min over 1 ≤ t ≤ T) and its corrected variant
(min over 0 ≤ t ≤ T−1, the range the proof's telescoped (7) bounds; the same correction as
``adam_linf/theorem-3.2@corrected`` on diagonal quadratics).  The family is non-negative, so
min L ≥ 0 and L(x₀) − 0 ≥ L(x₀) − min L: the right side used is at least the printed one and a
violation found here is one of the theorem.  Deterministic (Theorem 3.2 has no noise).
"""
from __future__ import annotations

import dataclasses

import sympy as sp

from ...algorithms.adam_linf import SignGD
from ...registry import register
from ...statement import Hypothesis, Quantity, Recurrence, Statement, TrajectorySource
from ...symbolic import IndexMin
from ._objective import LINF_SMOOTH, W, b, d, f_of, grad_of, j, n, p, q, r

H, eta = sp.symbols("H eta", real=True)
T = sp.Symbol("T", integer=True, positive=True)
t, i = sp.Symbol("t", integer=True), sp.Symbol("i", integer=True)
x, x0 = sp.IndexedBase("x"), sp.IndexedBase("x0")


def _oracle(Wv, bv, pv, qv, rv):
    import torch

    def oracle(xx, _t):
        z = torch.einsum("bjk,bk->bj", Wv, xx) - bv
        coef = pv * z + 2 * qv * z / (1 + z * z) ** 2 - rv * torch.sigmoid(-z)
        return torch.einsum("bj,bjk->bk", coef, Wv)
    return oracle


def _build(env):
    oracle = _oracle(env["W"].data, env["b"].data, env["p"].data, env["q"].data, env["r"].data)
    return SignGD(lr=env["eta"]), {"x0": env["x0"].data, "T": int(env["T"]), "oracle": oracle}


def _sizes(gen, preset):
    from ...sampling import choose
    return {"T": choose(gen, (1, 1, 2, 3, 5, 10, 30)), "n": choose(gen, (1, 2, 3)),
            "d": choose(gen, (1, 2, 3))}


def _sampler(ctx):
    """W ~ N(0, 1)·scale, x₀ ~ N(0, 1)·scale; b = Wx₀ + δ with δ log-uniform in [1e-9, 1] times
    a random sign for half the candidates (x₀ near a zero of every ridge: where the printed
    index range fails, as Theorem 3.2's diagonal-quadratic sampler starts near the minimiser),
    N(0, 1)·scale otherwise; p, q, r log-uniform in [1e-3, 1e3], each 0 with probability 1/3
    (one family alone or mixed); H = Σ_j κ_j‖W_j‖₁²·(1 + 2⁻³⁰), ×(1 + Exp(1)) for 30%; η
    log-uniform in [1e-4, 10]."""
    import torch
    from ...sampling import log_uniform
    from ...symbolic import SeqValue
    nn, dn, B = ctx.sizes["n"], ctx.sizes["d"], ctx.B
    Wv = ctx.randn(B, nn, dn) * log_uniform(ctx, 1e-2, 1e2)[:, None, None]
    xv = ctx.randn(B, dn) * log_uniform(ctx, 1e-2, 1e2)[:, None]
    near = ctx.rand(B, 1) < 0.5
    sgn = torch.where(ctx.rand(B, nn) < 0.5, -1.0, 1.0).to(ctx.dtype)
    bv = torch.where(near, torch.einsum("bjk,bk->bj", Wv, xv) + sgn * log_uniform(ctx, 1e-9, 1.0, nn),
                     ctx.randn(B, nn) * log_uniform(ctx, 1e-2, 1e2)[:, None])

    def weight():
        return log_uniform(ctx, 1e-3, 1e3, nn) * (ctx.rand(B, nn) >= 1 / 3)
    pv, qv, rv = weight(), weight(), weight()
    Hv = ((pv + 2 * qv + rv / 4) * Wv.abs().sum(-1) ** 2).sum(-1) * (1 + 2.0 ** -30)
    Hv = torch.where(ctx.rand(B) < 0.3, Hv * (1 + torch.distributions.Exponential(1.0).sample(
        (B,)).to(ctx.dtype)), Hv)
    Hv = torch.where(Hv > 0, Hv, log_uniform(ctx, 1e-3, 1e3))
    return {"H": Hv, "eta": log_uniform(ctx, 1e-4, 10.0), "W": SeqValue(Wv, (1, 1)),
            "b": SeqValue(bv, (1,)), "p": SeqValue(pv, (1,)), "q": SeqValue(qv, (1,)),
            "r": SeqValue(rv, (1,)), "x0": SeqValue(xv, (1,))}


_GL1 = lambda tt: sp.Sum(sp.Abs(grad_of(lambda kk: x[tt, kk], i)), (i, 1, d))  # noqa: E731

_QS = (
    Quantity("H", "scalar", "> 0", "ℓ∞-smoothness constant H"),
    Quantity("eta", "scalar", "> 0", "learning rate η"),
    Quantity("T", "size", ">= 1", "number of steps"),
    Quantity("n", "size", ">= 1", "number of ridges / data points"),
    Quantity("d", "size", ">= 1", "dimension"),
    Quantity("W", "sequence", "R", "ridge directions / data points W_{j,k}", (1, 1), ("n", "d")),
    Quantity("b", "sequence", "R", "offsets b_j", (1,), ("n",)),
    Quantity("p", "sequence", ">= 0", "quadratic weights p_j", (1,), ("n",)),
    Quantity("q", "sequence", ">= 0", "nonconvex ridge weights q_j", (1,), ("n",)),
    Quantity("r", "sequence", ">= 0", "logistic weights r_j", (1,), ("n",)),
    Quantity("x0", "sequence", "R", "initial point x₀", (1,), ("d",)),
    Quantity("x", "trajectory", "R", "SignGD iterates x_t", (0, 1), ("T", "d")),
)
_HYPS = (
    Hypothesis(sp.StrictGreaterThan(eta, 0), note="η > 0"),
    Hypothesis(sp.StrictGreaterThan(H, 0), note="H > 0"),
    Hypothesis(sp.GreaterThan(p[j], 0), forall=((j, 1, n),), note="the family: p_j ≥ 0"),
    Hypothesis(sp.GreaterThan(q[j], 0), forall=((j, 1, n),), note="the family: q_j ≥ 0"),
    Hypothesis(sp.GreaterThan(r[j], 0), forall=((j, 1, n),), note="the family: r_j ≥ 0"),
    Hypothesis(sp.GreaterThan(H, LINF_SMOOTH),
               note="L is H-smooth w.r.t. ℓ∞: certified by H ≥ Σ_j (p_j + 2q_j + r_j/4)‖W_j‖₁²"),
)
_RHS = f_of(lambda kk: x[0, kk]) / (T * eta) + H * eta / 2

THEOREM_3_2_FAMILIES = register(Statement(
    id="adam_linf/theorem-3.2-families", paper="adam_linf", kind="theorem",
    number="3.2 (three families)",
    title="SignGD under ℓ∞-smoothness on non-diagonal quadratics, nonconvex ridges and "
          "logistic regression",
    section="3.1, Appendix B", family="rate",
    latex=(r"\min_{1\le t\le T}\|\nabla L(x_t)\|_1\le\frac{L(x_0)-\min L}{T\eta}+\frac{H\eta}2"),
    quantities=_QS, hypotheses=_HYPS,
    lhs=IndexMin(_GL1(t), (t, 1, T)), rhs=_RHS,
    trajectory=TrajectorySource(build=_build, read={"x": ("x", (0, 1))}),
    recurrences=(Recurrence("x", t, 1, x0[i], x[t - 1, i] - eta * sp.sign(
        grad_of(lambda kk: x[t - 1, kk], i))),),
    expected="violated", sampler=_sampler, sizes=_sizes,
    source="Theorem 3.2 (Section 3.1), attacked on the family of adaproof.lemmas.adam_linf."
           "_objective with min L replaced by its lower bound 0",
    notes="The printed index range 1 ≤ t ≤ T is off by one (the proof bounds t = 0..T−1), as "
          "on diagonal quadratics (adam_linf/theorem-3.2).",
))

THEOREM_3_2_FAMILIES_CORRECTED = register(dataclasses.replace(
    THEOREM_3_2_FAMILIES, variant="corrected", expected="holds",
    reason="the proof's telescoped descent (7) bounds min over t = 0..T−1, not 1..T",
    lhs=IndexMin(_GL1(t), (t, 0, T - 1)),
    notes="The proof's range.  min L replaced by 0 ≤ min L (the family is non-negative): the "
          "right side is at least the theorem's, so 'holds' here is weaker than the theorem "
          "at instances with min L > 0 (e.g. logistic regression on separable points has "
          "inf L = 0 only in the limit).",
))
