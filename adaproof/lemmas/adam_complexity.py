"""Statements of *Closing the gap between the upper bound and the lower bound of Adam's
iteration complexity* (paper id ``adam_complexity``)."""
from __future__ import annotations

import sympy as sp
import torch

from ..algorithms.adam_complexity import AdamComplexity
from ..registry import register
from ..search import strategies
from ..search.reparam import AdamReparam
from ..sampling import gradient_sequences, log_uniform, unit_interval
from ..statement import Hypothesis, Quantity, Recurrence, SampleContext, Statement, \
    TrajectorySource
from ..symbolic import SeqValue

PAPER = "adam_complexity"

t = sp.Symbol("t", integer=True)
l = sp.Symbol("l", integer=True)
T = sp.Symbol("T", integer=True, positive=True)
d = sp.Symbol("d", integer=True, positive=True)
eta, beta1, beta2 = sp.symbols("eta beta1 beta2", real=True)
g, w, m, nu = (sp.IndexedBase(s) for s in ("g", "w", "m", "nu"))
nu0, m0, w1 = (sp.IndexedBase(s) for s in ("nu0", "m0", "w1"))

_T = {"smoke": (1, 2, 3, 10, 50, 200), "default": (1, 2, 3, 10, 50, 200, 500),
      "deep": (1, 2, 3, 10, 50, 200, 500, 2000)}
_D = (1, 2, 4, 8)


def _pick(gen, opts):
    return opts[int(torch.randint(len(opts), (1,), generator=gen))]


def _lemma_5_sizes(gen: torch.Generator, preset: str) -> dict:
    return {"T": _pick(gen, _T.get(preset, _T["default"])), "d": _pick(gen, _D)}


def _lemma_5_sampler(ctx: SampleContext) -> dict:
    """β₁ ∈ [0,1) and β₂ ∈ (0,1) drawn independently then sorted so that β₁ < β₂ (Theorem 1's
    condition); ν₀ > 0 per coordinate, log-uniform over 16 decades; m₀ = 0; w₁ ~ N(0, 1)."""
    Tn, dn = ctx.sizes["T"], ctx.sizes["d"]
    a, b = unit_interval(ctx, closed_low=True), unit_interval(ctx)
    b1, b2 = torch.minimum(a, b), torch.maximum(a, b)
    equal = b1 >= b2
    b1 = torch.where(equal, b2 * ctx.rand(ctx.B), b1)
    gs = gradient_sequences(ctx, Tn, dn)
    nu0v = log_uniform(ctx, 1e-12, 1e4, dn)
    return {"eta": log_uniform(ctx, 1e-4, 10.0), "beta1": b1, "beta2": b2,
            "g": SeqValue(gs, (1, 1)), "nu0": SeqValue(nu0v, (1,)),
            "m0": SeqValue(torch.zeros_like(nu0v), (1,)),
            "w1": SeqValue(ctx.randn(ctx.B, dn), (1,))}


def _build_adam(env):
    alg = AdamComplexity(lr=env["eta"], beta1=env["beta1"], beta2=env["beta2"],
                         nu0=env["nu0"].data, m0=env["m0"].data)
    return alg, {"x0": env["w1"].data, "grads": env["g"].data}


LEMMA_5 = register(Statement(
    id="adam_complexity/lemma-5",
    paper=PAPER,
    kind="lemma",
    number="5",
    title="Per-coordinate update bound of Adam (Algorithm 1)",
    section="Appendix B",
    family="update-norm",
    latex=(r"\forall t\ge1:\ |\mathbf{w}_{t+1,l}-\mathbf{w}_{t,l}| \le \eta\,\frac{1-\beta_1}"
           r"{\sqrt{1-\beta_2}\sqrt{1-\frac{\beta_1^2}{\beta_2}}}"),
    quantities=(
        Quantity("eta", "scalar", "> 0", "learning rate η"),
        Quantity("beta1", "scalar", "[0, 1)", "momentum parameter β₁"),
        Quantity("beta2", "scalar", "(0, 1)", "conditioner parameter β₂"),
        Quantity("T", "size", ">= 1", "number of steps"),
        Quantity("d", "size", ">= 1", "dimension"),
        Quantity("g", "sequence", "R", "stochastic gradients g_{t,l}", (1, 1), ("T", "d")),
        Quantity("nu0", "sequence", "> 0", "initial conditioner ν_{0,l}", (1,), ("d",)),
        Quantity("m0", "sequence", "= 0", "initial momentum m_{0,l}", (1,), ("d",)),
        Quantity("w1", "sequence", "R", "initial point w_{1,l}", (1,), ("d",)),
        Quantity("nu", "trajectory", "> 0", "conditioner ν_{t,l} (Algorithm 1, line 4)",
                 (0, 1), ("T", "d")),
        Quantity("m", "trajectory", "R", "momentum m_{t,l} (line 5)", (0, 1), ("T", "d")),
        Quantity("w", "trajectory", "R", "iterate w_{t,l} (line 6)", (1, 1), ("T + 1", "d")),
    ),
    hypotheses=(
        Hypothesis(sp.StrictGreaterThan(eta, 0), note="Algorithm 1: η > 0"),
        Hypothesis(sp.And(sp.GreaterThan(beta1, 0), sp.StrictLessThan(beta1, beta2),
                          sp.StrictLessThan(beta2, 1)),
                   silent=True, note="0 ≤ β₁ < β₂ < 1: the condition of Theorem 1, in whose "
                                     "proof Lemma 5 is used (the lemma states none)"),
        Hypothesis(sp.StrictGreaterThan(nu0[l], 0), forall=((l, 1, d),),
                   note="Algorithm 1: initial conditioner ν₀ ∈ ℝ⁺"),
        Hypothesis(sp.Eq(m0[l], 0), silent=True, forall=((l, 1, d),),
                   note="m₀ = 0: the proof writes m_t = Σ_{i<t}(1-β₁)β₁^i g_{t-i}, dropping "
                        "β₁^t m₀; Algorithm 1 takes m₀ as an input, and for m₀ ≠ 0 the bound "
                        "fails (g ≡ 0 gives |w₂-w₁| = ηβ₁|m₀|/√(β₂ν₀), unbounded as ν₀ → 0)"),
    ),
    lhs=sp.Abs(w[t + 1, l] - w[t, l]),
    rhs=eta * (1 - beta1) / (sp.sqrt(1 - beta2) * sp.sqrt(1 - beta1 ** 2 / beta2)),
    forall=((t, 1, T), (l, 1, d)),
    sampler=_lemma_5_sampler,
    sizes=_lemma_5_sizes,
    strategy=lambda sizes: strategies.adam_inputs(sizes["T"], sizes["d"]),
    trajectory=TrajectorySource(build=_build_adam,
                                read={"x": ("w", (1, 1)), "m": ("m", (0, 1)),
                                      "nu": ("nu", (0, 1))},
                                series=("m", "nu")),
    recurrences=(
        Recurrence("nu", t, 1, nu0[l], beta2 * nu[t - 1, l] + (1 - beta2) * g[t, l] ** 2),
        Recurrence("m", t, 1, m0[l], beta1 * m[t - 1, l] + (1 - beta1) * g[t, l]),
        Recurrence("w", t, 2, w1[l], w[t - 1, l] - eta * m[t - 1, l] / sp.sqrt(nu[t - 1, l])),
    ),
    source="Lemma 5, Appendix B (used in the proof of Lemma 1 via the mean-value inequality)",
    supremum_ratio=1.0,
    reparam=AdamReparam(),
    notes="The printed lemma omits m₀ = 0, which its proof needs (see the silent hypothesis).",
))
