"""A statement's algorithm run once on a tiny batch before its wall-clock budget starts.

Why (issue 10, measured): in a long ``check --all --budget smoke`` in a fresh checkout, runs of
consecutive statements about one algorithm (adafactor/eq-22-a, -b; eq-49..51; adagrad_aniso,
adam_complexity, adam_linf/eq-14-*, alphaadam/lemma-E.2*) evaluated no example: the first draw
of their sampler (a derived sampler runs the algorithm to keep the rows it runs on) or their
first float screen calls the algorithm's fused numba kernel, which numba compiles on its first
call with those argument types when its on-disk cache (``cache=True``, written next to the
module) does not hold them yet: ~50 s for ``_cpu.adafactor`` at load 8 on 2 cores.  The
statement's cut aborted the compilation, nothing was cached, and the next statement about the
same algorithm started it again -- each ended with 0 examples (0.4 s random, 1.4 s guided).
Once compiled (or loaded from the cache: ~0.04 s) the same draw takes a few milliseconds.

:func:`warm` draws a few candidates at the smallest sizes of the statement's ladder, with a
private generator (the check's draws are unchanged), and runs the algorithm on one of them:
what it compiles or loads is then done when the clock starts, and a failure here is left to the
check itself to report.  Once per statement and process; :func:`adaproof.warmup.prepare` calls
it, so the time is reported in ``warmup_s``, never counted in the budget.
"""
from __future__ import annotations

from typing import Any

__all__ = ["warm"]

#: statement keys warmed in this process
_DONE: set[str] = set()


def warm(stmt: Any) -> bool:
    """Run ``stmt``'s algorithm once on a tiny batch (see the module docstring); True when it
    ran now (False: no algorithm, already done, or it failed -- the check then reports)."""
    if getattr(stmt, "trajectory", None) is None or stmt.key in _DONE:
        return False
    _DONE.add(stmt.key)
    import torch
    from .derive import sampler_for, sizes_for
    from .derive.engine import noise_placeholder
    from .statement import SampleContext
    from .verification import SeqValue, _trajectory_env
    try:
        with torch.random.fork_rng(devices=[]):
            gen = torch.Generator().manual_seed(0)
            sizes = sizes_for(stmt)(gen, "smoke")
            inputs = sampler_for(stmt)(SampleContext(B=64, sizes=sizes, generator=gen))
            env: dict = dict(sizes)
            for k, v in inputs.items():
                env[k] = SeqValue(v.data[:2], v.start) if isinstance(v, SeqValue) else v[:2]
            noise_placeholder(stmt, env, sizes)
            _trajectory_env(stmt, env)
        return True
    except Exception:  # noqa: BLE001 - the check evaluates the same and reports what fails
        return False
