"""The HTTP protocol `portal serve` runs: uvicorn's h11 protocol, whose own 400 carries the security headers.

A request the server cannot parse (a malformed request line or header) never reaches the app, so no ASGI
middleware can add headers to that answer (PRODUCT §3 asks for them on the server's 400 too). This subclass
writes the same 400 uvicorn would, with the headers added.
"""

from __future__ import annotations

from collections.abc import Mapping

from uvicorn.protocols.http.h11_impl import H11Protocol


def protocol_with_headers(headers: Mapping[str, str]) -> type[H11Protocol]:
    """An h11 protocol class whose server-made 400 response carries `headers`."""
    extra = b"".join(f"{name}: {value}\r\n".encode("latin-1") for name, value in headers.items())

    class SecureH11Protocol(H11Protocol):
        def send_400_response(self, msg: str) -> None:
            body = msg.encode("ascii")
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

    return SecureH11Protocol
