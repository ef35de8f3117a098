r"""(70), Appendix B.3 (proof of Proposition B.1): the estimation of B, three links.

As printed ("We then apply (69) and Young's inequality")::

    B <= \sum_{k=1}^t\sum_{i,j} \eta_k |\bar g_{ij}^{(k)} g_{ij}^{(k)}| |1/\sqrt{w} - 1/\sqrt{a}|
      <= \sum_{k=1}^t\sum_{i,j} \eta_k |\bar g g| / (\sqrt{w}\sqrt{a}) \sqrt{|w - a|}
      <= 1/4 \sum \eta_k (\bar g_{ij}^{(k)})^2/\sqrt{a} + 4 \sum \eta_k |w - a|/\sqrt{a} (g/\sqrt{w})^2

with B = \sum_k \eta_k <\bar G_k, G_k . (1/\sqrt{A_k} - 1/\sqrt{W_k})>.  Encoded:
``adafactor/eq-70-a`` (triangle inequality), ``-b`` ((69) term by term), ``-c`` (Young's
inequality), on Algorithm 1 without update clipping, eta_k by (4), setting (5).
"""
from __future__ import annotations

import sympy as sp

from ...declare import statement
from ...statement import Hypothesis, Quantity
from ._common import (a_kij, BASE_HYPS, BASE_QUANTITIES, eps2, eta, FORALL_T, g, gbar, H_GBAR, i,
                      j, k, m, n, _NOTE_PATHWISE, Q_C_F, Q_GBAR, Q_R, Q_S, Q_W, REC_ETA, REC_X,
                      RECS_FACTORS, rho0, SRC_ETA, t, w_kij)

# (70): three links of the chain.  B = sum_k eta_k <Gbar_k, G_k . (1/sqrt(A_k) - 1/sqrt(W_k))>
_GG_KIJ = gbar[k, i, j] * g[k, i, j]
_INV_GAP = 1 / sp.sqrt(w_kij) - 1 / sp.sqrt(a_kij)
_ETA_Q = (Quantity("x1", "sequence", "R", "initial point X_1", (1, 1), ("n", "m")),
          Quantity("eps2", "scalar", "> 0", "regularization constant eps_2"),
          Quantity("rho0", "scalar", "> 0", "rho_0: rho_k = rho_0 / sqrt(k), (5)"),
          Quantity("X", "trajectory", "R", "iterates X_k (Algorithm 1, eta_k by (4))",
                   (1, 1, 1), ("T + 1", "n", "m")),
          Quantity("eta", "trajectory", "> 0", "eta_k = max{eps_2, RMS(X_k)} rho_k, (4)",
                   (1,), ("T",)))
_ETA_H = (Hypothesis(sp.StrictGreaterThan(eps2, 0), note="Algorithm 1: eps_2 > 0"),
          Hypothesis(sp.StrictGreaterThan(rho0, 0), note="Theorem B.1: rho_0 > 0"),
          H_GBAR)
_EQ70_TERMS = {
    "B": eta[k] * sp.Sum(gbar[k, i, j] * g[k, i, j] * (1 / sp.sqrt(a_kij) - 1 / sp.sqrt(w_kij)),
                         (i, 1, n), (j, 1, m)),
    "abs": sp.Sum(eta[k] * sp.Abs(_GG_KIJ) * sp.Abs(_INV_GAP), (i, 1, n), (j, 1, m)),
    "sqrt": sp.Sum(eta[k] * sp.Abs(_GG_KIJ) / (sp.sqrt(w_kij) * sp.sqrt(a_kij))
                   * sp.sqrt(sp.Abs(w_kij - a_kij)), (i, 1, n), (j, 1, m)),
    "young": sp.Rational(1, 4) * sp.Sum(eta[k] * gbar[k, i, j] ** 2 / sp.sqrt(a_kij),
                                        (i, 1, n), (j, 1, m))
             + 4 * sp.Sum(eta[k] * sp.Abs(w_kij - a_kij) / sp.sqrt(a_kij)
                          * (g[k, i, j] / sp.sqrt(w_kij)) ** 2, (i, 1, n), (j, 1, m)),
}
_EQ70_LATEX = [
    r"\mathbf B\le\sum_{k=1}^t\sum_{i,j}\eta_k|\bar g_{ij}^{(k)}g_{ij}^{(k)}|\Big|\frac1{\sqrt{w_{ij}^{(k)}}}"
    r"-\frac1{\sqrt{a_{ij}^{(k)}}}\Big|",
    r"\le\sum_{k=1}^t\sum_{i,j}\eta_k\frac{|\bar g_{ij}^{(k)}g_{ij}^{(k)}|}{\sqrt{w_{ij}^{(k)}}"
    r"\sqrt{a_{ij}^{(k)}}}\sqrt{|w_{ij}^{(k)}-a_{ij}^{(k)}|}",
    r"\le\frac14\sum_{k=1}^t\sum_{i,j}\eta_k\frac{(\bar g_{ij}^{(k)})^2}{\sqrt{a_{ij}^{(k)}}}+4"
    r"\sum_{k=1}^t\sum_{i,j}\eta_k\frac{|w_{ij}^{(k)}-a_{ij}^{(k)}|}{\sqrt{a_{ij}^{(k)}}}\Big("
    r"\frac{g_{ij}^{(k)}}{\sqrt{w_{ij}^{(k)}}}\Big)^2",
]
_EQ70_PARTS = (("a", "B", "abs", "triangle inequality", _EQ70_LATEX[0]),
               ("b", "abs", "sqrt", "(69) term by term", _EQ70_LATEX[1]),
               ("c", "sqrt", "young", "Young's inequality", _EQ70_LATEX[2]))
EQ_70 = {}
for _part, _l, _r, _why, _tex in _EQ70_PARTS:
    EQ_70[_part] = statement(
        id=f"adafactor/eq-70-{_part}", kind="eq", number="70",
        title=f"Estimation of B in the proof of Proposition B.1, link {_part} ({_why})",
        section="Appendix B.3 (proof of Proposition B.1)", family="proxy-gap",
        latex=r"\forall t\in[T]:\ " + _tex,
        quantities=BASE_QUANTITIES + (Q_GBAR, Q_R, Q_C_F, Q_S, Q_W) + _ETA_Q,
        hypotheses=BASE_HYPS + _ETA_H,
        lhs=sp.Sum(_EQ70_TERMS[_l], (k, 1, t)),
        rhs=sp.Sum(_EQ70_TERMS[_r], (k, 1, t)),
        forall=FORALL_T,
        trajectory=SRC_ETA, recurrences=RECS_FACTORS + (REC_X, REC_ETA),
        source=f"(70), proof of Proposition B.1 (link {_part}: {_why})",
        supremum=1.0 if _part in ("a", "b") else None,
        notes="Algorithm 1 without update clipping, eta_k by (4), setting (5); " + _NOTE_PATHWISE,
    )
