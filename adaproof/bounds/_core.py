"""Rate calculators: a theorem's explicit bound as a SymPy expression, evaluated, tuned and
turned into an iteration complexity.

A :class:`RateBound` holds the bound as named terms (``bound = Σ terms``) over documented
symbols (meaning and domain), the theorem's hypotheses as relations, and the rate the paper
claims.  It offers

* :meth:`RateBound.evaluate` — the bound and each term for given values (scalars or NumPy
  arrays, vectorised), after checking every value against its domain and the hypotheses;
* :meth:`RateBound.tune` — minimise over chosen symbols: a closed form by SymPy when
  ``solve(∂bound/∂x = 0)`` gives a unique admissible critical point, else a numeric minimiser
  (SciPy's bounded L-BFGS-B over log-transformed variables, several starts); an integer
  symbol (``T``, ``d``, ``M``) is tuned on its own, over the integers; a bound whose infimum is
  approached at infinity or at an open end of a domain (``T → ∞`` for a bound decreasing in
  ``T``, ``Δ → 0``) has no minimiser, and ``tune`` says so instead of returning the search's edge;
* :meth:`RateBound.complexity` — the least ``T`` with bound ≤ ε (exponential search and
  bisection on integers), and the asymptotic order in ``T`` (leading exponent and power of
  ``log T``, by SymPy limits), compared with the claimed rate;
* :meth:`RateBound.latex`.

Each theorem's bound is also a :class:`~adaproof.statement.Statement` (registered under the
same id) when an instance family makes it attackable: the algorithm is run on concrete members
of the theorem's function class and the measured quantity is compared with the bound.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from numbers import Real
from typing import Any, Mapping

import numpy as np
import sympy as sp

from .._validation import AdaproofInputError, check_names

__all__ = ["Param", "RateBound", "ClaimedRate", "BoundValue", "TuneResult", "ComplexityResult",
           "register_bound", "get_bound", "all_bounds", "Comparison", "ComparisonResult",
           "register_comparison", "get_comparison", "all_comparisons"]


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


@dataclass(frozen=True)
class Param:
    """A symbol of a bound: its meaning and its domain ``(low, high)`` (open ends marked)."""

    name: str
    meaning: str
    low: float | None = None
    high: float | None = None
    low_open: bool = False
    high_open: bool = False
    integer: bool = False

    @property
    def symbol(self) -> sp.Symbol:
        if self.integer:
            return sp.Symbol(self.name, integer=True, positive=True)
        if self.low is not None and self.low >= 0:
            if self.low > 0 or self.low_open:
                return sp.Symbol(self.name, positive=True)
            return sp.Symbol(self.name, nonnegative=True)
        return sp.Symbol(self.name, real=True)

    def domain(self) -> str:
        lo = "(" if self.low_open else "["
        hi = ")" if (self.high_open or self.high is None) else "]"
        a = "-inf" if self.low is None else f"{self.low:g}"
        b = "inf" if self.high is None else f"{self.high:g}"
        return f"{'integer ' if self.integer else ''}{lo}{a}, {b}{hi}"

    def check(self, value) -> None:
        what = f"{self.name} ({self.meaning}) must be a real number (or an array of reals) in " \
               f"{self.domain()}"
        if isinstance(value, (bool, np.bool_, str, bytes, complex, np.complexfloating)):
            raise AdaproofInputError(f"{what}, got {type(value).__name__} {value!r}")
        if isinstance(value, sp.Basic):  # a SymPy number (Rational(1, 2), sqrt(2)): real only
            if not (value.is_number and value.is_real):
                raise AdaproofInputError(f"{what}, got {value!r}")
            value = float(value)
        try:
            raw = np.asarray(float(value) if isinstance(value, Real) else value)
        except (TypeError, ValueError, OverflowError):  # an int beyond float64, a ragged list
            raise AdaproofInputError(f"{what}, got {_short(value)}") from None
        if raw.dtype.kind not in "iuf":  # bools, complex, strings, objects
            raise AdaproofInputError(f"{what}, got {_short(value)}")
        arr = raw.astype(float)
        if not np.all(np.isfinite(arr)):
            raise AdaproofInputError(f"{self.name} ({self.meaning}) must be finite, got {value!r}")
        bad = np.zeros(arr.shape, dtype=bool)
        if self.low is not None:
            bad |= arr <= self.low if self.low_open else arr < self.low
        if self.high is not None:
            bad |= arr >= self.high if self.high_open else arr > self.high
        if self.integer:
            bad |= arr != np.round(arr)
        if np.any(bad):
            first = float(arr[bad].flat[0])
            raise AdaproofInputError(
                f"{self.name} ({self.meaning}) must lie in {self.domain()}; got {first!r}")


@dataclass(frozen=True)
class ClaimedRate:
    """The rate the paper claims: ``bound = Õ(T^exponent (log T)^log_power)`` when the tuned
    symbols follow ``schedule`` (expressions in T, e.g. ``{"eta": 1/sqrt(T)}``); ``text`` quotes
    the paper."""

    exponent: sp.Rational
    log_power: int | sp.Rational = 0
    schedule: Mapping[str, sp.Expr] = field(default_factory=dict)
    text: str = ""


@dataclass
class BoundValue:
    total: Any
    terms: dict[str, Any]

    def to_json(self) -> dict:
        conv = lambda x: x.tolist() if isinstance(x, np.ndarray) else float(x)
        return {"bound": conv(self.total), "terms": {k: conv(v) for k, v in self.terms.items()}}


@dataclass
class TuneResult:
    argmin: dict[str, float]
    value: float
    method: str  # "closed-form" | "numeric" | "integer" (a search over the integers)
    closed_form: dict[str, str] | None = None
    #: False when ``value`` is an infimum approached as a symbol tends to an open (or infeasible)
    #: finite end of its domain: ``argmin`` then holds that end, which is not itself admissible
    attained: bool = True

    def to_json(self) -> dict:
        return {"argmin": self.argmin, "bound": self.value, "method": self.method,
                "closed_form": self.closed_form, "attained": self.attained}


@dataclass
class ComplexityResult:
    T: int | None
    eps: float
    exponent: str | None
    log_power: int | None
    claimed_exponent: str | None
    claimed_log_power: int | None
    agrees_with_claim: bool | None
    tuned: list[str]

    def to_json(self) -> dict:
        return dict(self.__dict__)


@dataclass
class RateBound:
    """A theorem's explicit bound (see the module docstring)."""

    id: str
    paper: str
    number: str
    title: str
    source: str
    measured: str  # LaTeX of the quantity the theorem bounds
    params: tuple[Param, ...]
    terms: tuple[tuple[str, sp.Expr], ...]
    hypotheses: tuple[tuple[sp.Basic, str], ...] = ()
    claimed: ClaimedRate | None = None
    horizon: str = "T"
    variant: str = "printed"
    reason: str = ""
    latex_printed: str = ""
    notes: str = ""
    #: try SymPy's solve for a closed-form optimum in ``tune`` (off where solve does not return
    #: in reasonable time, e.g. logs of sums of square roots)
    closed_form: bool = True

    def __post_init__(self) -> None:
        names = {p.name for p in self.params}
        for _, e in self.terms:
            missing = {s.name for s in e.free_symbols} - names
            if missing:
                raise ValueError(f"{self.id}: terms use undocumented symbols {sorted(missing)}")
        if self.variant == "corrected" and not self.reason:
            raise ValueError(f"{self.id}: a corrected variant needs its reason")

    # -- basics ---------------------------------------------------------------------------------
    @property
    def key(self) -> str:
        return self.id if self.variant == "printed" else f"{self.id}@{self.variant}"

    @property
    def expr(self) -> sp.Expr:
        return sp.Add(*[e for _, e in self.terms])

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        known = ", ".join(p.name for p in self.params)
        raise AdaproofInputError(f"{self.key} has no symbol {name!r}; its symbols are {known}")

    def sym(self, name: str) -> sp.Symbol:
        return self.param(name).symbol

    def _subs_map(self, values: Mapping[str, Any]) -> dict:
        return {self.sym(k): v for k, v in values.items()}

    def latex(self) -> str:
        return f"{self.measured} \\le {sp.latex(self.expr)}"

    def to_json(self) -> dict:
        return {"id": self.id, "key": self.key, "paper": self.paper, "number": self.number,
                "title": self.title, "source": self.source, "variant": self.variant,
                "reason": self.reason or None, "measured": self.measured,
                "latex_printed": self.latex_printed, "latex": self.latex(),
                "symbols": [{"name": p.name, "meaning": p.meaning, "domain": p.domain()}
                            for p in self.params],
                "terms": {n: sp.latex(e) for n, e in self.terms},
                "hypotheses": [{"latex": sp.latex(h), "note": n or None} for h, n in self.hypotheses],
                "claimed_rate": None if self.claimed is None else {
                    "exponent": str(self.claimed.exponent), "log_power": (
                        int(self.claimed.log_power) if sp.sympify(self.claimed.log_power).is_Integer
                        else str(self.claimed.log_power)),  # JSON has no Rational
                    "schedule": {k: str(v) for k, v in self.claimed.schedule.items()},
                    "text": self.claimed.text},
                "notes": self.notes or None}

    # -- checks ---------------------------------------------------------------------------------
    def _check(self, values: Mapping[str, Any], *, need: set[str] | None = None) -> None:
        for k, v in values.items():
            self.param(k).check(v)
        shapes = {k: np.shape(v) for k, v in values.items() if np.ndim(v)}
        try:
            np.broadcast_shapes(*shapes.values())
        except ValueError:
            raise AdaproofInputError(f"{self.key}: array values must broadcast against each "
                                     f"other; got shapes {shapes}") from None
        need = need if need is not None else {s.name for s in self.expr.free_symbols}
        missing = sorted(need - set(values))
        if missing:
            raise AdaproofInputError(f"{self.key} needs values for {', '.join(missing)} "
                                     f"(give them as NAME=VALUE)")
        for rel, note in self.hypotheses:
            syms = {s.name for s in rel.free_symbols}
            if not syms <= set(values):
                continue
            f = self._hyp_fn(rel, tuple(sorted(syms)))
            ok = np.asarray(f(*[np.asarray(values[n], dtype=float) for n in sorted(syms)]))
            if not np.all(ok):
                raise AdaproofInputError(
                    f"{self.key}: hypothesis {rel} does not hold for the given values"
                    + (f" ({note})" if note else ""))

    def _hyp_fn(self, rel, names):
        cache = self.__dict__.setdefault("_hyp_fns", {})
        if (rel, names) not in cache:
            cache[(rel, names)] = sp.lambdify([self.sym(n) for n in names], rel, "numpy")
        return cache[(rel, names)]

    # -- evaluate -------------------------------------------------------------------------------
    def _compiled(self):
        """Each term lambdified once (NumPy), with its sorted symbols."""
        cache = self.__dict__.get("_fns")
        if cache is None:
            cache = []
            for name, e in self.terms:
                syms = sorted(e.free_symbols, key=lambda s: s.name)
                cache.append((name, syms, sp.lambdify(syms, e, "numpy")))
            self.__dict__["_fns"] = cache
        return cache

    def evaluate(self, **values) -> BoundValue:
        """The bound and each term at ``values`` (scalars or arrays, broadcast)."""
        self._check(values)
        terms = {}
        for name, syms, f in self._compiled():
            with np.errstate(all="ignore"):
                val = f(*[np.asarray(values[s.name], dtype=float) for s in syms])
            terms[name] = np.asarray(val, dtype=float) if np.ndim(val) else float(val)
        total = sum(terms.values())
        if not np.all(np.isfinite(total)):
            given = ", ".join(f"{k}={v!r}" if np.ndim(v) == 0 else f"{k}=<array>"
                              for k, v in values.items())
            raise AdaproofInputError(f"{self.key}: the bound is not finite (overflows float64) at "
                                     f"{given} (terms: {terms})")
        return BoundValue(total, terms)

    # -- tune -----------------------------------------------------------------------------------
    def tune(self, over: list[str] | tuple[str, ...], **values) -> TuneResult:
        """Minimise the bound over the symbols ``over`` with the others fixed at ``values``."""
        over = check_names("over", over)
        if not over:
            raise AdaproofInputError("tune needs at least one symbol in over (--over)")
        if len(set(over)) != len(over):
            raise AdaproofInputError(f"over (--over) names a symbol twice: {over}")
        free = {s.name for s in self.expr.free_symbols}
        for n in over:
            self.param(n)
            if n in values:
                raise AdaproofInputError(f"{n} is tuned; do not also give it a value")
            if n not in free:
                raise AdaproofInputError(f"{self.key}: {n} does not appear in the bound; there is "
                                         f"nothing to tune over it")
        _scalars(self.key, "tune", values)
        self._check(values, need=free - set(over))
        ints = [n for n in over if self.param(n).integer]
        if ints:
            if len(over) > 1:
                raise AdaproofInputError(
                    f"{self.key}: tune an integer symbol ({', '.join(ints)}) on its own, not "
                    f"together with other symbols ({', '.join(over)} given)")
            return self._integer_tune(over[0], values)
        closed = self._closed_form(over, values) if self.closed_form else None
        if closed is not None:
            argmin = {k: float(v) for k, v in closed[0].items()}
            val = float(self.evaluate(**values, **argmin).total)
            return TuneResult(argmin, val, "closed-form", closed[1])
        return self._numeric_tune(over, values)

    def _symbolic_critical_points(self, over) -> list[dict]:
        """Solutions of ∇_over bound = 0 with every other symbol symbolic (cached)."""
        cache = self.__dict__.setdefault("_crit", {})
        key = tuple(over)
        if key not in cache:
            xs = [self.sym(n) for n in over]
            try:
                sols = sp.solve([sp.diff(self.expr, x) for x in xs], xs, dict=True)
            except (NotImplementedError, ValueError, TypeError):
                sols = []
            cache[key] = [s_ for s_ in sols if set(s_) == set(xs)]
        return cache[key]

    def _closed_form(self, over, values):
        sub = self._subs_map(values)
        good = []
        for sol in self._symbolic_critical_points(over):
            try:
                pt = {x.name: complex(sp.N(v.subs(sub))) for x, v in sol.items()}
            except (TypeError, ValueError):
                continue
            if any(abs(v.imag) > 1e-12 * max(1.0, abs(v)) for v in pt.values()):
                continue
            pt = {k: v.real for k, v in pt.items()}
            try:
                for k, v in pt.items():
                    self.param(k).check(v)
            except AdaproofInputError:
                continue
            good.append((pt, {x.name: str(v) for x, v in sol.items()}))
        if len(good) != 1:
            return None
        pt, exprs = good[0]
        # a critical point is the minimum only if no numeric search beats it
        val = float(self.evaluate(**values, **pt).total)
        num = self._numeric_tune(over, values, starts=5)
        if num.value < val * (1 - 1e-7):
            return None
        return pt, exprs

    def _integer_tune(self, name: str, values) -> TuneResult:
        """Minimise over one integer symbol: every integer from the domain's low end up to 64
        above it, then ``low + 2**k`` up to ``2**52`` (integers stay exact in float64), then an
        integer ternary search between the best scanned point's neighbours.  A bound still
        decreasing at the last scanned point decreases towards infinity: refused."""
        p = self.param(name)
        lo = 1 if p.low is None else math.ceil(p.low)
        if p.low is not None and p.low_open and lo == p.low:
            lo += 1
        hi = None if p.high is None else math.floor(p.high)
        if hi is not None and p.high_open and hi == p.high:
            hi -= 1
        cap = lo + 2 ** 52 if hi is None else hi
        memo: dict[int, float] = {}

        def f(n: int) -> float:
            if n not in memo:
                try:
                    v = float(self.evaluate(**values, **{name: n}).total)
                except (AdaproofInputError, OverflowError, ValueError, ZeroDivisionError):
                    v = math.inf
                memo[n] = v if math.isfinite(v) else math.inf
            return memo[n]

        cands = sorted({n for n in list(range(lo, lo + 65)) + [lo + 2 ** k for k in range(6, 53)]
                        if n <= cap} | {cap})
        vals = [f(n) for n in cands]
        i = min(range(len(cands)), key=lambda j: (vals[j], cands[j]))
        if not math.isfinite(vals[i]):
            raise AdaproofInputError(
                f"{self.key}: the bound is not finite (or a hypothesis fails) for every {name} "
                f"tried in {p.domain()} at these values")
        if hi is None and i == len(cands) - 1 and vals[i] < vals[i - 1]:
            hint = " (the least T with bound <= eps is `complexity`)" if name == self.horizon else ""
            raise AdaproofInputError(
                f"{self.key}: the bound keeps decreasing as {name} -> inf (still decreasing at "
                f"{name} = {cands[i]}); no integer {name} attains its infimum, so tune over {name} "
                f"has no answer{hint}")
        a, b = cands[max(i - 1, 0)], cands[min(i + 1, len(cands) - 1)]
        while b - a > 2:
            m1, m2 = a + (b - a) // 3, b - (b - a) // 3
            if f(m1) <= f(m2):
                b = m2
            else:
                a = m1
        best = min(list(range(a, b + 1)) + [cands[i]], key=lambda n: (f(n), n))
        return TuneResult({name: float(best)}, f(best), "integer")

    def _numeric_tune(self, over, values, starts: int = 13) -> TuneResult:
        from scipy.optimize import minimize
        params = [self.param(n) for n in over]

        def to_x(u):
            out = {}
            for p, ui in zip(params, u):
                lo = p.low if p.low is not None else -1e6
                hi = p.high if p.high is not None else None
                if hi is None:  # (lo, inf): lo + exp(u)
                    out[p.name] = lo + math.exp(ui)
                else:  # (lo, hi): logistic
                    out[p.name] = lo + (hi - lo) / (1 + math.exp(-ui))
            return out

        def f(u):
            try:
                x = to_x(u)
                v = float(self.evaluate(**values, **x).total)
            except (AdaproofInputError, OverflowError, ValueError):
                return 1e300
            return v if math.isfinite(v) else 1e300

        # a coarse scan first (a hypothesis such as η ≤ 1/L makes the objective +inf beyond a
        # cap, where a local method started outside stalls), then local refinement from the best
        # scanned points and from spread starts
        grid1 = np.linspace(-30, 30, 121 if len(params) == 1 else 25)
        pts = np.array(np.meshgrid(*[grid1] * len(params), indexing="ij")).reshape(len(params), -1).T \
            if len(params) <= 2 else np.repeat(grid1[:, None], len(params), axis=1)
        scanned = sorted(((f(u), tuple(u)) for u in pts), key=lambda z: z[0])
        inits = [np.array(u) for _, u in scanned[:3] if _ < 1e300]
        inits += [np.full(len(params), st) for st in np.linspace(-12, 12, starts)]
        best = None
        for u0 in inits:
            r = minimize(f, u0, method="L-BFGS-B", bounds=[(-60, 60)] * len(params))
            if best is None or r.fun < best.fun:
                best = r
        if scanned and scanned[0][0] < best.fun:
            best_u, best_f = np.array(scanned[0][1]), scanned[0][0]
        else:
            best_u, best_f = best.x, best.fun
        # push towards a cap: bisect each coordinate between the best point and where the
        # objective turns infeasible, while it keeps decreasing
        for k in range(len(params)):
            for direction in (1.0, -1.0):
                step = 1.0
                while step > 1e-13:
                    u = best_u.copy()
                    u[k] += direction * step
                    fu = f(u)
                    if fu < best_f:
                        best_u, best_f = u, fu
                    else:
                        step /= 2
        x = to_x(best_u)
        # a minimum reached at the end of the transformed range (u_k = +-60: within e^-60 of a
        # finite end, or beyond e^60 towards infinity), or no worse there than at the point found
        # (the bound flat, in floating point, out to that end), is an infimum at the domain's
        # edge: the value at a closed end when that end is feasible and no worse; else the
        # infimum, marked not attained, with the end as its limit point (towards infinity:
        # refused, there is no finite limit point)
        attained = True
        for k, p in enumerate(params):
            uk = 0.0
            for sgn in (-1.0, 1.0):
                probe = best_u.copy()
                probe[k] = sgn * 60.0
                if sgn * best_u[k] >= 55 or f(probe) <= best_f:
                    uk = sgn
                    if f(probe) <= best_f:  # closer to the infimum
                        best_u, best_f = probe, f(probe)
                        x = to_x(best_u)
                    break
            if uk == 0.0:
                continue
            upper = uk > 0
            end = p.high if upper else p.low
            if end is None:  # towards +inf, or -inf (the search stops at -1e6)
                where = "inf" if upper else "-inf"
                raise AdaproofInputError(
                    f"{self.key}: the bound does not increase as {p.name} -> {where} (at "
                    f"{p.name} = {to_x(probe)[p.name]:.6g} it is {f(probe):.6g}, no more than "
                    f"{best_f:.6g}); its infimum is approached at {where} and not attained, so "
                    f"tune over {p.name} has no answer")
            closed = not (p.high_open if upper else p.low_open)
            at_end = math.inf
            if closed:
                try:
                    at_end = float(self.evaluate(**values, **{**x, p.name: float(end)}).total)
                except (AdaproofInputError, OverflowError, ValueError, ZeroDivisionError):
                    at_end = math.inf
            if closed and math.isfinite(at_end) and at_end <= best_f * (1 + 1e-9) + 1e-300:
                x[p.name], best_f = float(end), at_end
                continue
            x[p.name], attained = float(end), False
        return TuneResult({k: float(v) for k, v in x.items()}, float(best_f), "numeric",
                          attained=attained)

    # -- complexity -----------------------------------------------------------------------------
    def complexity(self, eps: float, tune_over: list[str] | None = None, **values) -> ComplexityResult:
        """Least T with bound ≤ eps (T tuned-out hyperparameters re-tuned at each T), and the
        asymptotic order in T with the other symbols fixed (or following the claimed schedule
        for the tuned ones)."""
        if isinstance(eps, bool) or not (isinstance(eps, (int, float)) and 0 < eps < math.inf):
            raise AdaproofInputError(f"eps must be a finite number > 0, got {eps!r}")
        Tn = self.horizon
        if Tn in values:
            raise AdaproofInputError(f"{Tn} is what complexity solves for; do not give it")
        tune_over = check_names("tune_over", tune_over or [])
        _scalars(self.key, "complexity", values)

        def bound_at(T: int) -> float:
            try:
                if tune_over:
                    return self.tune(tune_over, **values, **{Tn: T}).value
                return float(self.evaluate(**values, **{Tn: T}).total)
            except AdaproofInputError as exc:
                if "hypothesis" in str(exc):  # T below the range the theorem allows
                    return math.inf
                raise

        T_min = None
        hi = 1
        while hi <= 2 ** 60 and bound_at(hi) > eps:
            hi *= 2
        if hi <= 2 ** 60:
            lo = hi // 2
            while hi - lo > 1:
                mid = (lo + hi) // 2
                if bound_at(mid) <= eps:
                    hi = mid
                else:
                    lo = mid
            T_min = hi if bound_at(hi) <= eps else None
            if hi == 1:
                T_min = 1
        exponent, log_power = self.order(tune_over=tune_over, **values)
        claimed = self.claimed
        agrees = None
        c_exp = c_log = None
        if claimed is not None:
            # a claimed rate may depend on the problem's symbols (e.g. Õ(T^{1/2−c})): at the
            # given values
            at = {self.sym(k): sp.nsimplify(v) for k, v in values.items()}
            c_exp = sp.nsimplify(sp.sympify(claimed.exponent).subs(at))
            c_log = sp.nsimplify(sp.sympify(claimed.log_power).subs(at))
        if claimed is not None and exponent is not None and set(tune_over) == set(claimed.schedule):
            agrees = bool(sp.nsimplify(exponent) == c_exp and log_power is not None
                          and sp.nsimplify(log_power) == c_log)
        return ComplexityResult(
            T=T_min, eps=eps, exponent=None if exponent is None else str(exponent),
            log_power=None if log_power is None else (
                log_power if isinstance(log_power, int) else str(log_power)),
            claimed_exponent=None if claimed is None else str(c_exp),
            claimed_log_power=None if claimed is None else (
                int(c_log) if c_log.is_Integer else str(c_log)),
            agrees_with_claim=agrees, tuned=tune_over)

    def order(self, tune_over: list[str] | None = None, **values):
        """``(a, k)`` with bound ~ T^a (log T)^k as T → ∞: other symbols fixed at ``values``; the
        ``tune_over`` ones follow the claimed schedule (which must name them)."""
        T = self.sym(self.horizon)
        e = self.expr
        sched = {}
        for n in (tune_over or []):
            if self.claimed is None or n not in self.claimed.schedule:
                raise AdaproofInputError(
                    f"{self.key}: no claimed schedule for {n}; the asymptotic order needs one")
            sched[self.sym(n)] = self.claimed.schedule[n]
        e = e.subs(sched)
        e = e.subs({self.sym(k): sp.nsimplify(v) for k, v in values.items()})
        if e.free_symbols - {T}:
            return None, None
        try:
            a = sp.limit(sp.log(e) / sp.log(T), T, sp.oo)
            k = sp.limit(sp.log(e / T ** a) / sp.log(sp.log(T)), T, sp.oo)
        except (NotImplementedError, ValueError, TypeError):
            return None, None
        if not (k.is_number and k.is_finite):
            return a, None
        k = sp.nsimplify(k)
        return a, (int(k) if k.is_Integer else k)


