"""Issues 13/14 leftovers (helper m13b): alphaadam Theorem 3.6's second derivative, adam_linf
Table 1's loss columns, exact equality for strict statements with an algorithm, sec-3.3-c at
d > 2, Corollary 3.6 as printed, Lemma C.1 with non-diagonal Hessians.

Every verdict is pinned with ``check(..., examples=N)`` (budgets counted in examples); exact
quantities are compared with an independent computation (SymPy) on one input."""
from __future__ import annotations

import importlib
from fractions import Fraction

import mpmath
import numpy as np
import pytest
import sympy as sp
import torch

from adaproof import lemmas
from adaproof.checker import check
from adaproof.matrix import ArbOps, MpOps, TorchOps, second_derivative
from adaproof.statement import SampleContext, Statement
from adaproof.symbolic import SeqValue
from adaproof.verification import verify_candidate


@pytest.fixture(autouse=True)
def _store(tmp_path, monkeypatch):
    monkeypatch.setenv("ADAPROOF_STORE", str(tmp_path / "store"))
    monkeypatch.setenv("ADAPROOF_BUILTIN_STORE", "none")


# module -> {key: expected}
MODULES = {
    "alphaadam.theorem_3_6_second": {
        "alphaadam/theorem-3.6-second": "holds",
        "alphaadam/theorem-3.6-second-step": "unknown",
    },
    "adam_linf.sec_3_3_c_d34": {
        "adam_linf/sec-3.3-c-d34": "violated",
        "adam_linf/definition-3.9-refinement-d34": "holds",
    },
    "adam_linf.corollary_3_6_floor": {
        "adam_linf/corollary-3.6-noise-floor": "violated",
    },
    "adam_linf.lemma_c_1_nondiagonal": {
        "adam_linf/lemma-C.1-psd": "holds",
        "adam_linf/lemma-C.1-indefinite": "holds",
    },
    "alphaadam.theorem_3_5_s12_run": {
        "alphaadam/theorem-3.5-s12-run": "violated",
        "alphaadam/theorem-3.5-s12-run@corrected": "holds",
    },
    "adam_linf.table_1_loss": {
        "adam_linf/table-1-loss-order": "holds",
        "adam_linf/table-1-loss": "unknown",
    },
}


def test_every_statement_of_the_modules_is_pinned():
    for mod, pinned in MODULES.items():
        module = importlib.import_module(f"adaproof.lemmas.{mod}")
        keys = {s.key for s in vars(module).values() if isinstance(s, Statement)}
        assert keys == set(pinned), mod
        for k, expected in pinned.items():
            assert lemmas.get(k).expected == expected, k


# -- 1. alphaadam Theorem 3.6 / D.1, Property 1, second derivative ----------------------------
def _one_candidate(seed=4, d=3, j=3):
    from adaproof.lemmas.alphaadam.theorem_3_6 import _sample
    ctx = SampleContext(B=8, sizes={"d": d}, generator=torch.Generator().manual_seed(seed))
    inp = _sample(ctx)
    v = {k: (x.data if isinstance(x, SeqValue) else x) for k, x in inp.items()}
    v["d"] = d
    return v


def _sympy_alpha_step(v, j):
    """α(t+1)(η) of the proof's one-step model, in SymPy with the candidate's exact rationals."""
    R = lambda x: sp.Rational(Fraction(float(x)))  # noqa: E731
    d = v["d"]
    eta = sp.Symbol("eta", positive=True)
    g = [R(x) for x in v["g"][j]]
    m = [R(x) for x in v["m"][j]]
    beta, a = R(v["beta"][j]), R(v["a"][j])
    H = [[R(v["E"][j][r][c]) + (R(v["Ddiag"][j][r]) if r == c else 0) for c in range(d)]
         for r in range(d)]
    w0 = [beta * m[i] + g[i] for i in range(d)]
    u = [-eta * a * w0[i] for i in range(d)]
    g1 = [g[i] - sum(H[i][c] * u[c] for c in range(d)) for i in range(d)]
    m1 = [beta * m[i] + (1 - beta) * g1[i] for i in range(d)]
    w1 = [beta * m1[i] + g1[i] for i in range(d)]
    e0 = R(v["eta"][j])
    mask = [1 if (m[i] * g1[i]).subs(eta, e0) >= 0 else 0 for i in range(d)]
    alpha = sp.sqrt(sum(x * x for x in w1) / sum(mk * x * x for mk, x in zip(mask, w1)))
    return alpha, eta, e0


