"""Statements in expectation over a finite noise law: exact enumeration or Monte Carlo.

A statement with ``noise=NoiseSpec(...)`` claims ``E[lhs] <= E[rhs]``, the expectation taken over
a sequence ``ξ`` of i.i.d. draws from a finite law whose support and probabilities are
per-candidate inputs (``values``, ``probs``: shape ``(B, k)``).  ``ξ`` is indexed like any
sequence (``start``/``extent``, e.g. ``ξ[t, l]`` for ``t = 1..T``, ``l = 1..d``), and the
statement's sides (and algorithm, when it has one) read it like an input.  A conditional
expectation ``E[· | F_t]`` is the same thing with the past given as inputs and ``ξ`` the
draws of step ``t`` only.

* **Exact enumeration** when the number of paths ``P = k^n`` (``n`` draws) is at most
  ``max_paths`` (default 10⁶): every path is evaluated with its probability.  A violation is
  re-verified in mpmath over all paths (at most ``MP_PATHS`` paths), or, beyond that, by a
  float64 enumeration whose relative margin must be below ``-FLOAT_ENUM_MARGIN``.
* **Monte Carlo** otherwise: ``mc_paths`` paths per candidate; the screen flags a candidate
  only when the upper ``1 − level`` confidence bound of ``E[rhs − lhs]`` is negative, and the
  checker reports it only after an independent sample of ``MC_CONFIRM_PATHS`` paths, each
  evaluated exactly in mpmath, confirms it at the same level (the first sample was selected
  among many candidates; evaluating the confirming paths exactly keeps float rounding, e.g.
  sides equal up to an ulp on every path, from ever looking significant).
The result says which method decided (``CheckResult.expectation``).
"""
from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from statistics import NormalDist
from typing import Any, Mapping

import torch

from .symbolic import SeqValue, repeat_rows

__all__ = ["NoiseSpec", "expand_paths", "MP_PATHS", "FLOAT_ENUM_MARGIN"]

MP_PATHS = 4096
#: paths of the exact (mpmath) Monte-Carlo confirmation of a flagged candidate
MC_CONFIRM_PATHS = 2048
FLOAT_ENUM_MARGIN = 1e-9


@dataclass(frozen=True)
class NoiseSpec:
    """``ξ`` (input name ``name``) of i.i.d. draws from the law ``(values, probs)``."""

    name: str
    values: str
    probs: str
    start: tuple[int, ...]
    extent: tuple[str, ...]
    max_paths: int = 10 ** 6
    mc_paths: int = 2048
    level: float = 1e-3  # two-sided-free: one-sided significance level of a Monte-Carlo finding

    def shape(self, sizes: Mapping[str, int]) -> tuple[int, ...]:
        from .symbolic import _int_value
        return tuple(_int_value(_extent_expr(e), sizes) - s + 1
                     for e, s in zip(self.extent, self.start))

    def z(self) -> float:
        return NormalDist().inv_cdf(1 - self.level)


@functools.lru_cache(maxsize=1024)
def _extent_expr(e: str):
    """An extent parsed once: ``shape`` runs for every candidate the exact checks enumerate
    (SymPy's parser was 40 % of the ball pre-screen of alphaadam/corollary-3.4-var@corrected)."""
    import sympy as sp
    return sp.sympify(e)


def n_paths(spec: NoiseSpec, k: int, sizes: Mapping[str, int]) -> tuple[int, int]:
    n = math.prod(spec.shape(sizes))
    return n, k ** n if n * math.log(max(k, 1)) < 60 else 2 ** 62


