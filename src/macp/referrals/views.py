"""Pages for referrers (question pages, check answers, status and outcome) and for the front door (triage queue,
triage with the joined-up history, BRAG, MASH enquiries, decision)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from macp.access.models import AccessEvent
from macp.access.services import record_read
from macp.accounts.models import Agency, AgencyType, Role
from macp.core.formats import parse_date
from macp.core.forms import error_summary
from macp.core.pagination import paginate
from macp.core.problems import InvalidInput
from macp.people.models import RelationshipType
from macp.referrals import portal, services
from macp.referrals.forms import AdultForm, ChildForm, ConcernsForm, ConsentForm, ReferrerForm
from macp.referrals.models import Attachment, Brag, Consent, Decision, Draft, MashEnquiry, Referral
from macp.tools import services as tools_services

RELATIONSHIP_CHOICES = [("unknown", "Not known")] + [
    (v, label) for v, label in RelationshipType.choices if v not in ("sibling", "half_sibling")
]


def _parse(form_class, request):
    """The page's form, read from the POST (these forms only parse: they have no errors of their own)."""
    form = form_class(request.POST)
    form.is_valid()
    return form


def _draft(request, draft_id: int) -> Draft:
    return get_object_or_404(Draft, pk=draft_id, owner=request.user)


# ---- referrer -------------------------------------------------------------------------------------------------


def my_requests(request):
    return render(
        request,
        "referrals/mine.html",
        {
            "drafts": Draft.objects.filter(owner=request.user),
            "referrals": Referral.objects.filter(submitted_by=request.user)
            .exclude(status=Referral.Status.DRAFT)
            .order_by("-submitted_at")[:100],
        },
    )


@require_http_methods(["GET", "POST"])
def start(request):
    if request.method == "GET":  # a bookmarked or typed address: the start page, whose button starts a draft
        return render(request, "referrals/start.html")
    if not request.user.agency_id:
        raise PermissionDenied("Requests for help come from a professional's agency account.")
    user = request.user
    draft = Draft.objects.create(
        owner=user,
        data={
            "referrer": {
                "name": user.display_name,
                "role": user.job_title,
                "organisation": user.agency.name,
                "email": user.email,
            },
            "children": [],
            "adults": [],
            "consent": {},
        },
    )
    return redirect("referrals:step", draft_id=draft.pk, step="referrer")


def step(request, draft_id: int, step: str):
    draft = _draft(request, draft_id)
    handlers = {"referrer": _referrer, "consent": _consent, "concerns": _concerns}
    if step not in handlers:
        raise Http404("No such question page")
    return handlers[step](request, draft)


def _save_and_continue(request, draft, step_name, template, context):
    draft.save()
    return _step_page(request, draft, step_name, template, context)


def _step_page(request, draft, step_name, template, context):
    """A question page: on POST, on to the next page when the draft has no problems for this step, else the page
    again with them (400)."""
    problems = portal.problems_for(draft, step_name, request.user) if request.method == "POST" else []
    if request.method == "POST" and not problems:
        return redirect(_after(request, draft, step_name))
    errors, summary = error_summary(problems, whole_loc=True) if request.method == "POST" else ({}, [])
    return render(
        request,
        template,
        {
            "draft": draft,
            "data": draft.data,
            "errors": errors,
            "error_list": summary,
            "steps": portal.STEPS,
            "step": step_name,
            **context,
        },
        status=400 if summary else 200,
    )


def _after(request, draft, step_name) -> str:
    from django.urls import reverse

    if request.GET.get("from") == "check":
        return reverse("referrals:check", kwargs={"draft_id": draft.pk})
    nxt = portal.next_step(step_name)
    if nxt == "check":
        return reverse("referrals:check", kwargs={"draft_id": draft.pk})
    if nxt in ("children", "adults"):
        return reverse(f"referrals:{nxt}", kwargs={"draft_id": draft.pk})
    if nxt == "attachments":
        return reverse("referrals:attachments", kwargs={"draft_id": draft.pk})
    return reverse("referrals:step", kwargs={"draft_id": draft.pk, "step": nxt})


