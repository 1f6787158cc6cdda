"""The consular desk: a traveller's passport MRZ, or the applicant's form, in; DENY / REFER / CLEAR out.

The decision is taken by the same code as ``POST /screen/visa``
(:func:`magnitsky.api.routes.screen.decide_visa`): audited before it is shown, with an alert opened
per referred entry, under the officer's name. The page then shows the decision record, read back
from the audit trail, so what the officer prints is what the trail holds. A malformed MRZ or form
field is shown beside the form, naming the field; nothing is decided or recorded for it.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from starlette.responses import RedirectResponse, Response

from magnitsky.api.routes.screen import decide_visa
from magnitsky.cases import Actor
from magnitsky.cases.enforcement import VISA
from magnitsky.errors import InputError, NotFoundError
from magnitsky.screening.visa import Applicant
from magnitsky.screening.visa.screener import AUDIT_ACTION
from magnitsky.web.sessions import Signed
from magnitsky.web.templating import render

router = APIRouter()
analyst = Signed("analyst")
FIELDS = ("surname", "given_names", "birth_date", "nationality", "passport", "sex", "issuing_state")


def _desk(request: Request, entered: dict[str, str], error: str | None = None, status: int = 200) -> Response:
    return render(request, "consular/desk.html", {"entered": entered, "error": error}, status)


@router.get("/consular", dependencies=[Depends(analyst)])
def desk(request: Request) -> Response:
    return _desk(request, dict.fromkeys(("mrz", *FIELDS), ""))


@router.post("/consular")
def decide(
    request: Request,
    actor: Annotated[Actor, Depends(analyst)],
    mrz: Annotated[str, Form(max_length=400)] = "",
    surname: Annotated[str, Form(max_length=200)] = "",
    given_names: Annotated[str, Form(max_length=200)] = "",
    birth_date: Annotated[str, Form(max_length=10)] = "",
    nationality: Annotated[str, Form(max_length=60)] = "",
    passport: Annotated[str, Form(max_length=40)] = "",
    sex: Annotated[str, Form(max_length=10)] = "",
    issuing_state: Annotated[str, Form(max_length=60)] = "",
) -> Response:
    """Decide on the MRZ when one is pasted, else on the typed fields; show the decision record."""
    optional = (birth_date, nationality, passport, sex, issuing_state)
    entered = dict(zip(("mrz", *FIELDS), (mrz, surname, given_names, *optional)))
    try:
        if mrz.strip():
            decision, _alerts = decide_visa(request, actor.name, mrz=mrz)
        else:
            applicant = Applicant.from_form(surname, given_names, *(value.strip() or None for value in optional))
            decision, _alerts = decide_visa(request, actor.name, applicant=applicant)
    except InputError as exc:
        return _desk(request, entered, str(exc), 400)
    assert decision.audit is not None  # the service's visa screener always has the audit trail
    return RedirectResponse(f"/ui/consular/decisions/{decision.audit['seq']}", 303)


@router.get("/consular/decisions/{seq}", dependencies=[Depends(analyst)])
def record(request: Request, seq: int) -> Response:
    """The printable record of a visa decision, as the audit trail holds it; for a REFER, the
    traveller's alerts (an officer decides them on the alerts desk)."""
    found = request.app.state.audit.log.record(seq)
    if found is None or found.action != AUDIT_ACTION:
        raise NotFoundError(f"no visa decision is recorded as audit record {seq}")
    referred = found.details["decision"] == "REFER"
    alerts = request.app.state.cases.alerts.list(subject_kind=VISA, subject_id=found.subject) if referred else []
    return render(request, "consular/record.html", {"record": found, "decision": found.details, "alerts": alerts})