def test_second_derivative_matches_sympy_exactly_and_autograd():
    from adaproof.lemmas.alphaadam.theorem_3_6 import _alpha_step
    v = _one_candidate()
    t = TorchOps()
    d2_float = second_derivative(t, _alpha_step(t, v)[0], v["eta"])
    finite = [j for j in range(8) if torch.isfinite(d2_float[j])]  # α(t+1) defined there
    assert len(finite) >= 3
    for j in finite[:3]:
        alpha, eta, e0 = _sympy_alpha_step(v, j)
        exact = sp.diff(alpha, eta, 2).subs(eta, e0)
        ref_s = str(sp.N(exact, 60))
        ref = float(ref_s)
        assert float(d2_float[j]) == pytest.approx(ref, rel=1e-7, abs=1e-12)
        # nested duals: mpmath at 50 digits, and a ball (arb) that must contain the exact value
        with mpmath.workdps(50):
            m = MpOps()
            v0 = {k: np.array([[mpmath.mpf(float(y)) for y in np.atleast_1d(x[j].numpy()).ravel()]],
                              dtype=object).reshape((1,) + tuple(x.shape[1:]))
                  for k, x in v.items() if isinstance(x, torch.Tensor)}
            v0["d"] = v["d"]
            d2 = second_derivative(m, _alpha_step(m, v0)[0], v0["eta"])
            r50 = mpmath.mpf(ref_s)
            assert abs(d2[0] - r50) <= mpmath.mpf(10) ** -40 * (1 + abs(r50))
        from flint import arb, ctx
        old = ctx.prec
        ctx.prec = 256
        try:
            a = ArbOps()
            va = {k: np.array([[a.const(float(y)) for y in np.atleast_1d(x[j].numpy()).ravel()]],
                              dtype=object).reshape((1,) + tuple(x.shape[1:]))
                  for k, x in v.items() if isinstance(x, torch.Tensor)}
            va["d"] = v["d"]
            ball = second_derivative(a, _alpha_step(a, va)[0], va["eta"])[0]
            # the enclosure is tight and agrees with SymPy's exact second derivative
            assert (ball - arb(ref_s)).contains(0) or abs(float((ball - arb(ref_s)).mid())) < 1e-50
            assert float(ball.rad()) < 1e-40
        finally:
            ctx.prec = old


def test_second_derivative_of_a_known_function():
    # f(x) = sqrt(x^2 + 1)/x: f'' = 2/x^3 + ... checked against SymPy in rationals-in-mpmath
    x = sp.Symbol("x")
    f = sp.sqrt(x**2 + 1) * x + 1 / x
    ref = float(sp.diff(f, x, 2).subs(x, sp.Rational(3, 2)))
    m = MpOps()
    with mpmath.workdps(40):
        out = second_derivative(m, lambda z: m.sqrt(z * z + 1) * z + 1 / z,
                                np.array([mpmath.mpf(1.5)], dtype=object))
    assert float(out[0]) == pytest.approx(ref, rel=1e-14)
    t = second_derivative(TorchOps(), lambda z: torch.sqrt(z * z + 1) * z + 1 / z,
                          torch.tensor([1.5], dtype=torch.float64))
    assert float(t[0]) == pytest.approx(ref, rel=1e-12)
    # a function linear in x has second derivative 0 on every backend
    assert float(second_derivative(TorchOps(), lambda z: 3 * z,
                                   torch.tensor([2.0], dtype=torch.float64))[0]) == 0.0
    assert second_derivative(m, lambda z: 3 * z, np.array([mpmath.mpf(2)], dtype=object))[0] == 0


