"""What the documentation pages are made of: the last check results, the stored
counterexamples, the default settings of the rate pages, and a cache of the slow symbolic work
(SymPy's proof-link verdicts, tuned hyperparameters, derived orders) kept between builds."""
from __future__ import annotations

import hashlib
import json
import math
import signal
import threading
import time
import tomllib
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable

import sympy as sp

from .. import __version__
from .._validation import AdaproofInputError

HERE = Path(__file__).resolve().parent

#: seconds one symbolic job (a tune's closed form, a derived order) may take before the page
#: says it did not finish
SYMBOLIC_TIMEOUT_S = 20


# -- results ---------------------------------------------------------------------------------------
def load_results(folder: str | Path) -> dict[str, dict]:
    """The last check result of each statement key found under ``folder`` (any ``*.json`` file
    holding a result with a ``key``; the newest file wins when two hold the same key)."""
    out: dict[str, tuple[float, dict]] = {}
    folder = Path(folder)
    if not folder.is_dir():
        return {}
    for p in sorted(folder.rglob("*.json")):
        try:
            d = json.loads(p.read_text())
        except (OSError, ValueError):
            continue
        if not isinstance(d, dict) or not isinstance(d.get("key"), str) or "status" not in d:
            continue
        mtime = p.stat().st_mtime
        if d["key"] not in out or out[d["key"]][0] <= mtime:
            d = dict(d)
            d["_file"] = str(p)
            d["_checked"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(mtime))
            out[d["key"]] = (mtime, d)
    return {k: v for k, (_, v) in out.items()}


def stored_counterexamples(stmt) -> list[dict]:
    from .. import store
    try:
        return store.load(stmt)
    except Exception:  # a broken store entry must not break the site
        return []


# -- settings --------------------------------------------------------------------------------------
def settings() -> dict:
    with open(HERE / "settings.toml", "rb") as f:
        return tomllib.load(f)


def setting_for(kind: str, key: str, names: set[str]) -> dict:
    """The default values for a bound (``kind="bound"``) or comparison, restricted to its
    symbols, plus ``T`` (tuning horizon), ``T_range`` and ``tune`` when given."""
    s = settings()
    merged = dict(s["defaults"])
    merged.update(s.get(kind, {}).get(key, {}))
    out = {k: v for k, v in merged.items() if k in names}
    meta = {k: merged[k] for k in ("T", "T_range", "tune") if k in merged}
    return {"values": out, **meta}


def paper_titles() -> dict[str, str]:
    return settings().get("papers", {})


# -- cache -----------------------------------------------------------------------------------------
class Cache:
    """A JSON file of ``{digest: value}``; a digest covers everything the value depends on."""

    def __init__(self, path: str | Path | None):
        self.path = Path(path) if path else None
        self.data: dict[str, Any] = {}
        self.hits = self.misses = 0
        if self.path and self.path.exists():
            try:
                self.data = json.loads(self.path.read_text())
            except (OSError, ValueError):
                self.data = {}

    @staticmethod
    def digest(*parts) -> str:
        blob = "\x1f".join(map(str, (__version__, sp.__version__) + parts))
        return hashlib.sha256(blob.encode()).hexdigest()[:24]

    def get(self, digest: str, compute: Callable[[], Any]) -> Any:
        if digest in self.data:
            self.hits += 1
            return self.data[digest]
        self.misses += 1
        value = compute()
        self.data[digest] = value
        return value

    def save(self) -> None:
        if self.path is None:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(".tmp")
            tmp.write_text(json.dumps(self.data, sort_keys=True))
            tmp.replace(self.path)
        except OSError:
            pass


class _Timeout(BaseException):  # not swallowed by SymPy's broad except clauses
    pass


def with_timeout(fn: Callable[[], Any], seconds: float, default: Any) -> Any:
    """``fn()``, or ``default`` when it runs past ``seconds`` (SIGALRM, main thread only)."""
    if not hasattr(signal, "SIGALRM") or threading.current_thread() is not threading.main_thread():
        return fn()

    def on_alarm(signum, frame):
        raise _Timeout

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return fn()
    except _Timeout:
        return default
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


# -- symbolic work, cached ------------------------------------------------------------------------
def proof_verdicts(stmt, cache: Cache) -> list[tuple[Any, str]]:
    """Each proof link with SymPy's verdict (:func:`adaproof.proofs.check_proof`), cached by the
    link, the hypotheses and the source of :mod:`adaproof.proofs`."""
    if not stmt.proof:
        return []
    from .. import proofs
    src = hashlib.sha256(Path(proofs.__file__).read_bytes()).hexdigest()[:16]
    hyps = [(h.relation, h.silent) for h in stmt.hypotheses]
    digests = [Cache.digest("proof", stmt.key, k, repr(step), repr(hyps), src)
               for k, step in enumerate(stmt.proof)]
    if all(d in cache.data for d in digests):
        cache.hits += len(digests)
        return [(step, cache.data[d]) for step, d in zip(stmt.proof, digests)]
    verdicts = proofs.check_proof(stmt)
    for d, (_, v) in zip(digests, verdicts):
        cache.data[d] = v
    cache.misses += len(digests)
    return verdicts


