"""The strategy-discussion pages: the booking queue, requesting, the discussion with its invitations, booking with an
.ics invitation, answering it, the meeting in the agenda's order, minutes with optimistic locking, finalising,
acknowledging, challenging and amending, the action list, availability, and who may see what."""

import datetime as dt
import re

from django.utils import timezone
from icalendar import Calendar

from macp.access.models import AccessEvent
from macp.people.models import Involvement
from macp.strategy import booking, meeting, minutes
from macp.strategy.models import Action, Distribution, DutySlot, Invitation, MinutesRevision, StrategyDiscussion
from tests.strategy.factories import booked, held


def text_of(response) -> str:
    return response.content.decode()


# ---- the queue and requesting --------------------------------------------------------------------------------------


def test_team_manager_requests_from_the_page_and_nothing_typed_is_lost(strategy_world, web):
    tm = web(strategy_world.tm)
    found = text_of(tm.get("/strategy/request/", {"q": "Hughes"}))
    assert "Amelia Hughes" in found and "Jack Hughes" in found
    assert "Sarah Hughes" not in found  # adults are not offered
    child, sibling = str(strategy_world.family.child.pk), str(strategy_world.family.sibling.pk)

    refused = tm.post(
        "/strategy/request/",
        {
            "action": "request",
            "children": [child, sibling],
            "reason": "  ",
            "urgency": "red",
            "organised_abuse_indicators": "yes",
        },
    )
    assert refused.status_code == 400
    body = text_of(refused)
    assert (
        "There is a problem" in body and 'href="#reason"' in body and "Say why a strategy discussion is needed" in body
    )
    assert body.count("checked") >= 4  # both children, the urgency and the checkbox stay as they were
    assert "<title>Error:" in body

    nobody = tm.post("/strategy/request/", {"action": "request", "reason": "Worried"})
    assert nobody.status_code == 400 and 'href="#q"' in text_of(nobody) and "Name at least one child" in text_of(nobody)

    done = tm.post(
        "/strategy/request/",
        {
            "action": "request",
            "children": [child, sibling],
            "reason": "Amelia disclosed being hit",
            "urgency": "red",
            "organised_abuse_indicators": "yes",
        },
    )
    sd = StrategyDiscussion.objects.get()
    assert done.status_code == 302 and done["Location"] == f"/strategy/{sd.pk}/"
    assert {c.pk for c in sd.children.all()} == {strategy_world.family.child.pk, strategy_world.family.sibling.pk}
    assert sd.urgency == "red" and sd.organised_abuse_indicators
    assert sd.target_at - sd.requested_at == dt.timedelta(hours=4)


def test_a_search_keeps_the_children_already_chosen(strategy_world, web):
    tm = web(strategy_world.tm)
    again = text_of(
        tm.post(
            "/strategy/request/",
            {
                "action": "search",
                "q": "Jack",
                "children": [str(strategy_world.family.child.pk)],
                "reason": "Half typed",
            },
        )
    )
    assert re.search(rf'value="{strategy_world.family.child.pk}"\s+checked', again)
    assert "Jack Hughes" in again and "Half typed" in again
    assert not StrategyDiscussion.objects.exists()


def test_children_the_manager_cannot_see_are_not_requested(strategy_world, web, make_agency):
    from macp.people.models import Person

    stranger = Person.objects.create(given_name="Zed", family_name="Unknown", date_of_birth=dt.date(2018, 1, 1))
    tm = web(strategy_world.tm)
    found = text_of(tm.get("/strategy/request/", {"q": "Zed"}))
    assert "Zed Unknown" not in found and "No children your agency can see match" in found
    response = tm.post("/strategy/request/", {"action": "request", "children": [str(stranger.pk)], "reason": "x"})
    assert response.status_code == 400 and not StrategyDiscussion.objects.exists()


def test_only_managers_request(strategy_world, web):
    assert web(strategy_world.pc).get("/strategy/request/").status_code == 403
    assert web(strategy_world.chair).get("/strategy/request/").status_code == 403


def test_queue_sorted_by_target_with_waiting_overdue_and_complexity(strategy_world, web):
    now = timezone.now()
    family = strategy_world.family
    later = booking.request(
        strategy_world.tm, [family.child], "Neglect", now=now - dt.timedelta(hours=3)
    )  # due in 21 hours
    urgent = booking.request(
        strategy_world.tm,
        [family.sibling],
        "Injury",
        urgency="red",
        now=now - dt.timedelta(hours=5),
        organised_abuse_indicators=True,
    )  # due an hour ago
    body = text_of(web(strategy_world.coordinator).get("/strategy/"))
    assert body.index(f"SD-{urgent.pk}") < body.index(f"SD-{later.pk}")
    assert "waiting 3 hours" in body and "waiting 5 hours" in body
    assert body.count("Overdue") == 1 and "Immediate risk" in body
    assert "Complex" in body and "Indicators of organised or complex abuse" in body
    # a partner agency not invited sees neither
    other = text_of(web(strategy_world.outsider).get("/strategy/"))
    assert f"SD-{later.pk}" not in other and f"SD-{urgent.pk}" not in other


