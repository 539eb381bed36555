"""Reference data of the synthetic demo region: three fictional councils, their agencies and teams, demo users.

Every name and code here is invented; emails are at `.invalid` domains so nothing can ever be sent to a real
mailbox. Functions are idempotent: they look up by code (or username) and create only what is missing.
"""

import dataclasses
import functools

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction

from macp.accounts.models import Agency, AgencyType, LocalAuthority, Role, Team, User, UserRole
from macp.accounts.services import create_user

T = AgencyType


@dataclasses.dataclass(frozen=True)
class Council:
    code: str
    name: str
    domain: str
    postcode_area: str
    towns: tuple[str, ...]
    area_teams: tuple[tuple[str, str], ...]


COUNCILS = (
    Council(
        "svc",
        "Severn Vale Council",
        "severnvale-council",
        "SV",
        ("Severnbridge", "Ashcombe", "Wyckley"),
        (("area-north", "Area Team North"), ("area-south", "Area Team South")),
    ),
    Council(
        "kbc",
        "Kingsmoor Borough Council",
        "kingsmoor-borough",
        "KM",
        ("Kingsmoor", "Brackenford", "Moorcastle"),
        (("area-east", "Kingsmoor East Team"), ("area-west", "Kingsmoor West Team")),
    ),
    Council(
        "adc",
        "Avonmere District Council",
        "avonmere-district",
        "AD",
        ("Avonmere", "Elmsworth", "Lydford Cross"),
        (("area-central", "Avonmere Central Team"), ("area-rural", "Rural Communities Team")),
    ),
)
COUNCIL_BY_CODE = {c.code: c for c in COUNCILS}


@dataclasses.dataclass(frozen=True)
class AgencySpec:
    code: str
    name: str
    type: str
    la: str | None
    email: str
    teams: tuple[tuple[str, str], ...] = ()
    # Which councils' residents this agency serves (for catchments); defaults to its own council, or all.
    serves: tuple[str, ...] = ()
    phase: str = ""  # schools: "primary" or "secondary"

    @property
    def catchment(self) -> tuple[str, ...]:
        if self.serves:
            return self.serves
        return (self.la,) if self.la else tuple(c.code for c in COUNCILS)


def _csc(council: Council) -> AgencySpec:
    teams = (
        (("front-door", "Front Door (MASH)"),)
        + council.area_teams
        + (
            ("child-protection", "Child Protection and Review"),
            ("quality-assurance", "Quality Assurance and Performance"),
        )
    )
    return AgencySpec(
        f"{council.code}-csc",
        f"{council.name} Children's Services",
        T.CHILDRENS_SOCIAL_CARE,
        council.code,
        f"frontdoor@{council.domain}.invalid",
        teams,
    )


ALL = ("svc", "kbc", "adc")

