"""Rate calculators and attackable theorems of *Convergence of Adafactor under non-convex smooth
stochastic optimization* (paper id ``adafactor``).

Encoded (every constant written out from the appendix; ``β_{2,1} = 1/2`` substituted):

* Theorem A.1 (= Theorem 5.1, which prints only O(log T/T) and O(log T/√T)), full batch:
  ``adafactor/theorem-A.1`` (ρ_k = ρ₀ constant, the first display), ``…-A.1-sqrt`` (ρ_k = ρ₀/√k,
  first line of (10)), ``…-A.1-sqrt-dimfree`` (second line of (10)).
* Theorem B.1 (= Theorem 6.1, O(·) only), no update clipping: ``…-B.1-eq33`` … ``…-B.1-eq36``;
  Proposition B.1 (the bounds before the sums are estimated): ``adafactor/proposition-B.1`` and
  ``…-B.1-dimfree``.
* Theorem C.1 (sub-Gaussian noise): ``adafactor/theorem-C.1``.
* Theorem D.1 (= Theorem 7.1), time-varying clipping threshold: ``…-D.1-eq91`` … ``…-D.1-eq94``.

Attacked (registered statements on separable pseudo-Huber matrices, noiseless): A.1 (+corrected),
A.1-sqrt(-dimfree), B.1 (33)-(36) (+corrected (34), (36)), C.1, D.1 (91)-(94) (+ all four
corrected), Proposition B.1 (+ dimfree, + dimfree corrected; 1/2 ≤ c ≤ 1, c = 1 included, the
sums Σ k^{-p} written as SymPy Sums for the evaluator).

Conventions shared by every bound (each documented on its symbol): ``Delta`` is ``f(X₁) − f*``;
``Theta`` is ``Θ_max = max_{k∈[T]} ‖X_k‖_∞`` (11), a quantity of the run that the bounds take as
given; ``n``, ``m`` are the matrix sizes; ``G`` the gradient bound of the theorem (full-batch:
``‖∇f(X_k)‖_F ≤ G``; stochastic: (A4) ``‖g(X, Z)‖_F ≤ G`` a.s.).

Findings encoded as ``variant="corrected"`` (the printed variant is kept):

* A.1, constant ρ_k = ρ₀: the proof bounds (b) by ``Δ₀² Σ_k 1/k`` through (20), which needs
  ρ_k = ρ₀/√k; with ρ_k = ρ₀ it gives ``Δ₀² T``: the printed O(log T/T) bound does not follow, and
  the attack below finds it violated on 2×2 matrices.
* C'₀ (39): Lemma B.3 writes ``2𝒢₁𝒢₂/(mnε₁) = 2(G² + G(m+n)ε₁ + mnε₁²)/(mnε₁)``; the product is
  ``G⁴ + G²(m+n)ε₁ + mnε₁²``, so C'₀ has ``G⁴/(mnε₁) + G² + ε₁`` (as A'₁ in (12)).
* D₁(α) (95): (112) and the factor 2 of (113) give ``4G^{1+α}G₄^{1−α}√𝒢(ε₂+Θ)ρ₀/(√(mn) ε₁)``;
  (95) prints ``…/√(mnε₁)`` without the 4 (the ε₁-order (96) and "C₀D₁(α) ~ ε₁^{−α}" use the
  derived form).
* C.1 admits c = 1 but its bound divides by 1 − c; at c = 1 the corrected variant uses (83).
"""
from __future__ import annotations

import functools

import math

import mpmath
import numpy as np
import sympy as sp
from sympy.utilities.lambdify import implemented_function

from ._core import ClaimedRate, Param, RateBound, register_bound

PAPER = "adafactor"

# ---------------------------------------------------------------------------------------------
# symbols
# ---------------------------------------------------------------------------------------------
_T = Param("T", "number of iterations", 1, None, integer=True)
_L = Param("L", "smoothness constant (A1): ‖∇f(Y) − ∇f(X)‖_F ≤ L‖Y − X‖_F", 0, None,
           low_open=True)
_G = Param("G", "gradient bound: ‖∇f(X_k)‖_F ≤ G (Theorem A.1) / ‖g(X, Z)‖_F ≤ G a.s. (A4)",
           0, None, low_open=True)
_Delta = Param("Delta", "initial gap f(X₁) − f*", 0, None)
_Theta = Param("Theta", "Θ_max = max_{k∈[T]} ‖X_k‖_∞ (11), a quantity of the run", 0, None)
_eps1 = Param("eps1", "regularisation constant ε₁ of the second moment", 0, None, low_open=True)
_eps2 = Param("eps2", "regularisation constant ε₂ of the relative step", 0, None, low_open=True)
_rho0 = Param("rho0", "relative step-size constant ρ₀ (ρ₁ = ρ₀)", 0, None, low_open=True)
_d = Param("d", "constant clipping threshold d (Algorithm 2)", 0, None, low_open=True)
_n = Param("n", "number of rows of X", 1, None, integer=True)
_m = Param("m", "number of columns of X", 1, None, integer=True)
_delta = Param("delta", "failure probability δ", 0, 1, low_open=True, high_open=True)
_c1 = Param("c", "decay exponent c of β_{2,k} = 1 − 1/k^c (k ≥ 2), here 1/2 ≤ c < 1", 0.5, 1,
            high_open=True)
_call = Param("c", "decay exponent c of β_{2,k} = 1 − 1/k^c (k ≥ 2), 1/2 ≤ c ≤ 1", 0.5, 1)
_alpha = Param("alpha", "clipping exponent α > 1: d_k = k^{c/(2(α−1))}", 1, None, low_open=True)
_sigma = Param("sigma", "sub-Gaussian noise level σ (Assumption 1)", 0, None, low_open=True)
_G0 = Param("G0", "gradient bound ‖∇f(X)‖_F ≤ G₀ for all X (Theorem C.1)", 0, None,
            low_open=True)

(T, L, G, Delta, Theta, eps1, eps2, rho0, d, n, m, delta, alpha, sigma, G0) = (
    p.symbol for p in (_T, _L, _G, _Delta, _Theta, _eps1, _eps2, _rho0, _d, _n, _m, _delta,
                       _alpha, _sigma, _G0))
c = _c1.symbol  # same name and assumptions as _call.symbol
assert c == _call.symbol
B21 = sp.Rational(1, 2)  # β_{2,1}
mn = m * n
S2E = eps2 + Theta  # ε₂ + Θ_max

_MN_SILENT = (sp.LessThan(m + n, m * n),
              "silent: the proof uses m + n ≤ mn (m, n ≥ 2) for this dimension-free constant")


def _GG(g):
    """𝒢 = G² + mnε₁ (11)/(14) for the gradient bound ``g``."""
    return g ** 2 + mn * eps1


# ---------------------------------------------------------------------------------------------
# Theorem A.1 (full batch, Algorithm 2), constants (11)-(12)
# ---------------------------------------------------------------------------------------------
GG = _GG(G)
A0 = sp.Max(1, G * sp.sqrt(GG) / (d * eps1 * mn * (1 - B21))) / (rho0 * eps2)
A1 = (G ** 4 + G ** 2 * (m + n) * eps1 + mn * eps1 ** 2) ** sp.Rational(1, 4)
A1p = sp.sqrt(2 * (G ** 4 / (mn * eps1) + G ** 2 + eps1))
DELTA0_SQ = L * d ** 2 * mn * S2E ** 2 * rho0 ** 2 / 2
DELTA0T_SQ = L * G ** 2 * GG * S2E ** 2 * rho0 ** 2 / (2 * mn * eps1 ** 2 * (1 - B21) ** 2)

_A1_PARAMS = (_T, _L, _G, _Delta, _Theta, _eps1, _eps2, _rho0, _d, _n, _m)
_A1_MEASURED = r"\min_{k\in[T]}\|\nabla f(\mathbf{X}_k)\|_F^2"
_A1_SOURCE = "Theorem A.1 (detailed Theorem 5.1), constants (11)-(12); proof Appendix A.3"


def _a1_terms(a1, dsq, denom):
    k = A0 * a1
    return (("initial gap", k * Delta / denom), ("Δ² log T", k * dsq * sp.log(T) / denom),
            ("Δ²", k * dsq / denom))


