"""The CLI contract: list / show / check, JSON output, exit statuses."""
import dataclasses
import json
import subprocess
import sys

import pytest

from adaproof import lemmas, registry
from adaproof.cli import main


@pytest.fixture(autouse=True)
def _results_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("ADAPROOF_RESULTS_DIR", str(tmp_path / "results"))


def test_list_json_and_last_status(capsys):
    assert main(["list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    keys = {r["key"]: r for r in rows}
    assert {"adam_linf/lemma-3.12", "adam_complexity/lemma-5"} <= set(keys)
    assert keys["adam_linf/lemma-3.12"]["last_status"] == "-"
    assert main(["check", "adam_linf/lemma-3.12", "--examples", "400", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out[0]["status"] == "holds" and out[0]["examples"] > 0
    assert main(["list", "--paper", "adam_linf"]) == 0
    text = capsys.readouterr().out
    assert "adam_linf/lemma-3.12" in text and "holds" in text and "adam_complexity" not in text


def test_show_json_has_symbols_hypotheses_and_latex(capsys):
    assert main(["show", "adam_complexity/lemma-5", "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert {q["name"] for q in info["quantities"]} >= {"eta", "beta1", "beta2", "g", "w"}
    assert any(h["silent"] and "m" in h["latex"] for h in info["hypotheses"])
    assert "\\sqrt" in info["latex_encoded"]


def test_unknown_id_is_a_clear_error(capsys):
    assert main(["show", "adam_linf/lemma-3.21"]) == 2
    err = capsys.readouterr().err
    assert "unknown statement id" in err and "adam_linf/lemma-3.12" in err
    assert main(["check"]) == 2
    assert "--all" in capsys.readouterr().err
    assert main(["check", "adam_linf/lemma-3.12", "--budget", "soon"]) == 2


def test_violated_statement_expected_to_hold_exits_nonzero(capsys):
    stmt = lemmas.get("adam_linf/lemma-3.12")
    weak = dataclasses.replace(stmt, id="test/lemma-3.12-times-0.5", rhs=stmt.rhs * 0.5)
    registry.register(weak)
    try:
        assert main(["check", weak.key, "--examples", "1000", "--json"]) == 1
        out = json.loads(capsys.readouterr().out)[0]
        assert out["status"] == "violated" and out["unexpected"]
        assert float(out["counterexample"]["lhs"]) > float(out["counterexample"]["rhs"])
    finally:
        registry._REGISTRY.pop(weak.key)


def test_console_entry_point_runs():
    proc = subprocess.run([sys.executable, "-m", "adaproof", "list"], capture_output=True,
                          text=True, check=False)
    assert proc.returncode == 0 and "adam_linf/lemma-3.12" in proc.stdout
