"""Theorems' explicit bounds and rate calculators (``adaproof rate | tune | complexity``).

>>> from adaproof import bounds
>>> b = bounds.get_bound("adam_linf/theorem-3.2")
>>> b.tune(["eta"], T=100, H=2.0, Delta=1.0).argmin
{'eta': 0.1}

A theorem is also a statement: where an instance family makes it attackable, the theorem is
registered in :mod:`adaproof.lemmas`' registry under the same id (kind ``theorem``, family
``rate``) and ``adaproof check`` runs its algorithm on concrete members of its function class.
"""
from ._core import (BoundValue, ClaimedRate, Comparison, ComparisonResult, ComplexityResult,
                    Param, RateBound, TuneResult, all_bounds, all_comparisons, get_bound,
                    get_comparison, register_bound, register_comparison)

__all__ = ["RateBound", "Param", "ClaimedRate", "BoundValue", "TuneResult", "ComplexityResult",
           "get_bound", "all_bounds", "register_bound", "Comparison", "ComparisonResult",
           "get_comparison", "all_comparisons", "register_comparison"]
