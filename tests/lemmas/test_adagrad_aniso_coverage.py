"""adagrad_aniso statements added for issue 14 (helper c14c): each holds (or is violated as
printed) at a small budget counted in examples, and a deliberately wrong copy of each is found
violated (so that the attack can fail)."""
import dataclasses

import pytest
import sympy as sp

from adaproof import lemmas
from adaproof.checker import check

P = "adagrad_aniso/"

# key -> floor on the best ratio (each claim's supremum is 1 and is attained or approached)
HOLDS = {"lemma-G.1": 0.999, "lemma-G.2": 0.99, "lemma-G.5": 0.999, "lemma-C.1-12": 0.999,
         "lemma-C.1-13": -1.0}


_SCALAR = [pytest.param(k, marks=pytest.mark.slow) if k.startswith("lemma-C.1") else k
           for k in sorted(HOLDS)]  # C.1: the derived box draws take ~15 s on 2 shared cores


@pytest.mark.parametrize("key", _SCALAR)
def test_scalar_statements_hold(key):
    stmt = lemmas.get(P + key)
    n = 100 if key.startswith("lemma-C.1") else 400  # C.1: the derived box draws are slow
    r = check(stmt, examples=n, seed=0, save=False)
    assert r.status == "holds", r.to_json()
    assert r.examples >= n and not r.unexpected
    assert HOLDS[key] <= r.best_ratio <= 1.0 + 1e-9, r.best_ratio


def _wrong_scalar(key):
    stmt = lemmas.get(P + key)
    if key == "lemma-C.1-13":   # the variational inequality with the sign of z − w' flipped
        lhs, rhs = stmt.rhs, stmt.lhs
    elif key == "lemma-G.2":    # y²/(5c) instead of y²/(4c)
        c, y = sp.Symbol("c", real=True), sp.Symbol("y", real=True)
        lhs, rhs = stmt.lhs, stmt.rhs - y ** 2 / (4 * c) + y ** 2 / (5 * c)
    else:                       # a constant 1 % too small
        lhs, rhs = stmt.lhs, stmt.rhs * sp.Rational(99, 100)
    return dataclasses.replace(stmt, id=f"test/{key}-wrong", lhs=lhs, rhs=rhs, proof=(),
                               supremum_ratio=None)


@pytest.mark.parametrize("key", _SCALAR)
def test_scalar_wrong_copy_is_violated(key):
    r = check(_wrong_scalar(key), examples=100 if key.startswith("lemma-C.1") else 400, seed=0,
              save=False)
    assert r.status == "violated", r.to_json()


# -- statements in expectation (exact enumeration), pathwise proof steps, computed -------------
from adaproof.lemmas.adagrad_aniso import lemma_c_3 as C3  # noqa: E402

# key -> (floor on the best ratio, divisor of the right side that a wrong copy uses or None)
EXPECTED = {
    "lemma-C.2": (0.999, 2), "lemma-E.2": (0.99, sp.Rational(10, 9)),
    "eq-26-a": (0.99, None), "eq-26": (0.99, None), "eq-28-a": (0.9, None),
    "eq-29": (0.3, sp.Rational(5, 2)), "eq-27-jensen": (0.1, 6),
    "theorem-4.3-noise-diag": (0.02, 50), "theorem-4.3-noise-quad": (0.02, 50),
    "theorem-4.3-noise-rational": (0.02, 50), "theorem-4.3-noise-logistic": (0.02, 60),
    "theorem-5.3-noise-cosh": (0.02, 60), "theorem-5.3-noise-rational": (0.02, 50),
    "theorem-4.1-eta-Dinf@corrected": (0.03, 30),
    "theorem-4.1-eta-Dinf-proof@corrected": (0.03, 30),
    "theorem-E.1-eta-Dinf@corrected": (0.2, 4), "theorem-E.1-eta-Dinf-sqrt2@corrected": (0.2, 4),
    "theorem-4.1-quad@corrected": (0.05, 20), "theorem-D.3-quad": (0.4, 2), "theorem-D.1@corrected": (0.05, 20),
    "theorem-E.1@corrected": (0.2, 4),
    "theorem-D.3-rational": (0.4, 2), "theorem-D.3-logistic": (0.3, 2),
}
FAST = {"lemma-C.2", "lemma-E.2", "eq-26", "eq-29", "theorem-4.3-noise-quad",
        "theorem-4.3-noise-logistic", "theorem-5.3-noise-cosh", "theorem-4.1-eta-Dinf@corrected",
        "theorem-D.3-rational"}


