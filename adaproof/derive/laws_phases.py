"""The Hypothesis and guided phases for statements in expectation over a finite law.

A statement with ``noise=NoiseSpec(...)`` claims ``E[lhs] <= E[rhs]`` over i.i.d. draws from a
law ``(u, p)`` whose atoms and probabilities are per-candidate inputs.  The derivation draws
``p`` on the dyadic simplex (entries ``k·2⁻²⁰``, sum exactly 1) and the atoms from law
families (centred exactly when a hypothesis says so: :func:`adaproof.derive.engine.centre`).
This module gives the same derivation its other two phases:

* **Hypothesis**: the chain fed by Hypothesis' draws (``derive._HypothesisFeed``) already
  draws the probabilities as ``K − 1`` integer cut points of ``[0, 2²⁰]`` (shrinking towards a
  vertex of the simplex) and the atoms as shrinkable floats; the checker's float screen and
  exact re-verification enumerate the noise paths of each example.
* **Guided**: :func:`simplex_map` maps unconstrained logits onto the dyadic simplex (softmax,
  then the nearest grid point whose entries sum to exactly 1, with the softmax's gradient: a
  straight-through estimator, so the forward value always satisfies the hypotheses exactly);
  :func:`law_sides` evaluates ``E[lhs]`` and ``E[rhs]`` over every enumerated noise path as a
  torch expression (the path weights are products of the gathered probabilities, so the
  expectation is differentiable in ``p`` and in the atoms, also where an atom has
  probability 0), so gradient ascent moves the law itself.

Hooks: ``derive.engine.ZFeed.simplex`` / ``InverseFeed.simplex`` call :func:`simplex_map` /
:func:`simplex_unmap`; ``engine.centre`` passes the atoms' gradient straight through its
rounding; ``search.guided.differentiable_sides`` dispatches here for a statement with noise,
and ``search.guided`` sizes its population by :func:`paths_per_candidate`.
"""
from __future__ import annotations

import math
from typing import Any, Mapping

import torch

from ..symbolic import SeqValue

__all__ = ["simplex_map", "simplex_unmap", "law_sides", "paths_per_candidate", "screen_every",
           "LOG_ZERO"]

#: the logit of an entry of probability 0 (softmax gives it ~2⁻⁸⁶, rounded to 0 on the grid)
LOG_ZERO = -60.0


def straight_through(value: torch.Tensor, grad_of: torch.Tensor) -> torch.Tensor:
    """``value`` in the forward pass, exactly (``grad_of − grad_of.detach()`` is exactly 0),
    with the gradient of ``grad_of``."""
    if not grad_of.requires_grad:
        return value
    return value.detach() + (grad_of - grad_of.detach())


def simplex_map(z: torch.Tensor, strict: bool, bits: int = 20) -> torch.Tensor:
    """Logits ``z`` ``(..., K)`` onto probability vectors with entries ``k·2⁻ᵇⁱᵗˢ`` summing to
    exactly 1 (entries ``>= 2⁻ᵇⁱᵗˢ`` when ``strict``): ``softmax(z)`` scaled to the ``R`` grid
    units left after the strict floor, rounded, and the rounding deficit (at most ``K/2``
    units) put on the largest entry.  The gradient is the softmax's (straight through)."""
    K = z.shape[-1]
    M = 2 ** bits
    base = 1 if strict else 0
    R = M - base * K
    if R < 0:
        raise ValueError(f"a strict simplex of {K} entries does not fit a grid of 2^-{bits}")
    zc = torch.nan_to_num(z.detach(), nan=0.0).clamp(-1e4, 1e4).to(torch.float64)
    s = torch.softmax(zc, -1)
    parts = torch.round(s * R)
    deficit = R - parts.sum(-1, keepdim=True)
    top = s.argmax(-1, keepdim=True)
    parts = parts.scatter_add(-1, top, deficit)
    q = ((parts + base) / M).to(z.dtype)
    return straight_through(q, torch.softmax(z, -1)) if z.requires_grad else q


def simplex_unmap(p: torch.Tensor, strict: bool, bits: int = 20) -> torch.Tensor:
    """Logits that :func:`simplex_map` maps back onto the dyadic vector ``p`` (entries of
    probability 0, or at the strict floor, get :data:`LOG_ZERO`)."""
    M = 2 ** bits
    base = (1.0 / M) if strict else 0.0
    x = (p.to(torch.float64) - base).clamp_min(0)
    z = torch.where(x > 0, torch.log(x.clamp_min(1e-300)), torch.full_like(x, LOG_ZERO))
    return z.to(p.dtype)


