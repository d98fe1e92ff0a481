"""Serve ``site/dist/`` on 127.0.0.1 for development and the browser tests (stdlib only).

``PORT=8000 python3 site/serve.py`` (after ``python3 site/build.py``). Every response carries
the Content-Security-Policy below and no COOP/COEP headers: the page must work in a survey
that does not isolate it. Besides the static files:

``POST /upload``             store the request body in ``uploads/`` (repo root): the survey's
                             upload, for trying the whole flow locally;
``GET /uploads/``            JSON list of what was stored;
``GET /sample/export.zip``   a synthetic export from ``tiktok_export.synthetic``, made per
``GET /sample/export.json``  request (query parameters become ``ExportSpec`` fields).

It is a local tool, bound to the loopback address only; it is not a production server.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import json
import os
import re
import secrets
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import parse_qsl, urlsplit

SITE = Path(__file__).resolve().parent
ROOT = SITE.parent
DIST = SITE / "dist"
UPLOADS = ROOT / "uploads"
HOST = "127.0.0.1"

CSP = "; ".join(
    (
        "default-src 'self'",
        # Pyodide compiles WebAssembly; no JS eval is allowed anywhere.
        "script-src 'self' 'wasm-unsafe-eval'",
        # PyScript starts its worker from a blob: URL made by the page's own script; a blob
        # worker inherits this policy (the <meta> copy too), so it holds inside the worker.
        "worker-src 'self' blob:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        # Which pages may frame the tool: its own origin, plus a survey's origin(s) given in
        # FRAME_ANCESTORS (e.g. "https://survey.example" or, in the tests, "http://localhost:*").
        " ".join(("frame-ancestors 'self'", *os.environ.get("FRAME_ANCESTORS", "").split())),
    )
)

MIME_TYPES = {
    ".mjs": "text/javascript",
    ".js": "text/javascript",
    ".wasm": "application/wasm",  # required by WebAssembly.instantiateStreaming
    ".json": "application/json",
    ".zip": "application/zip",
    ".html": "text/html; charset=utf-8",
    ".css": "text/css",
    ".svg": "image/svg+xml",
    ".py": "text/plain; charset=utf-8",  # the PyScript worker's script, fetched as text
}

MAX_UPLOAD = 4 * 1024**3
"""Largest body POST /upload accepts: above any real export, below a full disk."""

COPY_CHUNK = 1024 * 1024


class Handler(SimpleHTTPRequestHandler):
    """Static files from DIST with strict headers, plus the demo endpoints."""

    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, **MIME_TYPES}  # noqa: RUF012 (class-level table, as in the base class)
    server_version = "tiktok-export-dev"
    sys_version = ""

    def end_headers(self) -> None:
        """Add the security headers to every response, errors included."""
        self.send_header("Content-Security-Policy", CSP)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        # Revalidate every time: a rebuilt bundle must never be served stale (304s keep it cheap).
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def list_directory(self, path: str | os.PathLike[str]) -> None:
        """No directory listings of dist/."""
        self.send_error(HTTPStatus.NOT_FOUND)

    def do_GET(self) -> None:
        """Static files, plus /uploads/ and /sample/export.{zip,json}."""
        url = urlsplit(self.path)
        if url.path == "/uploads/":
            self._send_json(HTTPStatus.OK, list_uploads())
        elif url.path in SAMPLES:
            self._send_sample(url.path, dict(parse_qsl(url.query)))
        else:
            super().do_GET()

    def do_POST(self) -> None:
        """POST /upload: stream the body into uploads/."""
        if urlsplit(self.path).path != "/upload":
            self.send_error(HTTPStatus.NOT_FOUND)
            return
        length_header = self.headers.get("Content-Length")
        if length_header is None or not length_header.isdigit():
            self.send_error(HTTPStatus.LENGTH_REQUIRED)
            return
        length = int(length_header)
        if length > MAX_UPLOAD:
            self.send_error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE)
            return
        name = upload_name(self.headers.get("Content-Type", ""))
        UPLOADS.mkdir(exist_ok=True)
        target = UPLOADS / name
        with target.open("xb") as out:
            remaining = length
            while remaining:
                chunk = self.rfile.read(min(COPY_CHUNK, remaining))
                if not chunk:
                    break
                out.write(chunk)
                remaining -= len(chunk)
        if remaining:
            target.unlink()
            self.send_error(HTTPStatus.BAD_REQUEST, "body shorter than Content-Length")
            return
        self._send_json(HTTPStatus.CREATED, {"stored": name, "bytes": length})

    def _send_json(self, status: HTTPStatus, payload: object) -> None:
        body = json.dumps(payload, indent=2).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _send_sample(self, path: str, query: dict[str, str]) -> None:
        try:
            writer, spec = sample_writer(path, query)
        except ImportError as exc:
            self.send_error(
                HTTPStatus.SERVICE_UNAVAILABLE, f"tiktok_export.synthetic is not available: {exc}"
            )
            return
        except (TypeError, ValueError) as exc:
            self.send_error(HTTPStatus.BAD_REQUEST, f"bad sample parameters: {exc}")
            return
        # A temporary file, not memory: a sample can be asked to be hundreds of MB.
        with tempfile.TemporaryFile() as body:
            writer(spec, body)
            size = body.tell()
            body.seek(0)
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", MIME_TYPES[Path(path).suffix])
            self.send_header("Content-Disposition", f'attachment; filename="{Path(path).name}"')
            self.send_header("Content-Length", str(size))
            self.end_headers()
            shutil.copyfileobj(body, self.wfile, COPY_CHUNK)


SAMPLES = {"/sample/export.zip": "write_export_zip", "/sample/export.json": "write_export_json"}


def sample_writer(path: str, query: dict[str, str]) -> tuple[Callable[[Any, BinaryIO], object], Any]:
    """The synthetic writer for ``path`` and an ``ExportSpec`` built from the query string.

    Imported on first use: the server runs (and serves the page) before the generator exists,
    and from a checkout without installing the package (``py/`` goes on ``sys.path``).
    """
    if str(ROOT / "py") not in sys.path:
        sys.path.append(str(ROOT / "py"))
    from tiktok_export import synthetic  # lazy on purpose, see above

    defaults = {f.name: f.default for f in dataclasses.fields(synthetic.ExportSpec)}
    values: dict[str, Any] = {}
    for key, raw in query.items():
        default = defaults.get(key, dataclasses.MISSING)
        if isinstance(default, bool):  # before int: bool is an int
            values[key] = raw.lower() in {"1", "true", "yes"}
        elif isinstance(default, int | str):
            values[key] = type(default)(raw)
        else:
            raise ValueError(f"{key!r} cannot be set from a URL")
    writer: Callable[[Any, BinaryIO], object] = getattr(synthetic, SAMPLES[path])
    return writer, synthetic.ExportSpec(**values)


def upload_name(content_type: str) -> str:
    """A fresh, unguessable file name; the client chooses nothing but the extension's kind."""
    kind = content_type.split(";", 1)[0].strip().lower()
    suffix = {"application/zip": ".zip", "application/json": ".json"}.get(kind, ".bin")
    return f"{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}-{secrets.token_hex(4)}{suffix}"


def list_uploads() -> list[dict[str, object]]:
    """Stored uploads, newest first."""
    if not UPLOADS.is_dir():
        return []
    files = [p for p in UPLOADS.iterdir() if p.is_file() and re.fullmatch(r"[\w.-]+", p.name)]
    files.sort(key=lambda p: p.name, reverse=True)
    return [{"name": p.name, "bytes": p.stat().st_size} for p in files]


def main() -> int:
    """Serve until interrupted; print the URL once listening."""
    if not (DIST / "pyodide").is_dir():
        print(f"serve: {DIST} is not built; run python3 site/build.py", file=sys.stderr)
        return 1
    port = int(os.environ.get("PORT", "8000"))
    handler = functools.partial(Handler, directory=str(DIST))
    with ThreadingHTTPServer((HOST, port), handler) as server:
        print(f"serve: http://{HOST}:{server.server_address[1]}/ (Ctrl-C to stop)", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