THEOREM_A1 = register_bound(RateBound(
    id="adafactor/theorem-A.1", paper=PAPER, number="A.1",
    title="Full-batch Adafactor, constant relative step ρ_k = ρ₀ (Theorem 5.1, first case)",
    source=_A1_SOURCE, measured=_A1_MEASURED, params=_A1_PARAMS,
    terms=_a1_terms(A1, DELTA0_SQ, T),
    claimed=ClaimedRate(sp.Integer(-1), 1, {},
                        "Theorem 5.1: ρ_k = ρ₀ gives min ‖∇f(X_k)‖² ≲ O(log T / T)"),
    latex_printed=(r"\min_{k\in[T]}\|\nabla f(X_k)\|_F^2 \le \frac{A_0A_1(f(X_1)-f^*"
                   r"+\Delta_0^2\log T+\Delta_0^2)}{T}"),
    notes=("Theorem 5.1 prints only the O(log T/T) rate; this is its detailed form A.1 "
           "(β_{2,1} = 1/2, 0 < β_{2,k} < 1, ρ_k = ρ₀, constant d). The derivation does not "
           "give it: see the corrected variant."),
))

THEOREM_A1_CORRECTED = register_bound(RateBound(
    id="adafactor/theorem-A.1", paper=PAPER, number="A.1",
    title="Full-batch Adafactor, constant relative step ρ_k = ρ₀, as the proof gives it",
    source=_A1_SOURCE + " with (b) ≤ (L/2)(ε₂+Θ)²d²mn Σ_k ρ_k² = Δ₀² T for ρ_k = ρ₀",
    measured=_A1_MEASURED, params=_A1_PARAMS,
    terms=(("initial gap", A0 * A1 * Delta / T), ("Δ² (constant step)", A0 * A1 * DELTA0_SQ)),
    claimed=ClaimedRate(sp.Rational(-1, 2), 0, {"rho0": 1 / sp.sqrt(T)},
                        "as derived: no decay for a fixed ρ₀; ρ₀ ∝ 1/√T gives O(1/√T)"),
    variant="corrected",
    reason=("(20) bounds (b) by Δ₀² Σ 1/k only for ρ_k = ρ₀/√k; for ρ_k = ρ₀ it is Δ₀² T, so "
            "min ‖∇f‖² ≤ A₀A₁(f(X₁) − f*)/T + A₀A₁Δ₀², which does not vanish"),
    latex_printed=(r"\min_{k\in[T]}\|\nabla f(X_k)\|_F^2 \le \frac{A_0A_1(f(X_1)-f^*)}{T}"
                   r" + A_0A_1\Delta_0^2"),
))

THEOREM_A1_SQRT = register_bound(RateBound(
    id="adafactor/theorem-A.1-sqrt", paper=PAPER, number="A.1",
    title="Full-batch Adafactor, ρ_k = ρ₀/√k (Theorem 5.1, second case; (10) first line)",
    source=_A1_SOURCE, measured=_A1_MEASURED, params=_A1_PARAMS,
    terms=_a1_terms(A1, DELTA0_SQ, sp.sqrt(T)),
    claimed=ClaimedRate(sp.Rational(-1, 2), 1, {},
                        "Theorem 5.1: ρ_k = ρ₀/√k gives O(log T / √T)"),
    latex_printed=(r"\min_{k\in[T]}\|\nabla f(X_k)\|_F^2 \le \frac{A_0A_1(f(X_1)-f^*"
                   r"+\Delta_0^2\log T+\Delta_0^2)}{\sqrt T}"),
))

THEOREM_A1_SQRT_DIMFREE = register_bound(RateBound(
    id="adafactor/theorem-A.1-sqrt-dimfree", paper=PAPER, number="A.1",
    title="Full-batch Adafactor, ρ_k = ρ₀/√k, dimension-free form ((10) second line)",
    source=_A1_SOURCE + "; 'Avoiding the curse of dimension', (31)-(32)",
    measured=_A1_MEASURED, params=_A1_PARAMS,
    terms=_a1_terms(A1p, DELTA0T_SQ, sp.sqrt(T)),
    hypotheses=(_MN_SILENT,),
    claimed=ClaimedRate(sp.Rational(-1, 2), 1, {},
                        "Theorem 5.1: ρ_k = ρ₀/√k gives O(log T / √T); mn only in denominators"),
    latex_printed=(r"\min_{k\in[T]}\|\nabla f(X_k)\|_F^2 \le \frac{A_0A_1'(f(X_1)-f^*"
                   r"+\tilde\Delta_0^2\log T+\tilde\Delta_0^2)}{\sqrt T}"),
))


# ---------------------------------------------------------------------------------------------
# Theorem B.1 / Proposition B.1 (Algorithm 1 without update clipping), constants (37)-(40)
# ---------------------------------------------------------------------------------------------
def b1_constants(g=G, gg=None):
    """C₀, C₁ (without f(X₁) − f*), C₂, C₃ of (37)-(38) for the gradient bound ``g``."""
    gg = _GG(g) if gg is None else gg
    C0 = 2 * sp.sqrt(2 * gg) / (rho0 * eps2)
    C2 = (32 * mn * gg ** sp.Rational(3, 2) * S2E * rho0 / (sp.Max(m, n) * eps1)
          + 4 * L * mn * gg * S2E ** 2 * rho0 ** 2 / (sp.Max(m, n) * eps1))
    C3 = C2 / 4 * sp.log(2 + 2 * g ** 2 / eps1)
    return C0, C2, C3


C0, C2, C3 = b1_constants()
C1 = Delta + 24 * G ** 2 * S2E * rho0 / sp.sqrt(eps1)
#: C'₀ as printed (39) and as Lemma B.3's algebra gives it
C0P_PRINTED = 2 * sp.sqrt(2 * (G ** 2 / (mn * eps1) + G + eps1)) / (rho0 * eps2)
C0P_CORRECTED = 2 * sp.sqrt(2 * (G ** 4 / (mn * eps1) + G ** 2 + eps1)) / (rho0 * eps2)
GB1 = sp.sqrt(6 * (G ** 4 / (mn * eps1) + G ** 2 + eps1))
GB3 = 4 * (G ** 4 + G ** 2 * mn * eps1) / (mn * eps1 ** 2)
GB2 = 2 * (G ** 3 / (mn * eps1) + 2 * G ** 2 / sp.sqrt(mn * eps1) + G / sp.sqrt(mn) + G
           + sp.sqrt(eps1))
C2P = 4 * GB3 * (GB1 + GB2) * S2E * rho0
C3P = L * GB3 * S2E ** 2 * rho0 ** 2 / 2

_B1_PARAMS_C1 = (_T, _L, _G, _Delta, _Theta, _eps1, _eps2, _rho0, _n, _m, _delta)
_B1_PARAMS = _B1_PARAMS_C1 + (_c1,)
_B1_MEASURED = r"\min_{k\in[T]}\|\bar{\mathbf{G}}_k\|_F^2"
_B1_SOURCE = "Theorem B.1 (detailed Theorem 6.1), constants (37)-(40); proof Appendix B.3-B.4"
_LOGTD = sp.log(T / delta)
_C0P_REASON = ("Lemma B.3: 2𝒢₁𝒢₂/(mnε₁) = 2(G⁴ + G²(m+n)ε₁ + mnε₁²)/(mnε₁) ≤ 2(G⁴/(mnε₁) + G² + ε₁)"
               "; (39) prints G²/(mnε₁) + G + ε₁ in C'₀")


class _CRateBound(RateBound):
    """A bound whose claimed exponent depends on c (Õ(1/T^{c−1/2})): ``complexity`` compares the
    SymPy order with the claimed exponent at the given c."""

    def complexity(self, eps, tune_over=None, **values):
        r = super().complexity(eps, tune_over, **values)
        cl = self.claimed
        if cl is not None and "c" in values and r.exponent is not None:
            e = sp.nsimplify(sp.sympify(cl.exponent).subs(self.sym("c"), sp.nsimplify(values["c"])))
            r.claimed_exponent = str(e)
            r.agrees_with_claim = bool(sp.nsimplify(r.exponent) == e)
        return r


