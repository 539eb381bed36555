"""A request for help: as the referrer fills it in through the pages (fill_in), and as an API body (two_children)."""

from macp.referrals.models import Draft

CHILD = {
    "given_name": "Ruby",
    "family_name": "Clarke",
    "date_of_birth-day": "12",
    "date_of_birth-month": "4",
    "date_of_birth-year": "2016",
    "sex": "F",
    "address": "4 Mill Lane",
    "postcode": "SV2 3CD",
    "worries": "Arrives hungry",
    "child_words": "I'm always hungry",
}


def fill_in(client):
    client.post("/requests/new/")
    draft = Draft.objects.get()
    base = f"/requests/draft/{draft.pk}"
    assert (
        client.post(
            f"{base}/referrer/", {"name": "Sam Okafor", "email": "dsl@hillside.invalid", "receiving_agency": "svc-csc"}
        ).status_code
        == 302
    )
    client.post(f"{base}/children/0/", CHILD)
    client.post(
        f"{base}/children/1/",
        {
            **CHILD,
            "given_name": "Leo",
            "date_of_birth-day": "1",
            "date_of_birth-month": "10",
            "date_of_birth-year": "2019",
            "worries": "Not at nursery",
        },
    )
    client.post(
        f"{base}/adults/0/",
        {
            "given_name": "Wayne",
            "family_name": "Price",
            "lives_with_children": "yes",
            "relationship-0": "unknown",
            "relationship-1": "unknown",
        },
    )
    client.post(f"{base}/consent/", {"parents": "yes", "child": "not_applicable"})
    client.post(f"{base}/concerns/", {"concerns": "Possible neglect", "early_help_plan": "no"})
    return draft, base


def two_children(**overrides):
    """Ruby (10) and Leo (7) Clarke, their mother Kerry and Wayne Price, whose relationship is not known."""
    body = {
        "referrer": {"name": "Sam Okafor", "role": "Designated safeguarding lead", "email": "dsl@hillside.invalid"},
        "children": [
            {
                "given_name": "Ruby",
                "family_name": "Clarke",
                "date_of_birth": "2016-04-12",
                "sex": "F",
                "address": "4 Mill Lane",
                "postcode": "SV2 3CD",
                "school": "Hillside Primary",
                "worries": "Arrives hungry; bruise on arm",
                "child_words": "Mum's friend shouts",
            },
            {
                "given_name": "Leo",
                "family_name": "Clarke",
                "date_of_birth": "2019-10-01",
                "sex": "M",
                "address": "4 Mill Lane",
                "postcode": "SV2 3CD",
                "worries": "Not brought to nursery for two weeks",
            },
        ],
        "adults": [
            {
                "given_name": "Kerry",
                "family_name": "Clarke",
                "lives_with_children": True,
                "relationships": {"0": "parent", "1": "parent"},
            },
            {
                "given_name": "Wayne",
                "family_name": "Price",
                "lives_with_children": True,
                "relationships": {"0": "unknown", "1": "unknown"},
            },
        ],
        "concerns": "Possible neglect and an adult shouting at the children",
        "consent": {"parents": "yes"},
    }
    body.update(overrides)
    return body
