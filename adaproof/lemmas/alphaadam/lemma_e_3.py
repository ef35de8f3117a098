"""Lemma E.3 (Appendix E.1): the second-moment bound for large gradients.

As printed (line 791): "We define Ω_t = η₁ L √d (1−β₁) / (√(1−β₂)(1 − β₁/√β₂) √t), d is the
parameter dimension.  For any coordinate i, if |∂_i L_t| ≥ 4√2 Ω_t/(1−β₂), the estimation
v_{i,t−1} ≤ 5/2 |∂_i L_t|²."  Proof lines 796-822 (through Lemma E.2 and L-smoothness,
Assumption 3.7); used in Lemma E.4.  The hand-written sampler stays (the derived attack reaches
a lower best ratio: docs/hand-samplers.md).

Encoded as ``alphaadam/lemma-E.3``: a full-batch (closed-loop) run of the analysed recurrence on
an L-smooth objective family whose smoothness constant is certified by a hypothesis.
"""
from __future__ import annotations

import sympy as sp
import torch

from ...algorithms.alphaadam import AlphaAdamAnalysed
from ...registry import register
from ...sampling import log_uniform, unit_interval
from ...statement import Hypothesis, Quantity, Recurrence, SampleContext, Statement, \
    TrajectorySource
from ...symbolic import SeqValue
from ._common import (C_E2, PAPER, T, _BETA_HYPS, _REC_ANALYSED_OPEN, _pick, Lsm, W, b, beta2,
                      d, eps, eta, g, j, k, l, m0, n, p, q, t, theta, v, v0)


def _betas_below_sqrt(ctx: SampleContext) -> tuple[torch.Tensor, torch.Tensor]:
    """β₂ ∈ (0, 1) and β₁ = r √β₂ (1 − 2⁻⁴⁰) with r ∈ [0, 1) (exactly 0 sometimes, near 1
    sometimes), so that 0 ≤ β₁ < √β₂ < 1 holds exactly for the float values."""
    b2 = unit_interval(ctx)
    r = unit_interval(ctx, closed_low=True)
    b1 = r * torch.sqrt(b2) * (1 - 2.0 ** -40)
    return b1, b2


def _zeros_seq(ctx: SampleContext, dn: int) -> SeqValue:
    return SeqValue(torch.zeros(ctx.B, dn, dtype=ctx.dtype), (1,))


# =============================================================================================
# Lemma E.3: v_{i,t−1} ≤ 5/2 |∂_i L_t|² along a full-batch run on an L-smooth objective
# =============================================================================================
def _ridge_z(tt, jj):
    """z_{j}(θ_t) = ⟨W_j, θ_t⟩ − b_j."""
    return sp.Sum(W[jj, k] * theta[tt, k], (k, 1, d)) - b[jj]


def _ridge_grad(tt, ll):
    """∂_l f(θ_t) for f(θ) = Σ_j p_j z_j²/2 + q_j z_j²/(1 + z_j²)."""
    z = _ridge_z(tt, j)
    return sp.Sum((p[j] * z + 2 * q[j] * z / (1 + z ** 2) ** 2) * W[j, ll], (j, 1, n))


_REC_E3 = (
    _REC_ANALYSED_OPEN[2],                                   # θ_t from step t−1
    Recurrence("g", t, 1, sp.Integer(0), _ridge_grad(t, l)),  # g_t = ∇f(θ_t) (full batch)
    _REC_ANALYSED_OPEN[0],                                   # m_t
    _REC_ANALYSED_OPEN[1],                                   # v_t
)

_T_E3 = {"smoke": (1, 2, 3, 10, 50), "default": (2, 3, 5, 10, 30, 100, 200),
         "deep": (2, 3, 5, 10, 30, 100, 200, 500)}


def _lemma_e3_sizes(gen: torch.Generator, preset: str) -> dict:
    return {"T": _pick(gen, _T_E3.get(preset, _T_E3["default"])), "d": _pick(gen, (1, 2, 3, 4)),
            "n": _pick(gen, (1, 2, 3))}


def _ridge_oracle(W_, b_, p_, q_):
    def oracle(x, _t):
        z = torch.einsum("bjk,bk->bj", W_, x) - b_
        coef = p_ * z + 2 * q_ * z / (1 + z * z) ** 2
        return torch.einsum("bj,bjl->bl", coef, W_)
    return oracle


