"""The HTTP server `portal serve` runs: uvicorn on uvloop with the httptools parser (ADR-0025), whose own 400 carries
the security headers.

A request the server cannot parse (a malformed request line or header) never reaches the app, so no ASGI
middleware can add headers to that answer (PRODUCT §3 asks for them on the server's 400 too). `SecureHttpProtocol`
writes the same 400 uvicorn would, with the headers that `ServerConfig` carries; the config (not a class made at run
time) carries them so that it pickles into each worker process of `portal serve --workers N`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import uvicorn
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol


class ServerConfig(uvicorn.Config):
    """uvicorn's config plus the headers of the server's own 400 (`security_headers`, encoded once)."""

    def __init__(self, app: Any, *, security_headers: Mapping[str, str], **options: Any) -> None:
        super().__init__(app, http=SecureHttpProtocol, **options)
        self.security_headers = b"".join(
            f"{name}: {value}\r\n".encode("latin-1") for name, value in security_headers.items()
        )


class SecureHttpProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol whose server-made 400 carries the config's security headers."""

    def send_400_response(self, msg: str) -> None:
        body = msg.encode("ascii")
        extra: bytes = getattr(self.config, "security_headers", b"")
        self.transport.write(
            b"HTTP/1.1 400 Bad Request\r\n"
            + extra
            + b"content-type: text/plain; charset=utf-8\r\n"
            + b"content-length: "
            + str(len(body)).encode("ascii")
            + b"\r\nconnection: close\r\n\r\n"
            + body
        )
        self.transport.close()
