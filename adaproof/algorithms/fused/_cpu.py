"""numba kernels of the fused CPU backend (float64).

Each kernel runs the whole ``T`` loop of one recurrence for all ``B`` candidates: parallel over
``B`` (``prange``), the state of one candidate in local arrays, the loop over the ``d``
coordinates innermost.  Only the requested records are written (into preallocated arrays; an
unrequested record is a ``(1, 1, 1)`` dummy and its ``want_*`` flag is ``False``).

Every kernel reproduces the operation order of the torch reference step *including torch's fused
CPU primitives*, measured on torch 2.13: ``lerp(a, b, w)`` is ``fma(w, b - a, a)`` for
``|w| < 0.5`` and ``fma(w - 1, b - a, b)`` otherwise; ``addcmul(x, a, b, value=s)`` is
``fma(s·a, b, x)``; ``add(a, b, alpha=s)`` is ``fma(s, b, a)``; ``addcdiv(a, b, c, value=s)``
is ``a + (s·b)/c`` (no fma); ``float / tensor`` is ``reciprocal(tensor)·float`` (torch's
``__rtruediv__``).  The differential tests (tests/algorithms/test_fused.py) hold the two paths
together.

Hot loop: per step, one loop over the ``d`` coordinates reading the gradient row ``G[b, t]`` and
writing the iterate row ``X[b, t + 1]`` directly (or ``X[b, 1]`` every step when only the final
iterate is asked for: ``X`` of shape ``(B, 2, d)``), the state in local arrays; no branch and no
finiteness test per element (LLVM vectorises it: IEEE ``sqrt`` and division are kept, no
fastmath, so every value is the one torch's order gives).  Records are copied out of local rows
only when asked for (a separate copy of the loop, so the record-free loop carries none of it).

State overflow: non-finiteness persists in these recurrences (NaN and ±inf go through
``β·s + ...`` for β ∈ [0, 1] since 0·inf = NaN, through lerp, max and the iterate's sum; a zero or
negative denominator makes the step inf or NaN and so the iterate), so each kernel checks the
*final* state and iterate of each candidate once (``bad[b] = 1``).  The caller then re-runs the
torch reference, which raises the error naming the step and coordinate.
"""
from __future__ import annotations

import math

import numpy as np
from llvmlite import ir
from numba import njit, prange
from numba.core import cgutils, types
from numba.extending import intrinsic

MAXF = np.finfo(np.float64).max


def _start_pool_keeping_torch_threads() -> None:
    """Start numba's thread pool now, when this module is imported, and put torch's thread count
    back.  numba's OpenMP threading layer calls ``omp_set_num_threads(NUMBA_NUM_THREADS)`` on the
    process's shared libgomp when its pool starts (the first parallel kernel call or numba thread
    query), and torch's OpenMP backend reads that as its own count: code that called one of the
    kernels below directly (not through ``run()``, whose ``_follow_torch_threads`` restores it)
    found torch on every core afterwards.  The pool starts once per process, so after this no
    kernel call changes torch's count (tests/algorithms/test_fused_threads.py)."""
    import numba
    try:
        import torch
    except ImportError:  # pragma: no cover - torch is a dependency of adaproof
        numba.get_num_threads()
        return
    n = torch.get_num_threads()
    numba.get_num_threads()  # starts the pool (once per process)
    if torch.get_num_threads() != n:
        torch.set_num_threads(n)


_start_pool_keeping_torch_threads()


@intrinsic
def fma(typingctx, a, b, c):
    """``a·b + c`` rounded once (LLVM's llvm.fma.f64), as torch's vectorised CPU kernels do."""
    sig = types.float64(types.float64, types.float64, types.float64)

    def codegen(context, builder, signature, args):
        return builder.fma(*args)

    return sig, codegen


@njit(inline="always")
def _pick(a, b):
    return a[b] if a.shape[0] > 1 else a[0]


@njit(inline="always")
def _pick2(a, b, t):
    if a.shape[0] > 1:
        return a[b, t] if a.shape[1] > 1 else a[b, 0]
    return a[0, t] if a.shape[1] > 1 else a[0, 0]


@njit(inline="always")
def _finite(a):
    ok = True
    for i in range(a.shape[0]):
        ok = ok & (abs(a[i]) <= MAXF)
    return ok


@njit(parallel=True, cache=True)
def adam_linf(G, X, M0, V0, lr, lr_true_div, b1, omb1, b2, omb2, eps,
              RM, RV, RS, RU, want, bad):
    """AdamLinf / RMSPropLinf / AdamComplexity (ε = 0): the torch order of
    ``m = b1·m + (1-b1)·g``, ``v = b2·v + ((1-b2)·g)·g``, ``s = lr / √(v+ε)``,
    ``u = (-s)·m``, ``x = x + u``.  An unrequested record is a ``(1, 1, 1)`` dummy, never
    written; ``want`` holds the flags."""
    B, T, d = G.shape
    nx = X.shape[1] - 1  # T: every iterate; 1: the final one only (X[b, 1])
    fm, fv, fs, fu = want[0], want[1], want[2], want[3]
    anyrec = fm or fv or fs or fu
    for b in prange(B):
        cb1, c1b1 = _pick(b1, b), _pick(omb1, b)
        cb2, c1b2 = _pick(b2, b), _pick(omb2, b)
        ce = _pick(eps, b)
        m = M0[b].copy()
        v = V0[b].copy()
        x = X[b, 0].copy()
        sa = np.empty(d)
        ua = np.empty(d)
        for t in range(T):
            lt = _pick2(lr, b, t)
            num = lt if lr_true_div else 1.0
            mul = 1.0 if lr_true_div else lt
            Gt = G[b, t]
            Xt = X[b, t + 1 if t < nx else nx]
            if anyrec:
                for i in range(d):
                    gi = Gt[i]
                    mi = cb1 * m[i] + c1b1 * gi
                    vi = cb2 * v[i] + (c1b2 * gi) * gi
                    si = (num / math.sqrt(vi + ce)) * mul
                    u = (-si) * mi
                    xi = x[i] + u
                    m[i] = mi
                    v[i] = vi
                    x[i] = xi
                    Xt[i] = xi
                    sa[i] = si
                    ua[i] = u
                if fm:
                    RM[b, t] = m
                if fv:
                    RV[b, t] = v
                if fs:
                    RS[b, t] = sa
                if fu:
                    RU[b, t] = ua
            else:
                for i in range(d):
                    gi = Gt[i]
                    mi = cb1 * m[i] + c1b1 * gi
                    vi = cb2 * v[i] + (c1b2 * gi) * gi
                    xi = x[i] + (-((num / math.sqrt(vi + ce)) * mul)) * mi
                    m[i] = mi
                    v[i] = vi
                    x[i] = xi
                    Xt[i] = xi
        if not (_finite(m) & _finite(v) & _finite(x)):
            bad[b] = 1


@njit(parallel=True, cache=True)
def signgd(G, X, lr, RD, RU, want_d, want_u, bad):
    """SignGD: ``u = (-lr)·sign(g)``, ``x = x + u`` (sign(0) = 0)."""
    B, T, d = G.shape
    nx = X.shape[1] - 1  # T: every iterate; 1: the final one only (X[b, 1])
    for b in prange(B):
        x = X[b, 0].copy()
        da = np.empty(d)
        ua = np.empty(d)
        for t in range(T):
            nl = -_pick2(lr, b, t)
            Gt = G[b, t]
            Xt = X[b, t + 1 if t < nx else nx]
            for i in range(d):
                gi = Gt[i]
                di = 1.0 if gi > 0 else (-1.0 if gi < 0 else 0.0)
                u = nl * di
                xi = x[i] + u
                x[i] = xi
                Xt[i] = xi
                da[i] = di
                ua[i] = u
            if want_d:
                RD[b, t] = da
            if want_u:
                RU[b, t] = ua
        if not _finite(x):
            bad[b] = 1


