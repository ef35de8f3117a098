"""Blockwise Adam as analysed in *Adam exploits ℓ∞-geometry of loss landscape via
coordinate-wise adaptivity* (paper id ``adam_linf``), Algorithm 3 (Section 3.3, Theorem 3.11,
proof in Appendix C.1)::

    Hyperparam: β1, β2, ε ≥ 0, block partition Φ, total steps T, learning rate {η_t}_{t=1}^T,
                initial m_0, v_0
    Input: initial x_0, stochastic losses {L_t}_{t=1}^T
    v_{0,b} ← v_0
    for t = 1, 2, ..., T:
        g_{t,i} ← ∇_i L_t(x_{t-1})
        m_{t,i} ← β1 m_{t-1,i} + (1 − β1) g_{t,i}
        v_{t,b} ← β2 v_{t-1,b} + (1 − β2) (Σ_{Φ(i)=b} g_{t,i}^2) / d_b
        x_{t,i} ← x_{t-1,i} − η_t m_{t,i} / sqrt(v_{t,Φ(i)} + ε)
    return x_T

with Φ : [d] → [B] a partition function, (b) = Φ^{-1}(b) and d_b = #(b).  Φ_Adam : i ↦ i
(singleton blocks) gives Adam (Algorithm 1) and Φ_AdaSGD : i ↦ 1 (one block) gives AdaSGD
(Algorithm 2).

The partition is given either as a list of index lists (block b is ``partition[b]``) or as a
``(d,)`` integer tensor of block labels (block b holds the coordinates with the b-th smallest
distinct label).  Indices refer to the flattened parameter (row-major), d = prod(shape).  It must
be a partition of [d] = {0, ..., d−1}: every index in exactly one block, no empty block (an
empty block would make Σ g^2 / d_b = 0/0); violations raise :class:`AdaproofInputError` naming
``partition`` and the missing / duplicated / out-of-range indices.

Recorded: ``m``, ``v`` (v_t, shape ``(B, number of blocks)``; ``series`` prepends v_0),
``step_size`` (η_t / sqrt(v_{t,Φ(i)} + ε), per coordinate, shape of the parameter) and
``update``.

Ambiguity (Appendix C.1, first display): the proof writes
v_{t,b} = β2^t ||g_{1,(b)}||^2/d_b + (1 − β2) Σ_{j=0}^{t−1} β2^j ||g_{t−j,(b)}||^2/d_b, i.e. with
||g_{1,(b)}||^2/d_b in place of v_{0,b}; this contradicts the algorithm box (v_{0,b} ← v_0) and
the v_0 terms of Theorem 3.11.  Resolved as the box: v_{0,b} = v_0, unrolled
v_{t,b} = β2^t v_0 + (1 − β2) Σ_{j=0}^{t−1} β2^j ||g_{t−j,(b)}||^2/d_b.
Ranges, the division-by-zero guard and defaults: as :mod:`adaproof.algorithms.adam_linf.adam`.

Ambiguity (torch.optim use): Φ partitions the coordinates of the whole model, so
:class:`BlockwiseAdamOptimizer` treats all parameters as ONE vector (the concatenation of the
flattened parameters, in order); ``partition`` indexes that vector.
"""
from __future__ import annotations

import operator
from typing import Any

import torch

from ..._validation import AdaproofInputError, as_hyper
from .._core import Algorithm
from ._common import (FlatParamsOptimizer, check_not_stuck_at_zero, check_positive_denominator,
                      check_vector_or_hyper, fill_param, per_candidate)

__all__ = ["BlockwiseAdam", "BlockwiseAdamOptimizer", "partition_labels"]


def _short(items: list[int], k: int = 8) -> str:
    s = ", ".join(str(i) for i in items[:k])
    return s + (", ..." if len(items) > k else "")


