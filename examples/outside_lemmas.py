"""Three lemmas of the adaptive-methods literature outside adaproof's five papers, encoded with no
sampler (the inputs are derived from the domains and hypotheses), and one deliberately wrong
constant that the derived attack refutes.  See docs/any-lemma.md.

Load with ``adaproof check outside/lemma-adagrad-norm --module examples.outside_lemmas`` from the
repository root (or ``import examples.outside_lemmas``); importing registers the statements under
the paper id ``outside``.
"""
from sympy import Abs, Sum, log, sqrt

from adaproof.declare import corrected, forall, index, scalar, sequence, size, statement

T, t, s, k = size("T", description="number of steps"), index("t"), index("s"), index("k")

# --- 1. The AdaGrad-norm lemma ------------------------------------------------------------------
# For a_1 > 0 and a_t >= 0:  sum_t a_t / sqrt(sum_{s<=t} a_s) <= 2 sqrt(sum_t a_t)
# (e.g. Ward, Wu & Bottou 2019, Lemma 6; Levy, Yurtsever & Cevher 2018; McMahan & Streeter 2010).
a = sequence("a", over=(1, T), domain=">= 0", description="squared gradient norms a_t")

ADAGRAD_NORM = statement(
    "outside/lemma-adagrad-norm", title="Σ a_t/√(Σ_{s≤t} a_s) ≤ 2√(Σ a_t)", family="log-sum",
    hypotheses=[a[1] > 0],
    lhs=Sum(a[t] / sqrt(Sum(a[s], (s, 1, t))), (t, 1, T)),
    rhs=2 * sqrt(Sum(a[t], (t, 1, T))),
    supremum=1.0,
    source="Ward, Wu, Bottou (2019), Lemma 6; the integral bound ∫ dx/√x = 2√x",
)

# the same sum with the constant √2 (a plausible misprint): false already for five equal a_t
ADAGRAD_NORM_SQRT2 = statement(
    "outside/lemma-adagrad-norm-sqrt2", title="the AdaGrad-norm lemma with constant √2 (wrong)",
    family="log-sum", hypotheses=[a[1] > 0],
    lhs=ADAGRAD_NORM.lhs, rhs=sqrt(2) * sqrt(Sum(a[t], (t, 1, T))),
    expected="violated",
    notes="deliberately wrong: equal increments give Σ 1/√t ~ 2√T, so the ratio tends to √2",
)

# --- 2. The log-sum lemma -----------------------------------------------------------------------
# For eps > 0 and a_t >= 0:  sum_t a_t / (eps + sum_{s<=t} a_s) <= ln(1 + sum_t a_t / eps)
# (e.g. Défossez, Bottou, Bach & Usunier 2022, Lemma 5.2; Li & Orabona 2019).
eps = scalar("eps", "> 0", "ε")
LOG_SUM = statement(
    "outside/lemma-log-sum", title="Σ a_t/(ε + Σ_{s≤t} a_s) ≤ ln(1 + Σ a_t/ε)", family="log-sum",
    lhs=Sum(a[t] / (eps + Sum(a[s], (s, 1, t))), (t, 1, T)),
    rhs=log(1 + Sum(a[t], (t, 1, T)) / eps),
    supremum=1.0,
    source="Défossez et al. (2022), Lemma 5.2: each term is at most ln((ε+S_t)/(ε+S_{t−1}))",
)

# --- 3. Momentum against the second moment (Cauchy–Schwarz) -------------------------------------
# For 0 < beta2 <= 1, 0 <= beta1 < sqrt(beta2) and any g:
#   |sum_{k<t} beta1^k g_{t-k}| <= sqrt(sum_{k<t} beta2^k g_{t-k}^2) / sqrt(1 - beta1^2/beta2)
# (Défossez et al. 2022, the bound on |u_t|/sqrt(v_t) in the proof of Theorem 2; Zaheer et al.)
beta2 = scalar("beta2", "(0, 1]", "second-moment decay β₂")
beta1 = scalar("beta1", "[0, sqrt(beta2))", "momentum β₁")
g = sequence("g", over=(1, T), description="gradients")
MOMENTUM = statement(
    "outside/lemma-momentum-cs", title="|m̃_t| ≤ √ṽ_t/√(1 − β₁²/β₂)", family="update-norm",
    hypotheses=[beta1 ** 2 < beta2],
    lhs=Abs(Sum(beta1 ** k * g[t - k], (k, 0, t - 1))),
    rhs=sqrt(Sum(beta2 ** k * g[t - k] ** 2, (k, 0, t - 1))) / sqrt(1 - beta1 ** 2 / beta2),
    forall=((t, 1, T),), supremum=1.0,
    source="Défossez et al. (2022), proof of Theorem 2 (Cauchy–Schwarz with weights (β₁²/β₂)^k)",
)

# the same bound with the constant 1/(1 − β₁) that one might guess from |m_t| <= max|g|: false when
# β₂ is close to β₁² (the geometric weights (β₁²/β₂)^k then barely decay)
MOMENTUM_WRONG = statement(
    "outside/lemma-momentum-cs-wrong-constant", title="|m̃_t| ≤ √ṽ_t/(1 − β₁) (wrong)",
    family="update-norm", hypotheses=[beta1 ** 2 < beta2], lhs=MOMENTUM.lhs,
    rhs=sqrt(Sum(beta2 ** k * g[t - k] ** 2, (k, 0, t - 1))) / (1 - beta1),
    forall=((t, 1, T),), expected="violated",
    notes="deliberately wrong: the constant 1/(1 − β₁) in place of 1/√(1 − β₁²/β₂)")

# a corrected variant sits beside its statement: here the √2 misprint corrected back to 2
ADAGRAD_NORM_SQRT2_CORRECTED = corrected(
    ADAGRAD_NORM_SQRT2, rhs=2 * sqrt(Sum(a[t], (t, 1, T))),
    reason="the integral comparison Σ a_t/√S_t ≤ ∫_0^{S_T} dx/√x = 2√S_T gives 2, not √2")
