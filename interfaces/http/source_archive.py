"""`GET /source`: the running portal's own code as a tar.gz (AGPL-3.0 §13), in embedded mode without
PORTAL_SOURCE_URL; a production installation points PORTAL_SOURCE_URL at its published source instead.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import tarfile
import threading
from pathlib import Path
from typing import Any

from litestar import Controller, Request, Response, get
from litestar.status_codes import HTTP_304_NOT_MODIFIED

#: The checkout the portal runs from: the folder that holds the four packages.
ROOT = Path(__file__).resolve().parents[2]
#: What "the code" is: the packages, their tests and docs, and the files that build and lock them.
INCLUDED = (
    "domain",
    "application",
    "infrastructure",
    "interfaces",
    "tests",
    "bench",
    "docs",
    "flows",
    "scripts",
    ".ci",
    "pyproject.toml",
    "uv.lock",
    "package.json",
    "package-lock.json",
    "alembic.ini",
    "Makefile",
    "README.md",
    "LICENSE",
)
_SKIPPED_PARTS = {"__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache", "node_modules"}
FILENAME = "customer-portal-source.tar.gz"


class SourceArchive:
    """Built once per process, byte for byte the same for the same files (sorted, no times or owners)."""

    def __init__(self, root: Path = ROOT) -> None:
        self._root = root
        self._lock = threading.Lock()
        self._built: tuple[bytes, str] | None = None

    def get(self) -> tuple[bytes, str]:
        """(the tar.gz, its ETag)."""
        with self._lock:
            if self._built is None:
                content = self._build()
                self._built = (content, hashlib.sha256(content).hexdigest()[:16])
            return self._built

    def _files(self) -> list[Path]:
        found: list[Path] = []
        for name in INCLUDED:
            path = self._root / name
            if path.is_file():
                found.append(path)
            elif path.is_dir():
                found += [
                    p
                    for p in path.rglob("*")
                    if p.is_file()
                    and not _SKIPPED_PARTS.intersection(p.relative_to(self._root).parts)
                    and p.suffix not in (".pyc", ".pyo")
                ]
        return sorted(found)

    def _build(self) -> bytes:
        raw = io.BytesIO()
        with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as archive:
            for path in self._files():
                data = path.read_bytes()
                info = tarfile.TarInfo(f"customer-portal/{path.relative_to(self._root).as_posix()}")
                info.size = len(data)
                info.mode = 0o755 if path.stat().st_mode & 0o100 else 0o644
                archive.addfile(info, io.BytesIO(data))
        return gzip.compress(raw.getvalue(), mtime=0)


_ARCHIVE = SourceArchive()


class SourceController(Controller):
    path = "/source"
    include_in_schema = False

    @get(sync_to_thread=True)
    def download(self, request: Request[Any, Any, Any]) -> Response[bytes]:
        content, etag = _ARCHIVE.get()
        headers = {"ETag": f'"{etag}"', "Cache-Control": "public, max-age=3600"}
        if request.headers.get("if-none-match") == f'"{etag}"':
            return Response(b"", status_code=HTTP_304_NOT_MODIFIED, headers=headers)
        headers["Content-Disposition"] = f'attachment; filename="{FILENAME}"'
        return Response(content, media_type="application/gzip", headers=headers)
