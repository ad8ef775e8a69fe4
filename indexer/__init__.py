"""The indexer: reads build-cache formats and writes (and reads back) the search index."""