@njit(inline="always")
def _adam_elem(g, xo, mo, vo, vmo, sign, l2, a1, a2, coef, small, p2, q2, cb2, amsgrad, c2s,
               ce, dc, st):
    """One coordinate of torch.optim.Adam's step (``_single_tensor_adam`` order).  ``l2``
    (constant in each loop that calls it) leaves the L2 term out when there is none: it would
    put x on the path from one step's x to the next (x -> g -> m -> x, a division's latency),
    which halved the vectorised loop's rate."""
    gi = fma(a1, xo, g * sign) + a2 * xo if l2 else g * sign
    mi = fma(coef, gi - mo, mo if small else gi)
    vi = fma(p2 * gi, q2 * gi, vo * cb2)
    vmi = vmo if vmo >= vi else vi
    second = vmi if amsgrad else vi
    den = math.sqrt(second) / c2s + ce
    xi = xo * dc + ((-st) * mi) / den
    return gi, mi, vi, vmi, den, xi


@njit(parallel=True, cache=True)
def practical_adam(G, X, M0, V0, VM0, flags, omb1, b2, omb2, eps, wd, step, dec,
                   bc2s, RG, RM, RV, RVM, RD, RU, want, bad):
    """torch.optim.Adam / AdamW (``_single_tensor_adam`` order), every option branch-free in the
    inner loop (selects on loop invariants) so that it vectorises:

    * ``flags`` = (maximize, decoupled, wd_mode, amsgrad, b2_tensor); wd_mode 0: no L2 term,
      1: ``add(g, x, alpha=wd)`` = fma(wd, x, g) (a real wd), 2: ``g + wd·x`` (per-candidate);
    * per (b, t): ``step`` = lr/bc1, ``bc2s`` = bc2^0.5, ``dec`` = 1 - lr·wd (AdamW);
    * records grad, m, v, vmax, denom, update, copied out of local rows when requested
      (``want`` flags; a ``(1, 1, 1)`` dummy otherwise); m_hat, v_hat and step_size are one
      division of these, done by the caller.  Without records the loop writes x only.
    """
    B, T, d = G.shape
    nx = X.shape[1] - 1  # T: every iterate; 1: the final one only (X[b, 1])
    sign = -1.0 if flags[0] != 0 else 1.0
    decoupled, wd_mode = flags[1] != 0, flags[2]
    amsgrad, b2_tensor = flags[3] != 0, flags[4] != 0
    fg, fm, fv, fvm, fd, fu = want[0], want[1], want[2], want[3], want[4], want[5]
    anyrec = fg or fm or fv or fvm or fd or fu
    l2 = wd_mode != 0
    for b in prange(B):
        w1 = _pick(omb1, b)
        cb2, c1b2 = _pick(b2, b), _pick(omb2, b)
        ce, cwd = _pick(eps, b), _pick(wd, b)
        a1 = cwd if wd_mode == 1 else 0.0     # fma(wd, x, g)
        a2 = cwd if wd_mode == 2 else 0.0     # g + wd·x
        p2 = 1.0 if b2_tensor else c1b2       # addcmul: fma((1-b2)·g, g, ·) for a real b2,
        q2 = c1b2 if b2_tensor else 1.0       # fma(g, g·(1-b2), ·) for a tensor b2
        small = abs(w1) < 0.5
        coef = w1 if small else w1 - 1.0      # lerp: fma(w, g-m, m) or fma(w-1, g-m, g)
        m = M0[b].copy()
        v = V0[b].copy()
        vm = VM0[b].copy()
        x = X[b, 0].copy()
        ga = np.empty(d)
        da = np.empty(d)
        ua = np.empty(d)
        for t in range(T):
            st, c2s = _pick2(step, b, t), _pick2(bc2s, b, t)
            dc = _pick2(dec, b, t) if decoupled else 1.0
            Gt = G[b, t]
            Xt = X[b, t + 1 if t < nx else nx]
            if anyrec:
                for i in range(d):
                    xo = x[i]
                    gi, mi, vi, vmi, den, xi = _adam_elem(
                        Gt[i], xo, m[i], v[i], vm[i], sign, l2, a1, a2, coef, small, p2, q2,
                        cb2, amsgrad, c2s, ce, dc, st)
                    m[i] = mi
                    v[i] = vi
                    vm[i] = vmi
                    x[i] = xi
                    Xt[i] = xi
                    ga[i] = gi
                    da[i] = den
                    ua[i] = xi - xo
                if fg:
                    RG[b, t] = ga
                if fm:
                    RM[b, t] = m
                if fv:
                    RV[b, t] = v
                if fvm:
                    RVM[b, t] = vm
                if fd:
                    RD[b, t] = da
                if fu:
                    RU[b, t] = ua
            elif l2 or amsgrad or decoupled:
                for i in range(d):
                    gi, mi, vi, vmi, den, xi = _adam_elem(
                        Gt[i], x[i], m[i], v[i], vm[i], sign, l2, a1, a2, coef, small, p2, q2,
                        cb2, amsgrad, c2s, ce, dc, st)
                    m[i] = mi
                    v[i] = vi
                    vm[i] = vmi
                    x[i] = xi
                    Xt[i] = xi
            elif small:  # the common case: no weight decay, no amsgrad (constants fold)
                for i in range(d):
                    gi, mi, vi, vmi, den, xi = _adam_elem(
                        Gt[i], x[i], m[i], v[i], 0.0, sign, False, 0.0, 0.0, coef, True, p2,
                        q2, cb2, False, c2s, ce, 1.0, st)
                    m[i] = mi
                    v[i] = vi
                    x[i] = xi
                    Xt[i] = xi
            else:
                for i in range(d):
                    gi, mi, vi, vmi, den, xi = _adam_elem(
                        Gt[i], x[i], m[i], v[i], 0.0, sign, False, 0.0, 0.0, coef, False, p2,
                        q2, cb2, False, c2s, ce, 1.0, st)
                    m[i] = mi
                    v[i] = vi
                    x[i] = xi
                    Xt[i] = xi
        if not (_finite(m) & _finite(v) & _finite(vm) & _finite(x)):
            bad[b] = 1


#: elements (candidates × coordinates) per chunk and steps per staged tile of the element-major
#: Adam kernel: 32 doubles per state row (4 AVX-512 vectors), two (32, 32) tiles of gradients
#: (8 KiB each, in L1: one computed while the next is filled).  Measured at (64, 5000, 4), one
#: thread: 32 elements (8 gradient streams) ran 1.2-1.6x faster than 64 (16 streams) once the
#: moves overlap the arithmetic; 128 and longer tiles were slower
STAGE_E, STAGE_T = 32, 32


@intrinsic
def _vmove(typingctx, dst, di, src, si, n):
    """``dst[di:di+n] = src[si:si+n]`` (1-D float64 arrays, ``n`` a compile-time constant) as one
    LLVM vector load and one vector store (``<n x double>``, 8-byte aligned).  numba leaves
    LLVM's SLP vectoriser off, so a loop of ``n`` scalar moves stays scalar; this is the move
    of one candidate's ``d`` gradients of one step into the element-major tile."""
    if not isinstance(n, types.IntegerLiteral):
        return None
    width = n.literal_value
    sig = types.void(dst, types.intp, src, types.intp, n)

    def codegen(context, builder, signature, args):
        vty = ir.VectorType(ir.DoubleType(), width)

        def ptr(aryty, a, i):
            ary = context.make_array(aryty)(context, builder, a)
            p = cgutils.get_item_pointer(context, builder, aryty, ary, [i], wraparound=False,
                                         boundscheck=False)
            return builder.bitcast(p, vty.as_pointer())
        val = builder.load(ptr(signature.args[2], args[2], args[3]), align=8)
        builder.store(val, ptr(signature.args[0], args[0], args[1]), align=8)
        return context.get_dummy_value()

    return sig, codegen


