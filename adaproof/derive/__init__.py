"""Inputs derived from a statement's domains and hypotheses: a sampler, sizes, a Hypothesis
strategy and a reparameterisation for the guided phase, for any statement, with no hand-written
code.

>>> from adaproof.derive import sampler_for, sizes_for, strategy_for, reparam_for

Each accessor returns the statement's own hand-written object when it has one, else the derived
one (built once per statement and cached).  ``check(stmt, sampler="derived")`` ignores the
hand-written ones.  How the derivation works: :mod:`adaproof.derive.plan` (hypotheses solved as
bounds), :mod:`adaproof.derive.engine` (the chain and why its draws satisfy the hypotheses
exactly), :mod:`adaproof.derive.sizes` (the size ladders).
"""
from __future__ import annotations

import dataclasses
import math
from collections import Counter
from typing import Mapping

import torch

from ..statement import SampleContext, Statement
from ..symbolic import SeqValue
from .domains import DerivationError, parse_domain
from .engine import Chain, InverseFeed, RandomFeed, ZFeed, noise_placeholder
from .sizes import draw_sizes, size_ladders

__all__ = ["DerivationError", "Derivation", "derivation", "sampler_for", "sizes_for",
           "strategy_for", "reparam_for", "without_hand_samplers", "parse_domain",
           "MIN_ACCEPTANCE"]

#: a first-round acceptance below this (on a batch of at least 64) is an error
MIN_ACCEPTANCE = 1e-3
#: rounds of redrawing rejected candidates per batch
RETRIES = 4


