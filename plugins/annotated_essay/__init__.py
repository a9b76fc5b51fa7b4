"""mkdocs-annotated-essay: an essay with claims, glossary entries, cross-references
and quotations anchored to its exact words."""

from __future__ import annotations

__version__ = "0.1.0"
