"""The first axis of an algorithm's trajectory is its horizon, a time size (the time ladder)
even where no input sequence runs along it.  Read from the inputs alone, the closed-loop runs of
adafactor (inputs x1, h, z over (n, m) only) left the horizon ``T`` "other" (ladder to 10), so
adafactor/theorem-A.1 as printed (violated from T of about 24 on) was out of the derived path's
reach; adam_complexity's rates (inputs over d only) likewise.  The other axes keep the roles
their inputs give them."""
from __future__ import annotations

import pytest

from adaproof.derive import derivation, without_hand_samplers
from adaproof.derive.sizes import LADDERS
from adaproof.registry import get


def _horizons(stmt):
    return {str(q.extent[0]) for q in stmt.quantities if q.kind == "trajectory" and q.extent}


@pytest.mark.parametrize("key, horizon, others", [
    ("adafactor/theorem-A.1", "T", {"n": "time", "m": "coord"}),
    ("adafactor/eq-29-const-b", "T", {"n": "time", "m": "coord"}),
    ("adam_complexity/theorem-2", "T", {"d": "time"}),
])
def test_trajectory_horizon_is_a_time_size(key, horizon, others):
    stmt = without_hand_samplers(get(key))
    assert horizon in _horizons(stmt)  # the premise, read off the model
    d = derivation(stmt)
    assert d.plan.sizes[horizon]["role"] == "time"
    lad = d.ladders("default")
    assert lad[horizon] == LADDERS["time"]["default"] and max(lad[horizon]) >= 50
    for name, role in others.items():  # the trajectory's other axes: the inputs' roles
        assert d.plan.sizes[name]["role"] == role


def test_statement_without_trajectory_keeps_its_input_roles():
    """No trajectory, no override: a size no sequence runs along stays "other"."""
    stmt = without_hand_samplers(get("adagrad_aniso/lemma-E.2"))
    assert not _horizons(stmt)
    roles = {n: i["role"] for n, i in derivation(stmt).plan.sizes.items()}
    assert roles == {"K": "atoms", "M": "other", "T": "other", "d": "time"}
