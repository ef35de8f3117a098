"""The domains of adaproof.derive.matrices / domains_extra / sizes_extra / after: drawn inputs
satisfy them exactly (rational arithmetic), and an attack on a PSD statement finds a wrong
constant."""
from fractions import Fraction

import pytest
import sympy as sp
import torch

from adaproof.checker import check
from adaproof.derive import DerivationError, derivation, parse_domain, reparam_for
from adaproof.derive.matrices import CASES, exact_gram, random_psd
from adaproof.statement import Hypothesis, Quantity, SampleContext, Statement

H = sp.IndexedBase("H")
i, j = sp.Symbol("i", integer=True), sp.Symbol("j", integer=True)


def _exact_psd(M) -> bool:
    """Symmetric and positive semi-definite in exact rational arithmetic (LDLᵀ with pivoting
    on the diagonal; a zero pivot needs a zero row)."""
    A = [[Fraction(float(x)) for x in row] for row in M.tolist()]
    n = len(A)
    if any(A[r][c] != A[c][r] for r in range(n) for c in range(n)):
        return False
    rows = list(range(n))
    while rows:
        p = max(rows, key=lambda r: A[r][r])
        if A[p][p] < 0:
            return False
        if A[p][p] == 0:
            if any(A[p][c] != 0 for c in rows):
                return False
            rows.remove(p)
            continue
        rows.remove(p)
        for r in rows:
            f = A[r][p] / A[p][p]
            for c in rows:
                A[r][c] -= f * A[p][c]
    return True


@pytest.mark.parametrize("d", [1, 2, 3])
def test_psd_draws_are_exactly_psd_in_every_case(d):
    gen = torch.Generator().manual_seed(d)
    for k, case in enumerate(CASES):
        Hm, _ = random_psd(12, d, gen, case=torch.full((12,), k))
        assert all(_exact_psd(Hm[b]) for b in range(12)), case
        if case in ("rank-deficient", "zero") and d == 2:  # exactly singular
            assert all(Fraction(float(M[0, 0])) * Fraction(float(M[1, 1]))
                       == Fraction(float(M[0, 1])) ** 2 for M in Hm), case
        if case == "diagonal":
            off = Hm - torch.diag_embed(torch.diagonal(Hm, dim1=1, dim2=2))
            assert bool((off == 0).all())
    # an ill-conditioned draw is ill-conditioned (the spectrum is not lost to the rounding)
    Hm, _ = random_psd(64, d, gen, case=torch.full((64,), CASES.index("ill-conditioned")))
    ev = torch.linalg.eigvalsh(Hm)
    if d > 1:
        assert bool(((ev[:, -1] / ev[:, 0].clamp_min(1e-300)) > 1e2).all())


def test_a_float_gram_matrix_is_not_exact_but_exact_gram_is():
    """Why the fixed-point grid: the plain float product L Lᵀ of a rank-1 factor misses the
    equality case H₁₁H₂₂ = H₁₂² on some draws; exact_gram never does."""
    gen = torch.Generator().manual_seed(0)
    L = torch.zeros(200, 2, 2, dtype=torch.float64)
    L[:, :, 0] = torch.randn(200, 2, generator=gen, dtype=torch.float64)
    def minor(M):
        a, b, c = (Fraction(float(x)) for x in (M[0, 0], M[1, 1], M[0, 1]))
        return a * b - c * c
    plain = [minor(M) for M in L @ L.transpose(1, 2)]
    exact = [minor(M) for M in exact_gram(L)]
    assert any(m < 0 for m in plain)
    assert all(m == 0 for m in exact)


