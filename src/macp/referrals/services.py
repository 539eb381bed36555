"""Requests for help: submission, matching each child to the people already known, triage against the BRAG
targets, MASH enquiries, and the decision the referrer is told about."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from macp.access import services as access
from macp.access.models import GrantKind, GrantScope
from macp.accounts.models import Agency, AgencyType, Role
from macp.core.formats import age_on
from macp.core.ids import is_uuid
from macp.core.problems import InvalidInput, Problem
from macp.core.references import next_reference
from macp.identity.models import Link, ReviewItem
from macp.identity.services import ingest_batch
from macp.notifications.models import RecordNotification
from macp.notifications.services import email
from macp.people.models import Person, RelationshipType
from macp.referrals import targets
from macp.referrals.models import Brag, Consent, Decision, MashEnquiry, Referral, ReferralAdult, ReferralChild
from macp.strategy import booking as strategy

CHILD_FIELDS = (
    "given_name",
    "family_name",
    "date_of_birth",
    "expected_date_of_birth",
    "sex",
    "nhs_number",
    "address",
    "postcode",
    "school",
    "gp",
    "worries",
    "working_well",
    "needs_to_happen",
    "child_words",
)
CHILD_CONSENT_AGE = 12  # "young people over 11 years" (SGlos Request for Help form)
FRONT_DOOR = (Role.FRONT_DOOR_PRACTITIONER, Role.FRONT_DOOR_MANAGER)


def _text(data: dict, key: str) -> str:
    value = data.get(key)
    return value.strip() if isinstance(value, str) else ""


def _date(data: dict, key: str, loc: list, problems: list[Problem]) -> dt.date | None:
    value = data.get(key)
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        problems.append(Problem(loc + [key], "Enter a real date as YYYY-MM-DD"))
        return None


def receiving_agency_for(user, code: str | None) -> Agency | None:
    """The front door that receives the request: named, else the referrer's council's, else the only one."""
    front_doors = Agency.objects.filter(type=AgencyType.CHILDRENS_SOCIAL_CARE, active=True)
    if code:
        return front_doors.filter(code=code).first()
    if user is not None and user.agency_id and user.agency.local_authority_id:
        agency = front_doors.filter(local_authority_id=user.agency.local_authority_id).first()
        if agency:
            return agency
    return front_doors.first() if front_doors.count() == 1 else None


def validate(data: dict, user, today: dt.date) -> tuple[dict, list[Problem]]:
    problems: list[Problem] = []
    referrer = data.get("referrer") if isinstance(data.get("referrer"), dict) else {}
    if not _text(referrer, "name"):
        problems.append(Problem(["referrer", "name"], "Enter your name"))
    email = _text(referrer, "email")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            problems.append(Problem(["referrer", "email"], "Enter an email address like name@example.org"))
    receiving = receiving_agency_for(user, data.get("receiving_agency"))
    if receiving is None:
        problems.append(
            Problem(["receiving_agency"], "Say which council's front door should receive this (an agency code)")
        )

    children = data.get("children")
    if not isinstance(children, list) or not children:
        problems.append(Problem(["children"], "Add at least one child"))
        children = []
    clean_children, oldest = [], None
    for i, child in enumerate(children):
        loc = ["children", i]
        if not isinstance(child, dict):
            problems.append(Problem(loc, "Each child must be an object"))
            continue
        entry = {
            key: _text(child, key) for key in CHILD_FIELDS if key not in ("date_of_birth", "expected_date_of_birth")
        }
        entry["date_of_birth"] = _date(child, "date_of_birth", loc, problems)
        entry["expected_date_of_birth"] = _date(child, "expected_date_of_birth", loc, problems)
        person_id = _text(child, "person_id")
        if person_id:
            person = Person.objects.filter(pk=person_id).first() if is_uuid(person_id) else None
            if person is None:
                problems.append(Problem(loc + ["person_id"], f"No person with id {person_id!r}"))
            entry["person"] = person
            if person is not None:
                entry["given_name"] = entry["given_name"] or person.given_name
                entry["family_name"] = entry["family_name"] or person.family_name
                entry["date_of_birth"] = entry["date_of_birth"] or person.date_of_birth
        else:
            entry["person"] = None
            if not (entry["given_name"] or entry["family_name"]) and not entry["expected_date_of_birth"]:
                problems.append(
                    Problem(
                        loc + ["given_name"], "Enter the child's name, or an expected date of birth for an unborn baby"
                    )
                )
            if not entry["date_of_birth"] and not entry["expected_date_of_birth"]:
                problems.append(
                    Problem(loc + ["date_of_birth"], "Enter the child's date of birth (or expected date of birth)")
                )
        if entry["date_of_birth"] and entry["date_of_birth"] > today:
            problems.append(
                Problem(
                    loc + ["date_of_birth"],
                    "Date of birth must be in the past: use the expected date of birth for an unborn baby",
                )
            )
        if entry["sex"] and entry["sex"] not in ("F", "M", "X", "U"):
            problems.append(Problem(loc + ["sex"], "Sex must be F, M, X or U"))
        if entry["date_of_birth"]:
            age = age_on(entry["date_of_birth"], today)
            oldest = age if oldest is None else max(oldest, age)
        clean_children.append(entry)

    concerns = _text(data, "concerns")
    if not concerns and not all(c.get("worries") for c in clean_children):
        problems.append(Problem(["concerns"], "Say what you are worried about, overall or for each child"))

    consent = data.get("consent") if isinstance(data.get("consent"), dict) else {}
    parents = consent.get("parents")
    if parents not in (Consent.YES, Consent.NO, Consent.NOT_SOUGHT):
        problems.append(
            Problem(["consent", "parents"], "Say whether the parents agreed to this request (yes, no or not_sought)")
        )
    child_consent = consent.get("child") or ""
    needs_child = oldest is not None and oldest >= CHILD_CONSENT_AGE
    if needs_child and child_consent not in (Consent.YES, Consent.NO, Consent.NOT_SOUGHT):
        problems.append(
            Problem(["consent", "child"], "A child is over 11: say whether they agreed (yes, no or not_sought)")
        )
    reason = _text(consent, "reason_not_sought")
    if Consent.NOT_SOUGHT in (parents, child_consent) and not reason:
        problems.append(
            Problem(
                ["consent", "reason_not_sought"],
                "Say why consent was not sought (for example, asking would put a child at risk)",
            )
        )

    adults = data.get("adults") or []
    clean_adults = []
    allowed = set(RelationshipType.values) | {"unknown"}
    for i, adult in enumerate(adults if isinstance(adults, list) else []):
        loc = ["adults", i]
        if not isinstance(adult, dict):
            problems.append(Problem(loc, "Each adult must be an object"))
            continue
        relationships = adult.get("relationships") or {}
        if not isinstance(relationships, dict):
            problems.append(Problem(loc + ["relationships"], "Give each child's relationship as {child number: type}"))
            relationships = {}
        for key, value in relationships.items():
            if not str(key).isdigit() or int(key) >= len(clean_children):
                problems.append(
                    Problem(loc + ["relationships", key], f"No child number {key} (children are numbered from 0)")
                )
            elif value not in allowed:
                problems.append(
                    Problem(
                        loc + ["relationships", key],
                        f"Unknown relationship {value!r}: use one of {', '.join(sorted(allowed))}",
                    )
                )
        if not (_text(adult, "given_name") or _text(adult, "family_name")):
            problems.append(Problem(loc + ["given_name"], "Enter the adult's name (or what they are known as)"))
        clean_adults.append(
            {
                "given_name": _text(adult, "given_name"),
                "family_name": _text(adult, "family_name"),
                "date_of_birth": _date(adult, "date_of_birth", loc, problems),
                "lives_with_children": adult.get("lives_with_children")
                if isinstance(adult.get("lives_with_children"), bool)
                else None,
                "relationships": {str(k): v for k, v in relationships.items()},
                "notes": _text(adult, "notes"),
            }
        )
    clean = {
        "referrer": referrer,
        "receiving": receiving,
        "children": clean_children,
        "adults": clean_adults,
        "concerns": concerns,
        "parents_consent": parents or "",
        "child_consent": child_consent if needs_child or child_consent else Consent.NOT_APPLICABLE,
        "consent_not_sought_reason": reason,
        "immediate_safety": _text(data, "immediate_safety"),
        "tried_universal": _text(data, "tried_universal"),
        "early_help_plan": data.get("early_help_plan") if isinstance(data.get("early_help_plan"), bool) else None,
    }
    return clean, problems


def _create_referral(clean: dict, user, idempotency_key: str, now: dt.datetime) -> Referral:
    referrer = clean["referrer"]
    referral = Referral.objects.create(
        reference=next_reference("RFH", timezone.localdate(now).year),
        status=Referral.Status.RECEIVED,
        submitted_at=now,
        submitted_by=user,
        idempotency_key=idempotency_key,
        referrer_name=_text(referrer, "name"),
        referrer_role=_text(referrer, "role"),
        referrer_agency=user.agency if user is not None and user.agency_id else None,
        referrer_organisation=_text(referrer, "organisation")
        or (user.agency.name if user is not None and user.agency_id else ""),
        referrer_email=_text(referrer, "email") or (user.email if user is not None else ""),
        referrer_phone=_text(referrer, "phone"),
        receiving_agency=clean["receiving"],
        parents_consent=clean["parents_consent"],
        child_consent=clean["child_consent"],
        consent_not_sought_reason=clean["consent_not_sought_reason"],
        concerns=clean["concerns"],
        immediate_safety=clean["immediate_safety"],
        tried_universal=clean["tried_universal"],
        early_help_plan=clean["early_help_plan"],
        out_of_hours=is_out_of_hours(now),
    )
    return referral


@transaction.atomic
def submit(data: dict, user, *, idempotency_key: str = "", now: dt.datetime | None = None) -> tuple[Referral, bool]:
    """Validate and receive a request for help. Returns (referral, created); a repeated idempotency key returns the
    first referral unchanged."""
    if idempotency_key and user is not None:
        existing = Referral.objects.filter(submitted_by=user, idempotency_key=idempotency_key).first()
        if existing:
            return existing, False
    now = now or timezone.now()
    clean, problems = validate(data, user, timezone.localdate(now))
    if problems:
        raise InvalidInput(
            f"The request for help was not sent: {len(problems)} thing{'s' if len(problems) != 1 else ''} to put right.",
            problems,
        )
    try:
        with transaction.atomic():
            referral = _create_referral(clean, user, idempotency_key, now)
    except IntegrityError:  # a concurrent copy with this key won (its insert waited for that commit): answer with it
        existing = (
            Referral.objects.filter(submitted_by=user, idempotency_key=idempotency_key).first()
            if idempotency_key
            else None
        )
        if existing is None:
            raise
        return existing, False
    children = []
    for position, entry in enumerate(clean["children"]):
        fields = {k: entry[k] for k in CHILD_FIELDS}
        children.append(
            ReferralChild.objects.create(
                referral=referral,
                position=position,
                person=entry["person"],
                match_status=ReferralChild.Match.SUGGESTED if entry["person"] else ReferralChild.Match.UNMATCHED,
                match_reason="Named by the referrer by person id" if entry["person"] else "",
                **fields,
            )
        )
    adults = [ReferralAdult.objects.create(referral=referral, **adult) for adult in clean["adults"]]
    _link_people(referral, children, adults)
    transaction.on_commit(lambda: tell_referrer_received(referral))
    return referral, True


def tell_referrer_received(referral: Referral) -> None:
    email(
        referral.referrer_email,
        f"Request for help received: {referral.reference}",
        f"Thank you. Your request for help has been received by {referral.receiving_agency.name}.\n\n"
        f"Reference: {referral.reference}\n\nUse this reference if you call. You will be told the outcome and the next step. "
        f"If a child is in immediate danger, call 999.",
        kind="referral_received",
        reference=referral.reference,
    )


def tell_referrer_outcome(referral: Referral) -> None:
    sent = email(
        referral.referrer_email,
        f"Outcome of your request for help {referral.reference}",
        f"{referral.receiving_agency.name} has decided your request for help {referral.reference}.\n\n"
        f"Outcome: {referral.get_decision_display()}\nNext step: {referral.next_step_for_referrer}",
        kind="referral_outcome",
        reference=referral.reference,
    )
    if sent and not sent.failed:
        Referral.objects.filter(pk=referral.pk).update(referrer_told_at=sent.sent_at)


def is_out_of_hours(moment: dt.datetime) -> bool:
    """Outside 9am–5pm on a working day: the emergency duty team's hours."""
    from macp.core.working_days import LONDON, is_working_day

    local = moment.astimezone(LONDON)
    return not is_working_day(local.date()) or not (9 <= local.hour < 17)


