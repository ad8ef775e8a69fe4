"""Limits and bad input: each is one clear GraphQL error, never a masked or internal one."""

from __future__ import annotations

from typing import Any

import pytest

from spackdex.indexer.search.engine import SearchIndex
from spackdex.schema.schema import MAX_ALIASES, MAX_DEPTH, MAX_TOKENS

from .helpers import execute, query_data, query_errors


def _nested(levels: int) -> str:
    """A query of about ``4 * levels`` depth: spec -> package -> specs -> edges -> node."""
    inner = "name"
    for _ in range(levels):
        inner = f"package {{ specs(first: 1) {{ edges {{ node {{ {inner} }} }} }} }}"
    return f'{{ spec(hash: "2mwkvhp") {{ {inner} }} }}'


def test_depth_limit(search_index: SearchIndex) -> None:
    assert query_data(search_index, _nested(2))["spec"] is not None  # depth 10
    errors = query_errors(search_index, _nested(3))  # depth 14
    assert errors == [f"'anonymous' exceeds maximum operation depth of {MAX_DEPTH}"]


def test_alias_limit(search_index: SearchIndex) -> None:
    allowed = " ".join(f"a{i}: stats {{ specs }}" for i in range(MAX_ALIASES))
    assert len(query_data(search_index, f"{{ {allowed} }}")) == MAX_ALIASES
    too_many = " ".join(f"a{i}: stats {{ specs }}" for i in range(MAX_ALIASES + 1))
    errors = query_errors(search_index, f"{{ {too_many} }}")
    assert errors == [f"{MAX_ALIASES + 1} aliases found. Allowed: {MAX_ALIASES}"]


def test_token_limit(search_index: SearchIndex) -> None:
    tags = " ".join(f'"t{i}"' for i in range(MAX_TOKENS))
    errors = query_errors(search_index, f"{{ specs(filter: {{tags: [{tags}]}}) {{ totalCount }} }}")
    assert len(errors) == 1
    assert f"Document contains more than {MAX_TOKENS} tokens" in errors[0]


@pytest.mark.parametrize(
    ("first", "message"),
    [
        (101, "first is at most 100 (got 101); page with after"),
        (-1, "first must not be negative (got -1)"),
    ],
)
def test_page_size_limit(search_index: SearchIndex, first: int, message: str) -> None:
    for field in ("specs", "packages"):
        errors = query_errors(search_index, f"{{ {field}(first: {first}) {{ totalCount }} }}")
        assert errors == [message]
    nested = query_errors(
        search_index,
        f"""{{ package(name: "hdf5") {{
        specs(first: {first}) {{ totalCount }} }} }}""",
    )
    assert nested == [message]
    assert query_data(search_index, "{ specs(first: 100) { totalCount } }")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("{ specs { totalCount", "Syntax Error: Expected Name, found <EOF>."),
        ("{ nope }", "Cannot query field 'nope' on type 'Query'."),
        ("{ specs { edges { node { nope } } } }", "Cannot query field 'nope' on type 'Spec'."),
        ("{ specs(orderBy: SIZE) { totalCount } }", "Value 'SIZE' does not exist in 'SpecOrder'"),
    ],
)
def test_invalid_documents(search_index: SearchIndex, query: str, expected: str) -> None:
    errors = query_errors(search_index, query)
    assert expected in errors[0]


def test_wrong_variable_type(search_index: SearchIndex) -> None:
    errors = query_errors(
        search_index, "query($n: Int) { specs(first: $n) { totalCount } }", {"n": "seven"}
    )
    assert "Variable '$n' has invalid value" in errors[0]
    assert "Int cannot represent non-integer value" in errors[0]


def test_bad_spec_syntax_names_the_token_and_column(search_index: SearchIndex) -> None:
    errors = query_errors(search_index, '{ specs(spec: "hdf5 +mpi ^^") { totalCount } }')
    assert errors == [
        "spec 'hdf5 +mpi ^^': unexpected token '^' at column 11: package name "
        "or /hash expected after '^'"
    ]
    errors = query_errors(search_index, '{ packages(spec: "hdf5@1.14 %%gcc") { totalCount } }')
    assert "unexpected token '%%' at column 11" in errors[0]


def test_unknown_compatible_host_lists_close_names(search_index: SearchIndex) -> None:
    errors = query_errors(
        search_index, '{ specs(filter: {compatibleWith: "zen33"}) { totalCount } }'
    )
    assert errors[0].startswith("unknown microarchitecture 'zen33'; did you mean: ")
    assert "zen3" in errors[0]


def test_compatible_host(search_index: SearchIndex) -> None:
    data = query_data(
        search_index,
        """{
        specs(filter: {compatibleWith: "zen3"}, first: 100) { totalCount
            facets(fields: [TARGET], limit: 1000) { values { value } } }
    }""",
    )
    targets = {v["value"] for v in data["specs"]["facets"][0]["values"]}
    assert data["specs"]["totalCount"] > 0
    assert "x86_64_v3" in targets
    assert not targets & {"aarch64", "neoverse_v2", "x86_64_v4", "ppc64le"}


def test_unknown_filter_values_match_nothing(search_index: SearchIndex) -> None:
    data = query_data(
        search_index,
        """{
        specs(filter: {tags: ["no-such-tag"]}) { totalCount }
        packages(filter: {oss: ["no-such-os"]}) { totalCount }
    }""",
    )
    assert data == {"specs": {"totalCount": 0}, "packages": {"totalCount": 0}}


def test_errors_have_no_traceback_and_are_not_masked(search_index: SearchIndex) -> None:
    result, _ = execute(search_index, '{ specs(spec: "@@@") { totalCount } }')
    assert result.errors
    message = result.errors[0].message
    assert "Traceback" not in message
    assert message != "Unexpected error."


def test_a_repeated_document_is_validated_once(
    search_index: SearchIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The limits use the same rule classes every request, so validation is cached (keyed
    by the parsed document, which the parser cache hands out again, and the rules)."""
    from spackdex.schema import documents

    validated: list[object] = []
    original = documents.validate_document

    def counting(*args: Any) -> Any:
        validated.append(args[1])
        return original(*args)

    monkeypatch.setattr(documents, "validate_document", counting)
    document = '{ once: specs(query: "zlib-ng", first: 1) { totalCount } }'
    execute(search_index, document)
    execute(search_index, document)
    assert len(validated) == 1
