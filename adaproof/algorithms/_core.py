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

import os
import sys
import warnings
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
    #: ``True`` when :meth:`step` accepts ``want`` (the record keys asked for, ``None`` = all,
    #: the others are skipped) and ``out`` (a view of run's iterate buffer that may receive x_t)
    lean_records: ClassVar[bool] = False

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
    #: ``"all"``: ``x`` is ``(B, T+1, ...)``; ``"final"``: ``x`` is ``(B, 2, ...)`` = (x_0, x_T)
    iterates: str = "all"

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


_HUGE = 2 << 20  # a transparent huge page (x86-64, aarch64 with 4 KiB base pages)
_madvise = None


def _empty(shape: tuple, like: torch.Tensor, dtype: torch.dtype | None = None) -> torch.Tensor:
    """``torch.empty`` for run()'s output buffers.  A large CPU buffer is first advised
    (Linux ``madvise(MADV_HUGEPAGE)``) to be backed by 2 MiB pages: writing the iterates then
    faults one page per 2 MiB instead of one per 4 KiB, which measured 4-5x less time on the
    development machine (40 ms -> 9 ms for a 39 MB buffer).  Only a hint: it changes no value,
    and nothing happens where it is unavailable."""
    global _madvise
    out = torch.empty(shape, dtype=like.dtype if dtype is None else dtype, device=like.device)
    n = out.numel() * out.element_size()
    if out.device.type != "cpu" or n < 2 * _HUGE or not sys.platform.startswith("linux"):
        return out
    if _madvise is None:
        try:
            import ctypes
            fn = ctypes.CDLL(None, use_errno=True).madvise
            fn.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
            fn.restype = ctypes.c_int
            _madvise = fn
        except (OSError, AttributeError):
            _madvise = False
    if _madvise:
        p = out.data_ptr()
        a, e = (p + _HUGE - 1) & ~(_HUGE - 1), (p + n) & ~(_HUGE - 1)
        if e > a:
            _madvise(a, e - a, 14)  # MADV_HUGEPAGE; an error (EINVAL without THP) is ignored
    return out


_BACKENDS = ("auto", "torch", "fused")


def _backend(backend: str | None) -> str:
    if backend is None:
        backend = os.environ.get("ADAPROOF_BACKEND", "auto") or "auto"
        where = "the environment variable ADAPROOF_BACKEND"
    else:
        where = "backend"
    if backend not in _BACKENDS:
        raise AdaproofInputError(f"{where} must be one of {', '.join(_BACKENDS)}, got {backend!r}")
    return backend


_FUSED_MODULE = None


def _fused_module():
    """``adaproof.algorithms.fused``, imported on first use (``from . import fused`` on every
    run() call went through importlib's Python ``_handle_fromlist`` twice per call)."""
    global _FUSED_MODULE
    if _FUSED_MODULE is None:
        from . import fused
        _FUSED_MODULE = fused
    return _FUSED_MODULE


def _fused_checks_grads(algorithm: Any) -> bool:
    """Whether the fused CPU kernel of ``algorithm`` (when it runs) detects a non-finite gradient
    itself, so that run() need not read all of ``grads`` once more beforehand (at (1024, 1000,
    16) that sum cost about as much as the kernel).  True for the Adam family (practical Adam and
    AdamW, AdamLinf, RMSPropLinf, AdamComplexity): their first moment takes every gradient with
    a positive weight (``lerp(m, g, 1-β1)`` with the L2 term or sign before it; ``β1·m +
    (1-β1)·g`` with β1 < 1), so a ±inf or NaN gradient makes m non-finite, non-finiteness
    persists (inf - inf, 0·inf = NaN), the kernel's final-state check flags the candidate, and
    run() then raises the gradient error exactly as the upfront check would
    (tests/algorithms/test_fused.py).  Every other algorithm, and any run that does not reach a
    kernel, is checked upfront or before the torch path."""
    fused = _fused_module()
    kind = fused._fused_types().get(type(algorithm))
    return kind in fused.DETECTS_NONFINITE_GRADS and fused.numba_available()


