"""The exact walker's per-call memo (``symbolic.mp_eval``): a subtree whose index symbols are
bound to the values it was evaluated at before is not evaluated again within one call, and the
values are the very ``mpf`` the plain walker (``symbolic._mp`` without a memo) computes, errors
included."""
import itertools

import mpmath
import pytest
import sympy as sp
import torch

from adaproof import lemmas, symbolic
from adaproof.derive import sampler_for, sizes_for
from adaproof.derive.domains import DerivationError
from adaproof.expectation import path_list
from adaproof.statement import SampleContext
from adaproof.symbolic import EvaluationError, index_symbols, mp_eval
from adaproof.verification import _mp_env, candidate_inputs

#: the plain walker takes 10-25 s on one candidate of these at smoke sizes (the memo: < 1 s);
#: they are in the slow test over every statement
HEAVY = {"adafactor/eq-22-a", "alphaadam/lemma-E.2", "adam_complexity/eq-12", "adam_linf/eq-14"}
#: the statement of issue 10 and its neighbours: nested sums with loop-invariant subtrees
NESTED = ["adafactor/eq-107-a", "adafactor/eq-107-b", "adafactor/eq-100-a", "adafactor/eq-109-step"]


def _same(a, b) -> bool:
    """The same value bit for bit (an mpf's (sign, mantissa, exponent, bits); NaN equals NaN)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, mpmath.mpf):
        return a._mpf_ == b._mpf_
    if isinstance(a, mpmath.mpc):
        return a._mpc_ == b._mpc_
    return a == b


def _outcome(f):
    try:
        return "value", f()
    except Exception as exc:  # noqa: BLE001 - the error itself is compared
        return "error", (type(exc), str(exc))


def _compare(key, *, cands: int, seed: int, indices: int, dps: int = 60) -> int:
    """Plain walker against mp_eval on ``cands`` sampled candidates of ``key`` (a statement in
    expectation on its first noise path), both sides and every hypothesis, at the first
    ``indices`` universal indices; returns how many values were compared."""
    stmt = lemmas.get(key) if isinstance(key, str) else key  # a key, or a variant itself
    if hasattr(stmt, "verify_computed"):
        return 0
    gen = torch.Generator().manual_seed(seed)
    sizes = sizes_for(stmt)(gen, "smoke")
    try:
        inputs = sampler_for(stmt)(SampleContext(B=cands, sizes=sizes, generator=gen))
    except DerivationError:  # no derived draw passes the hypotheses (2 statements): no candidate
        return 0
    n = 0
    for j in range(cands):
        cand = candidate_inputs(stmt, inputs, j)
        if stmt.noise is not None:
            _, xi = next(iter(path_list(stmt.noise, cand, sizes)))
            cand[stmt.noise.name] = {"start": list(stmt.noise.start), "values": xi}
        with mpmath.workdps(dps):
            env = _mp_env(stmt, cand, sizes)
            ranges = [range(int(mp_eval(sp.sympify(lo), env)),
                            int(mp_eval(sp.sympify(hi), env)) + 1) for _, lo, hi in stmt.forall]
            for c in itertools.islice(itertools.product(*ranges), indices):
                idx = {s: k for (s, _, _), k in zip(stmt.forall, c)}
                exprs = [stmt.lhs, stmt.rhs] + [h.relation for h in stmt.hypotheses if not h.forall]
                for e in exprs:
                    plain = (symbolic._mp_rel if isinstance(e, (sp.Rel, sp.And)) else symbolic._mp)
                    a = _outcome(lambda: plain(e, env, dict(idx)))
                    b = _outcome(lambda: mp_eval(e, env, idx))
                    assert a[0] == b[0], (key, c, e, a, b)
                    assert (a[1] == b[1]) if a[0] == "error" else _same(a[1], b[1]), (key, c, a, b)
                    n += 1
    return n


#: statements across the five papers whose sides hold sums (nested ones among them), Max,
#: IndexMax/IndexMin, Piecewise, log, exp (all of them: the slow test below)
COVER = [
    "adafactor/eq-110-a", "adafactor/eq-112-step", "adafactor/eq-47-a", "adafactor/eq-53-b",
    "adafactor/eq-59-e", "adafactor/eq-84-b", "adafactor/lemma-B.2-a", "adafactor/lemma-B.2-j",
    "adagrad_aniso/eq-17", "adagrad_aniso/eq-22-b", "adagrad_aniso/example-B.1-b",
    "adagrad_aniso/lemma-E.2", "adagrad_aniso/lemma-F.2-c", "adagrad_aniso/lemma-F.3-b",
    "adagrad_aniso/lemma-F.4-descent", "adagrad_aniso/lemma-G.4",
    "adam_complexity/eq-11-log-step", "adam_complexity/eq-4-exchange-smooth",
    "adam_complexity/lemma-1-a-cond-a2", "adam_complexity/lemma-1-b",
    "adam_complexity/lemma-1-b-cond-smooth", "adam_complexity/lemma-1-circ",
    "adam_complexity/lemma-2-c", "adam_complexity/lemma-4",
    "adam_linf/corollary-3.6-noise-floor", "adam_linf/eq-11", "adam_linf/eq-14-last-step",
    "adam_linf/eq-14-max", "adam_linf/eq-3", "adam_linf/lemma-3.13-step-1",
    "adam_linf/theorem-3.11", "adam_linf/theorem-3.2-families",
    "alphaadam/corollary-3.4-adam", "alphaadam/corollary-3.4-ema", "alphaadam/corollary-3.4-var",
    "alphaadam/eq-E.5-a", "alphaadam/lemma-E.3-series", "alphaadam/lemma-E.3-sum-integral",
    "alphaadam/theorem-3.6-orthogonality", "alphaadam/theorem-3.8",
]


@pytest.mark.parametrize("key", NESTED)
def test_memo_gives_the_plain_walkers_values_on_nested_sums(key):
    assert _compare(key, cands=1, seed=7, indices=2) > 0  # eq-107-a: T=1, n=1, m=2, K=3


@pytest.mark.slow
def test_memo_gives_the_plain_walkers_values_on_eq_107_a_at_the_smoke_runs_sizes():
    # T=2, n=3, m=4, K=2: the sizes of the candidate --budget smoke left unverified (issue 10);
    # the plain walker takes about 30 s on it
    assert _compare("adafactor/eq-107-a", cands=1, seed=5, indices=2) > 0


def test_memo_gives_the_plain_walkers_values_at_another_precision():
    assert _compare("adafactor/eq-107-b", cands=1, seed=4, indices=2, dps=120) > 0


def test_memo_gives_the_plain_walkers_values_across_registered_statements():
    assert sum(_compare(k, cands=2, seed=1, indices=2) for k in COVER) > 100


@pytest.mark.slow
@pytest.mark.parametrize("seed", [0, 7])
def test_memo_gives_the_plain_walkers_values_on_every_statement(seed):
    for s in lemmas.statements():
        _compare(s, cands=2, seed=seed, indices=3)


def test_index_symbols_are_sympys_free_symbols():
    def sympys(e):
        return {x for x in e.free_symbols if isinstance(x, sp.Symbol)}
    for k in COVER + NESTED:
        stmt = lemmas.get(k)
        for e in [stmt.lhs, stmt.rhs] + [h.relation for h in stmt.hypotheses]:
            assert set(index_symbols(e)) == sympys(e), (k, e)
    i, j, n = sp.symbols("i j n", integer=True)
    x = sp.IndexedBase("x")
    for e in (sp.Sum(x[i, j], (j, 1, i), (i, 1, n)), sp.Sum(x[i, j], (j, 1, n)),
              symbolic.IndexMax(x[i] * j, (i, 1, n)), sp.Piecewise((x[i], i > j), (0, True)),
              sp.Sum(sp.Max(x[i], j), (i, 1, n + j))):
        assert set(index_symbols(e)) == sympys(e), e
    assert i not in index_symbols(sp.Sum(x[i, j], (j, 1, i), (i, 1, n)))
    assert j in index_symbols(symbolic.IndexMax(x[i] * j, (i, 1, n)))


def _nested():
    """sum_{i<=3} sum_{j<=5} c_j * (sum_{k<=4} a_i b_k): the inner sum depends on i only."""
    i, j, k = sp.symbols("i j k", integer=True)
    a, b, c = sp.IndexedBase("a"), sp.IndexedBase("b"), sp.IndexedBase("c")
    inner = sp.Sum(a[i] * b[k], (k, 1, 4))
    expr = sp.Sum(c[j] * inner, (j, 1, 5), (i, 1, 3))
    env = {"a": ([mpmath.mpf(1) / 3, mpmath.mpf(2) / 7, mpmath.mpf(5)], (1,)),
           "b": ([mpmath.mpf(v) / 11 for v in (1, 2, 3, 4)], (1,)),
           "c": ([mpmath.mpf(v) / 13 for v in (1, -2, 3, -4, 5)], (1,))}
    return expr, inner, env


def _count_inner(monkeypatch, inner) -> list:
    """Record each walker visit of ``inner`` (the invariant Sum) in the returned list."""
    calls = []
    real = symbolic._mp_node
    monkeypatch.setattr(symbolic, "_mp_node",
                        lambda e, *a: (calls.append(e) if e == inner else None) or real(e, *a))
    return calls


def test_an_invariant_inner_sum_is_evaluated_once_per_outer_index(monkeypatch):
    expr, inner, env = _nested()
    calls = _count_inner(monkeypatch, inner)
    plain = symbolic._mp(expr, env, {})
    assert len(calls) == 3 * 5  # the plain walker: once per (i, j)
    calls.clear()
    memo = mp_eval(expr, env)
    assert len(calls) == 3  # once per i
    assert _same(plain, memo)
    a = [sp.Rational(1, 3), sp.Rational(2, 7), sp.Integer(5)]
    b = [sp.Rational(v, 11) for v in (1, 2, 3, 4)]
    c = [sp.Rational(v, 13) for v in (1, -2, 3, -4, 5)]
    exact = sum(c) * sum(a) * sum(b)  # = 3/13 * 118/21 * 10/11
    assert abs(memo - mpmath.mpf(exact.p) / exact.q) < mpmath.mpf(10) ** -13


def test_a_memo_lives_for_one_call_only(monkeypatch):
    expr, inner, env = _nested()
    calls = _count_inner(monkeypatch, inner)
    first = mp_eval(expr, env)
    env2 = dict(env, a=([mpmath.mpf(1), mpmath.mpf(1), mpmath.mpf(1)], (1,)))
    second = mp_eval(expr, env2)  # a new env: nothing of the first call's values is reused
    assert len(calls) == 6 and not _same(first, second)
    with mpmath.workdps(30):  # another precision: another call, the plain walker's value there
        low, low_plain = mp_eval(expr, env), symbolic._mp(expr, env, {})
    assert _same(low, low_plain) and not _same(low, first)


def test_errors_are_the_plain_walkers():
    i, j = sp.symbols("i j", integer=True)
    x = sp.IndexedBase("x")
    env = {"x": ([mpmath.mpf(1), mpmath.mpf(2)], (1,)), "n": 2}
    n = sp.Symbol("n", integer=True)
    out_of_range = sp.Sum(x[i] * sp.Sum(x[j], (j, 1, n + 1)), (i, 1, n))
    missing = sp.Sum(x[i] * sp.Symbol("w"), (i, 1, n))
    for e in (out_of_range, missing, sp.Max(x[3], 1)):
        with pytest.raises(EvaluationError) as plain:
            symbolic._mp(e, env, {})
        with pytest.raises(EvaluationError) as memo:
            mp_eval(e, env)
        assert str(plain.value) == str(memo.value)
