"""The first version of each tool and of the continuum of need, as data (loaded by migration 0002).

Domain lists: the ROTH tool's ten domains are those seed 004 lists. Seed 004's list of the Neglect Toolkit's six
domains is cut off; the six here follow the published neglect toolkits of the same family (seed 004: "drawn on …
toolkits from Salford and Somerset"), see docs/decisions/0011-practice-tools.md. Every descriptor and every line of
guidance is our own wording, not the partnership's.

Migration 0002 loads version 1 from here: never edit a shipped version; add the next version as a new entry and
load it with a new migration (completions keep the version they were scored on).
"""

NEGLECT_SCALE = [
    {"value": 1, "label": "All needs unmet"},
    {"value": 2, "label": "Many needs unmet"},
    {"value": 3, "label": "Some needs met"},
    {"value": 4, "label": "All needs met"},
]


def _neglect(code, title, guidance, unmet, many, some, met):
    return {
        "code": code,
        "title": title,
        "guidance": guidance,
        "descriptors": {"1": unmet, "2": many, "3": some, "4": met},
    }


NEGLECT = {
    "code": "neglect",
    "version": 1,
    "title": "Neglect Toolkit",
    "summary": "Helps any practitioner see how well a child's needs are met in six areas of care, even when worries are low, "
    "and plan for change. Score what the child experiences, not what the parent intends.",
    "source": "South Gloucestershire Children's Partnership Neglect Toolkit 2025 (seed 004): six domains, four-point scale",
    "scale": NEGLECT_SCALE,
    "overall": "lowest_domain",
    "bands": [
        {"code": "all_unmet", "label": "All needs unmet", "min": 1, "max": 1},
        {"code": "many_unmet", "label": "Many needs unmet", "min": 2, "max": 2},
        {"code": "some_met", "label": "Some needs met", "min": 3, "max": 3},
        {"code": "all_met", "label": "All needs met", "min": 4, "max": 4},
    ],
    "domains": [
        _neglect(
            "physical_care",
            "Physical care",
            "Food, clothing, hygiene and sleep: is the child fed, clean, warm and rested in a way that fits their age?",
            "The child is often hungry, unwashed or dressed for the wrong weather, and nobody acts on it.",
            "Meals, washing or clean clothes happen sometimes; the child goes without for days at a time.",
            "Basic care is usually given but slips when the family is under pressure.",
            "The child is fed, clean, clothed for the weather and has a regular bedtime.",
        ),
        _neglect(
            "health",
            "Health",
            "Appointments, immunisations, dental care, medication, and noticing when the child is unwell.",
            "Illness or injury goes untreated; the child is not brought to appointments and medication is not given.",
            "Several appointments are missed; treatment starts late or is not followed through.",
            "Most health needs are met, with some reminders from professionals.",
            "The child is registered, brought to appointments, and treated promptly when unwell.",
        ),
        _neglect(
            "safety_supervision",
            "Safety and supervision",
            "Is there a safe adult who knows where the child is and keeps hazards away, inside and outside the home?",
            "The child is left alone or with unsafe people; dangers in the home are not dealt with.",
            "Supervision is patchy; the child is often out late or with adults the parents do not know.",
            "Supervision is mostly right for the child's age, with some gaps.",
            "An adult always knows where the child is, and the home and outings are made safe.",
        ),
        _neglect(
            "emotional_care",
            "Emotional care",
            "Warmth, comfort, praise and a steady relationship with a carer who notices the child's feelings.",
            "The child is ignored, rejected or frightened; their distress is not comforted.",
            "Warmth is rare or unpredictable; the child seeks comfort from strangers or not at all.",
            "The carer is warm at times but struggles to respond when stressed.",
            "The child is comforted, praised and has a secure, warm relationship with their carer.",
        ),
        _neglect(
            "stimulation_education",
            "Stimulation and education",
            "Play, talking, books, nursery or school attendance, and interest in what the child learns.",
            "The child has no play or conversation at home and is kept from nursery or school.",
            "Attendance is poor and the child has little play, talk or help with learning.",
            "The child goes to school or nursery most days; encouragement at home is uneven.",
            "The child attends, plays and talks at home, and their learning is encouraged.",
        ),
        _neglect(
            "home_environment",
            "Home environment",
            "Housing, heating, hygiene, a bed of their own, and money spent on the child's needs first.",
            "The home is unsafe or unhygienic for the child; there is no bed, heating or working kitchen.",
            "Conditions are poor for long stretches; basic items for the child are missing.",
            "The home is adequate, with some problems that are being put right.",
            "The home is safe, clean enough, warm, and the child has their own bed.",
        ),
    ],
}

ROTH_SCALE = [{"value": v, "label": str(v)} for v in range(11)]


def _roth(code, title, guidance, high, low):
    return {"code": code, "title": title, "guidance": guidance, "descriptors": {"0": high, "10": low}}


