"""Triton kernels of the fused backend on CUDA (float64 and float32), on torch tensors in place.

One program per (candidate b, block of coordinates); the loop over the T steps runs inside the
program with the state in registers.  The operation order is the CPU kernels' (torch's: see
``_cpu.py``), with correctly rounded square roots and divisions (float32: ``sqrt_rn``/``div_rn``,
which Triton accepts for fp32 only; float64: ``tl.sqrt`` and ``/``, which lower to PTX's
``sqrt.rn.f64``/``div.rn.f64``, IEEE-rounded: PTX has no approximate fp64 forms) and
explicit ``fma`` where torch's lerp/addcmul/add(alpha) use one.  Each program records the first
step at which one of its coordinates went non-finite (``bad``), like the CPU kernels.

Written and reviewed without a GPU at hand (the development machine has none): the CUDA tests in
tests/algorithms/test_fused_cuda.py and benchmarks/gpu_check.sh check it against the torch CUDA
reference on the first machine that has one.
"""
from __future__ import annotations

import numpy as np
import torch
import triton
import triton.language as tl

BLOCK = 16  # coordinates per program, one warp per program (num_warps=1): Triton's default of
#              4 warps would spread 16 values over 128 threads, each value computed 8 times


@triton.jit
def _sqrt(x, F64: tl.constexpr):
    """Correctly rounded square root (sqrt_rn is fp32-only in Triton; fp64 sqrt is rn)."""
    if F64:
        return tl.sqrt(x)
    else:
        return tl.sqrt_rn(x)


@triton.jit
def _div(a, b, F64: tl.constexpr):
    """Correctly rounded division (div_rn is fp32-only in Triton; fp64 '/' is div.rn.f64)."""
    if F64:
        return a / b
    else:
        return tl.div_rn(a, b)


@triton.jit
def _linf_kernel(G, X, M0, V0, LR, lr_sb, lr_st, B1, OMB1, B2, OMB2, EPS, hp_s,
                 RM, RV, RS, RU, BAD, T, D, MAXF,
                 LR_TRUE_DIV: tl.constexpr, WANT_M: tl.constexpr, WANT_V: tl.constexpr,
                 WANT_S: tl.constexpr, WANT_U: tl.constexpr, BLOCK_D: tl.constexpr,
                 F64: tl.constexpr):
    b = tl.program_id(0).to(tl.int64)
    offs = tl.program_id(1) * BLOCK_D + tl.arange(0, BLOCK_D)
    mask = offs < D
    hb = b * hp_s
    b1 = tl.load(B1 + hb)
    omb1 = tl.load(OMB1 + hb)
    b2 = tl.load(B2 + hb)
    omb2 = tl.load(OMB2 + hb)
    eps = tl.load(EPS + hb)
    m = tl.load(M0 + b * D + offs, mask=mask, other=0.0)
    v = tl.load(V0 + b * D + offs, mask=mask, other=1.0)
    x = tl.load(X + b * (T + 1) * D + offs, mask=mask, other=0.0)
    badt = tl.zeros([BLOCK_D], dtype=tl.int32)
    zero = tl.zeros([BLOCK_D], dtype=X.dtype.element_ty)
    for t in range(0, T):
        g = tl.load(G + (b * T + t) * D + offs, mask=mask, other=0.0)
        lr = tl.load(LR + b * lr_sb + t * lr_st)
        m = b1 * m + omb1 * g
        v = b2 * v + (omb2 * g) * g
        den = v + eps
        r = _sqrt(den, F64)
        if LR_TRUE_DIV:
            s = _div(lr + zero, r, F64)
        else:
            s = _div(1.0 + zero, r, F64) * lr
        u = (-s) * m
        x = x + u
        tl.store(X + (b * (T + 1) + t + 1) * D + offs, x, mask=mask)
        row = (b * T + t) * D + offs
        if WANT_M:
            tl.store(RM + row, m, mask=mask)
        if WANT_V:
            tl.store(RV + row, v, mask=mask)
        if WANT_S:
            tl.store(RS + row, s, mask=mask)
        if WANT_U:
            tl.store(RU + row, u, mask=mask)
        ok = (den > 0) & (tl.abs(m) <= MAXF) & (tl.abs(v) <= MAXF) & (tl.abs(s) <= MAXF) \
            & (tl.abs(x) <= MAXF)
        badt = tl.where((~ok) & mask & (badt == 0), t + 1, badt)
    tl.store(BAD + b * D + offs, badt, mask=mask)


