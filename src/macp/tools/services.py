"""Rules for practice tools, the recording check, threshold guidance, contexts and ROTH Tactical Group meetings,
and the prompt to find out who unnamed adults are. check_x() returns problems; do_x() writes.

Who may act: any professional whose agency has a need-to-know basis for the child (access.basis_for: involvement
with the child or their household, or an assignment) may complete a tool, link a child to a context, refer to the
ROTH Tactical Group or record who an adult is (seed 004: "a multi-agency tool designed for use by all
professionals"; "any professional can refer into RTG"). Break-glass is for reading in an emergency, not for writing.
"""

import datetime as dt

from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from macp.access.models import AccessEvent, Basis
from macp.access.services import basis_for, record_access
from macp.accounts.models import Agency, Role
from macp.concerns.services import raise_alert
from macp.core.formats import age_on, date_uk, is_under_18
from macp.core.problems import InvalidInput, Problem
from macp.people.models import (
    Event,
    EventType,
    HouseholdMember,
    Person,
    PersonName,
    Relationship,
    RelationshipType,
)
from macp.people.services import current, household_ids
from macp.tools import language
from macp.tools.models import (
    Completion,
    Context,
    ContextChange,
    ContextLink,
    DecisionBasis,
    DomainScore,
    Indicator,
    LanguageDismissal,
    NeedLevel,
    RtgAction,
    RtgAgendaItem,
    RtgAttendee,
    RtgMeeting,
    RtgReferral,
    ThresholdGuidance,
    Tool,
)

WRITING_BASES = {Basis.INVOLVEMENT, Basis.HOUSEHOLD, Basis.ASSIGNMENT}
RTG_ORGANISERS = (
    Role.TEAM_MANAGER,
    Role.STRATEGY_COORDINATOR,
    Role.CHAIR,
    Role.SOCIAL_WORKER,
    Role.POLICE_INVESTIGATOR,
    Role.FRONT_DOOR_MANAGER,
)
BAND_CHANGE_RULE = "tool-band-change"


def _required(problems: list, data: dict, fields: dict) -> None:
    for field, message in fields.items():
        if not str(data.get(field) or "").strip():
            problems.append(Problem([field], message))


def check_may_write_about(user, child: Person) -> None:
    """Raises PermissionError unless the user's agency has a need-to-know basis for the child."""
    if not user.agency_id:
        raise PermissionError("Only professionals of an agency can record this.")
    basis, _ = basis_for(user, child)
    if basis not in WRITING_BASES:
        raise PermissionError("Your agency is not involved with this child.")


# ---- the recording-language check ------------------------------------------------------------------------


def child_age(person: Person | None) -> int | None:
    if person is None or person.date_of_birth is None:
        return 0 if person is not None and person.is_unborn else None
    return age_on(person.date_of_birth, timezone.localdate())


def recording_findings(text: str, about: Person | None = None) -> list[language.Finding]:
    """The findings of the recording check, using the age of the child the text is about (CONTRACTS §10). Usable
    on save by any domain: it advises and never blocks."""
    return language.check(text, child_age(about))


def check_dismissal(where: str, rule: str, reason: str) -> list[Problem]:
    problems = []
    if rule not in {r.code for r in language.RULES}:
        problems.append(Problem(["rule"], "Unknown finding"))
    if not (reason or "").strip():
        problems.append(Problem(["reason"], "Say why the wording should stay"))
    if not (where or "").strip():
        problems.append(Problem(["where"], "Say where the text was written"))
    return problems


def do_dismiss_finding(user, *, where: str, rule: str, text: str, reason: str) -> LanguageDismissal:
    problems = check_dismissal(where, rule, reason)
    if problems:
        raise InvalidInput("The finding was not dismissed.", problems)
    category = next(r.category for r in language.RULES if r.code == rule)
    return LanguageDismissal.objects.create(
        user=user,
        agency_id=user.agency_id,
        where=where.strip()[:120],
        rule=rule,
        category=category,
        text=(text or "")[:200],
        reason=reason.strip(),
    )


