"""Algorithms of *AdaGrad under anisotropic smoothness* (Liu, Pan, Zhang, ICLR 2025; paper id
``adagrad_aniso``): Algorithm 1 (coordinate-wise AdaGrad), Algorithm 2 (SGD), Algorithm 3
(AdaGrad-Norm), each with Option I (projection onto a convex domain ``W``) and Option II
(``W = ℝ^d``), and the domains ``W`` with their projections."""
from .adagrad import AdaGradAniso, AdaGradAnisoOptimizer
from .adagrad_norm import AdaGradNorm, AdaGradNormOptimizer
from .projection import L2Ball, Box, ConvexSet, LinfBall, Unconstrained, as_domain
from .sgd import SGDAniso, SGDAnisoOptimizer

__all__ = [
    "AdaGradAniso", "AdaGradAnisoOptimizer",
    "AdaGradNorm", "AdaGradNormOptimizer",
    "SGDAniso", "SGDAnisoOptimizer",
    "ConvexSet", "Unconstrained", "Box", "LinfBall", "L2Ball", "as_domain",
]
