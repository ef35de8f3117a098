"""Lemma 5 (Appendix B) and its ℓ∞ / ℓ₂ corollaries.

As printed: "**Lemma 5.** We have ∀t ≥ 1, |w_{t+1,l} − w_{t,l}| ≤ η(1 − β₁)/(√(1 − β₂)
√(1 − β₁²/β₂))."  Proof: |w_{t+1,l} − w_{t,l}| = η|m_{t,l}/√ν_{t,l}|, the unrolled sums, then
Cauchy's inequality.  Used in the proof of Lemma 1 (step (∘), Appendix C.1).

Source: paper 003 (adam_complexity), Appendix B, Lemma 5 (text line 381).
"""
from __future__ import annotations

import sympy as sp

from ...registry import register
from ...search import strategies
from ...search.reparam import AdamReparam
from ...statement import Hypothesis, Quantity, Recurrence, Statement, TrajectorySource
from ._common import (_build_adam, _lemma_5_sampler_fast, _lemma_5_sizes, beta1, beta2, d, eta, g, l,
    m, m0, nu, nu0, PAPER, T, t, w, w1)


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
    sampler=_lemma_5_sampler_fast,
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


# ---------------------------------------------------------------------------------------------
# Lemma 5's corollaries for the update norm ‖w_{t+1} − w_t‖ (ℓ∞ and ℓ₂)
# ---------------------------------------------------------------------------------------------
_LEMMA_5_BOUND = eta * (1 - beta1) / (sp.sqrt(1 - beta2) * sp.sqrt(1 - beta1 ** 2 / beta2))


def _lemma_5_like(id_: str, number: str, title: str, latex: str, lhs, rhs, forall, source: str,
                  notes: str) -> Statement:
    stmt = Statement(
        id=id_, paper=PAPER, kind="lemma", number=number, title=title,
        section="Appendix B (Lemma 5) and its use in Appendix C.1", family="update-norm",
        latex=latex, quantities=LEMMA_5.quantities, hypotheses=LEMMA_5.hypotheses,
        lhs=lhs, rhs=rhs, forall=forall,
        trajectory=LEMMA_5.trajectory, recurrences=LEMMA_5.recurrences, source=source,
        supremum_ratio=1.0, notes=notes)
    return register(stmt)


LEMMA_5_LINF = _lemma_5_like(
    "adam_complexity/lemma-5-linf", "5 (ℓ∞ corollary)",
    "Update norm of Adam in the max norm",
    r"\forall t\ge1:\ \|\mathbf{w}_{t+1}-\mathbf{w}_t\|_\infty\le\eta\frac{1-\beta_1}"
    r"{\sqrt{1-\beta_2}\sqrt{1-\frac{\beta_1^2}{\beta_2}}}",
    sp.Abs(w[t + 1, l] - w[t, l]), _LEMMA_5_BOUND, ((t, 1, T), (l, 1, d)),
    "Lemma 5 taken over all coordinates (the max over l of the per-coordinate bound)",
    "‖x‖_∞ ≤ C is encoded as |x_l| ≤ C for every l: the checker's worst universal index over l "
    "is the max over coordinates (the evaluator has no max over an index range), so this "
    "evaluates the same inequality as adam_complexity/lemma-5.")

LEMMA_5_L2 = _lemma_5_like(
    "adam_complexity/lemma-5-l2", "5 (ℓ₂ corollary)",
    "Update norm of Adam in the Euclidean norm",
    r"\forall t\ge1:\ \|\mathbf{w}_{t+1}-\mathbf{w}_t\|\le\sqrt{d}\,\eta\frac{1-\beta_1}"
    r"{\sqrt{1-\beta_2}\sqrt{1-\frac{\beta_1^2}{\beta_2}}}",
    sp.sqrt(sp.Sum((w[t + 1, l] - w[t, l]) ** 2, (l, 1, d))), sp.sqrt(d) * _LEMMA_5_BOUND,
    ((t, 1, T),),
    "Use of Lemma 5 at step (∘) of the proof of Lemma 1 (Appendix C.1): ‖w_{t−i} − "
    "w_{t−i+1}‖² = η²Σ_l m²/ν ≤ dη²(1−β₁)²/((1−β₂)(1−β₁²/β₂)), which puts the factor d "
    "into Lemma 1's last coefficient",
    "The printed display at (∘) shows the coefficient without the factor d that Lemma 1's "
    "statement and Stage I carry (and the text is garbled there); the ℓ₂ bound needs √d.")
