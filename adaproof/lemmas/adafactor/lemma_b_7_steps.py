r"""The proof of Lemma B.7 (Appendix B.2), displays (59)-(65), and (47) in the proof of Lemma B.3:
the gap between w_ij^(k) (45) and the proxy a_ij^(k) (46) step by step.

With (58) (as printed)::

    X = β_{2,k} R_{V_{k-1}}^{(i)} + (1-β_{2,k}) R_{G²_{k,ε1}}^{(i)},  ΔX = (1-β_{2,k})(𝒢_1 - R_{G²_{k,ε1}}^{(i)}),
    Y = β_{2,k} C_{V_{k-1}}^{(j)} + (1-β_{2,k}) C_{G²_{k,ε1}}^{(j)},  ΔY = (1-β_{2,k})(𝒢_2 - C_{G²_{k,ε1}}^{(j)}),
    Z = β_{2,k} S_{V_{k-1}} + (1-β_{2,k}) S_{G²_{k,ε1}},            ΔZ = (1-β_{2,k})(𝒢 - S_{G²_{k,ε1}}),

so w = XY/Z and a = (X+ΔX)(Y+ΔY)/(Z+ΔZ).  Encoded (each for every k, i, j, on Algorithm 1's
factors, the realised gradients any sequence with ||G_k||_F <= G (A4)):

* (59) ``eq-59-a`` .. ``-f``: 0 <= ΔX <= (1-β)𝒢_1, 0 <= ΔY <= (1-β)𝒢_2, 0 <= ΔZ <= (1-β)𝒢.
* (60) ``eq-60-a``/``-b``: the printed equality |w-a|/√a = |XYΔZ - XZΔY - YZΔX - Z ΔXΔY|/
  (Z√((X+ΔX)(Y+ΔY)(Z+ΔZ))) as two inequalities; ``eq-60-c``: that <= (I) + (II).
* (61) ``eq-61``: (I) <= √((XΔY + YΔX + ΔXΔY)/(Z+ΔZ)).
* (62) ``eq-62``: (I) <= √(5(1-β)𝒢).
* (63) ``eq-63-a``: (I) <= √(6(1-β)𝒢_1𝒢_2/(mnε_1)); ``eq-63-b``: that <= G_1√(1-β) (uses
  m + n <= mn: m, n >= 2, the silent hypothesis of the dimension-free bounds).
* (64) ``eq-64``: (I) <= √(1-β) min{√(5𝒢), G_1} (m, n >= 2 for the G_1 branch).
* (65) ``eq-65``: (II) <= √(1-β) min{√𝒢, G_2}.
* (47) ``eq-47-a`` (k >= 2: the middle term has R_{V_{k-1}}/S_{V_{k-1}}, 0/0 at k = 1):
  (βR + (1-β)𝒢_1)/(βS + (1-β)𝒢) <= R/S + 𝒢_1/𝒢; ``eq-47-b``: the left side <= 2 (every k).
"""
from __future__ import annotations

import sympy as sp

from ...declare import statement
from ...sampling import choose
from ._common import (BASE_HYPS, BASE_QUANTITIES, C, eps1, FORALL_KIJ, G, G1, G2, GG, GG1, GG2,
                      H_MN2, R, S, Q_C_F, Q_R, Q_S, Q_W, RECS_FACTORS, SRC_FACTORS, beta2_k, g,
                      i, j, k, m, n, p, q, T)

_B = beta2_k(k)
_RG = sp.Sum(g[k, i, q] ** 2 + eps1, (q, 1, m))
_CG = sp.Sum(g[k, p, j] ** 2 + eps1, (p, 1, n))
_SG = sp.Sum(g[k, p, q] ** 2 + eps1, (p, 1, n), (q, 1, m))
X = _B * R[k - 1, i, 1] + (1 - _B) * _RG
Y = _B * C[k - 1, 1, j] + (1 - _B) * _CG
Z = _B * S[k - 1] + (1 - _B) * _SG
DX = (1 - _B) * (GG1 - _RG)
DY = (1 - _B) * (GG2 - _CG)
DZ = (1 - _B) * (GG - _SG)
W_ = X * Y / Z
A_ = (X + DX) * (Y + DY) / (Z + DZ)
_ROOT = sp.sqrt((X + DX) * (Y + DY) * (Z + DZ))
TERM_I = sp.Abs(X * DY + Y * DX + DX * DY) / _ROOT
TERM_II = X * Y * DZ / (Z * _ROOT)
_GAP = sp.Abs(W_ - A_) / sp.sqrt(A_)
_MID = sp.Abs(X * Y * DZ - X * Z * DY - Y * Z * DX - Z * DX * DY) / (Z * _ROOT)
_SQ1B = sp.sqrt(1 - _B)

