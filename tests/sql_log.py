"""What the portal sends to the database while a block runs, for tests that hold a path to its statements.

`sent_sql(container)` lists SQLAlchemy's statements (text, not parameters, whitespace folded) and a `COMMIT` for
each commit SQLAlchemy makes; with `driver=True` also what asyncpg sends by itself (BEGIN, COMMIT, ROLLBACK, pings:
its query logger sees its simple queries, not SQLAlchemy's prepared ones), PostgreSQL only.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event

from infrastructure.container import Container


@contextmanager
def sent_sql(container: Container, *, driver: bool = False) -> Iterator[list[str]]:
    sent: list[str] = []

    def folded(text: str) -> str:
        return " ".join(text.split())

    def on_execute(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        sent.append(folded(statement))

    def on_commit(_conn: Any) -> None:
        if not driver:  # with the driver's own log, a COMMIT shows as the driver sends it (or not at all)
            sent.append("COMMIT")

    def on_driver_query(record: Any) -> None:
        sent.append(folded(record.query))

    def watch(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        dbapi_connection.driver_connection.add_query_logger(on_driver_query)

    def unwatch(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.driver_connection.remove_query_logger(on_driver_query)

    engine = container.engine().sync_engine
    listeners: list[tuple[str, Any, dict[str, Any]]] = [
        ("before_cursor_execute", on_execute, {}),
        ("commit", on_commit, {}),
    ]
    if driver:  # before the idle ping's listener, so a ping is seen too
        listeners += [("checkout", watch, {"insert": True}), ("checkin", unwatch, {})]
    for name, listener, options in listeners:
        event.listen(engine, name, listener, **options)
    try:
        yield sent
    finally:
        for name, listener, _ in listeners:
            event.remove(engine, name, listener)
