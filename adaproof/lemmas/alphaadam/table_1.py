r"""Table 1 (Section 3.2.4): GLUE fine-tuning of RoBERTa-base, the "Avg." column.

As printed (scores per task MRPC, STS-B, CoLA, RTE, SST-2, QNLI, QQP, then Avg.):

    AdamW            89.17 89.65 58.04 68.23 94.24 92.4  90.97  83.24
    Adam-mini        87.01 88.15 55.30 56.32 93.35 92.02 89.79  80.28
    GaLore (rank=8)  86.19 88.97 55.12 69.45 94.15 92.01 89.86  82.25
    LDAdam (rank=8)  88.32 90.03 60.60 67.58 94.49 92.82 91.23  83.58
    CAdamW           88.48 89.65 54.60 70.12 90.98 92.04 91.13  82.42
    AlphaAdam        88.97 90.42 57.25 71.49 93.35 92.18 91.76  83.63

Encoded (``alphaadam/table-1``, an arithmetic claim, :mod:`adaproof.arithmetic`): each Avg. is
the mean of its row's seven scores, in exact decimal arithmetic, against the printed two
decimals (rule ``nearest``: some rounding of the exact mean gives the printed number).
CAdamW's mean is 577.00/7 = 82.428571...: it rounds to 82.43, not the printed 82.42 (truncated;
within the inputs' own rounding, but not the rounding of the mean).
"""
from __future__ import annotations

from ...arithmetic import D, Entry, arithmetic_statement
from ._common import PAPER

_ROWS = {
    "AdamW": ("89.17 89.65 58.04 68.23 94.24 92.4 90.97", "83.24"),
    "Adam-mini": ("87.01 88.15 55.30 56.32 93.35 92.02 89.79", "80.28"),
    "GaLore (rank=8)": ("86.19 88.97 55.12 69.45 94.15 92.01 89.86", "82.25"),
    "LDAdam (rank=8)": ("88.32 90.03 60.60 67.58 94.49 92.82 91.23", "83.58"),
    "CAdamW": ("88.48 89.65 54.60 70.12 90.98 92.04 91.13", "82.42"),
    "AlphaAdam": ("88.97 90.42 57.25 71.49 93.35 92.18 91.76", "83.63"),
}


def _entry(name: str, scores: str, avg: str) -> Entry:
    xs = scores.split()
    return Entry(f"{name} Avg.", sum(D(x) for x in xs) / len(xs), avg,
                 formula=f"({' + '.join(xs)})/{len(xs)}")


TABLE_1 = arithmetic_statement(
    f"{PAPER}/table-1", number="1", kind="claim",
    title="Table 1: each Avg. is the mean of its row's seven GLUE scores",
    section="3.2.4 (Table 1)",
    latex=r"\text{Avg.} = \tfrac17(\text{MRPC}+\text{STS-B}+\text{CoLA}+\text{RTE}+"
          r"\text{SST-2}+\text{QNLI}+\text{QQP})\ \text{per row, to two decimals}",
    entries=[_entry(k, *v) for k, v in _ROWS.items()],
    expected="violated",
    source="Table 1 (Section 3.2.4), RoBERTa-base on GLUE",
    notes="CAdamW: 577.00/7 = 82.428571 is printed 82.42 (it rounds to 82.43; 82.42 is its "
          "truncation). The other five means round to their printed values.",
)