# ---- the discussion ---------------------------------------------------------------------------------------------


def test_discussion_page_shows_invitations_with_reasons_and_audits_each_child(strategy_world, web, discussion):

    # An agency involved with the family after the invitations were made is left uninvited: a warning.
    school = strategy_world.outsider.agency
    Involvement.objects.create(
        person=strategy_world.family.sibling, agency=school, role="school_enrolment", start=dt.date(2024, 9, 1)
    )
    response = web(strategy_world.coordinator).get(f"/strategy/{discussion.pk}/")
    body = text_of(response)
    assert response.status_code == 200
    assert "Core agency (police) for every strategy discussion" in body and "GP of Amelia Hughes" in body
    assert "Involved with the family but not invited: Elsewhere School." in body
    for n in (
        "Purpose of the discussion",
        "Each agency&#39;s information",
        "The genogram",
        "Each child",
        "Next meeting",
    ):
        assert n in body
    reads = AccessEvent.objects.filter(username="coord", route=f"/strategy/{discussion.pk}/")
    assert {r.person_id for r in reads} == {str(strategy_world.family.child.pk), str(strategy_world.family.sibling.pk)}
    assert all(r.allowed for r in reads)


def test_the_councils_coordinator_reads_through_the_discussions_grant_and_another_councils_is_refused(
    strategy_world, web, discussion, make_agency, make_user
):
    # Changed by issue 8: coordinators are the council's, and the read is audited with the grant that allowed it.
    council_hub = make_user(
        "hub1", "strategy_coordinator", make_agency("svc-hub", "childrens_social_care", la=strategy_world.family.la)
    )
    assert web(council_hub).get(f"/strategy/{discussion.pk}/").status_code == 200
    reads = AccessEvent.objects.filter(username="hub1")
    assert (
        reads.count() == 2
        and {r.basis for r in reads} == {"strategy_staff"}
        and all(r.allowed and r.grant_id for r in reads)
    )
    assert all(f"SD-{discussion.pk}" in r.detail for r in reads)
    hub = make_user(
        "hub",
        "strategy_coordinator",
        make_agency("hub-csc", "childrens_social_care", la="another-council", name="Strategy hub"),
    )
    assert web(hub).get(f"/strategy/{discussion.pk}/").status_code == 403
    refused = AccessEvent.objects.filter(username="hub")
    assert refused.count() == 2 and not any(r.allowed for r in refused)


def test_complexity_route_adds_agenda_sections_and_says_why(strategy_world, web):
    sd = booking.request(
        strategy_world.tm, [strategy_world.family.child], "Organised abuse suspected", organised_abuse_indicators=True
    )
    body = text_of(web(strategy_world.coordinator).get(f"/strategy/{sd.pk}/"))
    assert "This discussion follows the complexity route" in body
    for section in (
        "Why the complexity route was triggered",
        "Planning for each child",
        "Strategic and investigation management roles",
        "Resourcing",
        "Evidence preservation",
    ):
        assert section in body
    plain = booking.request(strategy_world.tm, [strategy_world.family.child], "Bruise")
    assert "Evidence preservation" not in text_of(web(strategy_world.coordinator).get(f"/strategy/{plain.pk}/"))


def test_who_may_open_a_discussion(strategy_world, web, discussion):
    url = f"/strategy/{discussion.pk}/"
    # Changed by issue 8: a proposed agency opens the discussion only once the coordinator has invited it.
    assert web(strategy_world.pc).get(url).status_code == 403  # proposed (core), not yet invited
    booked(strategy_world, discussion)
    assert web(strategy_world.pc).get(url).status_code == 200  # invited (core)
    assert web(strategy_world.tm).get(url).status_code == 200  # requested it
    assert web(strategy_world.outsider).get(url).status_code == 403
    assert web(strategy_world.outsider).get(f"/strategy/{discussion.pk}/minutes.pdf").status_code == 403
    assert web(strategy_world.coordinator).get("/strategy/999999/").status_code == 404
    # partners read, they do not book or record
    assert web(strategy_world.pc).get(f"/strategy/{discussion.pk}/book/").status_code == 403
    assert web(strategy_world.pc).get(f"/strategy/{discussion.pk}/minutes/edit/").status_code == 403


