"""The site's figures, drawn by matplotlib (Agg) into PNG bytes during the build."""
from __future__ import annotations

import io
import math

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

DPI = 80
plt.rcParams.update({"figure.max_open_warning": 0, "font.size": 9})


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.tight_layout()
    fig.savefig(buf, format="png", dpi=DPI)
    plt.close(fig)
    return buf.getvalue()


def history_figure(history: dict, title: str, supremum: float | None) -> bytes | None:
    """Best ratio lhs/rhs found so far against examples evaluated, one line per search phase."""
    series = {}
    for phase, pts in (history or {}).items():
        good = [(float(x), float(y)) for x, y in pts
                if y is not None and math.isfinite(float(y)) and float(x) >= 0]
        if good:
            series[phase] = good
    if not series:
        return None
    fig, ax = plt.subplots(figsize=(6.4, 3.4))
    for phase, pts in series.items():
        xs, ys = zip(*pts)
        ax.step(xs, ys, where="post", marker="o", ms=2.5, label=phase)
    ax.axhline(1.0, color="k", lw=0.8, ls="--", label="ratio 1 (lhs = rhs)")
    if supremum is not None:
        ax.axhline(supremum, color="tab:red", lw=0.8, ls=":", label=f"known supremum {supremum:g}")
    xmax = max(x for pts in series.values() for x, _ in pts)
    if xmax > 100:
        ax.set_xscale("symlog", linthresh=1)
    ys = [y for pts in series.values() for _, y in pts]
    if min(ys) > 0 and max(ys) / min(ys) > 1e3:
        ax.set_yscale("log")
    ax.set_xlabel("examples evaluated")
    ax.set_ylabel("best ratio lhs / rhs so far")
    ax.set_title(title, fontsize=9)
    ax.legend(fontsize=7)
    ax.grid(alpha=0.3)
    return _png(fig)


def _sequences(inputs: dict) -> list[tuple[str, list[int], list]]:
    """``(name, start, values)`` of every sequence input (``{"start", "values"}``)."""
    out = []
    for name, v in (inputs or {}).items():
        if isinstance(v, dict) and "values" in v and isinstance(v["values"], list) and v["values"]:
            out.append((name, list(v.get("start") or [0]), v["values"]))
        elif isinstance(v, list) and v and all(isinstance(x, (int, float)) for x in v):
            out.append((name, [0], v))
    return out


def _flatten_rows(values) -> list[list[float]]:
    """A sequence's values as rows over its first axis, each row flattened."""
    def flat(x):
        if isinstance(x, list):
            for y in x:
                yield from flat(y)
        else:
            yield float(x) if x is not None else math.nan
    return [list(flat(r)) if isinstance(r, list) else [float(r)] for r in values]


def input_figure(inputs: dict, title: str, max_panels: int = 4, max_coords: int = 8) -> bytes | None:
    """The worst-case input: each sequence quantity (the gradients first) against its first
    index, one line per coordinate (at most ``max_coords``)."""
    seqs = _sequences(inputs)
    if not seqs:
        return None
    seqs.sort(key=lambda s: (s[0] not in ("g", "grads", "G"), s[0]))
    seqs = seqs[:max_panels]
    fig, axes = plt.subplots(len(seqs), 1, figsize=(6.4, 1.9 + 1.5 * len(seqs)), squeeze=False)
    for ax, (name, start, values) in zip(axes[:, 0], seqs):
        rows = _flatten_rows(values)
        n_coords = max(len(r) for r in rows)
        idx = list(range(start[0], start[0] + len(rows)))
        for j in range(min(n_coords, max_coords)):
            ys = [r[j] if j < len(r) else math.nan for r in rows]
            lab = f"{name}[·, {j + (start[1] if len(start) > 1 else 0)}]" if n_coords > 1 else name
            ax.plot(idx, ys, marker="o", ms=3, lw=1, label=lab)
        more = f" (first {max_coords} of {n_coords} coordinates)" if n_coords > max_coords else ""
        ax.set_ylabel(name)
        ax.set_title(f"{name}{more}", fontsize=8)
        finite = [abs(x) for r in rows for x in r if math.isfinite(x) and x != 0]
        if finite and max(finite) / min(finite) > 1e4:
            ax.set_yscale("symlog", linthresh=min(finite))
        if 1 < n_coords <= max_coords:
            ax.legend(fontsize=6, ncol=4)
        ax.grid(alpha=0.3)
    axes[-1, 0].set_xlabel("index (the paper's t)")
    fig.suptitle(title, fontsize=9)
    return _png(fig)


