"""Search over one index version: text, spec syntax, facets, paging."""
