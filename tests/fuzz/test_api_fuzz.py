"""Hypothesis-generated keyword arguments for the public API: the algorithms and their
``torch.optim`` optimizers, ``adaproof.algorithms.run``, ``check``, ``get_bound(...).evaluate /
tune / complexity``, ``get_comparison(...).compare``, ``lemmas.get`` and ``lemmas.all``.  Each call
either succeeds with finite outputs or raises AdaproofInputError (a ValueError) whose message
names the parameter; never a TypeError/RuntimeError/IndexError from torch or SymPy."""
from __future__ import annotations

import math

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

import adaproof_fuzz_harness as H
from adaproof import AdaproofInputError, lemmas
from adaproof.algorithms import run
from adaproof.bounds import get_bound, get_comparison

FUZZ = settings.get_profile("adaproof-fuzz")
CLASSES = H.algorithm_classes()
API_CASES = H.api_cases()


def test_catalogue_is_large_and_covers_the_api():
    labels = " ".join(c.label for c in API_CASES)
    for what in ("run(", "check(", "evaluate(", "tune(", "complexity(", "compare(",
                 "lemmas.get(", "lemmas.all(", "Optimizer(", "AdaGradAniso(eps=1e-200)"):
        assert what in labels, what
    assert len(API_CASES) >= 200


@settings(FUZZ, max_examples=150)
@given(st.sampled_from(API_CASES))
def test_bad_keyword_arguments_are_clear_errors(case):
    outcome, detail = H.run_api_case(case)
    assert outcome == "clear", (case.label, outcome, detail)


def _finite_trajectory(traj) -> bool:
    return bool(torch.isfinite(traj.x).all()) and all(
        bool(torch.isfinite(v).all()) for v in traj.records.values() if v.is_floating_point())


def _grads(cls, seed: int, scale: float, T: int = 3) -> torch.Tensor:
    shape = (2, T, 3, 2) if "adafactor" in cls.__module__ else (2, T, 3)
    g = torch.randn(shape, generator=torch.Generator().manual_seed(seed), dtype=torch.float64)
    return g * scale


hyper_values = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-3, 3),
                         st.sampled_from([0.0, -0.0, 1.0, 0.5, 1 - 2 ** -53, 5e-324, 1e-300]))


@settings(FUZZ, max_examples=120)
@given(st.sampled_from(CLASSES), st.data())
def test_constructors_refuse_or_accept_every_real(cls, data):
    """Any float for any real hyperparameter: constructed, or refused naming that parameter."""
    names = H.real_hyperparameters(cls)
    if not names:
        return
    hp = data.draw(st.sampled_from(names))
    v = data.draw(hyper_values)
    try:
        cls(**H.default_kwargs(cls), **{hp: v})
    except AdaproofInputError as exc:
        assert H.names_parameter(str(exc), [hp] + names), (hp, v, str(exc))


@settings(FUZZ, max_examples=100)
@given(st.sampled_from(CLASSES), st.data())
def test_moderate_hyperparameters_give_finite_short_runs(cls, data):
    """Hyperparameters within 1e-30..1e30 (or refused) and gradients up to 1e3: three steps are
    finite, or the constructor refused with the parameter named."""
    names = H.real_hyperparameters(cls)
    kw = {}
    for hp in data.draw(st.lists(st.sampled_from(names), unique=True, max_size=3)) if names else []:
        mag = data.draw(st.floats(-30, 30))
        kw[hp] = data.draw(st.sampled_from([1.0, -1.0, 0.0])) * 10.0 ** mag
    try:
        alg = cls(**H.default_kwargs(cls), **kw)
    except AdaproofInputError as exc:
        assert H.names_parameter(str(exc), list(kw) + ["lr", "eps"]), (kw, str(exc))
        return
    # nonzero gradients: with eps = 0 an exactly zero gradient coordinate gives 0/0 in torch's
    # Adam/RMSprop/Adagrad forms, which only a check during the run can see (the next test)
    g = _grads(cls, data.draw(st.integers(0, 2 ** 16)), data.draw(st.sampled_from(
        [1e-8, 1.0, 1e3])))
    try:
        traj = run(alg, grads=g)
    except AdaproofInputError:
        return  # e.g. a hypothesis of the algorithm checked at run time (named in its message)
    assert _finite_trajectory(traj), (cls.__name__, kw)


@settings(FUZZ, max_examples=60)
@given(st.sampled_from(CLASSES), st.data())
def test_extreme_hyperparameters_never_give_silent_nan(cls, data):
    """Values near the float64 limits (and eps = 0 with a zero gradient): refused by the
    constructor, or an error during the run (h4's state checks), never a silent NaN or inf."""
    names = H.real_hyperparameters(cls)
    if not names:
        return
    hp = data.draw(st.sampled_from(names))
    v = data.draw(st.sampled_from([0.0, 1e-300, 1e300, 1.7e308, 1e200, 1e-200]))
    g = _grads(cls, 0, 1.0, T=5)
    g[:, 1] = 0.0  # a zero gradient step
    try:
        alg = cls(**H.default_kwargs(cls), **{hp: v})
        traj = run(alg, grads=g)
    except (ValueError, ArithmeticError):
        return
    assert _finite_trajectory(traj), (cls.__name__, hp, v)


