"""The AlphaAdam variant analysed in Appendix E (Theorem 3.8 / E.5) of *AlphaAdam: asynchronous
masked optimization with dynamic alpha for selective updates* (paper id ``alphaadam``).

"Core algorithm steps" as printed (txt lines 733-741):

.. math::

    d_t &= g_t \\odot m_{t-1}, \\qquad m_t = \\beta_1 m_{t-1} + (1-\\beta_1) g_t, \\qquad
    v_t = \\beta_2 v_{t-1} + (1-\\beta_2)(g_t \\odot g_t),\\\\
    u_t &= \\frac{m_t}{\\sqrt{v_t} + \\epsilon}, \\qquad \\varphi_t = \\mathbb{I}(d_t > 0), \\qquad
    \\theta_{t+1} = \\theta_t - \\eta\\, \\varphi_t \\circ u_t ,

with, in Theorem 3.8 / E.5 (lines 226, 935), the step size η_t = η/√t, full-batch gradients and
β₁ < √β₂ < 1.

How it differs from Algorithm 1 (:class:`~adaproof.algorithms.alphaadam.AlphaAdam`):

* no dynamic strength: α_t is absent (equivalently α_t ≡ 1);
* no rescaling: the step is η_t, not η̂ = η d/(‖φ_t‖₀ + 1);
* decaying step η_t = η/√t (the theorem) instead of the constant η of the box;
* ϵ is dropped in the analysis: line 739 prints u_t = m_t/(√v_t + ϵ), but Lemma E.2 (line 782,
  |θ_{i,t+1} − θ_{i,t}| = η_t |m_{i,t}|/√v_{i,t}), Lemma E.4 (line 824) and the proof of E.5
  (line 943, φ_t ∘ m_t / √(β₂ v_{t−1} + (1−β₂) ∇L_t²)) all use m_t/√v_t.
* identical: the asynchronous mask I(g_t ⊙ m_{t−1} > 0) (strict, as at lines 740 and 906), the
  moments, no bias correction, h₀ = m₀ = 0 and v₀ = 0 (the expansions of Lemma E.2, line 782).

Ambiguity (step size): line 741 prints a constant η, the theorem uses η_t = η/√t.  Resolved as:
``lr_decay="inv_sqrt"`` (default) takes η_t = η/√t with η = ``lr`` (``lr`` may itself be a schedule
``t -> η``, then η_t = lr(t)/√t); ``lr_decay="constant"`` gives line 741 literally.

Ambiguity (ϵ): resolved as ϵ = 0 by default (the analysed form); ``eps`` ≥ 0 may be set to use
line 739 literally.  With ϵ = 0, u_t = 0/0 on a coordinate whose second moment is still 0 (it has
only seen zero gradients, so m_t = 0 too when ``m0 = 0``) is taken as 0 and its ``step_size`` as 0;
selected coordinates never hit it (φ_{t,i} = 1 forces g_{t,i} ≠ 0, so v_{t,i} > 0 for β₂ < 1).  A
coordinate with v_t = 0 ≠ m_t (only possible with ``m0 != 0``) raises :class:`AdaproofInputError`.

The theorem's condition β₁ < √β₂ < 1 is documented, not enforced (it is a hypothesis of the
statement, not of the recurrence); β₂ ∈ (0, 1) is required (the lemmas divide by √β₂).

At t = 1 with m₀ = 0 the mask is empty (d₁ = 0) and the step is zero; unlike Algorithm 1 nothing
is undefined here.  Masks are per candidate tensor (one "layer"), as for AlphaAdam.

Recorded per step: ``agreement`` = d_t, ``mask`` = φ_t, ``mask_count`` = ‖φ_t‖₀ ``(B,)``, ``m``,
``v``, ``u``, ``lr_t`` = η_t ``(B,)``, ``grad_norm_phi`` = ‖g_t‖_φ = Σ_{i: φ_{t,i}=1} |g_{t,i}|
``(B,)`` (line 917, the quantity Theorem 3.8 bounds), ``step_size`` = η_t φ_t/(√v_t + ϵ)
(``update = -step_size * m``) and ``update``.
"""
from __future__ import annotations

import math
from typing import Any

import torch

