"""Markdown pages of the documentation site, written through mkdocs-gen-files during the build.

:func:`generate` is called by ``gen_pages.py`` (the gen-files script) with the options that
:func:`adaproof.docs.build` put in ``$ADAPROOF_DOCS_OPTIONS``.  :func:`plan` gives the page of
every statement, rate calculator and comparison without building anything.
"""
from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path
from typing import Any, Callable

import sympy as sp

from . import data

PAGE_INDEX = "index.md"
PAGE_ERRATA = "errata.md"
PAGE_COVERAGE = "coverage.md"
INPUT_CHARS = 6000  # inputs longer than this (as JSON) are cut on the page, with a note


# -- paths -----------------------------------------------------------------------------------------
def _slug(key: str) -> str:
    s = key.replace("@", "--")
    return re.sub(r"[^A-Za-z0-9._/\-]", "_", s)


def statement_page(key: str) -> str:
    return f"statements/{_slug(key)}.md"


def bound_page(key: str) -> str:
    return f"rates/{_slug(key)}.md"


def comparison_page(cid: str) -> str:
    return f"comparisons/{_slug(cid)}.md"


def paper_page(paper: str) -> str:
    return f"papers/{_slug(paper)}.md"


def rel(target: str, current: str) -> str:
    """A relative link from page ``current`` to page (or file) ``target``."""
    return posixpath.relpath(target, posixpath.dirname(current) or ".")


def _figure_path(page: str, name: str) -> str:
    return posixpath.join("img", page[:-3] + f"--{name}.png")


# -- text helpers ----------------------------------------------------------------------------------
_MD_SPECIAL = re.compile(r"([\\`*_\[\]$|<>#{}])")


def txt(s: Any) -> str:
    """Plain text made safe for Markdown (and for a table cell)."""
    s = "" if s is None else str(s)
    s = _MD_SPECIAL.sub(lambda m: "&lt;" if m.group(1) == "<" else (
        "&gt;" if m.group(1) == ">" else "\\" + m.group(1)), s)
    return s.replace("\n", " ")


def code(s: Any) -> str:
    s = str(s).replace("`", "'")
    return f"`{s}`" if "|" not in s else "<code>" + s.replace("|", "&#124;").replace(
        "<", "&lt;") + "</code>"


def _tex_cell(tex: str) -> str:
    """LaTeX that may stand inside a Markdown table cell (no bare ``|``)."""
    return tex.replace(r"\|", r"\Vert{}").replace("|", r"\vert{}")


def imath(tex: str) -> str:
    return f"${_tex_cell(tex)}$"


def dmath(tex: str) -> str:
    return f"\n$$\n{tex}\n$$\n"


def fmt(x, digits: int = 6) -> str:
    if x is None:
        return "–"
    if isinstance(x, float):
        return f"{x:.{digits}g}"
    return str(x)


def status_badge(status: str | None) -> str:
    if not status:
        return '<span class="status-none">not checked</span>'
    cls = {"violated": "status-violated", "holds": "status-holds"}.get(status, "status-error")
    return f'<span class="{cls}">{txt(status)}</span>'


def table(header: list[str], rows: list[list[str]]) -> str:
    if not rows:
        return "_none_\n"
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(out) + "\n"


def _json_block(obj, limit: int = INPUT_CHARS) -> str:
    s = json.dumps(obj, indent=1)
    cut = ""
    if len(s) > limit:
        s = s[:limit]
        cut = f"\n… ({len(json.dumps(obj, indent=1)) - limit} more characters)"
    return "```json\n" + s + cut + "\n```\n"


def _details(title: str, body: str, kind: str = "info") -> str:
    ind = "\n".join(("    " + ln) if ln else "" for ln in body.splitlines())
    return f'??? {kind} "{title}"\n{ind}\n'


# -- selection -------------------------------------------------------------------------------------
class Site:
    """What one build renders: the selected objects, their results, the cache, the writer."""

    def __init__(self, options: dict, write: Callable[[str, str | bytes], None]):
        from ..bounds import all_bounds, all_comparisons
        from ..registry import statements
        self.options = options
        self.write = write
        only = set(options.get("only") or [])
        paper = options.get("paper")
        keep = lambda key, p: (not only or key in only) and (paper is None or p == paper)
        self.all_statements = statements()
        self.statements = [s for s in self.all_statements if keep(s.key, s.paper)]
        self.all_bounds = all_bounds()
        self.bounds = [b for b in self.all_bounds if keep(b.key, b.paper)]
        self.comparisons = [c for c in all_comparisons() if keep(c.id, c.paper)]
        self.results = data.load_results(options.get("results") or ".adaproof/results")
        self.cache = data.Cache(options.get("cache"))
        self.by_key = {s.key: s for s in self.all_statements}
        self.bounds_by_id: dict[str, list] = {}
        for b in self.all_bounds:
            self.bounds_by_id.setdefault(b.id, []).append(b)
        self.papers = sorted({x.paper for x in self.statements + self.bounds + self.comparisons})
        self.titles = data.paper_titles()
        self.counts = {"statements": 0, "bounds": 0, "comparisons": 0, "papers": 0,
                       "figures": 0, "pages": {}}
        self.rate_info: dict[str, dict] = {}

    def _selected(self, page: str) -> bool:
        return True

    def link_statement(self, key: str, current: str, label: str | None = None) -> str:
        selected = any(s.key == key for s in self.statements)
        lab = label or code(key)
        return f"[{lab}]({rel(statement_page(key), current)})" if selected else lab

    def link_bound(self, key: str, current: str, label: str | None = None) -> str:
        selected = any(b.key == key for b in self.bounds)
        lab = label or code(key)
        return f"[{lab}]({rel(bound_page(key), current)})" if selected else lab

    def link_paper(self, paper: str, current: str) -> str:
        return (f"[{txt(paper)}]({rel(paper_page(paper), current)})" if paper in self.papers
                else txt(paper))

    def figure(self, page: str, name: str, png: bytes | None, alt: str) -> str | None:
        if png is None:
            return None
        path = _figure_path(page, name)
        self.write(path, png)
        self.counts["figures"] += 1
        return f'![{txt(alt)}]({rel(path, page)}){{ .figure }}\n'

    def result(self, key: str) -> dict | None:
        return self.results.get(key)

    def status(self, s) -> tuple[str | None, dict | None]:
        r = self.result(s.key)
        return (r.get("status") if r else None), r