def dismissal_counts() -> list[dict]:
    """How often each finding was dismissed, most first (for quality: which rules writers disagree with)."""
    return list(
        LanguageDismissal.objects.values("rule", "category").annotate(count=Count("id")).order_by("-count", "rule")
    )


# ---- tools -------------------------------------------------------------------------------------------------


def active_tool(code: str) -> Tool | None:
    return Tool.objects.filter(code=code, active=True).order_by("-version").first()


def active_tools() -> list[Tool]:
    newest = {}
    for tool in Tool.objects.filter(active=True).order_by("code", "-version"):
        newest.setdefault(tool.code, tool)
    return list(newest.values())


def band_for(tool: Tool, score: int) -> str:
    return next(b["code"] for b in tool.bands if b["min"] <= score <= b["max"])


def suggested_overall(tool: Tool, scores: dict[str, int]) -> int | None:
    """The Neglect Toolkit's overall is its lowest domain (a need unmet in one area of care is neglect of that
    need). The ROTH tool's overall is the practitioner's judgement on the same 0-10 scale (seed 004: "to enable you
    to make a professional judgement about whether a child … is at overall low (8, 9, 10), medium (4-7) or high
    (0-3) risk"); the lowest domain is offered as the starting point. docs/decisions/0011-practice-tools.md."""
    return min(scores.values()) if scores else None


def check_completion(tool: Tool, data: dict) -> list[Problem]:
    problems = []
    _required(
        problems,
        data,
        {
            "participants": "Say who took part",
            "child_views": "Record the child's views (for a baby or a child who cannot speak: what you observed)",
            "parent_views": "Record the parents' or carers' views, or why they were not sought",
            "strengths": "Record the strengths and safety as well as the worries",
            "worries": "Record what you are worried about",
        },
    )
    values = {s["value"] for s in tool.scale}
    scores = data.get("scores") or {}
    for domain in tool.domains:
        if scores.get(domain["code"]) not in values:
            problems.append(Problem([f"score-{domain['code']}"], f"Choose a score for {domain['title']}"))
    completed_on = data.get("completed_on")
    if not isinstance(completed_on, dt.date):
        problems.append(Problem(["completed_on"], "Enter the date the tool was completed"))
    elif completed_on > timezone.localdate():
        problems.append(Problem(["completed_on"], "The date cannot be in the future"))
    if tool.overall == "professional_judgement":
        overall = data.get("overall_score")
        if overall not in values:
            problems.append(Problem(["overall_score"], "Give your overall judgement on the scale"))
        elif (
            not problems
            and overall > suggested_overall(tool, scores)
            and not str(data.get("overall_reason") or "").strip()
        ):
            problems.append(Problem(["overall_reason"], "Say why the overall is lower risk than the riskiest domain"))
    return problems


@transaction.atomic
def do_complete_tool(tool: Tool, user, child: Person, data: dict) -> Completion:
    """Record a completed tool: its scores, an entry in the child's chronology (a people Event with source_ref
    "tool-completion-N"), and an alert with its evidence when the overall band changed since the last one."""
    check_may_write_about(user, child)
    problems = check_completion(tool, data)
    if problems:
        raise InvalidInput("The tool was not saved.", problems)
    scores = data["scores"]
    overall = data["overall_score"] if tool.overall == "professional_judgement" else suggested_overall(tool, scores)
    previous = completions_for(child, tool.code).last()
    household = None
    if data.get("for_family"):
        membership = HouseholdMember.objects.filter(current(), person=child).select_related("household").first()
        household = membership.household if membership else None
    completion = Completion.objects.create(
        tool=tool,
        child=child,
        household=household,
        completed_on=data["completed_on"],
        completed_by=user,
        agency_id=user.agency_id,
        participants=data["participants"].strip(),
        child_views=data["child_views"].strip(),
        parent_views=data["parent_views"].strip(),
        strengths=data["strengths"].strip(),
        worries=data["worries"].strip(),
        overall_score=overall,
        overall_reason=(data.get("overall_reason") or "").strip(),
        band=band_for(tool, overall),
    )
    DomainScore.objects.bulk_create(
        [
            DomainScore(
                completion=completion,
                domain=d["code"],
                score=scores[d["code"]],
                evidence=(data.get("evidence") or {}).get(d["code"], "").strip(),
            )
            for d in tool.domains
        ]
    )
    occurred = timezone.make_aware(dt.datetime.combine(completion.completed_on, dt.time(12)))
    event = Event.objects.create(
        agency_id=user.agency_id,
        type=EventType.OTHER,
        occurred_at=occurred,
        source_ref=f"tool-completion-{completion.pk}",
        summary=f"{tool.title} completed by {user.display_name}: overall {completion.band_label()} ({overall}).",
    )
    event.persons.add(child)
    completion.event = event
    completion.save(update_fields=["event"])
    if previous and previous.band != completion.band:
        raise_alert(
            child,
            BAND_CHANGE_RULE,
            title=f"{tool.title}: band changed from {previous.band_label()} to {completion.band_label()}",
            reason=(
                f"{tool.title} completed on {date_uk(previous.completed_on)} ({previous.agency.name}) gave "
                f"{previous.band_label()} ({previous.overall_score}); on {date_uk(completion.completed_on)} "
                f"({completion.agency.name}) it gave {completion.band_label()} ({overall})."
            ),
            evidence=[completion_evidence(previous), completion_evidence(completion)],
        )
    return completion