class Derivation:
    """Everything derived for one statement (see the module docstring).  ``acceptance``: the
    fraction of first-round draws that passed every hypothesis the engine enforces (1.0 when all
    are solved), over every batch drawn so far; ``rejections``: draws rejected, by hypothesis."""

    def __init__(self, stmt: Statement):
        self.stmt = stmt
        self.chain = Chain(stmt)
        self.plan = self.chain.plan
        from .work import work_fn  # the cap on a size assignment's evaluation work
        self.plan.work = work_fn(stmt, {n: self.plan.symbols[n] for n in self.plan.sizes})
        self.drawn = 0
        self.accepted = 0
        self.rejections: Counter = Counter()

    @property
    def acceptance(self) -> float | None:
        return None if not self.drawn else self.accepted / self.drawn

    # -- sizes ----------------------------------------------------------------------------------
    def sizes(self, gen: torch.Generator, preset: str) -> dict[str, int]:
        """Sizes for one batch (the ``Statement.sizes`` signature)."""
        return draw_sizes(self.plan, gen, preset)

    def ladders(self, preset: str = "default") -> dict:
        return size_ladders(self.plan, preset)

    # -- random sampler -------------------------------------------------------------------------
    def sampler(self, ctx: SampleContext) -> dict:
        """A batch of ``ctx.B`` candidates (the ``Statement.sampler`` signature) that satisfy
        every hypothesis the engine enforces: rows rejected (or with an empty interval) are
        redrawn up to :data:`RETRIES` times, and any left take the inputs of an accepted row (so
        that nothing outside the hypotheses reaches an algorithm); :attr:`acceptance` reports
        the first-round rate."""
        inputs, ok = self.draw(ctx)
        if not bool(ok.all()):
            good = ok.nonzero().flatten()
            src = good[torch.arange(ctx.B, device=good.device) % good.numel()]
            idx = torch.where(ok, torch.arange(ctx.B, device=ok.device), src)
            inputs = {k: (SeqValue(v.data[idx], v.start) if isinstance(v, SeqValue) else v[idx])
                      for k, v in inputs.items()}
        return inputs

    def draw(self, ctx: SampleContext) -> tuple[dict, torch.Tensor]:
        """``(inputs, accepted)``: a batch and the mask of rows that passed (after retries)."""
        B = ctx.B
        inputs, ok, causes = self.chain.run(RandomFeed(B, ctx.generator, ctx.dtype, ctx.device),
                                            ctx.sizes, B, dtype=ctx.dtype, device=ctx.device)
        ok = ok & self._runs(inputs, ctx.sizes, ok, causes)
        self.drawn += B
        self.accepted += int(ok.sum())
        self.rejections.update(causes)
        if B >= 64 and int(ok.sum()) < MIN_ACCEPTANCE * B:
            worst = causes.most_common(1)
            name = worst[0][0] if worst else "an unsolved hypothesis"
            raise DerivationError(
                f"statement {self.stmt.key}: the derived sampler's acceptance is "
                f"{int(ok.sum())}/{B} at sizes {dict(ctx.sizes)}; the hypothesis that rejects "
                f"most ({worst[0][1] if worst else B} draws) is: {name}. Restate it so that it "
                f"can be solved for one unknown (affine in it), or give a sampler")
        for _ in range(RETRIES):
            missing = (~ok).nonzero().flatten()
            if not missing.numel():
                break
            # a redraw sized by the acceptance seen so far, whose accepted rows (any of them)
            # fill the missing ones in order: with a row-aligned redraw of B rows (session 10)
            # adam_complexity/theorem-1's families (acceptance 0.1-0.27) took all 4 retries for
            # a batch of 8 and still copied a third of it, and their smoke random phase ended
            # with no batch drawn; the rows are drawn alike, only more of them per chain run
            m = _redraw_rows(missing.numel(), self.accepted / max(self.drawn, 1), B)
            more, ok2, c2 = self.chain.run(RandomFeed(m, ctx.generator, ctx.dtype, ctx.device),
                                           ctx.sizes, m, dtype=ctx.dtype, device=ctx.device)
            ok2 = ok2 & self._runs(more, ctx.sizes, ok2, c2)
            src = ok2.nonzero().flatten()[:missing.numel()]
            dst = missing[:src.numel()]
            inputs = {k: _put_rows(v, dst, more[k], src) for k, v in inputs.items()}
            ok = ok.clone()
            ok[dst] = True
        if not bool(ok.any()):
            worst = self.rejections.most_common(1)
            raise DerivationError(f"statement {self.stmt.key}: no derived draw of {B} passes the "
                                  f"hypotheses at sizes {dict(ctx.sizes)}; the one that rejects "
                                  f"most is: {worst[0][0] if worst else '?'}")
        return inputs, ok

    def _runs(self, inputs: dict, sizes: Mapping[str, int], ok: torch.Tensor,
              causes: Counter) -> torch.Tensor:
        """For a statement about an algorithm: the rows on which the algorithm runs in float64.
        An input inside the hypotheses can still overflow or underflow the float run (a clip
        threshold k^{c/(2(α−1))} at α = 1 + 2⁻⁵², v_t + ε rounding to 0); the algorithm then
        raises a clear error, and such rows are redrawn (counted in :attr:`rejections` as
        "float64 range of the algorithm") rather than ending the check.  Found in one run where
        the algorithm marks them (ROW_FAULTS), else one run per bad row where its error names the
        candidate, else by bisection (cProfile: the bisection ran the algorithm ~60 times per
        batch on adafactor/eq-111-a)."""
        if self.stmt.trajectory is None:
            return torch.ones_like(ok)
        from ..verification import _trajectory_env

        import re
        hint_re = re.compile(r"\(candidate (\d+)\)")

        def runs(rows: torch.Tensor):
            """``(runs, hint)``: ``hint`` the row the error names (``(candidate N)``), if any."""
            env = dict(sizes)
            for k, v in inputs.items():
                env[k] = SeqValue(v.data[rows], v.start) if isinstance(v, SeqValue) else v[rows]
            try:
                noise_placeholder(self.stmt, env, sizes)
                _trajectory_env(self.stmt, env)
                return True, None
            except (ValueError, RuntimeError, ZeroDivisionError, OverflowError) as exc:
                m = hint_re.search(str(exc))
                return False, (int(m.group(1)) if m else None)

        good = torch.ones_like(ok)
        rows = ok.nonzero().flatten()
        if not rows.numel():
            return good
        # 1. one run that marks the rows it cannot take (per-candidate hyperparameters out of
        # range: _validation.ROW_FAULTS)
        from .._validation import ROW_FAULTS
        faults: list = []
        token = ROW_FAULTS.set(faults)
        try:
            whole, _ = runs(rows)
        finally:
            ROW_FAULTS.reset(token)
        n = rows.numel()
        if whole and all(f.shape == (n,) for f in faults):
            # the run went through; the rows it marked are out (every operation of a batched
            # run is row-wise, so the other rows ran as they would alone)
            bad = torch.zeros(n, dtype=torch.bool)
            for f in faults:
                bad |= f.to(bad.device)
            good[rows[bad]] = False
            rows = rows[:0]
        # 2. the rest: an error that names its candidate removes that row (one run per bad
        # row); otherwise bisection (two runs per level)
        budget = [4 * n + 8]

        def settle(r: torch.Tensor) -> None:
            while r.numel():
                budget[0] -= 1
                ran, hint = runs(r)
                if ran:
                    return
                if r.numel() == 1 or budget[0] < 0:
                    good[r] = False
                    return
                if hint is not None and 0 <= hint < r.numel():
                    good[r[hint]] = False
                    r = torch.cat([r[:hint], r[hint + 1:]])
                    continue
                h = r.numel() // 2
                settle(r[:h])
                r = r[h:]

        settle(rows)
        n_bad = int((~good).sum())
        if n_bad:
            causes["float64 range of the algorithm (the run raised)"] += n_bad
        return good

    # -- Hypothesis -----------------------------------------------------------------------------
    def strategy(self, sizes: Mapping[str, int]):
        """A shrinkable Hypothesis strategy of candidate dicts at ``sizes``: the chain fed with
        Hypothesis-drawn ``z`` (floats in [-30, 30], shrinking to 0: mid-range values), gates
        (shrinking to 0: off the bounds) and scales; infeasible draws are rejected."""
        from hypothesis import assume, strategies as st
        from ..verification import candidate_inputs
        sizes = dict(sizes)
        chain, stmt = self.chain, self.stmt

        @st.composite
        def build(draw):
            feed = _HypothesisFeed(draw, st, sizes)
            inputs, ok, _ = chain.run(feed, sizes, 1)
            assume(bool(ok[0]))
            assume(bool(self._runs(inputs, sizes, ok, Counter())[0]))
            return candidate_inputs(stmt, inputs, 0)

        return build()

    # -- guided ---------------------------------------------------------------------------------
    @property
    def reparam(self) -> "DerivedReparam":
        return DerivedReparam(self)


