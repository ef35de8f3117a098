"""The derivation engine: inputs from domains and hypotheses, exact by construction."""
import dataclasses
import importlib.util
import pathlib
import sys

import pytest
import sympy as sp
import torch

from adaproof import registry
from adaproof.checker import check
from adaproof.derive import (DerivationError, derivation, parse_domain, reparam_for,
                             sampler_for, sizes_for, strategy_for, without_hand_samplers)
from adaproof.derive.sizes import size_ladders
from adaproof.statement import Hypothesis, Quantity, SampleContext, Statement
from adaproof.verification import evaluate_batch

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from _exact import exact_failures  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]


def _outside():
    """examples/outside_lemmas.py, loaded once (it registers its statements)."""
    name = "adaproof_examples_outside_lemmas"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ROOT / "examples" / "outside_lemmas.py")
        mod = importlib.util.module_from_spec(spec)
        sys.modules[name] = mod
        spec.loader.exec_module(mod)
    return sys.modules[name]


def _small_sizes(d, gen):
    """The third rung of every ladder (T = 3, d = 3, ...), else a drawn assignment."""
    lad = size_ladders(d.plan, "smoke")
    sizes = {n: v[min(2, len(v) - 1)] for n, v in lad.items()}
    from adaproof.derive.sizes import _ok
    return sizes if _ok(d.plan, sizes) else d.sizes(gen, "smoke")


def _draw_and_check(stmt, B=8, rows=(0, 5), seed=0):
    d = derivation(stmt)
    gen = torch.Generator().manual_seed(seed)
    sizes = _small_sizes(d, gen)
    inputs = d.sampler(SampleContext(B=B, sizes=sizes, generator=gen))
    return exact_failures(stmt, inputs, sizes, rows), inputs, sizes


# ---------------------------------------------------------------------------------------------
# every registered statement the engine can derive: its draws satisfy the hypotheses exactly
# ---------------------------------------------------------------------------------------------
def _derivable_keys():
    out = []
    for s in registry.statements():
        try:
            derivation(without_hand_samplers(s))
        except DerivationError:
            continue
        out.append(s.key)
    return out


_ALL = [s.key for s in registry.statements()]
#: the default run: one statement per family of construction (recursive bound, per-index late
#: scalar, algorithm, chained domain, 'max h' domain); the slow test runs all of them
_DEFAULT = ["adam_linf/lemma-3.12", "adafactor/eq-22-a", "adam_complexity/lemma-4",
            "adagrad_aniso/theorem-5.3", "adam_linf/sec-3.2-step", "alphaadam/theorem-3.8"]


@pytest.mark.slow
def test_most_registered_statements_are_derivable():
    # 155 of 158 at the time of writing (statements in expectation, probability vectors and
    # orderings included); the rest: domains that are not machine-readable ('W',
    # '>= max_j L_{1,j}'), listed in docs/any-lemma.md
    keys = _derivable_keys()
    assert len(keys) >= 150
    assert set(_DEFAULT) <= set(keys)


@pytest.mark.parametrize("key", _DEFAULT)
def test_derived_draws_satisfy_hypotheses_exactly(key):
    stmt = without_hand_samplers(registry.get(key))
    bad, inputs, sizes = _draw_and_check(stmt)
    assert not bad, bad
    # and the float screen admits every row the sampler returns
    assert bool(evaluate_batch(stmt, inputs, sizes).admissible.all()) or stmt.trajectory


def _exact_draws_of(key):
    try:  # a computed statement (Python sides) raises already when its samplers are removed
        stmt = without_hand_samplers(registry.get(key))
        derivation(stmt)
    except DerivationError as exc:
        pytest.skip(f"not derivable: {exc}")
    bad, _, _ = _draw_and_check(stmt, B=16, rows=(0, 7, 15))
    assert not bad, bad


@pytest.mark.slow
@pytest.mark.parametrize("key", _ALL)
def test_all_derived_draws_satisfy_hypotheses_exactly(key):
    _exact_draws_of(key)