@njit(inline="always")
def _tile_move(Rf, Sf, b0, kk, t0, nt, R, E, D, inward, so):
    """Between the rows of candidates ``b0..b0+kk`` (flat ``Rf``, ``R`` rows of ``D`` per
    candidate) and the element-major tile ``S[tt, k·D + i]`` (flat ``Sf``, rows of ``E``, from
    offset ``so``), one vector of ``D`` per candidate and step (``D`` a constant here).
    ``inward``: the gradients into the tile, ``S[tt, k·D + i] = G[b0 + k, t0 + tt, i]``
    (``R`` = T); else the tile of iterates out, ``X[b0 + k, t0 + tt + 1, i] = S[tt, k·D + i]``
    (``R`` = T + 1)."""
    for k in range(kk):
        r = ((b0 + k) * R + t0 + (0 if inward else 1)) * D
        for tt in range(nt):
            if inward:
                _vmove(Sf, so + tt * E + k * D, Rf, r + tt * D, D)
            else:
                _vmove(Rf, r + tt * D, Sf, so + tt * E + k * D, D)


@njit(inline="always")
def _staged_steps(Sf, XSf, m, v, x, t0, nt, E, sign, coef, small, p2, q2, cb2, ce, step,
                  bc2s, keep, Gf, Nf, b0, kk, n1, T, D):
    """The tile's ``nt`` steps over contiguous element rows (vectorised; ``keep``: the
    iterates are written into the tile ``XS`` for the write-back).  Before step ``tt`` the
    gradients of step ``tt`` of the next tile (``n1`` steps from ``t0 + nt``) are moved into
    ``Nf`` (one vector of ``d`` per candidate): the next tile's loads from the ``kk`` gradient
    streams are spread over this tile's arithmetic, which they do not feed, so the core
    overlaps the two (moving a whole tile and then computing it ran them one after the other:
    the moves alone took 40 % of the kernel at (64, 5000, 4))."""
    for tt in range(nt):
        if tt < n1:  # D is a compile-time constant here (see _staged_chunk)
            r = t0 + nt + tt
            for k in range(kk):
                _vmove(Nf, tt * E + k * D, Gf, ((b0 + k) * T + r) * D, D)
        st = step[0, t0 + tt] if step.shape[1] > 1 else step[0, 0]
        c2s = bc2s[0, t0 + tt] if bc2s.shape[1] > 1 else bc2s[0, 0]
        nst = -st
        o = tt * E
        for j in range(E):
            gi = Sf[o + j] * sign
            mo = m[j]
            mi = fma(coef, gi - mo, mo if small else gi)
            vi = fma(p2 * gi, q2 * gi, v[j] * cb2)
            xi = x[j] + (nst * mi) / (math.sqrt(vi) / c2s + ce)
            m[j] = mi
            v[j] = vi
            x[j] = xi
            if keep:
                XSf[o + j] = xi


@njit(inline="always")
def _staged_chunk(Gf, Xf, m, v, x, b0, kk, T, nx, E, TT, sign, coef, small, p2, q2, cb2, ce,
                  step, bc2s, keep, D):
    """One chunk's T steps, tile by tile (``D`` = d a compile-time constant: the moves are
    vectors of ``D``; a dispatch on d inside the step loop cost 1.5x at (64, 5000, 4))."""
    Sf = np.empty(TT * E)   # the tile being computed
    Nf = np.empty(TT * E)   # the next tile, filled while Sf is computed
    XSf = np.empty(TT * E if keep else 1)
    _tile_move(Gf, Sf, b0, kk, 0, min(TT, T), T, E, D, True, 0)
    for t0 in range(0, T, TT):
        nt = min(TT, T - t0)
        n1 = max(0, min(TT, T - t0 - nt))
        # ``small`` stays a runtime flag (a select per element): specialising on it too took
        # the kernel's first compile from 27 s to 73 s of CPU (7 values of D x keep x small
        # loops); at (64, 5000, 4) the kernel ran 0.68-0.82 ms either way (noise of a loaded
        # machine)
        _staged_steps(Sf, XSf, m, v, x, t0, nt, E, sign, coef, small, p2, q2, cb2, ce, step,
                      bc2s, keep, Gf, Nf, b0, kk, n1, T, D)
        if keep:
            _tile_move(Xf, XSf, b0, kk, t0, nt, nx + 1, E, D, False, 0)
        Sf, Nf = Nf, Sf


@njit(parallel=True, cache=True, error_model="numpy", boundscheck=False)
def practical_adam_staged(G, X, M0, V0, w1, cb2, c1b2, ce, sign, p2_is_one, step, bc2s, K, bad):
    """practical Adam's common case (no weight decay, no amsgrad, no records; β1, β2, ε reals,
    ``step`` and ``bc2s`` one row for all candidates) with SIMD across candidates × coordinates,
    for ``d`` < 8 (``G`` and ``X`` C-contiguous).

    The row kernel above loops over the ``d`` coordinates of one candidate per step, which runs
    scalar when ``d`` is shorter than a vector (d < 8 for AVX-512 doubles).  Here a chunk of
    ``K`` candidates (``K·d`` ≈ 64 elements, one ``prange`` iteration) keeps its state in local
    rows of length ``K·d``; per tile of ``STAGE_T`` steps the gradients ``G[b0:b0+K, t0:t0+TT]``
    are moved into an element-major tile ``S[t, k·d + i]`` (8 KiB, in L1), one vector of ``d``
    per candidate and step (:func:`_vmove`; the scalar element-by-element transposition took
    about half the kernel's time), the next tile's moves interleaved with this tile's steps
    (two tiles, swapped: the loads from the K gradient streams overlap the arithmetic instead
    of preceding it), and the tile's steps run over contiguous rows, which LLVM
    vectorises (IEEE sqrt and division kept: no fastmath; ``error_model='numpy'``: no
    ZeroDivisionError guard on the divisions).  The constants are scalars: per-element
    constant rows add loads and base pointers, and with them LLVM gave up on vectorising
    (measured 10x slower).  Every element sees exactly the operations of :func:`_adam_elem` in
    the same order, so the result is bitwise that of :func:`practical_adam`
    (``tests/algorithms/test_fused.py``).  With every iterate kept (``X`` of shape
    ``(B, T+1, d)``) a tile of iterates is staged the same way and written back."""
    B, T, d = G.shape
    nx = X.shape[1] - 1
    Gf = G.reshape(B * T * d)
    Xf = X.reshape(B * (nx + 1) * d)
    nchunk = (B + K - 1) // K
    TT = STAGE_T
    small = abs(w1) < 0.5
    coef = w1 if small else w1 - 1.0      # lerp: fma(w, g-m, m) or fma(w-1, g-m, g)
    p2 = 1.0 if p2_is_one else c1b2
    q2 = c1b2 if p2_is_one else 1.0
    keep = nx > 1
    for c in prange(nchunk):
        b0 = c * K
        kk = min(K, B - b0)
        E = kk * d
        m = np.empty(E)
        v = np.empty(E)
        x = np.empty(E)
        for k in range(kk):
            for i in range(d):
                m[k * d + i] = M0[b0 + k, i]
                v[k * d + i] = V0[b0 + k, i]
                x[k * d + i] = X[b0 + k, 0, i]
        if d == 4:
            _staged_chunk(Gf, Xf, m, v, x, b0, kk, T, nx, E, TT, sign, coef, small, p2, q2, cb2,
                          ce, step, bc2s, keep, 4)
        elif d == 2:
            _staged_chunk(Gf, Xf, m, v, x, b0, kk, T, nx, E, TT, sign, coef, small, p2, q2, cb2,
                          ce, step, bc2s, keep, 2)
        elif d == 1:
            _staged_chunk(Gf, Xf, m, v, x, b0, kk, T, nx, E, TT, sign, coef, small, p2, q2, cb2,
                          ce, step, bc2s, keep, 1)
        elif d == 3:
            _staged_chunk(Gf, Xf, m, v, x, b0, kk, T, nx, E, TT, sign, coef, small, p2, q2, cb2,
                          ce, step, bc2s, keep, 3)
        elif d == 5:
            _staged_chunk(Gf, Xf, m, v, x, b0, kk, T, nx, E, TT, sign, coef, small, p2, q2, cb2,
                          ce, step, bc2s, keep, 5)
        elif d == 6:
            _staged_chunk(Gf, Xf, m, v, x, b0, kk, T, nx, E, TT, sign, coef, small, p2, q2, cb2,
                          ce, step, bc2s, keep, 6)
        else:
            _staged_chunk(Gf, Xf, m, v, x, b0, kk, T, nx, E, TT, sign, coef, small, p2, q2, cb2,
                          ce, step, bc2s, keep, 7)
        for k in range(kk):
            ok = True
            for i in range(d):
                j = k * d + i
                X[b0 + k, nx, i] = x[j]
                ok = ok & (abs(m[j]) <= MAXF) & (abs(v[j]) <= MAXF) & (abs(x[j]) <= MAXF)
            if not ok:
                bad[b0 + k] = 1


