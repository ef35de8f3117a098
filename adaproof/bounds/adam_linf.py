"""Rate calculators and attackable theorems of *Adam exploits ℓ∞-geometry of loss landscape via
coordinate-wise adaptivity* (paper id ``adam_linf``)."""
from __future__ import annotations

import sympy as sp
import torch

from ..algorithms.adam_linf import SignGD
from ..registry import register
from ..sampling import log_uniform
from ..statement import Hypothesis, Quantity, Recurrence, SampleContext, Statement, \
    TrajectorySource
from ..symbolic import IndexMin, SeqValue
from ._core import ClaimedRate, Param, RateBound, register_bound

PAPER = "adam_linf"

# ---------------------------------------------------------------------------------------------
# Theorem 3.2 (SignGD, deterministic, H-smooth w.r.t. l_inf)
# ---------------------------------------------------------------------------------------------
_T = Param("T", "number of steps", 1, None, integer=True)
_eta = Param("eta", "learning rate η", 0, None, low_open=True)
_H = Param("H", "smoothness constant w.r.t. ℓ∞ (‖∇L(x)−∇L(y)‖₁ ≤ H‖x−y‖∞)", 0, None,
           low_open=True)
_Delta = Param("Delta", "initial suboptimality L(x₀) − min L", 0, None, low_open=True)
Ts, etas, Hs, Ds = (p.symbol for p in (_T, _eta, _H, _Delta))

THEOREM_3_2 = register_bound(RateBound(
    id="adam_linf/theorem-3.2", paper=PAPER, number="3.2",
    title="SignGD under ℓ∞-smoothness (deterministic)",
    source="Theorem 3.2 (Section 3.1); proof in Appendix B, eq. (7)",
    measured=r"\min_{1 \le t \le T} \|\nabla L(x_t)\|_1",
    params=(_T, _eta, _H, _Delta),
    terms=(("descent", Ds / (Ts * etas)), ("smoothness", Hs * etas / 2)),
    claimed=ClaimedRate(sp.Rational(-1, 2), 0, {"eta": sp.sqrt(2 * Ds / (Ts * Hs))},
                        "η = √(2(L(x₀)−min L)/(TH)) gives √(2H(L(x₀)−min L)/T)"),
    latex_printed=(r"\min_{1\le t\le T}\|\nabla L(x_t)\|_1 \le \frac{L(x_0)-\min L}{T\eta}"
                   r" + \frac{H\eta}{2}"),
))

# The theorem on concrete members of its class: diagonal quadratics
# L(x) = Σ_i h_i/2 (x_i − c_i)², for which H = Σ_i h_i is the exact ℓ∞-smoothness constant.
t, i = sp.symbols("t i", integer=True)
T = sp.Symbol("T", integer=True, positive=True)
d = sp.Symbol("d", integer=True, positive=True)
eta = sp.Symbol("eta", real=True)
x, h, c, x0 = (sp.IndexedBase(n) for n in ("x", "h", "c", "x0"))
_grad_l1 = lambda tt: sp.Sum(sp.Abs(h[i] * (x[tt, i] - c[i])), (i, 1, d))
_Delta_expr = sp.Sum(h[i] / 2 * (x[0, i] - c[i]) ** 2, (i, 1, d))
_H_expr = sp.Sum(h[i], (i, 1, d))


def _sizes(gen: torch.Generator, preset: str) -> dict:
    Topt, dopt = (1, 2, 3, 5, 20, 100), (1, 2, 4)
    pick = lambda o: o[int(torch.randint(len(o), (1,), generator=gen))]
    return {"T": pick(Topt), "d": pick(dopt)}


def _sampler(ctx: SampleContext) -> dict:
    """h_i log-uniform in [1e-3, 1e3]; c ~ N(0,1); x₀ = c + offset with offsets from 1e-6 to 10
    (starting near the minimiser is where the printed index range matters); η log-uniform."""
    dn = ctx.sizes["d"]
    hv = log_uniform(ctx, 1e-3, 1e3, dn)
    cv = ctx.randn(ctx.B, dn)
    off = ctx.randn(ctx.B, dn) * log_uniform(ctx, 1e-6, 10.0).unsqueeze(1)
    return {"eta": log_uniform(ctx, 1e-4, 10.0), "h": SeqValue(hv, (1,)),
            "c": SeqValue(cv, (1,)), "x0": SeqValue(cv + off, (1,))}


def _build(env):
    hv, cv = env["h"].data, env["c"].data
    return SignGD(lr=env["eta"]), {"x0": env["x0"].data, "T": env["T"],
                                   "oracle": lambda xx, tt: hv * (xx - cv)}


def _theorem_3_2_statement(first: int, variant: str, reason: str = "") -> Statement:
    return Statement(
        id="adam_linf/theorem-3.2", paper=PAPER, kind="theorem", number="3.2",
        title="SignGD under ℓ∞-smoothness, on diagonal quadratics", section="3.1, Appendix B",
        family="rate", variant=variant, reason=reason,
        latex=THEOREM_3_2.latex_printed,
        quantities=(
            Quantity("eta", "scalar", "> 0", "learning rate η"),
            Quantity("T", "size", ">= 1", "number of steps"),
            Quantity("d", "size", ">= 1", "dimension"),
            Quantity("h", "sequence", "> 0", "curvatures h_i of L = Σ h_i/2 (x_i − c_i)²",
                     (1,), ("d",)),
            Quantity("c", "sequence", "R", "minimiser c", (1,), ("d",)),
            Quantity("x0", "sequence", "R", "initial point x₀", (1,), ("d",)),
            Quantity("x", "trajectory", "R", "SignGD iterates x_t", (0, 1), ("T", "d")),
        ),
        hypotheses=(
            Hypothesis(sp.StrictGreaterThan(eta, 0)),
            Hypothesis(sp.StrictGreaterThan(h[i], 0), forall=((i, 1, d),),
                       note="the instance family: L is H-smooth w.r.t. ℓ∞ with H = Σ h_i"),
        ),
        lhs=IndexMin(_grad_l1(t), (t, first, T + first - 1)),
        rhs=_Delta_expr / (T * eta) + _H_expr * eta / 2,
        sampler=_sampler, sizes=_sizes,
        trajectory=TrajectorySource(build=_build, read={"x": ("x", (0, 1))}),
        recurrences=(Recurrence("x", t, 1, x0[i],
                                x[t - 1, i] - eta * sp.sign(h[i] * (x[t - 1, i] - c[i]))),),
        expected="violated" if first == 1 else "holds",
        source="Theorem 3.2; attacked on diagonal quadratics (a subclass of its hypotheses)",
        notes=("The proof sums the descent inequality (7) over t = 0..T−1, which bounds "
               "min over 0 ≤ t ≤ T−1; the printed min over 1 ≤ t ≤ T is off by one."),
    )


THEOREM_3_2_STATEMENT = register(_theorem_3_2_statement(1, "printed"))
THEOREM_3_2_CORRECTED = register(_theorem_3_2_statement(
    0, "corrected", "the proof's telescoped descent bounds min over t = 0..T−1, not 1..T"))