_Q = BASE_QUANTITIES + (Q_R, Q_C_F, Q_S, Q_W)
_SEC = "Appendix B.2 (proof of Lemma B.7)"
_NOTE = ("(58)'s X, Y, Z, ΔX, ΔY, ΔZ from Algorithm 1's R_{k-1}, C_{k-1}, S_{k-1} and the row, "
         "column and coordinate sums of G_k² + ε_1; the realised gradients are any sequence "
         "with ||G_k||_F <= G (A4).")


def _st(ident, number, title, lhs, rhs, *, hyps=(), supremum=None, latex=None, forall=FORALL_KIJ,
        sizes=None, notes=""):
    extra = {"sizes": sizes} if sizes is not None else {}
    return statement(
        id=f"adafactor/{ident}", kind="eq", number=number, title=title,
        section=_SEC if number != "47" else "Appendix B.2 (proof of Lemma B.3)",
        family="proxy-gap", latex=latex, quantities=_Q, hypotheses=BASE_HYPS + tuple(hyps),
        lhs=lhs, rhs=rhs, forall=forall, trajectory=SRC_FACTORS, recurrences=RECS_FACTORS,
        supremum=supremum, source=f"({number}), " + (
            "proof of Lemma B.7" if number != "47" else "proof of Lemma B.3"),
        notes=(notes + " " + _NOTE).strip(), **extra)


EQ_59 = {
    "a": _st("eq-59-a", "59", "(59): 0 <= ΔX", sp.Integer(0), DX, latex=r"0\le\Delta X"),
    "b": _st("eq-59-b", "59", "(59): ΔX <= (1-β_{2,k})𝒢_1", DX, (1 - _B) * GG1,
             latex=r"\Delta X\le(1-\beta_{2,k})\mathcal G_1"),
    "c": _st("eq-59-c", "59", "(59): 0 <= ΔY", sp.Integer(0), DY, latex=r"0\le\Delta Y"),
    "d": _st("eq-59-d", "59", "(59): ΔY <= (1-β_{2,k})𝒢_2", DY, (1 - _B) * GG2,
             latex=r"\Delta Y\le(1-\beta_{2,k})\mathcal G_2"),
    "e": _st("eq-59-e", "59", "(59): 0 <= ΔZ", sp.Integer(0), DZ, latex=r"0\le\Delta Z"),
    "f": _st("eq-59-f", "59", "(59): ΔZ <= (1-β_{2,k})𝒢", DZ, (1 - _B) * GG,
             latex=r"\Delta Z\le(1-\beta_{2,k})\mathcal G"),
}
_TEX60 = (r"\frac{|w_{ij}^{(k)}-a_{ij}^{(k)}|}{\sqrt{a_{ij}^{(k)}}}=\frac{|XY\Delta Z-XZ\Delta Y-"
          r"YZ\Delta X-Z(\Delta X\Delta Y)|}{Z\sqrt{(X+\Delta X)(Y+\Delta Y)(Z+\Delta Z)}}\le"
          r"\text{(I)}+\text{(II)}")
EQ_60 = {
    "a": _st("eq-60-a", "60", "(60): |w - a|/√a <= the printed quotient (the equality's <=)",
             _GAP, _MID, supremum=1.0, latex=_TEX60),
    "b": _st("eq-60-b", "60", "(60): the printed quotient <= |w - a|/√a (the equality's >=)",
             _MID, _GAP, supremum=1.0, latex=_TEX60),
    "c": _st("eq-60-c", "60", "(60): the printed quotient <= (I) + (II) (triangle inequality)",
             _MID, TERM_I + TERM_II, supremum=1.0, latex=_TEX60),
}
EQ_61 = _st("eq-61", "61", "(61): (I) <= √((XΔY + YΔX + ΔXΔY)/(Z + ΔZ))", TERM_I,
            sp.sqrt((X * DY + Y * DX + DX * DY) / (Z + DZ)), supremum=1.0,
            latex=(r"\text{(I)}\le\frac{|X\Delta Y+Y\Delta X+\Delta X\Delta Y|}{\sqrt{(X\Delta Y+"
                   r"Y\Delta X+\Delta X\Delta Y)(Z+\Delta Z)}}\le\sqrt{\frac{X\Delta Y+Y\Delta X+"
                   r"\Delta X\Delta Y}{Z+\Delta Z}}"))