def test_coordinator_adds_and_removes_invitations_with_reasons(strategy_world, web, discussion):
    coordinator = web(strategy_world.coordinator)
    url = f"/strategy/{discussion.pk}/"
    add = f"/strategy/{discussion.pk}/invitations/add/"
    missing = coordinator.post(add, {"agency": strategy_world.outsider.agency.code, "reason": ""})
    assert missing.status_code == 400 and 'href="#invite-reason"' in text_of(missing)
    assert 'value="elsewhere-school" selected' in text_of(missing)  # the choice is kept
    assert (
        coordinator.post(add, {"agency": strategy_world.outsider.agency.code, "reason": "Jack's school"}).status_code
        == 302
    )
    added = Invitation.objects.get(discussion=discussion, agency=strategy_world.outsider.agency)
    assert added.reason == "Jack's school" and not added.suggested and added.changed_by == strategy_world.coordinator
    assert web(strategy_world.outsider).get(url).status_code == 403  # proposed only (changed by issue 8) ...
    booked(strategy_world, discussion)
    assert (
        web(strategy_world.outsider).get(url).status_code == 200
    )  # ... invited once booked: the added agency can now prepare

    remove = f"/strategy/{discussion.pk}/invitations/{added.pk}/remove/"
    assert "Remove Elsewhere School?" in text_of(coordinator.get(remove))
    assert coordinator.post(remove, {"reason": ""}).status_code == 400
    assert coordinator.post(remove, {"reason": "Jack has left that school"}).status_code == 302
    added.refresh_from_db()
    assert added.status == "removed" and added.change_reason == "Jack has left that school"
    assert "Not invited: Jack has left that school" in text_of(coordinator.get(url))
    assert web(strategy_world.outsider).get(url).status_code == 403
    core = discussion.invitations.get(agency=strategy_world.police, role="core")
    refused = coordinator.post(f"/strategy/{discussion.pk}/invitations/{core.pk}/remove/", {"reason": "No"})
    assert refused.status_code == 400 and "Core agencies" in text_of(refused)
    assert web(strategy_world.pc).post(remove, {"reason": "x"}).status_code == 403


# ---- booking and answering --------------------------------------------------------------------------------------


def test_booking_proposes_a_time_and_sends_an_ics_invitation(
    strategy_world, web, discussion, mailoutbox, django_capture_on_commit_callbacks
):
    start = timezone.now().replace(minute=0, second=0, microsecond=0) + dt.timedelta(hours=3)
    for agency in (strategy_world.csc, strategy_world.police, strategy_world.health):
        DutySlot.objects.create(
            agency=agency, starts_at=start - dt.timedelta(hours=1), ends_at=start + dt.timedelta(hours=4)
        )
    DutySlot.objects.filter(agency=strategy_world.police).update(starts_at=start)  # police free from `start` only
    coordinator = web(strategy_world.coordinator)
    form = text_of(coordinator.get(f"/strategy/{discussion.pk}/book/"))
    assert f'value="{start.isoformat()}"' in form and "(proposed)" in form

    bad = coordinator.post(
        f"/strategy/{discussion.pk}/book/",
        {"when": "other", "at-day": "31", "at-month": "2", "at-year": "2027", "at-time": "10:00", "link": "not a link"},
    )
    assert bad.status_code == 400
    assert (
        "Enter a real date" in text_of(bad)
        and "Enter the meeting link as a web address" in text_of(bad)
        and 'value="not a link"' in text_of(bad)
    )

    past = timezone.localtime(timezone.now() - dt.timedelta(days=1))
    gone = coordinator.post(
        f"/strategy/{discussion.pk}/book/",
        {
            "when": "other",
            "at-day": str(past.day),
            "at-month": str(past.month),
            "at-year": str(past.year),
            "at-time": "10:00",
        },
    )
    assert (
        gone.status_code == 400
        and "The time must be in the future" in text_of(gone)
        and 'href="#at-day"' in text_of(gone)
    )
    assert not mailoutbox
    with django_capture_on_commit_callbacks(execute=True):  # invitations go after the booking commits
        response = coordinator.post(
            f"/strategy/{discussion.pk}/book/", {"when": start.isoformat(), "link": "https://meet.example.org/sd"}
        )
    assert response.status_code == 302
    discussion.refresh_from_db()
    assert discussion.status == "scheduled" and discussion.scheduled_for == start and discussion.agenda_version == 1
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        f"{a.code}@secure.example.invalid"
        for a in (strategy_world.csc, strategy_world.gp, strategy_world.police, strategy_world.health)
    )
    message = mailoutbox[0]
    name, content, mimetype = message.attachments[0]
    assert name == f"SD-{discussion.pk}.ics" and mimetype.startswith("text/calendar")
    cal = Calendar.from_ical(content)
    event = cal.walk("VEVENT")[0]
    assert str(cal["METHOD"]) == "REQUEST"
    assert str(event["UID"]) == f"strategy-discussion-{discussion.pk}@macp"
    assert event.decoded("DTSTART") == start and event.decoded("DTSTART").utcoffset() == dt.timedelta(0)
    assert event.decoded("DTEND") - event.decoded("DTSTART") == dt.timedelta(hours=1)
    assert str(event["SUMMARY"]) == f"Strategy discussion SD-{discussion.pk}"
    assert (
        str(event["LOCATION"]) == "https://meet.example.org/sd" and str(event["URL"]) == "https://meet.example.org/sd"
    )
    text = content if isinstance(content, str) else content.decode()
    for words in (text, message.subject, message.body):
        assert "Amelia" not in words and "Hughes" not in words and "Jack" not in words
    assert f"/strategy/{discussion.pk}/respond/" in message.body

    # Re-booking moves the same calendar entry: same UID, higher sequence.
    mailoutbox.clear()
    later = start + dt.timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        coordinator.post(
            f"/strategy/{discussion.pk}/book/",
            {
                "when": "other",
                "at-day": str(timezone.localtime(later).day),
                "at-month": str(timezone.localtime(later).month),
                "at-year": str(timezone.localtime(later).year),
                "at-time": f"{timezone.localtime(later):%H:%M}",
            },
        )
    again = Calendar.from_ical(mailoutbox[0].attachments[0][1]).walk("VEVENT")[0]
    assert str(again["UID"]) == str(event["UID"]) and int(again["SEQUENCE"]) == int(event["SEQUENCE"]) + 1
    assert again.decoded("DTSTART") == later and mailoutbox[0].subject.startswith("Updated invitation")


