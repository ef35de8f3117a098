"""Statements whose only inputs are integer sizes (a horizon ``t``): the engine hook.

A statement such as adafactor's (30) "Σ_{k<=t} 1/k <= 1 + log t" has no scalar or sequence
input: its value is fixed by its sizes alone.  The batched evaluator
(:func:`adaproof.verification.evaluate_batch`) takes its batch size from the sampled inputs, and
a sampler of such a statement returns none; :func:`batch_rows` gives it one row per batch (every
row would be the same number), so that each batch is one horizon drawn by the statement's
``sizes`` and counted as one example.  The exact (mpmath) re-verification needs no input either.
"""
from __future__ import annotations

from typing import Mapping

import torch

from .symbolic import SeqValue


def batch_rows(inputs: Mapping) -> int:
    """The batch size of ``inputs``: the leading dimension of its first scalar or sequence
    input, or 1 when it has none (a statement whose only inputs are its sizes)."""
    for v in inputs.values():
        if isinstance(v, SeqValue):
            return int(v.data.shape[0])
        if isinstance(v, torch.Tensor):
            return int(v.shape[0])
    return 1


def is_horizon_only(stmt) -> bool:
    """Whether every quantity of ``stmt`` is a size (an integer horizon or dimension)."""
    return all(q.kind == "size" for q in stmt.quantities)
