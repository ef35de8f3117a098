"""Equality cases of the hypotheses SymPy cannot solve: their boundary found numerically.

A hypothesis ``e > 0`` (``>= 0``) that is not affine in any unknown is enforced by rejection
(:attr:`adaproof.derive.plan.Plan.rejections`), so the random draws sit wherever the hypothesis
happens to hold, and never near its boundary ``e = 0``.  That boundary is often where a bound
is tightest or false: a rate whose printed right side is ``√Z`` or ``ln Y`` is real only where
``Z > 0`` (``Y > 0``), and it is smallest, while the left side is not, just inside (the printed
Theorems 1 and 2 of adam_complexity with ν₀ > 1: ratio 6.6e6 at Z → 0⁺).

For a fraction of the random candidates, after every unknown is drawn, one *leaf* scalar ``X``
of the relation (a drawn scalar no other unknown's bound reads, so that moving it keeps every
solved bound of the others) is moved onto the boundary: ``e`` is evaluated on a grid of ``X``
over its safe interval ``[lo, hi]`` (its solved bounds at the drawn values of the others), and
at a sign change ``X`` is bisected to the last float that passes ``fl(e) > 2⁻²⁴·M(e)``
(2¹² times inside the rejection's own test, :data:`MARGIN`); rows that break the hypothesis are
repaired the same way from their drawn value.  Nothing is admitted by construction: the rejection tests run
afterwards on the moved inputs, exactly as on any draw (a moved row that fails another
hypothesis is redrawn), so the exactness argument of :mod:`adaproof.derive.engine` is unchanged.
"""
from __future__ import annotations

import math

import sympy as sp
import torch

from ..symbolic import SeqValue, repeat_rows
from .plan import _normal


def memo_env(env):
    from .engine import memo_env as _m
    return _m(env)

__all__ = ["FRACTION", "place_on_boundaries", "leaf_scalars"]

#: the fraction of random candidates moved onto one unsolved hypothesis' boundary
FRACTION = 0.3
#: grid points (per side of the interval's scale) and bisection steps
GRID = 48
STEPS = 56
#: a moved row stops where ``fl(e) > MARGIN·M(e)``: 2¹² times inside the rejection's own test
#: (2⁻³⁶·M(e)), because the running-error magnitude of an expression under a logarithm does
#: not bound the error of the logarithm near 0 (adam_complexity/theorem-1: ``X`` passed
#: ``fl(X) > 2⁻³⁶M`` while its exact value was < 0, and ``ln X`` in the next hypothesis was
#: complex: a derivation error, not a draw)
MARGIN = 2.0 ** -24
#: evaluate a pair on the rows it owns (and bisect the rows that move) only; off: on the whole
#: batch, the reference the tests compare against (the same draw, bit for bit)
SUB_BATCH = True
#: at most this many (hypothesis, leaf) pairs per batch (each one grid and one bisection)
MAX_PAIRS = 6



def leaf_scalars(plan) -> list:
    """Drawn scalars (not from a finite set) that no other unknown's bound reads."""
    units = list(plan.scalars) + list(plan.late)
    read = set()
    for u in units + list(plan.sequences.values()):
        for b in u.bounds:
            read |= {s.name for s in b.value.free_symbols | b.coef.free_symbols
                     if s.name != u.name}
    return [u for u in units if u.name not in read and u.domain.choices is None
            and u.domain.equal is None and not any(b.kind == "equal" for b in u.bounds)]


def _targets(chain):
    """``(e, op, src, [leaf unknowns in e])`` for every scalar rejection relation."""
    key = "boundary-targets"
    if key in chain._mag:
        return chain._mag[key]
    out = []
    leaves = leaf_scalars(chain.plan)
    for rel, forall, src in chain.plan.rejections:
        if forall:
            continue
        norm = _normal(rel)
        if norm is None or norm[1] == "=":
            continue
        e, op = norm
        names = {s.name for s in e.free_symbols}
        xs = [u for u in leaves if u.name in names]
        if xs:
            out.append((e, op, src, xs))
    chain._mag[key] = out
    return out


