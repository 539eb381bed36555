"""The front door's services, called directly (the pages and the API are thin over these): triage, decide with
sign-off, MASH enquiries awaited, allocation. Every refusal lists every problem."""

import pytest
from django.utils import timezone

from macp.access.models import Assignment, GrantKind
from macp.core.problems import InvalidInput
from macp.referrals import services
from macp.referrals.models import Decision, Referral
from macp.referrals.services import NotAllowed
from macp.strategy.models import StrategyDiscussion
from tests.referrals.factories import two_children

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(front_door_people, make_user):
    """A request for help from the school, received by the council's front door, and a front-door practitioner."""
    referral, created = services.submit(two_children(), front_door_people["referrer"], idempotency_key="svc-1")
    assert created
    practitioner = make_user("fdp", ["front_door_practitioner"], front_door_people["csc"])
    return referral, practitioner


def problems(raised) -> dict:
    return {tuple(p.loc)[0]: p.msg for p in raised.value.problems}


def test_a_rating_needs_a_known_colour_and_a_reason_and_says_both(sent, front_door_people):
    referral, _ = sent
    with pytest.raises(InvalidInput) as refused:
        services.triage(referral, front_door_people["front_door"], "purple", "  ")
    assert problems(refused) == {
        "brag": "Choose red, amber, green or blue",
        "rationale": "Give the reason for this rating",
    }
    rated = services.triage(referral, front_door_people["front_door"], "red", "Bruise and hunger")
    assert rated.status == Referral.Status.IN_TRIAGE and rated.response_due_at > rated.submitted_at


def test_only_the_receiving_front_door_triages(sent, front_door_people):
    referral, _ = sent
    with pytest.raises(NotAllowed):
        services.triage(referral, front_door_people["referrer"], "red", "r")
    with pytest.raises(NotAllowed):
        services.triage(referral, front_door_people["police"], "red", "r")


def test_deciding_needs_a_rating_first_and_a_reason(sent, front_door_people):
    referral, _ = sent
    with pytest.raises(InvalidInput) as refused:
        services.decide(referral, front_door_people["front_door"], Decision.NFA, "")
    assert set(problems(refused)) == {"decision_reason", "brag"}
    assert Referral.objects.get(pk=referral.pk).status == Referral.Status.RECEIVED


def test_a_practitioners_strategy_decision_waits_for_a_manager_then_requests_the_discussion(sent, front_door_people):
    referral, practitioner = sent
    manager = front_door_people["front_door"]
    services.triage(referral, practitioner, "red", "Bruise and hunger")
    proposed = services.decide(referral, practitioner, Decision.STRATEGY_DISCUSSION, "Significant harm likely")
    assert proposed.status == Referral.Status.SIGN_OFF and not StrategyDiscussion.objects.exists()
    with pytest.raises(InvalidInput) as refused:
        services.sign_off(proposed, manager, approve=False, note="")
    assert problems(refused) == {"sign_off_note": "Say why the decision is not signed off"}
    with pytest.raises(NotAllowed):
        services.sign_off(proposed, practitioner, approve=True)
    decided = services.sign_off(proposed, manager, approve=True)
    assert decided.status == Referral.Status.DECIDED and decided.decided_by == practitioner
    assert decided.signed_off_by == manager and decided.signed_off_at <= timezone.now()
    discussion = StrategyDiscussion.objects.get(referral_reference=referral.reference)
    assert {c.given_name for c in discussion.children.all()} == {"Ruby", "Leo"}
    # Triage is over: the front door's grant over the household ends with the decision.
    assert Assignment.objects.filter(kind=GrantKind.TRIAGE).exists()
    assert not Assignment.objects.filter(kind=GrantKind.TRIAGE, ends_at__isnull=True).exists()


def test_a_returned_decision_goes_back_to_triage_with_the_managers_reason(sent, front_door_people):
    referral, practitioner = sent
    services.triage(referral, practitioner, "amber", "r")
    services.decide(referral, practitioner, Decision.STRATEGY_DISCUSSION, "Harm likely")
    returned = services.sign_off(referral, front_door_people["front_door"], approve=False, note="Ask the GP first")
    assert returned.status == Referral.Status.IN_TRIAGE and "Ask the GP first" in returned.proposed_reason


def test_deciding_while_a_partner_has_not_answered_needs_confirming(sent, front_door_people):
    referral, _ = sent
    manager = front_door_people["front_door"]
    services.triage(referral, manager, "amber", "r")
    services.ask_partner(referral, manager, front_door_people["police_agency"].code, "Any callouts to 4 Mill Lane?", 4)
    with pytest.raises(InvalidInput) as refused:
        services.decide(referral, manager, Decision.NFA, "Universal support", without_answers=False)
    assert front_door_people["police_agency"].name in problems(refused)["without_answers"]
    assert services.decide(referral, manager, Decision.NFA, "Universal support").status == Referral.Status.DECIDED


def test_allocation_is_by_a_manager_to_someone_of_the_same_front_door(sent, front_door_people, make_user):
    referral, practitioner = sent
    manager = front_door_people["front_door"]
    with pytest.raises(NotAllowed):
        services.allocate(referral, practitioner, practitioner.pk)
    with pytest.raises(InvalidInput) as refused:
        services.allocate(referral, manager, front_door_people["police"].pk)
    assert problems(refused) == {"allocated_to": "Choose a practitioner from this front door"}
    assert services.allocate(referral, manager, practitioner.pk).allocated_to == practitioner