class _HypothesisFeed:
    def __init__(self, draw, st, sizes):
        self.draw, self.st, self.sizes = draw, st, sizes
        self._c: dict[str, float] = {}
        self._full: dict[str, tuple] = {}

    #: longer arrays come from a Hypothesis-drawn seed (not shrunk entry by entry): drawing
    #: hundreds of floats one by one through Hypothesis dominated the phase (cProfile, adafactor)
    MAX_LIST = 64

    def _seeded(self, n):
        seed = self.draw(self.st.integers(0, 2 ** 32 - 1))
        return torch.Generator().manual_seed(seed)

    def _floats(self, n, lo, hi):
        if n > self.MAX_LIST:
            u = torch.rand(n, generator=self._seeded(n), dtype=torch.float64)
            return (lo + (hi - lo) * u).tolist()
        return self.draw(self.st.lists(self.st.floats(lo, hi, allow_nan=False), min_size=n,
                                       max_size=n))

    def _ints(self, n, k):
        if n > self.MAX_LIST:
            return torch.randint(k, (n,), generator=self._seeded(n)).tolist()
        return self.draw(self.st.lists(self.st.integers(0, k - 1), min_size=n, max_size=n))

    def _c_of(self, u):
        if u.name not in self._c:
            self._c[u.name] = self.draw(self.st.floats(-14.0, 14.0))
        return self._c[u.name]

    def value(self, u, pos, lo, hi, S):
        from .engine import value_map
        if u.name not in self._full:  # every entry of the unknown drawn at once
            shape = (1,) + (u.shape(self.sizes) if u.kind == "sequence" else ())
            n = 1
            for s_ in shape:
                n *= s_
            z = torch.tensor(self._floats(n, -30.0, 30.0), dtype=lo.dtype).reshape(shape)
            gate = torch.tensor(self._ints(n, 4), dtype=lo.dtype).reshape(shape)
            self._full[u.name] = (z, gate)
        z, gate = self._full[u.name]
        if pos is not None:
            z, gate = z[:, pos], gate[:, pos]
        c = torch.full(lo.shape, self._c_of(u) if u.kind == "sequence" else 0.0, dtype=lo.dtype)
        return value_map(z, gate, c, lo, hi, S)

    def free(self, u, shape):
        n = 1
        for s in shape:
            n *= s
        u_ = torch.tensor(self._floats(n, -10.0, 10.0), dtype=torch.float64).reshape(shape)
        return u_ * torch.exp(torch.tensor(self._c_of(u), dtype=torch.float64))

    def choice(self, u, pos, options, shape):
        n = 1
        for s in shape:
            n *= s
        k = self._ints(n, options.shape[0])
        return options[torch.tensor(k).reshape(shape)]

    def simplex(self, u, shape, strict, bits):
        K, M = shape[-1], 2 ** bits
        base = 1 if strict else 0
        R = M - base * K
        cuts = sorted(self.draw(self.st.lists(self.st.integers(0, R), min_size=K - 1,
                                              max_size=K - 1)))
        edges = [0] + cuts + [R]
        parts = [edges[i + 1] - edges[i] + base for i in range(K)]
        return (torch.tensor(parts, dtype=torch.float64) / M).reshape(shape)

    def atoms(self, u, shape):
        return self.free(u, shape)


