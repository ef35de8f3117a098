"""Statement path: examples/s of each search phase, the original implementation beside this one.

For three statements (``adam_linf/lemma-3.12``, ``adam_complexity/lemma-5``,
``adam_complexity/lemma-1-circ``) and each search phase

* random: the statement's sampler and ``evaluate_batch`` on ``B`` candidates at ``T``;
* hypothesis: ``hypothesis_search`` (``verify=False``) for a fixed number of examples
  (``--hyp-examples``: under such a budget this tree takes K = 16 candidates per Hypothesis
  example below 2,048 examples) and for a wall-clock budget alone (``--hyp-seconds``, as a timed
  ``adaproof check`` runs it: K = 64); ``--batch1`` adds this tree with ``batch=1``;
* guided: ``guided_search`` for a fixed number of steps (the seed's own first round, and a
  round at ``T = --guided-T``, default 200, started from one sampled candidate at that size);

it prints examples/s of the original implementation (git revision ``54e220a``, loaded beside
this tree as the package ``adaproof_ref`` by ``benchmarks/_reference.py``), of main as session
7 began (``af9255d``, package ``adaproof_base``; ``--base REV`` picks another, ``--base ''``
leaves it out) and of this tree, in
one process, rounds interleaved, medians, and the ratio by wall-clock and by CPU time (the CPU
time of the process, which the load of a shared machine distorts less).  The random phase is
also given as a fraction of a ceiling: drawing the candidates' ``B·T·d`` doubles once and
reading them once (``torch.rand`` into a kept buffer, then a sum), the least any sampler and
evaluator must do.

    PYTHONPATH=$PWD python benchmarks/bench_statement_path.py [--T 1000] [--B 256] [--rounds 3]
        [--hyp-examples 400] [--hyp-seconds 1.0] [--guided-steps 20] [--guided-T 200]
        [--reference REV]
        [--base REV] [--batch1] [--malloc system]
        [--phases random,hypothesis,guided] [--statements adam_linf/lemma-3.12,...]

``--malloc system`` keeps glibc's default allocator behaviour for both packages (this tree
otherwise keeps freed buffers in the process, ``adaproof.threads.retain_freed_memory``, which
from then on serves the original's allocations too).
"""
from __future__ import annotations

import argparse
import importlib
import os
import pathlib
import statistics
import sys
import time

if __package__ in (None, ""):  # run as a script from a checkout: import the package beside it
    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

STATEMENTS = (("adam_linf/lemma-3.12", {"T": None}),
              ("adam_complexity/lemma-5", {"T": None, "d": 4}),
              ("adam_complexity/lemma-1-circ", {"T": None, "d": 4}))


def _clock():
    return time.perf_counter(), time.process_time()


def _since(c0):
    w, c = _clock()
    return w - c0[0], c - c0[1]


class Impl:
    """One implementation of the statement path: a package (``adaproof`` or ``adaproof_ref``)."""

    def __init__(self, label: str, pkg_name: str, **hyp_kwargs):
        self.label = label
        self.pkg = importlib.import_module(pkg_name)
        self.lemmas = importlib.import_module(f"{pkg_name}.lemmas")
        self.statement = importlib.import_module(f"{pkg_name}.statement")
        self.verification = importlib.import_module(f"{pkg_name}.verification")
        self.hyp = importlib.import_module(f"{pkg_name}.search.hypothesis_phase")
        self.guided_mod = importlib.import_module(f"{pkg_name}.search.guided")
        try:
            self.derive = importlib.import_module(f"{pkg_name}.derive")
        except ImportError:
            self.derive = None
        self.hyp_kwargs = hyp_kwargs
        try:  # each package's own numba kernels loaded before any timing (a steady state)
            sampling = importlib.import_module(f"{pkg_name}.sampling")
            if hasattr(sampling, "wait_for_kernels"):
                try:
                    sampling.wait_for_kernels(300, adjoint=True)
                except TypeError:  # a package without the adjoint kernel
                    sampling.wait_for_kernels(300)
        except ImportError:
            pass

    def sampler(self, stmt):
        if self.derive is not None:
            return self.derive.sampler_for(stmt)
        return stmt.sampler

    def random(self, stmt, sizes, B, batches=2):
        import torch
        samp = self.sampler(stmt)
        c0 = _clock()
        for i in range(batches):
            # samplers that also draw from torch's global generator (not torch.manual_seed:
            # it also records a stack trace for CUDA's lazy seeding, on every call)
            torch.default_generator.manual_seed(i)
            ctx = self.statement.SampleContext(B=B, sizes=dict(sizes),
                                               generator=torch.Generator().manual_seed(i))
            self.verification.evaluate_batch(stmt, samp(ctx), sizes)
        w, c = _since(c0)
        return batches * B, w, c

    def hypothesis(self, stmt, n, seed=1):
        c0 = _clock()
        out = self.hyp.hypothesis_search(stmt, 600.0, seed, max_examples=n, verify=False,
                                         **self.hyp_kwargs)
        w, c = _since(c0)
        return out.examples, w, c

    def hypothesis_timed(self, stmt, seconds, seed=1):
        """A wall-clock budget alone (as a timed ``adaproof check`` runs the phase): the
        examples it evaluated in that time."""
        c0 = _clock()
        out = self.hyp.hypothesis_search(stmt, seconds, seed, verify=False, **self.hyp_kwargs)
        w, c = _since(c0)
        return out.examples, w, c

    def guided(self, stmt, steps, seed=1):
        c0 = _clock()
        out = self.guided_mod_search(stmt, steps, seed)
        w, c = _since(c0)
        return out.examples, w, c

    def guided_at(self, stmt, sizes, steps, seed=1):
        """The guided phase with its first round at ``sizes``: one start candidate drawn by the
        statement's sampler at those sizes (as the checker hands the guided phase its best)."""
        import torch
        search = importlib.import_module(f"{self.pkg.__name__}.search")
        ctx = self.statement.SampleContext(B=1, sizes=dict(sizes),
                                           generator=torch.Generator().manual_seed(seed))
        torch.default_generator.manual_seed(seed)
        inputs = self.verification.candidate_inputs(stmt, self.sampler(stmt)(ctx), 0)
        start = search.Candidate(0.0, 0.0, inputs, dict(sizes))
        c0 = _clock()
        out = self.guided_mod.guided_search(stmt, 600.0, seed, starts=[start], max_steps=steps)
        w, c = _since(c0)
        return out.examples, w, c

    def guided_mod_search(self, stmt, steps, seed):
        return self.guided_mod.guided_search(stmt, 600.0, seed, max_steps=steps)