def rate_figure(analysis: dict, title: str, horizon: str) -> bytes | None:
    """Log-log: the bound and each positive term against the horizon, with the claimed and the
    derived slopes drawn through the bound's last point."""
    c = analysis["curve"]
    Ts, bs = c["T"], c["bound"]
    if len([b for b in bs if b > 0]) < 2:
        return None
    fig, ax = plt.subplots(figsize=(6.4, 4.0))
    ax.loglog(Ts, bs, color="k", lw=2.2, label="bound")
    for name, ys in c["terms"].items():
        pts = [(T, y) for T, y in zip(Ts, ys) if y > 0]
        if len(pts) >= 2:
            ax.loglog(*zip(*pts), lw=1, ls="-", alpha=0.85, label=f"term {name}")
    T1, b1 = Ts[-1], bs[-1]
    T0 = Ts[0]

    def ref(exp, logp, style, label):
        try:
            import sympy as sp
            a, k = float(sp.sympify(exp)), float(sp.sympify(logp))
        except (TypeError, ValueError, SyntaxError, AttributeError):
            return
        f = lambda T: T ** a * (math.log(T) if T > 1 else 1.0) ** k
        if f(T1) <= 0:
            return
        C = b1 / f(T1)
        xs = [T0 * (T1 / T0) ** (i / 40) for i in range(41)]
        xs = [x for x in xs if x > 1 or k == 0]
        ax.loglog(xs, [C * f(x) for x in xs], style, color="tab:gray" if "claimed" in label
                  else "tab:red", lw=1.2, label=label)
    cl = analysis.get("claimed")
    if cl:
        ref(cl["exponent"], cl["log_power"], "--",
            f"claimed: T^({cl['exponent']}) (log T)^{cl['log_power']}")
    o = analysis.get("order") or {}
    if o.get("exponent") is not None and o.get("log_power") is not None:
        ref(o["exponent"], o["log_power"], ":",
            f"derived: T^({o['exponent']}) (log T)^{o['log_power']}")
    ax.set_xlabel(horizon)
    ax.set_ylabel("bound and terms")
    ax.set_title(title, fontsize=9)
    ax.legend(fontsize=6.5, loc="best")
    ax.grid(alpha=0.3, which="both")
    return _png(fig)


def terms_bar_figure(value: dict, title: str) -> bytes | None:
    terms = value.get("terms") or {}
    if not terms:
        return None
    fig, ax = plt.subplots(figsize=(6.4, 1.2 + 0.35 * len(terms)))
    names = list(terms)
    ax.barh(names, [terms[n] for n in names])
    ax.set_xlabel(f"value (bound = {value['bound']:.6g})")
    ax.set_title(title, fontsize=9)
    return _png(fig)


def comparison_figure(analysis: dict, title: str, a_label: str, b_label: str) -> bytes | None:
    rows = [r for r in analysis["rows"] if r["a"] > 0 and r["b"] > 0]
    if len(rows) < 2:
        return None
    Ts = [r["T"] for r in rows]
    fig, (ax, ax2) = plt.subplots(2, 1, figsize=(6.4, 5.0), sharex=True,
                                  gridspec_kw={"height_ratios": [2, 1]})
    ax.loglog(Ts, [r["a"] for r in rows], marker="o", ms=3, label=f"A = {a_label}")
    ax.loglog(Ts, [r["b"] for r in rows], marker="s", ms=3, label=f"B = {b_label}")
    ax.set_ylabel("bound (own tuned hyperparameters)")
    ax.legend(fontsize=7)
    ax.grid(alpha=0.3, which="both")
    ax.set_title(title, fontsize=9)
    ax2.semilogx(Ts, [r["ratio"] for r in rows], marker="o", ms=3, color="k", label="A / B")
    cr = [(r["T"], r["claimed_ratio"]) for r in rows if r.get("claimed_ratio") is not None]
    if cr:
        ax2.semilogx(*zip(*cr), ls="--", color="tab:red", label="the paper's A / B")
    ax2.axhline(1.0, color="tab:gray", lw=0.8)
    ax2.set_xlabel("T")
    ax2.set_ylabel("A / B")
    ax2.legend(fontsize=7)
    ax2.grid(alpha=0.3, which="both")
    return _png(fig)
