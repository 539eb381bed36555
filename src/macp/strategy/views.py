"""Pages for strategy discussions: the one booking queue, requesting, the discussion and its invitations, booking with
proposed times and calendar invitations, answering an invitation, the meeting in the standard agenda's order, the
minutes (edited with optimistic locking, finalised, distributed, acknowledged, amended, exported), availability,
and each agency's actions.

Views parse the form, call one service and render. Every rule (who may do what, what is missing, what is sent) is
in strategy.services; a PermissionError from a service becomes the 403 page.
"""

import contextlib
import datetime as dt
import logging
import re

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from markupsafe import Markup

from macp.access.models import AccessEvent
from macp.access.services import openable_ids, visible_people
from macp.accounts.models import Agency
from macp.core.formats import possessive
from macp.core.ids import is_uuid
from macp.core.problems import InvalidInput, Problem
from macp.core.working_days import LONDON
from macp.people import genogram as _genogram
from macp.people.models import Person
from macp.people.services import search_people
from macp.strategy import agenda, complexity, invitations, scheduling, services
from macp.strategy.models import Action, Attendance, ChildDecision, Distribution, DutySlot, Invitation, StrategyDiscussion

_log = logging.getLogger(__name__)
SEARCH_LIMIT = 25


# ---- helpers -----------------------------------------------------------------------------------------------------

@contextlib.contextmanager
def _allowed():
    """A service's refusal is the 403 page."""
    try:
        yield
    except PermissionError as refused:
        raise PermissionDenied(str(refused)) from None


def _field(problem: Problem, prefix: str = "") -> str:
    parts = [str(p) for p in problem.loc if p != "body"]
    name = parts[-1] if parts else "main-content"
    return f"{prefix}-{name}" if prefix else name


def _errors(problems, prefix: str = "", targets: dict | None = None) -> tuple[dict, list]:
    """Problems keyed by the id of the field they are about, and the GOV.UK error summary linking to each."""
    by_field, summary = {}, []
    for problem in problems:
        field = _field(problem, prefix)
        field = (targets or {}).get(field, field)
        by_field.setdefault(field, problem.msg)
        summary.append({"text": problem.msg, "href": f"#{field}"})
    return by_field, summary


def _render(request, template: str, context: dict, status: int = 200):
    """render() with err(field): the errorMessage a GOV.UK macro wants for that field, or None."""
    errors = context.get("errors") or {}
    context["err"] = lambda field: {"text": errors[field]} if errors.get(field) else None
    context.setdefault("errors", errors)
    return render(request, template, context, status=status)


def _discussion(request, discussion_id: int) -> StrategyDiscussion:
    discussion = services.visible_discussions(request.user).filter(pk=discussion_id).first()
    if discussion is None:
        services.audit_refusal(request.user, discussion_id, route=request.path, channel=AccessEvent.Channel.PAGE)
        if StrategyDiscussion.objects.filter(pk=discussion_id).exists():
            raise PermissionDenied("Your agency is not invited to this strategy discussion.")
        raise Http404("No such strategy discussion")
    return discussion