def _params(keys):
    return [k if k in FAST else pytest.param(k, marks=pytest.mark.slow) for k in sorted(keys)]


@pytest.mark.parametrize("key", _params(EXPECTED))
def test_expectation_statements_hold_by_exact_enumeration(key):
    stmt = lemmas.get(P + key)
    assert stmt.noise is not None and stmt.expected == "holds"
    r = check(stmt, examples=256, seed=0, save=False, batch=256)
    assert r.status == "holds", r.to_json()
    assert r.expectation == "exact-enumeration" and not r.unexpected
    assert r.examples >= 256 and r.rejected_by_hypotheses == 0
    assert EXPECTED[key][0] < r.best_ratio <= 1.0 + 1e-9, r.best_ratio


def _wrong_expectation(key):
    stmt = lemmas.get(P + key)
    div = EXPECTED[key][1]
    if key.startswith("eq-26"):       # drop the second-order terms: convexity makes it fail
        from adaproof.lemmas.adagrad_aniso import eq_26 as E26
        return dataclasses.replace(stmt, id=f"test/{key}-wrong", rhs=E26._DESC, proof=())
    if key == "eq-28-a":              # the inequality the other way round
        return dataclasses.replace(stmt, id=f"test/{key}-wrong", lhs=stmt.rhs, rhs=stmt.lhs,
                                   proof=(), supremum_ratio=None)
    return dataclasses.replace(stmt, id=f"test/{key}-wrong", rhs=stmt.rhs / div, proof=(),
                               supremum_ratio=None)


@pytest.mark.parametrize("key", _params(EXPECTED))
def test_expectation_wrong_copy_is_violated(key):
    r = check(_wrong_expectation(key), examples=512, seed=0, save=False, batch=256)
    assert r.status == "violated", r.to_json()


PATHWISE = {"lemma-C.3-cosh": 0.999, "lemma-C.3-rational": 0.999, "lemma-F.4-descent": 0.9}


@pytest.mark.parametrize("key", sorted(PATHWISE))
def test_descent_lemmas_hold(key):
    r = check(lemmas.get(P + key), examples=300, seed=0, save=False)
    assert r.status == "holds", r.to_json()
    assert PATHWISE[key] < r.best_ratio <= 1.0 + 1e-9, r.best_ratio


def _wrong_descent(key):
    stmt = lemmas.get(P + key)
    if key == "lemma-C.3-cosh":       # first order only (convex f lies above it)
        rhs = C3._descent_rhs(C3._fc, C3._gc, 0, 0)
    elif key == "lemma-C.3-rational":  # the curvature bound a_j instead of 2a_j
        rhs = C3._descent_rhs(C3._fr, C3._gr, C3.a[C3.jj], 0)
    else:                             # without the noise term 3η/2 Σ|n||g|/λ
        rhs = sp.Sum(C3._fc(C3._x, C3.jj) - C3.eta / 2 * C3._g ** 2 / C3._lam
                     + C3.eta ** 2 / 2 * C3.E1 * C3.a[C3.jj] * C3._g ** 2 / C3._lam ** 2,
                     (C3.jj, 1, C3.d))
    return dataclasses.replace(stmt, id=f"test/{key}-wrong", rhs=rhs, proof=(),
                               supremum_ratio=None)


@pytest.mark.parametrize("key", [k if k.endswith("rational") else
                                 pytest.param(k, marks=pytest.mark.slow) for k in sorted(PATHWISE)])
def test_descent_wrong_copy_is_violated(key):
    r = check(_wrong_descent(key), examples=600, seed=0, save=False)
    assert r.status == "violated", r.to_json()


