"""The lean statement path: the worst-index shortcut picks what the general formula picks, the
evaluator asks run() only for the records a statement reads (the others stay reachable through
``BatchEvaluation.env``), and the allocator policy can be turned off."""
import os
import subprocess
import sys

import pytest
import torch

from adaproof import lemmas, verification
from adaproof.statement import SampleContext
from adaproof.verification import _worst_fast, evaluate_batch


def _general_key(lhs, rhs, B):
    """The documented key of evaluate_batch: non-finite margins first, 0/0 last, else the
    relative margin."""
    margin = rhs - lhs
    scale = lhs.abs() + rhs.abs()
    rel = torch.where(scale > 0, margin / scale,
                      torch.where(margin == 0, torch.full_like(margin, float("inf")),
                                  torch.zeros_like(margin)))
    flat = rel.reshape(B, -1)
    bad = ~torch.isfinite(margin.reshape(B, -1))
    return torch.where(bad, torch.full_like(flat, -float("inf")),
                       torch.nan_to_num(flat, nan=-float("inf")))


@pytest.mark.parametrize("shapes", [((6, 7, 3), (6, 1, 1)), ((6, 7, 3), (6, 7, 3)),
                                    ((6, 1, 3), (6, 7, 1)), ((6, 7), (6, 1))])