def _b1_bound(number, eq, terms, params, claimed, *, variant="printed", reason="", hyp=(),
              title, latex, notes="", cls=RateBound, ident=None):
    # closed_form=False: SymPy's solve on these sums of square roots and logs does not return
    # in reasonable time; ``tune`` minimises numerically
    return register_bound(cls(closed_form=False, 
        id=ident or f"adafactor/theorem-{number}-eq{eq}", paper=PAPER, number=number,
        title=title, source=(_B1_SOURCE if number == "B.1" else _D1_SOURCE) + f", ({eq})",
        measured=_B1_MEASURED, params=params, terms=terms, hypotheses=hyp, claimed=claimed,
        variant=variant, reason=reason, latex_printed=latex, notes=notes))


_CLAIM_C1 = ClaimedRate(sp.Rational(-1, 2), 1, {},
                        "Theorem 6.1 at c = 1: O(log(T/δ)/√T), the optimal rate")
_CLAIM_CLT1 = ClaimedRate(sp.Rational(1, 2) - c, 1, {},
                          "Theorem 6.1: O(T^{-(c-1/2)} log(T/δ)) for 1/2 ≤ c ≤ 1")


def _b1_eq33_terms(C0_, C2_, C3_, extra=0):
    return (("C₁ log(T/δ)", C0_ / sp.sqrt(T) * C1 * _LOGTD),
            ("C₂ log T", C0_ / sp.sqrt(T) * (C2_ + extra) * sp.log(T)),
            ("C₂ + C₃", C0_ / sp.sqrt(T) * (C2_ + extra + C3_)))


THEOREM_B1_33 = _b1_bound(
    "B.1", 33, _b1_eq33_terms(C0, C2, C3), _B1_PARAMS_C1, _CLAIM_C1,
    title="Adafactor without update clipping, c = 1 (β_{2,k} = 1 − 1/k, ρ_k = ρ₀/√k)",
    latex=r"\frac{C_0}{\sqrt T}\left(C_1\log\frac{T}{\delta}+C_2\log T+C_2+C_3\right)",
    notes="Theorem 6.1 prints only the O(·) rate; this is B.1 (33). mn appears in C₀, C₂.")


def _b1_eq34_terms(C0p, extra=0):
    return (("C₁ log(T/δ)", C0p / sp.sqrt(T) * C1 * _LOGTD),
            ("(C'₂ + C'₃) log T", C0p / sp.sqrt(T) * (C2P + C3P + extra) * sp.log(T)),
            ("C'₂ + C'₃", C0p / sp.sqrt(T) * (C2P + C3P + extra)))


_L34 = (r"\frac{C_0'}{\sqrt T}\left(C_1\log\frac{T}{\delta}+(C_2'+C_3')\log T"
        r"+C_2'+C_3'\right)")
THEOREM_B1_34 = _b1_bound(
    "B.1", 34, _b1_eq34_terms(C0P_PRINTED), _B1_PARAMS_C1, _CLAIM_C1, hyp=(_MN_SILENT,),
    title="Adafactor without update clipping, c = 1, dimension-free form", latex=_L34)
THEOREM_B1_34_CORRECTED = _b1_bound(
    "B.1", 34, _b1_eq34_terms(C0P_CORRECTED), _B1_PARAMS_C1, _CLAIM_C1, hyp=(_MN_SILENT,),
    variant="corrected", reason=_C0P_REASON,
    title="Adafactor without update clipping, c = 1, dimension-free form (C'₀ as derived)",
    latex=_L34)


def _b1_eq35_terms(C0_, C2_, C3_, extra=0):
    return (("C₁ log(T/δ)", C0_ / sp.sqrt(T) * C1 * _LOGTD),
            ("C₂ T^{1−c}/(1−c)", C0_ / sp.sqrt(T) * (C2_ + extra) / (1 - c) * T ** (1 - c)),
            ("C₂ + C₃", C0_ / sp.sqrt(T) * (C2_ + extra + C3_)))


THEOREM_B1_35 = _b1_bound(
    "B.1", 35, _b1_eq35_terms(C0, C2, C3), _B1_PARAMS, _CLAIM_CLT1, cls=_CRateBound,
    title="Adafactor without update clipping, 1/2 ≤ c < 1",
    latex=r"\frac{C_0}{\sqrt T}\left(C_1\log\frac{T}{\delta}+\frac{C_2}{1-c}T^{1-c}+C_2+C_3\right)",
    notes=("The O(·) of Theorem 6.1 carries log(T/δ); for c < 1 the explicit bound is "
           "T^{1/2−c} without a log (the log(T/δ) term is T^{-1/2} log T)."))


def _b1_eq36_terms(C0p):
    return (("C₁ log(T/δ)", C0p / sp.sqrt(T) * C1 * _LOGTD),
            ("2C'₂ T^{1−c}/(1−c)", C0p / sp.sqrt(T) * 2 * C2P / (1 - c) * T ** (1 - c)),
            ("C'₃ log T", C0p / sp.sqrt(T) * C3P * sp.log(T)),
            ("C'₂ + C'₃", C0p / sp.sqrt(T) * (C2P + C3P)))


_L36 = (r"\frac{C_0'}{\sqrt T}\left(C_1\log\frac{T}{\delta}+\frac{2C_2'}{1-c}T^{1-c}"
        r"+C_3'\log T+C_2'+C_3'\right)")
_N36 = ("(84) bounds Σ k^{−(c+1)/2} by 1 + 2T^{(1−c)/2}/(1−c); (36) prints T^{1−c}, which is "
        "larger (valid, but the derivation gives T^{−c/2}, better than T^{1/2−c}).")
THEOREM_B1_36 = _b1_bound(
    "B.1", 36, _b1_eq36_terms(C0P_PRINTED), _B1_PARAMS, _CLAIM_CLT1, hyp=(_MN_SILENT,),
    cls=_CRateBound, title="Adafactor without update clipping, 1/2 ≤ c < 1, dimension-free",
    latex=_L36, notes=_N36)
THEOREM_B1_36_CORRECTED = _b1_bound(
    "B.1", 36, _b1_eq36_terms(C0P_CORRECTED), _B1_PARAMS, _CLAIM_CLT1, hyp=(_MN_SILENT,),
    cls=_CRateBound, variant="corrected", reason=_C0P_REASON,
    title="Adafactor without update clipping, 1/2 ≤ c < 1, dimension-free (C'₀ as derived)",
    latex=_L36, notes=_N36)


# Proposition B.1: the generalised harmonic sums Σ_{k=1}^T k^{-p}, exactly (Hurwitz zeta)
def _harmonic_numeric(Tv, pv):
    def one(t, p):
        t = int(round(float(t)))
        p = float(p)
        if t <= 2000:
            return math.fsum(k ** -p for k in range(1, t + 1))
        if p == 1.0:
            return float(mpmath.harmonic(t))
        return float(mpmath.zeta(p) - mpmath.zeta(p, t + 1))
    return np.vectorize(one, otypes=[float])(Tv, pv) if (np.ndim(Tv) or np.ndim(pv)) \
        else one(Tv, pv)


#: ``Hsum(T, p) = Σ_{k=1}^T k^{-p}`` (NumPy-evaluable; SymPy cannot take its limit, so the
#: Proposition's ``order()`` is None: its rate is that of Theorem B.1)
Hsum = implemented_function("Hsum", _harmonic_numeric)


def hsum_equivalent(Tsym, p):
    """The leading behaviour of Σ_{k=1}^T k^{-p} as T → ∞ (p a number): T^{1−p}/(1−p) for p < 1,
    log T for p = 1, ζ(p) for p > 1 (SymPy's ``harmonic(T, p)`` limits are wrong for p < 1)."""
    p = sp.nsimplify(p)
    if p < 1:
        return Tsym ** (1 - p) / (1 - p)
    if p == 1:
        return sp.log(Tsym)
    return sp.zeta(p)


