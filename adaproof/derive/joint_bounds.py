"""Scalars jointly on their hypotheses' bounds (helper d10a, issue 9).

The random feed puts each scalar on its bound independently (the lower one 20 % of the time), so
a statement whose tight case needs *several* scalars on their bounds at once (Adafactor's Theorem
A.1 on pseudo-Huber matrices: ``L >= max h`` and ``G >= s‖h‖_F``, the bound's right side grows
with both, so the ratio is largest with both equalities at once) sees that corner in 4 % of the
candidates, and one with slack in either loses the factor of that slack.

Here a share of the candidates (:data:`JOINT_SHARE`) puts *every* scalar that a hypothesis bounds
by an expression of other unknowns (not by a constant: ``L >= h[i, j]``, ``G >= s·‖h‖``,
``β₁ < √β₂``) on that bound at once: the equality case of each such hypothesis together.  The
inputs stay inside the hypotheses exactly: the feed only chooses the gate, and the chain's safe
bounds (:mod:`adaproof.derive.engine`) are the same as for an independent draw on the bound.

Which rows are joint is drawn from a generator seeded from the feed generator's *state* (read,
not advanced), so every other draw of a seed is unchanged: the rows that are not joint get
exactly the values they had without this mechanism.
"""
from __future__ import annotations

import hashlib

import sympy as sp
import torch

__all__ = ["JOINT_SHARE", "ENABLED", "joint_side", "joint_rows", "joint_gate"]

#: share of the random candidates whose bounded scalars all sit on their bounds
JOINT_SHARE = 0.25
#: switch (tests compare with the mechanism off)
ENABLED = True
_SALT = 0xD10A


def _side(b) -> int:
    """1: ``b`` is a non-constant lower bound, 2: a non-constant upper bound, 0: neither."""
    if b.kind not in ("affine", "sqge"):
        return 0
    try:
        if sp.sympify(b.value).is_number:
            return 0  # a constant (a domain's endpoint): not a hypothesis tying two unknowns
    except (TypeError, ValueError):
        return 0
    if b.kind == "sqge":
        return 1
    coef = sp.sympify(b.coef)
    if not coef.is_number:
        return 0  # its sign is decided per candidate
    return 1 if coef > 0 else (2 if coef < 0 else 0)


def joint_side(u) -> int:
    """The gate a joint candidate gives the scalar ``u``: 1 (on its lower bound) where some
    hypothesis bounds it below by an expression of other unknowns, else 2 (on its upper bound)
    where one bounds it above, else 0 (no change)."""
    cached = getattr(u, "_d10a_side", None)
    if cached is not None:
        return cached
    sides = {_side(b) for b in u.bounds}
    side = 1 if 1 in sides else (2 if 2 in sides else 0)
    try:
        u._d10a_side = side
    except AttributeError:  # a frozen Unknown: recomputed each time (cheap)
        pass
    return side


def joint_rows(gen: torch.Generator, B: int, dtype, device) -> torch.Tensor:
    """The mask of joint candidates, from a generator seeded by ``gen``'s state (``gen`` itself
    is not advanced).  All False when the mechanism is off."""
    if not ENABLED or JOINT_SHARE <= 0:
        return torch.zeros(B, dtype=torch.bool, device=device)
    state = gen.get_state().cpu().numpy().tobytes()
    seed = int.from_bytes(hashlib.blake2b(state, digest_size=8).digest(), "little") ^ _SALT
    side = torch.Generator().manual_seed(seed & ((1 << 63) - 1))
    return (torch.rand(B, generator=side, dtype=dtype) < JOINT_SHARE).to(device)


def joint_gate(u, gate: torch.Tensor, joint: torch.Tensor, lo: torch.Tensor,
               hi: torch.Tensor) -> torch.Tensor:
    """``gate`` with the joint rows of a bounded scalar ``u`` on its bound (where that bound is
    finite for the row; elsewhere the gate is unchanged)."""
    side = joint_side(u)
    if not side or not bool(joint.any()):
        return gate
    on = torch.isfinite(lo) if side == 1 else torch.isfinite(hi)
    rows = joint.reshape((joint.shape[0],) + (1,) * (gate.dim() - 1)).expand(gate.shape) & on
    return torch.where(rows, torch.full_like(gate, float(side)), gate)
