"""The derived chain: a :class:`~adaproof.derive.plan.Plan` turned into inputs.

One chain, three ways of feeding it (so that the random sampler, the Hypothesis strategy and the
guided phase's reparameterisation all satisfy the same hypotheses by construction):

* :class:`RandomFeed` draws the unconstrained values ``z`` and the gates at random (edge-heavy
  laws; free real sequences come from :func:`adaproof.sampling.gradient_sequences`'s structured
  families);
* :class:`ZFeed` reads them from tensors (the guided phase's leaves ``z`` and switches);
* :class:`InverseFeed` recovers ``z`` and the gates from given inputs (``Reparam.init``);
* the Hypothesis strategy feeds values drawn by Hypothesis (see :mod:`adaproof.derive`).

Every unknown ``X`` with a lower bound ``L`` and an upper bound ``U`` (the intersection of every
solved hypothesis and domain relation, each *made safe* first, see :func:`_safe`) is

* ``gate 1``: ``L`` (the equality case, where tightness lives); ``gate 2``: ``U``; ``gate 3``: 0;
* ``gate 0``: ``L + (U − L)·σ(z)`` (two-sided), ``L + S·e^z`` / ``U − S·e^z`` (one-sided, ``S``
  the bound's magnitude or a per-candidate scale), ``S·sinh z`` (free);

and finally clamped into ``[L, U]`` (a clamp returns one of its arguments, exactly).

Exactness (why a derived input satisfies its hypotheses *exactly*, not only in float): a solved
bound ``X >= b(y)`` is evaluated in float64 as ``fl(b)``; with ``n`` rounded operations its error
is at most ``n·u·M`` (``u = 2⁻⁵³``, ``M`` the running-error magnitude of ``b``:
:func:`adaproof.symbolic.magnitude`, every sum replaced by the sum of its terms' magnitudes).  The
safe bound is ``fl(b) + 2⁻³⁶·M`` computed upwards (``2⁻³⁶ = 2¹⁷u`` covers ``n < 2¹⁶`` operations
with room for the rounding of the addition itself, ``<= u·|result|``, which the extra ``2⁻³⁶M``
dominates as ``|result| <= |fl(b)| + ... <= 2M``), so ``X >= safe >= b(y)`` exactly.  A bound
that is a constant exactly representable in float64 (``0``, ``1``, ``1/2``) is used as is
(``exact endpoints where allowed``); one that is not (``1/3``) moves one ulp inside.  A strict
bound then moves to the next float inside (two ulps), or, at exactly 0, to ``2⁻⁶⁰``.  The sign
of a coefficient ``a`` read from other unknowns is trusted only where ``|fl(a)| > 2⁻³⁶·M(a)``
(the sign of the exact ``a`` is then the same); elsewhere the candidate is infeasible.
Hypotheses enforced by rejection are accepted only when ``fl(e) >= 2⁻³⁶·M(e)`` (so ``e >= 0``
exactly; ``> 0`` when ``fl(e) > 2⁻³⁶·M(e)``): a rejection never admits a rounding artefact.
"""
from __future__ import annotations

import math
from collections import Counter
from typing import Any, Mapping

import mpmath
import sympy as sp
import torch

from ..statement import SampleContext, Statement
from ..symbolic_functions import LAMBDIFY_TORCH  # sin, floor, ... on tensors
from ..symbolic import (CallEnv, EvaluationError, SeqValue, magnitude, mp_eval, torch_eval,
                        _int_value)
from .domains import DerivationError
from .plan import Bound, Plan, Unknown, _normal, int_value, plan_for
from .joint_bounds import joint_gate, joint_rows

__all__ = ["Chain", "RandomFeed", "ZFeed", "InverseFeed", "SAFETY"]

#: relative safety margin on a computed bound (see the module docstring)
SAFETY = 2.0 ** -36
#: ... on a bound read from the algorithm's float trajectory, which the exact re-verification
#: recomputes from the recurrences: relative differences of the two stay far below this (a miss
#: is rejected by the checker's float screen or its exact verification, never reported)
TRAJ_SAFETY = 2.0 ** -20
#: a strict bound at exactly 0 moves to this
TINY = 2.0 ** -60
#: z is clamped to this range in the maps
ZMAX = 60.0
_INF = float("inf")


def memo_env(env):
    """``env`` with a per-call memo (:class:`adaproof.symbolic.CallEnv`): the compiled closure
    trees of the derivation repeat subexpressions, within one bound (a logistic loss term read
    by every gradient entry) and between a bound and its magnitude ``M`` (every product of
    inputs is a node of both); with the memo each is computed once per call, by the very torch
    operations that computed it first, so the values are bitwise those without it.  The
    caller makes a fresh one whenever an input of ``env`` changes.  Already one: as is."""
    return env if not MEMO or isinstance(env, CallEnv) else CallEnv(env)


#: the per-call memo of :func:`memo_env` (off: each node recomputed where it recurs, the
#: reference the tests compare against)
MEMO = True


# ---------------------------------------------------------------------------------------------
# the value map
# ---------------------------------------------------------------------------------------------
def value_map(z, gate, c, lo, hi, S):
    """``X`` from the unconstrained ``z``, the gate and a log-scale ``c`` within ``[lo, hi]``
    (safe bounds, ±inf where absent); ``S`` the scale (0: use ``e^c``).  Differentiable in
    ``z``, ``c`` and the bounds where they are finite."""
    z = z.clamp(-ZMAX, ZMAX)
    has_lo, has_hi = torch.isfinite(lo), torch.isfinite(hi)
    lo_s = torch.where(has_lo, lo, torch.zeros_like(lo))
    hi_s = torch.where(has_hi, hi, torch.zeros_like(hi))
    Sv = torch.where(torch.isfinite(S) & (S > 0), S, torch.exp(c.clamp(-700, 700)))
    width = (hi_s - lo_s).clamp_min(0)
    two = torch.where(z < 0, lo_s + width * torch.sigmoid(z), hi_s - width * torch.sigmoid(-z))
    e = torch.exp(z)
    one_lo = lo_s + Sv * e
    one_hi = hi_s - Sv * e
    free = Sv * torch.sinh(z)
    x = torch.where(has_lo & has_hi, two, torch.where(has_lo, one_lo, torch.where(
        has_hi, one_hi, free)))
    x = torch.where((gate == 1) & has_lo, lo_s, x)
    x = torch.where((gate == 2) & has_hi, hi_s, x)
    zero_ok = (lo <= 0) & (hi >= 0)
    x = torch.where((gate == 3) & zero_ok, torch.zeros_like(x), x)
    x = torch.maximum(x, lo)
    return torch.minimum(x, hi)