class _SumRateBound(RateBound):
    """A bound with generalised harmonic sums ``Hsum(T, p)``: ``order`` replaces each (p fixed
    by ``values``) by its leading behaviour :func:`hsum_equivalent`."""

    def order(self, tune_over=None, **values):
        import dataclasses
        sub = {self.sym(k): sp.nsimplify(v) for k, v in values.items()}
        Ts = self.sym(self.horizon)
        terms = []
        for name, e in self.terms:
            e = e.subs(sub).replace(lambda x: getattr(x, "func", None) == Hsum,
                                    lambda x: hsum_equivalent(Ts, x.args[1]))
            terms.append((name, e))
        tmp = dataclasses.replace(self, terms=tuple(terms))
        return RateBound.order(tmp, tune_over)


_PB1_PARAMS = _B1_PARAMS_C1 + (_call,)
PROPOSITION_B1 = register_bound(_SumRateBound(
    id="adafactor/proposition-B.1", paper=PAPER, number="B.1",
    title="Adafactor without update clipping, before the sums are estimated",
    source="Proposition B.1 (Appendix B), constants of Theorem B.1",
    measured=_B1_MEASURED, params=_PB1_PARAMS,
    terms=(("C₁ log(T/δ)", C0 / sp.sqrt(T) * C1 * _LOGTD),
           ("C₂ Σ k^{-c}", C0 / sp.sqrt(T) * C2 * Hsum(T, c)),
           ("C₃", C0 / sp.sqrt(T) * C3)),
    latex_printed=(r"\frac{C_0}{\sqrt T}\left(C_1\log\frac{T}{\delta}+C_2\sum_{k=1}^T"
                   r"\frac{1}{k^c}+C_3\right)"),
    closed_form=False,
    notes=("Σ_{k=1}^T k^{-c} evaluated exactly (Hurwitz zeta beyond T = 2000); order() uses "
           "its leading behaviour. No rate is claimed for the Proposition itself."),
))


def _pb1_dimfree_terms(C0p):
    return (("C₁ log(T/δ)", C0p / sp.sqrt(T) * C1 * _LOGTD),
            ("C'₂ Σ k^{-(c+1)/2}", C0p / sp.sqrt(T) * C2P * Hsum(T, c / 2 + sp.Rational(1, 2))),
            ("C'₃ Σ 1/k", C0p / sp.sqrt(T) * C3P * Hsum(T, 1)))


_LPB1D = (r"\frac{C_0'}{\sqrt T}\left(C_1\log\frac{T}{\delta}+C_2'\sum_{k=1}^T"
          r"\frac{1}{k^{c/2+1/2}}+C_3'\sum_{k=1}^T\frac{1}{k}\right)")
PROPOSITION_B1_DIMFREE = register_bound(_SumRateBound(
    id="adafactor/proposition-B.1-dimfree", paper=PAPER, number="B.1",
    title="Adafactor without update clipping, dimension-free, before the sums are estimated",
    source="Proposition B.1, second display; (81)-(82)", measured=_B1_MEASURED,
    params=_PB1_PARAMS, terms=_pb1_dimfree_terms(C0P_PRINTED), hypotheses=(_MN_SILENT,),
    latex_printed=_LPB1D, closed_form=False))
PROPOSITION_B1_DIMFREE_CORRECTED = register_bound(_SumRateBound(
    id="adafactor/proposition-B.1-dimfree", paper=PAPER, number="B.1",
    title="Adafactor without update clipping, dimension-free (C'₀ as derived)",
    source="Proposition B.1, second display; (81)-(82), Lemma B.3", measured=_B1_MEASURED,
    params=_PB1_PARAMS, terms=_pb1_dimfree_terms(C0P_CORRECTED), hypotheses=(_MN_SILENT,),
    variant="corrected", reason=_C0P_REASON, latex_printed=_LPB1D, closed_form=False))


# ---------------------------------------------------------------------------------------------
# Theorem C.1 (sub-Gaussian noise, bounded true gradients)
# ---------------------------------------------------------------------------------------------
GPRIME = G0 + sigma * sp.sqrt(sp.log(sp.E * T / delta))
C0T, C2T, C3T = b1_constants(GPRIME)
C1T = Delta + 6 * sigma ** 2 * S2E * rho0 / sp.sqrt(eps1)
_C1_PARAMS = (_T, _L, _G0, _sigma, _Delta, _Theta, _eps1, _eps2, _rho0, _n, _m, _delta, _call)
_C1_SOURCE = "Theorem C.1 (Appendix C), C̃₀, C̃₂, C̃₃ = (38) with G → G', 𝒢 → 𝒢'"
_C1_LATEX = (r"\frac{\tilde C_0}{\sqrt T}\left(\tilde C_1\log\frac{T}{\delta}+\frac{\tilde C_2}"
             r"{1-c}T^{1-c}+\tilde C_2+\tilde C_3\right)")
_C1_NOTES = ("G' = G₀ + σ√log(eT/δ) grows with T, so the bound's order is T^{1/2−c} times a power "
             "of log T (C̃₀C̃₂ ~ 𝒢'²). No rate is printed for C.1. Holds with probability 1 − 2δ.")
THEOREM_C1 = register_bound(RateBound(
    id="adafactor/theorem-C.1", paper=PAPER, number="C.1",
    title="Adafactor without update clipping under sub-Gaussian noise",
    source=_C1_SOURCE, measured=_B1_MEASURED, params=_C1_PARAMS,
    terms=(("C̃₁ log(T/δ)", C0T / sp.sqrt(T) * C1T * _LOGTD),
           ("C̃₂ T^{1−c}/(1−c)", C0T / sp.sqrt(T) * C2T / (1 - c) * T ** (1 - c)),
           ("C̃₂ + C̃₃", C0T / sp.sqrt(T) * (C2T + C3T))),
    latex_printed=_C1_LATEX, notes=_C1_NOTES + " As printed the bound divides by 1 − c although "
    "the theorem admits c = 1: at c = 1 it is not finite.", closed_form=False,
))
THEOREM_C1_CORRECTED = register_bound(RateBound(
    id="adafactor/theorem-C.1", paper=PAPER, number="C.1",
    title="Adafactor without update clipping under sub-Gaussian noise (c = 1 via (83))",
    source=_C1_SOURCE + "; Σ k^{-c} estimated by (83) at c = 1, (84) below",
    measured=_B1_MEASURED, params=_C1_PARAMS,
    terms=(("C̃₁ log(T/δ)", C0T / sp.sqrt(T) * C1T * _LOGTD),
           ("C̃₂ Σ k^{-c} estimate", C0T / sp.sqrt(T) * C2T * sp.Piecewise(
               (sp.log(T), sp.Eq(c, 1)), (T ** (1 - c) / (1 - c), True))),
           ("C̃₂ + C̃₃", C0T / sp.sqrt(T) * (C2T + C3T))),
    variant="corrected",
    reason="the theorem admits c = 1 but the printed bound divides by 1 − c; (83) gives "
           "C̃₂ log T + C̃₂ there (as Theorem B.1 (33))",
    latex_printed=_C1_LATEX, notes=_C1_NOTES, closed_form=False,
))


# ---------------------------------------------------------------------------------------------
# Theorem D.1 (time-varying clipping threshold d_k = k^{c/(2(α−1))})
# ---------------------------------------------------------------------------------------------
_D1_SOURCE = "Theorem D.1 (detailed Theorem 7.1), (95); proof Appendix D.1"
G4 = mn * eps1 / (2 * sp.sqrt(GG))
D1_PRINTED = G ** (1 + alpha) * G4 ** (1 - alpha) * sp.sqrt(GG) * S2E * rho0 / sp.sqrt(mn * eps1)
D1_CORRECTED = (4 * G ** (1 + alpha) * G4 ** (1 - alpha) * sp.sqrt(GG) * S2E * rho0
                / (sp.sqrt(mn) * eps1))
_D1_REASON = ("(112) gives 2G^{1+α}G₄^{1−α}√𝒢(ε₂+Θ)ρ₀/(√(mn)ε₁) per Σ 1/(d_k^{α−1}√k), doubled "
              "by (113): D₁(α) = 4G^{1+α}G₄^{1−α}√𝒢(ε₂+Θ)ρ₀/(√(mn)ε₁), not …/√(mnε₁) (95); "
              "and C'₀ in D₀ has G⁴/(mnε₁) + G² + ε₁ (Lemma B.3)")
