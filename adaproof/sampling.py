"""Plain random samplers for statement inputs (the foundation's check; the adversarial
strategies of :mod:`adaproof.search` build on these).

Every function takes a :class:`~adaproof.statement.SampleContext` and returns tensors with a
leading batch dimension ``B``.  Distributions are mixtures that reach the edges the hypotheses
allow (β near 0 and near 1, tiny and huge scales, exact zeros, spikes)."""
from __future__ import annotations

import math
import threading

import torch

from .statement import SampleContext

__all__ = ["log_uniform", "unit_interval", "gradient_sequences", "choose", "inflated_recursion",
           "inflated_recursion_adjoint",
           "wait_for_kernels", "box_muller"]


def choose(ctx: SampleContext | torch.Generator, options):
    """One element of ``options``, uniformly (a shared choice for the whole batch). Takes a
    sampler's context or, in a ``sizes(generator, preset)`` function, the generator itself."""
    gen = ctx if isinstance(ctx, torch.Generator) else ctx.generator
    return options[int(torch.randint(len(options), (1,), generator=gen))]


def log_uniform(ctx: SampleContext, low: float, high: float, *shape) -> torch.Tensor:
    """``exp(U(log low, log high))`` of shape ``(B, *shape)``."""
    import math
    u = ctx.rand(ctx.B, *shape)
    return torch.exp(math.log(low) + u * (math.log(high) - math.log(low)))


def unit_interval(ctx: SampleContext, *, closed_low: bool = False) -> torch.Tensor:
    """A value in (0, 1) per candidate (``[0, 1)`` with ``closed_low``): a mixture of uniform,
    near 1 (``1 - 10^{-U(0, 8)}``) and near 0 (``10^{-U(0, 8)}``, or exactly 0)."""
    B = ctx.B
    which = ctx.randint(0, 4 if closed_low else 3, B)
    uni = ctx.rand(B).clamp(1e-12, 1 - 1e-12)
    near1 = 1 - 10 ** (-8 * ctx.rand(B))
    near0 = 10 ** (-8 * ctx.rand(B))
    out = torch.where(which == 0, uni, torch.where(which == 1, near1, near0))
    near1 = torch.where(near1 >= 1, torch.full_like(near1, 1 - 2 ** -52), near1)
    out = torch.where(which == 1, near1, out)
    if closed_low:
        out = torch.where(which == 3, torch.zeros_like(out), out)
    return out


#: largest magnitude of the geometric family before the candidate's scale (≤ 1e6): 1e144, so
#: that |g| ≤ 1e150 and g² stays finite whatever T (``rate^(t-T)`` itself overflows for T > 1025)
_LOG_GEOMETRIC_MAX = math.log(1e144)


def box_muller(ctx: SampleContext, *shape) -> torch.Tensor:
    """Standard normal draws of shape ``shape`` from ``ctx.generator``, by the Box–Muller
    transform vectorised over the whole tensor: ``√(−2 log(1 − U₁))·(cos, sin)(2πU₂)`` with
    ``U₁, U₂`` uniform on [0, 1) (``1 − U₁ ≥ 2⁻⁵³``, so every value is finite, ``|z| < 8.6``).
    Exactly normal in distribution like ``torch.randn``, whose CPU float64 kernel applies the same
    transform one element at a time through the C library's log, cos and sin (about 5× slower
    here); the values differ from ``torch.randn``'s for the same seed."""
    n = math.prod(shape)
    half = (n + 1) // 2
    u = ctx.rand(2, half)
    r = u[0].neg_().log1p_().mul_(-2.0).sqrt_()
    theta = u[1].mul_(2.0 * math.pi)
    out = torch.empty(2 * half, dtype=r.dtype, device=r.device)
    torch.mul(r, torch.cos(theta), out=out[:half])
    torch.mul(r, theta.sin_(), out=out[half:])
    return out[:n].reshape(shape)


