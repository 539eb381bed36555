"""Pages for the worktray, section 47 enquiries, the discrepancy matrix, conferences and people search.

One view per form, each at its own URL. Views open the child through access (checked and audited), bind a
GovukForm, call one service and redirect; a service's problems go back onto the form, so nothing typed is lost.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from macp.access.services import AccessDenied, PersonNotFound, does_casework, open_person
from macp.accounts.models import Agency, Role, User
from macp.core.forms import form_page
from macp.core.problems import InvalidInput
from macp.enquiries import clocks, conferences, forms, investigation, matrix, search, worktray
from macp.enquiries.models import (
    Answer,
    Conference,
    ConferenceChild,
    ConferenceDistribution,
    Enquiry,
    Hypothesis,
    KeyQuestion,
    Task,
)
from macp.enquiries.permissions import can_allocate, can_run_conference, can_work_on
from macp.escalations import services as escalations
from macp.escalations.models import AboutKind

# ---- helpers -----------------------------------------------------------------------------------------------------


def _open(request, person_id):
    """Open a child for this page (audited); refusal is the access page with its ways to ask."""
    try:
        return open_person(request.user, person_id, route=request.path)
    except PersonNotFound:
        raise Http404("No such person") from None
    except AccessDenied:
        raise PermissionDenied(
            "You do not have a need-to-know basis for this child. Ask for access from the child's page."
        ) from None


def _enquiry(request, enquiry_id: int) -> Enquiry:
    enquiry = get_object_or_404(
        Enquiry.objects.select_related(
            "child", "lead_agency", "social_care", "police", "social_worker", "police_investigator", "team"
        ),
        pk=enquiry_id,
    )
    _open(request, enquiry.child_id)
    return enquiry


def _conference(request, conference_id: int) -> Conference:
    conference = get_object_or_404(Conference.objects.select_related("social_care"), pk=conference_id)
    for child_id in conference.children.values_list("child_id", flat=True):
        _open(request, child_id)
    return conference


def _submitted(request, form, write) -> bool:
    """A POST with a valid form whose service call, write(cleaned_data), succeeded. The service's problems go onto the
    form (by field where there is one), so the page shows them with everything typed; a refusal is the 403 page."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        write(form.cleaned_data)
    except InvalidInput as refused:
        form.add_problems(refused.problems)
        return False
    except PermissionError as refused:
        raise PermissionDenied(str(refused)) from None
    return True


def _user(pk) -> User | None:
    return User.objects.filter(pk=pk).first() if pk else None


def _page(request, form, *, title: str, caption: str, back: str, button: str, intro: str = ""):
    return form_page(
        request, "enquiries/form.html", form, title=title, caption=caption, back=back, button=button, intro=intro
    )


def _agencies(enquiry: Enquiry):
    return matrix.agencies(enquiry) or [enquiry.social_care]


def _detail_url(enquiry, anchor: str = "") -> str:
    return reverse("enquiries:detail", kwargs={"enquiry_id": enquiry.pk}) + (f"#{anchor}" if anchor else "")


def _posted(request):
    return request.POST if request.method == "POST" else None


# ---- worktray ----------------------------------------------------------------------------------------------------


def home(request):
    # The partnership analyst does no casework: their landing page is the partnership's figures (issue 13).
    if request.user.has_role(Role.PARTNERSHIP_ANALYST) and not does_casework(request.user):
        return redirect("quality:dashboard")
    return render(
        request, "enquiries/worktray.html", {"tray": worktray.for_user(request.user), "sections": worktray.SECTIONS}
    )


# ---- the enquiry -------------------------------------------------------------------------------------------------


