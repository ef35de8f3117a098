"""The figures: drawn from the committed counterexamples and from a check's ratio history."""
from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

matplotlib = pytest.importorskip("matplotlib")
from matplotlib import image as mpimg  # noqa: E402

from adaproof.docs import figures  # noqa: E402

REPO = Path(__file__).resolve().parents[2]


def _png_shape(png: bytes):
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    return mpimg.imread(io.BytesIO(png)).shape


def _stored(rel: str) -> dict:
    return json.loads(next((REPO / "counterexamples" / rel).glob("*.json")).read_text())


@pytest.mark.parametrize("rel,dims", [("adam_linf/theorem-3.2", 1),      # h[i], c[i]
                                      ("adagrad_aniso/eq-17", 2),         # g[t, l]
                                      ("adafactor/lemma-B.3-b", 3)])      # g[t, i, j]
def test_input_figure_from_committed_counterexamples(rel, dims):
    ce = _stored(rel)
    seqs = figures._sequences(ce["inputs"])
    assert seqs and max(_depth(v) for _, _, v in seqs) == dims
    png = figures.input_figure(ce["inputs"], rel)
    h, w = _png_shape(png)[:2]
    assert w > 300 and h > 150


def _depth(v) -> int:
    return 1 + _depth(v[0]) if isinstance(v, list) and v else 0


def test_input_figure_needs_a_sequence():
    assert figures.input_figure({"beta": 0.5, "eta": 0.1}, "scalars only") is None
    assert figures.input_figure({}, "nothing") is None


def test_history_figure_one_line_per_phase():
    hist = {"random": [[0, 0.1], [512, 0.4], [1024, 0.5]],
            "guided": [[1024, 0.5], [1500, 0.93]]}
    png = figures.history_figure(hist, "x", supremum=1.0)
    assert _png_shape(png)[1] > 300
    # absent or empty histories draw nothing (the page says "no history recorded")
    assert figures.history_figure({}, "x", None) is None
    assert figures.history_figure({"random": []}, "x", None) is None
    assert figures.history_figure({"random": [[10, float("nan")]]}, "x", None) is None


def test_trajectory_recomputed_from_a_counterexample():
    """The worst case's trajectory: one run of the paper's algorithm (SignGD here), whose
    first iterate is the input's x0."""
    from adaproof.docs.data import trajectory_of
    from adaproof.registry import get
    ce = _stored("adam_linf/theorem-3.2")
    traj, why = trajectory_of(get("adam_linf/theorem-3.2"), ce["inputs"], ce["sizes"])
    assert why is None and "x" in traj
    x = traj["x"]["values"]
    T, d = ce["sizes"]["T"], ce["sizes"]["d"]
    assert len(x) == T + 1 and len(x[0]) == d
    assert x[0] == pytest.approx(ce["inputs"]["x0"]["values"])
    # SignGD: each coordinate moves by exactly eta per step
    eta = ce["inputs"]["eta"]
    for t in range(T):
        for i in range(d):
            assert abs(x[t + 1][i] - x[t][i]) == pytest.approx(eta) or x[t + 1][i] == x[t][i]
