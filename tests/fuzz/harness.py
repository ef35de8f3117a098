"""Bad inputs for the CLI and the public API, shared by ``tests/fuzz`` and ``tools/fuzz_count.py``.

Every generator yields *definitely bad* inputs together with the parameter the error message must
name, so a test can assert the three properties of a clear error: no traceback escapes (nothing
but ``SystemExit`` from argparse, or :class:`~adaproof.AdaproofInputError` from the API), exit
status 2 for bad usage, and a message that names the offending parameter.

The CLI runs in-process through :func:`adaproof.cli.main` with stdout/stderr captured.  A bad
``check`` command must fail before any search starts: :func:`run_cli` replaces
``adaproof.checker.check`` by a sentinel that raises :class:`SearchStarted`, so a validation gap
shows up as that exception (and never as a search costing seconds).
"""
from __future__ import annotations

import contextlib
import io
import math
import re
from dataclasses import dataclass
from typing import Any, Callable

from hypothesis import strategies as st

#: statement, bound and comparison ids the CLI fuzz mutates (cheap to evaluate)
STMT = "adam_linf/lemma-3.12"
BOUND = "adagrad_aniso/table-1-adagrad-smooth"  # (E||grad f||_1)^2 <= L1n Delta / T
BOUND_VALUES = {"T": "100", "L1n": "1", "Delta": "2"}
COMPARISON = "adagrad_aniso/compare-table-1-smooth"
COMPARISON_VALUES = {"T": "100", "d": "3", "Delta": "1", "L1n": "1", "Linf": "1"}

#: texts that are not a finite real (float() rejects or gives nan/inf)
NOT_A_NUMBER = ["nan", "NaN", "-nan", "inf", "-inf", "Infinity", "1e400", "-1e400", "abc", "",
                " ", "1,5", "0x10", "1e", "--1", "+-2", "∞", "½", "1.2.3", "\u202e12",
                "1e308e", "None", "True", "[1]", "1j", "(1+0j)", "١٢x"]
#: a real outside each bound symbol's domain (T: integer >= 1; L1n >= 0; Delta > 0)
OUT_OF_DOMAIN = {"T": ["0", "-1", "2.5", "1e-300", "-1e300", "0.999999"],
                 "L1n": ["-1", "-1e-300", "-1e300"],
                 "Delta": ["0", "-0", "-1", "-1e-300", "-1e300"]}
UNKNOWN_IDS = ["adam_linf/lemma-9.99", "adam_linf", "", "/", "lemma-3.12", "ADAM_LINF/LEMMA-3.12",
               "adam_linf/lemma-3.12@nope", "adam_linf/lémma-3.12", "🙂", "a" * 300,
               "adam_linf/lemma-3.12 ", "../../etc/passwd", "adam_linf/lemma-3.12\x00"]
BAD_SEEDS = ["-1", "-9223372036854775808", "9223372036854775808", "18446744073709551616",
             "99999999999999999999", "1.5", "1e3", "nan", "inf", "", "x", "0x10", "٣x", "1_0_"]
BAD_BUDGETS = ["0", "-1", "nan", "inf", "-inf", "", "fast", "1e400", "-0", "smoke2", "1e-400"]
BAD_EXAMPLES = ["0", "-1", "1.5", "x", "", "nan", "1e3", "1000000000001", "99999999999999999999999"]
BAD_EPS = ["0", "-1", "nan", "inf", "-inf", "x", "", "1e400", "-1e-300"]
UNKNOWN_FLAGS = ["--nope", "--seed=1 --x", "-z", "--all-the-things", "---json",
                 "--déjà"]
BAD_CHOICES = ["nope", "", "ADAM_LINF", "adam_linf ", "🙂", "adafactor,adam_linf"]


@dataclass(frozen=True)
class Case:
    """One bad input: ``run()`` performs it; ``names`` are acceptable parameter names (one must
    appear in the message)."""

    label: str
    names: tuple[str, ...]
    argv: tuple[str, ...] | None = None
    call: Callable[[], Any] | None = None


class SearchStarted(AssertionError):
    """A ``check`` command with a bad argument reached the search."""


def _sentinel_check(*args, **kwargs):
    raise SearchStarted(f"check() was called with {kwargs} although the argv is bad")