@njit(parallel=True, cache=True)
def adagrad(G, X, S0, flags, wd, eps, clr, RG, RS, RSTD, RU, want, bad):
    """torch.optim.Adagrad (``_single_tensor_adagrad`` order, practical.Adagrad.step):
    ``g ← -g`` (maximize); L2 term ``fma(wd, x, g)`` (a real wd, wd_mode 1) or ``g + wd·x``
    (per-candidate, wd_mode 2); ``s = fma(g, g, s)`` (addcmul); ``std = √s + ε``;
    a real ``clr``: ``x + ((-clr)·g)/std`` (addcdiv), a tensor one: ``x - (clr·g)/std``.
    ``flags`` = (maximize, wd_mode, clr_tensor); ``clr`` per (b, t), computed by the caller as
    the step computes it."""
    B, T, d = G.shape
    nx = X.shape[1] - 1
    sign = -1.0 if flags[0] != 0 else 1.0
    wd_mode, clr_tensor = flags[1], flags[2] != 0
    fg, fs, fstd, fu = want[0], want[1], want[2], want[3]
    anyrec = fg or fs or fstd or fu
    for b in prange(B):
        cwd, ce = _pick(wd, b), _pick(eps, b)
        a1 = cwd if wd_mode == 1 else 0.0
        a2 = cwd if wd_mode == 2 else 0.0
        s = S0[b].copy()
        x = X[b, 0].copy()
        ga = np.empty(d)
        sa = np.empty(d)
        ua = np.empty(d)
        for t in range(T):
            c = _pick2(clr, b, t)
            Gt = G[b, t]
            Xt = X[b, t + 1 if t < nx else nx]
            if anyrec or wd_mode != 0 or clr_tensor:
                for i in range(d):
                    xo = x[i]
                    gi = Gt[i] * sign
                    if wd_mode != 0:
                        gi = fma(a1, xo, gi) + a2 * xo
                    si = fma(gi, gi, s[i])
                    std = math.sqrt(si) + ce
                    if clr_tensor:
                        xi = xo - (c * gi) / std
                    else:
                        xi = xo + ((-c) * gi) / std
                    s[i] = si
                    x[i] = xi
                    Xt[i] = xi
                    ga[i] = gi
                    sa[i] = std
                    ua[i] = xi - xo
                if fg:
                    RG[b, t] = ga
                if fs:
                    RS[b, t] = s
                if fstd:
                    RSTD[b, t] = sa
                if fu:
                    RU[b, t] = ua
            else:  # the common case: a real clr, no weight decay, no records
                nc = -c
                for i in range(d):
                    gi = Gt[i] * sign
                    si = fma(gi, gi, s[i])
                    xi = x[i] + (nc * gi) / (math.sqrt(si) + ce)
                    s[i] = si
                    x[i] = xi
                    Xt[i] = xi
        if not (_finite(s) & _finite(x)):
            bad[b] = 1


@njit(parallel=True, cache=True)
def sgd_momentum(G, X, M0, lr, mu, RM, RU, want_m, want_u, bad):
    """adam_linf's heavy ball (SGDMomentum.step): ``m = μ·m + g``, ``u = (-lr)·m``,
    ``x = x + u``."""
    B, T, d = G.shape
    nx = X.shape[1] - 1
    for b in prange(B):
        cmu = _pick(mu, b)
        m = M0[b].copy()
        x = X[b, 0].copy()
        ua = np.empty(d)
        for t in range(T):
            nl = -_pick2(lr, b, t)
            Gt = G[b, t]
            Xt = X[b, t + 1 if t < nx else nx]
            for i in range(d):
                mi = cmu * m[i] + Gt[i]
                u = nl * mi
                xi = x[i] + u
                m[i] = mi
                x[i] = xi
                Xt[i] = xi
                ua[i] = u
            if want_m:
                RM[b, t] = m
            if want_u:
                RU[b, t] = ua
        if not (_finite(m) & _finite(x)):
            bad[b] = 1


@njit(inline="always")
def _rms_elem(g, xo, vo, gao, bo, sign, wd_mode, cwd, p2, q2, ca, centered, coef, small, ce,
              mom, cmu, lr_tensor, lt):
    """One coordinate of torch.optim.RMSprop's step (practical.RMSprop.step order)."""
    gi = g * sign
    if wd_mode == 1:
        gi = fma(cwd, xo, gi)          # grad.add(param, alpha=wd)
    elif wd_mode == 2:
        gi = gi + cwd * xo
    vi = fma(p2 * gi, q2 * gi, vo * ca)
    gai = gao
    sq = vi
    if centered:
        gai = fma(coef, gi - gao, gao if small else gi)   # lerp(g_avg, grad, 1-α)
        sq = fma(-gai, gai, vi)                            # addcmul(v, g_avg, g_avg, value=-1)
    den = math.sqrt(sq) + ce
    if mom:
        bi = bo * cmu + gi / den                           # addcdiv(buf·μ, grad, denom)
        xi = xo + (-lt) * bi if lr_tensor else fma(-lt, bi, xo)   # param.add(buf, alpha=-lr)
    else:
        bi = gi / den
        xi = xo + ((-lt) * gi) / den
    return gi, vi, gai, den, bi, xi