def _lemma_e3_sampler(ctx: SampleContext) -> dict:
    """Objective f(θ) = Σ_j p_j z_j²/2 + q_j z_j²/(1+z_j²), z_j = ⟨W_j, θ⟩ − b_j, with p, q ≥ 0
    (each zero a fifth of the time), W ~ N(0, σ²) with σ log-uniform in [1e-3, 1e3], b ~ N(0, 1)
    times a log-uniform scale; L = (1 + 2⁻³⁰) Σ_j (p_j + 2q_j)‖W_j‖² (the family's smoothness
    bound, inflated past rounding), times a log-uniform factor in [1, 100] a quarter of the time.
    η log-uniform in [1e-10, 10] (the threshold 4√2Ω_t/(1−β₂) is reached only for small η);
    0 ≤ β₁ < √β₂ < 1 (:func:`_betas_below_sqrt`); ϵ = 0 half the time (the analysed
    form), log-uniform in [1e-16, 1] otherwise; m₀ = v₀ = 0; θ₁ ~ N(0, 1) times a log-uniform
    scale."""
    Tn, dn, nn = ctx.sizes["T"], ctx.sizes["d"], ctx.sizes["n"]
    B = ctx.B
    b1, b2 = _betas_below_sqrt(ctx)
    e = torch.where(ctx.rand(B) < 0.5, torch.zeros(B, dtype=ctx.dtype),
                    log_uniform(ctx, 1e-16, 1.0))
    Wv = ctx.randn(B, nn, dn) * log_uniform(ctx, 1e-3, 1e3)[:, None, None]
    bv = ctx.randn(B, nn) * log_uniform(ctx, 1e-2, 1e2)[:, None]
    pv = log_uniform(ctx, 1e-3, 1e3, nn) * (ctx.rand(B, nn) >= 0.2)
    qv = log_uniform(ctx, 1e-3, 1e3, nn) * (ctx.rand(B, nn) >= 0.2)
    smooth = ((pv + 2 * qv) * (Wv * Wv).sum(-1)).sum(-1)
    Lv = smooth * (1 + 2.0 ** -30)
    Lv = torch.where(ctx.rand(B) < 0.25, Lv * log_uniform(ctx, 1.0, 100.0), Lv)
    Lv = torch.where(Lv > 0, Lv, log_uniform(ctx, 1e-3, 1e3))
    return {"eta": log_uniform(ctx, 1e-10, 10.0), "L": Lv, "beta1": b1, "beta2": b2, "eps": e,
            "W": SeqValue(Wv, (1, 1)), "b": SeqValue(bv, (1,)), "p": SeqValue(pv, (1,)),
            "q": SeqValue(qv, (1,)), "m0": _zeros_seq(ctx, dn), "v0": _zeros_seq(ctx, dn),
            "theta1": SeqValue(ctx.randn(B, dn) * log_uniform(ctx, 1e-2, 1e2)[:, None], (1,))}


def _build_e3(env):
    alg = AlphaAdamAnalysed(lr=env["eta"], beta1=env["beta1"], beta2=env["beta2"],
                            eps=env["eps"], m0=env["m0"].data, v0=env["v0"].data,
                            lr_decay="inv_sqrt")
    oracle = _ridge_oracle(env["W"].data, env["b"].data, env["p"].data, env["q"].data)
    return alg, {"x0": env["theta1"].data, "oracle": oracle, "T": int(env["T"])}


#: Ω_t = η₁ L √d (1−β₁) / (√(1−β₂)(1 − β₁/√β₂) √t)
OMEGA_T = eta * Lsm * sp.sqrt(d) * C_E2 / sp.sqrt(t)
_E3_THRESHOLD = 4 * sp.sqrt(2) * OMEGA_T / (1 - beta2)