@triton.jit
def _adam_kernel(G, X, M0, V0, VM0, OMB1, B2, OMB2, EPS, WD, hp_s,
                 STEP, BC1, BC2, BC2S, DEC, tab_sb, tab_st,
                 R0, R1, R2, R3, R4, R5, R6, R7, R8, BAD, T, D, MAXF,
                 MAXIMIZE: tl.constexpr, DECOUPLED: tl.constexpr, WD_MODE: tl.constexpr,
                 AMSGRAD: tl.constexpr, B2_TENSOR: tl.constexpr, SS_TRUE_DIV: tl.constexpr,
                 W0: tl.constexpr, W1: tl.constexpr, W2: tl.constexpr, W3: tl.constexpr,
                 W4: tl.constexpr, W5: tl.constexpr, W6: tl.constexpr, W7: tl.constexpr,
                 W8: tl.constexpr, BLOCK_D: tl.constexpr, F64: tl.constexpr):
    b = tl.program_id(0).to(tl.int64)
    offs = tl.program_id(1) * BLOCK_D + tl.arange(0, BLOCK_D)
    mask = offs < D
    hb = b * hp_s
    w1 = tl.load(OMB1 + hb)
    b2 = tl.load(B2 + hb)
    omb2 = tl.load(OMB2 + hb)
    eps = tl.load(EPS + hb)
    wd = tl.load(WD + hb)
    small = tl.abs(w1) < 0.5
    w1m1 = w1 - 1.0
    m = tl.load(M0 + b * D + offs, mask=mask, other=0.0)
    v = tl.load(V0 + b * D + offs, mask=mask, other=0.0)
    vm = tl.load(VM0 + b * D + offs, mask=mask, other=0.0)
    x = tl.load(X + b * (T + 1) * D + offs, mask=mask, other=0.0)
    badt = tl.zeros([BLOCK_D], dtype=tl.int32)
    zero = tl.zeros([BLOCK_D], dtype=X.dtype.element_ty)
    for t in range(0, T):
        tb = b * tab_sb + t * tab_st
        st = tl.load(STEP + tb)
        c1 = tl.load(BC1 + tb)
        c2 = tl.load(BC2 + tb)
        c2s = tl.load(BC2S + tb)
        dc = tl.load(DEC + tb)
        g = tl.load(G + (b * T + t) * D + offs, mask=mask, other=0.0)
        if MAXIMIZE:
            g = -g
        xo = x
        if DECOUPLED:
            xd = xo * dc
        else:
            xd = xo
            if WD_MODE == 1:
                g = tl.fma(wd + zero, xo, g)
            if WD_MODE == 2:
                g = g + wd * xo
        diff = g - m
        m = tl.where(small, tl.fma(w1 + zero, diff, m), tl.fma(w1m1 + zero, diff, g))
        if B2_TENSOR:
            v = tl.fma(g, g * omb2, v * b2)
        else:
            v = tl.fma(omb2 * g, g, v * b2)
        if AMSGRAD:
            vm = tl.where((vm >= v) & (v == v), vm, v)
            second = vm
        else:
            second = v
        den = _div(_sqrt(second, F64), c2s + zero, F64) + eps
        x = xd + _div((-st) * m, den, F64)
        tl.store(X + (b * (T + 1) + t + 1) * D + offs, x, mask=mask)
        row = (b * T + t) * D + offs
        if W0:
            tl.store(R0 + row, g, mask=mask)
        if W1:
            tl.store(R1 + row, m, mask=mask)
        if W2:
            tl.store(R2 + row, v, mask=mask)
        if W3:
            tl.store(R3 + row, vm, mask=mask)
        if W4:
            tl.store(R4 + row, _div(m, c1 + zero, F64), mask=mask)
        if W5:
            tl.store(R5 + row, _div(second, c2 + zero, F64), mask=mask)
        if W6:
            tl.store(R6 + row, den, mask=mask)
        if W7:
            if SS_TRUE_DIV:
                tl.store(R7 + row, _div(st + zero, den, F64), mask=mask)
            else:
                tl.store(R7 + row, _div(1.0 + zero, den, F64) * st, mask=mask)
        if W8:
            tl.store(R8 + row, x - xo, mask=mask)
        ok = (tl.abs(m) <= MAXF) & (tl.abs(second) <= MAXF) & (tl.abs(den) <= MAXF) \
            & (tl.abs(x) <= MAXF)
        badt = tl.where((~ok) & mask & (badt == 0), t + 1, badt)
    tl.store(BAD + b * D + offs, badt, mask=mask)


