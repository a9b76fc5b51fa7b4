"""The pages: the essay (a .txt or .md file to a tree), its highlights and
notes, and the claims, glossary and unanchored pages.

May import: `..anchoring`, `..html`, `..model`, `..fields`; never a host.
"""
