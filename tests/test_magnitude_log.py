"""symbolic.magnitude under a logarithm whose argument cancels: the float error of log(u) is the
error of u divided by |u|, so the running-error scale must carry M(u)/|u|.  The derived
sampler's rule 'fl(e) >= 2^-36 M(e) implies e >= 0 exactly' (adaproof.derive.engine) relies on it."""
import math

import mpmath
import sympy as sp
import torch

from adaproof.derive.engine import SAFETY
from adaproof.symbolic import magnitude, mp_eval, torch_eval

x, y, c = sp.symbols("x y c", real=True)
E = c - sp.log(x * x - y)                      # the hypothesis c >= log(x² − y) as e >= 0
X, Y = 1 + 2.0 ** -30, 1 + 2.0 ** -29 - 2.0 ** -52
# x² = 1 + 2^-29 + 2^-60 rounds to 1 + 2^-29: fl(x² − y) = 2^-52, exactly 2^-52 + 2^-60
C = math.log(2.0 ** -52) + 0.002               # between log(fl(u)) and log(u)


def _float(expr, **vals):
    env = {k: torch.tensor([v], dtype=torch.float64) for k, v in vals.items()}
    return float(torch_eval(expr, env, B=1)[0])


def test_the_example_rounds_as_described():
    assert X * X - Y == 2.0 ** -52
    with mpmath.workdps(50):
        assert mp_eval(x * x - y, {"x": mpmath.mpf(X), "y": mpmath.mpf(Y)}) == \
            mpmath.mpf(2) ** -52 + mpmath.mpf(2) ** -60


def test_acceptance_by_the_safety_margin_implies_the_exact_sign():
    val = _float(E, x=X, y=Y, c=C)
    mag = _float(magnitude(E), x=X, y=Y, c=C)
    with mpmath.workdps(50):
        exact = mp_eval(E, {"x": mpmath.mpf(X), "y": mpmath.mpf(Y), "c": mpmath.mpf(C)})
    assert val > 0 and exact < 0                 # float says e > 0, exactly e < 0
    assert not val >= SAFETY * mag, (val, mag)   # so the margin must not accept it


def test_the_log_rule_is_unchanged_on_an_input_and_bounds_the_float_error():
    assert magnitude(sp.log(x)) == sp.Abs(sp.log(x), evaluate=False) + 1
    # across cancellations of every depth the float error stays below 2^-50 M
    for k in range(1, 50):
        xv, yv = 1 + 2.0 ** -30, 1 + 2.0 ** -29 - 2.0 ** -52 * k
        fl = _float(sp.log(x * x - y), x=xv, y=yv)
        mag = _float(magnitude(sp.log(x * x - y)), x=xv, y=yv)
        with mpmath.workdps(50):
            ex = mp_eval(sp.log(x * x - y), {"x": mpmath.mpf(xv), "y": mpmath.mpf(yv)})
        assert abs(fl - ex) <= 2.0 ** -50 * mag, k
