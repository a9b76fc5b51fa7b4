"""Renderers: the essay's marks and notes, the claims, glossary and unanchored pages,
and the safe Markdown used for every contributor-written field."""
