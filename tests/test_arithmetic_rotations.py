"""adam_linf Table 1's rotated rows (issue 10): exp(tA) for a real skew-symmetric A from one real
``eigh`` of −A² (cos(tW) + A·t·sinc(tW), W = √(−A²)), and ||RᵀΣR||_{1,1} from one symmetric
rank-k update, against the complex-eigh formula the table used before and torch's matrix_exp.
One spawned child computes every experiment value of a statement."""
from __future__ import annotations

import pytest
import torch

from adaproof import arithmetic
from adaproof.arithmetic import Arithmetic, Entry, arithmetic_statement
from adaproof.lemmas.adam_linf import table_1 as T


def _old_rotation(A: torch.Tensor, t: float) -> torch.Tensor:
    """The previous formula: exp(tA) = V exp(itΛ) V^H from the Hermitian eigh of −iA."""
    lam, V = torch.linalg.eigh(-1j * A.to(torch.complex128))
    return ((V * torch.exp(1j * t * lam)) @ V.conj().T).real


def _old_norm11(R: torch.Tensor, sigma: torch.Tensor) -> float:
    return float((R.T @ (sigma[:, None] * R)).abs().sum())


def _skew(d: int, seed: int) -> torch.Tensor:
    M = torch.randn(d, d, generator=torch.Generator().manual_seed(seed), dtype=torch.float64)
    return M - M.T


def _rel(a, b) -> float:
    return float((a - b).abs().max() / b.abs().max()) if torch.is_tensor(a) else abs(a - b) / abs(b)


@pytest.mark.parametrize("d,seed", [(40, 0), (41, 1), (64, 2)])  # odd d: a zero eigenvalue
def test_skew_expm_matches_the_complex_eigh_formula_and_matrix_exp(d, seed):
    A = _skew(d, seed)
    ts = (0.0, 0.002, 0.1, 1.5)
    Rs = T.skew_expm(T.skew_spectral(A), ts)
    for t, R in zip(ts, Rs):
        assert _rel(R, _old_rotation(A, t)) < 1e-10, t
        assert _rel(R, torch.linalg.matrix_exp(t * A)) < 1e-10, t
        assert torch.allclose(R.T @ R, torch.eye(d, dtype=torch.float64), atol=1e-10)
    assert _rel(Rs[0], torch.eye(d, dtype=torch.float64)) < 1e-13


def test_degenerate_and_zero_eigenvalues_are_basis_independent():
    """A block-diagonal A with repeated 2x2 blocks (4-fold eigenvalues of −A²) and zero blocks:
    whatever basis eigh returns inside those eigenspaces, the result is exp(tA)."""
    J = torch.tensor([[0.0, 1.0], [-1.0, 0.0]], dtype=torch.float64)
    A = torch.block_diag(3 * J, 3 * J, J, torch.zeros(3, 3, dtype=torch.float64), 3 * J)
    P = torch.linalg.qr(torch.randn(11, 11, generator=torch.Generator().manual_seed(5),
                                    dtype=torch.float64))[0]
    A = P @ A @ P.T  # still skew-symmetric, now dense
    for t in (0.01, 0.7, 4.0):
        (R,) = T.skew_expm(T.skew_spectral(A), (t,))
        assert _rel(R, torch.linalg.matrix_exp(t * A)) < 1e-10


def test_norm11_congruence_is_the_entrywise_norm_of_rt_sigma_r():
    A = _skew(50, 3)
    sigma = 1.0 / torch.arange(1, 51, dtype=torch.float64) ** 2
    (R,) = T.skew_expm(T.skew_spectral(A), (0.05,))
    assert T.norm11_congruence(R, sigma) == pytest.approx(_old_norm11(R, sigma), rel=1e-12)
    # a wrong triangle bookkeeping (upper only, or the diagonal twice) would be off by far more
    assert abs(T.norm11_congruence(R, sigma) - _old_norm11(R, sigma)) < 1e-9


def test_table_1_entries_are_the_four_times_of_the_appendix():
    rows = [e for e in T.TABLE_1.special.entries if e.kind == "experiment"]
    assert [e.label for e in rows] == [f"Adam (R_{i}), t = {t}"
                                       for i, t in enumerate((0.002, 0.008, 0.015, 0.1), 1)]
    assert T.TIMES == (0.002, 0.008, 0.015, 0.1) and all(e.seeds == 5 for e in rows)


@pytest.mark.slow
def test_table_1_at_d_1000_equals_the_complex_eigh_formula():
    """One seed at the stated size: the new rotated_norm11 against the previous formula."""
    A = T._skew(0)
    sigma = T._sigma_diag()
    lam, V = torch.linalg.eigh(-1j * A.to(torch.complex128))
    for t in T.TIMES:
        R = ((V * torch.exp(1j * t * lam)) @ V.conj().T).real
        old = _old_norm11(R, sigma) / T.DIM
        assert T.rotated_norm11(t, 0) == pytest.approx(old, rel=1e-10)
    assert T.rotated_norm11(0.05, 0) > 0  # a time off the table goes through the same formula


