"""Adafactor as analysed in *Convergence of Adafactor under non-convex smooth stochastic
optimization* (paper id ``adafactor``), Algorithm 1 ("Adafactor"), on matrices.

Algorithm 1 as printed::

    Input: X_1 in R^{n x m}, R_0 = 0_m, C_0 = 0_n^T, relative step-sizes {rho_k}_{k>=1},
           decay rate {beta_{2,k}}_{k>=1} in [0, 1), regularization constants eps_1, eps_2 > 0,
           clipping threshold d.
    for k = 1, ..., T:
        G_k = g(X_k, Z_k)
        R_k = beta_{2,k} R_{k-1} + (1 - beta_{2,k}) (G_k . G_k + eps_1 1_n 1_m^T) 1_m
        C_k = beta_{2,k} C_{k-1} + (1 - beta_{2,k}) 1_n^T (G_k . G_k + eps_1 1_n 1_m^T)
        W_k = (R_k C_k) / 1_n^T R_k
        U_k = G_k / sqrt(W_k)
        eta_k = max{eps_2, RMS(X_k)} rho_k / max{1, RMS(U_k)/d}
        X_{k+1} = X_k - eta_k * G_k / sqrt(W_k)

with ``RMS(X) = sqrt((1/mn) sum_ij x_ij^2)`` (Section 3), ``.`` the coordinate-wise product and the
quotient/square root coordinate-wise.  Variants analysed by the paper, all selected by ``d``:

* ``d`` a real: Algorithm 1 with constant clipping threshold (experiments' default ``d = 1``);
* ``d=None``: "Algorithm 1 without update clipping", ``eta_k = max{eps_2, RMS(X_k)} rho_k`` (4)
  (Theorems 6.1, B.1, C.1);
* ``d`` a schedule ``k -> d_k``: the time-varying threshold (6),
  ``eta_k = max{eps_2, RMS(X_k)} rho_k / max{1, RMS(U_k)/d_k}``; Theorem 7.1 uses
  ``d_k = k^{c/(2(alpha-1))}`` (:class:`~adaproof.algorithms.adafactor.PaperClipThreshold`).

Defaults (the analysed setting (5)/(7) with the paper's stated empirical defaults):
``beta2 = PaperBeta2(0.8)`` i.e. ``beta_{2,1} = 1/2``, ``beta_{2,k} = 1 - 1/k^{0.8}`` (``k >= 2``);
``rho = SqrtRho(1e-2)`` i.e. ``rho_k = rho_0/sqrt(k)``; ``eps1 = 1e-30`` ("10^{-30} in the default
setup", Section 6.1); ``eps2 = 1e-3`` ("the default value of eps_2 is 10^{-3}"); ``d = 1``.

Shapes (``B`` candidates): ``x0`` is ``(B, n, m)``.  ``R_k`` is the column ``(...) 1_m`` of row
sums, stored ``(B, n, 1)``; ``C_k`` is the row ``1_n^T (...)`` of column sums, stored ``(B, 1, m)``;
``R_k C_k`` is then their ``(B, n, m)`` outer product and ``1_n^T R_k`` a scalar per candidate.
Indexing: the paper's iterate starts at ``X_1``; ``traj.x[:, k]`` is ``X_{k+1}`` and step ``t`` of
:func:`~adaproof.algorithms._core.run` is the paper's iteration ``k = t`` (``R_0``, ``C_0`` are the
initial values of ``traj.series("R")`` / ``traj.series("C")``).

Recorded per step (``(B, ...)``): ``R`` (R_k), ``C`` (C_k), ``S`` (1_n^T R_k, the coordinate sum),
``W`` (W_k), ``U`` (U_k, the unclipped update direction), ``U_clipped``
(``U_k / max{1, RMS(U_k)/d}``), ``G_tilde`` (``G_k / max{1, RMS(U_k)/d}``, (97)), ``rms_x``
(RMS(X_k)), ``scale`` (``max{eps_2, RMS(X_k)}``), ``rms_u`` (RMS(U_k)), ``clip``
(``max{1, RMS(U_k)/d}``, 1 without clipping), ``rho`` (rho_k), ``beta2`` (beta_{2,k}), ``eta``
(eta_k, the effective scalar step), ``step_size`` (``eta_k / sqrt(W_k)``, per coordinate) and
``update`` (``X_{k+1} - X_k = -eta_k U_k``).

Ambiguity: Algorithm 1's input line sets ``R_0 = 0_m`` and ``C_0 = 0_n^T``, dimensions that do not
fit ``R_k = (...) 1_m in R^n`` and ``C_k = 1_n^T (...) in R^{1 x m}`` (Appendix E.2 repeats them);
Algorithm 2 and the proof of Lemma A.2 write ``R_0 = 0_n``, ``C_0 = 0_m^T``; resolved as
``R_0 = 0_n`` (column) and ``C_0 = 0_m^T`` (row).

Ambiguity: the box allows ``beta_{2,k} in [0, 1)`` and Section 4 states the default
``beta_{2,k} = 1 - 1/k^c`` (which gives ``beta_{2,1} = 0``), while every theorem (5.1, 6.1, 7.1,
A.1, B.1, C.1, D.1) sets ``beta_{2,1} = 1/2`` and ``0 < beta_{2,k} < 1`` for ``k >= 2`` (the
bounds carry ``1/(1 - beta_{2,1})``); resolved: by default (``require_beta21_half=True``)
``beta_{2,1}`` must equal 1/2 and ``beta_{2,k} in (0, 1)`` for ``k >= 2``;
``require_beta21_half=False`` admits the box's ``[0, 1)`` (this is what torch/HuggingFace run).

Ambiguity: the paper fixes no ``rho_0`` (Theorems take "some positive constant rho_0"; Figure 1 uses
``rho_0 = 7e-3``, Appendix E uses the warm-up ``rho_k = min{1e-6 k, 1/sqrt(k)}``); resolved: default
``rho_k = 1e-2 / sqrt(k)`` (1e-2 is Shazeer & Stern's cap of the relative step), any positive
real, ``(B,)`` tensor or schedule accepted.

Ambiguity: ``W_k = (R_k C_k) / 1_n^T R_k`` is read as the outer product divided by the scalar
``1_n^T R_k`` (as (45): ``w_ij = R^{(i)} C^{(j)} / S``).  Section 8 writes the smoothed square as
``G_k . Gbar_k + eps_1``; resolved with the algorithm box and (43): ``G_k . G_k + eps_1 1_n 1_m^T``.

Ambiguity: the paper gives no range for ``d``; resolved: ``d > 0`` (``RMS(U_k)/d`` must be defined);
"without update clipping" is ``d=None`` (the limit ``d -> inf``).

Guards: ``eps_1 > 0`` and ``beta_{2,1} < 1`` (box) keep ``R_k >= m eps_1 Gamma_k``,
``C_k >= n eps_1 Gamma_k``, ``1^T R_k >= mn eps_1 Gamma_k`` with ``Gamma_k >= 1 - beta_{2,1} > 0``
(Lemma A.1/A.3), so ``W_k > 0`` and no division by zero occurs; ``eps_2 > 0`` keeps ``eta_k > 0`` at
``X_k = 0``; ``rho_k > 0``.  The factored form needs matrices: ``x0`` must be ``(B, n, m)``.
"""
from __future__ import annotations