def test_invitee_accepts_declines_or_names_a_delegate(strategy_world, web, discussion):
    police = web(strategy_world.pc)
    url = f"/strategy/{discussion.pk}/respond/"
    early = police.post(url, {"answer": "accepted"})
    assert early.status_code == 403  # changed by issue 8: not invited until it is booked
    assert not discussion.invitations.filter(status="accepted").exists()
    booked(strategy_world, discussion)
    assert "Core agency (police) for every strategy discussion" in text_of(police.get(url))
    no_name = police.post(url, {"answer": "delegated", "delegate_name": ""})
    assert no_name.status_code == 400 and 'href="#delegate_name"' in text_of(no_name)
    assert police.post(url, {"answer": "delegated", "delegate_name": "DS Patel, CAIT"}).status_code == 302
    invitation = discussion.invitations.get(agency=strategy_world.police)
    assert (
        invitation.status == "delegated"
        and invitation.delegate_name == "DS Patel, CAIT"
        and invitation.responded_by == strategy_world.pc
    )
    assert "Sending a delegate: DS Patel, CAIT" in text_of(
        web(strategy_world.coordinator).get(f"/strategy/{discussion.pk}/")
    )
    assert web(strategy_world.outsider).get(url).status_code == 403


# ---- the meeting ------------------------------------------------------------------------------------------------


