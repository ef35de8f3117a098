r"""Eqs. (27) and (28) of the proof of Theorem 5.3 as printed -- with the expectation inside the
logarithm (27) and a ratio of expectations (28) -- as computed statements whose sides enumerate
a finite noise law exactly (AdaGrad's 2^T paths run in float64 for the screen, in mpmath at 60
and 120 digits for a violation).

Liu, Pan, Zhang, *AdaGrad under anisotropic smoothness* (ICLR 2025); the readings are those of
:mod:`.eq_28` (which encodes the linear-in-expectation steps on cosh objectives).  Setting of
Theorem 4.3 (L₁ = 0, so (27)'s step-size condition η ≤ 1/(4‖L₁‖∞) allows every η > 0): diagonal
quadratics f = Σ h_j/2 (w_j − c_j)² (L₀ = L = h, f* = 0), M = 1, g_t = ∇f(w_t) + σ ⊙ 1·ξ_t with
ξ_t i.i.d. from a 2-point law with E ξ = 0 and E ξ² ≤ 1 (Assumptions 3.4, 3.5), λ̃ from (20) with
E_t g² = ∇² + σ²Eξ² exactly.

``adagrad_aniso/eq-27`` (printed reading): Σ_t E⟨∇f, Λ̃_t⁻¹∇f⟩ ≤ (4/η)E[f(w₀) − f(w_T)] +
    (12‖σ‖₁ + 2η‖L₀‖₁) ln((E tr Λ_{T−1})²/ϵ²)
``adagrad_aniso/eq-28`` (printed reading): Σ_t E⟨∇f, Λ̃_t⁻¹∇f⟩ ≥ (Σ_j E√(Σ_t ∇²_{t,j}))² /
    Σ_j E√(λ²_{T−1,j} + Σ_s ∇²_{s,j} + σ_j²)

The logarithm is not among the array operations of :mod:`adaproof.matrix`; it is applied per
backend here (torch.log on the float screen, mpmath.log in mpmath; exact rationals fall back to
mpmath as for a square root).
"""
from __future__ import annotations

import itertools

import mpmath
import numpy as np
import torch

from ...computed import Input, computed_statement, size_choices
from ...matrix import NeedsReal, TorchOps
from ...registry import register
from ...sampling import log_uniform
from ...symbolic import SeqValue

INPUTS = (
    Input("h", ("d",), "> 0", "curvatures (L = h)"),
    Input("c", ("d",), "R", "minimiser"),
    Input("w0", ("d",), "R", "initial point"),
    Input("s", ("d",), ">= 0", "noise scales σ_j"),
    Input("p1", (), "(0, 1)", "P(ξ = u1)"),
    Input("u1", (), "R", "first atom of the noise law"),
    Input("u2", (), "R", "second atom (E ξ = 0: p1u1 + (1 − p1)u2 = 0)"),
    Input("eta", (), "> 0", "constant step size η"),
    Input("eps", (), "> 0", "ϵ of Algorithm 1"),
)


def _log(ops, a):
    if isinstance(ops, TorchOps):
        return torch.log(a)
    if type(ops).__name__ == "ExactOps":
        raise NeedsReal("log")
    a = np.asarray(a, dtype=object)
    out = np.empty(a.shape, dtype=object)
    for ix in np.ndindex(a.shape):
        out[ix] = mpmath.log(a[ix])
    return out[()] if out.shape == () else out


