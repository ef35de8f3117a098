"""Algorithms of *Convergence of Adafactor under non-convex smooth stochastic optimization*
(paper id ``adafactor``): Algorithm 1 (:class:`AdafactorPaper`), Algorithm 2
(:class:`AdafactorFullBatch`), the unfactored recursion of the proofs (:class:`AdafactorUnfactored`)
and the paper's schedules for beta_{2,k}, rho_k and d_k."""
from ._common import (ConstantBeta2, PaperBeta2, PaperClipThreshold, RelativeStepRho,
                      ShazeerBeta2, SqrtRho)
from .adafactor import AdafactorPaper, AdafactorPaperOptimizer
from .adafactor_full_batch import AdafactorFullBatch, AdafactorFullBatchOptimizer, run_full_batch
from .unfactored import AdafactorUnfactored, AdafactorUnfactoredOptimizer

__all__ = [
    "AdafactorPaper", "AdafactorPaperOptimizer",
    "AdafactorFullBatch", "AdafactorFullBatchOptimizer", "run_full_batch",
    "AdafactorUnfactored", "AdafactorUnfactoredOptimizer",
    "PaperBeta2", "ShazeerBeta2", "ConstantBeta2", "SqrtRho", "RelativeStepRho",
    "PaperClipThreshold",
]
