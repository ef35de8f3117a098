"""check_finite_ratio / check_not_subnormal take plain Python reals without building tensors
(an algorithm's construction cost, paid on every run() in a benchmark loop); the scalar path
accepts and refuses exactly what the tensor path does."""
import math

import pytest
import torch

from adaproof._validation import AdaproofInputError, check_finite_ratio, check_not_subnormal

VALUES = [0, 1, -1, 0.5, 1e-300, 1e300, -1e300, 2.0 ** -1022, 1e308, math.inf, -math.inf,
          math.nan, 3]
SUBNORMAL = [5e-324, 2.0 ** -1023]
VALUES += SUBNORMAL


def _outcome(f, *args):
    try:
        f(*args)
        return "ok"
    except AdaproofInputError as e:
        return "error:" + str(e).split(";")[0]


@pytest.mark.parametrize("num", VALUES)
@pytest.mark.parametrize("den", VALUES)
def test_ratio_scalar_path_matches_tensor_path(num, den):
    scalar = _outcome(check_finite_ratio, "lr", num, "eps", den)
    tensor = _outcome(check_finite_ratio, "lr", torch.tensor([float(num)], dtype=torch.float64), "eps",
                      torch.tensor([float(den)], dtype=torch.float64))
    assert scalar == tensor


@pytest.mark.parametrize("v", VALUES)
def test_subnormal_scalar_path_matches_tensor_path(v):
    assert _outcome(check_not_subnormal, "eps", v) == _outcome(
        check_not_subnormal, "eps", torch.tensor([float(v)], dtype=torch.float64))


def test_an_int_beyond_float64_is_a_clear_error():
    with pytest.raises(AdaproofInputError, match="lr and eps must be finite reals"):
        check_finite_ratio("lr", 10 ** 400, "eps", 1.0)


@pytest.mark.parametrize("v", SUBNORMAL)
def test_subnormals_are_refused_on_the_scalar_path(v):
    with pytest.raises(AdaproofInputError, match="at least 2..-1022"):
        check_not_subnormal("eps", v)
    with pytest.raises(AdaproofInputError, match="at most 1e.300"):
        check_finite_ratio("lr", 1e-3, "eps", v)
