"""``adaproof check --sampler derived --workers N``: the workers run the derived search (hand-written
samplers ignored) and give the serial derived results, in the serial order."""
from __future__ import annotations

import json
import sys

import pytest

from adaproof import parallel, registry
from adaproof.cli import main

MODULE = '''
import dataclasses
from adaproof import lemmas
base = lemmas.get("adam_linf/lemma-3.12")
lemmas.register(dataclasses.replace(base, id="d9wk/lemma-1", paper="d9wk"))
lemmas.register(dataclasses.replace(base, id="d9wk/halved", paper="d9wk", rhs=base.rhs * 0.5,
                                    expected="violated"))
'''


@pytest.fixture(autouse=True)
def _forget_user_modules():
    """The user module the CLI imported is forgotten (tests/derive/conftest.py restores the
    registry itself)."""
    yield
    for m in [m for m in sys.modules if m.startswith("d9wk_")]:
        del sys.modules[m]


def _run(argv, capsys, monkeypatch, tmp_path, tag):
    monkeypatch.setenv("ADAPROOF_STORE", str(tmp_path / f"store-{tag}"))
    monkeypatch.setenv("ADAPROOF_RESULTS_DIR", str(tmp_path / f"results-{tag}"))
    rc = main(argv)
    out = json.loads(capsys.readouterr().out)
    for r in out:
        for k in ("time_s", "phases", "history", "saved_to"):
            r.pop(k, None)
    return rc, out


@pytest.mark.slow  # three CLI runs, two of them on a spawned pool: ~4 min on the loaded machine
def test_derived_workers_give_the_serial_derived_results(tmp_path, monkeypatch, capsys):
    proj = tmp_path / "proj"
    proj.mkdir()
    (proj / "d9wk_stmts.py").write_text(MODULE)
    (proj / "pyproject.toml").write_text('[tool.adaproof]\nmodules = ["d9wk_stmts"]\n')
    monkeypatch.chdir(proj)
    argv = ["check", "--all", "--paper", "d9wk", "--examples", "60", "--fresh", "--json"]
    rc_ser, serial = _run(argv + ["--sampler", "derived"], capsys, monkeypatch, tmp_path, "s")
    rc_par, par = _run(argv + ["--sampler", "derived", "--workers", "2"], capsys, monkeypatch,
                       tmp_path, "p")
    _, hand = _run(argv + ["--workers", "2"], capsys, monkeypatch, tmp_path, "h")
    assert [r["key"] for r in serial] == ["d9wk/halved", "d9wk/lemma-1"]
    assert rc_ser == rc_par
    assert par == serial  # the workers ran the derived search, seeded as the serial one
    # ... and not the hand-written sampler (which these statements keep): other ratios
    assert [r["best_ratio"] for r in hand] != [r["best_ratio"] for r in par]


def test_resume_keeps_derived_and_hand_results_apart(monkeypatch):
    """A --resume of a derived run never takes a hand-sampler result of the same seed."""
    stmt = registry.get("adam_linf/lemma-3.12")
    ran = []

    def fake_local(tasks, workers, threads, paths, modules, retries, stmts, finish):
        for t in tasks:
            ran.append(t.sampler)
            finish(t, parallel._error_result(stmts[t.key], t, "fake"))

    monkeypatch.setattr(parallel, "_run_local", fake_local)
    prev = {"code_version": parallel.code_version(),
            "statement_hash": parallel.statement_hash(stmt), "status": "holds",
            "run": {"seed": 0, "budget": None, "examples": 10, "shards": 1}, "key": stmt.key}
    parallel.run_checks([stmt], workers=2, examples=10, resume=True, sampler="derived",
                        last=lambda k: prev)
    assert ran == ["derived"]  # the hand result (run without "sampler") was not reused
    with pytest.raises(Exception, match="sampler"):
        parallel.run_checks([stmt], workers=2, examples=10, sampler="derivd")
