"""Statement path of adam_linf/lemma-3.12 and adam_complexity/lemma-5 (sampler + evaluate_batch
at T = 1000, B = 256), evaluate_batch's fixed cost (B = 1) and the Hypothesis phase's
examples/s, as one JSON line, for whatever adaproof is on PYTHONPATH: run it alternately
against two checkouts (e.g. a `git archive` of main and this tree) to compare revisions under
the same load:

    for r in 1 2 3; do for tree in /tmp/base $PWD; do
      PYTHONPATH=$tree OMP_NUM_THREADS=1 python benchmarks/bench_statement_path.py; done; done
"""
import json
import time

import torch

torch.set_num_threads(1)
from adaproof import lemmas
from adaproof.statement import SampleContext
from adaproof.verification import evaluate_batch
out = {}
for key, sizes, small in [("adam_linf/lemma-3.12", {"T": 1000}, {"T": 3}),
                          ("adam_complexity/lemma-5", {"T": 1000, "d": 4}, {"T": 3, "d": 2})]:
    stmt = lemmas.get(key)
    inp = stmt.sampler(SampleContext(B=1, sizes=small, generator=torch.Generator().manual_seed(0)))
    evaluate_batch(stmt, inp, small)
    t0 = time.perf_counter()
    for _ in range(200): evaluate_batch(stmt, inp, small)
    fixed = (time.perf_counter() - t0) / 200
    B = 256; ts = te = 0
    for i in range(2):
        t0 = time.perf_counter()
        inp = stmt.sampler(SampleContext(B=B, sizes=sizes, generator=torch.Generator().manual_seed(i)))
        t1 = time.perf_counter(); evaluate_batch(stmt, inp, sizes); t2 = time.perf_counter()
        ts += t1 - t0; te += t2 - t1
    out[key] = dict(fixed_us=fixed * 1e6, path_per_s=2 * B / (ts + te), sampler_ms=ts / 2 * 1e3, eval_ms=te / 2 * 1e3)
from adaproof.search.hypothesis_phase import hypothesis_search
stmt = lemmas.get("adam_linf/lemma-3.12")
hypothesis_search(stmt, 60, 0, max_examples=20, verify=False)
t0 = time.perf_counter(); o = hypothesis_search(stmt, 600, 1, max_examples=300, verify=False)
out["hyp_3.12_per_s"] = o.examples / (time.perf_counter() - t0)
print(json.dumps(out))