def detail(request, enquiry_id: int):
    enquiry = _enquiry(request, enquiry_id)
    return render(
        request,
        "enquiries/detail.html",
        {
            "enquiry": enquiry,
            "clock": clocks.clock,
            "hypotheses": list(enquiry.hypotheses.all()),
            "tasks": list(enquiry.tasks.select_related("agency")),
            "seen": list(enquiry.child_seen.select_related("by_agency")),
            "voice": list(enquiry.voice.select_related("by_agency")),
            "problems": investigation.outcome_problems(enquiry) if enquiry.status == "open" else [],
            "can_work": can_work_on(request.user, enquiry),
            "can_allocate": can_allocate(request.user, enquiry),
            "conference_rows": list(enquiry.conferences.select_related("conference")),
            "can_book": conferences.awaiting_conference(enquiry)
            and can_run_conference(request.user, Conference(social_care=enquiry.social_care)),
            "disagreements": escalations.open_for_decision(AboutKind.ENQUIRY, enquiry.pk),
            "raise_disagreement_url": escalations.raise_url(AboutKind.ENQUIRY, enquiry.pk, child=enquiry.child_id)
            if enquiry.outcome and request.user.agency_id
            else "",
        },
    )


def allocate(request, enquiry_id: int):
    enquiry = _enquiry(request, enquiry_id)
    own = {"social_worker"} if request.user.agency_id == enquiry.social_care_id else {"police_investigator"}
    people = investigation.allocatable(enquiry)
    form = forms.AllocateForm(
        _posted(request),
        people=people,
        own=own,
        initial={"social_worker": enquiry.social_worker_id, "police_investigator": enquiry.police_investigator_id},
    )
    if _submitted(
        request,
        form,
        lambda d: investigation.allocate(
            enquiry, request.user, _user(d.get("social_worker")), _user(d.get("police_investigator"))
        ),
    ):
        messages.success(request, "Allocation saved.")
        return redirect(_detail_url(enquiry))
    return _page(
        request,
        form,
        title="Allocate the enquiry",
        caption=f"S47-{enquiry.pk}: {enquiry.child.full_name}",
        back=_detail_url(enquiry),
        button="Save allocation",
    )


def plan(request, enquiry_id: int):
    enquiry = _enquiry(request, enquiry_id)
    form = forms.PlanForm(
        _posted(request), initial={"safety_plan": enquiry.safety_plan, "contingency": enquiry.contingency}
    )
    if _submitted(request, form, lambda d: investigation.save_plan(enquiry, request.user, **d)):
        messages.success(request, "Plan saved.")
        return redirect(_detail_url(enquiry, "plan"))
    return _page(
        request,
        form,
        title="Safety plan and contingency",
        caption=f"S47-{enquiry.pk}: {enquiry.child.full_name}",
        back=_detail_url(enquiry, "plan"),
        button="Save plan",
    )


def add_hypothesis(request, enquiry_id: int):
    enquiry = _enquiry(request, enquiry_id)
    form = forms.HypothesisForm(_posted(request))
    if _submitted(request, form, lambda d: investigation.add_hypothesis(enquiry, request.user, **d)):
        messages.success(request, "Hypothesis recorded.")
        return redirect(_detail_url(enquiry, "hypotheses"))
    return _page(
        request,
        form,
        title="Add a hypothesis",
        caption=f"S47-{enquiry.pk}: {enquiry.child.full_name}",
        back=_detail_url(enquiry, "hypotheses"),
        button="Save hypothesis",
        intro="Write each possible explanation separately, with the evidence for and against it. Confirm or exclude it on evidence.",
    )


def change_hypothesis(request, enquiry_id: int, hypothesis_id: int):
    enquiry = _enquiry(request, enquiry_id)
    hypothesis = get_object_or_404(Hypothesis, pk=hypothesis_id, enquiry=enquiry)
    form = forms.HypothesisForm(
        _posted(request),
        initial={k: getattr(hypothesis, k) for k in ("statement", "evidence_for", "evidence_against", "status")},
    )
    if _submitted(request, form, lambda d: investigation.change_hypothesis(hypothesis, request.user, **d)):
        messages.success(request, "Hypothesis updated.")
        return redirect(_detail_url(enquiry, "hypotheses"))
    return _page(
        request,
        form,
        title="Update the hypothesis",
        caption=f"S47-{enquiry.pk}: {enquiry.child.full_name}",
        back=_detail_url(enquiry, "hypotheses"),
        button="Save hypothesis",
    )


