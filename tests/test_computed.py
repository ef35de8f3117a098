"""Matrix claims and relations between runs (adaproof.computed, adaproof.matrix,
adaproof.relations): the backends agree, a false claim is found and certified exactly, a true
one holds at its known tightness, an invariance that holds is not reported and one that fails
is, and float rounding never reports a violation."""
from __future__ import annotations

import json
from fractions import Fraction

import mpmath
import numpy as np
import pytest
import torch

from adaproof.checker import check
from adaproof.computed import Input, computed_statement, size_choices
from adaproof.matrix import (ArbOps, ExactOps, MpOps, NeedsReal, TorchOps, Undecided, blocks,
                             cayley, cayley_exact, psd_exact, to_fraction_array)
from adaproof.registry import get
from adaproof.statement import SampleContext
from adaproof.symbolic import SeqValue
from adaproof.verification import evaluate_batch, verify_candidate


@pytest.fixture(autouse=True)
def _store(tmp_path, monkeypatch):
    monkeypatch.setenv("ADAPROOF_STORE", str(tmp_path / "store"))
    monkeypatch.setenv("ADAPROOF_BUILTIN_STORE", "none")


def _mat(rows):
    return {"start": [1, 1], "values": rows}


def _vec(xs):
    return {"start": [1], "values": xs}


# -- backends ---------------------------------------------------------------------------------
def test_box_quad_max_exact_matches_brute_force_and_float():
    gen = torch.Generator().manual_seed(3)
    for _ in range(20):
        d = int(torch.randint(1, 4, (1,), generator=gen))
        M = torch.round(torch.randn(d, d, generator=gen, dtype=torch.float64) * 3)
        M = M + M.T
        exact = ExactOps().box_quad_max(to_fraction_array(M.tolist())[None])[0]
        # brute force on a fine grid of the cube (a lower bound that converges)
        grid = torch.linspace(-1, 1, 41, dtype=torch.float64)
        pts = torch.cartesian_prod(*([grid] * d)).reshape(-1, d)
        brute = float(((pts @ M) * pts).sum(-1).max())
        assert brute <= float(exact) + 1e-12
        assert float(exact) - brute <= 0.01 * (1 + abs(float(exact)))
        flt = float(TorchOps().box_quad_max(M[None])[0])
        assert flt == pytest.approx(float(exact), rel=1e-12, abs=1e-12)


def test_inf_to_one_and_psd_exact():
    ops = ExactOps()
    M = to_fraction_array([[1.0, 0.0], [0.0, -1.0]])[None]
    assert ops.inf_to_one(M)[0] == 2
    assert ops.box_quad_max(M)[0] == 1 and ops.box_quad_max(-M)[0] == 1
    assert psd_exact([[Fraction(1), Fraction(1)], [Fraction(1), Fraction(1)]])
    assert not psd_exact([[Fraction(1), Fraction(2)], [Fraction(2), Fraction(1)]])
    assert not psd_exact([[Fraction(0), Fraction(1)], [Fraction(1), Fraction(5)]])
    with pytest.raises(NeedsReal):
        ops.lam_min(M)


def test_cayley_is_exactly_orthogonal():
    S = to_fraction_array([[0, 0.25, -1.5], [-0.25, 0, 0.75], [1.5, -0.75, 0]])[None]
    ops = ExactOps()
    R = cayley_exact(ops, S)
    RtR = ops.T(R) @ R
    assert all(RtR[0, i, j] == (1 if i == j else 0) for i in range(3) for j in range(3))
    Rf = cayley(torch.tensor(S.astype(float)))
    assert torch.allclose(Rf[0], torch.tensor(R[0].astype(float)), atol=1e-15)


def test_arb_sign_of_an_undecided_ball_raises():
    import flint
    ops = ArbOps()
    with pytest.raises(Undecided):
        ops.sign(np.array([flint.arb("0 +/- 1e-30")], dtype=object))
    assert ops.sign(np.array([flint.arb(0)], dtype=object))[0] == 0


