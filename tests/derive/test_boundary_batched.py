"""The boundary placement's batched evaluations (adaproof.derive.boundary): grid columns and
DEPTH bisection steps per call give, row for row, the inputs of the one-column, one-step
evaluation they replace (a 5.5x faster draw of adam_complexity/theorem-1, the same bits)."""
import torch

from adaproof import lemmas
from adaproof.derive import boundary, derivation, without_hand_samplers
from adaproof.statement import SampleContext


def _one_step_reference(good, bad, steps, ok):
    for _ in range(steps):
        mid = good + (bad - good) / 2
        mid = torch.where((mid == good) | (mid == bad), good, mid)
        f = ok(mid)
        good, bad = torch.where(f, mid, good), torch.where(f, bad, mid)
    return good, bad


def test_bisection_by_trees_is_bit_for_bit_one_step_bisection():
    gen = torch.Generator().manual_seed(3)
    B = 257
    t = torch.randn(B, generator=gen, dtype=torch.float64) * 10 ** torch.randint(-5, 5, (B,),
                                                                                 generator=gen)
    good = t - torch.rand(B, generator=gen, dtype=torch.float64) * 7
    bad = t + torch.rand(B, generator=gen, dtype=torch.float64) * 7
    good[:5] = bad[:5]  # an empty interval stays put
    calls = []

    def ok(x):  # passes below each row's own threshold
        return x <= t

    def ok_many(xs):
        calls.append(xs.shape[1])
        return xs <= t.reshape(-1, 1)
    for steps in (1, 2, 7, 56):
        calls.clear()
        ref = _one_step_reference(good, bad, steps, ok)
        got = boundary._bisect(good, bad, steps, ok_many)
        assert torch.equal(ref[0], got[0]) and torch.equal(ref[1], got[1]), steps
        full, rest = divmod(steps, boundary.DEPTH)
        assert len(calls) == full + (rest > 0)  # DEPTH steps per batched call
    # and it converges: good stays on the passing side, within 7·2^-50 of the threshold
    assert bool((got[0][5:] <= t[5:]).all())
    assert bool(((t - got[0])[5:] <= 7 * 2.0 ** -50 + 1e-12 * t.abs()[5:]).all())


def test_repeat_rows_repeats_batch_rows_and_keeps_sizes():
    from adaproof.symbolic import SeqValue, repeat_rows
    x = torch.arange(6.0).reshape(3, 2)
    assert torch.equal(repeat_rows(x, 3, 2), torch.cat([x, x]))
    assert torch.equal(repeat_rows(x, 3, 2, interleave=True), x[[0, 0, 1, 1, 2, 2]])
    s = repeat_rows(SeqValue(x, (1,)), 3, 2)
    assert torch.equal(s.data, torch.cat([x, x])) and tuple(s.start) == (1,)
    assert repeat_rows(5, 3, 2) == 5
    assert repeat_rows(torch.ones(4), 3, 2).shape == (4,)  # not a batch: as it is


def _draw(stmt, rows_per_call):
    d = derivation(stmt)
    old = boundary._ROWS
    boundary._ROWS = rows_per_call
    try:
        g = torch.Generator().manual_seed(0)
        sizes = d.sizes(g, "smoke")
        return d.sampler(SampleContext(B=8, sizes=sizes, generator=g))
    finally:
        boundary._ROWS = old


def test_a_derived_draw_is_the_same_whether_columns_are_batched_or_not():
    stmt = without_hand_samplers(lemmas.get("adam_complexity/theorem-2"))
    assert boundary._targets(derivation(stmt).chain)  # it has a boundary to place rows on
    one = _draw(stmt, 1)      # every column and midpoint in its own call, as before
    many = _draw(stmt, 1 << 15)
    assert one.keys() == many.keys()
    for k in one:
        a, b = one[k], many[k]
        a, b = getattr(a, "data", a), getattr(b, "data", b)
        assert torch.equal(torch.nan_to_num(torch.as_tensor(a), nan=7.5),
                           torch.nan_to_num(torch.as_tensor(b), nan=7.5)), k
