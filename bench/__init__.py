"""`make bench`: the plugin's performance, measured on a synthetic essay and on our own site.

Run with `python -m bench` from the repository root; see `bench/__main__.py`.
"""
