"""Session 11 (d11b): the faster derived draw gives the same inputs as the reference paths.

* :func:`adaproof.derive.engine.memo_env` (a per-call memo of shared subexpressions) against
  ``MEMO = False`` (every node recomputed where it recurs);
* :mod:`adaproof.derive.boundary` on the rows a pair owns (``SUB_BATCH``) against the whole
  batch;
* the level-by-level bisection against one step at a time;
* the NaN re-check of a hypothesis on the inputs alone against the full exact environment.

Draws are compared bit for bit (float64 bit patterns, NaN included)."""
import math

import pytest
import sympy as sp
import torch

from adaproof import lemmas
from adaproof.derive import DerivationError, derivation, without_hand_samplers
from adaproof.derive import boundary, engine
from adaproof.derive.boundary import leaf_scalars
from adaproof.statement import Hypothesis, Quantity, SampleContext, Statement
from adaproof.symbolic import SeqValue

x, y, z = sp.symbols("x y z", real=True)


def _user(hyps, lhs=None, rhs=None):
    quantities = (Quantity("x", "scalar", "R", "x"), Quantity("y", "scalar", "R", "y"),
                  Quantity("z", "scalar", "R", "z"))
    return Statement(id="test/d11b", paper="test", kind="lemma", number="1", title="t",
                     section="", family="other", quantities=quantities,
                     hypotheses=tuple(Hypothesis(h) for h in hyps),
                     lhs=x * y if lhs is None else lhs, rhs=z if rhs is None else rhs)


def _bits(v):
    t = v.data if isinstance(v, SeqValue) else v
    t = t.detach().to(torch.float64).contiguous()
    return t.view(torch.int64)


def _draws(stmt, sizes, B, seed, reps=3):
    d = derivation(stmt)
    out = []
    for r in range(reps):
        gen = torch.Generator().manual_seed(seed + r)
        ctx = SampleContext(B=B, sizes=dict(sizes), generator=gen)
        out.append(d.sampler(ctx))
    return out


def _same(a, b):
    assert len(a) == len(b)
    for da, db in zip(a, b):
        assert sorted(da) == sorted(db)
        for k in da:
            assert torch.equal(_bits(da[k]), _bits(db[k])), k


def _reference(monkeypatch):
    monkeypatch.setattr(engine, "MEMO", False)
    monkeypatch.setattr(boundary, "SUB_BATCH", False)


def _moves(stmt, sizes, B, seed, monkeypatch):
    """How many boundary placements moved at least one row (so that the comparison exercises
    the placement, not only the rest of the draw)."""
    moved = []
    real = boundary._place

    def spy(chain, feed, env, *a, **kw):
        name = a[6].name  # (sizes, B, dtype, device, e, op, u, mine)
        before = env[name].clone()
        try:
            return real(chain, feed, env, *a, **kw)
        finally:
            moved.append(not torch.equal(_bits(before), _bits(env[name])))
    monkeypatch.setattr(boundary, "_place", spy)
    _draws(stmt, sizes, B, seed, reps=2)
    monkeypatch.setattr(boundary, "_place", real)
    return sum(moved)


def _unsolved():
    # x² + y² − x·y ≥ 1 is affine in no unknown: enforced by rejection, with leaf scalars
    return _user([sp.GreaterThan(x ** 2 + y ** 2 - x * y + sp.sin(x * y), 1),
                  sp.StrictGreaterThan(z, -5)])


def test_user_statement_has_a_boundary_to_place():
    d = derivation(_unsolved())
    assert d.plan.rejections
    assert leaf_scalars(d.plan)


@pytest.mark.parametrize("B", [8, 64])
def test_fast_paths_give_the_reference_draw_user(B, monkeypatch):
    stmt = _unsolved()
    assert _moves(stmt, {}, B, 3, monkeypatch) > 0
    fast = _draws(stmt, {}, B, 3)
    _reference(monkeypatch)
    slow = _draws(stmt, {}, B, 3)
    _same(fast, slow)