# -- statement pages ------------------------------------------------------------------------------
def _sizes_text(sizes: dict | None) -> str:
    if not sizes:
        return "–"
    return ", ".join(f"{code(k)} = {v}" for k, v in sizes.items())


def _counterexample_section(site: Site, s, page: str, ce: dict, origin: str) -> list[str]:
    out = [f"Found by {txt(ce.get('method') or '–')}, {txt(origin)}; verified "
           f"{txt(ce.get('verification') or 'exactly')}"
           + (f" at {ce['digits']} digits" if ce.get("digits") else "") + ".\n"]
    rows = [["left side (lhs)", f'<span class="digits">{txt(ce.get("lhs"))}</span>'],
            ["right side (rhs)", f'<span class="digits">{txt(ce.get("rhs"))}</span>'],
            ["margin rhs − lhs", f'<span class="digits">{txt(ce.get("margin"))}</span>'],
            ["ratio lhs / rhs", f'<span class="digits">{txt(ce.get("ratio"))}</span>'],
            ["where (universal index)", txt(json.dumps(ce.get("index"))) if ce.get("index")
             else "–"],
            ["sizes", _sizes_text(ce.get("sizes"))]]
    if ce.get("seed") is not None:
        rows.append(["seed", str(ce["seed"])])
    if ce.get("found"):
        rows.append(["found", txt(ce["found"])])
    out.append(table(["", "value"], rows))
    out.append(_details("Inputs of the counterexample", _json_block(ce.get("inputs")),
                        "example"))
    out.append("Replay it (the store replays first on every check):\n\n"
               f"```console\n$ adaproof check {s.key}\n```\n")
    return out


