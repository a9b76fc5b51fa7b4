"""The Jinja environment for notes and pages: autoescaped, deterministic."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import jinja2
import markupsafe

from ..load import NOT_IN_HTML
from .markdown import http_url

VERDICT_LABELS: dict[str, str] = {
    "supported": "Supported",
    "partly-supported": "Partly supported",
    "disputed": "Disputed",
    "false": "False",
    "outdated": "Outdated",
    "unverified": "Unverified",
    "opinion": "Opinion",
}

RELATION_LABELS: dict[str, str] = {
    "restates": "Restates",
    "elaborates": "Elaborates",
    "supports": "Supports",
    "contradicts": "Contradicts",
    "responds-to": "Responds to",
    "cites": "Cites",
}


def verdict_label(verdict: str) -> str:
    """The reader-facing label of a verdict."""
    return VERDICT_LABELS.get(verdict, verdict)


def relation_label(relation: str) -> str:
    """The reader-facing label of an xref relation."""
    return RELATION_LABELS.get(relation, relation)


def _visible(value: Any) -> Any:
    """A value as written into HTML: characters HTML forbids (a problem message may quote
    them) become U+FFFD, so the page stays valid and the reader sees something was there."""
    if isinstance(value, str) and NOT_IN_HTML.search(value):
        cleaned = NOT_IN_HTML.sub("\ufffd", value)
        return markupsafe.Markup(cleaned) if isinstance(value, markupsafe.Markup) else cleaned
    return value


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The package's templates, autoescaped."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("annotated_essay", "templates"),
        autoescape=True,
        # The package's templates never change while the process runs: no stat() per render.
        auto_reload=False,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        finalize=_visible,
    )
    env.globals.update(verdict_label=verdict_label, relation_label=relation_label)
    # Defence in depth: the loader has checked every URL; links are written only for http(s) ones.
    env.filters["http_url"] = http_url
    return env


def render(name: str, **context: Any) -> str:
    """Render one template."""
    return environment().get_template(name).render(**context)
