r"""(71), (72) and (73), Appendix B.3 (proof of Proposition B.1): the error term B of the proxy
step-size and the second-order term C.

As printed, with B = \sum_{k\le t}\eta_k\langle\bar G_k, G_k\odot(1/\sqrt{A_k} - 1/\sqrt{W_k})\rangle,
C = \sum_{k\le t} L\eta_k^2/2\,\|G_k/\sqrt{W_k}\|_F^2 and \Sigma_A = \sum_{k\le t}\eta_k\|\bar G_k/\sqrt[4]{A_k}\|_F^2::

    B \le \Sigma_A/4 + 4\sqrt{\mathcal G}\sum_k \eta_k\sqrt{1-\beta_{2,k}}\|G_k/\sqrt{W_k}\|_F^2
      \le \Sigma_A/4 + 4\sqrt{\mathcal G}\sum_k \frac{(\epsilon_2+\Theta_{\max})\rho_0}{\sqrt k}\sqrt{1-\beta_{2,k}}\|G_k/\sqrt{W_k}\|_F^2
      \le \Sigma_A/4 + 4\sqrt{\mathcal G}\sum_k (\epsilon_2+\Theta_{\max})\rho_0(1-\beta_{2,k})\|G_k/\sqrt{W_k}\|_F^2     (71)

    B \le \Sigma_A/4 + \frac{8mn\mathcal G^{3/2}(\epsilon_2+\Theta_{\max})\rho_0}{\max\{m,n\}\epsilon_1}
          [\log(2 + 2G^2/\epsilon_1) + 4\sum_k(1-\beta_{2,k})]                                                          (72)

    C \le \frac{Lmn\mathcal G(\epsilon_2+\Theta_{\max})^2\rho_0^2}{\max\{m,n\}\epsilon_1}
          [\log(2 + 2G^2/\epsilon_1) + 4\sum_k(1-\beta_{2,k})]                                                          (73)

Encoded for every t in [T] (Algorithm 1 without update clipping, eta_k by (4), setting (5)):
``adafactor/eq-71-a`` (B against the last line, end to end), ``-b`` (B against the first line:
(70) with (57) gives 4 x 4 sqrt(calG) = 16 sqrt(calG), the printed constant is 4 sqrt(calG)),
``-c`` (first line <= second, (55)), ``-d`` (second <= third, 1/sqrt(k) sqrt(1 - beta_{2,k}) <=
1 - beta_{2,k}: false at k = 1, where it reads sqrt(1/2) <= 1/2); ``adafactor/eq-72-a`` (end to
end), ``-b`` (the last line of (71) against (72)'s second term: Lemmas B.4, B.5);
``adafactor/eq-73`` (end to end).  Corrected variants are beside the links the checker refutes.
"""
from __future__ import annotations

import sympy as sp

from ...declare import corrected, statement
from ...statement import Quantity, Hypothesis
from ._common import (a_kij, BASE_HYPS, BASE_QUANTITIES, beta2_k, eps1, eps2, eta, FORALL_T, G, g,
                      gbar, GG, i, j, k, m, n, Q_C_F, Q_GBAR, Q_R, Q_S, Q_W, rho0, RECS_FACTORS,
                      REC_ETA, REC_X, SRC_ETA, t, w_kij)
from ._full import THETA_MAX
from .eq_70 import _ETA_H, _ETA_Q

Lsm = sp.Symbol("L", real=True)
_Q_L = Quantity("L", "scalar", "> 0", "smoothness constant L of (A1)")
_H_L = Hypothesis(sp.StrictGreaterThan(Lsm, 0), note="(A1): L > 0")
_QS = BASE_QUANTITIES + (Q_GBAR, Q_R, Q_C_F, Q_S, Q_W) + _ETA_Q
_HYPS = BASE_HYPS + _ETA_H
_RECS = RECS_FACTORS + (REC_X, REC_ETA)
_B2 = beta2_k(k)
_UW = sp.Sum(g[k, i, j] ** 2 / w_kij, (i, 1, n), (j, 1, m))            # ||G_k / sqrt(W_k)||_F^2
_SA = sp.Sum(eta[k] * sp.Sum(gbar[k, i, j] ** 2 / sp.sqrt(a_kij), (i, 1, n), (j, 1, m)),
             (k, 1, t))                                                 # Sigma_A
