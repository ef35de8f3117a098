"""Theorem 3.8 (= E.5) attacked on three objective families (d = 2), printed and corrected.

Theorem 3.8 is full-batch (the gradient ∇L_t is exact; no noise enters the theorem or its
proof), so the attack is deterministic.  The families, their samplers and their exact
smoothness constants are adam_complexity's (:mod:`adaproof.lemmas.adam_complexity.
theorem_families`), all within Assumption 3.7 (L-smooth, L ≥ ‖∇²L‖₂ everywhere):

* ``quadratic-nondiagonal``: L(θ) = ½(θ − c)ᵀH(θ − c), H 2×2 symmetric PSD,
  L ≥ λ_max(H) = (H₁₁ + H₂₂)/2 + √(((H₁₁ − H₂₂)/2)² + H₁₂²) exactly;
* ``separable-nonconvex``: L(θ) = Σ_l α_l z_l²/(1 + z_l²) + γ_l z_l²/2, z = θ − c, α, γ ≥ 0,
  L ≥ max_l(2α_l + γ_l) (the exact sup of |L_l''|);
* ``logistic``: L(θ) = (1/3)Σ_i ln(1 + exp(−y_i x_iᵀθ)), L ≥ ‖X‖_F²/12 ≥ ‖X‖₂²/12.

The algorithm is AlphaAdamAnalysed (ϵ = 0, η_t = η/√t, mask φ_t = I(∇L_t ⊙ m_{t−1} > 0),
m₀ = v₀ = 0), as the registered ``alphaadam/theorem-3.8`` on diagonal quadratics; Δ is the
printed L(θ_{t₀}) − L(θ_{T+1}) of the run, computed exactly for the family.

Source: paper 004 (alphaadam), Theorem 3.8 / E.5 and the last display of its proof (App. E.2).
"""
from __future__ import annotations

import functools

import sympy as sp
import torch

from ...algorithms.alphaadam import AlphaAdamAnalysed
from ...bounds.alphaadam import (THEOREM_3_8, THEOREM_3_8_CORRECTED, Delta, T, _LATEX, d, t0)
from ...registry import register
from ...sampling import choose, log_uniform, unit_interval
from ...statement import Hypothesis, Quantity, Recurrence, SampleContext, Statement, \
    TrajectorySource
from ...symbolic import IndexMin, SeqValue
from ..adam_complexity import theorem_families as fam_mod
from ._common import PAPER

FAMILIES = ("quadratic-nondiagonal", "separable-nonconvex", "logistic")
_t = sp.Symbol("t", integer=True)
l, j, i = fam_mod.l, fam_mod.j, fam_mod.i
w, m, v, th1 = fam_mod.w, sp.IndexedBase("m"), sp.IndexedBase("v"), sp.IndexedBase("theta1")
H, al, ga, X, y, cs = fam_mod.H, fam_mod.al, fam_mod.ga, fam_mod.X, fam_mod.y, fam_mod.cs
NPTS = fam_mod.NPTS
eta, beta1, beta2 = (sp.Symbol(n_, real=True) for n_ in ("eta", "beta1", "beta2"))
Lc = fam_mod.R["L"]


def _loss(family, tt):
    """L(θ_tt) of the family (θ is the trajectory ``w``)."""
    if family == "quadratic-nondiagonal":
        return sp.Sum(sp.Sum((w[tt, l] - cs[l]) * H[l, j] * (w[tt, j] - cs[j]), (j, 1, d)),
                      (l, 1, d)) / 2
    if family == "separable-nonconvex":
        z = w[tt, l] - cs[l]
        return sp.Sum(al[l] * z ** 2 / (1 + z ** 2) + ga[l] * z ** 2 / 2, (l, 1, d))
    return sp.Sum(sp.log(1 + sp.exp(-y[i] * sp.Sum(X[i, j] * w[tt, j], (j, 1, d)))),
                  (i, 1, NPTS)) / NPTS


def _sizes(gen: torch.Generator, preset: str) -> dict:
    pick = functools.partial(choose, gen)
    t0v = pick((2, 3, 5, 14))  # t₀ = 14 admits β₁ = 0.9 (0.9^14 < 1/4)
    Ts = {"smoke": (0, 1, 3, 8), "default": (0, 1, 3, 8, 20), "deep": (0, 1, 3, 8, 20, 60)}
    return {"t0": t0v, "T": t0v + pick(Ts.get(preset, Ts["default"])), "d": 2}


_KEYS = {"quadratic-nondiagonal": ("H", "cstar"), "separable-nonconvex": ("al", "ga", "cstar"),
         "logistic": ("X", "y")}


def _sampler(family):
    def sampler(ctx: SampleContext) -> dict:
        """The family's instance and L (adam_complexity's sampler: the exact bound half the
        time, else up to 10×), θ₁ = its w₁; η log-uniform in [1e-4, 10]; β₂ from
        unit_interval; β₁ = U·min(√β₂, 4^{-1/t₀}), 0 a quarter of the time."""
        B, t0v = ctx.B, ctx.sizes["t0"]
        full = fam_mod._family_inputs(family, ctx)
        out = {k_: full[k_] for k_ in _KEYS[family]}
        b2v = unit_interval(ctx)
        cap = torch.minimum(torch.sqrt(b2v), torch.full_like(b2v, 4.0 ** (-1.0 / t0v)))
        b1v = cap * ctx.rand(B).clamp(max=1 - 2 ** -20)
        b1v = torch.where(ctx.rand(B) < 0.25, torch.zeros_like(b1v), b1v)
        out.update(L=full["L"], theta1=full["w1"], eta=log_uniform(ctx, 1e-4, 10.0),
                   beta1=b1v, beta2=b2v)
        return out
    return sampler