def _referrer(request, draft):
    front_doors = Agency.objects.filter(type=AgencyType.CHILDRENS_SOCIAL_CARE, active=True).order_by("name")
    if request.method == "POST":
        _parse(ReferrerForm, request).save_to(draft.data)
    elif "receiving_agency" not in draft.data:
        default = services.receiving_agency_for(request.user, None)
        draft.data["receiving_agency"] = default.code if default else None
    return _save_and_continue(request, draft, "referrer", "referrals/step_referrer.html", {"front_doors": front_doors})


def _consent(request, draft):
    if request.method == "POST":
        _parse(ConsentForm, request).save_to(draft.data)
    return _save_and_continue(request, draft, "consent", "referrals/step_consent.html", {})


def _concerns(request, draft):
    if request.method == "POST":
        _parse(ConcernsForm, request).save_to(draft.data)
    return _save_and_continue(request, draft, "concerns", "referrals/step_concerns.html", {})


def children(request, draft_id: int):
    return _step_page(request, _draft(request, draft_id), "children", "referrals/children.html", {})


def child(request, draft_id: int, index: int):
    draft = _draft(request, draft_id)
    items = draft.data.setdefault("children", [])
    if index > len(items):
        raise Http404("No such child")
    current = items[index] if index < len(items) else {}
    form = ChildForm(request.POST if request.method == "POST" else None)
    date_errors = {}
    if request.method == "POST":
        entry = form.entry()
        date_errors = form.date_errors()
        if index < len(items):
            items[index] = entry
        else:
            items.append(entry)
        draft.save()
        problems = [p for p in portal.problems_for(draft, "children", request.user) if p.loc[:2] == ["children", index]]
        if not problems and not date_errors:
            return redirect("referrals:children", draft_id=draft.pk)
        current = entry
    else:
        problems = []
    errors = {str(p.loc[2]) if len(p.loc) > 2 else "given_name": p.msg for p in problems}
    for field, message in date_errors.items():
        errors[field] = message
    summary = [
        {"text": msg, "href": f"#{field}" if "date" not in field else f"#{field}-day"} for field, msg in errors.items()
    ]
    return render(
        request,
        "referrals/child.html",
        {
            "draft": draft,
            "index": index,
            "child": current,
            "errors": errors,
            "error_list": summary,
            "values": request.POST,
            "dob": form.boxes("date_of_birth", current.get("date_of_birth")),
            "edd": form.boxes("expected_date_of_birth", current.get("expected_date_of_birth")),
            "step": "children",
            "steps": portal.STEPS,
        },
        status=400 if summary else 200,
    )


@require_POST
def remove_child(request, draft_id: int, index: int):
    draft = _draft(request, draft_id)
    items = draft.data.get("children", [])
    if index < len(items):
        items.pop(index)
        for adult in draft.data.get("adults", []):
            rel = adult.get("relationships", {})
            adult["relationships"] = {str(int(k) - (int(k) > index)): v for k, v in rel.items() if int(k) != index}
        draft.save()
    return redirect("referrals:children", draft_id=draft.pk)


def adults(request, draft_id: int):
    labels = {"labels": dict(RELATIONSHIP_CHOICES)}
    return _step_page(request, _draft(request, draft_id), "adults", "referrals/adults.html", labels)


