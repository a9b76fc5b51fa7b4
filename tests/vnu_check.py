"""Validate built sites with the Nu Html Checker (`make validate`).

    python tests/vnu_check.py [--sample] [FOLDER ...]

Runs `java -jar node_modules/vnu-jar/build/dist/vnu.jar --errors-only` over the
HTML of each folder (default: site/) and fails on any error whose message is not
listed in tests/vnu_allowed.txt (Material's own known errors). With --sample it
also builds and checks a small site with every kind of annotation and an
unanchored page, which our own site may not have, and the hostile corpus's site.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
ALLOWED = HERE / "vnu_allowed.txt"


def allowed_messages(path: Path = ALLOWED) -> set[str]:
    """The allowed messages: every line that is neither blank nor a comment."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")}


def vnu_errors(folders: list[Path]) -> list[dict]:
    """Every error vnu reports for the HTML files under `folders`."""
    command = ["java", "-jar", str(VNU), "--errors-only", "--skip-non-html", "--format", "json", *map(str, folders)]
    run = subprocess.run(command, capture_output=True, text=True, check=False)
    # vnu writes its JSON report to stderr and exits 1 when it found errors.
    report = json.loads(run.stderr or run.stdout or '{"messages": []}')
    return [m for m in report["messages"] if m.get("type") in ("error", "non-document-error")]


def sample_sites(base: Path) -> list[Path]:
    """Build the hostile tests' two sites into `base`: the clean one (every kind, one
    unanchored claim) and the hostile one, which must be valid HTML too."""
    sys.path.insert(0, str(HERE))
    import test_hostile
    from sitebuild import site_at

    clean = site_at(base / "sample", test_hostile.ESSAY, test_hostile.CLEAN, strict=False)
    dirty = site_at(base / "hostile", test_hostile.hostile_essay(), test_hostile.hostile_annotations(), strict=False)
    return [clean.site, dirty.site]


def main(argv: list[str]) -> int:
    if not VNU.is_file():
        print(f"{VNU} is missing: run `npm install` (vnu-jar is a devDependency)", file=sys.stderr)
        return 2
    folders = [Path(a) for a in argv if not a.startswith("--")] or [ROOT / "site"]
    with tempfile.TemporaryDirectory() as tmp:
        if "--sample" in argv:
            folders += sample_sites(Path(tmp))
        errors = vnu_errors(folders)
    allowed = allowed_messages()
    unexpected = [e for e in errors if e.get("message", "").strip() not in allowed]
    for e in unexpected:
        print(f"{e.get('url', '')}:{e.get('lastLine', '?')}: {e.get('message')}\n    {e.get('extract', '').strip()}")
    known = Counter(e["message"] for e in errors if e.get("message", "").strip() in allowed)
    print(f"vnu: {len(unexpected)} error(s); {sum(known.values())} known error(s) of Material's, allowed by {ALLOWED.name}")
    return 1 if unexpected else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
