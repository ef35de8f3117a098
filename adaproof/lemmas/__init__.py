"""Encoded paper statements (lemmas, proof steps, corollaries), one module per paper.

>>> from adaproof import lemmas
>>> s = lemmas.get("adam_linf/lemma-3.12")
>>> [x.key for x in lemmas.all(paper="adam_complexity")]
['adam_complexity/lemma-5']
"""
from ..registry import get, register, statements

all = statements  # noqa: A001 - the documented name: adaproof.lemmas.all(paper=..., ...)

__all__ = ["get", "all", "statements", "register"]