def value_unmap(x, lo, hi, S, c):
    """Inverse of :func:`value_map`: ``(z, gate)``."""
    has_lo, has_hi = torch.isfinite(lo), torch.isfinite(hi)
    Sv = torch.where(torch.isfinite(S) & (S > 0), S, torch.exp(c.clamp(-700, 700)))
    gate = torch.zeros_like(x)
    gate = torch.where(has_lo & (x == lo), torch.ones_like(x), gate)
    gate = torch.where(has_hi & (x == hi) & (gate == 0), torch.full_like(x, 2.0), gate)
    gate = torch.where((x == 0) & (gate == 0), torch.full_like(x, 3.0), gate)
    lo_s = torch.where(has_lo, lo, torch.zeros_like(lo))
    hi_s = torch.where(has_hi, hi, torch.zeros_like(hi))
    tiny = 1e-300
    width = (hi_s - lo_s).clamp_min(tiny)
    p = ((x - lo_s) / width).clamp(tiny, 1 - 1e-16)
    q = ((hi_s - x) / width).clamp(tiny, 1)
    two = torch.where(p < 0.5, torch.log(p) - torch.log1p(-p), torch.log1p(-q) - torch.log(q))
    one_lo = torch.log(((x - lo_s) / Sv).clamp_min(tiny))
    one_hi = torch.log(((hi_s - x) / Sv).clamp_min(tiny))
    free = torch.asinh(x / Sv)
    z = torch.where(has_lo & has_hi, two, torch.where(has_lo, one_lo, torch.where(
        has_hi, one_hi, free)))
    z = torch.nan_to_num(z, nan=0.0, posinf=ZMAX, neginf=-ZMAX).clamp(-ZMAX, ZMAX)
    return z, gate


