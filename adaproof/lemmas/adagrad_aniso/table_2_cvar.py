r"""Tables 2 and 5 (Section 6.1, Appendix A.1): the printed C_var and C_bias columns.

As printed (Table 2; Table 5 repeats the first three rows and adds C_bias):

    DATASET   D∞     D2      ||L||1  ||L||∞  C_var  C_bias
    a4a       9.73   32.24   14.87   7.26    0.30   0.19
    a6a       8.88   28.57   14.87   7.26    0.31   0.20
    a9a       9.79   29.43   14.87   7.27    0.32   0.23
    real-sim  34.70  729.50  2.00    1.01    0.05
    rcv1.bin  15.32  635.47  2.00    1.02    0.02

with C_var = D∞/D2 and C_bias = (||L||1 D∞²)/(||L||∞ D2²); the datasets' dimensions are
printed in Section 6.1: d = 123 for a4a, a6a, a9a and "d = 47,236 and d = 20,958" for the
latter two (in the order printed: real-sim, rcv1.binary).

Encoded (arithmetic, :mod:`adaproof.arithmetic`, rule ``nearest``, two decimals):

* ``adagrad_aniso/table-2-cvar``: C_var = D∞/D2 for the five rows, and the range
  1/√d <= D∞/D2 <= 1 every C_var must lie in (||·||∞ <= ||·||2 <= √d ||·||∞).  a9a:
  9.79/29.43 = 0.33265..., printed 0.32.
* ``adagrad_aniso/table-5-cbias``: Table 5's C_var (the same three rows) and C_bias.
"""
from __future__ import annotations

import sympy as sp

from ...arithmetic import D, Entry, arithmetic_statement
from ._common import PAPER

# dataset: (D∞, D2, ||L||1, ||L||∞, C_var, C_bias or None, d)
_T2 = {
    "a4a": ("9.73", "32.24", "14.87", "7.26", "0.30", "0.19", 123),
    "a6a": ("8.88", "28.57", "14.87", "7.26", "0.31", "0.20", 123),
    "a9a": ("9.79", "29.43", "14.87", "7.27", "0.32", "0.23", 123),
    "real-sim": ("34.70", "729.50", "2.00", "1.01", "0.05", None, 47236),
    "rcv1.binary": ("15.32", "635.47", "2.00", "1.02", "0.02", None, 20958),
}


def _cvar(name, row):
    dinf, d2, *_ = row
    return Entry(f"{name} C_var", D(dinf) / D(d2), row[4], formula=f"{dinf}/{d2}")


def _range(name, row):
    dinf, d2, d = D(row[0]), D(row[1]), row[6]
    return Entry(f"{name} 1/sqrt(d) <= C_var <= 1 (d = {d})", dinf / d2,
                 bounds=(1 / sp.sqrt(d), 1), formula=f"{row[0]}/{row[1]}")


def _cbias(name, row):
    dinf, d2, l1, linf = row[:4]
    return Entry(f"{name} C_bias", D(l1) * D(dinf) ** 2 / (D(linf) * D(d2) ** 2), row[5],
                 formula=f"{l1}·{dinf}²/({linf}·{d2}²)")


TABLE_2_CVAR = arithmetic_statement(
    f"{PAPER}/table-2-cvar", number="2", kind="claim",
    title="Table 2: the printed C_var = D∞/D2 of each dataset, and its range [1/√d, 1]",
    section="Section 6.1 (Table 2)",
    latex=r"C_{var}=\frac{D_\infty}{D_2}\ \text{(two decimals)},\quad \frac1{\sqrt d}\le "
          r"C_{var}\le1",
    entries=[_cvar(k, v) for k, v in _T2.items()] + [_range(k, v) for k, v in _T2.items()],
    expected="violated",
    source="Table 2 (Section 6.1); dimensions from Section 6.1's text",
    notes="a9a: 9.79/29.43 = 0.3327, printed 0.32 (the other rows round to their printed "
          "values: 0.3018, 0.3108, 0.0476, 0.0241).",
)

TABLE_5_CBIAS = arithmetic_statement(
    f"{PAPER}/table-5-cbias", number="5", kind="claim",
    title="Table 5: the printed C_var = D∞/D2 and C_bias = ||L||1 D∞²/(||L||∞ D2²)",
    section="Appendix A.1 (Table 5)",
    latex=r"C_{var}=\frac{D_\infty}{D_2},\quad C_{bias}=\frac{\|L\|_1D_\infty^2}{\|L\|_\infty "
          r"D_2^2}\ \text{(two decimals)}",
    entries=[_cvar(k, v) for k, v in list(_T2.items())[:3]] +
            [_cbias(k, v) for k, v in list(_T2.items())[:3]],
    expected="violated",
    source="Table 5 (Appendix A.1)",
    notes="C_bias: a4a 0.1866, a6a 0.1979, a9a 0.2263 round to the printed 0.19, 0.20, 0.23; "
          "C_var of a9a is 0.3327, printed 0.32 (as in Table 2).",
)
