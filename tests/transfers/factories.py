"""API request bodies for the transfers tests."""


def propose_body(
    family, to="north-council", kind="child_protection", reason="Family moved to Northshire on 20 November"
):
    return {"child": str(family.child.pk), "to_local_authority": to, "kind": kind, "reason": reason}
