"""GraphQL execution with a fast path for plain data: fields that only read an attribute.

graphql-core resolves every field the same way: a resolve-info tuple, a path, the resolver
(Strawberry's wrapper around ``getattr``), then ``complete_value`` walking the type
(non-null, list, leaf, object). That costs 3 to 10 µs per field, and a page of specs with
facets is hundreds of plain fields: ``value``, ``count``, ``hash``, ``name``...

This executor compiles, once per request and selection, a reader for each field that is
plain data: a Strawberry field with no resolver, no arguments and no extension, whose type is
a scalar, an enum, a list of them, or an object (or list of objects) whose selected fields
are plain data too. Such a field is read with ``getattr`` and checked with the scalar's own
output coercion, in one call, skipping the per-field machinery.

Anything unusual falls back to graphql-core's own path for that field, which then produces
exactly the answer or error it always did: a null in a non-null field, a value a scalar
refuses, a missing attribute, an object its type does not accept. Reading plain data twice
is harmless (no resolver runs), so a fallback never changes an answer. When a schema
extension hooks ``resolve`` (graphql-core middleware), every field takes the normal path, so
the hook sees every field.
"""

from __future__ import annotations

import keyword
import math
from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from graphql import (
    GraphQLBoolean,
    GraphQLFloat,
    GraphQLInt,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLString,
    is_leaf_type,
)
from graphql.execution.collect_fields import FieldDetails
from graphql.pyutils import Path, Undefined, gather_with_cancel
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.field import StrawberryField

from .documents import IdentityCache

__all__ = ["PlainDataExecutionContext"]

Reader = Callable[[Any], Any]
_MAX_INT = 2**31 - 1


class _Fallback(Exception):
    """This value needs graphql-core's full path (an error, or a value to coerce)."""


def _coercion(type_: Any, non_null: bool) -> Reader:
    """The output coercion of a scalar or enum, as one call; exact builtin types take a
    shortcut, anything else goes through the type's own ``coerce_output_value``."""
    coerce = type_.coerce_output_value

    def generic(value: Any) -> Any:
        if value is None:
            if non_null:
                raise _Fallback
            return None
        try:
            coerced = coerce(value)
        except Exception as error:
            raise _Fallback from error
        if coerced is None or coerced is Undefined:
            raise _Fallback
        return coerced

    exact = {GraphQLString: str, GraphQLBoolean: bool}.get(type_)
    if exact is not None:

        def read_exact(value: Any) -> Any:
            return value if type(value) is exact else generic(value)

        return read_exact
    if type_ is GraphQLInt:

        def read_int(value: Any) -> Any:
            if type(value) is int and -_MAX_INT - 1 <= value <= _MAX_INT:
                return value
            return generic(value)

        return read_int
    if type_ is GraphQLFloat:

        def read_float(value: Any) -> Any:
            if type(value) is float and math.isfinite(value):
                return value
            return generic(value)

        return read_float
    return generic


def _identity(value: Any) -> Any:
    return value


def _exact_type(type_: GraphQLOutputType) -> str | None:
    """For a non-null String, Boolean or Int: the Python type its values have when they
    need no conversion (any other value goes through the full conversion)."""
    if not isinstance(type_, GraphQLNonNull):
        return None
    exact: dict[Any, str] = {GraphQLString: "str", GraphQLBoolean: "bool", GraphQLInt: "int"}
    return exact.get(type_.of_type)


def _list(item: Reader, non_null: bool) -> Reader:
    def read(value: Any) -> Any:
        if value is None:
            if non_null:
                raise _Fallback
            return None
        if isinstance(value, (str, bytes, dict)) or not hasattr(value, "__iter__"):
            raise _Fallback
        return [item(v) for v in value]

    return read


@dataclass(frozen=True)
class _Plan:
    """How to read one plain field: its attribute (None: the constant ``__typename``), the
    conversion of its value, and the exact builtin type that needs no conversion."""

    attribute: str | None
    convert: Reader
    exact: str | None = None  # "str", "bool" or "int" (an Int also checks its range)
    constant: str | None = None

    def reader(self) -> Reader:
        if self.attribute is None:
            constant = self.constant
            return lambda _source: constant
        get, convert = attrgetter(self.attribute), self.convert
        return lambda source: convert(get(source))


