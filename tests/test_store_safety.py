"""The counterexample store and the results files under faults and load (issue 10): atomic
writes with concurrent writer and reader processes, every bad stored file reported as an
``error`` naming it (the other statements still run), tampered digits caught, an unusable store
refused before any search, the store written at the user's project root (issue 9 section 3) and
corrupt results files shown by ``list``/``report`` without a traceback.

No test here searches: every check settles by replaying a counterexample that ships with the
repository (copied into a temporary store), or ends on the stored file's error first."""
import dataclasses
import json
import multiprocessing as mp
import os
import shutil
import sys
from pathlib import Path

import pytest

from adaproof import checker, lemmas, results, store
from adaproof._validation import AdaproofInputError
from adaproof.checker import check
from adaproof.cli import main

ROOT = Path(__file__).resolve().parents[1]
A = "alphaadam/corollary-3.4-adam"   # violated as printed; its stored entry replays in ~0 s
B = "adam_linf/theorem-3.2"          # another, from another paper
SHIPPED = {A: ROOT / "counterexamples/alphaadam/corollary-3.4-adam/29e9adf826e0bbe4.json",
           B: ROOT / "counterexamples/adam_linf/theorem-3.2/6d9fdfddc9e3c289.json"}


@pytest.fixture
def user_store(tmp_path, monkeypatch):
    """A temporary user store holding copies of the shipped entries of A and B."""
    root = tmp_path / "store"
    for key, src in SHIPPED.items():
        dst = root / key / src.name
        dst.parent.mkdir(parents=True)
        shutil.copy(src, dst)
    monkeypatch.setenv("ADAPROOF_STORE", str(root))
    return root


def _entry_file(root: Path, key: str) -> Path:
    return root / key / SHIPPED[key].name


def _no_search(monkeypatch):
    """Make any search phase fail the test: these checks must settle from the store."""
    def boom(*a, **k):
        raise AssertionError("a search phase ran")
    monkeypatch.setattr(checker, "_random_phase", boom)
    monkeypatch.setattr(checker, "_run_phase", boom)


# ---------------------------------------------------------------------------------------------
# concurrency: several writer and reader processes on one store

N_WRITERS, N_READERS, SAVES, LOADS = 2, 3, 150, 1000


def _writer(store_root, wid, n, started):
    os.environ["ADAPROOF_STORE"] = store_root
    stmt = lemmas.get(A)
    ce = json.loads(SHIPPED[A].read_text())
    for i in range(n):  # the same entry again and again, each time with another seed
        store.save(stmt, ce, seed=1000 * wid + i, method="random-sampling")
        started.set()


def _reader(store_root, n, q, started):
    os.environ["ADAPROOF_STORE"] = store_root
    stmt = lemmas.get(A)
    lost = partial = 0
    started.wait(60)  # read while the writers write
    for _ in range(n):
        entries = store.load(stmt)
        good = [e for e in entries if "_problem" not in e]
        if any("_problem" in e for e in entries):
            partial += 1
        if len(good) != 1 or good[0]["lhs"] != "1.0":
            lost += 1
    q.put((n, lost, partial))


def test_concurrent_writers_and_readers_lose_nothing(user_store, capsys):
    lemmas.get(A)  # load the registry once, before forking (each child would rebuild it)
    method = "fork" if sys.platform.startswith("linux") else "spawn"
    ctx = mp.get_context(method)
    q, started = ctx.Queue(), ctx.Event()
    procs = [ctx.Process(target=_writer, args=(str(user_store), w, SAVES, started))
             for w in range(N_WRITERS)]
    procs += [ctx.Process(target=_reader, args=(str(user_store), LOADS, q, started))
              for _ in range(N_READERS)]
    for p in procs:
        p.start()
    counts = [q.get(timeout=120) for _ in range(N_READERS)]
    for p in procs:
        p.join(timeout=120)
        assert p.exitcode == 0
    loads = sum(c[0] for c in counts)
    lost = sum(c[1] for c in counts)
    partial = sum(c[2] for c in counts)
    with capsys.disabled():
        print(f"\n[store concurrency] {N_WRITERS} writers x {SAVES} saves, {N_READERS} readers: "
              f"{loads} loads, {lost} lost, {partial} partial")
    assert loads == N_READERS * LOADS and lost == 0 and partial == 0
    # the last complete write won: a whole file from one of the writers, no temporary left over
    folder = _entry_file(user_store, A).parent
    assert [p.name for p in folder.iterdir()] == [SHIPPED[A].name]
    final = json.loads(_entry_file(user_store, A).read_text())
    assert final["seed"] // 1000 in range(N_WRITERS) and final["seed"] % 1000 < SAVES
    # and it still replays as the violation it is
    r = check(lemmas.get(A), examples=64, seed=0)
    assert r.status == "violated" and r.replayed and r.examples == 0


