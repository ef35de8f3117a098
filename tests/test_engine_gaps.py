"""The statement engine's gaps found while encoding paper statements (issue 9: a user's lemma is
checked, never answered by a raw error from deep inside the evaluator).  Each test declares a
minimal statement the way docs/any-lemma.md does (no sampler) or evaluates the engine's pieces
on it, and fails on the engine before its fix."""
from __future__ import annotations

import mpmath
import pytest
import sympy as sp
import torch
from sympy import Sum

from adaproof.checker import check
from adaproof.declare import index, scalar, sequence, size, statement
from adaproof.symbolic import SeqValue, interp_torch_eval, mp_eval, torch_eval

T, t, s = size("T"), index("t"), index("s")
a = sequence("a", over=(1, T), domain=">= 0", description="a_t")
beta2 = scalar("beta2", "(0, 1)", "β₂")


def _env(values):
    """A torch env (two candidates: values and 2·values) and the mpmath env of the first."""
    x = torch.tensor([values, [2 * v for v in values]], dtype=torch.float64)
    tenv = {"T": len(values), "a": SeqValue(x, (1,))}
    menv = {"T": len(values), "a": ([mpmath.mpf(v) for v in values], (1,))}
    return tenv, menv


def _all_paths(expr, values):
    """The value of ``expr`` on ``values`` by the compiled, the interpreted and the mpmath
    evaluators (first candidate)."""
    tenv, menv = _env(values)
    return (float(torch_eval(expr, tenv, B=2)[0]), float(interp_torch_eval(expr, tenv, B=2)[0]),
            float(mp_eval(expr, menv)))


# --- 1. a nested Sum reusing its index name -----------------------------------------------------
@pytest.mark.parametrize("expr, expected", [
    # Σ_s a_s · (Σ_s a_s): the inner s shadows the outer one inside the inner body only
    (Sum(a[s] * Sum(a[s], (s, 1, T)), (s, 1, T)), 10.0 * 10.0),
    # Σ_s Σ_{s'=1}^{s} a_{s'} written with s twice (the inner bound reads the outer s)
    (Sum(Sum(a[s], (s, 1, s)), (s, 1, T)), 1 + 3 + 6 + 10),
    # siblings and an inner sum over the same name inside an outer one over t
    (Sum(Sum(a[s], (s, 1, t)) + Sum(a[s] ** 2, (s, 1, t)), (t, 1, T)),
     (1 + 3 + 6 + 10) + (1 + 5 + 14 + 30)),
])
def test_nested_sum_reusing_an_index_name(expr, expected):
    assert _all_paths(expr, [1.0, 2.0, 3.0, 4.0]) == (expected,) * 3


def test_statement_with_a_shadowed_index_is_checked():
    # (Σ_s a_s)² = Σ_s a_s Σ_s a_s: an identity, holds with ratio 1 on every input
    stmt = statement("e9/shadowed-index", title="Σ_s a_s Σ_s a_s ≤ (Σ_t a_t)²", register=False,
                     lhs=Sum(a[s] * Sum(a[s], (s, 1, T)), (s, 1, T)),
                     rhs=Sum(a[t], (t, 1, T)) ** 2, supremum=1.0)
    r = check(stmt, examples=200, fresh=True, save=False)
    assert r.error is None, r.error
    assert r.status == "holds" and r.best_ratio == pytest.approx(1.0, rel=1e-12)


# --- 5. a recurrence whose quantity the statement never reads -----------------------------------
def _rmsprop_statement(extra_update):
    from adaproof.algorithms.adam_linf.adam import AdamLinf
    from adaproof.declare import algorithm, forall, trajectory
    from adaproof.statement import Recurrence

    eps, v0 = scalar("eps", ">= 0"), scalar("v0", ">= 0")
    b2 = scalar("beta2", "[0, 1)")
    d, i = size("d"), index("i")
    g = sequence("g", over=((1, T), (1, d)))
    x0 = sequence("x0", over=(1, d))
    v = trajectory("v", over=((0, T), (1, d)), domain=">= 0")
    W = trajectory("W", over=((0, T), (1, d)), domain=">= 0")  # declared, never read
    alg = algorithm(lambda env: (AdamLinf(lr=1.0, beta1=0.0, beta2=env["beta2"], eps=env["eps"],
                                          v0=env["v0"]),
                                 {"x0": env["x0"].data, "grads": env["g"].data}),
                    x0, v0, b2, eps)
    return statement(
        "e9/rmsprop-unread-recurrence", algorithm=alg, register=False,
        hypotheses=[forall(t, 1, T, forall(i, 1, d, v[t, i] + eps > 0))],
        lhs=g[t, i] ** 2 / (v[t, i] + eps), rhs=1 / (1 - b2), forall=((t, 1, T), (i, 1, d)),
        supremum=1.0,
        recurrences=(Recurrence("v", t, 1, v0, b2 * v[t - 1, i] + (1 - b2) * g[t, i] ** 2
                                + extra_update(W, i)),
                     Recurrence("W", t, 1, v0, W[t - 1, i] + g[t, i] ** 2)))


