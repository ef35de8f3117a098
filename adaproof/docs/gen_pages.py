"""The mkdocs-gen-files script of the site: writes every generated page and figure (see
adaproof.docs.pages).  Options come from $ADAPROOF_DOCS_OPTIONS (set by adaproof.docs.build);
a plain `mkdocs build -f adaproof/docs/mkdocs.yml` uses the defaults."""
import json
import os

import mkdocs_gen_files

from adaproof.docs.pages import generate


def _write(path, content):
    with mkdocs_gen_files.open(path, "wb" if isinstance(content, bytes) else "w") as f:
        f.write(content)


options = json.loads(os.environ.get("ADAPROOF_DOCS_OPTIONS") or "{}")
counts = generate(options, _write)
if options.get("summary"):
    os.makedirs(os.path.dirname(options["summary"]), exist_ok=True)
    with open(options["summary"], "w") as f:
        json.dump(counts, f, indent=1)
