"""Adafactor's attacked theorems (A.1, B.1 (33)–(36), Proposition B.1, C.1, D.1 (91)–(94); printed
and corrected as registered in :mod:`adaproof.bounds.adafactor`) on three more objective
families of n×m matrices, each within the theorems' class with its constants bounded exactly.

The theorems need (A1) L-smoothness, (A2) f ≥ f*, and a gradient bound G that holds for every X
((A4) ‖g(X, Z)‖_F ≤ G a.s.; A.1: ‖∇f(X_k)‖_F ≤ G): a quadratic has no global gradient bound, so
the non-diagonal family is a smoothed quadratic (its Hessian at the minimiser is the quadratic's).
With u_r = ⟨A_r, X⟩ (A_r ∈ ℝ^{n×m}, r = 1..4, vec a_r):

* ``quadratic-nondiagonal``: f(X) = Σ_r h_r s²(√(1 + ((u_r − ⟨A_r, Z⟩)/s)²) − 1), h_r > 0:
  ∇²f = Σ_r h_r ψ''_r a_r a_rᵀ with 0 < ψ'' ≤ 1, so ∇²f(Z) = Σ_r h_r a_r a_rᵀ (non-diagonal) and
  L = Σ_r h_r‖A_r‖_F² ≥ trace ≥ ‖∇²f‖₂; |ψ'| < s, so G = sΣ_r h_r‖A_r‖_F; f* = 0 at Z.
* ``separable-nonconvex``: f(X) = Σ_ij α_ij u_ij²/(1 + u_ij²), u = X − Z, α > 0 (the γu²/2 term
  of the other papers' family is dropped: its gradient is unbounded); f_ij'' ∈ [−α/2, 2α], so
  L = 2 max α (exact), |f_ij'| ≤ (3√3/8)α_ij (exact sup, at u² = 1/3), G = (3√3/8)‖α‖_F; f* = 0.
* ``logistic``: f(X) = (1/4)Σ_r ln(1 + exp(−y_r u_r)), y_r = ±1: L = Σ_r‖A_r‖_F²/16,
  G = Σ_r‖A_r‖_F/4; f* ≥ 0, and f* = ln 2 exactly when the points come in symmetric pairs
  (A₃, y₃) = (−A₁, y₁), (A₄, y₄) = (−A₂, y₂); f(X₁) − f* is bounded by f(X₁) − sym·ln 2 (input
  sym ∈ {0, 1}, 1 only for pairs), ≥ the printed f(X₁) − f*.

L and G are the exact bound half the time, else up to 10× it (the theorem holds for any valid
constant).  Noise: the registered attacks are the deterministic special case (noise 0 satisfies
(A1)–(A4) / Assumption 1 for any σ > 0); so are these.  Θ_max is computed from the run.

Source: paper 000 (adafactor), Theorems A.1, B.1, C.1, D.1 and Proposition B.1 (Appendices A–D).
"""
from __future__ import annotations

import dataclasses
import math

import sympy as sp
import torch

from ...bounds import adafactor as bf
from ...registry import register
from ...sampling import log_uniform
from ...statement import Hypothesis, Quantity, Recurrence
from ...symbolic import IndexMin, SeqValue

FAMILIES = ("quadratic-nondiagonal", "separable-nonconvex", "logistic")
NR = 4
_k, _i, _j, _p, _q = bf._k, bf._i, bf._j, bf._p, bf._q
_r, _a, _b = sp.symbols("r a b_", integer=True)
_ns, _ms, _s, _Ls, _Gs = bf._ns, bf._ms, bf._s, bf._Ls, bf._Gs
_x, _x1, _z, _R, _C = bf._x, bf._x1, bf._z, bf._R, bf._C
A, hr, al, y = (sp.IndexedBase(n_) for n_ in ("A", "hr", "al", "y"))
sym = sp.Symbol("sym", real=True)
C_SEP = 3 * sp.sqrt(3) / 8


def _inner(r_, k_, shift=True):
    """⟨A_r, X_k⟩ (− ⟨A_r, Z⟩ with ``shift``)."""
    xv = (lambda a_, b_: _x[k_, a_, b_]) if k_ is not None else (lambda a_, b_: _x1[a_, b_])
    body = A[r_, _a, _b] * (xv(_a, _b) - (_z[_a, _b] if shift else 0))
    return sp.Sum(sp.Sum(body, (_b, 1, _ms)), (_a, 1, _ns))


