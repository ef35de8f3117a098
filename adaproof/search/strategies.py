"""Hypothesis strategies for attacking adaptive-method statements (public, usable in your tests).

Three groups:

* **Gradient sequences** (:func:`gradient_sequences`) of length ``T`` (1 … thousands) and shape
  ``()`` (scalar), ``(d,)`` or ``(n, m)``, drawn from structured *families* that break
  adaptive-method bounds: constant, geometric growth/decay at any rate (near 1, near β₂ via
  ``rate_hints``), a quiet stretch then a spike, alternating signs, sparse (one coordinate or
  entry carries all the mass; for matrices the mass can alternate between a row and a column),
  heavy-tailed (Cauchy, Student-t), ramps, exact zeros, raw floats, and mixtures and
  concatenations of these, at tiny to huge scales.
* **Hyperparameters at the edges** the hypotheses allow: :func:`betas` (near 0 and near 1, up to
  ``1 - 2**-53``), :func:`beta_pairs` (``β₁ < β₂`` or ``β₁² < β₂``, with β₁ just below β₂ or
  β₁² just below β₂), :func:`epsilons`, :func:`initial_second_moments`, :func:`learning_rates`,
  :func:`horizons`.
* **Inputs that satisfy a statement's hypotheses by construction**: :func:`log_sum_inputs`
  (the log-sum family, ``adam_linf/lemma-3.12``), :func:`adam_inputs`
  (``adam_complexity/lemma-5``), :func:`from_sampler` (any statement, through its random
  sampler); :func:`rescale_frobenius` bounds a matrix sequence; :func:`noise_laws` and friends
  draw :class:`~adaproof.algorithms.objectives.NoiseLaw` objects for statements in expectation.

**Formats.**  Sequence strategies return ``float64`` :class:`torch.Tensor` of shape
``(T, *shape)`` (CPU).  Input strategies return *candidate dicts* in the
:func:`adaproof.verification.candidate_inputs` format: scalars as Python floats, sequences as
``{"start": [first paper index, ...], "values": nested lists}``; feed them to
:func:`adaproof.verification.inputs_from_candidates` to evaluate a batch.

**Guarantees.**  Every value is finite, and ``|g| <= 1e150`` (:data:`MAX_ABS`) so squares stay
finite.  Randomness inside a draw comes from a ``torch.Generator`` seeded by an integer that
Hypothesis draws, so every example replays and shrinks deterministically, and a long sequence
costs Hypothesis only a handful of choices.

Example::

    from hypothesis import given
    from adaproof.search.strategies import gradient_sequences, beta_pairs

    @given(gradient_sequences(T=50, shape=(4,), families=["spike", "sparse"]), beta_pairs())
    def test_my_bound(g, betas):
        beta1, beta2 = betas
        ...  # g is a (50, 4) float64 tensor
"""
from __future__ import annotations

import functools
import math
from fractions import Fraction
from typing import Any, Iterable, Mapping, Sequence

import torch
from hypothesis import strategies as _hst

from ..algorithms.objectives import FiniteSupport, Gaussian, NoiseLaw, StudentT, TwoPoint

__all__ = [
    "MAX_ABS", "FAMILIES", "BASE_FAMILIES",
    # sizes, scales, rates
    "horizons", "scales", "rates",
    # gradient sequences
    "gradient_sequences", "bounded_matrix_sequences", "rescale_frobenius",
    # hyperparameters
    "betas", "beta_pairs", "epsilons", "initial_second_moments", "learning_rates",
    # inputs that satisfy hypotheses by construction
    "log_sum_inputs", "adam_inputs", "from_sampler", "build_log_sum_v",
    # K candidates per Hypothesis example
    "CandidateBatch", "log_sum_batches", "log_sum_recursion", "adam_batches",
    # noise laws
    "noise_laws", "finite_support_laws", "finite_support_distributions", "student_t_laws",
    "noise_scales",
    # format helpers
    "to_nested", "sequence_value",
]

#: largest magnitude any strategy produces (its square, 1e300, is still finite)
MAX_ABS = 1e150
#: the smallest positive second moment the input strategies use (clear of underflow)
V_FLOOR = 1e-280
_INFLATE = 1 + 2.0 ** -49  # > 1 + 5u: absorbs the rounding of the float recursion for v_t
_ONE_MINUS_U = 1 - 2.0 ** -53  # the largest double below 1

#: families a gradient sequence is drawn from (``mixture`` and ``concat`` combine the others)
FAMILIES = ("constant", "geometric", "spike", "alternating", "sparse", "heavy_tailed", "ramp",
            "zeros", "gaussian", "raw", "mixture", "concat")
#: the families that ``mixture`` and ``concat`` combine
BASE_FAMILIES = ("constant", "geometric", "spike", "alternating", "sparse", "heavy_tailed",
                 "ramp", "zeros", "gaussian")

_DT = torch.float64


def _freeze(x):
    """A cache key that tells 1 from 1.0 and 0.0 from -0.0 (and matches NaN with itself)."""
    t = type(x)
    if t is float:
        return (t, x.hex())
    if t is list or t is tuple:
        return (t, tuple(map(_freeze, x)))
    if t is str or t is int or t is bool or t is type(None):
        return (t, x)
    hash(x)  # TypeError for unhashable values: no caching
    return (t, x)


class _CachedStrategies:
    """``hypothesis.strategies`` with the basic constructors memoised on their (hashable)
    arguments.  A strategy object is immutable and draws the same whatever its identity, but
    one built anew inside every draw is validated anew by Hypothesis each time: that was most
    of the cost of an example.  Unhashable arguments fall through to the plain constructor."""

    _CACHED = ("integers", "floats", "sampled_from", "booleans", "just", "one_of", "tuples",
               "lists")
    _MAX = 8192

    def __init__(self):
        self._cache: dict = {}

    def __getattr__(self, name):
        fn = getattr(_hst, name)
        if name not in self._CACHED:
            return fn
        cache = self._cache

        def build(*args, **kwargs):
            try:
                key = (name, _freeze(args), _freeze(sorted(kwargs.items())) if kwargs else ())
            except TypeError:  # unhashable arguments
                return fn(*args, **kwargs)
            out = cache.get(key)
            if out is None:
                out = fn(*args, **kwargs)
                if len(cache) < self._MAX:
                    cache[key] = out
            return out
        build.__doc__ = fn.__doc__
        setattr(self, name, build)
        return build


st = _CachedStrategies()


# ---------------------------------------------------------------------------------------------
# format helpers
# ---------------------------------------------------------------------------------------------
def to_nested(x: torch.Tensor | float) -> Any:
    """A tensor as nested Python lists of floats (a 0-d tensor as a float)."""
    if isinstance(x, torch.Tensor):
        return x.detach().to("cpu", _DT).tolist()
    return float(x)


def sequence_value(x: torch.Tensor | Sequence, start: Sequence[int]) -> dict:
    """``{"start": [...], "values": [...]}``: a sequence in the candidate-dict format, ``start``
    holding the paper index of the first entry along each axis (``(1,)`` for ``g_1..g_T``,
    ``(1, 1)`` for ``g_{t,l}``)."""
    values = to_nested(x) if isinstance(x, torch.Tensor) else x
    return {"start": [int(s) for s in start], "values": values}