@njit(parallel=True, cache=True)
def rmsprop(G, X, V0, GA0, BUF0, flags, wd, alpha, omalpha, eps, mu, lr,
            RG, RV, RGA, RD, RB, RU, want, bad):
    """torch.optim.RMSprop.  ``flags`` = (maximize, wd_mode, alpha_tensor, centered,
    lr_tensor); wd_mode 0: none, 1: a real wd (``add(g, x, alpha=wd)``), 2: per-candidate
    (``g + wd·x``); the momentum branch is taken per candidate where μ > 0 (torch's branch
    for a real μ, the ``where`` of the reference for a per-candidate μ)."""
    B, T, d = G.shape
    nx = X.shape[1] - 1
    sign = -1.0 if flags[0] != 0 else 1.0
    wd_mode, a_tensor = flags[1], flags[2] != 0
    centered, lr_tensor = flags[3] != 0, flags[4] != 0
    fg, fv, fga, fd, fb, fu = want[0], want[1], want[2], want[3], want[4], want[5]
    for b in prange(B):
        cwd, ca, c1a = _pick(wd, b), _pick(alpha, b), _pick(omalpha, b)
        ce, cmu = _pick(eps, b), _pick(mu, b)
        mom = cmu > 0
        p2 = 1.0 if a_tensor else c1a
        q2 = c1a if a_tensor else 1.0
        small = abs(c1a) < 0.5
        coef = c1a if small else c1a - 1.0
        v = V0[b].copy()
        ga = GA0[b].copy()
        bf = BUF0[b].copy()
        x = X[b, 0].copy()
        gr = np.empty(d)
        da = np.empty(d)
        ua = np.empty(d)
        for t in range(T):
            lt = _pick2(lr, b, t)
            Gt = G[b, t]
            Xt = X[b, t + 1 if t < nx else nx]
            for i in range(d):
                xo = x[i]
                gi, vi, gai, den, bi, xi = _rms_elem(
                    Gt[i], xo, v[i], ga[i], bf[i], sign, wd_mode, cwd, p2, q2, ca, centered,
                    coef, small, ce, mom, cmu, lr_tensor, lt)
                v[i] = vi
                ga[i] = gai
                bf[i] = bi
                x[i] = xi
                Xt[i] = xi
                gr[i] = gi
                da[i] = den
                ua[i] = xi - xo
            if fg:
                RG[b, t] = gr
            if fv:
                RV[b, t] = v
            if fga:
                RGA[b, t] = ga
            if fd:
                RD[b, t] = da
            if fb:
                RB[b, t] = bf
            if fu:
                RU[b, t] = ua
        if not (_finite(v) & _finite(ga) & _finite(bf) & _finite(x)):
            bad[b] = 1


@njit(parallel=True, cache=True)
def aniso(G, X, V0, W0, LO, HI, lr, flags, RV, RL, RS, RY, RU, RW, want, bad):
    """adagrad_aniso's AdaGradAniso (``flags[0]`` = 1) and SGDAniso (0) on an unconstrained
    domain or a box (``flags[1]`` = 1: the projection is ``max(min(y, high), low)``, NaN kept as
    torch.minimum/maximum keep it): ``wsum = wsum + x``, ``w̄ = wsum / t``; AdaGrad:
    ``v = v + g·g`` (two roundings), ``λ = √v``, ``s = lr/λ`` (a real lr: reciprocal(λ)·lr),
    ``y = x - s·g``; SGD: ``y = x - lr·g``; ``x = Π(y)``.  ``flags[2]``: lr is a tensor."""
    B, T, d = G.shape
    nx = X.shape[1] - 1
    adagrad, project, lr_tensor = flags[0] != 0, flags[1] != 0, flags[2] != 0
    fv, fl, fs, fy, fu, fw = want[0], want[1], want[2], want[3], want[4], want[5]
    for b in prange(B):
        lo = LO[b] if LO.shape[0] > 1 else LO[0]
        hi = HI[b] if HI.shape[0] > 1 else HI[0]
        v = V0[b].copy()
        ws = W0[b].copy()
        x = X[b, 0].copy()
        la = np.empty(d)
        sa = np.empty(d)
        ya = np.empty(d)
        ua = np.empty(d)
        wa = np.empty(d)
        for t in range(T):
            lt = _pick2(lr, b, t)
            tt = t + 1.0
            Gt = G[b, t]
            Xt = X[b, t + 1 if t < nx else nx]
            for i in range(d):
                xo = x[i]
                gi = Gt[i]
                wsi = ws[i] + xo
                if adagrad:
                    vi = v[i] + gi * gi
                    li = math.sqrt(vi)
                    si = lt / li if lr_tensor else (1.0 / li) * lt
                    yi = xo - si * gi
                    v[i] = vi
                    la[i] = li
                    sa[i] = si
                else:
                    yi = xo - lt * gi
                xi = yi
                if project:
                    z = hi[i] if yi > hi[i] else yi
                    xi = lo[i] if z < lo[i] else z
                ws[i] = wsi
                x[i] = xi
                Xt[i] = xi
                ya[i] = yi
                ua[i] = xi - xo
                wa[i] = wsi / tt
            if fv:
                RV[b, t] = v
            if fl:
                RL[b, t] = la
            if fs:
                RS[b, t] = sa
            if fy:
                RY[b, t] = ya
            if fu:
                RU[b, t] = ua
            if fw:
                RW[b, t] = wa
        if not (_finite(v) & _finite(ws) & _finite(x)):
            bad[b] = 1


@njit(inline="always")
def _sum_squares(Gt, d):
    """``Σ_i Gt[i]²`` (each square rounded, as torch's ``g * g``) with Neumaier's compensated
    summation in coordinate order 0..d-1: for these non-negative terms the result is within
    about 1 ulp of the exact sum of the rounded squares (|error| ≤ u·S + 2d·u²·S), so it does not
    depend on a reduction order.  torch's ``sum`` (strided vector accumulators, length-dependent
    remainders) is within (d-1)·u·S of the same exact sum; the differential tests allow for it.
    An inf square makes the sum NaN (inf - inf in the compensation), which the final-state check
    flags like the reference's inf."""
    s = 0.0
    c = 0.0
    for i in range(d):
        a = Gt[i] * Gt[i]
        u = s + a
        if s >= a:
            c += (s - u) + a
        else:
            c += (a - u) + s
        s = u
    return s + c


@njit(parallel=True, cache=True)
def block_adam(G, X, M0, V0, labels, sizes, compensated, lr, lr_true_div, b1, omb1, b2, omb2,
               eps, RM, RV, RS, RU, want, bad):
    """adam_linf's AdaSGD (one block of all d coordinates, ``compensated``) and Blockwise Adam
    (``labels[i]`` = the block of coordinate i, sequential sums) in the reference's order:
    ``m = b1·m + (1-b1)·g``; per block ``S = Σ g_i²`` (rounded squares), ``v = b2·v +
    ((1-b2)·S)/|block|``; ``s_i = lr / √(v + ε)`` (a real lr: reciprocal·lr), ``u = (-s)·m``,
    ``x = x + u``.  Blockwise Adam's ``index_add`` adds the squares into zeroed block sums one
    coordinate at a time in coordinate order: the kernel does the same, so its sums are
    torch's bit for bit; AdaSGD's ``sum`` is torch's vectorised reduction, which no fixed
    order reproduces for every d: the kernel sums compensated (:func:`_sum_squares`).
    Records: m, v (per block), step_size, update; ``want`` flags, ``(1, 1, 1)`` dummies."""
    B, T, d = G.shape
    nb = sizes.shape[0]
    nx = X.shape[1] - 1
    fm, fv, fs, fu = want[0], want[1], want[2], want[3]
    for b in prange(B):
        cb1, c1b1 = _pick(b1, b), _pick(omb1, b)
        cb2, c1b2 = _pick(b2, b), _pick(omb2, b)
        ce = _pick(eps, b)
        m = M0[b].copy()
        v = V0[b].copy()
        x = X[b, 0].copy()
        S = np.empty(nb)
        root = np.empty(nb)
        sa = np.empty(d)
        ua = np.empty(d)
        for t in range(T):
            lt = _pick2(lr, b, t)
            num = lt if lr_true_div else 1.0
            mul = 1.0 if lr_true_div else lt
            Gt = G[b, t]
            Xt = X[b, t + 1 if t < nx else nx]
            if compensated:
                S[0] = _sum_squares(Gt, d)
            else:
                S[:] = 0.0
                for i in range(d):
                    S[labels[i]] += Gt[i] * Gt[i]
            for k in range(nb):
                vk = cb2 * v[k] + (c1b2 * S[k]) / sizes[k]
                v[k] = vk
                root[k] = math.sqrt(vk + ce)
            for i in range(d):
                mi = cb1 * m[i] + c1b1 * Gt[i]
                si = (num / root[labels[i]]) * mul
                u = (-si) * mi
                xi = x[i] + u
                m[i] = mi
                x[i] = xi
                Xt[i] = xi
                sa[i] = si
                ua[i] = u
            if fm:
                RM[b, t] = m
            if fv:
                RV[b, t] = v
            if fs:
                RS[b, t] = sa
            if fu:
                RU[b, t] = ua
        if not (_finite(m) & _finite(v) & _finite(x)):
            bad[b] = 1


