"""The recording-language check (CONTRACTS.md §10): a rule set that finds language which blames or adultifies a
child, minimises harm, or states opinion as fact, each finding with the reason and a better way to say it.

Sources: South Gloucestershire multi-agency audits (seed 004: "in a relationship" and "flirting" written of a
14-year-old with a 23-year-old; 'catfished' minimising abuse; "did not distinguish fact from opinion"; the ROTH
tool's "language implying that a child … is complicit … should be avoided"); Bristol CSPR (seed 000) on recording.
The wording of every reason and suggestion is ours.

Pure Python with no model and nothing downloaded: `check(text, child_age)` is all there is. The rules advise;
the writer decides. Words inside quotation marks are the speaker's own and are never flagged: recording what a
child or parent said verbatim is good practice.
"""

import dataclasses
import re
from collections.abc import Callable

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

_AGE = r"(\d{1,2})\s*-?\s*(?:years?|yrs?|yr)\s*-?\s*old"
CHILD_AGE_IN_TEXT = _re(
    r"\b" + _AGE + r"(?:\s+(?:girl|boy|child|young person|daughter|son|pupil|student|sibling|brother|sister))?"
    r"|\baged\s+(\d{1,2})\b|\(\s*(\d{1,2})\s*\)|,\s*(\d{1,2})\s*,|\bwho is (\d{1,2})\b"
)
ADULT_NOUNS = (
    r"mum|mother|mom|dad|father|step[- ]?(?:dad|father|mum|mother)|parents?|carers?|nan|nanna|gran|grandma|grandmother|"
    r"grandad|grandfather|grandparents?|aunt|auntie|uncle|the (?:adults?|man|men|woman|women|landlord|neighbour)|mr|mrs|ms|miss|"
    r"his partner|her partner|the partner"
)
ADULT_SUBJECT = _re(
    r"^\W*(?:(?:her|his|their|the child's|the children's|[A-Z][a-z]+'s)\s+)?(?:" + ADULT_NOUNS + r")\b"
    r"|^\W*[A-Z][a-z]+\s*\((?:mum|mother|dad|father|stepdad|mother's partner|mum's partner)\)"
)
ADULT_POSSESSOR = _re(r"(?:" + ADULT_NOUNS + r")'s\s+(?:new\s+|older\s+|" + _AGE + r"\s+)?$")
ATTRIBUTION = _re(
    r"\b(?:said|says|told|tells|telling|reported|reports|alleged|alleges|believes?|believed|thinks?|thought|felt|feels|"
    r"described|describes|calls?|called|refers? to|referred to|according to|in (?:my|her|his|their|the) (?:professional )?"
    r"(?:view|opinion|assessment)|it is my (?:professional )?(?:view|opinion|assessment)|view is|opinion is|"
    r"considers?|considered|accused|accuses|claims?|claimed|stated|states|disclosed|discloses|wrote|texted|shouted|"
    r"worried that|concerned that|asked whether|questioned whether|whether)\b"
)
TRAILING_ATTRIBUTION = _re(
    r",\s*(?:(?:says|said|reports|reported|according to|in the view of)\b|(?:she|he|they|mum|dad|[A-Z][a-z]+) (?:says|said|reports|reported|believes|thinks)\b)"
)
SEXUAL = _re(
    r"\bsex|sexual|intercourse|nudes?\b|naked|images?|photos?|pictures?|kiss|touch|oral|slept with|sleeping with|"
    r"relationship|boyfriend|girlfriend|\bhim\b|\bmen\b|older male|older man"
)
HARM_AFTER_CHOICE = _re(
    r"\b(?:go(?:ing)? missing|run(?:ning)? away|ran away|return(?:ing)? to (?:him|them|the|his|her)|go(?:ing)? back to (?:him|them|the)|"
    r"associate|hang(?:ing)? (?:around|out)|engage|stay(?:ing)? out|have sex|sleep with|drink|take drugs|"
    r"use (?:drugs|cannabis)|smoke cannabis|meet (?:him|them|men|adults|older)|get(?:ting)? in(?:to)? (?:the|his|a) car|"
    r"carry|deal|sell|run drugs|travel to|be exploited|be with (?:him|them|older)|stay with (?:him|them|older|adults)|"
    r"spend time with (?:him|them|older|adults)|send (?:images|photos|pictures|nudes)|leave (?:home|the house|placement))"
)


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
    if re.search(
        r"\b(?:describes?|described|calls?|called|refers? to|referred to)\s+(?:him|her|them)\s+as\s*(?:her|his|their)?\s*$",
        before,
        re.IGNORECASE,
    ):
        return False
    window = ctx.text[max(ctx.sentence_start, match.start() - 30) : match.end() + 50]
    if re.search(
        r"\b(?:older|adult|grown|much older)\b|\bin (?:his|her|their) (?:twenties|thirties|forties|fifties|20s|30s|40s)\b|\b(?:man|male|woman)\b",
        window,
        re.IGNORECASE,
    ):
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
    if re.search(
        r"consent(?:ed|s)? (?:to|for) (?:share|sharing|the referral|a referral|information|the assessment|medical|"
        r"the medical|treatment|the interview|an? ABE|be seen|speak|the plan|the police (?:sharing|speaking))",
        around,
        re.IGNORECASE,
    ):
        return False
    return bool(SEXUAL.search(around)) and (
        age < 16 or bool(re.search(r"\b(?:exploit|groom|older|adult|money|gifts?|drugs|paid)", around, re.IGNORECASE))
    )


