"""User statements are first-class (issue 9 §3): a user's module loaded by ``--module``, by the
``[tool.adaproof] modules`` table of the project's pyproject.toml and by an installed package's
``adaproof.statements`` entry point; any registered paper accepted; ``pytest --adaproof``
collecting the user's statements and the built-in papers only when asked."""
from __future__ import annotations

import json
import sys
import textwrap
from importlib.metadata import entry_points

import pytest

from adaproof import registry
from adaproof._validation import AdaproofInputError
from adaproof.cli import main

pytest_plugins = ["pytester"]


def user_module(paper: str) -> str:
    """A user's statement module: three statements made from adam_linf/lemma-3.12 (one holds,
    one that holds with its own id, one with the right side halved: violated as encoded)."""
    return textwrap.dedent(f'''
        import dataclasses
        from adaproof import lemmas
        base = lemmas.get("adam_linf/lemma-3.12")
        lemmas.register(dataclasses.replace(base, id="{paper}/lemma-1", paper="{paper}"))
        lemmas.register(dataclasses.replace(base, id="{paper}/lemma-2", paper="{paper}",
                                            title="the same bound, a second name"))
        lemmas.register(dataclasses.replace(base, id="{paper}/halved", paper="{paper}",
                                            rhs=base.rhs * 0.5, expected="violated"))
    ''')


@pytest.fixture(autouse=True)
def _clean_registry():
    """Statements registered by a test (and its modules) do not leak into later tests."""
    registry._load()
    before = dict(registry._REGISTRY)
    mods = set(sys.modules)
    yield
    registry._REGISTRY.clear()
    registry._REGISTRY.update(before)
    for m in set(sys.modules) - mods:
        if m.startswith("h6user_"):
            del sys.modules[m]


def _project(tmp_path, module: str, paper: str, table: bool):
    (tmp_path / f"{module}.py").write_text(user_module(paper))
    if table:
        (tmp_path / "pyproject.toml").write_text(
            f'[project]\nname = "x"\n\n[tool.adaproof]\nmodules = ["{module}"]\n')
    return tmp_path


