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
              RM, RV, RS, RU, want_m, want_v, want_s, want_u, bad):
    """AdamLinf / RMSPropLinf / AdamComplexity (ε = 0): the torch order of
    ``m = b1·m + (1-b1)·g``, ``v = b2·v + ((1-b2)·g)·g``, ``s = lr / √(v+ε)``,
    ``u = (-s)·m``, ``x = x + u``."""
    B, T, d = G.shape
    for b in prange(B):
        cb1, c1b1 = _pick(b1, b), _pick(omb1, b)
        cb2, c1b2 = _pick(b2, b), _pick(omb2, b)
        ce = _pick(eps, b)
        m = M0[b].copy()
        v = V0[b].copy()
        x = X[b, 0].copy()
        for t in range(T):
            lt = _pick2(lr, b, t)
            ok = True
            for i in range(d):
                gi = G[b, t, i]
                mi = cb1 * m[i] + c1b1 * gi
                vi = cb2 * v[i] + (c1b2 * gi) * gi
                den = vi + ce
                if lr_true_div:
                    s = lt / math.sqrt(den)
                else:
                    s = (1.0 / math.sqrt(den)) * lt
                u = (-s) * mi
                xi = x[i] + u
                ok = ok & (den > 0.0) & (abs(mi) <= MAXF) & (abs(vi) <= MAXF) \
                    & (abs(s) <= MAXF) & (abs(xi) <= MAXF)
                m[i] = mi
                v[i] = vi
                x[i] = xi
                X[b, t + 1, i] = xi
                if want_m:
                    RM[b, t, i] = mi
                if want_v:
                    RV[b, t, i] = vi
                if want_s:
                    RS[b, t, i] = s
                if want_u:
                    RU[b, t, i] = u
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
def practical_adam(G, X, M0, V0, VM0, flags, omb1, b2, omb2, eps, wd, step, bc1, bc2, bc2s,
                   dec, ss_true_div, rec, want, bad):
    """torch.optim.Adam / AdamW (``_single_tensor_adam`` order).

    ``flags`` = (maximize, decoupled, wd_mode, amsgrad, b2_tensor) with wd_mode 0: no L2 term,
    1: ``add(g, x, alpha=wd)`` (a real wd), 2: ``g + wd·x`` (a per-candidate wd).  Per (b, t):
    ``step`` = lr/bc1, ``bc1``, ``bc2``, ``bc2s`` = bc2^0.5, ``dec`` = 1 - lr·wd (AdamW).
    ``rec`` (a tuple of arrays) / ``want``: grad, m, v, vmax, m_hat, v_hat, denom, step_size, update (in this order).
    """
    B, T, d = G.shape
    maximize, decoupled, wd_mode = flags[0] != 0, flags[1] != 0, flags[2]
    amsgrad, b2_tensor = flags[3] != 0, flags[4] != 0
    w0, w1_, w2, w3, w4 = want[0], want[1], want[2], want[3], want[4]
    w5, w6, w7, w8 = want[5], want[6], want[7], want[8]
    anyrec = w0 or w1_ or w2 or w3 or w4 or w5 or w6 or w7 or w8
    for b in prange(B):
        w1 = _pick(omb1, b)
        cb2, c1b2 = _pick(b2, b), _pick(omb2, b)
        ce, cwd = _pick(eps, b), _pick(wd, b)
        m = M0[b].copy()
        v = V0[b].copy()
        vm = VM0[b].copy()
        x = X[b, 0].copy()
        small = abs(w1) < 0.5
        w1m1 = w1 - 1.0
        for t in range(T):
            st, c1, c2, c2s = _pick2(step, b, t), _pick2(bc1, b, t), _pick2(bc2, b, t), \
                _pick2(bc2s, b, t)
            dc = _pick2(dec, b, t)
            ok = True
            for i in range(d):
                gi = G[b, t, i]
                if maximize:
                    gi = -gi
                xo = x[i]
                if decoupled:
                    xd = xo * dc
                else:
                    xd = xo
                    if wd_mode == 1:
                        gi = fma(cwd, xo, gi)
                    elif wd_mode == 2:
                        gi = gi + cwd * xo
                diff = gi - m[i]
                if small:
                    mi = fma(w1, diff, m[i])
                else:
                    mi = fma(w1m1, diff, gi)
                if b2_tensor:
                    vi = fma(gi, gi * c1b2, v[i] * cb2)
                else:
                    vi = fma(c1b2 * gi, gi, v[i] * cb2)
                if amsgrad:
                    vmi = vm[i] if vm[i] >= vi else vi
                    if vi != vi:
                        vmi = vi
                    vm[i] = vmi
                    second = vmi
                else:
                    second = vi
                den = math.sqrt(second) / c2s + ce
                xi = xd + ((-st) * mi) / den
                ok = ok & (abs(mi) <= MAXF) & (abs(second) <= MAXF) & (abs(den) <= MAXF) \
                    & (abs(xi) <= MAXF)
                m[i] = mi
                v[i] = vi
                x[i] = xi
                X[b, t + 1, i] = xi
                if anyrec:
                    if w0:
                        rec[0][b, t, i] = gi
                    if w1_:
                        rec[1][b, t, i] = mi
                    if w2:
                        rec[2][b, t, i] = vi
                    if w3:
                        rec[3][b, t, i] = vm[i]
                    if w4:
                        rec[4][b, t, i] = mi / c1
                    if w5:
                        rec[5][b, t, i] = second / c2
                    if w6:
                        rec[6][b, t, i] = den
                    if w7:
                        if ss_true_div:
                            rec[7][b, t, i] = st / den
                        else:
                            rec[7][b, t, i] = (1.0 / den) * st
                    if w8:
                        rec[8][b, t, i] = xi - xo
            if not ok:
                bad[b] = t + 1
                break
