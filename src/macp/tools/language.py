"""The recording-language check (CONTRACTS.md §10): a rule set that finds language which blames or adultifies a
child, minimises harm, or states opinion as fact, each finding with the reason and a better way to say it.

Sources: South Gloucestershire multi-agency audits (seed 004: "in a relationship" and "flirting" written of a
14-year-old with a 23-year-old; 'catfished' minimising abuse; "did not distinguish fact from opinion"; the ROTH
tool's "language implying that a child … is complicit … should be avoided"); Bristol CSPR (seed 000) on recording.
The wording of every reason and suggestion is ours.

Pure Python with no model and nothing downloaded: `check(text, child_age)` is all there is. The rules advise;
the writer decides. The rules and the word lists they use are data, in data/language_rules.toml beside this module
(each rule's pattern, reason, suggestion and the named condition it needs); the conditions are the code here. Words inside quotation marks are the speaker's own and are never flagged: recording what a
child or parent said verbatim is good practice.
"""

import dataclasses
import re
import tomllib
from collections.abc import Callable
from pathlib import Path

RULES_FILE = Path(__file__).parent / "data" / "language_rules.toml"

BLAMING = "victim_blaming"
ADULTIFYING = "adultification"
MINIMISING = "minimising"
OPINION = "opinion_as_fact"

CATEGORIES = {
    BLAMING: "Blames the child",
    ADULTIFYING: "Describes a child as an adult",
    MINIMISING: "Minimises harm",
    OPINION: "States opinion as fact",
}


@dataclasses.dataclass(frozen=True)
class Finding:
    start: int
    end: int
    text: str
    category: str
    why: str
    suggestion: str
    rule: str

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)


@dataclasses.dataclass(frozen=True)
class Context:
    """What a rule may know about the text around a match."""

    text: str
    child_age: int | None
    sentence_start: int

    @property
    def about_a_child(self) -> bool:
        return self.child_age is not None and self.child_age < 18


@dataclasses.dataclass(frozen=True)
class Rule:
    code: str
    category: str
    pattern: re.Pattern
    why: str
    suggestion: str
    child_only: bool = True
    # A further test on the match; False drops it.
    when: Callable[[re.Match, Context], bool] | None = None


def _re(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE)


# ---- what the text says about who is who --------------------------------------------------------------------


def _joined(value: str | list[str]) -> str:
    """A pattern in the data file: a string, or a list of strings joined with nothing between."""
    return "".join(value) if isinstance(value, list) else value


def load_rules_file(path: Path = RULES_FILE) -> dict:
    with path.open("rb") as handle:
        return tomllib.load(handle)


_DATA = load_rules_file()
VOCABULARY = {name: _joined(value) for name, value in _DATA["vocabulary"].items()}

_AGE = r"(\d{1,2})\s*-?\s*(?:years?|yrs?|yr)\s*-?\s*old"
CHILD_AGE_IN_TEXT = _re(
    r"\b" + _AGE + r"(?:\s+(?:girl|boy|child|young person|daughter|son|pupil|student|sibling|brother|sister))?"
    r"|\baged\s+(\d{1,2})\b|\(\s*(\d{1,2})\s*\)|,\s*(\d{1,2})\s*,|\bwho is (\d{1,2})\b"
)
ADULT_NOUNS = VOCABULARY["adult_nouns"]
ADULT_SUBJECT = _re(
    r"^\W*(?:(?:her|his|their|the child's|the children's|[A-Z][a-z]+'s)\s+)?(?:" + ADULT_NOUNS + r")\b"
    r"|^\W*[A-Z][a-z]+\s*\((?:mum|mother|dad|father|stepdad|mother's partner|mum's partner)\)"
)
ADULT_POSSESSOR = _re(r"(?:" + ADULT_NOUNS + r")'s\s+(?:new\s+|older\s+|" + _AGE + r"\s+)?$")
ATTRIBUTION = _re(VOCABULARY["attribution"])
TRAILING_ATTRIBUTION = _re(VOCABULARY["trailing_attribution"])
SEXUAL = _re(VOCABULARY["sexual"])
HARM_AFTER_CHOICE = _re(VOCABULARY["harm_after_choice"])
CALLED_AS = _re(VOCABULARY["called_as"])
OLDER_PERSON = _re(VOCABULARY["older_person"])
CONSENT_TO_CARE = _re(VOCABULARY["consent_to_care"])
EXPLOITATION_SIGNS = _re(VOCABULARY["exploitation_signs"])
OBSERVABLE_AFTER = _re(VOCABULARY["observable_after"])


def _ages_in(text: str) -> list[int]:
    ages = []
    for match in CHILD_AGE_IN_TEXT.finditer(text):
        for group in match.groups():
            if group:
                ages.append(int(group))
    return ages


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    """Spans inside quotation marks: straight or curly double quotes, curly single quotes, and straight single
    quotes that open after a space or bracket (an apostrophe inside a word does not open a quotation)."""
    spans = []
    for pattern in (r'"[^"]*"', r"“[^”]*”", r"‘[^’]*’", r"(?:(?<=^)|(?<=[\s(\[]))'[^']+'(?=$|[\s.,;:!?)\]])"):
        spans.extend((m.start(), m.end()) for m in re.finditer(pattern, text))
    return spans


def _sentence_starts(text: str) -> list[int]:
    starts = [0]
    for match in re.finditer(r"[.!?;\n]+\s+", text):
        starts.append(match.end())
    return starts


# ---- conditions -------------------------------------------------------------------------------------------


def _child_subject(match: re.Match, ctx: Context) -> bool:
    """The words are about the child, not an adult: the clause does not open with a parent or other adult."""
    return not ADULT_SUBJECT.search(ctx.text[ctx.sentence_start : match.start()])


