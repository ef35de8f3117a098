r"""The proxy A_k of (46) along a *noisy* run of Algorithm 1 (no update clipping, setting (5)):
the model shared by Lemma B.6 and the high-probability displays (54), (68), (75), (81), (85),
(87) (c14e, issue 14 with issue 13's high-probability kind).

Instance: the separable pseudo-Huber objective of :mod:`adaproof.bounds.adafactor`
(f(X) = Σ h_ij s²(√(1 + ((x_ij − z_ij)/s)²) − 1), L = max h, f* = 0, ||∇f|| < s||h||_F), run by
Algorithm 1 with the stochastic gradient G_k = ∇f(X_k) + ξ_k (:mod:`._noise`).  Everything the
statements use is a function of the run: Ḡ_k = ∇f(X_k), η_k = max{ε₂, RMS(X_k)} ρ₀/√k, and
a_ij^(k) from R_{k−1}, C_{k−1}, S_{k−1} = 1_n^T R_{k−1} (46), so the martingale structure of
the proofs (η_k, Ḡ_k, A_k are F_{k−1}-measurable, E[ξ_k | F_{k−1}] = 0) holds exactly.

The exact path recomputes the run from the recurrences below (R, C with three indices, read
from the float run as Algorithm 1 stores them: R_k of shape (n, 1), C_k of shape (1, m)).
"""
from __future__ import annotations

import sympy as sp

from ...bounds import adafactor as BA
from ...probability import HighProbability, row_sampler, row_sizes
from ...registry import register
from ...statement import Hypothesis, Quantity, Recurrence, Statement, TrajectorySource
from ...symbolic import IndexMax
from ._common import PAPER
from ._noise import builder, xi

k, i, j, p, q = BA._k, BA._i, BA._j, BA._p, BA._q
t = sp.Symbol("t", integer=True)
T, n, m = BA._Ts, BA._ns, BA._ms
eps1, eps2, rho0, s, L, G, c, delta = (BA._se1, BA._se2, BA._srho0, BA._s, BA._Ls, BA._Gs,
                                       BA._cs, BA._deltas)
sigma = BA._sig
x, h, z, x1 = BA._x, BA._h, BA._z, BA._x1
R3, C3 = sp.IndexedBase("R"), sp.IndexedBase("C")
HALF = sp.Rational(1, 2)

GG1 = G ** 2 + m * eps1
GG2 = G ** 2 + n * eps1
GG = G ** 2 + m * n * eps1
S2E = eps2 + BA._THETA_EXPR          # ε₂ + Θ_max, Θ_max = max_{k<=T} ||X_k||_∞ of the run


def beta(kk):
    """Setting (5): β_{2,1} = 1/2, β_{2,k} = 1 − 1/k^c (k >= 2)."""
    return sp.Piecewise((HALF, sp.Eq(kk, 1)), (1 - kk ** (-c), True))


def gbar(kk, ii, jj):
    """Ḡ_k = ∇f(X_k)."""
    return BA._grad(kk, ii, jj)


def gn(kk, ii, jj):
    """G_k = ∇f(X_k) + ξ_k."""
    return gbar(kk, ii, jj) + xi[kk, ii, jj]


def s_sum(kk):
    return sp.Sum(R3[kk, p, 1], (p, 1, n))


def w(kk, ii, jj):
    """w_ij^(k) = R^(i) C^(j)/S (45)."""
    return R3[kk, ii, 1] * C3[kk, 1, jj] / s_sum(kk)


def a(kk, ii, jj):
    """a_ij^(k) of (46), from the factors of V_{k−1}."""
    bk = beta(kk)
    return ((bk * R3[kk - 1, ii, 1] + (1 - bk) * GG1) * (bk * C3[kk - 1, 1, jj] + (1 - bk) * GG2)
            / (bk * s_sum(kk - 1) + (1 - bk) * GG))


def eta(kk):
    """η_k = max{ε₂, RMS(X_k)} ρ_k, ρ_k = ρ₀/√k (4), (5)."""
    return sp.Max(eps2, BA._rms_x(kk)) * rho0 / sp.sqrt(kk)


def ssum(expr, upto=t):
    """Σ_{k=1}^{upto} Σ_ij expr(k, i, j)."""
    return sp.Sum(sp.Sum(sp.Sum(expr, (j, 1, m)), (i, 1, n)), (k, 1, upto))


#: −Σ_{k<=t} η_k <Ḡ_k, ξ_k/√A_k>
MART = -sp.Sum(eta(k) * sp.Sum(sp.Sum(gbar(k, i, j) * xi[k, i, j] / sp.sqrt(a(k, i, j)),
                                      (j, 1, m)), (i, 1, n)), (k, 1, t))
#: Σ_{k<=t} η_k ||Ḡ_k/A_k^{1/4}||_F²
QUART = sp.Sum(eta(k) * sp.Sum(sp.Sum(gbar(k, i, j) ** 2 / sp.sqrt(a(k, i, j)), (j, 1, m)),
                               (i, 1, n)), (k, 1, t))
#: Σ_{k<=t} η_k ||Ḡ_k/√A_k||_F²
HALFP = sp.Sum(eta(k) * sp.Sum(sp.Sum(gbar(k, i, j) ** 2 / a(k, i, j), (j, 1, m)), (i, 1, n)),
               (k, 1, t))
#: Σ_{k<=t} η_k² ||Ḡ_k/√A_k||_F²
SQ = sp.Sum(eta(k) ** 2 * sp.Sum(sp.Sum(gbar(k, i, j) ** 2 / a(k, i, j), (j, 1, m)), (i, 1, n)),
            (k, 1, t))


