"""Elementary functions in statements: which the evaluators support, and how each evaluates them.

:mod:`adaproof.symbolic` walks ``log``, ``exp``, ``Abs``, ``sign``, ``Max``, ``Min`` and
``Piecewise`` itself; this module adds the trigonometric and hyperbolic functions
(``sin``, ``cos``, ``tan``, ``atan``, ``sinh``, ``cosh``, ``tanh``, ``asinh``) and the integer
parts ``floor`` and ``ceiling`` to each evaluation path:

* the float screen (torch, batched; interpreted and compiled): ``torch.sin``, ``torch.floor``...
  A float value is only a screen: a flagged candidate is decided by the exact paths below.
* the exact re-verification (mpmath at 60 digits, confirmed at 120): a transcendental value is
  correct to the working precision, *not* an exact number, and is judged by the tolerance policy
  of :func:`adaproof.verification.verify_candidate` like ``sqrt``, ``log`` and ``exp``: a
  violation is reported only when the margin is below ``-10^-(dps-10)`` times the running-error
  scale, never on an exact comparison.
  ``floor`` and ``ceiling`` are discontinuous, so a high-precision argument is not enough near an
  integer (``floor(3·(1/3))`` is 0 in binary floating point at any precision): when the argument
  lies within its error bound of an integer, it is evaluated *exactly* in SymPy (every input float
  is an exact rational) and the integer part taken there; if SymPy cannot decide it either the
  evaluation is an error naming the function and the integer (never a guess).
* the Arb pre-screen: ``arb.sin()``, ``arb.floor()``... are rigorous balls (a ball that straddles
  an integer gives a wide ``floor`` and the candidate goes to mpmath).
* the exact SymPy paths (:mod:`adaproof.conclusions`' equality probe, :mod:`adaproof.arithmetic`)
  use SymPy's own functions: ``sin(1/2)`` stays symbolic, and equality is claimed only when SymPy
  proves the difference 0.

Any other function (``erf``, ``gamma``, an undefined ``f(x)``...) is an
:class:`~adaproof._validation.AdaproofInputError` naming it when the statement is declared
(:func:`check_supported`) and when the float screen meets it, instead of an evaluator's
"cannot evaluate erf node".
"""
from __future__ import annotations

from typing import Any, Callable

import mpmath
import sympy as sp
import torch

from ._validation import AdaproofInputError

__all__ = ["SUPPORTED", "torch_function", "mp_function", "arb_function", "mp_step",
           "check_supported", "unsupported_error", "LAMBDIFY_TORCH"]

#: sympy class -> (torch function, mpmath function, arb method name)
_SMOOTH: dict[type, tuple[Callable, Callable, str]] = {
    sp.sin: (torch.sin, mpmath.sin, "sin"),
    sp.cos: (torch.cos, mpmath.cos, "cos"),
    sp.tan: (torch.tan, mpmath.tan, "tan"),
    sp.atan: (torch.atan, mpmath.atan, "atan"),
    sp.sinh: (torch.sinh, mpmath.sinh, "sinh"),
    sp.cosh: (torch.cosh, mpmath.cosh, "cosh"),
    sp.tanh: (torch.tanh, mpmath.tanh, "tanh"),
    sp.asinh: (torch.asinh, mpmath.asinh, "asinh"),
}
_STEP: dict[type, tuple[Callable, Callable, str]] = {
    sp.floor: (torch.floor, mpmath.floor, "floor"),
    sp.ceiling: (torch.ceil, mpmath.ceil, "ceil"),
}
#: functions the walk of adaproof.symbolic handles itself
_NATIVE = (sp.log, sp.exp, sp.Abs, sp.sign, sp.Max, sp.Min, sp.Piecewise)
#: every function a statement may use, by the name SymPy prints
SUPPORTED = tuple(sorted({c.__name__ for c in (*_SMOOTH, *_STEP, *_NATIVE)} | {"sqrt"}))

#: sympy.lambdify modules entries for the torch functions above (element-wise on tensors)
LAMBDIFY_TORCH = {c.__name__: (lambda f: lambda x: f(torch.as_tensor(x, dtype=torch.float64)))(
    v[0]) for c, v in {**_SMOOTH, **_STEP}.items()}


def _lookup(expr) -> tuple[Callable, Callable, str] | None:
    for table in (_SMOOTH, _STEP):
        for cls, fns in table.items():
            if isinstance(expr, cls):
                return fns
    return None


def torch_function(expr) -> Callable | None:
    """The element-wise torch function of a supported one-argument function node, else None."""
    fns = _lookup(expr)
    return None if fns is None or len(expr.args) != 1 else fns[0]


def mp_function(expr) -> Callable | None:
    """The mpmath function of a supported *smooth* node (floor/ceiling: :func:`mp_step`)."""
    for cls, fns in _SMOOTH.items():
        if isinstance(expr, cls) and len(expr.args) == 1:
            return fns[1]
    return None


