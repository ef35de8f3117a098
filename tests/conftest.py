"""Test-wide isolation: counterexamples found by tests (weakened statements) and CLI results
go to temporary folders, never into the repository's store; the built-in (read-only) store is
off, so every check searches unless a test turns it back on.

Under pytest-xdist (``./run test`` runs ``-n <usable CPUs> --dist loadgroup``): each worker
process gets its share of the CPUs as torch's thread count (numba's fused kernels follow it),
so two workers on two cores do not each spin two OpenMP threads; and tests that must share one
process are put in one ``xdist_group`` (:data:`GROUPS`).  ``./run test -n 0`` is the serial run."""
import os

import pytest

#: test path prefix -> xdist group: these tests run in one worker process, in order
GROUPS = {
    # one small documentation site per session (tests/docs/conftest.py) and one browser per
    # module: split over workers, each would build its own
    "tests/docs/": "docs-site",
    # a local Ray cluster (2 CPUs) next to a worker's own tests
    "tests/test_parallel.py": "ray-and-subprocess-pools",
}


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


@pytest.hookimpl(tryfirst=True)  # before xdist's own hook reads the marks
def pytest_collection_modifyitems(config, items):
    for item in items:
        path = item.nodeid.split("::", 1)[0]
        for prefix, group in GROUPS.items():
            if path.startswith(prefix):
                item.add_marker(pytest.mark.xdist_group(group))


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
