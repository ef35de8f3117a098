"""The derived size draws respect a cap on the evaluation work per candidate
(adaproof/derive/work.py): drawn per size from the ladders, adafactor/eq-107-a (T, n, K up to
200, m up to 8, a six-deep nested sum) drew assignments of ~10¹⁷ terms per candidate and its
derived check ran for over 26 minutes."""
from __future__ import annotations

import sympy as sp
import torch

from adaproof.declare import index, sequence, size, statement
from adaproof.derive import derivation, without_hand_samplers
from adaproof.derive.work import MAX_WORK, work_fn


def test_work_is_the_product_of_nested_ranges():
    T, t, s = size("T"), index("t"), index("s")
    a = sequence("a", over=(1, T), domain=">= 0", description="a_t")
    stmt = statement("test/work-nested", lhs=sp.Sum(sp.Sum(a[s], (s, 1, t)), (t, 1, T)),
                     rhs=T * sp.Sum(a[t], (t, 1, T)), register=False, title="nested")
    f = work_fn(stmt, {"T": T})
    # Σ_t Σ_{s ≤ t}: T·T (the inner range at the outer index's largest value); the right side
    # T terms of its sum and one for the factor T
    assert f({"T": 10}) == 10 * 10 + 10 + 1
    assert f({"T": 200}) == 200 * 200 + 200 + 1


def test_eq_107_a_draws_stay_under_the_cap():
    from adaproof.registry import get
    stmt = without_hand_samplers(get("adafactor/eq-107-a"))
    d = derivation(stmt)
    f = d.plan.work
    lad = d.ladders()
    assert f({n: v[-1] for n, v in lad.items()}) > 1e9 * MAX_WORK  # what the ladders allow
    gen = torch.Generator().manual_seed(0)
    seen = [d.sizes(gen, "default") for _ in range(300)]
    assert max(f(s) for s in seen) <= d.plan.work_cap
    assert d.plan.work_cap == MAX_WORK
    assert len({tuple(sorted(s.items())) for s in seen}) > 20  # still many assignments
    assert max(s["T"] for s in seen) == 200  # large sizes are still drawn, not all at once
