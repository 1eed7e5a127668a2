"""Named research queries: NAME.cypher, run by `kg query NAME` (data files)."""
