"""The README's statement list is the registry's: every registered statement variant, rate
calculator and comparison is listed (regenerate the table with `adaproof report` when adding one),
and every id the README lists exists."""
import re
from pathlib import Path

from adaproof import lemmas
from adaproof.bounds import all_bounds, all_comparisons

README = (Path(__file__).resolve().parents[1] / "README.md").read_text()


def _listed() -> set[str]:
    return set(re.findall(r"^\| `([^`]+)` \|", README, flags=re.M))


def test_every_registered_statement_bound_and_comparison_is_listed():
    listed = _listed()
    missing = [s.key for s in lemmas.all() if s.key not in listed]
    missing += [b.key for b in all_bounds() if b.key not in listed]
    missing += [c.id for c in all_comparisons() if c.id not in listed]
    assert not missing, f"not in the README's tables: {missing}"


def test_every_listed_id_exists():
    known = {s.key for s in lemmas.all()} | {b.key for b in all_bounds()} | \
        {c.id for c in all_comparisons()}
    assert _listed() - known == set()