def _grad(family, k_, i_, j_):
    if family == "quadratic-nondiagonal":
        u = _inner(_r, k_)
        return sp.Sum(hr[_r] * u / sp.sqrt(1 + (u / _s) ** 2) * A[_r, i_, j_], (_r, 1, NR))
    if family == "separable-nonconvex":
        u = _x[k_, i_, j_] - _z[i_, j_]
        return al[i_, j_] * 2 * u / (1 + u ** 2) ** 2
    u = _inner(_r, k_, shift=False)
    return -sp.Sum(y[_r] * A[_r, i_, j_] / (1 + sp.exp(y[_r] * u)), (_r, 1, NR)) / NR


def _gap(family):
    """f(X₁) − f* (an upper bound on it for logistic without pairs)."""
    if family == "quadratic-nondiagonal":
        u = _inner(_r, None) / _s
        return sp.Sum(hr[_r] * _s ** 2 * u ** 2 / (sp.sqrt(1 + u ** 2) + 1), (_r, 1, NR))
    if family == "separable-nonconvex":
        u = _x1[_p, _q] - _z[_p, _q]
        return sp.Sum(sp.Sum(al[_p, _q] * u ** 2 / (1 + u ** 2), (_q, 1, _ms)), (_p, 1, _ns))
    return (sp.Sum(sp.log(1 + sp.exp(-y[_r] * _inner(_r, None, shift=False))), (_r, 1, NR)) / NR
            - sym * sp.log(2))


def _fro(r_):
    return sp.sqrt(sp.Sum(sp.Sum(A[r_, _a, _b] ** 2, (_b, 1, _ms)), (_a, 1, _ns)))


def _family(family):
    """(quantities, hypotheses) of the instance, with L and G."""
    seq3 = ("4", "n", "m")
    if family == "quadratic-nondiagonal":
        qs = (Quantity("A", "sequence", "R", "directions A_r", (1, 1, 1), seq3),
              Quantity("hr", "sequence", "> 0", "weights h_r", (1,), ("4",)),
              Quantity("z", "sequence", "R", "minimiser Z", (1, 1), ("n", "m")),
              Quantity("s", "scalar", "> 0", "pseudo-Huber scale s"))
        hyps = (Hypothesis(sp.StrictGreaterThan(hr[_r], 0), forall=((_r, 1, NR),),
                           note="h_r > 0: f ≥ 0 = f(Z)"),
                Hypothesis(sp.StrictGreaterThan(_s, 0), note="s > 0"),
                Hypothesis(sp.GreaterThan(_Ls, sp.Sum(hr[_r] * _fro(_r) ** 2, (_r, 1, NR))),
                           note="(A1): ‖∇²f‖₂ ≤ Σ h_r‖A_r‖_F² ≤ L"),
                Hypothesis(sp.GreaterThan(_Gs, _s * sp.Sum(hr[_r] * _fro(_r), (_r, 1, NR))),
                           note="‖∇f(X)‖_F < sΣ h_r‖A_r‖_F ≤ G for every X"))
    elif family == "separable-nonconvex":
        qs = (Quantity("al", "sequence", "> 0", "weights α_ij", (1, 1), ("n", "m")),
              Quantity("z", "sequence", "R", "minimiser Z", (1, 1), ("n", "m")))
        hyps = (Hypothesis(sp.StrictGreaterThan(al[_i, _j], 0), forall=((_i, 1, _ns), (_j, 1, _ms)),
                           note="α > 0: f ≥ 0 = f(Z)"),
                Hypothesis(sp.GreaterThan(_Ls, 2 * al[_i, _j]), forall=((_i, 1, _ns), (_j, 1, _ms)),
                           note="(A1): |f_ij''| ≤ 2α_ij ≤ L"),
                Hypothesis(sp.GreaterThan(_Gs, C_SEP * sp.sqrt(sp.Sum(sp.Sum(
                    al[_p, _q] ** 2, (_q, 1, _ms)), (_p, 1, _ns)))),
                    note="‖∇f(X)‖_F ≤ (3√3/8)‖α‖_F ≤ G for every X"))
    else:
        qs = (Quantity("A", "sequence", "R", "data points A_r", (1, 1, 1), seq3),
              Quantity("y", "sequence", "{−1, 1}", "labels y_r", (1,), ("4",)),
              Quantity("sym", "scalar", "{0, 1}", "1: symmetric pairs, f* = ln 2 used"))
        mismatch = (sp.Sum(sp.Sum((A[3, _a, _b] + A[1, _a, _b]) ** 2
                                  + (A[4, _a, _b] + A[2, _a, _b]) ** 2, (_b, 1, _ms)),
                           (_a, 1, _ns)) + (y[3] - y[1]) ** 2 + (y[4] - y[2]) ** 2)
        hyps = (Hypothesis(sp.Eq(y[_r] ** 2, 1), forall=((_r, 1, NR),), note="labels ±1"),
                Hypothesis(sp.Eq(sym * (1 - sym), 0), note="sym ∈ {0, 1}"),
                Hypothesis(sp.Eq(sym * mismatch, 0),
                           note="sym = 1 only for symmetric pairs (f* = ln 2 exactly)"),
                Hypothesis(sp.GreaterThan(_Ls, sp.Sum(_fro(_r) ** 2, (_r, 1, NR)) / (4 * NR)),
                           note="(A1): ‖∇²f‖₂ ≤ Σ‖A_r‖_F²/16 ≤ L"),
                Hypothesis(sp.GreaterThan(_Gs, sp.Sum(_fro(_r), (_r, 1, NR)) / NR),
                           note="‖∇f(X)‖_F < Σ‖A_r‖_F/4 ≤ G for every X"))
    return qs, hyps