def gradient_sequences(ctx: SampleContext, T: int, *shape,
                       gaussian: str = "randn") -> torch.Tensor:
    """``(B, T, *shape)`` gradient sequences from a mixture of patterns: Gaussian, constant,
    geometric growth/decay, quiet stretch then a spike, alternating signs, sparse, Cauchy,
    with exact zeros sprinkled in; each candidate gets a log-uniform scale in [1e-6, 1e6].

    ``gaussian``: ``"randn"`` (default) draws the Gaussian base with ``torch.randn`` (the draws
    of earlier versions for a seed); ``"box-muller"`` with :func:`box_muller` (the same
    distribution, about 5× faster on CPU, other values for a seed), and then the sparse and the
    Cauchy patterns draw their uniforms for their own rows only.

    The geometric pattern ``rate^(t-T)`` (magnitude 1 at ``t = T``) is bounded in log space:
    where ``(t-T) log(rate)`` exceeds ``log(1e144)`` the magnitude is ``1e144`` (a flat start,
    then the geometric decay), so every entry is finite and ``|g| <= 1e150`` for any ``T``.
    Each pattern is computed only for the candidates that drew it (the random draws and all
    other values are those of the plain formula)."""
    B = ctx.B
    full = (B, T) + tuple(shape)
    pattern = ctx.randint(0, 7, B)
    if gaussian == "randn":
        base = ctx.randn(*full)
    elif gaussian == "box-muller":
        base = box_muller(ctx, *full)
    else:
        from ._validation import AdaproofInputError
        raise AdaproofInputError(f"gaussian must be 'randn' or 'box-muller', got {gaussian!r}")
    tail = (1,) * len(shape)
    tt = torch.arange(1, T + 1, dtype=ctx.dtype, device=ctx.device).reshape((1, T) + tail)
    rate = (0.5 + ctx.rand(B)).reshape((B,) + (1,) * (len(full) - 1))
    if gaussian == "randn":  # the draws of earlier versions: uniforms for every row
        sparse_u = ctx.rand(*full)
        u = ctx.rand(*full)  # clamped to [1e-6, 1 - 1e-6] on the Cauchy rows only
    else:  # the sparse and the Cauchy rows draw their uniforms for their own rows only
        sparse_u = u = None
    zeros = ctx.rand(*full) < 0.05
    scale = log_uniform(ctx, 1e-6, 1e6).reshape((B,) + (1,) * (len(full) - 1))

    def rows_u(drawn, rows):
        return drawn[rows] if drawn is not None else ctx.rand(rows.numel(), *full[1:])

    def geometric(rows):
        r = rate[rows]
        expo = tt - T
        logmag = expo * torch.log(r)
        mag = torch.where(logmag > _LOG_GEOMETRIC_MAX,
                          torch.full_like(logmag, math.exp(_LOG_GEOMETRIC_MAX)), r ** expo)
        return torch.sign(base[rows]) * mag  # ends at magnitude 1

    patterns = [
        lambda rows: base[rows],  # Gaussian
        lambda rows: base[rows][:, :1].expand((rows.numel(),) + full[1:]),  # constant
        geometric,
        lambda rows: torch.where(tt == T, torch.ones((), dtype=ctx.dtype, device=ctx.device),
                                 1e-3 * base[rows]),  # quiet then a spike
        lambda rows: (-1.0) ** tt * base[rows].abs(),  # alternating
        lambda rows: torch.where(rows_u(sparse_u, rows) < 0.1, base[rows] * 10,
                                 torch.zeros((), dtype=ctx.dtype, device=ctx.device)),  # sparse
        lambda rows: torch.tan(torch.pi * (rows_u(u, rows).clamp(1e-6, 1 - 1e-6) - 0.5)),  # Cauchy
    ]
    # the Gaussian rows are `base` itself; every other pattern reads only its own rows of
    # `base` (a copy, made before the write), so the result is written over `base` in place
    out = base
    for k, make in enumerate(patterns):
        if k == 0:
            continue
        rows = (pattern == k).nonzero().reshape(-1)
        if rows.numel():
            out[rows] = make(rows)
    out.masked_fill_(zeros, 0.0)
    return out.mul_(scale)


_RECURSION_KERNEL = None  # None: not asked yet; False: no numba; else the compiled kernel
_KERNEL_LOCK = threading.Lock()


