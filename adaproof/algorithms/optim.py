"""Run any :class:`~adaproof.algorithms.Algorithm` as a ``torch.optim.Optimizer``.

Each paper algorithm module defines a subclass, e.g.
``adaproof.algorithms.adam_complexity.AdamComplexityOptimizer``, so a user can train a model
with exactly the analysed variant::

    opt = AdamComplexityOptimizer(model.parameters(), lr=1e-3, beta1=0.9, beta2=0.999, nu0=1e-8)
    loss.backward(); opt.step()

Each parameter tensor ``p`` is treated as one candidate (batch of size 1) of shape ``p.shape``;
the algorithm's state lives in ``optimizer.state[p]``.  The real-valued hyperparameters are the
param group's entries, so ``torch.optim.lr_scheduler`` works: a changed ``group["lr"]`` takes
effect at the next step.  One parameter group per optimizer.
"""
from __future__ import annotations

from typing import Any, ClassVar

import torch

from .._validation import AdaproofInputError
from ._core import Algorithm

__all__ = ["AlgorithmOptimizer"]


def _check_params(owner: str, params):
    """``params``: an iterable of tensors or of parameter-group dicts, not empty."""
    if isinstance(params, torch.Tensor):
        raise AdaproofInputError(f"{owner}: params must be an iterable of tensors (e.g. "
                                 f"model.parameters() or [tensor]), got a single Tensor")
    try:
        params = list(params)
    except TypeError:
        raise AdaproofInputError(f"{owner}: params must be an iterable of tensors or dicts (e.g. "
                                 f"model.parameters()), got {type(params).__name__}") from None
    if not params:
        raise AdaproofInputError(f"{owner}: params is empty; give at least one tensor")
    for p in params:
        items = p.get("params") if isinstance(p, dict) else p
        items = [items] if isinstance(items, torch.Tensor) else items
        try:
            items = list(items)
        except TypeError:
            items = [items]
        for q in items:
            if not isinstance(q, torch.Tensor) or not q.is_floating_point():
                raise AdaproofInputError(
                    f"{owner}: params must hold floating-point tensors, got "
                    f"{type(q).__name__ if not isinstance(q, torch.Tensor) else q.dtype}")
    return params


class AlgorithmOptimizer(torch.optim.Optimizer):
    """``torch.optim.Optimizer`` driving an :class:`Algorithm` recurrence parameter by parameter."""

    algorithm_class: ClassVar[type[Algorithm]]

    def __init__(self, params, **hyper: Any) -> None:
        if not hasattr(type(self), "algorithm_class"):
            raise TypeError("subclass AlgorithmOptimizer and set algorithm_class")
        self.algorithm = self.algorithm_class(**hyper)
        defaults = {k: v for k, v in self.algorithm.hyper.items()
                    if isinstance(v, (int, float)) and not isinstance(v, bool)}
        super().__init__(_check_params(type(self).__name__, params), defaults=defaults)
        if len(self.param_groups) != 1:
            raise AdaproofInputError(
                f"{type(self).__name__} takes a single parameter group, got {len(self.param_groups)}")
        group = self.param_groups[0]
        changed = {k: group[k] for k in self.defaults if group[k] != self.algorithm.hyper[k]}
        if changed:  # hyperparameters given in the group dict: validated like keyword arguments
            self.algorithm = self.algorithm_class(**{**self.algorithm.hyper, **changed})

    @torch.no_grad()
    def step(self, closure=None):  # type: ignore[override]
        loss = None
        if closure is not None and not callable(closure):
            raise AdaproofInputError(f"closure must be None or a callable returning the loss, got "
                                     f"{type(closure).__name__}")
        if closure is not None:
            with torch.enable_grad():
                loss = closure()
        for group in self.param_groups:
            changed = {k: group[k] for k in self.defaults if group[k] != self.algorithm.hyper[k]}
            if changed:  # e.g. an lr scheduler: rebuild (and re-validate) the algorithm
                self.algorithm = self.algorithm_class(**{**self.algorithm.hyper, **changed})
            for p in group["params"]:
                if p.grad is None:
                    continue
                if p.grad.is_sparse:
                    raise AdaproofInputError(f"{type(self).__name__} does not take sparse gradients")
                g = p.grad.detach().unsqueeze(0)
                if not bool(torch.isfinite(g).all()):
                    raise AdaproofInputError(
                        f"{type(self).__name__}: the gradient of a parameter of shape "
                        f"{tuple(p.shape)} holds NaN or inf")
                st = self.state[p]
                if "alg" not in st:
                    x0 = p.detach().unsqueeze(0)
                    self.algorithm.param_shape_check(x0)
                    st["alg"] = self.algorithm.init(x0.clone())
                    st["t"] = 0
                st["t"] += 1
                st["alg"]["x"] = p.detach().unsqueeze(0).clone()
                new_state, _ = self.algorithm.step(st["alg"], g, st["t"])
                st["alg"] = new_state
                p.copy_(new_state["x"][0])
        return loss
