"""Adafactor exactly as ``torch.optim.Adafactor`` (torch 2.13) and
``transformers.optimization.Adafactor`` (transformers 5.x) run it (practical forms, no paper id).

:class:`TorchAdafactor` -- ``torch.optim.Adafactor`` (``_single_tensor_adafactor``), with
``γ`` = lr, ``τ`` = beta2_decay, ``λ`` = weight_decay, ``d`` the clipping threshold::

    for t = 1, 2, ...:
        G_t = ∇f(θ_{t-1})                        (−∇f under maximize)
        β̂_{2,t} = 1 − t^τ                         (so 1 − β̂_{2,t} = t^τ; β̂_{2,1} = 0)
        ρ_t = min(γ, 1/√t)
        α_t = max(ε2, RMS(θ_{t-1})) ρ_t           (RMS before weight decay)
        θ_{t-1} ← θ_{t-1} (1 − γ λ)
        if dim(G_t) > 1 (factored over the last two dims, (…, n, m)):
            R_t = lerp(R_{t-1}, mean_j G_t², 1 − β̂)   (row *means*, shape (…, n, 1))
            C_t = lerp(C_{t-1}, mean_i G_t², 1 − β̂)   (column means, shape (…, 1, m))
            V̂_t = R_t C_t / max(mean_i R_t, ε1)
        else:
            V̂_t = lerp(V̂_{t-1}, G_t², 1 − β̂)
        U_t = G_t / √max(V̂_t, ε1²)
        θ_t = θ_{t-1} − α_t U_t / max(1, RMS(U_t)/d)

Defaults: lr = 1e-2, beta2_decay = −0.8, eps = (None, 1e-3) (``eps1=None`` means
``torch.finfo(dtype).eps``), d = 1, weight_decay = 0, maximize = False.  Torch's ranges:
lr ≥ 0, beta2_decay ≤ 0, eps1 ≥ 0, eps2 ≥ 0, d ≥ 1, weight_decay ≥ 0.  Row/column means are computed
as torch does (``norm(G, dim)² / size``), the moving averages with ``torch.lerp``.

:class:`HFAdafactor` -- ``transformers.optimization.Adafactor``::

    for t = 1, 2, ...:
        RMS_t = RMS(θ_{t-1})
        ρ_t = min(1e-6 t if warmup_init else 1e-2, 1/√t)   if relative_step   else lr
        lr_t = max(ε2, RMS_t) ρ_t                           if scale_parameter else ρ_t
        β̂_{2,t} = 1 − t^{decay_rate}
        Q_t = G_t² + ε1
        if dim(G_t) ≥ 2:  r_t = β̂ r_{t-1} + (1−β̂) mean_{-1} Q_t   (shape (…, n))
                          c_t = β̂ c_{t-1} + (1−β̂) mean_{-2} Q_t   (shape (…, m))
                          U_t = G_t · rsqrt(r_t / mean(r_t)) ⊗ rsqrt(c_t)
        else:             v_t = β̂ v_{t-1} + (1−β̂) Q_t,   U_t = G_t · rsqrt(v_t)
        Û_t = lr_t U_t / max(1, RMS(U_t)/clip_threshold)
        if beta1 is not None: m_t = β1 m_{t-1} + (1−β1) Û_t;  Û_t = m_t
        θ_t = θ_{t-1} − weight_decay lr_t θ_{t-1} − Û_t

Defaults: lr = None, eps = (1e-30, 1e-3), clip_threshold = 1, decay_rate = −0.8, beta1 = None,
weight_decay = 0, scale_parameter = True, relative_step = True, warmup_init = False.
HuggingFace's own checks are reproduced (a manual lr with relative_step, warmup_init without
relative_step are rejected; relative_step=False needs an lr); on top of them the value ranges
eps ≥ 0, clip_threshold > 0, decay_rate ≤ 0 (so β̂_{2,t} ∈ [0, 1)), beta1 ∈ [0, 1),
weight_decay ≥ 0 are enforced (HuggingFace checks none of them).

Both: ``x0`` is ``(B, *shape)``, each candidate a parameter of shape ``shape`` (``(n, m)``
matrices and ``(…, n, m)`` tensors are factored over the last two dims, ``(d,)`` vectors and
scalars use the unfactored second moment, as in the references); the step index ``t`` is the one
:func:`~adaproof.algorithms._core.run` passes (both references count steps per parameter from 1).
Numeric hyperparameters may be per-candidate ``(B,)`` tensors; ``lr`` may be a schedule
``t -> lr`` (the value the reference's ``group["lr"]`` holds at step t).

Recorded (:class:`TorchAdafactor`): ``row_var``/``col_var`` (factored) or ``variance`` (vectors),
``var_estimate`` (V̂_t), ``U`` (U_t, unclipped), ``rho`` (ρ_t), ``alpha`` (α_t), ``denom``
(``max(1, RMS(U_t)/d)``), ``eta`` (α_t/denom, the effective scalar step) and ``update``
(θ_t − θ_{t-1}, weight decay included).  (:class:`HFAdafactor`): ``exp_avg_sq_row``/
``exp_avg_sq_col`` (factored) or ``exp_avg_sq``, ``exp_avg`` (with beta1), ``beta2t``, ``rho``,
``lr`` (lr_t), ``U`` (U_t), ``clip`` (``max(1, RMS(U_t)/clip_threshold)``), ``update``.

Relation to the paper ``adafactor`` (Algorithm 1, :class:`~adaproof.algorithms.adafactor.AdafactorPaper`):

* HuggingFace with ``relative_step=True, scale_parameter=True, beta1=None, weight_decay=0`` *is*
  Algorithm 1 (the means r_t = R_k/m, c_t = C_k/n give ``rsqrt(r_i/mean(r)) rsqrt(c_j) =
  1/sqrt(R_i C_j / 1^T R) = 1/sqrt(w_ij)``) with ``eps_1 = eps[0]``, ``eps_2 = eps[1]``,
  ``d = clip_threshold``, ``rho_k = min(1e-2, 1/sqrt(k))`` (``min(1e-6 k, 1/sqrt(k))`` with
  warmup_init) and ``beta_{2,k} = 1 - k^{decay_rate}``, hence ``beta_{2,1} = 0``: it is the
  algorithm box's range, never the theorems' ``beta_{2,1} = 1/2``.  With ``relative_step=False``
  and ``scale_parameter=True`` it is Algorithm 1 with the constant ``rho_k = lr``.  The vector
  branch is likewise :class:`~adaproof.algorithms.adafactor.AdafactorUnfactored`.
* torch never coincides with Algorithm 1 exactly: it adds no ``eps_1`` to ``G . G`` (Algorithm 1
  requires ``eps_1 > 0`` inside R_k and C_k) and clamps instead, and ``beta_{2,1} = 0``.  With the
  paper's ``eps_1`` negligible (e.g. 1e-30, the paper's default) and torch's clamps inactive, it
  agrees with Algorithm 1 (``rho_k = min(lr, 1/sqrt(k))``, ``beta_{2,k} = 1 - k^{beta2_decay}``,
  ``d``, ``eps_2``, ``weight_decay = 0``) to float64 rounding.

Ambiguity: torch and HuggingFace accept ``eps1 = 0``; then a zero gradient row/coordinate gives
``0 · inf = NaN`` in the reference; the step computes it as torch does (no guard; the value range
is torch's) and ``run()`` then raises AdaproofInputError naming the step and coordinate (its state
check); ``run(..., check_state=False)`` returns torch's NaN.
Ambiguity: HuggingFace's fp16/bf16 up-casting is not reproduced (the batched state keeps the
parameter's dtype); float32/float64 behave as HuggingFace's.
"""
from __future__ import annotations

