"""Lighthouse (desktop preset) on the essay page: the median of several runs per category.

Run by `make lighthouse`; not part of `make test` (a run takes a while). Builds
the repository's site into a temporary folder, serves it on 127.0.0.1 and
drives the system Chromium through npm's lighthouse (`make browser-deps`).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

ROOT = Path(__file__).resolve().parents[2]
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run --disable-quic"


def audit(url: str) -> dict[str, float]:
    """One Lighthouse run: each category's score, 0 to 1."""
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    out = subprocess.run(
        [str(LIGHTHOUSE), url, "--preset=desktop", "--output=json", "--output-path=stdout", "--quiet",
         f"--chrome-flags={CHROME_FLAGS}"],
        check=True, capture_output=True, text=True, env=env,
    ).stdout
    report = json.loads(out)
    return {name: report["categories"][name]["score"] for name in CATEGORIES}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--page", default="", help="page URL relative to the site root (default: the essay)")
    args = parser.parse_args(argv)
    if not LIGHTHOUSE.exists():
        print("lighthouse is not installed: run `make browser-deps`", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        build(load_config(str(ROOT / "mkdocs.yml"), site_dir=tmp, strict=True))
        handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=tmp)
        handler.log_message = lambda *a: None  # type: ignore[attr-defined]
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_address[1]}/{args.page}"
        runs = [audit(url) for _ in range(args.runs)]
        server.shutdown()
    for name in CATEGORIES:
        scores = [r[name] for r in runs]
        print(f"{name:15} median {statistics.median(scores):.2f}   runs {' '.join(f'{s:.2f}' for s in scores)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
