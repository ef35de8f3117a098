"""adaproof.sampling.gradient_sequences: finite for any T (the geometric pattern in log space),
the same draws as the plain formula wherever that formula stays below the cap."""
import math

import pytest
import torch

from adaproof import sampling
from adaproof.registry import get
from adaproof.statement import SampleContext
from adaproof.verification import evaluate_batch
from adaproof.derive import sampler_for, sizes_for


@pytest.fixture(autouse=True)
def _one_thread():
    prev = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(prev)


def _ctx(seed, B, sizes=None):
    return SampleContext(B=B, sizes=dict(sizes or {}), generator=torch.Generator().manual_seed(seed))


def _plain_formula(ctx, T, *shape):
    """The sampler before the fix: every pattern for every candidate, rate^(t-T) unbounded."""
    B = ctx.B
    full = (B, T) + tuple(shape)
    pattern = ctx.randint(0, 7, B).reshape((B,) + (1,) * (len(full) - 1))
    base = ctx.randn(*full)
    tt = torch.arange(1, T + 1, dtype=ctx.dtype).reshape((1, T) + (1,) * len(shape))
    rate = (0.5 + ctx.rand(B)).reshape((B,) + (1,) * (len(full) - 1))
    options = [base, base[:, :1].expand(full), torch.sign(base) * rate ** (tt - T),
               torch.where(tt == T, torch.full_like(base, 1.0), 1e-3 * base),
               (-1.0) ** tt * base.abs(),
               torch.where(ctx.rand(*full) < 0.1, base * 10, torch.zeros_like(base))]
    u = ctx.rand(*full).clamp(1e-6, 1 - 1e-6)
    options.append(torch.tan(torch.pi * (u - 0.5)))
    out = options[0]
    for k, o in enumerate(options[1:], start=1):
        out = torch.where(pattern == k, o, out)
    out = torch.where(ctx.rand(*full) < 0.05, torch.zeros_like(out), out)
    return out * sampling.log_uniform(ctx, 1e-6, 1e6).reshape((B,) + (1,) * (len(full) - 1))


@pytest.mark.parametrize("T,shape", [(1, ()), (3, (2,)), (200, ()), (200, (4,)), (20, (2, 3))])
def test_same_draws_as_the_plain_formula_below_the_cap(T, shape):
    for seed in range(3):
        new = sampling.gradient_sequences(_ctx(seed, 64), T, *shape)
        old = _plain_formula(_ctx(seed, 64), T, *shape)
        assert torch.equal(new, old)


def test_long_horizon_is_finite_with_the_same_families():
    T, B, seed = 100_000, 14, 3
    g = sampling.gradient_sequences(_ctx(seed, B), T)
    assert g.shape == (B, T)
    assert bool(torch.isfinite(g).all()) and bool(torch.isfinite(g * g).all())
    assert float(g.abs().max()) <= 1e150
    gen = torch.Generator().manual_seed(seed)  # the sampler's first draws: pattern, base, rate
    pattern = torch.randint(0, 7, (B,), generator=gen)
    torch.randn(B, T, generator=gen, dtype=torch.float64)
    rate = 0.5 + torch.rand(B, generator=gen, dtype=torch.float64)
    assert set(pattern.tolist()) >= {2}, "seed chosen so that the geometric family is drawn"
    for i in range(B):
        a = g[i].abs()
        nz = a[a > 0]
        if pattern[i] == 2:  # geometric: monotone magnitudes over a wide range, 1·scale at T
            if rate[i] < 1:
                assert bool((nz[1:] <= nz[:-1]).all())
                expected_span = min(1e144, float(rate[i]) ** (1 - T))
            else:
                assert bool((nz[1:] >= nz[:-1]).all())
                expected_span = 1.0
            if a[-1] > 0:
                assert float(nz.max() / a[-1]) == pytest.approx(expected_span, rel=1e-9)
        elif pattern[i] == 1:  # constant
            assert bool((nz == nz[0]).all())
        elif pattern[i] == 4:  # alternating signs
            s = torch.sign(g[i])
            both = (s[1:] != 0) & (s[:-1] != 0)
            assert bool((s[1:][both] != s[:-1][both]).all())


@pytest.mark.parametrize("key,sizes,B", [("adam_linf/lemma-3.12", {"T": 5000}, 48),
                                         ("adam_complexity/lemma-5", {"T": 2000, "d": 8}, 12)])
def test_deep_sizes_give_finite_candidates(key, sizes, B):
    """The deep budget's largest sizes: every input finite, no non-finite side (before the fix
    rate^(1-T) overflowed: 'grads must be finite' or non-finite candidates)."""
    stmt = get(key)
    assert max(sizes_for(stmt)(torch.Generator().manual_seed(s), "deep")["T"] for s in range(40)) \
        == sizes["T"]
    for seed in range(2):
        inputs = sampler_for(stmt)(_ctx(seed, B, sizes))
        for name, v in inputs.items():
            data = getattr(v, "data", v)
            assert bool(torch.isfinite(data).all()), name
        assert bool(torch.isfinite(inputs["g"].data.square()).all())
        ev = evaluate_batch(stmt, inputs, sizes)
        assert bool(ev.admissible.any())
        bad = ev.nonfinite.nonzero().reshape(-1).tolist()
        if key == "adam_linf/lemma-3.12":
            assert not bad
        for i in bad:  # Adam: only where ν underflows to 0 (β₂^t ν₀ with zero gradients, a
            # state underflow of the algorithm at any T, not an overflow of the draws)
            assert float(ev.env["nu"].data[i].min()) == 0.0
