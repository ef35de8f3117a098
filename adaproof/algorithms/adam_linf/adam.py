"""Adam as analysed in *Adam exploits ℓ∞-geometry of loss landscape via coordinate-wise
adaptivity* (Xie, Mohamadi & Li; paper id ``adam_linf``), Algorithm 1.

The paper prints (Algorithm 1, "Adam")::

    Hyperparam: β1, β2, ε ≥ 0, total steps T, learning rate {η_t}_{t=1}^T, initial m_0, v_0
    Input: initial x_0, stochastic losses {L_t}_{t=1}^T
    v_{0,i} ← v_0
    for t = 1, 2, ..., T:
        g_{t,i} ← ∇_i L_t(x_{t-1})
        m_{t,i} ← β1 m_{t-1,i} + (1 − β1) g_{t,i}
        v_{t,i} ← β2 v_{t-1,i} + (1 − β2) g_{t,i}^2
        x_{t,i} ← x_{t-1,i} − η_t m_{t,i} / sqrt(v_{t,i} + ε)
    return x_T

So: ε sits INSIDE the square root, there is no bias correction, the scalar v_0 is broadcast to
every coordinate (v_{0,i} ← v_0), m_0 is an input and the learning rate may vary with t.
Indexing: ``traj.x[:, t]`` is the paper's x_t (x_0 is the initial point) and
``traj.series("v")[:, t]`` is v_t for t = 0..T.

Recorded per step: ``m`` (m_t), ``v`` (v_t), ``step_size`` (the effective per-coordinate step
size η_t / sqrt(v_{t,i} + ε)) and ``update`` (x_t − x_{t−1} = −step_size ⊙ m_t).

Ambiguity (range of β1, β2): the box only says β1, β2 ≥ 0.  β1 = 1 would freeze m_t = m_0 and
never use a gradient; resolved as β1 ∈ [0, 1).  β2 > 1 makes 1 − β2 < 0 and v_t can turn
negative (sqrt of a negative number); β2 = 1 is allowed, as Section 3.2's heading "RMSProp
(Adam with β1 = 0, β2 ∈ [0, 1])" includes it (then v_t = v_0 for all t: per-coordinate SGD with
EMA momentum).  Resolved as β2 ∈ [0, 1].  Theorem 3.2 (SignGD) uses β1 = β2 = 0.

Ambiguity (division by zero): sqrt(v_{t,i} + ε) = 0 exactly when ε = 0 and β2 v_{t-1,i} = 0 and
(1 − β2) g_{t,i}^2 = 0: e.g. SignGD (β1 = β2 = ε = 0) with a zero gradient entry, or v_0 = ε = 0
before the first nonzero g_{t,i} (Lemma 3.12 allows v_0 = 0 but assumes v_1 > 0), or β2 = 1 with
v_0 + ε = 0.  The paper gives no convention for 0/0.  Resolved as: β2 = 1 with v_0 + ε = 0 is
rejected at construction (every step would divide by zero); otherwise each step checks
v_t + ε > 0 and raises :class:`AdaproofInputError` naming the step, candidate and coordinate.
``v_0 + ε > 0`` together with β2 > 0 (the regime of Theorem 3.5 / Corollaries 3.6-3.7, which
take ε = 0 and v_0 > 0) or ε > 0 never triggers it.  For the sign(0) = 0 convention use
:class:`~adaproof.algorithms.adam_linf.SignGD`.

Ambiguity (defaults): the paper fixes no m_0, v_0, ε or η.  Defaults here: m_0 = 0, v_0 = 1e-8,
ε = 0 (the paper "prefers ε to be 0 while maintaining the value of v_0 + ε", Section 3.2, and
Corollaries 3.6-3.7 take ε = 0), β1 = 0.9, β2 = 0.99 (Appendix D.1, quadratic and ResNet
experiments), η = 1e-3.

With ε = 0 this is exactly :class:`adaproof.algorithms.adam_complexity.AdamComplexity` with
ν_0 = v_0 (but that paper starts its iterate at w_1 and requires β2 ∈ (0, 1), ν_0 > 0).
"""
from __future__ import annotations

from typing import Any

import torch

from ..._validation import as_hyper
from .._core import Algorithm, _empty
from ..optim import AlgorithmOptimizer
from ._common import (check_not_stuck_at_zero, check_positive_denominator,
                      check_vector_or_hyper, fill_param, per_candidate)

__all__ = ["AdamLinf", "AdamLinfOptimizer"]


