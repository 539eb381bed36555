"""Pages of a multi-agency audit: one view per form. The partnership analyst sets it up, samples, names the agencies'
auditors, moderates and writes the brief; each auditor grades their agency's part per child (an audited read)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from macp.access.models import AccessEvent
from macp.access.services import NO_CASEWORK_ROLES, record_read
from macp.accounts.models import Role, User
from macp.audits import brief, services
from macp.audits.forms import (
    AgencyForm,
    AuditForm,
    BriefForm,
    ChooseForm,
    GradeForm,
    MeetingForm,
    ModerateForm,
    SampleForm,
)
from macp.audits.models import AGENCY_GRADE_CHOICES, GRADE_ORDER, Audit, Grade
from macp.core.problems import InvalidInput
from macp.documents.render import to_docx, to_pdf


def _audit(request, audit_id: int) -> Audit:
    audit = services.visible_audits(request.user).filter(pk=audit_id).select_related("local_authority").first()
    if audit is None:
        raise Http404("No audit with that number that you can see.")
    return audit


def _run(request, audit_id: int) -> Audit:
    audit = _audit(request, audit_id)
    if not services.runs(request.user, audit):
        raise PermissionDenied("Only the partnership's analysts run this audit.")
    return audit


def _form_page(request, form, *, title, caption, button, audit=None, intro="", status=200, back=None):
    return render(
        request,
        "audits/form.html",
        {
            "form": form,
            "error_list": form.error_list(),
            "title": title,
            "caption": caption,
            "button": button,
            "audit": audit,
            "intro": intro,
            "back": back,
        },
        status=400 if form.errors else status,
    )


def index(request):
    audits = services.visible_audits(request.user).select_related("local_authority")
    return render(
        request,
        "audits/index.html",
        {"audits": audits[:200], "may_run": services.may_run_audits(request.user)},
    )


def new(request):
    if not services.may_run_audits(request.user):
        raise PermissionDenied("Audits are run by the partnership's analysts.")
    form = AuditForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        audit = form.attempt(lambda: services.create_audit(request.user, **form.cleaned_data))
        if audit:
            return redirect("audits:detail", audit_id=audit.pk)
    return _form_page(request, form, title="Set up an audit", caption="Multi-agency audit", button="Set up the audit")


def detail(request, audit_id: int):
    audit = _audit(request, audit_id)
    runs = services.runs(request.user, audit)
    part = services.auditor_part(request.user, audit)
    sample = list(audit.sample.all())
    graded = set()
    if part:
        graded = set(part.grades.values_list("child_id", flat=True).distinct())
    proposed = {c.pk: services.proposed_grade(c) for c in sample} if audit.status != Audit.Status.PLANNING else {}
    return render(
        request,
        "audits/detail.html",
        {
            "audit": audit,
            "runs": runs,
            "part": part,
            "sample": sample,
            "graded": graded,
            "proposed": proposed,
            "criteria": list(audit.criteria.all()),
            "progress": services.progress(audit),
            "table": services.grade_table(audit),
            "grade_labels": [Grade(g).label for g in GRADE_ORDER],
            "grade_names": dict(AGENCY_GRADE_CHOICES),
        },
    )


def sample(request, audit_id: int):
    audit = _run(request, audit_id)
    form = SampleForm(request.POST if request.method == "POST" else None, initial={"size": 8})
    if request.method == "POST" and form.is_valid():
        drawn = form.attempt(lambda: services.draw_sample(request.user, audit, **form.cleaned_data))
        if drawn is not None:
            messages.success(request, f"{len(drawn)} children drawn at random (seed {form.cleaned_data['seed']}).")
            return redirect("audits:detail", audit_id=audit.pk)
    count = services.candidates(audit).count()
    return _form_page(
        request,
        form,
        title="Draw the sample",
        caption=audit.theme,
        button="Draw the sample",
        audit=audit,
        intro=f"{count} children had a strategy discussion for {audit.local_authority.name} in the period. "
        "Drawing again replaces the sample.",
    )


def choose(request, audit_id: int):
    audit = _run(request, audit_id)
    form = ChooseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        child = form.attempt(lambda: services.choose_child(request.user, audit, **form.cleaned_data))
        if child:
            messages.success(request, f"{child.label} added to the sample.")
            return redirect("audits:detail", audit_id=audit.pk)
    return _form_page(
        request, form, title="Choose a child", caption=audit.theme, button="Add to the sample", audit=audit
    )


def _auditors(audit: Audit):
    """People who may be named an auditor: casework staff of agencies serving the audit's council."""
    return (
        User.objects.filter(is_active=True, agency__active=True)
        .filter(Q(agency__local_authority=audit.local_authority) | Q(agency__local_authority__isnull=True))
        .filter(roles__role__in=[r for r in Role.values if r not in NO_CASEWORK_ROLES])
        .exclude(agency__in=audit.agencies.values("agency"))
        .select_related("agency")
        .order_by("agency__name", "last_name", "first_name")
        .distinct()
    )


def add_agency(request, audit_id: int):
    audit = _run(request, audit_id)
    form = AgencyForm(request.POST if request.method == "POST" else None, auditors=_auditors(audit))
    if request.method == "POST" and form.is_valid():
        auditor = form.cleaned_data["auditor"]
        part = form.attempt(lambda: services.add_agency(request.user, audit, agency=auditor.agency, auditor=auditor))
        if part:
            messages.success(request, f"{part.agency.name} takes part; {auditor.get_full_name()} grades its part.")
            return redirect("audits:detail", audit_id=audit.pk)
    return _form_page(
        request, form, title="Add an agency's auditor", caption=audit.theme, button="Add the agency", audit=audit
    )


