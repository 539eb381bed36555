import uuid


def is_uuid(value) -> bool:
    """Whether a person id as typed or sent could be one (ids are UUIDs)."""
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True
