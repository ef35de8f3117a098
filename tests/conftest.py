"""Test-wide isolation: counterexamples found by tests (weakened statements) and CLI results
go to temporary folders, never into the repository's store; the built-in (read-only) store is
off, so every check searches unless a test turns it back on.

Under pytest-xdist (``./run test`` runs ``-n <usable CPUs> --dist=loadgroup``): each worker
process gets its share of the CPUs as torch's thread count (numba's fused kernels follow it),
so two workers on two cores do not each spin two OpenMP threads; and the tests under a prefix
of :data:`GROUPS` run in one worker, in order.  ``./run test -n 0`` is the serial run."""
import os

import pytest

#: test path prefix -> group: under ``--dist=loadgroup`` these tests run in one worker process
GROUPS = {
    # one small documentation site per session (tests/docs/conftest.py) and one browser per
    # module: split over workers, each would build its own
    "tests/docs/": "docs-site",
    # a local Ray cluster (2 CPUs) and a process pool of 2 next to a worker's own tests
    "tests/test_parallel.py": "ray-and-process-pools",
}


def group_of(nodeid: str) -> str | None:
    path = nodeid.split("::", 1)[0]
    return next((g for prefix, g in GROUPS.items() if path.startswith(prefix)), None)


def _usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def pytest_configure(config):
    workers = os.environ.get("PYTEST_XDIST_WORKER_COUNT")
    if os.environ.get("PYTEST_XDIST_WORKER") and workers:
        import torch
        torch.set_num_threads(max(1, _usable_cpus() // max(1, int(workers))))


@pytest.hookimpl(optionalhook=True)  # a hook of pytest-xdist (absent under -p no:xdist)
def pytest_xdist_make_scheduler(config, log):
    """``--dist=loadgroup`` with :data:`GROUPS` as the groups.  (xdist 3.8's own loadgroup
    marks a group by rewriting the node id, which pytest 9.2 no longer honours: the
    ``xdist_group`` mark is silently ignored there, pytest-xdist issue #1386.)"""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadGroupScheduling

    class PrefixGroups(LoadGroupScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return group_of(nodeid) or super()._split_scope(nodeid)

    return PrefixGroups(config, log)


@pytest.fixture(autouse=True)
def _isolated_store(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("ADAPROOF_STORE", str(tmp_path_factory.mktemp("store")))
    monkeypatch.setenv("ADAPROOF_BUILTIN_STORE", "none")
    monkeypatch.setenv("ADAPROOF_RESULTS_DIR", str(tmp_path_factory.mktemp("results")))
    monkeypatch.setenv("ADAPROOF_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def import_under_cut(tmp_path, monkeypatch):
    """``import_under_cut(name, source)``: write module ``name`` (whose top level runs for about
    0.4 s of wall clock, then ``source``, then sets ``LAST``), import it under a wall-clock cut
    due 0.05 s in, assert the cut is raised, and return (the module, its Deadline)."""
    import importlib
    import sys

    from adaproof.deadline import BudgetCut, Deadline

    def run(name: str, source: str = ""):
        (tmp_path / f"{name}.py").write_text(
            "import sys, time\n"
            "end = time.perf_counter() + 0.4\n"
            "while time.perf_counter() < end:\n"
            "    pass\n"
            + source +
            "LAST = 'defined at the end'\n")
        monkeypatch.syspath_prepend(str(tmp_path))
        sys.modules.pop(name, None)
        d = Deadline(600.0)
        with pytest.raises(BudgetCut):
            with d.preempt("x", at=d.now() + 0.05):
                importlib.import_module(name)  # the cut lands when it returns
                while True:  # (or here)
                    pass
        # a cut inside the module's loop would have failed the import and left no module
        return sys.modules.pop(name), d
    return run