def test_theorem_3_6_second_fixed_state_is_exactly_zero():
    s = lemmas.get("alphaadam/theorem-3.6-second")
    r = check(s, examples=200, seed=0, save=False, fresh=True)
    assert r.status == "holds" and not r.unexpected
    v = verify_candidate(s, r.best_input, r.best_sizes)
    assert v.lhs == "0.0"  # the ball of ∂²α/∂η² is exactly 0: α is scale-free in u


def test_theorem_3_6_second_step_needs_a_constant_above_one():
    s = lemmas.get("alphaadam/theorem-3.6-second-step")
    r = check(s, examples=200, seed=0, save=False, fresh=True)
    assert not r.unexpected and r.best_ratio > 1, r.best_ratio
    v = verify_candidate(s, r.best_input, r.best_sizes)
    assert mpmath.mpf(v.lhs) > mpmath.mpf(v.rhs)


# -- 2. adam_linf Table 1's loss columns -------------------------------------------------------
def test_table_1_loss_order_holds_on_the_printed_numbers():
    r = check(lemmas.get("adam_linf/table-1-loss-order"), save=False, fresh=True)
    assert r.status == "holds"
    entries = r.phases["arithmetic"]["entries"]
    assert len(entries) == 14 and all(e["holds"] for e in entries)  # 2 x (4 order + 3 vs AdaSGD)


def test_table_1_loss_order_finds_a_swapped_row(monkeypatch):
    from adaproof.arithmetic import arithmetic_statement
    from adaproof.lemmas.adam_linf import table_1_loss as T
    rows = list(T.ROWS)
    rows[4], rows[5] = (rows[4][:3] + rows[5][3:]), (rows[5][:3] + rows[4][3:])  # R_3 <-> R_4 losses
    monkeypatch.setattr(T, "ROWS", tuple(rows))
    s = arithmetic_statement("mine/table-1-swapped", entries=T._order_entries(), title="t",
                             section="s", source="s", latex="x", number="1", register=False)
    r = check(s, save=False, fresh=True)
    assert r.status == "violated"
    assert "loss(Adam (R_4)) - loss(Adam (R_3))" in r.counterexample["conclusion"]


def test_table_1_reproduction_loop_matches_the_library_algorithms():
    """The batched loop of the reproduction is Algorithms 1 and 2 as the library runs them."""
    from adaproof.algorithms._core import run
    from adaproof.algorithms.adam_linf import AdamLinf, AdaSGD
    from adaproof.lemmas.adam_linf.table_1_loss import final_losses
    d, grid, seeds = 7, (0.01, 0.1), 3
    G = torch.randn(d, d, generator=torch.Generator().manual_seed(1), dtype=torch.float64)
    H = G @ G.T / d
    R = torch.linalg.qr(torch.randn(d, d, generator=torch.Generator().manual_seed(2),
                                    dtype=torch.float64))[0]
    for alg, cls in (("adam", AdamLinf), ("adasgd", AdaSGD)):
        for b1, b2 in ((0.0, 0.0), (0.9, 0.99)):
            L = final_losses(alg, 1.0, b1, b2, grid=grid, seeds=seeds, steps=20, dim=d,
                             hessian=(H, R))
            x0 = torch.stack([torch.rand(d, generator=torch.Generator().manual_seed(s),
                                         dtype=torch.float64) for s in range(seeds)]) @ R
            for k, lr in enumerate(grid):
                traj = run(cls(lr=lr, beta1=b1, beta2=b2, eps=0.0, v0=0.0), x0,
                           oracle=lambda x, t: x @ H, T=20, backend="torch")
                xT = traj.x[:, -1]
                ref = 0.5 * (xT * (xT @ H)).sum(-1)
                assert torch.allclose(L[k], ref, rtol=1e-10, atol=1e-14), (alg, b1, lr)


