"""Pages: the recording check as you type, a child's tools and contexts, completing a tool, contexts, the ROTH
Tactical Group, and recording who an unknown adult is. Thin: parse, call a service, render."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from macp.access.services import AccessDenied, PersonNotFound, open_person
from macp.accounts.models import Agency
from macp.core.problems import InvalidInput
from macp.people.models import Person
from macp.people.services import is_child
from macp.tools import charts, forms, language, services
from macp.tools.models import Completion, Context, ContextLink, RtgAction, RtgAgendaItem, RtgAttendee, RtgMeeting


def _opened_child(request, person_id: str) -> Person:
    try:
        return open_person(request.user, person_id, route=request.path).person
    except PersonNotFound:
        raise Http404("No such person") from None
    except AccessDenied:
        raise PermissionDenied("You have no need-to-know basis for this child's record.") from None


def _allowed(check, *args) -> None:
    """Run a service's permission check; its PermissionError becomes a 403 page."""
    try:
        check(*args)
    except PermissionError as error:
        raise PermissionDenied(str(error)) from None


def _render_form(request, template: str, form, context: dict):
    return render(
        request,
        template,
        {"form": form, "error_list": form.error_list(), **context},
        status=400 if form.errors else 200,
    )


def _save(form, action):
    """Run a service with the form's values and return what it made; its problems land on the form (None is
    returned). PermissionError becomes a 403."""
    try:
        return action()
    except InvalidInput as error:
        form.add_problems(error)
        return None
    except PermissionError as error:
        raise PermissionDenied(str(error)) from None


# ---- recording check ------------------------------------------------------------------------------------------


@require_POST
def recording_check(request):
    """The findings for text being typed, as a fragment for static/tools/language-check.js."""
    about = None
    if request.POST.get("about"):
        about = _opened_child(request, request.POST["about"])
    dismissed = set(request.POST.getlist("dismissed"))
    findings = [
        f
        for f in services.recording_findings(request.POST.get("text", "")[:20000], about)
        if f"{f.rule}|{f.text.lower()}" not in dismissed
    ]
    return render(
        request,
        "tools/_findings.html",
        {"findings": findings, "categories": language.CATEGORIES, "field": request.POST.get("field", "")[:80]},
    )


@require_POST
def dismiss_finding(request):
    form = forms.DismissForm(request.POST)
    if form.is_valid() and _save(form, lambda: services.do_dismiss_finding(request.user, **form.cleaned_data)):
        return render(request, "tools/_dismissed.html", {"ok": True})
    return render(request, "tools/_dismissed.html", {"ok": False, "errors": form.error_list()}, status=400)


# ---- a child's tools and contexts --------------------------------------------------------------------------------


def _child_overview(request, child: Person) -> dict:
    tools = []
    for tool in services.active_tools():
        completions = list(services.completions_for(child, tool.code))
        series = services.score_series(tool, completions)
        tools.append(
            {
                "tool": tool,
                "completions": completions,
                "charts": [charts.domain_chart(tool, s) for s in series] if completions else [],
            }
        )
    return {
        "child": child,
        "tools": tools,
        "contexts": services.contexts_for_child(request.user, child, route=request.path),
        "unknown_adults": services.unknown_adults(child),
    }


def child_tools(request, person_id: str):
    child = _opened_child(request, person_id)
    return render(request, "tools/child.html", _child_overview(request, child))


def child_panel(request, person_id: str):
    """The summary shown inside the person's page (loaded by HTMX so that the people package needs no import)."""
    child = _opened_child(request, person_id)
    if not is_child(child):
        return HttpResponse("")  # tools and contexts are about children; the swap removes the fallback link
    return render(request, "tools/_child_panel.html", _child_overview(request, child))


def complete_tool(request, person_id: str, code: str):
    child = _opened_child(request, person_id)
    tool = services.active_tool(code)
    if tool is None:
        raise Http404("No such tool")
    _allowed(services.check_may_write_about, request.user, child)
    form = forms.CompletionForm(tool, request.POST or None)
    if request.method == "POST" and form.is_valid():
        made = _save(form, lambda: services.do_complete_tool(tool, request.user, child, form.service_data()))
        if made:
            messages.success(request, f"{tool.title} saved.")
            return redirect("tools:completion", completion_id=made.pk)
    previous = services.completions_for(child, tool.code).last()
    return _render_form(request, "tools/complete.html", form, {"child": child, "tool": tool, "previous": previous})