def test_chair_records_the_meeting_and_finalising_is_refused_then_accepted(
    strategy_world, web, discussion, mailoutbox, django_capture_on_commit_callbacks
):
    booked(strategy_world, discussion)
    chair = web(strategy_world.chair)
    url = f"/strategy/{discussion.pk}/meeting/"
    child, _sibling = strategy_world.family.child, strategy_world.family.sibling
    body = text_of(chair.get(url))
    assert (
        body.index("Purpose of the discussion")
        < body.index("Attendees and roles")
        < body.index("The genogram")
        < body.index("Each child")
        < body.index("Next meeting")
    )
    assert "<svg" in text_of(chair.get(url + "genogram/"))
    assert "Save decision for Jack Hughes" in text_of(
        chair.get(url + "children/0/")
    ) and "Save decision for Amelia Hughes" in text_of(chair.get(url + "children/1/"))

    for data in (
        {"agency": strategy_world.csc.code, "name": "Ana Lopes", "role": "chair"},
        {"agency": strategy_world.csc.code, "name": "Tom Reed", "role": "minute_taker"},
        {"agency": strategy_world.police.code, "name": "DC Khan", "role": "attendee"},
    ):
        assert chair.post(url + "attendance/", {"attended": "yes", **data}).status_code == 302
    # children are in age order: Jack (12) is child-0, Amelia (7) child-1
    bad = chair.post(
        url + "children/1/",
        {"significant_harm": "", "rationale": "Typed rationale", "lived_experience": "Scared at home"},
    )
    assert bad.status_code == 400
    assert 'href="#child-1-significant_harm"' in text_of(bad) and 'href="#child-1-section_47"' in text_of(bad)
    assert "Typed rationale" in text_of(bad) and "Scared at home" in text_of(bad)
    assert (
        chair.post(
            url + "children/1/",
            {
                "significant_harm": "met",
                "section_47": "yes",
                "rationale": "Disclosure and bruising",
                "lived_experience": "Scared at home",
                "harm_suspected": "Physical abuse",
                "enquiry": "joint",
                "lead_agency": strategy_world.police.code,
                "abe_interview": "yes",
                "cp_medical": "",
                "if_medical_inconclusive": "Second opinion",
                "safety_plan": "Stays with grandmother",
            },
        ).status_code
        == 302
    )
    decision = discussion.decisions.get(child=child)
    assert (decision.enquiry, decision.lead_agency, decision.abe_interview, decision.cp_medical) == (
        "joint",
        strategy_world.police,
        True,
        None,
    )
    assert decision.lived_experience == "Scared at home" and decision.if_medical_inconclusive == "Second opinion"
    assert (
        chair.post(
            url + "actions/",
            {"what": "Child protection medical", "child": str(child.pk), "owner_agency": "", "owner": ""},
        ).status_code
        == 302
    )
    bad_date = chair.post(url + "actions/", {"what": "Visit", "due-day": "40", "due-month": "1", "due-year": "2027"})
    assert bad_date.status_code == 400 and 'href="#action-due-day"' in text_of(bad_date)
    assert (
        chair.post(
            url + "dissent/",
            {"agency": strategy_world.police.code, "about": str(child.pk), "reason": "Police should lead alone"},
        ).status_code
        == 302
    )

    refused = chair.post(url + "finalise/", {})
    assert refused.status_code == 400
    text = text_of(refused)
    for reason, anchor in (
        ("No decision for Jack Hughes", f'href="/strategy/{discussion.pk}/meeting/children/0/#child-0'),
        ("has no owner and agency", "#action-what"),
        ("has no due date", "#action-what"),
        ("Confirm the genogram was shown", "#genogram"),
        ("(core) attended", "meeting/attendance/#"),
        ("Record whether Riverside Surgery attended", "meeting/attendance/#"),
    ):
        assert reason in text
        assert anchor in text
    assert StrategyDiscussion.objects.get(pk=discussion.pk).status == "scheduled"

    chair.post(
        url + "children/0/", {"significant_harm": "unclear", "section_47": "no", "rationale": "Older; no disclosure"}
    )
    Action.objects.filter(discussion=discussion).update(
        owner="Dr Shah", owner_agency=strategy_world.health, due=timezone.now() + dt.timedelta(days=1)
    )
    chair.post(
        url + "attendance/",
        {"agency": strategy_world.health.code, "name": "Named nurse", "role": "attendee", "attended": "no"},
    )
    missing_reason = chair.post(url + "genogram/", {"shown": "no", "reason": ""})
    assert 'href="#genogram-reason"' in text_of(missing_reason)
    chair.post(url + "genogram/", {"shown": "yes"})
    # An invited agency whose attendance is unrecorded (the GP here) still stops it: the page and the API both refuse.
    still = chair.post(url + "finalise/", {})
    assert (
        still.status_code == 400
        and "Record whether Riverside Surgery attended" in text_of(still)
        and "(core) attended" not in text_of(still)
    )
    assert StrategyDiscussion.objects.get(pk=discussion.pk).status == "scheduled"
    chair.post(
        url + "attendance/", {"agency": strategy_world.gp.code, "name": "No one", "role": "attendee", "attended": "no"}
    )
    with django_capture_on_commit_callbacks(execute=True):
        done = chair.post(url + "finalise/", {})
    assert done.status_code == 302 and done["Location"] == f"/strategy/{discussion.pk}/"
    detail = text_of(chair.get(done["Location"]))
    assert "Minutes sent" in detail and "Testshire Police" in detail and "Not yet" in detail
    assert {m.to[0] for m in mailoutbox} >= {"test-police@secure.example.invalid", "test-gp@secure.example.invalid"}
    # the meeting record is read-only now
    assert "Save decision for" not in text_of(chair.get(url + "children/0/"))


def test_minute_taker_cannot_finalise_and_partners_cannot_record(strategy_world, web, discussion):
    held(strategy_world, discussion)
    url = f"/strategy/{discussion.pk}/meeting/"
    assert web(strategy_world.minute_taker).post(url + "finalise/", {}).status_code == 403
    assert (
        web(strategy_world.pc).post(url + "children/0/", {"significant_harm": "met", "section_47": "yes"}).status_code
        == 403
    )
    # a partner records its own agency's information and dissent, not another's
    police = web(strategy_world.pc)
    assert (
        police.post(
            url + f"information/{strategy_world.police.code}/",
            {"text": "Two call-outs in March; partner on bail for assault"},
        ).status_code
        == 302
    )
    assert police.post(url + f"information/{strategy_world.health.code}/", {"text": "x"}).status_code == 403
    assert "partner on bail for assault" in text_of(web(strategy_world.chair).get(url + "information/"))


def test_minutes_text_uses_optimistic_locking_and_loses_nothing(strategy_world, web, discussion):
    booked(strategy_world, discussion)
    chair, minute_taker = web(strategy_world.chair), web(strategy_world.minute_taker)
    url = f"/strategy/{discussion.pk}/minutes/edit/"
    assert 'name="version" value="0"' in text_of(chair.get(url))
    assert 'name="version" value="0"' in text_of(minute_taker.get(url))
    assert (
        chair.post(
            url, {"version": "0", "purpose": "Chair's purpose", "notes": "Chair's notes", "next_meeting": ""}
        ).status_code
        == 302
    )
    clash = minute_taker.post(
        url,
        {
            "version": "0",
            "purpose": "Minute-taker's purpose",
            "notes": "Chair's notes",
            "next_meeting": "Review in 10 days",
        },
    )
    assert clash.status_code == 409
    body = text_of(clash)
    assert "Someone else saved the minutes while you were editing" in body
    assert "Chair&#39;s purpose" in body and "Minute-taker&#39;s purpose" in body and "Review in 10 days" in body
    assert "Their version" in body and "Your version" in body and "Saved by Ana Lopes" in body
    assert 'name="version" value="1"' in body
    discussion.refresh_from_db()
    assert discussion.minutes_sections["purpose"] == "Chair's purpose" and discussion.minutes_version == 1
    assert (
        minute_taker.post(
            url,
            {
                "version": "1",
                "purpose": "Combined purpose",
                "notes": "Chair's notes",
                "next_meeting": "Review in 10 days",
            },
        ).status_code
        == 302
    )
    discussion.refresh_from_db()
    assert discussion.minutes_version == 2 and discussion.minutes_sections == {
        "purpose": "Combined purpose",
        "next_meeting": "Review in 10 days",
    }
    assert discussion.minutes_notes == "Chair's notes" and discussion.minutes_edited_by == strategy_world.minute_taker
    assert web(strategy_world.coordinator).post(url, {"version": "2", "purpose": "x"}).status_code == 403