def _torch_grad(family, env):
    if family == "quadratic-nondiagonal":
        Am, hv, zv, sv = env["A"].data, env["hr"].data, env["z"].data, env["s"].reshape(-1, 1)

        def g(X):
            u = torch.einsum("brpq,bpq->br", Am, X - zv)
            return torch.einsum("br,brpq->bpq", hv * u * sv / torch.sqrt(sv * sv + u * u), Am)
        return g
    if family == "separable-nonconvex":
        av, zv = env["al"].data, env["z"].data
        return lambda X: av * 2 * (X - zv) / (1 + (X - zv) ** 2) ** 2
    Am, yv = env["A"].data, env["y"].data

    def g(X):
        u = torch.einsum("brpq,bpq->br", Am, X)
        return -torch.einsum("br,brpq->bpq", yv / (1 + torch.exp(yv * u)), Am) / NR
    return g


def _sampler(family, base_sampler):
    def sampler(ctx):
        """The registered statement's hyperparameters; the family's instance: A_r ~ N(0, 1)
        entries times a log-uniform scale in [0.1, 10]; h_r log-uniform in [1e-2, 1e2];
        α log-uniform in [1e-2, 1e2]; s in [1e-2, 10]; Z ~ N(0, 1) (0 for logistic); X₁ = Z +
        offset (scale 1e-3..10); logistic: symmetric pairs half the time; L, G the exact bounds
        (× 1 + 2⁻⁴⁰) half the time, else up to 10× them."""
        out = base_sampler(ctx)
        for key_ in ("h", "z", "x1", "s", "L", "G"):
            out.pop(key_, None)
        B, n_, m_ = ctx.B, ctx.sizes["n"], ctx.sizes["m"]
        Am = ctx.randn(B, NR, n_, m_) * log_uniform(ctx, 0.1, 10.0).reshape(B, 1, 1, 1)
        fro = torch.sqrt((Am ** 2).sum((2, 3)))
        if family == "quadratic-nondiagonal":
            hv, sv = log_uniform(ctx, 1e-2, 1e2, NR), log_uniform(ctx, 1e-2, 10.0)
            zv = ctx.randn(B, n_, m_)
            Lb, Gb = (hv * fro ** 2).sum(1), sv * (hv * fro).sum(1)
            out.update(A=SeqValue(Am, (1, 1, 1)), hr=SeqValue(hv, (1,)), s=sv)
        elif family == "separable-nonconvex":
            av = log_uniform(ctx, 1e-2, 1e2, n_, m_)
            zv = ctx.randn(B, n_, m_)
            Lb = 2 * av.reshape(B, -1).max(1).values
            Gb = (3 * math.sqrt(3) / 8) * torch.sqrt((av ** 2).sum((1, 2)))
            out.update(al=SeqValue(av, (1, 1)))
        else:
            yv = torch.where(ctx.rand(B, NR) < 0.5, -1.0, 1.0).to(ctx.dtype)
            pair = ctx.rand(B) < 0.5
            Am = torch.where(pair[:, None, None, None], torch.cat([Am[:, :2], -Am[:, :2]], 1), Am)
            yv = torch.where(pair[:, None], torch.cat([yv[:, :2], yv[:, :2]], 1), yv)
            fro = torch.sqrt((Am ** 2).sum((2, 3)))
            zv = torch.zeros(B, n_, m_, dtype=ctx.dtype)
            Lb, Gb = (fro ** 2).sum(1) / (4 * NR), fro.sum(1) / NR
            out.update(A=SeqValue(Am, (1, 1, 1)), y=SeqValue(yv, (1,)), sym=pair.to(ctx.dtype))
        if family != "logistic":
            out["z"] = SeqValue(zv, (1, 1))
        x1v = zv + ctx.randn(B, n_, m_) * log_uniform(ctx, 1e-3, 10.0).reshape(B, 1, 1)
        out["x1"] = SeqValue(x1v, (1, 1))
        tight = ctx.rand(B) < 0.5
        out["L"] = torch.where(tight, Lb, Lb * log_uniform(ctx, 1.0, 10.0)) * (1 + 2.0 ** -40)
        out["G"] = torch.where(tight, Gb, Gb * log_uniform(ctx, 1.0, 10.0)) * (1 + 2.0 ** -40)
        if "rho0" in out and not isinstance(out.get("dclip"), torch.Tensor):
            # B/C/D: ρ₀ was drawn relative to 2G√𝒢/(mnε₁) with the base family's G: redo it
            mnv, e1 = n_ * m_, out["eps1"]
            growth = log_uniform(ctx, 1e-4, 1e2)
            Gv = out["G"]
            out["rho0"] = growth * mnv * e1 / (2 * Gv * torch.sqrt(Gv ** 2 + mnv * e1))
        return out
    return sampler


