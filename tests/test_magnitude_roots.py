"""symbolic.magnitude under a square root (any power 0 < p < 1) and a negative power whose
argument cancels near 0.  An error δ in u becomes about δ/(2√u) in √u, and √δ at u = 0; δk/u^(k+1)
in u^-k.  The old scale M(√u) = √M(u), M(u^-k) = |u^-k| carried neither, so

* the derived sampler's 'fl(e) >= 2^-36 M(e) implies e >= 0' (adaproof.derive.engine) accepted
  c = 2^-31 >= √(x² − y), false exactly (fl(x² − y) = 0, exactly 2^-60: √ = 2^-30);
* the exact verification (60 digits, margin 10^-50·(|lhs| + |rhs| + M(lhs) + M(rhs)), confirmed
  at 120) reported √|u| <= 0 violated for u = (x + y/3)² − x² − 2xy/3 − y²/9, which is exactly 0:
  the 60-digit residue of u (about 10^-60) is about 10^-30 under the root.

Now (session 8): magnitude(e) (the float64 unit 2^-36) carries a root's √δ without a branch,
4·M(u)/(|u| + unit·M(u))^(1−p), and a negative power's kδ/u^(k+1); the mpmath verification keeps
the linear scale (magnitude(e, None)) and reports a violation only when its margin is stable under
precision (60 against 120 digits, then 120 against 240): the residue is undecided, counted
unverified by the checker -- neither a violation nor a pass."""
import mpmath
import pytest
import sympy as sp
import torch

from adaproof.checker import check
from adaproof.derive.engine import SAFETY
from adaproof.statement import Hypothesis, Quantity, Statement
from adaproof.symbolic import magnitude, mp_eval, torch_eval
from adaproof.verification import verify_candidate

x, y, c = sp.symbols("x y c", real=True)
X, Y = 1 + 2.0 ** -30, 1 + 2.0 ** -29      # x² = 1 + 2^-29 + 2^-60 rounds to y: fl(x² − y) = 0


def _float(expr, **vals):
    env = {k: torch.tensor([v], dtype=torch.float64) for k, v in vals.items()}
    return float(torch_eval(expr, env, B=1)[0])


def _exact(expr, **vals):
    with mpmath.workdps(50):
        return mp_eval(expr, {k: mpmath.mpf(v) for k, v in vals.items()})


def test_the_example_rounds_as_described():
    assert X * X - Y == 0.0
    assert _exact(x * x - y, x=X, y=Y) == mpmath.mpf(2) ** -60


def test_acceptance_by_the_safety_margin_implies_the_exact_sign_under_a_root():
    E = c - sp.sqrt(x * x - y)                # the hypothesis c >= √(x² − y) as e >= 0
    C = 2.0 ** -31                            # between fl √u = 0 and √u = 2^-30
    val, mag = _float(E, x=X, y=Y, c=C), _float(magnitude(E), x=X, y=Y, c=C)
    assert val > 0 and _exact(E, x=X, y=Y, c=C) < 0
    assert not val >= SAFETY * mag, (val, mag)


@pytest.mark.parametrize("p", [sp.Rational(1, 2), sp.Rational(1, 3), sp.Rational(3, 4)])
def test_the_root_rule_bounds_the_float_error_near_and_at_zero(p):
    """fl((x² − y)^p) against the exact value, for x² − y from 2^-60 (fl: 0) to 2^-52·k: the
    error stays within 2^-36 M."""
    e = (x * x - y) ** p
    for k in range(0, 40):
        xv, yv = 1 + 2.0 ** -30, 1 + 2.0 ** -29 - 2.0 ** -52 * k
        fl, mag = _float(e, x=xv, y=yv), _float(magnitude(e), x=xv, y=yv)
        assert abs(fl - float(_exact(e, x=xv, y=yv))) <= SAFETY * mag, (k, fl, mag)


