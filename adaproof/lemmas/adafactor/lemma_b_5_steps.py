r"""(44), (45) (Appendix B.1) and the proof of Lemma B.5 (Appendix B.2), (49)-(51).

(44), as printed: "R_{V_k}^{(i)} = β_{2,k} R_{V_{k-1}}^{(i)} + (1 − β_{2,k}) G²_{k,ε1} 1_m,
C_{V_k}^{(j)} = β_{2,k} C_{V_{k-1}}^{(j)} + (1 − β_{2,k}) 1_n^T G²_{k,ε1}" (the stochastic analogue
of Lemma A.2), where V_k is the unfactored (43) and R_{V_k} = V_k 1_m, C_{V_k} = 1_n^T V_k; the
claim it serves is that Algorithm 1's factors R_k, C_k are these row and column sums.  (45):
"w_ij^(k) = R C/S = (β R_{V_{k-1}} + (1−β) R_{G²})(β C_{V_{k-1}} + (1−β) C_{G²})/(β S_{V_{k-1}}
+ (1−β) S_{G²})".  Encoded as algorithm identities, each as two inequalities between Algorithm
1's R_k, C_k, w_ij^(k) and the right sides computed from the unfactored V_{k−1} run beside it
on the same gradients: ``eq-44-a``/``-b`` (rows), ``-c``/``-d`` (columns), ``eq-45-a``/``-b``.

Proof of Lemma B.5, as printed: with x_k = (1 − β_{2,k})(g_ij^(k))² and y_k + θ_k = v_ij^(k)
(the unrolled (43) printed above (48)),

* (49) x_k/(y_k + θ_k) <= log((y_k + θ_k)/(y_{k−1} + θ_{k−1})) − log β_{2,k}  (k >= 2; at k = 1,
  y_0 + θ_0 = 0): ``eq-49``;
* (50) Σ_{k<=t} (1 − β_{2,k})(g_ij^(k))²/v_ij^(k) <= 1 + log((y_t + θ_t)/(y_1 + θ_1)) −
  Σ_{k=2}^t log β_{2,k}: ``eq-50``;
* (51) (y_t + θ_t)/(y_1 + θ_1) <= 2(G² + ε_1)/ε_1: ``eq-51``.

(48) "(1 − β_{2,k})(g_ij^(k))²/v_ij^(k) = x_k/(y_k + θ_k)" is the definition of x_k and the
unrolled (43) (y_k + θ_k = v_ij^(k)); it is not encoded on its own (the evaluator has no
product Π β_{2,l} to write y_k and θ_k apart), and (49)-(51) use it.
"""
from __future__ import annotations

import sympy as sp

from ...declare import statement
from ...sampling import choose
from ._common import (BASE_HYPS, BASE_QUANTITIES, C, eps1, FORALL_KIJ, G, Q_C_F, Q_R, Q_S, Q_V,
                      Q_W, R, REC_V, RECS_FACTORS, S, SRC_V, SRC_WV, T, V, W, beta2_k, g, i, j,
                      k, m, n, p, q, t)

_B = beta2_k(k)
_Q_WV = BASE_QUANTITIES + (Q_R, Q_C_F, Q_S, Q_W, Q_V)
_RECS_WV = RECS_FACTORS + (REC_V,)
_RV_prev = sp.Sum(V[k - 1, i, q], (q, 1, m))
_CV_prev = sp.Sum(V[k - 1, p, j], (p, 1, n))
_SV_prev = sp.Sum(V[k - 1, p, q], (p, 1, n), (q, 1, m))
_RG = sp.Sum(g[k, i, q] ** 2 + eps1, (q, 1, m))
_CG = sp.Sum(g[k, p, j] ** 2 + eps1, (p, 1, n))
_SG = sp.Sum(g[k, p, q] ** 2 + eps1, (p, 1, n), (q, 1, m))
_R44 = _B * _RV_prev + (1 - _B) * _RG
_C44 = _B * _CV_prev + (1 - _B) * _CG
_W45 = _R44 * _C44 / (_B * _SV_prev + (1 - _B) * _SG)
_NOTE_ID = ("An algorithm identity, encoded as two inequalities: Algorithm 1's factor against "
            "the EMA of the unfactored V_k (43) run beside it on the same gradients (any "
            "sequence with ||G_k||_F <= G).")
_TEX44 = (r"R_{V_k}^{(i)}=\beta_{2,k}R_{V_{k-1}}^{(i)}+(1-\beta_{2,k})G_{k,\epsilon_1}^2\mathbf 1_m,"
          r"\ C_{V_k}^{(j)}=\beta_{2,k}C_{V_{k-1}}^{(j)}+(1-\beta_{2,k})\mathbf 1_n^\top"
          r"G_{k,\epsilon_1}^2")
_TEX45 = (r"w_{ij}^{(k)}=\frac{R_{V_k}^{(i)}C_{V_k}^{(j)}}{S_{V_k}}=\frac{(\beta_{2,k}R_{V_{k-1}}^{(i)}"
          r"+(1-\beta_{2,k})R_{G^2}^{(i)})(\beta_{2,k}C_{V_{k-1}}^{(j)}+(1-\beta_{2,k})C_{G^2}^{(j)})}"
          r"{\beta_{2,k}S_{V_{k-1}}+(1-\beta_{2,k})S_{G^2}}")


