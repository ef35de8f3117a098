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
at a sign change of the rejection's own acceptance test (``fl(e) > 2⁻³⁶·M(e)``) ``X`` is bisected
to the last float that passes it.  Nothing is admitted by construction: the rejection tests run
afterwards on the moved inputs, exactly as on any draw (a moved row that fails another
hypothesis is redrawn), so the exactness argument of :mod:`adaproof.derive.engine` is unchanged.
"""
from __future__ import annotations

import math

import sympy as sp
import torch

from .plan import _normal

__all__ = ["FRACTION", "place_on_boundaries", "leaf_scalars"]

#: the fraction of random candidates moved onto one unsolved hypothesis' boundary
FRACTION = 0.3
#: grid points (per side of the interval's scale) and bisection steps
GRID = 48
STEPS = 56
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
    rhs = _rhs_target(chain)
    if rhs is not None:
        pairs += [(rhs, "min", u) for u in rhs[1]]
    import os
    if os.environ.get("D9B_PAIR"):
        t_, l_ = os.environ["D9B_PAIR"].split(":")
        pairs = [p_ for p_ in pairs if p_[2].name == l_ and (p_[1] == "min" if t_ == "min" else str(p_[0]) == str(targets[int(t_)][0]))]
    if len(pairs) > MAX_PAIRS:
        keep = torch.randperm(len(pairs), generator=feed.gen)[:MAX_PAIRS].tolist()
        pairs = [pairs[k] for k in sorted(keep)]
    # each row is given to one (hypothesis, leaf) pair
    if not pairs:
        return
    owner = torch.randint(len(pairs), (B,), generator=feed.gen).to(device)
    for k, (e, op, u) in enumerate(pairs):
        _place(chain, feed, env, sizes, B, dtype, device, e, op, u, owner == k)


def _rhs_target(chain):
    """``(rhs, leaves)`` when the claim's right side is one scalar expression of the drawn
    inputs (no universal index, no trajectory, no noise) reading leaf scalars; else None."""
    key = "boundary-rhs"
    if key in chain._mag:
        return chain._mag[key]
    stmt, out = chain.stmt, None
    rhs = sp.sympify(stmt.rhs)
    drawn = {u.name for u in list(chain.plan.scalars) + list(chain.plan.late)} | set(
        chain.plan.sequences) | set(chain.plan.sizes)
    names = {s_.name for s_ in rhs.free_symbols if isinstance(s_, sp.Symbol)} | {
        a.base.label.name
                                                    for a in rhs.atoms(sp.Indexed)}
    bound = set()
    for node in sp.preorder_traversal(rhs):
        if isinstance(node, (sp.Sum, sp.Product)):
            bound |= {lim[0].name for lim in node.limits}
    if not stmt.forall and (names - bound) <= drawn:
        xs = [u for u in leaf_scalars(chain.plan) if u.name in names]
        if xs:
            out = (rhs, xs)
    chain._mag[key] = out
    return out


def _minimise(chain, feed, env, sizes, B, dtype, device, rhs, u, mine):
    """The rows ``mine`` (a :data:`FRACTION` of them): the leaf ``u`` at the grid value where
    the claim's right side is smallest (refined twice on finer grids between the neighbours,
    then bisected onto the edge where the right side stops being real, if it is next to one)
    -- the tightest case of the bound in that input, as the hand samplers' ``_edge_nu0``."""
    from collections import Counter
    gen = feed.gen
    rows = (torch.rand(B, generator=gen, dtype=dtype) < FRACTION).to(device) & mine
    if not bool(rows.any()):
        return
    lo, hi, _S, _eq = chain._gather(u, env, sizes, B, dtype, device, Counter())
    x0 = env[u.name]

    from .engine import SAFETY
    rels = [(e, op, chain._m(e)) for e, op, _src, xs in _targets(chain) if u in xs]

    def val(x):
        """The right side at ``x``; inf where it is not real or an unsolved hypothesis in
        ``u`` fails (by the rejection's own test)."""
        env[u.name] = x
        try:
            with torch.no_grad():
                v = chain._eval(rhs, env, B, (), dtype, device).reshape(B)
                v = torch.where(torch.isfinite(v), v, torch.full_like(v, math.inf))
                for e, op, me in rels:
                    w = chain._eval(e, env, B, (), dtype, device).reshape(B)
                    m = chain._eval(me, env, B, (), dtype, device).reshape(B)
                    good = (w > SAFETY * m) & (w > 0) if op == ">" else (w >= SAFETY * m)
                    v = torch.where(good, v, torch.full_like(v, math.inf))
        except Exception:
            return torch.full((B,), math.inf, dtype=dtype, device=device)
        return v

    final = x0
    try:
        grid = _grid(lo, hi, dtype)
        for _round in range(3):
            vals = torch.stack([val(grid[:, j].contiguous()) for j in range(grid.shape[1])], 1)
            j = vals.argmin(1, keepdim=True)
            n = grid.shape[1]
            a = grid.gather(1, (j - 1).clamp_min(0)).reshape(B)
            b = grid.gather(1, (j + 1).clamp_max(n - 1)).reshape(B)
            best = grid.gather(1, j).reshape(B)
            best_v = vals.gather(1, j).reshape(B)
            if _round == 2:
                break
            t = torch.linspace(0, 1, 24, dtype=dtype).reshape(1, -1)
            grid = a.reshape(-1, 1) + (b - a).reshape(-1, 1) * t
        has = rows & torch.isfinite(best_v) & (lo <= hi)
        # next to an edge where it stops being real: bisect onto that edge
        va, vb = val(a), val(b)
        edge = torch.where(~torch.isfinite(va), a, torch.where(~torch.isfinite(vb), b, best))
        good, bad = best, edge
        for _ in range(STEPS):
            mid = good + (bad - good) / 2
            mid = torch.where((mid == good) | (mid == bad), good, mid)
            f = torch.isfinite(val(mid))
            good, bad = torch.where(f, mid, good), torch.where(f, bad, mid)
        final = torch.where(has, good, x0)
    finally:
        env[u.name] = final


