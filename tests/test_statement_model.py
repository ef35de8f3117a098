"""The statement model end to end: registry, SymPy->torch and SymPy->mpmath evaluation, the
checker's verdicts (holds / violated / error) and the exact re-verification."""
import dataclasses
import json
import math

import mpmath
import pytest
import sympy as sp
import torch

from adaproof import AdaproofInputError, lemmas
from adaproof.checker import check
from adaproof.proofs import Known, check_identity, check_proof, check_step
from adaproof.statement import ProofStep
from adaproof.statement import Hypothesis, Quantity, SampleContext, Statement
from adaproof.symbolic import SeqValue, mp_eval, torch_eval
from adaproof.verification import candidate_inputs, evaluate_batch, verify_candidate
from adaproof.derive import sampler_for, sizes_for


def _batch(stmt, seed=0, B=64, preset="smoke"):
    gen = torch.Generator().manual_seed(seed)
    sizes = sizes_for(stmt)(gen, preset)
    return sampler_for(stmt)(SampleContext(B=B, sizes=sizes, generator=gen)), sizes


def test_registry_lookup_and_filters():
    keys = [s.key for s in lemmas.all()]
    assert "adam_linf/lemma-3.12" in keys and "adam_complexity/lemma-5" in keys
    logsum = lemmas.all(paper="adam_linf", family="log-sum")
    assert "adam_linf/lemma-3.12" in [s.key for s in logsum]
    assert all(s.paper == "adam_linf" and s.family == "log-sum" for s in logsum)
    assert "adam_complexity/lemma-5" not in [s.key for s in logsum]
    with pytest.raises(AdaproofInputError, match=r"closest known ids: .*adam_linf/lemma-3\.12"):
        lemmas.get("adam_linf/lemma-3.21")
    with pytest.raises(AdaproofInputError, match="paper must be one of"):
        lemmas.all(paper="adam")
    info = lemmas.get("adam_complexity/lemma-5").to_json()
    json.dumps(info)
    assert any(h["silent"] for h in info["hypotheses"])


def test_lemma_3_12_sides_match_a_hand_computation():
    stmt = lemmas.get("adam_linf/lemma-3.12")
    inputs, sizes = _batch(stmt, seed=3)
    ev = evaluate_batch(stmt, inputs, sizes)
    g, v, b2 = inputs["g"].data, inputs["v"].data, inputs["beta2"]
    T = sizes["T"]
    lhs = (g ** 2 / v[:, 1:]).sum(1)
    # the right side by hand in mpmath: in float64, log(v_T) − log(v_0) cancels where v_T ≈ v_0,
    # and β₂/(1 − β₂) (up to 1e8 for β₂ near 1) magnifies that into more than 1e-9
    mpmath.mp.dps = 40
    rhs = torch.tensor([float(T + mpmath.mpf(float(b)) / (1 - mpmath.mpf(float(b))) * mpmath.log(
        mpmath.mpf(float(vT)) / mpmath.mpf(float(v0)))) for b, vT, v0 in zip(b2, v[:, T], v[:, 0])],
        dtype=torch.float64)
    assert torch.allclose(ev.lhs, lhs, rtol=1e-12, atol=0)
    assert torch.allclose(ev.rhs, rhs, rtol=1e-9, atol=1e-9)
    assert bool(ev.admissible.all())  # the sampler satisfies the hypotheses by construction


@pytest.mark.parametrize("key", ["adam_linf/lemma-3.12", "adam_complexity/lemma-5"])
def test_torch_and_mpmath_evaluations_agree(key):
    stmt = lemmas.get(key)
    inputs, sizes = _batch(stmt, seed=5, B=8)
    ev = evaluate_batch(stmt, inputs, sizes)
    for i in range(3):
        if not bool(ev.admissible[i]) or not math.isfinite(float(ev.margin[i])):
            continue
        cand = candidate_inputs(stmt, inputs, i)
        idx = {str(s): int(k) for (s, _, _), k in zip(stmt.forall, ev.worst_index[i])}
        traj = None
        verdict = verify_candidate(stmt, cand, sizes, prefer_index=idx)
        assert verdict.hypotheses_hold
        # the exact sides at the float's worst index agree with the float sides
        if verdict.index == idx:
            assert float(verdict.lhs) == pytest.approx(float(ev.lhs[i]), rel=1e-8, abs=1e-300)
            assert float(verdict.rhs) == pytest.approx(float(ev.rhs[i]), rel=1e-8, abs=1e-300)


