"""The guided phase runs autograd whatever grad mode the process was left in (a wall-clock cut,
an asynchronous exception, landing inside an earlier no_grad's __enter__ can leave it off; every
later guided phase of the process then failed with 'element 0 of tensors does not require
grad')."""
import torch

from adaproof.declare import scalar, statement
from adaproof.search.guided import guided_search


def test_guided_search_with_grad_mode_left_off():
    x = scalar("x", "(0, 1)", "x")
    s = statement("mine/guided-grad-mode", lhs=x ** 2, rhs=x, hypotheses=[x > 0, x < 1],
                  register=False)
    prev = torch.is_grad_enabled()
    torch.set_grad_enabled(False)
    try:
        out = guided_search(s, None, seed=0, max_examples=64)  # a budget in examples
        assert not torch.is_grad_enabled()  # the caller's mode is restored
    finally:
        torch.set_grad_enabled(prev)
    assert out.examples >= 64 and out.best is not None
    assert out.best.ratio < 1 and getattr(out, "interrupted", None) is None