#: every 10th registered statement (all five papers, every kind of construction among them): in
#: the default run, so that a derived sampler that breaks a hypothesis fails the default suite
#: too (26 family-logistic statements broke one in session 10, seen only by the slow test above;
#: so did adafactor/lemma-B.1 and C.1, whose draws raised); the slow test runs all of them
_SAMPLE = _ALL[::10]


@pytest.mark.parametrize("key", _SAMPLE)
def test_a_sample_of_derived_draws_satisfy_hypotheses_exactly(key):
    _exact_draws_of(key)


def test_the_exact_recheck_catches_a_draw_outside_the_hypotheses():
    """The re-check the tests rely on fails on inputs from a sampler that ignores a hypothesis
    (what a broken derivation would produce)."""
    orig = registry.get("adam_linf/lemma-3.12")
    dropped = dataclasses.replace(without_hand_samplers(orig),
                                  hypotheses=orig.hypotheses[:3])  # no v_t recursion bound
    d = derivation(dropped)
    gen = torch.Generator().manual_seed(1)
    inputs = d.sampler(SampleContext(B=32, sizes={"T": 5}, generator=gen))
    bad = exact_failures(dropped, inputs, {"T": 5}, range(32), against=orig)
    assert any("beta2*v[t - 1]" in b for b in bad)


# ---------------------------------------------------------------------------------------------
# the dropped-hypothesis case: the derived sampler follows the statement
# ---------------------------------------------------------------------------------------------
def _declared_lemma_3_12(with_recursion: bool):
    from adaproof.declare import forall, index, scalar, sequence, size, statement
    beta2 = scalar("beta2", "(0, 1)", "second-moment decay")
    T, t = size("T"), index("t")
    v = sequence("v", over=(0, T), domain="> 0")
    g = sequence("g", over=(1, T))
    hyp = [forall(t, 1, T, v[t] - beta2 * v[t - 1] >= (1 - beta2) * g[t] ** 2)]
    return statement(f"test/lemma-3.12-{with_recursion}", register=False, family="log-sum",
                     hypotheses=hyp if with_recursion else [],
                     lhs=sp.Sum(g[t] ** 2 / v[t], (t, 1, T)),
                     rhs=T + beta2 / (1 - beta2) * sp.log(v[T] / v[0]))


def test_dropping_a_hypothesis_moves_the_derived_sampler_and_the_verdict():
    """The issue's case: a hypothesis dropped from the statement is dropped from the derived
    sampler too, which then leaves the old region, and the lemma that needs it is refuted."""
    full, dropped = _declared_lemma_3_12(True), _declared_lemma_3_12(False)
    assert check(full, examples=600, fresh=True, save=False).status == "holds"
    d = derivation(dropped)
    inputs = d.sampler(SampleContext(B=64, sizes={"T": 3},
                                     generator=torch.Generator().manual_seed(0)))
    assert exact_failures(dropped, inputs, {"T": 3}, range(64), against=full)
    r = check(dropped, examples=600, fresh=True, save=False)
    assert r.status == "violated" and r.counterexample is not None


# ---------------------------------------------------------------------------------------------
# rejection, acceptance and NaN
# ---------------------------------------------------------------------------------------------
x, y = sp.Symbol("x", real=True), sp.Symbol("y", real=True)
_Q = (Quantity("x", "scalar", "R", "x"), Quantity("y", "scalar", "R", "y"))


def _user(hyps, lhs=x, rhs=sp.Abs(x) + 1, quantities=_Q, **kw):
    return Statement(id="test/user", paper="test", kind="lemma", number="1", title="t",
                     section="", family="other", quantities=quantities,
                     hypotheses=tuple(Hypothesis(h) for h in hyps), lhs=lhs, rhs=rhs, **kw)


def test_acceptance_near_zero_is_an_error_naming_the_hypothesis():
    stmt = _user([(x - sp.Rational(1, 3)) ** 2 + (y - sp.Rational(1, 5)) ** 2 < 1e-20])
    d = derivation(stmt)
    assert d.plan.rejections  # not solvable as a bound: enforced by rejection
    with pytest.raises(DerivationError, match=r"acceptance.*\(x - 1/3\)\*\*2"):
        d.sampler(SampleContext(B=256, sizes={}, generator=torch.Generator().manual_seed(0)))