#: a redraw of rejected rows draws at most this many times the batch (a very low acceptance
#: still ends in :data:`RETRIES` rounds; what is left copies accepted rows)
REDRAW_CAP = 8


def _redraw_rows(missing: int, acceptance: float, B: int) -> int:
    """Rows to draw so that ``missing`` rejected ones are likely all replaced in one round:
    1.5 x ``missing`` / the acceptance so far, at least ``missing``, at most
    :data:`REDRAW_CAP` x ``B`` (and at least 1)."""
    acc = min(1.0, max(acceptance, 1.0 / REDRAW_CAP))
    return max(1, min(REDRAW_CAP * B, max(missing, math.ceil(1.5 * missing / acc))))


def _put_rows(old, dst: torch.Tensor, new, src: torch.Tensor):
    """``old`` with its rows ``dst`` replaced by the rows ``src`` of ``new``."""
    if isinstance(old, SeqValue):
        data = old.data.clone()
        data[dst] = new.data[src]
        return SeqValue(data, old.start)
    out = old.clone()
    out[dst] = new[src]
    return out


class DerivedReparam:
    """The :class:`~adaproof.search.reparam.Reparam` of the derived chain: ``forward`` runs the
    chain on the guided phase's variables (differentiable: every map is a torch op, the bounds
    depend on earlier unknowns through the same ops), ``init`` recovers the variables from given
    inputs (:class:`~adaproof.derive.engine.InverseFeed`), ``random`` is ``init`` of a random
    draw."""

    def __init__(self, d: Derivation):
        self.d = d

    def forward(self, z: Mapping[str, torch.Tensor], sizes: Mapping[str, int]) -> dict:
        B = next(iter(z.values())).shape[0]
        inputs, ok, _ = self.d.chain.run(ZFeed(z), sizes, B)
        if self.d.stmt.trajectory is not None:  # rows the algorithm cannot run: a good row's
            with torch.no_grad():
                det = {k: (SeqValue(v.data.detach(), v.start) if isinstance(v, SeqValue)
                           else v.detach()) for k, v in inputs.items()}
                runs = self.d._runs(det, sizes, torch.ones(B, dtype=torch.bool), Counter())
            if not bool(runs.all()) and bool(runs.any()):
                good = runs.nonzero().flatten()
                idx = torch.where(runs, torch.arange(B), good[torch.arange(B) % good.numel()])
                inputs = {k: (SeqValue(v.data[idx], v.start) if isinstance(v, SeqValue)
                              else v[idx]) for k, v in inputs.items()}
        return inputs

    def init(self, inputs: Mapping, sizes: Mapping[str, int]) -> dict[str, torch.Tensor]:
        B = next(v.data.shape[0] if isinstance(v, SeqValue) else v.shape[0]
                 for v in inputs.values() if isinstance(v, (SeqValue, torch.Tensor)))
        feed = InverseFeed(inputs, B)
        with torch.no_grad():
            self.d.chain.run(feed, sizes, B)
        out = {}
        for k, v in feed.z.items():
            switch = k.endswith("#gate") or k.endswith("#k")
            out[k] = v.detach().clone().requires_grad_(not switch)
        return out

    def random(self, B: int, sizes: Mapping[str, int], generator: torch.Generator, *,
               dtype=torch.float64, device="cpu") -> dict[str, torch.Tensor]:
        ctx = SampleContext(B=B, sizes=dict(sizes), generator=generator, dtype=dtype,
                            device=device)
        with torch.no_grad():
            inputs, _, _ = self.d.chain.run(RandomFeed(B, generator, dtype, device), sizes, B,
                                            dtype=dtype, device=device)
        del ctx
        return self.init(inputs, sizes)


