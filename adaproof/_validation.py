"""Argument checks shared by every public entry point.

Every check raises :class:`AdaproofInputError` (a ``ValueError``) whose message names the
parameter, the value received and the allowed range, so that bad input never surfaces as a
traceback from deep inside torch.
"""
from __future__ import annotations

import contextvars
import math
import sys
from numbers import Real
from typing import Any

import torch

__all__ = [
    "AdaproofInputError",
    "check_real",
    "check_interval",
    "check_int",
    "check_finite_tensor",
    "check_same_shape",
    "as_hyper",
]


class AdaproofInputError(ValueError):
    """Raised for an argument outside the range a paper (or the library) allows."""


def _describe(value: Any) -> str:
    if isinstance(value, torch.Tensor):
        if value.numel() == 1:
            return f"{value.item()!r}"
        return f"tensor of shape {tuple(value.shape)}"
    return repr(value)


def _bounds_text(low, high, low_open, high_open) -> str:
    lo = "(" if low_open else "["
    hi = ")" if high_open else "]"
    lows = "-inf" if low is None else repr(low)
    highs = "inf" if high is None else repr(high)
    return f"{lo}{lows}, {highs}{hi}"


#: while set to a list (adaproof.derive, finding the candidates whose float run of an algorithm
#: cannot proceed), a per-candidate (B,) tensor out of its interval appends the mask of its bad
#: rows here instead of raising; the caller rejects those rows
ROW_FAULTS: contextvars.ContextVar = contextvars.ContextVar("adaproof_row_faults", default=None)


def check_interval(
    name: str,
    value: Any,
    low: float | None = None,
    high: float | None = None,
    *,
    low_open: bool = False,
    high_open: bool = False,
    why: str = "",
) -> Any:
    """Check that ``value`` (a real or a tensor of reals) lies in the given interval.

    ``low_open``/``high_open`` make the corresponding end exclusive.  Returns ``value``.
    """
    if type(value) is float and not (
            value != value or value in (math.inf, -math.inf)
            or (low is not None and not (value > low if low_open else value >= low))
            or (high is not None and not (value < high if high_open else value <= high))):
        return value  # a plain real in range: no message text built (hyperparameter checks)
    if isinstance(value, bool):
        raise AdaproofInputError(f"{name} must be a real number, got a bool ({value!r})")
    rng = _bounds_text(low, high, low_open, high_open)
    suffix = f" ({why})" if why else ""
    if isinstance(value, torch.Tensor):
        if not (value.is_floating_point() or value.dtype in (torch.int32, torch.int64)):
            raise AdaproofInputError(f"{name} must be a real tensor, got dtype {value.dtype}")
        faults = ROW_FAULTS.get()
        if faults is not None and value.dim() == 1:  # per-candidate: mark the rows, go on
            bad = ~torch.isfinite(value)
            if low is not None:
                bad |= (value <= low) if low_open else (value < low)
            if high is not None:
                bad |= (value >= high) if high_open else (value > high)
            if bool(bad.any()):
                faults.append(bad)
                return value
        if not bool(torch.isfinite(value).all()):
            raise AdaproofInputError(f"{name} must be finite and in {rng}{suffix}, got NaN or inf")
        bad = torch.zeros_like(value, dtype=torch.bool)
        if low is not None:
            bad |= (value <= low) if low_open else (value < low)
        if high is not None:
            bad |= (value >= high) if high_open else (value > high)
        if bool(bad.any()):
            first = value[bad].flatten()[0].item()
            raise AdaproofInputError(
                f"{name} must lie in {rng}{suffix}; got {first!r} (entry of {_describe(value)})"
            )
        return value
    if not isinstance(value, Real):
        raise AdaproofInputError(f"{name} must be a real number in {rng}, got {_describe(value)}")
    try:
        v = float(value)
    except OverflowError:  # an int beyond the float64 range
        raise AdaproofInputError(f"{name} must be finite and in {rng}{suffix}, got an integer of "
                                 f"{len(str(abs(int(value))))} digits") from None
    if math.isnan(v) or math.isinf(v):
        raise AdaproofInputError(f"{name} must be finite and in {rng}{suffix}, got {v!r}")
    ok = True
    if low is not None:
        ok &= v > low if low_open else v >= low
    if high is not None:
        ok &= v < high if high_open else v <= high
    if not ok:
        raise AdaproofInputError(f"{name} must lie in {rng}{suffix}; got {value!r}")
    return value


def check_real(name: str, value: Any) -> Any:
    """A finite real (or tensor of finite reals)."""
    return check_interval(name, value)


