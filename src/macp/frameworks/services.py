"""Loading frameworks from their data files, who grades for whom, recording a year's grading, and the year-on-year
comparison (with a small server-drawn SVG chart; the table beside it carries the same numbers)."""

import dataclasses
import datetime as dt
import tomllib
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from macp.accounts.models import Agency, LocalAuthority, Role
from macp.core.problems import InvalidInput, Problem
from macp.frameworks.models import Assessment, Component, Framework, Rating

DATA = Path(__file__).parent / "data"
AGENCY_LEADS = (Role.TEAM_MANAGER, Role.FRONT_DOOR_MANAGER)


# ---- frameworks as data -------------------------------------------------------------------------------------------


@transaction.atomic
def load_framework(path: Path, *, framework_model=Framework, component_model=Component):
    """Create or update a framework from its TOML file (idempotent). Components keep their ids, so gradings stay.
    A data migration passes its historical models."""
    Framework, Component = framework_model, component_model  # noqa: N806
    data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    levels = [
        {"value": int(x["value"]), "label": x["label"], "description": x.get("description", "")} for x in data["levels"]
    ]
    framework, _ = Framework.objects.update_or_create(
        code=data["code"],
        defaults={
            "name": data["name"],
            "source": data.get("source", ""),
            "version": data.get("version", 1),
            "levels": levels,
        },
    )
    for number, item in enumerate(data["components"], 1):
        Component.objects.update_or_create(
            framework=framework,
            code=item["code"],
            defaults={
                "number": number,
                "group": item.get("group", ""),
                "title": item["title"],
                "descriptor": item["descriptor"],
                "checked": item.get("checked", True),
            },
        )
    return framework


def load_shipped(**models) -> list:
    return [load_framework(path, **models) for path in sorted(DATA.glob("*.toml"))]


# ---- holders and who may grade ------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Holder:
    """Who a grading belongs to: an agency, or a council's partnership. `key` goes in URLs."""

    agency: Agency | None = None
    local_authority: LocalAuthority | None = None

    @property
    def key(self) -> str:
        return f"agency-{self.agency.code}" if self.agency else f"partnership-{self.local_authority.code}"

    @property
    def name(self) -> str:
        return self.agency.name if self.agency else f"{self.local_authority.name} safeguarding partnership"

    def filter(self) -> dict:
        return {"agency": self.agency} if self.agency else {"local_authority": self.local_authority}


def holder_from_key(key: str) -> Holder | None:
    kind, _, code = key.partition("-")
    if kind == "agency":
        agency = Agency.objects.filter(code=code).select_related("local_authority").first()
        return Holder(agency=agency) if agency else None
    if kind == "partnership":
        la = LocalAuthority.objects.filter(code=code).first()
        return Holder(local_authority=la) if la else None
    return None


def _area(user):
    return user.agency.local_authority if getattr(user, "agency_id", None) else None


def may_grade(user, holder: Holder) -> bool:
    """The partnership's analysts grade the partnership; an agency's managers grade their agency."""
    if not getattr(user, "is_authenticated", False):
        return False
    if holder.local_authority is not None:
        area = _area(user)
        return user.has_role(Role.PARTNERSHIP_ANALYST) and area is not None and area.pk == holder.local_authority.pk
    return user.agency_id == holder.agency.pk and user.has_role(*AGENCY_LEADS)


def may_view(user, holder: Holder) -> bool:
    """An agency's staff see its gradings; the partnership's analysts see the partnership's and those of every agency
    serving their council."""
    if not getattr(user, "is_authenticated", False):
        return False
    if may_grade(user, holder):
        return True
    area = _area(user)
    if user.has_role(Role.PARTNERSHIP_ANALYST) and area is not None:
        if holder.local_authority is not None:
            return holder.local_authority.pk == area.pk
        return holder.agency.local_authority_id in (None, area.pk)
    return holder.agency is not None and user.agency_id == holder.agency.pk


def holders_for(user) -> list[Holder]:
    """The gradings this user can see, the partnership's first."""
    out = []
    area = _area(user)
    if user.has_role(Role.PARTNERSHIP_ANALYST) and area is not None:
        out.append(Holder(local_authority=area))
        agencies = Agency.objects.filter(active=True, local_authority=area).order_by("name")
        out += [Holder(agency=a) for a in agencies]
    elif user.agency_id:
        out.append(Holder(agency=user.agency))
    return out


def assessment_year(today: dt.date | None = None) -> int:
    """The partnership's year (April to March) that today falls in, by the year it starts."""
    today = today or timezone.localdate()
    return today.year if today.month >= 4 else today.year - 1


