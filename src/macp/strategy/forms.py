"""The strategy pages' forms: one form per page, each posted to its own view. Fields are left optional where the
service decides what is missing (its problems are put on the fields with add_problems), so the rule lives once."""

import datetime as dt

from django import forms

from macp.core.forms import TIME_MESSAGE, GovukDateField, GovukDateTimeField, GovukForm, parse_time
from macp.core.working_days import LONDON
from macp.strategy.models import Attendance, ChildDecision

YES_NO = [("yes", "Yes"), ("no", "No")]
YES_NO_UNDECIDED = [("yes", "Yes"), ("no", "No"), ("", "Not decided")]
END_OF_DAY = dt.time(17, 0)  # an action due on a day is due by the end of the working day


def _text(**kwargs) -> forms.CharField:
    return forms.CharField(required=False, strip=True, **kwargs)


def yes_no(value):
    """Yes / no / not decided radios as True / False / None."""
    return {"yes": True, "no": False}.get(value)


class AttendanceForm(GovukForm):
    id_prefix = "attendance"
    agency = _text()
    name = _text()
    role = forms.ChoiceField(choices=Attendance.Role.choices, required=False)
    attended = forms.ChoiceField(choices=[("yes", "Yes"), ("no", "No, absent")], required=False)


class ContributionForm(GovukForm):
    text = _text()


class GenogramForm(GovukForm):
    id_prefix = "genogram"
    shown = forms.ChoiceField(
        choices=YES_NO,
        error_messages={
            "required": "Select whether the genogram was shown and confirmed",
            "invalid_choice": "Select whether the genogram was shown and confirmed",
        },
    )
    reason = _text()


class DecisionForm(GovukForm):
    lived_experience = _text()
    harm_suspected = _text()
    significant_harm = _text()
    rationale = _text()
    section_47 = _text()
    enquiry = _text()
    lead_agency = _text()
    abe_interview = _text()
    cp_medical = _text()
    if_medical_inconclusive = _text()
    safety_plan = _text()

    @classmethod
    def initial_from(cls, decision: ChildDecision | None) -> dict:
        if decision is None:
            return {}
        flag = {True: "yes", False: "no"}
        return {
            "lived_experience": decision.lived_experience,
            "harm_suspected": decision.harm_suspected,
            "significant_harm": decision.significant_harm,
            "rationale": decision.rationale,
            "section_47": flag.get(decision.section_47, ""),
            "enquiry": decision.enquiry,
            "lead_agency": decision.lead_agency.code if decision.lead_agency_id else "",
            "abe_interview": flag.get(decision.abe_interview, ""),
            "cp_medical": flag.get(decision.cp_medical, ""),
            "if_medical_inconclusive": decision.if_medical_inconclusive,
            "safety_plan": decision.safety_plan,
        }


class ActionForm(GovukForm):
    id_prefix = "action"
    what = _text()
    child = _text()
    owner_agency = _text()
    owner = _text()
    due = GovukDateTimeField(required=False, default_time=END_OF_DAY)


class DissentForm(GovukForm):
    id_prefix = "dissent"
    agency = _text()
    about = _text()
    about_text = _text()
    reason = _text()


class SetAsideComplexityForm(GovukForm):
    id_prefix = "set-aside"
    reason = _text()


class AddChildForm(GovukForm):
    id_prefix = "add-child"
    child = _text()


class ChallengeForm(GovukForm):
    challenge = _text()


class AnswerChallengeForm(GovukForm):
    answer = _text()


class InviteForm(GovukForm):
    id_prefix = "invite"
    agency = forms.CharField(required=False)
    reason = forms.CharField(required=False, strip=True)


class BookForm(GovukForm):
    when = forms.CharField(required=False)
    at = GovukDateTimeField(required=False)
    link = forms.CharField(required=False, strip=True)
    held = forms.BooleanField(required=False)

    def chosen_time(self) -> dt.datetime | None:
        """The proposal picked (its ISO time, with offset), or the time typed under "Another time"."""
        choice = self.cleaned_data.get("when", "")
        if choice == "other":
            return self.cleaned_data.get("at")
        try:
            at = dt.datetime.fromisoformat(choice) if choice else None
        except ValueError:
            return None
        return at if at is not None and at.tzinfo is not None else None  # the proposals carry their offset


class DutySlotForm(GovukForm):
    agency = forms.CharField(required=False)
    date = GovukDateField(required=False)
    start = forms.CharField(required=False)
    end = forms.CharField(required=False)

    def times(self) -> tuple[dt.datetime | None, dt.datetime | None]:
        """The duty's start and end on the date, in London; the time boxes' own errors go on the form."""
        day = self.cleaned_data.get("date")
        out = []
        for name in ("start", "end"):
            text = (self.data.get({"start": "from", "end": "to"}[name]) or "").strip()
            clock = parse_time(text) if text else None
            if text and clock is None:
                self.add_error(name, TIME_MESSAGE)
            out.append(dt.datetime.combine(day, clock, tzinfo=LONDON) if day and clock else None)
        return out[0], out[1]


class FeedbackForm(GovukForm):
    feedback = forms.CharField(required=False, strip=True)
