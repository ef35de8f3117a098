"""Fused recurrence backend: the whole ``T`` loop of an elementwise algorithm in one compiled
kernel (numba on CPU, Triton on CUDA), state in registers/locals, only the requested records
written into preallocated arrays.

:func:`adaproof.algorithms.run` uses it automatically (``backend="auto"``) when

* the run is open loop (``grads`` given; a closed-loop oracle is Python and is not fused),
* no autograd is needed (``keep_graph=False``, no input or hyperparameter requires a gradient),
* the algorithm is one of :data:`FUSED` (exact type: a subclass may override ``step``),
* CPU: numba is installed (``pip install adaproof[fast]``) and the dtype is float64;
  CUDA: Triton is installed and the dtype is float64 or float32 (AdamLinf, RMSPropLinf,
  AdamComplexity, practical Adam/AdamW, AlphaAdamAnalysed and CautiousAdam (d ≤ 4096) have
  Triton kernels).

``backend="torch"`` (or ``ADAPROOF_BACKEND=torch``) forces the eager torch reference;
``backend="fused"`` (or ``ADAPROOF_BACKEND=fused``) forces this backend and raises
:class:`AdaproofInputError` saying why when the run cannot be fused.  The torch path is the
reference: tests/algorithms/test_fused.py holds the fused path to it to a few ulps.

Fused: :class:`~adaproof.algorithms.adam_linf.AdamLinf`,
:class:`~adaproof.algorithms.adam_linf.RMSPropLinf`,
:class:`~adaproof.algorithms.adam_linf.SignGD`,
:class:`~adaproof.algorithms.adam_linf.SGDMomentum` (CPU only),
:class:`~adaproof.algorithms.adam_complexity.AdamComplexity`,
:class:`~adaproof.algorithms.practical.Adam`, :class:`~adaproof.algorithms.practical.AdamW`
(all options: amsgrad, maximize, weight decay, per-candidate hyperparameters, schedules) and
:class:`~adaproof.algorithms.practical.Adagrad` and
:class:`~adaproof.algorithms.practical.RMSprop` (all options; CPU only),
:class:`~adaproof.algorithms.adagrad_aniso.AdaGradAniso` and
:class:`~adaproof.algorithms.adagrad_aniso.SGDAniso` on an unconstrained domain, a box or an
ℓ∞ ball (elementwise projections; CPU only), and, with a reduction over the coordinates per
step (CPU only): :class:`~adaproof.algorithms.adam_linf.AdaSGD` and
:class:`~adaproof.algorithms.adagrad_aniso.AdaGradNorm` (compensated sums of squares in
coordinate order), :class:`~adaproof.algorithms.adam_linf.BlockwiseAdam` (``index_add``'s
sequential order, bit for bit), :class:`~adaproof.algorithms.alphaadam.AlphaAdam` (Algorithm 1:
Σu², Σ(φ⊙u)², Σφ|g| compensated in coordinate order),
:class:`~adaproof.algorithms.alphaadam.AlphaAdamAnalysed` (Appendix E: elementwise; Σφ|g|
compensated for its record) and :class:`~adaproof.algorithms.alphaadam.CautiousAdam` (an exact
mask count per step) and
:class:`~adaproof.algorithms.adafactor.AdafactorPaper`,
:class:`~adaproof.algorithms.adafactor.AdafactorFullBatch` (open loop) and
:class:`~adaproof.algorithms.adafactor.AdafactorUnfactored` (row, column, S and RMS sums
compensated in index order).
Everything else runs on the torch path.
"""
from __future__ import annotations

import functools
import math
import importlib.util
from typing import Any

import numpy as np
import torch

from ..._validation import AdaproofInputError

__all__ = ["numba_available", "triton_available", "fusable", "run_fused", "FUSED"]


@functools.lru_cache(maxsize=1)
def numba_available() -> bool:
    """Whether numba is importable (asked once per process: run() asks on every call, and
    ``importlib.util.find_spec`` walks importlib's Python code each time)."""
    return importlib.util.find_spec("numba") is not None


def triton_available() -> bool:
    return importlib.util.find_spec("triton") is not None and torch.cuda.is_available()


@functools.lru_cache(maxsize=1)
def _fused_types() -> dict[type, str]:
    """The fused algorithm types and their kernel kind (built once: run() asks several times
    per call, and the imports and the dict cost about 0.1 ms each time)."""
    from ..adam_complexity import AdamComplexity
    from ..adam_linf import AdamLinf, RMSPropLinf, SGDMomentum, SignGD
    from ..adagrad_aniso import AdaGradAniso, AdaGradNorm, SGDAniso
    from ..adam_linf import AdaSGD, BlockwiseAdam
    from ..adafactor import AdafactorFullBatch, AdafactorPaper, AdafactorUnfactored
    from ..alphaadam import AlphaAdam, AlphaAdamAnalysed, CautiousAdam
    from ..practical import Adagrad, Adam, AdamW, RMSprop
    return {AdamLinf: "linf", RMSPropLinf: "linf", AdamComplexity: "complexity",
            SignGD: "signgd", SGDMomentum: "momentum", Adam: "adam", AdamW: "adam",
            Adagrad: "adagrad", RMSprop: "rmsprop", AdaGradAniso: "aniso", SGDAniso: "aniso",
            AdaSGD: "adasgd", BlockwiseAdam: "blockwise", AdaGradNorm: "adagrad_norm",
            AlphaAdam: "alphaadam", AlphaAdamAnalysed: "alphaadam_analysed",
            CautiousAdam: "cautious_adam", AdafactorPaper: "adafactor",
            AdafactorFullBatch: "adafactor", AdafactorUnfactored: "adafactor_unfactored"}


FUSED = ("adam_linf.adam", "adam_linf.rmsprop", "adam_linf.signgd", "adam_linf.sgd_momentum",
         "adam_complexity.adam", "practical.adam", "practical.adamw", "practical.adagrad",
         "practical.rmsprop", "adagrad_aniso.adagrad", "adagrad_aniso.sgd", "adam_linf.adasgd",
         "adam_linf.blockwise_adam", "adagrad_aniso.adagrad_norm", "alphaadam.alphaadam", "alphaadam.analysed",
         "alphaadam.cautious_adam",
         "adafactor.adafactor", "adafactor.adafactor_full_batch", "adafactor.unfactored")


def _elementwise_domain(algorithm: Any) -> bool:
    """adagrad_aniso's domains whose projection is elementwise (identity or a clamp)."""
    from ..adagrad_aniso.projection import Box, LinfBall, Unconstrained
    return type(algorithm.domain) in (Unconstrained, Box, LinfBall)