def _link_people(referral: Referral, children: list[ReferralChild], adults: list[ReferralAdult]) -> None:
    """The children and adults named become the front door's person records, resolved like any agency's records,
    so a request for help joins the same picture as everything else; the request itself is an event on each
    child's record (it counts towards cumulative concern and appears in the chronology)."""
    records, refs, stated = [], {}, {}
    for child in children:
        sid = f"{referral.reference}-C{child.position}"
        refs[sid] = child
        if child.person_id:
            stated[sid] = child.person
        records.append(
            {
                "kind": "person",
                "source_id": sid,
                "given_name": child.given_name,
                "family_name": child.family_name,
                "date_of_birth": child.date_of_birth.isoformat() if child.date_of_birth else None,
                "expected_date_of_birth": child.expected_date_of_birth.isoformat()
                if child.expected_date_of_birth
                else None,
                "sex": child.sex or "U",
                "nhs_number": child.nhs_number,
                "postcode": child.postcode,
                "address": child.address,
            }
        )
    address = next(((c.address, c.postcode) for c in children if c.address or c.postcode), ("", ""))
    for i, adult in enumerate(adults):
        sid = f"{referral.reference}-A{i}"
        refs[sid] = adult
        records.append(
            {
                "kind": "person",
                "source_id": sid,
                "given_name": adult.given_name,
                "family_name": adult.family_name,
                "date_of_birth": adult.date_of_birth.isoformat() if adult.date_of_birth else None,
                "sex": "U",
                "address": address[0] if adult.lives_with_children else None,
                "postcode": address[1] if adult.lives_with_children else None,
            }
        )
        for position, relationship in adult.relationships.items():
            if relationship == "unknown":
                continue  # an unknown relationship is recorded as unknown: no relationship row, never assumed
            records.append(
                {
                    "kind": "relationship",
                    "source_id": f"{sid}-R{position}",
                    "from": sid,
                    "to": f"{referral.reference}-C{position}",
                    "type": relationship,
                }
            )
    records.append(
        {
            "kind": "event",
            "source_id": f"{referral.reference}-E",
            "type": "referral",
            "persons": [f"{referral.reference}-C{c.position}" for c in children],
            "occurred_at": referral.submitted_at.isoformat(),
            "summary": f"Request for help {referral.reference} from {referral.referrer_organisation or referral.referrer_name}",
        }
    )
    result, _ = ingest_batch(
        None, referral.receiving_agency.code, referral.reference, records, channel="referral", stated_links=stated
    )
    for entry in result["people"]:
        target = refs[entry["source_id"]]
        target.person_id = entry["person_id"]
        if isinstance(target, ReferralChild):
            if target.match_status != ReferralChild.Match.SUGGESTED:
                target.match_status, target.match_reason = _match_description(entry)
            target.save(update_fields=["person", "match_status", "match_reason"])
        else:
            target.save(update_fields=["person"])
    # The front door triages the whole household: the children named with everyone living with them, and the adults
    # named (who may live elsewhere), until the request is decided (access.services; decision 0006).
    reason = f"Request for help {referral.reference} under triage"
    access.grant_access(
        [c.person_id for c in children],
        kind=GrantKind.TRIAGE,
        scope=GrantScope.FAMILY,
        source=referral,
        agency=referral.receiving_agency,
        reason=reason,
        starts_at=referral.submitted_at,
    )
    access.grant_access(
        [a.person_id for a in adults],
        kind=GrantKind.TRIAGE,
        source=referral,
        agency=referral.receiving_agency,
        reason=reason,
        starts_at=referral.submitted_at,
    )


