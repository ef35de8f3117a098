"""The series step (∗) in the proof of Lemma E.3 (Appendix E.1).

As printed (proof of Lemma E.3, after the bound |∇L_{i,t−j}| ≤ |∇L_{i,t}| + 2√2 jΩ₁/√t):

    (1−β₂)Σ_{j≥1} (|∇L_{i,t}|²β₂^{j−1} + (4√2 j/√t)Ω₁|∇L_{i,t}|β₂^{j−1}
                   + 8j²η₁²dL²/(t(1−β₂)) (1−β₁)²/(1−β₁/√β₂)² β₂^{j−1})
      (∗)= |∇L_{i,t}|² + (4√2 Lη₁√d L/√t)(1−β₁)/(1−β₁/√β₂)|∇L_{i,t}|/(1−β₂)^{3/2}
           + 8η₁²dL²(1+β₂)/(t(1−β₂)³) (1−β₁)²/(1−β₁/√β₂)²

with Ω₁ = η₁L√d(1−β₁)/(√(1−β₂)(1−β₁/√β₂)).  (1−β₂)Σ j β₂^{j−1} = 1/(1−β₂) makes the middle term
4√2Ω₁|∇L|/(√t(1−β₂)) = 4√2 η₁ L √d (1−β₁)|∇L|/(√t(1−β₂)^{3/2}(1−β₁/√β₂)): the printed one carries
L twice (OCR reading: "L η₁ √d L", two L's, taken as printed).

Encoded with the series truncated at K terms (the proof's own sum runs over j < t; every partial
sum is below the series): ``alphaadam/lemma-E.3-series`` (partial sum ≤ the printed value;
violated for L < 1) and its corrected variant (L once, the series' exact value).
"""
from __future__ import annotations

import sympy as sp

from ...declare import corrected, scalar, size, statement
from ...statement import Hypothesis

eta = scalar("eta", "> 0", "η₁")
L = scalar("L", "> 0", "smoothness constant L")
beta2 = scalar("beta2", "(0, 1)", "β₂")
beta1 = scalar("beta1", "[0, sqrt(beta2))", "β₁")
G = scalar("G", ">= 0", "|∇L_{i,t}|")
d = size("d", ">= 1", "dimension d")
t = size("t", ">= 1", "step t")
K = size("K", ">= 1", "number of terms of the series kept")
j = sp.Symbol("j", integer=True)

_CP = (1 - beta1) / (1 - beta1 / sp.sqrt(beta2))
OMEGA_1 = eta * L * sp.sqrt(d) * _CP / sp.sqrt(1 - beta2)
_TERM = (G ** 2 * beta2 ** (j - 1) + 4 * sp.sqrt(2) * j / sp.sqrt(t) * OMEGA_1 * G * beta2 ** (j - 1)
         + 8 * j ** 2 * eta ** 2 * d * L ** 2 / (t * (1 - beta2)) * _CP ** 2 * beta2 ** (j - 1))
_LHS = (1 - beta2) * sp.Sum(_TERM, (j, 1, K))
_THIRD = 8 * eta ** 2 * d * L ** 2 * (1 + beta2) / (t * (1 - beta2) ** 3) * _CP ** 2

E3_SERIES = statement(
    "alphaadam/lemma-E.3-series", kind="claim", number="E.3-series",
    title="Step (∗) of Lemma E.3's proof: the series summed in closed form (as printed: L twice)",
    section="Appendix E.1, proof of Lemma E.3", family="log-sum",
    latex=(r"(1-\beta_2)\sum_{j\ge1}\Big(|\nabla\mathcal L_{i,t}|^2+\frac{4\sqrt2j}{\sqrt t}\Omega_1"
           r"|\nabla\mathcal L_{i,t}|+\frac{8j^2\eta_1^2dL^2}{t(1-\beta_2)}\frac{(1-\beta_1)^2}{(1-"
           r"\frac{\beta_1}{\sqrt{\beta_2}})^2}\Big)\beta_2^{j-1}=|\nabla\mathcal L_{i,t}|^2+\frac{4"
           r"\sqrt2L\eta_1\sqrt dL}{\sqrt t}\frac{1-\beta_1}{1-\frac{\beta_1}{\sqrt{\beta_2}}}\frac{|"
           r"\nabla\mathcal L_{i,t}|}{(1-\beta_2)^{3/2}}+\frac{8\eta_1^2dL^2(1+\beta_2)}{t(1-\beta_2)"
           r"^3}\frac{(1-\beta_1)^2}{(1-\frac{\beta_1}{\sqrt{\beta_2}})^2}"),
    hypotheses=[Hypothesis(sp.StrictGreaterThan(eta, 0), note="η₁ > 0"),
                Hypothesis(sp.StrictGreaterThan(L, 0), note="Assumption 3.7: L > 0"),
                Hypothesis(sp.And(sp.GreaterThan(beta1, 0), sp.StrictLessThan(beta1, sp.sqrt(beta2)),
                                  sp.StrictGreaterThan(beta2, 0), sp.StrictLessThan(beta2, 1)),
                           note="0 ≤ β₁ < √β₂ < 1 (Theorem E.5)"),
                Hypothesis(sp.GreaterThan(G, 0), note="|∇L_{i,t}| ≥ 0")],
    lhs=_LHS,
    rhs=(G ** 2 + 4 * sp.sqrt(2) * L * eta * sp.sqrt(d) * L / sp.sqrt(t) * _CP * G
         / (1 - beta2) ** sp.Rational(3, 2) + _THIRD),
    expected="violated",
    source="Proof of Lemma E.3 (Appendix E.1), step (∗)",
    notes="Partial sums (K terms) against the printed closed form; violated when L < 1 and the "
          "middle term matters (the printed L² instead of L).",
)

E3_SERIES_CORRECTED = corrected(
    E3_SERIES,
    reason="(1−β₂)Σ_j jβ₂^{j−1} = 1/(1−β₂) gives the middle term 4√2Ω₁|∇L|/(√t(1−β₂)) = "
           "4√2 η₁L√d(1−β₁)|∇L|/(√t(1−β₂)^{3/2}(1−β₁/√β₂)): L once, not L²",
    rhs=(G ** 2 + 4 * sp.sqrt(2) * L * eta * sp.sqrt(d) / sp.sqrt(t) * _CP * G
         / (1 - beta2) ** sp.Rational(3, 2) + _THIRD),
)
