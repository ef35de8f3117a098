"""The cache of exact verifications (:mod:`adaproof.replay_cache`, issue 10): an unchanged stored
counterexample replayed violated once is confirmed from the cache afterwards (so it fits a
``smoke`` budget whatever the load), and anything it depends on -- the stored bytes, the code,
the statement -- makes it a miss and an exact replay.  A cache file edited by hand never turns
into a reported violation.  Budgets are examples or a fake clock; nothing is timed."""
import dataclasses
import json
import shutil
from pathlib import Path

import pytest

from adaproof import checker, lemmas, prescreen, replay_cache, verification
from adaproof.checker import check
from adaproof.deadline import Deadline

ROOT = Path(__file__).resolve().parents[1]
B = "adam_linf/theorem-3.2"   # violated as printed; a counterexample ships with it
SHIPPED = ROOT / "counterexamples/adam_linf/theorem-3.2/6d9fdfddc9e3c289.json"
HP = "alphaadam/theorem-3.6-orthogonality"  # high probability: 892 failing draws to confirm


@pytest.fixture
def user_store(tmp_path, monkeypatch):
    root = tmp_path / "store"
    dst = root / B / SHIPPED.name
    dst.parent.mkdir(parents=True)
    shutil.copy(SHIPPED, dst)
    monkeypatch.setenv("ADAPROOF_STORE", str(root))
    monkeypatch.setenv("ADAPROOF_CACHE_DIR", str(tmp_path / "cache"))
    return dst


@pytest.fixture
def replays(monkeypatch):
    """Counts the exact (mpmath) replays the checker runs."""
    calls = []
    real = checker.verify_candidate

    def counted(*a, **k):
        calls.append(a[0].key)
        return real(*a, **k)
    monkeypatch.setattr(checker, "verify_candidate", counted)
    return calls


def _no_search(monkeypatch):
    def boom(*a, **k):
        raise AssertionError("a search phase ran")
    monkeypatch.setattr(checker, "_random_phase", boom)
    monkeypatch.setattr(checker, "_run_phase", boom)


def _cache_files(tmp_path):
    return sorted((tmp_path / "cache" / "verified").rglob("*.json"))


def test_second_replay_comes_from_the_cache_with_the_same_counterexample(
        user_store, replays, monkeypatch, tmp_path):
    _no_search(monkeypatch)
    stmt = lemmas.get(B)
    first = check(stmt, examples=64, seed=0)
    assert first.status == "violated" and first.replay_cached == 0 and replays == [B]
    assert len(_cache_files(tmp_path)) == 1
    second = check(stmt, examples=64, seed=0)
    assert second.status == "violated" and second.replayed and second.replay_cached == 1
    assert replays == [B]  # no second mpmath replay
    assert second.counterexample == first.counterexample
    key = (tmp_path / "cache" / "key")
    assert key.stat().st_mode & 0o777 == 0o600


def test_a_warm_cache_confirms_a_replay_the_deadline_would_cut(user_store, monkeypatch):
    """The failure of issue 10's smoke run: the replay cannot finish in the budget.  Cold, it
    is ``holds, 1 unverified``; warm, the same entry is ``violated`` at once."""
    _no_search(monkeypatch)
    stmt = lemmas.get(B)

    class Jumping:
        t = 0.0

        def __call__(self):
            self.t += 1e-4
            return self.t
    clock = Jumping()

    def passed(budget_s):
        d = Deadline(budget_s, clock=clock)
        clock.t += 1e6  # the budget has ended before the replay starts
        return d
    monkeypatch.setattr(checker, "_new_deadline", passed)
    monkeypatch.setattr(checker, "_replay_balls", lambda *a, **k: None)  # no ball fallback
    cold = check(stmt, "smoke", seed=0, save=False, phases=("random",))
    # the replay was cut and nothing else was evaluated: no verdict (never holds), one unverified
    assert cold.status == "unknown" and cold.replay_unverified == 1 and not cold.passed(True)
    assert check(stmt, examples=64, seed=0).status == "violated"  # warms the cache
    warm = check(stmt, "smoke", seed=0, save=False, phases=("random",))
    assert warm.status == "violated" and warm.replay_unverified == 0 and warm.replay_cached == 1


def test_an_edited_stored_digit_is_a_miss_and_the_mismatch_is_reported(user_store, replays,
                                                                       monkeypatch):
    _no_search(monkeypatch)
    stmt = lemmas.get(B)
    assert check(stmt, examples=64, seed=0).status == "violated"
    e = json.loads(user_store.read_text())
    d = e["lhs"]
    i = len(d) - 6
    e["lhs"] = d[:i] + str((int(d[i]) + 1) % 10) + d[i + 1:]
    user_store.write_text(json.dumps(e))
    r = check(stmt, examples=64, seed=0)
    assert r.status == "error" and "differs from replayed" in r.error
    assert replays == [B, B] and r.replay_cached == 0


