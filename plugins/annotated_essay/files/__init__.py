"""Annotation files -> the annotation model.

Reading the YAML files of `annotations/<kind>/` into located nodes, checking
them against the field tables of `..fields`, and building the frozen model of
`..model`, with a located `Problem` for every mistake; also the files' JSON
Schemas, writing new files (`annotated-essay new`, `import`) and editing
selectors in place (`check --fix`), and the cache that `mkdocs serve` keeps.

May import: `..model`, `..fields`. Nothing here knows about HTML or any host.
"""