def _check_grads_finite(grads: torch.Tensor) -> None:
    """One reduction (a sum, see :func:`_all_finite`) instead of an ``isfinite`` mask."""
    if grads.is_floating_point() and grads.numel() > 0:
        if _all_finite(grads.detach()):
            return
    check_finite_tensor("grads", grads)  # raises with the first bad entry


def _all_finite(a: torch.Tensor) -> bool:
    """Whether every entry of the floating tensor ``a`` is finite: a sum (NaN and ±inf
    propagate, so a finite sum means finite entries), and only when the sum is not finite
    (a NaN, an inf, or finite entries whose sum overflows) ``aminmax``, which decides."""
    if bool(torch.isfinite(a.sum())):
        return True
    lo, hi = torch.aminmax(a)
    return bool(torch.isfinite(lo)) and bool(torch.isfinite(hi))


def run(
    algorithm: Algorithm,
    x0: torch.Tensor | None = None,
    grads: torch.Tensor | None = None,
    *,
    oracle: Callable[[torch.Tensor, int], torch.Tensor] | None = None,
    T: int | None = None,
    record: tuple[str, ...] | None = None,
    keep_graph: bool = False,
    backend: str | None = None,
    check_state: bool = True,
    iterates: str = "all",
) -> Trajectory:
    """Run ``algorithm`` for ``T`` steps on ``B`` candidates at once.

    Open loop: pass ``grads`` of shape ``(B, T, *shape)``; ``x0`` defaults to zeros.
    Closed loop: pass ``oracle(x, t) -> g`` (``x`` of shape ``(B, *shape)``) and ``T``; ``x0`` is
    required.  ``record`` limits which per-step quantities are kept (all by default; ``()`` keeps
    only ``x`` and ``g``).  With ``keep_graph`` the trajectory stays differentiable (for
    gradient-guided search).  The given ``grads`` is returned as ``traj.g`` without a copy.

    ``backend``: ``"auto"`` (default; also read from the environment variable
    ``ADAPROOF_BACKEND``) runs the fused compiled kernel of :mod:`adaproof.algorithms.fused` when
    the algorithm and options allow it and the eager torch reference otherwise; ``"torch"``
    forces the reference; ``"fused"`` forces the fused kernel (an error says why when it cannot).

    ``check_state`` (default ``True``): a state entry or iterate that turns NaN or ±inf from
    finite inputs (e.g. ``g²`` overflowing for gradients near 1e200, which would silently make
    Adam's update 0) raises :class:`AdaproofInputError` naming the algorithm, the step, the
    candidate and the coordinate, and so does a NaN or inf gradient from a closed-loop
    ``oracle``.  ``False`` lets the non-finite values through (as torch does): a candidate whose
    run overflows keeps its NaN and inf rows while the others run on (the statement checker
    re-evaluates such a candidate exactly).

    ``iterates``: ``"all"`` (default) keeps every iterate, ``traj.x`` of shape ``(B, T+1, ...)``;
    ``"final"`` keeps only the initial and the final one, ``traj.x`` of shape ``(B, 2, ...)``
    (``traj.x[:, -1]`` is x_T either way): no ``(B, T+1, ...)`` buffer is written, for callers
    that read the final iterate and the records only.
    """
    if not isinstance(algorithm, Algorithm):
        raise AdaproofInputError(f"algorithm must be an adaproof Algorithm instance (e.g. "
                                 f"AdamLinf()), got {type(algorithm).__name__}")
    if (x0 is None and T is None and oracle is None and not keep_graph
            and type(record) is tuple and not record and iterates in ("final", "all")
            and _backend(backend) != "torch"):
        # practical Adam's common case straight to its kernel (None: the general path runs it)
        fast = _fused_module().run_adam_fast(algorithm, grads, iterates)
        if fast is not None:
            return Trajectory(algorithm=algorithm.name, hyper=dict(algorithm.hyper), x=fast[0],
                              g=grads, records={}, initial=fast[1], iterates=iterates)
    if record is not None:
        record = tuple(check_names("record", record))
        unknown = sorted(set(record) - set(algorithm.recorded))
        if unknown and algorithm.recorded:
            raise AdaproofInputError(f"record names {unknown}, which {algorithm.name} does not "
                                     f"record; it records {sorted(algorithm.recorded)}")
    backend = _backend(backend)
    if iterates not in ("all", "final"):
        raise AdaproofInputError(f"iterates must be 'all' or 'final', got {iterates!r}")
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
        if not grads.is_floating_point():
            raise AdaproofInputError(f"grads must have a floating dtype (float64 by default), "
                                     f"got {grads.dtype}")
        # whether the fused CPU kernel flags a non-finite gradient itself (computed once here)
        fused_flags = (backend != "torch" and grads.device.type == "cpu"
                       and _fused_checks_grads(algorithm))
        if not (fused_flags
                or (backend == "torch" and not keep_graph and _lean_loop_flags_grads(algorithm))):
            _check_grads_finite(grads)  # else deferred: the kernel or lean loop flags them
        if grads.shape[1] < 1:
            raise AdaproofInputError("grads must hold T >= 1 steps (its dimension 1 has size 0)")
        if T is not None and int(T) != grads.shape[1]:
            raise AdaproofInputError(f"T={T} but grads holds {grads.shape[1]} steps")
        T = grads.shape[1]
        made_x0 = x0 is None
        if made_x0:  # zeros of grads' dtype, device and shape: the x0 checks below hold
            x0 = torch.zeros((grads.shape[0],) + tuple(grads.shape[2:]), dtype=grads.dtype,
                             device=grads.device)
    else:
        if not callable(oracle):
            raise AdaproofInputError("oracle must be a callable oracle(x, t) -> g")
        if x0 is None:
            raise AdaproofInputError("closed-loop runs need x0 of shape (B, *shape)")
        T = check_int("T", T if T is not None else -1, 1)
        made_x0 = False
    if not made_x0:
        check_finite_tensor("x0", x0, min_dim=1)
    if grads is not None and not made_x0:
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

    if backend != "torch":
        fused = _fused_module()
        why = fused.fusable(algorithm, x0, grads, keep_graph)
        deferred = grads is not None and fused_flags
        if why is None:
            try:
                out = fused.run_fused(algorithm, x0, grads, record, iterates)
            except fused.TritonFailure as exc:
                if backend == "fused":
                    raise AdaproofInputError(f"backend='fused': {exc}") from exc.__cause__
                warnings.warn(f"{exc}; adaproof uses the torch path from now on", RuntimeWarning,
                              stacklevel=2)
                return _run_torch(algorithm, x0, grads, None, T, record, False, check_state,
                                  iterates=iterates)
            except fused._StateOverflow as exc:
                if deferred:  # a non-finite gradient is what the kernel flagged, if any
                    _check_grads_finite(grads)
                if not check_state and exc.out is not None and \
                        type(algorithm) in _unguarded_types():  # exact type, as fusable()
                    # the kernel finished the run and the reference's step raises nothing of
                    # its own: its values, the flagged candidates' NaN and inf included, are
                    # what the reference would let through (to a few ulp, as every fused run)
                    x, records, initial = exc.out
                    return Trajectory(algorithm=algorithm.name, hyper=dict(algorithm.hyper),
                                      x=x, g=grads, records=records, initial=initial,
                                      iterates=iterates)
                if not check_state:  # the reference lets the non-finite values through
                    return _run_torch(algorithm, x0, grads, None, T, record, False, False,
                                      iterates=iterates)
                # the reference raises the precise error (step, candidate, coordinate)
                _run_torch(algorithm, x0, grads, None, T, record, False, True)
                raise fused.overflow_error(algorithm, exc.b, exc.t) from None
            if out is not None:
                x, records, initial = out
                return Trajectory(algorithm=algorithm.name, hyper=dict(algorithm.hyper), x=x,
                                  g=grads, records=records, initial=initial, iterates=iterates)
            why = "a learning-rate schedule mixing reals and tensors is not fused"
        if deferred:
            _check_grads_finite(grads)
        if backend == "fused":
            raise AdaproofInputError(f"backend='fused' cannot run this: {why}")
    return _run_torch(algorithm, x0, grads, oracle, T, record, keep_graph, check_state,
                      iterates=iterates,
                      grads_checked=grads is None or backend != "torch" or keep_graph
                      or not _lean_loop_flags_grads(algorithm))


