"""The batched, functional core every algorithm in :mod:`adaproof.algorithms` is built on.

An :class:`Algorithm` is a pure recurrence, in the style of optax's ``init``/``update`` pairs:

* ``state = alg.init(x0)`` builds the state at step 0 from the initial point ``x0`` of shape
  ``(B, *shape)`` (``B`` candidates, each a parameter of shape ``shape``: ``(d,)`` for vectors,
  ``(n, m)`` for Adafactor's matrices);
* ``state, rec = alg.step(state, g, t)`` consumes the gradient ``g`` (shape ``(B, *shape)``) of
  step ``t = 1, 2, ...`` and returns the new state (which always holds the iterate under ``"x"``)
  and a dict of the per-step quantities a statement may need (``m_t``, ``v_t``, the effective
  per-coordinate step, Adafactor's ``R_k``, ``C_k``, ...).

:func:`run` drives an algorithm for ``T`` steps, either *open loop* (the gradient sequence is
given) or *closed loop* (gradients come from an oracle evaluated at the iterates), and returns a
:class:`Trajectory`.

Hyperparameters may be Python reals (shared by all candidates) or tensors of shape ``(B,)`` (one
value per candidate); :meth:`Algorithm.hp` broadcasts them against a state tensor.  Learning
rates may also be schedules: a callable ``t -> float | Tensor(B,)``.

Indexing convention (shared by all papers, whatever their own offsets):

* ``traj.x[:, k]`` is the iterate after ``k`` steps (``traj.x[:, 0]`` is the initial point; it is
  ``x_0`` in adam_linf and ``w_1`` in adam_complexity, whose iterate after ``k`` steps is
  ``w_{k+1}``);
* ``traj.g[:, t-1]`` is the gradient consumed by step ``t``;
* ``traj[name][:, t-1]`` is the value of the recorded quantity after step ``t``;
* ``traj.series(name)[:, t]`` prepends the initial value (``v_0``) when the state has one, so that
  ``traj.series("v")[:, t]`` is ``v_t`` for ``t = 0..T``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, ClassVar, Mapping

import torch

from .._validation import AdaproofInputError, as_hyper, check_finite_tensor, check_int, check_names

__all__ = ["Algorithm", "Trajectory", "run", "Hyper", "Schedule"]

Hyper = "float | torch.Tensor"
Schedule = Callable[[int], "float | torch.Tensor"]
State = dict


def _expand(value: float | torch.Tensor, like: torch.Tensor,
            name: str = "a per-candidate hyperparameter") -> float | torch.Tensor:
    """Broadcast a scalar or per-candidate ``(B,)`` hyperparameter against ``like`` ``(B, ...)``."""
    if isinstance(value, torch.Tensor):
        if value.dim() == 0:
            return value.to(like)
        if value.shape[0] != like.shape[0]:
            raise AdaproofInputError(
                f"{name} has {value.shape[0]} per-candidate entries but the batch has "
                f"{like.shape[0]} candidates")
        return value.to(dtype=like.dtype, device=like.device).reshape(
            (like.shape[0],) + (1,) * (like.dim() - 1))
    return value


class _CheckedSchedule:
    """A learning-rate schedule whose every value is checked against the learning rate's range."""

    def __init__(self, name: str, fn: Callable, allow_zero: bool) -> None:
        self.name, self.fn, self.allow_zero = name, fn, allow_zero

    def __call__(self, t: int):
        return as_hyper(f"{self.name}({t})", self.fn(t), 0.0, None, low_open=not self.allow_zero)

    def __repr__(self) -> str:
        return f"schedule({self.fn!r})"