def _pk(value) -> int:
    """A posted record id, or 0 (which matches nothing) when it is not a number."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


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


TIME = re.compile(r"^\s*(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?\s*$", re.IGNORECASE)


def parse_when(day: str, month: str, year: str, time: str, *, what: str = "date") -> tuple[dt.datetime | None, str | None]:
    """A London date and clock time from a GOV.UK date input and a time box ('14:30', '2:30pm', '9am')."""
    if not any(x.strip() for x in (day, month, year, time)):
        return None, None
    try:
        date = dt.date(int(year), int(month), int(day))
    except (TypeError, ValueError):
        return None, f"Enter a real {what}, like 27 3 2027"
    match = TIME.match(time or "")
    if not match:
        return None, "Enter a time, like 09:30 or 2:30pm"
    hour, minute, half = int(match.group(1)), int(match.group(2) or 0), (match.group(3) or "").lower()
    if half:
        if not 1 <= hour <= 12:
            return None, "Enter a time, like 09:30 or 2:30pm"
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59:
        return None, "Enter a time, like 09:30 or 2:30pm"
    return dt.datetime.combine(date, dt.time(hour, minute), tzinfo=LONDON), None


def _parts(value: dt.datetime | None) -> dict:
    if value is None:
        return {"day": "", "month": "", "year": "", "time": ""}
    local = timezone.localtime(value)
    return {"day": str(local.day), "month": str(local.month), "year": str(local.year), "time": f"{local:%H:%M}"}


def _yes_no(value) -> str:
    return {True: "yes", False: "no"}.get(value, "")


def _tri(value: str):
    """Yes / no / not decided radios as True / False / None."""
    return {"yes": True, "no": False}.get(value)


def _children(discussion) -> list[Person]:
    return list(discussion.children.order_by("date_of_birth", "given_name"))


def _genogram_for(request, person) -> dict:
    """The inline genogram of the first child, drawn as the child's page draws it: only people the viewer may open
    are links. A drawing that fails must not take the meeting page down with it."""
    try:
        family = _genogram.family_for(person)
        ids = [pid for pid, member in family.members.items() if not member.placeholder]
        linkable = openable_ids(request.user, Person.objects.in_bulk(ids).values())
        svg = _genogram.render_svg(_genogram.layout(family), linkable=linkable, id_prefix="sd-genogram")
        return {"svg": Markup(svg), "description": family.describe(), "error": False}
    except Exception:  # noqa: BLE001
        _log.exception("Genogram could not be drawn for %s", person.pk)
        return {"svg": None, "description": "", "error": True}


# ---- the queue and requesting --------------------------------------------------------------------------------------

def queue(request):
    user = request.user
    now = timezone.now()
    rows = []
    for discussion in services.booking_queue(user, now)[:200]:
        rows.append({
            "discussion": discussion,
            "children": list(discussion.children.all()),
            "waiting": waiting_text(discussion.requested_at, now) if discussion.status == StrategyDiscussion.Status.REQUESTED else "",
            "overdue": discussion.status == StrategyDiscussion.Status.REQUESTED and discussion.target_at and discussion.target_at < now,
            "complexity": complexity.assess(discussion),
        })
    return _render(request, "strategy/queue.html", {
        "rows": rows, "staff": user.has_role(*services.STAFF_ROLES), "can_request": services.can_request(user), "now": now,
    })


def request_discussion(request):
    user = request.user
    if not services.can_request(user):
        raise PermissionDenied("Strategy discussions are requested by team managers (front door, area teams, EDT).")
    values = request.POST if request.method == "POST" else request.GET
    chosen_ids = values.getlist("children") or values.getlist("child")
    seen = visible_people(user)
    chosen = list(seen.filter(pk__in=[c for c in chosen_ids if _uuidish(c)]))
    query = values.get("q", "").strip()
    today = timezone.localdate()
    results = []
    if query:
        # Children only: born under 18 years ago, or not yet born.
        try:
            eighteen = today.replace(year=today.year - 18)
        except ValueError:  # 29 February
            eighteen = today.replace(year=today.year - 18, day=28)
        found = search_people(seen, query).exclude(date_of_birth__lte=eighteen).exclude(pk__in=[c.pk for c in chosen])
        results = list(found.order_by("family_name", "given_name")[:SEARCH_LIMIT])
    errors, summary = {}, []
    if request.method == "POST" and request.POST.get("action") == "request":
        try:
            discussion = services.request(user, chosen, request.POST.get("reason", ""), urgency=request.POST.get("urgency") or None,
                                          referral_reference=request.POST.get("referral", "").strip()[:20],
                                          out_of_hours=request.POST.get("out_of_hours") == "yes",
                                          organised_abuse_indicators=request.POST.get("organised_abuse_indicators") == "yes")
        except InvalidInput as error:
            errors, summary = _errors(error.problems, targets={"children": "children" if chosen or results else "q", "requested_by": "reason"})
        else:
            messages.success(request, f"Strategy discussion SD-{discussion.pk} requested. It is in the strategy coordinators' queue.")
            return redirect("strategy:detail", discussion_id=discussion.pk)
    return _render(request, "strategy/request.html", {
        "chosen": chosen, "results": results, "query": query, "values": values, "errors": errors, "error_list": summary,
        "searched": bool(query),
    }, status=400 if summary else 200)


def _uuidish(value: str) -> bool:
    return is_uuid(value)


# ---- the discussion ---------------------------------------------------------------------------------------------

def detail(request, discussion_id: int):
    discussion = _discussion(request, discussion_id)
    user = request.user
    errors, summary, values, posted = {}, [], {}, ""
    if request.method == "POST":
        posted, values = request.POST.get("form", ""), request.POST
        try:
            with _allowed():
                if posted == "invite":
                    invitation = services.add_invitation(discussion, user, request.POST.get("agency", ""), request.POST.get("reason", ""),
                                                         respond_url=_respond_url(request, discussion))
                    messages.success(request, f"{invitation.agency.name} invited.")
                elif posted == "answer":
                    record = get_object_or_404(Distribution, pk=_pk(request.POST.get("distribution")), discussion=discussion)
                    services.answer_challenge(record, user, request.POST.get("answer", ""))
                    messages.success(request, f"Your answer to {possessive(record.agency.name)} challenge is recorded and they have been told.")
                else:
                    raise Http404("No such form")
        except InvalidInput as error:
            prefix = "invite" if posted == "invite" else f"answer-{request.POST.get('distribution')}"
            errors, summary = _errors(error.problems, prefix)
        else:
            return redirect("strategy:detail", discussion_id=discussion.pk)
    services.audit_children(discussion, user, route=request.path)
    assessed = complexity.assess(discussion)
    invited_ids = services.invited_agency_ids(discussion)
    uninvited = invitations.involved_but_uninvited(discussion)
    others = Agency.objects.filter(active=True).exclude(pk__in=invited_ids).exclude(pk__in=[a.pk for a in uninvited]).order_by("name")
    mine = [i for i in discussion.invitations.all() if i.agency_id == user.agency_id and i.status != Invitation.Status.REMOVED]
    return _render(request, "strategy/detail.html", {
        "discussion": discussion, "children": _children(discussion), "complexity": assessed,
        "sections": agenda.sections(discussion, assessed), "agenda_version": agenda.agenda_for(discussion).version,
        "invitations": discussion.invitations.select_related("agency", "for_person", "changed_by"),
        "uninvited": uninvited, "other_agencies": others, "my_invitation": mine[0] if mine else None,
        "distribution": discussion.distribution.select_related("agency", "acknowledged_by").order_by("agency__name"),
        "icpc_due": services.icpc_due(discussion), "can_book": services.can_book(user), "can_record": services.can_record(user),
        "is_chair": user.has_role("chair"), "now": timezone.now(),
        "errors": errors, "error_list": summary, "values": values, "posted": posted,
    }, status=400 if summary else 200)


def remove_invitation(request, discussion_id: int, invitation_id: int):
    discussion = _discussion(request, discussion_id)
    if not services.can_book(request.user):
        raise PermissionDenied("Only strategy coordinators and chairs change who is invited.")
    invitation = get_object_or_404(Invitation.objects.select_related("agency", "for_person"), pk=invitation_id, discussion=discussion)
    errors, summary = {}, []
    if request.method == "POST":
        try:
            with _allowed():
                services.remove_invitation(invitation, request.user, request.POST.get("reason", ""))
        except InvalidInput as error:
            errors, summary = _errors(error.problems, targets={"invitation": "reason"})
        else:
            messages.success(request, f"{invitation.agency.name} is no longer invited. The reason is kept on the record.")
            return redirect("strategy:detail", discussion_id=discussion.pk)
    return _render(request, "strategy/remove_invitation.html", {
        "discussion": discussion, "invitation": invitation, "errors": errors, "error_list": summary, "values": request.POST,
    }, status=400 if summary else 200)


def book(request, discussion_id: int):
    discussion = _discussion(request, discussion_id)
    if not services.can_book(request.user):
        raise PermissionDenied("Only strategy coordinators and chairs book strategy discussions.")
    if discussion.status == StrategyDiscussion.Status.FINALISED:
        raise PermissionDenied("The discussion has been held and its minutes finalised.")
    proposal = scheduling.propose(discussion)
    errors, summary = {}, []
    if request.method == "POST":
        choice = request.POST.get("when", "")
        at, parse_error = None, None
        if choice == "other":
            at, parse_error = parse_when(request.POST.get("at-day", ""), request.POST.get("at-month", ""), request.POST.get("at-year", ""),
                                         request.POST.get("at-time", ""))
        elif choice:
            try:
                at = dt.datetime.fromisoformat(choice)
            except ValueError:
                at = None
            if at is not None and at.tzinfo is None:  # the proposals carry their offset; anything else is not one of them
                at = None
        try:
            with _allowed():
                sent = services.book(discussion, request.user, at, request.POST.get("link", ""), respond_url=_respond_url(request, discussion))
        except InvalidInput as error:
            problems = error.problems
            if parse_error:
                problems = [p for p in problems if p.loc != ["at"]] + [Problem(["at"], parse_error)]
            errors, summary = _errors(problems, targets={"at": "at-day" if choice == "other" else "when"})
        else:
            messages.success(request, f"Booked for {timezone.localtime(discussion.scheduled_for):%-d %B %Y at %H:%M}. "
                                      f"Calendar invitations sent to {len(sent)} agenc{'y' if len(sent) == 1 else 'ies'}.")
            return redirect("strategy:detail", discussion_id=discussion.pk)
    values = request.POST if request.method == "POST" else {}
    typed = _parts(discussion.scheduled_for) if not values else {k: values.get(f"at-{k}", "") for k in ("day", "month", "year", "time")}
    return _render(request, "strategy/book.html", {
        "discussion": discussion, "proposal": proposal, "errors": errors, "error_list": summary, "values": values, "typed": typed,
        "link": values.get("link", discussion.meeting_link) if values else discussion.meeting_link,
    }, status=400 if summary else 200)


def respond(request, discussion_id: int):
    discussion = _discussion(request, discussion_id)
    user = request.user
    mine = list(discussion.invitations.filter(agency_id=user.agency_id).exclude(status=Invitation.Status.REMOVED).select_related("agency", "for_person"))
    if not mine:
        raise PermissionDenied("Only an invited agency can answer its invitation.")
    errors, summary = {}, []
    if request.method == "POST":
        try:
            with _allowed():
                services.respond(discussion, user, request.POST.get("answer", ""), request.POST.get("delegate_name", ""))
        except InvalidInput as error:
            errors, summary = _errors(error.problems, targets={"status": "answer"})
        else:
            messages.success(request, "Your agency's answer is recorded. The coordinator can see it.")
            return redirect("strategy:detail", discussion_id=discussion.pk)
    services.audit_children(discussion, user, route=request.path)
    return _render(request, "strategy/respond.html", {
        "discussion": discussion, "invitations": mine, "children": _children(discussion), "errors": errors, "error_list": summary,
        "values": request.POST if request.method == "POST" else {"answer": mine[0].status if mine[0].status in services.RESPONSES else "",
                                                                  "delegate_name": mine[0].delegate_name},
    }, status=400 if summary else 200)


# ---- the meeting, in the agenda's order -------------------------------------------------------------------------

FINALISE_TARGETS = {"genogram": "genogram", "attendance": "attendees", "status": "main-content"}


def _finalise_anchor(problem: Problem, children: list[Person]) -> str:
    """Where on the meeting page each reason for refusing to finalise can be put right."""
    loc = [str(p) for p in problem.loc]
    if loc[0] == "decisions":
        index = next((i for i, c in enumerate(children) if str(c.pk) == loc[1]), 0)
        return f"child-{index}-rationale" if loc[-1] == "rationale" else f"child-{index}"
    if loc[0] == "actions":
        return "action-what"
    return FINALISE_TARGETS.get(loc[0], "main-content")


def meeting(request, discussion_id: int):
    discussion = _discussion(request, discussion_id)
    user = request.user
    children = _children(discussion)
    errors, summary, posted, values = {}, [], "", {}
    if request.method == "POST":
        posted, values = request.POST.get("form", ""), request.POST
        post = request.POST.get
        try:
            with _allowed():
                if posted == "attendance":
                    services.record_attendance(discussion, user, post("agency", ""), post("name", ""), post("role", ""), post("attended") != "no")
                    done = "Attendance recorded."
                elif posted == "contribution":
                    services.save_contribution(discussion, user, post("agency", ""), post("text", ""))
                    done = "The agency's information is saved."
                elif posted == "genogram":
                    shown = post("shown")
                    if shown not in ("yes", "no"):
                        raise InvalidInput("Nothing recorded.", [Problem(["shown"], "Select whether the genogram was shown and confirmed")])
                    services.record_genogram(discussion, user, shown == "yes", post("reason", ""))
                    done = "Genogram check recorded."
                elif posted.startswith("decision-"):
                    services.record_decision(
                        discussion, user, post("child", ""), post("significant_harm", ""), _tri(post("section_47", "")),
                        post("rationale", ""), post("safety_plan", ""), lived_experience=post("lived_experience", ""),
                        harm_suspected=post("harm_suspected", ""), enquiry=post("enquiry", ""), lead_agency=post("lead_agency", ""),
                        abe_interview=_tri(post("abe_interview", "")), cp_medical=_tri(post("cp_medical", "")),
                        if_medical_inconclusive=post("if_medical_inconclusive", ""))
                    done = "Decision recorded."
                elif posted == "action":
                    day, month, year = post("due-day", ""), post("due-month", ""), post("due-year", "")
                    # A due date without a time means the end of the working day.
                    due, due_error = parse_when(day, month, year, post("due-time", "") or ("17:00" if day or month or year else ""))
                    if due_error:
                        raise InvalidInput("Not recorded.", [Problem(["due"], due_error)])
                    services.add_action(discussion, user, post("child") or None, post("owner_agency") or None, post("owner", ""), post("what", ""), due)
                    done = "Action recorded. It is on the owner agency's action list."
                elif posted == "dissent":
                    about = post("about", "")
                    services.record_dissent(discussion, user, post("agency", ""), post("about_text", "") if about == "other" else about, post("reason", ""))
                    done = "Dissent recorded. It is shown on the child's record."
                elif posted == "finalise":
                    services.finalise(discussion, user)
                    messages.success(request, "Minutes finalised and sent to every invited agency.")
                    return redirect("strategy:detail", discussion_id=discussion.pk)
                else:
                    raise Http404("No such form")
        except InvalidInput as error:
            if posted == "finalise":
                summary = [{"text": p.msg, "href": f"#{_finalise_anchor(p, children)}"} for p in error.problems]
            else:
                prefix = {"attendance": "attendance", "genogram": "genogram", "action": "action", "dissent": "dissent",
                          "contribution": f"contribution-{post('agency', '')}"}.get(posted, posted.replace("decision-", "child-"))
                errors, summary = _errors(error.problems, prefix, targets={
                    "genogram-shown": "genogram-shown", "action-due": "action-due-day", "dissent-about": "dissent-about",
                    f"{prefix}-status": "main-content", f"{prefix}-child": f"{prefix}-significant_harm"})
        else:
            messages.success(request, done)
            return redirect(reverse("strategy:meeting", kwargs={"discussion_id": discussion.pk}) + _anchor_after(posted))
    services.audit_children(discussion, user, route=request.path)
    assessed = complexity.assess(discussion)
    decisions = {d.child_id: d for d in discussion.decisions.select_related("lead_agency")}
    dissent = list(discussion.dissent.select_related("agency", "decision").order_by("recorded_at"))
    invited = [i for i in discussion.invitations.select_related("agency") if i.status != Invitation.Status.REMOVED]
    agencies = sorted({i.agency for i in invited}, key=lambda a: a.name)
    contributions = {c.agency_id: c for c in discussion.contributions.select_related("agency", "updated_by")}
    can_record = services.can_record(user) and discussion.status == StrategyDiscussion.Status.SCHEDULED
    child_forms = []
    for index, child in enumerate(children):
        decision = decisions.get(child.pk)
        if posted == f"decision-{index}":
            shown = values
        elif decision:
            shown = {"lived_experience": decision.lived_experience, "harm_suspected": decision.harm_suspected,
                     "significant_harm": decision.significant_harm, "rationale": decision.rationale,
                     "section_47": _yes_no(decision.section_47), "enquiry": decision.enquiry,
                     "lead_agency": decision.lead_agency.code if decision.lead_agency_id else "",
                     "abe_interview": _yes_no(decision.abe_interview), "cp_medical": _yes_no(decision.cp_medical),
                     "if_medical_inconclusive": decision.if_medical_inconclusive, "safety_plan": decision.safety_plan}
        else:
            shown = {}
        child_forms.append({"index": index, "child": child, "decision": decision, "v": shown, "answers": agenda.child_answers(decision),
                            "dissent": [x for x in dissent if (x.decision_id and x.decision.child_id == child.pk) or x.about == str(child.pk)]})
    return _render(request, "strategy/meeting.html", {
        "discussion": discussion, "children": children, "child_forms": child_forms, "complexity": assessed, "sections": agenda.sections(discussion, assessed),
        "agenda": agenda.agenda_for(discussion), "texts": agenda.minutes_texts(discussion),
        "decisions": decisions, "dissent": dissent, "agencies": agencies, "contributions": contributions,
        "attendance": discussion.attendance.select_related("agency").order_by("recorded_at"),
        "actions": discussion.actions.select_related("owner_agency", "child").order_by("pk"),
        "genogram": _genogram_for(request, children[0]) if children else None,
        "can_record": can_record, "scheduled": discussion.status == StrategyDiscussion.Status.SCHEDULED,
        "can_write": services.can_write_minutes(user) and discussion.status != StrategyDiscussion.Status.FINALISED,
        "is_chair": user.has_role("chair"), "my_agency": user.agency if user.agency_id in {a.pk for a in agencies} else None,
        "roles": Attendance.Role.choices, "thresholds": ChildDecision.Threshold.choices, "enquiries": ChildDecision.Enquiry.choices,
        "icpc_due": services.icpc_due(discussion), "today": timezone.localdate(),
        "errors": errors, "error_list": summary, "posted": posted, "values": values,
    }, status=400 if summary else 200)


def _anchor_after(posted: str) -> str:
    if posted.startswith("decision-"):
        return "#" + posted.replace("decision-", "child-")
    return {"attendance": "#attendees", "contribution": "#agency_information", "genogram": "#genogram", "action": "#actions",
            "dissent": "#dissent"}.get(posted, "")


def _minutes_form_sections(discussion) -> list:
    return agenda.free_text_sections(discussion, complexity.assess(discussion))


def edit_minutes(request, discussion_id: int, *, amend: bool = False):
    """The minutes' free text. A save carrying an old version is refused and both versions are shown side by side."""
    discussion = _discussion(request, discussion_id)
    user = request.user
    if amend:
        if not user.has_role("chair") or discussion.status != StrategyDiscussion.Status.FINALISED:
            raise PermissionDenied("Only the chair amends finalised minutes.")
    elif not services.can_write_minutes(user) or discussion.status == StrategyDiscussion.Status.FINALISED:
        raise PermissionDenied("The chair and the minute-taker write the minutes until they are finalised.")
    sections = _minutes_form_sections(discussion)
    errors, summary, conflict = {}, [], None
    yours = {s.key: request.POST.get(s.key, "") for s in sections} if request.method == "POST" else agenda.minutes_texts(discussion)
    if request.method == "POST":
        try:
            with _allowed():
                if amend:
                    revision = services.amend_minutes(discussion, user, request.POST.get("version"), yours, request.POST.get("reason", ""))
                    messages.success(request, f"Minutes amended (revision {revision.number}) and sent again to every invited agency.")
                    return redirect("strategy:minutes", discussion_id=discussion.pk)
                services.save_minutes(discussion, user, request.POST.get("version"), yours)
        except services.MinutesConflict as clash:
            discussion = clash.discussion
            theirs = agenda.minutes_texts(discussion)
            conflict = {"by": discussion.minutes_edited_by, "at": discussion.minutes_edited_at, "theirs": theirs,
                        "changed": [s.key for s in sections if (theirs.get(s.key) or "").strip() != (yours.get(s.key) or "").strip()]}
            first = conflict["changed"][0] if conflict["changed"] else sections[0].key
            summary = [{"text": "Someone else saved the minutes while you were editing. Nothing is lost: compare their version with yours "
                                "below, combine them, then save again.", "href": f"#{first}"}]
        except InvalidInput as error:
            errors, summary = _errors(error.problems, targets={"status": "main-content"})
        else:
            messages.success(request, "Minutes saved.")
            return redirect(reverse("strategy:meeting", kwargs={"discussion_id": discussion.pk}) + "#purpose")
    return _render(request, "strategy/edit_minutes.html", {
        "discussion": discussion, "sections": sections, "yours": yours, "conflict": conflict, "amend": amend,
        "version": discussion.minutes_version, "reason": request.POST.get("reason", ""), "errors": errors, "error_list": summary,
    }, status=409 if conflict else (400 if summary else 200))