def _match_description(entry: dict) -> tuple[str, str]:
    link = entry.get("link")
    if entry.get("review"):
        return ReferralChild.Match.SUGGESTED, "Possibly someone already known: waiting in the records-to-check queue"
    if link == Link.Method.NHS_NUMBER:
        return ReferralChild.Match.SUGGESTED, "Same valid NHS number as a person already known"
    if link == Link.Method.LINKER:
        return ReferralChild.Match.SUGGESTED, "Name, date of birth and address agree with a person already known"
    if link == "existing":
        return ReferralChild.Match.SUGGESTED, "Already known from an earlier request"
    return ReferralChild.Match.NEW, "Not found among the people already known"


# ---- front door ------------------------------------------------------------------------------------------------


class NotAllowed(PermissionError):
    pass


def check_front_door(user, referral: Referral) -> None:
    if not user.has_role(*FRONT_DOOR) or user.agency_id != referral.receiving_agency_id:
        raise NotAllowed("Only the receiving front door may triage this request.")


def can_view(user, referral: Referral) -> bool:
    """The referrer who sent it, and the receiving front door."""
    return (referral.submitted_by_id is not None and referral.submitted_by_id == user.pk) or (
        user.has_role(*FRONT_DOOR) and user.agency_id == referral.receiving_agency_id
    )