# ---- distribution, acknowledgement, challenge, amendment ---------------------------------------------------------


def test_acknowledge_challenge_answer_and_amend_keeping_history(
    strategy_world, web, discussion, mailoutbox, django_capture_on_commit_callbacks
):
    held(strategy_world, discussion)
    meeting.finalise(discussion, strategy_world.chair)
    police = web(strategy_world.pc)
    minutes = f"/strategy/{discussion.pk}/minutes/"
    body = text_of(police.get(minutes))
    assert (
        "Confirm receipt" in body
        and "Amelia Hughes" in body
        and "Police view: police should lead the ABE interview alone" in body
    )
    assert AccessEvent.objects.filter(username="pc", route=minutes).count() == 2
    police.post(minutes + "challenge/", {"challenge": "The minutes omit that police will lead the ABE interview"})
    record = Distribution.objects.get(discussion=discussion, agency=strategy_world.police)
    assert (
        record.acknowledged_at
        and record.acknowledged_by == strategy_world.pc
        and record.challenge.startswith("The minutes omit")
    )
    # an agency the minutes did not go to cannot acknowledge
    assert web(strategy_world.outsider).post(minutes + "receipt/", {}).status_code == 403

    chair = web(strategy_world.chair)
    detail = f"/strategy/{discussion.pk}/"
    assert "The minutes omit that police" in text_of(chair.get(detail))
    answer = f"/strategy/{discussion.pk}/distribution/{record.pk}/answer/"
    empty = chair.post(answer, {"answer": ""})
    assert empty.status_code == 400 and f'href="#answer-{record.pk}-answer"' in text_of(empty)
    chair.post(answer, {"answer": "Agreed: the minutes are amended"})
    record.refresh_from_db()
    assert record.challenge_answer == "Agreed: the minutes are amended"

    amend = f"/strategy/{discussion.pk}/minutes/amend/"
    assert web(strategy_world.minute_taker).get(amend).status_code == 403
    no_reason = chair.post(
        amend,
        {"version": str(discussion.minutes_version), "notes": "Police will lead the ABE interview.", "purpose": "p"},
    )
    assert no_reason.status_code == 400 and "Police will lead the ABE interview." in text_of(no_reason)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        done = chair.post(
            amend,
            {
                "version": str(discussion.minutes_version),
                "notes": "Police will lead the ABE interview.",
                "purpose": "p",
                "reason": "Accuracy challenge from Testshire Police",
            },
        )
    assert done.status_code == 302
    revisions = list(MinutesRevision.objects.filter(discussion=discussion))
    assert [r.number for r in revisions] == [1, 2]
    assert (
        "Police will lead the ABE interview." not in revisions[0].text
        and "Police will lead the ABE interview." in revisions[1].text
    )
    assert revisions[1].reason == "Accuracy challenge from Testshire Police"
    record.refresh_from_db()
    assert record.acknowledged_at is None  # to be confirmed again
    assert len(mailoutbox) == discussion.distribution.count() and "revision 2" in mailoutbox[0].subject
    shown = text_of(police.get(minutes))
    assert "Revision 2" in shown and "Revision 1" in shown and "Accuracy challenge from Testshire Police" in shown


# ---- actions and availability ------------------------------------------------------------------------------------


def test_actions_appear_in_the_owner_agencys_list_and_are_marked_done_with_feedback(
    strategy_world, web, discussion, make_user
):
    held(strategy_world, discussion)
    nurse = web(make_user("nurse", "partner_attendee", strategy_world.health))
    listing = text_of(nurse.get("/tasks/"))
    assert "Child protection medical" in listing and f"SD-{discussion.pk}" in listing
    assert "Child protection medical" not in text_of(web(strategy_world.gp_user).get("/tasks/"))
    action = Action.objects.get(discussion=discussion)
    done_url = f"/tasks/{action.pk}/done/"
    blank = nurse.post(done_url, {"feedback": " "})
    assert blank.status_code == 400 and f'href="#feedback-{action.pk}"' in text_of(blank)
    assert web(strategy_world.gp_user).post(done_url, {"feedback": "Done"}).status_code == 403
    assert nurse.post(done_url, {"feedback": "Medical done; no further injuries"}).status_code == 302
    action.refresh_from_db()
    assert action.completed_at and action.feedback == "Medical done; no further injuries"
    assert "Medical done; no further injuries" in text_of(
        web(strategy_world.chair).get(f"/strategy/{discussion.pk}/meeting/actions/")
    )