def _build(family, base_build):
    def build(env):
        """The registered statement's algorithm (its builder, given placeholders for the
        pseudo-Huber inputs it reads) with the family's exact gradient as the oracle."""
        fake = dict(env)
        zero = torch.zeros_like(env["x1"].data)
        fake.setdefault("z", SeqValue(zero, (1, 1)))
        fake["h"] = SeqValue(zero, (1, 1))
        fake["s"] = torch.ones(zero.shape[0], dtype=zero.dtype)
        alg, spec = base_build(fake)
        grad = _torch_grad(family, env)
        spec["oracle"] = lambda X, k: grad(X)
        return alg, spec
    return build


def _recurrences(family, regime):
    beta_k, rho_k, clip = bf._REGIMES[regime]
    prev = {_k: _k - 1}
    G_ = lambda k_, i_, j_: _grad(family, k_, i_, j_)  # noqa: E731
    w_ = bf._w
    rms_x = bf._rms_x(_k)
    rms_u = sp.sqrt(sp.Sum(sp.Sum(G_(_k, _p, _q) ** 2 / w_(_k, _p, _q), (_q, 1, _ms)),
                           (_p, 1, _ns)) / (_ns * _ms))
    eta = sp.Max(bf._se2, rms_x) * rho_k
    if clip is not None:
        eta = eta / sp.Max(1, rms_u / clip)
    x_upd = _x[_k - 1, _i, _j] - (eta * G_(_k, _i, _j) / sp.sqrt(w_(_k, _i, _j))).subs(prev)
    return (Recurrence("x", _k, 2, _x1[_i, _j], x_upd),
            Recurrence("R", _k, 1, sp.Integer(0), beta_k * _R[_k - 1, _i] + (1 - beta_k)
                       * sp.Sum(G_(_k, _i, _q) ** 2 + bf._se1, (_q, 1, _ms))),
            Recurrence("C", _k, 1, sp.Integer(0), beta_k * _C[_k - 1, _j] + (1 - beta_k)
                       * sp.Sum(G_(_k, _p, _j) ** 2 + bf._se1, (_p, 1, _ns))))


