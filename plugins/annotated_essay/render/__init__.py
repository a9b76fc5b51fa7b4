"""The pages: the essay (a .txt or .md file to a tree), its highlights and
notes, and the claims, glossary and unanchored pages, with the claims page's
schema.org ClaimReview markup and the site's addresses (IRIs).

May import: `..anchoring`, `..html`, `..settings`, `..model`, `..fields`; never a host.
"""
