"""Algorithms of *AlphaAdam: asynchronous masked optimization with dynamic alpha for selective
updates* (paper id ``alphaadam``): Algorithm 1 as printed (:class:`AlphaAdam`), the variant its
Appendix E analyses (:class:`AlphaAdamAnalysed`) and the Cautious Adam baseline it compares with
(:class:`CautiousAdam`)."""
from .alphaadam import AlphaAdam, AlphaAdamOptimizer
from .alphaadam_analysed import AlphaAdamAnalysed, AlphaAdamAnalysedOptimizer
from .cautious_adam import CautiousAdam, CautiousAdamOptimizer

__all__ = ["AlphaAdam", "AlphaAdamOptimizer", "AlphaAdamAnalysed", "AlphaAdamAnalysedOptimizer",
           "CautiousAdam", "CautiousAdamOptimizer"]
