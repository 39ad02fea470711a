"""Rows of a correlated subquery as one JSON array column, per database, and back as typed structs.

A detail that needs a document's related documents and its money reads them with the document, in one statement
(PRODUCT §11): each list is a scalar subquery aggregated to JSON (`json_agg(json_build_object(...))` on PostgreSQL,
`json_group_array(json_object(...))` on SQLite). Neither database promises the order of an aggregate over an
ordered subquery, so the reader sorts the decoded rows itself.
"""

from __future__ import annotations

from itertools import chain
from typing import Any, TypeVar

import msgspec
from sqlalchemy import ColumnElement, CompoundSelect, ScalarSelect, Select, func, literal_column, select

T = TypeVar("T")


def json_rows(dialect: str, rows: Select[Any] | CompoundSelect[Any]) -> ScalarSelect[Any]:
    """The rows of `rows` (labelled columns, correlated to the enclosing document) as one JSON array (`[]` when
    there are none).
    """
    found = rows.subquery()
    pairs = chain.from_iterable((literal_column(f"'{c.name}'"), c) for c in found.c)
    if dialect == "postgresql":
        array: ColumnElement[Any] = func.coalesce(func.json_agg(func.json_build_object(*pairs)), literal_column("'[]'"))
    else:
        array = func.json_group_array(func.json_object(*pairs))
    return select(array).select_from(found).scalar_subquery()


def decode_rows(value: Any, type_: type[T]) -> list[T]:
    """The typed rows of a JSON array column: text from either driver, or already decoded; None when the document
    was not there.
    """
    if value is None:
        return []
    if isinstance(value, str | bytes):
        decoded: list[T] = msgspec.json.decode(value, type=list[type_], strict=False)  # type: ignore[valid-type]
        return decoded
    converted: list[T] = msgspec.convert(value, list[type_], strict=False)  # type: ignore[valid-type]
    return converted
