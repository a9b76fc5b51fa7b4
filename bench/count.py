"""Where a build's instructions go, by phase: `python -m bench.count <mkdocs.yml> [<mkdocs.yml> ...]`.

Instruction counts (valgrind's callgrind) do not move with the machine's load,
so two builds can be compared on a busy machine. Each `mkdocs build` runs in a
fresh process under callgrind; the phases listed below are wrapped so that
their entry and exit call getppid(), and callgrind (`--dump-before=getppid`)
writes its counter at each one. Every interval between two dumps is charged to
the innermost phase running then; a phase's "total" includes the phases inside
it. Needs valgrind on PATH; under load a build takes minutes.
"""

from __future__ import annotations

import collections
import functools
import importlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any, Callable

PHASES = (
    "annotated_essay.files.load:load_annotations",
    "annotated_essay.render.source:build_essay",
    "annotated_essay.render.edition:annotate",
    "annotated_essay.render.edition:_terms",
    "annotated_essay.render.edition:_insert_notes",
    "annotated_essay.html.tree:inner_html",
    "annotated_essay.interop.export:export_json",
    "annotated_essay.site:SiteBuild.page",
    "annotated_essay.render.pages:claims_page",
    "annotated_essay.render.pages:glossary_page",
    "annotated_essay.render.claimreview:script",
    "annotated_essay.plugin.search:entries",
    "annotated_essay.plugin:AnnotatedEssayPlugin.on_files",
    "annotated_essay.plugin:AnnotatedEssayPlugin.on_post_build",
    "mkdocs.commands.build:_build_page",
    "mkdocs.commands.build:_build_theme_template",
)
"""module:function (or module:Class.method) of each phase counted apart; each is called a few times per build at most."""


def count(config_file: Path) -> tuple[int, dict[str, int], dict[str, int]]:
    """(all instructions, each phase's own, each phase's total) of one `mkdocs build` of `config_file`."""
    with tempfile.TemporaryDirectory(prefix="ae-count-") as tmp:
        out, stacks = Path(tmp) / "callgrind.out", Path(tmp) / "stacks.json"
        command = ["valgrind", "--tool=callgrind", "--dump-before=getppid", f"--callgrind-out-file={out}"]
        command += [sys.executable, "-m", "bench.count", "--inside", str(stacks), str(config_file), str(Path(tmp) / "site")]
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        done = subprocess.run(command, cwd=Path(__file__).resolve().parent.parent, env=env, capture_output=True, text=True)
        if done.returncode:
            raise RuntimeError(f"the build under callgrind failed:\n{done.stderr[-2000:]}")
        dumps = sorted(out.parent.glob(out.name + ".*"), key=lambda p: int(p.suffix[1:]))
        counts = [_instructions(p) for p in [*dumps, out]]
        intervals: list[str] = json.loads(stacks.read_text(encoding="utf-8"))
    if len(counts) != len(intervals):
        raise RuntimeError(f"{len(counts)} callgrind dumps for {len(intervals)} intervals")
    own: dict[str, int] = collections.Counter()
    total: dict[str, int] = collections.Counter()
    for stack, n in zip(intervals, counts):
        names = stack.split("/")
        own[names[-1]] += n
        for name in set(names):
            total[name] += n
    return sum(counts), dict(own), dict(total)


def _instructions(dump: Path) -> int:
    with dump.open(encoding="utf-8", errors="replace") as lines:
        return next(int(line.split()[1]) for line in lines if line.startswith("totals:"))


def _inside(stacks: Path, config_file: str, site_dir: str) -> None:
    """Under callgrind: wrap the phases, build, and write each interval's stack of phases."""
    running, intervals = ["mkdocs build (the rest)"], []

    def boundary() -> None:
        intervals.append("/".join(running))
        os.getppid()  # callgrind writes the counter of the interval that ends here

    def wrapped(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(function)
        def phase(*args: Any, **kwargs: Any) -> Any:
            boundary()
            running.append(name)
            try:
                return function(*args, **kwargs)
            finally:
                boundary()
                running.pop()

        return phase

    import annotated_essay.plugin  # noqa: F401 - every phase's module, before wrapping
    import mkdocs.commands.build  # noqa: F401

    for target in PHASES:
        module_name, name = target.split(":")
        module = importlib.import_module(module_name)
        owner: Any = getattr(module, name.split(".")[0]) if "." in name else module
        attribute = name.split(".")[-1]
        original = vars(owner)[attribute]
        phase = wrapped(name, original)
        phase.__dict__.update(getattr(original, "__dict__", {}))  # MkDocs' event priorities
        importers = [] if "." in name else [m for n, m in list(sys.modules.items()) if n.startswith(("annotated_essay", "mkdocs"))]
        for holder in [owner, *importers]:
            if getattr(holder, attribute, None) is original:  # and wherever it was imported by name
                setattr(holder, attribute, phase)
    from mkdocs.__main__ import cli

    try:
        cli(["build", "--quiet", "--config-file", config_file, "--site-dir", site_dir], standalone_mode=False)
    finally:
        intervals.append("/".join(running))
        stacks.write_text(json.dumps(intervals), encoding="utf-8")


def main(argv: list[str]) -> int:
    if argv[:1] == ["--inside"]:
        _inside(Path(argv[1]), argv[2], argv[3])
        return 0
    for config in argv:
        whole, own, total = count(Path(config))
        print(f"\n{config}: {whole / 1e6:,.0f} M instructions\n")
        print("| phase | own (M) | with the phases inside (M) |\n| --- | ---: | ---: |")
        for name in sorted(total, key=lambda n: -total[n]):
            print(f"| {name} | {own.get(name, 0) / 1e6:,.0f} | {total[name] / 1e6:,.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
