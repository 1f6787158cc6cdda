"""``/docs``: Swagger UI over ``/openapi.json``, from files shipped with the package.

FastAPI's own page loads Swagger UI from a CDN and stays blank on a server without internet
access; the files are vendored in ``api/static/swagger-ui`` (see SOURCE.md there).
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS = Path(__file__).parent / "static" / "swagger-ui"
ASSETS_URL = "/docs/assets"


def install(app: FastAPI) -> None:
    """Serve the page at ``/docs`` and its scripts, style sheet and icon under ``/docs/assets``."""
    app.mount(ASSETS_URL, StaticFiles(directory=ASSETS), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    async def swagger_ui() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title=f"{app.title} - API documentation",
            swagger_js_url=f"{ASSETS_URL}/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS_URL}/swagger-ui.css",
            swagger_favicon_url=f"{ASSETS_URL}/favicon-32x32.png",
        )