@pytest.mark.parametrize("key", ["sec-E.1-relaxed-noise", "sec-E.1-relaxed-noise-2T"])
def test_relaxed_noise_holds_and_sqrtT_is_tight(key):
    r = check(lemmas.get(P + key), examples=512, seed=0, save=False)
    assert r.status == "holds", r.to_json()
    floor = 0.999 if key.endswith("noise") else 0.7
    assert floor < r.best_ratio <= 1.0 + 1e-9, r.best_ratio


def test_relaxed_noise_without_the_noise_term_is_violated():
    from adaproof.lemmas.adagrad_aniso import sec_e_1_relaxed_noise as R

    def sides(ops, v):
        lhs, L1, F, _ = R._parts(ops, v)
        return lhs, ops.sqrt(4 * L1 * F)
    stmt = dataclasses.replace(lemmas.get(P + "sec-E.1-relaxed-noise"),
                               id="test/sec-E.1-relaxed-noise-wrong", sides=sides,
                               supremum_ratio=None)
    r = check(stmt, examples=512, seed=0, save=False)
    assert r.status == "violated", r.to_json()


@pytest.mark.parametrize("key,floor", [("eq-27", 0.2), ("eq-28", 0.99)])
def test_printed_27_28_hold_by_exact_enumeration_inside_the_sides(key, floor):
    r = check(lemmas.get(P + key), examples=512, seed=0, save=False)
    assert r.status == "holds", r.to_json()
    assert r.rejected_by_hypotheses == 0 and floor < r.best_ratio <= 1.0 + 1e-9, r.best_ratio


@pytest.mark.parametrize("key", ["eq-27", "eq-28"])
def test_printed_27_28_wrong_copies_are_violated(key):
    from adaproof.lemmas.adagrad_aniso import eq_27 as E
    if key == "eq-27":   # the right side of (27) divided by 5
        def sides(ops, v):
            lhs, rhs = E._sides27(ops, v)
            return lhs, rhs / 5
    else:                # (28) the other way round
        def sides(ops, v):
            lhs, rhs = E._sides28(ops, v)
            return rhs, lhs
    stmt = dataclasses.replace(lemmas.get(P + key), id=f"test/{key}-wrong", sides=sides,
                               supremum_ratio=None)
    r = check(stmt, examples=512, seed=0, save=False)
    assert r.status == "violated", r.to_json()


@pytest.mark.parametrize("thm", ["4.1", "D.1"])
def test_convex_theorems_fail_when_the_minimiser_over_W_is_on_its_boundary(thm):
    """Finding: with the unconstrained minimiser outside W (allowed by Assumption 3.1), f(w̄_T) −
    f* carries (f(w₀) − f*)/T ≈ ‖∇f(w*)‖D/T, which ‖L‖₁D∞²/T does not bound; verified exactly.
    The printed ids take Assumption 3.1 as printed; @corrected adds ∇f(w*) = 0 (c ∈ W)."""
    r = check(lemmas.get(P + f"theorem-{thm}"), examples=512, seed=0, save=False, fresh=True)
    assert r.status == "violated" and r.best_ratio > 2, r.to_json()
    assert r.counterexample["verification"] == "mpmath-enumeration"
    ok = check(lemmas.get(P + f"theorem-{thm}@corrected"), examples=256, seed=0, save=False)
    assert ok.status == "holds" and ok.best_ratio < 0.5, ok.to_json()
    if thm == "4.1":
        ok = check(lemmas.get(P + "theorem-4.1-quad@corrected"), examples=256, seed=0, save=False)
        assert ok.status == "holds" and ok.best_ratio < 0.5, ok.to_json()


# -- theorem-4.1-eta-Dinf(-proof) and theorem-4.1-quad: printed hypotheses, restricted @corrected --
import json  # noqa: E402
import math  # noqa: E402
import pathlib  # noqa: E402

from adaproof.verification import verify_candidate  # noqa: E402

_PRINTED_41 = ["theorem-4.1-eta-Dinf", "theorem-4.1-eta-Dinf-proof", "theorem-4.1-quad"]
_I = sp.Symbol("i", integer=True)
_C, _W0 = sp.IndexedBase("c"), sp.IndexedBase("w0")


def _seq(xs, start=(1,)):
    return {"start": list(start), "values": xs}


