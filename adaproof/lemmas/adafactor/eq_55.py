r"""(55) and (56), Appendix B.2 (proof of Lemma B.6): the step eta_k of Algorithm 1 without update
clipping, and eta_k over the proxy sqrt(a_ij^(k)).

As printed (setting (5): beta_{2,1} = 1/2, beta_{2,k} = 1 - 1/k^c, rho_k = rho_0/sqrt(k))::

    RMS(X_k) \le \Theta_{\max}, \quad \epsilon_2\rho_0/\sqrt k \le \eta_k \le (\epsilon_2 + \Theta_{\max})\rho_0/\sqrt k   (55)

    \eta_k/\sqrt{a_{ij}^{(k)}} \le \eta_k/\sqrt{\beta_{2,k}(1-\beta_{2,k})\epsilon_1}
        \le \frac{(\epsilon_2+\Theta_{\max})\rho_0}{\sqrt{\beta_{2,k}\epsilon_1}}\cdot\frac{k^{c/2}}{\sqrt k}
        \le \frac{(\epsilon_2+\Theta_{\max})\rho_0}{\sqrt{\min\{\beta_{2,1},\beta_{2,2}\}\epsilon_1}}
        \le \frac{2(\epsilon_2+\Theta_{\max})\rho_0}{\sqrt{\epsilon_1}}                                         (56)

Encoded: ``adafactor/eq-55-a`` (RMS(X_k) <= Theta_max), ``-b`` (lower), ``-c`` (upper);
``adafactor/eq-56-a`` (end to end), ``-b``..``-e`` (its four links).  The second link ``-c`` is
violated as printed at k = 1: it substitutes 1 - beta_{2,k} = k^{-c}, which holds for k >= 2 only
(1 - beta_{2,1} = 1/2 while 1^{-c} = 1), so at k = 1 the middle term is sqrt(2) times too small;
``-c@corrected`` keeps 1/sqrt(1 - beta_{2,k}) in place of k^{c/2}.  The end-to-end (56) holds
(at k = 1, a >= eps_1/4 directly).
"""
from __future__ import annotations

import sympy as sp

from ...declare import corrected, statement
from ._common import (a_kij, BASE_HYPS, BASE_QUANTITIES, beta2_k, c, eps1, eps2, eta, FORALL_K,
                      FORALL_KIJ, HALF, k, m, n, p, q, Q_C_F, Q_R, Q_S, Q_W, rho0, RECS_FACTORS,
                      REC_ETA, REC_X, SRC_ETA, X)
from ._full import THETA_MAX
from .eq_70 import _ETA_H, _ETA_Q

_ETA_HYPS = BASE_HYPS + _ETA_H[:2]  # eps_2 > 0, rho_0 > 0 (not the Gbar bound)
_QS = BASE_QUANTITIES + (Q_R, Q_C_F, Q_S, Q_W) + _ETA_Q
_RECS = RECS_FACTORS + (REC_X, REC_ETA)
_RMS = sp.sqrt(sp.Sum(X[k, p, q] ** 2, (p, 1, n), (q, 1, m)) / (n * m))
_UP = (eps2 + THETA_MAX) * rho0
_NOTE = ("Algorithm 1 without update clipping, eta_k by (4), setting (5), on any gradients with "
         "||G_k||_F <= G (A4); Theta_max = max_{k in [T]} ||X_k||_inf over the run's iterates.")

_TEX55 = (r"\mathrm{RMS}(\mathbf X_k)\le\Theta_{\max},\quad\frac{\epsilon_2\rho_0}{\sqrt k}\le\eta_k"
          r"\le\frac{(\epsilon_2+\Theta_{\max})\rho_0}{\sqrt k}")
EQ_55 = {}
for _part, _lhs, _rhs, _what in (("a", _RMS, THETA_MAX, "RMS(X_k) <= Theta_max"),
                                 ("b", eps2 * rho0 / sp.sqrt(k), eta[k], "eta_k from below"),
                                 ("c", eta[k], _UP / sp.sqrt(k), "eta_k from above")):
    EQ_55[_part] = statement(
        id=f"adafactor/eq-55-{_part}", kind="eq", number="55",
        title=f"Step-size of Algorithm 1 without clipping: {_what}",
        section="Appendix B.2 (proof of Lemma B.6)", family="update-norm",
        latex=_TEX55, quantities=_QS, hypotheses=_ETA_HYPS,
        lhs=_lhs, rhs=_rhs, forall=FORALL_K,
        trajectory=SRC_ETA, recurrences=_RECS,
        source=f"(55), Appendix B.2 ({_what})", supremum=1.0, notes=_NOTE,
    )