def test_lemma_5_float_trajectory_matches_the_sympy_recurrences():
    """The algorithm module and the statement's recurrences are two implementations of
    Algorithm 1; they must agree (a wrong algorithm step breaks this test)."""
    stmt = lemmas.get("adam_complexity/lemma-5")
    gen = torch.Generator().manual_seed(0)
    sizes = {"T": 6, "d": 3}
    inputs = sampler_for(stmt)(SampleContext(B=4, sizes=sizes, generator=gen))
    ev = evaluate_batch(stmt, inputs, sizes)
    for i in range(4):
        float_traj = {k: ev.env[k].data[i].tolist() for k in ("m", "nu", "w")}
        verdict = verify_candidate(stmt, candidate_inputs(stmt, inputs, i), sizes,
                                   float_traj=float_traj)
        assert verdict.trajectory_mismatch < 1e-10


def test_lemma_5_wrong_recurrence_is_caught():
    stmt = lemmas.get("adam_complexity/lemma-5")
    t, l = sp.symbols("t l", integer=True)
    g, m = sp.IndexedBase("g"), sp.IndexedBase("m")
    beta1 = sp.Symbol("beta1", real=True)
    recs = list(stmt.recurrences)
    recs[1] = dataclasses.replace(recs[1], update=beta1 * m[t - 1, l] + g[t, l])  # drops (1-β1)
    bad = dataclasses.replace(stmt, recurrences=tuple(recs))
    sizes = {"T": 4, "d": 2}
    inputs = sampler_for(stmt)(SampleContext(B=2, sizes=sizes, generator=torch.Generator().manual_seed(1)))
    ev = evaluate_batch(stmt, inputs, sizes)
    float_traj = {k: ev.env[k].data[0].tolist() for k in ("m", "nu", "w")}
    verdict = verify_candidate(bad, candidate_inputs(stmt, inputs, 0), sizes, float_traj=float_traj)
    assert verdict.trajectory_mismatch > 1e-3


@pytest.mark.parametrize("key", ["adam_linf/lemma-3.12", "adam_complexity/lemma-5"])
def test_the_two_statements_hold_under_random_sampling(key):
    r = check(lemmas.get(key), examples=1000, seed=0, phases=("random",))
    assert r.status == "holds", r.to_json()
    assert r.examples > 100
    assert 0.5 < r.best_ratio <= 1.0 + 1e-9
    assert not r.unexpected
    json.loads(r.dumps())


@pytest.mark.parametrize("key,factor", [("adam_linf/lemma-3.12", 0.5),
                                        ("adam_complexity/lemma-5", 0.5)])
def test_a_weakened_copy_is_reported_violated_with_an_exact_counterexample(key, factor):
    stmt = lemmas.get(key)
    weak = dataclasses.replace(stmt, rhs=stmt.rhs * factor, id=stmt.id + "-weakened")
    r = check(weak, examples=1000, seed=0)
    assert r.status == "violated"
    ce = r.counterexample
    assert mpmath.mpf(ce["lhs"]) > mpmath.mpf(ce["rhs"])
    # the stored counterexample replays: re-verified from its JSON inputs alone
    v = verify_candidate(weak, json.loads(json.dumps(ce["inputs"])), ce["sizes"])
    assert v.hypotheses_hold and v.violated
    assert r.unexpected  # expected holds, found violated: the CLI exits non-zero


def test_rounding_level_near_violation_is_not_reported():
    """lhs and rhs equal in exact arithmetic but computed in different orders in float."""
    stmt = lemmas.get("adam_linf/lemma-3.12")
    t = sp.Symbol("t", integer=True)
    T = sp.Symbol("T", integer=True, positive=True)
    g, v = sp.IndexedBase("g"), sp.IndexedBase("v")
    same = dataclasses.replace(
        stmt, id="test/identity", lhs=sp.Sum(g[t] ** 2 / v[t], (t, 1, T)),
        rhs=sp.Sum(g[t] ** 2 * (1 + v[t]) / (v[t] + v[t] ** 2), (t, 1, T)))
    r = check(same, examples=1000, seed=0)
    assert r.status == "holds", r.to_json()
    assert r.float_exact_disagreements > 0  # the float screen did see sub-ulp "violations"


