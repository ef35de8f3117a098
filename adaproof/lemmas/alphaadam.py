"""Statements of *AlphaAdam: asynchronous masked optimization with dynamic alpha for selective updates (Chang, Li, Yuan)*, paper id ``alphaadam``."""
from __future__ import annotations

PAPER = "alphaadam"