@pytest.mark.parametrize("key", _PRINTED_41)
def test_printed_41_variants_take_the_printed_hypotheses_and_corrected_the_restricted_family(key):
    """As printed: no hypothesis puts c or w₀ in W (Assumption 3.1 asks w* = argmin_W f;
    Algorithm 1 takes w₀ ∈ ℝ^d); @corrected keeps c ∈ W (∇f(w*) = 0) and w₀ ∈ W with
    theorem-4.1@corrected's reason."""
    st, corr = lemmas.get(P + key), lemmas.get(P + key + "@corrected")
    base = lemmas.get(P + "theorem-4.1@corrected")
    assert (st.variant, st.expected, corr.variant, corr.expected) == (
        "printed", "violated", "corrected", "holds")
    assert corr.reason == base.reason and "∇f(w*) = 0" in corr.reason and "w₀ ∈ W" in corr.reason
    dom = {q.name: q.domain for q in st.quantities}
    assert dom["w0"] == "R" and dom.get("c", "R") == "R"
    rels = [hh.relation for hh in st.hypotheses]
    assert not any(_C[_I] in r.atoms(sp.Indexed) or _W0[_I] in r.atoms(sp.Indexed) for r in rels)
    crels = [hh.relation for hh in corr.hypotheses]
    lo = sp.IndexedBase("lo")
    assert sp.GreaterThan(_C[_I], lo[_I]) in crels and sp.GreaterThan(_W0[_I], lo[_I]) in crels
    if key != "theorem-4.1-quad":  # the same claim as corrected, on theorem-4.1's printed inputs
        printed41 = lemmas.get(P + "theorem-4.1")
        assert rels == [hh.relation for hh in printed41.hypotheses] and st.lhs == printed41.lhs
        assert st.rhs == corr.rhs and st.recurrences == corr.recurrences
        assert st.sampler is printed41.sampler


# T = 1, d = 1, W = [0, 1], h = 1, σ = 0: w̄₁ = w₀ = 1, c = −10 (w* = 0 on W's lower face,
# ∇f(w*) = 10): lhs = f(1) − f(0) = (11² − 10²)/2 = 10.5 against 4 + ϵ (eta-Dinf) and 4.5 + ϵ
# (eta-Dinf-proof); with c = 0.5 ∈ W instead (∇f(w*) = 0): lhs = 1/8.
_DIAG = {"D": 1.0, "eps": 1e-3, "h": _seq([1.0]), "c": _seq([-10.0]), "lo": _seq([0.0]),
         "w0": _seq([1.0]), "s": _seq([0.0]), "u": _seq([-1.0, 1.0]), "pr": _seq([0.5, 0.5])}


@pytest.mark.parametrize("key,rhs", [("theorem-4.1-eta-Dinf", 4 + 1e-3),
                                     ("theorem-4.1-eta-Dinf-proof", 4.5 + 1e-3)])
def test_eta_Dinf_printed_is_violated_by_a_boundary_minimiser_with_w0_in_W(key, rhs):
    st = lemmas.get(P + key)
    v = verify_candidate(st, _DIAG, {"T": 1, "d": 1})
    assert v.hypotheses_hold and v.violated, v
    assert float(v.lhs) == pytest.approx(10.5, rel=1e-14)
    assert float(v.rhs) == pytest.approx(rhs, rel=1e-14)
    inside = dict(_DIAG, c=_seq([0.5]))
    vi = verify_candidate(st, inside, {"T": 1, "d": 1})
    assert not vi.violated and float(vi.lhs) == pytest.approx(0.125, rel=1e-14)
    assert not verify_candidate(lemmas.get(P + key + "@corrected"), _DIAG,
                                {"T": 1, "d": 1}).hypotheses_hold


# T = 1, d = 1, H = A² = 1, W = [0, 1], w* = 0 (lower face) with g* = 10 ≥ 0 (KKT), w₀ = 1:
# lhs = ½·1 + 10 = 10.5 against 4‖L‖₁D²/T + √2ϵd D²/(DT) = 4 + √2ϵ.
_QUAD = {"D": 1.0, "eps": 1e-3, "A": _seq([[1.0]], (1, 1)), "wstar": _seq([0.0]),
         "gstar": _seq([10.0]), "lo": _seq([0.0]), "w0": _seq([1.0]), "s": _seq([0.0]),
         "u": _seq([-1.0, 1.0]), "pr": _seq([0.5, 0.5])}