def _lean_loop_flags_grads(algorithm: Algorithm) -> bool:
    """Whether the torch path may check ``grads`` after the algorithm's ``lean_loop`` (when that
    runs) instead of before: a non-finite gradient leaves the loop's final state non-finite
    (``lean_loop_flags_grads``, see practical Adam), which run() checks anyway; reading all of
    ``grads`` once more beforehand cost 4-5 % of run() at (1024, 1000, 16)."""
    return bool(getattr(type(algorithm), "lean_loop_flags_grads", False)) and \
        getattr(algorithm, "lean_loop", None) is not None


def _unguarded_types() -> tuple:
    """Fused algorithms whose torch ``step`` has no check of its own (no denominator guard):
    with ``check_state=False`` the reference only lets the non-finite values through, which a
    flagged fused run has already computed, so ``run`` returns the fused run instead of
    re-running the batch.  The others (the adam_linf family's ``v + eps > 0`` guard, practical
    Adam's ``eps = 0``) keep the torch re-run, which raises their errors."""
    from .adam_complexity.adam import AdamComplexity
    return (AdamComplexity,)


def _state_error(algorithm: Algorithm, t: int, key: str, value: torch.Tensor,
                 g: torch.Tensor) -> AdaproofInputError:
    bad = ~torch.isfinite(value.detach())
    idx = tuple(int(i) for i in bad.nonzero()[0].tolist())
    gi = g.detach()[idx].item() if tuple(g.shape) == tuple(value.shape) else None
    hint = (f" (the gradient there is {gi!r}: its square overflows float64 for |g| > 1.3e154)"
            if gi is not None and abs(gi) > 1e150 else "")
    return AdaproofInputError(
        f"{type(algorithm).__name__} ({algorithm.name}): at step t={t}, the state entry "
        f"{key!r} became "
        f"{value.detach()[idx].item()!r} at index {idx} (candidate {idx[0]}) although the "
        f"inputs are finite{hint}; the float recurrence overflowed (or divided 0 by 0), so its "
        f"update would silently be 0 or NaN. Scale the gradients down or pass run(..., "
        f"check_state=False) to let the non-finite values through.")