def schedule_at(bound, values: dict) -> dict[str, Callable[[float], float]]:
    """The claimed schedule's symbols as functions of the horizon, other symbols fixed."""
    out = {}
    if bound.claimed is None:
        return out
    for name, e in bound.claimed.schedule.items():
        e = sp.sympify(e)
        sub = {s: values[s.name] for s in e.free_symbols if s.name in values}
        e = e.subs(sub)
        hs = [s for s in e.free_symbols if s.name == bound.horizon]
        if e.free_symbols - set(hs):
            continue
        f = sp.lambdify(hs, e, "math") if hs else (lambda *a, _v=float(e): _v)
        out[name] = (lambda T, _f=f, _h=bool(hs): float(_f(T) if _h else _f()))
    return out


def rate_analysis(bound, cache: Cache) -> dict:
    """The default setting, the tuned hyperparameters there, the derived order against the
    claimed rate, and the bound and its terms along the horizon (for the figure)."""
    names = {p.name for p in bound.params}
    st = setting_for("bound", bound.key, names)
    values = {k: v for k, v in st["values"].items() if k != bound.horizon}
    has_horizon = bound.horizon in names
    sched = list(bound.claimed.schedule) if bound.claimed is not None else []
    tune_over = list(st.get("tune") or sched)
    T_ref = int(st.get("T", 1000))
    out: dict[str, Any] = {"values": values, "has_horizon": has_horizon, "T_ref": T_ref,
                           "tune_over": tune_over, "schedule": sched, "problems": []}
    expr_id = (str(bound.expr), repr(bound.hypotheses), repr(bound.claimed))

    # tuned hyperparameters at T_ref
    def tune():
        fixed = {k: v for k, v in values.items() if k not in tune_over}
        if has_horizon:
            fixed[bound.horizon] = T_ref
        try:
            r = with_timeout(lambda: bound.tune(tune_over, **fixed), SYMBOLIC_TIMEOUT_S, None)
            if r is None:  # SymPy's closed form did not finish: the numeric minimiser alone
                r = replace(bound, closed_form=False).tune(tune_over, **fixed)
            return {"argmin": r.argmin, "value": r.value, "method": r.method,
                    "closed_form": r.closed_form}
        except AdaproofInputError as exc:
            return {"error": str(exc)}
    if tune_over:
        out["tuned"] = cache.get(Cache.digest("tune", bound.key, expr_id, values, tune_over,
                                              T_ref), tune)
    else:
        out["tuned"] = None

    # derived order (schedule symbols follow the claimed schedule), against the claim
    def order():
        if not has_horizon:
            return {"exponent": None, "log_power": None, "why": "the bound has no horizon symbol"}
        try:
            r = with_timeout(lambda: bound.order(tune_over=sched, **values),
                             SYMBOLIC_TIMEOUT_S, "timeout")
        except AdaproofInputError as exc:
            return {"exponent": None, "log_power": None, "why": str(exc)}
        if r == "timeout":
            return {"exponent": None, "log_power": None,
                    "why": f"SymPy's limit did not finish in {SYMBOLIC_TIMEOUT_S} s"}
        a, k = r
        return {"exponent": None if a is None else str(a),
                "log_power": None if k is None else str(k),
                "why": None if a is not None else "SymPy could not take the limit"}
    out["order"] = cache.get(Cache.digest("order", bound.key, expr_id, values, sched), order)
    verdict = None
    claimed = None
    if bound.claimed is not None:
        at = {bound.sym(k): sp.nsimplify(v) for k, v in values.items()}
        c_exp = sp.nsimplify(sp.sympify(bound.claimed.exponent).subs(at))
        c_log = sp.nsimplify(sp.sympify(bound.claimed.log_power).subs(at))
        claimed = {"exponent": str(c_exp), "log_power": str(c_log),
                   "exponent_text": str(bound.claimed.exponent),
                   "log_power_text": str(bound.claimed.log_power)}
        o = out["order"]
        if o["exponent"] is not None and o["log_power"] is not None:
            verdict = (sp.nsimplify(o["exponent"]) == c_exp
                       and sp.nsimplify(o["log_power"]) == c_log)
    out["claimed"] = claimed
    out["agrees"] = verdict

    # the bound and each term along the horizon (cached: lambdifying big terms is slow)
    def along():
        curve = {"T": [], "bound": [], "terms": {n: [] for n, _ in bound.terms}, "skipped": 0}
        value, problems = None, []
        if has_horizon:
            lo, hi = st.get("T_range", [1, 7])
            sched_f = schedule_at(bound, values)
            grid = sorted({int(round(10 ** (lo + (hi - lo) * i / 36))) for i in range(37)})
            for T in grid:
                v = dict(values)
                v[bound.horizon] = T
                try:
                    for name, f in sched_f.items():
                        v[name] = f(T)
                    bv = bound.evaluate(**v)
                except (AdaproofInputError, ValueError, ZeroDivisionError, OverflowError):
                    curve["skipped"] += 1
                    continue
                curve["T"].append(T)
                curve["bound"].append(float(bv.total))
                for n in curve["terms"]:
                    curve["terms"][n].append(float(bv.terms[n]))
        else:
            try:
                bv = bound.evaluate(**values)
                value = {"bound": float(bv.total),
                         "terms": {k: float(x) for k, x in bv.terms.items()}}
            except AdaproofInputError as exc:
                problems.append(str(exc))
        return {"curve": curve, "value": value, "problems": problems}
    got = cache.get(Cache.digest("curve", bound.key, expr_id, values, sched,
                                 st.get("T_range")), along)
    curve = got["curve"]
    if got["value"] is not None:
        out["value"] = got["value"]
    out["problems"] += got["problems"]
    out["curve"] = curve
    # slope measured on the figure's last decades
    Ts, bs = curve["T"], curve["bound"]
    pts = [(math.log(T), math.log(b)) for T, b in zip(Ts, bs) if b > 0]
    tail = pts[-max(3, len(pts) // 3):] if len(pts) >= 3 else []
    if tail:
        mx = sum(x for x, _ in tail) / len(tail)
        my = sum(y for _, y in tail) / len(tail)
        den = sum((x - mx) ** 2 for x, _ in tail)
        out["measured_slope"] = sum((x - mx) * (y - my) for x, y in tail) / den if den else None
    else:
        out["measured_slope"] = None
    return out


def comparison_analysis(comp, cache: Cache) -> dict:
    """Both bounds (each at its own tuned hyperparameters) and their ratio along T."""
    names = {p.name for p in comp.params}
    st = setting_for("comparison", comp.id, names)
    values = {k: v for k, v in st["values"].items() if k != "T"}
    lo, hi = st.get("T_range", [1, 7])
    grid = sorted({int(round(10 ** (lo + (hi - lo) * i / 12))) for i in range(13)})
    T_ref = int(st.get("T", 1000))

    def run():
        rows, problems = [], []
        for T in grid:
            v = dict(values)
            if "T" in names:
                v["T"] = T
            try:
                r = comp.compare(**v)
            except AdaproofInputError as exc:
                problems.append(f"T = {T}: {exc}")
                continue
            rows.append({"T": T, "a": r.a, "b": r.b, "ratio": r.ratio,
                         "claimed_ratio": r.claimed_ratio, "argmin_a": r.argmin_a,
                         "argmin_b": r.argmin_b, "better": r.better})
        return {"rows": rows, "problems": problems[:3], "n_problems": len(problems)}
    key = Cache.digest("compare", comp.id, repr(comp.to_json()), values, grid,
                       *(str(b.expr) for b in comp.bounds()))
    out = cache.get(key, run)
    out = dict(out)
    out["values"] = values
    out["T_ref"] = T_ref
    out["has_T"] = "T" in names
    return out


def trajectory_of(stmt, inputs: dict, sizes: dict) -> tuple[dict, str | None]:
    """The algorithm's trajectory quantities on one input (the worst case), recomputed by
    running the statement's algorithm once: ``({name: {"start", "values"}}, None)``, or
    ``({}, why)`` when the statement has no algorithm or the run fails."""
    if stmt.trajectory is None or not inputs or not sizes:
        return {}, None
    try:
        from ..algorithms import run
        from ..verification import inputs_from_candidates
        env: dict[str, Any] = dict(sizes)
        env.update(inputs_from_candidates([inputs]))
        alg, kwargs = stmt.trajectory.build(env)
        traj = run(alg, **kwargs)
        out = {}
        for key, (name, start) in stmt.trajectory.read.items():
            t = traj.series(key) if (key in stmt.trajectory.series or key == "x") else traj[key]
            out[name] = {"start": list(start), "values": t[0].tolist()}
        return out, None
    except Exception as exc:  # a figure is optional: say why it is missing
        return {}, f"{type(exc).__name__}: {exc}"[:200]