def _grid(lo: torch.Tensor, hi: torch.Tensor, dtype) -> torch.Tensor:
    """(B, G) points strictly inside ``[lo, hi]`` (±inf where open): log-spaced slack from the
    finite end(s), symmetric log-spaced values where both are infinite."""
    k = torch.linspace(-30.0, 30.0, GRID, dtype=dtype) * math.log(10.0) / 2.5  # 1e-12..1e12
    s = torch.exp(k).reshape(1, -1)
    lo_, hi_ = lo.reshape(-1, 1), hi.reshape(-1, 1)
    has_lo, has_hi = torch.isfinite(lo_), torch.isfinite(hi_)
    width = torch.where(has_lo & has_hi, hi_ - lo_, torch.ones_like(lo_))
    two = lo_ + width * torch.sigmoid(torch.linspace(-36, 36, GRID, dtype=dtype)).reshape(1, -1)
    up = torch.where(has_lo, lo_, torch.zeros_like(lo_)) + s
    down = torch.where(has_hi, hi_, torch.zeros_like(hi_)) - s.flip(1)
    free = torch.cat([-s.flip(1)[:, ::2], s[:, ::2]], 1)
    free = free[:, :GRID] if free.shape[1] >= GRID else torch.nn.functional.pad(
        free, (0, GRID - free.shape[1]), value=1.0)
    g = torch.where(has_lo & has_hi, two, torch.where(has_lo, up, torch.where(has_hi, down,
                                                                              free)))
    return torch.minimum(torch.maximum(g, lo_), hi_)


def place_on_boundaries(chain, feed, env: dict, sizes, B: int, dtype, device) -> None:
    """For every unsolved scalar hypothesis (in turn) and one leaf scalar of it (picked by
    ``feed``'s generator): the rows that break it are *repaired* onto its boundary (the leaf
    bisected between its drawn value and the nearest grid value where the hypothesis holds),
    and a random :data:`FRACTION` of the others are moved onto a boundary point of the grid;
    ``env`` (all unknowns drawn) is changed in place."""
    targets = _targets(chain)
    if any(b.traj for w in chain.plan.late for b in w.bounds):
        return  # a bound read from the algorithm's run: moving an input would invalidate it
    if not targets or B < 2:
        return
    pairs = [(e, op, u) for e, op, _src, xs in targets for u in xs]
    if len(pairs) > MAX_PAIRS:
        keep = torch.randperm(len(pairs), generator=feed.gen)[:MAX_PAIRS].tolist()
        pairs = [pairs[k] for k in sorted(keep)]
    # each row is given to one (hypothesis, leaf) pair
    if not pairs:
        return
    owner = torch.randint(len(pairs), (B,), generator=feed.gen).to(device)
    for k, (e, op, u) in enumerate(pairs):
        _place(chain, feed, env, sizes, B, dtype, device, e, op, u, owner == k)


def _reads(chain, *exprs) -> frozenset:
    """The names ``exprs`` read (symbols and sequences): only these are repeated per grid
    column; the compiled relation reads nothing else of the environment."""
    key = ("boundary-reads",) + exprs
    if key not in chain._mag:
        names = set()
        for x in exprs:
            names |= {s.name for s in x.free_symbols}
            names |= {i.base.label.name for i in x.atoms(sp.Indexed)}
        chain._mag[key] = frozenset(names)
    return chain._mag[key]