def test_quad_printed_is_parametrised_by_the_minimiser_with_the_box_KKT_conditions():
    st, sz = lemmas.get(P + "theorem-4.1-quad"), {"T": 1, "d": 1}
    v = verify_candidate(st, _QUAD, sz)
    assert v.hypotheses_hold and v.violated, v
    assert float(v.lhs) == pytest.approx(10.5, rel=1e-14)
    assert float(v.rhs) == pytest.approx(4 + math.sqrt(2) * 1e-3, rel=1e-14)
    # g* = 0 (w* stationary: the corrected family's case): lhs = ½ ≤ 4
    v0 = verify_candidate(st, dict(_QUAD, gstar=_seq([0.0])), sz)
    assert v0.hypotheses_hold and not v0.violated and float(v0.lhs) == pytest.approx(0.5)
    # the upper face with g* ≤ 0 is a minimiser too (w₀ = 0: lhs = ½ + 10 again)
    vu = verify_candidate(st, dict(_QUAD, wstar=_seq([1.0]), gstar=_seq([-10.0]),
                                   w0=_seq([0.0])), sz)
    assert vu.hypotheses_hold and vu.violated and float(vu.lhs) == pytest.approx(10.5)
    # not minimisers over W, rejected: g* pointing out of W on a face, g* ≠ 0 inside, w* ∉ W
    for bad in ({"gstar": _seq([-10.0])}, {"wstar": _seq([0.5])},
                {"wstar": _seq([-0.5]), "gstar": _seq([0.0])}):
        vb = verify_candidate(st, dict(_QUAD, **bad), sz)
        assert not vb.hypotheses_hold, bad


def test_quad_printed_sampler_draws_minimisers_over_W_and_L_is_the_smoothness_vector():
    """On the sampler's instances: g* = ∇f(w*) satisfies KKT exactly (w* on an exact face of W),
    f(w) − f* ≥ 0 at random points of W (w* is a minimiser over W), and L_j = Σ_k |H_jk| gives
    −diag(L) ⪯ H ⪯ diag(L) (Assumption 3.3 for a quadratic), which L = diag(H) does not."""
    import torch
    from adaproof.statement import SampleContext
    st = lemmas.get(P + "theorem-4.1-quad")
    ctx = SampleContext(B=512, sizes={"T": 2, "d": 3}, generator=torch.Generator().manual_seed(0))
    out = st.sampler(ctx)
    lo, Dv, ws, gs = out["lo"].data, out["D"][:, None], out["wstar"].data, out["gstar"].data
    assert bool(((ws - lo) * gs <= 0).all() and ((lo + Dv - ws) * gs >= 0).all())
    assert bool(((ws >= lo) & (ws <= lo + Dv)).all())
    upper = (ws == lo + Dv) & (gs < 0)
    assert bool((ws == lo).logical_and(gs > 0).any() and upper.any())
    assert bool(((lo + Dv) - lo == Dv).all())                        # lo + D exact
    assert bool(((ws > lo) & (ws < lo + Dv) & (gs == 0)).any())       # interior, stationary
    A = out["A"].data
    H = A.transpose(1, 2) @ A
    z = lo[:, None, :] + Dv[:, None, :] * torch.rand(512, 64, 3, generator=torch.Generator()
                                                        .manual_seed(1), dtype=H.dtype)
    dz = z - ws[:, None, :]
    gap = 0.5 * torch.einsum("bni,bij,bnj->bn", dz, H, dz) + (gs[:, None, :] * dz).sum(-1)
    assert bool((gap >= -1e-9 * (1 + gap.abs())).all())
    L = H.abs().sum(2)
    ev = lambda M: torch.linalg.eigvalsh(M).min(1).values
    scale = H.abs().amax((1, 2))
    assert bool((ev(torch.diag_embed(L) - H) >= -1e-12 * scale).all())
    assert bool((ev(torch.diag_embed(L) + H) >= -1e-12 * scale).all())
    assert bool((ev(torch.diag_embed(torch.diagonal(H, dim1=1, dim2=2)) - H) < -1e-6 * scale).any())