B_TERM = sp.Sum(eta[k] * sp.Sum(gbar[k, i, j] * g[k, i, j]
                                * (1 / sp.sqrt(a_kij) - 1 / sp.sqrt(w_kij)), (i, 1, n), (j, 1, m)),
                (k, 1, t))
C_TERM = sp.Sum(Lsm * eta[k] ** 2 / 2 * _UW, (k, 1, t))
_UP = (eps2 + THETA_MAX) * rho0
_L1 = _SA / 4 + 4 * sp.sqrt(GG) * sp.Sum(eta[k] * sp.sqrt(1 - _B2) * _UW, (k, 1, t))
# (eps_2 + Theta_max) rho_0 does not depend on k: written outside the sums (the exact evaluator
# would recompute the max over the run once per term otherwise)
_L2 = _SA / 4 + 4 * sp.sqrt(GG) * _UP * sp.Sum(sp.sqrt(1 - _B2) / sp.sqrt(k) * _UW, (k, 1, t))
_L3 = _SA / 4 + 4 * sp.sqrt(GG) * _UP * sp.Sum((1 - _B2) * _UW, (k, 1, t))
_BRACKET = sp.log(2 + 2 * G ** 2 / eps1) + 4 * sp.Sum(1 - _B2, (k, 1, t))
_MAXMN = sp.Max(m, n)
_L72 = _SA / 4 + 8 * m * n * GG ** sp.Rational(3, 2) * _UP / (_MAXMN * eps1) * _BRACKET
_R73 = Lsm * m * n * GG * _UP ** 2 / (_MAXMN * eps1) * _BRACKET
_NOTE = ("Algorithm 1 without update clipping, eta_k by (4), setting (5); Theta_max = max_{k in "
         "[T]} ||X_k||_inf over the run.  Pathwise: the realised gradients are any sequence with "
         "||G_k||_F <= G (A4) and Gbar_k any matrices with ||Gbar_k||_F <= G (the link (A3) "
         "is not used by these deterministic steps).")
_TEX71 = [r"\mathbf B\le\frac14\sum_{k=1}^t\eta_k\Big\|\frac{\bar{\mathbf G}_k}{\sqrt[4]{\mathbf A_k}}"
          r"\Big\|_F^2+4\sqrt{\mathcal G}\sum_{k=1}^t" + s + r"\Big\|\frac{\mathbf G_k}{\sqrt{"
          r"\mathbf W_k}}\Big\|_F^2" for s in (
              r"\eta_k\sqrt{1-\beta_{2,k}}",
              r"\frac{(\epsilon_2+\Theta_{\max})\rho_0}{\sqrt k}\sqrt{1-\beta_{2,k}}",
              r"(\epsilon_2+\Theta_{\max})\rho_0(1-\beta_{2,k})")]


def _stmt(id_, number, title, tex, lhs, rhs, expected="holds", extra_q=(), extra_h=(), note=""):
    return statement(
        id=id_, kind="eq", number=number, title=title,
        section="Appendix B.3 (proof of Proposition B.1)", family="proxy-gap",
        latex=r"\forall t\in[T]:\ " + tex,
        quantities=_QS + extra_q, hypotheses=_HYPS + extra_h,
        lhs=lhs, rhs=rhs, forall=FORALL_T, expected=expected,
        trajectory=SRC_ETA, recurrences=_RECS,
        source=f"({number}), proof of Proposition B.1", notes=_NOTE + note)


