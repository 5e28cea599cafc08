"""``threadline serve``: a local investigation app over a workspace.

Search, expand, read the evidence and the documents, run the catalog queries
and read-only Cypher, and curate entities, in a browser, with nothing loaded
from outside this server. The HTTP interface is a contract (ARCHITECTURE.md
section 8); ``app`` routes it, ``explorer`` computes the answers from the
library, ``security`` guards it, ``documents`` reads documents back.

Starlette and uvicorn: a small, well-kept ASGI toolkit and server. The app is a
dozen JSON routes and static files; a larger framework would add nothing here.

>>> from threadline.queries.serve.security import Access
>>> Access.for_host("127.0.0.1", 8765).token is None
True
>>> Access.for_host("0.0.0.0", 8765).token is not None
True
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from threadline.queries.serve.app import create_app
from threadline.queries.serve.explorer import Explorer
from threadline.queries.serve.security import Access

__all__ = ["Access", "Explorer", "address", "create_app", "running", "serve"]


def address(access: Access, port: int) -> str:
    """The URL to open: with ``?token=`` when the server needs one."""
    host = access.host
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    if ":" in shown:
        shown = f"[{shown}]"
    url = f"http://{shown}:{port}/"
    return f"{url}?token={access.token}" if access.token else url


def _server(
    workspace: str | Path, host: str, port: int, token: str | None
) -> tuple[object, Access]:
    import uvicorn

    explorer = Explorer.open(workspace)
    explorer.graph()  # fail now (no graph yet) rather than on the first request
    access = Access.for_host(host, port, token)
    config = uvicorn.Config(
        create_app(explorer, access),
        host=host,
        port=port,
        log_level="warning",
        access_log=False,
        lifespan="off",
        server_header=False,
    )
    return uvicorn.Server(config), access


def serve(
    workspace: str | Path,
    host: str = "127.0.0.1",
    port: int = 8765,
    token: str | None = None,
    open_browser: bool = True,
    announce: object = print,
) -> None:
    """Run the app until interrupted; ``announce`` receives the address line."""
    _check_free(host, port)
    server, access = _server(workspace, host, port, token)
    url = address(access, port)
    announce(f"threadline serve: {url}  (Ctrl+C to stop)")  # type: ignore[operator]
    if open_browser:
        import webbrowser

        threading.Timer(1.0, webbrowser.open, args=(url,)).start()
    server.run()  # type: ignore[attr-defined]


def _check_free(host: str, port: int) -> None:
    """A one-line error now, rather than uvicorn's log lines, when the port is taken."""
    import socket

    from threadline.errors import ThreadlineError

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as exc:
            raise ThreadlineError(
                f"{host}:{port}: cannot listen ({exc.strerror}); choose another --port or --host"
            ) from None


@contextlib.contextmanager
def running(
    workspace: str | Path, host: str = "127.0.0.1", port: int = 0, token: str | None = None
) -> Iterator[tuple[str, Access]]:
    """The app served from a background thread (for tests and scripts); yields (base URL, access).

    ``port=0`` picks a free port.
    """
    import socket

    if port == 0:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        with socket.socket(family) as sock:
            sock.bind((host, 0))
            port = sock.getsockname()[1]
    server, access = _server(workspace, host, port, token)
    thread = threading.Thread(target=server.run, daemon=True)  # type: ignore[attr-defined]
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:  # type: ignore[attr-defined]
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"the app did not start on {host}:{port}")
        time.sleep(0.05)
    try:
        shown = f"[{host}]" if ":" in host else host
        yield f"http://{shown}:{port}", access
    finally:
        server.should_exit = True  # type: ignore[attr-defined]
        thread.join(timeout=10)