def test_module_flag_loads_statements_for_list_show_check_report(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(_project(tmp_path, "h6user_flag", "mine", table=False))
    monkeypatch.setattr(sys, "path", [p for p in sys.path if p not in ("", str(tmp_path))])
    assert main(["show", "mine/lemma-1"]) == 2  # not loaded: unknown id, with the hint
    assert "--module" in capsys.readouterr().err
    assert main(["list", "--module", "h6user_flag", "--paper", "mine", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["key"] for r in rows] == ["mine/halved", "mine/lemma-1", "mine/lemma-2"]
    assert main(["show", "mine/lemma-2", "--module", "h6user_flag", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "the same bound, a second name"
    # every statement as expected: lemma-1 holds, halved is found violated
    rc = main(["check", "--all", "--paper", "mine", "--module", "h6user_flag",
               "--examples", "100", "--json"])
    res = {r["key"]: r for r in json.loads(capsys.readouterr().out)}
    assert rc == 0, res
    assert res["mine/halved"]["status"] == "violated" and res["mine/lemma-1"]["status"] == "holds"
    assert main(["report", "--paper", "mine", "--module", "h6user_flag", "--format",
                 "json"]) == 0
    rep = {r["key"]: r for r in json.loads(capsys.readouterr().out)}
    assert rep["mine/halved"]["status"] == "violated" and set(rep) == set(res)


def test_pyproject_table_loads_without_flags(tmp_path, monkeypatch, capsys):
    proj = _project(tmp_path, "h6user_table", "tabled", table=True)
    (proj / "sub").mkdir()
    monkeypatch.chdir(proj / "sub")  # the nearest pyproject.toml upward
    assert main(["list", "--paper", "tabled"]) == 0
    out = capsys.readouterr().out
    assert "tabled/lemma-1" in out and "3 statement(s)" in out
    assert "tabled" in registry.papers() and registry.statements(paper="tabled")


def test_entry_point_makes_an_installed_package_s_statements_appear(tmp_path, monkeypatch,
                                                                      capsys):
    site = tmp_path / "site"
    site.mkdir()
    (site / "h6user_ep.py").write_text(user_module("entry"))
    dist = site / "h6user_ep-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: h6user-ep\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text("[adaproof.statements]\nmine = h6user_ep\n")
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.chdir(tmp_path)
    assert any(e.value == "h6user_ep" for e in entry_points(group="adaproof.statements"))
    assert main(["show", "entry/halved"]) == 0
    assert "expected: violated" in capsys.readouterr().out


def test_a_module_that_fails_to_import_is_a_clear_error(tmp_path, monkeypatch, capsys):
    (tmp_path / "h6user_broken.py").write_text("raise RuntimeError('boom at import')\n")
    monkeypatch.chdir(tmp_path)
    assert main(["list", "--module", "h6user_broken"]) == 2
    err = capsys.readouterr().err
    assert "h6user_broken" in err and "boom at import" in err and "Traceback" not in err
    assert main(["check", "--all", "--module", "h6user_missing_xyz"]) == 2
    err = capsys.readouterr().err
    assert "could not import statement module 'h6user_missing_xyz'" in err
    (tmp_path / "pyproject.toml").write_text('[tool.adaproof]\nmodules = ["h6user_broken"]\n')
    assert main(["list"]) == 2
    assert "pyproject.toml" in capsys.readouterr().err


def test_any_registered_paper_is_accepted_and_unknown_ones_are_named(tmp_path, monkeypatch):
    monkeypatch.chdir(_project(tmp_path, "h6user_papers", "own", table=False))
    registry.load_modules(["h6user_papers"])
    assert registry.papers()[:5] == registry.BUILTIN_PAPERS and "own" in registry.papers()
    assert [s.key for s in registry.statements(paper="own")] == [
        "own/halved", "own/lemma-1", "own/lemma-2"]
    assert not registry.is_builtin("own/lemma-1") and registry.is_builtin("adam_linf/lemma-3.12")
    with pytest.raises(AdaproofInputError, match="paper must be one of .*own.*got 'nope'"):
        registry.statements(paper="nope")
    with pytest.raises(AdaproofInputError, match="already registered"):
        import dataclasses
        registry.register(dataclasses.replace(registry.get("own/lemma-1"), title="other"))


# -- pytest --adaproof (in-process, pytester) ----------------------------------------------------

def _plugin_args():
    installed = any(e.name == "adaproof" for e in entry_points(group="pytest11"))
    return [] if installed else ["-p", "adaproof.pytest_plugin"]


CONFTEST = '''
import dataclasses
from adaproof import lemmas
base = lemmas.get("adam_linf/lemma-3.12")
lemmas.register(dataclasses.replace(base, id="conf/lemma-1", paper="conf"))
'''


def _collected(result) -> list[str]:
    return sorted(line.split("::", 1)[1] for line in result.outlines
                  if line.startswith("adaproof::"))


def test_pytest_collects_user_statements_and_builtins_only_when_asked(pytester):
    pytester.makeconftest(CONFTEST)
    (pytester.path / "h6user_pt.py").write_text(user_module("mine"))
    pytester.makepyprojecttoml('[tool.adaproof]\nmodules = ["h6user_pt"]\n')
    pytester.syspathinsert()
    base = [*_plugin_args(), "-p", "no:cacheprovider", "--adaproof", "--collect-only", "-q"]
    mine = ["mine/halved", "mine/lemma-1", "mine/lemma-2"]
    r = pytester.runpytest(*base)
    assert _collected(r) == sorted(["conf/lemma-1", *mine])  # user statements only
    r.assert_outcomes()  # nothing ran
    assert "4 tests collected" in r.stdout.str()
    r = pytester.runpytest(*base, "--adaproof-paper", "mine")  # the INTERNALERROR
    assert r.ret == 0 and "INTERNALERROR" not in r.stdout.str() + r.stderr.str()
    assert _collected(r) == mine
    r = pytester.runpytest(*base, "--adaproof-paper", "conf", "--adaproof-paper",
                           "adam_complexity")
    want = ["conf/lemma-1"] + [s.key for s in registry.statements(paper="adam_complexity")]
    assert _collected(r) == sorted(want)
    r = pytester.runpytest(*base, "--adaproof-builtin")
    builtin = [s.key for s in registry.statements() if registry.is_builtin(s.key)]
    assert len(builtin) >= 150
    assert _collected(r) == sorted(builtin + ["conf/lemma-1", *mine])
    r = pytester.runpytest(*base, "--adaproof-paper", "nope")
    assert r.ret == pytest.ExitCode.USAGE_ERROR and "INTERNALERROR" not in r.stderr.str()
    assert "got 'nope'" in r.stderr.str()
    r = pytester.runpytest(*base, "--adaproof-module", "h6user_nothere")
    assert r.ret == pytest.ExitCode.USAGE_ERROR and "h6user_nothere" in r.stderr.str()


def test_pytest_runs_a_user_statement_and_reports_it(pytester):
    (pytester.path / "h6user_run.py").write_text(user_module("ran"))
    pytester.syspathinsert()
    r = pytester.runpytest(*_plugin_args(), "-p", "no:cacheprovider", "--adaproof",
                           "--adaproof-module", "h6user_run", "--adaproof-examples", "100",
                           "-k", "halved", "--adaproof-json", "out.json")
    r.assert_outcomes(passed=1)  # expected violated, found violated
    out = r.stdout.str()
    assert "adaproof statements" in out and "1 statement(s): 1 as expected" in out
    assert "ran/halved" in out and "violated" in out
    rows = json.loads((pytester.path / "out.json").read_text())
    assert [x["key"] for x in rows] == ["ran/halved"]
    assert rows[0]["status"] == "violated" and rows[0]["saved_to"]
