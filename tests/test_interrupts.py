"""SIGINT and SIGTERM end a run cleanly: the statement in progress keeps its partial result
(written to the results dir, status ``interrupted``), the summary is printed, the exit code is
130 / 143, no traceback.  In-process, ``check(on_interrupt=...)`` and an interrupt inside the
Hypothesis phase (which must not swallow it)."""
import dataclasses
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from adaproof import lemmas
from adaproof.checker import Terminated, check

ROOT = Path(__file__).resolve().parents[1]
KEY = "adam_linf/lemma-3.12"



def _run_and_signal(tmp_path, sig):
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
               OMP_NUM_THREADS="1", ADAPROOF_RESULTS_DIR=str(tmp_path / "results"),
               ADAPROOF_STORE=str(tmp_path / "store"))
    proc = subprocess.Popen([sys.executable, "-m", "adaproof", "check", KEY, "--budget", "60",
                             "--fresh"], cwd=tmp_path, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        # the CLI announces each statement on stderr when it is not a terminal
        line = proc.stderr.readline()
        assert line.startswith("adaproof: checking " + KEY), line
        time.sleep(1.0)  # into the search (a signal during the replay is fine too)
        proc.send_signal(sig)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    return proc.returncode, out, line + err


@pytest.mark.parametrize("sig,code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_ends_the_cli_run_cleanly(tmp_path, sig, code):
    rc, out, err = _run_and_signal(tmp_path, sig)
    assert rc == code, (out, err)
    assert "Traceback" not in err and "Traceback" not in out
    assert "interrupted by " + ("SIGINT" if code == 130 else "SIGTERM") in err
    # the per-statement line and the summary table
    assert f"{KEY}: interrupted" in out
    assert "INTERRUPTED" in out  # the summary table's row for it
    res = json.loads((tmp_path / "results" / (KEY.replace("/", "__") + ".json")).read_text())
    assert res["status"] == "interrupted" and res["interrupted"] is True
    assert res["best_ratio"] is not None and res["examples"] > 0
    assert res["time_s"] < 60


def test_check_returns_or_raises_the_partial_result():
    calls = []

    def progress(frac):
        calls.append(frac)
        if len(calls) == 2:
            raise KeyboardInterrupt

    stmt = lemmas.get(KEY)
    r = check(stmt, examples=100_000, seed=0, batch=64, progress=progress, on_interrupt="return",
              save=False)
    assert r.interrupted and r.status == "interrupted"
    assert r.best_ratio is not None and 0 < r.examples < 100_000
    assert r.history["random"][-1] == [r.examples, r.best_ratio]
    calls.clear()
    with pytest.raises(KeyboardInterrupt) as info:
        check(stmt, examples=100_000, seed=0, batch=64, progress=progress, save=False)
    partial = info.value.partial_result
    assert partial.interrupted and partial.examples == r.examples


def test_a_counterexample_verified_before_the_interrupt_is_saved(tmp_path):
    stmt = lemmas.get(KEY)
    weak = dataclasses.replace(stmt, rhs=stmt.rhs * 0.5, id=stmt.id + "-weakened-int")

    def progress(frac):
        raise Terminated

    r = check(weak, examples=100_000, seed=0, progress=progress, on_interrupt="return",
              phases=("random",))
    assert r.interrupted
    if r.counterexample is None:  # the first batch held: the interrupt came first
        assert r.status == "interrupted" and r.saved_to is None
    else:
        assert r.status == "violated" and r.saved_to and Path(r.saved_to).exists()


def test_hypothesis_does_not_swallow_the_interrupt(monkeypatch):
    from adaproof.search import hypothesis_phase
    real = hypothesis_phase.evaluate_batch
    seen = []

    def flaky(*a, **kw):
        seen.append(1)
        if len(seen) == 100:
            raise KeyboardInterrupt
        return real(*a, **kw)

    monkeypatch.setattr(hypothesis_phase, "evaluate_batch", flaky)
    r = check(lemmas.get(KEY), examples=20_000, seed=0, batch=64,
              phases=("random", "hypothesis"), on_interrupt="return", save=False)
    assert r.interrupted and r.status == "interrupted"
    assert len(seen) == 100  # nothing ran after the interrupt
    assert r.phases["hypothesis"]["examples"] > 0  # the phase's partial count was kept
    assert r.best_ratio is not None