def _build(family):
    def build(env):
        grad = fam_mod._torch_grad(family, env)
        alg = AlphaAdamAnalysed(lr=env["eta"], beta1=env["beta1"], beta2=env["beta2"], eps=0.0,
                                lr_decay="inv_sqrt")
        return alg, {"x0": env["theta1"].data, "T": env["T"],
                     "oracle": lambda x, tt: grad(x)}
    return build


def _statement(family: str, variant: str) -> Statement:
    fam = fam_mod.FAMILIES[family]
    G = fam["grad"]  # G(tt): ∇_l L(θ_tt)
    bound = THEOREM_3_8 if variant == "printed" else THEOREM_3_8_CORRECTED
    phi_norm = sp.Sum(sp.Piecewise((sp.Abs(G(_t)), G(_t) * m[_t - 1, l] > 0), (0, True)),
                      (l, 1, d))
    rhs = bound.expr.subs(Delta, _loss(family, t0) - _loss(family, T + 1))
    return register(Statement(
        id=f"alphaadam/theorem-3.8-family-{family}", paper=PAPER, kind="theorem",
        number=f"3.8 (= E.5) ({family})",
        title=f"Full-batch AlphaAdam (Appendix E form) on {family.replace('-', ' ')} objectives",
        section="3.3, Appendix E.2", family="rate", variant=variant,
        reason="" if variant == "printed" else THEOREM_3_8_CORRECTED.reason, latex=_LATEX,
        quantities=(
            Quantity("eta", "scalar", "> 0", "base step size η (η_t = η/√t)"),
            Quantity("beta1", "scalar", "[0, √β₂)", "momentum parameter β₁"),
            Quantity("beta2", "scalar", "(0, 1)", "second-moment parameter β₂"),
            Quantity("L", "scalar", "> 0", "smoothness constant (Assumption 3.7), bounded "
                                           "exactly for the instance"),
            Quantity("T", "size", ">= t0", "number of iterations"),
            Quantity("t0", "size", ">= 2", "first index t₀ of the summed descent inequality"),
            Quantity("d", "size", "= 2", "dimension"))
        + fam["qs"] + (
            Quantity("theta1", "sequence", "R", "initial point θ₁", (1,), ("d",)),
            Quantity("w", "trajectory", "R", "iterates θ_t", (1, 1), ("T + 1", "d")),
            Quantity("m", "trajectory", "R", "first moment m_t", (0, 1), ("T", "d")),
            Quantity("v", "trajectory", ">= 0", "second moment v_t", (0, 1), ("T", "d"))),
        hypotheses=(
            Hypothesis(sp.StrictGreaterThan(eta, 0), note="η > 0"),
            Hypothesis(sp.And(sp.GreaterThan(beta1, 0), sp.StrictLessThan(beta1, sp.sqrt(beta2)),
                              sp.StrictLessThan(beta2, 1), sp.StrictGreaterThan(beta2, 0)),
                       note="Theorem 3.8: β₁ < √β₂ < 1"),
            Hypothesis(sp.StrictLessThan(beta1 ** t0, sp.Rational(1, 4)),
                       note="t₀ > log_β₁(1/4) (proof of E.5)"),
            Hypothesis(sp.GreaterThan(t0, 2), note="t₀ > 1 (proof of E.5)"),
            Hypothesis(sp.GreaterThan(T, t0), note="the sum runs over t₀ ≤ t ≤ T"))
        + fam["hyps"],
        lhs=IndexMin(phi_norm, (_t, t0, T)), rhs=rhs,
        sampler=_sampler(family), sizes=_sizes,
        trajectory=TrajectorySource(build=_build(family),
                                    read={"x": ("w", (1, 1)), "m": ("m", (0, 1)),
                                          "v": ("v", (0, 1))}, series=("m", "v")),
        recurrences=(
            Recurrence("w", _t, 2, th1[l], w[_t - 1, l] - eta / sp.sqrt(_t - 1) * sp.Piecewise(
                (m[_t - 1, l] / sp.sqrt(v[_t - 1, l]), G(_t - 1) * m[_t - 2, l] > 0),
                (0, True))),
            Recurrence("v", _t, 1, sp.Integer(0), beta2 * v[_t - 1, l] + (1 - beta2) * G(_t) ** 2),
            Recurrence("m", _t, 1, sp.Integer(0), beta1 * m[_t - 1, l] + (1 - beta1) * G(_t))),
        expected="violated" if variant == "printed" else "holds",
        source=f"Theorem 3.8 / E.5, explicit bound of the proof's last display, on the {family} "
               f"family (d = 2, T ≤ t₀ + 20)",
        notes=__doc__.split("\n\n")[1].replace("\n", " ")))


STATEMENTS = {(f_, v_): _statement(f_, v_) for f_ in FAMILIES for v_ in ("printed", "corrected")}
