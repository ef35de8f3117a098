"""Displays (11) (proof of Lemma 3.14) and (12) (proof of Lemma C.1), Appendix C.1: both are
pathwise inequalities under the expectation, encoded pathwise (an inequality between random
variables that holds on every path holds in expectation; a path where it fails is a
distribution — the point mass — where the expectation form fails).

(11), as printed (line 496):

    E√(ṽ_{t,b} + ε) = E[(β₂v_{t−1,b} + (1−β₂)σ_b² + ε)/√(ṽ_{t,b} + ε)]
                      + (1−β₂)E[(‖ḡ_{t,(b)}‖²/d_b)/√(ṽ_{t,b} + ε)]
                    ≤ E√(β₂v_{t−1,b} + (1−β₂)σ_b² + ε) + (1−β₂)E[(‖ḡ_{t,(b)}‖²/d_b)/√(ṽ_{t,b} + ε)]

with ṽ_{t,b} = β₂v_{t−1,b} + (1−β₂)(‖ḡ_{t,(b)}‖²/d_b + σ_b²): ``adam_linf/eq-11`` (first against
last; the identity is its first proof link).

(12), as printed (line 537):

    E max_b v_{t,b} = E max_b [β₂^t v_{0,b} + (1−β₂)Σ_{s≤t} β₂^{t−s}‖g_{s,(b)}‖²/d_b]
                    ≤ ‖v₀‖∞ + (1−β₂)E Σ_{s≤t} β₂^{t−s} max_b ‖g_{s,(b)}‖²/d_b

for any gradients g_s and B blocks of m coordinates: ``adam_linf/eq-12``.
"""
from __future__ import annotations

import sympy as sp

from ...declare import scalar, sequence, size, statement
from ...statement import Hypothesis, ProofStep
from ...symbolic import IndexMax

beta2 = scalar("beta2", "(0, 1)", "β₂")
eps = scalar("eps", ">= 0", "ε")
sigma = scalar("sigma", ">= 0", "σ_b")
vprev = scalar("vprev", ">= 0", "v_{t−1,b}")
db = size("db", ">= 1", "d_b, the size of block b")
gbar = sequence("gbar", (1, db), "R", "ḡ_{t,(b)} = ∇_(b)L(x_{t−1})")
a = sp.Symbol("a", integer=True)

_G = sp.Sum(gbar[a] ** 2, (a, 1, db)) / db
_VT = beta2 * vprev + (1 - beta2) * (_G + sigma ** 2)
_BASE = beta2 * vprev + (1 - beta2) * sigma ** 2 + eps
_MID = _BASE / sp.sqrt(_VT + eps) + (1 - beta2) * _G / sp.sqrt(_VT + eps)
_RHS11 = sp.sqrt(_BASE) + (1 - beta2) * _G / sp.sqrt(_VT + eps)

