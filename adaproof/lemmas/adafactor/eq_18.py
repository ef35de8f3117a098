r"""(18), Appendix A.3 (proof of Theorem A.1): the summed descent inequality of Algorithm 2.

As printed (OCR)::

    \underbrace{\sum_{k=1}^t\hat\eta_k\Big\|\frac{\bar G_k}{\sqrt{\bar W_k}}\Big\|_F^2}_{(a)}
      \le f(X_1) - f^* + \underbrace{\frac L2\sum_{k=1}^t\hat\eta_k^2
      \Big\|\frac{\bar G_k}{\sqrt{\bar W_k}}\Big\|_F^2}_{(b)}.                         (18)

OCR reading.  The text shows sqrt(Wbar_k) in both (a) and (b).  The display it sums,
f(X_{k+1}) <= f(X_k) - etahat_k <Gbar_k, Gbar_k/sqrt(Wbar_k)> + L etahat_k^2/2 ||Gbar_k/sqrt(Wbar_k)||^2,
gives <Gbar_k, Gbar_k/sqrt(Wbar_k)> = ||Gbar_k/Wbar_k^{1/4}||_F^2 in (a), which is what (23)-(25) and
(28) bound as "(a)" (the PDF's \sqrt[4] index may be lost in the OCR, or the paper has a typo).
Both readings are encoded: ``adafactor/eq-18`` (printed) with sqrt(Wbar_k) in (a), as the text
reads, and ``adafactor/eq-18@corrected`` with the fourth root.  Both for every t in [T], on the
closed-loop run of :mod:`._full_closed` (rho_k = rho_0/sqrt(k)).

Finding: the text's reading is violated (||Gbar_k/sqrt(Wbar_k)||^2 > ||Gbar_k/Wbar_k^{1/4}||^2
when wbar < 1, and f(X_1) - f* can be small: witness in counterexamples/adafactor/eq-18); the
fourth-root reading holds.
"""
from __future__ import annotations

import sympy as sp

from ._full_closed import closed, eta, f, k, L, quart, t, u2

_B = L / 2 * sp.Sum(eta(k, "A-sqrt") ** 2 * u2(k), (k, 1, t))
_TEX = (r"\sum_{k=1}^t\hat\eta_k\Big\|\frac{\bar G_k}{\sqrt{\bar W_k}}\Big\|_F^2\le f(X_1)-f^*+\frac"
        r"L2\sum_{k=1}^t\hat\eta_k^2\Big\|\frac{\bar G_k}{\sqrt{\bar W_k}}\Big\|_F^2")
_READING = ("(a) is sum etahat_k <Gbar_k, Gbar_k/sqrt(Wbar_k)> = sum etahat_k ||Gbar_k/Wbar_k^{1/4}||^2 "
            "(the descent step it sums, and (23)-(28)); the text's sqrt(Wbar_k) in (a) is an "
            "OCR loss of the fourth root or a typo")
EQ_18 = closed(
    "eq-18", "18", "(18) as the text reads it: sum etahat_k ||Gbar_k/sqrt(Wbar_k)||^2 <= "
    "f(X_1) - f* + L/2 sum etahat_k^2 ||Gbar_k/sqrt(Wbar_k)||^2",
    sp.Sum(eta(k, "A-sqrt") * u2(k), (k, 1, t)), f(1) + _B, _TEX, expected="violated",
    source="(18), Appendix A.3 (the text's sqrt(Wbar_k) in (a))",
    notes="(a) read with sqrt(Wbar_k), as the OCR text shows; f* = 0.")
EQ_18_CORRECTED = closed(
    "eq-18", "18", "(18): sum etahat_k ||Gbar_k/Wbar_k^{1/4}||^2 <= f(X_1) - f* + L/2 sum "
    "etahat_k^2 ||Gbar_k/sqrt(Wbar_k)||^2 ((a) with the fourth root)",
    sp.Sum(eta(k, "A-sqrt") * quart(k), (k, 1, t)), f(1) + _B,
    _TEX.replace(r"\sum_{k=1}^t\hat\eta_k\Big\|\frac{\bar G_k}{\sqrt{\bar W_k}}",
                 r"\sum_{k=1}^t\hat\eta_k\Big\|\frac{\bar G_k}{\sqrt[4]{\bar W_k}}", 1),
    variant="corrected", reason=_READING, supremum=1.0,
    source="(18), Appendix A.3 (the descent lemma (15) summed, f(X_{t+1}) >= f*)",
    notes="(a) read with Wbar_k^{1/4}; f* = 0.  Ratio -> 1 for small steps (the descent lemma "
          "is tight to first order).")