def _recurrences(clip=None):
    prev = {k: k - 1}
    step = eta(k)
    if clip is not None:  # (6)/(97): G~_k = G_k/max{1, RMS(U_k)/d_k}
        rms_u = sp.sqrt(sp.Sum(sp.Sum(gn(k, p, q) ** 2 / w(k, p, q), (q, 1, m)), (p, 1, n))
                        / (n * m))
        step = step / sp.Max(1, rms_u / clip)
    x_upd = x[k - 1, i, j] - (step * gn(k, i, j) / sp.sqrt(w(k, i, j))).subs(prev)
    bk = beta(k)
    return (Recurrence("x", k, 2, x1[i, j], x_upd),
            Recurrence("R", k, 1, sp.Integer(0), bk * R3[k - 1, i, j]
                       + (1 - bk) * sp.Sum(gn(k, i, q) ** 2 + eps1, (q, 1, m))),
            Recurrence("C", k, 1, sp.Integer(0), bk * C3[k - 1, i, j]
                       + (1 - bk) * sp.Sum(gn(k, p, j) ** 2 + eps1, (p, 1, n))))


RECURRENCES = _recurrences()
_READ = {"x": ("x", (1, 1, 1)), "R": ("R", (0, 1, 1)), "C": ("C", (0, 1, 1))}
SOURCE = TrajectorySource(build=builder("Bp"), read=_READ, series=("R", "C"))
#: Algorithm 1 with the time-varying clipping d_k = k^{c/(2(α−1))} of setting (7) (Theorem D.1)
alpha = BA._alphas
D_K = k ** (c / (2 * (alpha - 1)))
RECURRENCES_CLIPPED = _recurrences(D_K)
SOURCE_CLIPPED = TrajectorySource(build=builder("Dc"), read=_READ, series=("R", "C"))

QUANTITIES = (
    Quantity("T", "size", ">= 1", "number of iterations"),
    Quantity("n", "size", ">= 1", "rows"), Quantity("m", "size", ">= 1", "columns"),
    Quantity("eps1", "scalar", "> 0", "ε₁"), Quantity("eps2", "scalar", "> 0", "ε₂"),
    Quantity("rho0", "scalar", "> 0", "ρ₀"),
    Quantity("s", "scalar", "> 0", "pseudo-Huber scale s"),
    Quantity("L", "scalar", ">= max h", "smoothness constant"),
    Quantity("G", "scalar", ">= s‖h‖_F + r", "(A4): ||G_k||_F <= G a.s."),
    Quantity("delta", "scalar", "(0, 1)", "failure probability δ"),
    Quantity("c", "scalar", "[1/2, 1]", "decay exponent c of setting (5)"),
    Quantity("h", "sequence", "> 0", "curvatures h_ij", (1, 1), ("n", "m")),
    Quantity("z", "sequence", "R", "minimiser z", (1, 1), ("n", "m")),
    Quantity("x1", "sequence", "R", "initial point X₁", (1, 1), ("n", "m")),
    Quantity("x", "trajectory", "R", "iterates X_k", (1, 1, 1), ("T+1", "n", "m")),
    Quantity("R", "trajectory", "> 0 (k >= 1)", "R_k = V_k 1_m, stored (n, 1)", (0, 1, 1),
             ("T", "n", "1")),
    Quantity("C", "trajectory", "> 0 (k >= 1)", "C_k = 1_n^T V_k, stored (1, m)", (0, 1, 1),
             ("T", "1", "m")))

HYPOTHESES = (
    *(Hypothesis(sp.StrictGreaterThan(v, 0)) for v in (eps1, eps2, rho0, s)),
    Hypothesis(sp.And(delta > 0, delta < 1), note="δ ∈ (0, 1)"),
    Hypothesis(sp.And(sp.GreaterThan(c, HALF), sp.LessThan(c, 1)), note="setting (5): c ∈ [1/2, 1]"),
    Hypothesis(sp.StrictGreaterThan(h[i, j], 0), forall=((i, 1, n), (j, 1, m)),
               note="f(X) = Σ h_ij s²(√(1+((x_ij − z_ij)/s)²) − 1): f* = 0"),
    Hypothesis(sp.GreaterThan(L, h[i, j]), forall=((i, 1, n), (j, 1, m)),
               note="(A1): L = max h_ij is this f's smoothness constant"))

FORALL_T = ((t, 1, T),)


def statement(*, id: str, number: str, kind: str, title: str, lhs, rhs, law: str, params, noise,
              extra_q, extra_h, delta_expr, latex: str, source: str, notes: str,
              forall=FORALL_T, variant: str = "printed", reason: str = "",
              expected: str = "holds", samples: int = 128, confirm: int = 512,
              clipped: bool = False) -> Statement:
    spec = HighProbability(delta=delta_expr, params=params, noise=noise,
                           sizes=lambda gen: BA._sizes(gen, "default"), law=law,
                           samples=samples, confirm=confirm, candidates_per_batch=4)
    return register(Statement(
        id=id, paper=PAPER, kind=kind, number=number, title=title,
        section=("Appendix D.1" if clipped else "Appendix B.3" if not number.startswith("8")
                 else "Appendix C.1"),
        family="other", variant=variant, reason=reason, latex=latex,
        quantities=QUANTITIES + tuple(extra_q), hypotheses=HYPOTHESES + tuple(extra_h),
        lhs=lhs, rhs=rhs, forall=forall,
        trajectory=SOURCE_CLIPPED if clipped else SOURCE,
        recurrences=RECURRENCES_CLIPPED if clipped else RECURRENCES,
        expected=expected, special=spec, sampler=row_sampler(spec), sizes=row_sizes(spec),
        source=source, notes=notes))
