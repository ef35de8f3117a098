r"""Algorithm 2 run *closed loop* on an objective: the model of the statements of Appendix A.3
that involve f itself ((15) along the run, (18), (29)), added by c14a (issue 14).

Instance: the separable pseudo-Huber objective of :mod:`adaproof.bounds.adafactor`
(f(X) = sum h_ij s^2(sqrt(1 + ((x_ij - z_ij)/s)^2) - 1), h > 0: L = max h is its smoothness
constant, f* = 0, ||grad f(X)||_F < s||h||_F <= G for every X), run by Algorithm 2 (full batch,
Gbar_k = grad f(X_k)) with beta_{2,1} = 1/2, beta_{2,k} = beta in (0, 1) (k >= 2), constant
clipping threshold d and rho_k = rho_0/sqrt(k) (``"A-sqrt"``) or rho_k = rho_0 (``"A-const"``):
the setting of Theorem A.1, its hypotheses checked per candidate.  The float path runs
:class:`~adaproof.algorithms.adafactor.AdafactorFullBatch` (the registered theorem's builder
and sampler); the exact path recomputes X_k, Rbar_k, Cbar_k from the recurrences below (R, C
read with three indices, as Algorithm 2 stores them: Rbar_k (n, 1), Cbar_k (1, m)).
"""
from __future__ import annotations

import dataclasses

import sympy as sp

from ...bounds import adafactor as BA
from ...registry import register
from ...statement import Quantity, Recurrence, Statement, TrajectorySource
from ._common import PAPER

k, i, j, p, q = BA._k, BA._i, BA._j, BA._p, BA._q
t = sp.Symbol("t", integer=True)
# the dummies of the inner sums, distinct from those of RMS(X_k) (p, q) and from each other (the
# compiled evaluator does not let one sum rebind an index an enclosing sum binds)
ps, ua, ub = (sp.Symbol(nm, integer=True) for nm in ("ps", "ua", "ub"))
T, n, m = BA._Ts, BA._ns, BA._ms
eps1, eps2, rho0, s, L, G, d, beta = (BA._se1, BA._se2, BA._srho0, BA._s, BA._Ls, BA._Gs,
                                      BA._dclip, BA._beta)
x, h, z, x1 = BA._x, BA._h, BA._z, BA._x1
R3, C3 = sp.IndexedBase("R"), sp.IndexedBase("C")
HALF = sp.Rational(1, 2)
THETA = BA._THETA_EXPR
GG = G ** 2 + m * n * eps1
#: the constants of (12) with beta_{2,1} = 1/2
A0 = sp.Max(1, G * sp.sqrt(GG) / (d * eps1 * m * n * (1 - HALF))) / (rho0 * eps2)
A1 = (G ** 4 + G ** 2 * (m + n) * eps1 + m * n * eps1 ** 2) ** sp.Rational(1, 4)
DELTA0_SQ = L * d ** 2 * m * n * (eps2 + THETA) ** 2 * rho0 ** 2 / 2


def beta_k(kk):
    return sp.Piecewise((HALF, sp.Eq(kk, 1)), (beta, True))


def rho(kk, regime):
    return rho0 / sp.sqrt(kk) if regime == "A-sqrt" else rho0


def gbar(kk, ii, jj):
    """Gbar_k = grad f(X_k)."""
    return BA._grad(kk, ii, jj)


def w(kk, ii, jj):
    """wbar_ij^(k) = Rbar^(i) Cbar^(j) / 1_n^T Rbar_k (Algorithm 2)."""
    return R3[kk, ii, 1] * C3[kk, 1, jj] / sp.Sum(R3[kk, ps, 1], (ps, 1, n))


def frob2(kk):
    """||Gbar_k||_F^2."""
    return sp.Sum(sp.Sum(gbar(kk, ua, ub) ** 2, (ub, 1, m)), (ua, 1, n))


def u2(kk):
    """||Gbar_k / sqrt(Wbar_k)||_F^2 = ||Ubar_k||_F^2."""
    return sp.Sum(sp.Sum(gbar(kk, ua, ub) ** 2 / w(kk, ua, ub), (ub, 1, m)), (ua, 1, n))


