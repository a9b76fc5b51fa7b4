"""Interoperability: the W3C Web Annotation export and import.

Works on a whole `..site.SiteBuild`, so it stands above `..site`; may import
everything below it. (The claims page's schema.org ClaimReview markup is part
of that page, in `..render.claimreview`.)
"""
