"""The log-sum reparameterisation's recursion as one autograd node (guided search on
adam_linf/lemma-3.12): the values are the step loop's bit for bit, the gradients those autograd
gives for the step loop, on the numba kernel and on the fallback loop, floor included."""
import pytest
import torch

from adaproof import sampling
from adaproof.search.reparam import INFLATE, V_FLOOR, _InflatedRecursion


def _step_loop(b2, v0, inc):
    vs = [v0]
    for k in range(inc.shape[1]):
        vt = b2 * vs[-1] + inc[:, k]
        vs.append((vt * INFLATE).clamp_min(V_FLOOR))
    return torch.stack(vs, 1)


def _inputs(T=120):
    gen = torch.Generator().manual_seed(7)
    b2 = torch.tensor([0.5, 1e-3, 0.999, 1 - 1e-12, 0.3], dtype=torch.float64)
    v0 = torch.tensor([1.0, 1.0, 1e-200, 3.0, 1e5], dtype=torch.float64)
    inc = torch.rand(5, T, generator=gen, dtype=torch.float64) * torch.tensor(
        [1.0, 0.0, 1e-290, 1e3, 1e-20], dtype=torch.float64)[:, None]
    w = torch.randn(5, T + 1, generator=gen, dtype=torch.float64)
    return [x.requires_grad_() for x in (b2, v0, inc)], w


@pytest.mark.parametrize("numba_kernel", [True, False])
def test_recursion_node_matches_the_step_loop(numba_kernel, monkeypatch):
    if not numba_kernel:
        monkeypatch.setattr(sampling, "_RECURSION_KERNEL", False)
        monkeypatch.setattr(sampling, "_ADJOINT_KERNEL", False)
    elif not sampling.wait_for_kernels(120, adjoint=True):
        pytest.skip("numba not installed")
    (b2, v0, inc), w = _inputs()
    ref = _step_loop(b2, v0, inc)
    got = _InflatedRecursion.apply(b2, v0, inc)
    assert torch.equal(got, ref)
    assert bool((ref == V_FLOOR).any()) and bool((ref > V_FLOOR).any())  # both branches met
    g_ref = torch.autograd.grad((ref * w).sum(), [b2, v0, inc])
    g_got = torch.autograd.grad((got * w).sum(), [b2, v0, inc])
    for a, b in zip(g_ref, g_got):
        assert torch.allclose(a, b, rtol=1e-12, atol=0.0)
    floored = ref[:, 1:] == V_FLOOR
    assert bool(floored.any()) and bool((g_got[2][floored] == 0).all())  # no gradient there
    assert float(g_got[0].abs().sum()) > 0

