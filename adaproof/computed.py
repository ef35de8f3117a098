"""Computed statements: matrix/spectral claims and relations between runs as ordinary statements.

Design (why a subclass and not new SymPy functions): a claim such as ``A ⪰ |M|``,
``‖M‖_{∞→1} ≤ Σ_i H_i`` or "Adam's trajectory on ``L∘R`` is ``Rᵀ`` of its trajectory on ``L``"
needs eigen-decompositions, enumerations over sign vectors and faces of a cube, and whole
algorithm runs on two losses -- operations with no useful SymPy form.  A
:class:`ComputedStatement` therefore keeps the :class:`~adaproof.statement.Statement` identity,
rendering, registry, store and check flow, and replaces the SymPy ``lhs``/``rhs``/hypotheses by
one Python function each, ``f(ops, v)``, written against the array backends of
:mod:`adaproof.matrix` and run three ways: batched float64 torch (the screen, and the guided
search through autograd), exact rationals (:class:`~adaproof.matrix.ExactOps`) and mpmath
(:class:`~adaproof.matrix.MpOps`, when an operation is not rational).  Its inputs are ordinary
quantities: a matrix is a two-index sequence (``SeqValue`` of shape ``(B, d, d)``, stored as
nested lists), so samplers, candidates, the store and replay are unchanged.  Three one-line hooks
dispatch to it: :func:`adaproof.verification.evaluate_batch`,
:func:`adaproof.verification.verify_candidate` and the guided search's differentiable sides;
the ball-arithmetic pre-screen declines it (undecided: mpmath decides).

Exactness.  A candidate's float inputs are read as the rationals they are.  Hypotheses are
decided in rationals when they are rational (Loewner order by exact symmetric elimination,
``‖·‖_{∞→1}`` by enumeration, the maximum of a quadratic form on the cube face by face), else in
mpmath at 60 and again at 120 digits.  A violation is reported only when the sides, computed the
same way, give ``rhs - lhs < 0`` exactly (``≤ 0`` for a strict claim), or, in mpmath,
``rhs - lhs < -10^{-(dps-10)}·(|lhs| + |rhs| + scale)`` at both precisions, where ``scale`` is
the statement's magnitude of the cancelling terms (the size of two trajectories compared, for an
equality of runs).  A statement may also *certify* a violation (``certify``): an explicit vector
``x`` with ``xᵀ(A - B)x < 0`` for a Loewner claim, the Rayleigh quotient for an eigenvalue
bound, the coordinates where two runs differ; it is stored with the counterexample.

The float screen flags a candidate when ``rhs - lhs < -screen_rtol·(|lhs| + |rhs| + scale)``
(``screen_rtol = 0`` for matrix claims; relations between runs, whose two float trajectories
differ by rounding even when the claim holds, use a small positive one); flagged candidates, and
every candidate with a non-finite side, are decided exactly -- float rounding never reports.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Callable, Mapping

import mpmath
import numpy as np
import sympy as sp
import torch

from .matrix import ArbOps, ExactOps, MpOps, NeedsReal, TorchOps, Undecided, to_fraction_array
from .statement import Hypothesis, Statement

__all__ = ["ComputedStatement", "TextHypothesis", "Input", "computed_statement", "size_choices"]


@dataclass(frozen=True)
class TextHypothesis(Hypothesis):
    """A hypothesis shown as LaTeX text (decided by the statement's ``hyps`` function)."""

    text: str = ""

    def latex(self) -> str:
        return self.text


@dataclass(frozen=True)
class Input:
    """A computed statement's input: ``shape`` names its axes by size (``("d", "d")`` for a
    matrix, ``()`` for a scalar)."""

    name: str
    shape: tuple = ()
    domain: str = "R"
    description: str = ""


def _mp(x):
    if isinstance(x, Fraction):
        return mpmath.mpf(x.numerator) / x.denominator
    return mpmath.mpf(x)


def _to_mp_array(a):
    a = np.asarray(a, dtype=object)
    out = np.empty(a.shape, dtype=object)
    for i in np.ndindex(a.shape):
        out[i] = _mp(a[i])
    return out


def _scalar(x):
    x = np.asarray(x, dtype=object)
    return x.reshape(-1)[0] if x.size == 1 else x


@dataclass(eq=False)
class ComputedStatement(Statement):
    """A statement whose hypotheses and sides are functions over an array backend (see the
    module docstring).  ``hyps(ops, v)`` returns ``[(label, bool per candidate), ...]``;
    ``sides(ops, v)`` returns ``(lhs, rhs)`` or ``(lhs, rhs, scale)``, each per candidate;
    ``v`` maps input names to arrays with a leading batch axis, and size names to ints."""

    inputs: tuple = ()
    hyps: Callable | None = None
    sides: Callable | None = None
    #: LaTeX of the two sides as encoded
    lhs_latex: str = ""
    rhs_latex: str = ""
    strict: bool = False
    screen_rtol: float = 0.0
    #: "quotient": ratio lhs/rhs; "relative": 1 + (lhs - rhs)/(|lhs| + |rhs| + scale), for
    #: relations whose right side is 0 (an equality of runs)
    ratio_kind: str = "quotient"
    certify: Callable | None = None
    #: "matrix" | "relation" (how show/report/docs label it)
    computed_kind: str = "matrix"
    #: where exact rationals cannot go: "mpmath" (60 then 120 digits, with the tolerance of
    #: the module docstring) or "arb" (ball arithmetic at 256 then 1024 bits: a violation only
    #: when the ball of rhs - lhs lies below 0; for sides that jump, such as runs with a sign)
    real_backend: str = "mpmath"

    def __post_init__(self) -> None:
        if self.sides is None:
            raise ValueError(f"statement {self.id}: a computed statement needs sides(ops, v)")
        if self.lhs is None:
            self.lhs = sp.Symbol("lhs")
        if self.rhs is None:
            self.rhs = sp.Symbol("rhs")
        if self.sampler is None or self.sizes is None:
            # DerivationError (an AdaproofInputError): check(..., sampler="derived") and the
            # derivation tests see "cannot derive" -- a Python function has no domains to read
            from .derive.domains import DerivationError
            raise DerivationError(
                f"statement {self.id}: a computed statement (matrix claim, relation between "
                "runs) needs its own sampler and sizes; none can be derived from its Python "
                "sides (use sampler='hand')")
        super().__post_init__()

    # -- rendering ------------------------------------------------------------------------------
    def relation_latex(self) -> str:
        rel = "<" if self.strict else r"\le"
        return f"{self.lhs_latex} {rel} {self.rhs_latex}"

    def describe(self) -> str:
        """One paragraph for ``adaproof show`` and the docs page: what kind of statement this
        is and how it is decided."""
        what = {"matrix": "A matrix/spectral claim", "relation": "A relation between runs"}.get(
            self.computed_kind, "A computed statement")
        real = ("ball arithmetic (arb; a violation only when the ball of rhs − lhs lies below 0)"
                if self.real_backend == "arb" else "mpmath at 60 and 120 digits")
        ratio = ("1 + (lhs − rhs)/(|lhs| + |rhs| + scale)" if self.ratio_kind == "relative"
                 else "lhs/rhs")
        shapes = ", ".join(f"{i.name} ({'×'.join(i.shape) or 'scalar'})" for i in self.inputs)
        return (f"{what} (adaproof.computed): sides computed by Python over arrays -- a float64 "
                f"screen, then exact rationals, else {real}"
                + ("; the conclusion is strict (<)" if self.strict else "")
                + f".  Inputs: {shapes}.  Ratio reported: {ratio}.")

    def to_json(self) -> dict:
        d = super().to_json()
        d["computed"] = {"kind": self.computed_kind, "strict": self.strict,
                         "inputs": [{"name": i.name, "shape": list(i.shape), "domain": i.domain,
                                     "description": i.description} for i in self.inputs]}
        return d

    # -- float path -----------------------------------------------------------------------------
    def _float_values(self, inputs, sizes):
        from .symbolic import SeqValue
        v = {k: (x.data if isinstance(x, SeqValue) else x) for k, x in inputs.items()}
        v.update({k: int(n) for k, n in sizes.items()})
        return v

    def _split(self, out):
        if len(out) == 3:
            return out
        lhs, rhs = out
        return lhs, rhs, None

    def computed_sides(self, inputs, sizes, *, dtype=torch.float64, device="cpu"):
        """``(lhs, rhs)`` each ``(B, 1)``, keeping the autograd graph (guided search)."""
        ops = TorchOps(dtype, device)
        lhs, rhs, _ = self._split(self.sides(ops, self._float_values(inputs, sizes)))
        B = next(x.shape[0] for x in self._float_values(inputs, {}).values()
                 if isinstance(x, torch.Tensor) and x.dim() >= 1)
        lhs, rhs = torch.broadcast_tensors(torch.as_tensor(lhs, dtype=dtype),
                                           torch.as_tensor(rhs, dtype=dtype))
        return lhs.reshape(B, 1), rhs.reshape(B, 1)

    def evaluate_computed(self, inputs, sizes, *, dtype=torch.float64, device="cpu"):
        from .verification import BatchEvaluation
        ops = TorchOps(dtype, device)
        v = self._float_values(inputs, sizes)
        B = next(x.shape[0] for x in v.values() if isinstance(x, torch.Tensor) and x.dim() >= 1)
        with torch.no_grad():
            adm = torch.ones(B, dtype=torch.bool, device=device)
            for _, ok in (self.hyps(ops, v) if self.hyps else []):
                adm &= torch.as_tensor(ok, device=device).reshape(B)
            lhs, rhs, scale = self._split(self.sides(ops, v))
            lhs = torch.as_tensor(lhs, dtype=dtype, device=device).expand(B).clone()
            rhs = torch.as_tensor(rhs, dtype=dtype, device=device).expand(B).clone()
            scale = torch.zeros_like(lhs) if scale is None else \
                torch.as_tensor(scale, dtype=dtype, device=device).expand(B).abs()
        total = lhs.abs() + rhs.abs() + scale
        gap = rhs - lhs
        if self.strict:  # the equality case is decided exactly
            margin = gap - 64 * ops.u * total
        else:
            margin = gap + self.screen_rtol * total
        rel = torch.where(total > 0, margin / total,
                          torch.where(margin == 0, torch.full_like(margin, float("inf")),
                                      torch.zeros_like(margin)))
        if self.ratio_kind == "relative":
            ratio = 1 + (lhs - rhs) / torch.where(total > 0, total, torch.ones_like(total))
        else:
            ratio = lhs / rhs
        nonfinite = adm & ~(torch.isfinite(lhs) & torch.isfinite(rhs) & torch.isfinite(scale))
        return BatchEvaluation(admissible=adm, lhs=lhs, rhs=rhs, margin=margin, rel_margin=rel,
                               ratio=ratio, worst_index=torch.zeros(B, 0, dtype=torch.long),
                               nonfinite=nonfinite, env=v)

    # -- exact path -----------------------------------------------------------------------------
    def _exact_values(self, cand: Mapping[str, Any], sizes):
        v: dict[str, Any] = {}
        for k, x in cand.items():
            if isinstance(x, dict) and "values" in x:
                v[k] = to_fraction_array(x["values"])[None]
            else:
                v[k] = np.array([Fraction(float(x))], dtype=object)
        v.update({k: int(n) for k, n in sizes.items()})
        return v

    def _on(self, fn, vF):
        """Run ``fn`` on exact rationals, else on mpmath (or arb) at the current precision;
        returns (result, ops used, the values it ran on)."""
        try:
            return fn(ExactOps(), vF), ExactOps(), vF
        except NeedsReal:
            if self._arb():
                ops = ArbOps()
                vA = {k: (_to_ops_array(ops, x) if isinstance(x, np.ndarray) else x)
                      for k, x in vF.items()}
                try:
                    return fn(ops, vA), ops, vA
                except NeedsReal:  # a spectral operation: mpmath (with its tolerance)
                    pass
            vM = {k: (_to_mp_array(x) if isinstance(x, np.ndarray) else x) for k, x in vF.items()}
            return fn(MpOps(), vM), MpOps(), vM

    def _arb(self) -> bool:
        """Ball arithmetic asked for and python-flint installed (``adaproof[exact]``); without
        it the mpmath policy (two precisions, a tolerance) decides instead."""
        if self.real_backend != "arb":
            return False
        try:
            import flint  # noqa: F401
        except ImportError:
            return False
        return True

    def _arb_verdict(self, lhs, rhs, scale, ops, vals):
        return _arb_verdict_impl(self, lhs, rhs, scale, ops, vals)

    def verify_computed(self, cand: Mapping[str, Any], sizes: Mapping[str, int]):
        from .verification import DPS
        if self._arb():
            import flint
            old = flint.ctx.prec
            try:
                for prec in (256, 1024):
                    flint.ctx.prec = prec
                    with mpmath.workdps(DPS):
                        verdict = self._verify_at(cand, sizes)
                    if verdict.violated or not getattr(verdict, "undecided", False):
                        return verdict
                return verdict
            finally:
                flint.ctx.prec = old
        verdict = None
        for dps in (DPS, 2 * DPS):
            with mpmath.workdps(dps):
                verdict = self._verify_at(cand, sizes)
                if not verdict.violated or verdict.method.endswith("(exact rational)"):
                    return verdict
        return verdict

    def _verify_at(self, cand, sizes):
        from .verification import Verdict
        vF = self._exact_values(cand, sizes)
        if self.hyps is not None:
            labels = []
            try:
                res, _, _ = self._on(lambda ops, v: [(lab, bool(np.all(ok)))
                                                     for lab, ok in self.hyps(ops, v)], vF)
            except (ZeroDivisionError, ValueError, OverflowError) as exc:
                return Verdict(False, False, failed_hypothesis=f"undefined ({exc})")
            labels = [lab for lab, ok in res if not ok]
            if labels:
                return Verdict(False, False, failed_hypothesis=labels[0])
        try:
            out, ops, vals = self._on(lambda ops, v: self._split(self.sides(ops, v)), vF)
        except Undecided as exc:  # ball arithmetic could not decide a jump: not a violation
            v = Verdict(True, False, lhs="undecided", rhs="undecided", index={},
                        method=f"arb (undecided: {exc})"[:120])
            v.undecided = True
            return v
        except (ZeroDivisionError, ValueError, OverflowError) as exc:
            return Verdict(True, False, lhs=f"undefined ({type(exc).__name__})",
                           rhs=f"undefined ({type(exc).__name__})", finite=False)
        lhs, rhs, scale = (_scalar(x) if x is not None else None for x in out)
        exact = isinstance(ops, ExactOps)
        if isinstance(ops, ArbOps):
            return self._arb_verdict(lhs, rhs, scale, ops, vals)
        L, R = _mp(lhs), _mp(rhs)
        S = abs(L) + abs(R) + (abs(_mp(scale)) if scale is not None else 0)
        if not all(mpmath.isfinite(x) for x in (L, R, S)):
            return Verdict(True, False, lhs=mpmath.nstr(L, 40), rhs=mpmath.nstr(R, 40),
                           finite=False)
        if exact:
            gap = rhs - lhs
            violated = bool(gap <= 0) if self.strict else bool(gap < 0)
        else:
            tol = mpmath.mpf(10) ** (-(mpmath.mp.dps - 10))
            violated = bool(R - L < -tol * S)
        if self.ratio_kind == "relative":
            ratio = 1 + (L - R) / S if S != 0 else mpmath.mpf(1)
        else:
            ratio = L / R if R != 0 else mpmath.inf
        v = Verdict(True, violated, lhs=mpmath.nstr(L, 40), rhs=mpmath.nstr(R, 40),
                    margin=mpmath.nstr(R - L, 25), ratio=mpmath.nstr(ratio, 25), index={},
                    method="mpmath (exact rational)" if exact else "mpmath")
        if violated and self.certify is not None:
            v.certificate = self._certificate(vF)
        return v

    def _certificate(self, vF):
        """The statement's certificate of a violation, in exact rationals where it can be."""
        try:
            return self.certify(ExactOps(), vF)
        except NeedsReal:
            vM = {k: (_to_mp_array(x) if isinstance(x, np.ndarray) else x)
                  for k, x in vF.items()}
            return self.certify(MpOps(), vM)


def computed_statement(id: str, *, inputs, sizes, sampler, sides, lhs_latex: str,
                       rhs_latex: str, latex: str, hyps=None, hypotheses_latex=(),
                       size_names: Mapping[str, str] | None = None, **kw) -> ComputedStatement:
    """Build (not register) a :class:`ComputedStatement`; its quantities are derived from
    ``inputs`` (a matrix is a two-index sequence) and ``size_names`` (``{"d": "dimension"}``);
    ``hypotheses_latex`` is what ``show`` and the docs print for the hypotheses."""
    from .statement import Quantity
    paper = id.split("/", 1)[0]
    qs = [Quantity(n, "size", ">= 1", desc) for n, desc in (size_names or {}).items()]
    for i in inputs:
        if i.shape:
            qs.append(Quantity(i.name, "sequence", i.domain, i.description,
                               start=(1,) * len(i.shape), extent=tuple(i.shape)))
        else:
            qs.append(Quantity(i.name, "scalar", i.domain, i.description))
    return ComputedStatement(
        id=id, paper=kw.pop("paper", paper), latex=latex, quantities=tuple(qs),
        hypotheses=tuple(TextHypothesis(sp.true, text=t) for t in hypotheses_latex),
        inputs=tuple(inputs), hyps=hyps, sides=sides, lhs_latex=lhs_latex, rhs_latex=rhs_latex,
        sampler=sampler, sizes=sizes,
        family=kw.pop("family", "relation" if kw.get("computed_kind") == "relation" else "matrix"),
        **kw)


def size_choices(**choices):
    """``sizes(generator, preset)`` drawing each size uniformly from its list."""
    def sizes(gen: torch.Generator, preset: str) -> dict:
        return {k: int(v[int(torch.randint(len(v), (1,), generator=gen))])
                for k, v in choices.items()}
    return sizes


def _to_ops_array(ops, a):
    a = np.asarray(a, dtype=object)
    out = np.empty(a.shape, dtype=object)
    for i in np.ndindex(a.shape):
        out[i] = ops.const(a[i])
    return out


def _arb_mid(x) -> mpmath.mpf:
    return mpmath.mpf(x.mid().str(50, radius=False)) if hasattr(x, "mid") else _mp(x)


def _arb_verdict_impl(stmt, lhs, rhs, scale, ops, vals):
    from .verification import Verdict
    gap = rhs - lhs
    if not (gap.is_finite() if hasattr(gap, "is_finite") else True):
        v = Verdict(True, False, lhs=str(lhs)[:80], rhs=str(rhs)[:80], index={},
                    method="arb (undecided: not finite)")
        v.undecided = True
        return v
    violated = bool(gap <= 0) if stmt.strict else bool(gap < 0)
    L, R = _arb_mid(lhs), _arb_mid(rhs)
    S = abs(L) + abs(R) + (abs(_arb_mid(scale)) if scale is not None else 0)
    if stmt.ratio_kind == "relative":
        ratio = 1 + (L - R) / S if S != 0 else mpmath.mpf(1)
    else:
        ratio = L / R if R != 0 else mpmath.inf
    v = Verdict(True, violated, lhs=mpmath.nstr(L, 40), rhs=mpmath.nstr(R, 40),
                margin=mpmath.nstr(R - L, 25), ratio=mpmath.nstr(ratio, 25), index={},
                method="mpmath (arb ball arithmetic)")
    v.undecided = not violated and not bool(gap >= 0)
    if violated and stmt.certify is not None:
        v.certificate = stmt.certify(ops, vals)
    return v