def _scalars(key: str, what: str, values: Mapping[str, Any]) -> None:
    """``tune``/``complexity``/``compare`` take one real per symbol (``evaluate`` takes arrays)."""
    for k, v in values.items():
        if np.ndim(v) != 0:
            raise AdaproofInputError(f"{key}: {what} takes one real value per symbol; {k} is an "
                                     f"array of shape {np.shape(v)} (evaluate takes arrays)")


_BOUNDS: dict[str, RateBound] = {}


def register_bound(b: RateBound) -> RateBound:
    if b.key in _BOUNDS and _BOUNDS[b.key] is not b:
        raise AdaproofInputError(f"a bound with key {b.key!r} is already registered")
    _BOUNDS[b.key] = b
    return b


def _load() -> None:
    import importlib
    from ..registry import PAPERS
    for p in PAPERS:
        try:
            importlib.import_module(f"adaproof.bounds.{p}")
        except ModuleNotFoundError as exc:
            if exc.name != f"adaproof.bounds.{p}":
                raise


def _lookup(table: dict, key: str, what: str):
    """``table[key]`` after loading every paper's module; else an error naming close keys."""
    import difflib
    _load()
    if not isinstance(key, str):
        raise AdaproofInputError(f"a {what.split()[0]} id is a string, got {type(key).__name__}")
    if key in table:
        return table[key]
    close = difflib.get_close_matches(key, list(table), n=3, cutoff=0.4)
    hint = f"; closest known: {', '.join(close)}" if close else ""
    raise AdaproofInputError(f"no {what} {key!r}{hint}")