def ceiling(B, T, d, reps=3):
    """Candidates/s if a batch cost only drawing its B·T·d doubles once and reading them once."""
    import torch
    buf = torch.empty(B, T, d, dtype=torch.float64)
    gen = torch.Generator().manual_seed(0)
    torch.rand(B, T, d, generator=gen, dtype=torch.float64, out=buf)
    best = float("inf")
    for _ in range(reps):
        c0 = _clock()
        torch.rand(B, T, d, generator=gen, dtype=torch.float64, out=buf)
        float(buf.sum())
        best = min(best, _since(c0)[1] or 1e-9)
    return B / best


def _load():
    try:
        return open("/proc/loadavg").read().split()[:3]
    except OSError:
        return ["?"] * 3


def run(args) -> None:
    import torch
    torch.set_num_threads(args.threads)
    if args.malloc == "system":
        os.environ["ADAPROOF_MALLOC"] = "system"
    import _reference
    _reference.load(args.reference)
    if args.base:
        _reference.load(args.base, _reference.BASE_NAME)
    from adaproof.threads import retain_freed_memory
    from adaproof.sampling import wait_for_kernels
    policy = retain_freed_memory() if args.malloc != "system" else False
    # steady state: the log-sum recursion's numba kernels (values, adjoint) loaded
    wait_for_kernels(300, adjoint=True)
    impls = [Impl(f"original ({args.reference})", _reference.NAME)]
    if args.base:
        impls.append(Impl(f"main ({args.base})", _reference.BASE_NAME))
    impls.append(Impl("now", "adaproof"))
    if args.batch1:
        impls.append(Impl("now, batch=1", "adaproof", batch=1))
    print(f"statement path, float64, torch threads {torch.get_num_threads()}, random phase B={args.B} "
          f"T={args.T}; hypothesis {args.hyp_examples} examples and {args.hyp_seconds} s budgets; "
          f"guided {args.guided_steps} steps; medians of {args.rounds} interleaved rounds; "
          f"allocator: {'freed buffers kept (retain_freed_memory)' if policy else 'system default'}"
          f"; load average {' '.join(_load())}")
    phases = tuple(args.phases.split(","))
    chosen = [s for s in STATEMENTS if not args.statements or s[0] in args.statements.split(",")]
    for key, big in chosen:
        sizes = {k: (args.T if v is None else v) for k, v in big.items()}
        small = {k: (3 if v is None else v) for k, v in big.items()}
        at = {k: (args.guided_T if v is None else v) for k, v in big.items()}
        stmts = [im.lemmas.get(key) for im in impls]
        res: dict = {}
        load0 = _load()
        for im, st in zip(impls, stmts):  # warm-up: compile, caches, numba
            im.random(st, small, 4, 1)
            im.random(st, sizes, 4, 1)
            if "hypothesis" in phases:
                im.hypothesis(st, 20, seed=0)
            if "guided" in phases:
                im.guided(st, 2, seed=0)
                im.guided_at(st, at, 1, seed=0)
        for _ in range(args.rounds):
            for im, st in zip(impls, stmts):
                # numba's OpenMP layer, once started by the fused kernels, resets the OpenMP
                # thread count that torch reads: set it again before every measurement
                torch.set_num_threads(args.threads)
                for phase, call in (
                        ("random", lambda: im.random(st, sizes, args.B)),
                        ("hypothesis", lambda: im.hypothesis(st, args.hyp_examples)),
                        ("hypothesis, time budget",
                         lambda: im.hypothesis_timed(st, args.hyp_seconds)),
                        ("guided", lambda: im.guided(st, args.guided_steps)),
                        ("guided, at T", lambda: im.guided_at(st, at, args.guided_steps))):
                    if phase.split(",")[0] not in phases:
                        continue
                    if phase.split(",")[0] in ("random", "guided") and im.label == "now, batch=1":
                        continue  # the same code as "now"
                    n, w, c = call()
                    res.setdefault((im.label, phase), []).append((n / w, n / max(c, 1e-9)))
        med = {k: (statistics.median(x[0] for x in v), statistics.median(x[1] for x in v))
               for k, v in res.items()}
        labels = [im.label for im in impls]
        o, nw = labels[0], "now"
        base = labels[1] if args.base else None
        print(f"\n{key}  (random at {sizes}; load {' '.join(load0)} -> {' '.join(_load())})")
        head = f"  {'phase':<26}{'original ex/s':>15}"
        if base:
            head += f"{'main ex/s':>12}"
        head += f"{'now ex/s':>12}{'now/orig wall':>15}{'now/orig CPU':>14}"
        if base:
            head += f"{'now/main wall':>15}{'now/main CPU':>14}"
        print(head)
        rows = [("random", nw), (f"hypothesis, {args.hyp_examples} ex", nw),
                (f"hypothesis, {args.hyp_seconds} s", nw), ("guided", nw),
                (f"guided, T={args.guided_T}", nw)]
        if args.batch1:
            rows += [(f"hypothesis, {args.hyp_examples} ex", "now, batch=1"),
                     (f"hypothesis, {args.hyp_seconds} s", "now, batch=1")]
        for name, lab in rows:
            phase = ("hypothesis" if name.endswith(" ex") else "hypothesis, time budget"
                     if name.endswith(" s") else "guided, at T" if name.startswith("guided, T")
                     else name)
            a, b = med.get((o, phase)), med.get((lab, phase))
            if a is None or b is None:
                continue
            shown = name if lab == nw else name + " (batch=1)"
            line = f"  {shown:<26}{a[0]:>15,.0f}"
            m = med.get((base, phase)) if base else None
            if base:
                line += f"{m[0]:>12,.0f}" if m else f"{'-':>12}"
            line += f"{b[0]:>12,.0f}{b[0] / a[0]:>14.2f}x{b[1] / a[1]:>13.2f}x"
            if m:
                line += f"{b[0] / m[0]:>14.2f}x{b[1] / m[1]:>13.2f}x"
            print(line)
        if "random" not in phases:
            continue
        d = sizes.get("d", 1)
        ceil = ceiling(args.B, sizes["T"], d)
        rnd = med[(nw, "random")]
        print(f"  random phase ceiling (draw + read B*T*d doubles once, CPU time): "
              f"{ceil:,.0f} candidates/s; now reaches {rnd[1] / ceil:.3f} of it "
              f"(original {med[(o, 'random')][1] / ceil:.3f})")
    print(f"\nload average at the end {' '.join(_load())}")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--T", type=int, default=1000)
    ap.add_argument("--B", type=int, default=256)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--hyp-examples", type=int, default=400)
    ap.add_argument("--guided-steps", type=int, default=20)
    ap.add_argument("--guided-T", type=int, default=200,
                    help="horizon of the guided phase's first round in the 'guided, T=' row")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--reference", default=None)
    ap.add_argument("--base", default=None,
                    help="a second reference revision (default: main as session 7 began, "
                         "_reference.BASE); '' leaves it out")
    ap.add_argument("--hyp-seconds", type=float, default=1.0,
                    help="wall-clock budget of the timed Hypothesis run")
    ap.add_argument("--batch1", action="store_true",
                    help="also time this tree's Hypothesis phase with batch=1")
    ap.add_argument("--malloc", choices=("keep", "system"), default="keep")
    ap.add_argument("--phases", default="random,hypothesis,guided",
                    help="comma-separated subset of random,hypothesis,guided")
    ap.add_argument("--statements", default="",
                    help="comma-separated statement ids (default: all three)")
    args = ap.parse_args(argv)
    import _reference
    if args.reference is None:
        args.reference = _reference.ORIGINAL
    if args.base is None:
        args.base = _reference.BASE
    run(args)


if __name__ == "__main__":
    main()