@njit(parallel=True, cache=True)
def adagrad_norm(G, X, V0, W0, LO, HI, lr, project, RV, RB, RS, RY, RU, RW, want, bad):
    """adagrad_aniso's AdaGradNorm on an unconstrained domain or a box/ℓ∞ ball (``project``:
    ``max(min(y, high), low)``): ``wsum = wsum + x``, ``w̄ = wsum / t``; ``v = v + S`` with
    ``S = Σ g_i²`` summed compensated (:func:`_sum_squares`), ``b = √v``, ``s = η / b`` (a true
    division: the reference's η is a per-candidate tensor), ``y = x - s·g``, ``x = Π(y)``.
    Records v, b, step_size (per candidate and step), y, update, w̄."""
    B, T, d = G.shape
    nx = X.shape[1] - 1
    fv, fb, fs, fy, fu, fw = want[0], want[1], want[2], want[3], want[4], want[5]
    for b in prange(B):
        lo = LO[b] if LO.shape[0] > 1 else LO[0]
        hi = HI[b] if HI.shape[0] > 1 else HI[0]
        v = V0[b]
        ws = W0[b].copy()
        x = X[b, 0].copy()
        ya = np.empty(d)
        ua = np.empty(d)
        wa = np.empty(d)
        for t in range(T):
            lt = _pick2(lr, b, t)
            tt = t + 1.0
            Gt = G[b, t]
            Xt = X[b, t + 1 if t < nx else nx]
            v = v + _sum_squares(Gt, d)
            bb = math.sqrt(v)
            s = lt / bb
            for i in range(d):
                xo = x[i]
                wsi = ws[i] + xo
                yi = xo - s * Gt[i]
                xi = yi
                if project:
                    z = hi[i] if yi > hi[i] else yi
                    xi = lo[i] if z < lo[i] else z
                ws[i] = wsi
                x[i] = xi
                Xt[i] = xi
                ya[i] = yi
                ua[i] = xi - xo
                wa[i] = wsi / tt
            if fv:
                RV[b, t] = v
            if fb:
                RB[b, t] = bb
            if fs:
                RS[b, t] = s
            if fy:
                RY[b, t] = ya
            if fu:
                RU[b, t] = ua
            if fw:
                RW[b, t] = wa
        if not ((abs(v) <= MAXF) & _finite(ws) & _finite(x)):
            bad[b] = 1


@njit(inline="always")
def _neumaier(s, c, a):
    """One step of Neumaier's compensated sum: returns the new ``(s, c)``."""
    u = s + a
    if s >= a:
        c += (s - u) + a
    else:
        c += (a - u) + s
    return u, c


@njit(parallel=True, cache=True, error_model="numpy")
def alphaadam(G, X, M0, V0, flags, b1, omb1, b2, omb2, eps, lr, fixed_alpha, dd,
              RA, RK, RC, RM, RV, RU, RAL, RL, RN, RS, RUP, want, bad):
    """alphaadam's Algorithm 1 (:class:`~adaproof.algorithms.alphaadam.AlphaAdam`) in the
    reference's order: ``a = g·h``; ``φ = [a > 0]`` (``strict``) or ``[a ≥ 0]``; ``h = b1·h +
    (1-b1)·g``; ``v = b2·v + ((1-b2)·g)·g``; ``den = √v + ε``; ``u = h/den`` (0 where den = 0 = h;
    where den = 0 ≠ h the reference raises: the kernel's u is ±inf, the iterate goes non-finite
    and the final-state check flags it); ``ũ = φ·u``.  Per candidate and step three reductions of
    non-negative terms, each a Neumaier compensated sum in coordinate order 0..d-1 (within about
    1 ulp of the exact sum; torch's vectorised ``sum`` is within (d-1)·u of it): ``Σ u²``,
    ``Σ ũ²`` (α = their ratio, 1 when ``Σ ũ² = 0``, √ of it for ``alpha_form="sqrt"``; or the
    fixed α), ``Σ φ|g|``; ``‖φ‖₀`` is an exact count.  ``η̂ = (η·d)/(‖φ‖₀ + 1)``, ``c = η̂·α``,
    ``update = (-c)·ũ``, ``step_size = (c·φ)/den`` (0 where den = 0), ``x = x + update``.

    ``flags`` = (strict, dynamic α, sqrt form).  Records (``want`` in this order): agreement,
    mask, mask_count, m, v, u, alpha, lr_hat, grad_norm_phi, step_size, update; the per-step
    scalars are ``(B, T)`` arrays (``(1, 1)`` dummies when not asked for)."""
    B, T, d = G.shape
    nx = X.shape[1] - 1
    strict, dynamic, sqrt_form = flags[0], flags[1], flags[2]
    ns = 0.0 if strict else 1.0
    fa, fk, fc, fm, fv = want[0], want[1], want[2], want[3], want[4]
    fu, fal, fl, fn, fs, fup = want[5], want[6], want[7], want[8], want[9], want[10]
    for b in prange(B):
        cb1, c1b1 = _pick(b1, b), _pick(omb1, b)
        cb2, c1b2 = _pick(b2, b), _pick(omb2, b)
        ce = _pick(eps, b)
        cal = _pick(fixed_alpha, b)
        m = M0[b].copy()
        v = V0[b].copy()
        x = X[b, 0].copy()
        aa = np.empty(d)
        ka = np.empty(d)
        ua = np.empty(d)
        da = np.empty(d)
        sa = np.empty(d)
        upa = np.empty(d)
        for t in range(T):
            lt = _pick2(lr, b, t)
            Gt = G[b, t]
            Xt = X[b, t + 1 if t < nx else nx]
            fs1 = 0.0
            fc1 = 0.0
            ps1 = 0.0
            pc1 = 0.0
            ns1 = 0.0
            nc1 = 0.0
            cnt = 0.0
            for i in range(d):
                g = Gt[i]
                a = g * m[i]
                k = 1.0 * (a > 0.0) + ns * (a == 0.0)  # φ: [a > 0] or [a ≥ 0], branch-free
                mi = cb1 * m[i] + c1b1 * g
                vi = cb2 * v[i] + (c1b2 * g) * g
                den = math.sqrt(vi) + ce
                if den == 0.0 and mi == 0.0:
                    u = 0.0
                else:
                    u = mi / den
                mu = k * u
                fs1, fc1 = _neumaier(fs1, fc1, u * u)
                ps1, pc1 = _neumaier(ps1, pc1, mu * mu)
                ns1, nc1 = _neumaier(ns1, nc1, k * abs(g))
                cnt += k
                m[i] = mi
                v[i] = vi
                aa[i] = a
                ka[i] = k
                ua[i] = mu
                da[i] = den
                if fu:
                    RU[b, t, i] = u
            full = fs1 + fc1
            part = ps1 + pc1
            if dynamic:
                al = full / part if part > 0.0 else 1.0
                if sqrt_form:
                    al = math.sqrt(al)
            else:
                al = cal
            lh = (lt * dd) / (cnt + 1.0)
            coef = lh * al
            nco = -coef
            for i in range(d):
                up = nco * ua[i]
                xi = x[i] + up
                x[i] = xi
                Xt[i] = xi
                upa[i] = up
            if fs:
                for i in range(d):
                    den = da[i]
                    sa[i] = (coef * ka[i]) / den if den != 0.0 else 0.0
            if fa:
                RA[b, t] = aa
            if fk:
                RK[b, t] = ka
            if fc:
                RC[b, t] = cnt
            if fm:
                RM[b, t] = m
            if fv:
                RV[b, t] = v
            if fal:
                RAL[b, t] = al
            if fl:
                RL[b, t] = lh
            if fn:
                RN[b, t] = ns1 + nc1
            if fs:
                RS[b, t] = sa
            if fup:
                RUP[b, t] = upa
        if not (_finite(m) & _finite(v) & _finite(x)):
            bad[b] = 1


