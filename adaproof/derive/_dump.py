"""A canonical text dump of a statement's derivation (plan: units in order, modes, bounds,
size ladders, construction; and the first draws for seed 0), used to check that a derived plan
does not depend on the process (``PYTHONHASHSEED``): ``python -m adaproof.derive._dump KEY...``."""
from __future__ import annotations

import sys

import torch


def _fmt(v) -> str:
    if isinstance(v, torch.Tensor):
        return repr([float(x) for x in v.detach().flatten()[:12].tolist()])
    if hasattr(v, "data") and isinstance(getattr(v, "data"), torch.Tensor):
        return f"seq@{v.start}:" + _fmt(v.data)
    return repr(v)


def _bounds(u) -> list[str]:
    return [f"    {b.kind} {b.source} :: value={b.value} coef={b.coef} strict={b.strict} "
            f"forall={b.forall} offset={b.offset} pos={b.pos} rec={b.recursive} "
            f"traj={b.traj} n_extra={b.n_extra} lags={sorted(b.lags.items())}"
            for b in u.bounds]


def dump(key: str, draws: int = 4, seed: int = 0) -> str:
    from .. import registry
    from ..statement import SampleContext
    from . import derivation, without_hand_samplers
    from .domains import DerivationError
    try:
        d = derivation(without_hand_samplers(registry.get(key)))
    except DerivationError as exc:
        return f"== {key}\n  not derivable: {exc}"
    p = d.plan
    out = [f"== {key}"]
    for label, units in (("scalar", p.scalars), ("sequence", list(p.sequences.values())),
                         ("late", p.late)):
        for u in units:
            out.append(f"  {label} {u.name} mode={u.mode} start={u.start} extent={u.extent} "
                       f"fixed={u.fixed}")
            out += _bounds(u)
    out.append(f"  sizes={p.sizes} order={p.size_order}")
    out.append(f"  size_relations={[str(r) for r in p.size_relations]}")
    out.append(f"  rejections={[s for _, _, s in p.rejections]}")
    out.append(f"  deferred={[s for _, _, s in p.deferred]}")
    out.append(f"  construction={[str(c) for c in p.construction]}")
    out.append(f"  law={p.law!r}")
    for preset in ("smoke", "default"):
        try:
            out.append(f"  ladder[{preset}]={d.ladders(preset)!r}")
        except Exception as exc:  # noqa: BLE001 - recorded in the dump
            out.append(f"  ladder[{preset}] error {type(exc).__name__}: {exc}")
    if draws:
        gen = torch.Generator().manual_seed(seed)
        try:
            sizes = d.sizes(gen, "smoke")
            out.append(f"  drawn sizes={sorted(sizes.items())}")
            ctx = SampleContext(B=draws, sizes=sizes, generator=gen, dtype=torch.float64)
            inputs = d.sampler(ctx)
            for k in sorted(inputs):
                out.append(f"  draw {k}={_fmt(inputs[k])}")
        except Exception as exc:  # noqa: BLE001
            out.append(f"  draw error {type(exc).__name__}: {exc}")
    return "\n".join(out)


if __name__ == "__main__":
    args = sys.argv[1:]
    n = 4
    if args and args[0].startswith("--draws="):
        n = int(args.pop(0).split("=", 1)[1])
    for k in args:
        print(dump(k, n))