def adult(request, draft_id: int, index: int):
    draft = _draft(request, draft_id)
    items = draft.data.setdefault("adults", [])
    if index > len(items):
        raise Http404("No such adult")
    current = items[index] if index < len(items) else {"relationships": {}}
    form = AdultForm(request.POST if request.method == "POST" else None, children=len(draft.data.get("children", [])))
    errors = {}
    if request.method == "POST":
        entry = form.entry()
        if index < len(items):
            items[index] = entry
        else:
            items.append(entry)
        draft.save()
        problems = [p for p in portal.problems_for(draft, "adults", request.user) if p.loc[:2] == ["adults", index]]
        errors = {str(p.loc[2]) if len(p.loc) > 2 else "given_name": p.msg for p in problems}
        errors.update(form.date_errors())
        if not errors:
            return redirect("referrals:adults", draft_id=draft.pk)
        current = entry
    summary = [
        {"text": msg, "href": f"#{field}" if field != "date_of_birth" else "#date_of_birth-day"}
        for field, msg in errors.items()
    ]
    return render(
        request,
        "referrals/adult.html",
        {
            "draft": draft,
            "index": index,
            "adult": current,
            "errors": errors,
            "error_list": summary,
            "values": request.POST,
            "dob": form.boxes("date_of_birth", current.get("date_of_birth")),
            "choices": RELATIONSHIP_CHOICES,
            "children": draft.data.get("children", []),
            "step": "adults",
            "steps": portal.STEPS,
        },
        status=400 if summary else 200,
    )


@require_POST
def remove_adult(request, draft_id: int, index: int):
    draft = _draft(request, draft_id)
    if index < len(draft.data.get("adults", [])):
        draft.data["adults"].pop(index)
        draft.save()
    return redirect("referrals:adults", draft_id=draft.pk)


def attachments(request, draft_id: int):
    draft = _draft(request, draft_id)
    error = None
    if request.method == "POST":
        if "remove" in request.POST:
            Attachment.objects.filter(draft=draft, pk=request.POST.get("remove")).delete()
            return redirect("referrals:attachments", draft_id=draft.pk)
        upload = request.FILES.get("file")
        if upload is None:
            if "upload" in request.POST:
                error = "Select a file to upload"
            else:
                return redirect(_after(request, draft, "attachments"))
        elif draft.attachments.count() >= portal.MAX_ATTACHMENTS:
            error = f"You can attach up to {portal.MAX_ATTACHMENTS} files"
        else:
            error = portal.check_attachment(upload)
            if error is None:
                Attachment.objects.create(
                    draft=draft, name=upload.name[:200], content_type=upload.content_type, size=upload.size, file=upload
                )
                messages.success(request, f"{upload.name} attached.")
                return redirect("referrals:attachments", draft_id=draft.pk)
    return render(
        request,
        "referrals/attachments.html",
        {
            "draft": draft,
            "files": draft.attachments.all(),
            "error": error,
            "error_list": [{"text": error, "href": "#file"}] if error else [],
            "step": "attachments",
            "steps": portal.STEPS,
        },
        status=400 if error else 200,
    )


def check(request, draft_id: int):
    draft = _draft(request, draft_id)
    problems = portal.all_problems(draft, request.user)
    if request.method == "POST" and not problems:
        try:
            with transaction.atomic():
                referral, _ = services.submit(draft.data, request.user, idempotency_key=f"draft-{draft.pk}")
                draft.attachments.update(referral=referral, draft=None)
                draft.delete()
        except InvalidInput as error:
            problems = error.problems
        else:
            return redirect("referrals:sent", reference=referral.reference)
    errors, summary = error_summary(problems, whole_loc=True)
    receiving = Agency.objects.filter(code=draft.data.get("receiving_agency")).first()
    return render(
        request,
        "referrals/check.html",
        {
            "draft": draft,
            "data": draft.data,
            "errors": errors,
            "error_list": summary,
            "receiving": receiving,
            "files": draft.attachments.all(),
            "labels": dict(RELATIONSHIP_CHOICES),
            "consent_labels": dict(Consent.choices),
        },
        status=400 if summary and request.method == "POST" else 200,
    )


def sent(request, reference: str):
    referral = get_object_or_404(Referral, reference=reference, submitted_by=request.user)
    return render(request, "referrals/sent.html", {"referral": referral})


def status(request, reference: str):
    referral = get_object_or_404(Referral.objects.select_related("receiving_agency"), reference=reference)
    allowed = services.can_view(request.user, referral)
    if not allowed:
        services.audit_children(
            referral, request.user, route=request.path, channel=AccessEvent.Channel.PAGE, allowed=False
        )
        raise Http404("No such request")
    if request.user.agency_id == referral.receiving_agency_id and request.user.has_role(*services.FRONT_DOOR):
        return redirect("referrals:triage", reference=reference)
    services.audit_children(referral, request.user, route=request.path, channel=AccessEvent.Channel.PAGE, allowed=True)
    return render(request, "referrals/status.html", {"referral": referral})