@pytest.mark.parametrize("k", [1, 2, sp.Rational(1, 2)])
def test_the_negative_power_rule_bounds_the_float_error(k):
    e = (x * x - y) ** -k
    for j in range(1, 40):
        xv, yv = 1 + 2.0 ** -30, 1 + 2.0 ** -29 - 2.0 ** -52 * j   # exactly 2^-52 j + 2^-60
        fl, mag = _float(e, x=xv, y=yv), _float(magnitude(e), x=xv, y=yv)
        ex = float(_exact(e, x=xv, y=yv))
        assert abs(fl - ex) <= SAFETY * mag, (j, fl, ex, mag)


def test_inputs_keep_their_scale_and_an_exact_zero_is_no_nan():
    assert magnitude(sp.sqrt(x)) == sp.sqrt(sp.Abs(x))
    assert magnitude(1 / x) == sp.Abs(1 / x, evaluate=False)
    m = magnitude(sp.sqrt(x * x + y * y))      # σ = 0 (a common candidate): 0, not 0/0
    assert _float(m, x=0.0, y=0.0) == 0.0 and _exact(m, x=0.0, y=0.0) == 0


U = (x + y / 3) ** 2 - x ** 2 - 2 * x * y / 3 - y ** 2 / 9     # exactly 0 for every x, y


def _stmt():
    def sampler(ctx):
        return {"x": torch.rand(ctx.B, generator=ctx.generator, dtype=torch.float64) + 0.5,
                "y": torch.rand(ctx.B, generator=ctx.generator, dtype=torch.float64) + 0.5}
    return Statement(
        id="test/root-of-zero", paper="test", kind="lemma", number="0", title="√|u| <= 0, u = 0",
        section="-", family="other", latex="-",
        quantities=(Quantity("x", "scalar", "> 0", "x"), Quantity("y", "scalar", "> 0", "y")),
        hypotheses=(Hypothesis(x > 0), Hypothesis(y > 0)),
        lhs=sp.sqrt(sp.Abs(U)), rhs=sp.Integer(0), sampler=sampler, sizes=lambda g, p: {})


def test_a_60_digit_residue_under_a_root_is_not_a_violation():
    st = _stmt()
    assert sp.expand(U) == 0
    with mpmath.workdps(60):
        assert mp_eval(U, {"x": mpmath.mpf(0.7), "y": mpmath.mpf(0.9)}) != 0   # the residue
    # mpmath: violated at 60, 120 and 240 digits, but by 10^-30, 10^-60, 10^-120: unstable
    v = verify_candidate(st, {"x": 0.7, "y": 0.9}, {})
    assert v.hypotheses_hold and not v.violated and v.undecided, v
    # the checker: no violation, and the candidates it could not decide are counted unverified
    # (the ball pre-screen's √ of a ball around 0 is NaN, so it decides none of them either)
    r = check(st, examples=64, seed=0, save=False, fresh=True)
    assert r.status == "holds" and r.counterexample is None, r.to_json()
    assert r.unverified == r.flagged_unverified > 0, r.to_json()


def test_a_piecewise_under_a_root_keeps_its_scale_readable():
    """adafactor (98)'s ρ: sqrt(1 − Piecewise(...)).  The root rule's u = 0 test must not become
    an ``ITE`` condition (SymPy rewrites a condition that holds a Piecewise), which no evaluator
    reads: the prescreen raised AttributeError on it and the statement ended in `error`."""
    k, c = sp.symbols("k c")  # declared plainly, as the statement does
    u = 1 - sp.Piecewise((sp.Rational(1, 2), sp.Eq(k, 1)), (1 - k ** -c, True))
    m = magnitude(sp.sqrt(u))
    assert not m.atoms(sp.logic.boolalg.ITE)
    for kv, cv in ((1, 0.7), (2, 0.7), (3, 1.0)):
        env = {"k": mpmath.mpf(kv), "c": mpmath.mpf(cv)}
        exact_u = mp_eval(u, env)
        assert exact_u > 0
        # the scale bounds the root's error: at least the root's own value
        assert mp_eval(m, env) >= mpmath.sqrt(exact_u)