from typing import Any

import torch

from ..._validation import SQUARE_LOW, AdaproofInputError, as_hyper, check_not_subnormal
from .._core import Algorithm
from ..optim import AlgorithmOptimizer
from ._common import (PaperBeta2, SqrtRho, beta2_at, check_beta2, per_candidate, scheduled,
                      step_size_eta, validate_scheduled)

__all__ = ["AdafactorPaper", "AdafactorPaperOptimizer"]


class _AdafactorHypers(Algorithm):
    """Hyperparameters and their per-step evaluation, shared by the paper forms."""

    def __init__(self, rho: Any = None, beta2: Any = None, eps1: Any = 1e-30, eps2: Any = 1e-3,
                 d: Any = 1.0, require_beta21_half: bool = True) -> None:
        if rho is None:
            rho = SqrtRho(1e-2)
        if beta2 is None:
            beta2 = PaperBeta2(0.8)
        if not isinstance(require_beta21_half, bool):
            raise AdaproofInputError(
                f"require_beta21_half must be a bool, got {require_beta21_half!r}")
        rho = validate_scheduled("rho", rho, 0.0, None, low_open=True,
                                 why="relative step-sizes rho_k > 0")
        beta2 = check_beta2("beta2", beta2, require_beta21_half)
        eps1 = as_hyper("eps1", eps1, SQUARE_LOW, 2.0 ** 500,
                        why="Algorithm 1: eps_1 > 0 keeps 1_n^T R_k > 0; the factored R_k C_k^T "
                            "holds about n m eps_1^2, which must not underflow to 0 or overflow "
                            "(2**-511 <= eps1 <= 2**500, for n m up to 2**22)")
        eps2 = as_hyper("eps2", eps2, 0.0, None, low_open=True, why="Algorithm 1: eps_2 > 0")
        if d is not None:
            d = validate_scheduled("d", d, 0.0, None, low_open=True,
                                   why="the clipping threshold divides RMS(U_k); None = no clipping")
            check_not_subnormal("d", d, why="the clipping threshold divides RMS(U_k)")
        super().__init__(rho=rho, beta2=beta2, eps1=eps1, eps2=eps2, d=d,
                         require_beta21_half=require_beta21_half)

    def _hypers(self, g: torch.Tensor, t: int):
        b2 = beta2_at("beta2", self.hyper["beta2"], t, g, self.hyper["require_beta21_half"])
        rho = scheduled("rho", self.hyper["rho"], t, g, 0.0, None, low_open=True)
        d = self.hyper["d"]
        if d is not None:
            d = scheduled("d", d, t, g, 0.0, None, low_open=True)
        return b2, rho, self.hp("eps1", g), self.hp("eps2", g), d