_D1_PARAMS_C1 = _B1_PARAMS_C1 + (_alpha,)
_D1_PARAMS = _D1_PARAMS_C1 + (_c1,)
_CLAIM_D_C1 = ClaimedRate(sp.Rational(-1, 2), 1, {},
                          "Theorem 7.1 at c = 1: O(log(T/δ)/√T), 'as fast as Adam'")
_CLAIM_D = ClaimedRate(sp.Rational(1, 2) - c, 1, {},
                       "Theorem 7.1: O(T^{-(c-1/2)} log(T/δ)), Õ(1/T^{c−1/2})")


def _d1_terms(eq, D1_, C0p):
    D0 = sp.Min(C0, C0p)
    if eq == 91:
        return _b1_eq33_terms(D0, C2, C3, extra=D1_)
    if eq == 92:
        return _b1_eq34_terms(D0, extra=D1_)
    if eq == 93:
        return _b1_eq35_terms(D0, C2, C3, extra=D1_)
    return (("C₁ log(T/δ)", D0 / sp.sqrt(T) * C1 * _LOGTD),
            ("C'₃ log T", D0 / sp.sqrt(T) * C3P * sp.log(T)),
            ("2(C'₂+D₁)T^{(1−c)/2}/(1−c)", D0 / sp.sqrt(T) * 2 * (C2P + D1_) / (1 - c)
             * T ** ((1 - c) / 2)),
            ("C'₂ + C'₃ + D₁", D0 / sp.sqrt(T) * (C2P + C3P + D1_)))


_D1_LATEX = {
    91: r"\frac{D_0}{\sqrt T}\left(C_1\log\frac T\delta+(C_2+D_1(\alpha))\log T+C_2+D_1(\alpha)+C_3\right)",
    92: r"\frac{D_0}{\sqrt T}\left(C_1\log\frac T\delta+(C_2'+C_3'+D_1(\alpha))\log T+C_2'+C_3'+D_1(\alpha)\right)",
    93: r"\frac{D_0}{\sqrt T}\left(C_1\log\frac T\delta+\frac{C_2+D_1(\alpha)}{1-c}T^{1-c}+C_2+D_1(\alpha)+C_3\right)",
    94: r"\frac{D_0}{\sqrt T}\left(C_1\log\frac T\delta+C_3'\log T+\frac{2(C_2'+D_1(\alpha))}{1-c}T^{\frac{1-c}{2}}+C_2'+C_3'+D_1(\alpha)\right)",
}
THEOREM_D1 = {}
for _eq in (91, 92, 93, 94):
    _params = _D1_PARAMS_C1 if _eq in (91, 92) else _D1_PARAMS
    _claim = _CLAIM_D_C1 if _eq in (91, 92) else _CLAIM_D
    _cls = RateBound if _eq in (91, 92) else _CRateBound
    _hyp = (_MN_SILENT,) if _eq in (92, 94) else ()
    _note = ("(92)/(94) print min ‖G̃_k‖² (the clipped gradient) on the left; the proof bounds "
             "‖Ḡ_k‖² (115): encoded with Ḡ_k. " if _eq in (92, 94) else "")
    for _var, _D1e, _C0p in (("printed", D1_PRINTED, C0P_PRINTED),
                             ("corrected", D1_CORRECTED, C0P_CORRECTED)):
        THEOREM_D1[(_eq, _var)] = _b1_bound(
            "D.1", _eq, _d1_terms(_eq, _D1e, _C0p), _params, _claim, hyp=_hyp, cls=_cls,
            variant=_var, reason=_D1_REASON if _var == "corrected" else "",
            title=("Adafactor with time-varying clipping d_k = k^{c/(2(α−1))}, "
                   + ("c = 1" if _eq in (91, 92) else "1/2 ≤ c < 1")
                   + (", dimension-free" if _eq in (92, 94) else "")),
            latex=_D1_LATEX[_eq],
            notes=_note + "D₀ = min{C₀, C'₀}; Theorem 7.1 prints only the O(·) rate.")


# =============================================================================================
# The theorems attacked: Algorithm 2 / Algorithm 1 on separable pseudo-Huber objectives
# =============================================================================================
# f(X) = Σ_ij h_ij s² (√(1 + ((x_ij − z_ij)/s)²) − 1): ∂_ij f = h_ij u/√(1 + (u/s)²) with
# u = x_ij − z_ij, so |∂_ij f| < h_ij s and ‖∇f(X)‖_F < s‖h‖_F for every X (a global bound, as
# (A4)/"‖∇f(X_k)‖ ≤ G ∀k ≥ 1" need); the Hessian is diagonal with entries
# h_ij (1 + (u/s)²)^{-3/2} ∈ (0, h_ij], so L = max h_ij is the exact smoothness constant; f ≥ 0
# with f* = inf f = 0 (A2).  Quadratics are the limit s → ∞ but have no global gradient bound.
import torch  # noqa: E402

from ..algorithms.adafactor import (AdafactorFullBatch, AdafactorPaper, ConstantBeta2,  # noqa: E402
                                    PaperBeta2, PaperClipThreshold, SqrtRho)
from ..registry import register  # noqa: E402
from ..sampling import choose, log_uniform, unit_interval  # noqa: E402
from ..statement import Hypothesis, Quantity, Recurrence, SampleContext, Statement, \
    TrajectorySource  # noqa: E402
from ..symbolic import IndexMax, IndexMin, SeqValue  # noqa: E402

_k, _i, _j, _p, _q = sp.symbols("k i j p q", integer=True)
_Ts = sp.Symbol("T", integer=True, positive=True)
_ns = sp.Symbol("n", integer=True, positive=True)
_ms = sp.Symbol("m", integer=True, positive=True)
(_se1, _se2, _srho0, _dclip, _beta, _s, _Ls, _Gs, _cs, _alphas, _deltas) = sp.symbols(
    "eps1 eps2 rho0 dclip beta s L G c alpha delta", real=True)
_x, _h, _z, _x1, _R, _C = (sp.IndexedBase(nm) for nm in ("x", "h", "z", "x1", "R", "C"))


def _grad(k, i, j):
    u = _x[k, i, j] - _z[i, j]
    return _h[i, j] * u / sp.sqrt(1 + (u / _s) ** 2)


def _w(k, i, j):
    return _R[k, i] * _C[k, j] / sp.Sum(_R[k, _p], (_p, 1, _ns))


def _rms_x(k):
    return sp.sqrt(sp.Sum(sp.Sum(_x[k, _p, _q] ** 2, (_q, 1, _ms)), (_p, 1, _ns)) / (_ns * _ms))


def _rms_u(k):
    return sp.sqrt(sp.Sum(sp.Sum(_grad(k, _p, _q) ** 2 / _w(k, _p, _q), (_q, 1, _ms)),
                          (_p, 1, _ns)) / (_ns * _ms))


_REGIMES = {
    # name: (beta_k, rho_k, clip threshold (None: no clipping))
    "A-const": (sp.Piecewise((B21, sp.Eq(_k, 1)), (_beta, True)), _srho0, _dclip),
    "A-sqrt": (sp.Piecewise((B21, sp.Eq(_k, 1)), (_beta, True)), _srho0 / sp.sqrt(_k), _dclip),
    "Bc": (sp.Piecewise((B21, sp.Eq(_k, 1)), (1 - _k ** -_cs, True)), _srho0 / sp.sqrt(_k), None),
    "Dc": (sp.Piecewise((B21, sp.Eq(_k, 1)), (1 - _k ** -_cs, True)), _srho0 / sp.sqrt(_k),
           _k ** (_cs / (2 * (_alphas - 1)))),
}
_REGIMES["Cc"] = _REGIMES["Bc"]
#: Proposition B.1 ("the same settings as Theorem 6.1"): 1/2 ≤ c ≤ 1, c = 1 included
_REGIMES["Bp"] = _REGIMES["Bc"]
_REGIMES["B1"] = tuple(None if e is None else e.subs(_cs, 1) for e in _REGIMES["Bc"])
_REGIMES["D1"] = tuple(None if e is None else e.subs(_cs, 1) for e in _REGIMES["Dc"])