def render_statement(site: Site, s) -> str:
    page = statement_page(s.key)
    status, r = site.status(s)
    variant = "" if s.variant == "printed" else f" ({s.variant})"
    L = [f"# {txt(s.kind.capitalize())} {txt(s.number)}{txt(variant)}: {txt(s.title)}\n"]
    meta = [f"**id** {code(s.key)}", f"**paper** {site.link_paper(s.paper, page)}",
            f"**section** {txt(s.section or '–')}", f"**family** {txt(s.family)}",
            f"**variant** {txt(s.variant)}", f"**expected** {txt(s.expected)}"]
    L.append(" · ".join(meta) + "\n")
    L.append(_at_a_glance(site, s, r))
    if s.variant != "printed":
        printed = s.id
        lab = site.link_statement(printed, page, "the statement as printed") \
            if printed in site.by_key else "the statement as printed (not registered)"
        L.append(f'!!! note "Corrected variant"\n    This is a corrected variant of {lab}. '
                 f"Reason: {txt(s.reason)}\n")
    else:
        for other in site.all_statements:
            if other.id == s.id and other.variant != "printed":
                L.append(f'!!! note "Corrected variant"\n    {txt(other.variant.capitalize())}: '
                         f"{site.link_statement(other.key, page)}. Reason: {txt(other.reason)}\n")
    L.append("## Statement\n")
    L.append("As printed in the paper:\n" + dmath(s.latex))
    L.append("Encoded relation (what is checked):\n" + dmath(s.relation_latex()))
    if s.source:
        L.append(f"**Source in the paper:** {txt(s.source)}\n")
    if s.noise is not None:
        L.append(f"**In expectation** over the noise {code(s.noise.name)} (law: values "
                 f"{txt(list(s.noise.values))}, probabilities {txt(list(s.noise.probs))}).\n")
    if hasattr(s, "describe"):  # matrix claims, relations between runs (adaproof.computed)
        L.append(txt(s.describe()) + "\n")
    if s.trajectory is not None:
        L.append("The trajectory quantities come from running the paper's algorithm on the "
                 "sampled gradients (and from SymPy recurrences in the exact re-check).\n")

    L.append("## Quantities\n")
    L.append(table(["name", "kind", "domain", "indices", "meaning"],
                   [[code(q.name), txt(q.kind), txt(q.domain),
                     txt(", ".join(f"{a}..{b}" for a, b in zip(q.start, q.extent)) or "–"),
                     txt(q.description)] for q in s.quantities]))

    L.append("## Hypotheses\n")
    if not s.hypotheses:
        L.append("_none beyond the quantities' domains_\n")
    for h in s.hypotheses:
        tag = ' **silent** — used by the proof, not stated by the paper' if h.silent else ""
        L.append(f"- {imath(h.latex())}{tag}" + (f"  \n  _{txt(h.note)}_" if h.note else ""))
    L.append("")

    L.append("## Check status\n")
    if r is None:
        L.append(f"Status: {status_badge(None)} — no result in the results folder. Run "
                 f"`adaproof check {s.key}` to record one.\n")
    else:
        unexpected = r.get("unexpected")
        L.append(f"Status: {status_badge(status)} (expected {txt(s.expected)})"
                 + (" — **unexpected**" if unexpected else "") + "\n")
        rows = [["best ratio lhs / rhs", fmt(r.get("best_ratio"), 12)],
                ["known supremum of the ratio", fmt(s.supremum_ratio, 12)],
                ["examples", fmt(r.get("examples"))],
                ["search", txt(r.get("method"))],
                ["seed / device", f"{txt(r.get('seed'))} / {txt(r.get('device'))}"],
                ["budget (s) / time (s)", f"{fmt(r.get('budget_s'))} / {fmt(r.get('time_s'))}"],
                ["checked", txt(r.get("_checked"))],
                ["library version", txt(r.get("library_version"))]]
        if r.get("error"):
            rows.append(["error", txt(r["error"])])
        L.append(table(["", "value"], rows))
        if r.get("best_input") is not None:
            L.append(f"The best ratio was reached at sizes {_sizes_text(r.get('best_sizes'))}.\n")
            L.append(_details("Input that reached the best ratio",
                              _json_block(r.get("best_input")), "example"))
    if r is None and s.supremum_ratio is not None:
        L.append(f"Known supremum of lhs / rhs over the domain: {fmt(s.supremum_ratio, 12)}.\n")

    L.append("## Counterexample\n")
    ce, origin = None, ""
    if r is not None and r.get("counterexample"):
        ce, origin = r["counterexample"], "in the last check" + (
            " (replayed from the store)" if r.get("replayed") else "")
        ce = {**ce, "method": r.get("method"), "seed": r.get("seed")}
    stored = data.stored_counterexamples(s)
    if ce is None and stored:
        ce, origin = stored[0], f"kept in the counterexample store ({len(stored)} stored)"
    if ce is None:
        L.append("_No counterexample known_" + (
            " (none recorded in the last check, and none in the store)." if r is not None
            else " (no check recorded, and none in the store).") + "\n")
    else:
        L += _counterexample_section(site, s, page, ce, origin)

    L.append("## Proof chain\n")
    if not s.proof:
        L.append("_No proof chain is encoded for this statement._\n")
    else:
        verdicts = data.proof_verdicts(s, site.cache)
        rows = []
        for k, (step, v) in enumerate(verdicts, 1):
            op = "=" if step.relation == "=" else r"\le"
            rows.append([str(k), imath(f"{sp.latex(step.lhs)} {op} {sp.latex(step.rhs)}"),
                         txt(step.via.text()) if step.via is not None else "–",
                         status_badge({"proved": "holds", "disproved": "violated"}.get(v, "undecided"))
                         .replace(">holds<", ">proved<").replace(">violated<", ">disproved<"),
                         txt(step.justification)])
        L.append("Each link checked by SymPy (`adaproof.proofs.check_proof`): *proved*, "
                 "*disproved*, or *undecided* (SymPy could not decide in 15 s; never passed).\n")
        L.append(table(["#", "link", "via", "SymPy", "justification"], rows))

    L.append("## Figures\n")
    L.append("### Best ratio during the search\n")
    hist = (r or {}).get("history")
    fig = data_fig = None
    if hist:
        fig = site.figure(page, "history", _fig_history(hist, s), "best ratio against examples")
    L.append(fig or ("_No history recorded_: the result of the last check holds no ratio "
                     "history per phase" + ("" if r else " (no check recorded)") + ".\n"))
    L.append("### Worst-case input\n")
    inputs, sizes, what = None, None, ""
    if ce is not None:
        inputs, sizes, what = ce.get("inputs"), ce.get("sizes"), "the counterexample"
    elif r is not None and r.get("best_input"):
        inputs, sizes, what = (r["best_input"], r.get("best_sizes"),
                               "the input that reached the best ratio")
    if inputs:
        data_fig = site.figure(page, "input", _fig_input(inputs, s, what),
                               f"worst-case input ({what})")
    if data_fig:
        L.append(f"The sequences of {what}, per coordinate:\n\n" + data_fig)
    else:
        L.append("_No worst-case sequence to plot_" + (
            f": {what} has no sequence input (its scalars are listed above).\n" if inputs
            else ": no counterexample or best input recorded.\n"))
    if inputs and s.trajectory is not None and s.noise is not None:
        L.append(f"_The trajectory is not drawn_: the statement is in expectation over "
                 f"{code(s.noise.name)}, one trajectory per noise path.\n")
    elif inputs and s.trajectory is not None:
        traj, why = data.trajectory_of(s, inputs, sizes or {})
        fig = site.figure(page, "trajectory", _fig_input(traj, s, f"trajectory on {what}"),
                          "trajectory quantities") if traj else None
        if fig:
            L.append(f"The algorithm's trajectory quantities on {what} (one run of the "
                     "algorithm, float64):\n\n" + fig)
        elif why:
            L.append(f"_The trajectory could not be recomputed_: {txt(why)}\n")

    bounds = site.bounds_by_id.get(s.id, [])
    if bounds or s.notes:
        L.append("## Notes\n")
    if s.notes:
        L.append(txt(s.notes) + "\n")
    for b in bounds:
        L.append(f"**Rate calculator with the same id:** {site.link_bound(b.key, page)}"
                 f" — {txt(b.title)}" + (f". {txt(b.notes)}" if b.notes else "") + "\n")
    return "\n".join(L)