def completion_evidence(completion: Completion) -> dict:
    return {"source": completion.agency.code, "source_id": f"tool-completion-{completion.pk}"}


def completions_for(child: Person, code: str | None = None):
    qs = (
        Completion.objects.filter(child=child)
        .select_related("tool", "agency", "completed_by")
        .prefetch_related("scores")
    )
    return qs.filter(tool__code=code) if code else qs


def chronology_entries(child: Person) -> list[dict]:
    """What the chronology package can read from here: one entry per completed tool and per context link, oldest
    first, in the shape of CONTRACTS §9 (plus "ref" naming the record). Completed tools are also people Events
    (source_ref "tool-completion-N"), so a chronology drawn from events can skip those refs."""
    entries = []
    for c in completions_for(child):
        entries.append(
            {
                "ref": f"tool-completion-{c.pk}",
                "occurred_at": timezone.make_aware(dt.datetime.combine(c.completed_on, dt.time(12))),
                "source": c.agency.code,
                "type": f"tool:{c.tool.code}",
                "summary": f"{c.tool.title}: overall {c.band_label()} ({c.overall_score}). Worries: {c.worries[:200]}",
                "significance": "high" if c.band in ("high", "all_unmet", "many_unmet") else "medium",
                "recorded_by": c.completed_by.display_name,
                "status": "confirmed",
            }
        )
    for link in ContextLink.objects.filter(child=child).select_related("context", "agency", "linked_by", "ended_by"):
        entries.append(
            {
                "ref": f"context-link-{link.pk}",
                "occurred_at": timezone.make_aware(dt.datetime.combine(link.noted_on, dt.time(12))),
                "source": link.agency.code,
                "type": f"context:{link.context.kind}",
                "summary": f"Linked to {link.context}: {link.source}",
                "significance": "medium",
                "recorded_by": link.linked_by.display_name,
                "status": "confirmed",
            }
        )
        if link.ended_on:
            entries.append(
                {
                    "ref": f"context-unlink-{link.pk}",
                    "occurred_at": timezone.make_aware(dt.datetime.combine(link.ended_on, dt.time(12))),
                    "source": link.agency.code,
                    "type": f"context:{link.context.kind}",
                    "summary": f"No longer linked to {link.context}: {link.end_reason}",
                    "significance": "low",
                    "recorded_by": link.ended_by.display_name if link.ended_by else "",
                    "status": "confirmed",
                }
            )
    return sorted(entries, key=lambda e: e["occurred_at"])


def score_series(tool: Tool, completions) -> list[dict]:
    """Per domain, the scores over time: [{"domain", "title", "points": [(date, score)]}]."""
    by_domain = {d["code"]: [] for d in tool.domains}
    for c in completions:
        for s in c.scores.all():
            if s.domain in by_domain:
                by_domain[s.domain].append((c.completed_on, s.score))
    return [{"domain": d["code"], "title": d["title"], "points": by_domain[d["code"]]} for d in tool.domains]