def _psd_stmt(c):
    """‖H‖_F <= c·tr(H) for H ⪰ 0 (2×2): true for c = 1 (tight at rank 1), false for c < 1."""
    return Statement(
        id=f"test/psd-{c}", paper="test", kind="lemma", number="1", title="‖H‖_F <= c tr H",
        section="", family="other",
        quantities=(Quantity("d", "size", "= 2", "dimension"),
                    Quantity("H", "sequence", "PSD", "H ⪰ 0", (1, 1), ("d", "d"))),
        hypotheses=(Hypothesis(sp.Eq(H[1, 2], H[2, 1]), note="symmetric"),
                    Hypothesis(sp.And(H[1, 1] >= 0, H[2, 2] >= 0,
                                      H[1, 1] * H[2, 2] >= H[1, 2] ** 2), note="PSD")),
        lhs=sp.sqrt(sp.Sum(H[i, j] ** 2, (i, 1, 2), (j, 1, 2))),
        rhs=c * (H[1, 1] + H[2, 2]))


def test_psd_hypotheses_hold_by_construction_and_a_wrong_constant_is_found():
    good, bad = _psd_stmt(1), _psd_stmt(sp.Rational(99, 100))
    d = derivation(good)
    assert d.plan.sequences["H"].mode == "psd" and not d.plan.rejections
    assert len(d.plan.construction) == 4
    inputs = d.sampler(SampleContext(B=64, sizes={"d": 2},
                                     generator=torch.Generator().manual_seed(0)))
    assert all(_exact_psd(inputs["H"].data[b]) for b in range(64))
    r = check(good, examples=400, fresh=True, save=False)
    assert r.status == "holds" and r.best_ratio > 0.999
    r = check(bad, examples=400, fresh=True, save=False)
    assert r.status == "violated" and r.counterexample is not None


def test_psd_reparam_is_exact_and_differentiable():
    d = derivation(_psd_stmt(1))
    rp = reparam_for(_psd_stmt(1))
    gen = torch.Generator().manual_seed(2)
    z = rp.random(16, {"d": 2}, gen)
    assert "H#L" in z and z["H#L"].requires_grad
    out = rp.forward(z, {"d": 2})
    assert all(_exact_psd(out["H"].data[b].detach()) for b in range(16))
    g, = torch.autograd.grad(out["H"].data.sum(), [z["H#L"]])
    assert bool(torch.isfinite(g).all()) and bool((g != 0).any())
    del d


def test_psd_domain_needs_a_square_sequence():
    bad = Statement(id="test/psd-bad", paper="test", kind="lemma", number="1", title="t",
                    section="", family="other",
                    quantities=(Quantity("d", "size", ">= 1", "d"),
                                Quantity("H", "sequence", "PSD", "H", (1,), ("d",))),
                    lhs=H[1], rhs=H[1] + 1)
    with pytest.raises(DerivationError, match="'H'.*two axes of one extent"):
        derivation(bad)


def test_symmetric_hypothesis_gives_exactly_symmetric_indefinite_draws():
    M = sp.IndexedBase("M")
    stmt = Statement(id="test/sym", paper="test", kind="lemma", number="1", title="t",
                     section="", family="other",
                     quantities=(Quantity("d", "size", ">= 1", "d"),
                                 Quantity("M", "sequence", "R", "M", (1, 1), ("d", "d"))),
                     hypotheses=(Hypothesis(sp.Eq(M[i, j], M[j, i]),
                                            forall=((i, 1, sp.Symbol("d", integer=True)),
                                                    (j, 1, sp.Symbol("d", integer=True)))),),
                     lhs=M[1, 1], rhs=sp.Abs(M[1, 1]))
    d = derivation(stmt)
    assert d.plan.sequences["M"].mode == "sym"
    x = d.sampler(SampleContext(B=64, sizes={"d": 3},
                                generator=torch.Generator().manual_seed(0)))["M"].data
    assert bool((x == x.transpose(1, 2)).all())
    assert bool((torch.linalg.eigvalsh(x)[:, 0] < 0).any())  # not only PSD ones


