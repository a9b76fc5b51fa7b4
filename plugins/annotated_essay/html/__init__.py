"""HTML: one builder and escape, the element tree, and safe Markdown.

`markup.h` builds escaped HTML text; `tree` holds the element-tree helpers
that the essay's tree is built and serialized with; `markdown` turns a
contributor's Markdown into sanitized HTML (nh3), with `prose` as the
shortcut for text that needs no converter.

May import: `..model`, `..fields`. Nothing here knows about annotations' meaning.
"""