def add_task(request, enquiry_id: int):
    enquiry = _enquiry(request, enquiry_id)
    form = forms.TaskForm(_posted(request), agencies=_agencies(enquiry))
    if _submitted(
        request,
        form,
        lambda d: investigation.add_task(enquiry, request.user, d["kind"], d["agency"], d["due"], d["detail"]),
    ):
        messages.success(request, "Task added.")
        return redirect(_detail_url(enquiry, "tasks"))
    return _page(
        request,
        form,
        title="Add a task",
        caption=f"S47-{enquiry.pk}: {enquiry.child.full_name}",
        back=_detail_url(enquiry, "tasks"),
        button="Add task",
    )


def complete_task(request, enquiry_id: int, task_id: int):
    enquiry = _enquiry(request, enquiry_id)
    task = get_object_or_404(Task, pk=task_id, enquiry=enquiry)
    form = forms.TaskDoneForm(_posted(request))
    if _submitted(request, form, lambda d: investigation.complete_task(task, request.user, d["note"])):
        messages.success(request, "Task marked done.")
        return redirect(_detail_url(enquiry, "tasks"))
    return _page(
        request,
        form,
        title=f"Mark done: {task.detail or task.get_kind_display()}",
        caption=f"S47-{enquiry.pk}: {enquiry.child.full_name}",
        back=_detail_url(enquiry, "tasks"),
        button="Mark done",
    )


def child_seen(request, enquiry_id: int):
    enquiry = _enquiry(request, enquiry_id)
    form = forms.ChildSeenForm(
        _posted(request),
        agencies=_agencies(enquiry),
        initial={
            "by_name": request.user.display_name,
            "by_agency": request.user.agency.code if request.user.agency_id else "",
        },
    )
    if _submitted(
        request,
        form,
        lambda d: investigation.record_child_seen(
            enquiry,
            request.user,
            seen_at=d["seen_at"],
            seen_alone=forms.yes_no(d["seen_alone"]),
            by_agency=d["by_agency"],
            by_name=d["by_name"],
            note=d["note"],
            not_seen_reason=d["not_seen_reason"],
        ),
    ):
        messages.success(request, "Recorded.")
        return redirect(_detail_url(enquiry, "seen"))
    return _page(
        request,
        form,
        title=f"{enquiry.child.full_name}: seen, and seen alone",
        caption=f"S47-{enquiry.pk}",
        back=_detail_url(enquiry, "seen"),
        button="Save",
    )


def voice(request, enquiry_id: int):
    enquiry = _enquiry(request, enquiry_id)
    form = forms.VoiceForm(
        _posted(request),
        agencies=_agencies(enquiry),
        initial={"by_agency": request.user.agency.code if request.user.agency_id else ""},
    )
    if _submitted(request, form, lambda d: investigation.record_voice(enquiry, request.user, **d)):
        messages.success(request, "The child's voice is recorded.")
        return redirect(_detail_url(enquiry, "voice"))
    return _page(
        request,
        form,
        title=f"{enquiry.child.full_name}'s own voice",
        caption=f"S47-{enquiry.pk}",
        back=_detail_url(enquiry, "voice"),
        button="Save",
    )


def outcome(request, enquiry_id: int):
    enquiry = _enquiry(request, enquiry_id)
    form = forms.OutcomeForm(_posted(request))
    if _submitted(
        request, form, lambda d: investigation.record_outcome(enquiry, request.user, d["outcome"], d["rationale"])
    ):
        messages.success(request, "Outcome recorded.")
        return redirect(_detail_url(enquiry))
    return _page(
        request,
        form,
        title=f"Outcome for {enquiry.child.full_name}",
        caption=f"S47-{enquiry.pk}",
        back=_detail_url(enquiry),
        button="Record outcome",
    )


# ---- the discrepancy matrix ----------------------------------------------------------------------------------------