@triton.jit
def _analysed_kernel(G, X, M0, V0, LR, lr_sb, lr_st, B1, OMB1, B2, OMB2, EPS, hp_s,
                     RA, RK, RM, RV, RU, RS, RUP, BAD, T, D, MAXF,
                     W0: tl.constexpr, W1: tl.constexpr, W2: tl.constexpr, W3: tl.constexpr,
                     W4: tl.constexpr, W5: tl.constexpr, W6: tl.constexpr,
                     BLOCK_D: tl.constexpr, F64: tl.constexpr):
    """alphaadam's Appendix E form (elementwise; ``_cpu.alphaadam_analysed``'s order):
    ``a = g·m``, ``φ = [a > 0]``, ``m = b1·m + (1-b1)·g``, ``v = b2·v + ((1-b2)·g)·g``,
    ``den = √v + ε``, ``u = m/den`` (0 where den = 0 = m), ``update = (-η_t)·(φ·u)``."""
    b = tl.program_id(0).to(tl.int64)
    offs = tl.program_id(1) * BLOCK_D + tl.arange(0, BLOCK_D)
    mask = offs < D
    hb = b * hp_s
    b1 = tl.load(B1 + hb)
    omb1 = tl.load(OMB1 + hb)
    b2 = tl.load(B2 + hb)
    omb2 = tl.load(OMB2 + hb)
    eps = tl.load(EPS + hb)
    m = tl.load(M0 + b * D + offs, mask=mask, other=0.0)
    v = tl.load(V0 + b * D + offs, mask=mask, other=1.0)
    x = tl.load(X + b * (T + 1) * D + offs, mask=mask, other=0.0)
    badt = tl.zeros([BLOCK_D], dtype=tl.int32)
    zero = tl.zeros([BLOCK_D], dtype=X.dtype.element_ty)
    one = zero + 1.0
    for t in range(0, T):
        g = tl.load(G + (b * T + t) * D + offs, mask=mask, other=0.0)
        lr = tl.load(LR + b * lr_sb + t * lr_st)
        a = g * m
        k = tl.where(a > 0, one, zero)
        m = b1 * m + omb1 * g
        v = b2 * v + (omb2 * g) * g
        den = _sqrt(v, F64) + eps
        u = tl.where((den == 0) & (m == 0), zero, _div(m, den, F64))
        up = (-lr) * (k * u)
        x = x + up
        tl.store(X + (b * (T + 1) + t + 1) * D + offs, x, mask=mask)
        row = (b * T + t) * D + offs
        if W0:
            tl.store(RA + row, a, mask=mask)
        if W1:
            tl.store(RK + row, k, mask=mask)
        if W2:
            tl.store(RM + row, m, mask=mask)
        if W3:
            tl.store(RV + row, v, mask=mask)
        if W4:
            tl.store(RU + row, u, mask=mask)
        if W5:
            safe = tl.where(den == 0, one, den)
            tl.store(RS + row, tl.where(den == 0, zero, _div(lr * k, safe, F64)), mask=mask)
        if W6:
            tl.store(RUP + row, up, mask=mask)
        ok = (tl.abs(m) <= MAXF) & (tl.abs(v) <= MAXF) & (tl.abs(x) <= MAXF)
        badt = tl.where((~ok) & mask & (badt == 0), t + 1, badt)
    tl.store(BAD + b * D + offs, badt, mask=mask)