import math
from typing import Any

import torch

from ..._validation import NORMAL_MIN, AdaproofInputError, as_hyper, check_interval
from .._core import Algorithm, _expand
from ..optim import AlgorithmOptimizer

__all__ = ["TorchAdafactor", "HFAdafactor", "TorchAdafactorOptimizer", "HFAdafactorOptimizer"]


def _bool(name: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise AdaproofInputError(f"{name} must be a bool (True or False), got {value!r}")
    return value


def _eps_pair(eps: Any) -> tuple[Any, Any]:
    if not isinstance(eps, (tuple, list)) or len(eps) != 2:
        raise AdaproofInputError(f"eps must be a pair (eps1, eps2), got {eps!r}")
    return eps[0], eps[1]


def _norm_per_candidate(x: torch.Tensor) -> torch.Tensor:
    """``||x_b||_2`` of each candidate, shape ``(B, 1, ..., 1)``."""
    return torch.linalg.vector_norm(x.reshape(x.shape[0], -1), dim=1).reshape(
        (x.shape[0],) + (1,) * (x.dim() - 1))


def _per_candidate(value: float | torch.Tensor, like: torch.Tensor) -> torch.Tensor:
    B = like.shape[0]
    if isinstance(value, torch.Tensor):
        v = value.to(like).reshape(-1)
        return v.expand(B) if v.numel() == 1 else v.reshape(B)
    return torch.full((B,), float(value), dtype=like.dtype, device=like.device)


def _max(a: torch.Tensor, b: float | torch.Tensor) -> torch.Tensor:
    if isinstance(b, torch.Tensor):
        return torch.maximum(a, b.to(a))
    return torch.clamp(a, min=b)


def _lr_at(alg: Algorithm, g: torch.Tensor, t: int):
    lr = alg.hp("lr", g, t)
    if callable(alg.hyper["lr"]):
        check_interval(f"lr({t})", lr, 0.0, None, why="the schedule's value at step t")
    return lr


class TorchAdafactor(Algorithm):
    """``torch.optim.Adafactor``, batched.  Hyperparameters: ``lr`` ≥ 0 (real, (B,) or schedule),
    ``beta2_decay`` ≤ 0, ``eps = (eps1, eps2)`` (eps1 ≥ 0 or None, eps2 ≥ 0), ``d`` ≥ 1,
    ``weight_decay`` ≥ 0, ``maximize``."""

    name = "practical.torch_adafactor"
    paper = None
    recorded = ("row_var", "col_var", "variance", "var_estimate", "U", "rho", "alpha", "denom",
                "eta", "update")
    initial_keys = ("row_var", "col_var", "variance")

    def __init__(self, lr: Any = 1e-2, beta2_decay: Any = -0.8, eps: Any = (None, 1e-3),
                 d: Any = 1.0, weight_decay: Any = 0.0, *, maximize: Any = False) -> None:
        lr = self._lr("lr", lr, allow_zero=True)
        beta2_decay = as_hyper("beta2_decay", beta2_decay, None, 0.0,
                               why="1 - beta2_t = t^beta2_decay")
        eps1, eps2 = _eps_pair(eps)
        if eps1 is not None:
            eps1 = as_hyper("eps1 (eps[0])", eps1, 0.0, None)
        eps2 = as_hyper("eps2 (eps[1])", eps2, 0.0, None)
        d = as_hyper("d", d, 1.0, None, why="torch's clipping threshold range")
        weight_decay = as_hyper("weight_decay", weight_decay, 0.0, None)
        maximize = _bool("maximize", maximize)
        super().__init__(lr=lr, beta2_decay=beta2_decay, eps1=eps1, eps2=eps2, d=d,
                         weight_decay=weight_decay, maximize=maximize)

    def param_shape_check(self, x0: torch.Tensor) -> None:
        if x0.dim() < 1:
            raise AdaproofInputError("x0 must have shape (B, *shape)")

    def init(self, x0: torch.Tensor) -> dict:
        state = {"x": x0}
        if x0.dim() > 2:  # parameter of dim > 1: factored over its last two dims
            row_shape = list(x0.shape)
            row_shape[-1] = 1
            col_shape = list(x0.shape)
            col_shape[-2] = 1
            state["row_var"] = x0.new_zeros(row_shape)
            state["col_var"] = x0.new_zeros(col_shape)
        else:
            state["variance"] = torch.zeros_like(x0)
        return state

    def step(self, state: dict, g: torch.Tensor, t: int):
        x = state["x"]
        lr = _lr_at(self, g, t)
        tau, eps2 = self.hp("beta2_decay", g), self.hp("eps2", g)
        d, wd = self.hp("d", g), self.hp("weight_decay", g)
        eps1 = self.hyper["eps1"]
        eps1 = torch.finfo(x.dtype).eps if eps1 is None else _expand(eps1, g)
        grad = -g if self.hyper["maximize"] else g
        step = float(t)
        one_minus_beta2 = step ** tau
        inv_sqrt = 1 / (step ** 0.5)
        rho = torch.clamp(lr, max=inv_sqrt) if isinstance(lr, torch.Tensor) else min(lr, inv_sqrt)
        numel = x[0].numel()
        rms_x = _norm_per_candidate(x) / (numel ** 0.5)
        alpha = _max(rms_x, eps2) * rho
        x_dec = x * (1 - lr * wd)
        new_state: dict = {}
        rec: dict = {}
        if x.dim() > 2:
            row_mean = torch.norm(grad, dim=-1, keepdim=True).square() / grad.size(-1)
            row_var = torch.lerp(state["row_var"], row_mean, one_minus_beta2)
            col_mean = torch.norm(grad, dim=-2, keepdim=True).square() / grad.size(-2)
            col_var = torch.lerp(state["col_var"], col_mean, one_minus_beta2)
            var_estimate = (row_var @ col_var) / _max(row_var.mean(dim=-2, keepdim=True), eps1)
            new_state.update(row_var=row_var, col_var=col_var)
        else:
            variance = torch.lerp(state["variance"], grad * grad, one_minus_beta2)
            var_estimate = variance
            new_state["variance"] = variance
        rec.update(new_state)
        U = _max(var_estimate, eps1 * eps1).rsqrt() * grad
        denom = torch.clamp(_norm_per_candidate(U) / ((numel ** 0.5) * d), min=1.0)
        eta = alpha / denom
        x_new = x_dec + (-eta) * U
        new_state["x"] = x_new
        rec.update(var_estimate=var_estimate, U=U, rho=_per_candidate(rho, g),
                   alpha=alpha.reshape(-1), denom=denom.reshape(-1), eta=eta.reshape(-1),
                   update=x_new - x)
        return new_state, rec


class HFAdafactor(Algorithm):
    """``transformers.optimization.Adafactor``, batched.  Hyperparameters: ``lr`` (None, or > 0
    real/(B,)/schedule with ``relative_step=False``), ``eps = (eps1, eps2)`` ≥ 0,
    ``clip_threshold`` > 0, ``decay_rate`` ≤ 0, ``beta1`` (None or in [0, 1)), ``weight_decay`` ≥ 0,
    ``scale_parameter``, ``relative_step``, ``warmup_init``."""

    name = "practical.hf_adafactor"
    paper = None
    recorded = ("exp_avg_sq_row", "exp_avg_sq_col", "exp_avg_sq", "exp_avg", "beta2t", "rho",
                "lr", "U", "clip", "update")
    initial_keys = ("exp_avg_sq_row", "exp_avg_sq_col", "exp_avg_sq", "exp_avg")

    def __init__(self, lr: Any = None, eps: Any = (1e-30, 1e-3), clip_threshold: Any = 1.0,
                 decay_rate: Any = -0.8, beta1: Any = None, weight_decay: Any = 0.0,
                 scale_parameter: Any = True, relative_step: Any = True,
                 warmup_init: Any = False) -> None:
        scale_parameter = _bool("scale_parameter", scale_parameter)
        relative_step = _bool("relative_step", relative_step)
        warmup_init = _bool("warmup_init", warmup_init)
        if lr is not None and relative_step:
            raise AdaproofInputError("Cannot combine manual `lr` and `relative_step=True` options "
                                     "(pass lr=None or relative_step=False)")
        if warmup_init and not relative_step:
            raise AdaproofInputError("`warmup_init=True` requires `relative_step=True`")
        if lr is None and not relative_step:
            raise AdaproofInputError("lr is required when relative_step=False (HuggingFace would "
                                     "fail multiplying by None)")
        if lr is not None:
            lr = self._lr("lr", lr, allow_zero=True)
        eps1, eps2 = _eps_pair(eps)
        eps1 = as_hyper("eps1 (eps[0])", eps1, 0.0, None)
        eps2 = as_hyper("eps2 (eps[1])", eps2, 0.0, None)
        clip_threshold = as_hyper("clip_threshold", clip_threshold, NORMAL_MIN, None,
                                  why="RMS(update) / clip_threshold overflows below 2**-1022")
        decay_rate = as_hyper("decay_rate", decay_rate, None, 0.0,
                              why="beta2_t = 1 - t^decay_rate must lie in [0, 1)")
        if beta1 is not None:
            beta1 = as_hyper("beta1", beta1, 0.0, 1.0, high_open=True)
        weight_decay = as_hyper("weight_decay", weight_decay, 0.0, None)
        super().__init__(lr=lr, eps1=eps1, eps2=eps2, clip_threshold=clip_threshold,
                         decay_rate=decay_rate, beta1=beta1, weight_decay=weight_decay,
                         scale_parameter=scale_parameter, relative_step=relative_step,
                         warmup_init=warmup_init)

    def param_shape_check(self, x0: torch.Tensor) -> None:
        if x0.dim() < 1:
            raise AdaproofInputError("x0 must have shape (B, *shape)")

    def init(self, x0: torch.Tensor) -> dict:
        state = {"x": x0}
        if self.hyper["beta1"] is not None:
            state["exp_avg"] = torch.zeros_like(x0)
        if x0.dim() >= 3:  # len(param_shape) >= 2: factored
            state["exp_avg_sq_row"] = x0.new_zeros(x0.shape[:-1])
            state["exp_avg_sq_col"] = x0.new_zeros(x0.shape[:-2] + x0.shape[-1:])
        else:
            state["exp_avg_sq"] = torch.zeros_like(x0)
        return state

    def step(self, state: dict, g: torch.Tensor, t: int):
        x = state["x"]
        h = self.hyper
        numel = x[0].numel()
        rms_x = _norm_per_candidate(x) / (numel ** 0.5)
        if h["relative_step"]:
            min_step = 1e-6 * t if h["warmup_init"] else 1e-2
            rho = min(min_step, 1.0 / math.sqrt(t))
        else:
            rho = _lr_at(self, g, t)
        if h["scale_parameter"]:
            lr_t = _max(rms_x, self.hp("eps2", g)) * rho
        else:
            lr_t = rho * torch.ones_like(rms_x)
        dr = self.hp("decay_rate", g)
        beta2t = 1.0 - (math.pow(t, dr) if not isinstance(dr, torch.Tensor) else float(t) ** dr)
        q = g * g + self.hp("eps1", g)
        new_state: dict = {}
        if x.dim() >= 3:
            # exp_avg_sq_row has shape (B, ..., n); broadcast beta2t (B, 1, 1) accordingly
            b_r = beta2t.reshape(beta2t.shape[:-1]) if isinstance(beta2t, torch.Tensor) else beta2t
            row = state["exp_avg_sq_row"] * b_r + q.mean(dim=-1) * (1.0 - b_r)
            col = state["exp_avg_sq_col"] * b_r + q.mean(dim=-2) * (1.0 - b_r)
            r_factor = (row / row.mean(dim=-1, keepdim=True)).rsqrt().unsqueeze(-1)
            c_factor = col.unsqueeze(-2).rsqrt()
            U = (r_factor * c_factor) * g
            new_state.update(exp_avg_sq_row=row, exp_avg_sq_col=col)
        else:
            v = state["exp_avg_sq"] * beta2t + q * (1.0 - beta2t)
            U = v.rsqrt() * g
            new_state["exp_avg_sq"] = v
        clip = torch.clamp(_norm_per_candidate(U) / (numel ** 0.5) / self.hp("clip_threshold", g),
                           min=1.0)
        upd = (U / clip) * lr_t
        if h["beta1"] is not None:
            b1 = self.hp("beta1", g)
            m = state["exp_avg"] * b1 + upd * (1 - b1)
            new_state["exp_avg"] = m
            upd = m
        wd = self.hp("weight_decay", g)
        x_new = (x + x * (-wd * lr_t)) - upd
        new_state["x"] = x_new
        rec = {k: v for k, v in new_state.items() if k != "x"}
        rec.update(beta2t=_per_candidate(beta2t, g), rho=_per_candidate(rho, g),
                   lr=lr_t.reshape(-1), U=U, clip=clip.reshape(-1), update=x_new - x)
        return new_state, rec


class TorchAdafactorOptimizer(AlgorithmOptimizer):
    """``torch.optim.Optimizer`` running :class:`TorchAdafactor` (equal to ``torch.optim.Adafactor``)."""

    algorithm_class = TorchAdafactor


class HFAdafactorOptimizer(AlgorithmOptimizer):
    """``torch.optim.Optimizer`` running :class:`HFAdafactor` (equal to
    ``transformers.optimization.Adafactor``)."""

    algorithm_class = HFAdafactor