def run_cli(argv) -> tuple[int, str, str]:
    """``adaproof.cli.main(argv)`` in-process: ``(exit status, stdout, stderr)``.  A bad argv must
    be refused before any search starts (``check`` is replaced by a sentinel)."""
    import adaproof.checker as checker
    from adaproof.cli import main
    out, err = io.StringIO(), io.StringIO()
    real = checker.check
    checker.check = _sentinel_check
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(argv))
            except SystemExit as exc:  # argparse: usage errors exit 2, --help exits 0
                code = exc.code if isinstance(exc.code, int) else 1
    finally:
        checker.check = real
    return code, out.getvalue(), err.getvalue()


def names_parameter(message: str, names) -> bool:
    """Whether ``message`` names one of ``names`` as a word (``T`` in "T must", not in "The")."""
    names = list(names) + [n.lstrip("-") for n in names if n.startswith("--")]  # --paper, paper
    for n in names:
        if re.search(r"(?<![A-Za-z0-9_])" + re.escape(n) + r"(?![A-Za-z0-9_])", message):
            return True
    return False


def _pairs(values: dict) -> list[str]:
    return [f"{k}={v}" for k, v in values.items()]


# ---------------------------------------------------------------------------------------------
# CLI: bad argv per command (deterministic catalogue, and Hypothesis strategies drawing from it)
# ---------------------------------------------------------------------------------------------
def cli_cases() -> list[Case]:
    """Every bad argv of the catalogue (several hundred, all distinct)."""
    cases: list[Case] = []
    add = lambda label, names, argv: cases.append(Case(label, tuple(names), tuple(argv)))
    # list / bounds / report: bad choices and unknown flags
    for cmd, opts in (("list", ("--paper", "--family", "--kind")), ("bounds", ("--paper",)),
                      ("report", ("--paper", "--format"))):
        for opt in opts:
            for v in BAD_CHOICES:
                add(f"{cmd} {opt} {v!r}", [opt], [cmd, opt, v])
        for f in UNKNOWN_FLAGS:
            add(f"{cmd} unknown flag {f}", ["unrecognized arguments"], [cmd, *f.split()])
        add(f"{cmd} extra positional", ["unrecognized arguments"], [cmd, "extra"])
    # show: unknown ids
    for i in UNKNOWN_IDS:
        add(f"show {i!r}", ["id"], ["show", i])
    add("show no id", ["id"], ["show"])
    # check: every bad argument, with a valid statement id otherwise
    for s in BAD_SEEDS:
        add(f"check --seed {s!r}", ["--seed"], ["check", STMT, "--seed", s])
    for b in BAD_BUDGETS:
        add(f"check --budget {b!r}", ["budget", "--budget"], ["check", STMT, "--budget", b])
    for e in BAD_EXAMPLES:
        add(f"check --examples {e!r}", ["--examples", "examples"],
            ["check", STMT, "--examples", e])
    for opt, vals in (("--workers", ("0", "-1", "x", "1.5")), ("--shards", ("0", "-2", "y")),
                      ("--threads", ("0", "-1")), ("--module", ("", "nope_mod_xyz", "a..b"))):
        for v in vals:
            add(f"check {opt} {v!r}", [opt], ["check", STMT, opt, v])
    for sub in (["docs"], ["docs", "nope"], ["docs", "build", "--nope"]):
        add(" ".join(sub), ["docs", "invalid choice", "unrecognized arguments", "required"], sub)
    for d in ("tpu", "", "CPU", "cuda:0 ", "🙂"):
        add(f"check --device {d!r}", ["--device"], ["check", STMT, "--device", d])
    for i in UNKNOWN_IDS:
        add(f"check id {i!r}", ["id"], ["check", i])
    add("check ids with --all", ["--all"], ["check", STMT, "--all"])
    add("check nothing", ["--all"], ["check"])
    for p in ("adam_linf", "adafactor"):
        add(f"check ids with --paper {p}", ["--paper"], ["check", STMT, "--paper", p])
    for v in BAD_CHOICES:
        add(f"check --all --paper {v!r}", ["--paper"], ["check", "--all", "--paper", v])
    for f in UNKNOWN_FLAGS:
        add(f"check unknown flag {f}", ["unrecognized arguments"], ["check", STMT, *f.split()])
    # rate / tune / complexity / compare: every value mutated
    for cmd, ident, values, extra in (
            ("rate", BOUND, BOUND_VALUES, []),
            ("tune", BOUND, {k: v for k, v in BOUND_VALUES.items() if k != "Delta"},
             ["--over", "Delta"]),
            ("complexity", BOUND, {k: v for k, v in BOUND_VALUES.items() if k != "T"},
             ["--eps", "0.1"]),
            ("compare", COMPARISON, COMPARISON_VALUES, [])):
        base = [cmd, ident]
        for k in values:
            for v in NOT_A_NUMBER:
                add(f"{cmd} {k}={v!r}", [k], base + _pairs({**values, k: v}) + extra)
            for v in OUT_OF_DOMAIN.get(k, ["-1", "-1e300"] if k != "T" else []):
                if cmd == "compare" and k in ("L1n", "Linf"):
                    continue  # the comparison's own domains are checked by the next loop
                add(f"{cmd} {k}={v}", [k], base + _pairs({**values, k: v}) + extra)
            add(f"{cmd} {k} repeated", [k],
                base + _pairs(values) + [f"{k}={values[k]}"] + extra)
            add(f"{cmd} {k} missing", [k],
                base + _pairs({a: b for a, b in values.items() if a != k}) + extra)
        for junk in ("Q=1", "t=1", "T_=1", "=1", "Ｔ=1", "T==1"):
            add(f"{cmd} unknown symbol {junk!r}", [junk.split("=")[0] or "symbol", "symbol"],
                base + _pairs(values) + [junk] + extra)
        add(f"{cmd} value without '='", ["NAME=VALUE"], base + _pairs(values) + ["T"] + extra)
        for i in UNKNOWN_IDS[:6]:
            add(f"{cmd} unknown id {i!r}", ["id", "calculator", "comparison"],
                [cmd, i] + _pairs(values) + extra)
        for f in UNKNOWN_FLAGS:
            add(f"{cmd} unknown flag {f}", ["unrecognized arguments"],
                base + _pairs(values) + extra + f.split())
    for over in ("", ",", "Q", "T,T", "Delta,Delta", "eta", "Delta,T", "Δ"):
        add(f"tune --over {over!r}", ["over", "--over", "Q", "eta", "Δ", "T", "Delta"],
            ["tune", BOUND, "T=100", "L1n=1", "--over", over])
    add("tune --over T (decreasing in T)", ["T"], ["tune", BOUND, "L1n=1", "Delta=1", "--over", "T"])
    add("tune tuned symbol also given", ["Delta"],
        ["tune", BOUND, "T=100", "L1n=1", "Delta=1", "--over", "Delta"])
    for e in BAD_EPS:
        add(f"complexity --eps {e!r}", ["eps", "--eps"],
            ["complexity", BOUND, "L1n=1", "Delta=1", "--eps", e])
    add("complexity T given", ["T"], ["complexity", BOUND, "T=3", "L1n=1", "Delta=1", "--eps", "0.1"])
    for t in ("Q", "T,T", "Δ"):
        add(f"complexity --tune {t!r}", ["tune", "--tune", "Q", "T", "Δ"],
            ["complexity", BOUND, "L1n=1", "Delta=1", "--eps", "0.1", "--tune", t])
    for cmd in ("list", "show", "check", "report", "rate", "tune", "complexity", "compare",
                "bounds", "nope", ""):
        if cmd in ("show", "rate", "tune", "complexity", "compare"):
            add(f"{cmd} without arguments", ["id", "--over", "--eps"], [cmd])
    add("no command", ["cmd", "command"], [])
    add("unknown command", ["cmd", "command", "choose"], ["nope"])
    seen, out = set(), []
    for c in cases:
        if c.argv not in seen:
            seen.add(c.argv)
            out.append(c)
    return out