@pytest.mark.slow
def test_table_1_loss_reproduction_is_recorded_not_expected():
    s = lemmas.get("adam_linf/table-1-loss")
    r = check(s, save=False, fresh=True)
    assert s.expected == "unknown" and not r.unexpected and r.status in ("holds", "violated")
    entries = {e["label"].split(",")[0] + e["label"].split(",")[1][:6]: e
               for e in r.phases["arithmetic"]["entries"]}
    assert len(r.phases["arithmetic"]["entries"]) == 12
    # the reproduction lands near the printed AdaSGD and unrotated Adam numbers
    for e in r.phases["arithmetic"]["entries"]:
        assert float(e["value"]) > 0 and len(e["values"]) == 10


# -- 3. exact equality for strict statements with an algorithm or noise ------------------------
def _s12_cand(beta1, gs):
    return {"beta1": beta1, "g": {"start": [1, 1], "values": [[x] for x in gs]}}


def test_exact_equality_runs_the_recurrence_exactly():
    from adaproof.conclusions import all_conclusions, exact_equality
    s = lemmas.get("alphaadam/theorem-3.5-s12-run")
    c = all_conclusions(s)[0]
    # T = 3 with g_2 = −β₁g_1: m_2 = β₁(1−β₁)g_1 + (1−β₁)(−β₁g_1) = 0 exactly, so m_2 g_3 = 0
    w = exact_equality(s, c, _s12_cand(0.25, [4.0, -1.0, 3.0]), {"T": 3, "d": 1})
    assert w is not None and w["verification"] == "sympy-exact-equality"
    assert w["lhs"] == w["rhs"] == "27" and w["exact_run"]
    # no cancellation: m_2 = (1−β)(βg_1 + g_2) = 3/4·2 ≠ 0, so no equality (never a guess)
    assert exact_equality(s, c, _s12_cand(0.25, [4.0, 1.0, 3.0]), {"T": 3, "d": 1}) is None
    # a hypothesis false on the exact run (g_3 against m_2 < 0: i ∉ S2) is never an equality
    assert exact_equality(s, c, _s12_cand(0.25, [4.0, -2.0, 3.0]), {"T": 3, "d": 1}) is None


def test_exact_equality_in_expectation_enumerates_the_law():
    from adaproof.conclusions import all_conclusions, exact_equality
    s = lemmas.get("alphaadam/corollary-3.4-var-lt1")
    assert s.strict and s.noise is not None
    c = all_conclusions(s)[0]
    law = lambda u, p: {"u": {"start": [1], "values": u}, "p": {"start": [1], "values": p}}  # noqa: E731
    base = {"beta": 0.5, "beta2": 0.5, "eta": 1.0, "v0": 1.0}
    sizes = {"T": 1, "K": 2}
    # a degenerate law (both atoms 3): the two variances are 0, E[lhs] = E[rhs] exactly
    w = exact_equality(s, c, {**base, **law([3.0, 3.0], [0.5, 0.5])}, sizes)
    assert w is not None and w["exact_paths"] == 4 and w["lhs"] == w["rhs"] == "0"
    # a law with spread: E[lhs] = (1−β)² E[rhs] < E[rhs], no equality
    assert exact_equality(s, c, {**base, **law([1.0, 3.0], [0.5, 0.5])}, sizes) is None


def test_strict_statement_with_an_algorithm_is_violated_by_exact_equality():
    s = lemmas.get("alphaadam/theorem-3.5-s12-run")
    r = check(s, examples=300, seed=0, save=False, fresh=True)
    assert r.status == "violated" and r.method == "equality-probe"
    assert r.phases["conclusions"]["main"]["equality_probe"] == "equality found"
    ce = r.counterexample
    assert ce["verification"] == "sympy-exact-equality" and ce["lhs"] == ce["rhs"]
    # the float evaluation saw no violation: the equality needs the exact run
    v = verify_candidate(dataclasses_replace_strict(s), ce["inputs"], ce["sizes"])
    assert v.hypotheses_hold and not v.violated
    r = check(lemmas.get("alphaadam/theorem-3.5-s12-run@corrected"), examples=300, seed=0,
              save=False, fresh=True)
    assert r.status == "holds" and r.best_ratio == pytest.approx(1.0)


def dataclasses_replace_strict(s):
    import dataclasses
    return dataclasses.replace(s, strict=False)