EQ_62 = _st("eq-62", "62", "(62): (I) <= √(5(1-β_{2,k})𝒢)", TERM_I, sp.sqrt(5 * (1 - _B) * GG),
            latex=r"\text{(I)}\le\sqrt{5(1-\beta_{2,k})\mathcal G}")
_MID63 = sp.sqrt(6 * (1 - _B) * GG1 * GG2 / (m * n * eps1))
EQ_63_A = _st("eq-63-a", "63", "(63): (I) <= √(6(1-β_{2,k})𝒢_1𝒢_2/(mnε_1))", TERM_I, _MID63,
              latex=(r"\text{(I)}\le\sqrt{\frac{6(1-\beta_{2,k})\mathcal G_1\mathcal G_2}{mn"
                     r"\epsilon_1}}"))
EQ_63_B = _st("eq-63-b", "63", "(63): √(6(1-β_{2,k})𝒢_1𝒢_2/(mnε_1)) <= G_1√(1-β_{2,k}) "
              "(m + n <= mn)", _MID63, G1 * _SQ1B, hyps=(H_MN2,),
              latex=(r"\sqrt{\frac{6(1-\beta_{2,k})(G^4+G^2\epsilon_1(m+n)+mn\epsilon_1^2)}{mn"
                     r"\epsilon_1}}\le G_1\sqrt{1-\beta_{2,k}}"))
EQ_64 = _st("eq-64", "64", "(64): (I) <= √(1-β_{2,k}) min{√(5𝒢), G_1}", TERM_I,
            _SQ1B * sp.Min(sp.sqrt(5 * GG), G1), hyps=(H_MN2,),
            latex=r"\text{(I)}\le\sqrt{1-\beta_{2,k}}\min\{\sqrt{5\mathcal G},G_1\}")
EQ_65 = _st("eq-65", "65", "(65): (II) <= √(1-β_{2,k}) min{√𝒢, G_2}", TERM_II,
            _SQ1B * sp.Min(sp.sqrt(GG), G2),
            latex=r"\text{(II)}\le\sqrt{1-\beta_{2,k}}\min\{\sqrt{\mathcal G},G_2\}")


def _sizes_t2(gen, preset="default"):
    return {"T": choose(gen, (2, 3, 5, 10, 20, 40)), "n": choose(gen, (1, 2, 3, 4, 6)),
            "m": choose(gen, (1, 2, 3, 4, 6))}


_LHS47 = (_B * R[k - 1, i, 1] + (1 - _B) * GG1) / (_B * S[k - 1] + (1 - _B) * GG)
_TEX47 = (r"\frac{\beta_{2,k}R_{V_{k-1}}^{(i)}+(1-\beta_{2,k})\mathcal G_1}{\beta_{2,k}S_{V_{k-1}}+"
          r"(1-\beta_{2,k})\mathcal G}\le\frac{\beta_{2,k}R_{V_{k-1}}^{(i)}}{\beta_{2,k}S_{V_{k-1}}}"
          r"+\frac{(1-\beta_{2,k})\mathcal G_1}{(1-\beta_{2,k})\mathcal G}\le2")
EQ_47_A = _st("eq-47-a", "47", "(47): the proxy's row ratio <= R_{k-1}/S_{k-1} + 𝒢_1/𝒢 (k >= 2)",
              _LHS47, R[k - 1, i, 1] / S[k - 1] + GG1 / GG, latex=_TEX47,
              forall=((k, 2, T), (i, 1, n), (j, 1, m)), sizes=_sizes_t2,
              notes="k >= 2: at k = 1 the middle term is 0/0 (V_0 = 0).")
EQ_47_B = _st("eq-47-b", "47", "(47): the proxy's row ratio <= 2", _LHS47, sp.Integer(2),
              latex=_TEX47)

ALL = [*EQ_59.values(), *EQ_60.values(), EQ_61, EQ_62, EQ_63_A, EQ_63_B, EQ_64, EQ_65, EQ_47_A,
       EQ_47_B]
