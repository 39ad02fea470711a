"""`portal import customers|documents FILE|-`: JSON array or NDJSON, one transaction per record (PRODUCT §10)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

import click
import msgspec
from rich.progress import Progress

from application.commands.documents.document_input import DocumentBody
from application.commands.documents.upsert_customer import UpsertCustomer
from application.commands.documents.upsert_document import UpsertDocument
from application.errors import BrokerUnavailable, StoreUnavailable
from application.messagebus import MessageBus
from infrastructure.container import Container
from interfaces.cli.runtime import USER_ERRORS, describe, fail, run, stderr_console
from interfaces.validation_messages import pointer_and_detail

_PROGRESS_FROM = 200


@click.group("import")
def import_group() -> None:
    """Import customers or documents in the format of PRODUCT §12 (a JSON array or NDJSON)."""


@import_group.command("customers")
@click.argument("source", type=click.File("rb"))
def import_customers(source: Any) -> None:
    """Upsert customer records from FILE (or - for standard input)."""
    _import(source.read(), kind="customers")


@import_group.command("documents")
@click.argument("source", type=click.File("rb"))
def import_documents(source: Any) -> None:
    """Upsert documents from FILE (or - for standard input); customers must exist first."""
    _import(source.read(), kind="documents")


def _import(data: bytes, *, kind: str) -> None:
    try:
        records = list(_records(data))
    except msgspec.DecodeError as exc:
        fail(f"the input is neither a JSON array nor NDJSON: {exc}")

    async def work(bus: MessageBus, _: Container) -> tuple[int, int]:
        good = bad = 0
        with Progress(transient=True, disable=len(records) < _PROGRESS_FROM, console=stderr_console()) as progress:
            task = progress.add_task(f"importing {kind}", total=len(records))
            for index, raw in enumerate(records, start=1):
                label, reason = await _one(bus, raw, kind)
                if reason is None:
                    good += 1
                else:
                    bad += 1
                    click.echo(f"record {index} ({label}): {reason}", err=True)
                progress.advance(task)
        return good, bad

    good, bad = run(work)
    click.echo(f"imported {good} {kind}, rejected {bad}", err=True)
    if bad:
        sys.exit(1)


async def _one(bus: MessageBus, raw: msgspec.Raw, kind: str) -> tuple[str, str | None]:
    label = _label(raw, kind)
    try:
        if kind == "customers":
            await bus.handle(msgspec.json.decode(raw, type=UpsertCustomer))
        else:
            body = msgspec.json.decode(raw, type=DocumentBody)
            if body.type is None or body.number is None:
                return label, "type and number are required"
            await bus.handle(UpsertDocument(type=body.type, number=body.number, body=body))
    except msgspec.ValidationError as exc:
        pointer, detail = pointer_and_detail(str(exc))
        return label, f"{pointer or '/'}: {detail}"
    except msgspec.DecodeError as exc:
        return label, f"not valid JSON: {exc}"
    except UnicodeDecodeError as exc:
        return label, f"not valid UTF-8 (byte {exc.start})"
    except (StoreUnavailable, BrokerUnavailable):
        raise  # not this record's fault: the whole import stops with one line (PRODUCT §10)
    except USER_ERRORS as exc:
        return label, describe(exc)
    return label, None


def _label(raw: msgspec.Raw, kind: str) -> str:
    """The record's key for the report line; what a terminal would act on (escapes, line breaks) shows as `?`."""
    try:
        fields = msgspec.json.decode(raw)
    except ValueError:  # msgspec.DecodeError, or UnicodeDecodeError for bytes that are not UTF-8
        return "?"
    if not isinstance(fields, dict):
        return "?"
    if kind == "customers":
        label = str(fields.get("customer_no", "?"))
    else:
        label = f"{fields.get('type', '?')} {fields.get('number', '?')}"
    return "".join(char if char.isprintable() else "?" for char in label)


def _records(data: bytes) -> Iterator[msgspec.Raw]:
    stripped = data.lstrip()
    if stripped.startswith(b"["):
        yield from msgspec.json.decode(stripped, type=list[msgspec.Raw])
        return
    for line in data.splitlines():
        if line.strip():
            yield msgspec.Raw(line)
