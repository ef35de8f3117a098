r"""Theorem B.1 (Appendix B, = Theorem 6.1) attacked *with noise*: Adafactor without update
clipping, (A1)-(A4), "with probability at least 1 − δ", display (35) (1/2 <= c < 1).

As printed (35): min_{k∈[T]} ||Ḡ_k||_F² <= C_0/√T (C_1 log(T/δ) + C_2 T^{1−c}/(1 − c) + C_2 +
C_3) with probability at least 1 − δ, under (A3) E[g | X] = ∇f(X) and (A4) ||g||_F <= G a.s.

``adafactor/theorem-B.1-eq35`` (:mod:`adaproof.bounds.adafactor`) attacks the noiseless case.
Encoded here (``adafactor/theorem-B.1-eq35-noise``): the same instance family and bound with
g(X_k, Z_k) = ∇f(X_k) + ε_k r u_k, ε_k = ±1 with probability 1/2 (mean zero given the past:
(A3)), u_k uniform on the unit sphere, and G >= s||h||_F + r so that ||g||_F <= G a.s. ((A4));
r up to 100 times the gradient bound (:mod:`._noise`).
"""
from __future__ import annotations

from ...bounds import adafactor as BA
from ._noise import H_A4, LAW_A4, Q_R, noise_a4, noisy, params_a4

THEOREM_B1_35_NOISE = noisy(
    BA.THEOREM_B1_STATEMENTS[35], "Bc", id="adafactor/theorem-B.1-eq35-noise",
    title="Theorem B.1 (35) with bounded mean-zero noise: w.p. >= 1 − δ, min ||Ḡ_k||² <= the "
          "bound",
    law=LAW_A4, params=params_a4("Bc"), noise=noise_a4, extra_q=(Q_R,), extra_h=H_A4,
    delta=BA._deltas, notes="Failure bound δ, as printed.")