def _listing(table: dict, paper: str | None) -> list:
    _load()
    return sorted((x for x in table.values() if paper is None or x.paper == paper),
                  key=lambda x: x.key)


def get_bound(key: str) -> RateBound:
    return _lookup(_BOUNDS, key, "rate calculator for")


def all_bounds(paper: str | None = None) -> list[RateBound]:
    return _listing(_BOUNDS, paper)


# ---------------------------------------------------------------------------------------------
# Comparing two bounds on the same problem
# ---------------------------------------------------------------------------------------------
@dataclass
class ComparisonResult:
    a: float
    b: float
    ratio: float
    argmin_a: dict[str, float]
    argmin_b: dict[str, float]
    better: str  # "a" | "b" | "tie"
    claimed_ratio: float | None = None

    def to_json(self) -> dict:
        return dict(self.__dict__)


@dataclass
class Comparison:
    """Two theorems' bounds on one problem.

    ``params`` are the shared problem's symbols; ``map_a``/``map_b`` give each bound's symbols as
    SymPy expressions of them (a symbol with the same name as a shared one maps to it when
    omitted).  ``tune_a``/``tune_b`` are minimised (each bound at its own best hyperparameters)
    before the two values are compared.  ``claimed_ratio`` is the paper's A/B, when printed."""

    id: str
    paper: str
    title: str
    source: str
    a: str
    b: str
    params: tuple[Param, ...]
    map_a: Mapping[str, sp.Expr] = field(default_factory=dict)
    map_b: Mapping[str, sp.Expr] = field(default_factory=dict)
    tune_a: tuple[str, ...] = ()
    tune_b: tuple[str, ...] = ()
    claim: str = ""
    claimed_ratio: sp.Expr | None = None
    notes: str = ""

    @property
    def key(self) -> str:
        return self.id

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        known = ", ".join(p.name for p in self.params)
        raise AdaproofInputError(f"{self.id} has no symbol {name!r}; its symbols are {known}")

    def bounds(self) -> tuple[RateBound, RateBound]:
        return get_bound(self.a), get_bound(self.b)

    def _mapping(self, bound: RateBound, explicit: Mapping[str, sp.Expr], tuned) -> dict:
        out = {}
        shared = {p.name: p.symbol for p in self.params}
        for p in bound.params:
            if p.name in tuned:
                continue
            if p.name in explicit:
                out[p.name] = sp.sympify(explicit[p.name]).subs(
                    {sp.Symbol(n): sym for n, sym in shared.items()})
            elif p.name in shared:
                out[p.name] = shared[p.name]
        return out

    def ratio_expr(self) -> sp.Expr:
        """A/B as a SymPy expression of the shared symbols (nothing tuned)."""
        A, B = self.bounds()
        ea = A.expr.subs({A.sym(k): v for k, v in self._mapping(A, self.map_a, ()).items()})
        eb = B.expr.subs({B.sym(k): v for k, v in self._mapping(B, self.map_b, ()).items()})
        return ea / eb  # (sp.simplify of a full bound can take a minute; callers may simplify)

    def _side(self, bound: RateBound, explicit, tuned, values) -> tuple[float, dict]:
        vals = {}
        for name, e in self._mapping(bound, explicit, tuned).items():
            f = sp.lambdify(sorted(e.free_symbols, key=lambda s: s.name), e, "math")
            try:
                vals[name] = float(f(*[values[s.name] for s in
                                       sorted(e.free_symbols, key=lambda s: s.name)]))
            except KeyError as exc:
                raise AdaproofInputError(f"{self.id} needs a value for {exc.args[0]} "
                                         f"(give it as NAME=VALUE)") from None
        if tuned:
            r = bound.tune(list(tuned), **vals)
            return r.value, r.argmin
        return float(bound.evaluate(**vals).total), {}

    def compare(self, **values) -> ComparisonResult:
        for k, v in values.items():
            self.param(k).check(v)
        _scalars(self.id, "compare", values)
        A, B = self.bounds()
        a, arg_a = self._side(A, self.map_a, self.tune_a, values)
        b, arg_b = self._side(B, self.map_b, self.tune_b, values)
        if not (math.isfinite(a) and math.isfinite(b)) or b <= 0:
            raise AdaproofInputError(f"{self.id}: the bounds are not finite and positive here "
                                     f"(A = {a}, B = {b})")
        ratio = a / b
        better = "tie" if abs(ratio - 1) <= 1e-12 else ("a" if ratio < 1 else "b")
        claimed = None
        if self.claimed_ratio is not None:
            e = self.claimed_ratio
            syms = sorted(e.free_symbols, key=lambda s: s.name)
            claimed = float(sp.lambdify(syms, e, "math")(*[values[s.name] for s in syms]))
        return ComparisonResult(a, b, ratio, arg_a, arg_b, better, claimed)

    def to_json(self) -> dict:
        return {"id": self.id, "paper": self.paper, "title": self.title, "source": self.source,
                "a": self.a, "b": self.b, "claim": self.claim,
                "symbols": [{"name": p.name, "meaning": p.meaning, "domain": p.domain()}
                            for p in self.params],
                "map_a": {k: str(v) for k, v in self.map_a.items()},
                "map_b": {k: str(v) for k, v in self.map_b.items()},
                "tune_a": list(self.tune_a), "tune_b": list(self.tune_b),
                "claimed_ratio": None if self.claimed_ratio is None else str(self.claimed_ratio),
                "notes": self.notes or None}


_COMPARISONS: dict[str, Comparison] = {}


def register_comparison(c: Comparison) -> Comparison:
    if c.id in _COMPARISONS and _COMPARISONS[c.id] is not c:
        raise AdaproofInputError(f"a comparison with id {c.id!r} is already registered")
    _COMPARISONS[c.id] = c
    return c


def get_comparison(key: str) -> Comparison:
    return _lookup(_COMPARISONS, key, "comparison")


def all_comparisons(paper: str | None = None) -> list[Comparison]:
    return _listing(_COMPARISONS, paper)