def check_int(name: str, value: Any, low: int | None = None, high: int | None = None) -> int:
    """An integer in [low, high]."""
    if isinstance(value, bool) or not isinstance(value, (int,)) and not (
        isinstance(value, float) and value.is_integer()
    ):
        raise AdaproofInputError(f"{name} must be an integer, got {value!r}")
    v = int(value)
    if (low is not None and v < low) or (high is not None and v > high):
        raise AdaproofInputError(
            f"{name} must be an integer in [{low if low is not None else '-inf'}, "
            f"{high if high is not None else 'inf'}]; got {v}"
        )
    return v


def check_finite_tensor(name: str, value: Any, *, shape: tuple[int, ...] | None = None,
                        dtype: torch.dtype | None = None, min_dim: int = 0) -> torch.Tensor:
    """A floating tensor with no NaN/inf, optionally of a given shape and dtype."""
    if not isinstance(value, torch.Tensor):
        raise AdaproofInputError(f"{name} must be a torch.Tensor, got {type(value).__name__}")
    if not value.is_floating_point():
        raise AdaproofInputError(f"{name} must have a floating dtype, got {value.dtype}")
    if dtype is not None and value.dtype != dtype:
        raise AdaproofInputError(f"{name} must have dtype {dtype} (the dtype of x0), got {value.dtype}")
    if value.dim() < min_dim:
        raise AdaproofInputError(
            f"{name} must have at least {min_dim} dimensions, got shape {tuple(value.shape)}")
    if shape is not None and tuple(value.shape) != tuple(shape):
        raise AdaproofInputError(
            f"{name} must have shape {tuple(shape)}, got {tuple(value.shape)}")
    finite = torch.isfinite(value)
    if not bool(finite.all()):
        idx = tuple(int(i) for i in (~finite).nonzero()[0].tolist())
        raise AdaproofInputError(
            f"{name} must be finite (no NaN or inf); entry {idx} is {value[idx].item()!r}")
    return value


def check_same_shape(name_a: str, a: torch.Tensor, name_b: str, b: torch.Tensor) -> None:
    if tuple(a.shape) != tuple(b.shape):
        raise AdaproofInputError(
            f"{name_a} and {name_b} must have the same shape; got {tuple(a.shape)} and {tuple(b.shape)}")


def as_hyper(name: str, value: Any, low=None, high=None, *, low_open=False, high_open=False,
             why: str = "") -> float | torch.Tensor:
    """Validate a hyperparameter given as a real or as a per-candidate tensor of shape (B,)."""
    if isinstance(value, torch.Tensor):
        if value.dim() > 1:
            raise AdaproofInputError(
                f"{name} must be a scalar or a per-candidate tensor of shape (B,), "
                f"got shape {tuple(value.shape)}")
        if value.dim() == 0:
            value = float(value.item())
    check_interval(name, value, low, high, low_open=low_open, high_open=high_open, why=why)
    return float(value) if not isinstance(value, torch.Tensor) else value


#: seeds accepted by ``check`` and ``adaproof check --seed``: ``torch.Generator.manual_seed`` takes
#: integers below 2**64; the searches also derive seeds from it, so the range keeps one bit spare
SEED_MAX = 2 ** 63 - 1
#: candidates per batch accepted by ``check(batch=...)``: the default is 512 on the CPU and 8192 on
#: a GPU; beyond 2**20 one batch of even a short trajectory no longer fits in memory
BATCH_MAX = 2 ** 20


