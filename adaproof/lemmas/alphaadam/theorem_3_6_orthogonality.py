r"""Theorem 3.6 (= Theorem D.1), Property 2 (orthogonality), and Remark D.2, item 3.

As printed (Theorem D.1, Property 2): "For any ε > 0, with probability at least 1 − δ:

    v_η^T v_α / (||v_η|| ||v_α||) <= ε

where v_η and v_α denote the gradient vectors with respect to η and α, respectively."  The
proof: u_ij = −ηα(t)(βm_{t,ij} + g_{t,ij}); "v_η ∝ −α(t)(βm_t + g_t)", "v_α ∝ −η(βm_t + g_t)";
"in a d-dimensional parameter space, when d is large enough, by random matrix theory, for any
ε > 0: P(|v_η^T v_α/(||v_η|| ||v_α||)| >= ε) <= 2e^{−dε²/2}.  To ensure the probability is at
least 1 − δ, we need d > 2 log(2/δ)/ε²."  Remark D.2, item 3: "In practical applications, the
dimension d does not need to be infinite, only sufficiently large to meet the probabilistic
bound."

Encoded (high probability, :mod:`adaproof.probability`), with the proof's own vectors
v_η = ∂u/∂η = −α(βm + g) and v_α = ∂u/∂α = −η(βm + g) over random momenta and gradients
(m, g i.i.d. Gaussian with random scales: any law gives the same cosine):

* ``alphaadam/theorem-3.6-orthogonality``: for d > 2 log(2/δ)/ε² (the proof's condition),
  P(cos <= ε) >= 1 − δ.  Violated: v_η and v_α are positive multiples of one vector, so the
  cosine is exactly 1 on every draw.
* ``alphaadam/theorem-3.6-orthogonality-tail``: the proof's display, P(|cos| >= ε) <=
  2e^{−dε²/2} (good event |cos| < ε).  Violated the same way.
* ``alphaadam/remark-D.2``: item 3, the finite-d reading of Property 2 (d between
  2 log(2/δ)/ε² and a few times it).  Violated the same way.
* each ``@corrected``: the random-matrix fact the proof cites, for two *independent* random
  directions (independent Gaussian vectors); it holds.
"""
from __future__ import annotations

import math

import sympy as sp
import torch

from ...probability import HighProbability, row_sampler, row_sizes
from ...registry import register
from ...sampling import choose, log_uniform, unit_interval
from ...statement import Hypothesis, Quantity, SampleContext, Statement
from ...symbolic import SeqValue
from ._common import PAPER

eps, delta, eta, alpha, beta = sp.symbols("eps delta eta alpha beta", real=True)
d = sp.Symbol("d", integer=True, positive=True)
i = sp.Symbol("i", integer=True)
m, g, u, w = (sp.IndexedBase(x) for x in ("m", "g", "u", "w"))


def _cos(a, b):
    return sp.Sum(a * b, (i, 1, d)) / (sp.sqrt(sp.Sum(a ** 2, (i, 1, d))) *
                                      sp.sqrt(sp.Sum(b ** 2, (i, 1, d))))


_V_ETA = -alpha * (beta * m[i] + g[i])
_V_ALPHA = -eta * (beta * m[i] + g[i])
_COS_PROOF = _cos(_V_ETA, _V_ALPHA)
_COS_INDEP = _cos(u[i], w[i])
_DS = (2, 3, 4, 8, 16, 32, 64)


def _sizes(gen: torch.Generator) -> dict:
    return {"d": choose(gen, _DS)}


def _params(ctx: SampleContext, *, tie: str) -> dict:
    """η, α log-uniform, β ∈ [0, 1); ε ∈ (0, 1), and δ: ``tie="condition"``: δ with
    d > 2 log(2/δ)/ε², i.e. δ > 2e^{−dε²/2} (times 1 + U); ``"finite"``: d at most 4× the
    least d the condition allows; ``"none"``: δ unused (the tail form)."""
    B, dd = ctx.B, ctx.sizes["d"]
    e = unit_interval(ctx).clamp(1e-3, 1 - 1e-9)
    if tie == "finite":  # ε with 2 log(2/δ)/ε² in [d/4, d): the least admissible d's
        dl = unit_interval(ctx).clamp(1e-9, 0.5)
        lo = torch.sqrt(2 * torch.log(2 / dl) / dd)
        e = (lo * (1 + 1e-9 + ctx.rand(B))).clamp(max=1 - 1e-9)
    else:
        floor = 2 * torch.exp(-dd * e ** 2 / 2)
        dl = floor * (1 + 1e-9) + (1 - floor * (1 + 1e-9)).clamp(min=0) * ctx.rand(B)
    return {"eps": e, "delta": dl.clamp(1e-300, 1 - 1e-12),
            "eta": log_uniform(ctx, 1e-5, 1.0), "alpha": log_uniform(ctx, 1e-2, 1e2),
            "beta": unit_interval(ctx, closed_low=True)}


