"""An adapter named by its import path and imported when it is first provided.

The composition root names every adapter, but a command uses few of them: `portal links share` needs the database
and the bus, not the PDF renderer, the broker, the web framework or the migration tool (PRODUCT §11: a staff
command starts in ≤ 0.5 s of imports). Providers built on `Deferred` keep those imports until something asks.
"""

from __future__ import annotations

import importlib
from typing import Any


class Deferred:
    """A callable standing in for `module:attribute`: importing the module on the first call, then calling it."""

    def __init__(self, path: str) -> None:
        module, _, attribute = path.partition(":")
        if not module or not attribute:
            raise ValueError(f"expected 'package.module:attribute', got {path!r}")
        self._module = module
        self._attribute = attribute
        self._target: Any = None

    @property
    def path(self) -> str:
        return f"{self._module}:{self._attribute}"

    @property
    def resolved(self) -> bool:
        """Whether the target was imported (by a call or `resolve`)."""
        return self._target is not None

    def resolve(self) -> Any:
        if self._target is None:
            self._target = getattr(importlib.import_module(self._module), self._attribute)
        return self._target

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.resolve()(*args, **kwargs)

    def __repr__(self) -> str:
        return f"Deferred({self.path!r})"
