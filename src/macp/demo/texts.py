"""Short, plausible event summaries and practitioner names for the demo region (all invented)."""

SOCIAL_WORKERS = (
    "Priya Shah",
    "Ben Hartley",
    "Olu Adebayo",
    "Claire Whitfield",
    "Naomi Fraser",
    "Gareth Lewis",
    "Hannah Kowalczyk",
    "Imran Siddiqui",
    "Lucy Brennan",
    "Kate Morrison",
    "Femi Ogunbiyi",
    "Rhiannon Pugh",
    "Joe Castellano",
    "Sadia Mirza",
)
HEALTH_VISITORS = ("Jo Tanner", "Bernadette Quill", "Amrit Sahota", "Louise Penrose", "Grace Mutasa", "Wendy Allard")
MIDWIVES = ("Sophie Carrington", "Mariam Dar", "Fiona McAllister", "Tessa Nwachukwu", "Ruth Ingham")
PROBATION_OFFICERS = ("Colin Ashworth", "Jasmine Kaur Bhatti", "Steve Doherty", "Anna Lisowska")
IDVAS = ("Lorraine Hext", "Nadia Begum", "Kim Sutherland")

# Each entry: (agency kind, summary). {child}, {adult}, {mother}, {school} are filled in.
REFERRAL_NFA = (
    (
        "school",
        "Referral from {school}: {child} said there is 'lots of shouting at home'. Threshold not met; "
        "advice to school, signposted to early help.",
    ),
    (
        "police",
        "Police notification after a verbal argument at the address; children asleep upstairs. "
        "No further action by children's services; information shared with school.",
    ),
    (
        "health",
        "Health visitor concern about {mother}'s low mood after the birth. Threshold not met; GP and "
        "perinatal mental health advised.",
    ),
    (
        "school",
        "Referral about {child}'s attendance (82%) and tiredness. No further action; school to use "
        "attendance support plan.",
    ),
    (
        "anon",
        "Anonymous call about children left alone at the address. Welfare check by duty worker found an "
        "adult present. No further action.",
    ),
    (
        "housing",
        "Housing officer reported damp and overcrowding. Referred to housing options; no further "
        "action by children's services.",
    ),
)
WAS_NOT_BROUGHT = {
    "gp": (
        "{child} not brought to 12-month immunisations; second letter sent.",
        "{child} not brought to GP appointment for recurring chest infection.",
        "{child} not brought to pre-school booster appointment (third invitation).",
    ),
    "community_health": (
        "{child} not brought to 2-year developmental review; health visitor left a card.",
        "{child} not brought to 9-12 month review; no response to phone calls.",
        "{child} not brought to hearing screening follow-up.",
    ),
    "acute_trust": (
        "{child} not brought to paediatric outpatient appointment (weight faltering).",
        "{child} not brought to fracture clinic follow-up.",
        "{child} not brought to community paediatrician appointment for ADHD assessment.",
    ),
}
DOMESTIC_ABUSE = (
    "Police called by neighbour to shouting at the address. {adult} had left before officers arrived; {mother} "
    "had a red mark to her cheek. Children present. DASH risk: {risk}.",
    "999 call from {mother}: {adult} damaged the front door and threatened her. Arrested for criminal damage. "
    "Children present. DASH risk: {risk}.",
    "{mother} reported {adult} taking her phone and bank card and stopping her seeing family. DASH risk: {risk}.",
    "Verbal argument reported by {child}'s older friend; officers attended, both adults denied any assault. "
    "DASH risk: {risk}.",
    "{adult} breached a non-molestation order by attending the address at night. Children woken. DASH risk: {risk}.",
)
HOME_CONDITIONS = {
    "community_health": (
        "Home visit: kitchen heavily cluttered, dog faeces on floor, no safe sleeping space for "
        "the baby. Advice given; follow-up visit booked.",
        "Home cold (no gas credit), little food in the house. Food bank voucher given.",
    ),
    "housing": (
        "Tenancy visit: strong smell of cannabis, broken windows boarded, rubbish in garden.",
        "Inspection after report of leak: bedroom ceiling collapsed, children sharing one mattress.",
    ),
    "police": ("Welfare check: home in very poor condition, empty alcohol bottles and no food for the children.",),
    "school": ("{child} repeatedly arrives hungry and in unwashed uniform; says there is no hot water at home.",),
}
SCHOOL_EXCLUSION = (
    "{child} suspended for 3 days after assaulting another pupil at lunchtime.",
    "{child} suspended for 5 days for bringing a knife to school (found in bag).",
    "{child} suspended for 2 days for persistent defiance and leaving lessons.",
)
PERMANENT_EXCLUSION = (
    "{child} permanently excluded after repeated assaults on staff; place arranged at alternative provision."
)
MISSING = (
    "{child} reported missing by family after not returning from school; found next day at a friend's address "
    "in another town. Return home interview offered.",
    "{child} missing overnight; found by officers at a railway station with an older male. Exploitation screening "
    "completed.",
    "{child} missing for 6 hours after an argument at home; returned of own accord.",
)
INJURY = {
    "school": (
        "Bruise to {child}'s left cheek noticed by class teacher; {child} said they fell off a scooter.",
        "{child} has finger-tip bruising to upper arm; said 'my dad grabbed me'. DSL informed.",
        "{child} came to school with a burn to the back of the hand; explanation unclear.",
    ),
    "gp": ("{child} seen with bruising to the shin; explanation (trampoline fall) consistent with injury.",),
    "acute_trust": (
        "Bruise to the face of {child}, not yet mobile. Skeletal survey and CP medical arranged.",
        "{child} seen with a spiral fracture of the forearm; delayed presentation of 2 days.",
    ),
}
HOSPITAL_ATTENDANCE = {
    "child": (
        "{child} attended ED with a scald to the chest from a kettle; explanation consistent.",
        "{child} attended ED after swallowing a parent's medication; observed overnight.",
        "{child} attended ED intoxicated (alcohol), brought in by ambulance from a park.",
    ),
    "adult": (
        "{adult} attended ED after an overdose of paracetamol; seen by liaison psychiatry.",
        "{adult} attended ED with facial injuries, said she had fallen; domestic abuse screening declined.",
        "{adult} attended ED intoxicated; children reported to be with a neighbour.",
    ),
}
PREGNANCY_BOOKED = (
    "Pregnancy booked at {weeks} weeks. {mother} reports no concerns; routine enquiry about domestic abuse made alone.",
    "Late booking at {weeks} weeks. {mother} disclosed previous involvement with children's services.",
    "Booked at {weeks} weeks. Father of the baby not known to midwife; {mother} declined to give details.",
)
BIRTH = (
    "{child} born at {gestation} weeks, {weight} kg. Discharged home on day 2.",
    "{child} born by emergency caesarean at {gestation} weeks, {weight} kg. Neonatal unit for 3 days.",
)
ARREST = (
    "{child} arrested for possession of cannabis with intent to supply; released under investigation.",
    "{child} arrested for robbery of a mobile phone; referred to youth justice.",
)
