"""The guided search asks, before each round, whether the exact re-checks of its screen fit at
that round's own sizes (issue 10, no flagged candidate left unverified under --budget smoke: a
T = 200 round after T = 3 rounds flagged 33 candidates with 0.2 s left and its pre-screen call
was cut unfinished).  Fake clocks and example counts: no timed assertion."""
from adaproof import checker, lemmas
from adaproof.deadline import Deadline
from adaproof.deadline import ManualClock as Clock
from adaproof.search import guided
from adaproof.search.guided import guided_search

KEY = "adafactor/eq-45-a"
SMALL = {"T": 3, "m": 4, "n": 8}
LARGE = {"T": 200, "m": 1, "n": 2}


def test_affordable_scales_the_measured_cost_to_a_rounds_new_sizes():
    stmt = lemmas.get(KEY)
    tally = checker._Tally(stmt)
    tally._spent(SMALL, 0.11, 33)  # a T = 3 screen: 33 candidates re-checked in 0.11 s
    clock = Clock(step=0.0)
    dl = Deadline(2.0, clock=clock)
    clock.t = 1.79  # 0.21 s left
    assert checker._affordable(tally, dl, SMALL, 33)  # 33 x 1.5 x 3.3 ms = 0.165 s fits
    # the old rule (the costliest measured sizes) would let the T = 200 round run
    assert dl.left() >= 33 * checker._worst(tally)
    per = tally.resolve_cost(LARGE)
    assert per > tally.resolve_cost(SMALL)  # scaled up by the entries of the larger sizes
    assert not checker._affordable(tally, dl, LARGE, 33)
    clock.t = 0.0  # with the whole budget left it fits
    assert checker._affordable(tally, dl, LARGE, 33) == (2.0 >= 33 * checker.WORST_MARGIN * per)


def test_guided_runs_only_the_rounds_afford_allows():
    stmt = lemmas.get(KEY)
    asked = []

    def small_only(sizes, B):
        asked.append((dict(sizes), B))
        return int(sizes.get("T", 1)) <= 3

    out = guided_search(stmt, None, seed=0, max_examples=200, afford=small_only)
    assert asked and all(B >= 1 for _, B in asked)
    assert any(int(s["T"]) > 3 for s, _ in asked)  # seed 0 draws T = 5 first: refused
    assert out.examples > 0 and out.flagged  # the T = 3 round ran and was screened
    screened = [c.sizes for c in out.flagged] + ([out.best.sizes] if out.best else [])
    assert all(int(s.get("T", 1)) <= 3 for s in screened)
    # every round refused: the search ends after AFFORD_TRIES refusals, nothing screened
    asked.clear()
    out = guided_search(stmt, None, seed=0, max_examples=200,
                        afford=lambda s, B: asked.append(s) or False)
    assert len(asked) == guided.AFFORD_TRIES and out.examples == 0 and out.best is None