def test_rejection_reports_its_acceptance_rate():
    stmt = _user([x * y > 1])  # solved for y only where x's sign is reliable: bounds, no rejection
    d = derivation(stmt)
    inputs = d.sampler(SampleContext(B=512, sizes={}, generator=torch.Generator().manual_seed(0)))
    assert 0 < d.acceptance <= 1
    assert bool((inputs["x"] * inputs["y"] > 1).all())


def test_a_hypothesis_that_evaluates_to_nan_is_an_error():
    stmt = _user([sp.sqrt(x) + sp.sqrt(y) >= -1])  # complex for negative x: never a rejection
    with pytest.raises(DerivationError, match="NaN or complex|undefined"):
        derivation(stmt).sampler(SampleContext(B=128, sizes={},
                                               generator=torch.Generator().manual_seed(0)))


def test_solved_bounds_hold_exactly_at_the_equality_case():
    """v_t on the bound β₂v_{t−1} + (1−β₂)g_t² (gate 1) stays >= it in exact arithmetic, and
    some draws sit within 1e-9 relative of it (the equality case is reached)."""
    stmt = without_hand_samplers(registry.get("adam_linf/lemma-3.12"))
    d = derivation(stmt)
    inputs = d.sampler(SampleContext(B=256, sizes={"T": 4},
                                     generator=torch.Generator().manual_seed(3)))
    v, g, b2 = inputs["v"].data, inputs["g"].data, inputs["beta2"]
    bound = b2[:, None] * v[:, :-1] + (1 - b2[:, None]) * g ** 2
    rel = (v[:, 1:] - bound) / bound.abs().clamp_min(1e-300)
    assert bool((rel < 1e-9).any())
    assert not exact_failures(stmt, inputs, {"T": 4}, range(0, 256, 17))


# ---------------------------------------------------------------------------------------------
# domains and sizes
# ---------------------------------------------------------------------------------------------
def test_parse_domain_forms():
    b2 = sp.Symbol("beta2", real=True)
    names = {"beta2": b2}
    assert parse_domain("a", "(0, 1)", names).lower == [(0, True)]
    assert parse_domain("a", "[0, 1)", names).upper == [(1, True)]
    d = parse_domain("beta1", "[0, √β₂)", names)
    assert d.upper == [(sp.sqrt(b2), True)] and d.lower == [(0, False)]
    assert parse_domain("a", "= 0", names).equal == 0
    assert parse_domain("s", "{−1, 1}", names).choices == (-1, 1)
    assert parse_domain("s", "±1", names).choices == (-1, 1)
    assert parse_domain("T", "even, >= 2", names).even
    assert len(parse_domain("beta1", "0 < β₁² < β₂", {**names, "beta1": sp.Symbol("beta1")})
               .relations) == 2
    with pytest.raises(DerivationError, match="quantity 'p'.*'sums to one'"):
        parse_domain("p", "sums to one", names)


def test_size_ladders_start_small_end_large_and_respect_domains():
    stmt = without_hand_samplers(registry.get("adam_linf/lemma-3.12"))
    lad = size_ladders(derivation(stmt).plan, "default")["T"]
    assert lad[:3] == (1, 2, 3) and max(lad) >= 200
    even = _user([], quantities=_Q + (Quantity("T", "size", "even, >= 2", "T"),),
                 lhs=x + sp.Symbol("T", integer=True, positive=True) * 0)
    assert all(v % 2 == 0 and v >= 2 for v in size_ladders(derivation(even).plan, "deep")["T"])


def test_unparseable_domain_is_a_clear_error():
    stmt = _user([], quantities=(Quantity("x", "scalar", "law (u, p)", "x"), _Q[1]))
    with pytest.raises(DerivationError, match="quantity 'x'.*law"):
        derivation(stmt)


