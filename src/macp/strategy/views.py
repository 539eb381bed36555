"""Pages for strategy discussions: the one booking queue, requesting, the discussion and its invitations, booking with
proposed times and calendar invitations, answering an invitation, the meeting as a sequence of steps in the standard
agenda's order (each step one form, its own URL and view, so saving one never drops what was typed in another), a
confirmation page before finalising, the minutes (edited with optimistic locking, distributed, acknowledged,
challenged, amended, exported), availability, and each agency's actions.

Views parse the form, call one service and render. Every rule (who may do what, what is missing, what is sent) is
in the strategy services; a PermissionError from a service becomes the 403 page. `_discussion` is the one place a
page asks whether the user may open a discussion.
"""

import contextlib
import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from macp import documents
from macp.access.genogram import for_page as genogram_for_page
from macp.access.models import AccessEvent
from macp.access.services import visible_people
from macp.accounts.models import Agency
from macp.core.formats import adults_born_by, possessive
from macp.core.forms import error_summary
from macp.core.ids import is_uuid
from macp.core.problems import InvalidInput, Problem
from macp.directory.services import roles_by_type
from macp.escalations import services as escalations
from macp.escalations.models import AboutKind
from macp.people.models import Person
from macp.people.services import search_people
from macp.strategy import actions, agenda, booking, complexity, distribution, invitations, scheduling, services
from macp.strategy import availability as duty_rota
from macp.strategy import meeting as meeting_record
from macp.strategy import minutes as minutes_text
from macp.strategy.forms import (
    ActionForm,
    AddChildForm,
    AnswerChallengeForm,
    AttendanceForm,
    BookForm,
    ChallengeForm,
    ContributionForm,
    DecisionForm,
    DissentForm,
    DutySlotForm,
    FeedbackForm,
    GenogramForm,
    InviteForm,
    SetAsideComplexityForm,
    yes_no,
)
from macp.strategy.models import (
    Action,
    Attendance,
    ChildDecision,
    Distribution,
    DutySlot,
    Invitation,
    StrategyDiscussion,
)

SEARCH_LIMIT = 25


# ---- helpers -----------------------------------------------------------------------------------------------------


@contextlib.contextmanager
def _allowed():
    """A service's refusal is the 403 page."""
    try:
        yield
    except PermissionError as refused:
        raise PermissionDenied(str(refused)) from None


def _render(request, template: str, context: dict, status: int = 200):
    """render() with err(field): the errorMessage a GOV.UK macro wants for that field, or None. A form in the
    context gives the error summary unless the view set one."""
    form = context.get("form")
    if form is not None and "error_list" not in context and form.is_bound:
        context["error_list"] = form.error_list()
    errors = context.get("errors") or {}
    context["err"] = lambda field: {"text": errors[field]} if errors.get(field) else None
    context.setdefault("errors", errors)
    context.setdefault("error_list", [])
    if context["error_list"] and status == 200:
        status = 400
    return render(request, template, context, status=status)


def _discussion(request, discussion_id: int) -> StrategyDiscussion:
    """The one gate: the discussion if this user may open it; 403 if it exists but not for them; 404 otherwise."""
    discussion = services.visible_discussions(request.user).filter(pk=discussion_id).first()
    if discussion is None:
        services.audit_refusal(request.user, discussion_id, route=request.path, channel=AccessEvent.Channel.PAGE)
        if StrategyDiscussion.objects.filter(pk=discussion_id).exists():
            raise PermissionDenied("Your agency is not invited to this strategy discussion.")
        raise Http404("No such strategy discussion")
    return discussion


def _respond_url(request, discussion) -> str:
    return request.build_absolute_uri(reverse("strategy:respond", kwargs={"discussion_id": discussion.pk}))


