r"""(104), Appendix D.1 (proof of Theorem D.1, estimating D.1): the error term of the proxy A_k
with the clipped gradient, "following the similar deduction in (69) and (70)".

As printed::

    D.1 <= sum_k sum_{i,j} rhohat_k |gbar g~| |1/sqrt(w) - 1/sqrt(a)|
        <= sum_k sum_{i,j} rhohat_k |gbar g~|/(sqrt(w) sqrt(a)) sqrt(|w - a|)
        <= 1/4 sum rhohat_k (gbar_ij^(k))^2/sqrt(a) + 4 sum rhohat_k |w - a|/sqrt(a) (g~/sqrt(w))^2

with D.1 = sum_k rhohat_k <Gbar_k, (1/sqrt(A_k) - 1/sqrt(W_k)) . G~_k> (100).  Encoded for every
t in [T]: ``adafactor/eq-104-a`` (triangle inequality), ``-b`` ((69) term by term), ``-c``
(Young's inequality), on Algorithm 1 with the update clipping, setting (7).
"""
from __future__ import annotations

import sympy as sp

from ...declare import statement
from ._clipped import D1, GT, HYPOTHESES, NOTE, QUANTITIES, SECTION, TRAJ
from ._common import a_kij, FORALL_T, gbar, i, j, k, m, n, t, w_kij
from .eq_98 import RHOHAT


def _ks(expr):
    return sp.Sum(RHOHAT * sp.Sum(expr, (i, 1, n), (j, 1, m)), (k, 1, t))


_GG = sp.Abs(gbar[k, i, j] * GT)
_ABS = _ks(_GG * sp.Abs(1 / sp.sqrt(w_kij) - 1 / sp.sqrt(a_kij)))
_SQRT = _ks(_GG / (sp.sqrt(w_kij) * sp.sqrt(a_kij)) * sp.sqrt(sp.Abs(w_kij - a_kij)))
_YOUNG = (sp.Rational(1, 4) * _ks(gbar[k, i, j] ** 2 / sp.sqrt(a_kij))
          + 4 * _ks(sp.Abs(w_kij - a_kij) / sp.sqrt(a_kij) * (GT / sp.sqrt(w_kij)) ** 2))
_TEX = [
    r"\mathbf{D.1}\le\sum_{k=1}^t\sum_{i,j}\hat\rho_k|\bar g_{ij}^{(k)}\tilde g_{ij}^{(k)}|\Big|"
    r"\frac1{\sqrt{w_{ij}^{(k)}}}-\frac1{\sqrt{a_{ij}^{(k)}}}\Big|",
    r"\le\sum_{k=1}^t\sum_{i,j}\hat\rho_k\frac{|\bar g_{ij}^{(k)}\tilde g_{ij}^{(k)}|}{\sqrt{"
    r"w_{ij}^{(k)}}\sqrt{a_{ij}^{(k)}}}\sqrt{|w_{ij}^{(k)}-a_{ij}^{(k)}|}",
    r"\le\frac14\sum_{k=1}^t\sum_{i,j}\hat\rho_k\frac{(\bar g_{ij}^{(k)})^2}{\sqrt{a_{ij}^{(k)}}}+4"
    r"\sum_{k=1}^t\sum_{i,j}\hat\rho_k\frac{|w_{ij}^{(k)}-a_{ij}^{(k)}|}{\sqrt{a_{ij}^{(k)}}}\Big("
    r"\frac{\tilde g_{ij}^{(k)}}{\sqrt{w_{ij}^{(k)}}}\Big)^2"]
EQ_104 = {}
for _part, _l, _r, _why, _tex, _sup in (("a", D1, _ABS, "triangle inequality", _TEX[0], 1.0),
                                        ("b", _ABS, _SQRT, "(69) term by term", _TEX[1], 1.0),
                                        ("c", _SQRT, _YOUNG, "Young's inequality", _TEX[2], None)):
    EQ_104[_part] = statement(
        id=f"adafactor/eq-104-{_part}", kind="eq", number="104",
        title=f"(104): estimation of D.1 (clipped), link {_part} ({_why})",
        section=SECTION + ", estimating D.1", family="proxy-gap",
        latex=r"\forall t\in[T]:\ " + _tex, quantities=QUANTITIES, hypotheses=HYPOTHESES,
        lhs=_l, rhs=_r, forall=FORALL_T, supremum=_sup,
        source=f"(104), proof of Theorem D.1 (link {_part}: {_why})", notes=NOTE, **TRAJ)

ALL = list(EQ_104.values())
