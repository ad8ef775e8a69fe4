"""Names of the files inside one index version, shared by the writer and the loader.

One version directory holds:

- ``meta.json``: format version, build time, counts, the source fingerprint, and the
  vocabularies (the distinct values of every facet field, in code order);
- ``packages.json``: per package its description, versions (newest first) and tags;
- ``columns/<name>.npy``: one numpy array per column, indexed by spec ordinal (the rank
  of the spec's hash, so a sorted hash column doubles as the hash lookup);
- ``bitmaps/<field>.bin`` + ``bitmaps/<field>.offsets.npy``: one serialized roaring
  bitmap of spec ordinals per value of each filterable field;
- ``text/``: the Whoosh index of package names, descriptions and field values;
- ``catalog/`` (only when a package catalog was read): see ``store/catalog.py``.
"""

from __future__ import annotations

__all__ = [
    "BITMAP_FIELDS",
    "FORMAT_VERSION",
    "SINGLE_VALUED",
    "VOCABULARIES",
]

FORMAT_VERSION = 2  # 2: reverse edges carry their deptypes

# Facet fields with exactly one value per spec: a code column each.
SINGLE_VALUED = ("package", "version", "compiler", "compiler_name", "os", "platform", "target")
# Fields with a bitmap per value (tag_stack: one per (tag, stack) pair, in meta order).
BITMAP_FIELDS = (*SINGLE_VALUED, "variant", "tag", "stack", "tag_stack")
# Vocabularies stored in meta.json, each a list whose positions are the codes.
VOCABULARIES = (
    "package",
    "version",
    "compiler",
    "compiler_name",
    "os",
    "platform",
    "target",
    "variant",
    "tag",
    "stack",
    "dep_name",
    "dep_version",
    "virtuals",
)
