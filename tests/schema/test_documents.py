"""The identity-keyed cache: one value per live object, bounded, never a stale hit."""

from __future__ import annotations

import gc

from spackdex.schema.documents import IdentityCache


class _Owner:
    pass


def test_computes_once_per_object_and_extra_key() -> None:
    cache: IdentityCache[str] = IdentityCache(maxsize=8)
    owner, calls = _Owner(), []

    def compute() -> str:
        calls.append(1)
        return f"value {len(calls)}"

    assert cache.get(owner, "a", compute) == "value 1"
    assert cache.get(owner, "a", compute) == "value 1"
    assert cache.get(owner, "b", compute) == "value 2"
    assert cache.get(_Owner(), "a", compute) == "value 3"  # another object, another value
    assert len(calls) == 3


def test_forgets_dead_objects_and_stays_bounded() -> None:
    cache: IdentityCache[int] = IdentityCache(maxsize=4)
    owner = _Owner()
    cache.get(owner, None, lambda: 1)
    del owner
    gc.collect()
    assert len(cache) == 0
    alive = [_Owner() for _ in range(10)]
    for number, item in enumerate(alive):
        cache.get(item, None, lambda number=number: number)
    assert len(cache) == 4
    assert cache.get(alive[-1], None, lambda: -1) == 9  # the newest stay
    assert cache.get(alive[0], None, lambda: -1) == -1  # the oldest went first