@njit(inline="always")
def _rms_from_sum(s, c, n):
    """torch's ``sqrt(mean(x * x))`` from a compensated sum of the squares: ``sqrt(S / n)``."""
    return math.sqrt((s + c) / n)


@njit(inline="always")
def _clip_max(a, lo):
    """``clamp(a, min=lo)`` / ``maximum(a, lo)`` as torch: NaN stays NaN."""
    return lo if a < lo else a


@njit(parallel=True, cache=True, error_model="numpy")
def adafactor(G, X, R0, C0, n, m, factored, b2, omb2, rho, dclip, has_clip, eps1, eps2,
              RR, RC, RSS, RW, RV, RU, RUC, RGT, RRX, RSC, RRU, RCL, RET, RST, RUP, want, bad):
    """adafactor's Algorithm 1 (``factored``: :class:`AdafactorPaper`, the parameter an ``n × m``
    matrix, row-major) and the unfactored form (:class:`AdafactorUnfactored`; ``R0`` is V₀ of
    ``n·m`` entries) in the reference's order: ``g2 = g·g + ε₁``; factored: ``R_i = β·R_i +
    (1-β)·Σ_j g2_ij``, ``C_j = β·C_j + (1-β)·Σ_i g2_ij``, ``S = Σ_i R_i``, ``W_ij = (R_i·C_j)/S``;
    unfactored: ``W = V = β·V + (1-β)·g2``; ``U = g/√W``; ``η = (max(RMS(X), ε₂)·ρ)/clip`` with
    ``clip = max(RMS(U)/d, 1)`` (1 without clipping), ``update = (-η)·U``, ``x = x + update``.
    Every sum (row, column and S sums, the two RMS) is Neumaier compensated in index order
    (within about 1 ulp of the exact sum of non-negative terms; torch's vectorised sums are
    within (k-1)·u of it for k terms); RMS = √(S/k) as torch's ``mean``.  Per-step
    hyperparameters come as ``(Bl, T)`` tables.  Records (``want`` order): R, C, S, W, V, U,
    U_clipped, G_tilde, rms_x, scale, rms_u, clip, eta, step_size, update."""
    B, T, D = G.shape
    nx = X.shape[1] - 1
    fR, fC, fS, fW, fV, fU = want[0], want[1], want[2], want[3], want[4], want[5]
    fUC, fGT, fRX, fSC, fRU = want[6], want[7], want[8], want[9], want[10]
    fCL, fET, fST, fUP = want[11], want[12], want[13], want[14]
    fD = float(D)
    for b in prange(B):
        e1, e2 = _pick(eps1, b), _pick(eps2, b)
        x = X[b, 0].copy()
        R = R0[b].copy()
        C = C0[b].copy()
        W = np.empty(D)
        Ua = np.empty(D)
        Rs = np.empty(n)
        Rc = np.empty(n)
        Cs = np.empty(m)
        Cc = np.empty(m)
        upa = np.empty(D)
        xs, xc = 0.0, 0.0
        for i in range(D):
            xs, xc = _neumaier(xs, xc, x[i] * x[i])
        for t in range(T):
            cb2, c1b2 = _pick2(b2, b, t), _pick2(omb2, b, t)
            Gt = G[b, t]
            Xt = X[b, t + 1 if t < nx else nx]
            rx = _rms_from_sum(xs, xc, fD)
            S = 0.0
            if factored:
                Rs[:] = 0.0
                Rc[:] = 0.0
                Cs[:] = 0.0
                Cc[:] = 0.0
                for i in range(n):
                    for j in range(m):
                        g = Gt[i * m + j]
                        g2 = g * g + e1
                        Rs[i], Rc[i] = _neumaier(Rs[i], Rc[i], g2)
                        Cs[j], Cc[j] = _neumaier(Cs[j], Cc[j], g2)
                ss, sc = 0.0, 0.0
                for i in range(n):
                    R[i] = cb2 * R[i] + c1b2 * (Rs[i] + Rc[i])
                    ss, sc = _neumaier(ss, sc, R[i])
                for j in range(m):
                    C[j] = cb2 * C[j] + c1b2 * (Cs[j] + Cc[j])
                S = ss + sc
                for i in range(n):
                    for j in range(m):
                        W[i * m + j] = (R[i] * C[j]) / S
            us, uc = 0.0, 0.0
            if factored:
                for i in range(D):
                    u = Gt[i] / math.sqrt(W[i])
                    Ua[i] = u
                    us, uc = _neumaier(us, uc, u * u)
            else:  # one pass: V, U and the sum of U's squares
                for i in range(D):
                    g = Gt[i]
                    vi = cb2 * R[i] + c1b2 * (g * g + e1)
                    R[i] = vi
                    W[i] = vi
                    u = g / math.sqrt(vi)
                    Ua[i] = u
                    us, uc = _neumaier(us, uc, u * u)
            ru = _rms_from_sum(us, uc, fD)
            clip = _clip_max(ru / _pick2(dclip, b, t), 1.0) if has_clip else 1.0
            sc_ = _clip_max(rx, e2)
            eta = (sc_ * _pick2(rho, b, t)) / clip
            neta = -eta
            xs, xc = 0.0, 0.0  # RMS(X) of the next step, summed in the same pass
            for i in range(D):
                up = neta * Ua[i]
                xi = x[i] + up
                x[i] = xi
                Xt[i] = xi
                upa[i] = up
                xs, xc = _neumaier(xs, xc, xi * xi)
            if fR:
                RR[b, t] = R[:RR.shape[2]]
            if fC:
                RC[b, t] = C
            if fS:
                RSS[b, t] = S
            if fW:
                RW[b, t] = W
            if fV:
                RV[b, t] = R[:RV.shape[2]]
            if fU:
                RU[b, t] = Ua
            if fUC:
                for i in range(D):
                    RUC[b, t, i] = Ua[i] / clip
            if fGT:
                for i in range(D):
                    RGT[b, t, i] = Gt[i] / clip
            if fRX:
                RRX[b, t] = rx
            if fSC:
                RSC[b, t] = sc_
            if fRU:
                RRU[b, t] = ru
            if fCL:
                RCL[b, t] = clip
            if fET:
                RET[b, t] = eta
            if fST:
                for i in range(D):
                    RST[b, t, i] = eta / math.sqrt(W[i])
            if fUP:
                RUP[b, t] = upa
        if not (_finite(R) & _finite(C) & _finite(x)):
            bad[b] = 1