def _at_a_glance(site: Site, s, r: dict | None) -> str:
    """One box: last status, best ratio, the witness, the proof chain's tally."""
    items = []
    if r is None:
        items.append(f"status {status_badge(None)}")
    else:
        items.append(f"status {status_badge(r.get('status'))} (expected {txt(s.expected)})"
                     + (" — **unexpected**" if r.get("unexpected") else ""))
        if r.get("best_ratio") is not None:
            items.append(f"best ratio lhs / rhs {fmt(r.get('best_ratio'), 8)} over "
                         f"{fmt(r.get('examples'))} examples")
        if r.get("replayed"):
            items.append("the stored counterexample replayed: no search was needed")
    if s.supremum_ratio is not None:
        items.append(f"known supremum {fmt(s.supremum_ratio, 8)}")
    ce = (r or {}).get("counterexample")
    stored = data.stored_counterexamples(s)
    w = ce or (stored[0] if stored else None)
    if w:
        items.append(f"counterexample: ratio {txt(str(w.get('ratio'))[:12])} at "
                     f"{_sizes_text(w.get('sizes'))}")
    if s.proof:
        v = [x for _, x in data.proof_verdicts(s, site.cache)]
        items.append(f"proof chain: {v.count('proved')}/{len(v)} links proved by SymPy"
                     + (f", {v.count('disproved')} disproved" if "disproved" in v else ""))
    kind = "danger" if (r or {}).get("status") == "violated" or (r is None and w) else (
        "success" if (r or {}).get("status") == "holds" else "abstract")
    body = "\n".join(f"    - {x}" for x in items)
    return f'!!! {kind} "At a glance"\n{body}\n'


def _fig_history(hist, s):
    from .figures import history_figure
    return history_figure(hist, s.key, s.supremum_ratio)


def _fig_input(inputs, s, what):
    from .figures import input_figure
    return input_figure(inputs, f"{s.key}: {what}")


# -- rate pages -----------------------------------------------------------------------------------
def _order_text(exp, logp) -> str:
    if exp is None:
        return "unknown"
    if logp in (None, "0", 0):
        return f"T^({exp})"
    lp = str(logp)
    return f"T^({exp}) (log T)^" + (lp if lp.lstrip("-").isdigit() else f"({lp})")


def _direction(a: dict) -> str | None:
    """For a disagreement: ``faster`` when the derived order is below the claimed one (the
    claim still holds as an upper bound, it is loose), ``slower`` when above (the claimed rate
    does not follow from the bound)."""
    import sympy as sp
    o, c = a.get("order") or {}, a.get("claimed")
    if a.get("agrees") is not False or not c:
        return None
    d = (sp.nsimplify(o["exponent"]), sp.nsimplify(o["log_power"]))
    k = (sp.nsimplify(c["exponent"]), sp.nsimplify(c["log_power"]))
    return "faster" if (d[0] < k[0] or (d[0] == k[0] and d[1] < k[1])) else "slower"


