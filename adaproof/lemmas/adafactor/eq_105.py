r"""(105) and the display before it, Appendix D.1 (proof of Theorem D.1, estimating D.1 with
Lemmas B.7, B.4 and B.5).

As printed (the unnumbered display "Using Lemma B.7 and (104)", then (105) "Using (98), Lemma
B.4 and Lemma B.5"), with Q = sum_{k<=t} rhohat_k ||Gbar_k/A_k^{1/4}||_F^2::

    D.1 <= Q/4 + 4 sqrt(calG) sum_k rhohat_k sqrt(1 - beta_{2,k}) ||G~_k/sqrt(W_k)||_F^2      (L1)
        <= Q/4 + 4 sqrt(calG) sum_k rhohat_k sqrt(1 - beta_{2,k}) ||G_k/sqrt(W_k)||_F^2       (L2)
    D.1 <= Q/4 + 4 sqrt(G) (eps_2+Theta_max) rho_0 sum_k (1 - beta_{2,k}) ||G_k/sqrt(W_k)||_F^2  (L3)
        <= Q/4 + 8mn G^{3/2} (eps_2+Theta_max) rho_0/(max{m,n} eps_1) [log(2 + 2G^2/eps_1)
                                                             + 4 sum_k (1 - beta_{2,k})]     (L4)

OCR readings.  (i) The unnumbered display prints ||Gbar_k/sqrt(A_k)||_F^2 in its first term; it
is read as ||Gbar_k/A_k^{1/4}||_F^2, the term (104) carries unchanged (sum (gbar)^2/sqrt(a)) and
(105) prints with the fourth root.  (ii) (105) prints sqrt(G) and G^{3/2} (plain G, the gradient
bound) where the same steps in (71)/(72) print sqrt(calG) and calG^{3/2}, calG = G^2 + mn eps_1:
the printed G is encoded, and calG beside it as the corrected variant.

Encoded for every t in [T]: ``adafactor/eq-105`` (D.1 <= L4, as printed), ``eq-105@corrected``
(calG^{3/2}, as (72)), ``-a`` (D.1 <= L1), ``-b`` (L1 <= L2, clipping shrinks), ``-c`` (L2 <= L3
as printed, sqrt(G)), ``-c@corrected`` (sqrt(2 calG): calG as in (71), and the factor sqrt(2)
for k = 1, where rhohat_1 sqrt(1 - beta_{2,1}) = rhohat_1/sqrt(2) > (eps_2+Theta) rho_0/2: the
same k = 1 slip as (71)'s third link), ``-d`` (L3 <= L4 as printed), ``-d@corrected`` (calG in
both: (72)'s step, Lemmas B.4, B.5).
"""
from __future__ import annotations

import sympy as sp

from ...declare import corrected, statement
from ._clipped import (B2, BRACKET, D1, HYPOTHESES, NOTE, NU2, NU2_T, QUANTITIES, QUART, SECTION,
                       TRAJ, UP)
from ._common import eps1, FORALL_T, G, GG, k, m, n, t
from .eq_98 import RHOHAT

_MN = m * n / (sp.Max(m, n) * eps1)
_L1 = QUART / 4 + 4 * sp.sqrt(GG) * sp.Sum(RHOHAT * sp.sqrt(1 - B2) * NU2_T, (k, 1, t))
_L2 = QUART / 4 + 4 * sp.sqrt(GG) * sp.Sum(RHOHAT * sp.sqrt(1 - B2) * NU2, (k, 1, t))


def _l3(root):
    return QUART / 4 + 4 * root * UP * sp.Sum((1 - B2) * NU2, (k, 1, t))


def _l4(pow32):
    return QUART / 4 + 8 * _MN * pow32 * UP * BRACKET


_L3, _L4 = _l3(sp.sqrt(G)), _l4(G ** sp.Rational(3, 2))
_Q = r"\frac14\sum_{k=1}^t\hat\rho_k\Big\|\frac{\bar{\mathbf G}_k}{\sqrt[4]{\mathbf A_k}}\Big\|_F^2"
_UW = r"\Big\|\frac{\mathbf G_k}{\sqrt{\mathbf W_k}}\Big\|_F^2"
_TEX = {
    "L1": _Q + r"+4\sqrt{\mathcal G}\sum_{k=1}^t\hat\rho_k\sqrt{1-\beta_{2,k}}\Big\|\frac{\tilde{"
               r"\mathbf G}_k}{\sqrt{\mathbf W_k}}\Big\|_F^2",
    "L2": _Q + r"+4\sqrt{\mathcal G}\sum_{k=1}^t\hat\rho_k\sqrt{1-\beta_{2,k}}" + _UW,
    "L3": _Q + r"+4\sqrt G(\epsilon_2+\Theta_{\max})\rho_0\sum_{k=1}^t(1-\beta_{2,k})" + _UW,
    "L4": _Q + r"+\frac{8mnG^{\frac32}(\epsilon_2+\Theta_{\max})\rho_0}{\max\{m,n\}\epsilon_1}\Big["
               r"\log\Big(2+\frac{2G^2}{\epsilon_1}\Big)+4\sum_{k=1}^t(1-\beta_{2,k})\Big]"}
