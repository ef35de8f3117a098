r"""Table 3 (Section 4.4): the ablation's averaged validation losses (GPT2-125M, 10k steps).

As printed (validation loss at 20 %, 40 % of training, their "Avg(Early)"; at 60 %, 100 %,
their "Avg(Late)"):

    Baseline AdamW          3.799 3.420 -> 3.610    3.288 3.198 -> 3.243
    AdamW +SM               3.850 3.442 -> 3.646    3.310 3.227 -> 3.269
    Our AdamW +AM           3.717 3.391 -> 3.554    3.282 3.213 -> 3.247
    Our AdamW +AM +Dyn. α   3.658 3.374 -> 3.523    3.271 3.203 -> 3.237

Encoded (``alphaadam/table-3``, arithmetic): each average is the mean of its two losses, in
exact decimals, against the printed three decimals (rule ``nearest``).  "+AM +Dynamic α"
Avg(Early) = (3.658 + 3.374)/2 = 3.516, printed 3.523: off by 0.007, beyond any rounding.
Ties: 3.6095 -> 3.610 and 3.2685 -> 3.269 round up, 3.2475 -> 3.247 down (each within
``nearest``; under ``half-up`` the last would fail, under ``truncate`` the first two).
"""
from __future__ import annotations

from ...arithmetic import D, Entry, arithmetic_statement
from ._common import PAPER

_ROWS = [
    ("Baseline AdamW", ("3.799", "3.420", "3.610"), ("3.288", "3.198", "3.243")),
    ("AdamW +SM", ("3.850", "3.442", "3.646"), ("3.310", "3.227", "3.269")),
    ("Our AdamW +AM", ("3.717", "3.391", "3.554"), ("3.282", "3.213", "3.247")),
    ("Our AdamW +AM +Dynamic alpha", ("3.658", "3.374", "3.523"), ("3.271", "3.203", "3.237")),
]


def _entries():
    for name, early, late in _ROWS:
        for phase, (a, b, avg) in (("Avg(Early)", early), ("Avg(Late)", late)):
            yield Entry(f"{name} {phase}", (D(a) + D(b)) / 2, avg, formula=f"({a} + {b})/2")


TABLE_3 = arithmetic_statement(
    f"{PAPER}/table-3", number="3", kind="claim",
    title="Table 3: Avg(Early) and Avg(Late) are the means of their two validation losses",
    section="4.4 (Table 3)",
    latex=r"\text{Avg(Early)}=\tfrac12(L_{20\%}+L_{40\%}),\ \text{Avg(Late)}=\tfrac12"
          r"(L_{60\%}+L_{100\%})\ \text{per row, to three decimals}",
    entries=list(_entries()),
    expected="violated",
    source="Table 3 (Section 4.4), ablation on GPT2-125M",
    notes="+AM +Dynamic α Avg(Early): (3.658 + 3.374)/2 = 3.516, printed 3.523.",
)