from ..._validation import as_hyper
from .._core import Algorithm
from ..optim import AlgorithmOptimizer
from ._common import (batch_vector, check_choice, check_param_shape, expand_b, fill_initial,
                      guarded_div, per_candidate, validate_initial)

__all__ = ["AlphaAdamAnalysed", "AlphaAdamAnalysedOptimizer"]


class AlphaAdamAnalysed(Algorithm):
    """Appendix E's AlphaAdam.  Hyperparameters: ``lr`` (η > 0, ``(B,)`` or a schedule),
    ``beta1`` ∈ [0, 1), ``beta2`` ∈ (0, 1), ``eps`` ≥ 0 (default 0, as analysed), ``m0``
    (default 0), ``v0`` ≥ 0 (default 0), ``lr_decay`` ∈ {"inv_sqrt", "constant"}."""

    name = "alphaadam.analysed"
    paper = "alphaadam"
    recorded = ("agreement", "mask", "mask_count", "m", "v", "u", "lr_t", "grad_norm_phi",
                "step_size", "update")
    initial_keys = ("m", "v")

    def __init__(self, lr: Any = 1e-3, beta1: Any = 0.9, beta2: Any = 0.999, eps: Any = 0.0,
                 m0: Any = 0.0, v0: Any = 0.0, lr_decay: str = "inv_sqrt") -> None:
        lr = self._lr("lr", lr)
        beta1 = as_hyper("beta1", beta1, 0.0, 1.0, high_open=True)
        beta2 = as_hyper("beta2", beta2, 0.0, 1.0, low_open=True, high_open=True,
                         why="Theorem 3.8 needs beta1 < sqrt(beta2) < 1")
        eps = as_hyper("eps", eps, 0.0, None, why="the stability term is >= 0")
        m0 = validate_initial("m0", m0)
        v0 = validate_initial("v0", v0, nonnegative=True)
        check_choice("lr_decay", lr_decay, ("inv_sqrt", "constant"))
        super().__init__(lr=lr, beta1=beta1, beta2=beta2, eps=eps, m0=m0, v0=v0,
                         lr_decay=lr_decay)

    def param_shape_check(self, x0: torch.Tensor) -> None:
        check_param_shape(x0)

    def init(self, x0: torch.Tensor) -> dict:
        return {"x": x0, "m": fill_initial("m0", self.hyper["m0"], x0),
                "v": fill_initial("v0", self.hyper["v0"], x0)}

    def step(self, state: dict, g: torch.Tensor, t: int):
        b1, b2 = self.hp("beta1", g), self.hp("beta2", g)
        eps = self.hp("eps", g)
        lr_t = batch_vector(self.hp("lr", g, t), g)
        if self.hyper["lr_decay"] == "inv_sqrt":
            lr_t = lr_t / math.sqrt(t)                           # η_t = η / √t
        m_prev = state["m"]
        agreement = g * m_prev                                   # d_t = g_t ⊙ m_{t-1}
        mask = (agreement > 0).to(g.dtype)                       # φ_t = I(d_t > 0)
        m = b1 * m_prev + (1 - b1) * g
        v = b2 * state["v"] + (1 - b2) * g * g
        den = torch.sqrt(v) + eps
        u = guarded_div(m, den, what="u_t = m_t / (sqrt(v_t) + eps)", t=t)
        coef = expand_b(lr_t, g)
        update = -coef * (mask * u)
        zero = den == 0
        step_size = torch.where(zero, torch.zeros_like(den),
                                coef * mask / torch.where(zero, torch.ones_like(den), den))
        x = state["x"] + update
        return {"x": x, "m": m, "v": v}, {
            "agreement": agreement, "mask": mask, "mask_count": per_candidate(mask), "m": m,
            "v": v, "u": u, "lr_t": lr_t, "grad_norm_phi": per_candidate(mask * g.abs()),
            "step_size": step_size, "update": update}


class AlphaAdamAnalysedOptimizer(AlgorithmOptimizer):
    """``torch.optim.Optimizer`` running :class:`AlphaAdamAnalysed` exactly as analysed (masks
    per parameter tensor; the step counter t, hence η_t = η/√t, is per parameter)."""

    algorithm_class = AlphaAdamAnalysed
