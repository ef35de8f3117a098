r"""Matrix and norm-ball domains: positive semi-definite and symmetric matrices, norm balls.

Declared as a sequence's domain (:mod:`adaproof.derive.domains_extra` parses them):

* ``PSD`` (``positive semi-definite``, ``⪰ 0``) on a sequence with two axes of one extent:
  ``H = L Lᵀ``, a Gram matrix, drawn whole (mode ``"psd"``);
* a sequence ``M`` with the hypothesis ``Eq(M[i, j], M[j, i])`` for all ``i, j`` over both axes
  (and no other bound) is drawn symmetric (mode ``"sym"``): a free draw's lower triangle copied
  onto the upper one;
* ``‖u_k‖_F <= r`` (``||u_k||_F <= r``, ``‖u‖_2 <= r``): every slice ``u[k, ...]`` (every
  entry after the first axis; the whole sequence when it has one axis) in the ball of radius
  ``r`` (mode ``"ball"``).

**Exactness of a PSD draw.**  ``L`` is put on a per-matrix fixed-point grid ``k·2^e`` with
``|k| <= 2^b``, ``2b + ⌈log₂ d⌉ <= 52``: every product ``L_ik L_jk`` is a multiple of ``2^{2e}``
below ``2^{2b+2e}`` and every partial sum of ``d`` of them a multiple of ``2^{2e}`` below
``2^{53+2e}``, so the float64 product ``L Lᵀ`` is the exact rational Gram matrix: exactly
symmetric and exactly positive semi-definite (every principal minor ``>= 0``, the rank-deficient
equality cases ``H₁₁H₂₂ = H₁₂²`` included).  Hypotheses that are consequences of this
(``Eq(H[a, b], H[b, a])``, ``H[a, a] >= 0``, ``H[a, a]·H[b, b] >= H[a, b]²``) are satisfied by
construction (:func:`by_construction`); every other hypothesis on ``H`` (``L >= λ_max(H)``) is
solved for the other unknowns or enforced by rejection as usual.

The spectrum ``λ`` (``H = Q diag(λ) Qᵀ``, ``L = Q diag(√λ)``, ``Q`` a random rotation) is drawn
from the cases an attack needs: generic (log-uniform over six decades), rank-deficient (some
``λ = 0``; rank 1: the equality case of every 2×2 minor), near-singular (``λ_min/λ_max`` in
``[2⁻⁴⁰, 2⁻²⁰]``), ill-conditioned (``10³..10⁹``), a multiple of the identity, diagonal
(``Q = I``, zeros allowed) and the zero matrix; its scale is log-uniform in ``[1e-3, 1e3]`` (or the
candidate's common scale, as :class:`~adaproof.derive.engine.RandomFeed` shares it).

The guided phase reads ``z[name + "#L"]`` (the factor ``L``, unconstrained): ``H`` is the exact
Gram matrix of its rounding to the grid, with a straight-through gradient (the rounding moves
``L`` by at most ``2^{e-1}``); :class:`~adaproof.derive.engine.InverseFeed` recovers ``L`` from a
given ``H`` by its eigendecomposition.  The Hypothesis strategy draws the case and a seed.
"""
from __future__ import annotations

import math

import sympy as sp
import torch

from .domains import DerivationError

__all__ = ["MODES", "setup", "by_construction", "draw", "exact_gram", "psd_bits",
           "random_psd", "symmetrize"]

#: modes of this module (drawn whole, before the other sequences)
MODES = ("psd", "sym", "ball")
#: spectrum cases of a random PSD draw
CASES = ("generic", "rank-deficient", "near-singular", "ill-conditioned", "identity",
         "diagonal", "zero")
#: a ball draw on the sphere sits this far inside (relative), so that the exact check of
#: ``Σ u² <= r²`` passes with the engine's rejection margin (2⁻³⁶ of the magnitude)
BALL_INSIDE = 2.0 ** -30