# ---------------------------------------------------------------------------------------------
# every kind of bad stored file: status error naming the file; the other statement still runs

def _set(key, value):
    def f(e):
        e[key] = value
        return e
    return f


def _drop(key):
    def f(e):
        del e[key]
        return e
    return f


def _nested(outer, inner, value):
    def f(e):
        e[outer][inner] = value
        return e
    return f


CORRUPTIONS = {  # name -> (new file text from the good one, a phrase the error must contain)
    "truncated": (lambda t: t[: len(t) // 2], "not valid JSON"),
    "empty": (lambda t: "", "empty file"),
    "blank": (lambda t: "  \n", "empty file"),
    "list at top level": (lambda t: json.dumps([json.loads(t)]), "top level is a JSON list"),
    "not UTF-8": (lambda t: "\udcff", "unreadable"),
}
EDITS = {
    "missing inputs": (_drop("inputs"), "missing 'inputs'"),
    "missing sizes": (_drop("sizes"), "missing 'sizes'"),
    "missing lhs": (_drop("lhs"), "missing 'lhs'"),
    "missing rhs": (_drop("rhs"), "missing 'rhs'"),
    "missing key": (_drop("key"), "missing 'key'"),
    "string input": (_nested("inputs", "beta", "0.5"), "input 'beta' must be a finite number"),
    "null input": (_nested("inputs", "beta", None), "input 'beta' must be a finite number"),
    "string size": (_nested("sizes", "T", "50"), "size 'T' must be an integer"),
    "float size": (_nested("sizes", "T", 50.0), "size 'T' must be an integer"),
    "negative size": (_nested("sizes", "T", -3), "size 'T' is negative"),
    "inputs a list": (_set("inputs", [0.5]), "'inputs' must be an object"),
    "lhs a number": (_set("lhs", 1.0), "'lhs' must be a string"),
    "rhs not a number": (_set("rhs", "abc"), "'rhs' must be a string holding a finite decimal"),
    "key mismatch": (_set("key", "alphaadam/corollary-3.4-var"), "in the folder of"),
    "unknown input name": (lambda e: {**e, "inputs": {"gamma": 0.5}}, "cannot be replayed"),
}


def _cases():
    for name, (f, phrase) in CORRUPTIONS.items():
        yield pytest.param(f, phrase, id=name)
    for name, (f, phrase) in EDITS.items():
        yield pytest.param(lambda t, f=f: json.dumps(f(json.loads(t)), indent=1), phrase,
                           id=name)


@pytest.mark.parametrize("corrupt, phrase", list(_cases()))
def test_bad_stored_file_is_an_error_and_the_other_statement_runs(user_store, corrupt, phrase,
                                                                  monkeypatch, capsys):
    _no_search(monkeypatch)
    path = _entry_file(user_store, A)
    text = corrupt(path.read_text())
    path.write_bytes(text.encode("utf-8", "surrogateescape"))
    assert main(["check", A, B, "--examples", "64", "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    a, b = out
    assert a["key"] == A and a["status"] == "error" and a["unexpected"]
    assert str(path) in a["error"] and phrase in a["error"], a["error"]
    assert b["key"] == B and b["status"] == "violated" and b["replayed"] and not b["unexpected"]
    # and the file is still there: nothing is deleted or rewritten behind the user's back
    assert path.read_bytes() == text.encode("utf-8", "surrogateescape")


def test_bad_file_beside_a_good_one_is_still_reported(user_store, monkeypatch):
    _no_search(monkeypatch)
    (_entry_file(user_store, A).parent / "0000000000000000.json").write_text("{")
    r = check(lemmas.get(A), examples=64, seed=0)
    assert r.status == "error" and "0000000000000000.json" in r.error
    assert r.counterexample is not None and r.stored_counterexamples == 2  # the good one replayed


@pytest.mark.parametrize("side", ["lhs", "rhs"])
def test_tampered_digits_are_an_error_naming_the_file(user_store, side, monkeypatch):
    _no_search(monkeypatch)
    path = _entry_file(user_store, B)
    e = json.loads(path.read_text())
    digits = e[side]
    # change the 35th significant digit: still a violation, but not what this input gives
    i = len(digits) - 6
    e[side] = digits[:i] + str((int(digits[i]) + 1) % 10) + digits[i + 1:]
    path.write_text(json.dumps(e))
    r = check(lemmas.get(B), examples=64, seed=0)
    assert r.status == "error" and str(path) in r.error
    assert f"stored {side} {e[side]} differs from replayed {digits}" in r.error


def test_untampered_store_replays_cleanly(user_store, monkeypatch):
    _no_search(monkeypatch)
    for key in (A, B):
        r = check(lemmas.get(key), examples=64, seed=0)
        assert r.status == "violated" and r.replayed and r.error is None
        assert r.counterexample["stored"] == str(_entry_file(user_store, key))


def test_entry_that_no_longer_violates_stays_stale(user_store, monkeypatch):
    """A statement fixed under the same key: its stored entry is stale, not an error."""
    _no_search(monkeypatch)
    stmt = lemmas.get(A)
    fixed = dataclasses.replace(stmt, rhs=stmt.lhs + 1)
    monkeypatch.setattr(checker, "_random_phase", lambda *a, **k: None)  # search: nothing
    r = check(fixed, examples=64, seed=0, phases=("random",))
    # stale, not an error and not violated; the search is stubbed out, so no verdict either
    assert r.stale_counterexamples == 1 and r.status == "unknown" and r.error is None
    assert "no example" in r.reason


# ---------------------------------------------------------------------------------------------
# an unusable store or results folder: a clear error before anything is searched

def test_store_that_is_a_file_is_refused_before_searching(tmp_path, monkeypatch, capsys):
    _no_search(monkeypatch)
    bad = tmp_path / "store-file"
    bad.write_text("not a folder")
    monkeypatch.setenv("ADAPROOF_STORE", str(bad))
    assert main(["check", A, B, "--examples", "64"]) == 2
    err = capsys.readouterr().err
    assert str(bad) in err and "is a file, not a folder" in err
    assert "no verified counterexample was lost" in err and "Traceback" not in err
    assert not any(results.results_dir().glob("*.json"))  # nothing ran
    with pytest.raises(AdaproofInputError, match="ADAPROOF_STORE"):
        check(lemmas.get(A), examples=64, seed=0)
    # below a file, too
    monkeypatch.setenv("ADAPROOF_STORE", str(bad / "sub"))
    with pytest.raises(AdaproofInputError, match="is a file"):
        store.ensure_writable()


def test_a_save_that_fails_anyway_keeps_the_counterexample_in_the_message(tmp_path,
                                                                         monkeypatch):
    bad = tmp_path / "f"
    bad.write_text("")
    monkeypatch.setenv("ADAPROOF_STORE", str(bad))
    ce = json.loads(SHIPPED[A].read_text())
    with pytest.raises(AdaproofInputError) as info:
        store.save(lemmas.get(A), ce, seed=0, method="random-sampling")
    msg = str(info.value)
    assert "not lost" in msg and '"beta": 0.9999999895940136' in msg and ce["rhs"] in msg


def test_results_dir_that_is_a_file_is_refused_before_searching(tmp_path, monkeypatch, capsys):
    _no_search(monkeypatch)
    bad = tmp_path / "results-file"
    bad.write_text("")
    monkeypatch.setenv("ADAPROOF_RESULTS_DIR", str(bad))
    assert main(["check", A, "--examples", "64"]) == 2
    err = capsys.readouterr().err
    assert str(bad) in err and "ADAPROOF_RESULTS_DIR" in err and "Traceback" not in err


# ---------------------------------------------------------------------------------------------
# where the store is

def test_store_is_at_the_users_project_root_and_builtins_replay_there(tmp_path, monkeypatch):
    _no_search(monkeypatch)
    proj = tmp_path / "proj"
    (proj / "src" / "deep").mkdir(parents=True)
    (proj / "pyproject.toml").write_text("[project]\nname = 'mine'\n")
    monkeypatch.chdir(proj / "src" / "deep")
    monkeypatch.delenv("ADAPROOF_STORE")
    monkeypatch.delenv("ADAPROOF_BUILTIN_STORE")
    assert store.store_dir() == proj.resolve() / "counterexamples"
    assert store.builtin_store_dir() == ROOT / "counterexamples"
    shipped_before = sorted(p.relative_to(ROOT) for p in (ROOT / "counterexamples").rglob("*"))
    # a built-in statement replays from the read-only built-in store
    r = check(lemmas.get(A), examples=64, seed=0)
    assert r.status == "violated" and r.replayed
    assert r.counterexample["stored"] == str(SHIPPED[A]) and r.saved_to is None
    # a new finding of a user statement goes to the project's store, not the package tree
    mine = dataclasses.replace(lemmas.get(A), id="alphaadam/mine-copy", expected="violated")
    ce = {k: v for k, v in r.counterexample.items() if k != "stored"}
    path = store.save(mine, ce, seed=0, method="random-sampling")
    assert path.is_relative_to(proj.resolve() / "counterexamples" / "alphaadam" / "mine-copy")
    r2 = check(mine, examples=64, seed=0)
    assert r2.status == "violated" and r2.replayed and r2.counterexample["stored"] == str(path)
    assert sorted(p.relative_to(ROOT) for p in (ROOT / "counterexamples").rglob("*")) \
        == shipped_before
    assert not (ROOT / "adaproof" / "counterexamples").exists()


def test_store_without_a_project_is_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.delenv("ADAPROOF_STORE")
    monkeypatch.chdir(tmp_path)
    if store.project_root() is not None:
        pytest.skip("a pyproject.toml above the temporary folder")
    assert store.store_dir() == tmp_path.resolve() / "counterexamples"


def test_checkout_store_is_read_once(monkeypatch):
    """From the adaproof checkout the user store is the built-in one: counted once."""
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("ADAPROOF_STORE")
    monkeypatch.delenv("ADAPROOF_BUILTIN_STORE")
    dirs = store.store_dirs()
    assert [d.resolve() for d, _ in dirs] == [(ROOT / "counterexamples").resolve()]
    entries = store.load(lemmas.get(A))
    assert [e["_path"] for e in entries] == [str(SHIPPED[A])]


def test_builtin_and_user_entries_are_a_union(user_store, monkeypatch):
    monkeypatch.delenv("ADAPROOF_BUILTIN_STORE")
    extra = dict(json.loads(SHIPPED[A].read_text()))
    extra["inputs"] = {"beta": 0.99999999}  # another input: another file in the user store
    store.save(lemmas.get(A), extra, seed=0, method="random-sampling")
    paths = [e["_path"] for e in store.load(lemmas.get(A))]
    assert len(paths) == 3 and str(SHIPPED[A]) in paths  # two user entries, one built-in


# ---------------------------------------------------------------------------------------------
# results files

def test_results_write_read_roundtrip():
    p = results.write({"key": A, "status": "holds", "best_ratio": 0.5})
    assert p == results.result_path(A) and results.read(A)["best_ratio"] == 0.5
    assert results.status(A) == "holds" and results.status(B) == "-"
    assert not [q for q in p.parent.iterdir() if q.suffix == ".tmp"]


BAD_RESULTS = {
    "adam_linf/lemma-3.12": "[]",
    "adam_linf/theorem-3.2": '{"status": "holds", "best_ratio": "abc"}',
    "alphaadam/corollary-3.4-adam": '{"best_ratio": 1.0}',
    "adafactor/lemma-B.3-b": '{"status": "hol',
    "adagrad_aniso/eq-17": "",
}


def test_corrupt_results_files_are_shown_without_traceback(capsys, monkeypatch):
    import adaproof.cli
    monkeypatch.setattr(adaproof.cli, "_proof_summary", lambda s: None)  # not about proofs
    for key, text in BAD_RESULTS.items():
        p = results.result_path(key)
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
    assert main(["list", "--json"]) == 0
    rows = {r["key"]: r for r in json.loads(capsys.readouterr().out)}
    for key in BAD_RESULTS:
        assert rows[key]["last_status"] == "corrupt"
    assert main(["list"]) == 0
    capsys.readouterr()
    assert main(["report", "--format", "json"]) == 0
    rows = {r["key"]: r for r in json.loads(capsys.readouterr().out)}
    for key in BAD_RESULTS:
        assert rows[key]["status"] == "corrupt"
        assert str(results.result_path(key)) in rows[key]["corrupt"]
    assert "'best_ratio' must be a number" in rows["adam_linf/theorem-3.2"]["corrupt"]
    assert "missing 'status'" in rows["alphaadam/corollary-3.4-adam"]["corrupt"]
    assert main(["report"]) == 0
    md = capsys.readouterr().out
    for key in BAD_RESULTS:
        assert f"corrupt results file {results.result_path(key)}" in md
        assert any(line.startswith(f"| `{key}` |") and "| corrupt |" in line
                   for line in md.splitlines())


def test_entry_whose_replay_is_not_finite_is_an_error(user_store, monkeypatch):
    """An input on which a side is undefined (here the right side divides by zero exactly at the
    stored beta) is an error, never a stale entry."""
    from fractions import Fraction
    import sympy as sp
    _no_search(monkeypatch)
    stmt = lemmas.get(A)
    beta = {str(x): x for x in stmt.rhs.free_symbols | stmt.lhs.free_symbols}["beta"]
    stored = json.loads(SHIPPED[A].read_text())["inputs"]["beta"]
    broken = dataclasses.replace(stmt, rhs=1 / (beta - sp.Rational(Fraction(stored))))
    r = check(broken, examples=64, seed=0)
    assert r.status == "error" and "non-finite side" in r.error, r.error
    assert str(_entry_file(user_store, A)) in r.error and r.stale_counterexamples == 0


def test_saved_files_get_the_usual_mode_not_the_temporary_files_0600(user_store):
    if os.name != "posix":
        pytest.skip("POSIX modes")
    umask = os.umask(0o022)
    os.umask(umask)
    p = store.save(lemmas.get(A), json.loads(SHIPPED[A].read_text()), seed=0, method="x")
    assert p.stat().st_mode & 0o777 == 0o666 & ~umask