def audit_children(
    referral: Referral | None, user, *, route: str, channel: str, allowed: bool, reference: str = ""
) -> None:
    """A read of a request for help is a read of each child it names: audited with the basis access gives (the
    referrer who sent it reads their own request), or as refused."""
    from macp.access.models import Basis

    context = f"Request for help {reference or referral.reference}"
    children = list(referral.children.exclude(person=None).select_related("person")) if referral else []
    if not allowed:
        for person_id in [c.person_id for c in children] or [reference]:
            access.record_access(
                user, person_id, route=route, channel=channel, basis=Basis.DENIED, detail=context + ": refused"
            )
        return
    for child in children:
        decision = access.decide(user, child.person)
        if decision.allowed:
            access.record_read(user, child.person, route=route, channel=channel, context=context)
        else:  # the referrer reading the request they sent: it names the child, so it is audited as such
            access.record_access(
                user,
                child.person_id,
                route=route,
                channel=channel,
                basis=Basis.OWN_RECORD,
                detail=context + ": sent by this user",
            )


@transaction.atomic
def triage(referral: Referral, user, brag: str, rationale: str, now: dt.datetime | None = None) -> Referral:
    check_front_door(user, referral)
    problems = []
    if brag not in Brag.values:
        problems.append(Problem(["brag"], "Choose red, amber, green or blue"))
    if not (rationale or "").strip():
        problems.append(Problem(["rationale"], "Give the reason for this rating"))
    if referral.status == Referral.Status.DECIDED:
        problems.append(Problem(["brag"], "This request has already been decided"))
    if problems:
        raise InvalidInput("The rating was not saved.", problems)
    referral.brag, referral.brag_rationale, referral.brag_by, referral.brag_at = (
        brag,
        rationale.strip(),
        user,
        now or timezone.now(),
    )
    referral.response_due_at = targets.response_due(brag, referral.submitted_at)
    if referral.status == Referral.Status.RECEIVED:
        referral.status = Referral.Status.IN_TRIAGE
    referral.save()
    return referral