@pytest.mark.parametrize("edit", ["value", "mac", "key", "garbage"])
def test_an_edited_cache_file_is_ignored_and_never_a_violation(user_store, replays, monkeypatch,
                                                               tmp_path, edit):
    """A cache file edited by hand fails its HMAC: the entry is replayed exactly.  Forged for a
    statement the stored input does not violate, it still reports nothing violated."""
    _no_search(monkeypatch)
    stmt = lemmas.get(B)
    check(stmt, examples=64, seed=0)
    (path,) = _cache_files(tmp_path)
    rec = json.loads(path.read_text())
    if edit == "value":
        v = json.loads(rec["value"])
        v["ratio"] = 7.5
        rec["value"] = json.dumps(v, sort_keys=True)
    elif edit == "mac":
        rec["mac"] = "0" * 64
    elif edit == "key":
        rec["key"] = "f" * 64
    path.write_text("{not json" if edit == "garbage" else json.dumps(rec))
    r = check(stmt, examples=64, seed=0)
    assert r.replay_cached == 0 and replays == [B, B]
    assert r.status == "violated" and r.counterexample["ratio"] != 7.5
    # a forged record (a valid-looking file without the secret) for a statement the input no
    # longer violates: stale, never violated
    fixed = dataclasses.replace(stmt, rhs=stmt.lhs + 1)
    entry = {k: v for k, v in json.loads(user_store.read_text()).items()}
    fkey = replay_cache.entry_key(fixed, entry)
    forged = path.parent.parent / fkey[:2] / f"{fkey}.json"
    forged.parent.mkdir(parents=True, exist_ok=True)
    value = json.dumps({k: entry[k] for k in ("inputs", "sizes", "lhs", "rhs", "ratio")},
                       sort_keys=True)
    forged.write_text(json.dumps({"key": fkey, "value": value, "mac": "1" * 64}))
    monkeypatch.setattr(checker, "_random_phase", lambda *a, **k: None)
    r = check(fixed, examples=64, seed=0, phases=("random",))
    # stale, never violated; with the search stubbed out nothing was evaluated: no verdict
    assert r.status == "unknown" and r.stale_counterexamples == 1 and r.replay_cached == 0
    assert "no example" in r.reason


def test_another_code_version_or_statement_is_a_miss(user_store, replays, monkeypatch):
    _no_search(monkeypatch)
    stmt = lemmas.get(B)
    check(stmt, examples=64, seed=0)
    monkeypatch.setitem(replay_cache._memo, "code", "another version of the evaluator")
    r = check(stmt, examples=64, seed=0)
    assert r.status == "violated" and r.replay_cached == 0 and len(replays) == 2
    # a copy of the statement (not the registry's object) is described by its content: equal
    # copies share a digest, a changed side does not
    a, b = dataclasses.replace(stmt), dataclasses.replace(stmt)
    assert replay_cache.statement_digest(a) == replay_cache.statement_digest(b)
    assert replay_cache.statement_digest(a) != replay_cache.statement_digest(stmt)
    c = dataclasses.replace(stmt, rhs=2 * stmt.rhs)
    assert replay_cache.statement_digest(c) != replay_cache.statement_digest(a)


def test_the_cache_can_be_turned_off(user_store, replays, monkeypatch, tmp_path):
    _no_search(monkeypatch)
    monkeypatch.setenv("ADAPROOF_CACHE_DIR", "none")
    stmt = lemmas.get(B)
    check(stmt, examples=64, seed=0)
    r = check(stmt, examples=64, seed=0)
    assert r.status == "violated" and r.replay_cached == 0 and len(replays) == 2
    assert not (tmp_path / "cache").exists()


@pytest.mark.skipif(not prescreen.available(), reason="python-flint not installed")
def test_a_high_probability_witness_replays_on_ball_proofs(monkeypatch):
    """Its 892 failing draws are proven in ball arithmetic (one batched call) instead of 892
    mpmath re-checks; mpmath is not needed when the balls prove enough of them."""
    from adaproof import store
    monkeypatch.setenv("ADAPROOF_BUILTIN_STORE", str(ROOT / "counterexamples"))
    stmt = lemmas.get(HP)
    (e,) = [e for e in store.load(stmt) if "_problem" not in e]

    calls = []
    real = verification.verify_candidate

    def counted(*a, **k):
        calls.append(1)
        return real(*a, **k)
    monkeypatch.setattr(verification, "verify_candidate", counted)
    ok, why, ce = stmt.special.replay_one(stmt, e)
    assert ok and why is None and ce["high_probability"] == e["high_probability"]
    assert len(calls) == 1  # the example's 60-digit sides; the other 891 draws: balls
    # should mpmath disagree with the balls, their count is dropped: every draw in mpmath
    import types

    def disagrees(*a, **k):
        calls.append(1)
        return types.SimpleNamespace(hypotheses_hold=True, finite=True, violated=False,
                                     lhs="0", rhs="1", index=None)
    calls.clear()
    monkeypatch.setattr(verification, "verify_candidate", disagrees)
    ok, why, ce = stmt.special.replay_one(stmt, e)
    assert not ok and why is None and ce is None
    assert len(calls) == 1 + e["high_probability"]["confirm"]["failures_float"]
    monkeypatch.undo()
    # the balls' word agrees with mpmath's on draws both decide: a proven draw is violated in
    # mpmath too, a draw the balls leave is passed on, never counted
    import torch
    from adaproof.probability import _bare
    rows, sizes = _rows(stmt, e)
    fail, _ = stmt.special.screen(stmt, rows, sizes, e["high_probability"]["confirm"]["n"])
    flagged = [int(i) for i in torch.nonzero(fail).flatten().tolist()][:4]
    proven, left = stmt.special.count_balls(stmt, rows, sizes, flagged)
    assert proven + len(left) == len(flagged) and proven > 0
    plain = _bare(stmt)
    for i in flagged:
        v = verification.verify_candidate(plain, verification.candidate_inputs(plain, rows, i),
                                          sizes)
        if i not in left:
            assert v.hypotheses_hold and v.violated


def _rows(stmt, e):
    from adaproof.verification import inputs_from_candidates
    conf = e["high_probability"]["confirm"]
    rows, _ = stmt.special._rows(inputs_from_candidates([e["inputs"]]), 0, conf["n"],
                                 dict(e["sizes"]), conf["stream"])
    return rows, dict(e["sizes"])