def test_unread_recurrence_is_skipped_by_the_exact_paths():
    from adaproof.recurrences import recurrences_read
    from adaproof.verification import verify_candidate

    stmt = _rmsprop_statement(lambda W, i: 0)
    assert [r.name for r in recurrences_read(stmt)] == ["v"]
    # g_1² / v_1 = 1 / (1 - β₂) with v0 = eps = 0: equality, exactly
    cand = {"beta2": 0.5, "v0": 0.0, "eps": 0.0, "x0": {"start": [1], "values": [0.0]},
            "g": {"start": [1, 1], "values": [[3.0], [0.0]]}}
    v = verify_candidate(stmt, cand, {"T": 2, "d": 1})
    assert v.hypotheses_hold and not v.violated and mpmath.mpf(v.ratio) == 1
    r = check(stmt, examples=100, fresh=True, save=False)
    assert r.error is None, r.error
    assert r.status == "holds"


def test_read_recurrence_of_an_undeclared_quantity_is_a_clear_error():
    from adaproof._validation import AdaproofInputError
    from adaproof.recurrences import recurrences_read

    stmt_w = _rmsprop_statement(lambda W, i: W[t - 1, i])  # v's update reads W: W is needed
    with pytest.raises(AdaproofInputError, match=r"\['W'\]"):
        recurrences_read(stmt_w)


# --- 3. SymPy's simplify raising StopIteration on Σ_t (S_t + 2 S_t²) ---------------------------
_S = Sum(a[s], (s, 1, t))
_BAD = Sum(_S + 2 * _S ** 2, (t, 1, T))  # sympy.simplify raises StopIteration (sympy#14570)


def test_sympy_simplify_still_fails_on_the_reproducer():
    # if SymPy fixes its bug this test says so; the engine's fallback below stays harmless
    with pytest.raises(StopIteration):
        sp.simplify(_BAD)


def test_a_hypothesis_with_a_squared_inner_sum_is_solved_and_checked():
    G = scalar("G", ">= 0")
    stmt = statement("e9/squared-inner-sum", title="Σ S_t² ≤ G when G ≥ Σ (S_t + 2S_t²)",
                     register=False, hypotheses=[G >= _BAD], lhs=Sum(_S ** 2, (t, 1, T)),
                     rhs=G, supremum=0.5)
    r = check(stmt, examples=200, fresh=True, save=False)
    assert r.error is None, r.error
    assert r.status == "holds" and 0.4 < r.best_ratio <= 0.5


def test_proof_links_over_the_reproducer_are_decided_or_undecided_never_raise():
    from adaproof import proofs
    from adaproof.statement import ProofStep

    assert proofs._zero(_BAD) == "undecided"
    assert proofs.check_step(ProofStep(_BAD, 2 * _BAD, "<=", ""), None) == "undecided"
    assert proofs.check_step(ProofStep(_BAD, _BAD + 1, "=", ""), None) == "disproved"


# --- 2. and 4. β₂^(t−s) and a Piecewise over an inner index, in nested sums ---------------------
# Alone, both evaluate on main; the forms found while encoding reused an index name, and failed
# with KeyError: s (or "no value for symbol 's'") until the scoping fix of gap 1.
def _python_value(name, av, b, tv):
    import math
    A = dict(enumerate(av, start=1))
    n = len(av)
    if name == "pow":  # Σ_t Σ_{s≤t} a_s √(Σ_{s≤t} β^(t−s) a_s)
        return sum(A[s_] * math.sqrt(sum(b ** (t_ - u) * A[u] for u in range(1, t_ + 1)))
                   for t_ in range(1, n + 1) for s_ in range(1, t_ + 1))
    if name == "pow-alone":  # Σ_t √(Σ_{s≤t} β^(t−s) a_s)
        return sum(math.sqrt(sum(b ** (t_ - u) * A[u] for u in range(1, t_ + 1)))
                   for t_ in range(1, n + 1))
    if name == "piecewise":  # Σ_s a_s Σ_s [s < t] a_s
        return sum(A.values()) * sum(A[u] for u in range(1, n + 1) if u < tv)
    if name == "piecewise-alone":  # Σ_t Σ_{s≤t} [s < t] a_s
        return sum(A[u] for t_ in range(1, n + 1) for u in range(1, t_ + 1) if u < t_)
    raise KeyError(name)