@pytest.mark.parametrize("key", _PRINTED_41)
def test_printed_41_variants_are_found_violated_and_verified_exactly(key):
    r = check(lemmas.get(P + key), examples=512, seed=0, save=False, fresh=True)
    assert r.status == "violated" and r.best_ratio > 2 and not r.unexpected, r.to_json()
    assert r.counterexample["verification"] == "mpmath-enumeration"


@pytest.mark.parametrize("key", _PRINTED_41)
def test_the_shipped_counterexample_of_each_printed_41_variant_is_verified(key):
    files = sorted((pathlib.Path(__file__).parents[2] / "counterexamples" / "adagrad_aniso"
                    / key).glob("*.json"))
    assert files, key
    ce = json.loads(files[0].read_text())
    assert ce["key"] == P + key
    v = verify_candidate(lemmas.get(P + key), ce["inputs"], ce["sizes"])
    assert v.hypotheses_hold and v.violated
    if key != "theorem-4.1-quad":   # @corrected's inputs are c, not (w*, g*)
        assert not verify_candidate(lemmas.get(P + key + "@corrected"), ce["inputs"],
                                    ce["sizes"]).hypotheses_hold


def test_quad_printed_sides_match_an_independent_enumeration():
    """d = 2, T = 2, a non-diagonal H, w* on a lower and an upper face (KKT), w₀ outside W, a
    noise law with two paths: the exact sides equal a plain-Python enumeration of AdaGrad
    (η = D/√2, clip onto W) with f(w) − f* = ½(w − w*)ᵀH(w − w*) + g*ᵀ(w − w*)."""
    A, lo, D, ws, gs = [[1.0, 0.5], [-0.25, 2.0]], [0.0, -1.0], 2.0, [0.0, 1.0], [3.0, -0.5]
    w0, s, eps, u, pr, T = [5.0, 0.25], [0.5, 0.125], 0.1, [-1.0, 1.0], [0.5, 0.5], 2
    cand = {"D": D, "eps": eps, "A": _seq(A, (1, 1)), "wstar": _seq(ws), "gstar": _seq(gs),
            "lo": _seq(lo), "w0": _seq(w0), "s": _seq(s), "u": _seq(u), "pr": _seq(pr)}
    v = verify_candidate(lemmas.get(P + "theorem-4.1-quad"), cand, {"T": T, "d": 2})
    assert v.hypotheses_hold
    H = [[sum(A[r][p] * A[r][q] for r in range(2)) for q in range(2)] for p in range(2)]
    gap = lambda x: sum(0.5 * H[p][q] * (x[p] - ws[p]) * (x[q] - ws[q]) for p in range(2)
                        for q in range(2)) + sum(gs[p] * (x[p] - ws[p]) for p in range(2))
    lhs = 0.0
    for path in ((a, b) for a in range(2) for b in range(2)):
        w, vv, acc = list(w0), [eps ** 2] * 2, [0.0, 0.0]
        for t in range(T):
            acc = [acc[p] + w[p] / T for p in range(2)]
            g = [sum(H[p][q] * (w[q] - ws[q]) for q in range(2)) + gs[p] + s[p] * u[path[t]]
                 for p in range(2)]
            vv = [vv[p] + g[p] ** 2 for p in range(2)]
            w = [min(max(w[p] - D / math.sqrt(2) * g[p] / math.sqrt(vv[p]), lo[p]), lo[p] + D)
                 for p in range(2)]
        lhs += pr[path[0]] * pr[path[1]] * gap(acc)
    rhs = (4 * sum(abs(x) for row in H for x in row) * D ** 2 / T
           + 2 * math.sqrt(2) * D * sum(s) / math.sqrt(T)
           + math.sqrt(2) * eps * 2 * D ** 2 / (D * T))
    assert float(v.lhs) == pytest.approx(lhs, rel=1e-12)
    assert float(v.rhs) == pytest.approx(rhs, rel=1e-12)