ROTH = {
    "code": "roth",
    "version": 1,
    "title": "Risk Outside The Home (ROTH) Tool",
    "summary": "Structures what is known about a child's risk of exploitation, serious youth violence or trafficking outside "
    "the home. 0 means evidence of significant and immediate risk; 10 means no evidence of any risk. Be specific "
    "about places, people, vehicles and websites, and balance worries with strengths.",
    "source": "South Gloucestershire ROTH Tool (seed 004): ten domains scored 0-10; overall low 8-10, medium 4-7, high 0-3",
    "scale": ROTH_SCALE,
    "overall": "professional_judgement",
    "bands": [
        {"code": "high", "label": "High risk", "min": 0, "max": 3},
        {"code": "medium", "label": "Medium risk", "min": 4, "max": 7},
        {"code": "low", "label": "Low risk", "min": 8, "max": 10},
    ],
    "domains": [
        _roth(
            "education",
            "Education, Training and Employment",
            "Attendance, exclusions, part-time timetables, changes of school or college, and who the child spends the school day with.",
            "Not in any education or work; missing from school for long periods with no one knowing where.",
            "Attending and engaged; no unexplained absence.",
        ),
        _roth(
            "health",
            "Health",
            "Injuries, sexual health, emotional wellbeing, self-harm, and missed health appointments.",
            "Unexplained injuries, sexual health concerns or serious self-harm linked to harm outside the home.",
            "No health worries linked to harm outside the home.",
        ),
        _roth(
            "accommodation",
            "Accommodation",
            "Where the child sleeps, changes of placement or address, staying at addresses of adults not known to the family.",
            "Staying at unknown addresses or with adults who may exploit them.",
            "Settled at home or in placement.",
        ),
        _roth(
            "missing",
            "Going Missing",
            "How often, how long, where found, who with, and what the child says in return-home conversations.",
            "Frequent or long missing episodes, found far from home or with adults of concern.",
            "Never missing; comes home when expected.",
        ),
        _roth(
            "peers_adults",
            "Peer Relationships and Abusive Adults",
            "Who the child spends time with, older peers or adults, controlling 'relationships', and changes of friendship group.",
            "In contact with adults or older peers known or suspected to exploit or abuse children.",
            "Friendships are with peers who keep them safe.",
        ),
        _roth(
            "online",
            "Social Media and Technology",
            "Phones, accounts, messages from unknown people, image sharing, and online grooming.",
            "Being groomed or coerced online; sexual images shared; several phones.",
            "Online life is known to carers and safe.",
        ),
        _roth(
            "places",
            "Places and Spaces",
            "Parks, shops, flats, transport hubs, cars: name them, with addresses and registrations.",
            "Regularly at places known for exploitation or violence.",
            "No links to places of concern.",
        ),
        _roth(
            "substances",
            "Drug and Alcohol Use",
            "Use of drugs or alcohol, who supplies them, debt, and being asked to hold or carry.",
            "Drugs or alcohol supplied by adults, or debt used to control the child.",
            "No drug or alcohol use of concern.",
        ),
        _roth(
            "items_rewards",
            "Unexplained Items and Rewards",
            "New clothes, phones, money, travel, food or gifts that the family cannot explain.",
            "Unexplained money, phones or gifts, consistent with grooming or payment.",
            "Nothing unexplained.",
        ),
        _roth(
            "violence_offending",
            "Serious Youth Violence and Offending Behaviour",
            "Weapons, injuries from violence, arrests, and being a victim or witness of violence; see exploitation behind offending.",
            "Carrying weapons, victim of serious violence, or arrested in circumstances suggesting exploitation.",
            "No involvement in violence or offending.",
        ),
    ],
}

TOOLS = [NEGLECT, ROTH]

CONTINUUM = {
    "version": 1,
    "title": "The right help at the right time: continuum of need",
    "source": "South Gloucestershire threshold document (seed 004); Bristol CSPR recommendation c) (seed 000); Families First "
    "Partnership (Family Help) reform, 2026",
    "levels": [
        {
            "code": "universal",
            "title": "Universal",
            "order": 1,
            "summary": "The child's needs are met by their family and the services every child uses.",
            "response": "Universal services (school, GP, health visitor) keep supporting the family; no referral to children's social care.",
            "indicators": [
                ("u-health-met", "Health needs met; appointments attended"),
                ("u-education-ok", "Attending school or nursery and making progress"),
                ("u-home-stable", "Stable home and warm, consistent care"),
                ("u-short-worry", "A short-lived worry the family is already dealing with"),
            ],
        },
        {
            "code": "family_help",
            "title": "Family Help",
            "order": 2,
            "summary": "The child has additional or complex needs that need coordinated help, with the family's agreement "
            "(early help and children in need under section 17).",
            "response": "A Family Help lead worker and plan; a child and family assessment where needs are complex.",
            "indicators": [
                ("f-attendance", "Persistent absence from school or repeated missed health appointments"),
                ("f-home-conditions", "Poor home conditions or hygiene that the family cannot put right alone"),
                ("f-parent-difficulty", "Parental mental ill-health, substance use or learning needs affecting care"),
                ("f-da-low", "Domestic abuse assessed as standard or medium risk"),
                ("f-young-carer", "A young carer, or a child with a disability needing extra support"),
                ("f-neglect-early", "Early signs of neglect in one or two domains"),
                ("f-roth-early", "Early signs of risk outside the home (new older peers, missing for short periods)"),
            ],
        },
        {
            "code": "child_protection",
            "title": "Child protection",
            "order": 3,
            "summary": "There is reasonable cause to suspect the child is suffering, or likely to suffer, significant harm "
            "(section 47 Children Act 1989).",
            "response": "A strategy discussion the same day; section 47 enquiries; immediate safety planning.",
            "indicators": [
                (
                    "c-injury-unexplained",
                    "An injury without a consistent explanation, or any injury to a non-mobile baby",
                ),
                ("c-disclosure", "A child's disclosure of abuse"),
                ("c-sexual-abuse", "Sexual abuse or sexual exploitation suspected"),
                ("c-da-high", "High-risk domestic abuse, or violence the child witnesses or is caught up in"),
                ("c-neglect-severe", "Neglect causing or likely to cause significant harm"),
                ("c-exploitation", "Criminal exploitation, trafficking or serious youth violence"),
                ("c-unsafe-adult", "An adult who poses a risk to children living in or visiting the household"),
            ],
        },
    ],
}