_READ = (" OCR reading: the display before (105) prints ||Gbar_k/sqrt(A_k)||^2 in the first "
         "term, read as ||Gbar_k/A_k^{1/4}||^2 (the term (104) carries); (105) prints sqrt(G), "
         "G^{3/2} (plain G).")


def _st(part, title, lhs, rhs, tex, expected="holds", supremum=None, note=""):
    return statement(
        id="adafactor/eq-105" + (f"-{part}" if part else ""), kind="eq", number="105",
        title=title, section=SECTION + ", estimating D.1", family="proxy-gap",
        latex=r"\forall t\in[T]:\ " + tex, quantities=QUANTITIES, hypotheses=HYPOTHESES,
        lhs=lhs, rhs=rhs, forall=FORALL_T, expected=expected, supremum=supremum,
        source="(105) and the display before it, proof of Theorem D.1"
               + (f", link {part}" if part else ""), notes=NOTE + _READ + note, **TRAJ)


EQ_105 = {
    "": _st("", "(105): D.1 <= Q/4 + 8mn G^{3/2}(eps2+Theta)rho0/(max{m,n} eps1)[...] (end to end, "
                "as printed)", D1, _L4, r"\mathbf{D.1}\le" + _TEX["L4"], expected="violated",
            note=" Violated as printed: G^{3/2} is far below calG^{3/2} when G is small."),
    "a": _st("a", "(105), the display before it: D.1 <= Q/4 + 4 sqrt(calG) sum rhohat_k "
                  "sqrt(1-beta) ||G~_k/sqrt(W_k)||^2 (Lemma B.7, (104))", D1, _L1,
             r"\mathbf{D.1}\le" + _TEX["L1"]),
    "b": _st("b", "(105), the display before it: G~_k -> G_k (clipping only shrinks)", _L1, _L2,
             _TEX["L1"] + r"\le" + _TEX["L2"], supremum=1.0),
    "c": _st("c", "(105), first line against the display before it ((98), sqrt(G) as printed)",
             _L2, _L3, _TEX["L2"] + r"\le" + _TEX["L3"], expected="violated",
             note=" Violated as printed: sqrt(G) < sqrt(calG), and at k = 1 rhohat_1 sqrt(1 - "
                  "beta_{2,1}) exceeds (eps_2 + Theta_max) rho_0 (1 - beta_{2,1})."),
    "d": _st("d", "(105), first line against the second (Lemmas B.4, B.5; G as printed)", _L3,
             _L4, _TEX["L3"] + r"\le" + _TEX["L4"], expected="violated",
             note=" Violated as printed: 8 G^{3/2} mn/(max{m,n} eps_1)[...] is not 2 sqrt(G) "
                  "times Lemma B.4's bound 4 mn calG/(max{m,n} eps_1)[...] (calG >= G^2)."),
}
_R_CALG = ("(105) prints G where (71)/(72), the same steps without clipping, have calG = G^2 + mn "
           "eps_1: Lemma B.7 gives sqrt(calG) and Lemma B.4 the factor calG")
EQ_105["@corrected"] = corrected(
    EQ_105[""], reason=_R_CALG, rhs=_l4(GG ** sp.Rational(3, 2)),
    latex=r"\mathbf{D.1}\le" + _TEX["L4"].replace("G^{\\frac32}", "\\mathcal G^{\\frac32}"))
EQ_105["c@corrected"] = corrected(
    EQ_105["c"],
    reason=_R_CALG + "; and at k = 1 (beta_{2,1} = 1/2) rhohat_1 sqrt(1 - beta_{2,1}) <= (eps_2 + "
           "Theta_max) rho_0 sqrt(2) (1 - beta_{2,1}): the factor sqrt(2) covers every k",
    rhs=_l3(sp.sqrt(2 * GG)),
    latex=_TEX["L2"] + r"\le" + _TEX["L3"].replace(r"4\sqrt G", r"4\sqrt{2\mathcal G}"))
EQ_105["d@corrected"] = corrected(
    EQ_105["d"], reason=_R_CALG, lhs=_l3(sp.sqrt(GG)), rhs=_l4(GG ** sp.Rational(3, 2)),
    latex=_TEX["L3"].replace(r"4\sqrt G", r"4\sqrt{\mathcal G}") + r"\le"
    + _TEX["L4"].replace("G^{\\frac32}", "\\mathcal G^{\\frac32}"))

ALL = list(EQ_105.values())