def awaited_enquiries(referral: Referral):
    """MASH enquiries asked and not yet answered: deciding now goes without what those agencies know."""
    return referral.mash_enquiries.filter(responded_at__isnull=True).select_related("agency")


def needs_sign_off(referral: Referral, user, decision: str) -> bool:
    """A practitioner's strategy-discussion (section 47) decision waits for a front-door manager, unless the
    council's FrontDoorPolicy says otherwise (default: it waits). A manager's own decision is signed off."""
    from macp.referrals.models import FrontDoorPolicy

    if decision != Decision.STRATEGY_DISCUSSION or user.has_role(Role.FRONT_DOOR_MANAGER):
        return False
    policy = FrontDoorPolicy.objects.filter(local_authority_id=referral.receiving_agency.local_authority_id).first()
    return policy.manager_sign_off if policy else True


def check_decision(
    referral: Referral, user, decision: str, reason: str, *, without_answers: bool = True
) -> list[Problem]:
    check_front_door(user, referral)
    problems = []
    if decision not in Decision.values:
        problems.append(Problem(["decision"], "Choose a decision"))
    if not (reason or "").strip():
        problems.append(Problem(["decision_reason"], "Give the reason for the decision"))
    if not referral.brag:
        problems.append(Problem(["brag"], "Rate the request (BRAG) before deciding"))
    if referral.status == Referral.Status.DECIDED:
        problems.append(Problem(["decision"], "This request has already been decided"))
    awaited = list(awaited_enquiries(referral))
    if awaited and not without_answers:
        names = ", ".join(e.agency.name for e in awaited)
        problems.append(
            Problem(
                ["without_answers"],
                f"{names} has not answered yet: wait, or confirm you are deciding without their answer",
            )
        )
    return problems