def test_spectral_ops_agree_between_torch_and_mpmath():
    gen = torch.Generator().manual_seed(1)
    A = torch.randn(1, 4, 4, generator=gen, dtype=torch.float64)
    A = A + A.transpose(-1, -2)
    t = TorchOps()
    with mpmath.workdps(40):
        m = MpOps()
        Am = np.array([[mpmath.mpf(float(x)) for x in r] for r in A[0]], dtype=object)[None]
        assert float(m.lam_min(Am)[0]) == pytest.approx(float(t.lam_min(A)[0]), rel=1e-12)
        absm = m.mabs(Am)
        assert np.allclose(absm.astype(float), t.mabs(A).numpy(), atol=1e-12)
        # |A| is the PSD square root of A²: an independent check with mpmath.sqrtm
        ref = mpmath.sqrtm(mpmath.matrix(Am[0].tolist()) ** 2)
        assert all(abs(absm[0, i, j] - ref[i, j]) < mpmath.mpf(10) ** -30
                   for i in range(4) for j in range(4))


def test_operator_norms_against_sampling_and_exact_values():
    from adaproof.matrix import op_norm
    gen = torch.Generator().manual_seed(5)
    A = torch.randn(3, 4, generator=gen, dtype=torch.float64)
    t = TorchOps()
    X = torch.randn(20000, 4, generator=gen, dtype=torch.float64)
    for p, q in ((1, 1), (1, 2), (1, "inf"), ("inf", 1), ("inf", 2), ("inf", "inf"), (2, 2)):
        val = float(op_norm(t, A[None], p, q)[0])
        pn = {1: X.abs().sum(1), 2: X.norm(dim=1), "inf": X.abs().amax(1)}[p]
        Y = (X / pn[:, None]) @ A.T
        qn = {1: Y.abs().sum(1), 2: Y.norm(dim=1), "inf": Y.abs().amax(1)}[q]
        assert float(qn.max()) <= val * (1 + 1e-12)  # no sampled x beats the exact maximum
    assert float(op_norm(t, A[None], 2, 2)[0]) == pytest.approx(
        float(torch.linalg.matrix_norm(A, ord=2)), rel=1e-12)
    Ae = to_fraction_array(A.tolist())[None]
    assert op_norm(ExactOps(), Ae, "inf", 1)[0] == ExactOps().inf_to_one(Ae)[0]
    assert float(op_norm(ExactOps(), Ae, 1, "inf")[0]) == float(A.abs().max())


def test_blocks_partition():
    assert blocks(4, 4) == [[0], [1], [2], [3]]
    assert blocks(5, 2) == [[0, 1, 2], [3, 4]]
    assert blocks(3, 1) == [[0, 1, 2]]


# -- matrix claims ----------------------------------------------------------------------------
def test_paper_counterexample_to_dominance_is_verified_and_certified():
    """M = [[1,1],[1,0]], H = (2,1): diag(H) − |M| is indefinite (det = 3 − 7/√5·... < 0)."""
    s = get("adam_linf/sec-3.3-b")
    cand = {"M": _mat([[1.0, 1.0], [1.0, 0.0]]), "H": _vec([2.0, 1.0])}
    v = verify_candidate(s, cand, {"d": 2})
    assert v.hypotheses_hold and v.violated
    cert = v.certificate
    assert cert["certifies"] and cert["kind"] == "loewner"
    # independent re-check of the certificate: xᵀ(diag(H) − sqrtm(M²))x < 0 at 50 digits
    with mpmath.workdps(50):
        x = mpmath.matrix(cert["x"])
        M = mpmath.matrix([[1, 1], [1, 0]])
        D = mpmath.diag([2, 1]) - mpmath.sqrtm(M * M)
        assert (x.T * D * x)[0] < -0.05
    # H below the row sums is outside Definition 3.3's domain: rejected, never reported
    bad = {"M": _mat([[1.0, 1.0], [1.0, 0.0]]), "H": _vec([2.0, 0.999])}
    assert not verify_candidate(s, bad, {"d": 2}).hypotheses_hold