# ---- front door -----------------------------------------------------------------------------------------------


def _front_door(request) -> None:
    if not request.user.has_role(*services.FRONT_DOOR) or not request.user.agency_id:
        raise PermissionDenied("The front door's pages are for front-door practitioners and managers.")


def queue(request):
    _front_door(request)
    now = timezone.now()
    return render(request, "referrals/queue.html", {"referrals": services.triage_queue(request.user)[:200], "now": now})


def _triage_referral(request, reference: str) -> Referral:
    _front_door(request)
    referral = get_object_or_404(
        Referral.objects.select_related("receiving_agency", "referrer_agency", "allocated_to"), reference=reference
    )
    if referral.receiving_agency_id != request.user.agency_id:
        raise PermissionDenied("This request went to another front door.")
    return referral


def triage(request, reference: str):
    referral = _triage_referral(request, reference)
    errors = {}
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "brag":
                services.triage(referral, request.user, request.POST.get("brag", ""), request.POST.get("rationale", ""))
                messages.success(request, "Rating saved.")
            elif action == "mash":
                services.ask_partner(
                    referral,
                    request.user,
                    request.POST.get("agency", ""),
                    request.POST.get("question", ""),
                    request.POST.get("hours", ""),
                )
                messages.success(request, "The partner agency has been asked.")
            elif action == "decide":
                services.decide(
                    referral,
                    request.user,
                    request.POST.get("decision", ""),
                    request.POST.get("decision_reason", ""),
                    request.POST.get("next_step", ""),
                    without_answers=request.POST.get("without_answers") == "yes",
                )
                tools_services.do_record_decision_basis(
                    request.user, f"referral:{referral.reference}", request.POST.getlist("indicators")
                )
                if referral.status == Referral.Status.SIGN_OFF:
                    messages.success(request, "Decision proposed. A front-door manager will sign it off.")
                else:
                    messages.success(request, "Decision recorded. The referrer has been told the outcome.")
            elif action == "confirm_match":
                services.confirm_match(referral, request.user, int(request.POST.get("child", "-1")))
                messages.success(request, "Match confirmed.")
            else:
                raise Http404("Unknown action")
        except InvalidInput as error:
            errors = {"-".join(str(x) for x in p.loc): p.msg for p in error.problems}
        else:
            return redirect("referrals:triage", reference=reference)
    return _triage_page(request, referral, errors)


def _triage_page(request, referral: Referral, errors: dict):
    children = services.children_for_triage(referral, request.user, request.path)
    return render(
        request,
        "referrals/triage.html",
        {
            "referral": referral,
            "children": children,
            "errors": errors,
            "values": request.POST,
            "error_list": [{"text": m, "href": f"#{f}"} for f, m in errors.items()],
            "brags": Brag.choices,
            "decisions": Decision.choices,
            "partners": services.partner_agencies(referral),
            "enquiries": referral.mash_enquiries.select_related("agency", "responded_by"),
            "awaited": list(services.awaited_enquiries(referral)),
            "adults": list(referral.adults.all()),
            "files": list(referral.attachments.all()),
            "relationship_labels": dict(RELATIONSHIP_CHOICES),
            "team": list(services.front_door_team(referral)) if request.user.has_role(Role.FRONT_DOOR_MANAGER) else [],
            "is_manager": request.user.has_role(Role.FRONT_DOOR_MANAGER),
            "sign_off_needed": referral.status == Referral.Status.SIGN_OFF,
            "continuum": tools_services.current_continuum(),
            "decision_indicators": tools_services.decision_basis(f"referral:{referral.reference}"),
        },
        status=400 if errors else 200,
    )


