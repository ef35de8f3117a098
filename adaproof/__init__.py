"""adaproof: executable, attackable statements from the theory of adaptive optimizers."""
from ._validation import AdaproofInputError

__version__ = "0.1.0"
__all__ = ["AdaproofInputError", "__version__"]