def matrix_page(request, enquiry_id: int):
    enquiry = _enquiry(request, enquiry_id)
    columns, rows = matrix.grid(enquiry)
    return render(
        request,
        "enquiries/matrix.html",
        {"enquiry": enquiry, "columns": columns, "rows": rows, "can_work": can_work_on(request.user, enquiry)},
    )


def add_question(request, enquiry_id: int):
    enquiry = _enquiry(request, enquiry_id)
    form = forms.QuestionForm(_posted(request))
    back = reverse("enquiries:matrix", kwargs={"enquiry_id": enquiry.pk})
    if _submitted(request, form, lambda d: matrix.add_question(enquiry, request.user, d["text"])):
        return redirect(back)
    return _page(
        request,
        form,
        title="Add a key question",
        caption=f"S47-{enquiry.pk}: {enquiry.child.full_name}",
        back=back,
        button="Add question",
    )


def answer(request, enquiry_id: int, question_id: int, agency_code: str):
    enquiry = _enquiry(request, enquiry_id)
    question = get_object_or_404(KeyQuestion, pk=question_id, enquiry=enquiry)
    agency = get_object_or_404(Agency, code=agency_code)
    existing = Answer.objects.filter(question=question, agency=agency).select_related("action").first()
    initial = {}
    if existing:
        initial = {"state": existing.state, "note": existing.note}
        if hasattr(existing, "action"):
            initial.update(what=existing.action.what, owner=existing.action.owner, due=existing.action.due)
    form = forms.AnswerForm(_posted(request), initial=initial)
    back = reverse("enquiries:matrix", kwargs={"enquiry_id": enquiry.pk})
    if _submitted(
        request,
        form,
        lambda d: matrix.record_answer(
            question,
            request.user,
            agency.code,
            d["state"],
            d["note"],
            {"what": d["what"], "owner": d["owner"], "due": d["due"]},
        ),
    ):
        return redirect(back)
    return _page(
        request,
        form,
        title=f"{agency.name}: {question.text}",
        caption=f"S47-{enquiry.pk}: discrepancy matrix",
        back=back,
        button="Save",
    )


# ---- conferences -------------------------------------------------------------------------------------------------


def book_conference(request, enquiry_id: int):
    enquiry = _enquiry(request, enquiry_id)
    siblings = conferences.awaiting_with_siblings(enquiry)
    form = forms.BookConferenceForm(_posted(request))
    booked = {}
    if _submitted(
        request,
        form,
        lambda d: booked.setdefault("c", conferences.book_initial(siblings, request.user, d["at"], d["late_reason"])),
    ):
        messages.success(request, "Conference booked and invitations sent.")
        return redirect("enquiries:conference", conference_id=booked["c"].pk)
    due = min(e.icpc_due for e in siblings)
    return _page(
        request,
        form,
        title="Book the initial child protection conference",
        caption=f"S47-{enquiry.pk}",
        back=_detail_url(enquiry),
        button="Book conference",
        intro=f"For {', '.join(e.child.full_name for e in siblings)}. Due by {due:%-d %B %Y} (15 working days after the strategy discussion). "
        "If it cannot be held by then, book it and give the reason.",
    )


def conference(request, conference_id: int):
    c = _conference(request, conference_id)
    receipt = (
        ConferenceDistribution.objects.filter(conference=c, agency_id=request.user.agency_id).first()
        if request.user.agency_id
        else None
    )
    rows = list(c.children.select_related("child", "lead_social_worker", "enquiry"))
    # Each child's decision (a plan or not) may be disputed separately (issue 11: disagreements about plans).
    open_ = escalations.open_for_decisions(AboutKind.PLAN, [r.pk for r in rows])
    plan_disagreements = {
        r.pk: {
            "open": open_[str(r.pk)],
            "raise_url": escalations.raise_url(AboutKind.PLAN, r.pk, child=r.child_id)
            if r.decided_at and request.user.agency_id
            else "",
        }
        for r in rows
    }
    return render(
        request,
        "enquiries/conference.html",
        {
            "conference": c,
            "plan_disagreements": plan_disagreements,
            "reviews": {r.pk: conferences.next_conference(r) for r in rows if r.plan and r.review_due},
            "previous": {r.pk: conferences.previous_plan(r) for r in rows} if c.kind == Conference.Kind.REVIEW else {},
            "rows": rows,
            "invitations": list(c.invitations.select_related("agency", "for_person")),
            "reports": list(c.reports.select_related("agency")),
            "dissent": list(c.dissent.select_related("agency", "child")),
            "distribution": list(c.distribution.select_related("agency")),
            "problems": conferences.finalise_problems(c) if c.status == "booked" else [],
            "can_run": can_run_conference(request.user, c),
            "receipt": receipt,
            "invited": request.user.agency_id in conferences.invited_agency_ids(c),
        },
    )


