"""One error shape for the API, one error page for people.

Every error under ``/api/`` is JSON of exactly this shape (held by
``tests/web/test_error_shape.py``)::

    {"error": {"status": 404, "code": "not_found", "message": "...", "problems": []}}

``problems`` lists field problems (``field``, ``code``, ``message``) for 422.
Pages get the same status with an HTML page; a missing login redirects to it.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from unireg.service.validation import Problem

CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
         405: "method_not_allowed", 409: "conflict", 413: "too_large", 415: "unsupported_media",
         422: "invalid", 429: "rate_limited", 500: "internal_error", 503: "unavailable"}
MESSAGES = {400: "The request is malformed.", 401: "Authentication is needed.",
            403: "Not allowed.", 404: "Not found.", 405: "Method not allowed.",
            409: "Conflict.", 413: "The request is too large.",
            415: "Unsupported media type.", 422: "Some values are not valid.",
            429: "Too many requests; wait and try again.",
            500: "Something went wrong on our side.", 503: "Temporarily unavailable."}


class ServiceError(Exception):
    """An error a route raises on purpose; rendered as JSON or as a page."""

    def __init__(self, status: int, message: str = "", problems: list[Problem] | None = None,
                 headers: dict[str, str] | None = None) -> None:
        self.status = status
        self.message = message or MESSAGES.get(status, "Error.")
        self.problems = problems or []
        self.headers = headers or {}
        super().__init__(self.message)


class NotFound(ServiceError):
    def __init__(self) -> None:
        super().__init__(404)


class Forbidden(ServiceError):
    def __init__(self, message: str = "") -> None:
        super().__init__(403, message)


class LoginRequired(ServiceError):
    def __init__(self) -> None:
        super().__init__(401)


class RateLimited(ServiceError):
    def __init__(self, retry_after: int) -> None:
        super().__init__(429, headers={"Retry-After": str(retry_after)})


class Invalid(ServiceError):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(422, problems=problems)


def error_body(status: int, message: str = "", problems: list[dict[str, str]] | None = None,
               code: str = "") -> dict[str, Any]:
    return {"error": {"status": status, "code": code or CODES.get(status, "error"),
                      "message": message or MESSAGES.get(status, "Error."),
                      "problems": problems or []}}


def is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def json_error(status: int, message: str = "", problems: list[dict[str, str]] | None = None,
               headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(error_body(status, message, problems), status_code=status,
                        headers={**(headers or {}), "Cache-Control": "no-store"})


def _validation_problems(exc: RequestValidationError) -> list[dict[str, str]]:
    out = []
    for e in exc.errors():
        loc = [str(x) for x in e.get("loc", ()) if x not in ("body", "query", "path", "header")]
        # Pydantic's message may quote the input; the input may be personal data: drop it.
        out.append({"field": ".".join(loc) or "body", "code": str(e.get("type", "invalid")),
                    "message": str(e.get("msg", "invalid")).split(", input_value")[0][:200]})
    return out


def install(app: FastAPI, render_error: Any) -> None:
    """Register the handlers. ``render_error(request, status, message, problems)`` draws pages."""

    def respond(request: Request, status: int, message: str, problems: list[dict[str, str]],
                headers: dict[str, str]) -> Response:
        if is_api(request):
            return json_error(status, message, problems, headers)
        if status == 401:
            return RedirectResponse("/login", status_code=303)
        resp: Response = render_error(request, status, message, problems)
        resp.headers.update(headers)
        return resp

    @app.exception_handler(ServiceError)
    async def _service(request: Request, exc: ServiceError) -> Response:
        return respond(request, exc.status, exc.message, [p.to_dict() for p in exc.problems],
                       exc.headers)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        headers = dict(exc.headers or {})
        return respond(request, exc.status_code, MESSAGES.get(exc.status_code, ""), [], headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        return respond(request, 422, "", _validation_problems(exc), {})

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> Response:
        import logging

        # The exception type and the route only: messages may carry values from the request.
        logging.getLogger("unireg.web").error("unhandled %s on %s %s", type(exc).__name__,
                                              request.method, request.url.path)
        return respond(request, 500, "", [], {})
