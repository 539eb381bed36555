"""API request bodies for the escalations tests."""


def raise_body(family, dispute, **overrides):
    body = {
        "about": {"kind": "strategy_discussion", "id": str(dispute.discussion.pk)},
        "child": str(family.child.pk),
        "raised_by_agency": "test-hospital",
        "concern": "We disagree with no section 47: the injury pattern needs a CP medical",
        "child_safe_now": "unsure",
    }
    body.update(overrides)
    return body