def year_label(year: int) -> str:
    return f"{year} to {year + 1}"


# ---- grading ------------------------------------------------------------------------------------------------------


@transaction.atomic
def record_grading(user, framework: Framework, holder: Holder, year: int, ratings: dict[int, dict]) -> Assessment:
    """Save a holder's grading for a year: {component id: {"level", "evidence", "actions"}}; every component needs a
    level and evidence."""
    if not may_grade(user, holder):
        raise PermissionError("Only the partnership's analysts or the agency's managers grade this.")
    components = list(framework.components.all())
    values = {level["value"] for level in framework.levels}
    problems = []
    for c in components:
        given = ratings.get(c.pk, {})
        if given.get("level") not in values:
            problems.append(Problem([f"level_{c.pk}"], f"Choose a grade for {c.title}"))
        if not (given.get("evidence") or "").strip():
            problems.append(Problem([f"evidence_{c.pk}"], f"Enter the evidence for {c.title}"))
    current = assessment_year()
    if not current - 10 <= year <= current + 1:
        problems.append(Problem(["year"], "Choose a year within the last ten"))
    if problems:
        raise InvalidInput("Grading incomplete", problems)
    assessment, _ = Assessment.objects.update_or_create(
        framework=framework, year=year, **holder.filter(), defaults={"updated_by": user, "updated_at": timezone.now()}
    )
    for c in components:
        given = ratings[c.pk]
        Rating.objects.update_or_create(
            assessment=assessment,
            component=c,
            defaults={
                "level": given["level"],
                "evidence": given["evidence"].strip(),
                "actions": (given.get("actions") or "").strip(),
            },
        )
    return assessment


def ratings_by_year(framework: Framework, holder: Holder) -> dict[int, dict[int, Rating]]:
    """{year: {component id: rating}} for the holder, oldest year first."""
    out: dict[int, dict[int, Rating]] = {}
    rows = Rating.objects.filter(
        assessment__framework=framework, **{f"assessment__{k}": v for k, v in holder.filter().items()}
    )
    for rating in rows.select_related("assessment").order_by("assessment__year"):
        out.setdefault(rating.assessment.year, {})[rating.component_id] = rating
    return dict(sorted(out.items()))


# ---- the comparison chart -----------------------------------------------------------------------------------------

# GOV.UK Design System colours with strong contrast on white; years also differ by bar order and the legend.
YEAR_COLOURS = ["#b1b4b6", "#1d70b8", "#003078", "#00703c"]


def comparison_chart(framework: Framework, by_year: dict[int, dict[int, Rating]], years: int = 3) -> dict:
    """Grouped bars: for each component, one bar per year (the last `years` years), height = grade. Returns the
    shapes for the template to draw as SVG."""
    shown = list(by_year)[-years:]
    components = list(framework.components.all())
    top = max((level["value"] for level in framework.levels), default=4)
    width, height, left, bottom, top_pad = 760, 260, 40, 40, 10
    plot_h = height - bottom - top_pad
    group_w = (width - left) / max(len(components), 1)
    bar_w = (group_w - 8) / max(len(shown), 1)
    bars, labels = [], []
    for i, c in enumerate(components):
        x0 = left + i * group_w + 4
        labels.append(
            {"x": round(x0 + (group_w - 8) / 2, 1), "y": height - bottom + 16, "text": str(c.number), "title": c.title}
        )
        for j, year in enumerate(shown):
            rating = by_year[year].get(c.pk)
            if rating is None:
                continue
            h = plot_h * rating.level / top
            bars.append(
                {
                    "x": round(x0 + j * bar_w, 1),
                    "y": round(top_pad + plot_h - h, 1),
                    "w": round(bar_w - 1, 1),
                    "h": round(h, 1),
                    "colour": YEAR_COLOURS[(len(YEAR_COLOURS) - len(shown) + j) % len(YEAR_COLOURS)],
                    "title": f"{c.title}, {year_label(year)}: {framework.level_label(rating.level)}",
                }
            )
    gridlines = [
        {"y": round(top_pad + plot_h - plot_h * level["value"] / top, 1), "value": level["value"]}
        for level in framework.levels
    ]
    legend = [
        {"year": year_label(y), "colour": YEAR_COLOURS[(len(YEAR_COLOURS) - len(shown) + j) % len(YEAR_COLOURS)]}
        for j, y in enumerate(shown)
    ]
    return {
        "width": width,
        "height": height,
        "left": left,
        "axis_y": height - bottom,
        "bars": bars,
        "labels": labels,
        "gridlines": gridlines,
        "legend": legend,
    }