class Algorithm:
    """Base class of a batched optimizer recurrence.

    Subclasses define ``name`` (a short identifier), ``paper`` (the paper id, or ``None`` for the
    practical forms), ``hyperparameters`` (names accepted by ``__init__``), ``recorded`` (the keys of
    the per-step record) and implement :meth:`init` and :meth:`step`.
    """

    name: ClassVar[str] = "algorithm"
    paper: ClassVar[str | None] = None
    recorded: ClassVar[tuple[str, ...]] = ()
    #: state entries whose initial value is part of the trajectory (``series`` prepends it)
    initial_keys: ClassVar[tuple[str, ...]] = ()

    def __init__(self, **hyper: Any) -> None:
        self.hyper: dict[str, Any] = dict(hyper)

    # -- hyperparameter helpers -------------------------------------------------------------
    def hp(self, name: str, like: torch.Tensor, t: int | None = None) -> float | torch.Tensor:
        """Hyperparameter ``name`` broadcast against ``like``; schedules are evaluated at ``t``."""
        value = self.hyper[name]
        if callable(value):
            if t is None:
                raise AdaproofInputError(f"{name} is a schedule and needs a step index")
            value = value(t)
            if not isinstance(value, _CheckedSchedule):
                value = as_hyper(f"{name}({t})", value)
        return _expand(value, like, name)

    @staticmethod
    def _lr(name: str, value: Any, *, allow_zero: bool = False) -> Any:
        """Validate a learning rate: a positive real, a (B,) tensor, or a schedule ``t -> lr``."""
        if callable(value) and not isinstance(value, torch.Tensor):
            return _CheckedSchedule(name, value, allow_zero)
        return as_hyper(name, value, 0.0, None, low_open=not allow_zero)

    # -- the recurrence ---------------------------------------------------------------------
    def init(self, x0: torch.Tensor) -> State:  # pragma: no cover - abstract
        raise NotImplementedError

    def step(self, state: State, g: torch.Tensor, t: int) -> tuple[State, dict[str, torch.Tensor]]:
        raise NotImplementedError  # pragma: no cover - abstract

    def param_shape_check(self, x0: torch.Tensor) -> None:
        """Hook: raise if ``x0`` (``(B, *shape)``) has a shape this algorithm cannot run on."""

    def __repr__(self) -> str:
        hp = ", ".join(f"{k}={v!r}" if not isinstance(v, torch.Tensor) else f"{k}=<tensor>"
                       for k, v in self.hyper.items())
        return f"{type(self).__name__}({hp})"


@dataclass
class Trajectory:
    """Everything an algorithm did over ``T`` steps on ``B`` candidates (see module docstring)."""

    algorithm: str
    hyper: dict[str, Any]
    x: torch.Tensor
    g: torch.Tensor
    records: dict[str, torch.Tensor] = field(default_factory=dict)
    initial: dict[str, torch.Tensor] = field(default_factory=dict)

    @property
    def T(self) -> int:
        return self.g.shape[1]

    @property
    def B(self) -> int:
        return self.g.shape[0]

    def __getitem__(self, name: str) -> torch.Tensor:
        if name == "x":
            return self.x
        if name == "g":
            return self.g
        try:
            return self.records[name]
        except KeyError:
            raise KeyError(f"{self.algorithm} records no {name!r}; it records "
                           f"{sorted(self.records)}") from None

    def keys(self) -> list[str]:
        return ["x", "g", *self.records]

    def series(self, name: str) -> torch.Tensor:
        """``(B, T+1, ...)``: the initial value at index 0, then the value after each step."""
        if name == "x":
            return self.x
        if name not in self.initial:
            raise KeyError(f"{self.algorithm} has no initial value for {name!r}")
        init = self.initial[name]
        rec = self[name]
        init = init.expand((rec.shape[0],) + tuple(rec.shape[2:]))
        return torch.cat([init.unsqueeze(1), rec], dim=1)