def _step(request, audit_id: int, action, done: str):
    audit = _run(request, audit_id)
    try:
        action(request.user, audit)
    except InvalidInput as invalid:
        for problem in invalid.problems:
            messages.error(request, problem.msg)
        return redirect("audits:detail", audit_id=audit.pk)
    except PermissionError as refused:
        raise PermissionDenied(str(refused)) from None
    messages.success(request, done)
    return redirect("audits:detail", audit_id=audit.pk)


@require_POST
def start_grading(request, audit_id: int):
    return _step(
        request, audit_id, services.start_grading, "Grading has started: each auditor can now open the sample."
    )


@require_POST
def start_moderation(request, audit_id: int):
    return _step(request, audit_id, services.start_moderation, "Grading is closed: record the moderation meeting.")


@require_POST
def close(request, audit_id: int):
    return _step(request, audit_id, services.close_audit, "The audit is closed and the auditors' access has ended.")


def grade(request, audit_id: int, child_id: int):
    audit = _audit(request, audit_id)
    part = services.auditor_part(request.user, audit)
    if part is None:
        raise PermissionDenied("Only an agency's nominated auditor grades its part.")
    child = audit.sample.filter(pk=child_id).select_related("person").first()
    if child is None:
        raise Http404("No such child in this audit's sample.")
    decision = record_read(
        request.user, child.person, route=request.path, channel=AccessEvent.Channel.PAGE, context=f"audit {audit.pk}"
    )
    if not decision.allowed:
        raise PermissionDenied("Your access to this audit's sample has ended.")
    criteria = list(audit.criteria.all())
    existing = {g.criterion_id: g for g in part.grades.filter(child=child)}
    initial = {f"grade_{k}": g.grade for k, g in existing.items()} | {
        f"comment_{k}": g.comment for k, g in existing.items()
    }
    form = GradeForm(request.POST if request.method == "POST" else None, criteria=criteria, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = form.attempt(lambda: services.grade_child(request.user, part, child, form.grades()))
        if saved:
            messages.success(request, f"Grades for {child.label} saved.")
            return redirect("audits:detail", audit_id=audit.pk)
    return render(
        request,
        "audits/grade.html",
        {
            "form": form,
            "error_list": form.error_list(),
            "audit": audit,
            "part": part,
            "child": child,
            "person": child.person,
            "editable": audit.status == Audit.Status.GRADING,
        },
        status=400 if form.errors else 200,
    )


def meeting(request, audit_id: int):
    audit = _run(request, audit_id)
    form = MeetingForm(
        request.POST if request.method == "POST" else None,
        initial={"meeting_date": audit.meeting_date, "attendees": audit.attendees},
    )
    if request.method == "POST" and form.is_valid():
        if form.attempt(lambda: services.record_meeting(request.user, audit, **form.cleaned_data)):
            messages.success(request, "Moderation meeting recorded.")
            return redirect("audits:detail", audit_id=audit.pk)
    return _form_page(
        request, form, title="Moderation meeting", caption=audit.theme, button="Save the meeting", audit=audit
    )


def moderate(request, audit_id: int, child_id: int):
    audit = _run(request, audit_id)
    child = audit.sample.filter(pk=child_id).first()
    if child is None:
        raise Http404("No such child in this audit's sample.")
    proposed = services.proposed_grade(child)
    form = ModerateForm(
        request.POST if request.method == "POST" else None,
        initial={"grade": child.moderated_grade or proposed, "rationale": child.moderation_rationale},
    )
    if request.method == "POST" and form.is_valid():
        if form.attempt(lambda: services.moderate_child(request.user, child, **form.cleaned_data)):
            messages.success(request, f"Moderated grade for {child.label} saved.")
            return redirect("audits:detail", audit_id=audit.pk)
    said = Grade(proposed).label if proposed else "no grade yet"
    by_agency = [
        (part.agency.name, [(g.criterion.number, dict(AGENCY_GRADE_CHOICES)[g.grade], g.comment) for g in grades])
        for part in audit.agencies.select_related("agency")
        if (grades := list(part.grades.filter(child=child).select_related("criterion").order_by("criterion__number")))
    ]
    return render(
        request,
        "audits/moderate.html",
        {
            "form": form,
            "error_list": form.error_list(),
            "audit": audit,
            "child": child,
            "proposed": said,
            "by_agency": by_agency,
        },
        status=400 if form.errors else 200,
    )


def write_brief(request, audit_id: int):
    audit = _run(request, audit_id)
    fields = ("worries", "good_practice", "learning_theme", "what_we_found", "needs_to_happen")
    form = BriefForm(request.POST if request.method == "POST" else None, initial={f: getattr(audit, f) for f in fields})
    if request.method == "POST" and form.is_valid():
        if form.attempt(lambda: services.save_brief(request.user, audit, **form.cleaned_data)):
            messages.success(request, "Learning brief saved.")
            return redirect("audits:detail", audit_id=audit.pk)
    return _form_page(
        request,
        form,
        title="Learning brief",
        caption=audit.theme,
        button="Save the learning brief",
        audit=audit,
        intro="Written in the partnership's learning-brief format. Name no child: the brief is shared widely.",
    )


def download_brief(request, audit_id: int, fmt: str):
    audit = _audit(request, audit_id)
    if not services.runs(request.user, audit) and audit.status != Audit.Status.CLOSED:
        raise PermissionDenied("The learning brief is shared when the audit closes.")
    document = brief.learning_brief(audit)
    name = f"learning-brief-audit-{audit.pk}"
    if fmt == "docx":
        response = HttpResponse(
            to_docx(document), content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.docx"'
    elif fmt == "pdf":
        response = HttpResponse(to_pdf(document), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    else:
        raise Http404("Learning briefs come as docx or pdf.")
    return response