def partition_labels(partition: Any, d: int | None = None) -> tuple[torch.Tensor, torch.Tensor]:
    """Validate a partition Φ of [d]; return ``(labels, sizes)``.

    ``labels`` (int64, shape ``(d,)``) maps coordinate i to its block Φ(i) ∈ {0..nb−1};
    ``sizes`` (int64, shape ``(nb,)``) holds d_b.  ``d`` (optional) is the dimension to check.
    """
    if isinstance(partition, torch.Tensor):
        if partition.dim() != 1 or partition.numel() == 0:
            raise AdaproofInputError(
                f"partition given as a tensor must be a non-empty (d,) tensor of block labels, got "
                f"shape {tuple(partition.shape)}")
        if partition.is_floating_point() or partition.is_complex() or partition.dtype == torch.bool:
            raise AdaproofInputError(
                f"partition given as a tensor must hold integer block labels, got dtype "
                f"{partition.dtype}")
        _, labels = torch.unique(partition.detach().cpu().to(torch.int64), sorted=True,
                                 return_inverse=True)
        labels = labels.to(torch.int64)
    elif isinstance(partition, (list, tuple)):
        if len(partition) == 0:
            raise AdaproofInputError("partition must hold at least one block, got an empty list")
        blocks: list[list[int]] = []
        for b, block in enumerate(partition):
            if isinstance(block, torch.Tensor):
                block = block.reshape(-1).tolist() if block.dim() <= 1 else None
            if not isinstance(block, (list, tuple)):
                raise AdaproofInputError(
                    f"partition must be a list of index lists (or a (d,) tensor of block labels); "
                    f"block {b} is {block!r}")
            if len(block) == 0:
                raise AdaproofInputError(
                    f"partition block {b} is empty (d_b = 0 makes sum g^2 / d_b undefined)")
            idx = []
            for i in block:
                try:
                    if isinstance(i, bool):
                        raise TypeError
                    idx.append(operator.index(i))
                except TypeError:
                    raise AdaproofInputError(
                        f"partition block {b} holds {i!r}, not an integer index") from None
            blocks.append(idx)
        n = sum(len(bl) for bl in blocks)
        owner: dict[int, int] = {}
        dup: list[str] = []
        for b, bl in enumerate(blocks):
            for i in bl:
                if i in owner:
                    dup.append(f"{i} (blocks {owner[i]} and {b})")
                else:
                    owner[i] = b
        if dup:
            raise AdaproofInputError(
                f"partition is not a partition: duplicate indices {_short(dup)}; every coordinate "
                f"must lie in exactly one block")
        dim = n if d is None else d
        negative = sorted(i for i in owner if i < 0)
        if negative:
            raise AdaproofInputError(f"partition holds negative indices {_short(negative)}")
        outside = sorted(i for i in owner if i >= dim)
        missing = sorted(set(range(dim)) - set(owner))
        if outside or missing:
            parts = []
            if missing:
                parts.append(f"indices {_short(missing)} are missing")
            if outside:
                parts.append(f"indices {_short(outside)} are out of range")
            raise AdaproofInputError(
                f"partition is not a partition of [d] = {{0, ..., {dim - 1}}} (d = {dim}): "
                + "; ".join(parts))
        labels = torch.empty(dim, dtype=torch.int64)
        for i, b in owner.items():
            labels[i] = b
    else:
        raise AdaproofInputError(
            f"partition must be a list of index lists or a (d,) tensor of block labels, got "
            f"{type(partition).__name__}")
    if d is not None and labels.numel() != d:
        raise AdaproofInputError(
            f"partition covers {labels.numel()} coordinates but the parameter has d = {d} "
            f"(prod of its shape)")
    sizes = torch.bincount(labels)
    return labels, sizes