# ---------------------------------------------------------------------------------------------
# the three phases on a derived statement
# ---------------------------------------------------------------------------------------------
def test_derived_strategy_and_reparam_satisfy_the_hypotheses():
    from hypothesis import given, settings, HealthCheck
    from adaproof.verification import inputs_from_candidates
    stmt = without_hand_samplers(registry.get("adam_linf/lemma-3.12"))
    assert sampler_for(stmt) is not None and sizes_for(stmt) is not None
    strat, rp = strategy_for(stmt), reparam_for(stmt)
    seen = []

    @settings(max_examples=25, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(strat({"T": 3}))
    def body(cand):
        seen.append(cand)

    body()
    inputs = inputs_from_candidates(seen)
    assert not exact_failures(stmt, inputs, {"T": 3}, range(len(seen)))
    gen = torch.Generator().manual_seed(0)
    z = rp.random(16, {"T": 3}, gen)
    out = rp.forward(z, {"T": 3})
    assert not exact_failures(stmt, out, {"T": 3}, range(16))
    # differentiable: a gradient reaches the unconstrained variables
    loss = sum(v.data.sum() if hasattr(v, "data") and not isinstance(v, torch.Tensor) else
               v.sum() for v in out.values())
    grads = torch.autograd.grad(loss, [t for t in z.values() if t.requires_grad],
                                allow_unused=True)
    assert any(g is not None and bool(torch.isfinite(g).all()) and bool((g != 0).any())
               for g in grads)


def test_check_sampler_option_validated_and_all_phases_run_for_derived():
    stmt = registry.get("adam_linf/lemma-3.12")
    with pytest.raises(ValueError, match="sampler must be 'hand' or 'derived'"):
        check(stmt, examples=10, sampler="auto")
    r = check(_outside().LOG_SUM, examples=500, fresh=True, save=False)
    assert r.status == "holds" and set(r.phases) == {"random", "hypothesis", "guided"}
    assert r.acceptance == 1.0


def test_cli_sampler_derived(capsys):
    from adaproof.cli import main
    assert main(["check", "adam_linf/lemma-3.12", "--examples", "300", "--sampler", "derived",
                 "--fresh", "--json"]) == 0


# ---------------------------------------------------------------------------------------------
# lemmas from outside the papers, declared like the paper (examples/outside_lemmas.py)
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name,status", [("ADAGRAD_NORM_SQRT2", "violated"),
                                         ("MOMENTUM_WRONG", "violated"),
                                         ("ADAGRAD_NORM", "holds")])
def test_outside_lemmas_verdicts(name, status):
    stmt = getattr(_outside(), name)
    assert stmt.sampler is None and stmt.reparam is None  # nothing hand-written
    r = check(stmt, examples=800, fresh=True, save=False)
    assert r.status == status, (r.error, r.best_ratio)
    if status == "holds":
        assert r.best_ratio is not None and 0.9 < r.best_ratio <= 1.0


def test_declared_statement_reads_like_the_paper():
    mod = _outside()
    s = mod.ADAGRAD_NORM
    assert {q.name for q in s.quantities} == {"a", "T"}
    assert s.quantity("a").start == (1,) and s.quantity("a").extent == ("T",)
    assert r"\sqrt" in s.latex and r"\sum" in s.latex and "{a}_{1} > 0" in s.latex
    c = mod.ADAGRAD_NORM_SQRT2_CORRECTED
    assert c.key.endswith("@corrected") and c.reason and c.rhs == s.rhs
    src = (ROOT / "examples" / "outside_lemmas.py").read_text()
    block = src[src.index("ADAGRAD_NORM = statement("):src.index("# the same sum with")]
    assert block.count("\n") <= 25


def test_declare_rejects_bad_input():
    from adaproof.declare import forall, index, scalar, sequence, statement
    with pytest.raises(ValueError, match="identifier"):
        scalar("beta 2")
    with pytest.raises(ValueError, match="paper/name"):
        statement("noslash", lhs=1, rhs=2, register=False)
    t = index("t")
    with pytest.raises(ValueError, match="forall takes a relation"):
        forall(t, 1, 3, 5)
    with pytest.raises(ValueError, match="first index"):
        sequence("q", over=(sp.Symbol("k"), 3))
    with pytest.raises(ValueError, match="Python comparison"):
        statement("p/x", lhs=1, rhs=2, hypotheses=[True], register=False)


