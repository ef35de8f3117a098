"""The fused backend must not change torch's thread count (a global setting of the process).

numba's OpenMP threading layer, when its pool starts, calls ``omp_set_num_threads`` on the
process's shared libgomp, which torch's OpenMP backend reads as its own count: before the fix a
process that had set ``torch.set_num_threads(1)`` found torch on every core after its first fused
run.  Each case runs in a fresh interpreter (numba's pool starts once per process)."""
import os
import subprocess
import sys

import pytest

from adaproof.algorithms import fused

pytestmark = pytest.mark.skipif(not fused.numba_available(), reason="numba not installed")

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

PROBE = """
import torch
{setup}
before = torch.get_num_threads()
import adaproof.algorithms.fused
from adaproof.algorithms import run
from adaproof.algorithms.practical import Adam
after_import = torch.get_num_threads()
run(Adam(), grads=torch.randn(8, 20, 4, dtype=torch.float64), backend="fused")
import numba
print(before, after_import, torch.get_num_threads(), numba.get_num_threads())
"""


def _probe(setup, env_extra):
    env = {k: v for k, v in os.environ.items() if k not in ("OMP_NUM_THREADS", "NUMBA_NUM_THREADS")}
    env.update(PYTHONPATH=ROOT, **env_extra)
    out = subprocess.run([sys.executable, "-c", PROBE.format(setup=setup)], env=env,
                         capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    return [int(v) for v in out.stdout.split()]


def test_set_num_threads_1_survives_a_fused_run():
    before, after_import, after_run, numba_threads = _probe("torch.set_num_threads(1)", {})
    assert before == after_import == after_run == 1
    assert numba_threads == 1  # the kernel follows torch's count


@pytest.mark.slow  # a fresh interpreter each (about 7 s here); the first case runs by default
def test_omp_num_threads_1_survives_a_fused_run():
    before, after_import, after_run, numba_threads = _probe("", {"OMP_NUM_THREADS": "1"})
    assert before == after_import == after_run == 1
    assert numba_threads == 1


@pytest.mark.slow
@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="needs 2 cores")
def test_two_threads_are_followed_not_changed():
    before, after_import, after_run, numba_threads = _probe("torch.set_num_threads(2)", {})
    assert before == after_import == after_run == 2
    assert numba_threads == 2


DIRECT = """
import numpy as np
import torch
torch.set_num_threads(1)
from adaproof.algorithms.fused import _cpu
after_import = torch.get_num_threads()
G = np.ones((3, 40, 2))
bad = np.zeros(3, dtype=np.int64)
_cpu.signgd(G, np.zeros((3, 41, 2)), np.array([[0.1]]), np.empty((1, 1, 1)), np.empty((1, 1, 1)),
            False, False, bad)
after_signgd = torch.get_num_threads()
_cpu.practical_adam_staged(G, np.zeros((3, 2, 2)), np.zeros((3, 2)), np.zeros((3, 2)), 0.1, 0.999,
                           0.001, 1e-8, 1.0, False, np.array([[0.01]]), np.array([[1.0]]), 2, bad)
print(after_import, after_signgd, torch.get_num_threads(), int(bad.sum()))
"""


def test_direct_kernel_calls_keep_torchs_thread_count():
    """A caller of the numba kernels themselves (not run()) keeps torch's count: importing
    ``_cpu`` starts numba's pool and puts torch's count back (before, the first direct call
    left torch on every core of this 2-core machine)."""
    env = {k: v for k, v in os.environ.items() if k not in ("OMP_NUM_THREADS", "NUMBA_NUM_THREADS")}
    env.update(PYTHONPATH=ROOT)
    out = subprocess.run([sys.executable, "-c", DIRECT], env=env, capture_output=True, text=True,
                         timeout=300, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert [int(v) for v in out.stdout.split()] == [1, 1, 1, 0]
