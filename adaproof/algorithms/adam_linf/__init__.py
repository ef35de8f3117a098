"""Algorithms of *Adam exploits ℓ∞-geometry of loss landscape via coordinate-wise adaptivity*
(Xie, Mohamadi & Li; paper id ``adam_linf``).

* :class:`AdamLinf` — Algorithm 1 (Adam: ε inside the root, no bias correction, scalar v_0);
* :class:`RMSPropLinf` — Algorithm 1 with β1 = 0 (Theorem 3.5, Corollaries 3.6-3.7);
* :class:`SignGD` — x_t = x_{t-1} − η sign(g_t) (Theorem 3.2; Adam with β1 = β2 = ε = 0);
* :class:`AdaSGD` — Algorithm 2 (one scalar v_t = EMA of ||g_t||^2 / d);
* :class:`BlockwiseAdam` — Algorithm 3 over a partition Φ of the coordinates (Theorem 3.11);
* :class:`SGDMomentum` — the SGD-with-momentum baseline (``torch.optim.SGD`` form);
* :func:`run_transformed` — Definition 2.1: run on L ∘ 𝒯 from 𝒯^{-1}(x_0) (Theorem 2.2), with
  :func:`random_rotation` and :func:`permutation_matrix`.

Each algorithm has a ``torch.optim.Optimizer`` subclass (``<Name>Optimizer``).
"""
from .adam import AdamLinf, AdamLinfOptimizer
from .adasgd import AdaSGD, AdaSGDOptimizer
from .blockwise_adam import BlockwiseAdam, BlockwiseAdamOptimizer, partition_labels
from .rmsprop import RMSPropLinf, RMSPropLinfOptimizer
from .sgd_momentum import SGDMomentum, SGDMomentumOptimizer
from .signgd import SignGD, SignGDOptimizer
from .transformed import TransformedRun, permutation_matrix, random_rotation, run_transformed

__all__ = [
    "AdamLinf", "AdamLinfOptimizer",
    "RMSPropLinf", "RMSPropLinfOptimizer",
    "SignGD", "SignGDOptimizer",
    "AdaSGD", "AdaSGDOptimizer",
    "BlockwiseAdam", "BlockwiseAdamOptimizer", "partition_labels",
    "SGDMomentum", "SGDMomentumOptimizer",
    "run_transformed", "TransformedRun", "random_rotation", "permutation_matrix",
]