# ---- threshold guidance --------------------------------------------------------------------------------------


def current_continuum() -> ThresholdGuidance | None:
    return (
        ThresholdGuidance.objects.filter(active=True)
        .order_by("-version")
        .prefetch_related(Prefetch("levels", NeedLevel.objects.prefetch_related("indicators")))
        .first()
    )


def do_record_decision_basis(user, subject: str, indicator_ids) -> DecisionBasis | None:
    """Record which indicators of the continuum a decision rested on (Bristol CSPR recommendation c)."""
    ids = [int(i) for i in indicator_ids if str(i).isdigit()]
    if not ids:
        return None
    indicators = list(Indicator.objects.filter(pk__in=ids, level__guidance__active=True))
    basis = DecisionBasis.objects.create(subject=subject, recorded_by=user)
    basis.indicators.set(indicators)
    return basis


def decision_basis(subject: str) -> list[Indicator]:
    latest = DecisionBasis.objects.filter(subject=subject).order_by("-recorded_at").first()
    return list(latest.indicators.select_related("level")) if latest else []


# ---- contexts (contextual safeguarding) ------------------------------------------------------------------------


def check_context(data: dict) -> list[Problem]:
    problems = []
    if data.get("kind") not in Context.Kind.values:
        problems.append(Problem(["kind"], "Choose what kind of context this is"))
    _required(problems, data, {"name": "Name the place, vehicle, group or person"})
    return problems


def do_create_context(user, data: dict) -> Context:
    if not user.agency_id:
        raise PermissionError("Only professionals of an agency can record contexts.")
    problems = check_context(data)
    if problems:
        raise InvalidInput("The context was not saved.", problems)
    context = Context.objects.create(
        kind=data["kind"],
        name=data["name"].strip(),
        description=(data.get("description") or "").strip(),
        location=(data.get("location") or "").strip(),
        created_by=user,
        agency_id=user.agency_id,
        local_authority_id=user.agency.local_authority_id,
    )
    ContextChange.objects.create(context=context, kind=ContextChange.Kind.CREATED, by=user, agency_id=user.agency_id)
    return context


CONTEXT_FIELDS = ("kind", "name", "location", "description")


def check_may_edit_context(user, context: Context) -> None:
    """Any professional of an agency serving the context's council (or of an agency serving several) may correct
    a context: contexts are shared records, like the children linked to them."""
    if not user.agency_id:
        raise PermissionError("Only professionals of an agency can change contexts.")
    la = user.agency.local_authority_id
    if la and context.local_authority_id and context.local_authority_id != la:
        raise PermissionError("This context belongs to another council's area.")


def check_context_edit(context: Context, data: dict) -> list[Problem]:
    problems = check_context(data)
    if not problems and not _context_changes(context, data):
        problems.append(Problem(["name"], "Nothing has changed"))
    _required(problems, data, {"reason": "Say why it is being changed"})
    return problems


def _context_changes(context: Context, data: dict) -> dict:
    changes = {}
    for field in CONTEXT_FIELDS:
        before, after = getattr(context, field), str(data.get(field) or "").strip()
        if before != after:
            changes[field] = [before, after]
    return changes


@transaction.atomic
def do_edit_context(user, context: Context, data: dict) -> ContextChange:
    """Correct a context (its kind, name, place or description); what it was before is kept in its history."""
    check_may_edit_context(user, context)
    problems = check_context_edit(context, data)
    if problems:
        raise InvalidInput("The context was not changed.", problems)
    changes = _context_changes(context, data)
    for field, (_, after) in changes.items():
        setattr(context, field, after)
    context.save(update_fields=list(changes))
    return ContextChange.objects.create(
        context=context,
        kind=ContextChange.Kind.EDITED,
        changes=changes,
        reason=data["reason"].strip(),
        by=user,
        agency_id=user.agency_id,
    )