def test_false_matrix_claims_are_found_with_an_examples_budget():
    r = check(get("adam_linf/lemma-C.3-dominates"), examples=600, seed=1)
    assert r.status == "violated" and r.counterexample["certificate"]["certifies"]
    r = check(get("adam_linf/sec-3.3-a"), examples=600, seed=1)
    assert r.status == "violated"
    assert r.counterexample["verification"] == "mpmath (exact rational)"
    assert float(r.counterexample["lhs"]) > float(r.counterexample["rhs"])
    r = check(get("adagrad_aniso/sec-3.2-assumptions"), examples=600, seed=1)
    assert r.status == "violated"
    assert r.counterexample["certificate"]["exact_rational"]
    assert r.counterexample["certificate"]["certifies"]


@pytest.mark.parametrize("key", ["adam_linf/definition-3.3", "adam_linf/sec-3.2-norms",
                                 "adam_linf/sec-3.3-a@corrected", "adam_linf/lemma-C.3",
                                 "adam_linf/definition-3.9-refinement"])
def test_true_matrix_claims_hold_at_their_known_tightness(key):
    r = check(get(key), examples=800, seed=0)
    assert r.status == "holds", r.error
    assert r.best_ratio == pytest.approx(1.0, abs=1e-9)  # the supremum 1 is attained


def test_alphaadam_theorem_3_3_holds_and_is_tight():
    for key in ("alphaadam/theorem-3.3", "alphaadam/theorem-3.3-upper"):
        r = check(get(key), examples=800, seed=0)
        assert r.status == "holds", r.error
        assert 1 - 1e-9 <= r.best_ratio <= 1 + 1e-9


def test_a_wrong_constant_is_found():
    """The same machinery, the lower bound of Theorem A.3 with c₁ doubled: found violated."""
    import dataclasses
    s = get("alphaadam/theorem-3.3")
    wrong = dataclasses.replace(s, id="mine/theorem-3.3-doubled", paper="mine",
                                sides=lambda ops, v: (2 * s.sides(ops, v)[0], s.sides(ops, v)[1]))
    r = check(wrong, examples=600, seed=0, save=False)
    assert r.status == "violated"


def test_nonfinite_side_is_an_error_not_a_pass():
    s = computed_statement(
        "mine/nan", kind="claim", number="1", title="t", section="s", latex="x",
        inputs=(Input("x", ()),), sizes=size_choices(d=[1]),
        sampler=lambda ctx: {"x": ctx.rand(ctx.B)},
        sides=lambda ops, v: (v["x"] / (0 * v["x"]), v["x"]), lhs_latex="x/0", rhs_latex="x")
    r = check(s, examples=50, save=False)
    assert r.status == "error"


# -- relations between runs -------------------------------------------------------------------
@pytest.mark.parametrize("key", ["adam_linf/theorem-2.2@corrected",
                                 "adam_linf/theorem-2.2-adam-permutation@corrected",
                                 "adam_linf/theorem-2.2-signgd-permutation",
                                 "adam_linf/theorem-2.2-adam-sign-flip",
                                 "adam_complexity/eq-7"])
def test_invariances_and_identities_that_hold_are_not_reported(key):
    r = check(get(key), examples=400, seed=0)
    assert r.status == "holds", (r.error, r.counterexample)
    assert r.examples >= 200


@pytest.mark.parametrize("key", ["adam_linf/theorem-2.2-adam-rotation",
                                 "adam_linf/theorem-2.2-signgd-rotation",
                                 "adam_linf/theorem-2.2", "adam_linf/theorem-2.2-adam-permutation"])
def test_invariances_that_fail_are_found(key):
    r = check(get(key), examples=400, seed=0)
    assert r.status == "violated"
    ce = r.counterexample
    assert float(ce["lhs"]) > 0 and ce["certificate"]["kind"] == "runs differ"


def test_adam_is_not_rotation_invariant_on_an_explicit_rotation():
    """A Cayley rotation of the plane (exactly orthogonal), Adam from m₀ = 0: the runs differ;
    the same candidate with R a permutation is invariant."""
    s = get("adam_linf/theorem-2.2-adam-rotation")
    base = {"Q": {"start": [1, 1, 1], "values": [[[4.0, 0.0], [0.0, 2.0]]]},
            "c": {"start": [1, 1], "values": [[0.0, 0.0]]}, "x0": _vec([1.0, 0.5]),
            "beta1": 0.0, "beta2": 0.0, "eps": 0.0, "eta": _vec([0.1]), "m0": _vec([0.0, 0.0]),
            "v0": 0.0, "P": _mat([[1.0, 0.0], [0.0, 1.0]]),
            "S": _mat([[0.0, 0.5], [-0.5, 0.0]])}
    v = verify_candidate(s, base, {"d": 2, "T": 1})
    assert v.hypotheses_hold and v.violated
    perm = dict(base, P=_mat([[0.0, 1.0], [1.0, 0.0]]), S=_mat([[0.0, 0.0], [0.0, 0.0]]))
    v = verify_candidate(s, perm, {"d": 2, "T": 1})
    assert v.hypotheses_hold and not v.violated


