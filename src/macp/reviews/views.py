"""Pages of the practice-review tracker: the partnership's list, one review with its key dates, recommendations and
actions, one page per form, the overdue list, themes across reviews, and the actions an agency leads."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from macp.accounts.models import Agency
from macp.core.forms import form_page
from macp.reviews import forms, services
from macp.reviews.models import Action, Decision, Recommendation


def _posted(request):
    return request.POST if request.method == "POST" else None


def _form_page(request, form, *, title: str, caption: str, back: str, button: str, intro: str = ""):
    return form_page(
        request, "reviews/form.html", form, title=title, caption=caption, back=back, button=button, intro=intro
    )


def _readable(request):
    if services.partnership_id(request.user) is None:
        raise PermissionDenied("Practice reviews are run by the partnership's analyst and read by managers.")


def _review(request, review_id: int):
    _readable(request)
    review = services.visible_reviews(request.user).filter(pk=review_id).first()
    if review is None:
        raise Http404("No practice review with that number that you can see.")
    return review


def _runs(request, review=None):
    if not services.runs_reviews(request.user, review):
        raise PermissionDenied("Only the partnership's analyst for this council area changes its practice reviews.")


def _detail_url(review, anchor: str = "") -> str:
    return reverse("reviews:detail", kwargs={"review_id": review.pk}) + (f"#{anchor}" if anchor else "")


def index(request):
    _readable(request)
    today = timezone.localdate()
    reviews = list(services.visible_reviews(request.user))
    return render(
        request,
        "reviews/index.html",
        {
            "reviews": [(r, services.stage(r, today)) for r in reviews],
            "can_run": services.runs_reviews(request.user),
            "overdue": services.overdue(request.user, today),
            "timeliness": services.timeliness(request.user),
        },
    )


def new_review(request):
    _readable(request)
    _runs(request)
    form = forms.ReviewForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        review = form.attempt(lambda: services.create_review(request.user, **form.cleaned_data))
        if review:
            messages.success(
                request, f"{review.reference} recorded. The rapid review is due by {review.rapid_review_due:%-d %B %Y}."
            )
            return redirect("reviews:detail", review_id=review.pk)
    return _form_page(
        request,
        form,
        title="Record a serious incident for review",
        caption="Practice reviews",
        back=reverse("reviews:index"),
        button="Record the review",
    )


def detail(request, review_id: int):
    review = _review(request, review_id)
    today = timezone.localdate()
    recommendations = list(review.recommendations.prefetch_related("themes", "actions__lead_agency").order_by("pk"))
    return render(
        request,
        "reviews/detail.html",
        {
            "review": review,
            "stage": services.stage(review, today),
            "today": today,
            "recommendations": recommendations,
            "child": services.child_link(request.user, review, route=request.path),
            "can_run": services.runs_reviews(request.user, review),
            "rapid_on_time": services.on_time(review.rapid_review_completed_on, review.rapid_review_due),
            "review_on_time": services.on_time(review.published_on, review.review_target),
        },
    )


def rapid_review(request, review_id: int):
    review = _review(request, review_id)
    _runs(request, review)
    initial = {
        "completed_on": review.rapid_review_completed_on,
        "decision": review.decision,
        "decided_on": review.decided_on,
        "rationale": review.decision_rationale,
    }
    form = forms.RapidReviewForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        if form.attempt(
            lambda: services.record_rapid_review(
                request.user,
                review,
                completed_on=c["completed_on"],
                decision=c["decision"],
                decided_on=c["decided_on"],
                rationale=c["rationale"],
            )
        ):
            messages.success(request, "Rapid review and decision recorded.")
            return redirect(_detail_url(review))
    return _form_page(
        request,
        form,
        title="Rapid review and decision",
        caption=f"{review.reference}: {review.title}",
        back=_detail_url(review),
        button="Save",
        intro=f"The rapid review is due by {review.rapid_review_due:%-d %B %Y} (15 working days after the "
        "notification). A local review is due to be published within six months of the decision to hold one.",
    )


def progress(request, review_id: int):
    review = _review(request, review_id)
    _runs(request, review)
    form = forms.ProgressForm(
        _posted(request), initial={"reviewer": review.reviewer, "published_on": review.published_on}
    )
    if request.method == "POST" and form.is_valid():
        if form.attempt(lambda: services.record_progress(request.user, review, **form.cleaned_data)):
            messages.success(request, "Review progress recorded.")
            return redirect(_detail_url(review))
    return _form_page(
        request,
        form,
        title="The local review's progress",
        caption=f"{review.reference}: {review.title}",
        back=_detail_url(review),
        button="Save",
    )


def link_child(request, review_id: int):
    review = _review(request, review_id)
    _runs(request, review)
    form = forms.ChildForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        if form.attempt(lambda: services.link_child(request.user, review, route=request.path, **form.cleaned_data)):
            messages.success(request, "Child linked to the review.")
            return redirect(_detail_url(review))
    return _form_page(
        request,
        form,
        title="Link the child",
        caption=f"{review.reference}: {review.title}",
        back=_detail_url(review),
        button="Link the child",
        intro="Most reviews do not need to name the child. Only people with a need-to-know basis for the child will "
        "see who it is; every look at the link is recorded in the access audit.",
    )


def add_recommendation(request, review_id: int):
    review = _review(request, review_id)
    _runs(request, review)
    form = forms.RecommendationForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        if form.attempt(lambda: services.add_recommendation(request.user, review, **form.cleaned_data)):
            messages.success(request, "Recommendation added.")
            return redirect(_detail_url(review, "recommendations"))
    return _form_page(
        request,
        form,
        title="Add a recommendation",
        caption=f"{review.reference}: {review.title}",
        back=_detail_url(review, "recommendations"),
        button="Add recommendation",
    )


def _recommendation(request, review_id: int, recommendation_id: int):
    review = _review(request, review_id)
    recommendation = Recommendation.objects.filter(review=review, pk=recommendation_id).first()
    if recommendation is None:
        raise Http404("No such recommendation in this review.")
    return review, recommendation


def change_themes(request, review_id: int, recommendation_id: int):
    review, recommendation = _recommendation(request, review_id, recommendation_id)
    _runs(request, review)
    form = forms.ThemesForm(
        _posted(request), initial={"themes": ", ".join(t.name for t in recommendation.themes.all())}
    )
    if request.method == "POST" and form.is_valid():
        if form.attempt(lambda: services.set_themes(request.user, recommendation, form.cleaned_data["themes"])):
            messages.success(request, "Themes saved.")
            return redirect(_detail_url(review, "recommendations"))
    return _form_page(
        request,
        form,
        title=f"Themes of recommendation {recommendation.label}",
        caption=f"{review.reference}: {review.title}",
        back=_detail_url(review, "recommendations"),
        button="Save themes",
    )


def add_action(request, review_id: int, recommendation_id: int):
    review, recommendation = _recommendation(request, review_id, recommendation_id)
    _runs(request, review)
    agencies = list(services.lead_agencies(review.local_authority_id).order_by("name"))
    form = forms.ActionForm(_posted(request), agencies=agencies)
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        if form.attempt(
            lambda: services.add_action(
                request.user,
                recommendation,
                what=c["what"],
                lead_agency=Agency.objects.filter(code=c["lead_agency"]).first(),
                lead_person=c["lead_person"],
                deadline=c["deadline"],
            )
        ):
            messages.success(request, "Action added. The lead agency has been told.")
            return redirect(_detail_url(review, "recommendations"))
    return _form_page(
        request,
        form,
        title=f"Add an action to recommendation {recommendation.label}",
        caption=f"{review.reference}: {review.title}",
        back=_detail_url(review, "recommendations"),
        button="Add action",
        intro=recommendation.text,
    )


def overdue(request):
    _readable(request)
    return render(request, "reviews/overdue.html", {"overdue": services.overdue(request.user)})


def themes(request):
    _readable(request)
    return render(request, "reviews/themes.html", {"rows": services.theme_counts(request.user)})


def my_actions(request):
    """The actions the user's agency leads, across every partnership's reviews."""
    if not request.user.agency_id:
        raise PermissionDenied("Actions are led by agencies.")
    today = timezone.localdate()
    actions = list(
        Action.objects.filter(lead_agency_id=request.user.agency_id)
        .select_related("recommendation__review")
        .order_by("status", "deadline")
    )
    return render(request, "reviews/my_actions.html", {"actions": actions, "today": today})


def _action(request, action_id: int) -> Action:
    action = (
        services.visible_actions(request.user)
        .filter(pk=action_id)
        .select_related("lead_agency", "recommendation__review")
        .first()
    )
    if action is None:
        raise Http404("No action with that number that you can see.")
    return action


def action(request, action_id: int):
    """The action and its history; the lead agency (and the partnership) update it here."""
    found = _action(request, action_id)
    can_update = services.may_update_action(request.user, found)
    form = forms.UpdateActionForm(_posted(request), initial={"status": found.status})
    if request.method == "POST":
        if not can_update:
            raise PermissionDenied("Only the lead agency or the partnership can update this action.")
        if form.is_valid() and form.attempt(lambda: services.update_action(request.user, found, **form.cleaned_data)):
            messages.success(request, "Action updated.")
            return redirect("reviews:action", action_id=found.pk)
    review = found.recommendation.review
    return render(
        request,
        "reviews/action.html",
        {
            "action": found,
            "review": review,
            "recommendation": found.recommendation,
            "updates": list(found.updates.select_related("by", "by_agency")),
            "form": form,
            "error_list": form.error_list(),
            "can_update": can_update,
            "can_read_review": services.visible_reviews(request.user).filter(pk=review.pk).exists(),
            "today": timezone.localdate(),
            "decisions": Decision,
        },
        status=400 if form.errors else 200,
    )
