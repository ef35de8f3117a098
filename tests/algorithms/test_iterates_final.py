"""run(..., iterates="final") keeps x_0 and x_T only (no (B, T+1, ...) buffer): the final
iterate, the records and the initial values must equal those of iterates="all" bitwise, on both
backends, on the practical Adam loop (its own lean loop and the per-step path), on algorithms
without a fused kernel, closed loop and with keep_graph."""
import pytest
import torch

from adaproof import AdaproofInputError
from adaproof.algorithms import fused, run
from adaproof.algorithms.adafactor import AdafactorPaper
from adaproof.algorithms.adam_linf import AdamLinf, AdaSGD, SignGD
from adaproof.algorithms.practical import Adam, RMSprop

F64 = torch.float64
BACKENDS = ["torch"] + (["fused"] if fused.numba_available() else [])


def _g(shape=(4, 9, 3), seed=0):
    return torch.randn(shape, generator=torch.Generator().manual_seed(seed), dtype=F64)


ALGS = {
    "adam-lean-loop": lambda: Adam(lr=0.1),
    "adam-records-loop": lambda: Adam(lr=0.1, amsgrad=True, weight_decay=0.1),
    "adam-step-path": lambda: Adam(lr=torch.tensor([0.1, 0.2, 0.3, 0.4], dtype=F64)),
    "adamlinf": lambda: AdamLinf(lr=0.1),
    "signgd": lambda: SignGD(lr=0.1),
    "adasgd": lambda: AdaSGD(lr=0.1),
    "rmsprop": lambda: RMSprop(lr=0.01, momentum=0.5),
}


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("name", sorted(ALGS))
@pytest.mark.parametrize("record", [None, ()])
def test_final_equals_last_of_all(name, backend, record):
    g = _g()
    if backend == "fused" and fused.fusable(ALGS[name](), torch.zeros(4, 3, dtype=F64), g,
                                             False) is not None:
        backend = "auto"
    full = run(ALGS[name](), grads=g, record=record, backend=backend)
    last = run(ALGS[name](), grads=g, record=record, backend=backend, iterates="final")
    assert full.iterates == "all" and last.iterates == "final"
    assert last.x.shape == (4, 2, 3)
    assert torch.equal(last.x[:, 0], full.x[:, 0])
    assert torch.equal(last.x[:, -1], full.x[:, -1])
    assert last.g is g
    assert list(last.records) == list(full.records)
    for k in full.records:
        assert torch.equal(last[k], full[k]), k


def test_final_on_matrices_closed_loop_and_graph():
    g = _g((2, 5, 3, 4))
    full = run(AdafactorPaper(), grads=g)
    last = run(AdafactorPaper(), grads=g, iterates="final")
    assert torch.equal(last.x[:, 1], full.x[:, -1]) and last.x.shape == (2, 2, 3, 4)
    x0 = torch.ones(3, 2, dtype=F64)
    oracle = lambda x, t: 2 * x  # noqa: E731
    full = run(Adam(lr=0.1), x0, oracle=oracle, T=6)
    last = run(Adam(lr=0.1), x0, oracle=oracle, T=6, iterates="final")
    assert torch.equal(last.x[:, 1], full.x[:, -1]) and torch.equal(last.g, full.g)
    gg = _g().requires_grad_(True)
    last = run(Adam(lr=0.1), grads=gg, keep_graph=True, iterates="final")
    assert last.x.shape == (4, 2, 3)
    last.x[:, -1].sum().backward()
    assert gg.grad is not None and bool(torch.isfinite(gg.grad).all())


@pytest.mark.parametrize("backend", BACKENDS)
def test_final_still_checks_the_state(backend):
    g = torch.ones(3, 6, 4, dtype=F64)
    g[1, 2, 3] = 1e200
    with pytest.raises(AdaproofInputError, match=r"t=3"):
        run(Adam(lr=0.1), grads=g, backend=backend, iterates="final")


def test_bad_iterates_value():
    with pytest.raises(AdaproofInputError, match="iterates must be 'all' or 'final'"):
        run(Adam(), grads=_g(), iterates="last")