EQ_71 = {
    "a": _stmt("adafactor/eq-71-a", "71", "Estimate of B, end to end (last line of (71))",
               _TEX71[2], B_TERM, _L3),
    "b": _stmt("adafactor/eq-71-b", "71", "Estimate of B, first line ((70) with Lemma B.7)",
               _TEX71[0], B_TERM, _L1),
    # the links c, d: the common term Sigma_A/4 cancels and is left out of both sides
    "c": _stmt("adafactor/eq-71-c", "71", "Estimate of B, second link ((55))",
               _TEX71[0] + r"\le\cdots" + _TEX71[1][1:], _L1 - _SA / 4, _L2 - _SA / 4),
    "d": _stmt("adafactor/eq-71-d", "71",
               "Estimate of B, third link (1/sqrt(k) sqrt(1-beta_{2,k}) <= 1-beta_{2,k})",
               _TEX71[1] + r"\le\cdots" + _TEX71[2][1:], _L2 - _SA / 4, _L3 - _SA / 4,
               expected="violated",
               note=" At k = 1: 1/sqrt(1) sqrt(1 - beta_{2,1}) = 1/sqrt(2) > 1/2 = 1 - beta_{2,1} "
                    "(the substitution 1 - beta_{2,k} = k^{-c} holds for k >= 2 only)."),
}
EQ_71["d@corrected"] = corrected(
    EQ_71["d"],
    reason="1 - beta_{2,k} = k^{-c} holds for k >= 2 only; at k = 1 (beta_{2,1} = 1/2) "
           "sqrt(1 - beta_{2,1}) = sqrt(2)(1 - beta_{2,1}): the factor sqrt(2) covers every k",
    rhs=4 * sp.sqrt(2 * GG) * _UP * sp.Sum((1 - _B2) * _UW, (k, 1, t)),
    latex=r"\cdots\le\frac14\Sigma_A+4\sqrt{2\mathcal G}\sum_{k=1}^t(\epsilon_2+\Theta_{\max})"
          r"\rho_0(1-\beta_{2,k})\|\mathbf G_k/\sqrt{\mathbf W_k}\|_F^2")

_TEX72 = (r"\mathbf B\le\frac14\sum_{k=1}^t\eta_k\Big\|\frac{\bar{\mathbf G}_k}{\sqrt[4]{\mathbf A_k}}"
          r"\Big\|_F^2+\frac{8mn\mathcal G^{3/2}(\epsilon_2+\Theta_{\max})\rho_0}{\max\{m,n\}"
          r"\epsilon_1}\Big[\log\Big(2+\frac{2G^2}{\epsilon_1}\Big)+4\sum_{k=1}^t(1-\beta_{2,k})\Big]")
EQ_72 = {
    "a": _stmt("adafactor/eq-72-a", "72", "Estimate of B with Lemmas B.4, B.5 (end to end)",
               _TEX72, B_TERM, _L72),
    "b": _stmt("adafactor/eq-72-b", "72",
               "Last line of (71) against (72) (Lemmas B.4 and B.5)",
               _TEX71[2][len(r"\mathbf B\le"):] + r"\le" + _TEX72[len(r"\mathbf B\le"):], _L3, _L72),
}
EQ_73 = _stmt(
    "adafactor/eq-73", "73", "Estimate of the second-order term C",
    r"\mathbf C=\sum_{k=1}^t\frac{L\eta_k^2}2\Big\|\frac{\mathbf G_k}{\sqrt{\mathbf W_k}}\Big\|_F^2"
    r"\le\frac{Lmn\mathcal G(\epsilon_2+\Theta_{\max})^2\rho_0^2}{\max\{m,n\}\epsilon_1}\Big[\log"
    r"\Big(2+\frac{2G^2}{\epsilon_1}\Big)+4\sum_{k=1}^t(1-\beta_{2,k})\Big]",
    C_TERM, _R73, extra_q=(_Q_L,), extra_h=(_H_L,))