def quart(kk):
    """||Gbar_k / Wbar_k^{1/4}||_F^2."""
    return sp.Sum(sp.Sum(gbar(kk, ua, ub) ** 2 / sp.sqrt(w(kk, ua, ub)), (ub, 1, m)), (ua, 1, n))


def eta(kk, regime):
    """etahat_k = max{eps_2, RMS(X_k)} rho_k / max{1, ||Ubar_k||_F/(d sqrt(mn))} (Algorithm 2)."""
    return (sp.Max(eps2, BA._rms_x(kk)) * rho(kk, regime)
            / sp.Max(1, sp.sqrt(u2(kk)) / (d * sp.sqrt(m * n))))


def f(kk):
    """f(X_k), written without cancellation: s^2(sqrt(1+u^2) - 1) = s^2 u^2/(sqrt(1+u^2) + 1)."""
    u = (x[kk, p, q] - z[p, q]) / s
    return sp.Sum(sp.Sum(h[p, q] * s ** 2 * u ** 2 / (sp.sqrt(1 + u ** 2) + 1), (q, 1, m)),
                  (p, 1, n))


def _recurrences(regime):
    prev = {k: k - 1}
    x_upd = x[k - 1, i, j] - (eta(k, regime) * gbar(k, i, j) / sp.sqrt(w(k, i, j))).subs(prev)
    bk = beta_k(k)
    return (Recurrence("x", k, 2, x1[i, j], x_upd),
            Recurrence("R", k, 1, sp.Integer(0), bk * R3[k - 1, i, j]
                       + (1 - bk) * sp.Sum(gbar(k, i, q) ** 2 + eps1, (q, 1, m))),
            Recurrence("C", k, 1, sp.Integer(0), bk * C3[k - 1, i, j]
                       + (1 - bk) * sp.Sum(gbar(k, p, j) ** 2 + eps1, (p, 1, n))))


_READ = {"x": ("x", (1, 1, 1)), "R": ("R", (0, 1, 1)), "C": ("C", (0, 1, 1))}
_BASE = {"A-sqrt": BA.THEOREM_A1_SQRT_STATEMENT, "A-const": BA.THEOREM_A1_STATEMENT_CORRECTED}
_Q_R = Quantity("R", "trajectory", "> 0 (k >= 1)", "Rbar_k = Vbar_k 1_m, stored (n, 1)",
                (0, 1, 1), ("T", "n", "1"))
_Q_C = Quantity("C", "trajectory", "> 0 (k >= 1)", "Cbar_k = 1_n^T Vbar_k, stored (1, m)",
                (0, 1, 1), ("T", "1", "m"))


def closed(ident: str, number: str, title: str, lhs, rhs, latex: str, *, regime="A-sqrt",
           forall=((t, 1, T),), variant="printed", reason="", expected="holds", supremum=None,
           source: str = "", notes: str = "") -> Statement:
    """A statement on the closed-loop run of Algorithm 2 (``regime`` "A-sqrt" or "A-const")."""
    base = _BASE[regime]
    qs = tuple(_Q_R if qq.name == "R" else _Q_C if qq.name == "C" else qq
               for qq in base.quantities)
    return register(dataclasses.replace(
        base, id=f"{PAPER}/{ident}", kind="eq", number=number, title=title,
        section="Appendix A.3 (proof of Theorem A.1)", family="other", variant=variant,
        reason=reason, latex=latex, quantities=qs, lhs=lhs, rhs=rhs, forall=forall,
        trajectory=TrajectorySource(build=BA._builder(regime), read=_READ, series=("R", "C")),
        recurrences=_recurrences(regime), expected=expected, supremum_ratio=supremum,
        source=source, proof=(),
        notes=("Closed loop: Algorithm 2 on separable pseudo-Huber f (L = max h exact, f* = 0, "
               "G >= s||h||_F), beta_{2,1} = 1/2, beta_{2,k} = beta (k >= 2), rho_k = "
               + ("rho_0/sqrt(k)" if regime == "A-sqrt" else "rho_0") + ". " + notes)))
