"""Every msgspec Struct that crosses a boundary survives encode → decode (msgspec JSON), and so does the content
stored as JSON (PRODUCT §12, STYLE §7).

The structs are found by walking `application.commands`, `application.queries` and `application.events`, so a new
command, query or view is round-tripped without anyone remembering to add it here.
"""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
import types
from decimal import Decimal
from typing import Annotated, Any, Literal, Union, get_args, get_origin
from uuid import uuid4

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import application.commands
import application.events
import application.queries
from application.commands.documents.document_input import DocumentBody
from application.commands.documents.upsert_document import UpsertDocument
from application.events.envelope import Envelope, envelope_of
from domain.documents.content import DocumentContent
from domain.documents.errors import InvalidDocument
from domain.documents.events import DocumentPublished, DocumentWithdrawn
from domain.identity.rate_limit import MAX_COUNT, MAX_PERIOD_SECONDS, RateLimit, RateWindow
from domain.shared.events import DocumentRef
from tests.builders import document
from tests.example_budget import examples
from tests.unit.domain.documents.documents_strategies import contents

pytestmark = pytest.mark.unit

PACKAGES = (application.commands, application.queries, application.events)


def boundary_structs() -> list[type[msgspec.Struct]]:
    found: dict[str, type[msgspec.Struct]] = {}
    for package in PACKAGES:
        for info in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            module = importlib.import_module(info.name)
            for name, value in vars(module).items():
                if (
                    isinstance(value, type)
                    and issubclass(value, msgspec.Struct)
                    and value.__module__ == module.__name__
                    and not name.startswith("_")
                ):
                    found[f"{module.__name__}.{name}"] = value
    return [found[key] for key in sorted(found)]


STRUCTS = boundary_structs()

# JSON values as msgspec decodes them untyped: floats are excluded because 1.0 and 1 are different Python values
# only in type, and NaN is not JSON.
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**64 - 1) | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)
aware_datetimes = st.datetimes(
    timezones=st.sampled_from([dt.UTC, dt.timezone(dt.timedelta(hours=1)), dt.timezone(dt.timedelta(hours=-5))])
)

# sign-in limits as the settings hold them (LoginPolicy): valid windows, shortest period first
rate_limits = st.lists(st.integers(1, MAX_PERIOD_SECONDS), min_size=1, max_size=3, unique=True).flatmap(
    lambda periods: st.lists(st.integers(1, MAX_COUNT), min_size=len(periods), max_size=len(periods)).map(
        lambda counts: RateLimit(
            windows=tuple(RateWindow(count=c, seconds=s) for c, s in zip(counts, sorted(periods), strict=True))
        )
    )
)


def strategy_for(tp: Any) -> st.SearchStrategy[Any]:  # noqa: PLR0911 - one branch per kind of annotation
    """Valid values of an annotation: finite decimals, JSON-able data, nested structs field by field."""
    origin = get_origin(tp)
    if tp is Decimal:
        return st.decimals(allow_nan=False, allow_infinity=False)
    if tp is dt.datetime:
        return aware_datetimes | st.datetimes()
    if tp is Any:
        return json_values
    if tp is RateLimit:
        return rate_limits
    if isinstance(tp, type) and issubclass(tp, msgspec.Struct):
        return struct_strategy(tp)
    if origin is Annotated:  # text constrained by a msgspec pattern (application.input_text)
        base, *metadata = get_args(tp)
        patterns = [m.pattern for m in metadata if isinstance(m, msgspec.Meta) and m.pattern]
        return st.from_regex(patterns[0]) if patterns else strategy_for(base)
    if origin in (Union, types.UnionType):
        return st.one_of(*(strategy_for(arg) for arg in get_args(tp)))
    if origin is list:
        return st.lists(strategy_for(get_args(tp)[0]), max_size=2)
    if origin is dict:
        key, value = get_args(tp)
        return st.dictionaries(strategy_for(key), strategy_for(value), max_size=3)
    if origin is Literal:
        return st.sampled_from(get_args(tp))
    return st.from_type(tp)


def struct_strategy(cls: type[msgspec.Struct]) -> st.SearchStrategy[Any]:
    return st.builds(cls, **{f.name: strategy_for(f.type) for f in msgspec.structs.fields(cls)})


STRATEGIES = {cls: struct_strategy(cls) for cls in STRUCTS}