def _noise_proof(ctx: SampleContext, rows: dict) -> dict:
    dd = ctx.sizes["d"]
    sm, sg = log_uniform(ctx, 1e-3, 1e3), log_uniform(ctx, 1e-3, 1e3)
    return {"m": SeqValue((sm[:, None] * ctx.randn(ctx.B, dd)).contiguous(), (1,)),
            "g": SeqValue((sg[:, None] * ctx.randn(ctx.B, dd)).contiguous(), (1,))}


def _noise_indep(ctx: SampleContext, rows: dict) -> dict:
    dd = ctx.sizes["d"]
    return {"u": SeqValue(ctx.randn(ctx.B, dd), (1,)), "w": SeqValue(ctx.randn(ctx.B, dd), (1,))}


_Q_PAR = (Quantity("d", "size", ">= 1", "dimension d"),
          Quantity("eps", "scalar", "(0, 1)", "ε"),
          Quantity("delta", "scalar", "(0, 1)", "δ"),
          Quantity("eta", "scalar", "> 0", "learning rate η"),
          Quantity("alpha", "scalar", "> 0", "compensation factor α(t)"),
          Quantity("beta", "scalar", "[0, 1)", "momentum β"))
_Q_PROOF = _Q_PAR + (Quantity("m", "sequence", "R", "noise: momentum m_t", (1,), ("d",)),
                     Quantity("g", "sequence", "R", "noise: gradient g_t", (1,), ("d",)))
_Q_INDEP = _Q_PAR + (Quantity("u", "sequence", "R", "noise: v_η, a random direction",
                              (1,), ("d",)),
                     Quantity("w", "sequence", "R", "noise: v_α, an independent one",
                              (1,), ("d",)))
_H_PAR = (Hypothesis(sp.And(eps > 0, eps < 1, delta > 0, delta < 1), note="ε, δ ∈ (0, 1)"),
          Hypothesis(sp.And(eta > 0, alpha > 0, beta >= 0, beta < 1), note="η, α > 0, β ∈ [0, 1)"))
_H_PROOF = _H_PAR + (Hypothesis(sp.Sum((beta * m[i] + g[i]) ** 2, (i, 1, d)) > 0,
                                note="βm + g ≠ 0 (else the cosine is undefined; probability 0)"),)
_H_INDEP = _H_PAR + (Hypothesis(sp.And(sp.Sum(u[i] ** 2, (i, 1, d)) > 0,
                                       sp.Sum(w[i] ** 2, (i, 1, d)) > 0), note="nonzero"),)
_COND = (d * eps ** 2 > 2 * sp.log(2 / delta),)
_LAW_PROOF = ("m, g i.i.d. N(0, s²) per coordinate, scales s log-uniform in [1e-3, 1e3]; "
              "v_η = −α(βm + g), v_α = −η(βm + g)")
_LAW_INDEP = "v_η, v_α independent standard Gaussian vectors (uniform directions)"
_REASON = ("v_η = −α(t)(βm_t + g_t) and v_α = −η(βm_t + g_t) are positive multiples of the same "
           "vector, so their cosine is 1 on every draw; the random-matrix bound the proof cites "
           "is for two independent random directions, for which it holds")
_SRC = ("Theorem 3.6 (Section 3.2.2) = Theorem D.1, Property 2, and its proof (Appendix D)")


def _stmt(id_, *, title, latex, tie, lhs, rhs, strict, delta_expr, indep, number, kind,
          notes, variant="printed", expected="violated", source=_SRC):
    spec = HighProbability(
        delta=delta_expr, params=lambda ctx: _params(ctx, tie=tie),
        noise=_noise_indep if indep else _noise_proof, sizes=_sizes,
        law=_LAW_INDEP if indep else _LAW_PROOF, samples=256, confirm=1024,
        param_hypotheses=() if tie == "none" else _COND)
    return register(Statement(
        id=id_, paper=PAPER, kind=kind, number=number, title=title,
        section="3.2.2 / Appendix D", family="other", latex=latex,
        quantities=_Q_INDEP if indep else _Q_PROOF,
        hypotheses=_H_INDEP if indep else _H_PROOF,
        lhs=lhs, rhs=rhs, strict=strict, variant=variant,
        reason=_REASON if variant == "corrected" else "", expected=expected,
        special=spec, sampler=row_sampler(spec), sizes=row_sizes(spec),
        source=source, notes=notes))


