"""The reader-facing labels of verdicts and xref relations."""

from __future__ import annotations

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
