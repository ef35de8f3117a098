"""The original implementation, importable beside the current one in the same process.

``load(rev)`` materialises ``adaproof/`` at git revision ``rev`` of this checkout (``git
archive``) as the package ``adaproof_ref`` in a cache directory under the system's temporary
directory, and imports it.  adaproof's modules import each other relatively; the few module
names written as strings (the registry's paper modules, the bounds' calculators) are renamed,
so the two packages keep separate registries, caches and compiled plans.  Benchmarks then run
the same statement through both packages in one process, rounds interleaved, so that the load
of a shared machine falls on both alike.
"""
from __future__ import annotations

import importlib
import io
import pathlib
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile

#: the revision the statement-path targets of issue 11 are measured against (main before the
#: issue's work: interpreter on every call, every record asked of run(), samplers looping over t)
ORIGINAL = "54e220a"
NAME = "adaproof_ref"
#: main as session 7 started from it (issue 11's first round merged): the second reference of
#: bench_statement_path, as package BASE_NAME
BASE = "af9255d"
BASE_NAME = "adaproof_base"
_STRINGS = re.compile(r"""(["'])adaproof\.(lemmas|bounds)""")
_FSTRINGS = re.compile(r"""f(["'])adaproof\.(lemmas|bounds)""")


def _root() -> pathlib.Path:
    return pathlib.Path(__file__).resolve().parents[1]


def materialise(rev: str = ORIGINAL, name: str = NAME) -> pathlib.Path:
    """The directory holding the package ``name`` (default ``adaproof_ref``) as ``adaproof`` was
    at revision ``rev``, created once."""
    root = _root()
    full = subprocess.run(["git", "rev-parse", "--verify", f"{rev}^{{commit}}"], cwd=root,
                          check=True, capture_output=True, text=True).stdout.strip()
    base = pathlib.Path(tempfile.gettempdir()) / f"{name.replace('_', '-')}-{full[:12]}"
    pkg = base / name
    if (pkg / "__init__.py").exists():
        return base
    blob = subprocess.run(["git", "archive", "--format=tar", full, "adaproof"], cwd=root,
                          check=True, capture_output=True).stdout
    tmp = pathlib.Path(tempfile.mkdtemp(prefix="adaproof-ref-", dir=tempfile.gettempdir()))
    with tarfile.open(fileobj=io.BytesIO(blob)) as tar:
        tar.extractall(tmp, filter="data")
    for py in (tmp / "adaproof").rglob("*.py"):
        text = py.read_text()
        new = _FSTRINGS.sub(lambda m: f"f{m.group(1)}{name}.{m.group(2)}", text)
        new = _STRINGS.sub(lambda m: f"{m.group(1)}{name}.{m.group(2)}", new)
        if new != text:
            py.write_text(new)
    base.mkdir(parents=True, exist_ok=True)
    try:
        (tmp / "adaproof").rename(pkg)
    except OSError:  # another process made it meanwhile
        pass
    shutil.rmtree(tmp, ignore_errors=True)
    return base


def load(rev: str = ORIGINAL, name: str = NAME):
    """The package ``name`` (default ``adaproof_ref``): ``adaproof`` as it was at ``rev``."""
    base = materialise(rev, name)
    if str(base) not in sys.path:
        sys.path.insert(0, str(base))
    return importlib.import_module(name)