@transaction.atomic
def decide(
    referral: Referral, user, decision: str, reason: str, next_step: str = "", *, without_answers: bool = True
) -> Referral:
    """Record the decision, or, where a manager must sign it off, propose it (status sign_off). The web page asks
    the decider to confirm when a MASH enquiry is still awaited (without_answers=False until they do)."""
    problems = check_decision(referral, user, decision, reason, without_answers=without_answers)
    if problems:
        raise InvalidInput("The decision was not saved.", problems)
    if needs_sign_off(referral, user, decision):
        referral.proposed_decision, referral.proposed_reason = decision, reason.strip()
        referral.proposed_next_step, referral.proposed_by, referral.proposed_at = (
            (next_step or "").strip(),
            user,
            timezone.now(),
        )
        referral.status = Referral.Status.SIGN_OFF
        referral.save()
        return referral
    return _record_decision(referral, user, decision, reason, next_step)


@transaction.atomic
def sign_off(referral: Referral, manager, approve: bool, note: str = "") -> Referral:
    """A front-door manager signs off a practitioner's proposed decision, or returns it with a reason."""
    check_front_door(manager, referral)
    problems = []
    if not manager.has_role(Role.FRONT_DOOR_MANAGER):
        raise NotAllowed("Only a front-door manager can sign off a decision.")
    if referral.status != Referral.Status.SIGN_OFF:
        problems.append(Problem(["sign_off"], "There is no decision waiting for sign-off"))
    if not approve and not (note or "").strip():
        problems.append(Problem(["sign_off_note"], "Say why the decision is not signed off"))
    if problems:
        raise InvalidInput("Nothing was signed off.", problems)
    if not approve:
        referral.status, referral.proposed_decision = Referral.Status.IN_TRIAGE, ""
        referral.proposed_reason = f"Returned by {manager.display_name}: {note.strip()}"
        referral.save()
        return referral
    referral.signed_off_by, referral.signed_off_at = manager, timezone.now()
    proposer = referral.proposed_by
    return _record_decision(
        referral,
        proposer,
        referral.proposed_decision,
        referral.proposed_reason,
        referral.proposed_next_step,
        requested_by=manager,
    )


def _record_decision(
    referral: Referral, user, decision: str, reason: str, next_step: str, *, requested_by=None
) -> Referral:
    referral.decision, referral.decision_reason = decision, reason.strip()
    referral.decided_by, referral.decided_at, referral.status = user, timezone.now(), Referral.Status.DECIDED
    referral.next_step_for_referrer = (next_step or "").strip() or DEFAULT_NEXT_STEPS[decision]
    referral.save()
    if decision == Decision.STRATEGY_DISCUSSION:
        children = [c.person for c in referral.children.select_related("person") if c.person_id]
        strategy.request(
            requested_by or user,
            children,
            f"Request for help {referral.reference}: {referral.decision_reason}",
            referral_reference=referral.reference,
            urgency=referral.brag or None,
            referrer_agency=referral.referrer_agency,
        )  # EDT's part comes from what happened, not the clock
    # Triage is over: the front door's view of the household ends with it (a strategy discussion requested above
    # carries its own grant to the requesting agency for the discussion's life).
    access.end_grants(referral, kind=GrantKind.TRIAGE, reason=f"Request decided: {referral.get_decision_display()}")
    transaction.on_commit(lambda: tell_referrer_outcome(referral))
    return referral


def front_door_team(referral: Referral):
    from macp.accounts.models import User

    return (
        User.objects.filter(agency_id=referral.receiving_agency_id, is_active=True, roles__role__in=list(FRONT_DOOR))
        .distinct()
        .order_by("first_name", "last_name")
    )


