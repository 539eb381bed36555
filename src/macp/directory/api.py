"""The roles and responsibilities directory over the API: every agency type's entry, or one."""

from ninja import Router, Schema
from ninja.errors import HttpError

from macp.directory import services
from macp.directory.models import AgencyRole

router = Router(tags=["agency roles"])


class AgencyRoleOut(Schema):
    agency_type: str
    title: str
    role: str
    duties: list[str]
    at_strategy_discussion: str
    contacts: list[str]
    out_of_hours: str
    source: str


def _out(entry: AgencyRole) -> AgencyRoleOut:
    return AgencyRoleOut(
        agency_type=entry.agency_type,
        title=entry.get_agency_type_display(),
        role=entry.role,
        duties=entry.duty_lines,
        at_strategy_discussion=entry.at_strategy_discussion,
        contacts=entry.contact_lines,
        out_of_hours=entry.out_of_hours,
        source=entry.source,
    )


@router.get(
    "", response=list[AgencyRoleOut], summary="Every agency type's role, duties, contacts and out-of-hours route"
)
def list_roles(request):
    return [_out(e) for e in services.entries()]


@router.get("/{agency_type}", response=AgencyRoleOut, summary="One agency type's entry")
def get_role(request, agency_type: str):
    entry = services.entry_for(agency_type)
    if entry is None:
        raise HttpError(404, "No such agency type: see GET /api/v1/agencies for the type codes.")
    return _out(entry)
