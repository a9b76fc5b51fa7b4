"""Interoperability: the W3C Web Annotation export and import, and the
schema.org ClaimReview markup of the claims page.

May import: `..render`, `..anchoring`, `..html`, `..files`, `..model`,
`..fields`; `..site` for type hints only.
"""