def amend_minutes(request, discussion_id: int):
    return edit_minutes(request, discussion_id, amend=True)


def minutes(request, discussion_id: int):
    """The minutes for reading; the receiving agency confirms receipt and may challenge their accuracy here."""
    discussion = _discussion(request, discussion_id)
    user = request.user
    mine = discussion.distribution.filter(agency_id=user.agency_id).first() if user.agency_id else None
    errors, summary = {}, []
    if request.method == "POST":
        if mine is None:
            raise PermissionDenied("The minutes were not sent to your agency.")
        with _allowed():
            services.acknowledge(mine, user, request.POST.get("challenge", ""))
        messages.success(request, "Receipt confirmed." + (" Your accuracy challenge has gone to the chair." if request.POST.get("challenge", "").strip() else ""))
        return redirect("strategy:minutes", discussion_id=discussion.pk)
    services.audit_children(discussion, user, route=request.path)
    return _render(request, "strategy/minutes.html", {
        "discussion": discussion, "document": services.minutes_document(discussion), "mine": mine,
        "revisions": discussion.revisions.select_related("created_by").order_by("-number"),
        "finalised": discussion.status == StrategyDiscussion.Status.FINALISED,
        "errors": errors, "error_list": summary,
    })


def _export(request, discussion_id: int, kind: str) -> HttpResponse:
    from macp import documents

    discussion = _discussion(request, discussion_id)
    # An export is a read of each child's record, audited as one.
    services.audit_children(discussion, request.user, route=request.path, channel=AccessEvent.Channel.EXPORT)
    doc = services.minutes_document(discussion, revision=discussion.revisions.count() or None)
    if kind == "docx":
        content, content_type = documents.to_docx(doc), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
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
    errors, summary, values = {}, [], {}
    if request.method == "POST":
        values = request.POST
        if request.POST.get("remove"):
            slot = get_object_or_404(DutySlot, pk=_pk(request.POST.get("remove")))
            with _allowed():
                services.remove_duty_slot(slot, user)
            messages.success(request, "Duty time removed.")
            return redirect("strategy:availability")
        day, month, year = (request.POST.get(f"date-{k}", "") for k in ("day", "month", "year"))
        starts, start_error = parse_when(day, month, year, request.POST.get("from", ""))
        ends, end_error = parse_when(day, month, year, request.POST.get("to", ""))
        agency = request.POST.get("agency") if coordinator else (user.agency.code if user.agency_id else "")
        try:
            with _allowed():
                services.add_duty_slot(user, agency, starts, ends)
        except InvalidInput as error:
            problems = error.problems
            if start_error:
                problems = [p for p in problems if p.loc != ["starts_at"]] + [Problem(["starts_at"], start_error)]
            if end_error and not start_error:
                problems = [p for p in problems if p.loc != ["ends_at"]] + [Problem(["ends_at"], end_error)]
            errors, summary = _errors(problems, targets={"starts_at": "date-day", "ends_at": "to"})
        else:
            messages.success(request, "Duty time added.")
            return redirect("strategy:availability")
    slots = DutySlot.objects.filter(ends_at__gt=timezone.now()).select_related("agency")
    if not coordinator:
        slots = slots.filter(agency_id=user.agency_id)
    return _render(request, "strategy/availability.html", {
        "slots": slots.order_by("starts_at")[:200], "coordinator": coordinator,
        "agencies": Agency.objects.filter(active=True).order_by("name") if coordinator else [],
        "errors": errors, "error_list": summary, "values": values,
    }, status=400 if summary else 200)