def render_bound(site: Site, b) -> str:
    from .figures import rate_figure, terms_bar_figure
    page = bound_page(b.key)
    a = data.rate_analysis(b, site.cache)
    site.rate_info[b.key] = a
    variant = "" if b.variant == "printed" else f" ({b.variant})"
    L = [f"# Theorem {txt(b.number)}{txt(variant)}: {txt(b.title)}\n"]
    L.append(" · ".join([f"**id** {code(b.key)}", f"**paper** {site.link_paper(b.paper, page)}",
                         f"**variant** {txt(b.variant)}"]) + "\n")
    if b.source:
        L.append(f"**Source in the paper:** {txt(b.source)}\n")
    if b.variant != "printed":
        printed = [x for x in site.bounds_by_id.get(b.id, []) if x.variant == "printed"]
        lab = site.link_bound(printed[0].key, page, "the bound as printed") if printed else \
            "the bound as printed"
        L.append(f'!!! note "{txt(b.variant.capitalize())} variant"\n    A {txt(b.variant)} '
                 f"variant of {lab}. Reason: {txt(b.reason)}\n")
    else:
        for o in site.bounds_by_id.get(b.id, []):
            if o.variant != "printed":
                L.append(f'!!! note "{txt(o.variant.capitalize())} variant"\n    '
                         f"{site.link_bound(o.key, page)}: {txt(o.reason)}\n")
    for s in site.all_statements:
        if s.id == b.id:
            L.append(f"**Attacked as a statement:** {site.link_statement(s.key, page)}"
                     f" ({txt(s.variant)}).\n")
    L.append("## Bound\n" + dmath(b.latex()))
    if b.latex_printed:
        L.append("As printed:\n" + dmath(b.latex_printed))
    L.append("## Terms\n")
    L.append(table(["term", "expression"],
                   [[code(n), imath(sp.latex(e))] for n, e in b.terms]))
    L.append("## Symbols\n")
    vals = a["values"]
    L.append(table(["symbol", "meaning", "domain", "default setting"],
                   [[code(p.name), txt(p.meaning), txt(p.domain()),
                     (f"swept ({b.horizon})" if p.name == b.horizon else
                      "follows the claimed schedule" if p.name in a["schedule"] else
                      fmt(vals.get(p.name)))] for p in b.params]))
    if b.hypotheses:
        L.append("## Hypotheses\n")
        for rel_, note in b.hypotheses:
            L.append(f"- {imath(sp.latex(rel_))}" + (f" — {txt(note)}" if note else ""))
        L.append("")
    L.append("## Claimed rate\n")
    if b.claimed is None:
        L.append("_The paper states no rate in T for this bound._\n")
    else:
        c = a["claimed"]
        L.append(f"{imath(sp.latex(sp.sympify(b.claimed.exponent)))} is the exponent of T, "
                 f"{imath(sp.latex(sp.sympify(b.claimed.log_power)))} the power of log T"
                 + (f" (at the default setting: {code(_order_text(c['exponent'], c['log_power']))})"
                    if c else "") + ".")
        if b.claimed.text:
            L.append(f"  \nThe paper: _{txt(b.claimed.text)}_")
        if b.claimed.schedule:
            L.append("\n\nSchedule of the claim: " + ", ".join(
                f"{imath(sp.latex(sp.Symbol(k)) + ' = ' + sp.latex(sp.sympify(v)))}"
                for k, v in b.claimed.schedule.items()))
        L.append("")
    L.append("## Tuned hyperparameters at the default setting\n")
    t = a.get("tuned")
    if not a["tune_over"]:
        L.append("_Nothing to tune: the claim fixes no hyperparameter schedule._\n")
    elif t is None or "error" in t:
        L.append(f"_Tuning failed:_ {txt((t or {}).get('error'))}\n")
    else:
        L.append(f"At {code(b.horizon)} = {a['T_ref']} and the default setting above, minimising "
                 f"over {', '.join(code(x) for x in a['tune_over'])} ({txt(t['method'])}):\n")
        L.append(table(["symbol", "tuned value", "closed form"],
                       [[code(k), fmt(v, 8), code(t["closed_form"][k]) if t.get("closed_form")
                         else "–"] for k, v in t["argmin"].items()]))
        L.append(f"Bound at the tuned values: **{fmt(t['value'], 8)}**\n")
    L.append("## Bound against the horizon\n")
    o = a["order"]
    if a["has_horizon"]:
        fig = site.figure(page, "rate", rate_figure(a, b.key, b.horizon), "bound against T")
        L.append(fig or "_Too few admissible points to draw the bound._\n")
        if a["curve"]["skipped"]:
            L.append(f"{a['curve']['skipped']} horizon values outside the theorem's hypotheses "
                     "are left out.\n")
        sched = ("; " + ", ".join(code(x) for x in a["schedule"]) + " follow the claimed schedule"
                 if a["schedule"] else "")
        L.append(f"Other symbols at the default setting{sched}.\n")
        rows = [["claimed", code(_order_text(a["claimed"]["exponent"], a["claimed"]["log_power"]))
                 if a["claimed"] else "–"],
                ["derived (SymPy limits)", code(_order_text(o["exponent"], o["log_power"]))
                 + (f" — {txt(o['why'])}" if o.get("why") else "")],
                ["slope measured on the figure's last decades",
                 fmt(a.get("measured_slope"), 4)]]
        L.append(table(["order in " + b.horizon, "value"], rows))
    else:
        v = a.get("value")
        fig = site.figure(page, "terms", terms_bar_figure(v, b.key), "terms") if v else None
        L.append("This bound has no horizon symbol; its terms at the default setting:\n\n"
                 + (fig or "_could not be evaluated at the default setting._\n"))
    L.append("## Verdict: claimed against derived order\n")
    if a["agrees"] is True:
        L.append('<span class="status-holds">agrees</span>: the derived order matches the claim.\n')
    elif a["agrees"] is False:
        how = ("the bound decays faster than claimed: the claim holds as an upper bound but "
               "is loose" if _direction(a) == "faster" else
               "the bound decays slower than claimed: the claimed rate does not follow from it")
        L.append('<span class="status-violated">DISAGREES</span>: the derived order '
                 f"{code(_order_text(o['exponent'], o['log_power']))} is not the claimed "
                 f"{code(_order_text(a['claimed']['exponent'], a['claimed']['log_power']))}"
                 f" at the default setting; {how}.\n")
    else:
        L.append("_Not comparable_: " + ("the paper claims no rate." if b.claimed is None else
                                          "the order could not be derived.") + "\n")
    for p in a["problems"]:
        L.append(f"!!! warning \"Default setting\"\n    {txt(p)}\n")
    if b.notes:
        L.append("## Notes\n\n" + txt(b.notes) + "\n")
    cmd = " ".join(f"{k}={v:g}" if isinstance(v, float) else f"{k}={v}" for k, v in vals.items()
                   if k not in a["tune_over"])
    L.append("## Reproduce\n")
    tuned = (t or {}).get("argmin") or {}
    if a["has_horizon"]:
        L.append(f"```console\n$ adaproof rate {b.key} {b.horizon}={a['T_ref']} {cmd}"
                 + "".join(f" {k}={v:.6g}" for k, v in tuned.items()) + "\n"
                 + (f"$ adaproof tune {b.key} --over {','.join(a['tune_over'])} "
                    f"{b.horizon}={a['T_ref']} {cmd}\n" if a["tune_over"] else "")
                 + "```\n")
    else:
        L.append(f"```console\n$ adaproof rate {b.key} {cmd}\n```\n")
    return "\n".join(L)