# ---------------------------------------------------------------------------------------------
# accessors used by the checker and the search phases
# ---------------------------------------------------------------------------------------------
_CACHE: dict[int, tuple[Statement, Derivation]] = {}


def derivation(stmt: Statement) -> Derivation:
    """The (cached) :class:`Derivation` of ``stmt``; raises :class:`DerivationError` when the
    engine cannot derive it (the message names the quantity or hypothesis)."""
    hit = _CACHE.get(id(stmt))
    if hit is not None and hit[0] is stmt:
        return hit[1]
    d = Derivation(stmt)
    _CACHE[id(stmt)] = (stmt, d)
    return d


def sampler_for(stmt: Statement):
    """``stmt.sampler``, or the derived sampler when it has none."""
    return stmt.sampler if stmt.sampler is not None else derivation(stmt).sampler


def sizes_for(stmt: Statement):
    """``stmt.sizes``, or the derived size ladder when it has none."""
    return stmt.sizes if stmt.sizes is not None else derivation(stmt).sizes


def strategy_for(stmt: Statement):
    """``stmt.strategy``; for a statement without a hand-written sampler, the derived strategy;
    otherwise None (the Hypothesis phase then falls back on the statement's sampler)."""
    if stmt.strategy is not None:
        return stmt.strategy
    if stmt.sampler is None:
        return derivation(stmt).strategy
    return None


def reparam_for(stmt: Statement):
    """``stmt.reparam``; for a statement without a hand-written sampler, the derived one;
    otherwise None."""
    if stmt.reparam is not None:
        return stmt.reparam
    if stmt.sampler is None:
        return derivation(stmt).reparam
    return None


def default_phases(stmt: Statement) -> tuple[str, ...]:
    """The phases a check runs by default: all three for a statement whose inputs are derived;
    for one with a hand-written sampler, Hypothesis and guided only where it gives a strategy and
    a reparameterisation (unchanged behaviour for the built-in statements)."""
    if stmt.sampler is None:
        # statements in expectation too: the Hypothesis phase draws the law (probabilities
        # included), the guided phase differentiates through the enumerated noise paths
        # (adaproof.derive.laws_phases)
        from ..horizon import is_horizon_only
        if is_horizon_only(stmt):  # nothing continuous for the guided search to move
            return ("random", "hypothesis")
        return ("random", "hypothesis", "guided")
    return tuple(p for p in ("random", "hypothesis", "guided") if p == "random" or
                 (p == "hypothesis" and stmt.strategy is not None) or
                 (p == "guided" and stmt.reparam is not None))


def acceptance_mark(stmt: Statement) -> tuple[int, int] | None:
    """``(drawn, accepted)`` so far by the derived sampler of ``stmt`` (None: hand sampler)."""
    if stmt.sampler is not None:
        return None
    try:
        d = derivation(stmt)
    except DerivationError:
        return None
    return d.drawn, d.accepted


def acceptance_since(stmt: Statement, mark) -> float | None:
    """The derived sampler's acceptance rate over the draws since ``mark``."""
    if mark is None:
        return None
    d = derivation(stmt)
    n = d.drawn - mark[0]
    return None if n <= 0 else round((d.accepted - mark[1]) / n, 6)


def without_hand_samplers(stmt: Statement) -> Statement:
    """A copy of ``stmt`` with its sampler, sizes, strategy and reparameterisation removed, so
    that everything is derived (``check(..., sampler="derived")``)."""
    if stmt.sampler is None and stmt.sizes is None and stmt.strategy is None and \
            stmt.reparam is None:
        return stmt
    # one copy per statement, so that its derivation (cached per statement object) is built
    # once per process, and before a wall-clock budget's clock (adaproof.warmup)
    hit = _COPIES.get(id(stmt))
    if hit is not None and hit[0] is stmt:
        return hit[1]
    copy = dataclasses.replace(stmt, sampler=None, sizes=None, strategy=None, reparam=None)
    _COPIES[id(stmt)] = (stmt, copy)
    return copy


#: id(statement) -> (statement, its copy without hand samplers)
_COPIES: dict[int, tuple[Statement, Statement]] = {}