def _background_kernel(slot: str, loader, thread_name: str):
    """The module global ``slot`` (None: not asked for yet; a Thread: loading; False: no numba;
    else the compiled kernel): the kernel when it is ready, else ``False``.  The first call starts
    ``loader`` in a background thread, so the callers run the step loop, with the same values,
    until it is ready."""
    g = globals()
    k = g[slot]
    if k is not None and not isinstance(k, threading.Thread):
        return k
    with _KERNEL_LOCK:
        if g[slot] is None:
            def load():
                try:
                    out = loader()
                except Exception:  # noqa: BLE001 - a numba that fails to build: the step loop serves
                    out = False
                g[slot] = out
            th = threading.Thread(target=load, name=thread_name, daemon=True)
            g[slot] = th
            th.start()
    k = g[slot]
    return False if isinstance(k, threading.Thread) else k


def _recursion_kernel():
    """numba kernel of :func:`inflated_recursion` when it is ready, else ``False``.

    Loaded in a background thread on first use (importing numba and loading the kernel from
    numba's cache take 1-2 s, which a short check would pay for nothing, and an interrupt
    arriving in the middle of numba's import left the process dying of the signal after the CLI
    had handled it)."""
    return _background_kernel("_RECURSION_KERNEL", _load_kernel, "adaproof-numba-warmup")


def _load_kernel():
    try:
        import numba
    except ImportError:
        return False

    # no fastmath: every multiply, add and max is a separate IEEE operation (no contraction
    # into fused multiply-adds), the values of the numpy loop bit for bit
    @numba.njit(cache=True, nogil=True)
    def kernel(b2, v, inc, inflate, floor):  # pragma: no cover - compiled
        K, T = inc.shape
        for k in range(K):
            prev = v[k, 0]
            bk = b2[k]
            for t in range(T):
                vt = bk * prev
                vt = vt + inc[k, t]
                vt = vt * inflate
                if vt < floor:
                    vt = floor
                v[k, t + 1] = vt
                prev = vt
    kernel.compile("(float64[::1], float64[:, ::1], float64[:, ::1], float64, float64)")
    return kernel


_ADJOINT_KERNEL = None  # None: not asked for yet; a Thread: loading; False: unavailable


def _adjoint_kernel():
    """numba kernel of :func:`inflated_recursion_adjoint` when it is ready, else ``False``:
    loaded in a background thread on first use, as :func:`_recursion_kernel` (only the guided
    search asks for it, so the other phases never pay for its load)."""
    return _background_kernel("_ADJOINT_KERNEL", _load_adjoint, "adaproof-numba-adjoint")


def _load_adjoint():
    try:
        import numba
    except ImportError:
        return False

    @numba.njit(cache=True, nogil=True)
    def adjoint(b2, v, gv, inflate, floor, g_b2, g_inc):  # pragma: no cover - compiled
        K, T1 = v.shape
        for k in range(K):
            lam = gv[k, T1 - 1]
            bk = b2[k]
            acc = 0.0
            for t in range(T1 - 1, 0, -1):
                a = lam * inflate if v[k, t] > floor else 0.0
                g_inc[k, t - 1] = a
                acc += a * v[k, t - 1]
                lam = gv[k, t - 1] + a * bk
            g_b2[k] = acc
            gv[k, 0] = lam
    adjoint.compile("(float64[::1], float64[:, ::1], float64[:, ::1], float64, float64, "
                    "float64[::1], float64[:, ::1])")
    return adjoint


def wait_for_kernels(timeout: float | None = None, *, adjoint: bool = False) -> bool:
    """Block until the background load of the numba kernel of :func:`inflated_recursion` (and,
    with ``adjoint``, of :func:`inflated_recursion_adjoint`) is done (benchmarks, and tests
    that want the kernel path); whether the kernels are available."""
    _recursion_kernel()
    k = _RECURSION_KERNEL
    if isinstance(k, threading.Thread):
        k.join(timeout)
    ok = not isinstance(_RECURSION_KERNEL, threading.Thread) and bool(_RECURSION_KERNEL)
    if adjoint:
        _adjoint_kernel()
        a = _ADJOINT_KERNEL
        if isinstance(a, threading.Thread):
            a.join(timeout)
        ok = ok and not isinstance(_ADJOINT_KERNEL, threading.Thread) and bool(_ADJOINT_KERNEL)
    return ok