def _conference_url(c, anchor=""):
    return reverse("enquiries:conference", kwargs={"conference_id": c.pk}) + (f"#{anchor}" if anchor else "")


def child_views(request, conference_id: int, person_id: str):
    c = _conference(request, conference_id)
    row = get_object_or_404(ConferenceChild, conference=c, child_id=person_id)
    form = forms.ViewsForm(_posted(request), initial={"views": row.child_views})
    if _submitted(
        request,
        form,
        lambda d: conferences.record_views(c, request.user, child_id=row.child_id, child_views=d["views"]),
    ):
        return redirect(_conference_url(c, "views"))
    return _page(
        request,
        form,
        title=f"{row.child.full_name}'s views",
        caption=f"CPC-{c.pk}",
        back=_conference_url(c, "views"),
        button="Save",
    )


def parents_views(request, conference_id: int):
    c = _conference(request, conference_id)
    form = forms.ViewsForm(_posted(request), initial={"views": c.parents_views})
    if _submitted(request, form, lambda d: conferences.record_views(c, request.user, parents_views=d["views"])):
        return redirect(_conference_url(c, "views"))
    return _page(
        request,
        form,
        title="The parents' views",
        caption=f"CPC-{c.pk}",
        back=_conference_url(c, "views"),
        button="Save",
    )


def report(request, conference_id: int):
    c = _conference(request, conference_id)
    invited = list(Agency.objects.filter(pk__in=conferences.invited_agency_ids(c)).order_by("name"))
    own = request.user.agency.code if request.user.agency_id else ""
    form = forms.ReportForm(_posted(request), agencies=invited, initial={"agency": own})
    if _submitted(request, form, lambda d: conferences.save_report(c, request.user, d["agency"], d["text"])):
        messages.success(request, "Report saved.")
        return redirect(_conference_url(c, "reports"))
    return _page(
        request,
        form,
        title="Agency report to the conference",
        caption=f"CPC-{c.pk}",
        back=_conference_url(c, "reports"),
        button="Save report",
    )


def decision(request, conference_id: int, person_id: str):
    c = _conference(request, conference_id)
    row = get_object_or_404(ConferenceChild, conference=c, child_id=person_id)
    workers = list(
        User.objects.filter(agency=c.social_care, roles__role=Role.SOCIAL_WORKER, is_active=True).order_by("first_name")
    )
    review = c.kind == Conference.Kind.REVIEW
    before = conferences.previous_plan(row) if review else None
    initial = {"lead_social_worker": (row.enquiry.social_worker_id if row.enquiry else None)}
    if before:  # the plan as it stands, to continue or end
        initial = {
            "category": before.category,
            "lead_social_worker": before.lead_social_worker_id,
            "core_group": before.core_group,
        }
    form = forms.ConferenceDecisionForm(_posted(request), social_workers=workers, review=review, initial=initial)
    if _submitted(
        request,
        form,
        lambda d: conferences.record_child_decision(
            c,
            request.user,
            row.child_id,
            plan=forms.yes_no(d["plan"]),
            category=d["category"],
            rationale=d["rationale"],
            lead_social_worker=_user(d["lead_social_worker"]),
            core_group=d["core_group"],
        ),
    ):
        messages.success(request, f"Decision for {row.child.full_name} recorded.")
        return redirect(_conference_url(c, "decisions"))
    return _page(
        request,
        form,
        title=f"Decision for {row.child.full_name}",
        caption=f"CPC-{c.pk}",
        back=_conference_url(c, "decisions"),
        button="Save decision",
    )