_ANALYSED_TRITON = ("agreement", "mask", "m", "v", "u", "step_size", "update")


@triton.jit
def _cautious_kernel(G, X, M0, V0, LR, lr_sb, lr_st, BC1, BC2, tab_sb, B1, OMB1, B2, OMB2, EPS,
                     XI, hp_s, RM, RV, RMH, RVH, RU, RA, RK, RC, RL, RS, RUP, BAD, T, D, DD, MAXF,
                     STRICT: tl.constexpr, W0: tl.constexpr, W1: tl.constexpr,
                     W2: tl.constexpr, W3: tl.constexpr, W4: tl.constexpr, W5: tl.constexpr,
                     W6: tl.constexpr, W7: tl.constexpr, W8: tl.constexpr, W9: tl.constexpr,
                     W10: tl.constexpr, BLOCK_D: tl.constexpr, F64: tl.constexpr):
    """alphaadam's Cautious Adam (``_cpu.cautious_adam``'s order); one program per candidate,
    all of its coordinates in one block (the mask count couples them): ``m̂ = m/bc1``,
    ``v̂ = v/bc2``, ``den = √v̂ + ε``, ``u = m̂/den`` (0 where den = 0 = m̂), ``φ = [u·g > 0]`` or
    ``[u·g ≥ 0]``, ``η̄ = (η·d)/(‖φ‖₀ + ξ)`` (an exact count), ``update = (-η̄)·(φ·u)``."""
    b = tl.program_id(0).to(tl.int64)
    offs = tl.arange(0, BLOCK_D)
    mask = offs < D
    hb = b * hp_s
    b1 = tl.load(B1 + hb)
    omb1 = tl.load(OMB1 + hb)
    b2 = tl.load(B2 + hb)
    omb2 = tl.load(OMB2 + hb)
    eps = tl.load(EPS + hb)
    xi = tl.load(XI + hb)
    m = tl.load(M0 + b * D + offs, mask=mask, other=0.0)
    v = tl.load(V0 + b * D + offs, mask=mask, other=0.0)
    x = tl.load(X + b * (T + 1) * D + offs, mask=mask, other=0.0)
    badt = tl.zeros([BLOCK_D], dtype=tl.int32)
    zero = tl.zeros([BLOCK_D], dtype=X.dtype.element_ty)
    one = zero + 1.0
    for t in range(0, T):
        g = tl.load(G + (b * T + t) * D + offs, mask=mask, other=0.0)
        lr = tl.load(LR + b * lr_sb + t * lr_st)
        c1 = tl.load(BC1 + b * tab_sb + t)
        c2 = tl.load(BC2 + b * tab_sb + t)
        m = b1 * m + omb1 * g
        v = b2 * v + (omb2 * g) * g
        mh = _div(m, c1 + zero, F64)
        vh = _div(v, c2 + zero, F64)
        den = _sqrt(vh, F64) + eps
        u = tl.where((den == 0) & (mh == 0), zero, _div(mh, den, F64))
        a = u * g
        if STRICT:
            kb = a > 0
        else:
            kb = a >= 0
        k = tl.where(kb & mask, one, zero)
        cnt = tl.sum(k, axis=0)
        lb = _div(lr * DD + zero, cnt + xi + zero, F64)
        up = (-lb) * (k * u)
        x = x + up
        tl.store(X + (b * (T + 1) + t + 1) * D + offs, x, mask=mask)
        row = (b * T + t) * D + offs
        if W0:
            tl.store(RM + row, m, mask=mask)
        if W1:
            tl.store(RV + row, v, mask=mask)
        if W2:
            tl.store(RMH + row, mh, mask=mask)
        if W3:
            tl.store(RVH + row, vh, mask=mask)
        if W4:
            tl.store(RU + row, u, mask=mask)
        if W5:
            tl.store(RA + row, a, mask=mask)
        if W6:
            tl.store(RK + row, k, mask=mask)
        if W7:
            tl.store(RC + b * T + t, cnt)
        if W8:
            tl.store(RL + b * T + t + offs, lb, mask=offs < 1)  # lb: a block of equal values
        if W9:
            safe = tl.where(den == 0, one, den)
            tl.store(RS + row, tl.where(den == 0, zero, _div(lb * k, c1 * safe, F64)), mask=mask)
        if W10:
            tl.store(RUP + row, up, mask=mask)
        ok = (tl.abs(m) <= MAXF) & (tl.abs(v) <= MAXF) & (tl.abs(x) <= MAXF)
        badt = tl.where((~ok) & mask & (badt == 0), t + 1, badt)
    tl.store(BAD + b * D + offs, badt, mask=mask)