def _locate(algorithm: Algorithm, state: State, g: torch.Tensor, t: int) -> None:
    for key, value in state.items():
        if isinstance(value, torch.Tensor) and value.is_floating_point() and \
                not bool(torch.isfinite(value.detach()).all()):
            raise _state_error(algorithm, t, key, value, g)


def _run_torch(algorithm, x0, grads, oracle, T, record, keep_graph, check_state,
               locate: bool = False, iterates: str = "all",
               grads_checked: bool = True) -> Trajectory:
    """The eager torch reference.  Without ``keep_graph`` it runs under ``no_grad`` and writes
    the iterates and the requested records in place into preallocated ``(B, T[+1], ...)``
    buffers; non-finite state is accumulated in one ``addcmul_(a, b, value=0)`` per pair of
    state tensors (0·inf = NaN) and located by a second, checked pass only when it occurred.

    ``grads_checked=False`` (run() with an algorithm whose ``lean_loop_flags_grads``): ``grads``
    has not been checked for finiteness yet; it is checked before the step loop, or, when the
    algorithm's ``lean_loop`` ran, only when its final state is not finite (the gradient error
    then comes first, as if checked upfront), whatever ``check_state``."""
    if keep_graph:
        traj = _run_graph(algorithm, x0, grads, oracle, T, record, check_state)
        if iterates == "final":
            traj.x, traj.iterates = traj.x[:, [0, -1]], "final"
        return traj
    lean = getattr(type(algorithm), "lean_records", False)
    with torch.no_grad():
        state = algorithm.init(x0)
        # cloned: a lean step may update the state tensors in place
        initial = {k: state[k].detach().clone() if isinstance(state[k], torch.Tensor)
                   else state[k] for k in algorithm.initial_keys if k in state}
        B = x0.shape[0]
        if iterates == "all":
            X = _empty((B, T + 1) + tuple(x0.shape[1:]), x0)
            X[:, 0] = x0
            slots = X
        else:  # x_t alternates between two slots (a step reads x_{t-1} while writing x_t)
            X = _empty((B, 2) + tuple(x0.shape[1:]), x0)
            X[:, 0] = x0
            ping = torch.empty((2,) + tuple(x0.shape), dtype=x0.dtype, device=x0.device)
            slots = (ping[0], ping[1])  # x_t into slots[t % 2]
        G = grads if grads is not None else torch.empty(
            (B, T) + tuple(x0.shape[1:]), dtype=x0.dtype, device=x0.device)
        want = None if record is None else frozenset(record)
        bufs: dict[str, torch.Tensor] = {}
        accs: dict[tuple, torch.Tensor] = {}
        plan = None
        # an algorithm's own loop (open loop, real hyperparameters): its state's non-finiteness
        # persists, so the final state is checked once below instead of every step
        loop = getattr(algorithm, "lean_loop", None) if grads is not None and not locate else None
        # iterates="final": the loop keeps x_t in a buffer of its own (X=None)
        final = _serial(loop, x0)(x0, grads, X if iterates == "all" else None, want, bufs) \
            if loop is not None else None
        # a lean loop whose algorithm's step raises errors of its own (adam_linf's denominator
        # guard) leaves them to the step path: a non-finite final state is re-run by it
        guarded = final is not None and getattr(type(algorithm), "lean_loop_guarded", False)
        if final is not None:
            state, T_loop = final, 0
            if check_state or not grads_checked or guarded:
                for k, v in state.items():
                    if k != "x" and isinstance(v, torch.Tensor) and v.is_floating_point():
                        accs[k] = v
        else:
            T_loop = T
            if not grads_checked:
                _check_grads_finite(grads)
                grads_checked = True
        for t in range(1, T_loop + 1):
            if grads is not None:
                g = grads[:, t - 1]
            else:
                with torch.enable_grad():  # an oracle may differentiate an objective
                    g = oracle(state["x"], t)
                if not isinstance(g, torch.Tensor) or tuple(g.shape) != tuple(x0.shape):
                    raise AdaproofInputError(
                        f"oracle returned {getattr(g, 'shape', type(g).__name__)} at step {t}; "
                        f"expected a tensor of shape {tuple(x0.shape)}")
                if g.dtype != x0.dtype:
                    raise AdaproofInputError(f"oracle returned dtype {g.dtype} at step {t}; x0 "
                                             f"has {x0.dtype}")
                g = g.detach()
                if check_state and not bool(torch.isfinite(g).all()):
                    raise _oracle_error(g, t)
                G[:, t - 1] = g
            if lean:
                slot = slots[t % 2] if iterates == "final" else X[:, t]
                state, rec = algorithm.step(state, g, t, want=want, out=slot)
                if state["x"] is not slot:
                    slot.copy_(state["x"])
            else:
                state, rec = algorithm.step(state, g, t)
                if iterates == "all":
                    X[:, t] = state["x"]
            for k, v in rec.items():
                if want is None or k in want:
                    buf = bufs.get(k)
                    if buf is None:
                        buf = bufs[k] = _empty((B, T) + tuple(v.shape[1:]), v)
                    buf[:, t - 1] = v
            if check_state:
                if locate:
                    _locate(algorithm, state, g, t)
                    continue
                if plan is None:
                    plan = _check_plan(state)
                try:
                    pairs = [(state[a], state[b]) for a, b in plan]
                except KeyError:  # the state changed its entries: plan again
                    plan = _check_plan(state)
                    pairs = [(state[a], state[b]) for a, b in plan]
                for va, vb in pairs:
                    _acc(accs, va).addcmul_(va, vb, value=0)
        if iterates == "final":
            X[:, 1] = state["x"]
        if (check_state or not grads_checked or guarded) and not locate:
            ok = all(_all_finite(a) for a in accs.values())
            if ok and X.is_floating_point():
                # a lean loop's non-finite iterate stays non-finite (x + finite = x, inf - inf
                # and 0·inf = NaN): its final iterate tells; others: every iterate
                ok = _all_finite(X[:, -1] if final is not None else X)
            if not ok and not grads_checked:
                _check_grads_finite(grads)  # a non-finite gradient is reported as such
            if not ok and check_state:
                _run_torch(algorithm, x0, grads, oracle, T, (), False, True, locate=True)
                raise AdaproofInputError(  # pragma: no cover - the checked pass raises
                    f"{algorithm.name}: the state became NaN or inf during the run")
            if not ok and guarded:  # check_state=False: the step path raises or lets through
                return _run_torch(algorithm, x0, grads, oracle, T, record, False, False,
                                  locate=True, iterates=iterates)
    return Trajectory(algorithm=algorithm.name, hyper=dict(algorithm.hyper), x=X, g=G,
                      records=bufs, initial=initial, iterates=iterates)