def _id(ident, number, title, lhs, rhs, tex):
    return statement(
        id=f"adafactor/{ident}", kind="eq", number=number, title=title,
        section="Appendix B.1", family="proxy-gap", latex=tex, quantities=_Q_WV,
        hypotheses=BASE_HYPS, lhs=lhs, rhs=rhs, forall=FORALL_KIJ, trajectory=SRC_WV,
        recurrences=_RECS_WV, supremum=1.0, source=f"({number}), Appendix B.1", notes=_NOTE_ID)


EQ_44 = {
    "a": _id("eq-44-a", "44", "(44): R_k <= β R_{V_{k−1}} + (1−β) G²_{k,ε1} 1_m", R[k, i, 1], _R44,
             _TEX44),
    "b": _id("eq-44-b", "44", "(44): R_k >= β R_{V_{k−1}} + (1−β) G²_{k,ε1} 1_m", _R44, R[k, i, 1],
             _TEX44),
    "c": _id("eq-44-c", "44", "(44): C_k <= β C_{V_{k−1}} + (1−β) 1_n^T G²_{k,ε1}", C[k, 1, j],
             _C44, _TEX44),
    "d": _id("eq-44-d", "44", "(44): C_k >= β C_{V_{k−1}} + (1−β) 1_n^T G²_{k,ε1}", _C44,
             C[k, 1, j], _TEX44),
}
EQ_45 = {
    "a": _id("eq-45-a", "45", "(45): w_ij^(k) <= the EMA quotient", W[k, i, j], _W45, _TEX45),
    "b": _id("eq-45-b", "45", "(45): w_ij^(k) >= the EMA quotient", _W45, W[k, i, j], _TEX45),
}


def _sizes_t2(gen, preset="default"):
    return {"T": choose(gen, (2, 3, 5, 10, 20, 40)), "n": choose(gen, (1, 2, 3, 4)),
            "m": choose(gen, (1, 2, 3, 4))}


_SEC = "Appendix B.2 (proof of Lemma B.5)"
_Q_V = BASE_QUANTITIES + (Q_V,)
_NOTE_V = ("y_k + θ_k = v_ij^(k), the unfactored (43) with V_0 = 0 (the unrolled form printed "
           "above (48)); the gradients are any sequence with ||G_k||_F <= G (A4).")
EQ_49 = statement(
    id="adafactor/eq-49", kind="eq", number="49",
    title="(49): x_k/(y_k+θ_k) <= log((y_k+θ_k)/(y_{k−1}+θ_{k−1})) − log β_{2,k} (k >= 2)",
    section=_SEC, family="log-sum",
    latex=(r"\frac{x_k}{y_k+\theta_k}\le\log\Big(\frac{y_k+\theta_k}{y_{k-1}+\theta_{k-1}}\Big)-"
           r"\log\beta_{2,k}"),
    quantities=_Q_V, hypotheses=BASE_HYPS,
    lhs=(1 - _B) * g[k, i, j] ** 2 / V[k, i, j],
    rhs=sp.log(V[k, i, j] / V[k - 1, i, j]) - sp.log(_B),
    forall=((k, 2, T), (i, 1, n), (j, 1, m)), sizes=_sizes_t2,
    trajectory=SRC_V, recurrences=(REC_V,), source="(49), proof of Lemma B.5",
    notes="k >= 2 (at k = 1 the right side has log(v_1/0)). " + _NOTE_V)
_kk = sp.Symbol("kk", integer=True)
EQ_50 = statement(
    id="adafactor/eq-50", kind="eq", number="50",
    title="(50): Σ_{k<=t} (1−β_{2,k}) g²/v <= 1 + log(v_t/v_1) − Σ_{k=2}^t log β_{2,k}",
    section=_SEC, family="log-sum",
    latex=(r"\sum_{k=1}^t(1-\beta_{2,k})\frac{(g_{ij}^{(k)})^2}{v_{ij}^{(k)}}\le1+\log\Big(\frac{"
           r"y_t+\theta_t}{y_1+\theta_1}\Big)-\sum_{k=2}^t\log\beta_{2,k}"),
    quantities=_Q_V, hypotheses=BASE_HYPS,
    lhs=sp.Sum((1 - _B) * g[k, i, j] ** 2 / V[k, i, j], (k, 1, t)),
    rhs=1 + sp.log(V[t, i, j] / V[1, i, j]) - sp.Sum(sp.log(beta2_k(_kk)), (_kk, 2, t)),
    forall=((t, 1, T), (i, 1, n), (j, 1, m)),
    trajectory=SRC_V, recurrences=(REC_V,), source="(50), proof of Lemma B.5", notes=_NOTE_V)
EQ_51 = statement(
    id="adafactor/eq-51", kind="eq", number="51",
    title="(51): (y_t+θ_t)/(y_1+θ_1) <= 2(G²+ε_1)/ε_1",
    section=_SEC, family="log-sum",
    latex=r"\frac{y_t+\theta_t}{y_1+\theta_1}\le\frac{2(G^2+\epsilon_1)}{\epsilon_1}",
    quantities=_Q_V, hypotheses=BASE_HYPS,
    lhs=V[t, i, j] / V[1, i, j], rhs=2 * (G ** 2 + eps1) / eps1,
    forall=((t, 1, T), (i, 1, n), (j, 1, m)),
    trajectory=SRC_V, recurrences=(REC_V,), source="(51), proof of Lemma B.5", notes=_NOTE_V)

ALL = [*EQ_44.values(), *EQ_45.values(), EQ_49, EQ_50, EQ_51]