@pytest.mark.parametrize("key,sizes", [
    ("adam_complexity/lemma-1", {"T": 5, "d": 2}),
    ("adafactor/eq-29", {"T": 4, "n": 3, "m": 2}),
    ("adam_complexity/theorem-2@corrected", {"T": 3, "d": 2}),
])
def test_fast_paths_give_the_reference_draw_lemmas(key, sizes, monkeypatch):
    stmt = without_hand_samplers(lemmas.get(key))
    fast = _draws(stmt, sizes, 16, 0, reps=2)
    _reference(monkeypatch)
    slow = _draws(stmt, sizes, 16, 0, reps=2)
    _same(fast, slow)


@pytest.mark.slow
def test_fast_paths_give_the_reference_draw_theorem_1_logistic(monkeypatch):
    stmt = without_hand_samplers(lemmas.get("adam_complexity/theorem-1-logistic@corrected"))
    fast = _draws(stmt, {"T": 3, "d": 2}, 8, 0, reps=2)
    _reference(monkeypatch)
    slow = _draws(stmt, {"T": 3, "d": 2}, 8, 0, reps=2)
    _same(fast, slow)


def _bisect_one_step(good, bad, steps, test):
    for _ in range(steps):
        m = boundary._mid(good, bad)
        f = test(m)
        good, bad = torch.where(f, m, good), torch.where(f, bad, m)
    return good, bad


@pytest.mark.parametrize("steps", [1, 5, 7, 56])
@pytest.mark.parametrize("n", [3, 37])
def test_level_by_level_bisection_is_the_one_step_bisection(steps, n):
    g = torch.Generator().manual_seed(steps)
    thr = torch.randn(n, generator=g, dtype=torch.float64) * 10 ** torch.randint(
        -5, 5, (n,), generator=g).to(torch.float64)
    good = thr - torch.rand(n, generator=g, dtype=torch.float64) * 100
    bad = thr + torch.rand(n, generator=g, dtype=torch.float64) * 100
    bad[0] = good[0]  # an empty interval stays put
    test = lambda v: v <= thr.reshape(-1, *([1] * (v.dim() - 1)))  # noqa: E731
    calls = []

    def many(xs):
        calls.append(xs.shape[1])
        return test(xs)
    a = boundary._bisect(good.clone(), bad.clone(), steps, many)
    b = _bisect_one_step(good.clone(), bad.clone(), steps, test)
    assert torch.equal(a[0].view(torch.int64), b[0].view(torch.int64))
    assert torch.equal(a[1].view(torch.int64), b[1].view(torch.int64))
    depth = boundary.DEPTH
    while depth < boundary.MAX_DEPTH and (2 ** (depth + 1) - 1) * n <= boundary._DEEP_ROWS:
        depth += 1
    assert depth > boundary.DEPTH or n > 16  # few rows: deeper trees per call
    assert len(calls) == math.ceil(steps / depth)


def test_nan_recheck_on_inputs_alone_still_reports_a_complex_hypothesis():
    stmt = _user([sp.sqrt(x) + sp.sqrt(y) >= -1])
    chain = derivation(stmt).chain
    rel = stmt.hypotheses[0].relation
    assert chain._reads_no_run(rel, (), {"x", "y", "z"})
    assert not chain._reads_no_run(rel, (), {"x", "z"})
    with pytest.raises(DerivationError, match="NaN or complex|undefined"):
        derivation(stmt).sampler(SampleContext(B=128, sizes={},
                                               generator=torch.Generator().manual_seed(0)))


def test_nan_recheck_falls_back_on_the_full_environment(monkeypatch):
    """The light environment failing (here: forced) decides on the full one, as before."""
    from adaproof.derive import engine as eng
    stmt = _user([sp.sqrt(x) + sp.sqrt(y) >= -1])
    used = []

    def broken(cand, sizes):
        used.append(1)
        return {}  # every name missing: the light evaluation raises
    monkeypatch.setattr(eng, "_mp_inputs", broken)
    import adaproof.verification as ver
    full = []
    real_full = ver._mp_env

    def spy(*a, **kw):
        full.append(1)
        return real_full(*a, **kw)
    monkeypatch.setattr(ver, "_mp_env", spy)
    with pytest.raises(DerivationError, match="NaN or complex|undefined"):
        derivation(stmt).sampler(SampleContext(B=128, sizes={},
                                               generator=torch.Generator().manual_seed(0)))
    assert used and full