def test_the_walk_finds_the_boundary_structs() -> None:
    names = {cls.__name__ for cls in STRUCTS}
    expected = {
        "UpsertCustomer",
        "UpsertCustomerResult",
        "UpsertDocument",
        "UpsertDocumentResult",
        "DocumentBody",
        "LineInput",
        "TotalsInput",
        "WithdrawDocument",
        "CreateApiKey",
        "CreatedApiKey",
        "RevokeApiKey",
        "HandlePortalEvent",
        "ListDocuments",
        "GetDocument",
        "ListBalances",
        "Keyset",
        "ListApiKeys",
        "ApiKeyView",
        "WasMessageHandled",
        "DocumentItemView",
        "DocumentPage",
        "DocumentDetailView",
        "CustomerBalancesView",
        "Envelope",
        "DocumentRefView",
        "GetStatement",
        "StatementView",
        "StatementItemView",
        "StatementPdfView",
        "RecordStatementDownloaded",
    }
    assert expected <= names


def _round_trip(cls: type[msgspec.Struct], value: msgspec.Struct) -> None:
    encoded = msgspec.json.encode(value)
    decoded = msgspec.json.decode(encoded, type=cls)
    assert decoded == value, cls.__name__
    assert msgspec.json.encode(decoded) == encoded, cls.__name__


# One Hypothesis test drawing a value of every struct per example: the per-test overhead of ~90 parametrised
# property tests would cost more than all the examples together.
@settings(
    max_examples=examples(15), deadline=None, suppress_health_check=[HealthCheck.data_too_large, HealthCheck.too_slow]
)
@given(data=st.data())
def test_every_boundary_struct_round_trips_through_json(data: st.DataObject) -> None:
    for cls in STRUCTS:
        _round_trip(cls, data.draw(STRATEGIES[cls], label=cls.__name__))


def test_the_import_format_example_decodes_into_the_command_and_back() -> None:
    record = document("invoice", "INV-10023", bill_to_no="C-2001", related=[{"type": "order", "number": "ORD-5001"}])
    body = msgspec.json.decode(msgspec.json.encode(record), type=DocumentBody)
    command = UpsertDocument(type="invoice", number="INV-10023", body=body)
    assert msgspec.json.decode(msgspec.json.encode(command), type=UpsertDocument) == command
    assert body.lines[0].quantity == Decimal(1)
    assert msgspec.to_builtins(body.lines[0])["quantity"] == "1"  # decimals stay strings on the wire


def test_unknown_fields_in_an_import_are_refused() -> None:
    record = {**document(), "colour": "red"}
    with pytest.raises(msgspec.ValidationError, match="colour"):
        msgspec.json.decode(msgspec.json.encode(record), type=DocumentBody)


# -- events as envelopes --------------------------------------------------------------------------------------------


@settings(max_examples=examples(30), deadline=None)
@given(
    version=st.integers(1, 10_000),
    restored=st.booleans(),
    when=aware_datetimes,
    party=st.none() | st.text(max_size=10),
    withdrawn=st.booleans(),
)
def test_envelopes_of_document_events_round_trip(
    version: int, restored: bool, when: dt.datetime, party: str | None, withdrawn: bool
) -> None:
    ref = DocumentRef(id=uuid4(), type="invoice", number="INV-1")
    event = (
        DocumentWithdrawn(occurred_at=when, party=party, document=ref, version=version)
        if withdrawn
        else DocumentPublished(occurred_at=when, party=party, document=ref, version=version, restored=restored)
    )
    envelope = envelope_of(event, uuid4(), default_time=when)
    decoded = msgspec.json.decode(msgspec.json.encode(envelope), type=Envelope)
    assert decoded == envelope
    assert decoded.data == ({"version": version} if withdrawn else {"version": version, "restored": restored})
    assert decoded.to_builtins() == msgspec.to_builtins(envelope)


# -- the content stored as JSON -------------------------------------------------------------------------------------


@settings(max_examples=examples(40), deadline=None)
@given(contents())
def test_document_content_round_trips_as_stored_json(content: DocumentContent) -> None:
    # What StructJson does (msgspec.to_builtins on write, msgspec.convert on read), through JSON text in between.
    stored = msgspec.json.decode(msgspec.json.encode(msgspec.to_builtins(content)))
    loaded = msgspec.convert(stored, DocumentContent)
    assert loaded == content
    assert loaded.fingerprint() == content.fingerprint()
    assert [str(line.quantity) for line in loaded.lines] == [str(line.quantity) for line in content.lines]
    assert loaded.totals == content.totals


def test_stored_content_is_checked_again_on_load() -> None:
    record = msgspec.to_builtins(
        msgspec.convert(
            {
                "issue_date": "2026-11-02",
                "currency": "DKK",
                "locale": "da",
                "seller": {"name": "S"},
                "customer": {"customer_no": "C-1", "name": "N"},
                "lines": [{"description": "x", "quantity": "1", "unit_price": 1}],
            },
            DocumentContent,
        )
    )
    record["currency"] = "SEK"
    with pytest.raises(InvalidDocument, match="must be one of DKK, EUR"):
        msgspec.convert(record, DocumentContent)
