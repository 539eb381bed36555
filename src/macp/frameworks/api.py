"""Self-assessment gradings as data: one holder's grades for every year, for the partnership's own reporting."""

from ninja import Router, Schema
from ninja.errors import HttpError

from macp.frameworks import services
from macp.frameworks.models import Framework

router = Router(tags=["self-assessment frameworks"])


class RatingOut(Schema):
    component: str
    title: str
    level: int
    level_label: str
    evidence: str
    actions: str


class YearOut(Schema):
    year: int
    label: str
    ratings: list[RatingOut]


class GradingsOut(Schema):
    framework: str
    holder: str
    name: str
    years: list[YearOut]


@router.get("/{code}/{holder}", response=GradingsOut)
def gradings(request, code: str, holder: str):
    framework = Framework.objects.filter(code=code).first()
    who = services.holder_from_key(holder)
    if framework is None or who is None:
        raise HttpError(404, "No such framework, agency or partnership.")
    if not services.may_view(request.user, who):
        raise HttpError(403, "This self-assessment is not yours to see.")
    components = {c.pk: c for c in framework.components.all()}
    years = [
        {
            "year": year,
            "label": services.year_label(year),
            "ratings": [
                {
                    "component": components[pk].code,
                    "title": components[pk].title,
                    "level": r.level,
                    "level_label": framework.level_label(r.level),
                    "evidence": r.evidence,
                    "actions": r.actions,
                }
                for pk, r in sorted(ratings.items(), key=lambda item: components[item[0]].number)
            ],
        }
        for year, ratings in services.ratings_by_year(framework, who).items()
    ]
    return {"framework": framework.code, "holder": who.key, "name": who.name, "years": years}