_B = beta2_k(k)
_L0 = eta[k] / sp.sqrt(a_kij)
_L1 = eta[k] / sp.sqrt(_B * (1 - _B) * eps1)
_L2 = _UP / sp.sqrt(_B * eps1) * k ** (c / 2) / sp.sqrt(k)
_L3 = _UP / sp.sqrt(sp.Min(HALF, 1 - 2 ** (-c)) * eps1)
_L4 = 2 * _UP / sp.sqrt(eps1)
_TEX56 = (r"\frac{\eta_k}{\sqrt{a_{ij}^{(k)}}}\le\frac{\eta_k}{\sqrt{\beta_{2,k}(1-\beta_{2,k})"
          r"\epsilon_1}}\le\frac{(\epsilon_2+\Theta_{\max})\rho_0}{\sqrt{\beta_{2,k}\epsilon_1}}\cdot"
          r"\frac{k^{c/2}}{\sqrt k}\le\frac{(\epsilon_2+\Theta_{\max})\rho_0}{\sqrt{\min\{\beta_{2,1},"
          r"\beta_{2,2}\}\epsilon_1}}\le\frac{2(\epsilon_2+\Theta_{\max})\rho_0}{\sqrt{\epsilon_1}}")
EQ_56 = {}
for _part, _lhs, _rhs, _what, _forall, _exp in (
        ("a", _L0, _L4, "end to end", FORALL_KIJ, "holds"),
        ("b", _L0, _L1, "first link (Lemma B.3)", FORALL_KIJ, "holds"),
        ("c", _L1, _L2, "second link (1 - beta_{2,k} = k^{-c})", FORALL_K, "violated"),
        ("d", _L2, _L3, "third link", FORALL_K, "holds"),
        ("e", _L3, _L4, "last link (beta_{2,2} >= 1 - 1/sqrt 2)", FORALL_K, "holds")):
    EQ_56[_part] = statement(
        id=f"adafactor/eq-56-{_part}", kind="eq", number="56",
        title=f"eta_k / sqrt(a_ij^(k)) <= 2 (eps_2 + Theta_max) rho_0 / sqrt(eps_1): {_what}",
        section="Appendix B.2 (proof of Lemma B.6)", family="proxy-gap",
        latex=_TEX56 + (r"\quad(\text{" + _what + "})" if _part != "a" else ""),
        quantities=_QS, hypotheses=_ETA_HYPS,
        lhs=_lhs, rhs=_rhs, forall=_forall, expected=_exp,
        trajectory=SRC_ETA, recurrences=_RECS,
        source=f"(56), Appendix B.2 ({_what})",
        supremum=1.0 if _part == "d" else None,
        notes=_NOTE + (" At k = 1, 1 - beta_{2,1} = 1/2 but 1^{-c} = 1: the middle term is "
                       "sqrt(2) times smaller than the left side when eta_1 = (eps_2 + "
                       "Theta_max) rho_0 (e.g. X_1 = 0, Theta_max = 0)." if _part == "c" else ""),
    )
EQ_56["c@corrected"] = corrected(
    EQ_56["c"],
    reason="1 - beta_{2,k} = k^{-c} holds for k >= 2 only (beta_{2,1} = 1/2): keep "
           "1/sqrt(1 - beta_{2,k}) in place of k^{c/2}",
    rhs=_UP / sp.sqrt(_B * eps1) / sp.sqrt(1 - _B) / sp.sqrt(k),
    latex=r"\frac{\eta_k}{\sqrt{\beta_{2,k}(1-\beta_{2,k})\epsilon_1}}\le\frac{(\epsilon_2+\Theta_"
          r"{\max})\rho_0}{\sqrt{\beta_{2,k}\epsilon_1}}\cdot\frac{1}{\sqrt{(1-\beta_{2,k})k}}")
