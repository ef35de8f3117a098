"""Lemma E.4 (Appendix E.1): the masked descent direction, and the per-step descent inside the
proof of Theorem E.5 (Appendix E.2).

Lemma E.4 as printed (line 824): "We define Ω_t = η₁L√d(1−β₁)/(√(1−β₂)(1 − β₁/√β₂)√t) ... for
t > 1 and β₁ < √β₂ have,

    ⟨∇L_t, η_t (−φ_t ∘ m_t)/√v_t⟩ ≤ −η_t ‖∇L_t‖_φ/√10
        + η_t 4√2 (Ω₁ d/√t)(1/(1−β₂) + 2β₁/(1−β₁))(1/√10 + (1−β₁)/(√(1−β₂)(1 − β₁/√β₂)))",

with ‖∇L_t‖_φ = Σ_{i∈S₁} |∇_iL_t| (the coordinates the asynchronous mask keeps, line 921).
Its proof (the momentum display) concludes m_{i,t}∇_iL_t ≥ ∇_iL_t²/2 "when
t > max{log_{β₁}(1/4), 1}" — a condition the statement does not carry.  Encoded:
``alphaadam/lemma-E.4`` as printed (violated: at t = 2 with β₁ near √β₂ near 1 and a small step,
m_{i,t}∇_iL_t ≈ (1−β₁²)∇_iL_t² and m/√v ≈ √((1−β₂)/2)·sign, far below 1/√10) and its corrected
variant with the proof's condition β₁^t < 1/4 (t > log_{β₁}(1/4)) added.

The per-step descent (first display of the proof of Theorem E.5, Lemma E.1 applied):

    L(θ_{t+1}) − L(θ_t) ≤ ⟨∇L(θ_t), θ_{t+1} − θ_t⟩ + L/2‖θ_{t+1} − θ_t‖²
        ≤ −η_t⟨∇L_t, φ_t ∘ m_t/√(β₂v_{t−1} + (1−β₂)∇L_t²)⟩ + L/2 η_t² d/(1−β₂)
          (1−β₁)²/(1 − β₁/√β₂)²

encoded as ``alphaadam/eq-E.5-descent`` (ε = 0, the proof's step).

Both run as Lemma E.3 does (:mod:`.lemma_e_3`): a full-batch closed-loop run of the analysed
recurrence (η_t = η₁/√t) on f(θ) = Σ_j p_j z_j²/2 + q_j z_j²/(1+z_j²) (a non-diagonal quadratic
plus nonconvex ridges), L certified by a hypothesis; E.3's hand sampler is kept (its derived
attack reaches a lower best ratio: docs/hand-samplers.md).
"""
from __future__ import annotations

import dataclasses

import sympy as sp
import torch

from ...registry import register
from ...statement import Hypothesis, Quantity, Statement
from ...sampling import log_uniform
from ._common import C_E2, Lsm, W, b, beta1, beta2, d, eps, eta, g, j, k, l, m, n, p, q, t, \
    theta, v, T, _pick, _ind
from .lemma_e_3 import LEMMA_E3, _lemma_e3_sampler

#: Ω₁ = η₁ L √d C_E2
OMEGA_1 = eta * Lsm * sp.sqrt(d) * C_E2
_ETA_T = eta / sp.sqrt(t)
_PHI = sp.StrictGreaterThan(g[t, l] * m[t - 1, l], 0)   # φ_{t,l} = 1 (asynchronous mask)
_SLACK = (4 * sp.sqrt(2) * OMEGA_1 * d / sp.sqrt(t) * (1 / (1 - beta2) + 2 * beta1 / (1 - beta1))
          * (1 / sp.sqrt(10) + C_E2))

_E4_LHS = sp.Sum(sp.Piecewise((-_ETA_T * g[t, l] * m[t, l] / sp.sqrt(v[t, l]), _PHI), (0, True)),
                 (l, 1, d))
_E4_RHS = (-_ETA_T * sp.Sum(sp.Piecewise((sp.Abs(g[t, l]), _PHI), (0, True)), (l, 1, d))
           / sp.sqrt(10) + _ETA_T * _SLACK)

_T_E4 = {"smoke": (2, 3, 5, 10, 50), "default": (2, 3, 5, 10, 30, 100, 200),
         "deep": (2, 3, 5, 10, 30, 100, 200, 500)}