@njit(parallel=True, cache=True, error_model="numpy")
def alphaadam_analysed(G, X, M0, V0, b1, omb1, b2, omb2, eps, lrt,
                       RA, RK, RC, RM, RV, RU, RN, RS, RUP, want, bad):
    """alphaadam's Appendix E form (:class:`~adaproof.algorithms.alphaadam.AlphaAdamAnalysed`)
    in the reference's order: ``a = g·m`` (the previous m); ``φ = [a > 0]``; ``m = b1·m +
    (1-b1)·g``; ``v = b2·v + ((1-b2)·g)·g``; ``den = √v + ε``; ``u = m/den`` (0 where den = 0 =
    m; where den = 0 ≠ m the reference raises: the kernel's u is ±inf, the iterate goes
    non-finite and the final-state check flags it); ``update = (-η_t)·(φ·u)``,
    ``step_size = (η_t·φ)/den`` (0 where den = 0), ``x = x + update``.  ``lrt`` holds η_t per
    (candidate, step), computed by the caller as the step computes it.  Elementwise: no sum
    feeds the iterate; the records ``mask_count`` (an exact count) and ``grad_norm_phi`` (Σφ|g|,
    Neumaier compensated in coordinate order) are per candidate and step (``(B, T)``).
    Records (``want`` order): agreement, mask, mask_count, m, v, u, grad_norm_phi, step_size,
    update."""
    B, T, d = G.shape
    nx = X.shape[1] - 1
    fa, fk, fc, fm, fv = want[0], want[1], want[2], want[3], want[4]
    fu, fn, fs, fup = want[5], want[6], want[7], want[8]
    anyrec = fa or fk or fc or fm or fv or fu or fn or fs or fup
    for b in prange(B):
        cb1, c1b1 = _pick(b1, b), _pick(omb1, b)
        cb2, c1b2 = _pick(b2, b), _pick(omb2, b)
        ce = _pick(eps, b)
        m = M0[b].copy()
        v = V0[b].copy()
        x = X[b, 0].copy()
        aa = np.empty(d)
        ka = np.empty(d)
        ua = np.empty(d)
        sa = np.empty(d)
        upa = np.empty(d)
        for t in range(T):
            lt = _pick2(lrt, b, t)
            nlt = -lt
            Gt = G[b, t]
            Xt = X[b, t + 1 if t < nx else nx]
            if not anyrec:
                for i in range(d):
                    g = Gt[i]
                    mo = m[i]
                    k = 1.0 * (g * mo > 0.0)
                    mi = cb1 * mo + c1b1 * g
                    vi = cb2 * v[i] + (c1b2 * g) * g
                    den = math.sqrt(vi) + ce
                    q = mi / den
                    u = 0.0 if (den == 0.0) & (mi == 0.0) else q
                    xi = x[i] + nlt * (k * u)
                    m[i] = mi
                    v[i] = vi
                    x[i] = xi
                    Xt[i] = xi
                continue
            cnt = 0.0
            ns1 = 0.0
            nc1 = 0.0
            for i in range(d):
                g = Gt[i]
                mo = m[i]
                a = g * mo
                k = 1.0 * (a > 0.0)
                mi = cb1 * mo + c1b1 * g
                vi = cb2 * v[i] + (c1b2 * g) * g
                den = math.sqrt(vi) + ce
                if den == 0.0 and mi == 0.0:
                    u = 0.0
                else:
                    u = mi / den
                up = nlt * (k * u)
                xi = x[i] + up
                ns1, nc1 = _neumaier(ns1, nc1, k * abs(g))
                cnt += k
                m[i] = mi
                v[i] = vi
                x[i] = xi
                Xt[i] = xi
                aa[i] = a
                ka[i] = k
                ua[i] = u
                sa[i] = (lt * k) / den if den != 0.0 else 0.0
                upa[i] = up
            if fa:
                RA[b, t] = aa
            if fk:
                RK[b, t] = ka
            if fc:
                RC[b, t] = cnt
            if fm:
                RM[b, t] = m
            if fv:
                RV[b, t] = v
            if fu:
                RU[b, t] = ua
            if fn:
                RN[b, t] = ns1 + nc1
            if fs:
                RS[b, t] = sa
            if fup:
                RUP[b, t] = upa
        if not (_finite(m) & _finite(v) & _finite(x)):
            bad[b] = 1


@njit(parallel=True, cache=True, error_model="numpy")
def cautious_adam(G, X, M0, V0, strict, b1, omb1, b2, omb2, eps, bc1, bc2, lr, xi, dd,
                  RM, RV, RMH, RVH, RU, RA, RK, RC, RL, RS, RUP, want, bad):
    """alphaadam's Cautious Adam baseline (:class:`~adaproof.algorithms.alphaadam.CautiousAdam`)
    in the reference's order: ``m = b1·m + (1-b1)·g``; ``v = b2·v + ((1-b2)·g)·g``; ``m̂ =
    m/bc1``, ``v̂ = v/bc2`` (``bc1``, ``bc2`` per (candidate, step), as the step computes
    ``1 - β^t``); ``den = √v̂ + ε``; ``u = m̂/den`` (0 where den = 0 = m̂; den = 0 ≠ m̂ goes
    non-finite and is flagged, the reference raises); ``a = u·g``; ``φ = [a > 0]``
    (``strict``) or ``[a ≥ 0]``; per candidate and step the exact count ‖φ‖₀, ``η̄ = (η·d)/
    (‖φ‖₀ + ξ)``; ``update = (-η̄)·(φ·u)``, ``step_size = (η̄·φ)/(bc1·den)`` (0 where den = 0),
    ``x = x + update``.  The count is exact, so every value is the reference's operation by
    operation.  Records (``want`` order): m, v, m_hat, v_hat, u, agreement, mask,
    mask_count, lr_bar, step_size, update (mask_count and lr_bar ``(B, T)``)."""
    B, T, d = G.shape
    nx = X.shape[1] - 1
    nonstrict = not strict
    fm, fv, fmh, fvh, fu, fa = want[0], want[1], want[2], want[3], want[4], want[5]
    fk, fc, fl, fs, fup = want[6], want[7], want[8], want[9], want[10]
    for b in prange(B):
        cb1, c1b1 = _pick(b1, b), _pick(omb1, b)
        cb2, c1b2 = _pick(b2, b), _pick(omb2, b)
        ce, cxi = _pick(eps, b), _pick(xi, b)
        m = M0[b].copy()
        v = V0[b].copy()
        x = X[b, 0].copy()
        mha = np.empty(d)
        vha = np.empty(d)
        ua = np.empty(d)
        aa = np.empty(d)
        ka = np.empty(d)
        da = np.empty(d)
        sa = np.empty(d)
        upa = np.empty(d)
        for t in range(T):
            lt = _pick2(lr, b, t)
            c1, c2 = _pick2(bc1, b, t), _pick2(bc2, b, t)
            Gt = G[b, t]
            Xt = X[b, t + 1 if t < nx else nx]
            icnt = 0
            for i in range(d):
                g = Gt[i]
                mi = cb1 * m[i] + c1b1 * g
                vi = cb2 * v[i] + (c1b2 * g) * g
                mh = mi / c1
                vh = vi / c2
                den = math.sqrt(vh) + ce
                q = mh / den
                u = 0.0 if (den == 0.0) & (mh == 0.0) else q
                a = u * g
                kb = (a > 0.0) | (nonstrict & (a == 0.0))  # φ: [a > 0] or [a ≥ 0]
                icnt += kb  # an integer count: a float sum's fixed order would not vectorise
                k = 1.0 * kb
                m[i] = mi
                v[i] = vi
                mha[i] = mh
                vha[i] = vh
                ua[i] = k * u
                aa[i] = a
                ka[i] = k
                da[i] = den
            cnt = float(icnt)
            lb = (lt * dd) / (cnt + cxi)
            nlb = -lb
            for i in range(d):
                up = nlb * ua[i]
                xi_ = x[i] + up
                x[i] = xi_
                Xt[i] = xi_
                upa[i] = up
            if fs:
                for i in range(d):
                    den = da[i]
                    sa[i] = (lb * ka[i]) / (c1 * den) if den != 0.0 else 0.0
            if fu:  # u itself (ua holds φ·u)
                for i in range(d):
                    den = da[i]
                    mh = mha[i]
                    RU[b, t, i] = 0.0 if (den == 0.0) & (mh == 0.0) else mh / den
            if fm:
                RM[b, t] = m
            if fv:
                RV[b, t] = v
            if fmh:
                RMH[b, t] = mha
            if fvh:
                RVH[b, t] = vha
            if fa:
                RA[b, t] = aa
            if fk:
                RK[b, t] = ka
            if fc:
                RC[b, t] = cnt
            if fl:
                RL[b, t] = lb
            if fs:
                RS[b, t] = sa
            if fup:
                RUP[b, t] = upa
        if not (_finite(m) & _finite(v) & _finite(x)):
            bad[b] = 1