def _sampler(ctx) -> dict:
    B, dn = ctx.B, ctx.sizes["d"]
    h = log_uniform(ctx, 1e-3, 1e3, dn)
    c = ctx.randn(B, dn)
    w0 = c + ctx.randn(B, dn) * log_uniform(ctx, 1e-4, 1e2)[:, None]
    p1 = ctx.randint(1, 1024, B).to(ctx.dtype) / 1024
    p1 = torch.where(ctx.rand(B) < 0.5, torch.full_like(p1, 0.5), p1)
    k = torch.exp2(torch.floor(torch.log2(1 / torch.sqrt(p1 * (1 - p1)))))  # E ξ² ≤ 1, exact
    gs = (h * (w0 - c).abs()).mean(1).clamp_min(1e-12)
    s = gs[:, None] * log_uniform(ctx, 1e-4, 1e2, dn)
    s = torch.where((ctx.rand(B) < 0.2)[:, None], torch.zeros_like(s), s)
    Dl = (h / 2 * (w0 - c) ** 2).sum(1)
    eta = torch.sqrt(Dl / h.sum(1)).clamp_min(1e-12) * log_uniform(ctx, 1e-2, 1e2)
    return {"h": SeqValue(h, (1,)), "c": SeqValue(c, (1,)), "w0": SeqValue(w0, (1,)),
            "s": SeqValue(s, (1,)), "p1": p1, "u1": -(1 - p1) * k, "u2": p1 * k, "eta": eta,
            "eps": gs * log_uniform(ctx, 1e-8, 1e2)}


def _hyps(ops, v):
    z = 0 * v["p1"]
    Exi2 = v["p1"] * v["u1"] * v["u1"] + (1 - v["p1"]) * v["u2"] * v["u2"]
    return [("h > 0", ops.all(ops.gt(v["h"], 0 * v["h"]), -1)),
            ("s >= 0", ops.all(ops.ge(v["s"], 0 * v["s"]), -1)),
            ("0 < p1 < 1", ops.gt(v["p1"], z) & ops.gt(1 + z, v["p1"])
             if isinstance(ops, TorchOps) else
             np.logical_and(ops.gt(v["p1"], z), ops.gt(1 + z, v["p1"]))),
            ("E ξ = 0", ops.eq(v["p1"] * v["u1"] + (1 - v["p1"]) * v["u2"], z)),
            ("E ξ² ≤ 1", ops.le(Exi2, 1 + z)),
            ("eta > 0", ops.gt(v["eta"], z)), ("eps > 0", ops.gt(v["eps"], z))]


def _enumerate(ops, v):
    h, c, w0, s = v["h"], v["c"], v["w0"], v["s"]
    p1, u1, u2 = v["p1"][..., None], v["u1"][..., None], v["u2"][..., None]
    eta, eps, T = v["eta"][..., None], v["eps"][..., None], v["T"]
    Exi2 = p1 * u1 * u1 + (1 - p1) * u2 * u2
    gauge = 0 * v["p1"]                # Σ_t E⟨∇f, Λ̃⁻¹∇f⟩
    drop = 0 * v["p1"]                 # E[f(w₀) − f(w_T)]
    Etr = 0 * v["p1"]                  # E tr Λ_{T−1}
    Esq = 0 * h                        # E√(Σ_t ∇²_{t,j})
    Eden = 0 * h                       # E√(λ²_{T−1,j} + Σ_s ∇²_{s,j} + σ_j²)
    f0 = ops.sum(h * (w0 - c) * (w0 - c), -1) / 2
    for path in itertools.product((0, 1), repeat=T):
        pr = 1 + 0 * p1
        for x in path:
            pr = pr * (p1 if x == 0 else 1 - p1)
        w, vv, G2 = w0, eps * eps + 0 * w0, 0 * h
        for x in path:
            grad = h * (w - c)
            gauge = gauge + pr[..., 0] * ops.sum(grad * grad / ops.sqrt(vv + grad * grad + s * s * Exi2), -1)
            G2 = G2 + grad * grad
            g = grad + s * (u1 if x == 0 else u2)
            vv = vv + g * g
            w = w - eta * g / ops.sqrt(vv)
        drop = drop + pr[..., 0] * (f0 - ops.sum(h * (w - c) * (w - c), -1) / 2)
        Etr = Etr + pr[..., 0] * ops.sum(ops.sqrt(vv), -1)
        Esq = Esq + pr * ops.sqrt(G2)
        Eden = Eden + pr * ops.sqrt(vv + G2 + s * s)
    return gauge, drop, Etr, Esq, Eden


