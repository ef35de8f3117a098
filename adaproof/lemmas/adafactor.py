"""Statements of *Convergence of Adafactor under non-convex smooth stochastic optimization*, paper id ``adafactor``."""
from __future__ import annotations

PAPER = "adafactor"