def paths_per_candidate(stmt, sizes: Mapping[str, int]) -> int:
    """How many noise paths one candidate of ``stmt`` expands into at ``sizes`` (1 without
    noise; the Monte-Carlo path count beyond the spec's ``max_paths``)."""
    spec = stmt.noise
    if spec is None:
        return 1
    from ..expectation import n_paths
    k = _atoms(stmt, sizes)
    _, P = n_paths(spec, k, sizes)
    return P if P <= spec.max_paths else spec.mc_paths


def _atoms(stmt, sizes: Mapping[str, int]) -> int:
    from ..symbolic import _int_value
    import sympy as sp
    q = next(q for q in stmt.quantities if q.name == stmt.noise.values)
    return _int_value(sp.sympify(q.extent[-1]), sizes) - q.start[-1] + 1


def expand_with_weights(spec, inputs: Mapping[str, Any], sizes: Mapping[str, int],
                        generator: torch.Generator | None = None):
    """:func:`adaproof.expectation.expand_paths` with path weights that keep their gradient
    where a probability is 0: the product of the gathered probabilities (``exp(Σ log p)``
    has a 0/0 gradient there).  Returns ``(inputs', weights (B, P), P)``."""
    from ..expectation import expand_paths, n_paths
    xin, w, P, method = expand_paths(spec, dict(inputs), sizes, generator=generator)
    if method != "exact-enumeration":
        return xin, w, P  # 1/P each: the drawn paths are fixed, the atoms keep their gradient
    probs = inputs[spec.probs]
    probs = probs.data if isinstance(probs, SeqValue) else probs
    B, k = probs.shape
    n, _ = n_paths(spec, k, sizes)
    if n == 0:
        return xin, w, P
    idx = torch.arange(P, device=probs.device)
    digits = []
    for _ in range(n):
        digits.append(idx % k)
        idx = idx // k
    paths = torch.stack(digits[::-1], 1)  # (P, n): the order of expand_paths
    w = probs[:, paths].prod(-1)  # (B, P)
    return xin, w, P


def law_sides(stmt, inputs: Mapping[str, Any], sizes: Mapping[str, int], *,
              dtype=torch.float64, device="cpu") -> tuple[torch.Tensor, torch.Tensor]:
    """``(E[lhs], E[rhs])``, each ``(B, n)`` over the flattened universal indices, keeping the
    autograd graph: the candidates expanded over every noise path, the sides (and the
    algorithm, when there is one) evaluated on the ``B·P`` rows, then summed with the path
    probabilities (the guided phase's :func:`~adaproof.search.guided.differentiable_sides`
    for a statement in expectation)."""
    from ..symbolic import torch_eval
    from ..verification import _trajectory_env
    from ..search.guided import _batch_size
    B = _batch_size(inputs)
    xin, w, P = expand_with_weights(stmt.noise, inputs, sizes)
    env: dict[str, Any] = dict(sizes)
    env.update(xin)
    if stmt.trajectory is not None:
        _trajectory_env(stmt, env, keep_graph=True)
    lhs = torch_eval(stmt.lhs, env, B=B * P, forall=stmt.forall, dtype=dtype, device=device)
    rhs = torch_eval(stmt.rhs, env, B=B * P, forall=stmt.forall, dtype=dtype, device=device)
    lhs, rhs = torch.broadcast_tensors(lhs, rhs)
    lhs, rhs = lhs.reshape(B, P, -1), rhs.reshape(B, P, -1)
    wv = w.to(lhs.dtype).reshape(B, P, 1)
    return (wv * lhs).sum(1), (wv * rhs).sum(1)


def law_rows(stmt, sizes: Mapping[str, int]) -> int:
    """Input entries of one candidate once expanded over its noise paths (the guided phase
    bounds a round's graph by this)."""
    n = max(1, math.prod(int(v) for v in sizes.values()))
    return n * paths_per_candidate(stmt, sizes)


def screen_every(stmt, B: int, eval_every: int) -> int:
    """Steps between the guided phase's float screens.  A statement in expectation expands each
    candidate into its noise paths, so a round holds few candidates (``B`` down to 8 at 256
    paths) and a budget counted in screened examples would take ``20·quota/B`` gradient steps
    (theorem-E.1, 300 examples: ~700 s); screening every ``B/8`` steps (at most
    ``eval_every``) keeps the steps per screened example near what a full round of 2048
    candidates gets."""
    if stmt.noise is None:
        return eval_every
    return max(1, min(eval_every, B // 8))
