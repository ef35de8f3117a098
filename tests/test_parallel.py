"""Parallel runs through existing engines (issue 15): ``adaproof check --workers N`` (a spawn
process pool), ``--ray`` (a local Ray cluster), ``--shards``, ``--resume``, and the pytest plugin
under pytest-xdist — each giving the serial results."""
from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from adaproof import parallel, registry
from adaproof.checker import check
from adaproof.cli import main

ROOT = Path(__file__).resolve().parents[1]

MODULE = '''
import dataclasses
from adaproof import lemmas
base = lemmas.get("adam_linf/lemma-3.12")
lemmas.register(dataclasses.replace(base, id="{p}/lemma-1", paper="{p}"))
lemmas.register(dataclasses.replace(base, id="{p}/lemma-2", paper="{p}", rhs=base.rhs * 1.5))
lemmas.register(dataclasses.replace(base, id="{p}/halved", paper="{p}", rhs=base.rhs * 0.5,
                                    expected="violated"))
lemmas.register(dataclasses.replace(base, id="{p}/wrong", paper="{p}", rhs=base.rhs * 0.75))
'''
KEYS = ["halved", "lemma-1", "lemma-2", "wrong"]  # serial (sorted) order


@pytest.fixture(autouse=True)
def _clean_registry():
    registry._load()
    before = dict(registry._REGISTRY)
    yield
    registry._REGISTRY.clear()
    registry._REGISTRY.update(before)
    for m in [m for m in sys.modules if m.startswith("h6par_")]:
        del sys.modules[m]


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A user project: pyproject.toml naming a module of four statements (paper ``par``)."""
    d = tmp_path_factory.mktemp("userproj")
    (d / "h6par_stmts.py").write_text(MODULE.format(p="par"))
    (d / "pyproject.toml").write_text('[tool.adaproof]\nmodules = ["h6par_stmts"]\n')
    return d


def _essentials(r: dict, store: str | None = None) -> dict:
    d = dict(r)
    for k in ("time_s", "phases", "history"):
        d.pop(k, None)
    if d.get("saved_to") and store:
        d["saved_to"] = os.path.relpath(d["saved_to"], store)
    return d


def _run(argv, capsys, monkeypatch, tmp_path, tag):
    store = tmp_path / f"store-{tag}"
    monkeypatch.setenv("ADAPROOF_STORE", str(store))
    monkeypatch.setenv("ADAPROOF_RESULTS_DIR", str(tmp_path / f"results-{tag}"))
    rc = main(argv)
    out = json.loads(capsys.readouterr().out)
    return rc, [_essentials(r, str(store)) for r in out], store


def test_workers_give_the_serial_results_and_exit_code(project, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(project)
    argv = ["check", "--all", "--paper", "par", "--examples", "100", "--json"]
    rc_serial, serial, _ = _run(argv, capsys, monkeypatch, tmp_path, "serial")
    rc_par, par, store = _run(argv + ["--workers", "2"], capsys, monkeypatch, tmp_path, "par")
    assert [r["key"] for r in serial] == [f"par/{k}" for k in KEYS]
    statuses = {r["key"]: r["status"] for r in serial}
    assert statuses["par/halved"] == "violated" and statuses["par/lemma-1"] == "holds"
    assert rc_serial == rc_par == 1  # par/wrong is violated, expected to hold
    assert par == serial  # identical, in the serial order
    # the driver saved the counterexamples the workers found, into its own store
    saved = sorted(str(p.relative_to(store)) for p in store.rglob("*.json"))
    assert saved == sorted(r["saved_to"] for r in par if r["saved_to"])
    assert len(saved) == 2


def test_longest_first_and_results_in_target_order(monkeypatch):
    targets = registry.statements(paper="adam_complexity")[:4]
    times = {targets[0].key: 1.0, targets[1].key: 30.0, targets[3].key: 5.0}  # [2] never ran
    started = []

    def fake_local(tasks, workers, threads, paths, modules, retries, stmts, finish):
        for t in tasks:
            started.append(t.key)
        for t in reversed(tasks):  # finish in another order
            finish(t, parallel._error_result(stmts[t.key], t, "fake"))

    monkeypatch.setattr(parallel, "_run_local", fake_local)
    got = parallel.run_checks(targets, workers=2, examples=10,
                              last=lambda k: {"time_s": times[k]} if k in times else None)
    assert started == [targets[i].key for i in (2, 1, 3, 0)]
    assert [r.key for r in got] == [s.key for s in targets]


def test_shards_merge_as_one_search(monkeypatch, tmp_path, capsys):
    base = registry.get("adam_linf/lemma-3.12")
    weak = registry.register(dataclasses.replace(base, id="shard/weak", paper="shard",
                                                 rhs=base.rhs * 0.5, expected="violated"))
    rc = main(["check", "shard/weak", "--shards", "2", "--examples", "300", "--seed", "5",
               "--json", "--fresh"])
    merged = json.loads(capsys.readouterr().out)[0]
    a = check(weak, examples=300, seed=5, save=False, fresh=True)
    b = check(weak, examples=300, seed=parallel.seed_for(5, "shard/weak", 1), save=False,
              fresh=True)
    assert rc == 0 and a.status == b.status == merged["status"] == "violated"
    assert merged["counterexample"] == a.counterexample  # the lowest shard's
    assert merged["best_ratio"] == max(a.best_ratio, b.best_ratio)
    assert merged["examples"] == a.examples + b.examples
    assert merged["budget_examples"] == 600 and merged["seed"] == 5
    assert merged["saved_to"] and Path(merged["saved_to"]).exists()
    assert parallel.seed_for(5, "shard/weak", 1) != parallel.seed_for(5, "shard/weak", 2)


def test_merge_rules_on_constructed_shards():
    r0 = parallel._error_result(registry.get("adam_linf/lemma-3.12"),
                                parallel.Task("k", 0, 0, "smoke", 10, "cpu", False, 1), "x")
    holds = dataclasses.replace(r0, status="holds", error=None, best_ratio=0.9, examples=10)
    hit = dataclasses.replace(holds, status="violated", best_ratio=1.5, examples=3,
                              counterexample={"lhs": 2}, method="guided")
    later = dataclasses.replace(hit, best_ratio=3.0, counterexample={"lhs": 9})
    m = parallel.merge_shards([holds, r0, hit, later])
    assert (m.status, m.counterexample, m.method) == ("violated", {"lhs": 2}, "guided")
    assert m.best_ratio == 3.0 and m.examples == 16 and "shard 1: x" in m.error
    m = parallel.merge_shards([holds, r0])
    assert m.status == "error" and m.unexpected
    assert parallel.merge_shards([holds, holds]).status == "holds"


def test_resume_skips_what_this_code_already_checked(monkeypatch, capsys):
    base = registry.get("adam_linf/lemma-3.12")
    registry.register(dataclasses.replace(base, id="res/one", paper="res", strategy=None,
                                          reparam=None))  # random sampling only: quick
    argv = ["check", "res/one", "--resume", "--examples", "200", "--json"]
    assert main(argv) == 0
    first = json.loads(capsys.readouterr().out)[0]
    stored = json.loads((Path(os.environ["ADAPROOF_RESULTS_DIR"]) / "res__one.json").read_text())
    assert stored["code_version"] == parallel.code_version()
    assert stored["statement_hash"] == parallel.statement_hash(registry.get("res/one"))
    calls = []
    real = parallel.run_task
    monkeypatch.setattr(parallel, "run_task", lambda t: calls.append(t.key) or real(t))
    assert main(argv) == 0
    assert json.loads(capsys.readouterr().out)[0] == first and calls == []  # skipped
    assert main(argv[:-2] + ["300", "--json"]) == 0  # another budget: checked again
    assert calls == ["res/one"]
    capsys.readouterr()
    # a changed definition under the same key: checked again
    registry._REGISTRY["res/one"] = dataclasses.replace(registry.get("res/one"),
                                                        rhs=base.rhs * 2)
    assert main(argv) == 0 and calls == ["res/one", "res/one"]


def test_bad_parallel_arguments_are_clear_errors(capsys):
    for flag, value in (("--workers", "0"), ("--shards", "-1"), ("--threads", "0"),
                        ("--retries", "-1")):
        assert main(["check", "adam_linf/lemma-3.12", "--workers", "1", flag, value]) == 2
        assert flag.strip("-") in capsys.readouterr().err


# -- Ray: one local cluster (2 CPUs) for the module ---------------------------------------------

@pytest.fixture(scope="module")
def ray_cluster():
    ray = pytest.importorskip("ray")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield ray
    ray.shutdown()


@pytest.mark.ray
def test_ray_gives_the_serial_results_and_ships_the_store(ray_cluster, project, tmp_path,
                                                         monkeypatch, capsys):
    monkeypatch.chdir(project)
    argv = ["check", "par/halved", "par/lemma-1", "par/wrong", "--examples", "100", "--json"]
    rc_serial, serial, _ = _run(argv, capsys, monkeypatch, tmp_path, "serial")
    rc_ray, on_ray, store = _run(argv + ["--ray"], capsys, monkeypatch, tmp_path, "ray")
    assert rc_serial == rc_ray == 1 and on_ray == serial
    assert len(list(store.rglob("*.json"))) == 2  # written by the driver
    # a second run replays the driver's store on the workers (shipped with the tasks)
    monkeypatch.setenv("ADAPROOF_STORE", str(store))
    assert main(argv[:-1] + ["--ray", "--json"]) == 1
    again = {r["key"]: r for r in json.loads(capsys.readouterr().out)}
    assert again["par/halved"]["replayed"] and again["par/wrong"]["replayed"]
    assert Path(again["par/halved"]["counterexample"]["stored"]).is_relative_to(store)
    assert again["par/halved"]["examples"] == 0


# -- pytest-xdist ----------------------------------------------------------------------------------

@pytest.mark.xdist  # in the default run: CI runs the plugin under -n 2 (issue 15)
def test_pytest_plugin_under_xdist_gives_the_serial_results(project, tmp_path):
    pytest.importorskip("xdist")
    from importlib.metadata import entry_points
    installed = any(e.name == "adaproof" for e in entry_points(group="pytest11"))
    out = tmp_path / "out.json"
    cmd = [sys.executable, "-m", "pytest", *([] if installed else ["-p", "adaproof.pytest_plugin"]),
           "-p", "no:cacheprovider", "-n", "2", "--adaproof", "--adaproof-examples", "100",
           "--adaproof-seed", "7", "--adaproof-json", str(out), "-q"]
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
               ADAPROOF_STORE=str(tmp_path / "store"), OMP_NUM_THREADS="1")
    proc = subprocess.run(cmd, cwd=project, capture_output=True, text=True, env=env, timeout=300)
    text = proc.stdout + proc.stderr
    assert proc.returncode == 1, text  # par/wrong: expected holds, violated
    assert "bringing up nodes" in text and "adaproof statements" in text  # xdist ran it
    rows = json.loads(out.read_text())
    assert [r["key"] for r in rows] == [f"par/{k}" for k in KEYS]
    # each statement's result is the serial one for its seed, whichever worker ran it
    sys.path.insert(0, str(project))
    try:
        registry.load_modules(["h6par_stmts"])
    finally:
        sys.path.remove(str(project))
    for r in rows:
        seed = parallel.seed_for(7, r["key"])
        want = check(registry.get(r["key"]), examples=100, seed=seed, save=False, fresh=True)
        assert r["seed"] == seed
        assert _essentials(r, None) | {"saved_to": None} == _essentials(want.to_json())
    saved = sorted(p.parent.name for p in (tmp_path / "store").rglob("*.json"))
    assert saved == ["halved", "wrong"]  # both workers' counterexamples, none lost


CRASHER = '''
import dataclasses, os
from adaproof import lemmas
base = lemmas.get("adam_linf/lemma-3.12")

def die(ctx):  # a worker that dies (as from the OOM killer) mid-check
    os._exit(3)

lemmas.register(dataclasses.replace(base, id="crash/dies", paper="crash", sampler=die))
'''


@pytest.mark.slow
def test_a_dead_worker_is_retried_then_reported_as_an_error(tmp_path, monkeypatch, capsys):
    (tmp_path / "h6par_crash.py").write_text(CRASHER)
    monkeypatch.chdir(tmp_path)
    rc = main(["check", "crash/dies", "--module", "h6par_crash", "--workers", "1",
               "--retries", "1", "--examples", "50", "--json"])
    (r,) = json.loads(capsys.readouterr().out)
    assert rc == 1 and r["status"] == "error" and r["unexpected"]
    assert "worker process died" in r["error"] and "2 time(s)" in r["error"]