def _choice_of_harm(match: re.Match, ctx: Context) -> bool:
    if re.search(r"lifestyle", match.group(0), re.IGNORECASE):
        return True
    after = ctx.text[match.end() : match.end() + 70]
    return bool(HARM_AFTER_CHOICE.search(after)) and _child_subject(match, ctx)


def _clearly_opinion(match: re.Match, ctx: Context) -> bool:
    after = ctx.text[match.end() : match.end() + 25]
    if re.match(
        r"\s*(?:visible|audible|seen|heard|legible|marked|labelled|labeled|signposted|stated|explained|documented|said|"
        r"told|described|set out|written|lit|displayed|identified|recorded)\b",
        after,
        re.IGNORECASE,
    ):
        return False
    return _not_attributed(match, ctx)


# ---- the rules ----------------------------------------------------------------------------------------------

EXPLOITATION_WHY = (
    "A child cannot consent to their own abuse or exploitation; these words place responsibility on the child."
)

RULES: list[Rule] = [
    Rule(
        "putting-self-at-risk",
        BLAMING,
        _re(
            r"\b(?:putting|puts|put|placing|places|placed|exposing|exposes|exposed)\s+(?:herself|himself|themselves|themself)\s+"
            r"(?:(?:at|to) (?:risk|significant risk|high risk|harm|danger)|in (?:danger|harm's way|risky situations|dangerous situations)|at harm)"
        ),
        "It makes the child responsible for the risk. The risk comes from the adults or others who harm or exploit them.",
        'Say who poses the risk and how: "[child] is at risk of exploitation from adults who …".',
        when=_child_subject,
    ),
    Rule(
        "chose-to",
        BLAMING,
        _re(
            r"\b(?:chose|chooses|choose|choosing|has chosen|had chosen|decided|decides|is choosing)\s+to\b|\b(?:made|makes|making) "
            r"(?:a |the )?(?:choice|choices|decision) to\b|\blifestyle choices?\b|\b(?:her|his|their) (?:own )?(?:lifestyle|choice)\b"
        ),
        "Describing harm as the child's choice hides the control, coercion or grooming that children are under.",
        'Describe what happened and who had power: "[child] was taken to …", "[child] returned to the address where adults …".',
        when=_choice_of_harm,
    ),
    Rule(
        "promiscuous",
        BLAMING,
        _re(r"\bpromiscu(?:ous|ity)\b"),
        "A judgement about a child's sexual behaviour that blames them; children are sexually abused and exploited, not promiscuous.",
        'Describe the concern as abuse or exploitation: "[child] is being sexually exploited / has been sexually abused by …".',
        when=_child_subject,
    ),
    Rule(
        "sexually-active",
        ADULTIFYING,
        _re(r"\bsexually active\b"),
        "A child under 16 cannot consent to sex in law; describing them as sexually active hides abuse.",
        'Say what has happened to the child and by whom: "[child] has been sexually abused by …".',
        when=_under_16_sexual,
    ),
    Rule(
        "consent",
        ADULTIFYING,
        _re(
            r"\b(?:consented|consenting|consensual|gave (?:her|his|their)? ?consent|agreed to (?:have )?(?:sex|sexual)|"
            r"willing(?:ly)?(?: participant)?|was willing|happy to (?:have sex|go with|be with))\b"
        ),
        EXPLOITATION_WHY,
        'Describe what the adult did: "[adult] sexually abused [child]"; record the child\'s own account in their words, in quotation marks.',
        when=_consent_to_abuse,
    ),
    Rule(
        "sex-work",
        ADULTIFYING,
        _re(
            r"\b(?:prostitut\w*|sex work(?:er)?|selling sex|sells sex|sold sex|sell(?:s|ing)? (?:her|his|their)self|rent boy|sugar daddy|"
            r"transactional sex|escort(?:ing)?)\b"
        ),
        "Children are not sex workers or prostitutes: a child exchanged for money, drugs or gifts is being sexually exploited.",
        '"[child] is being sexually exploited: adults are giving [child] money/drugs/gifts in return for …".',
        when=_child_subject,
    ),
    Rule(
        "risk-taking",
        BLAMING,
        _re(r"\b(?:risk[- ]taking|risky|reckless)\s+behaviou?rs?\b"),
        "It presents the child as the source of the risk rather than the people who harm or exploit them.",
        'Describe what is happening and who poses the risk: "[child] is being targeted by adults who …".',
        when=_child_subject,
    ),
    Rule(
        "adultified-maturity",
        ADULTIFYING,
        _re(
            r"\b(?:street[- ]?wise|mature for (?:her|his|their) age|old beyond (?:her|his|their) years|(?:very|quite) mature|"
            r"knows what (?:she|he|they) (?:is|are|'s|'re) doing|can (?:look after|handle) (?:herself|himself|themselves)|"
            r"(?:a|an) (?:young|mature) (?:woman|man)\b)"
        ),
        "It treats a child as an adult able to protect themselves; children are owed protection whatever they seem like.",
        'Describe the child as a child and say what you saw: "[child], aged [age], …".',
        when=_child_subject,
    ),
    Rule(
        "allowed-him",
        BLAMING,
        _re(
            r"\b(?:allowed|allows|let|lets|letting|permitted)\s+(?:him|them|the (?:man|men|adults?|males?)|older (?:males|men|boys)|an adult)\s+to\b"
        ),
        "It suggests the child was responsible for what an adult did to them.",
        'Name what the adult did: "[adult] took photographs of [child]".',
        when=_child_subject,
    ),
    Rule(
        "attention-seeking",
        BLAMING,
        _re(r"\battention[- ]seeking\b"),
        "It dismisses what the child does as manipulation instead of asking what need or harm lies behind it.",
        'Describe the behaviour and ask what it tells you: "[child] cut her arm and showed staff; she may be asking for help."',
        when=_child_subject,
    ),
    Rule(
        "associating",
        BLAMING,
        _re(
            r"\b(?:associat(?:es|ing|ed|e)|hang(?:s|ing)? (?:around|out)|hung (?:around|out)|mix(?:es|ing)?)\s+with\s+"
            r"(?:older|known|adult|gang|criminal|drug|risky|undesirable|a bad crowd|the wrong crowd|an older)"
        ),
        "It presents contact with people who may exploit the child as the child's own doing.",
        '"[child] is in contact with adults/older young people who may be exploiting them: [names, places]."',
        when=_child_subject,
    ),
    Rule(
        "recruiting",
        BLAMING,
        _re(r"\b(?:recruit(?:s|ing|ed)?\s+(?:other|younger|more)|(?:a |the )?recruiter)\b"),
        "Exploited children are often made to draw others in; calling them recruiters blames the victim.",
        '"[child] may be being made by adults to bring other children into …".',
        when=_child_subject,
    ),
    Rule(
        "drug-running",
        ADULTIFYING,
        _re(
            r"\b(?:drug[- ]?running|running drugs|runs drugs|ran drugs|drug dealer|dealing (?:drugs|cannabis|class a)|deals drugs|"
            r"(?:is|was|are|were|been|got|getting) (?:involved|engaged) in (?:county lines|drug dealing|dealing|gangs?|a gang)|"
            r"gang member|member of a gang|(?:a|an) (?:drug )?runner|county lines runner)\b"
        ),
        "A child moving or selling drugs for others is being criminally exploited; these words describe them as an offender.",
        '"[child] is being criminally exploited: adults are making [child] carry/sell drugs in …".',
        when=_child_subject,
    ),
    Rule(
        "absconded",
        BLAMING,
        _re(r"\babscond(?:ed|ing|s|er)?\b"),
        "A word from custody that makes a missing child sound like an offender.",
        '"[child] went missing from … at [time]".',
        when=_child_subject,
    ),
    Rule(
        "self-placing",
        BLAMING,
        _re(r"\bself[- ]?plac(?:ing|ed|es|e)\b"),
        "It implies the child chose to be where they were harmed.",
        '"[child] was at [address] with [people]".',
        when=_child_subject,
    ),
    Rule(
        "flirting",
        ADULTIFYING,
        _re(
            r"\b(?:flirt(?:ing|ed|s|y|atious)?|seduc\w+|provocative(?:ly)?(?: dressed)?|dresse[sd] provocatively|asking for it|"
            r"led (?:him|them) on|leading (?:him|them|men) on|coming on to|came on to|sexuali[sz]ed behaviou?r towards (?:him|adults|men))\b"
        ),
        "It describes a child in adult sexual terms and shifts responsibility to them.",
        'Describe the adult\'s behaviour towards the child: "[adult], aged [age], sent [child] messages …".',
        when=_child_subject,
    ),
    Rule(
        "boyfriend",
        ADULTIFYING,
        _re(r"\b(?:boy ?friend|girl ?friend|partner|bf|lover|fianc[eé]e?)\b"),
        "An adult who has a sexual 'relationship' with a child is abusing them; calling him her boyfriend adultifies the child.",
        '"[adult], aged [age], who is sexually abusing/exploiting [child]"; if the child calls him her boyfriend, record it in quotation marks as her words.',
        when=_adult_partner,
    ),
    Rule(
        "in-a-relationship",
        ADULTIFYING,
        _re(
            r"\b(?:in a (?:sexual |romantic )?relationship with|(?:is|was|has been|been) (?:seeing|dating|going out with|sleeping with)|"
            r"(?:started|began|having) a (?:sexual )?relationship with)\b"
        ),
        "A child cannot be 'in a relationship' with an adult: this is abuse or exploitation.",
        '"[adult], aged [age], is sexually abusing/exploiting [child]".',
        when=_adult_partner,
    ),
    Rule(
        "sexual-relationship-under-16",
        ADULTIFYING,
        _re(r"\bsexual (?:relationship|relations|partner)\b"),
        "A child under 16 cannot consent to sex in law; there is no 'sexual relationship', there is abuse.",
        '"[child] has been sexually abused by …".',
        when=_under_16_sexual,
    ),
    Rule(
        "sexting",
        MINIMISING,
        _re(r"\bsexting\b|\bsexts?\b"),
        "Sexual images of a child are child sexual abuse material; 'sexting' makes it sound like harmless flirting.",
        '"[child] was asked/pressured to send sexual images by …" or "sexual images of [child] were shared".',
        when=_child_subject,
    ),
    Rule(
        "catfished",
        MINIMISING,
        _re(r"\bcat[- ]?fish(?:ed|ing)?\b"),
        "It makes deception and grooming sound like a prank (seed 004's audit found it minimised abuse).",
        '"[child] was deceived and groomed online by someone pretending to be …".',
        child_only=False,
    ),
    Rule(
        "just-pushing",
        MINIMISING,
        _re(
            r"\b(?:just|only|merely|simply|nothing more than|no more than|a bit of|a little bit of|some)\s+(?:a\s+|an\s+|some\s+)?(?:bit of\s+)?"
            r"(?:pushing(?: and shoving)?|push(?: and shove)?|shov(?:e|ing)|slap(?:ped)?|smack(?:ed)?|tap(?:ped)?|argument|row|tiff|scuffle|"
            r"grab(?:bed)?|nudge|play[- ]?fight(?:ing)?|rough[- ]?(?:play|housing)|banter|horseplay|handbags|argy[- ]bargy|"
            r"(?:a )?disagreement|squabble|domestic|verbal|words|shouting)\b"
        ),
        "It plays down violence or abuse; the effect on the child is what matters, and small words hide it.",
        'Describe exactly what happened and the effect on the child: "[adult] pushed [parent] against the wall while [child] watched".',
        child_only=False,
    ),
    Rule(
        "minimising-phrases",
        MINIMISING,
        _re(
            r"\b(?:lovers'? tiff|domestic (?:tiff|squabble|spat|row|argument|dispute)s?|(?:volatile|toxic|fiery|tempestuous|turbulent|"
            r"up and down|on and off) relationship|relationship (?:is|was|has been) (?:volatile|toxic|fiery|tempestuous|turbulent|up and down|on and off)|no (?:real )?harm (?:was )?done|nothing serious|not (?:that |very )?serious|"
            r"minor (?:altercation|scuffle|incident|domestic)|(?:a )?one[- ]off (?:incident|slap|assault|push|smack)|"
            r"(?:he|she|they) did(?:n'?t| not) mean (?:it|to)|heat of the moment|only a (?:small |little |slight )?(?:bruise|mark|graze|scratch)|"
            r"just a (?:bruise|mark|graze|scratch)|(?:little|minor|slight) (?:bruise|mark)s? only|handbags)\b"
        ),
        "It softens or excuses harm: say who did what to whom and how it affects the child.",
        '"[adult] hit [parent] in the face; [child] was in the room and hid under the table".',
        child_only=False,
        when=_not_attributed,
    ),
    Rule(
        "discipline",
        MINIMISING,
        _re(
            r"\b(?:disciplin(?:ed|es|ing)|chastis(?:ed|es|ing)|punish(?:ed|es|ing)|told (?:her|him) off)\s+(?:her|him|them|the child|the children)\s+"
            r"(?:with|using)\s+(?:a|an|his|her|their|the)\s+(?:belt|slipper|hand|stick|cable|wooden spoon|shoe|spoon|ruler|lead|flex|hairbrush)"
        ),
        "Hitting a child with an object is an assault, not discipline.",
        '"[adult] hit [child] with a belt, leaving …".',
        child_only=False,
    ),
    Rule(
        "certainty-words",
        OPINION,
        _re(
            r"\b(?:clearly|obviously|evidently|undoubtedly|undeniably|without (?:a )?doubt|there is no doubt(?: that)?|"
            r"it is (?:clear|obvious|evident|plain) that)\b"
        ),
        "It presents a judgement as settled fact without the evidence for it.",
        'Give the evidence and whose view it is: "In my view … because I saw …".',
        child_only=False,
        when=_clearly_opinion,
    ),
    Rule(
        "labels-people",
        OPINION,
        _re(
            r"\b(?:mum|mother|dad|father|step[- ]?(?:dad|father|mum|mother)|parents?|carers?|she|he|they|grandmother|nan|"
            r"(?:mr|mrs|ms|miss) [A-Z][a-z]+|[A-Z][a-z]+)\s+(?:is|are|was|were|seems|appears)\s+(?:being\s+|very\s+|so\s+|extremely\s+|just\s+)?"
            r"(?:a\s+|an\s+)?(?:liar|lying|manipulative|controlling|hostile|uncooperative|non[- ]?compliant|resistant|chaotic|neglectful|lazy|"
            r"unmotivated|not bothered|disinterested|uninterested|feckless|unreliable|evasive|deceitful|dishonest|devious|sly|"
            r"(?:bad|terrible|useless|unfit|poor|good|great|loving|caring|lovely|devoted|brilliant|fantastic) (?:mother|mum|father|dad|parents?|carers?)|"
            r"incapable|in denial|disguised(?:ly)? compliant|playing the system|troublemaker|a trouble[- ]?maker|"
            r"out of control|exaggerating|making it up|crying wolf|a drama queen|over[- ]dramatic|dramatic|attention seeker)\b"
        ),
        "A label states an opinion as if it were fact; a reader cannot tell what was seen or heard.",
        'Say what was seen or heard and whose view it is: "Mum did not attend the three appointments in May; in my view …".',
        child_only=False,
        when=_not_attributed,
    ),
    Rule(
        "does-not-care",
        OPINION,
        _re(
            r"\b(?:does ?n[o']t|doesn't|did ?n[o']t|didn't|do not|don't) (?:care|love|want)\b(?:\s+(?:about|for))?|couldn'?t care less|"
            r"(?:is|are|was|were) not (?:interested|bothered) in (?:her|his|their|the) (?:child|children|baby|son|daughter|kids)"
        ),
        "It guesses at someone's feelings and writes the guess as fact.",
        'Describe what the person did or said: "Dad left the room when [child] began to cry and did not return".',
        child_only=False,
        when=_not_attributed,
    ),
    Rule(
        "emotive-home",
        OPINION,
        _re(
            r"\b(?:filthy|disgusting|squalid|appalling|horrendous|horrific|vile|a tip|pig ?sty|hovel|minging|grotty|revolting|"
            r"a (?:complete |total )?dump|uninhabitable)\b"
        ),
        "An emotive word records the writer's reaction, not what the child lives with.",
        'Describe what you saw, smelt and where: "dog faeces on the kitchen floor; no clean bedding on [child]\'s bed".',
        child_only=False,
        when=_not_attributed,
    ),
    Rule(
        "injury-cause",
        OPINION,
        _re(
            r"\b(?:the |her |his |their )?(?:injury|injuries|bruise|bruises|bruising|mark|marks|burn|burns|fracture)\s+(?:was|were|is|are)\s+"
            r"(?:definitely |certainly |probably |clearly )?(?:non[- ]?accidental|accidental|self[- ]?inflicted|caused by|from (?:a|the|her|his) (?:fall|play))"
        ),
        "The cause of an injury is a medical or investigative conclusion: written as fact, it closes questions that are still open.",
        '"Mum said the bruise was from a fall; the paediatrician\'s opinion is awaited".',
        child_only=False,
        when=_not_attributed,
    ),
]


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
