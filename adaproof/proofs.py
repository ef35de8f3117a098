"""Check the symbolic links of a statement's proof chain.

A link ``E_{k-1} = E_k`` is *proved* when SymPy reduces ``E_{k-1} - E_k`` to zero.  A link
``E_{k-1} <= E_k`` is proved when it reduces to a known elementary inequality: the step names
one (``via=Known("one_minus_x_le_neg_log", x=...)``) and SymPy shows

    E_k - E_{k-1}  ==  scale * (R - L)        (an identity)

for the instance ``L <= R`` of that inequality, with ``scale >= 0``.  Sums over the same limits
are compared summand by summand (a constant ``K`` beside a sum over ``t = a..b`` counts as
``K/(b-a+1)`` per summand), which is valid for ``<=`` because termwise inequalities add up.  A
``telescoping`` step (``via=Known("telescoping", F=..., index=t)``) rewrites each sum through
``Σ_{t=a}^b (F(t) - F(t-1)) = F(b) - F(a-1)``.  A step SymPy cannot decide is reported
``undecided``, never passed; a step whose difference is a nonzero number is ``disproved``.

What is *not* checked symbolically: that the instance's arguments lie in the inequality's domain
(``x > 0`` for ``1 - x <= -ln x``); :meth:`Known.domain` states it and the statement's
hypotheses must imply it.  The numeric attack checks each step's inequality as a statement.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import sympy as sp

from .statement import ProofStep, Statement
from .sympy_safe import simplify as _simplify  # SymPy's StopIteration on Σ(S + S²)

__all__ = ["Known", "KNOWN", "check_identity", "check_step", "check_proof"]


@dataclass(frozen=True)
class _Template:
    args: tuple[str, ...]
    L: Callable[..., sp.Expr]
    R: Callable[..., sp.Expr]
    domain: str
    text: str


#: the elementary inequalities a ``<=`` step may reduce to: name -> L(args) <= R(args)
KNOWN: dict[str, _Template] = {
    "one_minus_x_le_neg_log": _Template(("x",), lambda x: 1 - x, lambda x: -sp.log(x),
                                        "x > 0", "1 - x <= -ln x"),
    "log_le_x_minus_1": _Template(("x",), lambda x: sp.log(x), lambda x: x - 1, "x > 0",
                                  "ln x <= x - 1"),
    "one_plus_x_le_exp": _Template(("x",), lambda x: 1 + x, lambda x: sp.exp(x), "x real",
                                   "1 + x <= e^x"),
    "x_over_1_plus_x_le_log1p": _Template(("x",), lambda x: x / (1 + x),
                                          lambda x: sp.log(1 + x), "x > -1",
                                          "x/(1+x) <= ln(1+x)"),
    "log1p_le_x": _Template(("x",), lambda x: sp.log(1 + x), lambda x: x, "x > -1",
                            "ln(1+x) <= x"),
    "two_ab_le_a2_plus_b2": _Template(("a", "b"), lambda a, b: 2 * a * b,
                                      lambda a, b: a ** 2 + b ** 2, "a, b real",
                                      "2ab <= a² + b²"),
    "young": _Template(("a", "b", "c"), lambda a, b, c: a * b,
                       lambda a, b, c: a ** 2 / (2 * c) + c * b ** 2 / 2, "c > 0",
                       "ab <= a²/(2c) + c b²/2"),
    "square_of_sum": _Template(("a", "b"), lambda a, b: (a + b) ** 2,
                               lambda a, b: 2 * a ** 2 + 2 * b ** 2, "a, b real",
                               "(a+b)² <= 2a² + 2b²"),
    "sqrt_subadditive": _Template(("a", "b"), lambda a, b: sp.sqrt(a + b),
                                  lambda a, b: sp.sqrt(a) + sp.sqrt(b), "a, b >= 0",
                                  "√(a+b) <= √a + √b"),
    "abs_triangle": _Template(("a", "b"), lambda a, b: sp.Abs(a + b),
                              lambda a, b: sp.Abs(a) + sp.Abs(b), "a, b real",
                              "|a+b| <= |a| + |b|"),
    # 0 <= expr, where expr >= 0 is one of the statement's hypotheses (checked against them)
    "hypothesis": _Template(("expr",), lambda e: sp.Integer(0), lambda e: e,
                            "expr >= 0 is a hypothesis", "0 <= expr (a hypothesis)"),
    # 0 <= expr, where SymPy itself must establish expr >= 0
    "nonneg": _Template(("expr",), lambda e: sp.Integer(0), lambda e: e,
                        "expr >= 0 (SymPy must prove it)", "0 <= expr"),
}


@dataclass(frozen=True)
class Known:
    """An instance of a known inequality: ``Known("one_minus_x_le_neg_log", x=1/v[t])``; or the
    telescoping identity ``Known("telescoping", F=log(v[t]), index=t)``."""

    name: str
    args: dict = field(default_factory=dict)

    def __init__(self, name: str, **args):
        if name != "telescoping" and name not in KNOWN:
            raise ValueError(f"unknown inequality {name!r}; known: {', '.join(KNOWN)}, "
                             "telescoping")
        want = ("F", "index") if name == "telescoping" else KNOWN[name].args
        if set(args) != set(want):
            raise ValueError(f"{name} takes arguments {want}, got {tuple(args)}")
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "args", {k: sp.sympify(v) for k, v in args.items()})

    def sides(self) -> tuple[sp.Expr, sp.Expr]:
        tpl = KNOWN[self.name]
        vals = [self.args[a] for a in tpl.args]
        return tpl.L(*vals), tpl.R(*vals)

    def domain(self) -> str:
        return "-" if self.name == "telescoping" else KNOWN[self.name].domain

    def text(self) -> str:
        return ("Σ (F(t) − F(t−1)) = F(b) − F(a−1)" if self.name == "telescoping"
                else KNOWN[self.name].text)


def _strip_sum(a: sp.Basic, b: sp.Basic) -> tuple[sp.Basic, sp.Basic]:
    if isinstance(a, sp.Sum) and isinstance(b, sp.Sum) and a.limits == b.limits:
        return a.function, b.function
    return a, b


def _zero(expr: sp.Basic) -> str:
    """``proved`` / ``disproved`` / ``undecided`` for ``expr == 0``."""
    expr = sp.expand_log(expr, force=True)
    diff = _simplify(sp.together(expr), fallback=None)  # SymPy failed: not decided here
    if diff is None:
        return "undecided"
    if diff == 0:
        return "proved"
    diff = _simplify(sp.expand(diff), fallback=None)
    if diff is None:
        return "undecided"
    if diff == 0:
        return "proved"
    if diff.is_number and diff != 0:
        return "disproved"
    return "undecided"


def _summands(expr: sp.Basic) -> sp.Basic | None:
    """``expr`` (an Add of constants and multiples of Sums over one common set of limits) as a
    single summand over those limits; ``expr`` itself when it has no Sum; None when the Sums'
    limits differ or a Sum sits inside a nonlinear function."""
    sums = list(expr.atoms(sp.Sum))
    if not sums:
        return expr
    limits = sums[0].limits
    if any(s.limits != limits for s in sums) or len(limits) != 1:
        return None
    var, a, b = limits[0]
    n = b - a + 1
    out = sp.Integer(0)
    for term in sp.Add.make_args(sp.expand(expr, deep=False, mul=True, power_base=False,
                                           power_exp=False, log=False, multinomial=False)):
        inner = [f for f in sp.Mul.make_args(term) if isinstance(f, sp.Sum)]
        if not inner:
            if term.has(sp.Sum):
                return None
            out += term / n
            continue
        if len(inner) != 1:
            return None
        coeff = sp.Mul(*[f for f in sp.Mul.make_args(term) if not isinstance(f, sp.Sum)])
        if coeff.has(sp.Sum) or var in coeff.free_symbols:
            return None
        out += coeff * inner[0].function
    return out


def check_identity(lhs: sp.Basic, rhs: sp.Basic) -> str:
    """``"proved"`` when SymPy shows lhs == rhs, ``"disproved"`` when the difference is a nonzero
    number, else ``"undecided"``."""
    a, b = _strip_sum(lhs, rhs)
    verdict = _zero(a - b)
    if verdict == "proved":
        return verdict
    single = _summands(lhs - rhs)
    if single is not None and single is not (lhs - rhs):
        v2 = _zero(single)
        if v2 == "proved":
            return v2
    return verdict


def _telescope(expr: sp.Basic, F: sp.Basic, index: sp.Symbol) -> sp.Basic:
    """Rewrite each Sum over one index as Sum(f − (F(t) − F(t−1))) + F(b) − F(a−1) (each
    original Sum exactly once)."""
    mapping = {}
    for s in expr.atoms(sp.Sum):
        if len(s.limits) != 1:
            continue
        var, a, b = s.limits[0]
        Ft = F.subs(index, var)
        mapping[s] = (sp.Sum(s.function - (Ft - Ft.subs(var, var - 1)), s.limits)
                      + F.subs(index, b) - F.subs(index, a - 1))
    return expr.xreplace(mapping)


def _is_hypothesis(stmt: Statement | None, expr: sp.Basic) -> bool:
    if stmt is None:
        return False
    for h in stmt.hypotheses:
        rel = h.relation
        if isinstance(rel, (sp.GreaterThan, sp.StrictGreaterThan)):
            cand = rel.lhs - rel.rhs
        elif isinstance(rel, (sp.LessThan, sp.StrictLessThan)):
            cand = rel.rhs - rel.lhs
        else:
            continue
        if _zero(cand - expr) == "proved":
            return True
    return False


def check_step(step: ProofStep, stmt: Statement | None = None) -> str:
    """The verdict on one link (see the module docstring)."""
    via = step.via
    if step.relation == "=":
        if via is not None and via.name == "telescoping":
            d = _telescope(step.lhs - step.rhs, via.args["F"], via.args["index"])
            single = _summands(d)
            return _zero(single if single is not None else d)
        return check_identity(step.lhs, step.rhs)
    gap = step.rhs - step.lhs
    if via is None:
        single = _summands(gap)
        target = single if single is not None else gap
        return "proved" if _simplify(target).is_nonnegative else "undecided"
    if _simplify(step.scale).is_negative:
        return "disproved"
    L, R = via.sides()
    if via.name == "hypothesis" and not _is_hypothesis(stmt, via.args["expr"]):
        return "undecided"
    if via.name == "nonneg" and not _simplify(via.args["expr"]).is_nonnegative:
        return "undecided"
    single = _summands(gap)
    if single is None:
        return "undecided"
    rest = single - step.scale * (R - L)
    if _zero(rest) == "proved":
        return "proved"
    rest = _simplify(sp.expand_log(rest, force=True))
    # rhs - lhs = scale (R - L) + c with a constant c >= 0 still proves the step
    return "proved" if rest.is_number and rest >= 0 else "undecided"


#: seconds SymPy may spend on one link before it is reported ``undecided`` (simplify has no
#: time limit of its own and can run for minutes on a false link)
STEP_TIMEOUT_S = 15


class _Timeout(Exception):
    pass


def _with_timeout(fn, seconds: float):
    """``fn()``, or ``"undecided"`` when it runs past ``seconds`` (SIGALRM; main thread on POSIX
    only, elsewhere without a limit)."""
    import signal
    import threading
    if seconds is None or not hasattr(signal, "SIGALRM") or \
            threading.current_thread() is not threading.main_thread():
        return fn()

    def on_alarm(signum, frame):
        raise _Timeout

    old = signal.signal(signal.SIGALRM, on_alarm)
    prev = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return fn()
    except _Timeout:
        return "undecided"
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
        if prev[0] > 0:  # an outer timer was running: restore what is left of it
            signal.setitimer(signal.ITIMER_REAL, prev[0])


_CACHE: dict[str, str] = {}


def _disk_cache_path():
    """``$ADAPROOF_CACHE_DIR/proofs.json`` (default ``.adaproof/cache``); ``none`` turns it off."""
    import os
    from pathlib import Path
    folder = os.environ.get("ADAPROOF_CACHE_DIR", ".adaproof/cache")
    return None if folder.lower() == "none" else Path(folder) / "proofs.json"


def _digest(stmt: Statement, k: int, step: ProofStep) -> str:
    """A digest of everything a link's verdict depends on: the link, the statement's hypotheses,
    the source of this module and the SymPy version."""
    import hashlib
    from pathlib import Path
    src = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]
    hyps = [(h.relation, h.silent) for h in stmt.hypotheses]
    blob = "\x1f".join(map(str, (sp.__version__, src, stmt.key, k, repr(step), repr(hyps))))
    return hashlib.sha256(blob.encode()).hexdigest()[:24]


def _load_disk() -> dict[str, str]:
    import json
    path = _disk_cache_path()
    if path is None or not path.exists():
        return {}
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return {}  # a damaged cache is recomputed, never trusted
    return {k: v for k, v in data.items() if isinstance(k, str) and _valid(v)} \
        if isinstance(data, dict) else {}


def _valid(v) -> bool:
    if v in ("proved", "disproved", "undecided"):
        return True
    if isinstance(v, str) and v.startswith("timeout:"):
        try:
            return float(v[8:]) > 0
        except ValueError:
            return False
    return False


def _save_disk(new: dict[str, str]) -> None:
    import json
    path = _disk_cache_path()
    if path is None or not new:
        return
    try:
        from .store import atomic_write_text
        data = _load_disk()
        data.update(new)
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(path, json.dumps(data, sort_keys=True) + "\n")
    except OSError:
        pass  # a cache that cannot be written only costs time


def check_proof(stmt: Statement, timeout_s: float | None = STEP_TIMEOUT_S
                ) -> list[tuple[ProofStep, str]]:
    """Each proof step with ``proved``/``disproved``/``undecided`` (``undecided`` also when SymPy
    runs past ``timeout_s`` seconds on a link).

    Verdicts are cached in the process and on disk (:func:`_disk_cache_path`), keyed by a
    digest of the link, the hypotheses, this module's source and the SymPy version.  A link that
    ran past its time limit is stored as ``timeout:<seconds>`` and reused (as ``undecided``) only
    by a call whose limit is not larger; with a larger limit SymPy tries again."""
    out, disk, new = [], None, {}
    for k, step in enumerate(stmt.proof):
        key = f"{stmt.key}|{k}|{step!r}|{[(h.relation, h.silent) for h in stmt.hypotheses]!r}"
        if key not in _CACHE:
            if disk is None:
                disk = _load_disk()
            d = _digest(stmt, k, step)
            hit = disk.get(d)
            if hit is not None and hit.startswith("timeout:"):
                limit = float("inf") if timeout_s is None else timeout_s
                hit = "undecided" if float(hit[8:]) >= limit else None
            if hit is not None:
                _CACHE[key] = hit
            else:
                timed_out = []

                def attempt():
                    v = check_step(step, stmt)
                    timed_out.append(False)
                    return v
                _CACHE[key] = _with_timeout(attempt, timeout_s)
                new[d] = _CACHE[key] if timed_out else f"timeout:{timeout_s}"
        out.append((step, _CACHE[key]))
    _save_disk(new)
    return out