# -- 4. sec-3.3-c and the refinement at d = 3, 4 ------------------------------------------------
def _frac_mat(rows):
    return [[Fraction(float(x)) for x in r] for r in rows]


def _mm(A, B):
    return [[sum(A[i][k] * B[k][j] for k in range(len(B))) for j in range(len(B[0]))]
            for i in range(len(A))]


def test_sec_3_3_c_d34_violation_has_an_exact_certificate():
    from adaproof.matrix import fraction_solve
    s = lemmas.get("adam_linf/sec-3.3-c-d34")
    r = check(s, examples=300, seed=0, save=False, fresh=True)
    assert r.status == "violated" and not r.unexpected
    ce = r.counterexample
    cert = ce["certificate"]
    assert cert["certifies"] and cert["exact_rational"]
    # recompute the certificate independently in rationals: R = P (I − S)(I + S)^{-1}
    M = _frac_mat(ce["inputs"]["M"]["values"])
    Pm = _frac_mat(ce["inputs"]["P"]["values"])
    S = _frac_mat(ce["inputs"]["S"]["values"])
    d = len(M)
    I = [[Fraction(int(i == j)) for j in range(d)] for i in range(d)]
    ImS = [[I[i][j] - S[i][j] for j in range(d)] for i in range(d)]
    IpS = [[I[i][j] + S[i][j] for j in range(d)] for i in range(d)]
    # C = (I − S)(I + S)^{-1}: solve (I + S)ᵀ Cᵀ = (I − S)ᵀ column by column
    IpSt = [list(r) for r in zip(*IpS)]
    ImSt = [list(r) for r in zip(*ImS)]
    rows = [fraction_solve(IpSt, [ImSt[i][j] for i in range(d)]) for j in range(d)]
    C = rows  # solution j is column j of Cᵀ, i.e. row j of C
    assert _mm(C, IpS) == ImS
    R = _mm(Pm, C)
    Rt = [list(r) for r in zip(*R)]
    assert _mm(Rt, R) == I  # exactly orthogonal
    N = _mm(_mm(Rt, M), R)
    sv = cert["sign_vector"]
    absM = M if all(M[i][i] >= 0 for i in range(d)) else None
    assert absM is not None  # the sampler's witness is ±PSD
    if "H(L∘R)" in cert["claim"].split(">")[0]:
        q = sum(sv[i] * N[i][j] * sv[j] for i in range(d) for j in range(d))
        up = sum(abs(x) for row in M for x in row)
    else:
        q = sum(sv[i] * M[i][j] * sv[j] for i in range(d) for j in range(d))
        up = sum(abs(x) for row in N for x in row)
    assert q == Fraction(cert["lower"]) and up == Fraction(cert["upper"]) and q > up


def test_sec_3_3_c_d34_is_not_violated_by_a_signed_permutation():
    s = lemmas.get("adam_linf/sec-3.3-c-d34")
    cand = {"M": {"start": [1, 1], "values": [[2.0, 1.0, 0.0], [1.0, 3.0, -1.0], [0.0, -1.0, 1.0]]},
            "P": {"start": [1, 1], "values": [[0.0, 1.0, 0.0], [0.0, 0.0, -1.0], [1.0, 0.0, 0.0]]},
            "S": {"start": [1, 1], "values": [[0.0] * 3] * 3}}
    v = verify_candidate(s, cand, {"d": 3})
    assert v.hypotheses_hold and not v.violated


def test_sandwich_bounds_match_their_definitions():
    from adaproof.lemmas.adam_linf.sec_3_3_c_d34 import lower, upper
    import itertools
    g = torch.Generator().manual_seed(3)
    for d in (3, 4):
        G = torch.randn(2, d, d, generator=g, dtype=torch.float64)
        P = G @ G.transpose(-1, -2)
        t = TorchOps()
        brute = torch.tensor([max(float(torch.tensor(s, dtype=torch.float64) @ P[b] @
                                        torch.tensor(s, dtype=torch.float64))
                                  for s in itertools.product((-1, 1), repeat=d)) for b in range(2)],
                             dtype=torch.float64)
        assert torch.allclose(lower(t, P), brute)
        assert torch.allclose(upper(t, P, d), P.abs().sum((-1, -2)))                 # ‖P‖_{1,1}
        assert torch.allclose(upper(t, P, 1), d * torch.linalg.eigvalsh(P)[:, -1])   # d‖P‖₂
        # the sandwich: LB ≤ H(Φ_Adam) ≤ ‖P‖_{1,1}; LB ≤ d‖P‖₂
        assert bool((lower(t, P) <= upper(t, P, 1) * (1 + 1e-12)).all())