def _not_attributed(match: re.Match, ctx: Context) -> bool:
    """An opinion is fine when it says whose it is ("mum said…", "in my view…", "…, says mum")."""
    if ATTRIBUTION.search(ctx.text[ctx.sentence_start : match.start()]):
        return False
    rest = re.split(r"[.!?\n]", ctx.text[match.end() :], maxsplit=1)[0]
    return not TRAILING_ATTRIBUTION.search(rest)


def _adult_partner(match: re.Match, ctx: Context) -> bool:
    """'Boyfriend'/'partner'/'relationship' used of a child with someone who is an adult or older."""
    if ADULT_POSSESSOR.search(ctx.text[max(0, match.start() - 40) : match.start()]):
        return False
    if not _child_subject(match, ctx):
        return False
    before = ctx.text[ctx.sentence_start : match.start()]
    if CALLED_AS.search(before):
        return False
    window = ctx.text[max(ctx.sentence_start, match.start() - 30) : match.end() + 50]
    if OLDER_PERSON.search(window):
        return ctx.about_a_child or bool(
            _ages_in(ctx.text[: match.start()]) and min(_ages_in(ctx.text[: match.start()])) < 18
        )
    ages = _ages_in(window)
    adults = [a for a in ages if a >= 18]
    children = [a for a in _ages_in(ctx.text) if a < 18]
    child = ctx.child_age if ctx.about_a_child else (min(children) if children else None)
    return bool(adults) and child is not None


def _under_16_sexual(match: re.Match, ctx: Context) -> bool:
    age = _child_age(ctx)
    return age is not None and age < 16 and _child_subject(match, ctx)


def _child_age(ctx: Context) -> int | None:
    if ctx.about_a_child:
        return ctx.child_age
    children = [a for a in _ages_in(ctx.text) if a < 18]
    return min(children) if children else None


def _consent_to_abuse(match: re.Match, ctx: Context) -> bool:
    age = _child_age(ctx)
    if age is None or not _child_subject(match, ctx):
        return False
    around = ctx.text[max(ctx.sentence_start, match.start() - 60) : match.end() + 60]
    if CONSENT_TO_CARE.search(around):
        return False
    return bool(SEXUAL.search(around)) and (age < 16 or bool(EXPLOITATION_SIGNS.search(around)))


def _choice_of_harm(match: re.Match, ctx: Context) -> bool:
    if re.search(r"lifestyle", match.group(0), re.IGNORECASE):
        return True
    after = ctx.text[match.end() : match.end() + 70]
    return bool(HARM_AFTER_CHOICE.search(after)) and _child_subject(match, ctx)


def _clearly_opinion(match: re.Match, ctx: Context) -> bool:
    after = ctx.text[match.end() : match.end() + 25]
    if OBSERVABLE_AFTER.match(after):
        return False
    return _not_attributed(match, ctx)


# ---- the rules (from the data file) -------------------------------------------------------------------

CONDITIONS: dict[str, Callable[[re.Match, Context], bool]] = {
    "child_subject": _child_subject,
    "not_attributed": _not_attributed,
    "adult_partner": _adult_partner,
    "under_16_sexual": _under_16_sexual,
    "consent_to_abuse": _consent_to_abuse,
    "choice_of_harm": _choice_of_harm,
    "clearly_opinion": _clearly_opinion,
}


def rules_from(data: dict) -> list[Rule]:
    """The rules of a parsed rules file, checked: a rule with an unknown category or condition, a duplicate code or
    a pattern that does not compile is an error at start-up, not a silent gap in the advice."""
    rules, codes = [], set()
    for number, entry in enumerate(data["rule"], 1):
        code = entry["code"]
        if code in codes:
            raise ValueError(f"rule {number}: duplicate code {code!r}")
        if entry["category"] not in CATEGORIES:
            raise ValueError(f"rule {code}: unknown category {entry['category']!r}")
        when = entry.get("when")
        if when is not None and when not in CONDITIONS:
            raise ValueError(f"rule {code}: unknown condition {when!r}")
        codes.add(code)
        rules.append(
            Rule(
                code=code,
                category=entry["category"],
                pattern=_re(_joined(entry["pattern"])),
                why=entry["why"],
                suggestion=entry["suggestion"],
                child_only=entry.get("child_only", True),
                when=CONDITIONS[when] if when else None,
            )
        )
    return rules


RULES: list[Rule] = rules_from(_DATA)


def check(text: str, child_age: int | None = None) -> list[Finding]:
    """Findings in the text, in order. `child_age` is the age of the child the text is about (from the record);
    without it, rules that concern children use ages written in the text."""
    text = text or ""
    quoted = _quoted_spans(text)
    starts = _sentence_starts(text)
    inferred = [a for a in _ages_in(text) if a < 18]
    findings: list[Finding] = []
    taken: list[tuple[int, int]] = []
    for rule in RULES:
        for match in rule.pattern.finditer(text):
            start, end = match.start(), match.end()
            if any(q0 <= start and end <= q1 for q0, q1 in quoted):
                continue
            if any(not (end <= t0 or start >= t1) for t0, t1 in taken):
                continue
            sentence_start = max(s for s in starts if s <= start)
            ctx = Context(text=text, child_age=child_age, sentence_start=sentence_start)
            if rule.child_only and not (ctx.about_a_child or inferred or child_age is None):
                continue
            if rule.when and not rule.when(match, ctx):
                continue
            taken.append((start, end))
            findings.append(Finding(start, end, match.group(0), rule.category, rule.why, rule.suggestion, rule.code))
    return sorted(findings, key=lambda f: f.start)
