"""`Service[Port]`: a route handler's parameter for a service the app provides as a Litestar dependency (ADR-0034).

Litestar validates a dependency's value against its annotation; a port is a `typing.Protocol`, which cannot be
checked at run time, so these parameters skip that check (the container is what decides the value).
"""

from __future__ import annotations

from typing import Annotated, TypeVar

from litestar.di import Dependency
from litestar.params import SkipValidationMarker

T = TypeVar("T")

Service = Annotated[T, Dependency(kind="named"), SkipValidationMarker()]

__all__ = ["Service"]
