r"""Theorem D.1 (Appendix D, = Theorem 7.1) attacked *with noise*: Adafactor with the
time-varying update clipping d_k = k^{c/(2(α−1))}, (A1)-(A4), "with probability at least 1 − δ",
display (93) (1/2 <= c < 1).

``adafactor/theorem-D.1-eq93`` (:mod:`adaproof.bounds.adafactor`) attacks the noiseless case.
Encoded here (``adafactor/theorem-D.1-eq93-noise``): the same instance family and bound with
bounded mean-zero noise as for Theorem B.1 (ξ_k = ±r u_k, G >= s||h||_F + r: (A3), (A4)); the
clipping's RMS of the update uses the stochastic gradient in the float run and in the mpmath
recurrences alike (:mod:`._noise`).
"""
from __future__ import annotations

from ...bounds import adafactor as BA
from ._noise import H_A4, LAW_A4, Q_R, noise_a4, noisy, params_a4

THEOREM_D1_93_NOISE = noisy(
    BA.THEOREM_D1_STATEMENTS[93], "Dc", id="adafactor/theorem-D.1-eq93-noise",
    title="Theorem D.1 (93) with bounded mean-zero noise: w.p. >= 1 − δ, min ||Ḡ_k||² <= the "
          "bound",
    law=LAW_A4, params=params_a4("Dc"), noise=noise_a4, extra_q=(Q_R,), extra_h=H_A4,
    delta=BA._deltas, notes="Failure bound δ, as printed.")
