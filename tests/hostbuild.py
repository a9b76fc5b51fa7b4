"""Building a site with each host in a process of its own: MkDocs, ProperDocs, and
Zensical after `annotated-essay prepare`.

ProperDocs is installed beside MkDocs (pyproject.toml's test extra); Zensical
lives in .venv-zensical, made by `make test` (Makefile). A test that needs a
host that is not installed is skipped, and says which and how to install it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sitebuild import ROOT

EPOCH = "1700000000"  # the same dates in every build, so files can be compared
HOSTS = ("mkdocs", "properdocs", "zensical")
PROPERDOCS = Path(sys.executable).with_name("properdocs")
ZENSICAL = Path(os.environ.get("ZENSICAL", ROOT / ".venv-zensical" / "bin" / "zensical"))


def require(host: str) -> None:
    """Skip the calling test, with the reason, when `host` cannot run here."""
    if host == "properdocs" and not PROPERDOCS.exists():
        pytest.skip(f"ProperDocs is not installed ({PROPERDOCS}): pip install --editable '.[test]'")
    if host == "zensical" and not ZENSICAL.exists():
        pytest.skip(f"Zensical is not installed ({ZENSICAL}): `make test` installs it into .venv-zensical, or set ZENSICAL")


def run(command: list[str | Path], cwd: Path, extra_env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true", **(extra_env or {})}
    done = subprocess.run([str(part) for part in command], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"{command}: exit {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done


def build_with(host: str, root: Path, env: dict[str, str] | None = None) -> Path:
    """Build the site whose mkdocs.yml is in `root` with `host`, into `root/site-<host>`; return that folder.

    `env`: more environment variables (this repository's mkdocs.yml reads SITE_URL).
    Zensical first gets the plugin's files from `annotated-essay prepare`; it
    writes into the `site_dir` of mkdocs.yml, moved aside here.
    """
    require(host)
    out = root / f"site-{host}"
    shutil.rmtree(out, ignore_errors=True)
    if host == "mkdocs":
        run([sys.executable, "-m", "mkdocs", "build", "--quiet", "-d", out], root, env)
    elif host == "properdocs":
        run([PROPERDOCS, "build", "--quiet", "-d", out], root, env)
    else:
        run([sys.executable, "-m", "annotated_essay.cli", "prepare"], root, env)
        run([ZENSICAL, "build", "--clean"], root, env)
        (root / "site").rename(out)
    return out