AGENCIES: tuple[AgencySpec, ...] = (
    *(_csc(c) for c in COUNCILS),
    AgencySpec(
        "edt-tri-council",
        "Tri-Council Emergency Duty Team",
        T.EDT,
        None,
        "edt@tri-council-edt.invalid",
        (("out-of-hours", "Out of Hours"),),
    ),
    AgencySpec(
        "police-wessex-vale",
        "Wessex Vale Constabulary",
        T.POLICE,
        None,
        "public.protection@wessexvale-police.invalid",
        (
            ("cait", "Child Abuse Investigation Team"),
            ("mash-desk", "Police MASH Desk"),
            ("domestic-abuse", "Domestic Abuse Investigation Unit"),
            ("missing", "Missing and Exploitation Team"),
        ),
    ),
    AgencySpec(
        "acute-severn-vale",
        "Severn Vale Hospitals NHS Foundation Trust",
        T.ACUTE_TRUST,
        None,
        "safeguarding@severnvale-hospitals.nhs.invalid",
        (("ed", "Emergency Department"), ("paediatrics", "Paediatrics"), ("safeguarding", "Safeguarding Team")),
        serves=("svc", "kbc"),
    ),
    AgencySpec(
        "acute-avonmere",
        "Avonmere and Downs Hospitals NHS Trust",
        T.ACUTE_TRUST,
        None,
        "safeguarding@avonmere-downs.nhs.invalid",
        (("ed", "Emergency Department"), ("paediatrics", "Paediatrics"), ("safeguarding", "Safeguarding Team")),
        serves=("adc",),
    ),
    AgencySpec(
        "midwifery-severn-vale",
        "Severn Vale Maternity Service",
        T.MIDWIFERY,
        None,
        "maternity.safeguarding@severnvale-hospitals.nhs.invalid",
        (("community-midwives", "Community Midwives"), ("vulnerable-women", "Vulnerable Women's Midwifery Team")),
        serves=("svc", "kbc"),
    ),
    AgencySpec(
        "midwifery-avonmere",
        "Avonmere and Downs Maternity Service",
        T.MIDWIFERY,
        None,
        "maternity.safeguarding@avonmere-downs.nhs.invalid",
        (("community-midwives", "Community Midwives"),),
        serves=("adc",),
    ),
    AgencySpec(
        "chp-wessex-vale",
        "Wessex Vale Community Health CIC",
        T.COMMUNITY_HEALTH,
        None,
        "0-19.safeguarding@wessexvale-community.nhs.invalid",
        (
            ("health-visiting", "Health Visiting"),
            ("school-nursing", "School Nursing"),
            ("family-nurse-partnership", "Family Nurse Partnership"),
        ),
    ),
    # GP practices: three in each of the two larger councils, two in Avonmere.
    AgencySpec(
        "gp-svc-001", "Severnbridge Quayside Surgery", T.GP_PRACTICE, "svc", "gp-svc-001.safeguarding@nhsmail.invalid"
    ),
    AgencySpec(
        "gp-svc-002", "Ashcombe Road Medical Practice", T.GP_PRACTICE, "svc", "gp-svc-002.safeguarding@nhsmail.invalid"
    ),
    AgencySpec(
        "gp-svc-003", "Wyckley Green Health Centre", T.GP_PRACTICE, "svc", "gp-svc-003.safeguarding@nhsmail.invalid"
    ),
    AgencySpec(
        "gp-kbc-001", "Kingsmoor Market Street Surgery", T.GP_PRACTICE, "kbc", "gp-kbc-001.safeguarding@nhsmail.invalid"
    ),
    AgencySpec(
        "gp-kbc-002", "Brackenford Family Practice", T.GP_PRACTICE, "kbc", "gp-kbc-002.safeguarding@nhsmail.invalid"
    ),
    AgencySpec(
        "gp-kbc-003", "Moorcastle Lane Medical Centre", T.GP_PRACTICE, "kbc", "gp-kbc-003.safeguarding@nhsmail.invalid"
    ),
    AgencySpec(
        "gp-adc-001", "Avonmere Bridge Street Surgery", T.GP_PRACTICE, "adc", "gp-adc-001.safeguarding@nhsmail.invalid"
    ),
    AgencySpec(
        "gp-adc-002",
        "Elmsworth and Lydford Cross Practice",
        T.GP_PRACTICE,
        "adc",
        "gp-adc-002.safeguarding@nhsmail.invalid",
    ),
    # Schools: three primaries and one secondary in each council.
    AgencySpec(
        "school-svc-001",
        "Ashcombe Primary School",
        T.SCHOOL,
        "svc",
        "dsl@ashcombe-primary.sch.invalid",
        phase="primary",
    ),
    AgencySpec(
        "school-svc-002",
        "Severnbridge St Anne's CE Primary School",
        T.SCHOOL,
        "svc",
        "dsl@st-annes-severnbridge.sch.invalid",
        phase="primary",
    ),
    AgencySpec(
        "school-svc-003",
        "Wyckley Green Primary School",
        T.SCHOOL,
        "svc",
        "dsl@wyckley-green.sch.invalid",
        phase="primary",
    ),
    AgencySpec(
        "school-svc-004",
        "Severn Vale Academy",
        T.SCHOOL,
        "svc",
        "dsl@severnvale-academy.sch.invalid",
        phase="secondary",
    ),
    AgencySpec(
        "school-kbc-001",
        "Brackenford Primary School",
        T.SCHOOL,
        "kbc",
        "dsl@brackenford-primary.sch.invalid",
        phase="primary",
    ),
    AgencySpec(
        "school-kbc-002",
        "Kingsmoor St Joseph's Catholic Primary School",
        T.SCHOOL,
        "kbc",
        "dsl@st-josephs-kingsmoor.sch.invalid",
        phase="primary",
    ),
    AgencySpec(
        "school-kbc-003",
        "Moorcastle Junior and Infant School",
        T.SCHOOL,
        "kbc",
        "dsl@moorcastle-jis.sch.invalid",
        phase="primary",
    ),
    AgencySpec(
        "school-kbc-004", "Kingsmoor High School", T.SCHOOL, "kbc", "dsl@kingsmoor-high.sch.invalid", phase="secondary"
    ),
    AgencySpec(
        "school-adc-001",
        "Elmsworth Primary School",
        T.SCHOOL,
        "adc",
        "dsl@elmsworth-primary.sch.invalid",
        phase="primary",
    ),
    AgencySpec(
        "school-adc-002",
        "Lydford Cross Primary School",
        T.SCHOOL,
        "adc",
        "dsl@lydford-cross.sch.invalid",
        phase="primary",
    ),
    AgencySpec(
        "school-adc-003",
        "Avonmere Park Primary School",
        T.SCHOOL,
        "adc",
        "dsl@avonmere-park.sch.invalid",
        phase="primary",
    ),
    AgencySpec(
        "school-adc-004", "Avonmere School", T.SCHOOL, "adc", "dsl@avonmere-school.sch.invalid", phase="secondary"
    ),
    AgencySpec(
        "nursery-svc-001", "Ashcombe Little Acorns Day Nursery", T.NURSERY, "svc", "manager@ashcombe-acorns.invalid"
    ),
    AgencySpec(
        "nursery-kbc-001",
        "Kingsmoor Rainbow Children's Centre Nursery",
        T.NURSERY,
        "kbc",
        "manager@kingsmoor-rainbow.invalid",
    ),
    AgencySpec("nursery-adc-001", "Elmsworth Meadow Pre-school", T.NURSERY, "adc", "manager@elmsworth-meadow.invalid"),
    AgencySpec(
        "college-svc-001",
        "Severn Vale College",
        T.COLLEGE,
        "svc",
        "safeguarding@severnvale-college.ac.invalid",
        serves=("svc", "kbc"),
    ),
    AgencySpec(
        "college-adc-001", "Avonmere Sixth Form College", T.COLLEGE, "adc", "safeguarding@avonmere-sfc.ac.invalid"
    ),
    AgencySpec(
        "ap-wessex-vale",
        "Wessex Vale Learning Centre (alternative provision)",
        T.ALTERNATIVE_PROVISION,
        None,
        "dsl@wessexvale-learning.sch.invalid",
    ),
    AgencySpec(
        "probation-wessex-vale",
        "Probation Service, Wessex Vale",
        T.PROBATION,
        None,
        "wessexvale.probation@justice.invalid",
        (("public-protection", "Public Protection Unit"),),
    ),
    AgencySpec(
        "housing-svc", "Severn Vale Council Housing Services", T.HOUSING, "svc", "housing@severnvale-council.invalid"
    ),
    AgencySpec("housing-kbc", "Kingsmoor Homes", T.HOUSING, "kbc", "tenancy@kingsmoor-homes.invalid"),
    AgencySpec("housing-adc", "Avonmere District Housing", T.HOUSING, "adc", "housing@avonmere-district.invalid"),
    AgencySpec(
        "idva-wessex-vale",
        "Wessex Vale Domestic Abuse Service (IDVA)",
        T.DOMESTIC_ABUSE_SERVICE,
        None,
        "idva@wessexvale-das.invalid",
    ),
    AgencySpec(
        "yjs-svc", "Severn Vale Youth Justice Service", T.YOUTH_JUSTICE, "svc", "yjs@severnvale-council.invalid"
    ),
    AgencySpec("yjs-kbc", "Kingsmoor Youth Justice Service", T.YOUTH_JUSTICE, "kbc", "yjs@kingsmoor-borough.invalid"),
    AgencySpec("yjs-adc", "Avonmere Youth Justice Service", T.YOUTH_JUSTICE, "adc", "yjs@avonmere-district.invalid"),
    AgencySpec(
        "dap-wessex-vale",
        "Wessex Vale Drug and Alcohol Recovery Service",
        T.DRUG_ALCOHOL,
        None,
        "referrals@wessexvale-recovery.invalid",
    ),
    AgencySpec(
        "amh-wessex-vale",
        "Wessex Vale Adult Community Mental Health",
        T.ADULT_MENTAL_HEALTH,
        None,
        "cmht.safeguarding@wessexvale-mh.nhs.invalid",
    ),
    AgencySpec("camhs-wessex-vale", "Wessex Vale CAMHS", T.CAMHS, None, "camhs.safeguarding@wessexvale-mh.nhs.invalid"),
    AgencySpec(
        "vol-kingfisher", "Kingfisher Family Support (voluntary)", T.VOLUNTARY, None, "hello@kingfisher-family.invalid"
    ),
)
AGENCY_BY_CODE = {a.code: a for a in AGENCIES}