def _tests(chain, e, mag_e, op, u, sub, n, dtype, device, reads):
    """``(ok, ok_many)``: whether ``e`` passes (``op`` against :data:`MARGIN`·M(e)) with the leaf
    ``u`` at given values, on the ``n`` candidates of the environment ``sub`` (``ok`` sets
    ``sub[u.name]``)."""

    def passes(v, m):
        good = v > MARGIN * m if op == ">" else v >= MARGIN * m
        return good & (v > 0 if op == ">" else v >= 0) & torch.isfinite(v)

    def ok(x):
        sub[u.name] = x
        try:
            with torch.no_grad():
                menv = memo_env(sub)  # e and M(e) share their products: computed once
                v = chain._eval(e, menv, n, (), dtype, device).reshape(n)
                m = chain._eval(mag_e, menv, n, (), dtype, device).reshape(n)
        except Exception:  # the relation is undefined there (overflow...): not a boundary point
            return torch.zeros(n, dtype=torch.bool, device=device)
        return passes(v, m)

    def ok_many(xs):
        """``ok`` at each column of ``xs`` (n, k), the columns evaluated together as one batch
        of k·n rows (the other unknowns' rows repeated): row for row the values ``ok`` gives
        column by column, in a few calls instead of k (a call walks the relation's compiled
        tree in Python: 3 ms for adam_complexity/theorem-1, whose draw took 1.8 s)."""
        k = xs.shape[1]
        per = max(1, _ROWS // max(n, 1))
        if k == 1 or per == 1:
            return torch.stack([ok(xs[:, j].contiguous()) for j in range(k)], 1)
        out = []
        for a in range(0, k, per):
            part = xs[:, a:a + per]
            c = part.shape[1]
            tenv = {name: repeat_rows(v, n, c) if name in reads else v
                    for name, v in sub.items() if name != u.name}
            tenv[u.name] = part.t().reshape(-1)  # copy j's rows: column j
            tenv = memo_env(tenv)
            try:
                with torch.no_grad():
                    v = chain._eval(e, tenv, c * n, (), dtype, device).reshape(c, n)
                    m = chain._eval(mag_e, tenv, c * n, (), dtype, device).reshape(c, n)
            except Exception:  # as ok(): only the column whose evaluation fails is all False
                out.append(torch.stack([ok(part[:, j].contiguous()) for j in range(c)], 1))
                continue
            out.append(passes(v, m).t())
        return torch.cat(out, 1)
    return ok, ok_many


def _take_rows(v, B: int, idx: torch.Tensor):
    """Rows ``idx`` of an input of ``B`` candidates (sizes and other non-batch values as they
    are; the counterpart of :func:`adaproof.symbolic.repeat_rows`)."""
    if isinstance(v, SeqValue):
        return SeqValue(v.data[idx], v.start)
    if isinstance(v, torch.Tensor) and v.dim() >= 1 and v.shape[0] == B:
        return v[idx]
    return v


def _place(chain, feed, env, sizes, B, dtype, device, e, op, u, mine):
    """One (hypothesis, leaf) pair on the rows it owns (``mine``).  Only those rows can move,
    so the relation is evaluated on them alone (a sub-batch of their inputs: every operation of
    a compiled relation is row-wise, so each row's values are those of the whole batch's
    evaluation; 1/:data:`MAX_PAIRS` of the grid and bisection work); the random numbers drawn
    are those of the whole batch, in the same order, so a seed gives the same draw."""
    from collections import Counter
    gen = feed.gen
    rows_all = (torch.rand(B, generator=gen, dtype=dtype) < FRACTION).to(device) & mine
    lo_all, hi_all, _S, _eq = chain._gather(u, env, sizes, B, dtype, device, Counter())
    mag_e = chain._m(e)
    x0_all = env[u.name]
    # the grid's sign-change pick (drawn for every row, as before: the generator's stream)
    score_all = torch.rand((B, GRID - 1), generator=gen, dtype=dtype).to(device)
    sel = mine.nonzero().flatten() if SUB_BATCH else torch.arange(B, device=device)
    n = int(sel.numel())
    if n == 0:
        return
    whole = n == B
    own = mine if whole else mine[sel]  # all True unless SUB_BATCH is off
    sub = env if whole else {name: _take_rows(v, B, sel) for name, v in env.items()}
    rows, lo, hi = (rows_all, lo_all, hi_all) if whole else (rows_all[sel], lo_all[sel],
                                                             hi_all[sel])
    x0 = sub[u.name]

    reads = _reads(chain, e, mag_e)
    ok, ok_many = _tests(chain, e, mag_e, op, u, sub, n, dtype, device, reads)
    final = x0
    try:
        grid = _grid(lo, hi, dtype)
        # the drawn value as one more column of the grid's batch (row by row the same tests)
        both = ok_many(torch.cat([x0.reshape(n, 1), grid], 1))
        now, flags = both[:, 0], both[:, 1:]
        # rows that hold: a sign change between grid neighbours, one at random
        change = flags[:, 1:] != flags[:, :-1]
        score = (score_all if whole else score_all[sel]) * change
        j = score.argmax(1)
        a = grid.gather(1, j.reshape(-1, 1)).reshape(n)
        b = grid.gather(1, (j + 1).reshape(-1, 1)).reshape(n)
        fa = flags.gather(1, j.reshape(-1, 1)).reshape(n)
        good, bad = torch.where(fa, a, b), torch.where(fa, b, a)  # good passes, bad does not
        # rows that break it: from the drawn value to the nearest grid value where it holds
        dist = (torch.log(grid.abs().clamp_min(1e-300)) - torch.log(
            x0.abs().clamp_min(1e-300)).reshape(-1, 1)).abs() + (grid.sign() != x0.sign(
            ).reshape(-1, 1)) * 1e4
        near = torch.where(flags, dist, torch.full_like(dist, math.inf)).argmin(1)
        repair = ~now & flags.any(1) & own
        good = torch.where(repair, grid.gather(1, near.reshape(-1, 1)).reshape(n), good)
        bad = torch.where(repair, x0, bad)
        has = ((change.any(1) & rows & now) | repair) & (lo <= hi)
        if not bool(has.any()):
            return
        # bisected on the rows that move only (every step is row by row)
        hidx = has.nonzero().flatten()
        nh = int(hidx.numel())
        if nh < n and SUB_BATCH:
            hsub = {name: _take_rows(v, n, hidx) for name, v in sub.items()}
            _ok, hmany = _tests(chain, e, mag_e, op, u, hsub, nh, dtype, device, reads)
            hgood, _bad = _bisect(good[hidx], bad[hidx], STEPS, hmany)
            final = x0.clone()
            final[hidx] = hgood
        else:
            good, bad = _bisect(good, bad, STEPS, ok_many)
            final = torch.where(has, good, x0)
        # a moved row on which another unsolved hypothesis is not real (NaN) goes back: the
        # edge of one must not carry the draw outside where the others are defined
        sub[u.name] = final
        with torch.no_grad():
            for e2, _op2, _src2, _xs2 in _targets(chain):
                try:
                    w = chain._eval(e2, sub, n, (), dtype, device).reshape(n)
                except Exception:
                    final = x0
                    break
                final = torch.where(torch.isnan(w), x0, final)
    finally:
        if whole:
            env[u.name] = final
        else:
            out = x0_all.clone()
            out[sel] = final
            env[u.name] = out


#: rows of one batched evaluation of a relation (grid columns or bisection points × B)
_ROWS = 1 << 15
#: bisection steps decided per batched evaluation (2^DEPTH − 1 points)
DEPTH = 5
#: ... up to this many when the rows are few: at most :data:`_DEEP_ROWS` points per call
MAX_DEPTH = 8
_DEEP_ROWS = 2048


def _mid(good, bad):
    mid = good + (bad - good) / 2
    return torch.where((mid == good) | (mid == bad), good, mid)


def _bisect(good, bad, steps: int, ok_many):
    """``steps`` bisection steps toward the boundary between ``good`` (passes) and ``bad``:
    each step moves to the midpoint (kept at ``good`` once the interval has no float inside)
    and keeps the half that straddles.  DEPTH steps at a time: every midpoint the next DEPTH
    steps could visit (a binary tree, 2^DEPTH − 1 points) is tested in one batched call, then
    each row walks its own path, so the result is bit for bit the one-step-at-a-time one."""
    B = good.shape[0]
    done = 0
    # few rows: more steps per call (a call costs the same walk of the relation's tree whatever
    # its rows); every row still walks its own path, so the result does not depend on it
    depth = DEPTH
    while depth < MAX_DEPTH and (2 ** (depth + 1) - 1) * B <= _DEEP_ROWS:
        depth += 1
    while done < steps:
        d = min(depth, steps - done)
        # the tree level by level, all its pairs at once (n, 2^l): pair p's children are
        # 2p = (m, b) (m passed) and 2p + 1 = (g, m)
        g, b, levels = good.reshape(B, 1), bad.reshape(B, 1), []
        for _ in range(d):
            m = _mid(g, b)
            levels.append(m)
            g = torch.stack([m, g], 2).reshape(B, -1)
            b = torch.stack([b, m], 2).reshape(B, -1)
        flags = ok_many(torch.cat(levels, 1))
        pos = torch.zeros(B, 1, dtype=torch.long, device=good.device)
        off = 0
        for lv in levels:
            n = lv.shape[1]
            m = lv.gather(1, pos).reshape(B)
            f = flags[:, off:off + n].gather(1, pos).reshape(B)
            good, bad = torch.where(f, m, good), torch.where(f, bad, m)
            pos = pos * 2 + (~f).long().reshape(B, 1)
            off += n
        done += d
    return good, bad
