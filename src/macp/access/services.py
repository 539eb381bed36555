"""The one need-to-know rule, the grants it relies on, break-glass, and the audit of every read of a person.

A user may open a person's full record when (in this order of basis):
- their agency has a current involvement with the person (an involvement with one child opens that child's record,
  not the records of everyone the child lives with: the child's page shows who lives with them as a summary);
- they hold a current grant on the person (GrantKind: triage of a request for help, a MASH enquiry, a request for
  or an invitation to a strategy discussion, a role in one, an allocation, an access request the DPO granted). A
  grant of family scope covers the person named and everyone living with them now;
- they hold unexpired break-glass access, given with a reason and reviewed afterwards by the DPO.
Users whose roles do no casework (partnership analyst, DPO, system administrator) have no basis: they see counts
and the audit, not records. Otherwise they are refused, and the refusal is audited too. Every grant is made and
ended here (grant_access, end_grants), and the other domains ask here (basis_for, visible_people, sources_held).
(PRODUCT.md "Need to know"; UK GDPR Art. 5(1)(c) data minimisation; Working Together 2023 ch. 4 and its
information-sharing advice; docs/decisions/0006-need-to-know-grants.md.)
"""

import dataclasses
import datetime as dt
import re

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import BigIntegerField, Q
from django.db.models.functions import Cast
from django.utils import timezone

from macp.access.models import AccessEvent, AccessRequest, Assignment, Basis, BreakGlass, GrantKind, GrantScope
from macp.accounts.models import AgencyType, Role
from macp.people.models import HouseholdMember, Involvement, Person
from macp.people.services import current, household_ids

# Roles that see aggregates and the audit trail, never a child's record (issue 8: the analyst sees counts only).
NO_CASEWORK_ROLES = frozenset({Role.PARTNERSHIP_ANALYST, Role.DPO, Role.SYSTEM_ADMIN})
FRONT_DOOR_ROLES = (Role.FRONT_DOOR_PRACTITIONER, Role.FRONT_DOOR_MANAGER)


class AccessDenied(Exception):
    def __init__(self, person: Person):
        super().__init__(f"No need-to-know basis for {person.pk}")
        self.person = person


class PersonNotFound(Exception):
    pass


@dataclasses.dataclass(frozen=True)
class Opened:
    person: Person
    basis: str
    break_glass: BreakGlass | None = None
    grant: Assignment | None = None


