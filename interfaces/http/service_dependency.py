"""`Service[Port]`: a route handler's parameter for a service the app provides as a Litestar dependency (ADR-0034).

Litestar validates a dependency's value against its annotation; a port is a `typing.Protocol`, which cannot be
checked at run time, so these parameters skip that check (the container is what decides the value).
"""

from __future__ import annotations

from typing import Annotated, TypeVar

from litestar.params import Dependency

T = TypeVar("T")

Service = Annotated[T, Dependency(skip_validation=True)]

__all__ = ["Service"]