def _sizes(gen: torch.Generator, preset: str) -> dict:
    """Lemma E.3's sizes with T ≥ 2 (E.4 is stated for t > 1)."""
    return {"T": _pick(gen, _T_E4.get(preset, _T_E4["default"])), "d": _pick(gen, (1, 2, 3, 4)),
            "n": _pick(gen, (1, 2, 3))}


def _e4_sampler(ctx):
    """Lemma E.3's sampler; for half the candidates the regime the omitted condition
    t > log_{β₁}(1/4) matters in: β₂ = 1 − δ with δ log-uniform in [1e-6, 1e-2], 1 − β₁ = κ√δ
    with κ log-uniform in [1e-2, 0.3] (kept below √β₂ by 2⁻⁴⁰), and a tiny η (log-uniform in
    [1e-18, 1e-8]) so that Ω₁'s slack is negligible.  Measured: E.3's sampler alone finds no
    violation of the printed lemma in 1000 examples (seed 0); with this half, it does."""
    out = _lemma_e3_sampler(ctx)
    B = ctx.B
    delta = log_uniform(ctx, 1e-6, 1e-2)
    b2 = 1 - delta
    kappa = log_uniform(ctx, 1e-2, 0.3)
    b1 = torch.minimum(1 - kappa * torch.sqrt(delta), torch.sqrt(b2) * (1 - 2.0 ** -40))
    b1 = b1.clamp_min(0)
    on = ctx.rand(B) < 0.5
    out["beta2"] = torch.where(on, b2, out["beta2"])
    out["beta1"] = torch.where(on, b1, out["beta1"])
    out["eta"] = torch.where(on, log_uniform(ctx, 1e-18, 1e-8), out["eta"])
    return out


_T_GE_2 = Hypothesis(sp.GreaterThan(T, 2), silent=True, note="E.4 is stated for t > 1")
_NOTES = ("Full batch, closed loop as Lemma E.3 (alphaadam/lemma-E.3): AlphaAdamAnalysed "
          "(η_t = η₁/√t, asynchronous mask φ_t = I(∇L_t ⊙ m_{t−1} > 0)) on the gradient of "
          "f(θ) = Σ_j p_j z_j²/2 + q_j z_j²/(1+z_j²), z_j = ⟨W_j,θ⟩ − b_j, L certified ≥ "
          "Σ_j (p_j + 2q_j)‖W_j‖². ‖∇L_t‖_φ = Σ_{i: φ_{t,i}=1} |∇_iL_t| (line 921); a coordinate "
          "with φ = 1 has ∇_iL_t ≠ 0, so v_{i,t} > 0.")

LEMMA_E4 = register(dataclasses.replace(
    LEMMA_E3,
    id="alphaadam/lemma-E.4",
    number="E.4",
    title="Masked descent direction: ⟨∇L_t, −η_t φ_t∘m_t/√v_t⟩ ≤ −η_t‖∇L_t‖_φ/√10 + slack",
    family="other",
    latex=(r"\left\langle\nabla\mathcal L_t,\eta_t\frac{-\varphi_t\circ m_t}{\sqrt{v_t}}\right"
           r"\rangle\le-\eta_t\frac{\|\nabla\mathcal L_t\|_\varphi}{\sqrt{10}}+\eta_t4\sqrt2"
           r"\frac{\Omega_1d}{\sqrt t}\left(\frac1{1-\beta_2}+\frac{2\beta_1}{1-\beta_1}\right)"
           r"\left(\frac1{\sqrt{10}}+\frac{1-\beta_1}{\sqrt{1-\beta_2}(1-\frac{\beta_1}"
           r"{\sqrt{\beta_2}})}\right)"),
    hypotheses=LEMMA_E3.hypotheses + (_T_GE_2,),
    lhs=_E4_LHS,
    rhs=_E4_RHS,
    forall=((t, 2, T),),
    sizes=_sizes,
    sampler=_e4_sampler,
    expected="violated",
    source="Lemma E.4, Appendix E.1 (line 824; proof lines 830-931), used in Theorem E.5",
    notes=_NOTES + " Violated as printed: the proof's momentum bound m_{i,t}∇_iL_t ≥ ∇_iL_t²/2 "
                   "needs β₁^t ≤ 1/4 (t > log_{β₁}(1/4)), which the lemma does not assume.",
    supremum_ratio=None,
))