def test_norm_ball_domain_draws_are_inside_exactly_and_reach_the_sphere():
    dom = parse_domain("u", "||u_k||_F <= r", {"r": sp.Symbol("r", real=True)})
    assert dom.ball == sp.Symbol("r", real=True)
    u = sp.IndexedBase("u")
    k = sp.Symbol("k", integer=True)
    stmt = Statement(id="test/ball", paper="test", kind="lemma", number="1", title="t",
                     section="", family="other",
                     quantities=(Quantity("T", "size", ">= 1", "T"),
                                 Quantity("n", "size", ">= 1", "n"),
                                 Quantity("r", "scalar", "> 0", "radius"),
                                 Quantity("u", "sequence", "‖u_k‖_F <= r", "u", (1, 1),
                                          ("T", "n"))),
                     lhs=u[1, 1], rhs=sp.Symbol("r", real=True))
    d = derivation(stmt)
    inp = d.sampler(SampleContext(B=64, sizes={"T": 3, "n": 4},
                                  generator=torch.Generator().manual_seed(0)))
    x, r = inp["u"].data, inp["r"]
    on = 0
    for b in range(64):
        rr = Fraction(float(r[b])) ** 2
        for t in range(3):
            s = sum(Fraction(float(v)) ** 2 for v in x[b, t].tolist())
            assert s <= rr
            on += s > rr * (1 - Fraction(1, 2 ** 20))
    assert on > 0
    del k


def test_size_computed_from_another_and_bad_values_redrawn():
    n_, m_ = sp.Symbol("n", integer=True), sp.Symbol("m", integer=True)
    x = sp.IndexedBase("x")
    stmt = Statement(id="test/blocks", paper="test", kind="lemma", number="1", title="t",
                     section="", family="other",
                     quantities=(Quantity("n", "size", "= 6/m", "blocks"),
                                 Quantity("m", "size", ">= 1", "block size"),
                                 Quantity("x", "sequence", "R", "x", (1, 1), ("n", "m"))),
                     lhs=x[1, 1], rhs=sp.Abs(x[1, 1]))
    d = derivation(stmt)
    gen = torch.Generator().manual_seed(0)
    seen = {tuple(sorted(d.sizes(gen, "default").items())) for _ in range(60)}
    assert seen and all(dict(s)["n"] * dict(s)["m"] == 6 for s in seen)
    assert len({dict(s)["m"] for s in seen}) >= 3  # m in {1, 2, 3} (6 is not on the ladder)
    del n_, m_


def test_a_bound_reading_all_of_another_sequence_is_drawn_after_it():
    from adaproof.symbolic import IndexMax
    M, Hh = sp.IndexedBase("M"), sp.IndexedBase("H")
    dd, k2 = sp.Symbol("d", integer=True), sp.Symbol("k2", integer=True)
    stmt = Statement(
        id="test/after", paper="test", kind="lemma", number="1", title="t", section="",
        family="other",
        quantities=(Quantity("d", "size", ">= 1", "d"),
                    Quantity("M", "sequence", "R", "M", (1, 1), ("d", "d")),
                    Quantity("H", "sequence", ">= 0", "H", (1,), ("d",))),
        hypotheses=(Hypothesis(sp.Eq(M[i, j], M[j, i]), forall=((i, 1, dd), (j, 1, dd))),
                    Hypothesis(Hh[i] >= IndexMax(sp.Sum(sp.Abs(M[k2, j]), (j, 1, dd)),
                                                 (k2, 1, dd)), forall=((i, 1, dd),))),
        lhs=sp.Sum(sp.Abs(M[1, j]), (j, 1, dd)), rhs=Hh[1])
    d = derivation(stmt)
    inp = d.sampler(SampleContext(B=32, sizes={"d": 3},
                                  generator=torch.Generator().manual_seed(0)))
    Mv, Hv = inp["M"].data, inp["H"].data
    for b in range(32):
        rowmax = max(sum(Fraction(abs(float(v))) for v in row) for row in Mv[b].tolist())
        assert all(Fraction(float(h)) >= rowmax for h in Hv[b].tolist())
    assert r_holds(stmt)


def r_holds(stmt) -> bool:
    return check(stmt, examples=200, fresh=True, save=False).status == "holds"
