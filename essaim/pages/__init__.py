"""Catalogue → page text ({source path: Markdown}): resource pages, listings, territories, the
catalogue and its facets, statistics and charts, the directory, the committee's dashboard,
and a small HTML kit they share. Pure functions; no MkDocs here."""