class AdamLinf(Algorithm):
    """Algorithm 1 of adam_linf (Adam, ε inside the square root, no bias correction).

    Hyperparameters: ``lr`` (η_t > 0: a real, a (B,) tensor or a schedule ``t -> η_t``),
    ``beta1`` ∈ [0, 1), ``beta2`` ∈ [0, 1], ``eps`` ≥ 0, ``v0`` ≥ 0 (a real or (B,): broadcast to
    every coordinate, v_{0,i} = v_0), ``m0`` (default 0; a real, (B,), a tensor of the
    parameter's shape or of shape (B, *shape)).
    """

    name = "adam_linf.adam"
    paper = "adam_linf"
    recorded = ("m", "v", "step_size", "update")
    initial_keys = ("m", "v")

    def __init__(self, lr: Any = 1e-3, beta1: Any = 0.9, beta2: Any = 0.99, eps: Any = 0.0,
                 v0: Any = 1e-8, m0: Any = 0.0) -> None:
        lr = self._lr("lr", lr)
        beta1 = as_hyper("beta1", beta1, 0.0, 1.0, high_open=True,
                         why="beta1 = 1 would never use a gradient")
        beta2 = as_hyper("beta2", beta2, 0.0, 1.0,
                         why="Algorithm 1 and Section 3.2 take beta2 in [0, 1]")
        eps = as_hyper("eps", eps, 0.0, None, why="eps >= 0 in Algorithm 1")
        v0 = as_hyper("v0", v0, 0.0, None, why="v0 is a scalar >= 0 broadcast to all coordinates")
        m0 = check_vector_or_hyper("m0", m0)
        check_not_stuck_at_zero(beta2, v0, eps)
        super().__init__(lr=lr, beta1=beta1, beta2=beta2, eps=eps, v0=v0, m0=m0)

    def init(self, x0: torch.Tensor) -> dict:
        v0 = per_candidate("v0", self.hyper["v0"], x0)
        v0 = v0.reshape((-1,) + (1,) * (x0.dim() - 1)).expand_as(x0).clone()
        return {"x": x0, "m": fill_param("m0", self.hyper["m0"], x0), "v": v0}

    #: run() may check ``grads`` after :meth:`lean_loop`: a non-finite gradient leaves ``m``
    #: non-finite (``(1-β1)·g`` with 1-β1 > 0, then ``β1·m`` keeps it: inf·0 = NaN)
    lean_loop_flags_grads = True
    #: :meth:`step` raises on a vanishing ``v + eps``, which :meth:`lean_loop` does not check:
    #: run() re-runs a non-finite final state by :meth:`step`
    lean_loop_guarded = True

    def lean_loop(self, x0: torch.Tensor, grads: torch.Tensor, X, want, bufs: dict):
        """run()'s open loop without autograd, real hyperparameters: :meth:`step`'s operations
        in its order (``lr / sqrt(d)`` is torch's ``reciprocal(sqrt(d)) * lr``, ``-s * m`` is
        ``neg(s) * m``), in place into preallocated buffers, so the same bits; x_t into
        ``X[:, t]``, or (``X = None``, run()'s ``iterates="final"``) in place; only the asked
        records written (``bufs``, ``(B, T, ...)``).  No per-step check: a vanishing ``v + eps``
        makes the step infinite and x non-finite for good (NaN and ±inf persist through the
        recurrence), so run() re-runs a non-finite final state by :meth:`step`, which raises
        its error at the step.  Returns the final state, or ``None`` (nothing done)."""
        h = self.hyper
        b1, b2, eps, lr = h["beta1"], h["beta2"], h["eps"], h["lr"]
        if not all(isinstance(v, (float, int)) and not isinstance(v, bool)
                   for v in (b1, b2, eps, lr, h["v0"])):
            return None
        if torch.is_grad_enabled() or type(self).step is not AdamLinf.step or \
                type(self).init is not AdamLinf.init:
            return None
        state = self.init(x0)
        m, v = state["m"], state["v"]
        T = grads.shape[1]
        w1, c2 = 1 - b1, 1 - b2
        t1, t2, s, u = (torch.empty_like(x0) for _ in range(4))
        every = want is None
        keep = {k: every or k in want for k in self.recorded}
        for k, on in keep.items():
            if on:
                bufs[k] = _empty((x0.shape[0], T) + tuple(x0.shape[1:]), x0)
        mul, add, neg = torch.mul, torch.add, torch.neg
        x = x0 if X is not None else x0.clone()
        slots = X.unbind(1) if isinstance(X, torch.Tensor) else X
        recs = [(bufs[k].unbind(1), val) for k, val in
                (("m", m), ("v", v), ("step_size", s), ("update", u)) if keep[k]]
        for t, g in enumerate(grads.unbind(1), 1):
            mul(g, w1, out=t1)          # (1 - b1) * g
            m.mul_(b1).add_(t1)         # b1 * m + ...
            mul(g, c2, out=t2).mul_(g)  # (1 - b2) * g * g
            v.mul_(b2).add_(t2)
            add(v, eps, out=s).sqrt_().reciprocal_().mul_(lr)  # lr / sqrt(v + eps)
            neg(s, out=u).mul_(m)       # -step_size * m
            if slots is None:
                x.add_(u)
            else:
                x = add(x, u, out=slots[t])
            for bt, val in recs:
                bt[t - 1].copy_(val)
        state["x"] = x
        return state

    def step(self, state: dict, g: torch.Tensor, t: int):
        b1, b2 = self.hp("beta1", g), self.hp("beta2", g)
        eps = self.hp("eps", g)
        lr = self.hp("lr", g, t)
        m = b1 * state["m"] + (1 - b1) * g
        v = b2 * state["v"] + (1 - b2) * g * g
        denom = v + eps
        check_positive_denominator(type(self).__name__, denom, t, "v_{t,i}")
        step_size = lr / torch.sqrt(denom)
        update = -step_size * m
        x = state["x"] + update
        return {"x": x, "m": m, "v": v}, {"m": m, "v": v, "step_size": step_size,
                                          "update": update}


class AdamLinfOptimizer(AlgorithmOptimizer):
    """``torch.optim.Optimizer`` running :class:`AdamLinf` (Algorithm 1) exactly as analysed."""

    algorithm_class = AdamLinf
