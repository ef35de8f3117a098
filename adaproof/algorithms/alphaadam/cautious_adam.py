"""Cautious Adam (C-Adam), the synchronous-mask baseline of *AlphaAdam: asynchronous masked
optimization with dynamic alpha for selective updates* (paper id ``alphaadam``).

What the AlphaAdam paper says: it only *cites* CAdam / CAdamW (Liang et al., 2024, "Cautious
optimizers: improving training with one line of code", arXiv:2411.16085; lines 18, 51, 263, 339; results lines 245, 252)
and describes its mask as the synchronous "Setting 1", eq. (5) (line 116):
φ_i = 1 if m_t^{(i)} g_t^{(i)} ≥ 0, else 0 (mask from the *current* momentum, unlike AlphaAdam's
asynchronous m_{t-1}), and uses β₁ = 0.9, β₂ = 0.999 for it (line 968).  It prints no C-Adam
algorithm box, so the rest is taken from Liang et al.'s Algorithm 1 (C-AdamW, arXiv v1) without
weight decay (the box could not be re-read here; its form agrees with the authors' released code
up to the points listed below, and AlphaAdam's line 207 reuses its d/(‖φ‖₀+1) rescaling):

.. math::

    m_t &= \\beta_1 m_{t-1} + (1-\\beta_1) g_t, \\qquad
    v_t = \\beta_2 v_{t-1} + (1-\\beta_2) g_t^2, \\qquad m_0 = v_0 = 0,\\\\
    \\hat m_t &= \\frac{m_t}{1-\\beta_1^t}, \\qquad \\hat v_t = \\frac{v_t}{1-\\beta_2^t}, \\qquad
    u_t = \\frac{\\hat m_t}{\\sqrt{\\hat v_t} + \\epsilon},\\\\
    \\varphi_t &= \\mathbb{I}(u_t \\circ g_t \\ge 0), \\qquad
    \\bar\\eta_t = \\eta_t\\, \\frac{d}{\\|\\varphi_t\\|_0 + \\xi}, \\qquad
    \\theta_t = \\theta_{t-1} - \\bar\\eta_t\\, \\varphi_t \\circ u_t ,

with ξ = 1 (Liang et al. write "+1"; the same d/(‖φ‖₀+1) rescaling is AlphaAdam's η̂, line 207).
Since √v̂_t + ϵ > 0, sign(u_t) = sign(m_t), so this mask is exactly eq. (5).  Bias correction and
ϵ placement are PyTorch's (ϵ added to √v̂_t); with every mask equal to one this is
``torch.optim.Adam`` with learning rate η d/(d + ξ) (tested).

Which form and why:

* Liang et al.'s released code (``C-Optim``, HF-style AdamW) builds
  ``mask = (exp_avg * grad > 0)``, multiplies it by ``numel / (mask.sum() + 1)`` and divides by
  ``sqrt(v) + eps`` with step ``lr * sqrt(1-β₂^t)/(1-β₁^t)`` (ϵ on the *uncorrected* √v_t); later
  revisions of the paper normalise by ``mask.mean() + eps`` instead (ξ = d·eps here).  The
  AlphaAdam paper's eq. (5) and Liang et al.'s algorithm box both keep coordinates with
  product ≥ 0, so ``strict=False`` (≥ 0) is the default; ``strict=True`` gives the code's > 0.
  The box's ϵ placement (ϵ on √v̂_t) is implemented.  ξ > 0 is a hyperparameter (default 1).
* Weight decay: C-AdamW's decoupled weight decay is omitted (C-Adam); AlphaAdam's Algorithm 1 has
  none either, so the two are compared on the same footing.

Guards: ‖φ_t‖₀ = 0 (possible with ``strict=True`` or when every u_{t,i} g_{t,i} < 0) gives a zero
step (φ_t ∘ u_t = 0; η̄_t = η_t d/ξ stays finite since ξ > 0).  ϵ = 0 is accepted; u_t = 0/0 on a
coordinate that has only seen zero gradients is taken as 0 (its ``step_size`` recorded as 0).

Recorded per step: ``m``, ``v``, ``m_hat``, ``v_hat``, ``u``, ``agreement`` = u_t ∘ g_t, ``mask``,
``mask_count`` = ‖φ_t‖₀ ``(B,)``, ``lr_bar`` = η̄_t ``(B,)``, ``step_size`` =
η̄_t φ_t / ((1−β₁^t)(√v̂_t + ϵ)) (so ``update = -step_size * m``) and ``update``.
Masks and ‖φ_t‖₀ are per candidate tensor (per parameter tensor in the Optimizer subclass, as in
Liang et al.'s per-parameter implementation).
"""
from __future__ import annotations