def cli_strategy() -> st.SearchStrategy[Case]:
    """Hypothesis: a catalogue case, or a generated mutation (huge or negative seeds, random
    unicode ids, floats outside a symbol's domain, NaN/inf spellings, repeated pairs)."""
    catalogue = st.sampled_from(cli_cases())
    seeds = st.one_of(st.integers(max_value=-1), st.integers(min_value=2 ** 63)).map(
        lambda s: Case(f"check --seed {s}", ("--seed",), ("check", STMT, "--seed", str(s))))
    ids = st.text(min_size=0, max_size=40).filter(lambda s: "/" not in s or "@" in s).map(
        lambda s: Case(f"show {s!r}", ("id",), ("show", s)))
    below = st.floats(max_value=-1e-300, allow_nan=False, allow_infinity=True).map(
        lambda v: Case(f"rate Delta={v!r}", ("Delta",),
                       ("rate", BOUND, "T=10", "L1n=1", f"Delta={v!r}")))
    frac = st.floats(min_value=1.0001, max_value=1e15).filter(lambda v: v != int(v)).map(
        lambda v: Case(f"rate T={v!r}", ("T",), ("rate", BOUND, f"T={v!r}", "L1n=1", "Delta=1")))
    repeated = st.sampled_from(sorted(BOUND_VALUES)).flatmap(lambda k: st.floats(
        min_value=1, max_value=100).map(lambda v: Case(
            f"rate {k} twice", (k,), ("rate", BOUND, *_pairs(BOUND_VALUES), f"{k}={v!r}"))))
    return st.one_of(catalogue, seeds, ids, below, frac, repeated)