def book_review(request, conference_id: int, person_id: str):
    """The review child protection conference for a child on a plan, due by the date the last conference set."""
    c = _conference(request, conference_id)
    row = get_object_or_404(
        ConferenceChild.objects.select_related("child", "conference"), conference=c, child_id=person_id
    )
    form = forms.BookConferenceForm(_posted(request))
    booked = {}
    if _submitted(
        request,
        form,
        lambda d: booked.setdefault("c", conferences.book_review(row, request.user, d["at"], d["late_reason"])),
    ):
        messages.success(request, "Review conference booked and invitations sent.")
        return redirect("enquiries:conference", conference_id=booked["c"].pk)
    due = f"{row.review_due:%-d %B %Y}" if row.review_due else "not set"
    return _page(
        request,
        form,
        title=f"Book the review child protection conference for {row.child.full_name}",
        caption=f"CPC-{c.pk}",
        back=_conference_url(c, "decisions"),
        button="Book review conference",
        intro=f"Due by {due}: 3 months after the initial conference, then every 6 months. The review decides whether "
        "the plan continues or ends. If it cannot be held by then, book it and give the reason.",
    )


def dissent(request, conference_id: int):
    c = _conference(request, conference_id)
    invited = list(Agency.objects.filter(pk__in=conferences.invited_agency_ids(c)).order_by("name"))
    form = forms.DissentForm(
        _posted(request),
        agencies=invited,
        initial={"agency": request.user.agency.code if request.user.agency_id else ""},
    )
    if _submitted(request, form, lambda d: conferences.record_dissent(c, request.user, d["agency"], None, d["reason"])):
        return redirect(_conference_url(c, "dissent"))
    return _page(
        request,
        form,
        title="Record a disagreement",
        caption=f"CPC-{c.pk}",
        back=_conference_url(c, "dissent"),
        button="Record",
    )


def finalise(request, conference_id: int):
    c = _conference(request, conference_id)
    form = forms.GovukForm(_posted(request))
    if _submitted(request, form, lambda d: conferences.finalise(c, request.user)):
        messages.success(request, "Minutes finalised and sent to every invited agency.")
        return redirect(_conference_url(c))
    return _page(
        request,
        form,
        title="Finalise and send the minutes",
        caption=f"CPC-{c.pk}",
        back=_conference_url(c),
        button="Finalise and send",
        intro="The minutes go to every invited agency, present or not. Each child's review date and first core group date are set.",
    )


def acknowledge(request, conference_id: int):
    c = _conference(request, conference_id)
    receipt = get_object_or_404(ConferenceDistribution, conference=c, agency_id=request.user.agency_id)
    form = forms.GovukForm(_posted(request))
    if _submitted(request, form, lambda d: conferences.acknowledge(receipt, request.user)):
        messages.success(request, "Receipt confirmed.")
        return redirect(_conference_url(c))
    return _page(
        request,
        form,
        title="Confirm receipt of the minutes",
        caption=f"CPC-{c.pk}",
        back=_conference_url(c),
        button="Confirm receipt",
    )


# ---- people search -----------------------------------------------------------------------------------------------


def people_search(request):
    form = forms.SearchForm(request.GET if request.GET else None)
    results, searched = [], False
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        for message in search.check_terms(d["name"], d["date_of_birth"], d["nhs_number"], d["postcode"]):
            form.add_error(None, message)
        if not form.errors:
            searched = True
            results = search.search(
                request.user,
                name=d["name"],
                date_of_birth=d["date_of_birth"],
                nhs_number=d["nhs_number"],
                postcode=d["postcode"],
                route=request.path,
            )
    return render(
        request,
        "enquiries/search.html",
        {
            "form": form,
            "error_list": form.error_list() if form.is_bound else [],
            "results": results,
            "searched": searched,
        },
        status=400 if form.errors else 200,
    )