def test_agencies_keep_their_duty_availability(strategy_world, web):
    police = web(strategy_world.pc)
    day = timezone.localdate() + dt.timedelta(days=2)
    wrong = police.post(
        "/strategy/availability/",
        {
            "date-day": str(day.day),
            "date-month": str(day.month),
            "date-year": str(day.year),
            "from": "17:00",
            "to": "09:00",
        },
    )
    assert (
        wrong.status_code == 400
        and "The end time must be after the start time" in text_of(wrong)
        and 'value="17:00"' in text_of(wrong)
    )
    bad_time = police.post(
        "/strategy/availability/",
        {
            "date-day": str(day.day),
            "date-month": str(day.month),
            "date-year": str(day.year),
            "from": "25:00",
            "to": "26:00",
        },
    )
    assert bad_time.status_code == 400 and "Enter a time" in text_of(bad_time)
    assert (
        police.post(
            "/strategy/availability/",
            {
                "date-day": str(day.day),
                "date-month": str(day.month),
                "date-year": str(day.year),
                "from": "9am",
                "to": "5:30pm",
            },
        ).status_code
        == 302
    )
    slot = DutySlot.objects.get()
    assert slot.agency == strategy_world.police
    assert (
        timezone.localtime(slot.starts_at).hour,
        timezone.localtime(slot.ends_at).hour,
        timezone.localtime(slot.ends_at).minute,
    ) == (9, 17, 30)
    # another agency's user neither sees nor removes it
    assert "5:30pm" not in text_of(web(strategy_world.gp_user).get("/strategy/availability/"))
    remove = f"/strategy/availability/{slot.pk}/remove/"
    assert web(strategy_world.gp_user).post(remove).status_code == 403
    assert police.post(remove).status_code == 302 and not DutySlot.objects.exists()


def test_waiting_text_and_time_parsing():
    from macp.core.forms import GovukDateTimeField, GovukForm
    from macp.strategy.views import waiting_text

    class When(GovukForm):
        at = GovukDateTimeField(required=False)

    def parse_when(day, month, year, time):
        form = When({"at-day": day, "at-month": month, "at-year": year, "at-time": time})
        return (form.cleaned_data["at"], None) if form.is_valid() else (None, form.errors["at"][0])

    now = timezone.now()
    assert waiting_text(now - dt.timedelta(minutes=1), now) == "waiting 1 minute"
    assert waiting_text(now - dt.timedelta(hours=3, minutes=59), now) == "waiting 3 hours"
    assert waiting_text(now - dt.timedelta(days=3), now) == "waiting 3 days"
    assert parse_when("5", "1", "2027", "2:30pm")[0].hour == 14
    assert parse_when("5", "1", "2027", "12am")[0].hour == 0
    assert parse_when("5", "13", "2027", "10:00")[1] == "Enter a real date, like 27 3 2027"
    assert parse_when("5", "1", "2027", "13pm")[1].startswith("Enter a time")
    assert parse_when("", "", "", "") == (None, None)


# ---- on the child's record --------------------------------------------------------------------------------------


def test_decision_and_dissent_are_shown_on_the_childs_record(strategy_world, discussion):
    from django.template.loader import render_to_string

    held(strategy_world, discussion)
    html = render_to_string(
        "strategy/_child_strategy.html", {"child_strategy": meeting.for_child(strategy_world.family.child)}
    )
    assert f"SD-{discussion.pk}" in html and "Threshold met" in html and "Disclosure and bruising" in html
    assert "Dissent: Testshire Police" in html and "Police view: police should lead the ABE interview alone" in html
    assert "joint enquiry" in html and "led by Testshire Police" in html
    sibling = render_to_string(
        "strategy/_child_strategy.html", {"child_strategy": meeting.for_child(strategy_world.family.sibling)}
    )
    assert "Police view" not in sibling and "Unclear" in sibling
    assert render_to_string("strategy/_child_strategy.html", {"child_strategy": []}).strip() == ""


# ---- issue 8: the meeting in steps, the complexity route set aside, another child, receipt without a challenge ----


