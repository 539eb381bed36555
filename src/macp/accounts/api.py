from ninja import Router, Schema

from macp.accounts.models import Agency

router = Router(tags=["agencies"])


class AgencyOut(Schema):
    code: str
    name: str
    type: str
    local_authority: str | None


@router.get("", response=list[AgencyOut], summary="Agencies known to the system")
def list_agencies(request):
    return [
        AgencyOut(
            code=a.code, name=a.name, type=a.type, local_authority=a.local_authority.code if a.local_authority else None
        )
        for a in Agency.objects.filter(active=True).select_related("local_authority").order_by("code")
    ]
