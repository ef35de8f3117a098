"""Thread policy by problem size for the batched evaluator.

With several intra-op threads on a loaded machine, small torch operations pay the thread
hand-off on every call (``torch.sqrt`` on a few hundred doubles measured 60–100 µs with 2
threads against 2 µs with one).  :func:`thread_policy` runs a block single-threaded when the
problem is small and leaves the thread count alone otherwise.

    with thread_policy(B * T * d):
        ...  # torch work on tensors of about that many elements

``ADAPROOF_SMALL_NUMEL`` overrides the threshold (elements); 0 turns the policy off.
"""
from __future__ import annotations

import contextlib
import os
import threading

import torch

__all__ = ["thread_policy", "SMALL_NUMEL", "small_numel"]

#: problems below this many elements run on one thread (torch's own grain size is 32768
#: elements per thread for elementwise kernels; reductions and launches below a few times that
#: gain nothing from a second thread)
SMALL_NUMEL = 1 << 17

_lock = threading.Lock()


def small_numel() -> int:
    raw = os.environ.get("ADAPROOF_SMALL_NUMEL")
    if raw is None or not raw.strip():
        return SMALL_NUMEL
    try:
        val = int(raw)
    except ValueError:
        val = -1
    if val < 0:
        from ._validation import AdaproofInputError
        raise AdaproofInputError(f"ADAPROOF_SMALL_NUMEL must be an integer >= 0 (elements), "
                                 f"got {raw!r}")
    return val


@contextlib.contextmanager
def thread_policy(numel: int):
    """Run the block with one intra-op thread when ``numel`` (the problem's element count) is
    below :func:`small_numel`; restore the previous thread count afterwards.  Nested blocks
    (already single-threaded) change nothing; the thread count is process-wide, so a block
    entered by another Python thread meanwhile may run with the restored count (only its speed
    differs)."""
    if numel >= small_numel():
        yield
        return
    with _lock:
        prev = torch.get_num_threads()
        if prev != 1:
            torch.set_num_threads(1)
    try:
        yield
    finally:
        if prev != 1:
            with _lock:
                torch.set_num_threads(prev)
