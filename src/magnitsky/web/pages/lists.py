"""The lists desk: what is loaded, how each list changed, and (for an administrator) loading a new file.

Reads the list store as ``magnitsky sources``, ``programs`` and ``diff`` do. A file an
administrator uploads is loaded exactly as ``magnitsky load`` loads it (:func:`open_list` detects
its format from its name and content; the store refuses a file that would shrink the list, and
audits the load under the administrator's name); the service then rebuilds its index beside the one
in use. A refused file is answered with the one-line reason, and nothing of it is kept. The page
also shows when ``magnitsky update`` last checked each list, last found it changed, and last failed.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from starlette.responses import Response

from magnitsky.cases import Actor
from magnitsky.errors import NotFoundError
from magnitsky.sources import PARSERS, ParseError, UnknownFormat, open_list
from magnitsky.store import Publications, ShrinkRefused, StoreError
from magnitsky.web.sessions import Signed
from magnitsky.web.templating import render

router = APIRouter()
analyst, admin = Signed("analyst"), Signed("admin")
LOAD = "/lists/load"  # its body limit is service.max_upload_bytes for an administrator (web.uploads)
SHOWN = 500  # entries listed per kind of change on a diff page; the counts are always whole
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def _overview(request: Request, error: str | None = None, loaded: tuple | None = None, status: int = 200) -> Response:
    """The sources, how ``magnitsky update`` last fared with each, and the programs; after a load,
    its ``error`` or what was ``loaded`` (file name, result)."""
    store = request.app.state.store
    holder = request.app.state.holder
    context = {
        "versions": store.current_versions(),
        "updates": Publications(store.engine).all(),
        "shrink_limit": f"{request.app.state.settings.store.shrink_limit:.0%}",
        "screened": holder.current.sources if holder.current else {},
        "programs": store.programs(),
        "formats": list(PARSERS),
        "upload_mib": f"{request.app.state.settings.service.max_upload_bytes / (1 << 20):g}",
        "error": error,
        "loaded": loaded,
    }
    return render(request, "lists/index.html", context, status)


@router.get("/lists", dependencies=[Depends(analyst)])
def overview(request: Request) -> Response:
    return _overview(request)


@router.get("/lists/{source}", dependencies=[Depends(analyst)])
def source_versions(request: Request, source: str) -> Response:
    versions = request.app.state.store.versions(source)
    if not versions:
        raise NotFoundError(f"no list {source!r} is loaded")
    return render(request, "lists/source.html", {"source": source, "versions": versions})


@router.get("/lists/{source}/diff", dependencies=[Depends(analyst)])
def diff(
    request: Request,
    source: str,
    old: Annotated[int | None, Query(alias="from", ge=1, le=1_000_000)] = None,
    new: Annotated[int | None, Query(alias="to", ge=1, le=1_000_000)] = None,
) -> Response:
    """Entries added, removed and changed (with the fields) between two versions of ``source``."""
    store = request.app.state.store
    try:
        result = store.diff(source, old, new)
    except StoreError as exc:
        raise NotFoundError(str(exc)) from exc
    added, removed, changed = result.added[:SHOWN], result.removed[:SHOWN], list(result.changed.items())[:SHOWN]
    captions = store.captions(result.new, [*added, *(key for key, _ in changed)])
    if result.old is not None:
        captions |= store.captions(result.old, removed)
    context = {
        "diff": result,
        "added": added,
        "removed": removed,
        "changed": changed,
        "captions": captions,
        "shown": SHOWN,
    }
    return render(request, "lists/diff.html", context)


@router.post(LOAD)
def load(
    request: Request,
    actor: Annotated[Actor, Depends(admin)],
    files: Annotated[list[UploadFile], File(description="The list file and any companion files")],
    source: Annotated[str, Form(max_length=100)] = "",
    format: Annotated[str, Form(max_length=40)] = "",
    allow_shrink: Annotated[bool, Form()] = False,
) -> Response:
    """Load the uploaded file (its companions, e.g. OFAC's add.csv and alt.csv, uploaded with it) as
    the next version of its source, and have the service screen against it."""
    named = [upload for upload in files if upload.filename]
    if not named:
        return _overview(request, "choose a list file to load", status=400)
    shown_name = _file_name(named[0].filename or "")
    with tempfile.TemporaryDirectory(prefix="magnitsky-upload-") as folder:
        paths = [_save(upload, Path(folder)) for upload in named]
        try:
            listfile = open_list(paths[0], format or None, source.strip() or None)
            result = request.app.state.store.load(
                listfile,
                actor=actor.name,
                allow_shrink=allow_shrink,
                shrink_limit=request.app.state.settings.store.shrink_limit,
            )
        except ShrinkRefused as exc:
            reason = f"{exc}; nothing was loaded from {shown_name} (tick 'the list really shrank' if it did)"
            return _overview(request, _without_folder(reason, folder), status=400)
        except UnknownFormat as exc:
            reason = f"{exc}; choose its format in the Format selector (nothing was loaded from {shown_name})"
            return _overview(request, _without_folder(reason, folder), status=400)
        except (ParseError, StoreError, ValueError, OSError) as exc:
            reason = f"{exc} (nothing was loaded from {shown_name})"
            return _overview(request, _without_folder(reason, folder), status=400)
    if not result.unchanged:
        request.app.state.holder.reload()  # in the background; the old index answers meanwhile
    return _overview(request, loaded=(shown_name, result))


def _file_name(name: str) -> str:
    """The uploaded file's own name, reduced to safe characters (it may name its format, as a
    download does: sdn.csv, consolidated.xml)."""
    return _SAFE_NAME.sub("_", Path(name.replace("\\", "/")).name).lstrip(".") or "upload"


def _save(upload: UploadFile, folder: Path) -> Path:
    path = folder / _file_name(upload.filename or "")
    with open(path, "wb") as out:
        while chunk := upload.file.read(1 << 20):
            out.write(chunk)
    return path


def _without_folder(message: str, folder: str) -> str:
    """An error naming the upload's temporary path names the file as the administrator knows it."""
    return message.replace(f"{folder}/", "")