def check_link(data: dict) -> list[Problem]:
    problems = []
    _required(problems, data, {"source": "Say how this is known"})
    noted_on = data.get("noted_on")
    if not isinstance(noted_on, dt.date):
        problems.append(Problem(["noted_on"], "Enter the date"))
    elif noted_on > timezone.localdate():
        problems.append(Problem(["noted_on"], "The date cannot be in the future"))
    return problems


def do_link_child(user, context: Context, child: Person, data: dict) -> ContextLink:
    check_may_write_about(user, child)
    problems = check_link(data)
    if problems:
        raise InvalidInput("The link was not saved.", problems)
    link = ContextLink.objects.create(
        context=context,
        child=child,
        noted_on=data["noted_on"],
        source=data["source"].strip(),
        note=(data.get("note") or "").strip(),
        linked_by=user,
        agency_id=user.agency_id,
    )
    ContextChange.objects.create(
        context=context, link=link, kind=ContextChange.Kind.LINKED, by=user, agency_id=user.agency_id
    )
    return link


def check_unlink(link: ContextLink, data: dict) -> list[Problem]:
    problems = []
    if link.ended_on is not None:
        problems.append(Problem(["ended_on"], "This link has already ended"))
    ended_on = data.get("ended_on")
    if not isinstance(ended_on, dt.date):
        problems.append(Problem(["ended_on"], "Enter the date the link ended"))
    elif ended_on > timezone.localdate():
        problems.append(Problem(["ended_on"], "The date cannot be in the future"))
    elif ended_on < link.noted_on:
        problems.append(Problem(["ended_on"], f"The date cannot be before the link began ({date_uk(link.noted_on)})"))
    _required(problems, data, {"reason": "Say why the child is no longer linked (or why the link was wrong)"})
    return problems


@transaction.atomic
def do_unlink_child(user, link: ContextLink, data: dict) -> ContextLink:
    """End a child's link to a context, with the date and the reason; the link stays in the history."""
    check_may_write_about(user, link.child)
    problems = check_unlink(link, data)
    if problems:
        raise InvalidInput("The link was not ended.", problems)
    link.ended_on, link.ended_by, link.end_reason = data["ended_on"], user, data["reason"].strip()
    link.save(update_fields=["ended_on", "ended_by", "end_reason"])
    ContextChange.objects.create(
        context=link.context,
        link=link,
        kind=ContextChange.Kind.UNLINKED,
        reason=link.end_reason,
        by=user,
        agency_id=user.agency_id,
    )
    return link


def context_history(user, context: Context, *, route: str) -> list[dict]:
    """The context's changes, newest first; a child linked or unlinked is named only on a need-to-know basis."""
    seen: dict = {}
    labels = {f: Context._meta.get_field(f).verbose_name.capitalize() for f in CONTEXT_FIELDS}
    kinds = dict(Context.Kind.choices)
    rows = []
    for change in context.changes.select_related("by", "agency", "link__child"):
        edits = [
            {
                "field": labels[field],
                "before": kinds.get(before, before) if field == "kind" else before,
                "after": kinds.get(after, after) if field == "kind" else after,
            }
            for field, (before, after) in change.changes.items()
            if field in labels
        ]
        child = child_label(user, change.link.child, route=route, seen=seen) if change.link_id else None
        rows.append({"change": change, "edits": edits, "child": child})
    return rows


def child_label(user, person: Person, *, route: str, seen: dict | None = None) -> dict:
    """A child shown beside another: named (and the read audited) when the viewer may open them, otherwise
    "another child" (need to know)."""
    if seen is not None and person.pk in seen:
        return seen[person.pk]
    basis, _ = basis_for(user, person)
    if basis in WRITING_BASES:
        record_access(
            user,
            person.pk,
            route=route,
            channel=AccessEvent.Channel.PAGE,
            basis=basis,
            detail="linked through a context",
        )
        label = {"person_id": person.person_id, "name": person.full_name, "named": True}
    else:
        label = {"person_id": None, "name": "another child", "named": False}
    if seen is not None:
        seen[person.pk] = label
    return label