def _generator(seed: int) -> torch.Generator:
    return torch.Generator().manual_seed(int(seed))


_seeds = st.integers(0, 2 ** 32 - 1)


def _pow10(e: float) -> float:
    return 10.0 ** e


# ---------------------------------------------------------------------------------------------
# sizes, scales, rates
# ---------------------------------------------------------------------------------------------
@functools.lru_cache(maxsize=256)  # immutable: built once per arguments
def horizons(max_T: int = 4096) -> st.SearchStrategy[int]:
    """Sequence lengths ``T`` in ``[1, max_T]``: small ones (1, 2, 3, …), round ones (50, 1000),
    ``max_T`` itself, and anything in between.  Shrinks towards 1.

    >>> from hypothesis import given
    >>> @given(horizons(200))
    ... def test(T): assert 1 <= T <= 200
    >>> test()
    """
    if max_T < 1:
        raise ValueError(f"max_T must be >= 1, got {max_T}")
    round_ = [n for n in (1, 2, 3, 10, 50, 100, 200, 500, 1000, 2000, 4096) if n <= max_T]
    return st.one_of(st.integers(1, min(10, max_T)), st.sampled_from(round_ + [max_T]),
                     st.integers(1, max_T))


@functools.lru_cache(maxsize=256)  # immutable: built once per arguments
def scales(min_exp: float = -300.0, max_exp: float = 150.0) -> st.SearchStrategy[float]:
    """Positive magnitudes: 1 (first, for shrinking), round powers of ten from tiny (``1e-300``)
    to huge (``1e150``), and ``10**U(min_exp, max_exp)``."""
    edges = [x for x in (1e-300, 1e-150, 1e-100, 1e-30, 1e-8, 1e-3, 1e3, 1e8, 1e30, 1e100,
                         1e150) if 10.0 ** min_exp <= x <= 10.0 ** max_exp]
    return st.one_of(st.just(1.0), st.sampled_from(edges or [1.0]),
                     st.floats(min_exp, max_exp).map(_pow10))


def rates(hints: Iterable[float] = ()) -> st.SearchStrategy[float]:
    """Geometric rates ``r > 0`` (``g_t ∝ r^t``): 1, round rates, ``1 ± 10^-k`` (k = 1..15),
    ``exp(U(-7, 7))``, and for every hint ``h`` (e.g. ``sqrt(β₂)``, ``β₂/β₁``) the rate ``h``
    itself and ``h·(1 ± 10^-k)``."""
    opts = list(_rate_options())
    hs = sorted({float(h) for h in hints if math.isfinite(h) and 1e-300 < h < 1e300})
    if hs:
        opts.append(st.tuples(st.sampled_from(hs), st.integers(0, 15), st.sampled_from([-1, 1]))
                    .map(lambda a: a[0] * (1 + a[2] * 10.0 ** -a[1]) if a[1] else a[0]))
    return st.one_of(opts).filter(lambda r: 0 < r < math.inf)


@functools.lru_cache(maxsize=1)
def _rate_options() -> list:
    opts = [st.just(1.0),
            st.sampled_from([0.5, 0.9, 0.99, 0.999, 1.001, 1.01, 1.1, 2.0, 10.0, 0.1]),
            st.integers(1, 15).flatmap(lambda k: st.sampled_from([1 - 10.0 ** -k,
                                                                  1 + 10.0 ** -k])),
            st.floats(-7.0, 7.0).map(math.exp)]
    return opts


# ---------------------------------------------------------------------------------------------
# gradient sequence families: each returns a (T, *shape) float64 tensor with |entries| <= 1
# (``raw`` excepted: raw floats are neither bounded by 1 nor rescaled)
# ---------------------------------------------------------------------------------------------
def _weights(draw, shape: tuple[int, ...]) -> torch.Tensor:
    """Per-coordinate magnitudes/signs in [-1, 1], largest magnitude exactly 1, for vector and
    matrix sequences."""
    if not shape:
        return torch.ones((), dtype=_DT)
    w = _raw_weights(draw, shape)
    return w / w.abs().max()


def _raw_weights(draw, shape: tuple[int, ...]) -> torch.Tensor:
    mode = draw(st.sampled_from(["ones", "one_hot", "spread", "signs", "rank1"]))
    gen = _generator(draw(_seeds))
    n = math.prod(shape)
    if mode == "ones":
        return torch.ones(shape, dtype=_DT)
    if mode == "one_hot":
        w = torch.zeros(n, dtype=_DT)
        w[draw(st.integers(0, n - 1))] = 1.0
        return w.reshape(shape)
    if mode == "signs":
        return torch.where(torch.rand(shape, generator=gen, dtype=_DT) < 0.5, -1.0, 1.0)
    if mode == "rank1" and len(shape) == 2:
        u = torch.rand(shape[0], generator=gen, dtype=_DT)
        v = torch.rand(shape[1], generator=gen, dtype=_DT)
        return torch.outer(u, v).clamp_min(1e-300)
    # spread: magnitudes over up to `decades` orders of magnitude
    decades = draw(st.sampled_from([1.0, 4.0, 16.0, 100.0]))
    return torch.pow(10.0, -decades * torch.rand(shape, generator=gen, dtype=_DT))


def _time_shape(T: int, shape) -> tuple[int, ...]:
    return (T,) + (1,) * len(shape)


def _fam_constant(draw, T, shape, hints):
    c = draw(st.one_of(st.sampled_from([1.0, -1.0]), st.floats(-1.0, 1.0)))
    return torch.full((T,) + shape, c, dtype=_DT) * _weights(draw, shape)


def _geometric_magnitudes(T: int, r: float) -> torch.Tensor:
    logmag = torch.arange(T, dtype=_DT) * math.log(r)
    return torch.exp(logmag - logmag.max())  # max 1; far-away entries underflow to 0


def _fam_geometric(draw, T, shape, hints):
    r = draw(rates(hints))
    mag = _geometric_magnitudes(T, r).reshape(_time_shape(T, shape))
    sign = draw(st.sampled_from(["+", "-", "random"]))
    out = mag * _weights(draw, shape).abs()
    if sign == "-":
        out = -out
    elif sign == "random":
        gen = _generator(draw(_seeds))
        out = out * torch.where(torch.rand((T,) + shape, generator=gen, dtype=_DT) < 0.5,
                                -1.0, 1.0)
    return out