def test_a_piecewise_under_a_sum_under_a_root_leaves_no_index_free():
    """adam_complexity lemma-2-nubar-chain: sqrt(ν₀ + Σ_s Piecewise(..., cond(s))).  Taking the
    Piecewise out of the Sum would leave its index s free ("no value for symbol 's'")."""
    s, T, sig = sp.symbols("s T sigma")
    x = sp.IndexedBase("x")
    u = 1 + sp.Sum(sp.Piecewise((x[s] ** 2, sig > sp.Abs(x[s])), (0, True)), (s, 1, T))
    m = magnitude(sp.sqrt(u))
    assert s not in m.free_symbols
    assert not m.atoms(sp.logic.boolalg.ITE)


def _stmt_with(lhs, id_):
    st = _stmt()
    import dataclasses
    return dataclasses.replace(st, id=id_, lhs=lhs)


def test_a_residue_the_scale_does_not_model_is_undecided_not_violated():
    """The second line of defence: ``Max(u, −u)`` is only ``|Max|`` to the scale (its inner
    cancellation is not modelled), so its 60-digit residue under a root passes the window.  A
    violation must be stable under precision (60 against 120 digits, then 120 against 240): the
    residue, 10⁻³⁰ at 60 digits, 10⁻⁶⁰ at 120, is not, so the candidate is undecided -- neither
    a violation nor a pass: the checker counts it unverified."""
    st = _stmt_with(sp.sqrt(sp.Max(U, -U)), "test/root-of-max-zero")
    for dps in (60, 120, 240):
        with mpmath.workdps(dps):
            assert mp_eval(st.lhs, {"x": mpmath.mpf(0.7), "y": mpmath.mpf(0.9)}) > \
                mpmath.mpf(10) ** (-dps)   # a residue far above each precision's window
    v = verify_candidate(st, {"x": 0.7, "y": 0.9}, {})
    assert v.hypotheses_hold and not v.violated and v.undecided, v
    r = check(st, examples=16, seed=0, save=False, fresh=True)
    assert r.status == "holds" and r.counterexample is None
    assert r.unverified > 0 and r.flagged_unverified == r.unverified, r.to_json()


def test_a_small_real_violation_under_a_root_is_still_reported():
    """The stability test keeps a real violation: √(Max(u, −u) + 10⁻⁴⁰) = 10⁻²⁰ > 0 exactly;
    at 60 digits its margin carries the unmodelled residue of u (relative 10⁻²⁰, outside the
    window), but it agrees with the 120-digit margin to 20 digits, so it is reported."""
    st = _stmt_with(sp.sqrt(sp.Max(U, -U) + sp.Rational(1, 10 ** 40)), "test/root-small")
    v = verify_candidate(st, {"x": 0.7, "y": 0.9}, {})
    assert v.hypotheses_hold and v.violated and not v.undecided, v
    assert abs(float(v.lhs) - 1e-20) < 1e-30
    r = check(st, examples=16, seed=0, save=False, fresh=True)
    assert r.status == "violated" and r.unverified == 0, r.to_json()


def test_the_root_scale_depends_on_the_unit_and_is_tight_away_from_zero():
    """unit · M bounds a root's error for any working error up to ``unit``; away from 0 the
    extra term is a small multiple of the value (no large fallback that would hide a finding)."""
    e = sp.sqrt(x - y)
    m60 = magnitude(e, sp.Rational(1, 10 ** 50))
    with mpmath.workdps(60):
        at_zero = mp_eval(m60, {"x": mpmath.mpf(1), "y": mpmath.mpf(1)})
        # δ = 10^-50·M(u) = 2·10^-50: the root of it, 1.4·10^-25, within 10^-50·M
        assert mpmath.mpf(10) ** -50 * at_zero >= mpmath.sqrt(2 * mpmath.mpf(10) ** -50)
        far = mp_eval(m60, {"x": mpmath.mpf(3), "y": mpmath.mpf(1)})
        assert far <= 10 * mpmath.sqrt(2)         # √M(u) + 4M(u)/√|u| = 2 + 16/√2 ≈ 9.4√u
        assert far >= mpmath.sqrt(2)