def _recurrences(regime):
    beta_k, rho_k, clip = _REGIMES[regime]
    prev = {_k: _k - 1}
    eta = sp.Max(_se2, _rms_x(_k)) * rho_k
    if clip is not None:
        eta = eta / sp.Max(1, _rms_u(_k) / clip)
    x_upd = _x[_k - 1, _i, _j] - (eta * _grad(_k, _i, _j) / sp.sqrt(_w(_k, _i, _j))).subs(prev)
    return (Recurrence("x", _k, 2, _x1[_i, _j], x_upd),
            Recurrence("R", _k, 1, sp.Integer(0), beta_k * _R[_k - 1, _i] + (1 - beta_k)
                       * sp.Sum(_grad(_k, _i, _q) ** 2 + _se1, (_q, 1, _ms))),
            Recurrence("C", _k, 1, sp.Integer(0), beta_k * _C[_k - 1, _j] + (1 - beta_k)
                       * sp.Sum(_grad(_k, _p, _j) ** 2 + _se1, (_p, 1, _ns))))


_GRAD_SQ = lambda k: sp.Sum(sp.Sum(_grad(k, _p, _q) ** 2, (_q, 1, _ms)), (_p, 1, _ns))
_LHS = IndexMin(_GRAD_SQ(_k), (_k, 1, _Ts))
_U0 = (_x1[_p, _q] - _z[_p, _q]) / _s
#: f(X₁) − f* with f* = 0, written without cancellation: s²(√(1+u²) − 1) = s²u²/(√(1+u²) + 1)
_DELTA_EXPR = sp.Sum(sp.Sum(_h[_p, _q] * _s ** 2 * _U0 ** 2 / (sp.sqrt(1 + _U0 ** 2) + 1),
                            (_q, 1, _ms)), (_p, 1, _ns))
#: Θ_max = max_{k∈[T]} ‖X_k‖_∞ (11)
_THETA_EXPR = IndexMax(IndexMax(IndexMax(sp.Abs(_x[_k, _p, _q]), (_q, 1, _ms)), (_p, 1, _ns)),
                       (_k, 1, _Ts))


_sig = sp.Symbol("sigma", real=True)
_kh = sp.Symbol("kh", integer=True, positive=True)


def _rhs_from(bound: RateBound) -> sp.Expr:
    sub = {T: _Ts, n: _ns, m: _ms, L: _Ls, G: _Gs, G0: _Gs, sigma: _sig, Delta: _DELTA_EXPR,
           Theta: _THETA_EXPR,
           eps1: _se1, eps2: _se2, rho0: _srho0, d: _dclip, c: _cs, alpha: _alphas,
           delta: _deltas}
    e = bound.expr.xreplace({k_: v for k_, v in sub.items()})
    # Proposition B.1's Hsum(T, p) = Σ_{k=1}^T k^{-p}, written as a Sum the evaluator reads
    return e.replace(lambda x: getattr(x, "func", None) == Hsum,
                     lambda x: sp.Sum(_kh ** (-x.args[1]), (_kh, 1, x.args[0])))


def _sizes(gen: torch.Generator, preset: str) -> dict:
    """n ∈ {1, 2}, m ∈ {1, 2, 3}: the theorems take any n, m ≥ 1 (a row or a column included)."""
    pick = functools.partial(choose, gen)
    return {"T": pick((1, 2, 3, 5, 8, 12, 20, 30, 45, 60)), "n": pick((1, 2)), "m": pick((1, 2, 3))}


def _sizes_mn2(gen: torch.Generator, preset: str) -> dict:
    """n = 2, m ∈ {2, 3}: the dimension-free forms use m + n ≤ mn (m, n ≥ 2)."""
    pick = functools.partial(choose, gen)
    return {"T": pick((1, 2, 3, 5, 8, 12, 20, 30, 45, 60)), "n": 2, "m": pick((2, 3))}


def _sampler_for(regime):
    def sampler(ctx: SampleContext) -> dict:
        """h_ij log-uniform in [1e-2, 1e2] (a shared or a per-entry scale), s in [1e-2, 10],
        z ~ N(0, σ_z²) and X₁ = z + offset with σ_z, offsets log-uniform in [1e-3, 10];
        ε₁ in [1e-4, 1e2], ε₂ in [1e-3, 1e2], ρ₀ in [1e-2, 1e3], d in [1e-3, 1e2], β from
        ``unit_interval`` (Theorem A.1 only: 0 < β_{2,k} < 1), c in [1/2, 1] (B, D), α in (1, 10]
        (D), δ in (1e-3, 1).  L = max h and G = s‖h‖_F + (relative 2⁻⁴⁰ so that the float
        value is a valid bound exactly)."""
        B, n_, m_ = ctx.B, ctx.sizes["n"], ctx.sizes["m"]
        scale = log_uniform(ctx, 1e-2, 1e2).reshape(B, 1, 1)
        spread = torch.where(ctx.rand(B) < 0.5, torch.zeros(B, dtype=ctx.dtype),
                             torch.ones(B, dtype=ctx.dtype)).reshape(B, 1, 1)
        hv = scale * torch.exp(spread * (ctx.rand(B, n_, m_) - 0.5) * 4)
        sv = log_uniform(ctx, 1e-2, 10.0)
        zv = ctx.randn(B, n_, m_) * log_uniform(ctx, 1e-3, 10.0).reshape(B, 1, 1)
        x1v = zv + ctx.randn(B, n_, m_) * log_uniform(ctx, 1e-3, 10.0).reshape(B, 1, 1)
        Lv = hv.reshape(B, -1).max(dim=1).values
        Gv = sv * torch.sqrt((hv ** 2).reshape(B, -1).sum(dim=1)) * (1 + 2.0 ** -40)
        e1 = log_uniform(ctx, 1e-4, 1e2)
        out = {"h": SeqValue(hv, (1, 1)), "z": SeqValue(zv, (1, 1)), "x1": SeqValue(x1v, (1, 1)),
               "s": sv, "L": Lv, "G": Gv, "eps1": e1, "eps2": log_uniform(ctx, 1e-3, 1e2)}
        # the step can multiply RMS(X) by 1 + ρ₀·RMS(clipped U) per step: ρ₀ is drawn relative to
        # that growth (log-uniform in [1e-4, 1e2]) so that T ≤ 60 steps stay within float range
        growth = log_uniform(ctx, 1e-4, 1e2)
        if regime.startswith("A"):
            dv = log_uniform(ctx, 1e-3, 1e2)
            out["dclip"] = dv
            out["rho0"] = growth / dv
            out["beta"] = unit_interval(ctx)  # 0 < β < 1, its edges included
        else:  # RMS(U_k) ≤ 2G√𝒢/(mn ε₁) (78); clipping (D) only lowers it
            mnv = n_ * m_
            out["rho0"] = growth * mnv * e1 / (2 * Gv * torch.sqrt(Gv ** 2 + mnv * e1))
            if regime.endswith("c"):  # c ∈ [1/2, 1): the endpoint c = 1/2 with probability 1/4
                cv = 0.5 + 0.5 * ctx.rand(B)
                out["c"] = torch.where(ctx.rand(B) < 0.25, torch.full_like(cv, 0.5), cv)
            elif regime == "Bp":  # c ∈ [1/2, 1]: the endpoint c = 1 with probability 1/4
                cv = 0.5 + 0.5 * ctx.rand(B)
                out["c"] = torch.where(ctx.rand(B) < 0.25, torch.ones_like(cv), cv)
            out["delta"] = 1e-3 + (1 - 1e-3) * ctx.rand(B) * (1 - 2.0 ** -30)
            if regime == "Cc":
                out["sigma"] = log_uniform(ctx, 1e-6, 10.0)
            if regime.startswith("D"):
                out["alpha"] = 1 + log_uniform(ctx, 1e-2, 9.0)
        return out
    return sampler