_BETA1_T = sp.StrictLessThan(beta1 ** t, sp.Rational(1, 4))
LEMMA_E4_CORRECTED = register(dataclasses.replace(
    LEMMA_E4,
    variant="corrected",
    reason="the proof's momentum step m_{i,t}∇_iL_t ≥ ∇_iL_t²/2 holds only for t > "
           "log_{β₁}(1/4) (β₁^t < 1/4), a condition the proof states and the lemma omits: "
           "the conclusion is claimed for those t",
    expected="holds",
    lhs=sp.Piecewise((_E4_LHS, _BETA1_T), (0, True)),
    rhs=sp.Piecewise((_E4_RHS, _BETA1_T), (0, True)),
    notes=_NOTES + " The conclusion for each t with β₁^t < 1/4 (both sides 0 otherwise).",
))


# ---------------------------------------------------------------------------------------------
# the per-step descent inside the proof of Theorem E.5
# ---------------------------------------------------------------------------------------------
def _f(tt):
    z = sp.Sum(W[j, k] * theta[tt, k], (k, 1, d)) - b[j]
    return sp.Sum(p[j] * z ** 2 / 2 + q[j] * z ** 2 / (1 + z ** 2), (j, 1, n))


def _eps_zero_sampler(ctx):
    out = _lemma_e3_sampler(ctx)
    out["eps"] = torch.zeros(ctx.B, dtype=ctx.dtype)
    return out


_DESC_INNER = sp.Sum(sp.Piecewise(
    (g[t, l] * m[t, l] / sp.sqrt(beta2 * v[t - 1, l] + (1 - beta2) * g[t, l] ** 2), _PHI),
    (0, True)), (l, 1, d))
_DESC_RHS = (-_ETA_T * _DESC_INNER
             + Lsm / 2 * _ETA_T ** 2 * d / (1 - beta2) * (1 - beta1) ** 2
             / (1 - beta1 / sp.sqrt(beta2)) ** 2)
_E1_RHS = (sp.Sum(g[t, l] * (theta[t + 1, l] - theta[t, l]), (l, 1, d))
           + Lsm / 2 * sp.Sum((theta[t + 1, l] - theta[t, l]) ** 2, (l, 1, d)))

EQ_E5_DESCENT = register(dataclasses.replace(
    LEMMA_E3,
    id="alphaadam/eq-E.5-descent",
    kind="claim",
    number="E.5-descent",
    title="Per-step descent of the proof of Theorem E.5 (Lemma E.1 and Lemma E.2 applied)",
    section="Appendix E.2, proof of Theorem E.5",
    family="other",
    latex=(r"\mathcal L(\theta_{t+1})-\mathcal L(\theta_t)\le\langle\nabla\mathcal L(\theta_t),"
           r"\theta_{t+1}-\theta_t\rangle+\frac L2\|\theta_{t+1}-\theta_t\|^2\le-\eta_t\left"
           r"\langle\nabla\mathcal L_t,\frac{\varphi_t\circ m_t}{\sqrt{\beta_2v_{t-1}+(1-\beta_2)"
           r"\nabla\mathcal L_t^2}}\right\rangle+\frac L2\eta_t^2\frac d{1-\beta_2}\frac{(1-"
           r"\beta_1)^2}{(1-\frac{\beta_1}{\sqrt{\beta_2}})^2}"),
    hypotheses=LEMMA_E3.hypotheses + (
        Hypothesis(sp.Eq(eps, 0), silent=True,
                   note="ϵ = 0: the proof writes the step as φ_t∘m_t/√(β₂v_{t−1} + (1−β₂)"
                        "∇L_t²) = φ_t∘m_t/√v_t (the analysis of Appendix E has no ϵ)"),),
    lhs=_f(t + 1) - _f(t),
    rhs=_DESC_RHS,
    forall=((t, 1, T),),
    sampler=_eps_zero_sampler,
    source="Proof of Theorem E.5 (Appendix E.2), first display (line 940)",
    notes=_NOTES + " The first link is Lemma E.1 (alphaadam/lemma-E.1) at x = θ_t, y = θ_{t+1}; "
                   "the second substitutes the step and bounds ‖θ_{t+1} − θ_t‖² ≤ dη_t²C_E2² by "
                   "Lemma E.2.",
    supremum_ratio=None,
))


# ---------------------------------------------------------------------------------------------
# steps of the proof of Lemma E.4, per coordinate, and the summed inequality of Theorem E.5
# ---------------------------------------------------------------------------------------------
_PAREN = (1 / (1 - beta2) + 2 * beta1 / (1 - beta1)) * (1 / sp.sqrt(10) + C_E2)
_SLACK1 = 4 * sp.sqrt(2) * OMEGA_1 / sp.sqrt(t) * _PAREN        # per coordinate (d = 1 in M1)
_MOM_COND = sp.And(sp.StrictLessThan(beta1 ** t, sp.Rational(1, 4)),
                   sp.StrictGreaterThan(sp.Abs(g[t, l]),
                                        8 * sp.sqrt(2) * OMEGA_1 * beta1 / (sp.sqrt(t) * (1 - beta1))))

