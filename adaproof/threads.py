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

__all__ = ["thread_policy", "SMALL_NUMEL", "small_numel", "retain_freed_memory"]

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


# ---------------------------------------------------------------------------------------------
# memory: keep freed buffers in the process
# ---------------------------------------------------------------------------------------------
#: glibc's mallopt parameters
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3
#: allocations below this come from the heap (glibc's maximum for the mmap threshold: 32 MiB)
MMAP_THRESHOLD = 32 << 20
#: free memory at the top of the heap the process keeps before returning it to the system
TRIM_THRESHOLD = 1 << 30
_memory_done: bool | None = None


def retain_freed_memory() -> bool:
    """Ask glibc's ``malloc`` (once per process) to serve buffers below 32 MiB from the heap
    and keep up to 1 GiB of freed heap, instead of mapping every large buffer afresh and
    returning it on ``free``.  The statement path allocates and frees the same (B, T, d)
    buffers on every batch; a fresh mapping is zero-filled page by page on first touch, which
    on a loaded machine cost more than the arithmetic itself (the sampler of
    ``adam_complexity/lemma-5`` at (256, 1000, 4): 333 ms a batch with fresh pages, 124 ms with
    reused ones, docs/performance.md).  Values are unaffected.  Returns whether the policy is
    in force; a no-op off glibc, or with ``ADAPROOF_MALLOC=system``."""
    global _memory_done
    if _memory_done is not None:
        return _memory_done
    _memory_done = False
    if os.environ.get("ADAPROOF_MALLOC", "").strip().lower() == "system":
        return False
    try:
        import ctypes
        import ctypes.util
        import platform
        if platform.system() != "Linux" or platform.libc_ver()[0] != "glibc":
            return False
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        ok = bool(libc.mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD))
        ok = bool(libc.mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD)) and ok
    except (OSError, AttributeError, ValueError):
        return False
    _memory_done = ok
    return ok
