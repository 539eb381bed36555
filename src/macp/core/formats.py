"""How dates and times are shown: stored in UTC, shown in Europe/London, in GOV.UK style ("2 August 2026")."""

import datetime as dt

from django.utils import timezone


def date_uk(value: dt.date | str | None, empty: str = "Not known") -> str:
    """28 February 2017; an ISO date string (as drafts keep dates) is shown the same way."""
    if value is None or value == "":
        return empty
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date()
    return f"{value.day} {value:%B %Y}"


def datetime_uk(value: dt.datetime | None, empty: str = "Not known", tz=None) -> str:
    """`tz` saves looking up the current time zone on every call, for long lists (a chronology of 2,000 entries)."""
    if value is None:
        return empty
    local = value.astimezone(tz) if tz else timezone.localtime(value)
    hour = local.strftime("%I").lstrip("0") or "12"
    return f"{date_uk(local.date())} at {hour}:{local:%M}{local:%p}".replace("AM", "am").replace("PM", "pm")


def age_on(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def age_text(born: dt.date | None, on: dt.date | None = None) -> str:
    if born is None:
        return "Age not known"
    on = on or timezone.localdate()
    if born > on:
        return "Unborn"
    years = age_on(born, on)
    if years >= 2:
        return f"{years} years"
    months = (on.year - born.year) * 12 + on.month - born.month - (on.day < born.day)
    if months >= 1:
        return f"{months} month{'s' if months != 1 else ''}"
    weeks = (on - born).days // 7
    return f"{weeks} week{'s' if weeks != 1 else ''}"


def possessive(name: str) -> str:
    """ "Hillside School's", but "Children's Services'" (not "Services's") for a name ending in s."""
    name = str(name or "")
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def parse_date(text: str) -> dt.date | None:
    """A date typed into one box: 28/02/2026, 2026-02-28 or 28-02-2026; None when it is not a real date."""
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime((text or "").strip(), fmt).date()
        except ValueError:
            pass
    return None


ADULT_AGE = 18  # Children Act 1989 s.105(1): a "child" is a person under the age of eighteen


def adults_born_by(on: dt.date | None = None) -> dt.date:
    """The latest date of birth of someone who is 18 on `on` (today by default): for filtering children in queries."""
    on = on or timezone.localdate()
    try:
        return on.replace(year=on.year - ADULT_AGE)
    except ValueError:  # 29 February
        return on.replace(year=on.year - ADULT_AGE, day=28)


def is_under_18(born: dt.date | None, on: dt.date | None = None, *, unborn: bool = False) -> bool:
    """The one test of childhood: an unborn baby, or born fewer than 18 years before `on` (today by default).
    A person whose date of birth is not known is not counted a child."""
    if unborn:
        return True
    return born is not None and born > adults_born_by(on)