def test_statement_without_sampler_and_latex():
    s = _user([x > 0])
    assert s.sampler is None and s.sizes is None and s.latex.startswith(r"\text{Given }")
    with pytest.raises(ValueError, match="lhs and rhs"):
        Statement(id="a/b", paper="a", kind="lemma", number="1", title="t", section="",
                  family="other")


# ---------------------------------------------------------------------------------------------
# finite laws (statements in expectation, probability vectors) and orderings
# ---------------------------------------------------------------------------------------------
def test_simplex_draws_sum_to_one_exactly_with_edge_cases():
    from fractions import Fraction
    from adaproof.derive.engine import RandomFeed
    feed = RandomFeed(400, torch.Generator().manual_seed(1))
    for strict in (False, True):
        p = feed.simplex(None, (400, 4), strict, 20)
        assert all(sum(Fraction(x) for x in row) == 1 for row in p.tolist())
        assert bool((p > 0).all()) if strict else bool((p >= 0).all())
        assert bool((p.amax(1) > 0.99).any())  # a vertex (up to the strict minimum)
        assert bool((p == p[:, :1]).all(1).any())  # uniform (4 divides 2^20)
        assert bool((p == 2.0 ** -20).any(1).any())  # one rare atom


def test_centred_atoms_have_mean_exactly_zero():
    from fractions import Fraction
    from adaproof.derive.engine import RandomFeed, centre
    gen = torch.Generator().manual_seed(2)
    feed = RandomFeed(300, gen)
    for K in (2, 3, 4, 7):
        p = feed.simplex(None, (300, K), True, 20)
        u = centre(torch.randn(300, K, generator=gen, dtype=torch.float64) *
                   torch.exp(20 * torch.randn(300, 1, generator=gen, dtype=torch.float64)), p)
        for pr, ur in zip(p.tolist(), u.tolist()):
            assert sum(Fraction(a) * Fraction(b) for a, b in zip(pr, ur)) == 0
        assert bool(((p * u).sum(-1) == 0).all())  # and in float64 (the checker's screen)


@pytest.mark.parametrize("key", ["adam_linf/lemma-3.13-per-step", "alphaadam/corollary-3.4-var",
                                 "adagrad_aniso/lemma-F.1", "adagrad_aniso/remark-4.2-a",
                                 "adam_linf/lemma-3.13-step-2"])
def test_laws_and_orderings_are_derived_and_exact(key):
    stmt = without_hand_samplers(registry.get(key))
    d = derivation(stmt)
    bad, inputs, sizes = _draw_and_check(stmt, B=32, rows=range(0, 32, 4))
    assert not bad, bad
    if stmt.noise is not None:  # exactly enumerable: at most 256 noise paths
        import math
        k = inputs[stmt.noise.values].data.shape[1]
        assert k ** math.prod(stmt.noise.shape(sizes)) <= 256
    assert d.acceptance is not None and d.acceptance > 0.05


def test_law_statement_verdicts_from_the_derived_path():
    # printed: violated (the variance ratio of AlphaAdam's update is unbounded); corrected
    # (deterministic preconditioner) holds, tight at 1: no false alarm from rounding
    r = check(registry.get("alphaadam/corollary-3.4-var"), examples=300, seed=0, fresh=True,
              save=False, sampler="derived")
    assert r.status == "violated"
    r = check(registry.get("alphaadam/corollary-3.4-var@corrected"), examples=300, seed=0,
              fresh=True, save=False, sampler="derived")
    assert r.status == "holds" and r.best_ratio > 0.99


def test_a_law_domain_without_noise_is_a_clear_error():
    stmt = _user([], quantities=(Quantity("x", "scalar", "law (u, p)", "x"), _Q[1]))
    with pytest.raises(DerivationError, match="noise law"):
        derivation(stmt)