#: a lean loop whose step holds at most this many elements runs its ops on one torch thread
_SERIAL_STEP_NUMEL = 1 << 16


def _serial(loop: Callable, x0: torch.Tensor) -> Callable:
    """``loop`` run with one torch thread when a step's tensors are small (CPU, at most
    ``_SERIAL_STEP_NUMEL`` elements), the caller's thread count restored after: torch runs
    ``sqrt`` in parallel from about 2,000 elements, and on this 2-core machine under load one
    ``sqrt`` of 16,384 doubles took 560 µs of CPU time with 2 threads against 33 µs with one
    (elementwise ops: the thread count changes no value)."""
    n = torch.get_num_threads()
    if n <= 1 or x0.device.type != "cpu" or x0.numel() > _SERIAL_STEP_NUMEL:
        return loop

    def one_thread(*args):
        torch.set_num_threads(1)
        try:
            return loop(*args)
        finally:
            torch.set_num_threads(n)
    return one_thread


def _check_plan(state: State) -> list[tuple[str, str]]:
    """Pairs of floating state entries (x excluded: it is checked in the buffer at the end) of
    one shape, checked together by ``acc.addcmul_(a, b, value=0)`` (NaN iff a or b is not
    finite); an odd one is paired with itself."""
    keys = [k for k, v in state.items() if k != "x" and isinstance(v, torch.Tensor)
            and v.is_floating_point()]
    plan, pending = [], None
    for k in keys:
        if pending is not None and state[pending].shape == state[k].shape:
            plan.append((pending, k))
            pending = None
        else:
            if pending is not None:
                plan.append((pending, pending))
            pending = k
    if pending is not None:
        plan.append((pending, pending))
    return plan