def completion(request, completion_id: int):
    c = get_object_or_404(Completion.objects.select_related("tool", "agency", "completed_by"), pk=completion_id)
    child = _opened_child(request, str(c.child_id))
    about_text = {"Worries": c.worries, "Strengths": c.strengths}
    # The recording check on what was saved: advice shown with the record, never a block.
    findings = {label: services.recording_findings(text, child) for label, text in about_text.items()}
    scores = {s.domain: s for s in c.scores.all()}
    return render(
        request,
        "tools/completion.html",
        {"c": c, "child": child, "scores": scores, "findings": findings, "categories": language.CATEGORIES},
    )


# ---- contexts ----------------------------------------------------------------------------------------------------


def _contexts_for(user):
    qs = Context.objects.select_related("agency")
    if user.agency_id and user.agency.local_authority_id:
        qs = qs.filter(Q(local_authority_id=user.agency.local_authority_id) | Q(local_authority__isnull=True))
    return qs.order_by("kind", "name")


def _agency_user(request) -> None:
    if not request.user.agency_id:
        raise PermissionDenied("Contexts are recorded by professionals of an agency.")


def context_list(request):
    _agency_user(request)
    return render(request, "tools/contexts.html", {"contexts": _contexts_for(request.user)})


def context_new(request):
    _agency_user(request)
    form = forms.ContextForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        made = _save(form, lambda: services.do_create_context(request.user, form.cleaned_data))
        if made:
            messages.success(request, "Context recorded.")
            nxt = request.GET.get("child")
            if nxt:
                return redirect(f"{reverse('tools:link_child', kwargs={'person_id': nxt})}?context={made.pk}")
            return redirect("tools:context", context_id=made.pk)
    return _render_form(request, "tools/context_new.html", form, {"child_id": request.GET.get("child", "")})


def context_detail(request, context_id: int):
    _agency_user(request)
    context = get_object_or_404(_contexts_for(request.user), pk=context_id)
    return render(
        request,
        "tools/context.html",
        {
            "context": context,
            "children": services.context_children(request.user, context, route=request.path),
            "history": services.context_history(request.user, context, route=request.path),
        },
    )


def context_edit(request, context_id: int):
    _agency_user(request)
    context = get_object_or_404(_contexts_for(request.user), pk=context_id)
    _allowed(services.check_may_edit_context, request.user, context)
    initial = {f: getattr(context, f) for f in services.CONTEXT_FIELDS}
    form = forms.ContextEditForm(request.POST or None, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(form, lambda: services.do_edit_context(request.user, context, form.cleaned_data))
    ):
        messages.success(request, "Context changed. What it said before is kept in its history.")
        return redirect("tools:context", context_id=context.pk)
    return _render_form(request, "tools/context_new.html", form, {"context": context, "child_id": ""})


def unlink_child(request, context_id: int, link_id: int):
    _agency_user(request)
    context = get_object_or_404(_contexts_for(request.user), pk=context_id)
    link = get_object_or_404(ContextLink.objects.select_related("child", "agency"), pk=link_id, context=context)
    # Ending a link writes about the child: it needs the same need-to-know basis as making one.
    _allowed(services.check_may_write_about, request.user, link.child)
    child = _opened_child(request, str(link.child_id))
    form = forms.UnlinkForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(form, lambda: services.do_unlink_child(request.user, link, form.cleaned_data))
    ):
        messages.success(
            request, f"{child.full_name} is no longer linked to {context.name}. The link is kept in its history."
        )
        return redirect("tools:context", context_id=context.pk)
    return _render_form(request, "tools/unlink.html", form, {"context": context, "link": link, "child": child})


def link_child(request, person_id: str):
    child = _opened_child(request, person_id)
    _allowed(services.check_may_write_about, request.user, child)
    contexts = _contexts_for(request.user)
    form = forms.LinkForm(contexts, request.POST or None, initial={"context": request.GET.get("context")})
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(
            form, lambda: services.do_link_child(request.user, form.cleaned_data["context"], child, form.cleaned_data)
        )
    ):
        messages.success(request, f"{child.full_name} linked to {form.cleaned_data['context'].name}.")
        return redirect("tools:child", person_id=child.person_id)
    return _render_form(request, "tools/link_child.html", form, {"child": child, "contexts": contexts})