def contexts_for_child(user, child: Person, *, route: str) -> list[dict]:
    """The contexts around a child, each with its links to this child and the other children linked to it."""
    links = list(ContextLink.objects.filter(child=child, ended_on__isnull=True).select_related("context", "agency"))
    contexts = {}
    for link in links:
        contexts.setdefault(link.context_id, {"context": link.context, "links": [], "others": []})["links"].append(link)
    seen: dict = {}
    others = (
        ContextLink.objects.filter(context_id__in=list(contexts), ended_on__isnull=True)
        .exclude(child=child)
        .select_related("child", "agency")
    )
    for link in others:
        entry = contexts[link.context_id]
        if any(o["child_pk"] == link.child_id for o in entry["others"]):
            continue
        entry["others"].append(
            {
                "child_pk": link.child_id,
                "noted_on": link.noted_on,
                "agency": link.agency.name,
                **child_label(user, link.child, route=route, seen=seen),
            }
        )
    return list(contexts.values())


def context_children(user, context: Context, *, route: str) -> list[dict]:
    """The children linked to a context now (ended links are in its history)."""
    seen: dict = {}
    return [
        {"link": link, **child_label(user, link.child, route=route, seen=seen)}
        for link in context.links.filter(ended_on__isnull=True).select_related("child", "agency")
    ]


# ---- ROTH Tactical Group -----------------------------------------------------------------------------------


def check_rtg_referral(data: dict) -> list[Problem]:
    problems = []
    if not data.get("child") and not data.get("context"):
        problems.append(Problem(["child"], "Refer a child, a context, or both"))
    _required(problems, data, {"reason": "Say why the group should consider this"})
    return problems


def do_refer_to_rtg(user, data: dict) -> RtgReferral:
    if not user.agency_id:
        raise PermissionError("Only professionals of an agency can refer to the ROTH Tactical Group.")
    problems = check_rtg_referral(data)
    if problems:
        raise InvalidInput("The referral was not sent.", problems)
    if data.get("child"):
        check_may_write_about(user, data["child"])
    return RtgReferral.objects.create(
        child=data.get("child"),
        context=data.get("context"),
        reason=data["reason"].strip(),
        referred_by=user,
        agency_id=user.agency_id,
    )


def check_rtg_organiser(user) -> None:
    if not user.agency_id or not user.has_role(*RTG_ORGANISERS):
        raise PermissionError(
            "ROTH Tactical Group meetings are arranged by managers, chairs, coordinators and lead professionals."
        )


def do_schedule_rtg(user, data: dict) -> RtgMeeting:
    check_rtg_organiser(user)
    problems = []
    if not isinstance(data.get("meets_at"), dt.datetime):
        problems.append(Problem(["meets_at"], "Enter the date and time of the meeting"))
    _required(problems, data, {"chair": "Name the chair"})
    if problems:
        raise InvalidInput("The meeting was not arranged.", problems)
    meeting = RtgMeeting.objects.create(
        meets_at=data["meets_at"],
        chair=data["chair"].strip(),
        created_by=user,
        agency_id=user.agency_id,
        local_authority_id=user.agency.local_authority_id,
    )
    for referral in RtgReferral.objects.filter(meeting__isnull=True, pk__in=data.get("referrals") or []):
        do_add_to_agenda(user, meeting, referral)
    return meeting


def open_referrals():
    return RtgReferral.objects.filter(meeting__isnull=True).select_related("child", "context", "agency")


def do_add_to_agenda(user, meeting: RtgMeeting, referral: RtgReferral) -> RtgAgendaItem:
    check_rtg_organiser(user)
    referral.meeting = meeting
    referral.save(update_fields=["meeting"])
    return RtgAgendaItem.objects.create(
        meeting=meeting,
        child=referral.child,
        context=referral.context,
        referral=referral,
        position=meeting.items.count() + 1,
    )


def do_record_discussion(user, item: RtgAgendaItem, discussion: str) -> RtgAgendaItem:
    check_rtg_organiser(user)
    if not (discussion or "").strip():
        raise InvalidInput(
            "The discussion was not saved.", [Problem([f"discussion-{item.pk}"], "Record what was discussed")]
        )
    item.discussion = discussion.strip()
    item.save(update_fields=["discussion"])
    return item


