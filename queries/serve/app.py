"""The explorer's HTTP interface (a contract: ARCHITECTURE.md section 8).

Starlette routes, each a few lines over ``Explorer``; errors become JSON
``{"error": "..."}`` with 400 (bad request or query), 404 (unknown id) or the
guard's 401/403. Handlers are plain functions run in Starlette's thread pool:
the workspace calls they make are blocking.

``GET /``, ``/static/...``; ``GET /api/search?q=``, ``/api/entity/{id}``,
``/api/neighbors/{id}``, ``/api/documents/{doc_id}``, ``/api/queries``;
``POST /api/queries/{name}``, ``/api/cypher``, ``/api/judgements``; and for
the page: ``GET /api/meta``, ``/api/graph``, ``/api/path``, ``/api/judgements``.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from importlib import resources
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.responses import JSONResponse as _JSONResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from threadline.errors import ThreadlineError
from threadline.graph.curation import ARGUMENT_KEYS
from threadline.queries.serve.explorer import Explorer
from threadline.queries.serve.security import Access, Guard

MAX_BODY = 1_000_000


class JSONResponse(_JSONResponse):
    """JSON with non-ASCII escaped: a broken surrogate in a document's name still encodes."""

    def render(self, content: Any) -> bytes:
        return json.dumps(
            content, ensure_ascii=True, allow_nan=False, default=str, separators=(",", ":")
        ).encode("ascii")


def _static_dir() -> str:
    return str(resources.files("threadline.queries.serve").joinpath("static"))


def _flag(request: Request, name: str) -> bool:
    return request.query_params.get(name, "").lower() in ("1", "true", "yes", "on")


async def _body(request: Request) -> dict[str, Any]:
    raw = await request.body()
    if len(raw) > MAX_BODY:
        raise ValueError("request body too large")
    if not raw:
        return {}
    data = json.loads(raw)
    if not isinstance(data, dict):
        raise ValueError("the request body must be a JSON object")
    return data


def _errors(handler: Callable[..., Any]) -> Callable[..., Any]:
    """Turn library errors into JSON answers; the message is the library's one line."""

    @functools.wraps(handler)
    async def wrapped(request: Request) -> Response:
        try:
            return await handler(request)
        except KeyError as exc:
            return JSONResponse({"error": f"not found: {exc.args[0]}"}, status_code=404)
        except (ThreadlineError, ValueError) as exc:
            message = " ".join(str(exc).split()) or type(exc).__name__
            return JSONResponse({"error": message}, status_code=400)

    return wrapped


def create_app(explorer: Explorer, access: Access) -> Starlette:
    """The ASGI app serving ``explorer`` under the ``access`` rules."""
    index_template = (
        resources.files("threadline.queries.serve").joinpath("static/index.html").read_text("utf-8")
    )
    page = index_template.replace("__CSRF_TOKEN__", access.csrf)

    def call(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        return run_in_threadpool(function, *args, **kwargs)

    async def index(request: Request) -> Response:
        return HTMLResponse(page)

    @_errors
    async def meta(request: Request) -> Response:
        return JSONResponse(await call(explorer.meta))

    @_errors
    async def search(request: Request) -> Response:
        return JSONResponse(await call(explorer.search, request.query_params.get("q", "")))

    @_errors
    async def entity(request: Request) -> Response:
        return JSONResponse(await call(explorer.entity, request.path_params["entity_id"]))

    @_errors
    async def neighbours(request: Request) -> Response:
        return JSONResponse(
            await call(
                explorer.neighbours,
                request.path_params["entity_id"],
                comentions=_flag(request, "comentions"),
            )
        )

    @_errors
    async def whole(request: Request) -> Response:
        limit = int(request.query_params.get("limit") or 20_000)
        return JSONResponse(
            await call(explorer.whole, comentions=_flag(request, "comentions"), limit=limit)
        )

    @_errors
    async def path(request: Request) -> Response:
        source = request.query_params.get("source", "")
        target = request.query_params.get("target", "")
        return JSONResponse(await call(explorer.path, source, target))

    @_errors
    async def document(request: Request) -> Response:
        return JSONResponse(await call(explorer.document, request.path_params["doc_id"]))

    @_errors
    async def queries(request: Request) -> Response:
        return JSONResponse(await call(explorer.queries))

    @_errors
    async def run_query(request: Request) -> Response:
        body = await _body(request)
        values = body.get("params", body)
        if not isinstance(values, dict):
            raise ValueError("'params' must be an object")
        return JSONResponse(await call(explorer.run_query, request.path_params["name"], values))

    @_errors
    async def cypher(request: Request) -> Response:
        body = await _body(request)
        text = body.get("query")
        if not isinstance(text, str):
            raise ValueError('send {"query": "MATCH ... RETURN ..."}')
        return JSONResponse(await call(explorer.cypher, text))

    @_errors
    async def judgements(request: Request) -> Response:
        if request.method == "GET":
            return JSONResponse(await call(explorer.judgements))
        body = await _body(request)
        action = str(body.get("action") or "")
        if action == "undo":
            return JSONResponse(await call(explorer.undo))

        def text(key: str) -> str | None:
            value = body.get(key)
            return None if value in (None, "") else str(value)

        # The argument also under the key judgements.yaml uses (with / alias / to).
        key = ARGUMENT_KEYS.get(action)
        argument = text("argument") or (text(key) if key else None)
        result = await call(
            explorer.judge,
            action,
            text("name") or "",
            argument,
            text("type"),
            text("note"),
        )
        return JSONResponse(result)

    async def session(request: Request) -> Response:
        return JSONResponse({"csrf": access.csrf})

    routes = [
        Route("/", index),
        Route("/api/meta", meta),
        Route("/api/session", session),
        Route("/api/search", search),
        Route("/api/entity/{entity_id:path}", entity),
        Route("/api/neighbors/{entity_id:path}", neighbours),
        Route("/api/graph", whole),
        Route("/api/path", path),
        Route("/api/documents/{doc_id}", document),
        Route("/api/queries", queries),
        Route("/api/queries/{name}", run_query, methods=["POST"]),
        Route("/api/cypher", cypher, methods=["POST"]),
        Route("/api/judgements", judgements, methods=["GET", "POST"]),
        Mount(
            "/static", app=StaticFiles(directory=_static_dir(), follow_symlink=True), name="static"
        ),
    ]
    return Starlette(routes=routes, middleware=[Middleware(Guard, access=access)])