def test_refinement_d34_holds_at_its_tightness():
    r = check(lemmas.get("adam_linf/definition-3.9-refinement-d34"), examples=300, seed=0,
              save=False, fresh=True)
    assert r.status == "holds" and 0.999 < r.best_ratio <= 1 + 1e-12


# -- 5. adam_linf Corollary 3.6 as printed (the noise floor of E||g_t||_1) ----------------------
def test_noise_floor_of_the_stochastic_gradient_by_exact_enumeration():
    """E|g_t| >= σ at every step of RMSProp (β₁ = 0) with ±σ noise: all 2^T paths, T = 5."""
    import itertools
    from adaproof.algorithms._core import run
    from adaproof.algorithms.adam_linf import AdamLinf
    hh, sg, T = 0.7, 0.3, 5
    paths = list(itertools.product((-1.0, 1.0), repeat=T))
    xi = torch.tensor(paths, dtype=torch.float64)          # (2^T, T)
    x0 = torch.full((len(paths), 1), 0.05, dtype=torch.float64)
    traj = run(AdamLinf(lr=0.01, beta1=0.0, beta2=0.9, eps=0.0, v0=1.0), x0,
               oracle=lambda x, t: hh * x + sg * xi[:, t - 1:t], T=T, backend="torch")
    g = traj.g[:, :, 0]                                   # g_t = h x_{t-1} + σ ξ_t
    Eg = g.abs().mean(0)                                  # each path has probability 2^-T
    assert bool((Eg >= sg * (1 - 1e-12)).all()), Eg
    # and the identity E|a + σξ| = max(|a|, σ) at t = 1 (a = h x_0 is deterministic)
    assert float(Eg[0]) == pytest.approx(max(hh * 0.05, sg))


def test_corollary_3_6_as_printed_is_violated_exactly():
    s = lemmas.get("adam_linf/corollary-3.6-noise-floor")
    r = check(s, examples=400, seed=1, save=False, fresh=True)
    assert r.status == "violated" and not r.unexpected
    ce = r.counterexample
    v = verify_candidate(s, ce["inputs"], ce["sizes"])
    assert v.hypotheses_hold and v.violated and ce["sizes"]["T"] >= 2 ** 10
    # the left side is Σσ_i exactly
    assert mpmath.mpf(ce["lhs"]) == pytest.approx(sum(ce["inputs"]["sigma"]["values"]), rel=1e-15)
    # the explicit bound is the registered rate calculator's expression at the instance
    from adaproof.bounds.adam_linf import COROLLARY_3_6
    e = COROLLARY_3_6.expr
    hv, sv, xv = (ce["inputs"][k]["values"] for k in ("h", "sigma", "x0"))
    val = {"T": ce["sizes"]["T"], "d": ce["sizes"]["d"], "c_eta": ce["inputs"]["c_eta"],
           "c_beta": ce["inputs"]["c_beta"], "v0": ce["inputs"]["v0"],
           "Delta": sum(a * b * b / 2 for a, b in zip(hv, xv)), "sumH": sum(hv),
           "sumH2": sum(a * a for a in hv), "sumsig": sum(sv), "sumsig2": sum(b * b for b in sv),
           "G0": sum((a * b) ** 2 for a, b in zip(hv, xv))}
    B = float(e.subs({sym: val[sym.name] for sym in e.free_symbols}))
    assert B == pytest.approx(float(mpmath.mpf(ce["rhs"])), rel=1e-9)