@require_POST
def allocate(request, reference: str):
    referral = _triage_referral(request, reference)
    try:
        services.allocate(referral, request.user, request.POST.get("allocated_to", ""))
    except services.NotAllowed as error:
        raise PermissionDenied(str(error))
    except InvalidInput as error:
        return _triage_page(request, referral, {"-".join(map(str, p.loc)): p.msg for p in error.problems})
    messages.success(request, f"Allocated to {referral.allocated_to.display_name}.")
    return redirect("referrals:triage", reference=reference)


@require_POST
def sign_off(request, reference: str):
    referral = _triage_referral(request, reference)
    approve = request.POST.get("sign_off") == "approve"
    try:
        services.sign_off(referral, request.user, approve, request.POST.get("sign_off_note", ""))
    except services.NotAllowed as error:
        raise PermissionDenied(str(error))
    except InvalidInput as error:
        return _triage_page(request, referral, {"-".join(map(str, p.loc)): p.msg for p in error.problems})
    messages.success(
        request,
        "Decision signed off. The referrer has been told the outcome."
        if approve
        else "Decision returned to the practitioner.",
    )
    return redirect("referrals:triage", reference=reference)


def attachment(request, reference: str, attachment_id: int):
    """A document the referrer sent, for the referrer and the receiving front door; a read of each child's record."""
    referral = get_object_or_404(Referral, reference=reference)
    if not services.can_view(request.user, referral):
        raise Http404("No such document")
    document = get_object_or_404(Attachment, pk=attachment_id, referral=referral)
    for child in referral.children.exclude(person=None).select_related("person"):
        record_read(
            request.user,
            child.person,
            route=request.path,
            context=f"Document {document.name} sent with {referral.reference}",
        )
    return FileResponse(
        document.file.open("rb"), as_attachment=True, filename=document.name, content_type=document.content_type
    )


DECIDED_PAGE_SIZE = 25


def decided(request):
    """Decided requests, to find one again: by reference, child or referrer, decision and date decided."""
    _front_door(request)
    since, since_error = _date_param(request.GET.get("since", ""))
    until, until_error = _date_param(request.GET.get("until", ""))
    found = services.decided_requests(
        request.user, text=request.GET.get("q", ""), decision=request.GET.get("decision", ""), since=since, until=until
    )
    page, pagination = paginate(found, request.GET, DECIDED_PAGE_SIZE)
    errors = {k: v for k, v in (("since", since_error), ("until", until_error)) if v}
    return render(
        request,
        "referrals/decided.html",
        {
            "page": page,
            "pagination": pagination,
            "decisions": Decision.choices,
            "values": request.GET,
            "errors": errors,
            "error_list": [{"text": m, "href": f"#{f}"} for f, m in errors.items()],
        },
    )


def _date_param(text: str):
    text = (text or "").strip()
    if not text:
        return None, None
    value = parse_date(text)
    return value, None if value else "Enter a date like 28/02/2026"


def mash_list(request):
    if not request.user.agency_id:
        raise PermissionDenied("MASH enquiries go to agencies.")
    enquiries = (
        MashEnquiry.objects.filter(agency_id=request.user.agency_id)
        .select_related("referral")
        .order_by("responded_at", "due_at")
    )
    return render(request, "referrals/mash_list.html", {"enquiries": enquiries[:200]})


def mash_answer(request, enquiry_id: int):
    enquiry = get_object_or_404(
        MashEnquiry.objects.select_related("referral", "agency"), pk=enquiry_id, agency_id=request.user.agency_id
    )
    error = None
    if request.method == "POST":
        try:
            services.answer_partner(enquiry, request.user, request.POST.get("response", ""))
        except InvalidInput as exc:
            error = exc.problems[0].msg
        else:
            messages.success(request, "Your answer has been sent to the front door.")
            return redirect("referrals:mash_list")
    children = list(enquiry.referral.children.all())
    for child in children:
        if child.person_id:
            record_read(request.user, child.person, route=request.path, context=f"MASH enquiry {enquiry.pk}")
    return render(
        request,
        "referrals/mash_answer.html",
        {
            "enquiry": enquiry,
            "children": children,
            "error": error,
            "error_list": [{"text": error, "href": "#response"}] if error else [],
        },
        status=400 if error else 200,
    )