LEMMA_E3 = register(Statement(
    id="alphaadam/lemma-E.3",
    paper=PAPER,
    kind="lemma",
    number="E.3",
    title="Second-moment bound v_{i,t−1} ≤ 5/2 |∂_i L_t|² for large gradients",
    section="Appendix E.1",
    family="log-sum",
    latex=(r"\Omega_t=\frac{\eta_1 L\sqrt d(1-\beta_1)}{\sqrt{1-\beta_2}\left(1-\frac{\beta_1}"
           r"{\sqrt{\beta_2}}\right)\sqrt t}:\quad |\partial_i\mathcal L_t|\ge\frac{4\sqrt2\,"
           r"\Omega_t}{1-\beta_2}\ \Longrightarrow\ v_{i,t-1}\le\frac52|\partial_i\mathcal L_t|^2"),
    quantities=(
        Quantity("eta", "scalar", "> 0", "η₁ (step size η_t = η₁/√t)"),
        Quantity("L", "scalar", "> 0", "smoothness constant L (Assumption 3.7)"),
        Quantity("beta1", "scalar", "[0, sqrt(beta2))", "momentum parameter β₁"),
        Quantity("beta2", "scalar", "(0, 1)", "second-moment parameter β₂"),
        Quantity("eps", "scalar", ">= 0", "stability term ϵ (the analysis uses 0)"),
        Quantity("T", "size", ">= 1", "number of steps"),
        Quantity("d", "size", ">= 1", "dimension"),
        Quantity("n", "size", ">= 1", "number of ridges of the objective"),
        Quantity("W", "sequence", "R", "ridge directions W_{j,k}", (1, 1), ("n", "d")),
        Quantity("b", "sequence", "R", "ridge offsets b_j", (1,), ("n",)),
        Quantity("p", "sequence", ">= 0", "quadratic weights p_j", (1,), ("n",)),
        Quantity("q", "sequence", ">= 0", "nonconvex weights q_j", (1,), ("n",)),
        Quantity("m0", "sequence", "= 0", "initial momentum", (1,), ("d",)),
        Quantity("v0", "sequence", "= 0", "initial second moment", (1,), ("d",)),
        Quantity("theta1", "sequence", "R", "initial point θ₁", (1,), ("d",)),
        Quantity("theta", "trajectory", "R", "iterate θ_{t,i}", (1, 1), ("T + 1", "d")),
        Quantity("g", "trajectory", "R", "full-batch gradient ∂_i L(θ_t)", (0, 1), ("T", "d")),
        Quantity("m", "trajectory", "R", "momentum m_{t,i}", (0, 1), ("T", "d")),
        Quantity("v", "trajectory", ">= 0", "second moment v_{t,i}", (0, 1), ("T", "d")),
    ),
    hypotheses=(
        Hypothesis(sp.StrictGreaterThan(eta, 0), note="η₁ > 0 (Theorem E.5's η_t = η₁/√t)"),
        Hypothesis(sp.StrictGreaterThan(Lsm, 0), note="Assumption 3.7: L-smooth"),
        Hypothesis(sp.GreaterThan(p[j], 0), forall=((j, 1, n),),
                   note="Assumption 3.7 (non-negative objective): p_j ≥ 0"),
        Hypothesis(sp.GreaterThan(q[j], 0), forall=((j, 1, n),),
                   note="Assumption 3.7 (non-negative objective): q_j ≥ 0"),
        Hypothesis(sp.GreaterThan(Lsm, sp.Sum((p[j] + 2 * q[j]) * sp.Sum(W[j, k] ** 2, (k, 1, d)),
                                              (j, 1, n))),
                   note="Assumption 3.7 (L-smooth) for the objective family: its Hessian "
                        "Σ_j (p_j + q_j ψ''(z_j)) W_j W_jᵀ with |ψ''| ≤ 2 for ψ(z) = z²/(1+z²) "
                        "has ‖·‖₂ ≤ Σ_j (p_j + 2q_j)‖W_j‖² ≤ L"),
        *_BETA_HYPS[1:],
        Hypothesis(sp.GreaterThan(eps, 0), note="ϵ ≥ 0 (line 739; the analysis uses ϵ = 0)"),
        Hypothesis(sp.Eq(m0[l], 0), silent=True, forall=((l, 1, d),),
                   note="m₀ = 0: used through Lemma E.2's expansion of m_t (line 782)"),
        Hypothesis(sp.Eq(v0[l], 0), silent=True, forall=((l, 1, d),),
                   note="v₀ = 0: the proof expands v_{i,t−1} = (1−β₂)Σ_{j=1}^{t−1} "
                        "∇L²_{i,t−j} β₂^{j−1}"),
    ),
    lhs=sp.Piecewise((v[t - 1, l], sp.GreaterThan(sp.Abs(g[t, l]), _E3_THRESHOLD)), (0, True)),
    rhs=sp.Rational(5, 2) * g[t, l] ** 2,
    forall=((t, 1, T), (l, 1, d)),
    sampler=_lemma_e3_sampler,
    sizes=_lemma_e3_sizes,
    trajectory=TrajectorySource(build=_build_e3,
                                read={"x": ("theta", (1, 1)), "g": ("g", (1, 1)),
                                      "m": ("m", (0, 1)), "v": ("v", (0, 1))},
                                series=("m", "v")),
    recurrences=_REC_E3,
    source="Lemma E.3, Appendix E.1 (proof lines 796-822), used in Lemma E.4",
    notes="The conclusion 'if |∂_iL_t| ≥ 4√2Ω_t/(1−β₂) then v_{i,t−1} ≤ 5/2|∂_iL_t|²' is "
          "encoded as I(|g_{t,i}| ≥ 4√2Ω_t/(1−β₂)) v_{t−1,i} ≤ 5/2 g_{t,i}². Full batch, closed "
          "loop: AlphaAdamAnalysed (η_t = η₁/√t) runs on the gradient of "
          "f(θ) = Σ_j p_j z_j²/2 + q_j z_j²/(1+z_j²), z_j = ⟨W_j,θ⟩ − b_j, a non-negative "
          "(convex-plus-nonconvex) family whose smoothness constant is certified by a hypothesis; "
          "the exact path recomputes θ, ∇f(θ_t), m, v from SymPy recurrences.",
))