def test_nan_margin_is_an_error_never_a_pass():
    stmt = lemmas.get("adam_linf/lemma-3.12")
    g = sp.IndexedBase("g")
    # |g_1| - sqrt(g_1^2) is exactly 0 in float and in exact arithmetic: the right side is 1/0
    broken = dataclasses.replace(stmt, id="test/nan", rhs=1 / (sp.Abs(g[1]) - sp.sqrt(g[1] ** 2)))
    assert broken.rhs.has(sp.Abs)  # SymPy did not simplify the denominator away
    r = check(broken, examples=500, seed=0)
    assert r.status == "error" and "non-finite" in r.error
    assert r.unexpected


def test_torch_eval_nested_sum_with_dependent_bound():
    t, s = sp.symbols("t s", integer=True)
    T = sp.Symbol("T", integer=True, positive=True)
    g = sp.IndexedBase("g")
    G = torch.randn(3, 7, dtype=torch.float64)
    out = torch_eval(sp.Sum(sp.Sum(g[s] ** 2, (s, 1, t)), (t, 1, T)),
                     {"T": 7, "g": SeqValue(G, (1,))}, B=3)
    ref = torch.cumsum(G ** 2, 1).sum(1)
    assert torch.allclose(out, ref, rtol=1e-13)
    env = {"T": 7, "g": ([mpmath.mpf(x) for x in G[0].tolist()], (1,))}
    assert float(mp_eval(sp.Sum(sp.Sum(g[s] ** 2, (s, 1, t)), (t, 1, sp.Symbol("T"))), env)) == \
        pytest.approx(float(ref[0]), rel=1e-13)


def test_log_of_near_one_ratio_keeps_precision():
    a, b = sp.symbols("a b", positive=True)
    x = torch.tensor([1.0 + 1e-15, 3.0, 1e-300], dtype=torch.float64)
    y = torch.tensor([1.0, 1.0, 1e300], dtype=torch.float64)
    out = torch_eval(sp.log(a / b), {"a": x, "b": y}, B=3)
    assert out[0].item() == pytest.approx(math.log1p(1.0 + 1e-15 - 1.0), rel=1e-12)
    assert out[1].item() == pytest.approx(math.log(3.0), rel=1e-15)
    assert out[2].item() == pytest.approx(-600 * math.log(10), rel=1e-15)


def test_proof_identities():
    stmt = lemmas.get("adam_linf/lemma-3.12")
    verdicts = [v for _, v in check_proof(stmt)]
    # chain (16): hypothesis step, algebra, 1 - x <= -ln x summand by summand, telescoping
    assert verdicts == ["proved"] * 4
    x = sp.Symbol("x")
    assert check_identity(x + 1, x + 2) == "disproved"


