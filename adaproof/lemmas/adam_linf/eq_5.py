"""Display (5), the Cauchy–Schwarz step of the proof sketch of Theorem 3.11 (Section 3.4).

As printed (line 237):

    Σ_{t=T/2+1}^T ‖ḡ_t‖_{Φ,*} = Σ_t Σ_b √d_b ‖ḡ_{t,(b)}‖₂
        ≤ √(Σ_t Σ_b ‖ḡ_{t,(b)}‖₂²/√(ṽ_{t,b} + ε)) · √(Σ_t Σ_b d_b √(ṽ_{t,b} + ε)).       (5)

Pathwise (any gradients, any ṽ_{t,b} ≥ 0, ε ≥ 0 with ṽ + ε > 0), for a partition into B blocks
of s coordinates each (s = 1: Adam; B = 1: AdaSGD), T = 2K.  No hand sampler.
"""
from __future__ import annotations

import sympy as sp

from ...declare import scalar, sequence, size, statement
from ...statement import Hypothesis

eps = scalar("eps", ">= 0", "ε")
K = size("K", ">= 1", "T/2 (T = 2K steps; the sums run over t = K+1..2K)")
B = size("B", ">= 1", "number of blocks B")
s = size("s", ">= 1", "block size d_b = s")
gbar = sequence("gbar", ((1, 2 * K), (1, B), (1, s)), "R", "full gradients ḡ_{t,(b,a)}")
vt = sequence("vt", ((1, 2 * K), (1, B)), ">= 0", "ṽ_{t,b}")
t, b, a = (sp.Symbol(nm, integer=True) for nm in ("t", "b", "a"))

_N2 = sp.Sum(gbar[t, b, a] ** 2, (a, 1, s))   # ‖ḡ_{t,(b)}‖²
_R = sp.sqrt(vt[t, b] + eps)                   # √(ṽ_{t,b} + ε)
_RANGE = ((b, 1, B), (t, K + 1, 2 * K))

EQ_5 = statement(
    "adam_linf/eq-5", kind="eq", number="5",
    title="(5): Σ_t ‖ḡ_t‖_{Φ,*} ≤ √(Σ‖ḡ_(b)‖²/√(ṽ+ε)) √(Σ d_b √(ṽ+ε)) (Cauchy–Schwarz)",
    section="Section 3.4, proof sketch of Theorem 3.11", family="other",
    latex=(r"\sum_{t=\frac T2+1}^T\sum_{b=1}^B\sqrt{d_b}\|\bar g_{t,(b)}\|_2\le\sqrt{\sum_{t=\frac T2"
           r"+1}^T\sum_{b=1}^B\frac{\|\bar g_{t,(b)}\|_2^2}{\sqrt{\tilde v_{t,b}+\epsilon}}}\sqrt{\sum"
           r"_{t=\frac T2+1}^T\sum_{b=1}^Bd_b\sqrt{\tilde v_{t,b}+\epsilon}}"),
    hypotheses=[
        Hypothesis(sp.GreaterThan(eps, 0), note="Algorithm 3: ε ≥ 0"),
        Hypothesis(sp.GreaterThan(vt[t, b], 0), forall=((t, 1, 2 * K), (b, 1, B)),
                   note="ṽ_{t,b} ≥ 0 (a second-moment estimate)"),
        Hypothesis(sp.StrictGreaterThan(vt[t, b] + eps, 0), forall=((t, 1, 2 * K), (b, 1, B)),
                   silent=True, note="ṽ_{t,b} + ε > 0: (5) divides by its square root"),
    ],
    lhs=sp.Sum(sp.sqrt(s) * sp.sqrt(_N2), *_RANGE),
    rhs=sp.sqrt(sp.Sum(_N2 / _R, *_RANGE)) * sp.sqrt(sp.Sum(s * _R, *_RANGE)),
    supremum=1.0,
    source="Display (5), Section 3.4 (line 237)",
    notes="Cauchy–Schwarz with a_{t,b} = ‖ḡ_{t,(b)}‖/(ṽ_{t,b}+ε)^{1/4}, c_{t,b} = √d_b(ṽ_{t,b}+"
          "ε)^{1/4}; equality when ‖ḡ_{t,(b)}‖ ∝ √(d_b(ṽ_{t,b}+ε)).  The first '=' of (5) is the "
          "definition of the dual Φ-norm (adam_linf/definition-3.8).",
)
