"""A size declared with a constant domain (``n = 2``) has that value as its whole ladder: drawn
from the full ladder and rejected, two constant sizes (``n = 2``, ``m = 1``: 1 draw in 35) ran
out of the 200 redraws ("no sizes on the ladders satisfy Eq(n, 2)") in the derived Hypothesis
phase of the adam_linf theorem-3.2 families."""
from __future__ import annotations

import torch

from adaproof.derive import derivation, without_hand_samplers
from adaproof.registry import get


def test_constant_sizes_are_their_own_ladder_and_always_drawn():
    stmt = without_hand_samplers(get("adam_linf/theorem-3.2-family-logistic"))
    d = derivation(stmt)
    for preset in ("smoke", "default", "deep"):
        lad = d.ladders(preset)
        assert lad["n"] == (2,) and lad["m"] == (1,)
        assert len(lad["T"]) > 1  # the free size keeps its ladder
    gen = torch.Generator().manual_seed(0)
    seen_T = set()
    for _ in range(3000):  # the rejection loop failed about 1 call in 300
        sizes = d.sizes(gen, "default")
        assert sizes["n"] == 2 and sizes["m"] == 1
        seen_T.add(sizes["T"])
    assert seen_T == set(d.ladders("default")["T"])