def waiting_text(since: dt.datetime, now: dt.datetime) -> str:
    """'waiting 3 hours': how long a request has been in the queue, in the largest whole unit."""
    minutes = max(0, int((now - since).total_seconds() // 60))
    if minutes < 1:
        return "waiting less than a minute"
    if minutes < 60:
        return f"waiting {minutes} minute{'s' if minutes != 1 else ''}"
    hours = minutes // 60
    if hours < 48:
        return f"waiting {hours} hour{'s' if hours != 1 else ''}"
    return f"waiting {hours // 24} days"


def _children(discussion) -> list[Person]:
    return list(discussion.children.order_by("date_of_birth", "given_name"))


def _search_children(user, query: str, exclude=()) -> list[Person]:
    """Children (born under 18 years ago, or not yet born) the user's agency can see, matching the search."""
    if not query:
        return []
    found = (
        search_people(visible_people(user), query)
        .exclude(date_of_birth__lte=adults_born_by())
        .exclude(pk__in=[c.pk for c in exclude])
    )
    return list(found.order_by("family_name", "given_name")[:SEARCH_LIMIT])


# ---- the queue and requesting --------------------------------------------------------------------------------------


def queue(request):
    user = request.user
    now = timezone.now()
    rows = []
    for discussion in booking.booking_queue(user, now)[:200]:
        rows.append(
            {
                "discussion": discussion,
                "children": list(discussion.children.all()),
                "waiting": waiting_text(discussion.requested_at, now)
                if discussion.status == StrategyDiscussion.Status.REQUESTED
                else "",
                "overdue": discussion.status == StrategyDiscussion.Status.REQUESTED
                and discussion.target_at
                and discussion.target_at < now,
                "complexity": complexity.assess(discussion),
            }
        )
    return _render(
        request,
        "strategy/queue.html",
        {
            "rows": rows,
            "staff": user.has_role(*services.STAFF_ROLES),
            "can_request": services.can_request(user),
            "now": now,
        },
    )


def request_discussion(request):
    user = request.user
    if not services.can_request(user):
        raise PermissionDenied(
            "Strategy discussions are requested by team managers (front door, area teams, EDT) and social workers."
        )
    values = request.POST if request.method == "POST" else request.GET
    chosen_ids = values.getlist("children") or values.getlist("child")
    chosen = list(visible_people(user).filter(pk__in=[c for c in chosen_ids if is_uuid(c)]))
    query = values.get("q", "").strip()
    results = _search_children(user, query, exclude=chosen)
    errors, summary = {}, []
    if request.method == "POST" and request.POST.get("action") == "request":
        try:
            discussion = booking.request(
                user,
                chosen,
                request.POST.get("reason", ""),
                urgency=request.POST.get("urgency") or None,
                referral_reference=request.POST.get("referral", "").strip()[:20],
                out_of_hours=request.POST.get("out_of_hours") == "yes",
                organised_abuse_indicators=request.POST.get("organised_abuse_indicators") == "yes",
            )
        except InvalidInput as error:
            errors, summary = error_summary(
                error.problems, anchors={"children": "children" if chosen or results else "q", "requested_by": "reason"}
            )
        else:
            messages.success(
                request, f"Strategy discussion SD-{discussion.pk} requested. It is in the strategy coordinators' queue."
            )
            return redirect("strategy:detail", discussion_id=discussion.pk)
    return _render(
        request,
        "strategy/request.html",
        {
            "chosen": chosen,
            "results": results,
            "query": query,
            "values": values,
            "errors": errors,
            "error_list": summary,
            "searched": bool(query),
        },
    )


# ---- the discussion ---------------------------------------------------------------------------------------------


def _detail_context(request, discussion) -> dict:
    user = request.user
    assessed = complexity.assess(discussion)
    invited_ids = services.invited_agency_ids(discussion)
    uninvited = invitations.involved_but_uninvited(discussion)
    others = (
        Agency.objects.filter(active=True)
        .exclude(pk__in=invited_ids)
        .exclude(pk__in=[a.pk for a in uninvited])
        .order_by("name")
    )
    rows = list(discussion.invitations.select_related("agency", "for_person", "changed_by"))
    mine = [i for i in rows if i.agency_id == user.agency_id and i.status != Invitation.Status.REMOVED]
    return {
        "discussion": discussion,
        "children": _children(discussion),
        "complexity": assessed,
        "sections": agenda.sections(discussion, assessed),
        "agenda_version": agenda.agenda_for(discussion).version,
        "invitation_groups": invitations.grouped(rows),
        "agency_roles": roles_by_type({i.agency.type for i in rows}),
        "uninvited": uninvited,
        "other_agencies": others,
        "my_invitation": mine[0] if mine else None,
        "distribution": discussion.distribution.select_related("agency", "acknowledged_by").order_by("agency__name"),
        "icpc_due": meeting_record.icpc_due(discussion),
        "can_book": services.can_book(user),
        "can_record": services.can_record(user),
        "is_chair": user.has_role("chair"),
        "is_coordinator": user.has_role("strategy_coordinator"),
        "now": timezone.now(),
        **_disagreements(user, discussion),
    }


def _disagreements(user, discussion) -> dict:
    """The open disagreements about the discussion's outcome, shown on its page and its minutes (issue 11), and the
    way to raise one once there is an outcome to disagree with."""
    finalised = discussion.status == StrategyDiscussion.Status.FINALISED
    return {
        "disagreements": escalations.open_for_decision(AboutKind.STRATEGY_DISCUSSION, discussion.pk),
        "raise_disagreement_url": escalations.raise_url(AboutKind.STRATEGY_DISCUSSION, discussion.pk)
        if finalised and user.agency_id
        else "",
    }


def detail(request, discussion_id: int):
    discussion = _discussion(request, discussion_id)
    services.audit_children(discussion, request.user, route=request.path)
    return _render(request, "strategy/detail.html", _detail_context(request, discussion))


def add_invitation(request, discussion_id: int):
    """Invite another agency, with the reason. Refused input is shown on the discussion page with the summary."""
    discussion = _discussion(request, discussion_id)
    if request.method != "POST":
        return redirect("strategy:detail", discussion_id=discussion.pk)
    form = InviteForm(request.POST)
    form.is_valid()
    try:
        with _allowed():
            invitation = invitations.add_invitation(
                discussion,
                request.user,
                form.cleaned_data["agency"],
                form.cleaned_data["reason"],
                respond_url=_respond_url(request, discussion),
            )
    except InvalidInput as error:
        form.add_problems(error.problems)
        services.audit_children(discussion, request.user, route=request.path)
        return _render(
            request,
            "strategy/detail.html",
            {**_detail_context(request, discussion), "invite_form": form, "error_list": form.error_list()},
        )
    messages.success(request, f"{invitation.agency.name} invited.")
    return redirect("strategy:detail", discussion_id=discussion.pk)


def answer_challenge(request, discussion_id: int, distribution_id: int):
    """The chair answers one agency's accuracy challenge."""
    discussion = _discussion(request, discussion_id)
    record = get_object_or_404(Distribution.objects.select_related("agency"), pk=distribution_id, discussion=discussion)
    if request.method != "POST":
        return redirect("strategy:detail", discussion_id=discussion.pk)
    form = AnswerChallengeForm(request.POST)
    form.id_prefix = f"answer-{record.pk}"
    form.is_valid()
    try:
        with _allowed():
            distribution.answer_challenge(record, request.user, form.cleaned_data["answer"])
    except InvalidInput as error:
        form.add_problems(error.problems)
        services.audit_children(discussion, request.user, route=request.path)
        return _render(
            request,
            "strategy/detail.html",
            {
                **_detail_context(request, discussion),
                "answer_form": form,
                "answering": record.pk,
                "error_list": form.error_list(),
            },
        )
    messages.success(
        request, f"Your answer to {possessive(record.agency.name)} challenge is recorded and they have been told."
    )
    return redirect("strategy:detail", discussion_id=discussion.pk)


def remove_invitation(request, discussion_id: int, invitation_id: int):
    discussion = _discussion(request, discussion_id)
    if not services.can_book(request.user):
        raise PermissionDenied("Only strategy coordinators and chairs change who is invited.")
    invitation = get_object_or_404(
        Invitation.objects.select_related("agency", "for_person"), pk=invitation_id, discussion=discussion
    )
    errors, summary = {}, []
    if request.method == "POST":
        try:
            with _allowed():
                invitations.remove_invitation(invitation, request.user, request.POST.get("reason", ""))
        except InvalidInput as error:
            errors, summary = error_summary(error.problems, anchors={"invitation": "reason"})
        else:
            messages.success(
                request, f"{invitation.agency.name} is no longer invited. The reason is kept on the record."
            )
            return redirect("strategy:detail", discussion_id=discussion.pk)
    return _render(
        request,
        "strategy/remove_invitation.html",
        {
            "discussion": discussion,
            "invitation": invitation,
            "errors": errors,
            "error_list": summary,
            "values": request.POST if request.method == "POST" else {},
        },
    )


def add_child(request, discussion_id: int):
    """Another child joins the discussion: found by search among the children the agency can see; the invitations
    are suggested again and the new ones shown with their reasons."""
    discussion = _discussion(request, discussion_id)
    if not services.can_book(request.user):
        raise PermissionDenied("Only strategy coordinators and chairs add a child to a discussion.")
    query = (request.GET.get("q") or request.POST.get("q") or "").strip()
    current = _children(discussion)
    form = AddChildForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["child"]
        child = visible_people(request.user).filter(pk=chosen).first() if is_uuid(chosen) else None
        try:
            with _allowed():
                added = booking.add_child(
                    discussion, request.user, child, respond_url=_respond_url(request, discussion)
                )
        except InvalidInput as error:
            form.add_problems(error.problems)
        else:
            new = ", ".join(sorted({i.agency.name for i in added})) or "no new agencies"
            messages.success(request, f"{child.full_name} added. Invitations suggested again: {new}.")
            return redirect(reverse("strategy:detail", kwargs={"discussion_id": discussion.pk}) + "#invitations")
    services.audit_children(discussion, request.user, route=request.path)
    return _render(
        request,
        "strategy/add_child.html",
        {
            "discussion": discussion,
            "children": current,
            "query": query,
            "form": form,
            "results": _search_children(request.user, query, exclude=current),
            "searched": bool(query),
        },
    )


def set_aside_complexity(request, discussion_id: int):
    """The coordinator sets the complexity route aside, saying why (kept on the record)."""
    discussion = _discussion(request, discussion_id)
    if not request.user.has_role("strategy_coordinator"):
        raise PermissionDenied("Only a strategy coordinator may set the complexity route aside.")
    form = SetAsideComplexityForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            with _allowed():
                complexity.set_aside(discussion, request.user, form.cleaned_data["reason"])
        except InvalidInput as error:
            form.add_problems(error.problems)
        else:
            messages.success(request, "The complexity route is set aside. Your reason is on the record.")
            return redirect("strategy:detail", discussion_id=discussion.pk)
    return _render(
        request,
        "strategy/set_aside_complexity.html",
        {
            "discussion": discussion,
            "complexity": complexity.assess(discussion),
            "form": form,
        },
    )


def book(request, discussion_id: int):
    discussion = _discussion(request, discussion_id)
    if not services.can_book(request.user):
        raise PermissionDenied("Only strategy coordinators and chairs book strategy discussions.")
    if discussion.status == StrategyDiscussion.Status.FINALISED:
        raise PermissionDenied("The discussion has been held and its minutes finalised.")
    proposal = scheduling.propose(discussion)
    form = BookForm(
        request.POST if request.method == "POST" else None,
        initial={"at": discussion.scheduled_for, "link": discussion.meeting_link},
    )
    if request.method == "POST":
        form.is_valid()
        if form.cleaned_data.get("when") != "other":
            form.errors.pop("at", None)  # a typed date only matters when "Another time" is chosen
        try:
            with _allowed():
                # A date that is not a real one reaches the service as no time: its own message stays on the field.
                sent = booking.book(
                    discussion,
                    request.user,
                    form.chosen_time(),
                    form.cleaned_data.get("link", ""),
                    respond_url=_respond_url(request, discussion),
                    held=bool(form.cleaned_data.get("held")),
                )
        except InvalidInput as error:
            form.add_problems(
                [p for p in error.problems if not (p.loc == ["at"] and form.errors.get("at"))],
                aliases={"at": "at" if form.cleaned_data.get("when") == "other" else "when"},
            )
        else:
            if discussion.held_before_recorded:
                messages.success(
                    request,
                    f"Recorded as held on {timezone.localtime(discussion.scheduled_for):%-d %B %Y at %H:%M}. "
                    "Record the attendance, decisions and actions as for any discussion.",
                )
                return redirect("strategy:detail", discussion_id=discussion.pk)
            messages.success(
                request,
                f"Booked for {timezone.localtime(discussion.scheduled_for):%-d %B %Y at %H:%M}. "
                f"Calendar invitations sent to {len(sent)} agenc{'y' if len(sent) == 1 else 'ies'}.",
            )
            return redirect("strategy:detail", discussion_id=discussion.pk)
    return _render(request, "strategy/book.html", {"discussion": discussion, "proposal": proposal, "form": form})


def respond(request, discussion_id: int):
    discussion = _discussion(request, discussion_id)
    user = request.user
    mine = list(
        discussion.invitations.filter(agency_id=user.agency_id)
        .exclude(status=Invitation.Status.REMOVED)
        .select_related("agency", "for_person")
    )
    if not mine:
        raise PermissionDenied("Only an invited agency can answer its invitation.")
    errors, summary = {}, []
    if request.method == "POST":
        try:
            with _allowed():
                invitations.respond(
                    discussion, user, request.POST.get("answer", ""), request.POST.get("delegate_name", "")
                )
        except InvalidInput as error:
            errors, summary = error_summary(error.problems, anchors={"main-content": "answer", "status": "answer"})
        else:
            messages.success(request, "Your agency's answer is recorded. The coordinator can see it.")
            return redirect("strategy:detail", discussion_id=discussion.pk)
    services.audit_children(discussion, user, route=request.path)
    return _render(
        request,
        "strategy/respond.html",
        {
            "discussion": discussion,
            "invitations": mine,
            "agency_role": roles_by_type([mine[0].agency.type]).get(mine[0].agency.type),
            "children": _children(discussion),
            "errors": errors,
            "error_list": summary,
            "values": request.POST
            if request.method == "POST"
            else {
                "answer": mine[0].status if mine[0].status in invitations.RESPONSES else "",
                "delegate_name": mine[0].delegate_name,
            },
        },
    )


# ---- the meeting, step by step in the agenda's order ---------------------------------------------------------------


def _steps(discussion, assessed, children) -> list[dict]:
    """The meeting's steps in the agenda's order, each with its page and whether something is recorded there."""
    pk = discussion.pk
    texts = agenda.minutes_texts(discussion)
    recorded_agencies = set(discussion.attendance.values_list("agency_id", flat=True))
    decided = {d.child_id for d in discussion.decisions.exclude(rationale="")}
    steps = []
    for section in agenda.sections(discussion, assessed):
        if section.key == "why_complex":
            continue  # shown on the overview, with the reasons
        if section.free_text:
            steps.append(
                {
                    "key": section.key,
                    "title": section.title,
                    "done": bool((texts.get(section.key) or "").strip()),
                    "url": reverse("strategy:meeting_text", kwargs={"discussion_id": pk, "key": section.key}),
                }
            )
        elif section.key == "attendees":
            steps.append(
                {
                    "key": "attendees",
                    "title": section.title,
                    "done": bool(recorded_agencies) and services.invited_agency_ids(discussion) <= recorded_agencies,
                    "url": reverse("strategy:meeting_attendance", kwargs={"discussion_id": pk}),
                }
            )
        elif section.key == "agency_information":
            steps.append(
                {
                    "key": "agency_information",
                    "title": section.title,
                    "done": discussion.contributions.exists(),
                    "url": reverse("strategy:meeting_information", kwargs={"discussion_id": pk}),
                }
            )
        elif section.key == "genogram":
            steps.append(
                {
                    "key": "genogram",
                    "title": section.title,
                    "done": discussion.genogram_confirmed or bool(discussion.genogram_not_shown_reason.strip()),
                    "url": reverse("strategy:meeting_genogram", kwargs={"discussion_id": pk}),
                }
            )
        elif section.key == "children":
            for index, child in enumerate(children):
                steps.append(
                    {
                        "key": f"child-{index}",
                        "title": f"Each child: {child.full_name}",
                        "done": child.pk in decided,
                        "url": reverse("strategy:meeting_child", kwargs={"discussion_id": pk, "index": index}),
                    }
                )
        elif section.key == "actions":
            steps.append(
                {
                    "key": "actions",
                    "title": section.title,
                    "done": discussion.actions.exists(),
                    "url": reverse("strategy:meeting_actions", kwargs={"discussion_id": pk}),
                }
            )
    steps.append(
        {
            "key": "dissent",
            "title": "Dissent",
            "done": None,
            "url": reverse("strategy:meeting_dissent", kwargs={"discussion_id": pk}),
        }
    )
    steps.append(
        {
            "key": "finalise",
            "title": "Check and finalise",
            "done": discussion.status == StrategyDiscussion.Status.FINALISED,
            "url": reverse("strategy:meeting_finalise", kwargs={"discussion_id": pk}),
        }
    )
    return steps


def _step_page(request, discussion, key: str, template: str, context: dict, status: int = 200):
    """A meeting step: its own page, with the list of steps and the previous and next step."""
    user = request.user
    children = context.get("children") or _children(discussion)
    assessed = complexity.assess(discussion)
    steps = _steps(discussion, assessed, children)
    index = next((i for i, s in enumerate(steps) if s["key"] == key), 0)
    services.audit_children(discussion, user, route=request.path)
    invited = [i for i in discussion.invitations.select_related("agency") if i.status != Invitation.Status.REMOVED]
    agencies = sorted({i.agency for i in invited}, key=lambda a: a.name)
    return _render(
        request,
        template,
        {
            "discussion": discussion,
            "children": children,
            "complexity": assessed,
            "steps": steps,
            "step": steps[index],
            "previous_step": steps[index - 1] if index > 0 else None,
            "next_step": steps[index + 1] if index + 1 < len(steps) else None,
            "agencies": agencies,
            "core_agencies": sorted({i.agency for i in invited if i.role == "core"}, key=lambda a: a.name),
            "can_record": services.can_record(user) and discussion.status == StrategyDiscussion.Status.SCHEDULED,
            "can_write": services.can_write_minutes(user) and discussion.status != StrategyDiscussion.Status.FINALISED,
            "staff": services.can_record(user),
            "scheduled": discussion.status == StrategyDiscussion.Status.SCHEDULED,
            "is_chair": user.has_role("chair"),
            "my_agency": user.agency if user.agency_id in {a.pk for a in agencies} else None,
            "today": timezone.localdate(),
            **context,
        },
        status=status,
    )


def _after_save(request, discussion, key: str, done: str):
    """Back to the step (to record another) or on to the next one, as the button pressed said."""
    messages.success(request, done)
    if request.POST.get("then") == "next":
        steps = _steps(discussion, complexity.assess(discussion), _children(discussion))
        index = next((i for i, s in enumerate(steps) if s["key"] == key), len(steps) - 2)
        return redirect(steps[min(index + 1, len(steps) - 1)]["url"])
    return redirect(request.path)


def meeting(request, discussion_id: int):
    """The meeting record's overview: the steps in the agenda's order, what is recorded in each, and why the
    complexity route applies."""
    discussion = _discussion(request, discussion_id)
    return _step_page(
        request, discussion, "", "strategy/meeting/overview.html", {"agenda": agenda.agenda_for(discussion)}
    )


def meeting_text(request, discussion_id: int, key: str):
    """One free-text section of the minutes (purpose, discussion, next meeting, the complexity route's sections),
    saved on its own with the minutes' optimistic lock: a clash shows both versions, nothing is lost."""
    discussion = _discussion(request, discussion_id)
    sections = {s.key: s for s in agenda.free_text_sections(discussion, complexity.assess(discussion))}
    if key not in sections:
        raise Http404("No such section")
    user = request.user
    yours = {key: request.POST.get(key, "")} if request.method == "POST" else agenda.minutes_texts(discussion)
    conflict, problems = None, []
    if request.method == "POST":
        if not services.can_write_minutes(user) or discussion.status == StrategyDiscussion.Status.FINALISED:
            raise PermissionDenied("The chair and the minute-taker write the minutes until they are finalised.")
        try:
            with _allowed():
                minutes_text.save_minutes(discussion, user, request.POST.get("version"), {key: yours[key]})
        except minutes_text.MinutesConflict as clash:
            discussion, conflict = clash.discussion, _conflict(clash.discussion, [sections[key]], yours)
        except InvalidInput as error:
            problems = error.problems
        else:
            return _after_save(request, discussion, key, f"{sections[key].title} saved.")
    errors, summary = error_summary(problems, anchors={"status": "main-content"})
    if conflict:
        summary = _conflict_summary(conflict)
    return _step_page(
        request,
        discussion,
        key,
        "strategy/meeting/text.html",
        {
            "section": sections[key],
            "yours": yours,
            "conflict": conflict,
            "version": discussion.minutes_version,
            "texts": agenda.minutes_texts(discussion),
            "errors": errors,
            "error_list": summary,
        },
        status=409 if conflict else 200,
    )


def meeting_attendance(request, discussion_id: int):
    discussion = _discussion(request, discussion_id)
    form = AttendanceForm(
        request.POST if request.method == "POST" else None, initial={"role": "attendee", "attended": "yes"}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with _allowed():
                meeting_record.record_attendance(
                    discussion, request.user, data["agency"], data["name"], data["role"], data["attended"] != "no"
                )
        except InvalidInput as error:
            form.add_problems(error.problems)
        else:
            return _after_save(request, discussion, "attendees", "Attendance recorded.")
    recorded = set(discussion.attendance.values_list("agency_id", flat=True))
    unrecorded = sorted(
        {
            i.agency
            for i in discussion.invitations.exclude(status=Invitation.Status.REMOVED).select_related("agency")
            if i.agency_id not in recorded
        },
        key=lambda a: a.name,
    )
    return _step_page(
        request,
        discussion,
        "attendees",
        "strategy/meeting/attendance.html",
        {
            "form": form,
            "attendance": discussion.attendance.select_related("agency").order_by("recorded_at"),
            "unrecorded": unrecorded,
            "roles": Attendance.Role.choices,
        },
    )


def meeting_information(request, discussion_id: int):
    """Each invited agency's information, with a link to each one's own page to add or change it."""
    discussion = _discussion(request, discussion_id)
    return _step_page(
        request,
        discussion,
        "agency_information",
        "strategy/meeting/information.html",
        {
            "contributions": {c.agency_id: c for c in discussion.contributions.select_related("agency", "updated_by")},
        },
    )


def meeting_contribution(request, discussion_id: int, agency_code: str):
    """One agency's information: written by that agency, or by the chair or minute-taker for it."""
    discussion = _discussion(request, discussion_id)
    agency = get_object_or_404(Agency, code=agency_code)
    if not (services.can_record(request.user) or request.user.agency_id == agency.pk):
        raise PermissionDenied(
            "You may write your own agency's information; the chair or minute-taker may write anyone's."
        )
    contribution = discussion.contributions.filter(agency=agency).first()
    form = ContributionForm(
        request.POST if request.method == "POST" else None, initial={"text": contribution.text if contribution else ""}
    )
    form.id_prefix = f"contribution-{agency.code}"
    if request.method == "POST" and form.is_valid():
        try:
            with _allowed():
                meeting_record.save_contribution(discussion, request.user, agency.code, form.cleaned_data["text"])
        except InvalidInput as error:
            form.add_problems(error.problems)
        else:
            messages.success(request, "The agency's information is saved.")
            return redirect("strategy:meeting_information", discussion_id=discussion.pk)
    return _step_page(
        request,
        discussion,
        "agency_information",
        "strategy/meeting/contribution.html",
        {
            "form": form,
            "agency": agency,
            "contribution": contribution,
        },
    )


def meeting_genogram(request, discussion_id: int):
    discussion = _discussion(request, discussion_id)
    initial = {
        "shown": "yes" if discussion.genogram_confirmed else ("no" if discussion.genogram_not_shown_reason else ""),
        "reason": discussion.genogram_not_shown_reason,
    }
    form = GenogramForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            with _allowed():
                meeting_record.record_genogram(
                    discussion, request.user, form.cleaned_data["shown"] == "yes", form.cleaned_data["reason"]
                )
        except InvalidInput as error:
            form.add_problems(error.problems)
        else:
            return _after_save(request, discussion, "genogram", "Genogram check recorded.")
    children = _children(discussion)
    return _step_page(
        request,
        discussion,
        "genogram",
        "strategy/meeting/genogram.html",
        {
            "form": form,
            "children": children,
            "genogram": genogram_for_page(request.user, children[0], id_prefix="sd-genogram") if children else None,
        },
    )


def meeting_child(request, discussion_id: int, index: int):
    """The decision for one child, with the standard agenda's items for the child (each child separately)."""
    discussion = _discussion(request, discussion_id)
    children = _children(discussion)
    if index >= len(children):
        raise Http404("No such child in this discussion")
    child = children[index]
    decision = discussion.decisions.filter(child=child).select_related("lead_agency").first()
    form = DecisionForm(request.POST if request.method == "POST" else None, initial=DecisionForm.initial_from(decision))
    form.id_prefix = f"child-{index}"
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with _allowed():
                meeting_record.record_decision(
                    discussion,
                    request.user,
                    str(child.pk),
                    data["significant_harm"],
                    yes_no(data["section_47"]),
                    data["rationale"],
                    data["safety_plan"],
                    lived_experience=data["lived_experience"],
                    harm_suspected=data["harm_suspected"],
                    enquiry=data["enquiry"],
                    lead_agency=data["lead_agency"],
                    abe_interview=yes_no(data["abe_interview"]),
                    cp_medical=yes_no(data["cp_medical"]),
                    if_medical_inconclusive=data["if_medical_inconclusive"],
                )
        except InvalidInput as error:
            form.add_problems(error.problems)
        else:
            return _after_save(request, discussion, f"child-{index}", "Decision recorded.")
    dissent = [
        x
        for x in discussion.dissent.select_related("agency", "decision")
        if (x.decision_id and x.decision.child_id == child.pk) or x.about == str(child.pk)
    ]
    return _step_page(
        request,
        discussion,
        f"child-{index}",
        "strategy/meeting/child.html",
        {
            "form": form,
            "child": child,
            "index": index,
            "decision": decision,
            "answers": agenda.child_answers(decision),
            "dissent": dissent,
            "thresholds": ChildDecision.Threshold.choices,
            "enquiries": ChildDecision.Enquiry.choices,
        },
    )


def meeting_actions(request, discussion_id: int):
    discussion = _discussion(request, discussion_id)
    form = ActionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with _allowed():
                meeting_record.add_action(
                    discussion,
                    request.user,
                    data["child"] or None,
                    data["owner_agency"] or None,
                    data["owner"],
                    data["what"],
                    data["due"],
                )
        except InvalidInput as error:
            form.add_problems(error.problems)
        else:
            return _after_save(
                request, discussion, "actions", "Action recorded. It is on the owner agency's action list."
            )
    return _step_page(
        request,
        discussion,
        "actions",
        "strategy/meeting/actions.html",
        {
            "form": form,
            "actions": discussion.actions.select_related("owner_agency", "child").order_by("pk"),
        },
    )


def meeting_dissent(request, discussion_id: int):
    discussion = _discussion(request, discussion_id)
    form = DissentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with _allowed():
                meeting_record.record_dissent(
                    discussion,
                    request.user,
                    data["agency"],
                    data["about_text"] if data["about"] == "other" else data["about"],
                    data["reason"],
                )
        except InvalidInput as error:
            form.add_problems(error.problems)
        else:
            return _after_save(request, discussion, "dissent", "Dissent recorded. It is shown on the child's record.")
    return _step_page(
        request,
        discussion,
        "dissent",
        "strategy/meeting/dissent.html",
        {
            "form": form,
            "dissent": discussion.dissent.select_related("agency", "decision__child").order_by("recorded_at"),
        },
    )


def _finalise_link(discussion, problem: Problem, children: list[Person]) -> str:
    """Where each reason for refusing to finalise is put right: its step's page, at the field."""
    loc = [str(p) for p in problem.loc]
    pk = discussion.pk
    if loc[0] == "decisions":
        index = next((i for i, c in enumerate(children) if str(c.pk) == loc[1]), 0)
        anchor = f"child-{index}-rationale" if loc[-1] == "rationale" else f"child-{index}-significant_harm"
        return reverse("strategy:meeting_child", kwargs={"discussion_id": pk, "index": index}) + "#" + anchor
    if loc[0] == "actions":
        return reverse("strategy:meeting_actions", kwargs={"discussion_id": pk}) + "#action-what"
    if loc[0] == "genogram":
        return reverse("strategy:meeting_genogram", kwargs={"discussion_id": pk}) + "#genogram-shown"
    if loc[0] == "attendance":
        return reverse("strategy:meeting_attendance", kwargs={"discussion_id": pk}) + "#attendance-agency"
    return "#main-content"


def meeting_finalise(request, discussion_id: int):
    """Check before finalising: the minutes exactly as they will be sent, who they go to, and what still stops them.
    Only the chair finalises; the checks are the service's, so the API refuses the same things."""
    discussion = _discussion(request, discussion_id)
    children = _children(discussion)
    status = 200
    if request.method == "POST":
        try:
            with _allowed():
                meeting_record.finalise(discussion, request.user)
        except InvalidInput:
            status = 400
        else:
            messages.success(request, "Minutes finalised and sent to every invited agency.")
            return redirect("strategy:detail", discussion_id=discussion.pk)
    problems = (
        meeting_record.check_finalise(discussion) if discussion.status != StrategyDiscussion.Status.FINALISED else []
    )
    missing = [{"text": p.msg, "href": _finalise_link(discussion, p, children)} for p in problems]
    recipients = sorted(
        {i.agency for i in discussion.invitations.exclude(status=Invitation.Status.REMOVED).select_related("agency")},
        key=lambda a: a.name,
    )
    return _step_page(
        request,
        discussion,
        "finalise",
        "strategy/meeting/finalise.html",
        {
            "missing": missing,
            "error_list": missing if status == 400 else [],
            "recipients": recipients,
            "document": minutes_text.minutes_document(discussion),
        },
        status=status,
    )


# ---- the minutes -------------------------------------------------------------------------------------------------


def _conflict(discussion, sections, yours: dict) -> dict:
    theirs = agenda.minutes_texts(discussion)
    return {
        "by": discussion.minutes_edited_by,
        "at": discussion.minutes_edited_at,
        "theirs": theirs,
        "changed": [s.key for s in sections if (theirs.get(s.key) or "").strip() != (yours.get(s.key) or "").strip()],
        "first": sections[0].key,
    }


def _conflict_summary(conflict: dict) -> list[dict]:
    first = conflict["changed"][0] if conflict["changed"] else conflict["first"]
    return [
        {
            "text": "Someone else saved the minutes while you were editing. Nothing is lost: compare their version with yours "
            "below, combine them, then save again.",
            "href": f"#{first}",
        }
    ]


def edit_minutes(request, discussion_id: int, *, amend: bool = False):
    """All the minutes' free text on one page (and, for the chair, the amendment of finalised minutes). A save
    carrying an old version is refused and both versions are shown side by side."""
    discussion = _discussion(request, discussion_id)
    user = request.user
    if amend:
        if not user.has_role("chair") or discussion.status != StrategyDiscussion.Status.FINALISED:
            raise PermissionDenied("Only the chair amends finalised minutes.")
    elif not services.can_write_minutes(user) or discussion.status == StrategyDiscussion.Status.FINALISED:
        raise PermissionDenied("The chair and the minute-taker write the minutes until they are finalised.")
    sections = agenda.free_text_sections(discussion, complexity.assess(discussion))
    problems, summary, conflict = [], [], None
    yours = (
        {s.key: request.POST.get(s.key, "") for s in sections}
        if request.method == "POST"
        else agenda.minutes_texts(discussion)
    )
    if request.method == "POST":
        try:
            with _allowed():
                if amend:
                    revision = minutes_text.amend_minutes(
                        discussion, user, request.POST.get("version"), yours, request.POST.get("reason", "")
                    )
                    messages.success(
                        request, f"Minutes amended (revision {revision.number}) and sent again to every invited agency."
                    )
                    return redirect("strategy:minutes", discussion_id=discussion.pk)
                minutes_text.save_minutes(discussion, user, request.POST.get("version"), yours)
        except minutes_text.MinutesConflict as clash:
            discussion = clash.discussion
            conflict = _conflict(discussion, sections, yours)
            summary = _conflict_summary(conflict)
        except InvalidInput as error:
            problems = error.problems
        else:
            messages.success(request, "Minutes saved.")
            return redirect("strategy:meeting", discussion_id=discussion.pk)
    errors, error_list = error_summary(problems, anchors={"status": "main-content"})
    return _render(
        request,
        "strategy/edit_minutes.html",
        {
            "discussion": discussion,
            "sections": sections,
            "yours": yours,
            "conflict": conflict,
            "amend": amend,
            "version": discussion.minutes_version,
            "reason": request.POST.get("reason", ""),
            "errors": errors,
            "error_list": summary or error_list,
        },
        status=409 if conflict else 200,
    )


def amend_minutes(request, discussion_id: int):
    return edit_minutes(request, discussion_id, amend=True)


def minutes(request, discussion_id: int):
    """The minutes for reading; the receiving agency confirms receipt, or challenges their accuracy, here."""
    discussion = _discussion(request, discussion_id)
    user = request.user
    mine = discussion.distribution.filter(agency_id=user.agency_id).first() if user.agency_id else None
    return _minutes_page(
        request, discussion, mine, ChallengeForm(initial={"challenge": mine.challenge if mine else ""})
    )


def _minutes_page(request, discussion, mine, form, status: int = 200):
    services.audit_children(discussion, request.user, route=request.path)
    return _render(
        request,
        "strategy/minutes.html",
        {
            "discussion": discussion,
            "document": minutes_text.minutes_document(discussion),
            "mine": mine,
            "form": form,
            "revisions": discussion.revisions.select_related("created_by").order_by("-number"),
            "finalised": discussion.status == StrategyDiscussion.Status.FINALISED,
            **_disagreements(request.user, discussion),
        },
        status=status,
    )


def _my_copy(request, discussion) -> Distribution:
    mine = discussion.distribution.filter(agency_id=request.user.agency_id).first() if request.user.agency_id else None
    if mine is None:
        raise PermissionDenied("The minutes were not sent to your agency.")
    return mine


def confirm_receipt(request, discussion_id: int):
    """Confirm receipt: this form carries nothing else, so it can never file an accuracy challenge."""
    discussion = _discussion(request, discussion_id)
    if request.method != "POST":
        return redirect("strategy:minutes", discussion_id=discussion.pk)
    with _allowed():
        distribution.acknowledge(_my_copy(request, discussion), request.user)
    messages.success(request, "Receipt confirmed.")
    return redirect("strategy:minutes", discussion_id=discussion.pk)


def challenge_minutes(request, discussion_id: int):
    """An accuracy challenge, written by the receiving agency (receipt is confirmed with it)."""
    discussion = _discussion(request, discussion_id)
    if request.method != "POST":
        return redirect("strategy:minutes", discussion_id=discussion.pk)
    mine = _my_copy(request, discussion)
    form = ChallengeForm(request.POST)
    form.is_valid()
    try:
        with _allowed():
            distribution.challenge(mine, request.user, form.cleaned_data["challenge"])
    except InvalidInput as error:
        form.add_problems(error.problems)
        return _minutes_page(request, discussion, mine, form)
    messages.success(request, "Receipt confirmed. Your accuracy challenge has gone to the chair.")
    return redirect("strategy:minutes", discussion_id=discussion.pk)


def _export(request, discussion_id: int, kind: str) -> HttpResponse:
    discussion = _discussion(request, discussion_id)
    # An export is a read of each child's record, audited as one.
    services.audit_children(discussion, request.user, route=request.path, channel=AccessEvent.Channel.EXPORT)
    doc = minutes_text.minutes_document(discussion, revision=discussion.revisions.count() or None)
    if kind == "docx":
        content, content_type = (
            documents.to_docx(doc),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
    else:
        content, content_type = documents.to_pdf(doc), "application/pdf"
    response = HttpResponse(content, content_type=content_type)
    # No child's name in the file name: download lists and attachments are seen by others.
    response["Content-Disposition"] = f'attachment; filename="strategy-discussion-SD-{discussion.pk}-minutes.{kind}"'
    response["Cache-Control"] = "no-store"
    return response


def minutes_docx(request, discussion_id: int):
    return _export(request, discussion_id, "docx")


def minutes_pdf(request, discussion_id: int):
    return _export(request, discussion_id, "pdf")


# ---- availability and actions ------------------------------------------------------------------------------------


def availability(request):
    user = request.user
    coordinator = user.has_role("strategy_coordinator")
    if not user.agency_id and not coordinator:
        raise PermissionDenied("Availability is kept by agencies.")
    form = DutySlotForm(request.POST if request.method == "POST" else None)
    errors, summary = {}, []
    if request.method == "POST":
        form.is_valid()
        starts, ends = form.times()
        agency = form.cleaned_data.get("agency") if coordinator else (user.agency.code if user.agency_id else "")
        try:
            with _allowed():
                if form.errors:
                    raise InvalidInput("Not added.", [])
                duty_rota.add_duty_slot(user, agency, starts, ends)
        except InvalidInput as error:
            own = [
                Problem([{"start": "starts_at", "end": "ends_at", "date": "starts_at"}.get(name, name)], message)
                for name, messages_ in form.errors.items()
                for message in messages_
            ]
            taken = {p.loc[0] for p in own}
            errors, summary = error_summary(
                own + [p for p in error.problems if p.loc[0] not in taken],
                anchors={"starts_at": "date-day", "ends_at": "to"},
            )
        else:
            messages.success(request, "Duty time added.")
            return redirect("strategy:availability")
    slots = DutySlot.objects.filter(ends_at__gt=timezone.now()).select_related("agency")
    if not coordinator:
        slots = slots.filter(agency_id=user.agency_id)
    return _render(
        request,
        "strategy/availability.html",
        {
            "slots": slots.order_by("starts_at")[:200],
            "coordinator": coordinator,
            "agencies": Agency.objects.filter(active=True).order_by("name") if coordinator else [],
            "errors": errors,
            "error_list": summary,
            "values": request.POST if request.method == "POST" else {},
        },
    )


def remove_duty_slot(request, slot_id: int):
    slot = get_object_or_404(DutySlot, pk=slot_id)
    if request.method == "POST":
        with _allowed():
            duty_rota.remove_duty_slot(slot, request.user)
        messages.success(request, "Duty time removed.")
    return redirect("strategy:availability")


def tasks(request, *, form=None, failed: int | None = None):
    """Actions from strategy discussions owned by the user's agency, each marked done with feedback."""
    user = request.user
    if not user.agency_id:
        raise PermissionDenied("Actions are owned by agencies.")
    done = Action.objects.filter(owner_agency_id=user.agency_id, completed_at__isnull=False).select_related(
        "discussion", "child", "completed_by"
    )
    return _render(
        request,
        "strategy/tasks.html",
        {
            "actions": actions.open_actions(user.agency_id)[:200],
            "done": done.order_by("-completed_at")[:20],
            "now": timezone.now(),
            "form": form,
            "failed": failed,
        },
    )


def complete_action(request, action_id: int):
    action = get_object_or_404(Action, pk=action_id)
    if request.method != "POST":
        return redirect("strategy:tasks")
    form = FeedbackForm(request.POST)
    form.ids = {"feedback": f"feedback-{action.pk}"}
    form.is_valid()
    try:
        with _allowed():
            actions.complete_action(action, request.user, form.cleaned_data["feedback"])
    except InvalidInput as error:
        form.add_problems(error.problems, aliases={"action": "feedback"})
        return tasks(request, form=form, failed=action.pk)
    messages.success(request, "Action marked done. Your feedback is on the discussion's record.")
    return redirect("strategy:tasks")