def test_equality_of_runs_with_a_wrong_schedule_is_found():
    """(7) against (6) with β_{2,t} = 1 − 1/(t + 1) instead of 1 − 1/t: the runs differ."""
    from adaproof.lemmas.adam_complexity import eq_7
    wrong_b2 = lambda ops, t: 1 - ops.const(1) / (t + 1)  # noqa: E731
    s = computed_statement(
        "mine/eq-7-wrong", kind="eq", number="7", title="t", section="s", latex="x",
        inputs=eq_7.INPUTS, sizes=eq_7.sizes, sampler=eq_7.sample,
        hyps=lambda ops, v: eq_7.hyps(ops, v, wrong_b2),
        sides=lambda ops, v: eq_7.sides(ops, v, wrong_b2), lhs_latex="a", rhs_latex="0",
        ratio_kind="relative", screen_rtol=1e-9, computed_kind="relation", real_backend="arb")
    r = check(s, examples=300, seed=0, save=False)
    assert r.status == "violated"


def test_float_rounding_never_reports_an_equality_of_runs():
    """AdaSGD (m₀ = 0) under Cayley rotations: the float runs differ by rounding, and a zero
    screen tolerance flags them all.  None is reported violated; an exact equality of the two
    runs is one ball arithmetic cannot prove (the ball of the gap straddles 0 at 256 and 1024
    bits), so each flagged candidate is either cleared or counted unverified -- never a silent
    pass (the verdicts were 'undecided' and used to count as holds), and --strict fails."""
    import dataclasses
    s = dataclasses.replace(get("adam_linf/theorem-2.2@corrected"), screen_rtol=0.0)
    r = check(s, examples=150, seed=2, save=False)
    assert r.status == "holds", r.counterexample
    # seed 2, 150 examples: the balls clear none of the 133 (each gap straddles 0)
    assert r.unverified == r.flagged_unverified == r.resolved_by_mpmath > 0
    assert r.float_exact_disagreements == 0 and not r.passed(strict=True)


def test_alphaadam_theorem_3_5_orderings_fail_exactly():
    for key in ("alphaadam/theorem-3.5", "alphaadam/theorem-3.5-gc", "alphaadam/theorem-3.5-ds"):
        r = check(get(key), examples=300, seed=0)
        assert r.status == "violated" and r.counterexample["verification"] == \
            "mpmath (exact rational)"
    # ΔGC ≤ 0 on every candidate: the asynchronous mask is inside the synchronous one
    from adaproof.lemmas.alphaadam.theorem_3_5 import _sample, parts
    ctx = SampleContext(B=256, sizes={"d": 4}, generator=torch.Generator().manual_seed(0))
    inp = _sample(ctx)
    v = {k: (x.data if isinstance(x, SeqValue) else x) for k, x in inp.items()}
    gc1, gc2, _, _ = parts(TorchOps(), v)
    assert bool((gc2 <= gc1 + 1e-12 * gc1.abs()).all())


def test_evaluate_batch_and_json_of_a_computed_statement():
    s = get("adam_linf/lemma-C.3")
    ctx = SampleContext(B=32, sizes={"d": 3, "k": 3}, generator=torch.Generator().manual_seed(0))
    ev = evaluate_batch(s, s.sampler(ctx), {"d": 3, "k": 3})
    assert ev.admissible.all() and (ev.margin >= 0).all()
    info = s.to_json()
    json.dumps(info)
    assert info["computed"]["kind"] == "matrix" and info["family"] == "matrix"
    assert "exact rationals" in s.describe()


