"""Which of torch's own Adam implementations match the analysed recurrence (practical Adam)?

torch.optim.Adam has three CPU implementations: the single-tensor loop (the default for a CPU
parameter list ... ``foreach=None`` picks it on CPU), ``foreach=True`` (multi-tensor) and
``fused=True`` (one C++ kernel).  Each is driven step by step on a square matrix parameter with
``p.grad`` set to a contiguous gradient and to a NON-contiguous one (a transposed view holding the
same values), and compared with ``run(practical.Adam)``.

Pinned behaviour, measured on torch 2.13.0+cpu (docs/performance.md):

* default, foreach, and fused with a contiguous gradient agree with the reference to 8 ulp of the
  iterate's scale (measured: 0);
* fused with a non-contiguous gradient is WRONG: it reads the gradient's storage as if it were
  contiguous, i.e. it runs Adam on the transposed gradient (error 0.15 after 50 steps here).
  The test asserts that error (> 1e-6) and its cause (equality with the reference run on the
  transposed gradients), so it fails, and this note must be updated, when torch fixes it.
"""
import pytest
import torch

from adaproof.algorithms import run
from adaproof.algorithms.practical import Adam

F64 = torch.float64
ULP = 2.0 ** -52
N, T = 4, 50
HYPER = dict(lr=1e-2, betas=(0.9, 0.999), eps=1e-8)

IMPLS = {"default": {}, "single-tensor": {"foreach": False}, "foreach": {"foreach": True},
         "fused": {"fused": True}}


def _grads(seed=0):
    gen = torch.Generator().manual_seed(seed)
    g = torch.randn(T, N, N, generator=gen, dtype=F64)
    return g * torch.exp(torch.randn(T, 1, 1, generator=gen, dtype=F64))


def _torch_adam(G, layout, **impl):
    p = torch.nn.Parameter(torch.zeros(N, N, dtype=F64))
    opt = torch.optim.Adam([p], **HYPER, **impl)
    xs = [p.detach().clone()]
    for t in range(T):
        g = G[t].clone()
        if layout == "transposed-view":
            g = g.t().contiguous().t()  # same values, column-major storage
            assert not g.is_contiguous() and torch.equal(g, G[t])
        p.grad = g
        opt.step()
        xs.append(p.detach().clone())
    return torch.stack(xs)


def _reference(G):
    return run(Adam(**HYPER), grads=G.unsqueeze(0), backend="torch").x[0]


def _ulps(ref, got):
    return ((got - ref).abs().max() / ref.abs().max()).item() / ULP


@pytest.mark.parametrize("layout", ["contiguous", "transposed-view"])
@pytest.mark.parametrize("impl", sorted(IMPLS))
def test_torch_adam_implementations_against_the_reference(impl, layout):
    if impl == "fused" and not hasattr(torch.ops.aten, "_fused_adam_"):
        pytest.skip("this torch has no fused Adam kernel")
    G = _grads()
    ref = _reference(G)
    got = _torch_adam(G, layout, **IMPLS[impl])
    if impl == "fused" and layout == "transposed-view":
        # torch 2.13 CPU fused Adam ignores the gradient's strides (bug pinned here)
        err = (got - ref).abs().max().item()
        assert err > 1e-6, f"fused Adam now matches with a non-contiguous grad (err {err})"
        as_if_transposed = _reference(G.transpose(1, 2))
        assert _ulps(as_if_transposed, got) <= 8
    else:
        assert _ulps(ref, got) <= 8, f"{impl}/{layout}: {_ulps(ref, got):.1f} ulp"


def test_fused_reference_backend_matches_the_torch_loop_too():
    """The same comparison through adaproof's fused kernel (the default backend)."""
    G = _grads(1)
    got = run(Adam(**HYPER), grads=G.unsqueeze(0)).x[0]
    assert _ulps(_torch_adam(G, "contiguous"), got) <= 8