@functools.cache
def agencies_of(type_: str, la: str | None = None, phase: str = "") -> tuple[AgencySpec, ...]:
    """Agencies of a type serving a council, in catalogue order (fixed, so choices from it are deterministic)."""
    return tuple(
        a for a in AGENCIES if a.type == type_ and (la is None or la in a.catchment) and (not phase or a.phase == phase)
    )


@dataclasses.dataclass(frozen=True)
class DemoUser:
    role: str
    first_name: str
    last_name: str
    agency: str | None
    team: str | None
    job_title: str

    @property
    def username(self) -> str:
        return self.role.replace("_", "-")


# One user per role. The first council (Severn Vale) is the "home" council of the demo.
DEMO_USERS = (
    DemoUser(Role.REFERRER, "Rachel", "Donnelly", "school-svc-001", None, "Designated safeguarding lead"),
    DemoUser(Role.FRONT_DOOR_PRACTITIONER, "Daniel", "Okafor", "svc-csc", "front-door", "MASH social worker"),
    DemoUser(Role.FRONT_DOOR_MANAGER, "Helen", "Marsh", "svc-csc", "front-door", "MASH team manager"),
    DemoUser(Role.TEAM_MANAGER, "Sanjay", "Mistry", "svc-csc", "area-north", "Team manager, Area Team North"),
    DemoUser(
        Role.STRATEGY_COORDINATOR, "Kerry", "Bishop", "svc-csc", "child-protection", "Strategy discussion coordinator"
    ),
    DemoUser(Role.CHAIR, "Gillian", "Forbes", "svc-csc", "child-protection", "Child protection chair"),
    DemoUser(Role.MINUTE_TAKER, "Tom", "Reilly", "svc-csc", "child-protection", "Business support officer (minutes)"),
    DemoUser(Role.PARTNER_ATTENDEE, "Aisha", "Rahman", "gp-svc-001", None, "GP, practice safeguarding lead"),
    DemoUser(Role.SOCIAL_WORKER, "Ellie", "Chambers", "svc-csc", "area-north", "Social worker"),
    DemoUser(Role.POLICE_INVESTIGATOR, "Mark", "Jennings", "police-wessex-vale", "cait", "Detective constable, CAIT"),
    DemoUser(Role.EDT_WORKER, "Joanne", "Pryce", "edt-tri-council", "out-of-hours", "EDT social worker"),
    DemoUser(Role.PARTNERSHIP_ANALYST, "Priya", "Nair", "svc-csc", "quality-assurance", "Partnership business analyst"),
    DemoUser(Role.DPO, "Martin", "Hale", "svc-csc", "quality-assurance", "Data protection officer"),
    DemoUser(Role.SYSTEM_ADMIN, "Sam", "Lowe", None, None, "System administrator"),
)
DEMO_USER_BY_ROLE = {u.role: u for u in DEMO_USERS}
HOME_CSC = "svc-csc"


