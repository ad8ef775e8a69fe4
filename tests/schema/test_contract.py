"""The API clients rely on (tests/fixtures/api-contract.graphql) is all in our schema, with
the same kinds, types, arguments and defaults; and everything we serve is described.

Both schemas are compared through introspection, as a client sees them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from graphql import build_schema, introspection_from_schema

from spackdex.schema.schema import schema

CONTRACT_FILE = Path(__file__).resolve().parents[1] / "fixtures" / "api-contract.graphql"
BUILT_IN = {"String", "Int", "Float", "Boolean", "ID"}


def _types(introspection: Any) -> dict[str, dict[str, Any]]:
    return {
        t["name"]: t
        for t in introspection["__schema"]["types"]
        if not t["name"].startswith("__") and t["name"] not in BUILT_IN
    }


CONTRACT = _types(
    introspection_from_schema(build_schema(CONTRACT_FILE.read_text(encoding="utf-8")))
)
OURS = _types(introspection_from_schema(schema._schema))


def _type(ref: dict[str, Any]) -> str:
    if ref["kind"] == "NON_NULL":
        return f"{_type(ref['ofType'])}!"
    if ref["kind"] == "LIST":
        return f"[{_type(ref['ofType'])}]"
    return str(ref["name"])


def _inputs(items: list[dict[str, Any]] | None) -> dict[str, tuple[str, str | None]]:
    """Name -> (type, default); an omitted default and ``= null`` are the same."""
    return {
        item["name"]: (
            _type(item["type"]),
            None if item["defaultValue"] in (None, "null") else item["defaultValue"],
        )
        for item in items or []
    }


@pytest.mark.parametrize("name", sorted(CONTRACT))
def test_contract_type_is_served(name: str) -> None:
    theirs = CONTRACT[name]
    ours = OURS.get(name)
    assert ours is not None, f"type {name} is missing"
    assert ours["kind"] == theirs["kind"]
    if theirs["kind"] == "ENUM":
        their_values = {v["name"] for v in theirs["enumValues"]}
        assert their_values <= {v["name"] for v in ours["enumValues"]}
    their_interfaces = {i["name"] for i in theirs["interfaces"] or []}
    assert their_interfaces <= {i["name"] for i in ours["interfaces"] or []}
    ours_inputs = _inputs(ours["inputFields"])
    for field, expected in _inputs(theirs["inputFields"]).items():
        assert ours_inputs.get(field) == expected, f"{name}.{field}"
    ours_fields = {f["name"]: f for f in ours["fields"] or []}
    for field in theirs["fields"] or []:
        where = f"{name}.{field['name']}"
        served = ours_fields.get(field["name"])
        assert served is not None, f"{where} is missing"
        assert _type(served["type"]) == _type(field["type"]), where
        served_args = _inputs(served["args"])
        their_args = _inputs(field["args"])
        for argument, expected in their_args.items():
            assert served_args.get(argument) == expected, f"{where}({argument}:)"
        # arguments we add must not break a client that leaves them out
        for argument, (type_, _) in served_args.items():
            if argument not in their_args:
                assert not type_.endswith("!"), f"{where}({argument}:) is required"


def test_the_contract_was_read() -> None:
    assert {
        "Query",
        "Spec",
        "Package",
        "Tag",
        "Stack",
        "SpecFilter",
        "FacetField",
        "SpecOrder",
        "PackageOrder",
        "Node",
        "IndexStats",
        "Facet",
    } <= set(CONTRACT)
    assert len(CONTRACT["Query"]["fields"]) == 9


def test_every_type_and_field_is_described() -> None:
    missing = []
    for name, served in OURS.items():
        if served["kind"] == "SCALAR":
            continue
        if not served["description"]:
            missing.append(name)
        for field in (served["fields"] or []) + (served["inputFields"] or []):
            if not field["description"]:
                missing.append(f"{name}.{field['name']}")
    assert missing == []


def test_every_argument_and_enum_value_is_described() -> None:
    missing = []
    for name, served in OURS.items():
        for field in served["fields"] or []:
            missing += [
                f"{name}.{field['name']}({arg['name']})"
                for arg in field["args"]
                if not arg["description"] and not name.startswith("__")
            ]
        missing += [
            f"{name}.{value['name']}"
            for value in served["enumValues"] or []
            if not value["description"] and not name.startswith("__")
        ]
    assert missing == []
