"""Rewrite the README's "## Statements" section from the last check results.

Run `./run check` (`adaproof check --all --examples 1000 --strict`) first (it stores one result
per statement under .adaproof/results), then `python tools/update_readme_tables.py`. tests/test_readme.py fails
when a registered statement, calculator or comparison is missing from the README.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from adaproof.bounds import all_bounds, all_comparisons

ROOT = Path(__file__).resolve().parents[1]


#: the "E" column for the statements of other kinds (adaproof.kinds) and their "inputs"
_KIND_MARK = {"high-probability": "P ≥ 1−δ", "arithmetic": "arith", "strict": "strict <",
              "conclusions": "several"}
_KIND_INPUTS = {"high-probability": "law", "arithmetic": "printed"}


def _fmt(x) -> str:
    return "-" if x is None else f"{x:.10g}"


def statements_section(rows: list[dict]) -> str:
    nv = sum(r["status"] == "violated" for r in rows)
    nh = sum(r["status"] == "holds" for r in rows)
    from adaproof.coverage import summary
    from adaproof.registry import get
    out = ["## Statements\n",
           f"{len(rows)} registered statement variants ({nh} hold, {nv} violated as printed), "
           "from `./run check`\n(`adaproof check --all --examples 1000 --strict`, seed 0, CPU; "
           "every flagged candidate resolved exactly).\n\"violated as printed\" means a "
           "counterexample verified at 60 (and 120) digits is in\n`counterexamples/` and replays; "
           "each such statement has a `corrected` variant beside it\n(`adaproof show ID` prints its "
           "reason). Silent hypotheses (ones the proofs use but the statements\nomit) are listed by "
           "`adaproof show`. \"E\" marks a statement in expectation decided by exact\nenumeration "
           "of a finite noise law; \"P ≥ 1−δ\" a high-probability statement (Monte Carlo, exact binomial"
           "\ntest, best ratio = Clopper–Pearson lower bound / δ), \"arith\" an arithmetic claim on printed"
           "\nnumbers (best ratio = |value − printed| / half a unit), \"strict <\" a strict conclusion;"
           " \"proof\" counts the links of its proof chain that SymPy proved;"
           "\n\"inputs\" says whether the attack uses a hand-written sampler or the one derived from "
           "the\nhypotheses (docs/hand-samplers.md says why a hand one stays). "
           "`python tools/update_readme_tables.py`\nregenerates this section.\n"]
    cov = summary()
    if cov:
        out += ["Coverage of the papers' numbered statements (`adaproof/data/coverage/<paper>.toml`; "
                "every pending\nentry records why; the docs site's coverage page lists them):\n",
                "| paper | listed | encoded | pending |", "|---|---|---|---|"]
        out += [f"| {p} | {a} | {b} | {c} |" for p, (a, b, c) in sorted(cov.items())]
        out.append("")
    out += ["| id | family | variant | status | best ratio lhs/rhs | E | proof | inputs |",
            "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        st = "violated as printed" if r["status"] == "violated" else r["status"]
        e = {"exact-enumeration": "exact", "monte-carlo": "MC"}.get(r.get("expectation"), "")
        e = _KIND_MARK.get(r.get("statement_kind"), e)
        if r.get("unverified"):
            st += f", {r['unverified']} unverified"
        inputs = _KIND_INPUTS.get(r.get("statement_kind")) or (
            "hand" if get(r["key"]).sampler is not None else "derived")
        out.append(f"| `{r['key']}` | {r['family']} | {r['variant']} | {st} | "
                   f"{_fmt(r['best_ratio'])} | {e} | {r['proof_steps_proved'] or ''} | {inputs} |")
    bounds, comps = all_bounds(), all_comparisons()
    out += ["", "### Rate calculators and comparisons\n",
            f"{len(bounds)} bounds (`adaproof bounds`); each has `rate`, `tune`, `complexity`. The "
            "claimed rate is\nthe paper's, checked against SymPy's order of the explicit bound by "
            "the tests.\n", "| bound | variant | theorem | claimed rate |", "|---|---|---|---|"]
    for b in bounds:
        cr = "-" if b.claimed is None else f"T^({b.claimed.exponent})" + (
            f" (log T)^{b.claimed.log_power}" if b.claimed.log_power else "")
        out.append(f"| `{b.key}` | {b.variant} | {b.title} | {cr} |")
    out += ["", "| comparison | A | B |", "|---|---|---|"]
    out += [f"| `{c.id}` | `{c.a}` | `{c.b}` |" for c in comps]
    return "\n".join(out) + "\n\n"


def main() -> int:
    rep = subprocess.run([sys.executable, "-m", "adaproof", "report", "--format", "json"],
                         capture_output=True, text=True, check=True, cwd=ROOT)
    rows = json.loads(rep.stdout)
    unchecked = [r["key"] for r in rows if r["status"] == "not checked"]
    if unchecked:
        print(f"not checked yet (run adaproof check first): {unchecked}", file=sys.stderr)
        return 1
    path = ROOT / "README.md"
    s = path.read_text()
    a, b = s.index("## Statements"), s.index("## Performance")
    path.write_text(s[:a] + statements_section(rows) + s[b:])
    print(f"README: {len(rows)} statements")
    return 0


if __name__ == "__main__":
    sys.exit(main())