def _acc(accs: dict, like: torch.Tensor) -> torch.Tensor:
    key = (tuple(like.shape), like.dtype, like.device)
    a = accs.get(key)
    if a is None:
        a = accs[key] = torch.zeros_like(like)
    return a


def _oracle_error(g: torch.Tensor, t: int) -> AdaproofInputError:
    bad = ~torch.isfinite(g.detach())
    idx = tuple(int(i) for i in bad.nonzero()[0].tolist())
    return AdaproofInputError(
        f"oracle returned a NaN or inf gradient at step {t} ({g.detach()[idx].item()!r} at index "
        f"{idx}, candidate {idx[0]}); pass run(..., check_state=False) to let one candidate's "
        f"non-finite values through (its trajectory then holds them)")


def _run_graph(algorithm, x0, grads, oracle, T, record, check_state: bool = True) -> Trajectory:
    """The differentiable path (``keep_graph=True``): every tensor stays in the graph."""
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
            if check_state and not bool(torch.isfinite(g.detach()).all()):
                raise _oracle_error(g, t)
        state, rec = algorithm.step(state, g, t)
        xs.append(state["x"])
        gs.append(g)
        for k, v in rec.items():
            if record is None or k in record:
                recs.setdefault(k, []).append(v)
    return Trajectory(
        algorithm=algorithm.name,
        hyper=dict(algorithm.hyper),
        x=torch.stack(xs, 1),
        g=grads if grads is not None else torch.stack(gs, 1),
        records={k: torch.stack(v, 1) for k, v in recs.items()},
        initial=initial,
    )
