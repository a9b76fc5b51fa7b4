"""Annotation files -> the annotation model.

A file goes through `read` (found in the folder, its bytes read safely),
`yamlnodes` (YAML into located nodes), `check` (the nodes against the field
tables of `..fields`) and `build` (the frozen model of `..model`); `load`
puts these together, with a located `Problem` for every mistake. Also here:
the files' JSON Schemas (`schema`), writing new files (`scaffold` for
`annotated-essay new`, `write` for `import`), editing selectors in place
(`edit`, for `check --fix`), and the cache that `mkdocs serve` keeps.

May import: `..model`, `..fields`. Nothing here knows about HTML or any host.
"""
