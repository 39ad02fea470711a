"""A loopback TCP proxy that a test (or the drill) cuts and restores: a service outage on demand.

It runs its own event loop in a daemon thread, so it serves whatever loop or process connects through it.
`cut()` drops every open connection and refuses new ones (as a stopped server would); `restore()` accepts again.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Iterator
from typing import Self
from urllib.parse import urlsplit


class TcpProxy:
    def __init__(self, target_host: str, target_port: int, *, listen_host: str = "127.0.0.1") -> None:
        self._target = (target_host, target_port)
        self._listen_host = listen_host
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="tcp-proxy", daemon=True)
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self._cut = False
        self.port = 0

    @classmethod
    def in_front_of(cls, url: str) -> Self:
        """A started proxy to the host and port of `url` (`scheme://user@host:port/...`); see `url_for`."""
        parsed = urlsplit(url)
        return cls(parsed.hostname or "127.0.0.1", parsed.port or 0).start()

    def start(self) -> Self:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._listen(), self._loop).result(timeout=10)
        return self

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self._close_all(close_server=True), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)

    def cut(self) -> None:
        """Drop every connection through the proxy and refuse new ones until `restore()`."""
        self._cut = True
        asyncio.run_coroutine_threadsafe(self._close_all(close_server=False), self._loop).result(timeout=10)

    def restore(self) -> None:
        self._cut = False

    @contextlib.contextmanager
    def outage(self) -> Iterator[None]:
        self.cut()
        try:
            yield
        finally:
            self.restore()

    def url_for(self, url: str) -> str:
        """`url` (scheme://user@host:port/rest) with its host and port replaced by the proxy's."""
        scheme, _, rest = url.partition("://")
        authority, slash, path = rest.partition("/")
        user, at, _hostport = authority.rpartition("@")
        return f"{scheme}://{user}{at}127.0.0.1:{self.port}{slash}{path}"

    async def _listen(self) -> None:
        self._server = await asyncio.start_server(self._accept, self._listen_host, 0)
        self.port = self._server.sockets[0].getsockname()[1]

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if self._cut:
            _abort(writer)
            return
        try:
            up_reader, up_writer = await asyncio.open_connection(*self._target)
        except OSError:
            _abort(writer)
            return
        self._writers |= {writer, up_writer}
        await asyncio.gather(self._pipe(reader, up_writer), self._pipe(up_reader, writer), return_exceptions=True)
        self._writers -= {writer, up_writer}

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        finally:
            _abort(writer)

    async def _close_all(self, *, close_server: bool) -> None:
        for writer in list(self._writers):
            _abort(writer)
        self._writers.clear()
        if close_server and self._server is not None:
            self._server.close()


def _abort(writer: asyncio.StreamWriter) -> None:
    """Close at once with a reset, as a dead peer or a dropped network looks to a driver."""
    with contextlib.suppress(Exception):
        writer.transport.abort()
