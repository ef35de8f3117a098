r"""(100), Appendix D.1 (proof of Theorem D.1): the decomposition of D with the proxy A_k of (46).

As printed::

    D = -sum_k rhohat_k <Gbar_k, G~_k/sqrt(A_k)> + D.1
      = -sum_k rhohat_k ||Gbar_k/sqrt(A_k)||_F^2 + D.1 - D.2 + D.3,

    D   = -sum_{k<=t} rhohat_k <Gbar_k, G~_k/sqrt(W_k)>                            (99)
    D.1 = sum_k rhohat_k <Gbar_k, (1/sqrt(A_k) - 1/sqrt(W_k)) . G~_k>
    D.2 = sum_k rhohat_k <Gbar_k, G~_k/sqrt(A_k) - E_{Z_k}[G~_k/sqrt(A_k)]>
    D.3 = sum_k rhohat_k <Gbar_k, Gbar_k/sqrt(A_k) - E_{Z_k}[G~_k/sqrt(A_k)]>

OCR reading: the second line prints ||Gbar_k/sqrt(A_k)||_F^2 (the square root, not the fourth
root that (105), (106), (108), (113) print) and is encoded so.  <Gbar_k, Gbar_k/sqrt(A_k)> is
||Gbar_k/A_k^{1/4}||_F^2, so the printed second line is an identity only when every a_ij^(k) = 1:
both directions are violated as printed (a_ij^(k) < 1 and > 1), and hold with the fourth root
(``@corrected``): a typo, harmless since (105), (106), (108) and (113) use the fourth root.

Model: pathwise on Algorithm 1 with update clipping (:mod:`._clipped`).  The conditional mean
E_{Z_k}[G~_k] enters D.2 and D.3 with opposite signs and cancels (A_k does not depend on Z_k), so
the identity holds whatever matrix stands for it: it is an input ``ez`` (any real matrices), a
claim for every value and so for the true one.  Encoded as two inequalities per equality:
``adafactor/eq-100-a``/``-b`` (the first equality), ``-c``/``-d`` (the second, as printed) and
``-c@corrected``/``-d@corrected`` (the fourth root).
"""
from __future__ import annotations

import sympy as sp

from ...declare import corrected, statement
from ...sampling import choose
from ...statement import Quantity
from ._clipped import D1, GT, HYPOTHESES, NOTE, QUANTITIES, QUART, SECTION, TRAJ
from ._common import a_kij, FORALL_T, gbar, i, j, k, m, n, t, w_kij
from .eq_98 import RHOHAT

ez = sp.IndexedBase("ez")
Q_EZ = Quantity("ez", "sequence", "R", "E_{Z_k}[G~_k]: any matrices (the identity does not "
                "depend on them: they cancel between D.2 and D.3)", (1, 1, 1), ("T", "n", "m"))


def _ks(expr):
    return sp.Sum(RHOHAT * sp.Sum(expr, (i, 1, n), (j, 1, m)), (k, 1, t))


D_TERM = -_ks(gbar[k, i, j] * GT / sp.sqrt(w_kij))
D2 = _ks(gbar[k, i, j] * (GT - ez[k, i, j]) / sp.sqrt(a_kij))
D3 = _ks(gbar[k, i, j] * (gbar[k, i, j] - ez[k, i, j]) / sp.sqrt(a_kij))
_LINE1 = -_ks(gbar[k, i, j] * GT / sp.sqrt(a_kij)) + D1
_LINE2 = -_ks(gbar[k, i, j] ** 2 / a_kij) + D1 - D2 + D3           # printed: ||Gbar/sqrt(A)||^2
_LINE2_C = -QUART + D1 - D2 + D3                                    # ||Gbar/A^{1/4}||^2
_TEX = (r"\mathbf D=-\sum_{k=1}^t\hat\rho_k\Big\langle\bar{\mathbf G}_k,\frac{\tilde{\mathbf G}_k}"
        r"{\sqrt{\mathbf A_k}}\Big\rangle+\mathbf{D.1}=-\sum_{k=1}^t\hat\rho_k\Big\|\frac{\bar"
        r"{\mathbf G}_k}{\sqrt{\mathbf A_k}}\Big\|_F^2+\mathbf{D.1}-\mathbf{D.2}+\mathbf{D.3}")
_QS = QUANTITIES + (Q_EZ,)


def _sizes(gen, preset="default"):
    """Small runs: the identity halves tie exactly at every candidate, and each tie is settled
    by an exact (mpmath) replay of the run."""
    return {"T": choose(gen, (1, 2, 3, 4)), "n": choose(gen, (1, 2, 3)),
            "m": choose(gen, (1, 2, 3))}


def _st(part, title, lhs, rhs, expected="holds", supremum=None, note=""):
    return statement(
        id=f"adafactor/eq-100-{part}", kind="eq", number="100", title=title,
        section=SECTION + ", the decomposition of D", family="proxy-gap",
        latex=r"\forall t\in[T]:\ " + _TEX, quantities=_QS, hypotheses=HYPOTHESES, lhs=lhs,
        rhs=rhs, forall=FORALL_T, expected=expected, supremum=supremum, sizes=_sizes,
        source=f"(100), proof of Theorem D.1 (part {part})", notes=NOTE + note, **TRAJ)


_N2 = (" Violated as printed: <Gbar_k, Gbar_k/sqrt(A_k)> = sum (gbar)^2/sqrt(a), not "
       "sum (gbar)^2/a (the printed ||Gbar_k/sqrt(A_k)||^2).")
EQ_100 = {
    "a": _st("a", "(100), first equality: D <= -sum rhohat <Gbar, G~/sqrt(A)> + D.1", D_TERM,
             _LINE1, supremum=1.0),
    "b": _st("b", "(100), first equality: D >= -sum rhohat <Gbar, G~/sqrt(A)> + D.1", _LINE1,
             D_TERM, supremum=1.0),
    "c": _st("c", "(100), second equality as printed: D <= -sum rhohat ||Gbar/sqrt(A)||^2 + D.1 "
                  "- D.2 + D.3", D_TERM, _LINE2, expected="violated", note=_N2),
    "d": _st("d", "(100), second equality as printed: D >= -sum rhohat ||Gbar/sqrt(A)||^2 + D.1 "
                  "- D.2 + D.3", _LINE2, D_TERM, expected="violated", note=_N2),
}
_R = ("<Gbar_k, Gbar_k/sqrt(A_k)> = ||Gbar_k/A_k^{1/4}||_F^2 (the fourth root, as (105), (106), "
      "(108) and (113) print it), not ||Gbar_k/sqrt(A_k)||_F^2")
_TEXC = _TEX.replace(r"{\sqrt{\mathbf A_k}}\Big\|_F^2", r"{\sqrt[4]{\mathbf A_k}}\Big\|_F^2")
EQ_100["c@corrected"] = corrected(EQ_100["c"], reason=_R, rhs=_LINE2_C, latex=_TEXC)
EQ_100["d@corrected"] = corrected(EQ_100["d"], reason=_R, lhs=_LINE2_C, latex=_TEXC)

ALL = list(EQ_100.values())
