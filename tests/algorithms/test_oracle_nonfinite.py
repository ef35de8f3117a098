"""A closed-loop oracle that returns NaN or inf for one candidate: an error naming the step and the
candidate by default; with ``check_state=False`` that candidate's row carries the non-finite values
while the other candidates run exactly as they would alone (the statement checker then re-checks
the non-finite candidate exactly: adafactor/eq-74 under ``--budget smoke``, session 9)."""
from types import SimpleNamespace

import pytest
import torch

from adaproof import AdaproofInputError
from adaproof.algorithms._core import run
from adaproof.algorithms.adam_complexity import AdamComplexity
from adaproof.bounds import adafactor as BA


def _oracle(bad_row, bad_step):
    def oracle(x, t):
        g = x - 1.0
        if t == bad_step:
            g = g.clone()
            g[bad_row] = float("inf")
        return g
    return oracle


@pytest.mark.parametrize("keep_graph", [False, True])
def test_a_non_finite_oracle_gradient_stays_in_its_row(keep_graph):
    x0 = torch.tensor([[0.5, -2.0], [3.0, 0.25], [1e3, -7.0]], dtype=torch.float64)
    alone = run(AdamComplexity(), x0[[0, 2]], oracle=_oracle(None, 0), T=4)
    both = run(AdamComplexity(), x0, oracle=_oracle(1, 2), T=4, check_state=False,
               keep_graph=keep_graph)
    assert torch.equal(both.x[[0, 2]].detach(), alone.x)
    assert torch.isfinite(both.x[1, :2]).all()
    assert not torch.isfinite(both.x[1, 2:]).all()  # x_2 onwards of candidate 1


@pytest.mark.parametrize("keep_graph", [False, True])
def test_by_default_a_non_finite_oracle_gradient_names_step_and_candidate(keep_graph):
    x0 = torch.zeros(3, 2, dtype=torch.float64)
    with pytest.raises(AdaproofInputError, match=r"at step 2 \(inf at index \(1, 0\), candidate 1\)"):
        run(AdamComplexity(), x0, oracle=_oracle(1, 2), T=3, keep_graph=keep_graph)


def test_pseudo_huber_oracle_is_finite_for_huge_iterates():
    """∇f = h s u/√(s² + u²) with u = X − z: finite and of magnitude below h s for every finite X
    (u² overflows float64 for |u| > 1.3e154; the naive form then gave inf/inf = NaN)."""
    B, n, m = 4, 2, 3
    x1 = torch.tensor([1e200, -1e300, 1.7e308, 2.0], dtype=torch.float64).reshape(B, 1, 1) \
        * torch.ones(B, n, m, dtype=torch.float64)
    env = {"rho0": 0.1, "eps1": 1e-30, "eps2": 1e-3, "beta": 0.9, "dclip": 1.0, "T": 1,
           "h": SimpleNamespace(data=torch.full((B, n, m), 2.0, dtype=torch.float64)),
           "z": SimpleNamespace(data=torch.zeros(B, n, m, dtype=torch.float64)),
           "s": torch.full((B,), 3.0, dtype=torch.float64),
           "x1": SimpleNamespace(data=x1)}
    _, kw = BA._builder("A-const")(env)
    g = kw["oracle"](x1, 1)
    assert torch.isfinite(g).all()
    assert (g.abs() <= 6.0).all()
    assert torch.equal(torch.sign(g), torch.sign(x1))
    assert g[0].min().item() == 6.0   # u = 1e200: u/√(s² + u²) rounds to 1
    exact = 2 * 3 * 2.0 / (9 + 4) ** 0.5
    assert g[3].max().item() == pytest.approx(exact, rel=1e-15)