# -- 6. adam_linf Lemma C.1 with non-diagonal Hessians ------------------------------------------
@pytest.mark.parametrize("key", ["adam_linf/lemma-C.1-psd", "adam_linf/lemma-C.1-indefinite"])
def test_lemma_c_1_nondiagonal_holds(key):
    r = check(lemmas.get(key), examples=200, seed=0, save=False, fresh=True)
    assert r.status == "holds" and r.expectation == "exact-enumeration"
    assert r.rejected_by_hypotheses == 0 and 0 < r.best_ratio < 1


def _c1_cand(M, H, *, T=1):
    return {"eta": 0.5, "beta2": 0.5, "eps": 0.0, "v0": 1.0, "sigma": 1.0,
            "M": {"start": [1, 1], "values": M}, "H": {"start": [1], "values": H},
            "c": {"start": [1], "values": [1.0, -2.0]}, "x0": {"start": [1], "values": [0.0, 0.0]},
            "u": {"start": [1], "values": [-1.0, 1.0]}, "p": {"start": [1], "values": [0.5, 0.5]}}


def test_lemma_c_1_nondiagonal_sides_by_hand():
    """T = 1, d = 2: v_{1,i} = β₂v₀ + (1−β₂)(∇_iL(x₀) + ξ_i)², four equally likely paths."""
    import itertools
    s = lemmas.get("adam_linf/lemma-C.1-indefinite")
    Mv = [[2.0, -1.0], [-1.0, -3.0]]  # indefinite, non-diagonal; largest row sum 4
    cand = _c1_cand(Mv, [4.0, 4.0])
    v = verify_candidate(s, cand, {"T": 1, "d": 2, "K": 2})
    assert v.hypotheses_hold and not v.violated
    g0 = [sum(Mv[a][k] * (0.0 - cand["c"]["values"][k]) for k in range(2)) for a in range(2)]
    Ev = sum(max(0.5 + 0.5 * (g0[0] + e0) ** 2, 0.5 + 0.5 * (g0[1] + e1) ** 2)
             for e0, e1 in itertools.product((-1.0, 1.0), repeat=2)) / 4
    X = 2 * 1.0 + max(g ** 2 for g in g0) + 2 * 16.0 * 0.25 * 1 * (1 + 2)
    assert float(mpmath.mpf(v.lhs)) == pytest.approx(Ev, rel=1e-12)
    assert float(mpmath.mpf(v.rhs)) == pytest.approx(32 * (1 + X) ** 2, rel=1e-12)
    # H below the largest row sum does not satisfy the (sufficient) domination hypothesis
    v = verify_candidate(s, _c1_cand(Mv, [3.0, 4.0]), {"T": 1, "d": 2, "K": 2})
    assert not v.hypotheses_hold
    # a non-symmetric M is not a Hessian
    v = verify_candidate(s, _c1_cand([[2.0, -1.0], [0.0, -3.0]], [4.0, 4.0]), {"T": 1, "d": 2, "K": 2})
    assert not v.hypotheses_hold


def test_lemma_c_1_nondiagonal_float_run_matches_the_exact_recurrences():
    from adaproof.lemmas.adam_linf import lemma_c_1_nondiagonal as C
    from adaproof.verification import evaluate_batch, inputs_from_candidates
    s = lemmas.get("adam_linf/lemma-C.1-psd")
    ctx = SampleContext(B=4, sizes={"T": 3, "d": 2, "K": 2}, generator=torch.Generator().manual_seed(5))
    inp = C._sampler("psd")(ctx)
    from adaproof.verification import candidate_inputs
    for b in range(4):
        cand = candidate_inputs(s, inp, b)
        v = verify_candidate(s, cand, ctx.sizes)
        ev = evaluate_batch(s, inputs_from_candidates([cand]), ctx.sizes)
        assert v.hypotheses_hold and bool(ev.admissible[0])
        # the float run (torch M @ (x − c)) and the exact SymPy recurrences agree on E max v_T
        assert float(ev.lhs.reshape(-1)[0]) == pytest.approx(float(mpmath.mpf(v.lhs)), rel=1e-9)