@transaction.atomic
def allocate(referral: Referral, manager, practitioner_id) -> Referral:
    """A front-door manager gives the request to a practitioner of the same front door."""
    check_front_door(manager, referral)
    if not manager.has_role(Role.FRONT_DOOR_MANAGER):
        raise NotAllowed("Only a front-door manager can allocate requests.")
    practitioner = (
        front_door_team(referral).filter(pk=practitioner_id).first() if str(practitioner_id).isdigit() else None
    )
    if practitioner is None:
        raise InvalidInput("Not allocated.", [Problem(["allocated_to"], "Choose a practitioner from this front door")])
    referral.allocated_to, referral.allocated_by, referral.allocated_at = practitioner, manager, timezone.now()
    referral.save(update_fields=["allocated_to", "allocated_by", "allocated_at"])
    return referral


DEFAULT_NEXT_STEPS = {
    Decision.NFA: "No further action by children's social care. Universal services continue to support the family.",
    Decision.EARLY_HELP: "The family will be offered early help. An early help worker will contact them.",
    Decision.ASSESSMENT: "A social worker will carry out a child and family assessment.",
    Decision.STRATEGY_DISCUSSION: "A strategy discussion will be held with partner agencies. You may be invited.",
}


def triage_queue(user):
    """The receiving front door's open requests, most urgent first; those not yet rated come first of all."""
    from django.db.models import F

    return (
        Referral.objects.filter(receiving_agency_id=user.agency_id)
        .exclude(status__in=[Referral.Status.DRAFT, Referral.Status.DECIDED])
        .order_by(F("response_due_at").asc(nulls_first=True), "submitted_at")
        .select_related("allocated_to")
        .prefetch_related("children")
    )


def decided_requests(
    user, *, text: str = "", decision: str = "", since: dt.date | None = None, until: dt.date | None = None
):
    """The receiving front door's decided requests, newest decision first, to find one again."""
    from django.db.models import Q

    found = Referral.objects.filter(receiving_agency_id=user.agency_id, status=Referral.Status.DECIDED)
    if decision in Decision.values:
        found = found.filter(decision=decision)
    if since:
        found = found.filter(decided_at__date__gte=since)
    if until:
        found = found.filter(decided_at__date__lte=until)
    for word in (text or "").split():
        found = found.filter(
            Q(reference__icontains=word)
            | Q(children__given_name__istartswith=word)
            | Q(children__family_name__istartswith=word)
            | Q(referrer_organisation__icontains=word)
        )
    from django.db.models import F

    # Nulls last on every database (PostgreSQL puts them first when descending).
    return (
        found.distinct()
        .order_by(F("decided_at").desc(nulls_last=True), "-pk")
        .prefetch_related("children")
        .select_related("decided_by")
    )


def pending_review_for(child: ReferralChild) -> ReviewItem | None:
    if child.person_id is None:
        return None
    return ReviewItem.objects.filter(provisional_person_id=child.person_id, status=ReviewItem.Status.PENDING).first()


# ---- triage support -------------------------------------------------------------------------------------------


def children_for_triage(referral: Referral, user, route: str) -> list[dict]:
    """Each child with their match, the joined-up history of them and their household, and their alerts. Each
    child's record opened here is an audited read."""
    from macp.access.services import AccessDenied, open_person
    from macp.concerns.services import alerts_for
    from macp.people.services import joined_up_history

    out = []
    for child in referral.children.select_related("person"):
        entry = {"child": child, "history": None, "alerts": [], "review": pending_review_for(child)}
        if child.person_id:
            try:
                open_person(user, child.person_id, route=route)
            except AccessDenied:
                entry["denied"] = True
            else:
                entry["history"] = joined_up_history(child.person)
                entry["alerts"] = alerts_for(child.person, user)
        out.append(entry)
    return out


def confirm_match(referral: Referral, user, position: int) -> ReferralChild:
    check_front_door(user, referral)
    child = referral.children.filter(position=position).first()
    if child is None or child.person_id is None:
        raise InvalidInput("Nothing to confirm.", [Problem(["child"], "That child has no suggested match")])
    child.match_status, child.match_confirmed_by = ReferralChild.Match.CONFIRMED, user
    child.save(update_fields=["match_status", "match_confirmed_by"])
    return child


