"""The minutes' free text: saved with optimistic locking (nothing typed is lost to someone else's save), exported
in the agenda's order, and amended after finalising with every revision kept."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from macp import documents
from macp.accounts.models import Role
from macp.core.problems import InvalidInput, Problem
from macp.strategy import agenda, complexity, distribution
from macp.strategy.meeting import icpc_due
from macp.strategy.models import MinutesRevision, StrategyDiscussion
from macp.strategy.services import WRITING_ROLES, ensure_open, require


class MinutesConflict(Exception):
    """Someone saved the minutes after this editor opened them. Carries the discussion as it now is."""

    def __init__(self, discussion: StrategyDiscussion):
        super().__init__("The minutes were changed by someone else")
        self.discussion = discussion


def _free_text_keys(discussion) -> set[str]:
    used = agenda.agenda_for(discussion)
    return {s.key for s in (*used.standard, *used.complex) if s.free_text}


def _write_minutes(discussion, user, version, texts: dict) -> StrategyDiscussion:
    """Save only if nobody saved since `version` was read: one conditional UPDATE, so two saves cannot both win."""
    try:
        version = int(version)
    except (TypeError, ValueError):
        version = -1
    keys = _free_text_keys(discussion)
    sections = dict(discussion.minutes_sections or {})
    sections.update({k: (v or "").strip() for k, v in texts.items() if k in keys and k != "notes"})
    notes = (texts["notes"] or "").strip() if "notes" in texts else discussion.minutes_notes
    changed = StrategyDiscussion.objects.filter(pk=discussion.pk, minutes_version=version).update(
        minutes_notes=notes,
        minutes_sections=sections,
        minutes_version=F("minutes_version") + 1,
        minutes_edited_by=user,
        minutes_edited_at=timezone.now(),
    )
    discussion.refresh_from_db()
    if not changed:
        raise MinutesConflict(discussion)
    return discussion


def save_minutes(discussion, user, version, texts: dict) -> StrategyDiscussion:
    """The free-text sections of the minutes (purpose, discussion, the complexity route's, next meeting)."""
    require(user, WRITING_ROLES, "write the minutes")
    ensure_open(discussion)
    return _write_minutes(discussion, user, version, texts)


def minutes_document(discussion, *, revision: int | None = None) -> documents.Document:
    return agenda.minutes_document(
        discussion, complexity.assess(discussion), icpc_due=icpc_due(discussion), revision=revision
    )


@transaction.atomic
def amend_minutes(discussion, user, version, texts: dict, reason: str) -> MinutesRevision:
    """Amend finalised minutes: the text as it was is kept as a revision, the new one is a revision with the reason,
    and the minutes go again to every recipient for a fresh acknowledgement."""
    require(user, (Role.CHAIR,), "amend finalised minutes")
    problems = []
    if discussion.status != StrategyDiscussion.Status.FINALISED:
        problems.append(Problem(["status"], "Only finalised minutes are amended; until then, edit them"))
    if not (reason or "").strip():
        problems.append(Problem(["reason"], "Say why the minutes are being amended"))
    if problems:
        raise InvalidInput("The minutes were not amended.", problems)
    now = timezone.now()
    if not discussion.revisions.exists():
        MinutesRevision.objects.create(
            discussion=discussion,
            number=1,
            text=documents.to_text(minutes_document(discussion)),
            reason="Finalised and sent",
            created_at=discussion.finalised_at or now,
            created_by=discussion.finalised_by or user,
        )
    _write_minutes(discussion, user, version, texts)
    number = discussion.revisions.count() + 1
    revision = MinutesRevision.objects.create(
        discussion=discussion,
        number=number,
        reason=reason.strip(),
        created_at=now,
        created_by=user,
        text=documents.to_text(minutes_document(discussion, revision=number)),
    )
    distribution.resend_minutes(
        discussion,
        f"Amended strategy discussion minutes SD-{discussion.pk} (revision {number}): please confirm receipt",
        now,
    )
    return revision