def fusable(algorithm: Any, x0: torch.Tensor, grads: torch.Tensor | None,
            keep_graph: bool) -> str | None:
    """``None`` when the run can be fused, otherwise the reason it cannot (a sentence)."""
    if grads is None:
        return "closed-loop runs (an oracle) are not fused"
    if keep_graph:
        return "keep_graph=True needs the differentiable torch path"
    kind = _fused_types().get(type(algorithm))
    if kind is None:
        return f"{type(algorithm).__name__} has no fused kernel (fused: {', '.join(FUSED)})"
    if kind in ("aniso", "adagrad_norm") and not _elementwise_domain(algorithm):
        return (f"{type(algorithm).__name__} on {type(algorithm.domain).__name__} is not fused "
                f"(fused domains: Unconstrained, Box, LinfBall: elementwise projections)")
    tensors = [x0, grads] + [v for v in algorithm.hyper.values() if isinstance(v, torch.Tensor)]
    if torch.is_grad_enabled() and any(t.requires_grad for t in tensors):
        return "an input requires a gradient (autograd needs the torch path)"
    if grads.device.type == "cuda":
        if _TRITON_BROKEN:
            return _TRITON_BROKEN
        if not triton_available():
            return "CUDA tensors need Triton for the fused backend"
        if grads.dtype not in (torch.float64, torch.float32):
            return f"dtype {grads.dtype} is not fused (float64, float32)"
        if kind not in ("linf", "complexity", "adam", "alphaadam_analysed", "cautious_adam"):
            return f"{type(algorithm).__name__} has no Triton kernel"
        d = grads[0, 0].numel() if grads.dim() > 2 else 1
        if kind == "cautious_adam" and d > 4096:  # _triton.CAUTIOUS_MAX_D (Triton not imported)
            return (f"CautiousAdam's Triton kernel keeps a candidate's coordinates in one block: "
                    f"d = {d} > 4096")
        return None
    if grads.device.type != "cpu":
        return f"device {grads.device} is not fused"
    if not numba_available():
        return "numba is not installed (pip install 'adaproof[fast]')"
    if grads.dtype != torch.float64:
        return f"the CPU fused backend runs float64, not {grads.dtype}"
    return None


# -- hyperparameters as per-candidate (Bl,) and per-(candidate, step) (Bl, Tl) arrays ---------
def _arr1(value: Any) -> np.ndarray:
    if isinstance(value, torch.Tensor):
        return value.detach().to(torch.float64).cpu().reshape(-1).numpy().copy()
    return np.array([float(value)])


def _is_t(value: Any) -> bool:
    return isinstance(value, torch.Tensor)


def _lr_table(algorithm: Any, like: torch.Tensor, T: int, lr_at=None):
    """``(Bl, Tl)`` learning rates and whether they are tensors (true division in torch)."""
    if callable(algorithm.hyper["lr"]):
        vals = [lr_at(algorithm, like, t) if lr_at else algorithm.hp("lr", like, t)
                for t in range(1, T + 1)]
        kinds = {_is_t(v) for v in vals}
        if len(kinds) > 1:
            return None, None
        if kinds == {True}:
            cols = [v.detach().to(torch.float64).cpu().reshape(-1) for v in vals]
            n = max(c.numel() for c in cols)
            tab = torch.stack([c.expand(n) for c in cols], 1).numpy().copy()
            return tab, True
        return np.array([[float(v) for v in vals]]), False
    v = lr_at(algorithm, like, 1) if lr_at else algorithm.hp("lr", like, 1)
    return _arr1(v).reshape(-1, 1), _is_t(v)


def _powt(b: Any, T: int) -> tuple[np.ndarray, bool]:
    """``b ** t`` for t = 1..T exactly as the reference computes it per step: Python's pow for a
    real; for a tensor torch's ``Tensor ** int`` on the same ``(B, 1)`` tensor, one call per
    step (torch special-cases exponents 2 and 3 and rounds its vectorised lanes and its scalar
    tail differently, so no single vectorised call reproduces it)."""
    if not _is_t(b):
        return _pow_row(float(b), T), False
    bt = b.detach().to(torch.float64).cpu().reshape(-1, 1)
    return torch.cat([bt ** t for t in range(1, T + 1)], 1).numpy(), True


@functools.lru_cache(maxsize=64)
def _pow_row(b: float, T: int) -> np.ndarray:
    """``[[b**1, ..., b**T]]`` with Python's pow, as the reference's step computes each (cached:
    a search runs the same β over many batches, and at T = 5000 this loop cost several times
    the kernel at B·d = 256); read-only."""
    row = np.array([[b ** t for t in range(1, T + 1)]])
    row.flags.writeable = False
    return row


@functools.lru_cache(maxsize=64)
def _sqrt_bc_row(b: float, T: int) -> np.ndarray:
    """``[[(1 - b**t) ** 0.5 for t = 1..T]]`` with Python's pow (the reference's ``bc2 ** 0.5``
    for a real β2; cached, read-only)."""
    row = np.array([[c ** 0.5 for c in (1 - _pow_row(b, T))[0].tolist()]])
    row.flags.writeable = False
    return row


def _div(a: np.ndarray, a_t: bool, b: np.ndarray, b_t: bool) -> np.ndarray:
    """``a / b`` as torch computes it: a real divided by a tensor is reciprocal(b)·a."""
    if b_t and not a_t:
        return (1.0 / b) * a
    return a / b


# -- the CPU runners ----------------------------------------------------------------------------
def _np_empty(shape: tuple) -> np.ndarray:
    """A float64 output buffer: below 4 MiB a plain ``np.empty`` (the caller wraps it with one
    ``torch.from_numpy``, no copy; going through torch cost 4 us warm, 80 us cold per buffer),
    else run()'s ``_empty`` (advised to 2 MiB pages, which makes its first-touch page faults
    cheaper), seen as a numpy array (no copy)."""
    if math.prod(shape) < _SMALL_ELEMS:
        return np.empty(shape)
    from .._core import _empty
    return _empty(tuple(shape), _F64_CPU).numpy()


_SMALL_ELEMS = (4 << 20) // 8  # _core._empty advises buffers of 2 * _HUGE = 4 MiB and more


_F64_CPU = torch.empty(0, dtype=torch.float64)


def _alloc(B, T, d, want):
    """The output of a record: ``(B, T, d)`` when asked for, else a ``(1, 1, 1)`` dummy."""
    return _np_empty((B, T, d)) if want else np.empty((1, 1, 1))


def _cpu_linf(algorithm, kind, x0, G, T, want, state, nx):
    from . import _cpu
    B, d = G.shape[0], G.shape[2]
    h = algorithm.hyper
    lr, lr_t = _lr_table(algorithm, x0, T)
    if lr is None:
        return None
    b1 = _arr1(h["beta1"])
    b2 = _arr1(h["beta2"])
    eps = _arr1(h["eps"]) if kind == "linf" else np.zeros(1)
    vkey = "v" if kind == "linf" else "nu"
    M0 = state["m"].reshape(B, d).numpy()
    V0 = state[vkey].reshape(B, d).numpy()
    X = _np_empty((B, nx, d))
    X[:, 0] = x0.reshape(B, d).numpy()
    names = ("m", vkey, "step_size", "update")
    outs = [_alloc(B, T, d, n in want) for n in names]
    bad = np.zeros(B, dtype=np.int64)
    _cpu.adam_linf(G, X, M0, V0, lr, lr_t, b1, 1.0 - b1, b2, 1.0 - b2, eps, *outs,
                   np.array([n in want for n in names]), bad)
    return X, {n: o for n, o in zip(names, outs) if n in want}, bad


