"""Who may do what on an enquiry or a conference. Reading is need-to-know on the child (access.services); these
are the rules for writing."""

from macp.accounts.models import Role

WORK_ROLES = (Role.SOCIAL_WORKER, Role.POLICE_INVESTIGATOR, Role.TEAM_MANAGER)
CONFERENCE_ROLES = (Role.CHAIR, Role.TEAM_MANAGER, Role.SOCIAL_WORKER)


def can_work_on(user, enquiry) -> bool:
    """The named social worker or police investigator, or a social worker, investigator or team manager of the
    council's children's social care or (for a joint enquiry) the police force doing it."""
    if user.pk in (enquiry.social_worker_id, enquiry.police_investigator_id):
        return True
    return user.has_role(*WORK_ROLES) and user.agency_id in {enquiry.social_care_id, enquiry.police_id}


def can_allocate(user, enquiry) -> bool:
    return user.has_role(Role.TEAM_MANAGER) and user.agency_id in {enquiry.social_care_id, enquiry.police_id}


def can_run_conference(user, conference) -> bool:
    """The conference chair, or a team manager or social worker of the council holding it."""
    return user.has_role(Role.CHAIR) or (
        user.has_role(*CONFERENCE_ROLES) and user.agency_id == conference.social_care_id
    )


def require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionError(message)