def test_each_meeting_step_is_its_own_page_and_saving_one_keeps_the_others(strategy_world, web, discussion):
    booked(strategy_world, discussion)
    chair = web(strategy_world.chair)
    url = f"/strategy/{discussion.pk}/meeting/"
    steps = [
        "text/purpose/",
        "attendance/",
        "information/",
        "text/notes/",
        "genogram/",
        "children/0/",
        "children/1/",
        "actions/",
        "text/next_meeting/",
        "dissent/",
        "finalise/",
    ]
    overview = text_of(chair.get(url))
    for step in steps:
        assert f'href="{url}{step}"' in overview
        assert chair.get(url + step).status_code == 200
    assert (
        chair.get(url + "children/2/").status_code == 404 and chair.get(url + "text/not_a_section/").status_code == 404
    )
    # Each step posts only its own fields: saving the purpose leaves the other sections as they were.
    minutes.save_minutes(discussion, strategy_world.chair, 0, {"notes": "Chair's notes", "next_meeting": "In ten days"})
    assert (
        chair.post(url + "text/purpose/", {"version": "1", "purpose": "Decide on Amelia and Jack", "then": "next"})[
            "Location"
        ]
        == url + "attendance/"
    )
    discussion.refresh_from_db()
    assert (discussion.minutes_sections, discussion.minutes_notes) == (
        {"purpose": "Decide on Amelia and Jack", "next_meeting": "In ten days"},
        "Chair's notes",
    )
    stale = chair.post(url + "text/notes/", {"version": "1", "notes": "Stale notes"})
    assert stale.status_code == 409 and "Chair&#39;s notes" in text_of(stale) and "Stale notes" in text_of(stale)
    assert web(strategy_world.outsider).get(url + "attendance/").status_code == 403
    assert (
        web(strategy_world.minute_taker).post(url + "text/purpose/", {"version": "2", "purpose": "x"}).status_code
        == 302
    )
    assert (
        web(strategy_world.coordinator).post(url + "text/purpose/", {"version": "3", "purpose": "x"}).status_code == 403
    )


def test_the_confirmation_page_shows_the_minutes_and_what_is_missing(strategy_world, web, discussion):
    held(strategy_world, discussion)
    chair = web(strategy_world.chair)
    url = f"/strategy/{discussion.pk}/meeting/finalise/"
    body = text_of(chair.get(url))
    assert (
        "Nothing required is missing" in body
        and "Disclosure and bruising" in body
        and "Finalise and send the minutes" in body
    )
    assert "test-police@secure.example.invalid" in body  # who it goes to
    assert "Finalise and send the minutes" not in text_of(web(strategy_world.minute_taker).get(url))
    discussion.attendance.filter(agency=strategy_world.gp).delete()
    body = text_of(chair.get(url))
    assert (
        "Record whether Riverside Surgery attended" in body
        and f"/strategy/{discussion.pk}/meeting/attendance/#attendance-agency" in body
    )


def test_set_aside_and_add_child_pages(strategy_world, web):
    sd = booking.request(
        strategy_world.tm, [strategy_world.family.child], "Organised abuse suspected", organised_abuse_indicators=True
    )
    coordinator = web(strategy_world.coordinator)
    url = f"/strategy/{sd.pk}/complexity/set-aside/"
    assert web(strategy_world.chair).get(url).status_code == 403
    empty = coordinator.post(url, {"reason": ""})
    assert empty.status_code == 400 and 'href="#set-aside-reason"' in text_of(empty)
    assert coordinator.post(url, {"reason": "Indicators ruled out"}).status_code == 302
    body = text_of(coordinator.get(f"/strategy/{sd.pk}/"))
    assert "set aside by" in body and "Indicators ruled out" in body and "Evidence preservation" not in body
    assert web(strategy_world.pc).get(f"/api/v1/strategy-discussions/{sd.pk}").status_code in (
        401,
        403,
    )  # the API needs a token

    add = f"/strategy/{sd.pk}/children/add/"
    assert (
        "Jack Hughes" in text_of(coordinator.get(add, {"q": "Hughes"}))
        and "Amelia Hughes" not in text_of(coordinator.get(add, {"q": "Amelia"})).split("Find the child")[1]
    )
    assert web(strategy_world.pc).get(add).status_code == 403
    refused = coordinator.post(add, {"child": str(strategy_world.family.mother.pk), "q": "Hughes"})
    assert refused.status_code == 400
    assert coordinator.post(add, {"child": str(strategy_world.family.sibling.pk)}).status_code == 302
    assert strategy_world.family.sibling in sd.children.all()


def test_confirm_receipt_carries_no_challenge_and_a_blank_challenge_is_refused(strategy_world, web, discussion):
    held(strategy_world, discussion)
    meeting.finalise(discussion, strategy_world.chair)
    police = web(strategy_world.pc)
    minutes_url = f"/strategy/{discussion.pk}/minutes/"
    body = text_of(police.get(minutes_url))
    assert "Confirm receipt" in body and "no such element" not in body
    # even a stray challenge field posted with the receipt files nothing
    assert (
        police.post(minutes_url + "receipt/", {"challenge": "{{ no such element: dict object['value'] }}"}).status_code
        == 302
    )
    record = Distribution.objects.get(discussion=discussion, agency=strategy_world.police)
    assert record.acknowledged_by == strategy_world.pc and record.challenge == ""
    blank = police.post(minutes_url + "challenge/", {"challenge": "  "})
    assert blank.status_code == 400 and 'href="#challenge"' in text_of(blank)
    record.refresh_from_db()
    assert record.challenge == ""