def test_worst_fast_is_the_general_argmin_or_declines(shapes):
    gen = torch.Generator().manual_seed(0)
    sl, sr = shapes
    B = sl[0]
    used = declined = 0
    for trial in range(40):
        lhs = torch.randn(sl, generator=gen, dtype=torch.float64) * 10.0 ** torch.randint(
            -30, 30, sl, generator=gen).double()
        rhs = torch.randn(sr, generator=gen, dtype=torch.float64) * 10.0 ** torch.randint(
            -30, 30, sr, generator=gen).double()
        if trial % 4 == 1:  # ties: repeated values along the broadcast axes
            lhs = lhs.round()
        if trial % 4 == 2:  # an edge: both sides 0 / a NaN / an inf / an overflowing scale
            lhs.view(-1)[3] = [0.0, float("nan"), float("inf"), 1.7e308][(trial // 4) % 4]
            rhs.view(-1)[0] = [0.0, 1.0, 1.0, -1.7e308][(trial // 4) % 4]
        lhs_b, rhs_b = torch.broadcast_tensors(lhs, rhs)
        key = _general_key(lhs_b, rhs_b, B)
        fast = _worst_fast(lhs_b, rhs_b, B)
        if fast is None:
            margin = (rhs_b - lhs_b).reshape(B, -1)
            scale = (lhs_b.abs() + rhs_b.abs()).reshape(B, -1)
            assert bool((~torch.isfinite(margin)).any() | (scale == 0).any())
            declined += 1
        else:
            assert torch.equal(fast, key.argmin(dim=1))
            used += 1
    assert used >= 20 and declined >= 5


def test_evaluator_asks_run_only_for_what_the_statement_reads(monkeypatch):
    stmt = lemmas.get("adam_complexity/lemma-5")  # reads w only; the algorithm records m, nu
    sizes = {"T": 5, "d": 2}
    inputs = stmt.sampler(SampleContext(B=4, sizes=dict(sizes),
                                        generator=torch.Generator().manual_seed(0)))
    asked = []
    real = verification.run

    def spy(*args, **kwargs):
        asked.append(kwargs.get("record"))
        return real(*args, **kwargs)
    monkeypatch.setattr(verification, "run", spy)
    ev = evaluate_batch(stmt, inputs, sizes)
    assert asked == [()]
    nu = ev.env["nu"]  # filled on first access, by a run with every record
    assert set(asked[-1]) == {"m", "nu"} and nu.data.shape == (4, 6, 2)
    from adaproof.algorithms import run
    alg, kwargs = stmt.trajectory.build({**sizes, **inputs})
    ref = run(alg, check_state=False, **kwargs)
    assert torch.equal(nu.data, ref.series("nu"))


def test_allocator_policy_is_on_by_default_and_can_be_turned_off():
    code = ("from adaproof.threads import retain_freed_memory as r; "
            "a = r(); b = r(); print(a, b)")
    env = dict(os.environ, ADAPROOF_MALLOC="system")
    off = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         check=True).stdout.split()
    assert off == ["False", "False"]
    env.pop("ADAPROOF_MALLOC")
    on = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                        check=True).stdout.split()
    import platform
    expect = "True" if platform.system() == "Linux" and platform.libc_ver()[0] == "glibc" \
        else "False"
    assert on == [expect, expect]


def test_flagged_fused_run_is_returned_without_check_and_matches_the_reference(monkeypatch):
    """AdamComplexity with ν underflowing to 0 on zero-gradient stretches (m/√ν = 0/0): under
    ``check_state=False`` run() returns the fused run (no torch re-run of the batch) and it has
    the reference's non-finite entries exactly and its finite values to a few ulp; with the
    check on it is still an error."""
    from adaproof.algorithms import _core, fused, run
    from adaproof.algorithms.adam_complexity import AdamComplexity
    from adaproof._validation import AdaproofInputError
    if not fused.numba_available():
        pytest.skip("numba not installed")
    gen = torch.Generator().manual_seed(3)
    B, T, d = 6, 40, 3
    g = torch.randn(B, T, d, generator=gen, dtype=torch.float64)
    g[1, 5:] = 0.0  # β₂ tiny: ν underflows to exactly 0 after the gradients stop -> NaN
    g[4, :, 2] = 0.0  # ν₀ tiny and zero gradients on one coordinate
    beta2 = torch.full((B,), 0.5, dtype=torch.float64)
    beta2[1] = 1e-300
    beta2[4] = 1e-200
    nu0 = torch.full((B, d), 1.0, dtype=torch.float64)
    nu0[4, 2] = 1e-300
    alg = AdamComplexity(lr=0.1, beta1=0.0, beta2=beta2, nu0=nu0)
    ref = run(alg, grads=g, backend="torch", check_state=False)
    assert not bool(torch.isfinite(ref.x[1]).all()) and not bool(torch.isfinite(ref.x[4]).all())
    reruns = []
    real = _core._run_torch
    monkeypatch.setattr(_core, "_run_torch", lambda *a, **k: reruns.append(1) or real(*a, **k))
    out = run(alg, grads=g, check_state=False)
    assert reruns == []  # the flagged fused run itself, not a torch re-run of the batch
    for a, b in [(ref.x, out.x)] + [(ref.records[k], out.records[k]) for k in ref.records]:
        fin = torch.isfinite(a)
        assert torch.equal(fin, torch.isfinite(b))
        assert torch.equal(torch.isnan(a), torch.isnan(b))
        assert torch.equal(a[~fin & ~torch.isnan(a)], b[~fin & ~torch.isnan(b)])  # ±inf alike
        scale = a.abs().where(fin, torch.zeros_like(a)).amax().clamp_min(1e-300)
        assert float(((a - b).abs()[fin]).max()) <= 8 * 2.0 ** -52 * float(scale)
    with pytest.raises(AdaproofInputError):
        run(alg, grads=g)  # the check itself is unchanged
    # an algorithm with a guard of its own keeps the torch re-run (which raises its error)
    from adaproof.algorithms.adam_linf import AdamLinf
    g2 = torch.ones(2, 5, 3, dtype=torch.float64)
    g2[0, 1, 2] = 1e200
    with pytest.raises(AdaproofInputError, match="overflow"):
        run(AdamLinf(lr=0.1), grads=g2, check_state=False)


@pytest.mark.parametrize("shapes", [((6, 7, 3), (6, 1, 1)), ((6, 7, 3), (6, 7, 3)),
                                    ((6, 1, 3), (6, 7, 1)), ((6, 7), (6, 1))])
def test_worst_rows_is_the_general_key_row_by_row(shapes):
    """Candidates with a NaN, an inf or a 0/0 among their indices get the general key, the
    others the quotient's argmin: together, bit for bit, the whole-batch general formula."""
    from adaproof.verification import _worst_rows
    gen = torch.Generator().manual_seed(1)
    sl, sr = shapes
    B = sl[0]
    mixed = 0
    for trial in range(40):
        lhs = torch.randn(sl, generator=gen, dtype=torch.float64) * 10.0 ** torch.randint(
            -30, 30, sl, generator=gen).double()
        rhs = torch.randn(sr, generator=gen, dtype=torch.float64) * 10.0 ** torch.randint(
            -30, 30, sr, generator=gen).double()
        if trial % 3 == 1:
            lhs = lhs.round()
        for k in range(trial % 4):  # edges in some rows only
            b = int(torch.randint(B, (1,), generator=gen))
            edge = [(0.0, 0.0), (float("nan"), 1.0), (float("inf"), 1.0), (1.7e308, -1.7e308),
                    (-float("inf"), float("inf"))][(trial + k) % 5]
            lhs[b].view(-1)[-1] = edge[0]
            rhs[b].view(-1)[0] = edge[1]
        lhs_b, rhs_b = torch.broadcast_tensors(lhs, rhs)
        key = _general_key(lhs_b, rhs_b, B)
        bad = ~torch.isfinite((rhs_b - lhs_b).reshape(B, -1))
        arg, nonfinite = _worst_rows(lhs_b, rhs_b, B)
        assert torch.equal(arg, key.argmin(dim=1))
        assert torch.equal(nonfinite, bad.any(dim=1))
        mixed += bool(nonfinite.any()) and not bool(nonfinite.all())
    assert mixed >= 5


def test_box_muller_is_standard_normal_and_reproducible():
    from adaproof.sampling import box_muller
    z = box_muller(SampleContext(B=1, sizes={}, generator=torch.Generator().manual_seed(5)),
                   400, 251)  # an odd count: the last pair is cut
    assert z.shape == (400, 251) and bool(torch.isfinite(z).all())
    assert float(z.abs().max()) < 8.6  # √(−2 log 2⁻⁵³)
    n = z.numel()
    assert abs(float(z.mean())) < 5 / n ** 0.5
    assert abs(float(z.var()) - 1) < 10 / n ** 0.5
    assert abs(float((z ** 4).mean()) - 3) < 0.1  # normal kurtosis, not a uniform's 1.8
    assert abs(float((z > 1.96).double().mean()) - 0.025) < 0.003
    again = box_muller(SampleContext(B=1, sizes={}, generator=torch.Generator().manual_seed(5)),
                       400, 251)
    assert torch.equal(z, again)


def test_lemma_3_12_sampler_draws_only_from_the_context_generator():
    """The same context seed gives the same candidates whatever torch's global generator holds
    (the slack's Exponential factor used to come from the global generator)."""
    stmt = lemmas.get("adam_linf/lemma-3.12")
    outs = []
    for glob in (0, 1):
        torch.default_generator.manual_seed(glob)
        outs.append(stmt.sampler(SampleContext(B=8, sizes={"T": 50},
                                               generator=torch.Generator().manual_seed(3))))
    for k in outs[0]:
        a, b = outs[0][k], outs[1][k]
        assert torch.equal(getattr(a, "data", a), getattr(b, "data", b)), k
    ev = evaluate_batch(stmt, outs[0], {"T": 50})
    assert bool(ev.admissible.all())  # the hypotheses hold by construction, exactly