def _builder(regime):
    def build(env):
        rho0_, eps1_, eps2_ = env["rho0"], env["eps1"], env["eps2"]
        if regime == "A-const":
            alg = AdafactorFullBatch(rho=rho0_, beta2=ConstantBeta2(env["beta"]), eps1=eps1_,
                                     eps2=eps2_, d=env["dclip"])
        elif regime == "A-sqrt":
            alg = AdafactorFullBatch(rho=SqrtRho(rho0_), beta2=ConstantBeta2(env["beta"]),
                                     eps1=eps1_, eps2=eps2_, d=env["dclip"])
        else:
            cv = env["c"] if (regime.endswith("c") or regime == "Bp") else 1.0
            clip = None if regime[0] in "BC" else PaperClipThreshold(cv, env["alpha"])
            alg = AdafactorPaper(rho=SqrtRho(rho0_), beta2=PaperBeta2(cv), eps1=eps1_,
                                 eps2=eps2_, d=clip)
        hv, zv, sv = env["h"].data, env["z"].data, env["s"].reshape(-1, 1, 1)

        def oracle(X, k):  # the exact gradient (noise 0): h s u/√(s² + u²) = h s u/hypot(s, u),
            u = X - zv     # in (−h s, h s) and finite for every finite X (u² is never formed)
            return hv * sv * (u / torch.hypot(sv, u))
        return alg, {"x0": env["x1"].data, "T": env["T"], "oracle": oracle}
    return build


def _theorem_statement(ident, bound: RateBound, regime, *, expected, notes, silent_mn=False,
                       hyp_note=""):
    scal = [Quantity("eps1", "scalar", "> 0", "ε₁"), Quantity("eps2", "scalar", "> 0", "ε₂"),
            Quantity("rho0", "scalar", "> 0", "ρ₀"),
            Quantity("s", "scalar", "> 0", "pseudo-Huber scale s"),
            Quantity("L", "scalar", ">= max h", "smoothness constant"),
            Quantity("G", "scalar", ">= s‖h‖_F", "gradient bound")]
    hyps = [Hypothesis(sp.StrictGreaterThan(v, 0)) for v in (_se1, _se2, _srho0, _s)]
    hyps += [Hypothesis(sp.StrictGreaterThan(_h[_i, _j], 0), forall=((_i, 1, _ns), (_j, 1, _ms)),
                        note="f(X) = Σ h_ij s²(√(1+((x_ij − z_ij)/s)²) − 1): f* = 0"),
             Hypothesis(sp.GreaterThan(_Ls, _h[_i, _j]), forall=((_i, 1, _ns), (_j, 1, _ms)),
                        note="(A1): L = max h_ij is this f's smoothness constant"),
             Hypothesis(sp.GreaterThan(_Gs, _s * sp.sqrt(sp.Sum(sp.Sum(
                 _h[_p, _q] ** 2, (_q, 1, _ms)), (_p, 1, _ns)))),
                 note="‖∇f(X)‖_F < s‖h‖_F ≤ G for every X (so along the run / (A4) with "
                      "noise 0)")]
    if regime.startswith("A"):
        scal += [Quantity("dclip", "scalar", "> 0", "constant clipping threshold d"),
                 Quantity("beta", "scalar", "(0, 1)", "β_{2,k}, k ≥ 2 (constant)")]
        hyps += [Hypothesis(sp.StrictGreaterThan(_dclip, 0)),
                 Hypothesis(sp.StrictGreaterThan(_beta, 0)), Hypothesis(sp.StrictLessThan(_beta, 1))]
    else:
        scal.append(Quantity("delta", "scalar", "(0, 1)", "failure probability δ"))
        hyps += [Hypothesis(sp.StrictGreaterThan(_deltas, 0)),
                 Hypothesis(sp.StrictLessThan(_deltas, 1))]
        if regime.endswith("c"):
            scal.append(Quantity("c", "scalar", "[1/2, 1)", "decay exponent c"))
            c_lt_1 = (Hypothesis(sp.StrictLessThan(_cs, 1), silent=True,
                                 note="Theorem C.1 admits c = 1, but its printed bound divides by "
                                      "1 − c (not finite there); the c = 1 case is the corrected "
                                      "bound's, from (83)")
                      if "theorem-C.1" in bound.id else Hypothesis(sp.StrictLessThan(_cs, 1)))
            hyps += [Hypothesis(sp.GreaterThan(_cs, sp.Rational(1, 2))), c_lt_1]
        elif regime == "Bp":
            scal.append(Quantity("c", "scalar", "[1/2, 1]", "decay exponent c"))
            hyps += [Hypothesis(sp.GreaterThan(_cs, sp.Rational(1, 2))),
                     Hypothesis(sp.LessThan(_cs, 1))]
        if "sigma" in {p_.name for p_ in bound.params}:
            scal.append(Quantity("sigma", "scalar", "> 0", "sub-Gaussian level σ (noise 0 "
                                                           "satisfies Assumption 1 for any σ > 0)"))
            hyps.append(Hypothesis(sp.StrictGreaterThan(_sig, 0)))
        if regime.startswith("D"):
            scal.append(Quantity("alpha", "scalar", "> 1", "clipping exponent α"))
            hyps.append(Hypothesis(sp.StrictGreaterThan(_alphas, 1)))
    if silent_mn:
        hyps.append(Hypothesis(sp.LessThan(_ms + _ns, _ms * _ns), silent=True,
                               note="the dimension-free constants use m + n ≤ mn (m, n ≥ 2)"))
    return Statement(
        id=ident, paper=PAPER, kind="theorem", number=bound.number,
        title=bound.title + ", on separable pseudo-Huber matrices", section="Appendix",
        family="rate", variant=bound.variant, reason=bound.reason,
        latex=bound.latex_printed,
        quantities=(Quantity("T", "size", ">= 1", "number of iterations"),
                    Quantity("n", "size", ">= 1", "rows"), Quantity("m", "size", ">= 1", "columns"),
                    *scal,
                    Quantity("h", "sequence", "> 0", "curvatures h_ij", (1, 1), ("n", "m")),
                    Quantity("z", "sequence", "R", "minimiser z", (1, 1), ("n", "m")),
                    Quantity("x1", "sequence", "R", "initial point X₁", (1, 1), ("n", "m")),
                    Quantity("x", "trajectory", "R", "iterates X_k", (1, 1, 1), ("T+1", "n", "m")),
                    Quantity("R", "trajectory", "> 0", "row factor R_k", (0, 1), ("T", "n")),
                    Quantity("C", "trajectory", "> 0", "column factor C_k", (0, 1), ("T", "m"))),
        hypotheses=tuple(hyps), lhs=_LHS, rhs=_rhs_from(bound),
        sampler=_sampler_for(regime), sizes=_sizes_mn2 if silent_mn else _sizes,
        trajectory=TrajectorySource(build=_builder(regime), read={"x": ("x", (1, 1, 1))}),
        recurrences=_recurrences(regime), expected=expected,
        source=bound.source + "; attacked on f(X) = Σ h_ij s²(√(1+((x_ij−z_ij)/s)²) − 1)",
        notes=notes + (" " + hyp_note if hyp_note else ""))


_NOTE_A = ("Instance family: separable pseudo-Huber f on n×m matrices (n ∈ {1, 2}, m ∈ {1, 2, 3}; n = 2, m ∈ {2, 3} for the dimension-free forms), with "
           "the exact L = max h, the global gradient bound G = s‖h‖_F, f* = 0; Θ_max and "
           "f(X₁) − f* are computed from the run. Algorithm 2 (full batch), β_{2,1} = 1/2, "
           "constant β_{2,k} = β (k ≥ 2), constant d: all hypotheses of Theorem A.1 hold.")
_NOTE_BD = ("Deterministic special case (noise 0: g(X, Z) = ∇f(X)), which satisfies (A1)-(A4) with "
            "the exact L = max h and G = s‖h‖_F ≥ ‖g‖ a.s., so the high-probability bound must hold "
            "for every δ ∈ (0, 1). Instance family: separable pseudo-Huber f on n×m matrices.")

THEOREM_A1_STATEMENT = register(_theorem_statement(
    "adafactor/theorem-A.1", THEOREM_A1, "A-const", expected="violated", notes=_NOTE_A + (
        " With a constant ρ₀ the iterates of Algorithm 2 settle into an oscillation whose "
        "gradient does not vanish, while the printed bound decays as log T/T.")))
THEOREM_A1_STATEMENT_CORRECTED = register(_theorem_statement(
    "adafactor/theorem-A.1", THEOREM_A1_CORRECTED, "A-const", expected="holds", notes=_NOTE_A))