def arb_function(expr) -> Callable | None:
    """``x -> x.<method>()`` on an ``arb`` ball for a supported node, else None."""
    fns = _lookup(expr)
    if fns is None or len(expr.args) != 1:
        return None
    name = fns[2]
    return lambda x: getattr(x, name)()


def is_step(expr) -> bool:
    return isinstance(expr, (sp.floor, sp.ceiling)) and len(expr.args) == 1


def unsupported_error(expr, where: str = "") -> AdaproofInputError:
    name = type(expr).__name__ if not isinstance(expr, sp.core.function.AppliedUndef) \
        else str(expr.func)
    return AdaproofInputError(
        f"function {name} in {expr}{where} is not supported by the evaluators; the supported "
        f"functions are {', '.join(SUPPORTED)} (and +, -, *, /, powers, Sum, IndexMin, "
        f"IndexMax)")


def check_supported(exprs, where: str = "") -> None:
    """Raise :class:`AdaproofInputError` naming the first function in ``exprs`` that no evaluator
    supports (a statement's sides, hypotheses and recurrences, checked when it is declared)."""
    for e in exprs:
        e = sp.sympify(e)
        for node in sp.preorder_traversal(e):
            if isinstance(node, sp.Function) and not isinstance(node, _NATIVE) \
                    and _lookup(node) is None:
                raise unsupported_error(node, where)
            if _lookup(node) is not None and len(node.args) != 1:
                raise unsupported_error(node, where)


# ----------------------------------------------------------------------------------------------
# floor / ceiling in the exact re-verification
# ----------------------------------------------------------------------------------------------
def _rational(v) -> sp.Rational:
    if isinstance(v, bool):
        raise TypeError("a bool is not a number")
    if isinstance(v, int):
        return sp.Integer(v)
    if isinstance(v, mpmath.mpf):
        if not mpmath.isfinite(v):
            raise ValueError("non-finite input")
        man, exp = v.man_exp
        return sp.Integer(man) * sp.Integer(2) ** exp
    return sp.Rational(float(v))


def _exact(arg: sp.Basic, env, idx) -> sp.Basic:
    """``arg`` with every input replaced by its exact rational value (mpmath env of
    :func:`adaproof.verification._mp_env`: scalars ``mpf``/int, sequences ``(nested lists,
    start)``), its sums expanded."""
    rep = {s: sp.Integer(int(k)) for s, k in idx.items()}
    for s in arg.free_symbols:
        if s in rep or s.name not in env:
            continue
        v = env[s.name]
        if not isinstance(v, tuple):
            rep[s] = _rational(v)
    e = arg.xreplace(rep).doit()
    for _ in range(8):  # entries become numbers once their indices are numbers
        reads = {}
        for x in e.atoms(sp.Indexed):
            if not all(getattr(i, "is_Integer", False) for i in x.indices):
                continue
            data, start = env[x.base.label.name]
            cur = data
            for i, s0 in zip(x.indices, start):
                p = int(i) - s0
                if p < 0 or p >= len(cur):
                    raise IndexError(f"index out of range reading {x}")
                cur = cur[p]
            reads[x] = _rational(cur)
        if not reads:
            break
        e = e.xreplace(reads).doit()
    return e


def mp_step(expr, value: Callable[[], Any], env, idx, scale: Callable[[], Any] | None = None):
    """``floor``/``ceiling`` of ``expr.args[0]`` in the mpmath path: ``value()`` evaluates the
    argument at the working precision, ``scale()`` its running-error magnitude.  Decided in
    mpmath when the argument is farther from the nearest integer than its error bound, else
    exactly in SymPy; an error naming the function when neither decides."""
    from .symbolic import EvaluationError
    fn = mpmath.floor if isinstance(expr, sp.floor) else mpmath.ceil
    x = value()
    if not mpmath.isfinite(x):
        return fn(x)
    n = mpmath.nint(x)
    try:
        mag = abs(scale()) if scale is not None else 0
    except (ArithmeticError, ValueError, EvaluationError):
        mag = 0
    bound = mpmath.mpf(10) ** -(mpmath.mp.dps - 10) * (abs(x) + mag)
    if abs(x - n) > bound:
        return fn(x)
    arg = expr.args[0]
    try:
        exact = type(expr)(_exact(arg, env, idx))
    except (ValueError, TypeError, IndexError, KeyError, ZeroDivisionError, RecursionError,
            StopIteration):
        exact = None
    if exact is not None and exact.is_Integer:
        return mpmath.mpf(int(exact))
    raise EvaluationError(
        f"{type(expr).__name__}({arg}): the argument is within 10^-{mpmath.mp.dps - 10} of the "
        f"integer {int(n)} and SymPy cannot evaluate it exactly; its integer part is not "
        f"decided at {mpmath.mp.dps} digits")