# ---- ROTH Tactical Group ------------------------------------------------------------------------------------------


def rtg_list(request):
    _agency_user(request)
    meetings = _meetings_for(request.user)
    referrals = [
        {"referral": r, "child": services.child_label(request.user, r.child, route=request.path) if r.child else None}
        for r in services.open_referrals()
    ]
    return render(
        request,
        "tools/rtg_list.html",
        {
            "meetings": meetings[:50],
            "referrals": referrals,
            "can_organise": request.user.has_role(*services.RTG_ORGANISERS),
        },
    )


def rtg_refer(request):
    _agency_user(request)
    child = _opened_child(request, request.GET["child"]) if request.GET.get("child") else None
    contexts = _contexts_for(request.user)
    form = forms.RtgReferralForm(contexts, request.POST or None, initial={"context": request.GET.get("context")})
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(form, lambda: services.do_refer_to_rtg(request.user, {**form.cleaned_data, "child": child}))
    ):
        messages.success(request, "Referral sent to the ROTH Tactical Group.")
        return redirect("tools:child", person_id=child.person_id) if child else redirect("tools:rtg_list")
    return _render_form(request, "tools/rtg_refer.html", form, {"child": child, "contexts": contexts})


def _organiser(request) -> None:
    _allowed(services.check_rtg_organiser, request.user)


def rtg_new(request):
    _organiser(request)
    referrals = list(services.open_referrals())
    form = forms.RtgMeetingForm(referrals, request.POST or None)
    if request.method == "POST" and form.is_valid():
        made = _save(form, lambda: services.do_schedule_rtg(request.user, form.cleaned_data))
        if made:
            messages.success(request, "ROTH Tactical Group meeting arranged.")
            return redirect("tools:rtg_meeting", meeting_id=made.pk)
    labelled = [
        {"referral": r, "child": services.child_label(request.user, r.child, route=request.path) if r.child else None}
        for r in referrals
    ]
    return _render_form(request, "tools/rtg_new.html", form, {"referrals": labelled})


def _meetings_for(user):
    """A council's RTG meetings are for agencies serving that council (and agencies serving several)."""
    la = user.agency.local_authority_id
    return (
        RtgMeeting.objects.filter(Q(local_authority_id=la) | Q(local_authority__isnull=True))
        if la
        else RtgMeeting.objects.all()
    )


def _meeting(request, meeting_id: int) -> RtgMeeting:
    _agency_user(request)
    return get_object_or_404(_meetings_for(request.user), pk=meeting_id)


def rtg_meeting(request, meeting_id: int):
    meeting = _meeting(request, meeting_id)
    open_refs = [
        {"referral": r, "child": services.child_label(request.user, r.child, route=request.path) if r.child else None}
        for r in services.open_referrals()
    ]
    return render(
        request,
        "tools/rtg_meeting.html",
        {
            "meeting": meeting,
            "agenda": services.meeting_agenda(request.user, meeting, route=request.path),
            "actions": meeting.actions.select_related("owner_agency", "item", "done_by"),
            "attendees": meeting.attendees.select_related("agency"),
            "open_referrals": open_refs,
            "can_organise": request.user.has_role(*services.RTG_ORGANISERS),
        },
    )


def rtg_attendee(request, meeting_id: int):
    meeting = _meeting(request, meeting_id)
    _organiser(request)
    agencies = Agency.objects.order_by("name")
    form = forms.AttendeeForm(agencies, request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(form, lambda: services.do_add_attendee(request.user, meeting, form.cleaned_data))
    ):
        messages.success(request, f"{form.cleaned_data['name']} added to the attendance.")
        return redirect(f"{reverse('tools:rtg_meeting', kwargs={'meeting_id': meeting.pk})}#attendance")
    return _render_form(request, "tools/rtg_attendee.html", form, {"meeting": meeting, "agencies": agencies})


@require_POST
def rtg_remove_attendee(request, meeting_id: int, attendee_id: int):
    meeting = _meeting(request, meeting_id)
    _organiser(request)
    attendee = get_object_or_404(RtgAttendee, pk=attendee_id, meeting=meeting)
    services.do_remove_attendee(request.user, attendee)
    messages.success(request, f"{attendee.name} removed from the attendance.")
    return redirect(f"{reverse('tools:rtg_meeting', kwargs={'meeting_id': meeting.pk})}#attendance")