def inflated_recursion(b2: torch.Tensor, v0: torch.Tensor, inc: torch.Tensor, inflate: float,
                       floor: float) -> torch.Tensor:
    """``(K, T+1)`` values ``v_0 = v0``, ``v_t = max((β₂ v_{t-1} + inc_t)·inflate, floor)`` for
    ``K`` candidates (``b2``, ``v0`` of shape ``(K,)``, ``inc`` of shape ``(K, T)``): the
    recursion of the log-sum samplers (``inflate = 1 + 2⁻⁴⁹`` absorbs its rounding, so the
    hypothesis ``v_t − β₂v_{t−1} ≥ inc_t`` holds exactly for the float values).  Each step is
    the same IEEE operations in the same order (multiply, add, multiply, max) whether it runs in
    the numba kernel (``adaproof[fast]``; float64 CPU tensors) or in the step-by-step tensor
    loop (otherwise); a NaN never arises from finite inputs below 1e300."""
    K, T = inc.shape
    v = torch.empty((K, T + 1), dtype=inc.dtype, device=inc.device)
    v[:, 0] = v0
    kern = _recursion_kernel() if (inc.device.type == "cpu" and inc.dtype == torch.float64) \
        else False
    if kern:
        kern(b2.contiguous().numpy(), v.numpy(), inc.contiguous().numpy(), float(inflate),
             float(floor))
        return v
    if inc.device.type == "cpu" and inc.dtype == torch.float64:
        import numpy as np  # step rows of (T+1, K) buffers: the same IEEE operations
        vs = np.empty((T + 1, K))
        vs[0] = v0.numpy() if isinstance(v0, torch.Tensor) else v0
        incn = inc.T.contiguous().numpy()
        b2n = b2.contiguous().numpy()
        for k in range(T):
            vt = np.multiply(b2n, vs[k], out=vs[k + 1])
            np.add(vt, incn[k], out=vt)
            np.multiply(vt, inflate, out=vt)
            np.maximum(vt, floor, out=vt)
        return torch.from_numpy(vs.T.copy())
    vt = v.T  # (T+1, K) view: one row per step
    incT = inc.T
    for k in range(T):
        x = torch.mul(b2, vt[k], out=vt[k + 1])
        x.add_(incT[k]).mul_(inflate).clamp_min_(floor)
    return v


def inflated_recursion_adjoint(b2: torch.Tensor, v: torch.Tensor, gv: torch.Tensor,
                               inflate: float, floor: float
                               ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """The gradients ``(∂L/∂b2, ∂L/∂v0, ∂L/∂inc)`` of :func:`inflated_recursion` given its values
    ``v`` ``(K, T+1)`` and ``gv = ∂L/∂v``, by the reverse-time (adjoint) recursion
    ``a_t = λ_t·inflate·[v_t > floor]``, ``∂L/∂inc_t = a_t``, ``∂L/∂β₂ = Σ_t a_t v_{t−1}``,
    ``λ_{t−1} = gv_{t−1} + a_t β₂``, ``∂L/∂v₀ = λ_0`` (``λ_T = gv_T``): what autograd gives for
    the step loop, up to the order of the sums, without a graph of ``4T`` nodes.  The numba
    kernel where it is loaded (float64 CPU), else a step loop over ``t`` on ``(K,)`` rows."""
    K, T1 = v.shape
    if v.device.type == "cpu" and v.dtype == torch.float64:
        adj = _adjoint_kernel()
        if adj:
            lam = gv.detach().to(torch.float64).contiguous().clone()
            g_b2 = torch.empty(K, dtype=torch.float64)
            g_inc = torch.empty(K, T1 - 1, dtype=torch.float64)
            adj(b2.detach().contiguous().numpy(), v.detach().contiguous().numpy(), lam.numpy(),
                float(inflate), float(floor), g_b2.numpy(), g_inc.numpy())
            return g_b2, lam[:, 0].clone(), g_inc
    v = v.detach()
    b2 = b2.detach()
    g_inc = torch.empty((K, T1 - 1), dtype=v.dtype, device=v.device)
    g_b2 = torch.zeros(K, dtype=v.dtype, device=v.device)
    lam = gv[:, T1 - 1].clone()
    for t in range(T1 - 1, 0, -1):
        a = torch.where(v[:, t] > floor, lam * inflate, torch.zeros_like(lam))
        g_inc[:, t - 1] = a
        g_b2 += a * v[:, t - 1]
        lam = gv[:, t - 1] + a * b2
    return g_b2, lam, g_inc
