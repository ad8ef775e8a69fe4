"""spackdex: a GraphQL search service over the Spack binary build cache.

The code lives in the top-level folders the project was asked to have (``indexer/``,
``schema/``, ``server/``); this package links them in as ``spackdex.indexer``,
``spackdex.schema`` and ``spackdex.server`` so that installing spackdex never claims the
generic top-level names ``schema``, ``server`` or ``indexer``.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
