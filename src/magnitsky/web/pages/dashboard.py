"""The supervisors' dashboard: alerts per day by outcome, time to decision, screening volume,
list changes and overdue reviews, as charts drawn on the server (:mod:`magnitsky.web.charts`)
over the case store's figures (:mod:`magnitsky.cases.figures`), each with its numbers as a table.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import Response

from magnitsky.cases import figures
from magnitsky.web.charts import bar_chart
from magnitsky.web.sessions import Signed
from magnitsky.web.templating import render

router = APIRouter()
OUTCOME_FILLS = dict(zip(figures.OUTCOMES, ("#a4161a", "#1e6b34", "#4a5360", "#0b57d0"), strict=True))


@router.get("/dashboard", dependencies=[Depends(Signed("supervisor"))])
def dashboard(
    request: Request,
    days: Annotated[int, Query(ge=7, le=366)] = 30,
    review_days: Annotated[int, Query(ge=1, le=365)] = 7,
) -> Response:
    seen = figures.figures(request.app.state.cases.engine, days, review_days)
    labels = [day[5:] for day in seen.days]  # MM-DD: the year is in the heading
    every = max(1, len(labels) // 8)
    loads = {day: 0 for day in labels}
    for load in seen.list_loads:
        loads[load.day[5:]] = loads.get(load.day[5:], 0) + 1
    charts = [
        bar_chart(
            "outcomes",
            "Alerts raised per day, by outcome",
            "Alerts raised on each day, split by what became of them: "
            "true match, false positive, closed, or still undecided.",
            labels,
            seen.outcomes,
            every,
            OUTCOME_FILLS,
        ),
        bar_chart(
            "decision-time",
            "Time to decision",
            "Alerts decided in the period, by the time from raising to the decision taking effect.",
            [label for label, _ in seen.decision_times],
            {"alerts decided": [n for _, n in seen.decision_times]},
        ),
        bar_chart(
            "screening",
            "Screening volume per day",
            "Customers screened in runs, screening requests over the API, and visa and payment decisions, per day.",
            labels,
            seen.screening,
            every,
        ),
        bar_chart(
            "list-changes",
            "List versions loaded per day",
            "How many new list versions were loaded on each day; the table below names them.",
            labels,
            {"list versions": list(loads.values())},
            every,
        ),
        bar_chart(
            "overdue",
            "Overdue reviews by age",
            f"Alerts still undecided more than {review_days} days after they were raised, "
            "by how long they have waited.",
            [label for label, _ in seen.overdue_by_age],
            {"overdue alerts": [n for _, n in seen.overdue_by_age]},
            fills={"overdue alerts": "#7a4b00"},
        ),
    ]
    context = {"figures": seen, "charts": charts, "days": days, "review_days": review_days}
    return render(request, "dashboard.html", context)