_GAP_2_4 = {
    "pow": Sum(Sum(sp.sqrt(Sum(beta2 ** (t - s) * a[s], (s, 1, t))) * a[s], (s, 1, t)), (t, 1, T)),
    "pow-alone": Sum(sp.sqrt(Sum(beta2 ** (t - s) * a[s], (s, 1, t))), (t, 1, T)),
    "piecewise": Sum(a[s] * Sum(sp.Piecewise((a[s], s < t), (0, True)), (s, 1, T)), (s, 1, T)),
    "piecewise-alone": Sum(Sum(sp.Piecewise((a[s], s < t), (0, True)), (s, 1, t)), (t, 1, T)),
}


@pytest.mark.parametrize("name", sorted(_GAP_2_4))
def test_index_dependent_power_and_piecewise_in_nested_sums(name):
    values, b, tv = [1.0, 2.0, 3.0, 4.0], 0.5, 3
    tenv, menv = _env(values)
    tenv["beta2"], menv["beta2"] = torch.tensor([b, b], dtype=torch.float64), mpmath.mpf(b)
    tenv["t"] = tv  # the free t of "piecewise" (a universal index of its statement)
    want = _python_value(name, values, b, tv)
    expr = _GAP_2_4[name]
    got = [float(torch_eval(expr, tenv, B=2)[0]), float(interp_torch_eval(expr, tenv, B=2)[0]),
           float(mp_eval(expr, menv, {t: tv}))]
    assert got == pytest.approx([want] * 3, rel=1e-14)


# --- 6. elementary functions ---------------------------------------------------------------------
_FUNCS = [sp.sin, sp.cos, sp.tan, sp.atan, sp.sinh, sp.cosh, sp.tanh, sp.asinh, sp.floor,
          sp.ceiling]


@pytest.mark.parametrize("f", _FUNCS, ids=lambda f: f.__name__)
def test_elementary_function_on_every_evaluation_path(f):
    import math

    from adaproof import prescreen as ps
    values = [0.3, -1.7, 2.5, 0.0]
    ref = {"sin": math.sin, "cos": math.cos, "tan": math.tan, "atan": math.atan,
           "sinh": math.sinh, "cosh": math.cosh, "tanh": math.tanh, "asinh": math.asinh,
           "floor": math.floor, "ceiling": math.ceil}[f.__name__]
    expr = Sum(f(a[s]) * s, (s, 1, T))  # inside a Sum, scaled by the index
    want = sum(ref(v) * k for k, v in enumerate(values, start=1))
    got = _all_paths(expr, values)
    assert got == pytest.approx((want,) * 3, rel=1e-13, abs=1e-13)
    if ps.available():  # the Arb ball contains the exact value
        stmt = statement("e9/f", title="f", register=False, lhs=expr, rhs=expr + 1)
        cand = {"a": {"start": [1], "values": values}}
        decisions, ratios = ps.prescreen(stmt, [cand], {"T": 4})
        assert decisions == [ps.HOLDS]
        assert ratios[0] == pytest.approx(want / (want + 1), rel=1e-13)


def test_floor_and_ceiling_are_exact_near_an_integer():
    # √3·√3 = 3 exactly, but not in binary floating point at any precision: mpmath at 60 digits
    # gives 3 + 3e-61, whose ceiling 4 would be a wrong value; the integer part is decided
    # exactly (SymPy, the inputs as exact rationals)
    x = sp.sqrt(a[1]) * sp.sqrt(a[2])
    menv = {"T": 2, "a": ([mpmath.mpf(3), mpmath.mpf(3)], (1,))}
    with mpmath.workdps(60):
        assert mpmath.ceil(mp_eval(x, menv)) == 4  # the naive value: the trap is real
        assert mp_eval(sp.ceiling(x), menv) == 3 and mp_eval(sp.floor(x), menv) == 3
        # away from an integer the high-precision value decides
        menv2 = {"T": 2, "a": ([mpmath.mpf(3), mpmath.mpf(2)], (1,))}
        assert mp_eval(sp.floor(x), menv2) == 2 and mp_eval(sp.ceiling(x), menv2) == 3