def does_casework(user) -> bool:
    """Whether any of the user's roles works with children's records (see NO_CASEWORK_ROLES)."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.role_codes - NO_CASEWORK_ROLES)


def _active_break_glass(user, person_id, now: dt.datetime) -> BreakGlass | None:
    return BreakGlass.objects.filter(user=user, person_id=person_id, expires_at__gt=now).order_by("-expires_at").first()


def _holder(user) -> Q:
    """The grants this user holds: their own, their team's, their agency's (or their agency's for their role), and
    their council's for their role."""
    roles = list(user.role_codes)
    holder = Q(user_id=user.pk)
    if user.team_id:
        holder |= Q(team_id=user.team_id)
    if user.agency_id:
        holder |= Q(agency_id=user.agency_id, role="") | Q(agency_id=user.agency_id, role__in=roles)
        if user.agency.local_authority_id:
            holder |= Q(agency__isnull=True, local_authority_id=user.agency.local_authority_id, role__in=roles)
    return holder


def current_grants(user, now: dt.datetime | None = None):
    """Grants the user holds now (none for users who do no casework)."""
    if not does_casework(user):
        return Assignment.objects.none()
    now = now or timezone.now()
    return Assignment.objects.filter(_holder(user), starts_at__lte=now).filter(
        Q(ends_at__isnull=True) | Q(ends_at__gt=now)
    )


def _grant_for(user, person: Person, now: dt.datetime) -> Assignment | None:
    """The grant that covers this person: on them (or on a provisional record since joined into them), or of family
    scope on someone living with them now. A grant on the person themself is preferred."""
    grants = current_grants(user, now)
    named = Q(person_id=person.pk) | Q(person__merged_into_id=person.pk)
    found = grants.filter(named).order_by("pk").first()
    if found is None:
        housemates = [pk for pk in household_ids(person.pk) if pk != person.pk]
        if housemates:
            found = grants.filter(scope=GrantScope.FAMILY, person_id__in=housemates).order_by("pk").first()
    return found


@dataclasses.dataclass(frozen=True)
class Decision:
    basis: str
    break_glass: BreakGlass | None = None
    grant: Assignment | None = None

    @property
    def allowed(self) -> bool:
        return self.basis != Basis.DENIED

    @property
    def detail(self) -> str:
        if self.grant is not None:
            return f"{self.grant.get_kind_display()} (grant #{self.grant.pk})"
        if self.break_glass is not None:
            return f"break-glass #{self.break_glass.pk}"
        return ""


def decide(user, person: Person, now: dt.datetime | None = None) -> Decision:
    """Why this user may open this person's record, or Basis.DENIED. The only place the rule is written."""
    now = now or timezone.now()
    if not does_casework(user):
        return Decision(Basis.DENIED)
    if user.agency_id and Involvement.objects.filter(current(), agency_id=user.agency_id, person=person).exists():
        return Decision(Basis.INVOLVEMENT)
    grant = _grant_for(user, person, now)
    if grant is not None:
        return Decision(grant.kind, grant=grant)
    glass = _active_break_glass(user, person.pk, now)
    if glass:
        return Decision(Basis.BREAK_GLASS, break_glass=glass)
    return Decision(Basis.DENIED)


def basis_for(user, person: Person, now: dt.datetime | None = None) -> tuple[str, BreakGlass | None]:
    decision = decide(user, person, now)
    return decision.basis, decision.break_glass


def openable_ids(user, people) -> set[str]:
    """Ids (as strings) of these people the user may open: which names on a page may be links."""
    return {str(p.pk) for p in people if decide(user, p).allowed}


def visible_people(user):
    """People the user may open without break-glass, as a queryset (for lists and search).

    One UNION of person ids rather than OR-ed subqueries: the database then walks the agency's (small) share of
    people instead of testing every person (about 4x faster at 100,000 families)."""
    if not does_casework(user):
        return Person.objects.none()
    grants = current_grants(user)
    ids = grants.values("person_id")
    family = grants.filter(scope=GrantScope.FAMILY)
    households = HouseholdMember.objects.filter(current(), person_id__in=family.values("person_id")).values(
        "household_id"
    )
    housemates = HouseholdMember.objects.filter(current(), household_id__in=households).values("person_id")
    parts = [housemates]
    if user.agency_id:
        parts.append(Involvement.objects.filter(current(), agency_id=user.agency_id).values("person_id"))
    return Person.objects.filter(pk__in=ids.union(*parts), merged_into__isnull=True)


# ---- grants ------------------------------------------------------------------------------------------------------


def _source_key(source) -> tuple[ContentType, str]:
    return ContentType.objects.get_for_model(source), str(source.pk)


def grant_access(
    people,
    *,
    kind: str,
    source,
    reason: str,
    scope: str = GrantScope.PERSON,
    user=None,
    team=None,
    agency=None,
    local_authority=None,
    role: str = "",
    granted_by=None,
    starts_at: dt.datetime | None = None,
    ends_at: dt.datetime | None = None,
) -> list[Assignment]:
    """Give a holder need-to-know on these people because of `source` (the record that justifies it).

    Idempotent: a holder that already has a current grant of this kind from this source on a person is not given
    a second one."""
    if kind not in GrantKind.values:
        raise ValueError(f"Unknown grant kind {kind!r}")
    source_type, source_id = _source_key(source)
    starts_at = starts_at or timezone.now()
    holder = {"user": user, "team": team, "agency": agency, "local_authority": local_authority, "role": role}
    existing = set(
        Assignment.objects.filter(
            kind=kind,
            source_type=source_type,
            source_id=source_id,
            ends_at__isnull=True,
            **{k: v for k, v in holder.items()},
        ).values_list("person_id", flat=True)
    )
    rows, seen = [], set(existing)
    for person in people:
        pk = getattr(person, "pk", person)
        if pk is None or pk in seen:
            continue
        seen.add(pk)
        rows.append(
            Assignment(
                person_id=pk,
                kind=kind,
                scope=scope,
                source_type=source_type,
                source_id=source_id,
                reason=reason[:300],
                granted_by=granted_by,
                starts_at=starts_at,
                ends_at=ends_at,
                **holder,
            )
        )
    return Assignment.objects.bulk_create(rows)


def end_grants(source, *, at: dt.datetime | None = None, reason: str = "", kind: str | None = None, **holder) -> int:
    """End the grants `source` gave (optionally only of one kind, or one holder: agency=…, role=…) at `at` (now
    unless given; a time in the future schedules the end). A grant already ending sooner is left alone."""
    source_type, source_id = _source_key(source)
    at = at or timezone.now()
    grants = Assignment.objects.filter(source_type=source_type, source_id=source_id).filter(
        Q(ends_at__isnull=True) | Q(ends_at__gt=at)
    )
    if kind:
        grants = grants.filter(kind=kind)
    if holder:
        grants = grants.filter(**holder)
    return grants.update(ends_at=at, end_reason=reason[:300])


def sources_held(user, model, *, now: dt.datetime | None = None):
    """Primary keys (as a subquery) of the `model` records that gave this user a current grant: e.g. the strategy
    discussions a user is invited to, coordinates or chairs."""
    source_type = ContentType.objects.get_for_model(model)
    return (
        current_grants(user, now)
        .filter(source_type=source_type)
        .annotate(source_pk=Cast("source_id", BigIntegerField()))
        .values("source_pk")
    )


def holds_grant_from(user, source, now: dt.datetime | None = None) -> bool:
    source_type, source_id = _source_key(source)
    return current_grants(user, now).filter(source_type=source_type, source_id=source_id).exists()


def without_basis(user, people) -> list[Person]:
    """The people this user has no basis to open (asking for work about a child needs a basis for each child)."""
    return [p for p in people if not decide(user, p).allowed]


def council_staff_agencies(local_authority):
    """The agencies whose chairs and minute-takers serve a council's strategy discussions until named: its
    children's social care (the child protection chairs sit there)."""
    from macp.accounts.models import Agency

    return Agency.objects.filter(local_authority=local_authority, type=AgencyType.CHILDRENS_SOCIAL_CARE)


def is_front_door_of(user, local_authority_ids, agency_ids=()) -> bool:
    """Front-door staff of one of these councils (or agencies): who may review identity for their people."""
    if not does_casework(user) or not user.has_role(*FRONT_DOOR_ROLES) or not user.agency_id:
        return False
    return user.agency_id in set(agency_ids) or (
        user.agency.local_authority_id is not None and user.agency.local_authority_id in set(local_authority_ids)
    )


# An involvement is a basis, so who may report one is an access rule: integration accounts (system_admin) and the
# managers who allocate work. Anyone else sending records cannot open a child by saying their agency is involved.
INVOLVEMENT_SENDERS = (Role.SYSTEM_ADMIN, Role.TEAM_MANAGER, Role.FRONT_DOOR_MANAGER)


def may_report_involvements(user) -> bool:
    """Whether a batch from this user may carry involvement records (no user: an operator at the command line)."""
    return user is None or user.has_role(*INVOLVEMENT_SENDERS)


def involvements_need_review(user) -> bool:
    """Whether people in this user's batch who match someone other agencies already know go to review rather than
    straight in (a new involvement with a known child is then a review item, not an instant basis). Integration
    accounts and operators are trusted feeds."""
    return user is not None and not user.has_role(Role.SYSTEM_ADMIN)


# ---- the audit ---------------------------------------------------------------------------------------------------


def storable(text: str) -> str:
    """Text any database can hold: lone surrogates and NUL written as escapes."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8").replace("\x00", "\\x00")


def record_access(
    user, person_id: str, *, route: str, channel: str, basis: str, detail: str = "", grant_id: int | None = None
) -> AccessEvent:
    return AccessEvent.objects.create(
        at=timezone.now(),
        user=user if getattr(user, "pk", None) else None,
        username=getattr(user, "username", "") or "anonymous",
        agency_code=user.agency.code if getattr(user, "agency_id", None) else "",
        person_id=storable(str(person_id))[:64],  # a probe's overlong or binary id is kept, cut to size
        route=storable(route)[:300],
        channel=channel,
        basis=basis,
        allowed=basis != Basis.DENIED,
        detail=storable(detail)[:300],
        grant_id=grant_id,
    )


def record_read(
    user, person: Person, *, route: str, channel: str = AccessEvent.Channel.PAGE, context: str = ""
) -> Decision:
    """Audit a read of a person's details shown inside another record (a strategy discussion, a MASH enquiry),
    with the basis the one rule gives. The caller has decided the user may see that record."""
    decision = decide(user, person)
    detail = "; ".join(x for x in (context, decision.detail) if x)
    record_access(
        user,
        person.pk,
        route=route,
        channel=channel,
        basis=decision.basis,
        detail=detail,
        grant_id=decision.grant.pk if decision.grant else None,
    )
    return decision


def open_person(user, person_id, *, route: str, channel: str = AccessEvent.Channel.PAGE) -> Opened:
    """Open a person's record for display: checks need-to-know and audits the read, allowed or not.

    Everything that shows a person goes through here.
    """
    try:
        person = Person.objects.get(pk=person_id)
    except (Person.DoesNotExist, ValidationError, ValueError):
        record_access(user, person_id, route=route, channel=channel, basis=Basis.DENIED, detail="no such person")
        raise PersonNotFound(person_id) from None
    decision = record_read(user, person, route=route, channel=channel)
    if not decision.allowed:
        raise AccessDenied(person)
    return Opened(person=person, basis=decision.basis, break_glass=decision.break_glass, grant=decision.grant)


def reads_as_words(text: str) -> bool:
    """A reason a DPO can review: three or more words with vowels and more than a handful of different letters, so
    keyboard filler such as `aaaaaaaaaa` or `asdf asdf asdf` is refused (UK GDPR art. 5(2): access is accountable)."""
    words = [w for w in re.findall(r"[^\W\d_]+", text.lower()) if re.search(r"[aeiouy]", w)]
    return len(words) >= 3 and len(set("".join(words))) >= 6


def break_glass(user, person: Person, reason: str, now: dt.datetime | None = None) -> BreakGlass:
    """Emergency access with a stated reason, for a limited time, flagged for DPO review."""
    reason = (reason or "").strip()
    if len(reason) < 10 or not reads_as_words(reason):
        raise ValueError(
            "Give the reason you need to see this record now, in words (at least 10 characters and 3 words), "
            "for example: EDT call, child reported alone at home tonight."
        )
    now = now or timezone.now()
    return BreakGlass.objects.create(
        user=user,
        person=person,
        reason=reason,
        started_at=now,
        expires_at=now + dt.timedelta(hours=settings.BREAK_GLASS_HOURS),
    )


def review_break_glass(glass: BreakGlass, reviewer, outcome: str, note: str) -> BreakGlass:
    if outcome not in BreakGlass.Outcome.values:
        raise ValueError("Choose whether the access was appropriate.")
    if outcome == BreakGlass.Outcome.INAPPROPRIATE and not note.strip():
        raise ValueError("Say what follow-up is needed when access was not appropriate.")
    glass.reviewed_by = reviewer
    glass.reviewed_at = timezone.now()
    glass.review_outcome = outcome
    glass.review_note = note.strip()
    glass.save(update_fields=["reviewed_by", "reviewed_at", "review_outcome", "review_note"])
    return glass


def request_access(user, person: Person, reason: str) -> AccessRequest:
    reason = (reason or "").strip()
    if len(reason) < 10:
        raise ValueError("Say why you need access to this record (at least 10 characters).")
    existing = AccessRequest.objects.filter(user=user, person=person, status=AccessRequest.Status.PENDING).first()
    if existing:
        return existing
    return AccessRequest.objects.create(user=user, person=person, reason=reason)


def decide_access_request(request: AccessRequest, decider, grant: bool, note: str, days: int = 30) -> AccessRequest:
    if request.status != AccessRequest.Status.PENDING:
        raise ValueError("This request has already been decided.")
    if not grant and not note.strip():
        raise ValueError("Give a reason for refusing access.")
    now = timezone.now()
    request.status = AccessRequest.Status.GRANTED if grant else AccessRequest.Status.REFUSED
    request.decided_by, request.decided_at, request.decision_note = decider, now, note.strip()
    request.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    if grant:
        grant_access(
            [request.person],
            kind=GrantKind.ACCESS_REQUEST,
            source=request,
            user=request.user,
            granted_by=decider,
            reason=f"Access request #{request.pk} granted: {request.reason[:200]}",
            starts_at=now,
            ends_at=now + dt.timedelta(days=days),
        )
    return request


def reads_of_person(person_id: str):
    return AccessEvent.objects.filter(person_id=str(person_id))


def reads_by_user(username: str):
    return AccessEvent.objects.filter(username=username)
