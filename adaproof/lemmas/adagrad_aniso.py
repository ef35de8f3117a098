"""Statements of *AdaGrad under anisotropic smoothness (Liu, Pan, Zhang; ICLR 2025)*, paper id ``adagrad_aniso``."""
from __future__ import annotations

PAPER = "adagrad_aniso"