def test_proof_reductions_fail_when_the_step_is_altered():
    """A wrong scale, a wrong instance, a hypothesis the statement lacks or a wrong telescoping
    potential leaves the step undecided (never proved)."""
    stmt = lemmas.get("adam_linf/lemma-3.12")
    steps = stmt.proof
    t = sp.Symbol("t", integer=True)
    v, g = sp.IndexedBase("v"), sp.IndexedBase("g")
    beta2 = sp.Symbol("beta2", real=True)
    s0, s2, s3 = steps[0], steps[2], steps[3]
    assert check_step(dataclasses.replace(s2, scale=2 * s2.scale), stmt) == "undecided"
    assert check_step(dataclasses.replace(
        s2, via=Known("one_minus_x_le_neg_log", x=v[t] / v[t - 1])), stmt) == "undecided"
    assert check_step(dataclasses.replace(
        s0, via=Known("hypothesis", expr=v[t] - v[t - 1] - g[t] ** 2)), stmt) == "undecided"
    assert check_step(dataclasses.replace(
        s3, via=Known("telescoping", F=sp.log(v[t + 1]), index=t)), stmt) != "proved"
    # a step that is false outright: sum of g^2/v <= 0
    bad = ProofStep(s0.lhs, sp.Integer(0), "<=", "false", via=Known("nonneg", expr=g[t] ** 2))
    assert check_step(bad, stmt) != "proved"
    with pytest.raises(ValueError, match="unknown inequality"):
        Known("cauchy_schwarz_everything", x=1)
    with pytest.raises(ValueError, match="takes arguments"):
        Known("young", a=1, b=2)
    # the plain known inequalities, instantiated, reduce to themselves
    a, b, c = sp.symbols("a b c", positive=True)
    for name, kw in [("young", dict(a=a, b=b, c=c)), ("square_of_sum", dict(a=a, b=b)),
                     ("two_ab_le_a2_plus_b2", dict(a=a, b=b))]:
        L, R = Known(name, **kw).sides()
        assert check_step(ProofStep(L, R, "<=", name, via=Known(name, **kw))) == "proved"
        assert check_step(ProofStep(L, R - 1, "<=", name, via=Known(name, **kw))) == "undecided"


def test_bad_check_arguments():
    stmt = lemmas.get("adam_linf/lemma-3.12")
    with pytest.raises(AdaproofInputError, match="budget"):
        check(stmt, budget="forever")
    with pytest.raises(AdaproofInputError, match="budget"):
        check(stmt, budget=-1)
    with pytest.raises(AdaproofInputError, match="seed"):
        check(stmt, seed=-3)
    with pytest.raises(AdaproofInputError, match="device"):
        check(stmt, device="tpu")


def test_an_index_where_both_sides_are_zero_does_not_hide_the_tightest_one():
    """lhs_t = a_t, rhs_t = 2 a_t with a_1 = 0: index 1 is equality 0 <= 0 (no ratio); the
    worst index must be t = 2 with ratio 1/2, not t = 1 with relative margin 0."""
    t = sp.Symbol("t", integer=True)
    T = sp.Symbol("T", integer=True, positive=True)
    a = sp.IndexedBase("a")
    stmt = Statement(
        id="test/zero-zero", paper="adam_linf", kind="eq", number="0", title="toy", section="-",
        family="other", latex="-",
        quantities=(Quantity("T", "size", ">= 1", "length"),
                    Quantity("a", "sequence", ">= 0", "values", (1,), ("T",))),
        hypotheses=(Hypothesis(sp.GreaterThan(a[t], 0), forall=((t, 1, T),)),),
        lhs=a[t], rhs=2 * a[t], forall=((t, 1, T),),
        sampler=lambda ctx: {"a": SeqValue(torch.tensor([[0.0, 3.0]], dtype=ctx.dtype), (1,))},
        sizes=lambda g, preset: {"T": 2})
    ev = evaluate_batch(stmt, sampler_for(stmt)(SampleContext(1, {"T": 2}, torch.Generator())),
                        {"T": 2})
    assert ev.worst_index.tolist() == [[2]]
    assert float(ev.ratio[0]) == 0.5 and float(ev.rel_margin[0]) == pytest.approx(1 / 3)


def test_a_proof_link_that_runs_too_long_is_undecided_not_passed():
    import threading
    from adaproof.proofs import _with_timeout
    release, finished = threading.Event(), threading.Event()

    def slow():  # runs until the test releases it: only the timeout can end the wait
        release.wait(60)
        finished.set()
        return "proved"
    assert _with_timeout(slow, 0.3) == "undecided"
    assert not finished.is_set()  # answered while the link was still running
    release.set()
    assert _with_timeout(lambda: "proved", 0.3) == "proved"


def test_choose_takes_a_context_or_a_generator_and_draws_the_same():
    from adaproof.sampling import choose
    opts = (1, 2, 3, 5, 8, 13)
    a = [choose(torch.Generator().manual_seed(s), opts) for s in range(40)]
    b = [choose(SampleContext(1, {}, torch.Generator().manual_seed(s)), opts) for s in range(40)]
    assert a == b and set(a) <= set(opts) and len(set(a)) > 3
