"""Practical forms: the optimizers users run, in PyTorch's / HuggingFace's own parameterisation,
batched in the :class:`~adaproof.algorithms.Algorithm` contract and equal to the reference
implementations step by step (see each module's docstring)."""
from .adam import Adam, AdamOptimizer, AdamW, AdamWOptimizer
from .rmsprop import RMSprop, RMSpropOptimizer
from .adagrad import Adagrad, AdagradOptimizer
from .adafactor import HFAdafactor, HFAdafactorOptimizer, TorchAdafactor, TorchAdafactorOptimizer

__all__ = ["Adam", "AdamW", "RMSprop", "AdamOptimizer", "AdamWOptimizer", "RMSpropOptimizer",
           "Adagrad", "AdagradOptimizer", "TorchAdafactor", "TorchAdafactorOptimizer", "HFAdafactorOptimizer", "HFAdafactor"]