# -- comparison pages ------------------------------------------------------------------------------
def render_comparison(site: Site, c) -> str:
    from .figures import comparison_figure
    page = comparison_page(c.id)
    a = data.comparison_analysis(c, site.cache)
    L = [f"# {txt(c.title)}\n",
         " · ".join([f"**id** {code(c.id)}", f"**paper** {site.link_paper(c.paper, page)}"]) + "\n"]
    if c.source:
        L.append(f"**Source in the paper:** {txt(c.source)}\n")
    L.append(f"- **A** = {site.link_bound(c.a, page)}" + (
        f", tuned over {', '.join(code(x) for x in c.tune_a)}" if c.tune_a else ""))
    L.append(f"- **B** = {site.link_bound(c.b, page)}" + (
        f", tuned over {', '.join(code(x) for x in c.tune_b)}" if c.tune_b else ""))
    L.append("")
    if c.claim:
        L.append(f"**The paper's claim:** {txt(c.claim)}\n")
    if c.claimed_ratio is not None:
        L.append("The paper's ratio A / B: " + imath(sp.latex(c.claimed_ratio)) + "\n")
    L.append("## Symbols and default setting\n")
    L.append(table(["symbol", "meaning", "domain", "default"],
                   [[code(p.name), txt(p.meaning), txt(p.domain()),
                     "swept" if p.name == "T" else fmt(a["values"].get(p.name))]
                    for p in c.params]))
    L.append("## A and B against T\n")
    fig = site.figure(page, "compare", comparison_figure(a, c.id, c.a, c.b), "A and B against T")
    L.append(fig or "_Too few admissible points to draw the comparison._\n")
    if a["n_problems"]:
        L.append(f"{a['n_problems']} values of T could not be compared: "
                 + "; ".join(txt(p) for p in a["problems"]) + "\n")
    rows = [[str(r["T"]), fmt(r["a"]), fmt(r["b"]), fmt(r["ratio"]),
             fmt(r.get("claimed_ratio")),
             txt({"a": "A", "b": "B", "tie": "tie"}[r["better"]])] for r in a["rows"]]
    L.append(table(["T", "A", "B", "A / B", "paper's A / B", "smaller"], rows))
    if c.notes:
        L.append("## Notes\n\n" + txt(c.notes) + "\n")
    vals = " ".join(f"{k}={v:g}" if isinstance(v, float) else f"{k}={v}"
                    for k, v in a["values"].items())
    L.append(f"```console\n$ adaproof compare {c.id} T={a['T_ref']} {vals}\n```\n")
    return "\n".join(L)


# -- paper, errata, coverage, index ---------------------------------------------------------------
def render_paper(site: Site, paper: str) -> str:
    page = paper_page(paper)
    L = [f"# {txt(paper)}\n"]
    if paper in site.titles:
        L.append(f"_{txt(site.titles[paper])}_\n")
    rows = []
    for s in [x for x in site.statements if x.paper == paper]:
        st, r = site.status(s)
        rows.append([site.link_statement(s.key, page), txt(f"{s.kind} {s.number}"), txt(s.title),
                     txt(s.variant), txt(s.expected), status_badge(st),
                     fmt((r or {}).get("best_ratio")), fmt(s.supremum_ratio)])
    L.append("## Statements\n")
    L.append(table(["id", "statement", "title", "variant", "expected", "status",
                    "best ratio", "known sup"], rows))
    bs = [b for b in site.bounds if b.paper == paper]
    if bs:
        L.append("## Rate calculators\n")
        L.append(table(["id", "theorem", "title", "claimed", "derived", "verdict"],
                       [_bound_row(site, b, page) for b in bs]))
    cs = [c for c in site.comparisons if c.paper == paper]
    if cs:
        L.append("## Comparisons\n")
        L.append(table(["id", "title", "A", "B"],
                       [[f"[{code(c.id)}]({rel(comparison_page(c.id), page)})", txt(c.title),
                         code(c.a), code(c.b)] for c in cs]))
    L.append(f"See also the [errata]({rel(PAGE_ERRATA, page)}) and the "
             f"[coverage]({rel(PAGE_COVERAGE, page)}) of this paper.\n")
    return "\n".join(L)


def _bound_row(site: Site, b, page: str) -> list[str]:
    a = site.rate_info.get(b.key) or data.rate_analysis(b, site.cache)
    site.rate_info[b.key] = a
    c, o = a["claimed"], a["order"]
    verdict = {True: "agrees", False: f"**disagrees** ({_direction(a)} than claimed)",
               None: "–"}[a["agrees"]]
    return [site.link_bound(b.key, page), txt(b.number), txt(b.title),
            code(_order_text(c["exponent"], c["log_power"])) if c else "–",
            code(_order_text(o["exponent"], o["log_power"])), verdict]