THEOREM_A1_SQRT_STATEMENT = register(_theorem_statement(
    "adafactor/theorem-A.1-sqrt", THEOREM_A1_SQRT, "A-sqrt", expected="holds", notes=_NOTE_A))
THEOREM_A1_SQRT_DIMFREE_STATEMENT = register(_theorem_statement(
    "adafactor/theorem-A.1-sqrt-dimfree", THEOREM_A1_SQRT_DIMFREE, "A-sqrt", expected="holds",
    notes=_NOTE_A, silent_mn=True))
THEOREM_B1_STATEMENTS = {
    33: register(_theorem_statement("adafactor/theorem-B.1-eq33", THEOREM_B1_33, "B1",
                                    expected="holds", notes=_NOTE_BD)),
    35: register(_theorem_statement("adafactor/theorem-B.1-eq35", THEOREM_B1_35, "Bc",
                                    expected="holds", notes=_NOTE_BD)),
}
THEOREM_D1_STATEMENTS = {
    91: register(_theorem_statement("adafactor/theorem-D.1-eq91", THEOREM_D1[(91, "printed")],
                                    "D1", expected="holds", notes=_NOTE_BD)),
    93: register(_theorem_statement("adafactor/theorem-D.1-eq93", THEOREM_D1[(93, "printed")],
                                    "Dc", expected="holds", notes=_NOTE_BD)),
}


# ---------------------------------------------------------------------------------------------
# Adafactor vs Adam
# ---------------------------------------------------------------------------------------------
from ._core import Comparison, register_comparison  # noqa: E402

#: (33) for the norm: min_k ‖Ḡ_k‖_F ≤ √(bound (33)), the quantity Adam's bounds measure
THEOREM_B1_33_NORM = register_bound(RateBound(
    id="adafactor/theorem-B.1-eq33", paper=PAPER, number="B.1",
    title="Theorem B.1 (33) for the gradient norm (its square root)",
    source=_B1_SOURCE + ", (33), square root of both sides",
    measured=r"\min_{k\in[T]}\|\bar{\mathbf{G}}_k\|_F", params=_B1_PARAMS_C1,
    terms=(("√(33)", sp.sqrt(THEOREM_B1_33.expr)),), variant="norm",
    claimed=ClaimedRate(sp.Rational(-1, 4), 1, {}, "√ of Theorem 6.1 at c = 1: O(√(log(T/δ))/T^{1/4})"
                        " (the claimed log power is the square root's bound, 1/2)"),
    latex_printed=r"\sqrt{\text{(33)}}", closed_form=False,
    notes="Not printed by the paper: the square root of (33), for comparison with Adam's bounds "
          "on ‖∇f‖ (not squared)."))

_nu0 = Param("nu0", "Adam's initial conditioner ν₀ (Algorithm 1 of adam_complexity)", 0, None,
             low_open=True)
COMPARE_ADAM = register_comparison(Comparison(
    id="adafactor/compare-adam", paper=PAPER,
    title="Adafactor (Theorem B.1 (33), c = 1, for ‖∇f‖) vs Adam (adam_complexity Theorem 2)",
    source="Section 6.1 'Discussion of c and the optimal rate'; Section 7 'Discussion of Theorem "
           "7.1' ('a convergence rate as fast as Adam'); no Adam bound is printed in the paper",
    a="adafactor/theorem-B.1-eq33@norm", b="adam_complexity/theorem-2",
    params=(_T, _L, _G, _Delta, _Theta, _eps1, _eps2, _n, _m, _delta, _nu0),
    map_b={"d": n * m, "f1": Delta, "sigma": G, "c": 0, "b": 1, "nu0": _nu0.symbol},
    tune_a=("rho0",), tune_b=("a",),
    claim="Adafactor could still obtain a convergence rate as fast as Adam (Õ(1/√T) for the "
          "squared gradient norm at c = 1, i.e. Õ(T^{-1/4}) for the norm)",
    claimed_ratio=None,
    notes=("The problem classes differ, so only orders are comparable: Adafactor's bound is a "
           "high-probability bound on min_k ‖∇f(X_k)‖ under a.s. bounded stochastic gradients "
           "(‖g‖ ≤ G, hence variance ≤ G², mapped to Adam's σ = G), Adam's an expectation bound "
           "on ‖∇f(w_τ)‖ for a random iterate under bounded variance. Both are T^{-1/4} in T; "
           "Adafactor's carries an extra √log T and 1/ε₁ constants. Adam: β₁ = 0 (c = 0, "
           "Adafactor has no momentum), β₂ = 1 − 1/T (b = 1), d = mn, f(w₁) = f(X₁) − f* "
           "(f* = 0)."),
))
THEOREM_B1_STATEMENTS[34] = register(_theorem_statement(
    "adafactor/theorem-B.1-eq34", THEOREM_B1_34, "B1", expected="holds", notes=_NOTE_BD,
    silent_mn=True))
THEOREM_B1_STATEMENTS[(34, "corrected")] = register(_theorem_statement(
    "adafactor/theorem-B.1-eq34", THEOREM_B1_34_CORRECTED, "B1", expected="holds",
    notes=_NOTE_BD, silent_mn=True))
THEOREM_D1_STATEMENTS[92] = register(_theorem_statement(
    "adafactor/theorem-D.1-eq92", THEOREM_D1[(92, "printed")], "D1", expected="holds",
    notes=_NOTE_BD, silent_mn=True))
THEOREM_C1_STATEMENT = register(_theorem_statement(
    "adafactor/theorem-C.1", THEOREM_C1, "Cc", expected="holds", notes=_NOTE_BD.replace(
        "(A1)-(A4)", "(A1)-(A3), Assumption 1 (any σ > 0) and ‖∇f‖ ≤ G₀ = G") + " Attacked for "
        "1/2 ≤ c < 1 (at c = 1 the printed bound is not finite)."))


# ---------------------------------------------------------------------------------------------
# the remaining statements attacked: B.1 (36), D.1 (94), the corrected D.1 (91)-(94), Prop. B.1
# ---------------------------------------------------------------------------------------------
THEOREM_B1_STATEMENTS[36] = register(_theorem_statement(
    "adafactor/theorem-B.1-eq36", THEOREM_B1_36, "Bc", expected="holds", notes=_NOTE_BD,
    silent_mn=True))
THEOREM_B1_STATEMENTS[(36, "corrected")] = register(_theorem_statement(
    "adafactor/theorem-B.1-eq36", THEOREM_B1_36_CORRECTED, "Bc", expected="holds",
    notes=_NOTE_BD, silent_mn=True))
THEOREM_D1_STATEMENTS[94] = register(_theorem_statement(
    "adafactor/theorem-D.1-eq94", THEOREM_D1[(94, "printed")], "Dc", expected="holds",
    notes=_NOTE_BD, silent_mn=True))
for _eq, _reg in ((91, "D1"), (92, "D1"), (93, "Dc"), (94, "Dc")):
    THEOREM_D1_STATEMENTS[(_eq, "corrected")] = register(_theorem_statement(
        f"adafactor/theorem-D.1-eq{_eq}", THEOREM_D1[(_eq, "corrected")], _reg, expected="holds",
        notes=_NOTE_BD, silent_mn=_eq in (92, 94)))
_NOTE_PB1 = _NOTE_BD + (" Proposition B.1 takes 'the same settings as Theorem 6.1': "
                        "1/2 ≤ c ≤ 1 (c = 1 drawn with probability 1/4); Σ_{k=1}^T k^{-p} "
                        "summed term by term.")
PROPOSITION_B1_STATEMENT = register(_theorem_statement(
    "adafactor/proposition-B.1", PROPOSITION_B1, "Bp", expected="holds", notes=_NOTE_PB1))
PROPOSITION_B1_DIMFREE_STATEMENT = register(_theorem_statement(
    "adafactor/proposition-B.1-dimfree", PROPOSITION_B1_DIMFREE, "Bp", expected="holds",
    notes=_NOTE_PB1, silent_mn=True))
PROPOSITION_B1_DIMFREE_CORRECTED_STATEMENT = register(_theorem_statement(
    "adafactor/proposition-B.1-dimfree", PROPOSITION_B1_DIMFREE_CORRECTED, "Bp",
    expected="holds", notes=_NOTE_PB1, silent_mn=True))
