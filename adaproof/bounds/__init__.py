"""Theorems' explicit bounds and rate calculators (``adaproof rate | tune | complexity``).

Nothing is encoded here yet: the calculators are the subject of an open issue. Statements that
are theorems will register through :mod:`adaproof.registry` like the lemmas do.
"""
__all__: list[str] = []