def render_errata(site: Site) -> str:
    page = PAGE_ERRATA
    L = ["# Errata\n",
         "Every finding over the selected statements and calculators: statements violated as "
         "printed (with their witness and corrected variant), corrected variants and their "
         "reasons, silent hypotheses, claimed rates that disagree with the derivation, and the "
         "notes kept on the calculators.\n"]
    L.append("## Violated as printed\n")
    rows = []
    for s in site.statements:
        if s.variant != "printed":
            continue
        st, r = site.status(s)
        ce = (r or {}).get("counterexample")
        stored = data.stored_counterexamples(s)
        if not (st == "violated" or ce or stored or s.expected == "violated"):
            continue
        w = ce or (stored[0] if stored else None)
        witness = (f"ratio {txt(str(w.get('ratio'))[:14])} at {_sizes_text(w.get('sizes'))}"
                   if w else "_no witness recorded_")
        corr = [o for o in site.all_statements if o.id == s.id and o.variant != "printed"]
        rows.append([site.link_statement(s.key, page), txt(s.title), status_badge(st), witness,
                     "<br>".join(f"{site.link_statement(o.key, page)}: {txt(o.reason)}"
                                 for o in corr) or "–"])
    L.append(table(["statement", "title", "last status", "witness", "corrected variant"], rows))
    L.append("## Unexpected results\n")
    rows = []
    for s in site.statements:
        st, r = site.status(s)
        if r is not None and r.get("unexpected"):
            rows.append([site.link_statement(s.key, page), txt(s.expected), status_badge(st),
                         txt(r.get("error") or "")])
    L.append(table(["statement", "expected", "last status", "error"], rows)
             if rows else "_None in the recorded results._\n")
    L.append("## Corrected statements\n")
    L.append(table(["corrected variant", "reason"],
                   [[site.link_statement(s.key, page), txt(s.reason)]
                    for s in site.statements if s.variant != "printed"]))
    L.append("## Silent hypotheses\n")
    rows = []
    for s in site.statements:
        for h in s.hypotheses:
            if h.silent:
                rows.append([site.link_statement(s.key, page), imath(h.latex()),
                             txt(h.note or "–")])
    L.append(table(["statement", "hypothesis", "where it comes from"], rows))
    L.append("## Claimed rates against the derivation\n")
    rows = []
    for b in site.bounds:
        a = site.rate_info.get(b.key) or data.rate_analysis(b, site.cache)
        site.rate_info[b.key] = a
        if a["agrees"] is False:
            rows.append(_bound_row(site, b, page))
    L.append(table(["id", "theorem", "title", "claimed", "derived", "verdict"], rows)
             if rows else "_Every claimed rate agrees with the derived order._\n")
    L.append("## Corrected calculators\n")
    L.append(table(["calculator", "reason"],
                   [[site.link_bound(b.key, page), txt(b.reason)]
                    for b in site.bounds if b.variant != "printed"]))
    L.append("## Notes on the calculators\n")
    L.append(table(["calculator", "note"],
                   [[site.link_bound(b.key, page), txt(b.notes)]
                    for b in site.bounds if b.notes]))
    return "\n".join(L)


def _coverage_module():
    try:
        from .. import coverage
    except ImportError:  # older checkouts: no coverage lists yet
        return None
    return coverage


def _coverage_file(paper: str) -> Path | None:
    root = Path(__file__).resolve().parents[1] / "data" / "coverage"
    p = root / f"{paper}.toml"
    return p if p.exists() else None


def render_coverage(site: Site) -> str:
    page = PAGE_COVERAGE
    cov = _coverage_module()
    L = ["# Coverage\n",
         "Every numbered statement of each paper, encoded or not, from the coverage lists kept "
         "as data in `adaproof/data/coverage/<paper>.toml` (`adaproof.coverage`): where it is "
         "printed, its claim, its category, the registered statements that encode it (computed "
         "from the registry) and, when none does, the recorded reason.\n"]
    rows = []
    for paper in site.papers:
        if cov is not None and _coverage_file(paper) is not None:
            entries = cov.load(paper)
            enc = sum(1 for e in entries if e.get("encoded"))
            rows.append([f"[{txt(paper)}](#{_anchor(paper)})", str(len(entries)), str(enc),
                         str(len(entries) - enc)])
    if rows:
        L.append(table(["paper", "numbered statements", "encoded", "pending"], rows))
    for paper in site.papers:
        L.append(f"## {txt(paper)}\n")
        if cov is not None and _coverage_file(paper) is not None:
            entries = cov.load(paper)
            L.append(table(
                ["statement", "where", "claim", "encoded as", "pending: why"],
                [[txt(f"{e.get('kind', '')} {e.get('number', '')}") + f"<br>{code(e.get('id'))}"
                  + f"<br>_{txt(e.get('category'))}_",
                  txt(e.get("where")), txt(e.get("claim")),
                  "<br>".join(site.link_statement(k, page) for k in e.get("encoded") or [])
                  or "**not encoded**", txt(e.get("pending") or "")]
                 for e in entries]))
        else:
            encoded = [s for s in site.all_statements if s.paper == paper]
            L.append(f"_The full list of this paper's numbered statements is pending_ "
                     f"(`adaproof/data/coverage/{paper}.toml` does not exist yet). The "
                     f"{len(encoded)} registered statements:\n")
            L.append(table(["statement", "id", "title", "variant"],
                           [[txt(f"{s.kind} {s.number}"), site.link_statement(s.key, page),
                             txt(s.title), txt(s.variant)] for s in encoded]))
    return "\n".join(L)


