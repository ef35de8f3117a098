"""Algorithms of *Closing the gap between the upper bound and the lower bound of Adam's iteration
complexity* (paper id ``adam_complexity``)."""
from .adam import AdamComplexity, AdamComplexityOptimizer

__all__ = ["AdamComplexity", "AdamComplexityOptimizer"]
