"""A problem with input: where it is (loc) and what is wrong (msg), the shape of CONTRACTS.md §2 errors."""

import dataclasses


@dataclasses.dataclass
class Problem:
    loc: list
    msg: str

    def as_dict(self) -> dict:
        return {"loc": [str(part) for part in self.loc], "msg": self.msg}


class InvalidInput(ValueError):
    """Raised with every problem found, so the caller can show them all at once."""

    def __init__(self, detail: str, problems: list[Problem], status: int = 422):
        super().__init__(detail)
        self.detail, self.problems, self.status = detail, problems, status


def refuse_if(problems: list[Problem], detail: str, *, conflict: bool = False) -> None:
    """After a service's check: raise InvalidInput with every problem found, if there is any; 409 when the record's
    state is in the way (`conflict`), else 422. The one way a service refuses (decision 0019: check, then do)."""
    if problems:
        raise InvalidInput(detail, problems, status=409 if conflict else 422)