# -- guided search through a parametrisation (M = (Z + Zᵀ)/2, H from M) -----------------------
def test_guided_search_reaches_the_tightness_of_lemma_c3():
    r = check(get("adam_linf/lemma-C.3"), examples=300, seed=0, phases=("guided",), save=False)
    assert r.status == "holds" and r.method == "guided"
    assert r.best_ratio > 0.99  # the supremum 1 (M = ssᵀ, Δ = s), approached by gradient steps


def test_guided_search_alone_finds_the_dominance_violation():
    r = check(get("adam_linf/lemma-C.3-dominates"), examples=300, seed=0, phases=("guided",),
              save=False)
    assert r.status == "violated" and r.method == "guided"
    assert r.counterexample["certificate"]["certifies"]


# -- derivatives with respect to a hyperparameter ---------------------------------------------
def test_derivative_autograd_and_exact_dual_numbers_agree():
    from adaproof.lemmas.alphaadam.theorem_3_6 import _alpha_step, _sample
    from adaproof.matrix import derivative
    ctx = SampleContext(B=8, sizes={"d": 3}, generator=torch.Generator().manual_seed(4))
    inp = _sample(ctx)
    v = {k: (x.data if isinstance(x, SeqValue) else x) for k, x in inp.items()}
    v["d"] = 3
    t = TorchOps()
    d_float = derivative(t, _alpha_step(t, v)[0], v["eta"])
    # central finite differences in float (the mask is locally constant)
    f = _alpha_step(t, v)[0]
    h = 1e-6 * v["eta"]
    fd = (f(v["eta"] + h) - f(v["eta"] - h)) / (2 * h)
    assert torch.allclose(d_float, fd, rtol=1e-4, atol=1e-8, equal_nan=True)
    # exact forward mode (mpmath duals) on a candidate with a non-zero derivative
    j = 3
    assert abs(float(d_float[j])) > 1
    with mpmath.workdps(40):
        m = MpOps()
        v0 = {k: (np.array([[mpmath.mpf(float(y)) for y in np.atleast_1d(x[j].numpy()).ravel()]],
                           dtype=object).reshape((1,) + tuple(x.shape[1:])))
              for k, x in v.items() if isinstance(x, torch.Tensor)}
        v0["d"] = 3
        d_exact = derivative(m, _alpha_step(m, v0)[0], v0["eta"])
        assert float(d_exact[0]) == pytest.approx(float(d_float[j]), rel=1e-10)


def test_alphaadam_theorem_3_6_fixed_state_derivative_is_exactly_zero():
    r = check(get("alphaadam/theorem-3.6"), examples=300, seed=0)
    assert r.status == "holds"
    v = verify_candidate(get("alphaadam/theorem-3.6"), r.best_input, r.best_sizes)
    assert v.lhs == "0.0"  # the ball of ∂α/∂η is exactly 0: α is scale-free in u
    r = check(get("alphaadam/theorem-3.6-step"), examples=300, seed=0)
    assert not r.unexpected and r.best_ratio > 1  # the constant 1 is not enough


def test_eq_9_square_root():
    assert check(get("alphaadam/eq-9"), examples=200).status == "violated"
    assert check(get("alphaadam/eq-9@corrected"), examples=200).status == "holds"


def test_phi_adam_smoothness_is_not_rotation_invariant_but_phi_adasgd_is():
    s = get("adam_linf/sec-3.3-c")
    # M = diag(-1, 0): H(L, Φ_Adam) = 1; rotated by C(S), S = [[0, -1/2], [1/2, 0]]: 1.96
    cand = {"M": _mat([[-1.0, 0.0], [0.0, 0.0]]), "P": _mat([[1.0, 0.0], [0.0, 1.0]]),
            "S": _mat([[0.0, -0.5], [0.5, 0.0]])}
    v = verify_candidate(s, cand, {"d": 2})
    assert v.violated and float(v.lhs) == pytest.approx(0.96, abs=1e-30)
    # a permutation leaves it unchanged
    perm = dict(cand, P=_mat([[0.0, 1.0], [1.0, 0.0]]), S=_mat([[0.0, 0.0], [0.0, 0.0]]))
    assert not verify_candidate(s, perm, {"d": 2}).violated
    assert check(get("adam_linf/sec-3.3-c-adasgd"), examples=300).status == "holds"