def partner_agencies(referral: Referral):
    """Agencies involved with the children or their households: the first to ask in a MASH enquiry."""
    from macp.concerns.rules import household_of
    from macp.people.models import Involvement
    from macp.people.services import current

    ids = set()
    for child in referral.children.exclude(person=None).select_related("person"):
        ids.update(household_of(child.person))
    involved = Agency.objects.filter(
        involvements__person_id__in=ids, involvements__in=Involvement.objects.filter(current())
    ).distinct()
    others = Agency.objects.filter(active=True).exclude(pk__in=involved).exclude(pk=referral.receiving_agency_id)
    return {
        "involved": list(involved.exclude(pk=referral.receiving_agency_id).order_by("name")),
        "others": list(others.order_by("name")),
    }


MASH_DEFAULT_HOURS = 24


@transaction.atomic
def ask_partner(referral: Referral, user, agency_code: str, question: str, hours) -> "MashEnquiry":
    """ "Do we need more than one professional opinion?" — ask a partner agency, with a deadline."""

    check_front_door(user, referral)
    problems = []
    agency = Agency.objects.filter(code=agency_code).first()
    if agency is None:
        problems.append(Problem(["agency"], "Choose the agency to ask"))
    if not (question or "").strip():
        problems.append(Problem(["question"], "Write the question for the agency"))
    try:
        hours = int(hours or MASH_DEFAULT_HOURS)
        if not 1 <= hours <= 120:
            raise ValueError
    except (TypeError, ValueError):
        problems.append(Problem(["hours"], "The deadline must be a whole number of hours from 1 to 120"))
    if problems:
        raise InvalidInput("The enquiry was not sent.", problems)
    enquiry = MashEnquiry.objects.create(
        referral=referral,
        agency=agency,
        question=question.strip(),
        asked_by=user,
        due_at=timezone.now() + dt.timedelta(hours=hours),
    )
    # The partner needs to see who the children are to answer: the children only, for a week past the deadline.
    access.grant_access(
        [c.person_id for c in referral.children.exclude(person=None)],
        kind=GrantKind.MASH_ENQUIRY,
        source=enquiry,
        agency=agency,
        reason=f"MASH enquiry about {referral.reference}",
        granted_by=user,
        ends_at=enquiry.due_at + dt.timedelta(days=7),
    )
    if referral.status in (Referral.Status.RECEIVED, Referral.Status.IN_TRIAGE):
        referral.status = Referral.Status.MASH_ENQUIRY
        referral.save(update_fields=["status"])
    path = reverse("referrals:mash_answer", kwargs={"enquiry_id": enquiry.pk})
    due = f"{timezone.localtime(enquiry.due_at):%-d %B %H:%M}"
    RecordNotification.objects.bulk_create(
        [
            RecordNotification(
                agency=agency,
                person_id=c.person_id,
                kind=RecordNotification.Kind.MASH_ENQUIRY,
                link=path,
                sent_at=timezone.now(),
                message=f"The front door asks your agency about request for help "
                f"{referral.reference}: answer by {due}.",
            )
            for c in referral.children.exclude(person=None)
        ]
    )
    transaction.on_commit(
        lambda: email(
            agency.email,
            f"MASH enquiry {referral.reference}: answer by {due}",
            "The front door has asked your agency for information. Sign in to macp to "
            f"answer:\n\n{settings.SITE_URL}{path}",
            kind="mash_enquiry",
            reference=referral.reference,
        )
    )
    return enquiry


def mash_counts(agency_id) -> tuple[int, int]:
    """(waiting, all) MASH enquiries to the agency: the navigation shows the link when there are any, with the
    number waiting for an answer."""
    from django.db.models import Count, Q

    if not agency_id:
        return 0, 0
    counts = MashEnquiry.objects.filter(agency_id=agency_id).aggregate(
        waiting=Count("pk", filter=Q(responded_at__isnull=True)), all=Count("pk")
    )
    return counts["waiting"], counts["all"]


def answer_partner(enquiry, user, response: str):
    if not (response or "").strip():
        raise InvalidInput("Nothing was sent.", [Problem(["response"], "Write your agency's answer")])
    if enquiry.responded_at:
        raise InvalidInput("Already answered.", [Problem(["response"], "This enquiry has already been answered")])
    enquiry.response, enquiry.responded_by, enquiry.responded_at = response.strip(), user, timezone.now()
    enquiry.save(update_fields=["response", "responded_by", "responded_at"])
    return enquiry
