r"""(107), Appendix D.1 (proof of Theorem D.1, estimating D.2): the centred clipped gradient.

As printed::

    ||G~_k - E_{Z_k}[G~_k]||_F <= ||G~_k||_F + ||E_{Z_k}[G~_k]||_F <= 2G                  (107)

with G~_k = G_k/max{1, ||U_k||_F/(d_k sqrt(mn))} (97), "using Assumptions (A3), (A4) and
Jensen's inequality" (||G~_k||_F <= ||G_k||_F <= G and ||E G~_k||_F <= E||G~_k||_F <= G).

Model (that of :mod:`.eq_110`): the past is T steps of Algorithm 1 with (6), (7) on given
gradients (R_T, C_T, S_T read from the run), the step k = T + 1 draws G_k = Gbar + (xi - mu) H,
xi from a finite law with atoms u_l and probabilities q_l (mu its mean, so E_Z[G_k] = Gbar, (A3))
and ||G_k||_F <= G at every atom (A4).  The mean E_Z[G~_k] = sum_l q_l G~_k(u_l)/sum_l q_l is
written out over the atoms (a norm of a mean is not a mean, so ``noise=`` does not apply), and
the claim, an almost-sure one, is checked at every atom l.  Encoded: ``adafactor/eq-107`` (end to
end), ``-a`` (the triangle inequality), ``-b`` (the two norms against 2G).
"""
from __future__ import annotations

import sympy as sp

from ...declare import statement
from ._common import eps1, G, i, j, m, n, p, q, R, C, S, REC_C, REC_R, REC_S, SRC_CLIPPED, T
from .eq_110 import (_B, D_K, _HYPS, _MU, _QS, _sampler, _sizes, Gb, H, K, l, qp, u)

_i4, _j4 = sp.Symbol("i4", integer=True), sp.Symbol("j4", integer=True)
_i5, _j5 = sp.Symbol("i5", integer=True), sp.Symbol("j5", integer=True)
_l3 = sp.Symbol("l3", integer=True)   # the mean's own atom index (mu sums over l2)
QUANTITIES = tuple(x for x in _QS if x.name != "xi")


def gk(ii, jj, z):
    """G_k = Gbar + (z - mu) H at the atom z."""
    return Gb[ii, jj] + (z - _MU) * H[ii, jj]


def wk(ii, jj, z):
    """w_ij^(k) of (45) at the step k = T + 1 when the draw is z."""
    rr = sp.Sum(gk(ii, q, z) ** 2 + eps1, (q, 1, m))
    cc = sp.Sum(gk(p, jj, z) ** 2 + eps1, (p, 1, n))
    ss = sp.Sum(gk(p, q, z) ** 2 + eps1, (p, 1, n), (q, 1, m))
    return ((_B * R[T, ii, 1] + (1 - _B) * rr) * (_B * C[T, 1, jj] + (1 - _B) * cc)
            / (_B * S[T] + (1 - _B) * ss))


def clip(z):
    """max{1, ||U_k||_F/(d_k sqrt(mn))} at the draw z."""
    nu = sp.sqrt(sp.Sum(gk(_i4, _j4, z) ** 2 / wk(_i4, _j4, z), (_i4, 1, n), (_j4, 1, m)))
    return sp.Max(1, nu / (D_K * sp.sqrt(m * n)))


def gt(ii, jj, z):
    """g~_ij^(k) at the draw z, (97)."""
    return gk(ii, jj, z) / clip(z)


def mean(f):
    """E_Z[f(xi)] over the finite law: sum_l q_l f(u_l) / sum_l q_l."""
    return sp.Sum(qp[_l3] * f(u[_l3]), (_l3, 1, K)) / sp.Sum(qp[_l3], (_l3, 1, K))


def fro(f):
    """||(f_ij)||_F over its own indices."""
    return sp.sqrt(sp.Sum(f(_i5, _j5) ** 2, (_i5, 1, n), (_j5, 1, m)))


_EGT = lambda ii, jj: mean(lambda z: gt(ii, jj, z))  # noqa: E731
_LHS = fro(lambda ii, jj: gt(ii, jj, u[l]) - _EGT(ii, jj))
_MID = fro(lambda ii, jj: gt(ii, jj, u[l])) + fro(_EGT)
_TEX = (r"\|\tilde{\mathbf G}_k-\mathbb E_{\mathbf Z_k}[\tilde{\mathbf G}_k]\|_F\le\|\tilde{\mathbf G}"
        r"_k\|_F+\|\mathbb E_{\mathbf Z_k}[\tilde{\mathbf G}_k]\|_F\le2G")
_NOTE = ("Conditional on the past (T steps of Algorithm 1 with (6), (7)); the step k = T + 1 >= 2 "
         "draws G_k = Gbar + (xi - mu) H, xi from the finite law (u, qp); E_Z[G~_k] is the "
         "weighted sum over the atoms, and the claim is checked at every atom (almost surely).")


def _sampler107(ctx):
    out = _sampler(ctx)
    for key in ("Vd", "x", "eps2", "rho0"):
        out.pop(key)
    return out


def _st(part, title, lhs, rhs, supremum=None):
    return statement(
        id="adafactor/eq-107" + (f"-{part}" if part else ""), kind="eq", number="107",
        title=title, section="Appendix D.1 (proof of Theorem D.1, estimating D.2)",
        family="update-norm", latex=_TEX, quantities=QUANTITIES, hypotheses=_HYPS, lhs=lhs,
        rhs=rhs, forall=((l, 1, K),), sampler=_sampler107, sizes=_sizes,
        trajectory=SRC_CLIPPED, recurrences=(REC_R, REC_C, REC_S), supremum=supremum,
        source="(107), proof of Theorem D.1" + (f", link {part}" if part else ""), notes=_NOTE)


EQ_107 = {
    "": _st("", "(107): ||G~_k - E_Z G~_k||_F <= 2G (end to end)", _LHS, 2 * G),
    "a": _st("a", "(107), triangle inequality", _LHS, _MID, supremum=1.0),
    "b": _st("b", "(107): ||G~_k||_F + ||E_Z G~_k||_F <= 2G ((A4), Jensen)", _MID, 2 * G,
             supremum=1.0),
}
ALL = list(EQ_107.values())