# -- one child per statement --------------------------------------------------------------------
def _table(calls, key="usertable/rot-1"):
    def exp(seed, k):
        calls.append((k, seed))
        return 0.5 + 0.01 * seed
    return arithmetic_statement(
        key, number="1", title="t", section="s", source="s", latex="x", register=False,
        entries=[Entry("a", experiment=lambda s: exp(s, "a"), printed="0.52", seeds=3),
                 Entry("b", experiment=lambda s: exp(s, "b"), printed="0.52", seeds=3)])


def test_prefetch_asks_one_child_for_every_value_seed_major(tmp_path, monkeypatch):
    monkeypatch.setenv("ADAPROOF_CACHE_DIR", "off")
    calls, asked = [], []
    stmt = _table(calls)
    monkeypatch.setattr(arithmetic, "_child_wanted", lambda s: s is stmt)

    def fake_children(key, pairs, module=None):
        asked.append((key, list(pairs), module))
        by = {e.label: e for e in stmt.special.entries}
        for label, seed in pairs:
            yield label, seed, by[label].experiment(seed)
    monkeypatch.setattr(arithmetic, "_children_values", fake_children)
    verdicts = stmt.special.evaluate(stmt)
    assert len(asked) == 1 and asked[0][0] == stmt.key
    assert asked[0][1] == [("a", 0), ("b", 0), ("a", 1), ("b", 1), ("a", 2), ("b", 2)]
    assert asked[0][2] == __name__  # the child imports the experiment's module, not the registry
    assert calls == [("a", 0), ("b", 0), ("a", 1), ("b", 1), ("a", 2), ("b", 2)]  # once each
    assert [v["holds"] for v in verdicts] == [True, True]
    assert verdicts[0]["values"] == ["0.5", "0.51", "0.52"]


def test_without_a_cut_nothing_goes_to_a_child(monkeypatch):
    monkeypatch.setenv("ADAPROOF_CACHE_DIR", "off")
    monkeypatch.setattr(arithmetic, "_children_values",
                        lambda *a: pytest.fail("a child without an armed cut"))
    calls = []
    stmt = _table(calls, "usertable/rot-2")
    assert arithmetic.prefetch(stmt.special, stmt) == {}
    assert all(v["holds"] for v in stmt.special.evaluate(stmt)) and len(calls) == 6


def test_find_takes_the_statement_from_its_module():
    assert arithmetic._find("adam_linf/table-1", T.__name__) is T.TABLE_1
    assert arithmetic._module_of(T.TABLE_1.special.entries[2]) == T.__name__
    assert isinstance(T.TABLE_1.special, Arithmetic)


def _can_arm() -> bool:
    import signal
    import threading
    return (hasattr(signal, "pthread_kill") and threading.current_thread() is threading.main_thread()
            and signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, signal.SIG_IGN, None))


@pytest.mark.skipif(not _can_arm(), reason="needs pthread_kill in the main thread, SIGALRM free")
def test_a_cut_during_the_statement_child_kills_it_and_records_nothing(tmp_path, monkeypatch):
    """adam_linf/table-1 evaluated under an armed cut: one child for all 20 values, far from
    done after 0.3 s; the cut reaches the parent, the child is killed, nothing is cached."""
    import multiprocessing as mp
    from adaproof.deadline import BudgetCut, Deadline
    monkeypatch.setenv("ADAPROOF_CACHE_DIR", str(tmp_path / "cache"))
    asked = []
    real = arithmetic._children_values

    def spy(key, pairs, module=None):
        asked.append((key, len(pairs), module))
        return real(key, pairs, module)
    monkeypatch.setattr(arithmetic, "_children_values", spy)
    d = Deadline(600.0)
    with pytest.raises(BudgetCut):
        with d.preempt("arithmetic", at=d.now() + 0.3):
            T.TABLE_1.special.evaluate(T.TABLE_1)
    assert asked == [(T.TABLE_1.key, 20, T.__name__)]
    assert not mp.active_children()
    assert not list((tmp_path / "cache").rglob("verified/*/*.json"))


def test_values_finished_before_a_cut_stay_cached(tmp_path, monkeypatch):
    from adaproof import replay_cache
    monkeypatch.setenv("ADAPROOF_CACHE_DIR", str(tmp_path / "cache"))
    calls = []
    stmt = _table(calls, "usertable/rot-3")
    monkeypatch.setattr(arithmetic, "_child_wanted", lambda s: s is stmt)

    def cut_after_one(key, pairs, module=None):
        yield pairs[0][0], pairs[0][1], 0.5
        raise KeyboardInterrupt  # the cut, after the first value
    monkeypatch.setattr(arithmetic, "_children_values", cut_after_one)
    with pytest.raises(KeyboardInterrupt):
        stmt.special.evaluate(stmt)
    got = {(lb, s): replay_cache.lookup(stmt, {"experiment": lb, "seed": s}, purpose="experiment")
           for lb in "ab" for s in range(3)}
    assert got[("a", 0)] == {"value": 0.5}
    assert all(v is None for k, v in got.items() if k != ("a", 0))
    # the next evaluation asks the child only for the five values still missing
    asked = []

    def fake(key, pairs, module=None):
        asked.append(list(pairs))
        for label, seed in pairs:
            yield label, seed, 0.5 + 0.01 * seed
    monkeypatch.setattr(arithmetic, "_children_values", fake)
    assert all(v["holds"] for v in stmt.special.evaluate(stmt))
    assert asked == [[("b", 0), ("a", 1), ("b", 1), ("a", 2), ("b", 2)]]