def _anchor(heading: str) -> str:
    """The id Python-Markdown's toc gives a heading (lower case, runs of other characters
    become one hyphen; underscores kept)."""
    return re.sub(r"[^\w\-]+", "-", heading.lower()).strip("-")


def render_index(site: Site) -> str:
    page = PAGE_INDEX
    n_res = sum(1 for s in site.statements if s.key in site.results)
    L = ["# adaproof: checked bounds of adaptive optimizers\n",
         "Each paper statement of the adaptive-optimizer papers below is encoded as an executable "
         "inequality, attacked by sampling, Hypothesis and gradient-guided search, and every "
         "violation re-verified at 60 digits. This site is generated from the registry, the rate "
         "calculators and the last check results; it never runs an attack.\n",
         f"- {len(site.statements)} statements ({n_res} with a recorded check result), "
         f"{len(site.bounds)} rate calculators, {len(site.comparisons)} comparisons",
         f"- [Errata]({PAGE_ERRATA}): violated statements, corrected variants, silent "
         "hypotheses, rates that disagree with the derivation",
         f"- [Coverage]({PAGE_COVERAGE}): every numbered statement, encoded or not\n",
         "## Papers\n"]
    rows = []
    for p in site.papers:
        ss = [s for s in site.statements if s.paper == p]
        viol = sum(1 for s in ss if site.status(s)[0] == "violated")
        rows.append([f"[{txt(p)}]({rel(paper_page(p), page)})", txt(site.titles.get(p, "")),
                     str(len(ss)), str(viol),
                     str(sum(1 for b in site.bounds if b.paper == p))])
    L.append(table(["paper", "title", "statements", "violated (last check)", "calculators"], rows))
    if site.comparisons:
        L.append("## Comparisons\n")
        L.append("\n".join(f"- [{txt(c.title)}]({rel(comparison_page(c.id), page)})"
                           for c in site.comparisons) + "\n")
    L.append("## Build\n\n```console\n$ adaproof check --all      # records results\n"
             "$ adaproof docs build --strict\n$ adaproof docs serve\n```\n")
    return "\n".join(L)


# -- entry points -----------------------------------------------------------------------------------
def plan(options: dict | None = None) -> dict[str, str]:
    """``{key: page}`` for every selected statement, calculator and comparison (no build)."""
    options = options or {}
    site = Site(options, write=lambda p, c: None)
    out = {s.key: statement_page(s.key) for s in site.statements}
    out.update({b.key: bound_page(b.key) for b in site.bounds})
    out.update({c.id: comparison_page(c.id) for c in site.comparisons})
    return out


def _guides() -> list[Path]:
    root = Path(__file__).resolve().parents[2]
    if (root / "pyproject.toml").exists() and (root / "docs").is_dir():
        return sorted((root / "docs").glob("*.md"))
    return []


def generate(options: dict, write: Callable[[str, str | bytes], None]) -> dict:
    """Write every page through ``write(path, content)`` and return the build's counts."""
    import logging
    import time
    log = logging.getLogger("mkdocs.plugins.adaproof")
    site = Site(options, write)
    pages: dict[str, str] = {}
    t0 = time.perf_counter()

    def progress(what: str, k: int, n: int) -> None:
        if k == n or k % 25 == 0:
            log.info(f"adaproof docs: {what} {k}/{n} ({time.perf_counter() - t0:.0f} s)")
    try:
        for k, s in enumerate(site.statements, 1):
            progress("statement pages", k, len(site.statements))
            write(statement_page(s.key), render_statement(site, s))
            pages[s.key] = statement_page(s.key)
            site.counts["statements"] += 1
        for k, b in enumerate(site.bounds, 1):
            progress("rate pages", k, len(site.bounds))
            t1 = time.perf_counter()
            write(bound_page(b.key), render_bound(site, b))
            if time.perf_counter() - t1 > 10:
                log.info(f"adaproof docs: {b.key} took {time.perf_counter() - t1:.0f} s "
                         "(cached for the next build)")
            pages[b.key] = bound_page(b.key)
            site.counts["bounds"] += 1
        for k, c in enumerate(site.comparisons, 1):
            progress("comparison pages", k, len(site.comparisons))
            write(comparison_page(c.id), render_comparison(site, c))
            pages[c.id] = comparison_page(c.id)
            site.counts["comparisons"] += 1
        for p in site.papers:
            write(paper_page(p), render_paper(site, p))
            site.counts["papers"] += 1
        write(PAGE_ERRATA, render_errata(site))
        write(PAGE_COVERAGE, render_coverage(site))
        write(PAGE_INDEX, render_index(site))
        for g in _guides():
            write(f"guides/{g.name}", g.read_text())
    finally:
        site.cache.save()
    site.counts["pages"] = pages
    site.counts["results"] = len(site.results)
    site.counts["cache"] = {"hits": site.cache.hits, "misses": site.cache.misses}
    return site.counts