def _fam_spike(draw, T, shape, hints):
    """Quiet stretch at level ``quiet`` (≤ 1e-3, or exactly 0) with ``k`` spikes of height 1;
    ``k <= max(1, (T-1)//2)``, so most steps are quiet."""
    k = draw(st.integers(1, max(1, (T - 1) // 2)))
    where = draw(st.sampled_from(["end", "random", "start", "middle"]))
    gen = _generator(draw(_seeds))
    if where == "end":
        pos = torch.arange(T - k, T)
    elif where == "start":
        pos = torch.arange(0, k)
    elif where == "middle":
        pos = torch.arange((T - k) // 2, (T - k) // 2 + k)
    else:
        pos = torch.randperm(T, generator=gen)[:k]
    quiet = draw(st.one_of(st.sampled_from([0.0, 1e-3, 1e-8, 1e-30, 1e-150, 1e-300]),
                           st.floats(-300.0, -3.0).map(_pow10)))
    noisy = draw(st.booleans())
    base = torch.ones((T,) + shape, dtype=_DT)
    if noisy:
        base = torch.rand((T,) + shape, generator=gen, dtype=_DT) * 2 - 1
    out = quiet * base * _weights(draw, shape).abs()
    spike = torch.ones((k,) + shape, dtype=_DT) * _weights(draw, shape)
    if draw(st.booleans()):
        spike = -spike
    out[pos] = spike
    return out


def _fam_alternating(draw, T, shape, hints):
    prof = draw(st.sampled_from(["flat", "geometric", "random"]))
    if prof == "flat":
        mag = torch.ones(T, dtype=_DT)
    elif prof == "geometric":
        mag = _geometric_magnitudes(T, draw(rates(hints)))
    else:
        mag = torch.rand(T, generator=_generator(draw(_seeds)), dtype=_DT)
    sgn = torch.where(torch.arange(T) % 2 == 0, 1.0, -1.0).to(_DT)
    if draw(st.booleans()):
        sgn = -sgn
    return (sgn * mag).reshape(_time_shape(T, shape)) * _weights(draw, shape).abs()


def _fam_sparse(draw, T, shape, hints):
    """Scalar sequences: at most ``max(1, T//10)`` nonzero steps.  Vectors: one coordinate per
    step carries all the mass (fixed, cycling or random coordinate).  Matrices: one entry, one
    row, one column, or a row at even steps and a column at odd steps."""
    gen = _generator(draw(_seeds))
    prof = draw(st.sampled_from(["flat", "geometric", "random"]))
    if prof == "flat":
        mag = torch.ones(T, dtype=_DT)
    elif prof == "geometric":
        mag = _geometric_magnitudes(T, draw(rates(hints)))
    else:
        mag = torch.rand(T, generator=gen, dtype=_DT) * 2 - 1
    if not shape:
        k = draw(st.integers(1, max(1, T // 10)))
        pos = torch.randperm(T, generator=gen)[:k]
        out = torch.zeros(T, dtype=_DT)
        out[pos] = mag[pos]
        return out
    out = torch.zeros((T,) + shape, dtype=_DT)
    if len(shape) == 2:
        n, m = shape
        mode = draw(st.sampled_from(["entry", "row", "column", "row_column"]))
        i, j = draw(st.integers(0, n - 1)), draw(st.integers(0, m - 1))
        col = mag[:, None]
        if mode == "entry":
            out[:, i, j] = mag
        elif mode == "row":
            out[:, i, :] = col
        elif mode == "column":
            out[:, :, j] = col
        else:  # a row at even steps (t = 0, 2, ... from 0), a column at odd ones
            out[0::2, i, :] = col[0::2]
            out[1::2, :, j] = col[1::2]
        return out
    flat = out.reshape(T, -1)
    n = flat.shape[1]
    mode = draw(st.sampled_from(["fixed", "cycle", "random"]))
    j0 = draw(st.integers(0, n - 1))
    if mode == "fixed":
        idx = torch.full((T,), j0, dtype=torch.long)
    elif mode == "cycle":
        idx = (torch.arange(T) + j0) % n
    else:
        idx = torch.randint(0, n, (T,), generator=gen)
    flat[torch.arange(T), idx] = mag
    return flat.reshape((T,) + shape)


def _fam_heavy_tailed(draw, T, shape, hints):
    law = draw(st.sampled_from(["cauchy", "student_t"]))
    gen = _generator(draw(_seeds))
    full = (T,) + shape
    if law == "cauchy":
        u = torch.rand(full, generator=gen, dtype=_DT).clamp(1e-16, 1 - 1e-16)
        x = torch.tan(math.pi * (u - 0.5))
    else:
        nu = draw(st.floats(0.5, 5.0))
        z = torch.randn(full, generator=gen, dtype=_DT)
        chi2 = torch._standard_gamma(torch.full(full, nu / 2, dtype=_DT), generator=gen) * 2
        x = z / torch.sqrt(chi2.clamp_min(1e-300) / nu)
    x = torch.nan_to_num(x, nan=0.0, posinf=MAX_ABS, neginf=-MAX_ABS).clamp(-MAX_ABS, MAX_ABS)
    return x / x.abs().max().clamp_min(1e-300)


def _fam_ramp(draw, T, shape, hints):
    a, b = draw(st.floats(-1.0, 1.0)), draw(st.floats(-1.0, 1.0))
    ramp = torch.linspace(a, b, T, dtype=_DT).reshape(_time_shape(T, shape))
    return ramp * _weights(draw, shape)


def _fam_zeros(draw, T, shape, hints):
    mode = draw(st.sampled_from(["all", "mostly"]))
    out = torch.zeros((T,) + shape, dtype=_DT)
    if mode == "mostly":
        gen = _generator(draw(_seeds))
        keep = torch.rand(out.shape, generator=gen, dtype=_DT) < draw(st.sampled_from(
            [0.01, 0.1, 0.3]))
        out = torch.where(keep, torch.rand(out.shape, generator=gen, dtype=_DT) * 2 - 1, out)
    return out


def _fam_gaussian(draw, T, shape, hints):
    x = torch.randn((T,) + shape, generator=_generator(draw(_seeds)), dtype=_DT)
    return x / x.abs().max().clamp_min(1e-300)


def _fam_raw(draw, T, shape, hints):
    """Raw floats in ``[-MAX_ABS, MAX_ABS]`` (subnormals and zeros included): the whole sequence
    when it has at most 32 entries, else a drawn pattern of up to 32 floats, tiled."""
    n = T * math.prod(shape)
    k = min(n, 32)
    vals = draw(st.lists(st.floats(-MAX_ABS, MAX_ABS, allow_nan=False, allow_infinity=False),
                         min_size=k, max_size=k))
    x = torch.tensor(vals, dtype=_DT)
    return x.repeat((n + k - 1) // k)[:n].reshape((T,) + shape)


_FAMILY_FNS = {"constant": _fam_constant, "geometric": _fam_geometric, "spike": _fam_spike,
               "alternating": _fam_alternating, "sparse": _fam_sparse,
               "heavy_tailed": _fam_heavy_tailed, "ramp": _fam_ramp, "zeros": _fam_zeros,
               "gaussian": _fam_gaussian, "raw": _fam_raw}


def _fam_mixture(draw, T, shape, hints):
    """``(a + w b) / (1 + w)`` for two base families, ``w = 10^U(-12, 0)``."""
    fa = draw(st.sampled_from(BASE_FAMILIES))
    fb = draw(st.sampled_from(BASE_FAMILIES))
    a = _FAMILY_FNS[fa](draw, T, shape, hints)
    b = _FAMILY_FNS[fb](draw, T, shape, hints)
    w = draw(st.floats(-12.0, 0.0).map(_pow10))
    return (a + w * b) / (1 + w)


def _fam_concat(draw, T, shape, hints):
    """Two or three pieces from base families, each at its own level (1 down to 1e-30)."""
    k = draw(st.integers(2, 3))
    if T < k:
        return _FAMILY_FNS[draw(st.sampled_from(BASE_FAMILIES))](draw, T, shape, hints)
    cuts = sorted(set(draw(st.lists(st.integers(1, T - 1), min_size=k - 1, max_size=k - 1))))
    bounds = [0] + cuts + [T]
    pieces = []
    for lo, hi in zip(bounds[:-1], bounds[1:]):
        fam = draw(st.sampled_from(BASE_FAMILIES))
        level = draw(st.sampled_from([1.0, 1e-3, 1e-8, 1e-30]))
        pieces.append(level * _FAMILY_FNS[fam](draw, hi - lo, shape, hints))
    return torch.cat(pieces, 0)


_FAMILY_FNS["mixture"] = _fam_mixture
_FAMILY_FNS["concat"] = _fam_concat


def _draw_sequence(draw, T: int, shape: tuple[int, ...], families: Sequence[str],
                   hints: Sequence[float], max_abs: float, scale: bool = True) -> torch.Tensor:
    fam = draw(st.sampled_from(list(families)))
    x = _FAMILY_FNS[fam](draw, T, shape, hints)
    if fam != "raw" and scale:
        x = x * draw(scales())
    x = torch.nan_to_num(x, nan=0.0, posinf=max_abs, neginf=-max_abs)
    return x.clamp(-max_abs, max_abs).contiguous()


def _check_families(families) -> tuple[str, ...]:
    if families is None:
        return FAMILIES
    fams = tuple(families)
    bad = [f for f in fams if f not in _FAMILY_FNS]
    if bad or not fams:
        raise ValueError(f"unknown gradient families {bad}; choose from {FAMILIES}")
    return fams


def gradient_sequences(T: int | st.SearchStrategy[int] | None = None,
                       shape: Sequence[int] = (), *, families: Iterable[str] | None = None,
                       rate_hints: Iterable[float] = (), max_abs: float = MAX_ABS,
                       scaled: bool = True) -> st.SearchStrategy[torch.Tensor]:
    """Gradient sequences as ``float64`` tensors of shape ``(T, *shape)``.

    ``T``: a fixed length, a strategy of lengths, or ``None`` for :func:`horizons`.
    ``shape``: ``()`` for scalar sequences ``g_t``, ``(d,)`` for vectors, ``(n, m)`` for
    matrices.  ``families``: a subset of :data:`FAMILIES` (default: all):

    ``constant``
        the same value (times per-coordinate weights) at every step;
    ``geometric``
        ``|g_t| ∝ r^t`` for ``r`` from :func:`rates` (``rate_hints`` adds rates near given values,
        e.g. ``sqrt(β₂)``), magnitudes monotone in ``t`` per coordinate, far entries underflow to
        exact zeros;
    ``spike``
        a quiet stretch (level ≤ 1e-3 of the spike, or exactly 0) with 1 ≤ k ≤ max(1, (T-1)//2)
        spikes (at the end, the start, the middle or random steps);
    ``alternating``
        ``g_t g_{t+1} <= 0`` (signs alternate in time) with flat, geometric or random magnitudes;
    ``sparse``
        scalar: at most ``max(1, T//10)`` nonzero steps; vectors: at most one nonzero coordinate
        per step (fixed, cycling or random); matrices: per step a single entry, row or column,
        or a row at even steps and a column at odd steps;
    ``heavy_tailed``
        i.i.d. Cauchy or Student-t (ν ∈ [0.5, 5]);
    ``ramp``
        a linear ramp from ``a`` to ``b`` in time;
    ``zeros``
        all zeros, or mostly exact zeros;
    ``gaussian``
        i.i.d. normal;
    ``raw``
        raw floats in ``[-max_abs, max_abs]`` (tiled when the sequence has over 32 entries);
    ``mixture``
        ``(a + w b)/(1 + w)`` of two of the above; ``concat``: 2–3 pieces at different levels.

    Every family except ``raw`` builds entries of magnitude ≤ 1 and is then multiplied by a
    scale from :func:`scales` (``scaled=False`` skips it); all entries are finite and
    ``|g| <= max_abs``.

    >>> from hypothesis import given
    >>> @given(gradient_sequences(T=20, shape=(3,), families=["sparse"]))
    ... def test(g): assert ((g != 0).sum(1) <= 1).all()
    >>> test()
    """
    fams = _check_families(families)
    shape = tuple(int(s) for s in shape)
    if any(s < 1 for s in shape):
        raise ValueError(f"shape entries must be >= 1, got {shape}")
    if not (0 < max_abs <= MAX_ABS):
        raise ValueError(f"max_abs must be in (0, {MAX_ABS}] so squares stay finite")
    hints = tuple(float(h) for h in rate_hints)
    if T is None:
        T_st = horizons()
    elif isinstance(T, st.SearchStrategy):
        T_st = T
    else:
        if int(T) < 1:
            raise ValueError(f"T must be >= 1, got {T}")
        T_st = st.just(int(T))

    @st.composite
    def _seq(draw):
        return _draw_sequence(draw, draw(T_st), shape, fams, hints, max_abs, scaled)

    return _seq()


def rescale_frobenius(G: torch.Tensor, bound: float, *, per_step: bool = True) -> torch.Tensor:
    """Scale a matrix sequence ``G`` of shape ``(T, n, m)`` so that ``‖G_t‖_F <= bound`` for every
    ``t`` (``per_step=True``: only the steps above the bound are shrunk, each onto the bound) or
    by one common factor so that the largest ``‖G_t‖_F`` is ``bound`` (``per_step=False``; a
    sequence already inside is left alone).  The factor carries a ``1 - 2**-30`` safety margin,
    larger than the rounding of the float norm for up to millions of entries per step, so the
    bound holds exactly for the float entries, not only up to rounding; norms are computed with
    a max-rescaling, so huge entries do not overflow.

    >>> import torch
    >>> G = rescale_frobenius(torch.full((3, 2, 2), 10.0, dtype=torch.float64), 1.0)
    >>> bool((torch.linalg.matrix_norm(G) <= 1).all())
    True
    """
    if G.dim() < 2:
        raise ValueError(f"G must be (T, n, m) (or (T, d)), got shape {tuple(G.shape)}")
    if not (bound > 0 and math.isfinite(bound)):
        raise ValueError(f"bound must be finite and > 0, got {bound}")
    G = G.to(_DT)
    flat = G.reshape(G.shape[0], -1)
    mx = flat.abs().amax(1)
    safe = torch.where(mx > 0, mx, torch.ones_like(mx))
    norms = safe * torch.linalg.vector_norm(flat / safe[:, None], dim=1)
    norms = torch.where(mx > 0, norms, torch.zeros_like(norms))
    margin = 1 - 2.0 ** -30
    if per_step:
        f = torch.where(norms > bound * margin, bound * margin / norms.clamp_min(1e-300),
                        torch.ones_like(norms))
    else:
        top = float(norms.max())
        f = torch.full_like(norms, bound * margin / top if top > bound * margin else 1.0)
    return G * f.reshape((-1,) + (1,) * (G.dim() - 1))


def bounded_matrix_sequences(T: int | st.SearchStrategy[int] | None, n: int, m: int,
                             bound: float, **kwargs) -> st.SearchStrategy[torch.Tensor]:
    """:func:`gradient_sequences` of shape ``(n, m)`` rescaled by :func:`rescale_frobenius` to
    ``‖G_t‖_F <= bound`` (e.g. Adafactor's bounded-gradient assumption)."""
    per_step = kwargs.pop("per_step", True)
    return gradient_sequences(T, (n, m), **kwargs).map(
        lambda G: rescale_frobenius(G, bound, per_step=per_step))


# ---------------------------------------------------------------------------------------------
# hyperparameters at the edges
# ---------------------------------------------------------------------------------------------
def _below_one(x: float) -> float:
    return min(x, _ONE_MINUS_U)


@functools.lru_cache(maxsize=256)  # immutable: built once per arguments
def betas(*, allow_zero: bool = False) -> st.SearchStrategy[float]:
    """Decay rates in ``(0, 1)`` (``[0, 1)`` with ``allow_zero``): common values (0.9, 0.999),
    near 1 (``1 - 10^-k`` for k up to 15.9, and ``1 - 2**-53``, the largest double below 1),
    near 0 (``10^-k`` down to ``1e-300``) and any float in the interval."""
    near1 = st.one_of(st.integers(1, 15).map(lambda k: 1 - 10.0 ** -k),
                      st.floats(1.0, 15.9).map(lambda e: _below_one(1 - 10.0 ** -e)),
                      st.just(_ONE_MINUS_U), st.just(1 - 2.0 ** -52))
    near0 = st.one_of(st.integers(1, 15).map(lambda k: 10.0 ** -k),
                      st.floats(1.0, 300.0).map(lambda e: 10.0 ** -e))
    opts = [st.sampled_from([0.9, 0.99, 0.999, 0.5, 0.95, 0.9999]), near1, near0,
            st.floats(0.0, 1.0, exclude_min=True, exclude_max=True)]
    if allow_zero:
        opts.insert(0, st.just(0.0))
    return st.one_of(opts)


def _beta1_sq_below(b1: float, b2: float) -> float:
    """The largest float ``<= b1`` with ``b1² < b2`` exactly."""
    fb2 = Fraction(b2)
    b1 = min(b1, math.sqrt(b2))  # correctly rounded: within an ulp of the answer
    while b1 > 0 and Fraction(b1) ** 2 >= fb2:
        b1 = math.nextafter(b1, 0.0)
    return b1


@st.composite
def beta_pairs(draw, order: str = "beta1<beta2") -> tuple[float, float]:
    """``(β₁, β₂)`` with ``0 <= β₁ < 1``, ``0 < β₂ < 1`` and, exactly for the floats,

    * ``order="beta1<beta2"`` (default; Adam analyses such as adam_complexity): ``β₁ < β₂``;
    * ``order="beta1^2<beta2"``: ``β₁² < β₂`` (β₁ may exceed β₂);
    * ``order=None``: independent.

    Edges: β₁ = 0; β₁ a fraction of β₂; β₁ a few ulps below β₂ (with β₂ near 1 this drives
    ``β₁²/β₂`` to 1); β₁ = sqrt(β₂)(1 - 10^-k) (``β₁²`` just below ``β₂``); common pairs.

    >>> from hypothesis import given
    >>> @given(beta_pairs())
    ... def test(p): assert 0 <= p[0] < p[1] < 1
    >>> test()
    """
    if order not in ("beta1<beta2", "beta1^2<beta2", None):
        raise ValueError(f"order must be 'beta1<beta2', 'beta1^2<beta2' or None, got {order!r}")
    b2 = draw(betas())
    mode = draw(st.sampled_from(["zero", "fraction", "just_below", "sqrt_edge", "common",
                                 "independent"]))
    if mode == "zero":
        b1 = 0.0
    elif mode == "fraction":
        u = draw(st.one_of(st.floats(0.0, 1.0, exclude_max=True),
                           st.integers(1, 15).map(lambda k: 1 - 10.0 ** -k)))
        b1 = b2 * u
    elif mode == "just_below":
        b1 = b2
        for _ in range(draw(st.integers(1, 64))):
            b1 = math.nextafter(b1, 0.0)
    elif mode == "sqrt_edge":
        b1 = _below_one(math.sqrt(b2) * (1 - 10.0 ** -draw(st.integers(1, 15))))
    elif mode == "common":
        b1, b2 = draw(st.sampled_from([(0.9, 0.999), (0.9, 0.99), (0.99, 0.999), (0.5, 0.9),
                                       (0.9, 0.95), (0.0, 0.999)]))
    else:
        b1 = draw(betas(allow_zero=True))
    b1 = max(0.0, min(b1, _ONE_MINUS_U))
    if order == "beta1<beta2" and not b1 < b2:
        b1 = math.nextafter(b2, 0.0) if mode != "independent" else b2 * draw(
            st.floats(0.0, 1.0, exclude_max=True))
        if not b1 < b2:
            b1 = 0.0
    elif order == "beta1^2<beta2":
        b1 = _beta1_sq_below(b1, b2)
    return b1, b2


@functools.lru_cache(maxsize=256)  # immutable: built once per arguments
def epsilons(*, allow_zero: bool = True) -> st.SearchStrategy[float]:
    """ε ≥ 0 (``> 0`` without ``allow_zero``): 0, tiny (down to the smallest subnormal),
    typical (1e-8) and large (up to 1)."""
    opts = [st.sampled_from([1e-8, 1e-16, 1e-30, 1e-300, 5e-324, 1e-3, 1.0]),
            st.floats(-300.0, 0.0).map(_pow10)]
    if allow_zero:
        opts.insert(0, st.just(0.0))
    return st.one_of(opts)


@functools.lru_cache(maxsize=256)  # immutable: built once per arguments
def initial_second_moments(*, allow_zero: bool = False,
                           floor: float = 1e-300) -> st.SearchStrategy[float]:
    """``v₀``/``ν₀``: 0 (with ``allow_zero``), tiny (``floor`` up to 1e-8), typical (1e-8 to
    1e4)."""
    lo = math.log10(floor)
    opts = [st.sampled_from([1e-8, 1e-16, 1.0, floor]), st.floats(lo, -8.0).map(_pow10),
            st.floats(-8.0, 4.0).map(_pow10)]
    if allow_zero:
        opts.insert(0, st.just(0.0))
    return st.one_of(opts)


@functools.lru_cache(maxsize=256)  # immutable: built once per arguments
def learning_rates(low: float = 1e-12, high: float = 1e6) -> st.SearchStrategy[float]:
    """Step sizes η > 0: round values and ``10^U(log10 low, log10 high)`` (large η included)."""
    round_ = [x for x in (1e-3, 0.1, 1.0, 10.0, 1e3, 1e6, 1e-8) if low <= x <= high]
    return st.one_of(st.sampled_from(round_ or [low]),
                     st.floats(math.log10(low), math.log10(high)).map(_pow10)
                     .map(lambda x: min(max(x, low), high)))


# ---------------------------------------------------------------------------------------------
# inputs satisfying a statement's hypotheses by construction
# ---------------------------------------------------------------------------------------------
def build_log_sum_v(beta2: float, g: Sequence[float], slack: Sequence[float],
                    v0: float) -> list[float]:
    """``v_0..v_T`` with ``v_t = (β₂ v_{t-1} + (1-β₂)(g_t² + s_t))·(1 + 2⁻⁴⁹)``, floored at
    ``1e-280``, in float64 exactly as ``adam_linf``'s Lemma 3.12 sampler builds it: the inflation
    exceeds the recursion's rounding (< 5u), so ``v_t - β₂v_{t-1} >= (1-β₂)g_t²`` holds exactly
    for the float values (docs/tolerance.md).  Needs ``0 < β₂ < 1``, ``s_t >= 0``,
    ``|g_t| <= 1e150``, ``s_t <= 1e300`` and ``0 < v₀ <= 1e300``."""
    b2 = float(beta2)
    one_m = 1 - b2
    vs = [float(v0)]
    prev = vs[0]
    for gt, st_ in zip(g, slack):
        gt = float(gt)
        vt = b2 * prev + one_m * (gt * gt + float(st_))
        prev = max(vt * _INFLATE, V_FLOOR)
        vs.append(prev)
    return vs


def _log_sum_structure(draw, T: int):
    """The draws of :func:`log_sum_inputs` (β₂, g, slack, v₀), in its order."""
    T = int(T)
    if T < 1:
        raise ValueError(f"T must be >= 1, got {T}")
    b2 = draw(betas())
    hints = (math.sqrt(b2), 1 / math.sqrt(b2))
    g = _draw_sequence(draw, T, (), FAMILIES, hints, MAX_ABS)
    g2 = g * g
    gmax = float(g.abs().max())
    mean_g2 = gmax * gmax * float(((g / gmax) ** 2).mean()) if gmax > 0 else 0.0  # no overflow
    slack_mode = draw(st.sampled_from(["none", "sparse", "structured", "constant"]))
    if slack_mode == "none":
        slack = torch.zeros(T, dtype=_DT)
    else:
        level = min(draw(scales(-30.0, 30.0)) * (mean_g2 if mean_g2 > 0 else 1.0), 1e300)
        if slack_mode == "sparse":
            k = draw(st.integers(1, max(1, T // 10)))
            slack = torch.zeros(T, dtype=_DT)
            slack[torch.randperm(T, generator=_generator(draw(_seeds)))[:k]] = 1.0
        elif slack_mode == "structured":
            slack = _draw_sequence(draw, T, (), BASE_FAMILIES, hints, 1.0, scale=False).abs()
        else:
            slack = torch.ones(T, dtype=_DT)
        slack = torch.nan_to_num(slack * level, nan=0.0, posinf=1e300).clamp(0.0, 1e300)
    v0_mode = draw(st.sampled_from(["stationary", "scaled", "any"]))
    if v0_mode == "stationary" and float(g2[0]) > 0:
        v0 = float(g2[0]) * draw(st.sampled_from([1.0, 1 + 2.0 ** -40, 1 - 2.0 ** -40]))
    elif v0_mode in ("stationary", "scaled"):
        v0 = (mean_g2 if mean_g2 > 0 else 1.0) * draw(scales(-30.0, 30.0))
    else:
        v0 = draw(st.floats(-280.0, 300.0).map(_pow10))
    v0 = min(max(v0, V_FLOOR), 1e300)
    return b2, g, slack, v0


@st.composite
def _log_sum_inputs(draw, T: int) -> dict:
    b2, g, slack, v0 = _log_sum_structure(draw, T)
    v = build_log_sum_v(b2, g.tolist(), slack.tolist(), v0)
    return {"beta2": b2, "v": sequence_value(v, (0,)), "g": sequence_value(g, (1,))}


def log_sum_inputs(T: int) -> st.SearchStrategy[dict]:
    """Inputs of the log-sum family (``adam_linf/lemma-3.12``): a candidate dict
    ``{"beta2": float, "v": {"start": [0], "values": [v_0..v_T]}, "g": {"start": [1],
    "values": [g_1..g_T]}}`` with ``0 < β₂ < 1`` (:func:`betas`), ``g`` from
    :func:`gradient_sequences` (with rates near ``sqrt(β₂)`` and ``1/sqrt(β₂)``),
    ``v_t = β₂v_{t-1} + (1-β₂)(g_t² + s_t)`` built by :func:`build_log_sum_v`, the slack
    ``s_t >= 0`` zero (the tight case), sparse or structured, and ``v₀ > 0`` equal to ``g_1²``
    (a stationary start), a multiple of the mean ``g_t²``, or anything in ``[1e-280, 1e300]``.
    Every hypothesis of Lemma 3.12 holds exactly for the float values.

    The strategy carries its batched form as ``.batched(K)`` (:func:`log_sum_batches`), which
    the Hypothesis phase uses to evaluate ``K`` candidates per Hypothesis example."""
    T = int(T)
    if T < 1:
        raise ValueError(f"T must be >= 1, got {T}")
    strat = _log_sum_inputs(T)
    strat.batched = functools.partial(log_sum_batches, T)
    return strat


class CandidateBatch:
    """``K`` candidates drawn by one Hypothesis example: ``inputs`` in the batch format of
    :func:`adaproof.verification.evaluate_batch` (scalars ``(K,)``, sequences
    :class:`~adaproof.symbolic.SeqValue` ``(K, ...)``), all of one set of sizes.  Candidate 0 is
    the structure Hypothesis drew, exactly as the one-candidate strategy draws it; candidates
    ``1..K-1`` are its seeded neighbours (every one a distinct input)."""

    __slots__ = ("inputs", "K")

    def __init__(self, inputs: dict, K: int) -> None:
        self.inputs, self.K = inputs, int(K)

    def __repr__(self) -> str:  # what Hypothesis prints for a falsifying example
        return f"CandidateBatch(K={self.K}, keys={sorted(self.inputs)})"


#: how far (in decades) the neighbours of a drawn structure spread; the first shrinks best
_SPREADS = (0.1, 1.0, 1e-3, 4.0)


def log_sum_recursion(b2: torch.Tensor, v0: torch.Tensor, inc: torch.Tensor) -> torch.Tensor:
    """``v_0..v_T`` for ``K`` candidates at once (``(K, T+1)``): ``v_t = max((β₂v_{t-1} +
    inc_t)·(1 + 2⁻⁴⁹), 1e-280)`` with ``inc`` of shape ``(K, T)``, float64, the same IEEE
    operations in the same order as :func:`build_log_sum_v` (``inc_t = (1-β₂)(g_t² + s_t)``)
    and the Lemma 3.12 sampler (:func:`adaproof.sampling.inflated_recursion`)."""
    from ..sampling import inflated_recursion
    return inflated_recursion(b2, v0, inc, _INFLATE, V_FLOOR)


@st.composite
def log_sum_batches(draw, T: int, K: int = 16) -> CandidateBatch:
    """``K`` inputs of the log-sum family per Hypothesis example (a :class:`CandidateBatch`):
    Hypothesis draws one structure exactly as :func:`log_sum_inputs` does (β₂ at its edges, the
    gradient family and its rates, scales, slack and v₀ modes) plus a seed and a spread in
    decades; candidate 0 is that structure, candidates ``1..K-1`` move β₂ in logit space,
    ``|g_t|`` by log-normal factors (signs, zeros and the family's shape kept), the slack level
    and ``v₀`` by up to ``spread`` decades, all expanded with tensor operations and ``v`` built
    by one vectorised recursion (:func:`log_sum_recursion`).  Every hypothesis of Lemma 3.12
    holds exactly for the float values of every candidate, as for :func:`log_sum_inputs`.
    Shrinking acts on the structure (smaller ``T``, simpler family, spread 0.1, seed 0)."""
    T, K = int(T), int(K)
    if K < 1:
        raise ValueError(f"K must be >= 1, got {K}")
    b2, g, slack, v0 = _log_sum_structure(draw, T)
    seed = draw(_seeds)
    spread = draw(st.sampled_from(_SPREADS))
    gen = _generator(seed)
    n = K - 1
    u = torch.rand(3, n, generator=gen, dtype=_DT) * 2 - 1
    z = torch.randn(n, T, generator=gen, dtype=_DT)
    b2t = torch.tensor([b2], dtype=_DT)
    logit = torch.log(b2t) - torch.log1p(-b2t)
    b2n = torch.sigmoid(logit + spread * math.log(10.0) * u[0]).clamp(2.0 ** -1000, _ONE_MINUS_U)
    b2s = torch.cat([b2t, b2n])
    gs = torch.cat([g[None], (g[None] * torch.pow(10.0, 0.25 * spread * z)).clamp(-MAX_ABS, MAX_ABS)])
    ss = torch.cat([slack[None], (slack[None] * torch.pow(10.0, spread * u[1])[:, None])
                    .clamp(0.0, 1e300)])
    v0s = torch.cat([torch.tensor([v0], dtype=_DT),
                     (v0 * torch.pow(10.0, spread * u[2])).clamp(V_FLOOR, 1e300)])
    inc = (1 - b2s)[:, None] * (gs * gs + ss)
    v = log_sum_recursion(b2s, v0s, inc)
    from ..symbolic import SeqValue
    return CandidateBatch({"beta2": b2s, "v": SeqValue(v, (0,)), "g": SeqValue(gs, (1,))}, K)


def _adam_structure(draw, T: int, d: int):
    """The draws of :func:`adam_inputs`, in its order."""
    T, d = int(T), int(d)
    if T < 1 or d < 1:
        raise ValueError(f"T and d must be >= 1, got T={T}, d={d}")
    eta = draw(learning_rates(1e-8, 1e6))
    b1, b2 = draw(beta_pairs("beta1<beta2"))
    hints = [math.sqrt(b2), 1 / math.sqrt(b2)]
    if b1 > 0:
        hints += [b2 / b1, 1 / b1]
    g = _draw_sequence(draw, T, (d,), FAMILIES, hints, MAX_ABS)
    mode = draw(st.sampled_from(["equal", "per_coordinate", "matched"]))
    if mode == "equal":
        nu0 = torch.full((d,), draw(initial_second_moments()), dtype=_DT)
    elif mode == "per_coordinate":
        lo = draw(st.floats(-300.0, 4.0))
        nu0 = torch.pow(10.0, lo + (4.0 - lo) * torch.rand(d, generator=_generator(draw(_seeds)),
                                                           dtype=_DT))
    else:
        nu0 = g[0] * g[0] * draw(scales(-30.0, 10.0))
    nu0 = torch.nan_to_num(nu0, nan=1.0, posinf=1e300).clamp(1e-300, 1e300)
    # w1 does not enter the lemma, only the float screen: |w_t| >> |w_{t+1} - w_t| costs the
    # float difference its relative accuracy, so w1 stays at the scale of the steps mostly
    wmode = draw(st.sampled_from(["zero", "eta", "normal"]))
    if wmode == "zero":
        w1 = torch.zeros(d, dtype=_DT)
    else:
        w1 = torch.randn(d, generator=_generator(draw(_seeds)), dtype=_DT)
        if wmode == "eta":
            w1 = w1 * eta
    return eta, b1, b2, g, nu0, w1


@st.composite
def _adam_inputs(draw, T: int, d: int) -> dict:
    eta, b1, b2, g, nu0, w1 = _adam_structure(draw, T, d)
    d = int(d)
    return {"eta": eta, "beta1": b1, "beta2": b2, "g": sequence_value(g, (1, 1)),
            "nu0": sequence_value(nu0, (1,)), "m0": sequence_value([0.0] * d, (1,)),
            "w1": sequence_value(w1, (1,))}


def adam_inputs(T: int, d: int) -> st.SearchStrategy[dict]:
    """Inputs of ``adam_complexity/lemma-5`` (Adam, Algorithm 1): a candidate dict with the keys
    of its sampler, ``eta`` (> 0, :func:`learning_rates`), ``beta1``/``beta2`` (``0 <= β₁ < β₂ <
    1`` exactly, :func:`beta_pairs`), ``g`` (``(T, d)``, start ``[1, 1]``, rates near ``β₂/β₁``,
    ``sqrt(β₂)`` and ``1/sqrt(β₂)``: the Cauchy–Schwarz equality case of the lemma is
    ``g_{t-i} ∝ (β₁/β₂)^i``), ``nu0`` (> 0 per coordinate, ≥ 1e-300: tiny, typical, per
    coordinate, or matched to ``g_1²``), ``m0`` (= 0, the silent hypothesis) and ``w1`` (zero,
    ``η·N(0, 1)`` or ``N(0, 1)``).

    The strategy carries its batched form as ``.batched(K)`` (:func:`adam_batches`)."""
    T, d = int(T), int(d)
    if T < 1 or d < 1:
        raise ValueError(f"T and d must be >= 1, got T={T}, d={d}")
    strat = _adam_inputs(T, d)
    strat.batched = functools.partial(adam_batches, T, d)
    return strat


@st.composite
def adam_batches(draw, T: int, d: int, K: int = 16) -> CandidateBatch:
    """``K`` inputs of ``adam_complexity/lemma-5`` per Hypothesis example (a
    :class:`CandidateBatch`): one structure drawn exactly as :func:`adam_inputs` draws it
    (candidate 0) plus a seed and a spread in decades; candidates ``1..K-1`` move η and ν₀ by up
    to ``spread`` decades, β₂ in logit space and β₁/β₂ in logit space (``0 <= β₁ < β₂ < 1``
    exactly), and ``|g|`` by log-normal factors (signs and zeros kept); ``m₀ = 0``, ``w₁`` as
    drawn."""
    T, d, K = int(T), int(d), int(K)
    if K < 1:
        raise ValueError(f"K must be >= 1, got {K}")
    eta, b1, b2, g, nu0, w1 = _adam_structure(draw, T, d)
    seed = draw(_seeds)
    spread = draw(st.sampled_from(_SPREADS))
    gen = _generator(seed)
    n = K - 1
    u = torch.rand(4, n, generator=gen, dtype=_DT) * 2 - 1
    z = torch.randn(n, T, d, generator=gen, dtype=_DT)
    ln10 = math.log(10.0)

    def logit(p):
        return math.log(p) - math.log1p(-p)
    b2n = torch.sigmoid(logit(b2) + spread * ln10 * u[1]).clamp(2.0 ** -1000, _ONE_MINUS_U)
    if b1 > 0:
        r = b1 / b2
        rn = torch.sigmoid(logit(min(r, _ONE_MINUS_U)) + spread * ln10 * u[2])
        b1n = (b2n * rn).clamp(0.0, _ONE_MINUS_U)
        below = torch.nextafter(b2n, torch.zeros_like(b2n))
        b1n = torch.where(b1n < b2n, b1n, below)  # β₁ < β₂ exactly
    else:
        b1n = torch.zeros(n, dtype=_DT)
    etan = (eta * torch.pow(10.0, spread * u[0])).clamp(1e-8, 1e6)
    nu0n = (nu0[None] * torch.pow(10.0, spread * u[3])[:, None]).clamp(1e-300, 1e300)
    gn = (g[None] * torch.pow(10.0, 0.25 * spread * z)).clamp(-MAX_ABS, MAX_ABS)
    cat = lambda a, b: torch.cat([torch.as_tensor(a, dtype=_DT).reshape((1,) + b.shape[1:]), b])  # noqa: E731
    from ..symbolic import SeqValue
    nu0s = cat(nu0, nu0n)
    return CandidateBatch({
        "eta": cat(eta, etan), "beta1": cat(b1, b1n), "beta2": cat(b2, b2n),
        "g": SeqValue(cat(g, gn), (1, 1)), "nu0": SeqValue(nu0s, (1,)),
        "m0": SeqValue(torch.zeros_like(nu0s), (1,)),
        "w1": SeqValue(w1[None].expand(K, d).contiguous(), (1,))}, K)


def from_sampler(stmt: Any, sizes: Mapping[str, int]) -> st.SearchStrategy[dict]:
    """Candidate dicts drawn by a statement's own random sampler (``stmt.sampler``, one candidate
    per draw, seeded by Hypothesis): the fallback strategy for statements without one."""
    from ..statement import SampleContext
    from ..verification import candidate_inputs
    from ..derive import sampler_for
    sizes = dict(sizes)

    def make(seed: int) -> dict:
        ctx = SampleContext(B=1, sizes=dict(sizes), generator=_generator(seed))
        return candidate_inputs(stmt, sampler_for(stmt)(ctx), 0)

    return _seeds.map(make)


# ---------------------------------------------------------------------------------------------
# noise laws for statements in expectation
# ---------------------------------------------------------------------------------------------
@st.composite
def finite_support_distributions(draw, mean: float = 0.0, variance: float = 1.0, *,
                                 min_atoms: int = 2, max_atoms: int = 8
                                 ) -> tuple[list[float], list[float]]:
    """``(values, probs)`` of a finite law with the given mean and variance (up to float
    rounding): 2 to ``max_atoms`` atoms, including skewed laws with one rare atom (probability
    down to 1e-6) far from the rest, two-point laws and near-degenerate laws."""
    if not (variance > 0 and math.isfinite(variance) and math.isfinite(mean)):
        raise ValueError("mean must be finite and variance finite and > 0")
    n = draw(st.integers(max(2, min_atoms), max(2, max_atoms)))
    shape = draw(st.sampled_from(["uniform_probs", "rare_atom", "random"]))
    gen = _generator(draw(_seeds))
    vals = torch.randn(n, generator=gen, dtype=_DT)
    if shape == "uniform_probs":
        probs = torch.full((n,), 1.0 / n, dtype=_DT)
    elif shape == "rare_atom":
        p_rare = draw(st.floats(-6.0, -1.0).map(_pow10))
        probs = torch.full((n,), (1 - p_rare) / (n - 1), dtype=_DT)
        probs[0] = p_rare
        vals[0] = vals[0].sign().clamp_min(0) * 2 - 1  # ±1, then pushed far away
        vals[0] *= draw(st.sampled_from([10.0, 1e3, 1e6]))
    else:
        probs = torch.rand(n, generator=gen, dtype=_DT) + 1e-3
        probs = probs / probs.sum()
    m = (vals * probs).sum()
    sd = torch.sqrt(((vals - m) ** 2 * probs).sum())
    if float(sd) <= 0:
        vals = torch.arange(n, dtype=_DT)
        m = (vals * probs).sum()
        sd = torch.sqrt(((vals - m) ** 2 * probs).sum())
    vals = mean + (vals - m) * (math.sqrt(variance) / sd)
    probs = probs / probs.sum()
    return vals.tolist(), probs.tolist()


def finite_support_laws(*, min_atoms: int = 2, max_atoms: int = 8
                        ) -> st.SearchStrategy[NoiseLaw]:
    """:class:`~adaproof.algorithms.objectives.FiniteSupport` laws (mean 0, variance 1 once
    normalised by the class) from :func:`finite_support_distributions`: two-point, skewed with a
    rare far atom, and random laws.  Multiply by a ``sigma`` (:func:`noise_scales`) through
    :class:`~adaproof.algorithms.objectives.AdditiveNoise` for a given variance."""
    return finite_support_distributions(min_atoms=min_atoms, max_atoms=max_atoms).map(
        lambda vp: FiniteSupport(vp[0], vp[1]))


def student_t_laws(min_nu: float = 2.0 + 1e-3, max_nu: float = 30.0
                   ) -> st.SearchStrategy[NoiseLaw]:
    """:class:`~adaproof.algorithms.objectives.StudentT` laws (unit variance) with ν in
    ``(2, max_nu]``; ν near 2 gives the heaviest tails a finite variance allows."""
    return st.one_of(st.sampled_from([2.01, 2.1, 3.0, 5.0]).filter(lambda x: min_nu <= x <= max_nu),
                     st.floats(min_nu, max_nu)).map(StudentT)


def noise_laws() -> st.SearchStrategy[NoiseLaw]:
    """Any mean-zero, unit-variance noise law: Gaussian, two-point (Rademacher), finite support
    (:func:`finite_support_laws`) or heavy-tailed Student-t (:func:`student_t_laws`)."""
    return st.one_of(st.just(Gaussian()), st.just(TwoPoint()), finite_support_laws(),
                     student_t_laws())


def noise_scales(d: int | None = None) -> st.SearchStrategy[Any]:
    """Noise levels σ ≥ 0: a float (``d=None``) or a ``(d,)`` float64 tensor (equal, one noisy
    coordinate, or spread over decades): 0, tiny, typical and huge."""
    scalar = st.one_of(st.just(0.0), st.just(1.0), st.floats(-8.0, 8.0).map(_pow10))
    if d is None:
        return scalar

    @st.composite
    def vec(draw):
        mode = draw(st.sampled_from(["equal", "one", "spread"]))
        s = draw(scalar)
        if mode == "equal":
            return torch.full((d,), s, dtype=_DT)
        if mode == "one":
            out = torch.zeros(d, dtype=_DT)
            out[draw(st.integers(0, d - 1))] = s
            return out
        gen = _generator(draw(_seeds))
        return s * torch.pow(10.0, -8 * torch.rand(d, generator=gen, dtype=_DT))

    return vec()
