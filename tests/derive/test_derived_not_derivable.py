"""A statement the engine cannot derive is that statement's `error` under sampler='derived', and a
run over many statements goes on (session 10: `check --all --sampler derived` stopped with a usage
error at adagrad_aniso/eq-27, a computed statement, and the 326 remaining were never checked)."""
import json

from adaproof import lemmas
from adaproof.checker import check
from adaproof.cli import main

COMPUTED = "adagrad_aniso/eq-27"      # a matrix claim with Python sides: nothing to derive from
PLAIN = "adagrad_aniso/eq-26-a"


def test_an_underivable_statement_is_an_error_result():
    r = check(lemmas.get(COMPUTED), examples=20, seed=0, fresh=True, save=False,
              sampler="derived")
    assert r.status == "error" and r.unexpected
    assert "sampler='derived'" in r.error and "computed statement" in r.error
    assert r.examples == 0 and not r.passed()
    # with its own sampler it is checked as before
    assert check(lemmas.get(COMPUTED), examples=20, seed=0, fresh=True, save=False).status \
        == "holds"


def test_the_cli_reports_it_and_checks_the_others(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    rc = main(["check", COMPUTED, PLAIN, "--examples", "30", "--fresh", "--sampler", "derived",
               "--json"])
    rows = json.loads(capsys.readouterr().out)
    assert rc == 1
    assert [r["key"] for r in rows] == [COMPUTED, PLAIN]
    assert rows[0]["status"] == "error" and "computed statement" in rows[0]["error"]
    assert rows[1]["status"] == "holds" and rows[1]["examples"] > 0
