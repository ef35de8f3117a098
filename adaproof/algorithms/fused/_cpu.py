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

State overflow: each kernel keeps, per candidate, the first step at which a state entry, the
step size or the iterate became non-finite, or a denominator was not > 0 (``bad[b] = t``, 0 if
none), and stops that candidate there.  The caller re-runs the torch reference, which raises the
error naming the step and coordinate.
"""
from __future__ import annotations

import math

import numpy as np
from numba import njit, prange
from numba.core import types
from numba.extending import intrinsic

MAXF = np.finfo(np.float64).max


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


@njit(parallel=True, cache=True)
def adam_linf(G, X, M0, V0, lr, lr_true_div, b1, omb1, b2, omb2, eps,
              RM, RV, RS, RU, want, bad):
    """AdamLinf / RMSPropLinf / AdamComplexity (ε = 0): the torch order of
    ``m = b1·m + (1-b1)·g``, ``v = b2·v + ((1-b2)·g)·g``, ``s = lr / √(v+ε)``,
    ``u = (-s)·m``, ``x = x + u``.  The inner loop works on local arrays only (it vectorises); the
    iterate and the requested records are copied out row by row after it (an unrequested record
    is a ``(1, 1, 1)`` dummy, never written; ``want`` holds the flags)."""
    B, T, d = G.shape
    fm, fv, fs, fu = want[0], want[1], want[2], want[3]
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
            ok = True
            for i in range(d):
                gi = G[b, t, i]
                mi = cb1 * m[i] + c1b1 * gi
                vi = cb2 * v[i] + (c1b2 * gi) * gi
                den = vi + ce
                si = (num / math.sqrt(den)) * mul
                u = (-si) * mi
                xi = x[i] + u
                ok = ok & (den > 0.0) & (abs(mi) <= MAXF) & (abs(vi) <= MAXF) \
                    & (abs(si) <= MAXF) & (abs(xi) <= MAXF)
                m[i] = mi
                v[i] = vi
                x[i] = xi
                sa[i] = si
                ua[i] = u
            for i in range(d):
                X[b, t + 1, i] = x[i]
            if fm:
                for i in range(d):
                    RM[b, t, i] = m[i]
            if fv:
                for i in range(d):
                    RV[b, t, i] = v[i]
            if fs:
                for i in range(d):
                    RS[b, t, i] = sa[i]
            if fu:
                for i in range(d):
                    RU[b, t, i] = ua[i]
            if not ok:
                bad[b] = t + 1
                break


@njit(parallel=True, cache=True)
def signgd(G, X, lr, RD, RU, want_d, want_u, bad):
    """SignGD: ``u = (-lr)·sign(g)``, ``x = x + u`` (sign(0) = 0)."""
    B, T, d = G.shape
    for b in prange(B):
        x = X[b, 0].copy()
        for t in range(T):
            lt = _pick2(lr, b, t)
            ok = True
            for i in range(d):
                gi = G[b, t, i]
                di = 1.0 if gi > 0 else (-1.0 if gi < 0 else 0.0)
                u = (-lt) * di
                xi = x[i] + u
                ok = ok & (abs(xi) <= MAXF)
                x[i] = xi
                X[b, t + 1, i] = xi
                if want_d:
                    RD[b, t, i] = di
                if want_u:
                    RU[b, t, i] = u
            if not ok:
                bad[b] = t + 1
                break


@njit(parallel=True, cache=True)
def practical_adam(G, X, M0, V0, VM0, flags, omb1, b2, omb2, eps, wd, step, dec,
                   bc2s, RG, RM, RV, RVM, RD, RU, want, bad):
    """torch.optim.Adam / AdamW (``_single_tensor_adam`` order), every option branch-free in the
    inner loop (selects on loop invariants) so that it vectorises:

    * ``flags`` = (maximize, decoupled, wd_mode, amsgrad, b2_tensor); wd_mode 0: no L2 term,
      1: ``add(g, x, alpha=wd)`` = fma(wd, x, g) (a real wd), 2: ``g + wd·x`` (per-candidate);
    * per (b, t): ``step`` = lr/bc1, ``bc2s`` = bc2^0.5, ``dec`` = 1 - lr·wd (AdamW);
    * records grad, m, v, vmax, denom, update, copied out after the inner loop when requested
      (``want`` flags; a ``(1, 1, 1)`` dummy otherwise); m_hat, v_hat and step_size are one
      division of these, done by the caller.
    """
    B, T, d = G.shape
    sign = -1.0 if flags[0] != 0 else 1.0
    decoupled, wd_mode = flags[1] != 0, flags[2]
    amsgrad, b2_tensor = flags[3] != 0, flags[4] != 0
    fg, fm, fv, fvm, fd, fu = want[0], want[1], want[2], want[3], want[4], want[5]
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
            ok = True
            for i in range(d):
                xo = x[i]
                gi = fma(a1, xo, G[b, t, i] * sign) + a2 * xo
                mo = m[i]
                mi = fma(coef, gi - mo, mo if small else gi)
                vi = fma(p2 * gi, q2 * gi, v[i] * cb2)
                vmo = vm[i]
                vmi = vmo if vmo >= vi else vi
                second = vmi if amsgrad else vi
                den = math.sqrt(second) / c2s + ce
                xi = xo * dc + ((-st) * mi) / den
                ok = ok & (abs(mi) <= MAXF) & (abs(second) <= MAXF) & (abs(den) <= MAXF) \
                    & (abs(xi) <= MAXF)
                m[i] = mi
                v[i] = vi
                vm[i] = vmi
                x[i] = xi
                ga[i] = gi
                da[i] = den
                ua[i] = xi - xo
            for i in range(d):
                X[b, t + 1, i] = x[i]
            if fg:
                for i in range(d):
                    RG[b, t, i] = ga[i]
            if fm:
                for i in range(d):
                    RM[b, t, i] = m[i]
            if fv:
                for i in range(d):
                    RV[b, t, i] = v[i]
            if fvm:
                for i in range(d):
                    RVM[b, t, i] = vm[i]
            if fd:
                for i in range(d):
                    RD[b, t, i] = da[i]
            if fu:
                for i in range(d):
                    RU[b, t, i] = ua[i]
            if not ok:
                bad[b] = t + 1
                break


@njit(parallel=True, cache=True)
def practical_adam_lean(G, X, M0, V0, VM0, flags, omb1, b2, omb2, eps, wd, step, dec, bc2s,
                        bad):
    """:func:`practical_adam` without records (the inner loop does nothing else)."""
    B, T, d = G.shape
    sign = -1.0 if flags[0] != 0 else 1.0
    decoupled, wd_mode = flags[1] != 0, flags[2]
    amsgrad, b2_tensor = flags[3] != 0, flags[4] != 0
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
        for t in range(T):
            st, c2s = _pick2(step, b, t), _pick2(bc2s, b, t)
            dc = _pick2(dec, b, t) if decoupled else 1.0
            ok = True
            for i in range(d):
                xo = x[i]
                gi = fma(a1, xo, G[b, t, i] * sign) + a2 * xo
                mo = m[i]
                mi = fma(coef, gi - mo, mo if small else gi)
                vi = fma(p2 * gi, q2 * gi, v[i] * cb2)
                vmo = vm[i]
                vmi = vmo if vmo >= vi else vi
                second = vmi if amsgrad else vi
                den = math.sqrt(second) / c2s + ce
                xi = xo * dc + ((-st) * mi) / den
                ok = ok & (abs(mi) <= MAXF) & (abs(second) <= MAXF) & (abs(den) <= MAXF) \
                    & (abs(xi) <= MAXF)
                m[i] = mi
                v[i] = vi
                vm[i] = vmi
                x[i] = xi
            for i in range(d):
                X[b, t + 1, i] = x[i]
            if not ok:
                bad[b] = t + 1
                break
