r"""(106), Appendix D.1 (proof of Theorem D.1, estimating D.1 without the curse of dimension).

As printed ("we apply Lemma B.7, (98) and (78)"), with Q = sum_{k<=t} rhohat_k
||Gbar_k/A_k^{1/4}||_F^2::

    D.1 <= Q/4 + 4(G_1 + G_2) sum_k rhohat_k sqrt(1 - beta_{2,k}) ||G_k/sqrt(W_k)||_F^2        (L1)
        <= Q/4 + 4(G_1 + G_2)(eps_2+Theta_max) rho_0 sum_k k^{-(c/2+1/2)} ||G_k/sqrt(W_k)||_F^2 (L2)
        <= Q/4 + 4 G_3 (G_1 + G_2)(eps_2+Theta_max) rho_0 sum_k k^{-(c/2+1/2)}                (L3)

with G_1, G_2, G_3 of (40).  Encoded for every t in [T]: ``adafactor/eq-106`` (D.1 <= L3, end to
end), ``-a`` (D.1 <= L1: Lemma B.7's dimension-free bound), ``-b`` (L1 <= L2: (98) and 1 -
beta_{2,k} = k^{-c}; at k = 1 sqrt(1/2) <= 1 holds), ``-c`` (L2 <= L3: (78)).  G_1 and G_2 use
m + n <= mn (m, n >= 2, the proof of Lemma B.7), the silent hypothesis of (77), (79) (:data:`._common.H_MN2`),
kept on the statements that go through Lemma B.7 (``eq-106``, ``-a``).
"""
from __future__ import annotations

import sympy as sp

from ...declare import statement
from ._clipped import B2, D1, HYPOTHESES, NOTE, NU2, POW, QUANTITIES, QUART, SECTION, TRAJ, UP
from ._common import FORALL_T, G1, G2, G3, H_MN2, k, t
from .eq_77 import _sizes_mn2
from .eq_98 import RHOHAT

_L1 = QUART / 4 + 4 * (G1 + G2) * sp.Sum(RHOHAT * sp.sqrt(1 - B2) * NU2, (k, 1, t))
_L2 = QUART / 4 + 4 * (G1 + G2) * UP * sp.Sum(POW * NU2, (k, 1, t))
_L3 = QUART / 4 + 4 * G3 * (G1 + G2) * UP * sp.Sum(POW, (k, 1, t))
_Q = r"\frac14\sum_{k=1}^t\hat\rho_k\Big\|\frac{\bar{\mathbf G}_k}{\sqrt[4]{\mathbf A_k}}\Big\|_F^2"
_UW = r"\Big\|\frac{\mathbf G_k}{\sqrt{\mathbf W_k}}\Big\|_F^2"
_TEX = {"L1": _Q + r"+4(G_1+G_2)\sum_{k=1}^t\hat\rho_k\sqrt{1-\beta_{2,k}}" + _UW,
        "L2": _Q + r"+4(G_1+G_2)(\epsilon_2+\Theta_{\max})\rho_0\sum_{k=1}^t\frac1{k^{c/2+1/2}}"
        + _UW,
        "L3": _Q + r"+4G_3(G_1+G_2)(\epsilon_2+\Theta_{\max})\rho_0\sum_{k=1}^t\frac1{k^{c/2+1/2}}"}


def _st(part, title, lhs, rhs, tex, mn2):
    return statement(
        id="adafactor/eq-106" + (f"-{part}" if part else ""), kind="eq", number="106",
        title=title, section=SECTION + ", estimating D.1 (dimension-free)", family="proxy-gap",
        latex=r"\forall t\in[T]:\ " + tex, quantities=QUANTITIES,
        hypotheses=HYPOTHESES + ((H_MN2,) if mn2 else ()), lhs=lhs, rhs=rhs, forall=FORALL_T,
        sizes=_sizes_mn2 if mn2 else None,
        source="(106), proof of Theorem D.1" + (f", link {part}" if part else ""),
        notes=NOTE, **TRAJ)


EQ_106 = {
    "": _st("", "(106): D.1 <= Q/4 + 4 G_3 (G_1+G_2)(eps2+Theta) rho0 sum k^{-(c/2+1/2)} (end to "
                "end)", D1, _L3, r"\mathbf{D.1}\le" + _TEX["L3"], True),
    "a": _st("a", "(106), first line (Lemma B.7, dimension-free)", D1, _L1,
             r"\mathbf{D.1}\le" + _TEX["L1"], True),
    "b": _st("b", "(106), second line ((98): rhohat_k sqrt(1-beta_{2,k}) <= (eps2+Theta) rho0 "
                  "k^{-(c/2+1/2)})", _L1, _L2, _TEX["L1"] + r"\le" + _TEX["L2"], False),
    "c": _st("c", "(106), third line ((78): ||G_k/sqrt(W_k)||^2 <= G_3)", _L2, _L3,
             _TEX["L2"] + r"\le" + _TEX["L3"], False),
}
ALL = list(EQ_106.values())