def tasks(request):
    """Actions from strategy discussions owned by the user's agency, each marked done with feedback."""
    user = request.user
    if not user.agency_id:
        raise PermissionDenied("Actions are owned by agencies.")
    errors, summary, values = {}, [], {}
    if request.method == "POST":
        values = request.POST
        action = get_object_or_404(Action, pk=_pk(request.POST.get("action")))
        try:
            with _allowed():
                services.complete_action(action, user, request.POST.get("feedback", ""))
        except InvalidInput as error:
            errors, summary = _errors(error.problems, f"feedback-{action.pk}", targets={f"feedback-{action.pk}-feedback": f"feedback-{action.pk}",
                                                                                          f"feedback-{action.pk}-action": f"feedback-{action.pk}"})
        else:
            messages.success(request, "Action marked done. Your feedback is on the discussion's record.")
            return redirect("strategy:tasks")
    done = Action.objects.filter(owner_agency_id=user.agency_id, completed_at__isnull=False).select_related("discussion", "child", "completed_by")
    return _render(request, "strategy/tasks.html", {
        "actions": services.open_actions(user.agency_id)[:200], "done": done.order_by("-completed_at")[:20], "now": timezone.now(),
        "errors": errors, "error_list": summary, "values": values,
    }, status=400 if summary else 200)