from typing import Any

import torch

from ..._validation import AdaproofInputError, as_hyper, check_finite_ratio, check_not_subnormal
from .._core import Algorithm
from ..optim import AlgorithmOptimizer
from ._common import batch_vector, check_param_shape, expand_b, guarded_div, per_candidate

__all__ = ["CautiousAdam", "CautiousAdamOptimizer"]


class CautiousAdam(Algorithm):
    """C-Adam (synchronous mask).  Hyperparameters: ``lr`` (η > 0, ``(B,)`` or a schedule),
    ``beta1``, ``beta2`` ∈ [0, 1), ``eps`` ≥ 0, ``xi`` > 0 (the "+1" of d/(‖φ‖₀+1)),
    ``strict`` (mask I(u∘g > 0) if True, I(u∘g ≥ 0) if False, the default)."""

    name = "alphaadam.cautious_adam"
    paper = "alphaadam"
    recorded = ("m", "v", "m_hat", "v_hat", "u", "agreement", "mask", "mask_count", "lr_bar",
                "step_size", "update")
    initial_keys = ("m", "v")

    def __init__(self, lr: Any = 1e-3, beta1: Any = 0.9, beta2: Any = 0.999, eps: Any = 1e-8,
                 xi: Any = 1.0, strict: bool = False) -> None:
        lr = self._lr("lr", lr)
        beta1 = as_hyper("beta1", beta1, 0.0, 1.0, high_open=True)
        beta2 = as_hyper("beta2", beta2, 0.0, 1.0, high_open=True)
        eps = as_hyper("eps", eps, 0.0, None, why="the stability term is >= 0")
        check_not_subnormal("eps", eps, why="the step divides lr by sqrt(v) + eps, which is eps for a zero gradient")
        check_finite_ratio("lr", lr, "eps", eps, why="the step divides lr by sqrt(v) + eps, which is eps for a zero gradient")
        xi = as_hyper("xi", xi, 0.0, None, low_open=True,
                      why="the rescaling d/(||phi||_0 + xi) needs xi > 0 when the mask is empty")
        if not isinstance(strict, bool):
            raise AdaproofInputError(f"strict must be a bool, got {strict!r}")
        super().__init__(lr=lr, beta1=beta1, beta2=beta2, eps=eps, xi=xi, strict=strict)

    def param_shape_check(self, x0: torch.Tensor) -> None:
        check_param_shape(x0)

    def init(self, x0: torch.Tensor) -> dict:
        return {"x": x0, "m": torch.zeros_like(x0), "v": torch.zeros_like(x0)}

    def step(self, state: dict, g: torch.Tensor, t: int):
        b1, b2 = self.hp("beta1", g), self.hp("beta2", g)
        eps = self.hp("eps", g)
        lr = batch_vector(self.hp("lr", g, t), g)
        xi = batch_vector(self.hp("xi", g), g)
        m = b1 * state["m"] + (1 - b1) * g
        v = b2 * state["v"] + (1 - b2) * g * g
        bc1 = 1 - b1 ** t
        bc2 = 1 - b2 ** t
        m_hat = m / bc1
        v_hat = v / bc2
        den = torch.sqrt(v_hat) + eps
        u = guarded_div(m_hat, den, what="u_t = m_hat_t / (sqrt(v_hat_t) + eps)", t=t)
        agreement = u * g
        mask = (agreement > 0 if self.hyper["strict"] else agreement >= 0).to(g.dtype)
        mask_count = per_candidate(mask)
        d = g[0].numel()
        lr_bar = lr * d / (mask_count + xi)                      # η̄_t = η_t d / (‖φ_t‖_0 + ξ)
        coef = expand_b(lr_bar, g)
        update = -coef * (mask * u)
        zero = den == 0
        step_size = torch.where(zero, torch.zeros_like(den),
                                coef * mask / (bc1 * torch.where(zero, torch.ones_like(den), den)))
        x = state["x"] + update
        return {"x": x, "m": m, "v": v}, {
            "m": m, "v": v, "m_hat": m_hat, "v_hat": v_hat, "u": u, "agreement": agreement,
            "mask": mask, "mask_count": mask_count, "lr_bar": lr_bar, "step_size": step_size,
            "update": update}


class CautiousAdamOptimizer(AlgorithmOptimizer):
    """``torch.optim.Optimizer`` running :class:`CautiousAdam` (per-parameter masks)."""

    algorithm_class = CautiousAdam