def expand_paths(spec: NoiseSpec, inputs: dict, sizes: Mapping[str, int], *,
                 generator: torch.Generator | None = None, mc_paths: int | None = None,
                 force_mc: bool = False) -> tuple[dict, torch.Tensor, int, str]:
    """Replicate each candidate over noise paths.  Returns ``(inputs', weights, P, method)``
    with ``inputs'`` of batch ``B·P`` (candidate-major) including ``ξ``, ``weights`` of shape
    ``(B, P)`` (path probabilities, or ``1/P`` for Monte Carlo) and ``method`` in
    ``{"exact-enumeration", "monte-carlo"}``."""
    values = inputs[spec.values]
    probs = inputs[spec.probs]
    values = values.data if isinstance(values, SeqValue) else values
    probs = probs.data if isinstance(probs, SeqValue) else probs
    if not (isinstance(values, torch.Tensor) and values.dim() == 2 and
            isinstance(probs, torch.Tensor) and probs.shape == values.shape):
        raise ValueError(f"{spec.values} and {spec.probs} must be (B, k) tensors of one shape")
    B, k = values.shape
    shape = spec.shape(sizes)
    n, P_exact = n_paths(spec, k, sizes)
    if P_exact <= spec.max_paths and not force_mc:
        method = "exact-enumeration"
        P = P_exact
        idx = torch.arange(P, device=values.device)
        digits = []
        for _ in range(n):
            digits.append(idx % k)
            idx = idx // k
        paths = torch.stack(digits[::-1], 1) if n else torch.zeros(P, 0, dtype=torch.long)
        paths = paths.unsqueeze(0).expand(B, P, n)
        logw = torch.log(probs).unsqueeze(1).expand(B, P, k).gather(2, paths).sum(2) \
            if n else torch.zeros(B, P, dtype=probs.dtype, device=probs.device)
        weights = torch.exp(logw)
    else:
        method = "monte-carlo"
        P = mc_paths or spec.mc_paths
        flat = torch.multinomial(probs.detach().cpu().to(torch.float64), P * n, replacement=True,
                                 generator=generator).to(values.device)
        paths = flat.reshape(B, P, n)
        weights = torch.full((B, P), 1.0 / P, dtype=values.dtype, device=values.device)
    xi = values.unsqueeze(1).expand(B, P, k).gather(2, paths)  # (B, P, n)
    out: dict[str, Any] = {}
    for key, v in inputs.items():
        out[key] = repeat_rows(v, B, P, interleave=True)
    out[spec.name] = SeqValue(xi.reshape((B * P,) + shape), tuple(spec.start))
    return out, weights, P, method


def path_list(spec: NoiseSpec, cand: Mapping[str, Any], sizes: Mapping[str, int]):
    """All ``(probability, ξ as nested list)`` paths of one candidate, for exact verification."""
    import itertools
    values = cand[spec.values]["values"] if isinstance(cand[spec.values], dict) else cand[spec.values]
    probs = cand[spec.probs]["values"] if isinstance(cand[spec.probs], dict) else cand[spec.probs]
    shape = spec.shape(sizes)
    n = math.prod(shape)
    for combo in itertools.product(range(len(values)), repeat=n):
        flat = [values[i] for i in combo]
        yield [probs[i] for i in combo], _nest(flat, shape)


def sampled_paths(spec: NoiseSpec, cand: Mapping[str, Any], sizes: Mapping[str, int], K: int,
                  generator: torch.Generator):
    """``K`` paths of one candidate drawn i.i.d. from its law (``ξ`` as nested lists), for the
    exact Monte-Carlo confirmation."""
    values = cand[spec.values]["values"] if isinstance(cand[spec.values], dict) else cand[spec.values]
    probs = cand[spec.probs]["values"] if isinstance(cand[spec.probs], dict) else cand[spec.probs]
    shape = spec.shape(sizes)
    n = math.prod(shape)
    pr = torch.tensor([float(q) for q in probs], dtype=torch.float64)
    draws = torch.multinomial(pr, K * n, replacement=True, generator=generator).reshape(K, n)
    for row in draws.tolist():
        yield _nest([values[i] for i in row], shape)


def _nest(flat: list, shape: tuple[int, ...]):
    if len(shape) <= 1:
        return list(flat)
    step = math.prod(shape[1:])
    return [_nest(flat[i * step:(i + 1) * step], shape[1:]) for i in range(shape[0])]