def check_rtg_action(data: dict) -> list[Problem]:
    problems = []
    _required(problems, data, {"owner": "Name who will do it", "what": "Say what will be done"})
    if not Agency.objects.filter(code=data.get("owner_agency") or "").exists():
        problems.append(Problem(["owner_agency"], "Choose the agency that owns the action"))
    due = data.get("due")
    if not isinstance(due, dt.date):
        problems.append(Problem(["due"], "Enter the date it is due"))
    return problems


def do_add_rtg_action(user, meeting: RtgMeeting, data: dict) -> RtgAction:
    check_rtg_organiser(user)
    problems = check_rtg_action(data)
    if problems:
        raise InvalidInput("The action was not saved.", problems)
    item = meeting.items.filter(pk=data.get("item") or 0).first()
    return RtgAction.objects.create(
        meeting=meeting,
        item=item,
        owner_agency=Agency.objects.get(code=data["owner_agency"]),
        owner=data["owner"].strip(),
        what=data["what"].strip(),
        due=data["due"],
    )


def check_attendee(data: dict) -> list[Problem]:
    problems = []
    _required(problems, data, {"name": "Enter the attendee's name"})
    if not Agency.objects.filter(code=data.get("agency") or "").exists():
        problems.append(Problem(["agency"], "Choose the attendee's agency"))
    return problems


def do_add_attendee(user, meeting: RtgMeeting, data: dict) -> RtgAttendee:
    """Record who attended (or sent apologies), for which agency and in what role."""
    check_rtg_organiser(user)
    problems = check_attendee(data)
    if problems:
        raise InvalidInput("The attendee was not added.", problems)
    return RtgAttendee.objects.create(
        meeting=meeting,
        name=data["name"].strip(),
        role=(data.get("role") or "").strip(),
        agency=Agency.objects.get(code=data["agency"]),
        apologies=bool(data.get("apologies")),
    )


def do_remove_attendee(user, attendee: RtgAttendee) -> None:
    check_rtg_organiser(user)
    attendee.delete()


def check_held(meeting: RtgMeeting, data: dict) -> list[Problem]:
    problems = []
    held_at = data.get("held_at")
    if not isinstance(held_at, dt.datetime):
        problems.append(Problem(["held_at"], "Enter the date and time the meeting was held"))
    elif held_at > timezone.now():
        problems.append(Problem(["held_at"], "A meeting cannot be recorded as held in the future"))
    _required(problems, data, {"minutes": "Write the minutes: what the group considered and decided"})
    if not meeting.attendees.filter(apologies=False).exists():
        problems.append(Problem(["held_at"], "Record who attended before recording the meeting as held"))
    return problems


def do_record_held(user, meeting: RtgMeeting, data: dict) -> RtgMeeting:
    """Record the meeting as held, with its minutes (saving again corrects them). The discussion of each agenda
    item and the actions are recorded item by item."""
    check_rtg_organiser(user)
    problems = check_held(meeting, data)
    if problems:
        raise InvalidInput("The meeting was not recorded as held.", problems)
    meeting.status = RtgMeeting.Status.HELD
    meeting.held_at = data["held_at"]
    meeting.minutes = data["minutes"].strip()
    meeting.minutes_by = user
    meeting.save(update_fields=["status", "held_at", "minutes", "minutes_by"])
    return meeting


def check_may_complete_action(user, action: RtgAction) -> None:
    """The owning agency, or an organiser, records an action as done."""
    if not user.agency_id:
        raise PermissionError("Only professionals of an agency can update actions.")
    if user.agency_id != action.owner_agency_id and not user.has_role(*RTG_ORGANISERS):
        raise PermissionError("Only the agency that owns the action, or the group's organisers, can mark it done.")


def do_complete_action(user, action: RtgAction, note: str) -> RtgAction:
    check_may_complete_action(user, action)
    if action.done_at is not None:
        raise InvalidInput("The action is already done.", [Problem(["note"], "This action is done")])
    if not (note or "").strip():
        raise InvalidInput("The action was not updated.", [Problem(["note"], "Say what was done")])
    action.done_at, action.done_by, action.done_note = timezone.now(), user, note.strip()
    action.save(update_fields=["done_at", "done_by", "done_note"])
    return action