EQ_11 = statement(
    "adam_linf/eq-11", kind="eq", number="11",
    title="(11): √(ṽ_{t,b}+ε) ≤ √(β₂v_{t−1,b} + (1−β₂)σ_b² + ε) + (1−β₂)(‖ḡ_(b)‖²/d_b)/√(ṽ+ε)",
    section="Appendix C.1, proof of Lemma 3.14", family="other",
    latex=(r"\sqrt{\tilde v_{t,b}+\epsilon}=\frac{\beta_2v_{t-1,b}+(1-\beta_2)\sigma_b^2+\epsilon}"
           r"{\sqrt{\tilde v_{t,b}+\epsilon}}+(1-\beta_2)\frac{\|\bar g_{t,(b)}\|_2^2/d_b}{\sqrt{"
           r"\tilde v_{t,b}+\epsilon}}\le\sqrt{\beta_2v_{t-1,b}+(1-\beta_2)\sigma_b^2+\epsilon}"
           r"+(1-\beta_2)\frac{\|\bar g_{t,(b)}\|_2^2/d_b}{\sqrt{\tilde v_{t,b}+\epsilon}}"),
    hypotheses=[
        Hypothesis(sp.And(sp.StrictGreaterThan(beta2, 0), sp.StrictLessThan(beta2, 1)),
                   note="0 < β₂ < 1"),
        Hypothesis(sp.GreaterThan(eps, 0), note="ε ≥ 0"),
        Hypothesis(sp.GreaterThan(sigma, 0), note="Assumption 3.10: σ_b ≥ 0"),
        Hypothesis(sp.GreaterThan(vprev, 0), note="v_{t−1,b} ≥ 0"),
        Hypothesis(sp.StrictGreaterThan(_BASE, 0), silent=True,
                   note="β₂v_{t−1,b} + (1−β₂)σ_b² + ε > 0: (11) divides by √(ṽ_{t,b}+ε)"),
    ],
    lhs=sp.sqrt(_VT + eps),
    rhs=_RHS11,
    proof=(ProofStep(sp.sqrt(_VT + eps), _MID, "=", "ṽ + ε = (β₂v + (1−β₂)σ² + ε) + (1−β₂)‖ḡ‖²/d_b, "
                                                   "divided by √(ṽ + ε)"),
           ProofStep(_MID, _RHS11, "<=", "ṽ + ε ≥ β₂v + (1−β₂)σ² + ε, so A/√(ṽ+ε) ≤ √A")),
    source="Display (11), proof of Lemma 3.14 (Appendix C.1, line 496), pathwise",
    supremum=1.0,
    notes="Pathwise form of (11) (the expectations are over the same random variables on both "
          "sides).  Equality when ḡ_{t,(b)} = 0.",
)

B = size("B", ">= 1", "number of blocks B")
m_ = size("m", ">= 1", "block size d_b = m")
T = size("T", ">= 1", "the step t of (12)")
v0 = sequence("v0", (1, B), ">= 0", "v_{0,b}")
g = sequence("g", ((1, T), (1, B), (1, m_)), "R", "stochastic gradients g_{s,(b,a)}")
s_, b_, c_ = (sp.Symbol(nm, integer=True) for nm in ("s", "b", "c"))
_NB = lambda ss, bb: sp.Sum(g[ss, bb, a] ** 2, (a, 1, m_)) / m_  # noqa: E731
_VTB = beta2 ** T * v0[b_] + (1 - beta2) * sp.Sum(beta2 ** (T - s_) * _NB(s_, b_), (s_, 1, T))

EQ_12 = statement(
    "adam_linf/eq-12", kind="eq", number="12",
    title="(12): max_b v_{t,b} ≤ ‖v₀‖∞ + (1−β₂)Σ_s β₂^{t−s} max_b ‖g_{s,(b)}‖²/d_b",
    section="Appendix C.1, proof of Lemma C.1", family="other",
    latex=(r"\max_{b\in[B]}\Big[\beta_2^tv_{0,b}+(1-\beta_2)\sum_{s=1}^t\beta_2^{t-s}\|g_{s,(b)}"
           r"\|_2^2/d_b\Big]\le\|v_0\|_\infty+(1-\beta_2)\sum_{s=1}^t\beta_2^{t-s}\max_{b\in[B]}"
           r"\|g_{s,(b)}\|_2^2/d_b"),
    hypotheses=[
        Hypothesis(sp.And(sp.StrictGreaterThan(beta2, 0), sp.StrictLessThan(beta2, 1)),
                   note="0 < β₂ < 1"),
        Hypothesis(sp.GreaterThan(v0[b_], 0), forall=((b_, 1, B),), note="v₀ ≥ 0"),
    ],
    lhs=IndexMax(_VTB, (b_, 1, B)),
    rhs=(IndexMax(v0[b_], (b_, 1, B))
         + (1 - beta2) * sp.Sum(beta2 ** (T - s_) * IndexMax(_NB(s_, c_), (c_, 1, B)), (s_, 1, T))),
    source="Display (12), proof of Lemma C.1 (Appendix C.1, line 537), pathwise, t = T",
    notes="v_{t,b} written out as (12)'s first line does (Algorithm 3 from v_{0,b}); "
          "pathwise (the expectation of a pathwise inequality).  Ratio → 1 with one block and "
          "β₂ → 0 or v₀ = 0.",
)