def _place(chain, feed, env, sizes, B, dtype, device, e, op, u, mine):
    from collections import Counter
    from .engine import SAFETY
    if op == "min":
        return _minimise(chain, feed, env, sizes, B, dtype, device, e[0], u, mine)
    gen = feed.gen
    rows = (torch.rand(B, generator=gen, dtype=dtype) < FRACTION).to(device) & mine
    lo, hi, _S, _eq = chain._gather(u, env, sizes, B, dtype, device, Counter())
    mag_e = chain._m(e)
    x0 = env[u.name]

    def ok(x):
        env[u.name] = x
        try:
            with torch.no_grad():
                v = chain._eval(e, env, B, (), dtype, device).reshape(B)
                m = chain._eval(mag_e, env, B, (), dtype, device).reshape(B)
        except Exception:  # the relation is undefined there (overflow...): not a boundary point
            return torch.zeros(B, dtype=torch.bool, device=device)
        good = v > SAFETY * m if op == ">" else v >= SAFETY * m
        return good & (v > 0 if op == ">" else v >= 0) & torch.isfinite(v)

    final = x0
    try:
        now = ok(x0)
        grid = _grid(lo, hi, dtype)
        flags = torch.stack([ok(grid[:, j].contiguous()) for j in range(grid.shape[1])], 1)
        # rows that hold: a sign change between grid neighbours, one at random
        change = flags[:, 1:] != flags[:, :-1]
        score = torch.rand(change.shape, generator=gen, dtype=dtype).to(device) * change
        j = score.argmax(1)
        a = grid.gather(1, j.reshape(-1, 1)).reshape(B)
        b = grid.gather(1, (j + 1).reshape(-1, 1)).reshape(B)
        fa = flags.gather(1, j.reshape(-1, 1)).reshape(B)
        good, bad = torch.where(fa, a, b), torch.where(fa, b, a)  # good passes, bad does not
        # rows that break it: from the drawn value to the nearest grid value where it holds
        dist = (torch.log(grid.abs().clamp_min(1e-300)) - torch.log(
            x0.abs().clamp_min(1e-300)).reshape(-1, 1)).abs() + (grid.sign() != x0.sign(
            ).reshape(-1, 1)) * 1e4
        near = torch.where(flags, dist, torch.full_like(dist, math.inf)).argmin(1)
        repair = ~now & flags.any(1) & mine
        good = torch.where(repair, grid.gather(1, near.reshape(-1, 1)).reshape(B), good)
        bad = torch.where(repair, x0, bad)
        has = ((change.any(1) & rows & now) | repair) & (lo <= hi)
        if not bool(has.any()):
            return
        for _ in range(STEPS):
            mid = good + (bad - good) / 2
            mid = torch.where((mid == good) | (mid == bad), good, mid)
            f = ok(mid)
            good, bad = torch.where(f, mid, good), torch.where(f, bad, mid)
        final = torch.where(has, good, x0)
    finally:
        env[u.name] = final
