"""AlphaAdam, Algorithm 1 of *AlphaAdam: asynchronous masked optimization with dynamic alpha for
selective updates* (paper id ``alphaadam``), exactly as printed (txt lines 197-210):

.. math::

    d_t &= g_t \\odot h_{t-1}, \\qquad
    h_t = \\beta_1 h_{t-1} + (1-\\beta_1) g_t, \\qquad
    v_t = \\beta_2 v_{t-1} + (1-\\beta_2)(g_t \\odot g_t),\\\\
    u_t &= \\frac{h_t}{\\sqrt{v_t} + \\epsilon}, \\qquad
    \\varphi_t = \\mathbb{I}(d_t > 0), \\qquad
    \\alpha_t = \\frac{\\|u_t\\|_2^2}{\\|\\varphi_t \\odot u_t\\|_2^2}, \\qquad
    \\hat\\eta = \\eta\\, \\frac{d}{\\|\\varphi\\|_0 + 1},\\\\
    \\theta_{t+1} &= \\theta_t - \\hat\\eta\\, \\alpha_t\\, \\varphi_t \\odot u_t .

Input (line 198): η > 0, θ₀, β₁, β₂ ∈ [0, 1), ϵ > 0, the parameter dimension d.  No bias
correction; ϵ is added *outside* the square root.  The mask is *asynchronous*: it compares g_t
with the previous momentum h_{t-1} (eq. (6)), not with h_t.

Defaults: β₁ = 0.9, β₂ = 0.999 (Appendix F.1 / F.3, lines 968, 989), ϵ = 1e-8 (F.2, line 979).
The paper fixes no single η (it tunes 1e-5..5e-5 on GLUE, 6e-4/3e-4/2e-4 on GPT-2, 5e-5 on
GSM8K); ``lr`` defaults to the library's Adam default 1e-3.  Algorithm 1 has no weight decay
(the experiments' decoupled weight decay is not part of the box) and none is implemented.

Recorded per step t (``traj[key][:, t-1]``): ``agreement`` = d_t, ``mask`` = φ_t (0./1.),
``mask_count`` = ‖φ_t‖₀ ``(B,)``, ``m`` = h_t, ``v`` = v_t, ``u`` = u_t, ``alpha`` = α_t ``(B,)``,
``lr_hat`` = η̂_t ``(B,)``, ``grad_norm_phi`` = ‖g_t‖_φ = Σ_i φ_{t,i}|g_{t,i}| ``(B,)`` (the
masked L1 norm of Theorem 3.8, defined at line 917), ``step_size`` = η̂_t α_t φ_t / (√v_t + ϵ)
(the effective per-coordinate step: ``update = -step_size * m``) and ``update`` = θ_{t+1} − θ_t.  ``m`` and ``v`` have initial
values (``traj.series("m")[:, 0]`` is h₀).

Indexing: the box takes θ₀ as input but its loop starts with g₁ = ∇L(θ₁).  Ambiguity: resolved as
θ₁ := θ₀, i.e. ``traj.x[:, k]`` is the iterate after k steps, ``traj.x[:, 0]`` the input θ₀.

Ambiguity (initial moments): Algorithm 1 never states h₀, v₀; resolved as h₀ = v₀ = 0 (the
expansion h_t = (1−β₁) Σ_s β₁^s g_{t−s} used in Appendix E, Lemma E.2, line 782, needs it), with
``m0`` / ``v0`` accepted as inputs (scalar, ``(B,)``, parameter-shaped or ``(B, *shape)``).

Ambiguity (layers): θ is one vector of dimension d in the box, while Figures 4-5 (lines 1002-1004)
plot one α per layer.  Resolved as: each candidate's whole tensor is one layer (``d =
prod(shape)``, α_t, ‖φ_t‖₀ and η̂_t are per candidate); the Optimizer subclass therefore computes
them per parameter tensor, i.e. per layer as in Figures 4-5.  The paper defines no finer blocks.

Guard (empty mask, Algorithm 1 breaks at t = 1): with h₀ = 0, d₁ = g₁ ⊙ 0 = 0 so φ₁ = 0 and
α₁ = ‖u₁‖²/0 is +∞ (0/0 if u₁ = 0), and the printed update is ∞·0.  The same happens at any step
where no coordinate is selected.  Resolved as: the masked update φ_t ⊙ u_t is zero, so the step
is zero (θ_{t+1} = θ_t: masking means "update only the selected coordinates", and every finite
α_t, including any ε-guarded implementation of the ratio, gives exactly this update); α_t is
*recorded* as 1 by convention whenever ‖φ_t ⊙ u_t‖₂ = 0 (detect those steps with
``mask_count == 0``).  With ``strict=True``, φ_t ≠ 0 implies ‖φ_t ⊙ u_t‖ > 0 (φ_{t,i} = 1 forces
g_{t,i} and h_{t-1,i} nonzero of the same sign, hence h_{t,i} ≠ 0 and v_{t,i} > 0), so the guard
only acts on empty masks; with ``strict=False`` it also acts when every selected u_{t,i} is 0.

Ambiguity (form of α): Algorithm 1 (line 206) prints the ratio of *squared* norms, whereas eq. (9)
(line 158) and Theorem D.1 (line 691) define α(t) as its *square root*.  ``alpha_form="ratio"``
(default) follows Algorithm 1; ``alpha_form="sqrt"`` gives eq. (9).  ``alpha`` = a fixed positive
real (or ``(B,)``) replaces the dynamic α_t (the "+AM" rows of the ablation, Table 3).

Ambiguity (mask inequality): Algorithm 1 prints I(d_t > 0) (line 205) while eq. (6) (line 122)
keeps coordinates with m_{t-1} g_t ≥ 0.  ``strict=True`` (default) follows Algorithm 1;
``strict=False`` gives eq. (6) (it selects every coordinate at t = 1 when h₀ = 0).

Guard (ϵ): the paper requires ϵ > 0; ϵ = 0 is accepted (it makes the reductions to Adam without ϵ
exact).  With ϵ = 0, u_t = 0/0 on a coordinate with v_t = 0 = h_t is taken as 0; a coordinate with
v_t = 0 ≠ h_t (only possible with ``m0 != 0`` or β₂ = 0) raises :class:`AdaproofInputError`.
Wherever √v_t + ϵ = 0, ``step_size`` is recorded as 0.

Note: Theorem 3.8 (line 226) is stated "for the full-batch AlphaAdam algorithm", but its proof
(Appendix E) analyses a different recurrence, without α_t and η̂ and with η_t = η/√t: see
:class:`~adaproof.algorithms.alphaadam.AlphaAdamAnalysed`.  Appendix D's proof (line 680) uses yet
another update, u_ij = −η α(t)(β m_{t,ij} + g_{t,ij}); it is not implemented.

Reduction: if every mask is all ones (e.g. h₀ > 0 and gradients > 0 entrywise), α_t = 1 and
η̂ = η d/(d+1): AlphaAdam is Adam *without* bias correction, with learning rate η d/(d+1) and ϵ
outside the square root (tested against ``torch.optim.Adam`` with per-step lr and eps, and against
``adam_complexity``'s Adam when ϵ = 0).
"""
from __future__ import annotations