_INT_CHECK = f"-{_MAX_INT + 1} <= {{v}} <= {_MAX_INT}"
_EXACT_CHECKS = {
    "str": "type({v}) is str",
    "bool": "type({v}) is bool",
    "int": "type({v}) is int and " + _INT_CHECK,
}


def _object(type_: GraphQLObjectType, fields: list[tuple[str, _Plan]], non_null: bool) -> Reader:
    """A reader for an object's selected plain fields, as one generated function: a page
    has hundreds of these objects (facet values, specs), so each field costs an attribute
    read and a type check rather than three nested calls."""
    names: dict[str, Any] = {
        "_Fallback": _Fallback,
        "is_type_of": type_.is_type_of,
        "non_null": non_null,
    }
    lines = [
        "def read(value):",
        "    if value is None:",
        "        if non_null:",
        "            raise _Fallback",
        "        return None",
    ]
    if type_.is_type_of is not None:
        # Strawberry's is_type_of only looks at the object, never at the resolve info.
        lines += ["    if not is_type_of(value, None):", "        raise _Fallback"]
    entries = []
    for number, (response_name, plan) in enumerate(fields):
        v = f"v{number}"
        names[f"convert{number}"] = plan.convert
        if plan.attribute is None:
            names[v] = plan.constant
            entries.append(f"{response_name!r}: {v}")
            continue
        if plan.attribute.isidentifier() and not keyword.iskeyword(plan.attribute):
            lines.append(f"    {v} = value.{plan.attribute}")
        else:
            names[f"get{number}"] = attrgetter(plan.attribute)
            lines.append(f"    {v} = get{number}(value)")
        if plan.exact is not None:
            check = _EXACT_CHECKS[plan.exact].format(v=v)
            lines += [f"    if not ({check}):", f"        {v} = convert{number}({v})"]
        else:
            lines.append(f"    {v} = convert{number}({v})")
        entries.append(f"{response_name!r}: {v}")
    lines.append("    return {" + ", ".join(entries) + "}")
    # the source holds only identifiers checked above and response names as repr() literals
    exec("\n".join(lines), names)
    read: Reader = names["read"]
    return read


def _has_directives(node: Any) -> bool:
    """Whether a selection set uses any directive (@skip/@include can depend on variables,
    so the selections it yields may differ between requests)."""
    if getattr(node, "directives", None):
        return True
    selection_set = getattr(node, "selection_set", None)
    return selection_set is not None and any(
        _has_directives(selection) for selection in selection_set.selections
    )


class _DocumentReaders:
    """Readers compiled for one parsed document, shared by every request that sends it
    (the parser cache hands out the same document object each time)."""

    def __init__(self, operation: Any, fragments: dict[str, Any]) -> None:
        self.shareable = not (
            _has_directives(operation) or any(_has_directives(f) for f in fragments.values())
        )
        self.readers: dict[tuple[str, tuple[int, ...]], list[Reader | None]] = {}


# by the operation's identity: hashing an AST node hashes its whole tree (documents.py)
_BY_DOCUMENT: IdentityCache[_DocumentReaders] = IdentityCache(maxsize=256)


class PlainDataExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's execution context, with plain-data fields read in one step."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        middleware = self.middleware_manager
        self._fast = not (middleware is not None and middleware.middlewares)
        # per request: readers for each collected selection (kept with it, as graphql-core
        # keeps its collected subfields, so an id is never reused while cached)
        self._readers: dict[int, tuple[Any, list[Reader | None]]] = {}
        shared = _BY_DOCUMENT.get(
            self.operation,
            id(self.schema),
            lambda: _DocumentReaders(self.operation, self.fragment_definitions),
        )
        self._shared = shared if shared.shareable else None

    def execute_fields(
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Path | None,
        grouped_field_set: Any,
        position_context: Any,
    ) -> Any:
        if not self._fast:
            return super().execute_fields(
                parent_type, source_value, path, grouped_field_set, position_context
            )
        readers = self._readers_for(parent_type, grouped_field_set)
        results: dict[str, Any] = {}
        is_awaitable = self.is_awaitable
        awaitable_fields: list[str] = []
        try:
            for (response_name, field_details_list), reader in zip(
                grouped_field_set.items(), readers, strict=True
            ):
                if reader is not None:
                    try:
                        results[response_name] = reader(source_value)
                        continue
                    except Exception:  # graphql-core's path below reports it
                        pass
                result = self.execute_field(
                    parent_type,
                    source_value,
                    field_details_list,
                    Path(path, response_name, parent_type.name),
                    position_context,
                )
                if result is not Undefined:
                    results[response_name] = result
                    if is_awaitable(result):
                        awaitable_fields.append(response_name)
        except Exception:
            if awaitable_fields:
                self.settle_in_background([results[field] for field in awaitable_fields])
            raise
        if not awaitable_fields:
            return results

        async def get_results() -> dict[str, Any]:
            awaited = await gather_with_cancel(*(results[f] for f in awaitable_fields))
            results.update(zip(awaitable_fields, awaited, strict=True))
            return results

        return get_results()

    def _readers_for(
        self, parent_type: GraphQLObjectType, grouped_field_set: Any
    ) -> list[Reader | None]:
        cached = self._readers.get(id(grouped_field_set))
        if cached is not None and cached[0] is grouped_field_set:
            return cached[1]
        key = (
            parent_type.name,
            tuple(id(d.node) for details in grouped_field_set.values() for d in details),
        )
        readers = self._shared.readers.get(key) if self._shared is not None else None
        if readers is None:
            readers = [
                self._field_reader(parent_type, details) for details in grouped_field_set.values()
            ]
            if self._shared is not None:
                self._shared.readers[key] = readers
        self._readers[id(grouped_field_set)] = (grouped_field_set, readers)
        return readers

    def _field_reader(
        self, parent_type: GraphQLObjectType, field_details_list: list[FieldDetails]
    ) -> Reader | None:
        """A one-step reader for this field on ``parent_type``, or None when it is not
        plain data."""
        plan = self._field_plan(parent_type, field_details_list)
        return None if plan is None else plan.reader()

    def _field_plan(
        self, parent_type: GraphQLObjectType, field_details_list: list[FieldDetails]
    ) -> _Plan | None:
        node = field_details_list[0].node
        name = node.name.value
        if name == "__typename":
            return _Plan(None, _identity, constant=parent_type.name)
        field_def = parent_type.fields.get(name)
        if field_def is None or field_def.args or node.arguments:
            return None
        definition = field_def.extensions.get(GraphQLCoreConverter.DEFINITION_BACKREF)
        if not isinstance(definition, StrawberryField) or not definition.is_basic_field:
            return None
        if definition.default_resolver is not getattr:
            return None
        convert = self._value_reader(field_def.type, field_details_list)
        if convert is None:
            return None
        return _Plan(definition.python_name, convert, _exact_type(field_def.type))

    def _value_reader(
        self, type_: GraphQLOutputType, field_details_list: list[FieldDetails]
    ) -> Reader | None:
        non_null = isinstance(type_, GraphQLNonNull)
        if isinstance(type_, GraphQLNonNull):
            type_ = type_.of_type
        if isinstance(type_, GraphQLList):
            item = self._value_reader(type_.of_type, field_details_list)
            return None if item is None else _list(item, non_null)
        if is_leaf_type(type_):
            return _coercion(type_, non_null)
        if isinstance(type_, GraphQLObjectType):
            grouped, defer_usages, _forbidden = self.collect_subfields(type_, field_details_list)
            if defer_usages:
                return None
            fields: list[tuple[str, _Plan]] = []
            for response_name, details in grouped.items():
                plan = self._field_plan(type_, details)
                if plan is None:
                    return None
                fields.append((response_name, plan))
            return _object(type_, fields, non_null)
        return None  # interfaces and unions: graphql-core resolves the runtime type