def meeting_agenda(user, meeting: RtgMeeting, *, route: str) -> list[dict]:
    seen: dict = {}
    rows = []
    for item in meeting.items.select_related("child", "context", "referral__agency").prefetch_related(
        "actions__owner_agency"
    ):
        rows.append(
            {"item": item, "child": child_label(user, item.child, route=route, seen=seen) if item.child else None}
        )
    return rows


# ---- unnamed adults ---------------------------------------------------------------------------------------------


def unknown_adults(child: Person) -> list[dict]:
    """Adults living with the child whose name, or whose relationship to the child, nobody has recorded (Bristol
    CSPR: men in the household unseen or assumed to be "dad"). A 'household member' relationship says nothing about
    who they are, so it counts as unknown."""
    today = timezone.localdate()
    out = []
    others = Person.objects.filter(pk__in=household_ids(child.pk), merged_into__isnull=True).exclude(pk=child.pk)
    for adult in others:
        if is_under_18(adult.date_of_birth, today, unborn=adult.is_unborn):
            continue
        rels = Relationship.objects.filter(
            Q(from_person=adult, to_person=child) | Q(from_person=child, to_person=adult)
        ).filter(current())
        missing = []
        if not (adult.given_name or adult.family_name):
            missing.append("name")
        if not rels.exclude(type=RelationshipType.HOUSEHOLD_MEMBER).exists():
            missing.append("relationship")
        if missing:
            out.append({"person": adult, "missing": missing})
    return out


WHO_RELATIONSHIPS = [
    RelationshipType.PARENT,
    RelationshipType.STEP_PARENT,
    RelationshipType.GRANDPARENT,
    RelationshipType.CARER,
    RelationshipType.SIBLING,
    RelationshipType.HALF_SIBLING,
    RelationshipType.OTHER,
]


def check_who(adult_missing: list[str], data: dict) -> list[Problem]:
    problems = []
    if "name" in adult_missing and not (
        str(data.get("given_name") or "").strip() or str(data.get("family_name") or "").strip()
    ):
        problems.append(Problem(["given_name"], "Enter at least a given name or a family name"))
    if "relationship" in adult_missing and data.get("relationship") not in [r.value for r in WHO_RELATIONSHIPS] + [
        "partner_of_parent"
    ]:
        problems.append(Problem(["relationship"], "Choose who they are to the child"))
    _required(problems, data, {"source": "Say how you know (who told you, or what document)"})
    return problems


@transaction.atomic
def do_record_who(user, child: Person, adult: Person, data: dict) -> Person:
    """Record who an unknown adult is: their name and/or their relationship to the child, with the source."""
    check_may_write_about(user, child)
    entry = next((e for e in unknown_adults(child) if e["person"].pk == adult.pk), None)
    if entry is None:
        raise InvalidInput("Nothing to record.", [Problem(["given_name"], "This adult is already known")])
    problems = check_who(entry["missing"], data)
    if problems:
        raise InvalidInput("Who they are was not saved.", problems)
    note = f"Recorded by {user.display_name}: {data['source'].strip()}"[:300]
    if "name" in entry["missing"]:
        adult.given_name, adult.family_name = data.get("given_name", "").strip(), data.get("family_name", "").strip()
        adult.save(update_fields=["given_name", "family_name"])
        PersonName.objects.create(
            person=adult,
            given_name=adult.given_name,
            family_name=adult.family_name,
            source_id=user.agency_id,
            source_ref=f"recorded-by-{user.username}",
        )
    if "relationship" in entry["missing"]:
        kind = data["relationship"]
        if kind == "partner_of_parent":
            # Not a parent of the child: a carer in the household, and the partner of a parent where one is living there.
            Relationship.objects.create(
                from_person=adult,
                to_person=child,
                type=RelationshipType.CARER,
                source_id=user.agency_id,
                notes=f"Partner of a parent. {note}"[:300],
            )
        else:
            Relationship.objects.create(
                from_person=adult, to_person=child, type=kind, source_id=user.agency_id, notes=note
            )
    return adult
