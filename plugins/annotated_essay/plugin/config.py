"""The plugin's options: the schema only (see the contract, section 1)."""

from __future__ import annotations

import datetime

from mkdocs.config import base
from mkdocs.config import config_options as c


class AnnotatedEssayConfig(base.Config):
    """Options of the `annotated-essay` plugin in mkdocs.yml."""

    essay = c.Type(str)
    annotations = c.Type(str, default="annotations")
    page = c.Type(str, default="index.md")
    title = c.Optional(c.Type(str))
    author = c.Optional(c.Type(str))
    date = c.Optional(c.Type((str, datetime.date)))
    url = c.Optional(c.URL())
    glossary_marks = c.Choice(("first", "all"), default="first")