def rtg_held(request, meeting_id: int):
    meeting = _meeting(request, meeting_id)
    _organiser(request)
    initial = {"minutes": meeting.minutes}
    if meeting.held_at:
        initial["held_at"] = timezone.localtime(meeting.held_at).strftime("%d/%m/%Y %H:%M")
    form = forms.HeldForm(request.POST or None, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(form, lambda: services.do_record_held(request.user, meeting, form.cleaned_data))
    ):
        messages.success(request, "Meeting recorded as held, with its minutes.")
        return redirect("tools:rtg_meeting", meeting_id=meeting.pk)
    return _render_form(
        request,
        "tools/rtg_held.html",
        form,
        {"meeting": meeting, "attendees": meeting.attendees.select_related("agency")},
    )


def rtg_action_done(request, meeting_id: int, action_id: int):
    meeting = _meeting(request, meeting_id)
    action = get_object_or_404(RtgAction.objects.select_related("owner_agency"), pk=action_id, meeting=meeting)
    _allowed(services.check_may_complete_action, request.user, action)
    form = forms.ActionDoneForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(form, lambda: services.do_complete_action(request.user, action, form.cleaned_data["note"]))
    ):
        messages.success(request, "Action marked done.")
        return redirect("tools:rtg_meeting", meeting_id=meeting.pk)
    return _render_form(request, "tools/rtg_action_done.html", form, {"meeting": meeting, "action": action})


@require_POST
def rtg_add_item(request, meeting_id: int):
    meeting = _meeting(request, meeting_id)
    _organiser(request)
    referral = get_object_or_404(services.open_referrals(), pk=request.POST.get("referral") or 0)
    services.do_add_to_agenda(request.user, meeting, referral)
    messages.success(request, "Added to the agenda.")
    return redirect("tools:rtg_meeting", meeting_id=meeting.pk)


def rtg_discussion(request, meeting_id: int, item_id: int):
    meeting = _meeting(request, meeting_id)
    _organiser(request)
    item = get_object_or_404(RtgAgendaItem, pk=item_id, meeting=meeting)
    form = forms.DiscussionForm(request.POST or None, initial={"discussion": item.discussion})
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(form, lambda: services.do_record_discussion(request.user, item, form.cleaned_data["discussion"]))
    ):
        messages.success(request, "Discussion recorded.")
        return redirect("tools:rtg_meeting", meeting_id=meeting.pk)
    child = services.child_label(request.user, item.child, route=request.path) if item.child else None
    return _render_form(request, "tools/rtg_discussion.html", form, {"meeting": meeting, "item": item, "child": child})


def rtg_action(request, meeting_id: int):
    meeting = _meeting(request, meeting_id)
    _organiser(request)
    items = list(meeting.items.select_related("context"))
    form = forms.RtgActionForm(items, Agency.objects.order_by("name"), request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(form, lambda: services.do_add_rtg_action(request.user, meeting, form.cleaned_data))
    ):
        messages.success(request, "Action added.")
        return redirect("tools:rtg_meeting", meeting_id=meeting.pk)
    agenda = services.meeting_agenda(request.user, meeting, route=request.path)
    return _render_form(
        request,
        "tools/rtg_action.html",
        form,
        {"meeting": meeting, "agenda": agenda, "agencies": Agency.objects.order_by("name")},
    )


# ---- who is this adult? ---------------------------------------------------------------------------------------------


def record_who(request, person_id: str, adult_id: str):
    child = _opened_child(request, person_id)
    entry = next((e for e in services.unknown_adults(child) if str(e["person"].pk) == adult_id), None)
    if entry is None:
        raise Http404("This adult is not unknown in this child's household")
    _allowed(services.check_may_write_about, request.user, child)
    form = forms.WhoForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(form, lambda: services.do_record_who(request.user, child, entry["person"], form.cleaned_data))
    ):
        messages.success(request, "Recorded. The genogram and chronology now show who they are.")
        return redirect("tools:child", person_id=child.person_id)
    return _render_form(request, "tools/who.html", form, {"child": child, "entry": entry})
