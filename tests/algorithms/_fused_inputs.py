"""Shared inputs of the fused-kernel differential tests: per-candidate hyperparameters, the edge
gradient families, and the error in ulps of each trajectory's scale."""
from __future__ import annotations

import torch

F64 = torch.float64
ULP = 2.0 ** -52
B, T = 5, 40


def pc(*vals):
    """A per-candidate hyperparameter: ``vals`` repeated over the B candidates."""
    return torch.tensor([vals[i % len(vals)] for i in range(B)], dtype=F64)


def grads(kind, d, seed=0):
    """Gradients (B, T, d) of one edge family: normal, zeros, huge, tiny, mixed, signs."""
    gen = torch.Generator().manual_seed(seed)
    g = torch.randn((B, T, d), generator=gen, dtype=F64)
    g = g * torch.exp(2 * torch.randn((B, T, 1), generator=gen, dtype=F64))
    if kind == "zeros":
        g[:, 3] = 0.0
        g[g.abs() < 0.3] = 0.0
    elif kind == "huge":
        g = g * 1e150
    elif kind == "tiny":
        g = g * 1e-300
    elif kind == "mixed":
        g = g * torch.tensor([1e-300, 1e-150, 1.0, 1e100, 1e150], dtype=F64).reshape(-1, 1, 1)
    elif kind == "signs":  # a fixed sign pattern: full masks on some coordinates, empty on others
        g = g.abs() * torch.tensor([1.0 if i % 3 else -1.0 for i in range(d)], dtype=F64)
        g[:, ::2] = -g[:, ::2]
    elif kind != "normal":
        raise ValueError(f"unknown gradient family {kind!r}")
    return g


def ulps(ref, got, also=None):
    """Largest |got - ref| in ulps of each trajectory's scale (max over t of |ref|, or of
    ``also``)."""
    scale = ref.abs().amax(dim=1, keepdim=True).clamp_min(torch.finfo(F64).tiny)
    if also is not None:
        scale = torch.maximum(scale, also.abs().amax(dim=1, keepdim=True))
    return ((got - ref).abs() / scale).max().item() / ULP


def both_paths(mk, g):
    """``(ref, got)``: the torch reference and the fused run of ``mk()`` on ``g`` (the fused run
    returns ``g`` itself and the same records in the same order), or ``(None, None)`` after
    asserting that the fused path raises the reference's error word for word."""
    import pytest

    from adaproof import AdaproofInputError
    from adaproof.algorithms import run
    try:
        ref = run(mk(), grads=g, backend="torch")
    except AdaproofInputError as exc:
        with pytest.raises(AdaproofInputError) as info:
            run(mk(), grads=g, backend="fused")
        assert str(info.value) == str(exc)
        return None, None
    got = run(mk(), grads=g, backend="fused")
    assert got.g is g
    assert list(got.records) == list(ref.records)
    return ref, got
