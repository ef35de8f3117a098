"""Full-batch Adafactor of *Convergence of Adafactor under non-convex smooth stochastic
optimization* (paper id ``adafactor``), Algorithm 2 (Appendix A).

Algorithm 2 as printed::

    Input: X_1 in R^{n x m}, R_0 = 0_n, C_0 = 0_m^T, relative step-sizes {rho_k}_{k>=1},
           decay rate {beta_{2,k}}_{k>=1} in [0, 1), regularization constants eps_1, eps_2 > 0,
           clipping threshold d.
    for k = 1, ..., T:
        Gbar_k = grad f(X_k)
        Rbar_k = beta_{2,k} Rbar_{k-1} + (1 - beta_{2,k}) (Gbar_k . Gbar_k + eps_1 1_n 1_m^T) 1_m
        Cbar_k = beta_{2,k} Cbar_{k-1} + (1 - beta_{2,k}) 1_n^T (Gbar_k . Gbar_k + eps_1 1_n 1_m^T)
        Wbar_k = (Rbar_k Cbar_k) / 1_n^T Rbar_k
        Ubar_k = Gbar_k / sqrt(Wbar_k)
        etahat_k = max{eps_2, RMS(X_k)} rho_k / max{1, RMS(Ubar_k)/d}
        X_{k+1} = X_k - etahat_k * Gbar_k / sqrt(Wbar_k)

"The only difference to Algorithm (1) is the replacement of stochastic gradient by deterministic
gradient grad f(X_k)" (Appendix A): the recurrence is exactly :class:`AdafactorPaper`'s, and the
gradient consumed at step ``k`` must be the exact gradient at ``X_k``.  Run it closed loop
(:func:`run_full_batch`, or ``run(alg, x0, oracle=lambda X, k: grad_f(X), T=T)``); an open-loop run
is Algorithm 2 only if the given gradients are the exact gradients along the trajectory.

Analysed setting (Theorem 5.1 / A.1): ``beta_{2,1} = 1/2``, ``0 < beta_{2,k} < 1`` (``k >= 2``),
``rho_1 = rho_0`` and either ``rho_k = rho_0`` (constant; the O(log T / T) rate) or
``rho_k = rho_0/sqrt(k)``; ``d`` constant.  Defaults, shapes, records (named without bars:
``R`` is Rbar_k, ``eta`` is etahat_k, ...), ambiguities and guards are those of
:mod:`adaproof.algorithms.adafactor.adafactor`; Algorithm 2 prints ``R_0 = 0_n``, ``C_0 = 0_m^T``
correctly (Algorithm 1 prints them transposed).  Theorem A.1's proof rewrites
``RMS(Ubar_k)/d = ||Ubar_k||_F / (d sqrt(mn))`` (19), consistent with the RMS of Section 3.
"""
from __future__ import annotations

from typing import Callable

import torch

from .._core import Trajectory, run
from ..optim import AlgorithmOptimizer
from .adafactor import AdafactorPaper

__all__ = ["AdafactorFullBatch", "AdafactorFullBatchOptimizer", "run_full_batch"]


class AdafactorFullBatch(AdafactorPaper):
    """Algorithm 2 of adafactor (full-batch Adafactor); hyperparameters as :class:`AdafactorPaper`."""

    name = "adafactor.adafactor_full_batch"
    paper = "adafactor"


def run_full_batch(algorithm: AdafactorFullBatch, grad_f: Callable[[torch.Tensor], torch.Tensor],
                   x0: torch.Tensor, T: int, **kw) -> Trajectory:
    """Run Algorithm 2 closed loop: step ``k`` consumes ``grad_f(X_k)`` (``(B, n, m) -> (B, n, m)``)."""
    return run(algorithm, x0, oracle=lambda X, k: grad_f(X), T=T, **kw)


class AdafactorFullBatchOptimizer(AlgorithmOptimizer):
    """``torch.optim.Optimizer`` running :class:`AdafactorFullBatch`; it is Algorithm 2 when each
    ``backward()`` computes the full-batch gradient."""

    algorithm_class = AdafactorFullBatch