def _cpu_signgd(algorithm, kind, x0, G, T, want, state, nx):
    from . import _cpu
    B, d = G.shape[0], G.shape[2]
    lr, _ = _lr_table(algorithm, x0, T)
    if lr is None:
        return None
    X = _np_empty((B, nx, d))
    X[:, 0] = x0.reshape(B, d).numpy()
    names = ("direction", "update")
    outs = [_alloc(B, T, d, n in want) for n in names]
    bad = np.zeros(B, dtype=np.int64)
    _cpu.signgd(G, X, lr, *outs, *(n in want for n in names), bad)
    return X, {n: o for n, o in zip(names, outs) if n in want}, bad


def _cpu_momentum(algorithm, kind, x0, G, T, want, state, nx):
    from . import _cpu
    B, d = G.shape[0], G.shape[2]
    lr, _ = _lr_table(algorithm, x0, T)
    if lr is None:
        return None
    X = _np_empty((B, nx, d))
    X[:, 0] = x0.reshape(B, d).numpy()
    names = ("m", "update")
    outs = [_alloc(B, T, d, n in want) for n in names]
    bad = np.zeros(B, dtype=np.int64)
    _cpu.sgd_momentum(G, X, state["m"].reshape(B, d).numpy(), lr,
                      _arr1(algorithm.hyper["momentum"]), *outs, *(n in want for n in names), bad)
    return X, {n: o for n, o in zip(names, outs) if n in want}, bad


def _adam_tables(algorithm, x0, T):
    """Per-(candidate, step) scalars of practical Adam, computed as its step computes them.

    When lr, the betas and the weight decay are all reals (no tensor, no schedule) the tables
    depend on those values and T only: they come from an LRU cache (a search runs the same
    hyperparameters over many batches; recomputing them cost 10 us warm and 70-85 us with cold
    caches per call at T = 5000).  The arrays are shared, and every kernel only reads them."""
    h = algorithm.hyper
    key = _real_key(h, ("lr", "beta1", "beta2", "weight_decay"))
    if key is not None:
        return _adam_tables_real(*key, T)  # shared, read-only by contract (no copy per call)
    return _adam_tables_fresh(algorithm, x0, T)


def _real_key(h: dict, names: tuple) -> tuple | None:
    """The hyperparameters ``names`` as floats when every one is a real, else ``None``."""
    out = []
    for n in names:
        v = h[n]
        if isinstance(v, (torch.Tensor, bool)) or not isinstance(v, (float, int)):
            return None
        out.append(float(v))
    return tuple(out)


class _RealHyper:
    """A stand-in algorithm holding real hyperparameters (for :func:`_adam_tables_real`)."""

    def __init__(self, lr, beta1, beta2, wd):
        self.hyper = {"lr": lr, "beta1": beta1, "beta2": beta2, "weight_decay": wd}

    def hp(self, name, like, t=None):
        return self.hyper[name]


@functools.lru_cache(maxsize=32)
def _adam_tables_real(lr: float, beta1: float, beta2: float, wd: float, T: int) -> dict:
    return _adam_tables_fresh(_RealHyper(lr, beta1, beta2, wd), None, T, lr_at=False)


def _adam_tables_fresh(algorithm, x0, T, lr_at=None):
    from ..practical.adam import _lr_at
    h = algorithm.hyper
    lr, lr_t = _lr_table(algorithm, x0, T, lr_at=_lr_at if lr_at is None else None)
    if lr is None:
        return None
    p1, b1_t = _powt(h["beta1"], T)
    p2, b2_t = _powt(h["beta2"], T)
    bc1 = 1 - p1
    bc2 = 1 - p2
    step = _div(lr, lr_t, bc1, b1_t)
    step_t = lr_t or b1_t
    bc2s = np.sqrt(bc2) if b2_t else _sqrt_bc_row(float(h["beta2"]), T)
    wd = _arr1(h["weight_decay"])
    wd_t = _is_t(h["weight_decay"])
    dec = 1 - lr * wd.reshape(-1, 1)
    return dict(lr=lr, bc1=bc1, bc2=bc2, step=step, step_t=step_t, bc2s=bc2s, wd=wd, wd_t=wd_t,
                dec=dec, b1_t=b1_t, b2_t=b2_t)


#: practical Adam's common case runs element-major (SIMD across candidates x coordinates,
#: ``_cpu.practical_adam_staged``) when the coordinates per candidate are fewer than this: the
#: row kernel's loop over d is shorter than an AVX-512 vector of doubles there (measured, one
#: thread: 10x at (64, 5000, 4); at d = 16 the row kernel is 1.5x faster)
STAGED_BELOW_D = 8

_ADAM_RECS = ("grad", "m", "v", "vmax", "m_hat", "v_hat", "denom", "step_size", "update")