def check_seed(value: Any, name: str = "seed") -> int:
    """A search seed: an ``int`` with ``0 <= seed <= 2**63 - 1``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise AdaproofInputError(
            f"{name} must be an integer in [0, 2**63 - 1] = [0, {SEED_MAX}], got {value!r}")
    if not 0 <= value <= SEED_MAX:
        raise AdaproofInputError(
            f"{name} must be an integer in [0, 2**63 - 1] = [0, {SEED_MAX}], got {value}")
    return int(value)


def check_batch(value: Any, name: str = "batch") -> int | None:
    """Candidates per batch: ``None`` (the device's default) or an ``int`` in [1, 2**20]."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= BATCH_MAX:
        raise AdaproofInputError(
            f"{name} must be None (the device default) or an integer in [1, {BATCH_MAX}], "
            f"got {value!r}")
    return int(value)


def check_search_args(*, seed: Any, batch: Any, progress: Any, fresh: Any, save: Any
                      ) -> tuple[int, int | None]:
    """The plain arguments of ``check``: returns ``(seed, batch)`` checked."""
    for flag, v in (("fresh", fresh), ("save", save)):
        if not isinstance(v, bool):
            raise AdaproofInputError(f"{flag} must be True or False, got {v!r}")
    if progress is not None and not callable(progress):
        raise AdaproofInputError(f"progress must be None or a callable progress(fraction), got "
                                 f"{type(progress).__name__}")
    return check_seed(seed), check_batch(batch)


def check_names(name: str, value: Any) -> list[str]:
    """A symbol name or a list/tuple of names (a single string is one name, not its letters)."""
    if isinstance(value, str):
        return [value]
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise AdaproofInputError(
            f"{name} must be a symbol name or a list of symbol names, got {value!r}")
    return list(value)


#: ``x * x`` is a positive normal float64 (neither 0, subnormal nor inf) exactly when
#: ``SQUARE_LOW <= |x| <= SQUARE_HIGH`` (2**-511 ~ 1.5e-154 and 2**511 ~ 6.7e153)
SQUARE_LOW = 2.0 ** -511
SQUARE_HIGH = 2.0 ** 511
#: the smallest positive normal float64 (2**-1022 ~ 2.2e-308): a divisor below it can make a
#: quotient of ordinary size overflow
NORMAL_MIN = 2.0 ** -1022


#: the largest first-step size ``lr / eps`` accepted: 1e300 leaves eight decades below the float64
#: maximum (1.8e308) for the factors a step multiplies it by (bias corrections 1/(1 - beta^t),
#: gradient ratios)
RATIO_MAX = 1e300


def check_finite_ratio(num_name: str, num: Any, den_name: str, den: Any, why: str = "") -> None:
    """``|num| / den <= RATIO_MAX`` (1e300) wherever ``den > 0`` (reals or ``(B,)`` tensors; a
    schedule, i.e. a callable, is checked when it is evaluated, not here)."""
    if (callable(num) and not isinstance(num, torch.Tensor)) or (
            callable(den) and not isinstance(den, torch.Tensor)):
        return
    if type(num) in (int, float) and type(den) in (int, float):  # plain reals: no tensors
        try:
            n_f, d_f = abs(float(num)), float(den)
        except OverflowError:
            raise AdaproofInputError(
                f"{num_name} and {den_name} must be finite reals within float64's range "
                f"(|x| <= {sys.float_info.max:.4g}); got {num_name} = {num!r:.40}, "
                f"{den_name} = {den!r:.40}") from None
        else:
            if d_f > 0 and not n_f / d_f <= RATIO_MAX:
                suffix = f" ({why})" if why else ""
                raise AdaproofInputError(
                    f"{num_name} / {den_name} must be at most {RATIO_MAX:g} (float64 overflows "
                    f"at {sys.float_info.max:.4g}){suffix}; got {num_name} = {n_f!r}, "
                    f"{den_name} = {d_f!r}")
            return
    n = torch.as_tensor(num, dtype=torch.float64).abs()
    d = torch.as_tensor(den, dtype=torch.float64)
    try:
        n, d = torch.broadcast_tensors(n, d)
    except RuntimeError:
        return  # mismatched per-candidate lengths are reported by the run
    pos = d > 0
    bad = pos & ~(n / torch.where(pos, d, torch.ones_like(d)) <= RATIO_MAX)
    if bool(bad.any()):
        i = bad.nonzero()[0].tolist()
        nv = n[tuple(i)].item() if n.dim() else n.item()
        dv = d[tuple(i)].item() if d.dim() else d.item()
        suffix = f" ({why})" if why else ""
        raise AdaproofInputError(
            f"{num_name} / {den_name} must be at most {RATIO_MAX:g} (float64 overflows at "
            f"{sys.float_info.max:.4g}){suffix}; got {num_name} = {nv!r}, {den_name} = {dv!r}")


def check_not_subnormal(name: str, value: Any, why: str = "") -> None:
    """``value`` (a real or a ``(B,)`` tensor; a schedule is skipped) is 0 or at least
    ``2**-1022`` in magnitude: dividing by a subnormal turns an ordinary numerator into inf."""
    if callable(value) and not isinstance(value, torch.Tensor):
        return
    if type(value) in (int, float):  # a plain real: no tensor
        try:
            a = abs(float(value))
        except OverflowError:
            return  # an int beyond float64 is not subnormal
        if 0 < a < NORMAL_MIN:
            suffix = f" ({why})" if why else ""
            raise AdaproofInputError(
                f"{name} must be 0 or at least 2**-1022 = {NORMAL_MIN:.4g} (the smallest normal "
                f"float64){suffix}; got {a!r}")
        return
    v = torch.as_tensor(value, dtype=torch.float64).abs()
    bad = (v > 0) & (v < NORMAL_MIN)
    if bool(bad.any()):
        first = v[bad].flatten()[0].item()
        suffix = f" ({why})" if why else ""
        raise AdaproofInputError(
            f"{name} must be 0 or at least 2**-1022 = {NORMAL_MIN:.4g} (the smallest normal "
            f"float64){suffix}; got {first!r}")
