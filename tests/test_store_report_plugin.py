"""Counterexample store (save, replay, --fresh, stale entries), `adaproof report`, and the
pytest plugin."""
import dataclasses
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from adaproof import lemmas, registry, store
from adaproof.checker import check
from adaproof.cli import main


def _weak(factor=0.5, suffix="half"):
    stmt = lemmas.get("adam_linf/lemma-3.12")
    return dataclasses.replace(stmt, id=f"adam_linf/test-{suffix}", rhs=stmt.rhs * factor,
                               expected="violated")


def test_verified_violation_is_saved_and_replays_without_search():
    weak = _weak()
    first = check(weak, examples=2000, seed=0, phases=("random",))
    assert first.status == "violated" and first.saved_to
    entry = json.loads(Path(first.saved_to).read_text())
    assert entry["key"] == weak.key and entry["library_version"] and entry["digits"] == 60
    assert Path(first.saved_to).is_relative_to(Path(os.environ["ADAPROOF_STORE"]))
    again = check(weak, examples=2000, seed=123, phases=("random",))
    assert again.status == "violated" and again.replayed
    assert again.counterexample["lhs"] == first.counterexample["lhs"]
    assert again.examples == 0  # replay alone settled it: no search ran
    assert not again.unexpected  # expected violated, violated


def test_fresh_does_not_read_the_store(monkeypatch):
    weak = _weak()
    check(weak, examples=2000, seed=0, phases=("random",))
    calls = []
    monkeypatch.setattr(store, "load", lambda s: calls.append(s) or [])
    r = check(weak, examples=2000, seed=0, fresh=True, phases=("random",))
    assert calls == [] and not r.replayed and r.examples > 0


def test_stored_counterexample_that_no_longer_reproduces_is_stale():
    weak = _weak()
    r = check(weak, examples=2000, seed=0, phases=("random",))
    # the statement is "fixed": the same key now carries the true right side
    fixed = dataclasses.replace(weak, rhs=lemmas.get("adam_linf/lemma-3.12").rhs)
    r2 = check(fixed, examples=1000, seed=0, phases=("random",))
    assert r2.stale_counterexamples == 1 and r2.status == "holds" and r2.unexpected


def test_report_md_and_json(capsys):
    assert main(["check", "adam_linf/lemma-3.12", "--examples", "400"]) == 0
    capsys.readouterr()
    assert main(["report", "--format", "json"]) == 0
    rows = {r["key"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows["adam_linf/lemma-3.12"]["status"] == "holds"
    assert rows["adam_linf/lemma-3.12"]["best_ratio"] > 0.5
    assert rows["adam_complexity/lemma-5"]["status"] == "not checked"
    assert rows["adam_linf/lemma-3.12"]["proof_steps_proved"] == "4/4"
    assert main(["report"]) == 0
    md = capsys.readouterr().out
    assert md.startswith("| id |") and "`adam_linf/lemma-3.12`" in md


ROOT = Path(__file__).resolve().parents[1]


def _pytest_cmd(*args):
    """pytest in a subprocess with the plugin: through its entry point when adaproof is
    installed, else loaded with -p (and the checkout on PYTHONPATH)."""
    from importlib.metadata import entry_points
    installed = any(e.name == "adaproof" for e in entry_points(group="pytest11"))
    cmd = [sys.executable, "-m", "pytest", *([] if installed else ["-p", "adaproof.pytest_plugin"])]
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return cmd + list(args), env


CONFTEST = '''
import dataclasses
from adaproof import lemmas
stmt = lemmas.get("adam_linf/lemma-3.12")
lemmas.register(dataclasses.replace(stmt, id="user/wrong-lemma", rhs=stmt.rhs * 0.5))
'''


def test_pytest_plugin_collects_user_statements_and_fails_on_violation(tmp_path):
    (tmp_path / "conftest.py").write_text(CONFTEST)
    cmd, env = _pytest_cmd("--adaproof", "--adaproof-builtin", "--adaproof-examples", "1000", "-q", "-p",
                           "no:cacheprovider", "-rf", "-k", "wrong-lemma or lemma-5-linf")
    env["ADAPROOF_STORE"] = str(tmp_path / "store")
    proc = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, env=env, timeout=300)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert "FAILED" in out and "user/wrong-lemma" in out
    assert "expected holds, got violated" in out
    assert "1 passed" in out  # adam_complexity/lemma-5-linf, a library statement, holds


def test_pytest_plugin_is_inert_without_the_flag(tmp_path):
    (tmp_path / "test_x.py").write_text("def test_x():\n    pass\n")
    cmd, env = _pytest_cmd("-q", "-p", "no:cacheprovider")
    proc = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, env=env, timeout=120)
    assert "1 passed" in proc.stdout