# ---------------------------------------------------------------------------------------------
# feeds
# ---------------------------------------------------------------------------------------------
class RandomFeed:
    """Random ``z`` and gates: scalars on a bound 20 % of the time (lower) / 10 % (upper), at 0
    10 %, else ``z`` from a mixture (N(0, 2), ±U(0, 30): tiny and huge slack, endpoints within
    e⁻³⁰); sequences per candidate all on the bound (35 %), half on it (35 %) or none, with
    per-candidate scales log-uniform in [1e-6, 1e6]; free real sequences from
    :func:`adaproof.sampling.gradient_sequences`."""

    def __init__(self, B: int, generator: torch.Generator, dtype=torch.float64, device="cpu"):
        self.B, self.gen, self.dtype, self.device = B, generator, dtype, device
        self._mode: dict[str, torch.Tensor] = {}
        self._c: dict[str, torch.Tensor] = {}
        self._upper: dict[str, torch.Tensor] = {}
        # 40 % of the candidates share one log-scale across all their sequences (the regimes
        # where the terms of a bound are of one size: noise at the scale of the gradient...)
        self._common = math.log(1e-6) + self._rand(B) * math.log(1e12)
        self._share = self._rand(B) < 0.4
        # 25 % of the candidates are *moderate*: every quantity within a few e-folds of one
        # unit scale near 1 (scalars' slack z ~ N(0, 1.5), sequences at the common scale
        # e^{N(0, 1.5)}): a bound whose terms must cancel needs every input of one size at
        # once, which independent log-uniform draws over 24 decades almost never give (measured
        # together with the boundary step and the jitter below, not alone: adagrad_aniso
        # lemma-F.3 0.176 -> 0.345, adam_complexity lemma-1-b-cond 0.0136 -> 0.0279 at 1000
        # examples; adam_complexity Theorem 2 with ν₀ > 1 is still not reached)
        self._moderate = self._rand(B) < 0.25
        self._common = torch.where(self._moderate, 1.5 * self._randn(B), self._common)
        self._share = self._share | self._moderate
        # half of the other shared candidates put their one-sided scalars at the common scale too
        self._scalar_scale = self._share & ~self._moderate & (self._rand(B) < 0.5)
        #: unsolved hypotheses' boundaries (adaproof.derive.boundary) for a part of the rows
        self.boundaries = True
        #: rows whose bounded scalars all sit on their bounds at once (adaproof.derive.joint_bounds)
        self._joint = joint_rows(generator, B, dtype, device)

    def _rand(self, *shape):
        return torch.rand(*shape, generator=self.gen, dtype=self.dtype).to(self.device)

    def _randn(self, *shape):
        return torch.randn(*shape, generator=self.gen, dtype=self.dtype).to(self.device)

    def _cands(self, u: Unknown):
        if u.name not in self._c:
            own = math.log(1e-6) + self._rand(self.B) * math.log(1e12)
            self._c[u.name] = torch.where(self._share, self._common, own)
            self._mode[u.name] = torch.floor(self._rand(self.B) * 3)
            self._upper[u.name] = self._rand(self.B) < 0.3
        return self._c[u.name], self._mode[u.name]

    def value(self, u: Unknown, pos, lo, hi, S):
        shape = lo.shape
        if u.kind == "scalar":
            r = self._rand(*shape)
            gate = torch.where(r < 0.2, 1.0, torch.where(r < 0.3, 2.0, torch.where(r < 0.4, 3.0,
                                                                                  0.0)))
            k = self._rand(*shape)
            z = torch.where(k < 0.5, 2 * self._randn(*shape), (2 * self._rand(*shape) - 1) * 30)
            z = torch.where(self._moderate, 1.5 * self._randn(*shape), z)
            # moderate rows: rarely on an edge (an open endpoint 2 ulps away is an extreme too)
            rm = self._rand(*shape)
            gate = torch.where(self._moderate, torch.where(rm < 0.05, 1.0, torch.where(
                rm < 0.15, 2.0, 0.0)), gate)
            gate = torch.where(self._moderate & (gate == 1) & (lo == TINY), 0.0, gate)
            c = torch.zeros(shape, dtype=self.dtype, device=self.device)
            tie = self._scalar_scale & ~(torch.isfinite(S) & (S > 0))
            S = torch.where(tie, torch.exp(self._common), S)
            z = torch.where(tie, self._randn(*shape), z)
            gate = joint_gate(u, gate, self._joint, lo, hi)
            return value_map(z, gate, c, lo, hi, S)
        c, mode = self._cands(u)
        bshape = (self.B,) + (1,) * (len(shape) - 1)
        mode = mode.reshape(bshape)
        on = torch.where(mode == 0, torch.ones(shape, dtype=self.dtype, device=self.device),
                         torch.where(mode == 1, (self._rand(*shape) < 0.5).to(self.dtype),
                                     torch.zeros(shape, dtype=self.dtype, device=self.device)))
        # on the bound: the lower one, or (30 % of the candidates) the upper one where it has
        # one (an ordering L[j] <= L[1] is tight at the upper bound, all entries equal)
        up = self._upper[u.name].reshape(bshape) & torch.isfinite(hi)
        side = torch.where(up | ~torch.isfinite(lo), 2.0, 1.0)
        gate = torch.where(self._rand(*shape) < 0.03, 3.0, on * side)
        # moderate rows: not at an open endpoint at 0 (2⁻⁶⁰ is an extreme, not an edge)
        gate = torch.where(self._moderate.reshape(bshape) & (gate == 1) & (lo == TINY), 0.0,
                           gate)
        z = self._randn(*shape) * 2 - 1
        return value_map(z, gate, c.reshape(bshape).expand(shape), lo, hi, S)

    def free(self, u: Unknown, shape):
        from ..sampling import gradient_sequences
        ctx = SampleContext(B=self.B, sizes={}, generator=self.gen, dtype=self.dtype,
                            device=self.device)
        x = gradient_sequences(ctx, *shape[1:])
        return self._shared_scale(x)

    def _shared_scale(self, x):
        """Rows that share the common scale: rescaled so that their largest entry is it."""
        m = x.abs().reshape(self.B, -1).amax(1)
        # half the time exactly the common scale, else within a few e-folds of it (two free
        # sequences of one entry would otherwise have equal magnitudes: x₁ − c = 0 or 2|c|)
        jit = torch.where(self._rand(self.B) < 0.5, torch.zeros_like(m), self._randn(self.B))
        f = torch.where(self._share & (m > 0), torch.exp(self._common + jit) / torch.where(
            m > 0, m, torch.ones_like(m)), torch.ones_like(m))
        return x * f.reshape((self.B,) + (1,) * (x.dim() - 1))

    def choice(self, u: Unknown, pos, options: torch.Tensor, shape):
        k = torch.randint(options.shape[0], shape, generator=self.gen).to(self.device)
        return options[k]

    def simplex(self, u: Unknown, shape, strict: bool, bits: int):
        """Probability vectors with entries ``k·2⁻ᵇⁱᵗˢ`` summing to exactly 1: uniform (as near
        as the grid allows), a vertex, an edge (two atoms), one rare atom (one grid unit), or
        random cut points; entries ``>= 2⁻ᵇⁱᵗˢ`` when ``strict``."""
        B, K = shape[0], shape[-1]
        M = 2 ** bits
        base = 1 if strict else 0
        R = M - base * K
        ar = torch.arange(K, device=self.device).reshape(1, K)
        cuts = torch.sort(torch.randint(0, R + 1, (B, max(K - 1, 0)), generator=self.gen)
                          .to(self.device), 1).values
        edges = torch.cat([torch.zeros(B, 1, dtype=torch.long, device=self.device), cuts,
                           torch.full((B, 1), R, dtype=torch.long, device=self.device)], 1)
        rand = edges[:, 1:] - edges[:, :-1]
        k0 = torch.arange(K + 1, device=self.device)
        uni = ((R * k0[1:]) // K - (R * k0[:-1]) // K).reshape(1, K).expand(B, K)
        i = torch.randint(0, K, (B, 1), generator=self.gen).to(self.device)
        j = (i + 1 + torch.randint(0, max(K - 1, 1), (B, 1), generator=self.gen)
             .to(self.device)) % K
        vert = torch.where(ar == i, R, 0)
        c = torch.randint(0, R + 1, (B, 1), generator=self.gen).to(self.device)
        edge = torch.where(ar == i, c, 0) + torch.where(ar == j, R - c, 0)
        if K == 1:
            edge = vert
        # one rare atom (probability 2^-bits); its mass moves to the largest other atom
        ri = rand.gather(1, i)
        jm = torch.where(ar == i, -1, rand).argmax(1, keepdim=True)
        rare = torch.where(ar == i, 1 - base, rand) + torch.where(ar == jm, ri - (1 - base), 0)
        if K == 1:
            rare = vert
        mode = torch.randint(0, 5, (B, 1), generator=self.gen).to(self.device)
        parts = torch.where(mode == 0, uni, torch.where(mode == 1, vert, torch.where(
            mode == 2, edge, torch.where(mode == 3, rare, rand))))
        return ((parts + base).to(self.dtype) / M).reshape(shape)

    def atoms(self, u: Unknown, shape):
        """Atoms of a finite law: Gaussian, symmetric ±1, two-point, one far atom (10³ against
        N(0, 1)), a structured gradient family, or shifted (a mean far from 0); a log-uniform
        scale in [1e-3, 1e3]; an exact 0 atom now and then."""
        from ..sampling import gradient_sequences
        B, K = shape[0], shape[-1]
        ar = torch.arange(K, device=self.device).reshape(1, K)
        g = self._randn(B, K)
        pm = torch.where(ar % 2 == 0, 1.0, -1.0).to(self.dtype).expand(B, K)
        two = torch.where(self._rand(B, K) < 0.5, -1.0, 1.0).to(self.dtype)
        far = torch.where(ar == 0, 1e3 * torch.sign(self._randn(B, 1)), self._randn(B, K))
        ctx = SampleContext(B=B, sizes={}, generator=self.gen, dtype=self.dtype,
                            device=self.device)
        fam = gradient_sequences(ctx, K)
        shift = self._randn(B, K) + 10 * self._randn(B, 1)
        mode = torch.randint(0, 6, (B, 1), generator=self.gen).to(self.device)
        x = torch.where(mode == 0, g, torch.where(mode == 1, pm, torch.where(
            mode == 2, two, torch.where(mode == 3, far, torch.where(mode == 4, fam, shift)))))
        scale = torch.exp(math.log(1e-3) + self._rand(B, 1) * math.log(1e6))
        x = torch.where(mode == 4, x, x * scale)
        x = self._shared_scale(x)
        if not u.domain.nonzero:
            x = torch.where(self._rand(B, K) < 0.05, torch.zeros_like(x), x)
        else:
            x = torch.where(x == 0, scale.expand(B, K), x)
        return x.reshape(shape)


class ZFeed:
    """``z``, gates and scales read from a dict of tensors (the guided phase's variables): for
    an unknown ``n``, ``z[n]`` (its full shape), ``z[n + "#gate"]`` (a switch) and, for
    sequences, ``z[n + "#c"]`` (B,); free real sequences are ``e^c·z``; finite sets take
    ``z[n + "#k"]`` (indices, a switch)."""

    def __init__(self, z: Mapping[str, torch.Tensor]):
        self.z = z

    def _get(self, u, pos, suffix=""):
        t = self.z[u.name + suffix]
        return t if pos is None else t[:, pos]

    def _c(self, u, like):
        if u.kind == "scalar":
            return torch.zeros_like(like)
        c = self.z[u.name + "#c"]
        return c.reshape((c.shape[0],) + (1,) * (like.dim() - 1)).expand(like.shape)

    def value(self, u, pos, lo, hi, S):
        z = self._get(u, pos)
        return value_map(z, self._get(u, pos, "#gate"), self._c(u, z), lo, hi, S)

    def free(self, u, shape):
        z = self.z[u.name]
        return self._c(u, z) .exp() * z

    def choice(self, u, pos, options, shape):
        return options[self._get(u, pos, "#k").long()]

    def simplex(self, u, shape, strict, bits):
        from .laws_phases import simplex_map  # logits onto the dyadic simplex
        return simplex_map(self.z[u.name + "#p"], strict, bits).reshape(shape)

    def atoms(self, u, shape):
        return self.free(u, shape)


class InverseFeed:
    """Reads the values of given inputs and records the ``z`` that maps onto them."""

    def __init__(self, inputs: Mapping[str, Any], B: int):
        self.inputs = inputs
        self.B = B
        self.z: dict[str, torch.Tensor] = {}

    def _full(self, u) -> torch.Tensor:
        v = self.inputs[u.name]
        return (v.data if isinstance(v, SeqValue) else v).to(torch.float64)

    def _alloc(self, u):
        if u.name not in self.z:
            full = self._full(u)
            self.z[u.name] = torch.zeros_like(full)
            self.z[u.name + "#gate"] = torch.zeros_like(full)
            if u.kind == "sequence":
                m = full.abs().reshape(full.shape[0], -1).amax(1)
                self.z[u.name + "#c"] = torch.log(torch.where(m > 0, m, torch.ones_like(m))
                                                  .clamp(1e-300, 1e300))
        return self._full(u)

    def _slot(self, u, pos, key, val):
        if pos is None:
            self.z[key] = val
        else:
            self.z[key][:, pos] = val

    def value(self, u, pos, lo, hi, S):
        full = self._alloc(u)
        x = full if pos is None else full[:, pos]
        c = torch.zeros_like(x) if u.kind == "scalar" else self.z[u.name + "#c"].reshape(
            (x.shape[0],) + (1,) * (x.dim() - 1)).expand(x.shape)
        z, gate = value_unmap(x, lo, hi, S, c)
        self._slot(u, pos, u.name, z)
        self._slot(u, pos, u.name + "#gate", gate)
        return x

    def free(self, u, shape):
        full = self._alloc(u)
        c = self.z[u.name + "#c"].reshape((full.shape[0],) + (1,) * (full.dim() - 1))
        self.z[u.name] = full / torch.exp(c)
        return full

    def choice(self, u, pos, options, shape):
        return self.choice_rows(u, pos, options.reshape((1,) * len(shape) + (-1,)))

    def choice_rows(self, u, pos, options):
        """``choice`` with options given per row (``(*shape, K)``, broadcastable)."""
        full = self._alloc(u)
        x = full if pos is None else full[:, pos]
        k = (x.unsqueeze(-1) == options).float().argmax(-1)
        if u.name + "#k" not in self.z:
            self.z[u.name + "#k"] = torch.zeros_like(full)
        self._slot(u, pos, u.name + "#k", k.to(torch.float64))
        return x

    def simplex(self, u, shape, strict, bits):
        from .laws_phases import simplex_unmap
        full = self._full(u)
        self.z[u.name + "#p"] = simplex_unmap(full, strict, bits)
        return full

    def atoms(self, u, shape):
        return self.free(u, shape)


# ---------------------------------------------------------------------------------------------
# the chain
# ---------------------------------------------------------------------------------------------
def _nudge(v: torch.Tensor, toward: float, steps: int) -> torch.Tensor:
    tgt = torch.full_like(v, toward)
    for _ in range(steps):
        v = torch.nextafter(v, tgt)
    return v


class Chain:
    """The plan of ``stmt`` run with a feed: ``run(feed, sizes, B) -> (inputs, feasible,
    causes)``."""

    def __init__(self, stmt: Statement):
        self.stmt = stmt
        self.plan: Plan = plan_for(stmt)
        self._mag: dict = {}
        self._const: dict = {}  # expression -> whether it is a constant (no symbol, no entry)
        self._pre = None

    # -- bound evaluation -----------------------------------------------------------------------
    def _m(self, e):
        if e not in self._mag:
            self._mag[e] = magnitude(e)
        return self._mag[e]

    def _eval(self, e, env, B, forall, dtype, device):
        const = self._const.get(e)
        if const is None:  # free_symbols walks the whole tree: 35 % of a theorem's draw
            const = self._const[e] = not e.free_symbols and not e.has(sp.Indexed)
        if const:
            out = torch.full((B,), float(e), dtype=dtype, device=device)
            for _s, lo, hi in forall:
                n = _int_value(hi, env) - _int_value(lo, env) + 1
                out = out.unsqueeze(-1).expand(out.shape + (n,))
            return out
        return torch_eval(e, memo_env(env), B=B, forall=forall, dtype=dtype, device=device)

    def _bound_values(self, b: Bound, env, B, forall, dtype, device, causes, feasible_rows):
        """(lower, upper) safe contributions of ``b`` on its index grid (±inf where none)."""
        env = memo_env(env)
        v = self._eval(b.value, env, B, forall, dtype, device)
        exact = b.exact_const
        if exact is None:
            mag = self._eval(self._m(b.value), env, B, forall, dtype, device)
            margin = (TRAJ_SAFETY if b.traj else SAFETY) * mag
        else:
            margin = torch.zeros_like(v)
        if b.kind == "equal":
            return v, v
        if b.kind == "abs":
            up = v - margin
            if exact is False:
                up = _nudge(up, -_INF, 1)
            if b.strict:
                up = torch.where(up == 0, torch.full_like(up, -_INF), _nudge(up, -_INF, 2))
            return -up, up
        # affine: the sign of the coefficient decides the side
        if b.coef.is_number:
            sign = torch.full_like(v, 1.0 if b.coef > 0 else -1.0)
        else:
            a = self._eval(b.coef, env, B, forall, dtype, device)
            am = self._eval(self._m(b.coef), env, B, forall, dtype, device)
            reliable = a.abs() > SAFETY * am
            sign = torch.where(reliable, torch.sign(a), torch.zeros_like(a))
        lower = v + margin
        upper = v - margin
        if exact is False:
            lower, upper = _nudge(lower, _INF, 1), _nudge(upper, -_INF, 1)
        if b.strict:
            lower = torch.where(lower == 0, torch.full_like(lower, TINY), _nudge(lower, _INF, 2))
            upper = torch.where(upper == 0, torch.full_like(upper, -TINY), _nudge(upper, -_INF, 2))
        lo = torch.where(sign > 0, lower, torch.full_like(v, -_INF))
        hi = torch.where(sign < 0, upper, torch.full_like(v, _INF))
        bad = (sign == 0) | torch.isnan(lower) | torch.isnan(upper)
        lo = torch.where(bad, torch.full_like(v, _INF), lo)  # infeasible: empty interval
        hi = torch.where(bad, torch.full_like(v, -_INF), hi)
        return lo, hi

    def _gather(self, u: Unknown, env, sizes, B, dtype, device, causes, pos=None):
        """Safe ``(lo, hi, S, eq)`` for unknown ``u``: scalars ``(B,)``; a sequence at storage
        position ``pos`` ``(B, *inner)``, or every entry ``(B, *shape)`` when ``pos`` is None."""
        if u.kind == "scalar":
            shape = (B,)
        else:
            full = u.shape(sizes)
            shape = (B,) + (full[1:] if pos is not None else full)
        lo = torch.full(shape, -_INF, dtype=dtype, device=device)
        hi = torch.full(shape, _INF, dtype=dtype, device=device)
        S = torch.zeros(shape, dtype=dtype, device=device)
        eq = None
        for b in u.bounds:
            if pos is not None and not b.recursive and self._pre is not None:
                continue  # precomputed on the whole grid (self._pre)
            forall, sl = self._where(u, b, sizes, pos, env)
            if sl is None:
                continue
            fast = self._fast(b, u) if pos is not None and b.recursive else None
            if fast is not None:
                t = pos + u.start[0] - b.offset
                blo, bhi, mag = self._fast_values(b, fast, env, sizes, t, B)
                blo, bhi = self._place(blo, shape, sl, -_INF), self._place(bhi, shape, sl, _INF)
                S = torch.maximum(S, torch.nan_to_num(mag, nan=0.0).expand(shape))
                newly = ((blo > hi) | (bhi < lo)).reshape(B, -1).any(1)
                if bool(newly.any()):
                    causes[b.source] += int(newly.sum())
                lo, hi = torch.maximum(lo, blo), torch.minimum(hi, bhi)
                continue
            blo, bhi = self._bound_values(b, env, B, forall, dtype, device, causes, None)
            for _ in range(b.n_extra):  # reduce over the indices the target does not carry
                blo, bhi = blo.amax(-1), bhi.amin(-1)
            if u.kind == "sequence" and pos is not None and b.forall and b.offset is not None:
                blo, bhi = blo[:, 0], bhi[:, 0]
            if u.kind == "scalar" and blo.dim() > 1:  # per-index bounds: the tightest
                blo = blo.reshape(B, -1).amax(1)
                bhi = bhi.reshape(B, -1).amin(1)
            blo = self._place(blo, shape, sl, -_INF)
            bhi = self._place(bhi, shape, sl, _INF)
            if b.kind == "equal":
                eq = blo if eq is None else torch.where(torch.isfinite(blo), blo, eq)
                continue
            if b.exact_const is None:
                mag = self._eval(self._m(b.value), env, B, forall, dtype, device)
                for _ in range(b.n_extra):
                    mag = mag.amax(-1)
                if u.kind == "sequence" and pos is not None and b.forall and b.offset is not None:
                    mag = mag[:, 0]
                if u.kind == "scalar" and mag.dim() > 1:
                    mag = mag.reshape(B, -1).amax(1)
                S = torch.maximum(S, torch.nan_to_num(self._place(mag, shape, sl, 0.0), nan=0.0))
            newly = ((blo > hi) | (bhi < lo)).reshape(B, -1).any(1)
            for _ in range(int(newly.sum() > 0)):
                causes[b.source] += int(newly.sum())
            lo, hi = torch.maximum(lo, blo), torch.minimum(hi, bhi)
        if pos is not None and self._pre is not None and u.name in self._pre:
            plo, phi, pS, peq = self._pre[u.name]
            lo, hi = torch.maximum(lo, plo[:, pos]), torch.minimum(hi, phi[:, pos])
            S = torch.maximum(S, pS[:, pos])
            if peq is not None:
                e = peq[:, pos]
                eq = e if eq is None else torch.where(torch.isfinite(e), e, eq)
        return lo, hi, S, eq

    # -- fast per-step evaluation of recursive bounds -------------------------------------------
    def _fast(self, b: Bound, u: Unknown):
        """A lambdified ``(value, magnitude, coef, coef magnitude)`` of a recursive bound whose
        sequence reads are ``x[t + c, <the target's inner indices>]``; None otherwise."""
        key = (id(b), "fast")
        if key in self._mag:
            return self._mag[key]
        out = None
        try:
            tsym = b.forall[0][0]
            inner = tuple(f[0] for f in b.forall[1:])
            exprs = [b.value, self._m(b.value), b.coef, self._m(b.coef)]
            if not any(e.has(sp.Sum) or any(type(n).__name__ in ("IndexMax", "IndexMin")
                                            for n in sp.preorder_traversal(e)) for e in exprs):
                reps, reads = {}, []
                for e in exprs:
                    for a in e.atoms(sp.Indexed):
                        if a in reps:
                            continue
                        off = sp.simplify(a.indices[0] - tsym)
                        if not off.is_Integer or tuple(a.indices[1:]) != inner:
                            raise ValueError
                        s = sp.Symbol(f"_{a.base.label.name}_{int(off) + 1000}")
                        reps[a] = s
                        reads.append((s, a.base.label.name, int(off)))
                free = sorted({s for e in exprs for s in e.xreplace(reps).free_symbols
                               if s not in reps.values()}, key=str)
                if set(free) - {tsym} - {self.plan.symbols.get(s.name) for s in free}:
                    raise ValueError
                def _t(f):
                    return lambda x: f(torch.as_tensor(x, dtype=torch.float64))
                mods = [{"sqrt": _t(torch.sqrt), "log": _t(torch.log), "exp": _t(torch.exp),
                         "Abs": _t(torch.abs), "sign": _t(torch.sign), **LAMBDIFY_TORCH}, "math"]
                args = [r[0] for r in reads] + free
                fn = sp.lambdify(args, [e.xreplace(reps) for e in exprs], modules=mods)
                out = (fn, reads, free, tsym, len(inner))
        except (ValueError, TypeError, AttributeError):
            out = None
        self._mag[key] = out
        return out

    def _fast_values(self, b, fast, env, sizes, t, B):
        fn, reads, free, tsym, n_inner = fast
        vals = []
        for _s, name, off in reads:
            sv = env[name]
            vals.append(sv.data[:, t + off - sv.start[0]])
        for s in free:
            if s == tsym:
                vals.append(float(t))
                continue
            v = env[s.name]
            vals.append(v.reshape((B,) + (1,) * n_inner) if isinstance(v, torch.Tensor) else v)
        v, mag, a, am = (torch.as_tensor(x, dtype=torch.float64) for x in fn(*vals))
        shape = torch.broadcast_shapes(v.shape, mag.shape, a.shape, am.shape, (B,))
        v, mag, a, am = (x.expand(shape) for x in (v, mag, a, am))
        margin = SAFETY * mag
        lower, upper = v + margin, v - margin
        if b.strict:
            lower = torch.where(lower == 0, torch.full_like(lower, TINY), _nudge(lower, _INF, 2))
            upper = torch.where(upper == 0, torch.full_like(upper, -TINY),
                                _nudge(upper, -_INF, 2))
        if b.kind == "equal":
            return v, v, mag
        if b.kind == "abs":
            return -upper, upper, mag
        reliable = a.abs() > SAFETY * am
        sign = torch.where(reliable, torch.sign(a), torch.zeros_like(a))
        lo = torch.where(sign > 0, lower, torch.full_like(v, -_INF))
        hi = torch.where(sign < 0, upper, torch.full_like(v, _INF))
        bad = (sign == 0) | torch.isnan(lower) | torch.isnan(upper)
        lo = torch.where(bad, torch.full_like(v, _INF), lo)
        hi = torch.where(bad, torch.full_like(v, -_INF), hi)
        return lo, hi, mag

    def _where(self, u, b: Bound, sizes, pos, env):
        """The forall to evaluate ``b`` on and the slice of ``u``'s entries it fills."""
        if u.kind == "scalar":
            return b.forall, ()
        s0 = u.start[0]
        key = tuple(sorted(sizes.items()))
        if b.pos is not None:
            p = int_value(sp.sympify(b.pos), key) - s0
            if pos is None:
                return (), (p,)
            return ((), ()) if p == pos else ((), None)
        if not b.forall:  # a domain: every entry
            return (), ()
        (tsym, tlo, thi), inner = b.forall[0], b.forall[1:]
        tlo, thi = int_value(sp.sympify(tlo), key), int_value(sp.sympify(thi), key)
        if pos is None:
            return b.forall, (slice(tlo + b.offset - s0, thi + b.offset - s0 + 1),)
        t = pos + s0 - b.offset
        if not tlo <= t <= thi:
            return (), None
        return ((tsym, t, t),) + tuple(inner), ()

    @staticmethod
    def _place(val, shape, sl, fill):
        """``val`` on the grid ``shape`` at the entries ``sl`` (fill elsewhere)."""
        if sl == () and val.shape == shape:
            return val
        out = torch.full(shape, fill, dtype=val.dtype, device=val.device)
        if sl == ():
            return val.reshape(val.shape + (1,) * (len(shape) - val.dim())).expand(shape) \
                if val.dim() < len(shape) else val.expand(shape)
        idx = (slice(None),) + tuple(sl)
        target = out[idx]
        v = val.reshape(val.shape + (1,) * (target.dim() - val.dim())) if val.dim() < \
            target.dim() else val
        out = out.clone()
        out[idx] = v.expand(target.shape)
        return out

    # -- run ------------------------------------------------------------------------------------
    def run(self, feed, sizes: Mapping[str, int], B: int, *, dtype=torch.float64, device="cpu"):
        """``(inputs, feasible, causes)`` for ``B`` candidates at ``sizes`` fed by ``feed``."""
        for _ in range(len(self.plan.late) + 1):
            try:
                return self._run(feed, sizes, B, dtype=dtype, device=device)
            except _Replan:
                continue
        raise DerivationError(f"statement {self.stmt.key}: the derivation could not be ordered")

    def _run(self, feed, sizes: Mapping[str, int], B: int, *, dtype=torch.float64, device="cpu"):
        plan = self.plan
        sizes = {k: int(v) for k, v in sizes.items()}
        env: dict[str, Any] = dict(sizes)
        causes: Counter = Counter()
        feasible = torch.ones(B, dtype=torch.bool, device=device)

        def draw(u, pos=None):
            nonlocal feasible
            if u.domain.choices is not None:
                shape = (B,) if u.kind == "scalar" else (B,) + (
                    u.shape(sizes)[1:] if pos is not None else u.shape(sizes))
                cs = [sp.sympify(c).subs(sizes) for c in u.domain.choices]
                if any(c.free_symbols for c in cs):  # {a, -b}: choices that are drawn scalars
                    return _row_choice(self, feed, u, pos, cs, env, shape, B, dtype, device)
                opts = torch.tensor([float(c) for c in cs], dtype=dtype, device=device)
                x = feed.choice(u, pos, opts, shape)
                if any(b.kind == "equal" for b in u.bounds):  # a solved Eq (sym·(…) = 0 -> 0)
                    eq = self._gather(u, env, sizes, B, dtype, device, causes, pos)[3]
                    if eq is not None:  # it was ignored here: sym = 1 broke the hypothesis
                        x = torch.where(torch.isfinite(eq), eq, x)
                        inside = (x.unsqueeze(-1) == opts).any(-1)
                        feasible &= inside.reshape(B, -1).all(1)
                return x
            lo, hi, S, eq = self._gather(u, env, sizes, B, dtype, device, causes, pos)
            empty = (lo > hi) | torch.isnan(lo) | torch.isnan(hi)
            feasible &= ~empty.reshape(B, -1).any(1)
            lo = torch.where(empty, torch.zeros_like(lo), lo)
            hi = torch.where(empty, torch.zeros_like(hi), hi)
            x = feed.value(u, pos, lo, hi, S)
            if eq is not None:
                x = torch.where(torch.isfinite(eq), eq, x)
            return x

        from . import zero_product as _zp  # a·b = 0: one branch per candidate
        branch = _zp.choose(self, feed, B, dtype, device)

        def zp(name):
            nonlocal feasible
            ok = _zp.apply(self, feed, name, env, branch, B, dtype, device) if branch else None
            if ok is not None:
                feasible &= ok

        for u in plan.scalars:
            env[u.name] = draw(u)
            zp(u.name)
        loops = []
        law = plan.law
        for u in plan.sequences.values():  # a finite law first (its atoms centred)
            shape = (B,) + u.shape(sizes)
            if u.mode == "simplex":
                bits = 20
                env[u.name] = SeqValue(feed.simplex(u, shape, u.domain.strict, bits).to(dtype),
                                       u.start)
            elif u.mode == "fixed":
                vals = [float(sp.sympify(v).subs(sizes)) for v in u.fixed]
                x = torch.tensor(vals if len(vals) == shape[-1] else vals[:1] * shape[-1],
                                 dtype=dtype, device=device)
                env[u.name] = SeqValue(x.expand(shape).clone(), u.start)
            elif u.mode == "law":
                env[u.name] = SeqValue(feed.atoms(u, shape).to(dtype), u.start)
            elif u.mode in ("psd", "sym", "ball"):  # adaproof.derive.matrices
                from .matrices import draw as draw_matrix
                env[u.name] = SeqValue(draw_matrix(feed, u, shape, env, sizes, dtype), u.start)
        if law is not None and law["centred"] and law["values"] is not None and \
                plan.sequences[law["values"]].mode == "law":
            v, p = env[law["values"]], env[law["probs"]]
            env[law["values"]] = SeqValue(centre(v.data, p.data), v.start)
        for u in plan.sequences.values():
            if u.mode in ("simplex", "fixed", "law", "psd", "sym", "ball"):
                continue
            if u.mode == "free" and u.domain.choices is None:
                x = feed.free(u, (B,) + u.shape(sizes))
                env[u.name] = SeqValue(x.to(dtype), u.start)
            elif u.mode == "loop":
                loops.append(u)
            elif u.mode != "after":  # "after": drawn whole once the loops are (derive.after)
                env[u.name] = SeqValue(draw(u), u.start)
            if u.name in env:
                zp(u.name)
        if loops:
            self._loop(loops, env, sizes, B, draw)
        for u in [u for u in plan.sequences.values() if u.mode == "after"]:
            env[u.name] = SeqValue(draw(u), u.start)
        if any(b.traj for u in plan.late for b in u.bounds):
            self._with_trajectory(env, feasible, B)
        for u in plan.late:
            env[u.name] = draw(u)
            zp(u.name)
        if getattr(feed, "boundaries", False) and plan.rejections:
            from .boundary import place_on_boundaries
            place_on_boundaries(self, feed, env, sizes, B, dtype, device)
        inputs = {n: env[n] for n in [u.name for u in plan.scalars] +
                  list(plan.sequences) + [u.name for u in plan.late]}
        for rel, forall, src in plan.rejections:
            ok = self._reject(rel, forall, src, env, B, dtype, device, inputs, sizes, feasible)
            causes[src] += int((~ok & feasible).sum())
            feasible &= ok
        return inputs, feasible, causes

    def _with_trajectory(self, env, feasible, B):
        """Run the statement's algorithm on the inputs drawn so far (rows already infeasible
        take a feasible row's inputs first, so that the run sees no placeholder)."""
        from ..verification import _trajectory_env
        late = {u.name for u in self.plan.late}
        if not bool(feasible.any()):
            raise DerivationError(f"statement {self.stmt.key}: no derived draw passes the "
                                  f"hypotheses before the algorithm's run")
        fill = int(feasible.nonzero()[0])
        for k, v in list(env.items()):
            if isinstance(v, SeqValue):
                m = (~feasible).reshape((-1,) + (1,) * (v.data.dim() - 1))
                env[k] = SeqValue(torch.where(m, v.data[fill:fill + 1], v.data), v.start)
            elif isinstance(v, torch.Tensor) and v.dim() >= 1 and v.shape[0] == B:
                env[k] = torch.where(~feasible, v[fill], v)
        try:
            noise_placeholder(self.stmt, env, {k: v for k, v in env.items() if isinstance(v, int)})
            _trajectory_env(self.stmt, env)
        except KeyError as exc:  # the algorithm reads a late scalar: it cannot follow the run
            name = exc.args[0] if exc.args else None
            if name not in late:
                raise
            u = next(u for u in self.plan.late if u.name == name)
            for b in [b for b in u.bounds if b.traj]:
                self.plan.deferred.append((None, b.forall, b.source))
                u.bounds.remove(b)
            if not any(b.value.atoms(sp.Indexed) for b in u.bounds):
                u.late = False
                self.plan.late.remove(u)
                self.plan.scalars.append(u)
            raise _Replan from None

    def _loop(self, loops, env, sizes, B, draw):
        # non-recursive bounds of the step-drawn sequences, on the whole grid at once
        self._pre = {}
        for u in loops:
            keep = u.bounds
            u.bounds = [b for b in keep if not b.recursive]
            try:
                self._pre[u.name] = self._gather(u, env, sizes, B, torch.float64, "cpu",
                                                 Counter(), None)
            finally:
                u.bounds = keep
        lens = {u.name: u.shape(sizes)[0] for u in loops}
        lag = {u.name: 0 for u in loops}
        for u in loops:
            for b in u.bounds:
                for nm, k in b.lags.items():
                    if nm in lag:
                        lag[nm] = max(lag[nm], k)
        hist: dict[str, list] = {u.name: [] for u in loops}
        n = max(lens.values())
        for p in range(n):
            for u in loops:
                if p >= lens[u.name]:
                    continue
                for w in loops:  # windows of the step-drawn sequences
                    have = hist[w.name]
                    lo_p = max(0, p - lag[w.name])
                    vals = have[lo_p:p + 1]
                    inner = (B,) + w.shape(sizes)[1:]
                    while len(vals) < min(p, lens[w.name] - 1) - lo_p + 1:
                        vals = vals + [torch.full(inner, float("nan"), dtype=torch.float64)]
                    if not vals:
                        vals = [torch.full(inner, float("nan"), dtype=torch.float64)]
                    env[w.name] = SeqValue(torch.stack(vals, 1),
                                           (w.start[0] + lo_p,) + tuple(w.start[1:]))
                hist[u.name].append(draw(u, p))
        for u in loops:
            env[u.name] = SeqValue(torch.stack(hist[u.name], 1), u.start)
        self._pre = None

    def _reject(self, rel, forall, src, env, B, dtype, device, inputs, sizes,
                feasible=None) -> torch.Tensor:
        norm = _normal(rel)
        if norm is None:
            return torch_eval(rel, env, B=B, forall=forall, dtype=dtype,
                              device=device).reshape(B, -1).all(1)
        e, op = norm
        env = memo_env(env)
        val = torch_eval(e, env, B=B, forall=forall, dtype=dtype, device=device).reshape(B, -1)
        mag = torch_eval(self._m(e), env, B=B, forall=forall, dtype=dtype,
                         device=device).reshape(B, -1)
        nan = torch.isnan(val).any(1)
        if feasible is not None:  # rows an earlier hypothesis rejected may be undefined here
            nan = nan & feasible
        if bool(nan.any()):
            self._nan_error(rel, forall, src, inputs, sizes, nan)
        if op == "=":
            ok = val == 0
        elif op == ">":
            ok = (val > SAFETY * mag) & (val > 0)
        else:
            ok = val >= SAFETY * mag
        return ok.all(1)

    def _nan_error(self, rel, forall, src, inputs, sizes, nan_rows):
        """A NaN in a hypothesis on finite inputs: re-evaluate one such row exactly; a complex or
        undefined value there is the hypothesis' own (an error); a real one was float overflow
        (the row is rejected).  A hypothesis that reads no quantity of the algorithm's run is
        evaluated on the inputs alone (the exact run of every recurrence in mpmath was 30 % of
        adam_complexity/theorem-1-logistic's draw); any failure there is decided again on the
        full environment, as before."""
        from ..verification import _mp_env, candidate_inputs
        for j in nan_rows.nonzero().flatten()[:1].tolist():
            cand = candidate_inputs(self.stmt, inputs, j)
            spec = self.stmt.noise
            if spec is not None and spec.name not in cand:  # one path, for the algorithm's run
                from ..expectation import path_list
                cand[spec.name] = {"start": list(spec.start),
                                   "values": next(path_list(spec, cand, sizes))[1]}
            vals = [v for v in cand.values() if not isinstance(v, dict)] + \
                [x for v in cand.values() if isinstance(v, dict) for x in _flat(v["values"])]
            if not all(math.isfinite(x) for x in vals):
                continue
            with mpmath.workdps(30):
                if self._reads_no_run(rel, forall, set(cand) | set(sizes)):
                    try:
                        self._nan_row(rel, forall, src, _mp_inputs(cand, sizes), sizes)
                        continue
                    except Exception:  # noqa: BLE001 - decided on the full environment below
                        pass
                self._nan_row(rel, forall, src, _mp_env(self.stmt, cand, sizes), sizes)

    def _reads_no_run(self, rel, forall, known) -> bool:
        """Whether ``rel`` (and its index ranges) reads only ``known`` names (inputs, sizes)
        and its universal indices: then no quantity of the algorithm's run."""
        key = ("reads", rel, tuple(forall))
        if key not in self._mag:
            from ..recurrences import _names
            names = set(_names(rel))
            for _s, lo, hi in forall:
                names |= set(_names(lo)) | set(_names(hi))
            self._mag[key] = frozenset(names - {s.name for s, _, _ in forall})
        return self._mag[key] <= known

    def _nan_row(self, rel, forall, src, env, sizes):
        import itertools
        ranges = [range(_int_value(lo, sizes), _int_value(hi, sizes) + 1)
                  for _, lo, hi in forall]
        for combo in itertools.product(*ranges):
            idx = {s: k for (s, _, _), k in zip(forall, combo)}
            try:
                a = mp_eval(rel.lhs, env, idx)
                b = mp_eval(rel.rhs, env, idx)
            except (ValueError, ZeroDivisionError, EvaluationError) as exc:
                raise DerivationError(f"hypothesis {src} is undefined ({exc}) on a "
                                      f"derived input; state where it is defined "
                                      f"first") from None
            if not (isinstance(a, mpmath.mpf) and isinstance(b, mpmath.mpf)) or \
                    mpmath.isnan(a) or mpmath.isnan(b):
                raise DerivationError(
                    f"hypothesis {src} evaluates to a NaN or complex value "
                    f"({mpmath.nstr(a, 8)} vs {mpmath.nstr(b, 8)}) at index {combo} on a "
                    f"derived input with finite entries: a hypothesis must be a real "
                    f"relation wherever the earlier ones hold")


def _mp_inputs(cand, sizes) -> dict:
    """The exact environment of a candidate's inputs alone (no run of the algorithm)."""
    from ..verification import mp_inputs
    return mp_inputs(cand, sizes)


def centre(u: torch.Tensor, p: torch.Tensor, bits: int = 20) -> torch.Tensor:
    """The atoms ``u`` (B, K) moved so that ``Σ_k p_k u_k = 0`` *exactly*, for probabilities
    that are multiples of ``2^-bits``: each row is first rounded to a grid ``2^e`` with
    ``b = 52 − 2·bits`` bits below its largest atom (``|a_k| <= 2^b`` grid units); then the mean
    ``μ = Σ p_k a_k`` and ``u_k = a_k − μ`` are exact in float64, and so is the float evaluation
    of ``Σ_k p_k u_k`` by the checker's screen (in units of ``2^(e − 2·bits)`` every product is
    an integer and ``Σ_k p_k |u_k| <= 2^(b + 2·bits + 1) = 2^53``): the returned atoms are exact
    dyadic rationals whose weighted mean is exactly 0, in rationals and in float64 (re-checked
    by the tests)."""
    b = 52 - 2 * bits
    m = u.abs().amax(-1, keepdim=True)
    _, ex = torch.frexp(torch.where(m > 0, m, torch.ones_like(m)))
    unit = torch.ldexp(torch.ones_like(m), ex - b)
    a = torch.round(u / unit) * unit
    if u.requires_grad:  # the guided phase: the atoms' gradient passes the rounding unchanged
        a = a.detach() + (u - u.detach())
    mu = (p * a).sum(-1, keepdim=True)
    return a - mu


def noise_placeholder(stmt, env: dict, sizes) -> None:
    """For a statement in expectation, a noise ``ξ`` in ``env`` for a run of its algorithm
    outside the expectation (the redraw of rows whose float run raises): every draw at the
    atom of largest magnitude."""
    spec = stmt.noise
    if spec is None or spec.name in env or spec.values not in env:
        return
    v = env[spec.values]
    v = v.data if isinstance(v, SeqValue) else v
    big = v.gather(1, v.abs().argmax(1, keepdim=True)).reshape(-1)
    shape = spec.shape(sizes)
    x = big.reshape((-1,) + (1,) * len(shape)).expand((v.shape[0],) + tuple(shape)).clone()
    env[spec.name] = SeqValue(x, tuple(spec.start))


class _Replan(Exception):
    """The plan changed (a late scalar turned out to be read by the algorithm): run again."""


def _flat(x):
    if isinstance(x, list):
        for y in x:
            yield from _flat(y)
    else:
        yield float(x)


def _row_choice(chain, feed, u, pos, choices, env, shape, B, dtype, device):
    """A draw from a finite set whose elements are drawn scalars (the two atoms of a law,
    ``Y_s ∈ {a, −b}``): each row takes one of *its own* values.  The feed picks an index
    (every feed indexes its options), the rows' values are gathered; the inverse feed records
    the index of the given value in its row."""
    vals = torch.stack([chain._eval(c, env, B, (), dtype, device).reshape(B)
                        for c in choices], 1)                                  # (B, K)
    K = vals.shape[1]
    rows = vals.reshape((B,) + (1,) * (len(shape) - 1) + (K,)).expand(tuple(shape) + (K,))
    if isinstance(feed, InverseFeed):
        return feed.choice_rows(u, pos, rows)
    k = feed.choice(u, pos, torch.arange(K, dtype=dtype, device=device), shape).long()
    return rows.gather(-1, k.unsqueeze(-1)).squeeze(-1)
