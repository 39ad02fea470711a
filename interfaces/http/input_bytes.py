"""Bytes no route may see (PRODUCT §10): invalid UTF-8 and NUL in the path, the query or a JSON or form body.

Checked once, before any handler decodes anything. A bad path is a 400; a bad query parameter or body field is the
usual validation error (422 problem+json on the API, a readable page on HTML routes) naming the parameter or the
field's JSON pointer. PostgreSQL refuses NUL in text, and msgspec raises UnicodeDecodeError on invalid UTF-8, so
either would otherwise surface as a 500 or a misleading 503.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import unquote_to_bytes

from litestar import Request, Response
from litestar.exceptions import ValidationException

from interfaces.http.problems import problem

_API_PREFIXES = ("/api/", "/admin/", "/webhooks/", "/health/", "/schema")
_BODY_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
_NUL = "contains a NUL character"
_NOT_UTF8 = "is not valid UTF-8"
_UNREADABLE = object()


def path_problem(scope: Any) -> str | None:
    """What is wrong with a request's path bytes (NUL, invalid UTF-8), or None. Also asked by the app's answer to
    a path no route takes (`pages/errors.with_html_pages`): a typed id that does not parse never reaches the hook.
    """
    raw_path = scope.get("raw_path") or scope["path"].encode("utf-8", "surrogatepass")
    return _bytes_problem(unquote_to_bytes(raw_path))


def is_api_path(path: str) -> bool:
    """Whether a path's errors are problem+json (the APIs, the webhook, health, the schema) rather than pages."""
    return path.startswith(_API_PREFIXES)


async def refuse_bad_bytes(request: Request[Any, Any, Any]) -> Response[Any] | None:
    """A 400 problem for a bad path on the API; ValidationException for anything else bad; None when all is clean."""
    bad_path = path_problem(request.scope)
    if bad_path is not None:
        if is_api_path(request.scope["path"]):
            raise problem(400, f"the path {bad_path}")
        raise _invalid(f"the path {bad_path}", None, "path")
    _check_query(request.scope.get("query_string", b""))
    if request.method in _BODY_METHODS:
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media == "application/json" or media.endswith("+json"):
            _check_json(await request.body())
        elif media == "application/x-www-form-urlencoded":
            _check_form(await request.body())
    return None


def _bytes_problem(raw: bytes) -> str | None:
    if b"\x00" in raw:
        return _NUL
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return _NOT_UTF8
    return None


def _check_query(query: bytes) -> None:
    if _bytes_problem(unquote_to_bytes(query.replace(b"+", b" "))) is None:  # the common case: one pass, all clean
        return
    for name, value in _pairs(query):
        problem_ = _bytes_problem(name) or _bytes_problem(value)
        if problem_ is not None:
            label = name.decode("utf-8", "replace").replace("\x00", "")
            raise _invalid(f"query parameter {label!r} {problem_}", label, "query")


def _check_form(body: bytes) -> None:
    if _bytes_problem(unquote_to_bytes(body.replace(b"+", b" "))) is None:
        return
    for name, value in _pairs(body):
        problem_ = _bytes_problem(name) or _bytes_problem(value)
        if problem_ is not None:
            label = name.decode("utf-8", "replace").replace("\x00", "")
            raise _invalid(f"field {label!r} {problem_}", label, "body")


def _pairs(raw: bytes) -> Iterator[tuple[bytes, bytes]]:
    for part in raw.split(b"&"):
        name, _, value = part.partition(b"=")
        yield unquote_to_bytes(name.replace(b"+", b" ")), unquote_to_bytes(value.replace(b"+", b" "))


def _check_json(body: bytes) -> None:
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        # Invalid bytes become lone surrogates (U+DC80-U+DCFF) here, which is how the field holding them is found.
        where = _first_pointer(body.decode("utf-8", "surrogateescape"), lambda s: any(_escaped(c) for c in s))
        pointer = where if isinstance(where, str) else None
        raise _invalid(f"the body {_NOT_UTF8} (byte {exc.start})", pointer, "body") from None
    if "\x00" in text or "\\u0000" in text:
        where = _first_pointer(text, lambda s: "\x00" in s)
        if where is not None or "\x00" in text or where is _UNREADABLE:
            raise _invalid(f"the body {_NUL}", where if isinstance(where, str) else None, "body")


def _escaped(char: str) -> bool:
    return "\udc80" <= char <= "\udcff"


def _first_pointer(text: str, bad: Callable[[str], bool]) -> str | object | None:
    """The msgspec-style path (`lines[0].description`) of the first key or string that is `bad`.

    None when there is none; `_UNREADABLE` when the body cannot be read as JSON here (then nothing in it is trusted).
    """
    try:
        document = json.loads(text, strict=False)  # strict=False: a raw control character is still located
        return next(_bad_paths(document, "", bad), None)
    except (ValueError, RecursionError):
        return _UNREADABLE


def _bad_paths(value: object, path: str, bad: Callable[[str], bool]) -> Iterator[str]:
    if isinstance(value, str):
        if bad(value):
            yield path
    elif isinstance(value, dict):
        for key, item in value.items():
            child = f"{path}.{key}" if path else str(key)
            if bad(str(key)):
                yield child
            yield from _bad_paths(item, child, bad)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _bad_paths(item, f"{path}[{index}]", bad)


def _invalid(message: str, key: str | None, source: str) -> ValidationException:
    message, key = _printable(message), None if key is None else _printable(key)
    return ValidationException(detail=message, extra=[{"message": message, "key": key, "source": source}])


def _printable(text: str) -> str:
    """What the answer may quote back: no NUL, no lone surrogate (neither could be encoded or logged safely)."""
    return "".join("\ufffd" if char == "\x00" or "\ud800" <= char <= "\udfff" else char for char in text)
