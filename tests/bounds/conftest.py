"""Fixtures shared by the rate-calculator tests."""
import pytest
import torch


@pytest.fixture(scope="module")
def one_torch_thread():
    """Small element-wise torch ops on 2 intra-op threads took ~30 ms each on a loaded 2-core
    machine (thread hand-off), 500× the 1-thread time: the instance attacks run single-threaded."""
    n = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(n)