# ---------------------------------------------------------------------------------------------
# Python API: bad keyword arguments
# ---------------------------------------------------------------------------------------------
#: values that are not a real number / not finite
NOT_REAL: list[Any] = [True, False, "0.1", b"1", 1j, complex(1, 0), None, {"lr": 1},
                       math.nan, math.inf, -math.inf, 10 ** 400, -10 ** 400, object()]


def algorithm_classes() -> list[type]:
    """Every concrete algorithm class with a default constructor (BlockwiseAdam needs its
    partition and is given one)."""
    import importlib
    import inspect
    import pkgutil

    import adaproof.algorithms as A
    from adaproof.algorithms import Algorithm
    out = []
    for m in pkgutil.walk_packages(A.__path__, "adaproof.algorithms."):
        if m.name.startswith("adaproof.algorithms.fused"):
            continue  # compiled kernels (optional numba/Triton), not algorithms
        mod = importlib.import_module(m.name)
        for c in vars(mod).values():
            if (inspect.isclass(c) and issubclass(c, Algorithm) and c is not Algorithm
                    and c.__module__ == mod.__name__
                    and not c.__name__.startswith("_") and c.__name__ != "ProjectedAlgorithm"):
                out.append(c)
    return sorted(set(out), key=lambda c: (c.__module__, c.__name__))


def real_hyperparameters(cls) -> list[str]:
    """Constructor arguments whose default is a real number (the ones a bad real can target)."""
    import inspect
    out = []
    for name, p in inspect.signature(cls.__init__).parameters.items():
        d = p.default
        if isinstance(d, (int, float)) and not isinstance(d, bool):
            out.append(name)
    return out


def default_kwargs(cls) -> dict:
    if cls.__name__ == "BlockwiseAdam":
        return {"partition": [[0, 1], [2]]}
    return {}


