/* mkdocs-annotated-essay: notes open from their highlights. The page works without this. */