_CAUTIOUS_TRITON = ("m", "v", "m_hat", "v_hat", "u", "agreement", "mask", "mask_count", "lr_bar",
                    "step_size", "update")

#: CautiousAdam on CUDA: every coordinate of a candidate in one program (one block)
CAUTIOUS_MAX_D = 4096


def _bias_table(beta, T, dt, dev) -> torch.Tensor:
    """``1 - β^t`` for t = 1..T as the step computes it on ``dev`` in ``dt``: Python's pow for a
    real β (then rounded to ``dt`` where the step divides by it); torch's ``Tensor ** int`` on the
    device for a tensor, one call per step."""
    if isinstance(beta, torch.Tensor):
        bt = beta.detach().to(dtype=dt, device=dev).reshape(-1, 1)
        return torch.cat([1 - bt ** t for t in range(1, T + 1)], 1).contiguous()
    b = float(beta)
    return torch.tensor([[1 - b ** t for t in range(1, T + 1)]], dtype=torch.float64).to(
        dtype=dt, device=dev)


def _dev(a: np.ndarray, dtype, device) -> torch.Tensor:
    return torch.as_tensor(np.ascontiguousarray(a), dtype=dtype, device=device)


def _per_candidate(*rows: np.ndarray) -> tuple[list, int]:
    """Hyperparameter rows (one value, or one per candidate) broadcast to a common length ``n``;
    the kernels index them by ``b * hp_s`` with ``hp_s = 1 if n > 1 else 0``."""
    n = max(len(r) for r in rows)
    return [np.broadcast_to(r, (n,)).copy() for r in rows], n


def _moments(b1, b2, eps, dt, dev) -> tuple:
    """β1, 1-β1, β2, 1-β2, ε as device tensors (the moment arguments of the kernels that take
    them in this order)."""
    return (_dev(b1, dt, dev), _dev(1.0 - b1, dt, dev), _dev(b2, dt, dev), _dev(1.0 - b2, dt, dev),
            _dev(eps, dt, dev))