def _sides27(ops, v):
    gauge, drop, Etr, _, _ = _enumerate(ops, v)
    eta, eps = v["eta"], v["eps"]
    coef = 12 * ops.sum(v["s"], -1) + 2 * eta * ops.sum(v["h"], -1)
    return gauge, 4 * drop / eta + coef * _log(ops, Etr * Etr / (eps * eps))


def _sides28(ops, v):
    gauge, _, _, Esq, Eden = _enumerate(ops, v)
    S = ops.sum(Esq, -1)
    return S * S / ops.sum(Eden, -1), gauge


_COMMON = dict(
    kind="eq", inputs=INPUTS, size_names={"T": "number of iterations", "d": "dimension"},
    sizes=size_choices(T=(1, 2, 3, 4, 6), d=(1, 2, 3)), sampler=_sampler, hyps=_hyps,
    hypotheses_latex=(r"f = \sum_j h_j/2\,(w_j - c_j)^2,\ h > 0\ (L_0 = h,\ L_1 = 0)",
                      r"g_t = \nabla f(w_t) + \sigma\xi_t,\ \mathbb{E}\xi = 0,\ \mathbb{E}\xi^2\le1"),
    computed_kind="expectation", family="other", section="Appendix F (proof of Theorem 5.3)")

EQ_27 = register(computed_statement(
    "adagrad_aniso/eq-27", number="27",
    title="(27) as printed: ln of the expectation E tr Λ_{T−1} (exact enumeration)",
    latex=(r"\sum_t\mathbb{E}\langle\nabla f,\tilde\Lambda_t^{-1}\nabla f\rangle\le\frac4\eta"
           r"\mathbb{E}[f(w_0)-f(w_T)]+(12\|\sigma\|_1+2\eta\|L_0\|_1)\ln\frac{(\mathbb{E}\,"
           r"\mathrm{tr}\Lambda_{T-1})^2}{\epsilon^2}"),
    lhs_latex=r"\sum_t\mathbb{E}\langle\nabla f,\tilde\Lambda_t^{-1}\nabla f\rangle",
    rhs_latex=(r"\frac4\eta\mathbb{E}[f(w_0)-f(w_T)]+(12\|\sigma\|_1+2\eta\|L_0\|_1)\ln"
               r"\frac{(\mathbb{E}\mathrm{tr}\Lambda_{T-1})^2}{\epsilon^2}"),
    sides=_sides27,
    source="Proof of Theorem 5.3 (Appendix F), (27), with L₁ = 0 (Theorem 4.3's setting)",
    notes="Reading of eq_28's docstring: ln((E tr Λ_{T−1})²/ϵ²), coefficient 2η‖L₀‖₁.",
    **_COMMON))

EQ_28 = register(computed_statement(
    "adagrad_aniso/eq-28", number="28",
    title="(28) as printed: a ratio of expectations below Σ_t E⟨∇f, Λ̃⁻¹∇f⟩ (exact enumeration)",
    latex=(r"\frac{(\sum_j\mathbb{E}\sqrt{\sum_t\nabla_{t,j}^2})^2}{\sum_j\mathbb{E}\sqrt{"
           r"\lambda_{T-1,j}^2+\sum_s\nabla_{s,j}^2+\sigma_j^2}}\le\sum_t\mathbb{E}\langle\nabla f,"
           r"\tilde\Lambda_t^{-1}\nabla f\rangle"),
    lhs_latex=(r"\frac{(\sum_j\mathbb{E}\sqrt{\sum_t\nabla_{t,j}^2})^2}{\sum_j\mathbb{E}\sqrt{"
               r"\lambda_{T-1,j}^2+\sum_s\nabla_{s,j}^2+\sigma_j^2}}"),
    rhs_latex=r"\sum_t\mathbb{E}\langle\nabla f,\tilde\Lambda_t^{-1}\nabla f\rangle",
    sides=_sides28, supremum_ratio=1.0,
    source="Proof of Theorem 5.3 (Appendix F), (28), with L₁ = 0 (Theorem 4.3's setting)",
    notes="Cauchy–Schwarz twice after eq-28-a's step; equality at T = d = 1 without noise.",
    **_COMMON))