def _regime(stmt_id):
    name = stmt_id.split("/")[1]
    if name == "theorem-A.1":
        return "A-const"
    if name.startswith("theorem-A.1-sqrt"):
        return "A-sqrt"
    if name in ("theorem-B.1-eq33", "theorem-B.1-eq34"):
        return "B1"
    if name in ("theorem-B.1-eq35", "theorem-B.1-eq36"):
        return "Bc"
    if name == "theorem-C.1":
        return "Cc"
    if name in ("theorem-D.1-eq91", "theorem-D.1-eq92"):
        return "D1"
    if name in ("theorem-D.1-eq93", "theorem-D.1-eq94"):
        return "Dc"
    return "Bp"


_DROP_Q = {"h", "z", "s", "L", "G", "x1"}


def _statement(base, family):
    regime = _regime(base.id)
    qs, hyps = _family(family)
    keep_q = tuple(q_ for q_ in base.quantities if q_.name not in _DROP_Q)
    fam_syms = {_Ls, _Gs, _s}
    keep_h = tuple(h_ for h_ in base.hypotheses
                   if not (h_.relation.free_symbols & fam_syms) and not h_.relation.has(bf._h))
    grad_sq = lambda k_: sp.Sum(sp.Sum(_grad(family, k_, _p, _q) ** 2, (_q, 1, _ms)),  # noqa
                                (_p, 1, _ns))
    rhs = base.rhs.xreplace({bf._DELTA_EXPR: _gap(family)})
    expected, extra = base.expected, ""
    if base.key == "adafactor/theorem-A.1" and family != "separable-nonconvex":
        # the printed A.1 (constant ρ₀) is violated on pseudo-Huber matrices and on the
        # separable-nonconvex family (found at 39423 examples, seed 0); not found here in 40960
        # the printed theorem is false in general, so what it does on this family is unknown
        # until a witness is found: expected "unknown" (a verdict either way is accepted)
        expected, extra = "unknown", (" The printed A.1's violation (constant ρ₀) is not found "
                                      "on this family in 40960 examples (seed 0); it is on the "
                                      "separable families.")
    assert not rhs.has(bf._h), base.id
    return register(dataclasses.replace(
        base, id=f"{base.id}-family-{family}", number=f"{base.number} ({family})",
        title=base.title.replace(", on separable pseudo-Huber matrices", "")
        + f", on {family.replace('-', ' ')} objectives",
        quantities=keep_q[:3] + (Quantity("L", "scalar", "> 0", "smoothness constant (A1), "
                                          "bounded exactly"),
                                 Quantity("G", "scalar", "> 0", "gradient bound, exact")) + qs
        + (Quantity("x1", "sequence", "R", "initial point X₁", (1, 1), ("n", "m")),) + keep_q[3:],
        hypotheses=keep_h + hyps, lhs=IndexMin(grad_sq(_k), (_k, 1, bf._Ts)), rhs=rhs,
        sampler=_sampler(family, base.sampler),
        trajectory=dataclasses.replace(base.trajectory, build=_build(family,
                                                                     base.trajectory.build)),
        recurrences=_recurrences(family, regime),
        source=base.source.split("; attacked on")[0] + f"; attacked on the {family} family",
        expected=expected, notes=__doc__.split("\n\n")[1].replace("\n", " ") + extra))


_BASES = [s_ for s_ in (
    bf.THEOREM_A1_STATEMENT, bf.THEOREM_A1_STATEMENT_CORRECTED, bf.THEOREM_A1_SQRT_STATEMENT,
    bf.THEOREM_A1_SQRT_DIMFREE_STATEMENT, bf.THEOREM_C1_STATEMENT,
    bf.PROPOSITION_B1_STATEMENT, bf.PROPOSITION_B1_DIMFREE_STATEMENT,
    bf.PROPOSITION_B1_DIMFREE_CORRECTED_STATEMENT,
    *bf.THEOREM_B1_STATEMENTS.values(), *bf.THEOREM_D1_STATEMENTS.values())]
STATEMENTS = {(b_.key, f_): _statement(b_, f_) for b_ in _BASES for f_ in FAMILIES}