def test_transcendental_identity_holds_in_high_precision_never_exact_equality():
    # sin² + cos² = 1: at 60 digits the sides differ by rounding; the tolerance policy judges it
    # (a check treating the values as exact would report rounding as a violation)
    g = sequence("g", over=(1, T), description="g_t")
    stmt = statement("e9/pythagoras", title="Σ (sin² g_t + cos² g_t) ≤ T", register=False,
                     lhs=Sum(sp.sin(g[t]) ** 2 + sp.cos(g[t]) ** 2, (t, 1, T)), rhs=T,
                     supremum=1.0)
    r = check(stmt, examples=200, fresh=True, save=False)
    assert r.error is None, r.error
    assert r.status == "holds" and r.best_ratio == pytest.approx(1.0, rel=1e-12)
    # a false bound with sin is refuted and confirmed in mpmath: sin x ≤ x/2 fails near 0
    wrong = statement("e9/sin-half", title="sin a ≤ a/2 (wrong)", register=False,
                      lhs=sp.sin(a[1]), rhs=a[1] / 2, expected="violated")
    r = check(wrong, examples=200, fresh=True, save=False)
    assert r.error is None, r.error
    assert r.status == "violated" and r.counterexample is not None


def test_unsupported_function_is_a_clear_input_error():
    from adaproof._validation import AdaproofInputError

    with pytest.raises(AdaproofInputError, match=r"function erf .*e9/erf.*supported functions"):
        statement("e9/erf", title="erf", register=False, lhs=sp.erf(a[1]), rhs=1)
    f = sp.Function("f")
    with pytest.raises(AdaproofInputError, match=r"function f in f\(a\[1\]\)"):
        statement("e9/undefined", title="f", register=False, lhs=f(a[1]), rhs=1)
    tenv, _ = _env([1.0])
    with pytest.raises(AdaproofInputError, match="function erf"):
        torch_eval(sp.erf(a[1]), tenv, B=2)


# --- 7. the error of a wrong copy names the real cause -------------------------------------------
def test_constant_side_e_is_a_number_in_exact_arithmetic():
    # a side that is the bare constant e (adafactor (53): ... <= exp(1)) was mpmath's lazy
    # constant, not an mpf, and every flagged candidate ended the check with "non-finite side in
    # exact arithmetic (lhs=7.389..., rhs=2.718...)": a wrong copy was an error, not refuted
    b = scalar("b", "[0, 2]")
    wrong = statement("e9/exp-le-e", title="exp(b) ≤ e for b ≤ 2 (wrong: true for b ≤ 1)",
                      register=False, lhs=sp.exp(b), rhs=sp.E, expected="violated")
    r = check(wrong, examples=100, fresh=True, save=False)
    assert r.error is None, r.error
    assert r.status == "violated" and float(r.counterexample["ratio"]) > 1
    right = statement("e9/exp-le-e-right", title="exp(b) ≤ e·e for b ≤ 2", register=False,
                      lhs=sp.exp(b), rhs=sp.E * sp.E, supremum=1.0)
    r = check(right, examples=100, fresh=True, save=False)
    assert r.error is None and r.status == "holds"


@pytest.mark.slow
def test_wrong_copy_of_adafactor_eq_53_b_is_refuted():
    import dataclasses

    from adaproof import lemmas
    from adaproof.lemmas.adafactor.eq_53 import _XI2, G
    base = lemmas.get("adafactor/eq-53-b")
    wrong = dataclasses.replace(base, id="e9/eq-53-b-2G2", paper="e9",
                                lhs=sp.exp(_XI2 / (2 * G ** 2)), expected="violated")
    r = check(wrong, examples=300, fresh=True, save=False)
    assert r.error is None, r.error
    assert r.status == "violated"


def test_a_complex_side_is_named_as_such():
    from adaproof.verification import verify_candidate
    g = sequence("g", over=(1, T), description="g_t")
    # holds for g_1 >= 0, but the user forgot that hypothesis: on g_1 < 0 both sides are
    # complex, which the error says (it said "non-finite side")
    stmt = statement("e9/sqrt-of-negative", title="√g_1 ≤ √g_1 + 1 (g real)", register=False,
                     lhs=sp.sqrt(g[1]), rhs=sp.sqrt(g[1]) + 1)
    v = verify_candidate(stmt, {"g": {"start": [1], "values": [-4.0]}}, {"T": 1})
    assert not v.finite and "lhs is complex" in v.reason
    r = check(stmt, examples=100, fresh=True, save=False)
    assert r.status == "error" and "lhs is complex" in r.error, r.error