def run(
    algorithm: Algorithm,
    x0: torch.Tensor | None = None,
    grads: torch.Tensor | None = None,
    *,
    oracle: Callable[[torch.Tensor, int], torch.Tensor] | None = None,
    T: int | None = None,
    record: tuple[str, ...] | None = None,
    keep_graph: bool = False,
) -> Trajectory:
    """Run ``algorithm`` for ``T`` steps on ``B`` candidates at once.

    Open loop: pass ``grads`` of shape ``(B, T, *shape)``; ``x0`` defaults to zeros.
    Closed loop: pass ``oracle(x, t) -> g`` (``x`` of shape ``(B, *shape)``) and ``T``; ``x0`` is
    required.  ``record`` limits which per-step quantities are kept (all by default).  With
    ``keep_graph`` the trajectory stays differentiable (for gradient-guided search).
    """
    if not isinstance(algorithm, Algorithm):
        raise AdaproofInputError(f"algorithm must be an adaproof Algorithm instance (e.g. "
                                 f"AdamLinf()), got {type(algorithm).__name__}")
    if record is not None:
        record = tuple(check_names("record", record))
    if (grads is None) == (oracle is None):
        raise AdaproofInputError("pass exactly one of grads (open loop) or oracle (closed loop)")
    if grads is not None:
        if not isinstance(grads, torch.Tensor):
            raise AdaproofInputError(f"grads must be a torch.Tensor of shape (B, T, *shape), "
                                     f"got {type(grads).__name__}")
        if grads.dim() < 3:
            raise AdaproofInputError(
                f"grads must have shape (B, T, *shape) with at least 3 dimensions, got "
                f"{tuple(grads.shape)}")
        check_finite_tensor("grads", grads)
        if grads.shape[1] < 1:
            raise AdaproofInputError("grads must hold T >= 1 steps (its dimension 1 has size 0)")
        if T is not None and int(T) != grads.shape[1]:
            raise AdaproofInputError(f"T={T} but grads holds {grads.shape[1]} steps")
        T = grads.shape[1]
        if x0 is None:
            x0 = torch.zeros((grads.shape[0],) + tuple(grads.shape[2:]), dtype=grads.dtype,
                             device=grads.device)
    else:
        if not callable(oracle):
            raise AdaproofInputError("oracle must be a callable oracle(x, t) -> g")
        if x0 is None:
            raise AdaproofInputError("closed-loop runs need x0 of shape (B, *shape)")
        T = check_int("T", T if T is not None else -1, 1)
    check_finite_tensor("x0", x0, min_dim=1)
    if grads is not None:
        if grads.dtype != x0.dtype:
            raise AdaproofInputError(f"grads has dtype {grads.dtype} but x0 has {x0.dtype}; "
                                     "use one dtype (float64 by default)")
        if (grads.shape[0],) + tuple(grads.shape[2:]) != tuple(x0.shape):
            raise AdaproofInputError(
                f"grads of shape {tuple(grads.shape)} = (B, T, *shape) does not match x0 of shape "
                f"{tuple(x0.shape)} = (B, *shape)")
        if grads.device != x0.device:
            raise AdaproofInputError(f"grads is on {grads.device} but x0 is on {x0.device}")
    algorithm.param_shape_check(x0)

    state = algorithm.init(x0)
    initial = {k: state[k] for k in algorithm.initial_keys if k in state}
    xs = [state["x"]]
    gs: list[torch.Tensor] = []
    recs: dict[str, list[torch.Tensor]] = {}
    for t in range(1, T + 1):
        if grads is not None:
            g = grads[:, t - 1]
        else:
            g = oracle(state["x"], t)
            if not isinstance(g, torch.Tensor) or tuple(g.shape) != tuple(x0.shape):
                raise AdaproofInputError(
                    f"oracle returned {getattr(g, 'shape', type(g).__name__)} at step {t}; "
                    f"expected a tensor of shape {tuple(x0.shape)}")
            if g.dtype != x0.dtype:
                raise AdaproofInputError(f"oracle returned dtype {g.dtype} at step {t}; x0 has "
                                         f"{x0.dtype}")
            if not bool(torch.isfinite(g).all()):
                raise AdaproofInputError(f"oracle returned a NaN or inf gradient at step {t}")
        state, rec = algorithm.step(state, g, t)
        xs.append(state["x"])
        gs.append(g)
        for k, v in rec.items():
            if record is None or k in record:
                recs.setdefault(k, []).append(v)
    unknown = sorted(set(record or ()) - set(recs))
    if unknown:
        raise AdaproofInputError(f"record names {unknown}, which {algorithm.name} does not record; "
                                 f"it records {sorted(k for k in rec)}")
    stack = (lambda seq: torch.stack(seq, 1)) if keep_graph else (
        lambda seq: torch.stack([s.detach() for s in seq], 1))
    return Trajectory(
        algorithm=algorithm.name,
        hyper=dict(algorithm.hyper),
        x=stack(xs),
        g=stack(gs),
        records={k: stack(v) for k, v in recs.items()},
        initial={k: (v if keep_graph else v.detach()) if isinstance(v, torch.Tensor) else v
                 for k, v in initial.items()},
    )
