"""Adam and AdamW exactly as ``torch.optim.Adam`` / ``torch.optim.AdamW`` (torch 2.13) run them
(practical form, no paper id).

The algorithm as the PyTorch documentation prints it (``γ`` = lr, ``λ`` = weight_decay,
``ε`` = eps, ``θ`` = the parameter, ``f`` = the objective)::

    input: γ, β1, β2, θ0, f, λ, ε, amsgrad, maximize
    initialize: m0 ← 0, v0 ← 0, v0^max ← 0
    for t = 1 to ...:
        if maximize: g_t ← -∇f_t(θ_{t-1})  else: g_t ← ∇f_t(θ_{t-1})
        Adam:   if λ ≠ 0: g_t ← g_t + λ θ_{t-1}                     (L2 added to the gradient)
        AdamW:  θ_{t-1} ← θ_{t-1} - γ λ θ_{t-1}                        (decoupled weight decay)
        m_t ← β1 m_{t-1} + (1 - β1) g_t
        v_t ← β2 v_{t-1} + (1 - β2) g_t²
        m̂_t ← m_t / (1 - β1^t)
        if amsgrad: v_t^max ← max(v_{t-1}^max, v_t);  v̂_t ← v_t^max / (1 - β2^t)
        else:       v̂_t ← v_t / (1 - β2^t)
        θ_t ← θ_{t-1} - γ m̂_t / (√v̂_t + ε)
    return θ_t

Defaults: lr = 1e-3, betas = (0.9, 0.999), eps = 1e-8, weight_decay = 0 (Adam) / 1e-2 (AdamW),
amsgrad = False, maximize = False.  ε is added *outside* the square root.

Operation order (reproduced from ``torch.optim.adam._single_tensor_adam`` so that float64 results
agree with torch to rounding): ``m ← lerp(m, g, 1-β1)``; ``v ← v·β2 + (1-β2)·g·g`` (addcmul);
``step_size = lr / (1-β1^t)``; ``denom = √v / √(1-β2^t) + ε`` (with ``v^max`` under amsgrad);
``θ ← θ + (-step_size)·m / denom`` (addcdiv).  AdamW multiplies θ by ``1 - lr·λ`` before the
moments are updated.

Recorded per step (each ``(B, *shape)``): ``grad`` (the gradient the moments consume: after the
maximize sign flip and, for Adam, the L2 term), ``m``, ``v``, ``vmax`` (amsgrad only), ``m_hat``
(``m / (1-β1^t)``), ``v_hat`` (``v / (1-β2^t)``, or ``vmax / (1-β2^t)`` under amsgrad),
``denom`` (``√v̂ + ε`` in torch's order), ``step_size`` (the effective per-coordinate step size
``lr / (1-β1^t) / denom``, the factor multiplying ``m_t``) and ``update`` (``θ_t - θ_{t-1}``,
including AdamW's decoupled decay).  ``m``, ``v`` (and ``vmax``) are in ``initial_keys`` (all
zero at step 0).

Hyperparameters: ``lr`` ≥ 0 (a real, a per-candidate ``(B,)`` tensor or a schedule
``t -> lr``), ``betas = (β1, β2)`` with β1, β2 ∈ [0, 1) (also accepted as ``beta1=``/``beta2=``;
they are stored as ``beta1``/``beta2`` so ``Adam(**alg.hyper)`` rebuilds the algorithm),
``eps`` ≥ 0, ``weight_decay`` ≥ 0 (reals or ``(B,)`` tensors), ``amsgrad``, ``maximize`` (bools,
shared by all candidates).  These are torch's own ranges.

Ambiguity: torch allows ``eps = 0``; then a coordinate whose second moment is exactly 0 (a zero
gradient since the start) gives ``0/0 = NaN`` in torch; the step computes it as torch does (no
guard; the value range is torch's) and ``run()`` then raises AdaproofInputError naming the step and
coordinate (its state check); ``run(..., check_state=False)`` returns torch's NaN.
Ambiguity: the step index.  torch counts steps per parameter from 1; here ``t`` is the step
index ``run`` passes (1, 2, ...), and the bias corrections use it.
Ambiguity: a learning-rate schedule is evaluated at ``t`` (torch's schedulers instead set
``group["lr"]`` between steps; to reproduce one, give the schedule ``t -> lr used at step t``).
Its values are checked (≥ 0) at every step.
"""
from __future__ import annotations

from typing import Any

import torch

from ..._validation import (AdaproofInputError, as_hyper, check_finite_ratio, check_interval,
                             check_not_subnormal)