class BlockwiseAdam(Algorithm):
    """Algorithm 3 of adam_linf.  Hyperparameters: ``partition`` (Φ: a list of index lists or a
    (d,) tensor of block labels), ``lr`` (η_t > 0, (B,) or a schedule), ``beta1`` ∈ [0, 1),
    ``beta2`` ∈ [0, 1], ``eps`` ≥ 0, ``v0`` ≥ 0 (a real or (B,): v_{0,b} = v_0 for every block),
    ``m0`` (default 0; a real, (B,), a tensor of the parameter's shape or (B, *shape))."""

    name = "adam_linf.blockwise_adam"
    paper = "adam_linf"
    recorded = ("m", "v", "step_size", "update")
    initial_keys = ("m", "v")

    def __init__(self, partition: Any, lr: Any = 1e-3, beta1: Any = 0.9, beta2: Any = 0.99,
                 eps: Any = 0.0, v0: Any = 1e-8, m0: Any = 0.0) -> None:
        labels, sizes = partition_labels(partition)
        lr = self._lr("lr", lr)
        beta1 = as_hyper("beta1", beta1, 0.0, 1.0, high_open=True,
                         why="beta1 = 1 would never use a gradient")
        beta2 = as_hyper("beta2", beta2, 0.0, 1.0, why="Algorithm 3 takes beta2 in [0, 1]")
        eps = as_hyper("eps", eps, 0.0, None, why="eps >= 0 in Algorithm 3")
        v0 = as_hyper("v0", v0, 0.0, None, why="v0 is a scalar >= 0 copied to every block")
        m0 = check_vector_or_hyper("m0", m0)
        check_not_stuck_at_zero(beta2, v0, eps)
        super().__init__(partition=labels, lr=lr, beta1=beta1, beta2=beta2, eps=eps, v0=v0,
                         m0=m0)
        self._labels = labels
        self._sizes = sizes

    @property
    def n_blocks(self) -> int:
        return int(self._sizes.numel())

    @property
    def d(self) -> int:
        return int(self._labels.numel())

    def param_shape_check(self, x0: torch.Tensor) -> None:
        d = x0[0].numel() if x0.dim() >= 1 and x0.shape[0] > 0 else 0
        if d != self.d:
            why = (f"indices {self.d}..{d - 1} are in no block" if d > self.d else
                   f"the partition holds indices up to {self.d - 1} >= d")
            raise AdaproofInputError(
                f"partition covers d = {self.d} coordinates but the parameter of shape "
                f"{tuple(x0.shape[1:])} has d = {d}: {why}")

    def init(self, x0: torch.Tensor) -> dict:
        self.param_shape_check(x0)
        v0 = per_candidate("v0", self.hyper["v0"], x0)
        return {"x": x0, "m": fill_param("m0", self.hyper["m0"], x0),
                "v": v0.unsqueeze(1).expand(x0.shape[0], self.n_blocks).clone()}

    def step(self, state: dict, g: torch.Tensor, t: int):
        v_prev = state["v"]
        B = g.shape[0]
        labels = self._labels.to(g.device)
        sizes = self._sizes.to(device=g.device, dtype=g.dtype)
        b1 = self.hp("beta1", g)
        b2, eps = self.hp("beta2", v_prev), self.hp("eps", v_prev)
        lr = self.hp("lr", g, t)
        m = b1 * state["m"] + (1 - b1) * g
        gf = g.reshape(B, -1)
        sums = torch.zeros((B, self.n_blocks), dtype=g.dtype, device=g.device).index_add(
            1, labels, gf * gf)
        v = b2 * v_prev + (1 - b2) * sums / sizes
        denom = v + eps
        check_positive_denominator(type(self).__name__, denom, t, "v_{t,b}")
        root = torch.sqrt(denom).index_select(1, labels).reshape(g.shape)
        step_size = lr / root
        update = -step_size * m
        x = state["x"] + update
        return {"x": x, "m": m, "v": v}, {"m": m, "v": v, "step_size": step_size,
                                          "update": update}


class BlockwiseAdamOptimizer(FlatParamsOptimizer):
    """``torch.optim.Optimizer`` running :class:`BlockwiseAdam`; ``partition`` indexes the
    concatenation of all flattened parameters (in order)."""

    algorithm_class = BlockwiseAdam