# -- rate calculators --------------------------------------------------------------------------
reals = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-5, 10 ** 6),
                  st.just(10 ** 400), st.booleans(), st.text(max_size=3),
                  st.complex_numbers(max_magnitude=10), st.none())


@settings(FUZZ, max_examples=120)
@given(st.fixed_dictionaries({}, optional={"T": reals, "L1n": reals, "Delta": reals, "Q": reals}))
def test_evaluate_finite_or_clear(values):
    b = get_bound(H.BOUND)
    try:
        r = b.evaluate(**values)
    except AdaproofInputError as exc:
        assert H.names_parameter(str(exc), list(values) + ["T", "L1n", "Delta"]), str(exc)
        return
    assert math.isfinite(float(r.total)) and r.total == pytest.approx(
        float(values["L1n"]) * float(values["Delta"]) / float(values["T"]), rel=1e-12, abs=1e-300)


@settings(FUZZ, max_examples=25)
@given(st.sampled_from(["T", "L1n", "Delta", ["Delta"], "Q", ["T", "L1n"]]),
       st.fixed_dictionaries({}, optional={"T": reals, "L1n": reals, "Delta": reals}))
def test_tune_finite_or_clear(over, values):
    b = get_bound(H.BOUND)
    try:
        r = b.tune(over, **values)
    except AdaproofInputError as exc:
        assert H.names_parameter(str(exc), ["T", "L1n", "Delta", "Q", "over"]), str(exc)
        return
    # L1n*Delta/T: the only attained minimum is L1n = 0 (its closed end), value 0; over Delta the
    # infimum 0 is approached as Delta -> 0, the open end, and reported as not attained
    if over in ("L1n", ["L1n"]):
        assert r.argmin == {"L1n": 0.0} and r.value == 0.0 and r.attained
    else:
        assert over in ("Delta", ["Delta"]) and r.argmin == {"Delta": 0.0} and not r.attained
        assert 0 <= r.value < 1e-20 * float(values["L1n"]) / float(values["T"]) + 1e-300


@settings(FUZZ, max_examples=25)
@given(st.one_of(reals, st.floats(1e-6, 10.0)),
       st.fixed_dictionaries({}, optional={"T": reals, "L1n": st.floats(0.1, 10.0),
                                           "Delta": st.floats(0.1, 10.0)}))
def test_complexity_finite_or_clear(eps, values):
    b = get_bound(H.BOUND)
    try:
        r = b.complexity(eps, **values)
    except AdaproofInputError as exc:
        assert H.names_parameter(str(exc), list(values) + ["eps", "T", "L1n", "Delta"]), str(exc)
        return
    want = math.ceil(values["L1n"] * values["Delta"] / eps)
    assert r.T in (max(want, 1), max(want - 1, 1), max(want + 1, 1))  # float rounding at the edge


@settings(FUZZ, max_examples=40)
@given(st.fixed_dictionaries({"T": st.one_of(st.integers(1, 10 ** 6), reals),
                              "d": st.one_of(st.integers(1, 100), reals)},
                             optional={"Delta": reals, "L1n": reals, "Linf": reals}))
def test_compare_finite_or_clear(values):
    c = get_comparison(H.COMPARISON)
    try:
        r = c.compare(**values)
    except AdaproofInputError as exc:
        assert H.names_parameter(str(exc), list(values) + ["T", "d", "Delta", "L1n", "Linf"]), \
            str(exc)
        return
    assert math.isfinite(r.a) and math.isfinite(r.b) and math.isfinite(r.ratio)


@settings(FUZZ, max_examples=60)
@given(st.one_of(st.text(max_size=50), st.integers(), st.none(), st.binary(max_size=5)))
def test_lemmas_get_any_key(key):
    try:
        s = lemmas.get(key)
    except AdaproofInputError as exc:
        assert "id" in str(exc)
        return
    assert s.key == key


@settings(FUZZ, max_examples=40)
@given(st.fixed_dictionaries({}, optional={k: st.one_of(st.text(max_size=12), st.integers(),
                                                        st.none())
                                           for k in ("paper", "kind", "family", "variant")}))
def test_lemmas_all_any_filter(kw):
    try:
        out = lemmas.all(**kw)
    except AdaproofInputError as exc:
        assert H.names_parameter(str(exc), list(kw)), str(exc)
        return
    assert all(getattr(s, k) == v for s in out for k, v in kw.items() if v is not None)
