"""One measurement in a fresh process, so that no cache of an earlier run helps.

    python -m bench.probe anchor <mkdocs.yml>   # edition.annotate over the essay tree, notes left out
    python -m bench.probe notes <mkdocs.yml>    # rendering the notes that edition.annotate inserts
    python -m bench.probe core <mkdocs.yml>     # load + anchor + notes: the work of `check`

Prints the CPU seconds taken (see bench.timing.run_once for why CPU time).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from annotated_essay import cli, site
from annotated_essay.render import edition
from annotated_essay.html.tree import element
from annotated_essay.files.load import load_annotations
from annotated_essay.render.notes import txt_to_tree


def anchor_time(config_file: Path, notes: bool = False) -> float:
    """Seconds `edition.annotate` takes to anchor every annotation in the essay's tree:
    find each selector's passage, check it is unique, mark it (annotations loaded
    beforehand). Rendering the notes is measured apart, by `notes_time`.
    """
    settings = _settings(config_file)
    annotations = load_annotations(settings.annotations, settings.base)
    root = element("div", {"class": "ae-essay-body"})
    root.extend(txt_to_tree(settings.essay.read_text(encoding="utf-8")))
    start = time.process_time()
    edition.annotate(root, annotations, notes=notes)
    return time.process_time() - start


def notes_time(config_file: Path) -> float:
    """Seconds spent rendering the notes and back-links `edition.annotate` inserts."""
    spent = [0.0]

    def timed(render):  # noqa: ANN001, ANN202
        def wrapper(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
            start = time.process_time()
            try:
                return render(*args, **kwargs)
            finally:
                spent[0] += time.process_time() - start

        return wrapper

    edition.render.note = timed(edition.render.note)
    edition.render.backlinks = timed(edition.render.backlinks)
    anchor_time(config_file, notes=True)
    return spent[0]


def _settings(config_file: Path) -> site.Settings:
    from mkdocs.config import load_config

    options = dict(load_config(str(config_file))["plugins"]["annotated-essay"].config)
    return site.Settings.from_options(options, config_file.resolve().parent)


def core_time(config_file: Path) -> float:
    """Seconds to read mkdocs.yml, load every annotation, anchor them and render the notes."""
    start = time.process_time()
    cli.load_site(config_file)
    return time.process_time() - start


def main(argv: list[str]) -> int:
    mode, config = argv
    measure = {"anchor": anchor_time, "notes": notes_time, "core": core_time}[mode]
    print(f"{measure(Path(config)):.6f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
