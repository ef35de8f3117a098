"""Public Hypothesis strategies: inputs honour the statements' hypotheses (float screen and exact
check), gradient families produce what they claim, hyperparameters reach the edges."""
from adaproof.derive import sampler_for, sizes_for
import math
from fractions import Fraction

import pytest
import torch
from hypothesis import HealthCheck, Phase, given, seed, settings, strategies as st

from adaproof import lemmas
from adaproof.algorithms.objectives import FiniteSupport, Gaussian, NoiseLaw, StudentT, TwoPoint
from adaproof.search import strategies as S
from adaproof.statement import SampleContext
from adaproof.verification import (candidate_inputs, evaluate_batch, inputs_from_candidates,
                                   verify_candidate)


def draws(strategy, n=200, seed_=0):
    """``n`` values of ``strategy``, deterministically (generate phase only, no database)."""
    out = []

    @seed(seed_)
    @settings(max_examples=n, database=None, deadline=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(strategy)
    def collect(x):
        out.append(x)

    collect()
    return out


def _with_sizes(make, sizes_list):
    return st.sampled_from(sizes_list).flatmap(
        lambda s: make(s).map(lambda c, s=s: (c, dict(s))))


# ---------------------------------------------------------------------------------------------
# inputs satisfying the hypotheses by construction
# ---------------------------------------------------------------------------------------------
def test_log_sum_inputs_satisfy_lemma_3_12_hypotheses_float_and_exact():
    stmt = lemmas.get("adam_linf/lemma-3.12")
    sizes = [{"T": T} for T in (1, 2, 3, 10, 50, 200)]
    xs = draws(_with_sizes(lambda s: S.log_sum_inputs(s["T"]), sizes), n=150)
    assert len({s["T"] for _, s in xs}) == len(sizes)
    for cand, sz in xs:
        assert set(cand) == {"beta2", "v", "g"}
        assert cand["v"]["start"] == [0] and cand["g"]["start"] == [1]
        assert len(cand["v"]["values"]) == sz["T"] + 1 and len(cand["g"]["values"]) == sz["T"]
        assert all(math.isfinite(x) and abs(x) <= S.MAX_ABS for x in cand["g"]["values"])
        ev = evaluate_batch(stmt, inputs_from_candidates([cand]), sz)
        assert bool(ev.admissible[0]), cand
        verdict = verify_candidate(stmt, cand, sz)
        assert verdict.hypotheses_hold, verdict.failed_hypothesis
        assert not verdict.violated  # the lemma is true: a violation would be a library bug


def test_log_sum_inputs_evaluate_as_one_batch_and_reach_the_tight_case():
    stmt = lemmas.get("adam_linf/lemma-3.12")
    cands = draws(S.log_sum_inputs(50), n=120, seed_=1)
    ev = evaluate_batch(stmt, inputs_from_candidates(cands), {"T": 50})
    assert bool(ev.admissible.all())
    assert float(ev.ratio.max()) > 0.99  # stationary v with tight slack: ratio ~ 1


def test_adam_inputs_satisfy_lemma_5_hypotheses_float_and_exact():
    stmt = lemmas.get("adam_complexity/lemma-5")
    sizes = [{"T": T, "d": d} for T in (1, 2, 3, 10) for d in (1, 2, 3)]
    xs = draws(_with_sizes(lambda s: S.adam_inputs(s["T"], s["d"]), sizes), n=100)
    ref = candidate_inputs(stmt, sampler_for(stmt)(SampleContext(
        B=1, sizes={"T": 2, "d": 2}, generator=torch.Generator().manual_seed(0))), 0)
    for cand, sz in xs:
        assert set(cand) == set(ref)
        assert all(cand[k]["start"] == ref[k]["start"] for k in ("g", "nu0", "m0", "w1"))
        assert 0 <= cand["beta1"] < cand["beta2"] < 1 and cand["eta"] > 0
        assert min(cand["nu0"]["values"]) > 0 and set(cand["m0"]["values"]) == {0.0}
        ev = evaluate_batch(stmt, inputs_from_candidates([cand]), sz)
        assert bool(ev.admissible[0]), cand
        verdict = verify_candidate(stmt, cand, sz)
        assert verdict.hypotheses_hold, verdict.failed_hypothesis
        assert not verdict.violated


@pytest.mark.parametrize("key", ["adam_linf/lemma-3.12", "adam_complexity/lemma-5"])
def test_statements_carry_their_strategy_and_from_sampler_works(key):
    stmt = lemmas.get(key)
    assert stmt.strategy is not None
    sizes = sizes_for(stmt)(torch.Generator().manual_seed(0), "smoke")
    for make in (stmt.strategy, lambda s: S.from_sampler(stmt, s)):
        cands = draws(make(sizes), n=10)
        ev = evaluate_batch(stmt, inputs_from_candidates(cands), sizes)
        assert bool(ev.admissible.all())


def test_build_log_sum_v_holds_exactly_at_the_edges():
    stmt = lemmas.get("adam_linf/lemma-3.12")
    for b2 in (S._ONE_MINUS_U, 1e-300, 0.5):
        g = [1e150, 0.0, 1e-200, 3.0, -1e150]
        v = S.build_log_sum_v(b2, g, [0.0] * 5, 1e-280)
        cand = {"beta2": b2, "v": S.sequence_value(v, (0,)), "g": S.sequence_value(g, (1,))}
        assert verify_candidate(stmt, cand, {"T": 5}).hypotheses_hold


# ---------------------------------------------------------------------------------------------
# gradient sequences
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("shape", [(), (3,), (2, 3)])
def test_gradient_sequences_shape_dtype_and_bounds(shape):
    xs = draws(S.gradient_sequences(st.integers(1, 64), shape), n=150)
    for g in xs:
        assert isinstance(g, torch.Tensor) and g.dtype == torch.float64
        assert g.shape[1:] == shape and 1 <= g.shape[0] <= 64
        assert bool(torch.isfinite(g).all()) and float(g.abs().max()) <= S.MAX_ABS
        assert bool(torch.isfinite(g * g).all())
    mags = [float(g.abs().max()) for g in xs]
    assert any(0 < m < 1e-100 for m in mags) and any(m > 1e100 for m in mags)  # tiny and huge
    assert any(m == 0 for m in mags)  # exact zeros
    assert any(bool((g == 0).any()) and bool((g != 0).any()) for g in xs)


def test_long_sequences_are_cheap_and_valid():
    xs = draws(S.gradient_sequences(st.just(3000), (2,)), n=20)
    assert all(g.shape == (3000, 2) and bool(torch.isfinite(g).all()) for g in xs)


def _fam(name, T=st.integers(1, 40), shape=(), n=80, **kw):
    return draws(S.gradient_sequences(T, shape, families=[name], **kw), n=n)


@pytest.mark.parametrize("shape", [(), (4,)])
def test_constant_family_is_constant(shape):
    for g in _fam("constant", shape=shape):
        assert bool((g == g[:1]).all())


@pytest.mark.parametrize("shape", [(), (3,)])
def test_geometric_family_is_monotone_per_coordinate(shape):
    for g in _fam("geometric", T=st.integers(2, 60), shape=shape):
        a = g.abs().reshape(g.shape[0], -1)
        up = (a[1:] >= a[:-1] * (1 - 1e-12)).all(0)
        down = (a[1:] <= a[:-1] * (1 + 1e-12)).all(0)
        assert bool((up | down).all())


def test_geometric_family_reaches_rates_near_hints_and_one():
    hint = math.sqrt(0.999)
    ratios = []
    for g in _fam("geometric", T=st.just(8), n=200, rate_hints=[hint], scaled=False):
        if bool((g != 0).all()):
            ratios.append(float(g[1].abs() / g[0].abs()))
    assert any(abs(r / hint - 1) < 1e-9 for r in ratios)
    assert any(r != 1 and abs(r - 1) < 1e-9 for r in ratios)


@pytest.mark.parametrize("shape", [(), (3,), (2, 2)])
def test_spike_family_has_a_spike(shape):
    for g in _fam("spike", T=st.integers(2, 50), shape=shape):
        m = g.abs().reshape(g.shape[0], -1).amax(1)  # per step
        s = m.sort().values
        assert float(s[(len(s) - 1) // 2]) <= 1e-3 * float(s[-1])
        assert float(s[-1]) > 0


@pytest.mark.parametrize("shape", [(), (3,)])
def test_alternating_family_alternates(shape):
    for g in _fam("alternating", T=st.integers(2, 40), shape=shape):
        assert bool((g[1:] * g[:-1] <= 0).all())


def test_sparse_family_puts_the_mass_on_one_coordinate():
    for g in _fam("sparse", shape=(5,)):
        assert bool(((g != 0).sum(1) <= 1).all())
    for g in _fam("sparse", T=st.integers(1, 100)):
        assert int((g != 0).sum()) <= max(1, g.shape[0] // 10)


def test_sparse_matrices_use_one_row_or_one_column_and_can_alternate():
    alternating = False
    for g in _fam("sparse", T=st.integers(2, 12), shape=(3, 4), n=120):
        rows_cols = []
        for G in g:
            nz = (G != 0).nonzero()
            rows, cols = set(nz[:, 0].tolist()), set(nz[:, 1].tolist())
            assert len(rows) <= 1 or len(cols) <= 1
            rows_cols.append("row" if len(cols) > 1 else "col" if len(rows) > 1 else "one")
        alternating |= "row" in rows_cols[0::2] and "col" in rows_cols[1::2]
    assert alternating


def test_heavy_tailed_family_has_heavy_tails():
    xs = _fam("heavy_tailed", T=st.just(200), scaled=False)
    heavy = [float(g.abs().max() / g.abs().median()) for g in xs]
    assert max(heavy) > 100


def test_ramp_family_is_linear_in_time():
    for g in _fam("ramp", T=st.integers(3, 40), scaled=False):
        d = g[1:] - g[:-1]
        assert float((d - d[:1]).abs().max()) <= 1e-12


def test_zeros_and_raw_families():
    for g in _fam("zeros", T=st.integers(50, 100)):
        assert float((g == 0).double().mean()) >= 0.5
    raw = _fam("raw", T=st.integers(1, 10), n=150)
    assert any(0 < float(g.abs().max()) and float(g.abs().max()) > 1e100 for g in raw)


@pytest.mark.parametrize("fam", ["mixture", "concat"])
def test_combined_families_are_valid(fam):
    for g in _fam(fam, T=st.integers(1, 60), shape=(2,)):
        assert g.shape[1:] == (2,) and bool(torch.isfinite(g).all())
        assert float(g.abs().max()) <= S.MAX_ABS


def test_unknown_family_is_rejected():
    with pytest.raises(ValueError, match="unknown gradient families"):
        S.gradient_sequences(5, families=["nope"])


def test_rescale_frobenius_bounds_every_step_exactly():
    G = torch.tensor([[[1e150, -1e150], [1e150, 3.0]], [[0.1, 0.0], [0.0, 0.0]],
                      [[0.0, 0.0], [0.0, 0.0]]], dtype=torch.float64)
    for bound in (1.0, 1e-3, 7.5):
        H = S.rescale_frobenius(G, bound)
        for Ht in H:
            assert sum(Fraction(x) ** 2 for x in Ht.flatten().tolist()) <= Fraction(bound) ** 2
        assert torch.equal(H[1], G[1] if 0.1 < bound else H[1])
    H = S.rescale_frobenius(G, 1.0, per_step=False)
    assert torch.allclose(H[1] / H[0, 1, 1], G[1] / G[0, 1, 1])
    for Gs in draws(S.bounded_matrix_sequences(st.integers(1, 10), 2, 3, 2.0), n=50):
        assert bool((torch.linalg.matrix_norm(Gs) <= 2.0).all())


# ---------------------------------------------------------------------------------------------
# hyperparameters at the edges
# ---------------------------------------------------------------------------------------------
def test_betas_reach_both_edges():
    xs = draws(S.betas())
    assert all(0 < b < 1 for b in xs)
    assert any(b > 1 - 1e-6 for b in xs) and any(b < 1e-6 for b in xs)
    assert any(b > 1 - 1e-14 for b in xs)
    assert 0.0 in draws(S.betas(allow_zero=True), n=100)


def test_beta_pairs_are_ordered_exactly_and_reach_the_edges():
    xs = draws(S.beta_pairs())
    assert all(0 <= b1 < b2 < 1 for b1, b2 in xs)
    assert any(b1 == 0 for b1, _ in xs)
    assert any(b1 > 0 and b1 ** 2 / b2 > 1 - 1e-6 for b1, b2 in xs)  # beta1^2 close to beta2
    assert any(b2 > 1 - 1e-6 for _, b2 in xs) and any(b2 < 1e-6 for _, b2 in xs)
    sq = draws(S.beta_pairs("beta1^2<beta2"))
    assert all(Fraction(b1) ** 2 < Fraction(b2) and 0 <= b1 < 1 for b1, b2 in sq)
    assert any(b1 > b2 for b1, b2 in sq)
    assert any(b1 > 0 and Fraction(b1) ** 2 / Fraction(b2) > 1 - Fraction(1, 10 ** 9)
               for b1, b2 in sq)
    with pytest.raises(ValueError):
        draws(S.beta_pairs("beta1>beta2"), n=1)


def test_small_and_large_hyperparameters():
    eps = draws(S.epsilons(), n=150)
    assert 0.0 in eps and any(0 < e < 1e-300 for e in eps) and all(e >= 0 for e in eps)
    v0 = draws(S.initial_second_moments(allow_zero=True), n=150)
    assert 0.0 in v0 and any(0 < v < 1e-100 for v in v0)
    assert all(v > 0 for v in draws(S.initial_second_moments(), n=100))
    lr = draws(S.learning_rates(), n=150)
    assert all(x > 0 for x in lr) and any(x >= 1e5 for x in lr) and any(x < 1e-8 for x in lr)
    T = draws(S.horizons(5000), n=150)
    assert 1 in T and max(T) >= 1000 and all(1 <= t <= 5000 for t in T)


# ---------------------------------------------------------------------------------------------
# noise laws
# ---------------------------------------------------------------------------------------------
def test_noise_laws_cover_the_families_and_are_standardised():
    laws = draws(S.noise_laws(), n=150)
    assert all(isinstance(x, NoiseLaw) for x in laws)
    assert {type(x) for x in laws} == {Gaussian, TwoPoint, FiniteSupport, StudentT}
    for law in laws:
        if isinstance(law, FiniteSupport):
            mean = float((law.values * law.probs).sum())
            var = float((law.values ** 2 * law.probs).sum())
            assert abs(mean) < 1e-9 and abs(var - 1) < 1e-9
        if isinstance(law, StudentT):
            assert law.nu > 2
        x = law.sample((64,), torch.Generator().manual_seed(0), torch.zeros(1, dtype=torch.float64))
        assert bool(torch.isfinite(x).all())
    assert any(isinstance(x, StudentT) and x.nu < 2.1 for x in laws)


def test_finite_support_distributions_have_the_given_moments():
    for vals, probs in draws(S.finite_support_distributions(2.0, 3.0), n=100):
        v, p = torch.tensor(vals, dtype=torch.float64), torch.tensor(probs, dtype=torch.float64)
        assert abs(float(p.sum()) - 1) < 1e-12 and bool((p >= 0).all())
        mean = float((v * p).sum())
        assert abs(mean - 2.0) < 1e-9 and abs(float(((v - mean) ** 2 * p).sum()) - 3.0) < 1e-9
    assert any(min(p) < 1e-3 for _, p in draws(S.finite_support_distributions(), n=100))


def test_noise_scales():
    assert all(s >= 0 for s in draws(S.noise_scales(), n=50))
    vs = draws(S.noise_scales(4), n=50)
    assert all(v.shape == (4,) and bool((v >= 0).all()) for v in vs)
    assert any(int((v != 0).sum()) == 1 for v in vs)
