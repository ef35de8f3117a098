"""The ball pre-screen on trees of nested sums (adafactor/eq-107-a, issue 10): its memo keys
use the index symbols cached per node (``symbolic.index_symbols``) instead of SymPy's
``Sum.free_symbols``, which rebuilds the summand (``Max.__new__`` included) -- the decisions
and ratios are those of the walk without any memo and of the previous keys, and agree with
mpmath."""
import pytest
import sympy as sp
import torch

from adaproof import lemmas, prescreen, recurrences, symbolic
from adaproof.derive import sampler_for, sizes_for
from adaproof.statement import SampleContext
from adaproof.verification import candidate_inputs, verify_candidate

pytestmark = pytest.mark.skipif(not prescreen.available(),
                                reason="python-flint (the 'exact' extra) is not installed")

KEY = "adafactor/eq-107-a"


def _cands(seed, B=6):
    stmt = lemmas.get(KEY)
    gen = torch.Generator().manual_seed(seed)
    sizes = sizes_for(stmt)(gen, "smoke")
    inputs = sampler_for(stmt)(SampleContext(B=B, sizes=sizes, generator=gen))
    return stmt, [candidate_inputs(stmt, inputs, j) for j in range(B)], sizes


def _previous_ev(expr, ctx, idx):
    """The walk's memo as it was keyed before: SymPy's free symbols, bound ones only."""
    if expr.is_Atom:
        return prescreen._ev_node(expr, ctx, idx)
    free = tuple(sorted(expr.free_symbols, key=lambda s: s.name))
    key = (expr, tuple(idx[s] for s in free if s in idx))
    out = ctx.memo.get(key)
    if out is None:
        out = ctx.memo[key] = prescreen._ev_node(expr, ctx, idx)
    return out


@pytest.mark.parametrize("seed", [7, pytest.param(5, marks=pytest.mark.slow)])
def test_eq_107_a_decisions_are_unchanged(monkeypatch, seed):
    stmt, cands, sizes = _cands(seed)
    now = prescreen.prescreen(stmt, cands, sizes)
    assert prescreen.HOLDS in now[0]  # the test decides something
    with monkeypatch.context() as m:
        m.setattr(prescreen, "_ev", lambda e, ctx, idx: prescreen._ev_node(e, ctx, idx))
        plain = prescreen.prescreen(stmt, cands, sizes)  # no memo at all
    with monkeypatch.context() as m:
        m.setattr(prescreen, "_ev", _previous_ev)
        previous = prescreen.prescreen(stmt, cands, sizes)
    assert now == plain == previous
    for c, d in zip(cands[:3], now[0][:3]):  # and as mpmath decides
        if d == prescreen.HOLDS:
            v = verify_candidate(stmt, c, sizes)
            assert v.hypotheses_hold and not v.violated and not v.undecided


def test_no_sum_is_rebuilt_per_candidate(monkeypatch):
    """Walking eq-107-a's trees with an empty per-node cache asks SymPy for no Sum's free
    symbols (each such call rebuilds the summand with ``xreplace``)."""
    stmt, cands, sizes = _cands(7, B=3)
    prescreen.prescreen(stmt, cands, sizes)  # the scale expression, built once per statement
    symbolic._INDEX_SYMS.clear()
    recurrences._names.cache_clear()
    calls = []
    real = sp.Basic.xreplace
    monkeypatch.setattr(sp.Basic, "xreplace", lambda self, *a, **k: calls.append(self) or
                        real(self, *a, **k))
    again = prescreen.prescreen(stmt, cands, sizes)
    assert prescreen.HOLDS in again[0]
    assert [c for c in calls if c.has(sp.Sum, sp.Max)] == []


def test_a_binding_of_another_symbol_to_the_same_value_is_another_entry():
    """``f = x[i] + 2 x[j]`` walked at ``{i: 1}`` (``j = 2`` a size) and at ``{j: 1}``
    (``i = 2``): two entries (keyed by the bound values alone, both were ``(f, (1,))``)."""
    from flint import arb
    i, j = sp.symbols("i j", integer=True)
    x = sp.IndexedBase("x")
    f = x[i] + 2 * x[j]
    ctx = prescreen._Ctx({"x": ([prescreen._map(arb, [1.0]), prescreen._map(arb, [2.0])], (1,)),
                          "i": 2, "j": 2}, 1)
    a = prescreen._ev(f, ctx, {i: 1})  # 1 + 2*2
    b = prescreen._ev(f, ctx, {j: 1})  # 2 + 2*1
    assert a[0] == arb(5) and b[0] == arb(4)