@transaction.atomic
def ensure_reference_data() -> dict[str, int]:
    """Create the councils, agencies and teams that are missing. Returns how many of each were created."""
    created = {"local_authorities": 0, "agencies": 0, "teams": 0}
    councils = {}
    for council in COUNCILS:
        la, made = LocalAuthority.objects.get_or_create(code=council.code, defaults={"name": council.name})
        councils[council.code] = la
        created["local_authorities"] += made
    for spec in AGENCIES:
        agency, made = Agency.objects.get_or_create(
            code=spec.code,
            defaults={
                "name": spec.name,
                "type": spec.type,
                "local_authority": councils.get(spec.la),
                "email": spec.email,
            },
        )
        created["agencies"] += made
        for code, name in spec.teams:
            _, made = Team.objects.get_or_create(agency=agency, code=code, defaults={"name": name})
            created["teams"] += made
    return created


def ensure_demo_users(password: str | None = None) -> dict[str, int]:
    """One sign-in per role. Existing users are kept as they are, but get their role back if it was removed."""
    password = password or settings.DEMO_PASSWORD
    encoded = None
    created = 0
    for spec in DEMO_USERS:
        existing = User.objects.filter(username__iexact=spec.username).first()
        if existing:
            UserRole.objects.get_or_create(user=existing, role=spec.role)
            continue
        # The password is published and the same for everyone, so hash it once (a hash takes ~0.4 s) and share it.
        encoded = encoded or make_password(password)
        team = Team.objects.get(agency__code=spec.agency, code=spec.team) if spec.team else None
        with transaction.atomic():
            user = create_user(
                spec.username,
                [spec.role],
                spec.agency,
                password=None,
                team=team,
                first_name=spec.first_name,
                last_name=spec.last_name,
                job_title=spec.job_title,
                email=f"{spec.first_name}.{spec.last_name}@{_email_domain(spec.agency)}".lower(),
            )
            user.password = encoded
            user.save(update_fields=["password"])
        created += 1
    return {"users": created}


def _email_domain(agency_code: str | None) -> str:
    if agency_code is None:
        return "macp-demo.invalid"
    return AGENCY_BY_CODE[agency_code].email.split("@", 1)[1]