def _cpu_adam(algorithm, kind, x0, G, T, want, state, nx):
    from . import _cpu
    B, d = G.shape[0], G.shape[2]
    h = algorithm.hyper
    tab = _adam_tables(algorithm, x0, T)
    if tab is None:
        return None
    decoupled = bool(algorithm.decoupled_weight_decay)
    wd_mode = 0
    if not decoupled:
        wd_mode = 2 if tab["wd_t"] else (1 if float(h["weight_decay"]) != 0 else 0)
    ams = bool(h["amsgrad"])
    X = _np_empty((B, nx, d))
    X[:, 0] = x0.reshape(B, d).numpy()
    M0 = state["m"].reshape(B, d).numpy()
    V0 = state["v"].reshape(B, d).numpy()
    bad = np.zeros(B, dtype=np.int64)
    if (not want and wd_mode == 0 and not decoupled and not ams and d < STAGED_BELOW_D
            and tab["step"].shape[0] == 1 and tab["bc2s"].shape[0] == 1):
        # the common case at small d: SIMD across candidates x coordinates (bitwise the same)
        c = _scalars(h["beta1"], h["beta2"], h["eps"])
        if c is not None:
            b1, b2, eps = c
            _cpu.practical_adam_staged(
                G, X, M0, V0, 1.0 - b1, b2, 1.0 - b2, eps, -1.0 if h["maximize"] else 1.0,
                bool(tab["b2_t"]), tab["step"], tab["bc2s"], max(1, _cpu.STAGE_E // d), bad)
            return X, {}, bad
    flags = np.array([h["maximize"], decoupled, wd_mode, ams, tab["b2_t"]], dtype=np.int64)
    b1, b2 = _arr1(h["beta1"]), _arr1(h["beta2"])
    VM0 = state["vmax"].reshape(B, d).numpy() if ams else V0
    # the kernel writes grad, m, v, vmax, denom, update; m_hat, v_hat, step_size derive from them
    need = set(want)
    if "m_hat" in want:
        need.add("m")
    if "v_hat" in want:
        need.add("vmax" if ams else "v")
    if "step_size" in want:
        need.add("denom")
    kern = ("grad", "m", "v", "vmax", "denom", "update")
    eps = _arr1(h["eps"])
    outs = {n: _alloc(B, T, d, n in need) for n in kern}
    args = (G, X, M0, V0, VM0, flags, 1.0 - b1, b2, 1.0 - b2, eps, tab["wd"],
            tab["step"], tab["dec"], tab["bc2s"])
    _cpu.practical_adam(*args, *outs.values(), np.array([n in need for n in kern]), bad)
    col = lambda a: a.reshape(a.shape[0], a.shape[1], 1)  # noqa: E731  (Bl, T) -> (Bl, T, 1)
    recs = {}
    if bad.any():  # the caller raises; nothing to derive
        return X, recs, bad
    for n in ("grad", "m", "v", "m_hat", "v_hat", "denom", "step_size", "update", "vmax"):
        if n not in want:
            continue
        if n == "m_hat":  # m / bc1
            recs[n] = outs["m"] / col(tab["bc1"])
        elif n == "v_hat":  # second / bc2
            recs[n] = outs["vmax" if ams else "v"] / col(tab["bc2"])
        elif n == "step_size":  # step / denom (a real step: reciprocal(denom)·step)
            recs[n] = _div(col(tab["step"]), tab["step_t"], outs["denom"], True)
        else:
            recs[n] = outs[n]
    return X, recs, bad


def _scalars(*values: Any) -> tuple | None:
    """``values`` as floats when each is one value for all candidates (a real, or a tensor of one
    element, read as ``_arr1`` reads it), else ``None`` (per-candidate tensors)."""
    out = []
    for v in values:
        if isinstance(v, torch.Tensor):
            if v.numel() != 1:
                return None
            v = _arr1(v)[0]
        out.append(float(v))
    return tuple(out)


def _follow_torch_threads() -> None:
    """numba's kernels use as many threads as torch does (``torch.set_num_threads``), so a worker
    that limits torch to 1 thread does not get a kernel on every core.

    A library must not change a global setting as a side effect: the first ``numba`` thread call
    starts numba's pool, and its OpenMP threading layer then calls
    ``omp_set_num_threads(NUMBA_NUM_THREADS)`` on the process's shared libgomp, which torch
    (OpenMP backend) reads as its own count: a process that had set ``torch.set_num_threads(1)``
    (or ``OMP_NUM_THREADS=1``) found torch on every core after its first fused run (on a loaded
    2-core machine every small torch op became 30-60x slower).  torch's count is put back."""
    import numba
    n_torch = torch.get_num_threads()
    n = max(1, min(n_torch, numba.config.NUMBA_NUM_THREADS))
    if _numba_threads() != n:
        numba.set_num_threads(n)
    if torch.get_num_threads() != n_torch:
        torch.set_num_threads(n_torch)


def _cpu_adagrad(algorithm, kind, x0, G, T, want, state, nx):
    from . import _cpu
    B, d = G.shape[0], G.shape[2]
    h = algorithm.hyper
    lr, lr_t = _lr_table(algorithm, x0, T)
    if lr is None:
        return None
    # clr = lr / (1 + (t-1)·lr_decay), with the step's types: Python floats when both are reals
    ld, ld_t = _arr1(h["lr_decay"]).reshape(-1, 1), _is_t(h["lr_decay"])
    tm1 = np.arange(T, dtype=np.float64).reshape(1, -1)
    if not (lr_t or ld_t):
        lds = float(h["lr_decay"])
        lrs = lr[0] if lr.shape[1] == T else np.full(T, lr[0, 0])
        clr = np.array([[float(lrs[t]) / (1 + t * lds) for t in range(T)]])
    else:
        clr = _div(lr, lr_t, 1 + tm1 * ld, ld_t)
    clr_t = lr_t or ld_t
    wd_t = _is_t(h["weight_decay"])
    wd_mode = 2 if wd_t else (1 if float(h["weight_decay"]) != 0 else 0)
    flags = np.array([h["maximize"], wd_mode, clr_t], dtype=np.int64)
    X = _np_empty((B, nx, d))
    X[:, 0] = x0.reshape(B, d).numpy()
    S0 = state["sum"].reshape(B, d).numpy()
    need = set(want) | ({"std"} if "step_size" in want else set())
    kern = ("grad", "sum", "std", "update")
    outs = {n: _alloc(B, T, d, n in need) for n in kern}
    bad = np.zeros(B, dtype=np.int64)
    _cpu.adagrad(G, X, S0, flags, _arr1(h["weight_decay"]), _arr1(h["eps"]), clr,
                 *outs.values(), np.array([n in need for n in kern]), bad)
    recs = {}
    if bad.any():
        return X, recs, bad
    col = clr.reshape(clr.shape[0], clr.shape[1], 1)
    for n in _ADAGRAD_RECS:
        if n not in want:
            continue
        if n == "clr":  # (B, T): one value per candidate and step
            recs[n] = np.array(np.broadcast_to(clr, (B, T)))
        elif n == "step_size":  # clr / std (a real clr: reciprocal(std)·clr)
            recs[n] = _div(col, clr_t, outs["std"], True)
        else:
            recs[n] = outs[n]
    return X, recs, bad


_ADAGRAD_RECS = ("grad", "sum", "clr", "std", "step_size", "update")


def _cpu_aniso(algorithm, kind, x0, G, T, want, state, nx):
    from ..adagrad_aniso.projection import Unconstrained
    from . import _cpu
    B, d = G.shape[0], G.shape[2]
    lr, lr_t = _lr_table(algorithm, x0, T)
    if lr is None:
        return None
    adagrad = "v" in state
    dom = algorithm.domain
    project = type(dom) is not Unconstrained
    if project:
        low, high = dom._bounds(x0)
        LO = low.detach().to(torch.float64).reshape(B, d).contiguous().numpy()
        HI = high.detach().to(torch.float64).reshape(B, d).contiguous().numpy()
    else:
        LO = HI = np.zeros((1, d))
    X = _np_empty((B, nx, d))
    X[:, 0] = x0.reshape(B, d).numpy()
    W0 = state["wsum"].reshape(B, d).numpy()
    V0 = state["v"].reshape(B, d).numpy() if adagrad else W0
    kern = ("v", "lam", "step_size", "y", "update", "w_bar")
    outs = {n: _alloc(B, T, d, n in want) for n in kern}
    bad = np.zeros(B, dtype=np.int64)
    _cpu.aniso(G, X, V0, W0, LO, HI, lr, np.array([adagrad, project, lr_t], dtype=np.int64),
               *outs.values(), np.array([n in want for n in kern]), bad)
    recs = {}
    for n in algorithm.recorded:
        if n not in want:
            continue
        if n == "eta":  # (B, T): the step's learning rate per candidate
            recs[n] = np.array(np.broadcast_to(lr, (B, T)))
        else:
            recs[n] = outs[n]
    return X, recs, bad


def _cpu_rmsprop(algorithm, kind, x0, G, T, want, state, nx):
    from ..practical.adam import _lr_at
    from . import _cpu
    B, d = G.shape[0], G.shape[2]
    h = algorithm.hyper
    lr, lr_t = _lr_table(algorithm, x0, T, lr_at=_lr_at)
    if lr is None:
        return None
    wd_t = _is_t(h["weight_decay"])
    wd_mode = 2 if wd_t else (1 if float(h["weight_decay"]) != 0 else 0)
    centered = bool(h["centered"])
    flags = np.array([h["maximize"], wd_mode, _is_t(h["alpha"]), centered, lr_t],
                     dtype=np.int64)
    X = _np_empty((B, nx, d))
    X[:, 0] = x0.reshape(B, d).numpy()
    V0 = state["v"].reshape(B, d).numpy()
    GA0 = state["g_avg"].reshape(B, d).numpy() if centered else V0
    BUF0 = state["buf"].reshape(B, d).numpy()
    need = set(want) | ({"denom"} if "step_size" in want else set())
    kern = ("grad", "v", "g_avg", "denom", "buf", "update")
    outs = {n: _alloc(B, T, d, n in need) for n in kern}
    bad = np.zeros(B, dtype=np.int64)
    a = _arr1(h["alpha"])
    _cpu.rmsprop(G, X, V0, GA0, BUF0, flags, _arr1(h["weight_decay"]), a, 1.0 - a,
                 _arr1(h["eps"]), _arr1(h["momentum"]), lr, *outs.values(),
                 np.array([n in need for n in kern]), bad)
    recs = {}
    if bad.any():
        return X, recs, bad
    col = lr.reshape(lr.shape[0], lr.shape[1], 1)
    for n in ("grad", "v", "denom", "step_size", "buf", "update", "g_avg"):
        if n not in want:
            continue
        if n == "step_size":  # lr / denom (a real lr: reciprocal(denom)·lr)
            recs[n] = _div(col, lr_t, outs["denom"], True)
        else:
            recs[n] = outs[n]
    return X, recs, bad

def _cpu_block(algorithm, kind, x0, G, T, want, state, nx):
    """AdaSGD (one block, compensated sum) and Blockwise Adam (index_add's sequential sums)."""
    from . import _cpu
    B, d = G.shape[0], G.shape[2]
    h = algorithm.hyper
    lr, lr_t = _lr_table(algorithm, x0, T)
    if lr is None:
        return None
    if kind == "adasgd":
        labels = np.zeros(d, dtype=np.int64)
        sizes = np.array([float(d)])
    else:
        labels = algorithm._labels.detach().cpu().to(torch.int64).numpy().copy()
        sizes = algorithm._sizes.detach().cpu().to(torch.float64).numpy().copy()
    nb = sizes.shape[0]
    b1, b2 = _arr1(h["beta1"]), _arr1(h["beta2"])
    M0 = state["m"].reshape(B, d).numpy()
    V0 = state["v"].reshape(B, nb).numpy()
    X = _np_empty((B, nx, d))
    X[:, 0] = x0.reshape(B, d).numpy()
    names = ("m", "v", "step_size", "update")
    outs = [_alloc(B, T, nb if n == "v" else d, n in want) for n in names]
    bad = np.zeros(B, dtype=np.int64)
    _cpu.block_adam(G, X, M0, V0, labels, sizes, kind == "adasgd", lr, lr_t, b1, 1.0 - b1, b2,
                    1.0 - b2, _arr1(h["eps"]), *outs, np.array([n in want for n in names]), bad)
    recs = {n: o for n, o in zip(names, outs) if n in want}
    if "v" in recs and kind == "adasgd":  # one value per candidate and step: (B, T)
        recs["v"] = recs["v"][:, :, 0]
    return X, recs, bad


def _cpu_adagrad_norm(algorithm, kind, x0, G, T, want, state, nx):
    from ..adagrad_aniso.projection import Unconstrained
    from . import _cpu
    B, d = G.shape[0], G.shape[2]
    lr, lr_t = _lr_table(algorithm, x0, T)
    if lr is None:
        return None
    dom = algorithm.domain
    project = type(dom) is not Unconstrained
    if project:
        low, high = dom._bounds(x0)
        LO = low.detach().to(torch.float64).expand(x0.shape).reshape(B, d).contiguous().numpy()
        HI = high.detach().to(torch.float64).expand(x0.shape).reshape(B, d).contiguous().numpy()
    else:
        LO = HI = np.zeros((1, d))
    X = _np_empty((B, nx, d))
    X[:, 0] = x0.reshape(B, d).numpy()
    V0 = state["v"].reshape(B).numpy()
    W0 = state["wsum"].reshape(B, d).numpy()
    per_step = ("v", "b", "step_size")
    kern = ("v", "b", "step_size", "y", "update", "w_bar")
    outs = {n: (_np_empty((B, T)) if n in want else np.empty((1, 1))) if n in per_step
            else _alloc(B, T, d, n in want) for n in kern}
    bad = np.zeros(B, dtype=np.int64)
    _cpu.adagrad_norm(G, X, V0, W0, LO, HI, lr, project, *outs.values(),
                      np.array([n in want for n in kern]), bad)
    recs = {}
    for n in algorithm.recorded:
        if n not in want:
            continue
        if n == "eta":  # (B, T): the step's learning rate per candidate
            recs[n] = np.array(np.broadcast_to(lr, (B, T)))
        else:
            recs[n] = outs[n]
    return X, recs, bad


def _cpu_alphaadam(algorithm, kind, x0, G, T, want, state, nx):
    """alphaadam's Algorithm 1: per-step reductions (Σu², Σ(φu)², Σφ|g|) summed compensated."""
    from . import _cpu
    B, d = G.shape[0], G.shape[2]
    h = algorithm.hyper
    lr, _ = _lr_table(algorithm, x0, T)  # the step reads lr as a (B,) tensor either way
    if lr is None:
        return None
    b1, b2 = _arr1(h["beta1"]), _arr1(h["beta2"])
    dynamic = h["alpha"] is None
    flags = np.array([bool(h["strict"]), dynamic, h["alpha_form"] == "sqrt"], dtype=np.int64)
    X = _np_empty((B, nx, d))
    X[:, 0] = x0.reshape(B, d).numpy()
    M0 = state["m"].reshape(B, d).numpy()
    V0 = state["v"].reshape(B, d).numpy()
    outs = {n: (_np_empty((B, T)) if n in want else np.empty((1, 1))) if n in _ALPHA_SCALARS
            else _alloc(B, T, d, n in want) for n in _ALPHA_RECS}
    bad = np.zeros(B, dtype=np.int64)
    _cpu.alphaadam(G, X, M0, V0, flags, b1, 1.0 - b1, b2, 1.0 - b2, _arr1(h["eps"]), lr,
                   np.ones(1) if dynamic else _arr1(h["alpha"]), float(d), *outs.values(),
                   np.array([n in want for n in _ALPHA_RECS]), bad)
    return X, {n: o for n, o in outs.items() if n in want}, bad


_ANALYSED_KERN = ("agreement", "mask", "mask_count", "m", "v", "u", "grad_norm_phi", "step_size",
                  "update")
_CAUTIOUS_KERN = ("m", "v", "m_hat", "v_hat", "u", "agreement", "mask", "mask_count", "lr_bar",
                  "step_size", "update")


def _alloc_rec(B, T, d, name, want, scalars):
    """A record's output: ``(B, T)`` for a per-candidate scalar, else ``(B, T, d)``; a dummy
    when not asked for."""
    if name in scalars:
        return _np_empty((B, T)) if name in want else np.empty((1, 1))
    return _alloc(B, T, d, name in want)


def _cpu_alphaadam_analysed(algorithm, kind, x0, G, T, want, state, nx):
    """alphaadam's Appendix E form: η_t = η/√t (``lr_decay="inv_sqrt"``) as the step computes it
    (a ``(B,)`` tensor divided by ``math.sqrt(t)``: a true division) or η."""
    from . import _cpu
    B, d = G.shape[0], G.shape[2]
    h = algorithm.hyper
    lr, _ = _lr_table(algorithm, x0, T)  # the step reads lr as a (B,) tensor either way
    if lr is None:
        return None
    if h["lr_decay"] == "inv_sqrt":
        if lr.shape[1] == 1:
            lr = np.repeat(lr, T, axis=1)
        lr = lr / np.array([[math.sqrt(t) for t in range(1, T + 1)]])
    b1, b2 = _arr1(h["beta1"]), _arr1(h["beta2"])
    X = _np_empty((B, nx, d))
    X[:, 0] = x0.reshape(B, d).numpy()
    M0 = state["m"].reshape(B, d).numpy()
    V0 = state["v"].reshape(B, d).numpy()
    scalars = ("mask_count", "grad_norm_phi")
    outs = {n: _alloc_rec(B, T, d, n, want, scalars) for n in _ANALYSED_KERN}
    bad = np.zeros(B, dtype=np.int64)
    _cpu.alphaadam_analysed(G, X, M0, V0, b1, 1.0 - b1, b2, 1.0 - b2, _arr1(h["eps"]), lr,
                            *outs.values(), np.array([n in want for n in _ANALYSED_KERN]), bad)
    recs = {}
    for n in algorithm.recorded:
        if n not in want:
            continue
        if n == "lr_t":  # (B, T): the step's η_t per candidate
            recs[n] = np.array(np.broadcast_to(lr, (B, T)))
        else:
            recs[n] = outs[n]
    return X, recs, bad


def _cpu_cautious_adam(algorithm, kind, x0, G, T, want, state, nx):
    """alphaadam's Cautious Adam: the bias corrections ``1 - β^t`` per (candidate, step) as the
    step computes them (Python's pow for a real β, torch's ``Tensor ** int`` for a tensor)."""
    from . import _cpu
    B, d = G.shape[0], G.shape[2]
    h = algorithm.hyper
    lr, _ = _lr_table(algorithm, x0, T)
    if lr is None:
        return None
    p1, _ = _powt(h["beta1"], T)
    p2, _ = _powt(h["beta2"], T)
    b1, b2 = _arr1(h["beta1"]), _arr1(h["beta2"])
    X = _np_empty((B, nx, d))
    X[:, 0] = x0.reshape(B, d).numpy()
    M0 = state["m"].reshape(B, d).numpy()
    V0 = state["v"].reshape(B, d).numpy()
    outs = {n: _alloc_rec(B, T, d, n, want, ("mask_count", "lr_bar")) for n in _CAUTIOUS_KERN}
    bad = np.zeros(B, dtype=np.int64)
    _cpu.cautious_adam(G, X, M0, V0, bool(h["strict"]), b1, 1.0 - b1, b2, 1.0 - b2,
                       _arr1(h["eps"]), 1 - p1, 1 - p2, lr, _arr1(h["xi"]), float(d),
                       *outs.values(), np.array([n in want for n in _CAUTIOUS_KERN]), bad)
    return X, {n: o for n, o in outs.items() if n in want}, bad


_ALPHA_RECS = ("agreement", "mask", "mask_count", "m", "v", "u", "alpha", "lr_hat",
               "grad_norm_phi", "step_size", "update")
_ALPHA_SCALARS = ("mask_count", "alpha", "lr_hat", "grad_norm_phi")


def _per_step_table(vals: list) -> np.ndarray:
    """``(Bl, T)`` from one real or tensor per step (each read as one value per candidate)."""
    if not any(isinstance(v, torch.Tensor) for v in vals):  # reals: one row, no per-step numpy
        return np.array([vals], dtype=np.float64)
    cols = [_arr1(v) for v in vals]
    out = np.empty((max(c.shape[0] for c in cols), len(cols)))
    for t, c in enumerate(cols):
        out[:, t] = c
    return out


def _cpu_adafactor(algorithm, kind, x0, G, T, want, state, nx):
    """adafactor's Algorithm 1 (factored) and its unfactored form: per-step hyperparameters
    evaluated (and range-checked) by the algorithm's own ``_hypers``, compensated sums."""
    from . import _cpu
    B, D = G.shape[0], G.shape[2]
    factored = kind == "adafactor"
    b2s, omb2s, rhos, ds = [], [], [], []
    for t in range(1, T + 1):
        b2, rho, eps1, eps2, d = algorithm._hypers(x0, t)
        b2s.append(b2)
        omb2s.append(1 - b2)
        rhos.append(rho)
        ds.append(1.0 if d is None else d)
    has_clip = algorithm.hyper["d"] is not None
    X = _np_empty((B, nx, D))
    X[:, 0] = x0.reshape(B, D).numpy()
    if factored:
        n, m = x0.shape[1], x0.shape[2]
        R0 = state["R"].reshape(B, n).numpy()
        C0 = state["C"].reshape(B, m).numpy()
    else:
        n, m = 1, D
        R0 = state["V"].reshape(B, D).numpy()
        C0 = np.zeros((B, 1))
    sizes = {"R": n, "C": m, "W": D, "V": D, "U": D, "U_clipped": D, "G_tilde": D,
             "step_size": D, "update": D}
    outs = {k: (_np_empty((B, T, sizes[k])) if k in sizes else _np_empty((B, T)))
            if k in want else (np.empty((1, 1, 1)) if k in sizes else np.empty((1, 1)))
            for k in _ADAFACTOR_KERN}
    bad = np.zeros(B, dtype=np.int64)
    _cpu.adafactor(G, X, R0, C0, n, m, factored, _per_step_table(b2s), _per_step_table(omb2s),
                   _per_step_table(rhos), _per_step_table(ds), has_clip,
                   _arr1(algorithm.hyper["eps1"]), _arr1(algorithm.hyper["eps2"]),
                   *outs.values(), np.array([k in want for k in _ADAFACTOR_KERN]), bad)
    recs = {}
    for k in algorithm.recorded:
        if k not in want:
            continue
        if k in ("rho", "beta2"):  # (B, T): the step's value per candidate
            tab = _per_step_table(rhos if k == "rho" else b2s)
            recs[k] = np.array(np.broadcast_to(tab, (B, T)))
        elif k == "R":
            recs[k] = outs[k].reshape(B, T, n, 1)
        elif k == "C":
            recs[k] = outs[k].reshape(B, T, 1, m)
        else:
            recs[k] = outs[k]
    return X, recs, bad


_ADAFACTOR_KERN = ("R", "C", "S", "W", "V", "U", "U_clipped", "G_tilde", "rms_x", "scale",
                   "rms_u", "clip", "eta", "step_size", "update")


_CPU = {"linf": _cpu_linf, "complexity": _cpu_linf, "signgd": _cpu_signgd, "adam": _cpu_adam,
        "adagrad": _cpu_adagrad, "momentum": _cpu_momentum, "rmsprop": _cpu_rmsprop,
        "aniso": _cpu_aniso, "adasgd": _cpu_block, "blockwise": _cpu_block,
        "adagrad_norm": _cpu_adagrad_norm, "alphaadam": _cpu_alphaadam,
        "alphaadam_analysed": _cpu_alphaadam_analysed, "cautious_adam": _cpu_cautious_adam,
        "adafactor": _cpu_adafactor, "adafactor_unfactored": _cpu_adafactor}

#: kernels whose final-state check also catches every non-finite gradient (run() then skips its
#: upfront pass over ``grads``; see ``_core._fused_checks_grads``)
DETECTS_NONFINITE_GRADS = frozenset({"adam", "linf", "complexity"})

#: records kept in their own trailing shape (one value per block), not the parameter's
def _numba_threads() -> int:
    """``numba.get_num_threads()``; once numba's pool is up, its ctypes getter directly: the
    public function first takes numba's two backend-initialisation locks (30-40 us of CPU per
    call with the caches cold, on every fused run).  Any other numba falls back to the public
    function."""
    from numba.np.ufunc import parallel
    if getattr(parallel, "_is_initialized", False):
        get = getattr(parallel, "_get_num_threads", None)
        if get is not None:
            n = get()
            if n > 0:
                return n
    import numba
    return numba.get_num_threads()


_OWN_SHAPE = {("blockwise", "v"), ("adafactor", "R"), ("adafactor", "C")}


def run_fused(algorithm: Any, x0: torch.Tensor, grads: torch.Tensor,
              record: tuple[str, ...] | None, iterates: str = "all"):
    """Run ``algorithm`` on the fused backend.  Returns ``(x, records, initial)`` as tensors of the
    :class:`~adaproof.algorithms.Trajectory` layout (``x`` of shape ``(B, 2, ...)``, x_0 and x_T,
    when ``iterates="final"``), or ``None`` when it cannot be fused after
    all (a schedule mixing reals and tensors), or raises when a candidate's state overflowed
    (the caller re-runs the torch reference for the precise error)."""
    kind = _fused_types()[type(algorithm)]
    _check_per_candidate(algorithm, x0)
    if grads.device.type == "cuda":
        global _TRITON_BROKEN
        try:
            from . import _triton
            _triton_selfcheck(type(algorithm), kind, grads.dtype, grads.device)
            out = _triton.run(algorithm, kind, x0, grads, record)
            if out is not None and iterates == "final":  # the CUDA kernels write every x_t
                out = (out[0][:, [0, -1]].contiguous(),) + tuple(out[1:])
            return out
        except _StateOverflow:
            raise
        except Exception as exc:  # noqa: BLE001 - a kernel that fails to build or launch
            _TRITON_BROKEN = f"the Triton fused kernel failed: {type(exc).__name__}: {exc}"
            raise TritonFailure(_TRITON_BROKEN) from exc
    B, T = grads.shape[0], grads.shape[1]
    shape = tuple(grads.shape[2:])
    state = algorithm.init(x0)
    initial = {k: state[k] for k in algorithm.initial_keys if k in state}
    recorded = getattr(algorithm, "recorded", ())
    want = set(recorded) if record is None else set(record) & set(recorded)
    # the tensors as numpy arrays with as few torch calls as possible (each costs a few us warm
    # and tens of us with the caches cold, as after other torch work): detach and contiguous
    # only where they change something, the reshape of G in numpy (a view)
    G = _plain(grads).numpy().reshape(B, T, -1)
    state = {k: (_plain(v) if isinstance(v, torch.Tensor) else v) for k, v in state.items()}
    _follow_torch_threads()
    nx = T + 1 if iterates == "all" else 2
    out = _CPU[kind](algorithm, kind, _plain(x0), G, T, want, state, nx)
    if out is None:
        return None
    X, recs, bad = out
    x = torch.from_numpy(X).reshape((B, nx) + shape)
    records = {k: torch.from_numpy(v) if (kind, k) in _OWN_SHAPE else
               torch.from_numpy(v).reshape((B, T) + (shape if v.ndim == 3 else ()))
               for k, v in recs.items()}
    # np.count_nonzero, not bad.any(): the ufunc reduction behind .any() cost 40 us of CPU after
    # the kernel has streamed the gradients through the caches (a 14 us count)
    if np.count_nonzero(bad):  # the CPU kernels flag a candidate whose final state is not finite
        b = int(np.nonzero(bad)[0][0])
        # the finished run goes with the flag: run(..., check_state=False) returns it
        raise _StateOverflow(b, None, out=(x, records, initial))
    return x, records, initial


def _plain(t: torch.Tensor) -> torch.Tensor:
    """``t.detach().contiguous()``, without the calls that would change nothing."""
    if t.requires_grad:
        t = t.detach()
    return t if t.is_contiguous() else t.contiguous()


#: hyperparameters the kernels read as one value per candidate (``_arr1``/``_lr_table``)
_PER_CANDIDATE = ("lr", "beta1", "beta2", "eps", "weight_decay", "momentum", "alpha", "lr_decay",
                  "xi")


def _check_per_candidate(algorithm: Any, x0: torch.Tensor) -> None:
    """A per-candidate tensor whose length is not B raises the torch path's error (the kernels
    index it by candidate and would read past its end)."""
    for name in _PER_CANDIDATE:
        value = algorithm.hyper.get(name)
        if isinstance(value, torch.Tensor):
            from .._core import _expand
            _expand(value, x0, name)


_TRITON_CHECKED: set = set()


def _triton_selfcheck(cls, kind, dtype, device) -> None:
    """Once per (algorithm type, dtype) and process: the Triton kernel against the torch CUDA
    reference on a small problem (8 ulp of the scale, as the CUDA tests); a mismatch raises
    :class:`TritonFailure` (``auto`` then keeps to the torch path)."""
    key = (cls, dtype)
    if key in _TRITON_CHECKED:
        return
    from .. import _core
    from . import _triton
    gen = torch.Generator(device=device).manual_seed(0)
    g = torch.randn((3, 7, 21), generator=gen, dtype=dtype, device=device)
    x0 = torch.zeros((3, 21), dtype=dtype, device=device)
    ref = _core._run_torch(cls(), x0, g, None, 7, None, False, True)
    x, recs, _ = _triton.run(cls(), kind, x0, g, None)
    ulps = 8 if dtype == torch.float64 else 64
    for name, a, b in [("x", ref.x, x)] + [(k, ref.records[k], recs[k]) for k in recs]:
        scale = a.abs().amax(dim=1, keepdim=True).clamp_min(torch.finfo(dtype).tiny)
        if name == "update":
            scale = torch.maximum(scale, ref.x[:, 1:].abs().amax(dim=1, keepdim=True))
        err = ((b - a).abs() / scale).max().item() / torch.finfo(dtype).eps
        if not err <= ulps:
            raise TritonFailure(f"self-check of the Triton kernel for {cls.__name__} "
                                f"({dtype}): {name} is {err:.1f} ulp from the torch reference")
    _TRITON_CHECKED.add(key)


class TritonFailure(RuntimeError):
    """The Triton kernel failed to compile or launch (it was written without a GPU at hand):
    under ``backend="auto"`` run() warns once and keeps to the torch path for the process."""


_TRITON_BROKEN: str | None = None


class _StateOverflow(Exception):
    """Raised by the fused kernels' flag: candidate ``b`` went non-finite (at step ``t`` when the
    kernel knows it, ``None`` when it checked the final state only)."""

    def __init__(self, b: int, t: int | None, out: tuple | None = None) -> None:
        super().__init__(f"candidate {b}, step {t}")
        self.b, self.t = b, t
        self.out = out  # (x, records, initial) of the whole run, where the kernel finished it


def overflow_error(algorithm: Any, b: int, t: int | None) -> AdaproofInputError:
    """The error when the fused kernel flagged a step the torch reference did not reject."""
    at = f"at step t={t}" if t is not None else "during the run"
    return AdaproofInputError(
        f"{type(algorithm).__name__} ({algorithm.name}): {at}, candidate {b}, the state "
        f"or the update overflowed to NaN or inf (or a denominator was not > 0) although the "
        f"inputs are finite")


# -- run()'s fast path: practical Adam's common case, straight to the staged kernel -----------
_ADAM_TYPE = None


def _adam_type():
    global _ADAM_TYPE
    if _ADAM_TYPE is None:
        from ..practical import Adam
        _ADAM_TYPE = Adam
    return _ADAM_TYPE


def run_adam_fast(algorithm: Any, grads: Any, iterates: str):
    """run()'s path for practical ``Adam`` in its most common use (open loop, ``x0`` and ``T``
    not given, ``record=()``, float64 contiguous CPU gradients of at most 7 coordinates per
    candidate, real lr/betas/eps, no weight decay, no amsgrad): the checks that decide it, then
    the staged kernel (:func:`_cpu.practical_adam_staged`) with the arguments ``_cpu_adam``
    gives it, on a zero state made in numpy.  ``run()``'s general path does the same work
    through some forty Python/torch calls, each 10-40 us with the caches cold (as right after
    other torch work); the result is the same tensors bit for bit (the same kernel, the same
    arguments, tests/algorithms/test_fused_fast_path.py).

    Returns ``(x, initial)`` (``x`` of the Trajectory layout), or ``None`` when the run is not
    this case or a candidate was flagged (a non-finite state or gradient): run()'s general path
    then runs it and says or raises what it always does.  Only valid inputs get here, so every
    error message stays that of the general path."""
    if type(algorithm) is not _adam_type() or type(grads) is not torch.Tensor:
        return None
    shape = grads.shape  # is_cpu and len(shape), not device.type and dim(): fewer objects made
    if (grads.dtype is not torch.float64 or not grads.is_cpu or len(shape) < 3
            or grads.requires_grad or not grads.is_contiguous() or not numba_available()):
        return None
    h = algorithm.hyper
    lr, b1, b2, eps, wd = h["lr"], h["beta1"], h["beta2"], h["eps"], h["weight_decay"]
    if not (type(lr) is float and type(b1) is float and type(b2) is float
            and type(eps) is float and type(wd) is float) or wd != 0.0 or h["amsgrad"]:
        return None
    B, T = shape[0], shape[1]
    d = math.prod(shape[2:]) if len(shape) > 3 else shape[2]
    if B < 1 or T < 1 or not 1 <= d < STAGED_BELOW_D:
        return None
    from . import _cpu
    tab = _adam_tables_real(lr, b1, b2, wd, T)
    _follow_torch_threads()
    n = B * d
    if iterates == "final":  # x_0, x_T, m_0, v_0 and the flags in one zeroed block (one call)
        nx = 2
        buf = np.zeros(4 * n + B)
        X = buf[:2 * n].reshape(B, 2, d)
    else:
        nx = T + 1
        X = _np_empty((B, nx, d))
        X[:, 0] = 0.0
        buf = np.zeros(2 * n + B)
    Z = buf[-2 * n - B:-B].reshape(2, B, d)  # m and v at step 0 (the kernel reads them only)
    bad = buf[-B:].view(np.int64)  # 0.0's bits are int64 0
    _cpu.practical_adam_staged(
        grads.numpy().reshape(B, T, d), X, Z[0], Z[1], 1.0 - b1, b2, 1.0 - b2, eps,
        -1.0 if h["maximize"] else 1.0, False, tab["step"], tab["bc2s"],
        max(1, _cpu.STAGE_E // d), bad)
    if np.count_nonzero(bad):
        return None
    x, m, v = torch.from_numpy(X), torch.from_numpy(Z[0]), torch.from_numpy(Z[1])
    if len(shape) > 3:
        x = x.reshape((B, nx) + tuple(shape[2:]))
        m = m.reshape((B,) + tuple(shape[2:]))
        v = v.reshape((B,) + tuple(shape[2:]))
    return x, {"m": m, "v": v}
