"""Finding where each annotation stands in the essay.

Normalization with a map back to the original text, the text map over an
element tree and the quote search (word index), glossary occurrences, near
matches for quotes that are not found, and wrapping anchored ranges in
elements.

May import: `..html.tree` (the element tree it walks), `..model`, `..fields`.
"""