def run(algorithm, kind, x0, grads, record):
    """The CUDA counterpart of :func:`adaproof.algorithms.fused.run_fused`."""
    from . import _ADAM_RECS, _StateOverflow, _adam_tables, _arr1, _lr_table
    dt, dev = grads.dtype, grads.device
    B, T = grads.shape[0], grads.shape[1]
    shape = tuple(grads.shape[2:])
    G = grads.detach().reshape(B, T, -1).contiguous()
    D = G.shape[2]
    state0 = algorithm.init(x0)
    initial = {k: state0[k] for k in algorithm.initial_keys if k in state0}
    state = {k: (v.detach().reshape(B, D).contiguous() if isinstance(v, torch.Tensor) else v)
             for k, v in state0.items()}
    recorded = getattr(algorithm, "recorded", ())
    want = set(recorded) if record is None else set(record) & set(recorded)
    X = torch.empty((B, T + 1, D), dtype=dt, device=dev)
    X[:, 0] = x0.detach().reshape(B, D)
    bad = torch.zeros((B, D), dtype=torch.int32, device=dev)
    dummy = torch.empty(1, dtype=dt, device=dev)
    grid = (B, triton.cdiv(D, BLOCK))
    maxf = float(torch.finfo(dt).max)
    h = algorithm.hyper

    if kind in ("linf", "complexity"):
        lr, lr_t = _lr_table(algorithm, x0.cpu(), T)
        if lr is None:
            return None
        lr_d = _dev(lr, dt, dev)
        (b1, b2, eps), n = _per_candidate(_arr1(h["beta1"]), _arr1(h["beta2"]),
                                          _arr1(h["eps"]) if kind == "linf" else np.zeros(1))
        vkey = "v" if kind == "linf" else "nu"
        names = ("m", vkey, "step_size", "update")
        outs = [torch.empty((B, T, D), dtype=dt, device=dev) if k in want else dummy
                for k in names]
        _linf_kernel[grid](G, X, state["m"], state[vkey], lr_d,
                           lr.shape[1] if lr.shape[0] > 1 else 0, 1 if lr.shape[1] > 1 else 0,
                           *_moments(b1, b2, eps, dt, dev), 1 if n > 1 else 0,
                           *outs, bad, T, D, maxf, LR_TRUE_DIV=bool(lr_t),
                           WANT_M=names[0] in want, WANT_V=names[1] in want,
                           WANT_S=names[2] in want, WANT_U=names[3] in want, BLOCK_D=BLOCK,
                           F64=dt == torch.float64, num_warps=1)
        recs = {k: o for k, o in zip(names, outs) if k in want}
    elif kind == "alphaadam_analysed":
        import math
        lr, _ = _lr_table(algorithm, x0.cpu(), T)
        if lr is None:
            return None
        lr_d = _dev(lr, dt, dev)
        if h["lr_decay"] == "inv_sqrt":  # the step's (B,) tensor / math.sqrt(t), in dt
            roots = torch.tensor([[math.sqrt(t) for t in range(1, T + 1)]], dtype=dt, device=dev)
            lr_d = (lr_d / roots).contiguous()
        (b1, b2, eps), n = _per_candidate(_arr1(h["beta1"]), _arr1(h["beta2"]), _arr1(h["eps"]))
        need = set(want)
        if "mask_count" in want or "grad_norm_phi" in want:
            need.add("mask")
        outs = [torch.empty((B, T, D), dtype=dt, device=dev) if k in need else dummy
                for k in _ANALYSED_TRITON]
        wants = {f"W{i}": k in need for i, k in enumerate(_ANALYSED_TRITON)}
        _analysed_kernel[grid](G, X, state["m"], state["v"], lr_d,
                               lr_d.shape[1] if lr_d.shape[0] > 1 else 0,
                               1 if lr_d.shape[1] > 1 else 0, *_moments(b1, b2, eps, dt, dev),
                               1 if n > 1 else 0,
                               *outs, bad, T, D, maxf, BLOCK_D=BLOCK, num_warps=1,
                               F64=dt == torch.float64, **wants)
        got = dict(zip(_ANALYSED_TRITON, outs))
        recs = {}
        for k in algorithm.recorded:  # the per-candidate sums: torch's, on the exact mask
            if k not in want:
                continue
            if k == "mask_count":
                recs[k] = got["mask"].sum(dim=2)
            elif k == "grad_norm_phi":
                recs[k] = (got["mask"] * G.abs()).sum(dim=2)
            elif k == "lr_t":
                recs[k] = lr_d.expand(B, T).contiguous()
            else:
                recs[k] = got[k]
        recs = {k: v.reshape((B, T) + shape) if v.dim() == 3 else v for k, v in recs.items()}
    elif kind == "cautious_adam":
        lr, _ = _lr_table(algorithm, x0.cpu(), T)
        if lr is None:
            return None
        lr_d = _dev(lr, dt, dev)
        c1, c2 = _bias_table(h["beta1"], T, dt, dev), _bias_table(h["beta2"], T, dt, dev)
        Bt = max(c1.shape[0], c2.shape[0])
        c1, c2 = c1.expand(Bt, T).contiguous(), c2.expand(Bt, T).contiguous()
        (b1, b2, eps, xi), n = _per_candidate(_arr1(h["beta1"]), _arr1(h["beta2"]),
                                              _arr1(h["eps"]), _arr1(h["xi"]))
        outs = [(torch.empty((B, T), dtype=dt, device=dev) if k in ("mask_count", "lr_bar")
                 else torch.empty((B, T, D), dtype=dt, device=dev)) if k in want else dummy
                for k in _CAUTIOUS_TRITON]
        wants = {f"W{i}": k in want for i, k in enumerate(_CAUTIOUS_TRITON)}
        _cautious_kernel[(B,)](G, X, state["m"], state["v"], lr_d,
                               lr_d.shape[1] if lr_d.shape[0] > 1 else 0,
                               1 if lr_d.shape[1] > 1 else 0, c1, c2, T if Bt > 1 else 0,
                               *_moments(b1, b2, eps, dt, dev), _dev(xi, dt, dev),
                               1 if n > 1 else 0, *outs, bad, T, D, float(D), maxf,
                               STRICT=bool(h["strict"]), BLOCK_D=triton.next_power_of_2(D),
                               num_warps=1 if D <= 256 else 4, F64=dt == torch.float64, **wants)
        recs = {k: o for k, o in zip(_CAUTIOUS_TRITON, outs) if k in want}
    else:
        tab = _adam_tables(algorithm, x0.cpu(), T)
        if tab is None:
            return None
        decoupled = bool(algorithm.decoupled_weight_decay)
        wd_mode = 0
        if not decoupled:
            wd_mode = 2 if tab["wd_t"] else (1 if float(h["weight_decay"]) != 0 else 0)
        (b1, b2, eps, wd), n = _per_candidate(_arr1(h["beta1"]), _arr1(h["beta2"]),
                                              _arr1(h["eps"]), tab["wd"])
        shapes = [tab[k].shape for k in ("step", "bc1", "bc2", "bc2s", "dec")]
        Bt = B if any(s[0] > 1 for s in shapes) else 1
        tabs = [_dev(np.broadcast_to(tab[k], (Bt, T)).copy(), dt, dev)
                for k in ("step", "bc1", "bc2", "bc2s", "dec")]
        vm0 = state["vmax"] if h["amsgrad"] else state["v"]
        outs = [torch.empty((B, T, D), dtype=dt, device=dev) if k in want else dummy
                for k in _ADAM_RECS]
        wants = {f"W{i}": k in want for i, k in enumerate(_ADAM_RECS)}
        _adam_kernel[grid](G, X, state["m"], state["v"], vm0, _dev(1.0 - b1, dt, dev),
                           _dev(b2, dt, dev), _dev(1.0 - b2, dt, dev), _dev(eps, dt, dev),
                           _dev(wd, dt, dev), 1 if n > 1 else 0, *tabs,
                           T if Bt > 1 else 0, 1, *outs, bad, T, D, maxf,
                           MAXIMIZE=bool(h["maximize"]), DECOUPLED=decoupled, WD_MODE=wd_mode,
                           AMSGRAD=bool(h["amsgrad"]), B2_TENSOR=bool(tab["b2_t"]),
                           SS_TRUE_DIV=bool(tab["step_t"]), BLOCK_D=BLOCK, num_warps=1,
                           F64=dt == torch.float64, **wants)
        order = ("grad", "m", "v", "m_hat", "v_hat", "denom", "step_size", "update", "vmax")
        recs = {k: outs[_ADAM_RECS.index(k)] for k in order if k in want}
    badb = bad.amax(dim=1)
    if bool((badb > 0).any()):
        b = int(torch.nonzero(badb)[0, 0])
        t = int(bad[b][bad[b] > 0].min())
        raise _StateOverflow(b, t)
    x = X.reshape((B, T + 1) + shape)
    return x, {k: v.reshape((B, T) + shape) if v.dim() == 3 else v
               for k, v in recs.items()}, initial