from .._core import Algorithm, _empty
from ..optim import AlgorithmOptimizer

__all__ = ["Adam", "AdamW", "AdamOptimizer", "AdamWOptimizer"]


# -- helpers shared with the other practical modules ----------------------------------------
def _check_bool(name: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise AdaproofInputError(f"{name} must be a bool (True or False), got {value!r}")
    return value


def _lr_at(alg: Algorithm, g: torch.Tensor, t: int) -> float | torch.Tensor:
    """The learning rate of step ``t``; schedule values are checked to be finite and ≥ 0."""
    lr = alg.hp("lr", g, t)
    if callable(alg.hyper["lr"]):
        check_interval(f"lr({t})", lr, 0.0, None, why="the schedule's value at step t")
    return lr


def _ema_sq(v: torch.Tensor, g: torch.Tensor, b: float | torch.Tensor) -> torch.Tensor:
    """``v·b + (1-b)·g·g`` exactly as torch's ``v.mul_(b).addcmul_(g, g, value=1-b)``."""
    if isinstance(b, torch.Tensor):
        return torch.addcmul(v * b, g, g * (1 - b))
    return torch.addcmul(v * b, g, g, value=1 - b)


def _lerp(a: torch.Tensor, b: torch.Tensor, w: float | torch.Tensor) -> torch.Tensor:
    """``a + w·(b - a)`` exactly as torch's ``a.lerp_(b, w)``."""
    return torch.lerp(a, b, w)


def _add_scaled(a: torch.Tensor, b: torch.Tensor, s: float | torch.Tensor) -> torch.Tensor:
    """``a + s·b`` exactly as torch's ``a.add(b, alpha=s)`` (which fuses the multiply-add)."""
    if isinstance(s, torch.Tensor):
        return a + s * b
    return torch.add(a, b, alpha=s)


def _nonneg(name: str, value: Any) -> float | torch.Tensor:
    return as_hyper(name, value, 0.0, None)


class Adam(Algorithm):
    """``torch.optim.Adam``, batched.  Hyperparameters: ``lr`` ≥ 0 (or a schedule),
    ``betas`` = (β1, β2) ∈ [0, 1)², ``eps`` ≥ 0, ``weight_decay`` ≥ 0 (L2 added to the gradient;
    :class:`AdamW` decouples it), ``amsgrad``, ``maximize``."""

    name = "practical.adam"
    paper = None
    decoupled_weight_decay = False
    #: keys recorded whatever the options; an instance with ``amsgrad=True`` also records "vmax"
    recorded = ("grad", "m", "v", "m_hat", "v_hat", "denom", "step_size", "update")
    initial_keys = ("m", "v", "vmax")
    _default_weight_decay = 0.0

    def __init__(self, lr: Any = 1e-3, betas: Any = None, eps: Any = 1e-8,
                 weight_decay: Any = None, amsgrad: Any = False, *, maximize: Any = False,
                 beta1: Any = None, beta2: Any = None) -> None:
        if betas is not None and (beta1 is not None or beta2 is not None):
            raise AdaproofInputError("pass the betas either as betas=(beta1, beta2) or as "
                                     "beta1=/beta2=, not both")
        if betas is None:
            betas = (0.9 if beta1 is None else beta1, 0.999 if beta2 is None else beta2)
        if not isinstance(betas, (tuple, list)) or len(betas) != 2:
            raise AdaproofInputError(f"betas must be a pair (beta1, beta2), got {betas!r}")
        lr = self._lr("lr", lr, allow_zero=True)
        b1 = as_hyper("betas[0] (beta1)", betas[0], 0.0, 1.0, high_open=True)
        b2 = as_hyper("betas[1] (beta2)", betas[1], 0.0, 1.0, high_open=True)
        eps = _nonneg("eps", eps)
        check_not_subnormal("eps", eps, why="the step divides lr by sqrt(v) + eps, which is eps for a zero gradient")
        check_finite_ratio("lr", lr, "eps", eps, why="the step divides lr by sqrt(v) + eps, which is eps for a zero gradient")
        if weight_decay is None:
            weight_decay = self._default_weight_decay
        weight_decay = _nonneg("weight_decay", weight_decay)
        amsgrad = _check_bool("amsgrad", amsgrad)
        maximize = _check_bool("maximize", maximize)
        super().__init__(lr=lr, beta1=b1, beta2=b2, eps=eps, weight_decay=weight_decay,
                         amsgrad=amsgrad, maximize=maximize)
        if amsgrad:
            self.recorded = type(self).recorded + ("vmax",)

    def init(self, x0: torch.Tensor) -> dict:
        state = {"x": x0, "m": torch.zeros_like(x0), "v": torch.zeros_like(x0)}
        if self.hyper["amsgrad"]:
            state["vmax"] = torch.zeros_like(x0)
        return state

    lean_records = True

    #: run() may leave the finiteness check of ``grads`` to after :meth:`lean_loop` (when it
    #: runs): a NaN or ±inf gradient makes the final ``m`` non-finite (see :meth:`lean_loop`)
    lean_loop_flags_grads = True

    def lean_loop(self, x0: torch.Tensor, grads: torch.Tensor, X, want, bufs: dict):
        """run()'s open-loop path without autograd, the whole ``T`` loop here: hyperparameters
        read once, state updated in place, ``denom`` in one preallocated buffer, x_t written
        into ``X[:, t]`` (``X``: a tensor or a list of slots), or, with ``X = None`` (run()'s
        ``iterates="final"``), updated in place in one buffer of this loop's own (returned as
        the state's ``"x"``), the asked records into ``bufs`` (``(B, T, ...)``, allocated here).

        A NaN or ±inf gradient makes ``m`` non-finite for good (``lerp(m, g, w)`` with
        ``w = 1-β1 ∈ (0, 1]`` propagates it, and a non-finite ``m`` stays so: ``inf - inf``,
        ``0·inf`` and NaN give NaN), and so does a non-finite ``x`` (``x + finite = x``), so
        run() checks ``grads`` and the iterates only after this loop, on the final state.

        Exactly the operations of :meth:`step` on its in-place path, in its order, on tensors of
        the same layouts, so the results are bitwise those of :meth:`step`.  Returns the final
        state, or ``None`` (nothing done) when a hyperparameter is a tensor or a schedule: then
        run() calls :meth:`step` per step.  The state's non-finiteness is persistent here (NaN
        and ±inf propagate through lerp, ``v·β2 + (1-β2)·g²`` and max for β ∈ [0, 1)), so run()
        checks the final state once instead of every step."""
        h = self.hyper
        b1, b2, eps, wd, lr = h["beta1"], h["beta2"], h["eps"], h["weight_decay"], h["lr"]
        if not all(isinstance(v, (float, int)) and not isinstance(v, bool)
                   for v in (b1, b2, eps, wd, lr)):
            return None
        if torch.is_grad_enabled() or type(self).step is not Adam.step or \
                type(self).init is not Adam.init:  # a subclass's own step is run by step
            return None
        state = self.init(x0)
        m, v = state["m"], state["v"]
        amsgrad, maximize = h["amsgrad"], h["maximize"]
        vmax = state.get("vmax")
        second = vmax if amsgrad else v
        wd_on = wd != 0
        decoupled = self.decoupled_weight_decay
        w1, c2 = 1 - b1, 1 - b2
        decay = 1 - lr * wd
        every = want is None
        records = every or bool(want)
        T = grads.shape[1]
        dbuf = torch.empty_like(x0)
        sqrt, addcdiv, maximum = torch.sqrt, torch.addcdiv, torch.maximum
        x = x0
        if not (records or maximize or wd_on or amsgrad):
            # the common case in a tight loop: constants of every step computed beforehand
            # (the very expressions of the general loop below), methods bound once
            neg_steps = [-(lr / (1 - b1 ** t)) for t in range(1, T + 1)]
            bc2_sqrts = [(1 - b2 ** t) ** 0.5 for t in range(1, T + 1)]
            if X is None:
                # the final iterate only: m, v, denom and x live in inference-mode tensors of
                # this loop's own (torch then skips the version counters and view tracking of
                # every op: 10-15 % of a step at B·d = 256), x updated in place (addcdiv_ is
                # the kernel of addcdiv(out=)); the same kernels in the same order, so the
                # same bits.  Only x's final value leaves the loop, copied by run().
                with torch.inference_mode():
                    m, v = m.clone(), v.clone()
                    dbuf, x = torch.empty_like(x0), x0.clone()
                    self._fast_loop(grads, m, v, dbuf, x, None, w1, b2, c2, eps, bc2_sqrts,
                                    neg_steps)
                state.update(m=m, v=v, x=x)
                return state
            slots = X.unbind(1)[1:] if isinstance(X, torch.Tensor) else X[1:]
            state["x"] = self._fast_loop(grads, m, v, dbuf, x, slots, w1, b2, c2, eps,
                                         bc2_sqrts, neg_steps)
            return state
        gs = grads.unbind(1)  # every step's views, made in one call
        if X is None:  # the general loop writes x_t beside x_{t-1}: two slots, alternating
            ping = torch.empty((2,) + tuple(x0.shape), dtype=x0.dtype, device=x0.device)
            slots = [None] + [ping[0], ping[1]] * ((T + 1) // 2 + 1)
        else:
            slots = X.unbind(1) if isinstance(X, torch.Tensor) else X  # or a list of slots
        for t in range(1, T + 1):
            g = gs[t - 1]
            grad = -g if maximize else g
            if decoupled:
                x_dec = x * decay if wd_on else x
            else:
                x_dec = x
                if wd_on:
                    grad = torch.add(grad, x, alpha=wd)
            m.lerp_(grad, w1)
            v.mul_(b2).addcmul_(grad, grad, value=c2)
            bc1 = 1 - b1 ** t
            bc2 = 1 - b2 ** t
            step_size = lr / bc1
            if amsgrad:
                maximum(vmax, v, out=vmax)
            denom = sqrt(second, out=dbuf).div_(bc2 ** 0.5).add_(eps)
            slot = slots[t]
            addcdiv(x_dec, m, denom, value=-step_size, out=slot)
            if records:
                rec = {"grad": grad, "m": m, "v": v}
                if every or "m_hat" in want:
                    rec["m_hat"] = m / bc1
                if every or "v_hat" in want:
                    rec["v_hat"] = second / bc2
                rec["denom"] = denom
                if every or "step_size" in want:
                    rec["step_size"] = step_size / denom
                if every or "update" in want:
                    rec["update"] = slot - x
                if amsgrad:
                    rec["vmax"] = vmax
                for k, r in rec.items():
                    if every or k in want:
                        buf = bufs.get(k)
                        if buf is None:
                            buf = bufs[k] = _empty((r.shape[0], T) + tuple(r.shape[1:]), r)
                        buf[:, t - 1] = r
            x = slot
        state["x"] = x
        return state

    @staticmethod
    def _fast_loop(grads, m, v, dbuf, x, slots, w1, b2, c2, eps, bc2_sqrts, neg_steps):
        """The steps of :meth:`lean_loop`'s common case (no records, no options): seven ops per
        step, as torch.optim's single-tensor Adam, none allocating; x_t into ``slots[t-1]``,
        or in place into ``x`` when ``slots`` is None.  Returns x_T.

        A step's gradient ``grads[:, t-1]`` is a strided view (B rows of the parameter's size,
        T·size apart): lerp_ and addcmul_ on it measured 4-5x slower than on a contiguous copy
        at (1024, 1000, 16) (a loop per row), so the gradients of ``k`` steps at a time are
        first copied into one contiguous ``(k, B, ...)`` buffer (one copy_ per k steps, k =
        8192 / (B·size) within [1, 64]: the buffer stays in cache).  Copies change no value."""
        sqrt, addcdiv = torch.sqrt, torch.addcdiv
        m_lerp, v_mul, v_addcmul = m.lerp_, v.mul_, v.addcmul_
        d_div, d_add = dbuf.div_, dbuf.add_
        x_addcdiv = x.addcdiv_
        T = grads.shape[1]
        n = grads[:, 0].numel()
        if grads.shape[0] > 1 and T > 1 and n > 0:
            k = max(1, min(64, 8192 // n, T))
            buf = torch.empty((k, grads.shape[0]) + tuple(grads.shape[2:]), dtype=grads.dtype,
                              device=grads.device)
            gts = grads.transpose(0, 1)
            chunks = [(t0, min(k, T - t0)) for t0 in range(0, T, k)]
        else:
            buf, chunks = None, [(0, T)]
        for t0, c in chunks:
            if buf is None:
                gs = grads.unbind(1)  # every step's views, made in one call
            else:
                gk = buf[:c] if c < k else buf
                gk.copy_(gts[t0:t0 + c])
                gs = gk.unbind(0)
            consts = zip(gs, bc2_sqrts[t0:t0 + c], neg_steps[t0:t0 + c])
            if slots is None:
                for g, bc2s, neg in consts:
                    m_lerp(g, w1)
                    v_mul(b2)
                    v_addcmul(g, g, value=c2)
                    sqrt(v, out=dbuf)
                    d_div(bc2s)
                    d_add(eps)
                    x_addcdiv(m, dbuf, value=neg)
            else:
                for (g, bc2s, neg), slot in zip(consts, slots[t0:t0 + c]):
                    m_lerp(g, w1)
                    v_mul(b2)
                    v_addcmul(g, g, value=c2)
                    sqrt(v, out=dbuf)
                    d_div(bc2s)
                    d_add(eps)
                    x = addcdiv(x, m, dbuf, value=neg, out=slot)
        return x

    def step(self, state: dict, g: torch.Tensor, t: int, want=None, out=None):
        """One torch.optim.Adam step; ``want`` (record keys, ``None`` = all) skips the records
        nobody asked for; ``out`` (run's slot for x_t) receives the new iterate when it
        can.  With real hyperparameters the ops are torch's own fused ones
        (lerp, addcmul, addcdiv), in place on fresh tensors, in ``_single_tensor_adam``'s order."""
        b1, b2 = self.hp("beta1", g), self.hp("beta2", g)
        eps, wd = self.hp("eps", g), self.hp("weight_decay", g)
        lr = _lr_at(self, g, t)
        x = state["x"]
        grad = -g if self.hyper["maximize"] else g
        wd_on = isinstance(wd, torch.Tensor) or wd != 0
        if self.decoupled_weight_decay:
            x_dec = x * (1 - lr * wd) if wd_on else x
        else:
            x_dec = x
            if wd_on:
                grad = _add_scaled(grad, x, wd)  # grad.add(param, alpha=weight_decay)
        # run()'s lean path (``out`` given, no autograd) owns the state: update it in place with
        # the very same kernels (lerp_, mul_ + addcmul_) instead of allocating new tensors
        own = out is not None and not torch.is_grad_enabled()
        if own:
            m = state["m"].lerp_(grad, 1 - b1)
            if isinstance(b2, torch.Tensor):
                v = state["v"].mul_(b2).addcmul_(grad, grad * (1 - b2))
            else:
                v = state["v"].mul_(b2).addcmul_(grad, grad, value=1 - b2)
        else:
            m = _lerp(state["m"], grad, 1 - b1)
            v = _ema_sq(state["v"], grad, b2)
        bc1 = 1 - b1 ** t
        bc2 = 1 - b2 ** t
        step_size = lr / bc1
        bc2_sqrt = bc2 ** 0.5
        new_state = {"m": m, "v": v}
        if self.hyper["amsgrad"]:
            vmax = torch.maximum(state["vmax"], v, out=state["vmax"]) if own else \
                torch.maximum(state["vmax"], v)
            new_state["vmax"] = vmax
            second = vmax
        else:
            second = v
        denom = torch.sqrt(second)
        if torch.is_grad_enabled():  # sqrt's backward needs its output: no in-place ops
            denom = denom / bc2_sqrt + eps
        else:
            denom = denom.div_(bc2_sqrt).add_(eps)
        if isinstance(step_size, torch.Tensor):
            x_new = x_dec + (-step_size) * m / denom
        else:  # param.addcdiv_(m, denom, value=-step_size): x + ((-s)·m)/denom
            if out is not None and not torch.is_grad_enabled():
                x_new = torch.addcdiv(x_dec, m, denom, value=-step_size, out=out)
            else:
                x_new = torch.addcdiv(x_dec, m, denom, value=-step_size)
        new_state["x"] = x_new
        every = want is None
        rec = {"grad": grad, "m": m, "v": v}
        if every or "m_hat" in want:
            rec["m_hat"] = m / bc1
        if every or "v_hat" in want:
            rec["v_hat"] = second / bc2
        rec["denom"] = denom
        if every or "step_size" in want:
            rec["step_size"] = step_size / denom
        if every or "update" in want:
            rec["update"] = x_new - x
        if self.hyper["amsgrad"]:
            rec["vmax"] = new_state["vmax"]
        return new_state, rec


class AdamW(Adam):
    """``torch.optim.AdamW``, batched: :class:`Adam` with decoupled weight decay
    (θ ← θ·(1 - lr·λ) before the Adam step); default ``weight_decay = 1e-2``."""

    name = "practical.adamw"
    decoupled_weight_decay = True
    _default_weight_decay = 1e-2


class AdamOptimizer(AlgorithmOptimizer):
    """``torch.optim.Optimizer`` running :class:`Adam` (equal to ``torch.optim.Adam``)."""

    algorithm_class = Adam


class AdamWOptimizer(AlgorithmOptimizer):
    """``torch.optim.Optimizer`` running :class:`AdamW` (equal to ``torch.optim.AdamW``)."""

    algorithm_class = AdamW
