"""Every algorithm of the five papers, exactly as its paper analyses it, plus the practical
forms users run, all batched and functional (see :mod:`adaproof.algorithms._core`).

==================  ============================================================================
subpackage          algorithms (one per module)
==================  ============================================================================
``adam_linf``       AdamLinf (ε inside √, no bias correction), RMSPropLinf, SignGD, AdaSGD,
                    BlockwiseAdam (partition Φ), SGDMomentum, ``run_transformed`` (Def. 2.1)
``adam_complexity`` AdamComplexity (Algorithm 1: ν₀ > 0, m₀ given, no ε, no bias correction)
``adagrad_aniso``   AdaGradAniso, AdaGradNorm, SGDAniso (Algorithms 1-3, projection onto W)
``adafactor``       AdafactorPaper (Alg. 1), AdafactorFullBatch (Alg. 2), AdafactorUnfactored
``alphaadam``       AlphaAdam (Alg. 1 as printed), AlphaAdamAnalysed (App. E), CautiousAdam
``practical``       Adam, AdamW, RMSprop, Adagrad (torch.optim), TorchAdafactor, HFAdafactor
==================  ============================================================================

Each algorithm also has a ``torch.optim.Optimizer`` subclass named ``<Algorithm>Optimizer``.
:mod:`adaproof.algorithms.objectives` provides closed-loop objectives and noise laws.
"""
from . import adafactor, adagrad_aniso, adam_complexity, adam_linf, alphaadam, objectives, practical
from ._core import Algorithm, Trajectory, run
from .optim import AlgorithmOptimizer

__all__ = ["Algorithm", "Trajectory", "run", "AlgorithmOptimizer", "adam_linf", "adam_complexity",
           "adagrad_aniso", "adafactor", "alphaadam", "practical", "objectives"]