_LATEX_P2 = (r"\Pr\left[\frac{v_\eta^Tv_\alpha}{\|v_\eta\|\|v_\alpha\|}\le\varepsilon\right]\ge"
             r"1-\delta,\quad d>\frac{2\log(2/\delta)}{\varepsilon^2}")
_LATEX_TAIL = (r"P\left(\left|\frac{v_\eta^Tv_\alpha}{\|v_\eta\|\|v_\alpha\|}\right|\ge"
               r"\varepsilon\right)\le2e^{-d\varepsilon^2/2}")

THEOREM_3_6_ORTH = _stmt(
    f"{PAPER}/theorem-3.6-orthogonality", kind="claim", number="3.6-orthogonality",
    title="Property 2: v_η, v_α nearly orthogonal with probability >= 1 − δ when "
          "d > 2 log(2/δ)/ε²",
    latex=_LATEX_P2, tie="condition", lhs=_COS_PROOF, rhs=eps, strict=False,
    delta_expr=delta, indep=False,
    notes="With the proof's v_η, v_α the cosine is exactly 1 > ε on every draw: the failure "
          "probability is 1.")
THEOREM_3_6_ORTH_CORRECTED = _stmt(
    f"{PAPER}/theorem-3.6-orthogonality", kind="claim", number="3.6-orthogonality",
    title="Property 2 for two independent random directions", variant="corrected",
    expected="holds",
    latex=_LATEX_P2 + r",\quad v_\eta\perp\!\!\!\perp v_\alpha\ \text{Gaussian}",
    tie="condition", lhs=_COS_INDEP, rhs=eps, strict=False, delta_expr=delta, indep=True,
    notes="P(cos >= ε) <= e^{−dε²/2} for a uniform direction; with d > 2 log(2/δ)/ε² that is "
          "< δ/2.")
THEOREM_3_6_ORTH_TAIL = _stmt(
    f"{PAPER}/theorem-3.6-orthogonality-tail", kind="claim", number="3.6-orthogonality",
    title="The proof's bound P(|cos(v_η, v_α)| >= ε) <= 2e^{−dε²/2}",
    latex=_LATEX_TAIL, tie="none", lhs=sp.Abs(_COS_PROOF), rhs=eps, strict=True,
    delta_expr=2 * sp.exp(-d * eps ** 2 / 2), indep=False,
    notes="Good event |cos| < ε (strict, as printed: the failure is |cos| >= ε); the cosine is "
          "1, so the failure probability is 1 while 2e^{−dε²/2} < 1 once dε² > 2 log 2.")
THEOREM_3_6_ORTH_TAIL_CORRECTED = _stmt(
    f"{PAPER}/theorem-3.6-orthogonality-tail", kind="claim", number="3.6-orthogonality",
    title="P(|cos| >= ε) <= 2e^{−dε²/2} for two independent random directions",
    variant="corrected", expected="holds",
    latex=_LATEX_TAIL + r",\quad v_\eta\perp\!\!\!\perp v_\alpha\ \text{Gaussian}", tie="none",
    lhs=sp.Abs(_COS_INDEP), rhs=eps, strict=True, delta_expr=2 * sp.exp(-d * eps ** 2 / 2),
    indep=True, notes="The concentration of the cosine of a uniform direction on the sphere.")
REMARK_D_2 = _stmt(
    f"{PAPER}/remark-D.2", kind="remark", number="D.2",
    title="Remark D.2 (3): a finite d meeting d > 2 log(2/δ)/ε² suffices for orthogonality",
    latex=(r"\text{(3) } d \text{ need only be sufficiently large to meet the probabilistic "
           r"bound: } d>\frac{2\log(2/\delta)}{\varepsilon^2}\Rightarrow" + _LATEX_P2),
    tie="finite", lhs=_COS_PROOF, rhs=eps, strict=False, delta_expr=delta, indep=False,
    source="Remark D.2 (Appendix D), item 3, with Theorem D.1 Property 2",
    notes="Items 1-2 are interpretation (O() constants, independent tuning); item 3 is "
          "encoded at the least admissible dimensions. Violated as Property 2 is: cosine 1.")
REMARK_D_2_CORRECTED = _stmt(
    f"{PAPER}/remark-D.2", kind="remark", number="D.2",
    title="Remark D.2 (3) for two independent random directions", variant="corrected",
    expected="holds",
    latex=_LATEX_P2 + r",\quad v_\eta\perp\!\!\!\perp v_\alpha\ \text{Gaussian}", tie="finite",
    lhs=_COS_INDEP, rhs=eps, strict=False, delta_expr=delta, indep=True,
    source="Remark D.2 (Appendix D), item 3",
    notes="At the least admissible d the independent-direction bound holds.")
