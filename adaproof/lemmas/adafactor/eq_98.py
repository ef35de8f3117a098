r"""(98), Appendix D.1 (proof of Theorem D.1): the relative step rhohat_k of Algorithm 1 with the
time-varying update clipping (6), setting (7).

As printed::

    X_{k+1} = X_k - \hat\rho_k \tilde G_k / \sqrt{W_k},
    \epsilon_2\rho_0/\sqrt k \le \hat\rho_k \le (\epsilon_2+\Theta_{\max})\rho_0/\sqrt k
        \le (\epsilon_2+\Theta_{\max})\rho_0\sqrt{1-\beta_{2,k}}

with rhohat_k = max{eps_2, RMS(X_k)} rho_k (97), "where we applied that 1/sqrt(k) <= 1/k^{c/2} and
beta_{2,k} = 1 - 1/k^c in the last inequality".  Encoded: ``adafactor/eq-98-a`` (lower bound),
``-b`` (upper bound), ``-c`` (last link: violated as printed at k = 1, where beta_{2,1} = 1/2 gives
sqrt(1 - beta_{2,1}) = 1/sqrt 2 < 1 = 1/sqrt 1; the substitution 1 - beta_{2,k} = k^{-c} holds for
k >= 2 only), ``-c@corrected`` (with the factor sqrt 2, which covers k = 1 and is implied for
k >= 2).  The update identity is the algorithm's own rewrite (97), not a claim.
"""
from __future__ import annotations

import sympy as sp

from ...declare import corrected, statement
from ...statement import Hypothesis, Quantity, Recurrence, TrajectorySource
from ._common import (alpha, BASE_HYPS, BASE_QUANTITIES, beta2_k, c, eps2, eta, FORALL_K, g, i,
                      j, k, m, n, p, q, Q_C_F, Q_R, Q_S, Q_W, rho0, RECS_FACTORS, U, W, X, x1,
                      _AdafactorWithS, _hypers_no_clipping, _READ_FACTORS)
from ...algorithms.adafactor import PaperClipThreshold
from ._full import THETA_MAX
from .eq_70 import _ETA_H, _ETA_Q

sc = sp.IndexedBase("sc")


def _build(env):
    hyper = _hypers_no_clipping(env)
    hyper["d"] = PaperClipThreshold(env["c"], env["alpha"])
    return _AdafactorWithS(**hyper), {"x0": env["x1"].data, "grads": env["g"].data}


SRC_CLIPPED_ETA = TrajectorySource(
    build=_build, read={**_READ_FACTORS, "x": ("X", (1, 1, 1)), "eta": ("eta", (1,)),
                        "scale": ("sc", (1,))},
    series=("R", "C", "S"))
_NORM_U = sp.sqrt(sp.Sum((g[k, p, q] / sp.sqrt(W[k, p, q])) ** 2, (p, 1, n), (q, 1, m)))
_RMS_X = sp.sqrt(sp.Sum(X[k, p, q] ** 2, (p, 1, n), (q, 1, m)) / (n * m))
D_K = k ** (c / (2 * (alpha - 1)))                                     # d_k of (7)
REC_SC = Recurrence("sc", k, 1, sp.Integer(0), sp.Max(eps2, _RMS_X))   # max{eps_2, RMS(X_k)}
REC_ETA_CLIP = Recurrence("eta", k, 1, sp.Integer(0),
                          sp.Max(eps2, _RMS_X) * rho0 / sp.sqrt(k)
                          / sp.Max(1, _NORM_U / (D_K * sp.sqrt(m * n))))       # (6)
REC_X_CLIP = Recurrence("X", k, 2, x1[i, j],
                        X[k - 1, i, j] - eta[k - 1] * g[k - 1, i, j] / sp.sqrt(W[k - 1, i, j]))
RECS_CLIP_ETA = RECS_FACTORS + (REC_X_CLIP, REC_ETA_CLIP, REC_SC)
Q_ALPHA = Quantity("alpha", "scalar", "> 1", "alpha of d_k = k^{c/(2(alpha-1))}, (7)")
H_ALPHA = Hypothesis(sp.StrictGreaterThan(alpha, 1), note="setting (7) (Theorem 7.1 / D.1): alpha > 1")
Q_SC = Quantity("sc", "trajectory", "> 0", "max{eps_2, RMS(X_k)}, so rhohat_k = sc_k rho_k (97)",
                (1,), ("T",))
CLIP_QUANTITIES = (BASE_QUANTITIES + (Q_ALPHA, Q_R, Q_C_F, Q_S, Q_W) + _ETA_Q[:3]
                   + (Quantity("X", "trajectory", "R", "iterates X_k (Algorithm 1 with (6), (7))",
                               (1, 1, 1), ("T + 1", "n", "m")),
                      Quantity("eta", "trajectory", "> 0", "eta_k of (6)", (1,), ("T",)), Q_SC))
CLIP_HYPS = BASE_HYPS + (H_ALPHA,) + _ETA_H[:2]
RHOHAT = sc[k] * rho0 / sp.sqrt(k)

_TEX = (r"\frac{\epsilon_2\rho_0}{\sqrt k}\le\hat\rho_k\le\frac{(\epsilon_2+\Theta_{\max})\rho_0}"
        r"{\sqrt k}\le(\epsilon_2+\Theta_{\max})\rho_0\sqrt{1-\beta_{2,k}}")
_UP = (eps2 + THETA_MAX) * rho0
EQ_98 = {}
for _part, _lhs, _rhs, _what, _exp in (
        ("a", eps2 * rho0 / sp.sqrt(k), RHOHAT, "rhohat_k from below", "holds"),
        ("b", RHOHAT, _UP / sp.sqrt(k), "rhohat_k from above", "holds"),
        ("c", _UP / sp.sqrt(k), _UP * sp.sqrt(1 - beta2_k(k)),
         "last link: 1/sqrt(k) <= sqrt(1 - beta_{2,k})", "violated")):
    EQ_98[_part] = statement(
        id=f"adafactor/eq-98-{_part}", kind="eq", number="98",
        title=f"Clipped Adafactor, rhohat_k: {_what}",
        section="Appendix D.1 (proof of Theorem D.1)", family="update-norm",
        latex=_TEX, quantities=CLIP_QUANTITIES, hypotheses=CLIP_HYPS,
        lhs=_lhs, rhs=_rhs, forall=FORALL_K, expected=_exp,
        trajectory=SRC_CLIPPED_ETA, recurrences=RECS_CLIP_ETA,
        source=f"(98), Appendix D.1 ({_what})",
        supremum=1.0 if _part != "c" else None,
        notes="Algorithm 1 with (6), setting (7), on any gradients with ||G_k||_F <= G (A4); "
              "Theta_max = max_{k in [T]} ||X_k||_inf over the run's iterates."
              + (" At k = 1: 1/sqrt(1) = 1 > 1/sqrt(2) = sqrt(1 - beta_{2,1})." if _part == "c"
                 else ""),
    )
EQ_98["c@corrected"] = corrected(
    EQ_98["c"],
    reason="1 - beta_{2,k} = k^{-c} holds for k >= 2 only; at k = 1 (beta_{2,1} = 1/2) "
           "1/sqrt(k) = sqrt(2) sqrt(1 - beta_{2,1}): the factor sqrt(2) makes it hold for all k",
    rhs=sp.sqrt(2) * _UP * sp.sqrt(1 - beta2_k(k)),
    latex=r"\frac{(\epsilon_2+\Theta_{\max})\rho_0}{\sqrt k}\le\sqrt2(\epsilon_2+\Theta_{\max})"
          r"\rho_0\sqrt{1-\beta_{2,k}}")