from typing import Any

import torch

from ..._validation import AdaproofInputError, as_hyper
from .._core import Algorithm
from ..optim import AlgorithmOptimizer
from ._common import (batch_vector, check_choice, check_param_shape, expand_b, fill_initial,
                      guarded_div, per_candidate, validate_initial)

__all__ = ["AlphaAdam", "AlphaAdamOptimizer"]


class AlphaAdam(Algorithm):
    """Algorithm 1 of alphaadam.  Hyperparameters: ``lr`` (η > 0, a ``(B,)`` tensor or a schedule
    ``t -> η_t``), ``beta1``, ``beta2`` ∈ [0, 1), ``eps`` ≥ 0 (paper: ϵ > 0), ``m0`` (h₀, default
    0), ``v0`` ≥ 0 (default 0), ``alpha`` (``None``: dynamic α_t; or a fixed real > 0 / ``(B,)``),
    ``alpha_form`` ∈ {"ratio", "sqrt"}, ``strict`` (mask I(d_t > 0) if True, I(d_t ≥ 0) if False).
    """

    name = "alphaadam.alphaadam"
    paper = "alphaadam"
    recorded = ("agreement", "mask", "mask_count", "m", "v", "u", "alpha", "lr_hat",
                "grad_norm_phi", "step_size", "update")
    initial_keys = ("m", "v")

    def __init__(self, lr: Any = 1e-3, beta1: Any = 0.9, beta2: Any = 0.999, eps: Any = 1e-8,
                 m0: Any = 0.0, v0: Any = 0.0, alpha: Any = None, alpha_form: str = "ratio",
                 strict: bool = True) -> None:
        lr = self._lr("lr", lr)
        beta1 = as_hyper("beta1", beta1, 0.0, 1.0, high_open=True)
        beta2 = as_hyper("beta2", beta2, 0.0, 1.0, high_open=True)
        eps = as_hyper("eps", eps, 0.0, None, why="the stability term is >= 0 (the paper takes > 0)")
        m0 = validate_initial("m0", m0)
        v0 = validate_initial("v0", v0, nonnegative=True)
        if alpha is not None:
            alpha = as_hyper("alpha", alpha, 0.0, None, low_open=True,
                             why="a fixed mask strength must be positive")
        check_choice("alpha_form", alpha_form, ("ratio", "sqrt"))
        if not isinstance(strict, bool):
            raise AdaproofInputError(f"strict must be a bool, got {strict!r}")
        super().__init__(lr=lr, beta1=beta1, beta2=beta2, eps=eps, m0=m0, v0=v0, alpha=alpha,
                         alpha_form=alpha_form, strict=strict)

    def param_shape_check(self, x0: torch.Tensor) -> None:
        check_param_shape(x0)

    def init(self, x0: torch.Tensor) -> dict:
        return {"x": x0, "m": fill_initial("m0", self.hyper["m0"], x0),
                "v": fill_initial("v0", self.hyper["v0"], x0)}

    def step(self, state: dict, g: torch.Tensor, t: int):
        b1, b2 = self.hp("beta1", g), self.hp("beta2", g)
        eps = self.hp("eps", g)
        lr = batch_vector(self.hp("lr", g, t), g)
        h_prev = state["m"]
        agreement = g * h_prev                                   # d_t = g_t ⊙ h_{t-1}
        mask = (agreement > 0 if self.hyper["strict"] else agreement >= 0).to(g.dtype)
        m = b1 * h_prev + (1 - b1) * g                           # h_t
        v = b2 * state["v"] + (1 - b2) * g * g                   # v_t
        den = torch.sqrt(v) + eps
        u = guarded_div(m, den, what="u_t = h_t / (sqrt(v_t) + eps)", t=t)
        masked_u = mask * u                                      # φ_t ⊙ u_t
        d = g[0].numel()
        mask_count = per_candidate(mask)                         # ‖φ_t‖_0
        if self.hyper["alpha"] is None:
            full = per_candidate(u * u)
            part = per_candidate(masked_u * masked_u)
            ok = part > 0
            ratio = torch.where(ok, full / torch.where(ok, part, torch.ones_like(part)),
                                torch.ones_like(part))
            alpha = torch.sqrt(ratio) if self.hyper["alpha_form"] == "sqrt" else ratio
        else:
            alpha = batch_vector(self.hp("alpha", g), g)
        lr_hat = lr * d / (mask_count + 1)                       # η̂ = η d / (‖φ‖_0 + 1)
        coef = expand_b(lr_hat * alpha, g)
        update = -coef * masked_u
        zero = den == 0
        step_size = torch.where(zero, torch.zeros_like(den),
                                coef * mask / torch.where(zero, torch.ones_like(den), den))
        x = state["x"] + update
        return {"x": x, "m": m, "v": v}, {
            "agreement": agreement, "mask": mask, "mask_count": mask_count, "m": m, "v": v,
            "u": u, "alpha": alpha, "lr_hat": lr_hat,
            "grad_norm_phi": per_candidate(mask * g.abs()), "step_size": step_size, "update": update}


class AlphaAdamOptimizer(AlgorithmOptimizer):
    """``torch.optim.Optimizer`` running :class:`AlphaAdam` (Algorithm 1) with masks, α_t and η̂
    computed per parameter tensor (per layer, as in the paper's Figures 4-5)."""

    algorithm_class = AlphaAdam