def psd_bits(d: int) -> int:
    """Bits of the fixed-point grid of a ``d×d`` factor (``2b + ⌈log₂ d⌉ <= 52``)."""
    return max(1, (52 - math.ceil(math.log2(max(d, 1)))) // 2)


def exact_gram(L: torch.Tensor) -> torch.Tensor:
    """``L Lᵀ`` (batched ``(B, d, d)``) of ``L`` rounded to its fixed-point grid, exact in
    float64; differentiable in ``L`` (straight-through rounding)."""
    d = L.shape[-1]
    b = psd_bits(d)
    m = L.detach().abs().amax((-2, -1), keepdim=True)
    e = torch.where(m > 0, torch.floor(torch.log2(torch.where(m > 0, m, torch.ones_like(m))))
                    + 1 - b, torch.zeros_like(m))
    e = e.clamp(min=-480.0)  # 2e above the subnormal range: products stay exact
    scale = torch.exp2(e)
    Lr = torch.round(L.detach() / scale) * scale
    Lr = L + (Lr - L).detach()
    return Lr @ Lr.transpose(-1, -2)


def random_psd(B: int, d: int, gen: torch.Generator, dtype=torch.float64, device="cpu",
               case: torch.Tensor | None = None, scale: torch.Tensor | None = None):
    """``B`` exact PSD ``d×d`` matrices (the cases above; ``case``: indices into :data:`CASES`,
    one per row, random when None)."""
    def rand(*s):
        return torch.rand(*s, generator=gen, dtype=torch.float64)

    if case is None:
        case = torch.randint(len(CASES), (B,), generator=gen)
    case = case.reshape(B, 1)
    loglam = math.log(1e-3) + rand(B, d) * math.log(1e6)
    lam = torch.exp(loglam)
    top = lam.amax(1, keepdim=True)
    ar = torch.arange(d).reshape(1, d)
    # rank-deficient: a random number (>= 1 when d > 1) of zero eigenvalues, rank 1 often
    nzero = torch.where(rand(B, 1) < 0.5, torch.full((B, 1), d - 1),
                        torch.randint(1, max(d, 2), (B, 1), generator=gen)).clamp(max=d)
    if d == 1:
        nzero = torch.where(rand(B, 1) < 0.5, 1, 0)
    perm = torch.argsort(rand(B, d), 1)
    zero_mask = perm < nzero
    rank_def = torch.where(zero_mask, torch.zeros_like(lam), lam)
    near = torch.where(perm == 0, top * torch.exp2(-20 - 20 * rand(B, 1)), top.expand(B, d))
    ill = torch.where(perm == 0, top / torch.exp(math.log(1e3) + rand(B, 1) * math.log(1e6)),
                      torch.where(perm == 1, top, lam).expand(B, d))
    ident = top.expand(B, d)
    diag_zero = torch.where(rand(B, d) < 0.3, torch.zeros_like(lam), lam)
    spec = torch.where(case == 0, lam, torch.where(case == 1, rank_def, torch.where(
        case == 2, near, torch.where(case == 3, ill, torch.where(
            case == 4, ident, torch.where(case == 5, diag_zero, torch.zeros_like(lam)))))))
    g = torch.randn(B, d, d, generator=gen, dtype=torch.float64)
    Q, R = torch.linalg.qr(g)
    Q = Q * torch.sign(torch.diagonal(R, dim1=1, dim2=2)).reshape(B, 1, d).where(
        torch.diagonal(R, dim1=1, dim2=2).reshape(B, 1, d) != 0, torch.ones(1))
    eye = torch.eye(d, dtype=torch.float64).expand(B, d, d)
    Q = torch.where((case == 5).reshape(B, 1, 1), eye, Q)
    if scale is None:
        scale = torch.exp(math.log(1e-3) + rand(B) * math.log(1e6))
    L = Q * torch.sqrt(spec * scale.reshape(B, 1)).reshape(B, 1, d)
    return exact_gram(L).to(dtype=dtype, device=device), L


def symmetrize(x: torch.Tensor) -> torch.Tensor:
    """The lower triangle (diagonal included) of ``x`` copied onto the upper one: exactly
    symmetric, differentiable."""
    low = torch.tril(x)
    return low + torch.tril(x, -1).transpose(-1, -2)


# ---------------------------------------------------------------------------------------------
# the plan: which sequences, which hypotheses hold by construction
# ---------------------------------------------------------------------------------------------
def _square(u) -> bool:
    return len(u.extent) == 2 and str(u.extent[0]) == str(u.extent[1]) and \
        u.start[0] == u.start[1]


def _sym_hyp(rel, forall, u) -> bool:
    """``Eq(M[i, j], M[j, i])`` for all ``i, j`` over both axes of ``u``."""
    if not isinstance(rel, sp.Equality):
        return False
    a, b = rel.lhs, rel.rhs
    if not (isinstance(a, sp.Indexed) and isinstance(b, sp.Indexed)) or \
            a.base.label.name != u.name or b.base.label.name != u.name or len(a.indices) != 2:
        return False
    i, j = a.indices
    if tuple(b.indices) != (j, i):
        return False
    if i.is_Integer and j.is_Integer:
        return True
    rng = {s: (str(sp.sympify(lo)), str(sp.sympify(hi))) for s, lo, hi in forall}
    full = (str(sp.sympify(u.start[0])), str(sp.sympify(u.extent[0])))
    return rng.get(i) == full and rng.get(j) == full


def setup(stmt, seqs: dict) -> set:
    """Give their modes to the PSD, symmetric and ball sequences of ``seqs``; their names (no
    hypothesis is solved for their entries)."""
    out = set()
    for u in seqs.values():
        if getattr(u.domain, "psd", False):
            if not _square(u):
                raise DerivationError(f"quantity {u.name!r} of {stmt.key}: domain 'PSD' needs a "
                                      f"sequence with two axes of one extent, not "
                                      f"{list(zip(u.start, u.extent))}")
            u.mode = "psd"
            out.add(u.name)
        elif getattr(u.domain, "ball", None) is not None:
            u.mode = "ball"
            out.add(u.name)
    for h in stmt.hypotheses:
        rel = h.relation
        for u in seqs.values():
            if u.name in out or not _square(u) or u.domain.lower or u.domain.upper or \
                    u.domain.choices is not None or u.domain.equal is not None or \
                    u.domain.simplex or u.domain.law is not None or u.domain.nonzero:
                continue
            if _sym_hyp(rel, h.forall, u):
                u.mode = "sym"
                out.add(u.name)
    return out


def by_construction(rel, forall, seqs: dict) -> bool:
    """``rel`` holds for every draw of a PSD or symmetric sequence of ``seqs`` (its only
    unknown), by construction (see the module docstring)."""
    atoms = rel.atoms(sp.Indexed)
    names = {a.base.label.name for a in atoms}
    if len(names) != 1:
        return False
    u = seqs.get(next(iter(names)))
    if u is None or u.mode not in ("psd", "sym"):
        return False
    if rel.free_symbols - {s for s, _, _ in forall} - {a.base.label for a in atoms} - \
            {s for a in atoms for s in a.free_symbols}:
        return False
    if _sym_hyp(rel, forall, u):
        return True
    if u.mode != "psd":
        return False
    if isinstance(rel, (sp.GreaterThan, sp.LessThan)):
        big, small = (rel.lhs, rel.rhs) if isinstance(rel, sp.GreaterThan) else (rel.rhs, rel.lhs)
        if small == 0 and isinstance(big, sp.Indexed) and big.indices[0] == big.indices[1]:
            return True  # a diagonal entry >= 0
        X = sp.IndexedBase(u.name)
        for a in atoms:
            for b in atoms:
                if a.indices[0] != a.indices[1] or b.indices[0] != b.indices[1] or a == b:
                    continue
                p, q = a.indices[0], b.indices[0]
                if sp.expand(big - a * b) == 0 and sp.expand(small - X[p, q] ** 2) in (
                        0, sp.expand(X[p, q] * X[q, p] - X[p, q] ** 2)):
                    return True  # a 2×2 principal minor >= 0
                if sp.expand(big - a * b) == 0 and sp.expand(small - X[p, q] * X[q, p]) == 0:
                    return True
    return False


# ---------------------------------------------------------------------------------------------
# drawing, for every feed
# ---------------------------------------------------------------------------------------------
def draw(feed, u, shape, env, sizes, dtype):
    """The draw of ``u`` (mode ``psd``, ``sym`` or ``ball``), ``shape = (B, ...)``."""
    from .engine import InverseFeed, RandomFeed, ZFeed
    B = shape[0]
    if u.mode == "sym":
        return symmetrize(feed.free(u, shape))
    if u.mode == "ball":
        return _ball(feed, u, shape, env, sizes, dtype)
    d = shape[-1]
    if isinstance(feed, InverseFeed):
        full = feed._full(u)
        sym = (full + full.transpose(-1, -2)) / 2
        lam, Q = torch.linalg.eigh(sym)
        feed.z[u.name + "#L"] = Q * torch.sqrt(lam.clamp(min=0)).reshape(B, 1, d)
        return full
    if isinstance(feed, ZFeed):
        return exact_gram(feed.z[u.name + "#L"]).to(dtype)
    if isinstance(feed, RandomFeed):
        scale = torch.exp(math.log(1e-3) + feed._rand(B) * math.log(1e6))
        scale = torch.where(feed._share, torch.exp(feed._common), scale)
        return random_psd(B, d, feed.gen, dtype, feed.device, scale=scale)[0]
    # the Hypothesis strategy: the case (shrinks toward 'generic') and a seed
    case = feed.draw(feed.st.integers(0, len(CASES) - 1))
    gen = feed._seeded(1)
    return random_psd(B, d, gen, dtype, case=torch.full((B,), case))[0]


def _ball(feed, u, shape, env, sizes, dtype):
    from .engine import InverseFeed
    from ..symbolic import torch_eval
    B = shape[0]
    r = torch_eval(sp.sympify(u.domain.ball), env, B=B, dtype=torch.float64).reshape(B)
    if isinstance(feed, InverseFeed):
        feed.free(u, shape)
        return feed._full(u)
    x = feed.free(u, shape)  # directions from the free families (structured, sparse, ...)
    axes = tuple(range(2, len(shape))) if len(shape) > 2 else (1,)
    nrm = torch.sqrt((x ** 2).sum(axes, keepdim=True))
    safe = torch.where(nrm > 0, nrm, torch.ones_like(nrm))
    rr = r.reshape((B,) + (1,) * (len(shape) - 1)) * (1 - BALL_INSIDE)
    gen = getattr(feed, "gen", None)
    if gen is not None:  # on the sphere 40 %, at 0 10 %, else uniform radius in the ball
        k = torch.rand(nrm.shape, generator=gen, dtype=torch.float64)
        frac = torch.where(k < 0.4, torch.ones_like(k), torch.where(
            k < 0.5, torch.zeros_like(k), torch.rand(k.shape, generator=gen,
                                                     dtype=torch.float64)))
        out = x * (rr * frac / safe)
    else:  # the guided phase, the Hypothesis strategy: projected onto the ball
        out = x * torch.clamp(rr / safe, max=1 - BALL_INSIDE)
    out = torch.where(nrm > 0, out, torch.zeros_like(out))
    return out.to(dtype)