class AdafactorPaper(_AdafactorHypers):
    """Algorithm 1 of adafactor.

    Hyperparameters: ``rho`` (rho_k > 0: real, (B,) or schedule ``k -> rho_k``; default
    ``SqrtRho(1e-2)``), ``beta2`` (beta_{2,k}: real, (B,) or schedule; default ``PaperBeta2(0.8)``),
    ``eps1`` > 0 (default 1e-30), ``eps2`` > 0 (default 1e-3), ``d`` (clipping threshold > 0, a
    schedule ``k -> d_k``, or ``None`` for no clipping; default 1), ``require_beta21_half``
    (default True: enforce the theorems' beta_{2,1} = 1/2).
    """

    name = "adafactor.adafactor"
    paper = "adafactor"
    recorded = ("R", "C", "S", "W", "U", "U_clipped", "G_tilde", "rms_x", "scale", "rms_u", "clip",
                "rho", "beta2", "eta", "step_size", "update")
    initial_keys = ("R", "C")

    # -- shape ------------------------------------------------------------------------------
    def param_shape_check(self, x0: torch.Tensor) -> None:
        if not isinstance(x0, torch.Tensor) or x0.dim() != 3:
            raise AdaproofInputError(
                f"{type(self).__name__} factors matrices: x0 must have shape (B, n, m), got "
                f"{tuple(getattr(x0, 'shape', ()))}")
        if x0.shape[1] < 1 or x0.shape[2] < 1:
            raise AdaproofInputError(f"x0 of shape {tuple(x0.shape)} has an empty matrix")

    def init(self, x0: torch.Tensor) -> dict:
        self.param_shape_check(x0)
        B, n, m = x0.shape
        return {"x": x0,
                "R": torch.zeros((B, n, 1), dtype=x0.dtype, device=x0.device),
                "C": torch.zeros((B, 1, m), dtype=x0.dtype, device=x0.device)}

    # -- the recurrence ---------------------------------------------------------------------
    def step(self, state: dict, g: torch.Tensor, t: int):
        x = state["x"]
        b2, rho, eps1, eps2, d = self._hypers(g, t)
        g2 = g * g + eps1                                          # G_k . G_k + eps_1 1_n 1_m^T
        R = b2 * state["R"] + (1 - b2) * g2.sum(dim=-1, keepdim=True)   # (...) 1_m     (B, n, 1)
        C = b2 * state["C"] + (1 - b2) * g2.sum(dim=-2, keepdim=True)   # 1_n^T (...)   (B, 1, m)
        S = R.sum(dim=-2, keepdim=True)                            # 1_n^T R_k         (B, 1, 1)
        W = (R * C) / S                                            # (R_k C_k) / 1_n^T R_k
        sqrt_w = torch.sqrt(W)
        U = g / sqrt_w
        eta, rms_x, scale, rms_u, clip = step_size_eta(x, U, rho, eps2, d)
        update = -eta * U                                          # -eta_k G_k / sqrt(W_k)
        x_new = x + update
        rec = {"R": R, "C": C, "S": S.reshape(-1), "W": W, "U": U, "U_clipped": U / clip,
               "G_tilde": g / clip, "rms_x": rms_x.reshape(-1), "scale": scale.reshape(-1),
               "rms_u": rms_u.reshape(-1), "clip": clip.reshape(-1),
               "rho": per_candidate(rho, g), "beta2": per_candidate(b2, g),
               "eta": eta.reshape(-1), "step_size": eta / sqrt_w, "update": update}
        return {"x": x_new, "R": R, "C": C}, rec


class AdafactorPaperOptimizer(AlgorithmOptimizer):
    """``torch.optim.Optimizer`` running :class:`AdafactorPaper` (Algorithm 1) exactly as analysed.
    Every parameter must be a matrix."""

    algorithm_class = AdafactorPaper