E4_MOMENTUM = register(dataclasses.replace(
    LEMMA_E4, id="alphaadam/lemma-E.4-momentum", kind="claim", number="E.4-momentum",
    title="Proof of E.4: m_{i,t}∇_iL_t ≥ ∇_iL_t²/2 when t > max{log_{β₁}(1/4), 1} and "
          "|∇_iL_t| > 8√2Ω₁β₁/(√t(1−β₁))",
    latex=(r"t>\max\{\log_{\beta_1}\tfrac14,1\},\ |\nabla\mathcal L_{i,t}|>\frac{8\sqrt2\Omega_1}"
           r"{\sqrt t}\frac{\beta_1}{1-\beta_1}\ \Longrightarrow\ m_{i,t}\nabla\mathcal L_{i,t}\ge"
           r"\frac{\nabla\mathcal L_{i,t}^2}{2}"),
    lhs=sp.Piecewise((g[t, l] ** 2 / 2, _MOM_COND), (0, True)),
    rhs=sp.Piecewise((m[t, l] * g[t, l], _MOM_COND), (0, True)),
    forall=((t, 2, T), (l, 1, d)),
    expected="holds",
    source="Proof of Lemma E.4 (Appendix E.1), the momentum display and the sentence after it",
    notes=_NOTES + " Encoded as the implication I(cond)·∇_iL_t²/2 ≤ I(cond)·m_{i,t}∇_iL_t, "
                   "cond: β₁^t < 1/4 (t > log_{β₁}(1/4); β₁ = 0 included) and the gradient "
                   "threshold.",
))

_V_POS = sp.StrictGreaterThan(v[t, l], 0)
_STEP_I = sp.Piecewise((g[t, l] * m[t, l] / sp.sqrt(v[t, l]), _V_POS), (0, True))
E4_LARGE = register(dataclasses.replace(
    LEMMA_E4, id="alphaadam/lemma-E.4-large", kind="claim", number="E.4-large",
    title="Proof of E.4, per coordinate: ∇_iL_t m_{i,t}/√v_{i,t} ≥ |∇_iL_t|/√10 − 4√2Ω₁/√t(...)(...)",
    latex=(r"\nabla\mathcal L_{i,t}\frac{m_{i,t}}{\sqrt{v_{i,t}}}\ge\frac{|\nabla\mathcal L_{i,t}|}"
           r"{\sqrt{10}}-4\sqrt2\frac{\Omega_1}{\sqrt t}\left(\frac1{1-\beta_2}+\frac{2\beta_1}{1-"
           r"\beta_1}\right)\left(\frac1{\sqrt{10}}+\frac{1-\beta_1}{\sqrt{1-\beta_2}(1-\frac{\beta_1}"
           r"{\sqrt{\beta_2}})}\right)"),
    lhs=sp.Abs(g[t, l]) / sp.sqrt(10) - _SLACK1,
    rhs=_STEP_I,
    forall=((t, 2, T), (l, 1, d)),
    expected="violated",
    source="Proof of Lemma E.4 (Appendix E.1): both cases of |∇_iL_t| and their common bound",
    notes=_NOTES + " Per coordinate, for every i (the two cases do not use the mask); "
                   "m/√v := 0 where v_{i,t} = 0 (then ∇_iL_s = 0 for s ≤ t).  Violated as "
                   "printed for the reason Lemma E.4 is (the large-gradient case needs "
                   "β₁^t ≤ 1/4).",
))
E4_LARGE_CORRECTED = register(dataclasses.replace(
    E4_LARGE, variant="corrected", expected="holds",
    reason="the large-gradient case rests on m_{i,t}∇_iL_t ≥ ∇_iL_t²/2, proved only for "
           "t > log_{β₁}(1/4): the bound is claimed for those t",
    lhs=sp.Piecewise((E4_LARGE.lhs, _BETA1_T), (0, True)),
    rhs=sp.Piecewise((_STEP_I, _BETA1_T), (0, True)),
))

# Theorem E.5's summed inequality, t from t₀ to T
t0 = sp.Symbol("t0", integer=True, positive=True)