def api_cases() -> list[Case]:
    """Bad keyword arguments for every public entry point (deterministic catalogue)."""
    import torch

    import adaproof.algorithms as A
    from adaproof import lemmas
    from adaproof.bounds import get_bound, get_comparison
    from adaproof.checker import check
    cases: list[Case] = []
    add = lambda label, names, call: cases.append(Case(label, tuple(names), None, call))
    for cls in algorithm_classes():
        base = default_kwargs(cls)
        for hp in real_hyperparameters(cls):
            for v in NOT_REAL:
                if v is None and hp == "d":
                    continue  # Adafactor's d=None means no clipping
                add(f"{cls.__name__}({hp}={v!r:.30})", [hp],
                    lambda cls=cls, hp=hp, v=v, base=base: cls(**base, **{hp: v}))
            add(f"{cls.__name__}({hp}=[0.1])", [hp],
                lambda cls=cls, hp=hp, base=base: cls(**base, **{hp: [0.1]}))
        opt = getattr(importlib_module(cls), cls.__name__ + "Optimizer", None)
        if opt is not None:
            for v in (None, 5, torch.zeros(3, requires_grad=True), [], [1.0],
                      [torch.zeros(2, dtype=torch.int64)]):
                add(f"{opt.__name__}(params={v!r:.30})", ["params"],
                    lambda opt=opt, v=v, base=base: opt(v, **base))
            for hp in real_hyperparameters(cls)[:2]:
                add(f"{opt.__name__}({hp}=nan)", [hp],
                    lambda opt=opt, hp=hp, base=base: opt([torch.zeros(3, requires_grad=True)],
                                                          **base, **{hp: math.nan}))
    # the cases of issue 10
    from adaproof.algorithms.adagrad_aniso import AdaGradAniso
    for e in (1e-200, 1e-300, 5e-324, 1e200):
        add(f"AdaGradAniso(eps={e})", ["eps"], lambda e=e: AdaGradAniso(eps=e))
    add("AdaGradAniso(lr=1e300, eps=1e-10)", ["lr", "eps"],
        lambda: AdaGradAniso(lr=1e300, eps=1e-10))
    from adaproof.algorithms.practical.adam import Adam
    add("Adam(eps=1e-320)", ["eps"], lambda: Adam(eps=1e-320))
    # run
    g = torch.ones(2, 3, 4, dtype=torch.float64)
    x0 = torch.zeros(2, 4, dtype=torch.float64)
    from adaproof.algorithms.adam_linf import AdamLinf
    for label, names, kw in (
            ("run(algorithm='adam')", ["algorithm"], dict(algorithm="adam", grads=g)),
            ("run(record=5)", ["record"], dict(grads=g, record=5)),
            ("run(record=('nope',))", ["record"], dict(grads=g, record=("nope",))),
            ("run(grads=int)", ["grads"], dict(grads=g.long())),
            ("run(grads=complex)", ["grads"], dict(grads=g.to(torch.complex128))),
            ("run(grads 2-D)", ["grads"], dict(grads=g[0])),
            ("run(grads nan)", ["grads"], dict(grads=g * math.nan)),
            ("run(grads list)", ["grads"], dict(grads=[[1.0]])),
            ("run(grads, T mismatch)", ["T"], dict(grads=g, T=5)),
            ("run(T=True)", ["T"], dict(x0=x0, oracle=lambda x, t: x, T=True)),
            ("run(T=0)", ["T"], dict(x0=x0, oracle=lambda x, t: x, T=0)),
            ("run(T=-3)", ["T"], dict(x0=x0, oracle=lambda x, t: x, T=-3)),
            ("run(T=2.5)", ["T"], dict(x0=x0, oracle=lambda x, t: x, T=2.5)),
            ("run(T='3')", ["T"], dict(x0=x0, oracle=lambda x, t: x, T="3")),
            ("run(no x0)", ["x0"], dict(oracle=lambda x, t: x, T=2)),
            ("run(x0 list)", ["x0"], dict(x0=[0.0], oracle=lambda x, t: x, T=2)),
            ("run(x0 nan)", ["x0"], dict(x0=x0 * math.nan, oracle=lambda x, t: x, T=2)),
            ("run(oracle=5)", ["oracle"], dict(x0=x0, oracle=5, T=2)),
            ("run(oracle wrong shape)", ["oracle"], dict(x0=x0, oracle=lambda x, t: x[0], T=2)),
            ("run(oracle nan)", ["oracle"], dict(x0=x0, oracle=lambda x, t: x * math.nan, T=2)),
            ("run(grads and oracle)", ["grads", "oracle"], dict(grads=g, oracle=lambda x, t: x)),
            ("run(neither)", ["grads", "oracle"], dict()),
            ("run(x0 wrong shape)", ["x0"], dict(x0=torch.zeros(2, 5, dtype=torch.float64),
                                                 grads=g)),
            ("run(x0 float32)", ["dtype", "x0"], dict(x0=x0.float(), grads=g)),
            ("run(lr tensor wrong B)", ["lr"], dict(algorithm=AdamLinf(lr=torch.ones(5).double()),
                                                     grads=g)),
            ("run(lr schedule nan)", ["lr"], dict(algorithm=AdamLinf(lr=lambda t: math.nan),
                                                   grads=g)),
            ("run(lr schedule str)", ["lr"], dict(algorithm=AdamLinf(lr=lambda t: "x"), grads=g)),
    ):
        add(label, names, lambda kw=kw: A.run(**{"algorithm": AdamLinf(), **kw}))
    # check: one bad argument each
    s = lemmas.get(STMT)
    for label, names, kw in (
            ("check(seed=2**64)", ["seed"], dict(seed=2 ** 64)),
            ("check(seed=99999999999999999999)", ["seed"], dict(seed=99999999999999999999)),
            ("check(seed=-1)", ["seed"], dict(seed=-1)),
            ("check(seed=1.0)", ["seed"], dict(seed=1.0)),
            ("check(seed=True)", ["seed"], dict(seed=True)),
            ("check(seed='1')", ["seed"], dict(seed="1")),
            ("check(batch=0)", ["batch"], dict(batch=0)),
            ("check(batch=-5)", ["batch"], dict(batch=-5)),
            ("check(batch=2**21)", ["batch"], dict(batch=2 ** 21)),
            ("check(batch=1.5)", ["batch"], dict(batch=1.5)),
            ("check(batch=True)", ["batch"], dict(batch=True)),
            ("check(budget=0)", ["budget"], dict(budget=0)),
            ("check(budget=-1)", ["budget"], dict(budget=-1)),
            ("check(budget=nan)", ["budget"], dict(budget=math.nan)),
            ("check(budget=inf)", ["budget"], dict(budget=math.inf)),
            ("check(budget=10**400)", ["budget"], dict(budget=10 ** 400)),
            ("check(budget='fast')", ["budget"], dict(budget="fast")),
            ("check(budget=[1])", ["budget"], dict(budget=[1])),
            ("check(budget=True)", ["budget"], dict(budget=True)),
            ("check(examples=0)", ["examples"], dict(examples=0)),
            ("check(examples=-5)", ["examples"], dict(examples=-5)),
            ("check(examples=1.5)", ["examples"], dict(examples=1.5)),
            ("check(examples=10**13)", ["examples"], dict(examples=10 ** 13)),
            ("check(examples=True)", ["examples"], dict(examples=True)),
            ("check(device='tpu')", ["device"], dict(device="tpu")),
            ("check(device=5)", ["device"], dict(device=5)),
            ("check(phases=('x',))", ["phases"], dict(phases=("x",))),
            ("check(phases=())", ["phases"], dict(phases=())),
            ("check(progress=5)", ["progress"], dict(progress=5)),
            ("check(fresh='no')", ["fresh"], dict(fresh="no")),
            ("check(save=1)", ["save"], dict(save=1)),
    ):
        add(label, names, lambda kw=kw: check(s, **{"budget": 0.01, **kw}))
    for v in ("adam_linf/lemma-3.12", 5, None):
        add(f"check(stmt={v!r})", ["stmt"], lambda v=v: check(v, budget=0.01))
    # lemmas
    for k in [5, None, b"x", ["adam_linf/lemma-3.12"]] + UNKNOWN_IDS:
        add(f"lemmas.get({k!r:.30})", ["id"], lambda k=k: lemmas.get(k))
    for kw in ({"paper": "nope"}, {"paper": 5}, {"kind": "nope"}, {"family": ""},
               {"variant": "x"}, {"paper": ["adam_linf"]}):
        add(f"lemmas.all({kw})", list(kw), lambda kw=kw: lemmas.all(**kw))
    # bounds
    for k in [5, None, ["x"]] + UNKNOWN_IDS[:5]:
        add(f"get_bound({k!r:.30})", ["id", "calculator"], lambda k=k: get_bound(k))
        add(f"get_comparison({k!r:.30})", ["id", "comparison"], lambda k=k: get_comparison(k))
    b = get_bound(BOUND)
    good = {"T": 100, "L1n": 1.0, "Delta": 2.0}
    for k in good:
        for v in NOT_REAL + [-1.0, -1e300] + ([0, 2.5, 0.5] if k == "T" else []) + (
                [0.0] if k == "Delta" else []):
            add(f"evaluate({k}={v!r:.30})", [k], lambda k=k, v=v: b.evaluate(**{**good, k: v}))
        add(f"evaluate(missing {k})", [k],
            lambda k=k: b.evaluate(**{a: c for a, c in good.items() if a != k}))
    add("evaluate(Q=1)", ["Q"], lambda: b.evaluate(**good, Q=1.0))
    add("evaluate(shapes (3,) and (2,))", ["shapes", "T", "L1n"],
        lambda: b.evaluate(T=[1, 2, 3], L1n=[1.0, 2.0], Delta=1.0))
    add("evaluate(ragged)", ["T"], lambda: b.evaluate(T=[1, [2]], L1n=1.0, Delta=1.0))
    tv = {"T": 100, "L1n": 1.0}
    for label, names, over, kw in (
            ("tune(over=[])", ["over"], [], tv), ("tune(over=5)", ["over"], 5, tv),
            ("tune(over=[5])", ["over"], [5], tv), ("tune(over='Q')", ["Q"], "Q", tv),
            ("tune(over=['Delta','Delta'])", ["over"], ["Delta", "Delta"], tv),
            ("tune(over='T') decreasing", ["T"], "T", {"L1n": 1.0, "Delta": 1.0}),
            ("tune(over=['T','Delta']) mixed", ["T"], ["T", "Delta"], {"L1n": 1.0}),
            ("tune(Delta given)", ["Delta"], "Delta", {**tv, "Delta": 1.0}),
            ("tune(T array)", ["T"], "Delta", {"T": [1, 2], "L1n": 1.0}),
            ("tune(L1n=nan)", ["L1n"], "Delta", {"T": 10, "L1n": math.nan}),
    ):
        add(label, names, lambda over=over, kw=kw: b.tune(over, **kw))
    cv = {"L1n": 1.0, "Delta": 1.0}
    for label, names, eps, kw in (
            ("complexity(eps=True)", ["eps"], True, {}), ("complexity(eps=0)", ["eps"], 0, {}),
            ("complexity(eps=-1)", ["eps"], -1.0, {}), ("complexity(eps=nan)", ["eps"], math.nan, {}),
            ("complexity(eps=inf)", ["eps"], math.inf, {}), ("complexity(eps='0.1')", ["eps"], "0.1", {}),
            ("complexity(eps=1j)", ["eps"], 1j, {}),
            ("complexity(T=3)", ["T"], 0.1, {"T": 3}),
            ("complexity(tune_over=5)", ["tune_over"], 0.1, {"tune_over": 5}),
            ("complexity(tune_over='Q')", ["Q"], 0.1, {"tune_over": "Q"}),
            ("complexity(L1n=[1, 2])", ["L1n"], 0.1, {"L1n": [1.0, 2.0]}),
    ):
        add(label, names, lambda eps=eps, kw=kw: b.complexity(eps, **{**cv, **kw}))
    c = get_comparison(COMPARISON)
    cgood = {"T": 100, "d": 3, "Delta": 1.0, "L1n": 1.0, "Linf": 1.0}
    for k in cgood:
        for v in NOT_REAL[:8] + [math.nan, math.inf, -1.0]:
            add(f"compare({k}={v!r:.30})", [k], lambda k=k, v=v: c.compare(**{**cgood, k: v}))
        add(f"compare(missing {k})", [k],
            lambda k=k: c.compare(**{a: b_ for a, b_ in cgood.items() if a != k}))
        add(f"compare({k}=[1, 2])", [k], lambda k=k: c.compare(**{**cgood, k: [1.0, 2.0]}))
    add("compare(Q=1)", ["Q"], lambda: c.compare(**cgood, Q=1.0))
    return cases


def importlib_module(cls):
    import importlib
    return importlib.import_module(cls.__module__)


def run_api_case(case: Case) -> tuple[str, str]:
    """``("clear", message)`` for an AdaproofInputError naming the parameter, ``("vague", msg)``
    for one that does not, ``("accepted", repr)`` when the call returned, ``("traceback",
    "Type: message")`` for any other exception."""
    from adaproof import AdaproofInputError
    try:
        r = case.call()
    except AdaproofInputError as exc:
        msg = str(exc)
        return ("clear" if names_parameter(msg, case.names) else "vague"), msg
    except Exception as exc:  # noqa: BLE001 - that is what is being counted
        return "traceback", f"{type(exc).__name__}: {exc}"
    return "accepted", repr(r)[:200]


def run_cli_case(case: Case) -> tuple[str, str]:
    """Like :func:`run_api_case` for an argv: clear = exit 2 with the parameter named."""
    try:
        code, out, err = run_cli(case.argv)
    except Exception as exc:  # noqa: BLE001
        return "traceback", f"{type(exc).__name__}: {exc}"
    if code != 2:
        return "accepted", f"exit {code}: {(out + err)[-200:]}"
    return ("clear" if names_parameter(err, case.names) else "vague"), err.strip()[-300:]