def _sum_sizes(gen: torch.Generator, preset: str) -> dict:
    """E.4's sizes and t₀: 2 (half the time) or uniform in [2, T]."""
    sz = _sizes(gen, preset)
    Tn = sz["T"]
    t0v = 2 if int(torch.randint(2, (1,), generator=gen)) == 0 else \
        int(torch.randint(2, Tn + 1, (1,), generator=gen))
    return {**sz, "t0": t0v}


def _e4_eps0_sampler(ctx):
    out = _e4_sampler(ctx)
    out["eps"] = torch.zeros(ctx.B, dtype=ctx.dtype)
    return out

_M1 = 4 * sp.sqrt(2) * OMEGA_1 * d * _PAREN
_M2 = eta ** 2 * Lsm * d / (2 * (1 - beta2)) * (1 - beta1) ** 2 / (1 - beta1 / sp.sqrt(beta2)) ** 2
# I(g m_{t−1} > 0) written max(sign(g m_{t−1}), 0): the evaluator does not read a Piecewise
# condition on an inner summation index under an outer sum
_NORM_PHI = sp.Sum(sp.Abs(g[t, l]) * sp.Max(sp.sign(g[t, l] * m[t - 1, l]), 0), (l, 1, d))
_SUM_T = lambda e: sp.Sum(e, (t, t0, T))  # noqa: E731
E5_SUM = register(dataclasses.replace(
    EQ_E5_DESCENT, id="alphaadam/eq-E.5-sum", number="E.5-sum",
    title="Theorem E.5's proof summed: L(θ_{T+1}) − L(θ_{t₀}) ≤ Σ(−η_t‖∇L_t‖_φ/√10 + M₁/t) + ΣM₂/t",
    latex=(r"\mathcal L(\theta_{T+1})-\mathcal L(\theta_{t_0})\le\sum_{t=t_0}^T\left(-\eta_t\frac{"
           r"\|\nabla\mathcal L_t\|_\varphi}{\sqrt{10}}+\frac{M_1}t\right)+\sum_{t=t_0}^T\frac{M_2}t"),
    quantities=EQ_E5_DESCENT.quantities + (
        Quantity("t0", "size", "[2, T]", "first step t₀ of the sum"),),
    hypotheses=EQ_E5_DESCENT.hypotheses + (
        Hypothesis(sp.And(sp.GreaterThan(t0, 2), sp.GreaterThan(T, t0)),
                   note="2 ≤ t₀ ≤ T (Lemma E.4 is used, stated for t > 1)"),),
    lhs=_f(T + 1) - _f(t0),
    rhs=_SUM_T(-_ETA_T * _NORM_PHI / sp.sqrt(10) + _M1 / t) + _SUM_T(_M2 / t),
    forall=(),
    expected="holds",
    sizes=_sum_sizes,
    sampler=_e4_eps0_sampler,
    source="Proof of Theorem E.5 (Appendix E.2), the summed display (line 947)",
    notes=_NOTES + " M₁ = 4√2Ω₁d(1/(1−β₂) + 2β₁/(1−β₁))(1/√10 + C_E2), M₂ = η₁²Ld/(2(1−β₂))"
                   "(1−β₁)²/(1−β₁/√β₂)², ϵ = 0.  Lemma E.4 gives η_t·4√2Ω₁d/√t(...) = η₁M₁/t per "
                   "step, not M₁/t, and E.4 itself needs t > log_{β₁}(1/4); the printed M₁/t is "
                   "the larger slack for η₁ < 1, and no violation was found (1000 examples, "
                   "seed 0, also in E.4's small-t regime): see alphaadam/eq-E.5-sum-derived.",
))

E5_SUM_DERIVED = register(dataclasses.replace(
    E5_SUM, id="alphaadam/eq-E.5-sum-derived", number="E.5-sum (as derived)",
    title="Theorem E.5's summed inequality as Lemma E.4 (corrected) gives it: η₁M₁/t, t₀ > "
          "log_{β₁}(1/4)",
    notes=E5_SUM.notes + " This variant: the slack η₁M₁/t Lemma E.4 gives, from a t₀ with "
                         "β₁^{t₀} < 1/4.",
    hypotheses=E5_SUM.hypotheses + (
        Hypothesis(sp.StrictLessThan(beta1 ** t0, sp.Rational(1, 4)),
                   note="t₀ > log_{β₁}(1/4), as Lemma E.4's proof needs (β₁^t < 1/4 for t ≥ t₀)"),),
    rhs=_SUM_T(-_ETA_T * _NORM_PHI / sp.sqrt(10) + eta * _M1 / t) + _SUM_T(_M2 / t),
))
