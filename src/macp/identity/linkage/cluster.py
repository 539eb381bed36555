"""Clustering scored pairs into people, with the safeguards that stop chaining.

Connected components at a threshold chain: twin A's school record links to twin A's GP record, also (a little
less strongly) to twin B's GP record, and the twins become one child. Here edges are taken strongest first and
two groups are joined only when every pair across them could be one person:

- no two different valid NHS numbers in one person;
- no pair a reviewer rejected;
- dates of birth compatible (equal, day and month swapped, a day apart, one digit, the year one out);
- given names compatible (equal, nickname or spelling variant, one typo, a shared token, an initial or short
  form, swapped with the family name) — twins Ella and Ellie, or Harry and Harvey, are not;
- two records of the same source (different source_ids) only where that pair itself scores at least
  `same_source_threshold`: an agency rarely holds one person twice, so the evidence must be direct and strong.

Pairs a reviewer confirmed are joined first, whatever the scores; a confirmation and a rejection that cannot
both hold raise `DecisionConflict`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence

from .names import dates_compatible, given_names_compatible


class DecisionConflict(ValueError):
    """Confirmed pairs join two records that a rejected pair says are different people."""

    def __init__(self, rejected: tuple, joined_by: str = "confirmed pairs"):
        self.rejected = rejected
        super().__init__(f"the rejected pair {rejected[0]} / {rejected[1]} is joined by {joined_by}: "
                         "the decisions contradict each other")


@dataclasses.dataclass
class Node:
    """What the clustering needs to know about one record."""

    key: tuple[str, str]  # (source, source_id)
    nhs: str | None
    given: tuple[str, ...]
    family: str
    dob: str | None
    sex: str | None


@dataclasses.dataclass
class Blocked:
    """A scored pair at or above the auto-link threshold that a safeguard kept apart."""

    a: int
    b: int
    probability: float
    reason: str


def compatible(x: Node, y: Node) -> bool:
    """Could these two records be one person, whatever the model says?"""
    if x.nhs and y.nhs:
        return x.nhs == y.nhs
    return dates_compatible(x.dob, y.dob) and given_names_compatible(x.given, y.given, x.family, y.family,
                                                                      x.sex, y.sex)


class Clusterer:
    def __init__(self, nodes: Sequence[Node], *, pair_probability: Callable[[int, int], float | None],
                 same_source_threshold: float):
        self.nodes = nodes
        self.parent = list(range(len(nodes)))
        self.members: dict[int, list[int]] = {}
        self.nhs: dict[int, str] = {i: n.nhs for i, n in enumerate(nodes) if n.nhs}
        self.cannot: dict[int, set[int]] = {}
        self.pair_probability = pair_probability
        self.same_source_threshold = same_source_threshold

    def find(self, i: int) -> int:
        parent = self.parent
        root = i
        while parent[root] != root:
            root = parent[root]
        while parent[i] != root:
            parent[i], i = root, parent[i]
        return root

    def group(self, root: int) -> list[int]:
        return self.members.get(root) or [root]

    def _union(self, ra: int, rb: int) -> int:
        a, b = self.group(ra), self.group(rb)
        if len(a) < len(b):
            ra, rb, a, b = rb, ra, b, a
        self.parent[rb] = ra
        self.members[ra] = a + b if ra not in self.members else (a.extend(b) or a)
        self.members.pop(rb, None)
        if rb in self.nhs and ra not in self.nhs:
            self.nhs[ra] = self.nhs[rb]
        if rb in self.cannot:
            self.cannot.setdefault(ra, set()).update(self.cannot.pop(rb))
        return ra

    def reject(self, a: int, b: int) -> None:
        self.cannot.setdefault(self.find(a), set()).add(b)
        self.cannot.setdefault(self.find(b), set()).add(a)

    def force(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self._union(ra, rb)

    def why_not(self, ra: int, rb: int) -> str | None:
        """The safeguard that forbids joining the groups rooted at ra and rb, or None."""
        na, nb = self.nhs.get(ra), self.nhs.get(rb)
        if na and nb and na != nb:
            return "different NHS numbers"
        a, b = self.group(ra), self.group(rb)
        ca, cb = self.cannot.get(ra), self.cannot.get(rb)
        if ca and any(y in ca for y in b):
            return "rejected by a reviewer"
        if cb and any(x in cb for x in a):
            return "rejected by a reviewer"
        nodes = self.nodes
        for x in a:
            nx = nodes[x]
            for y in b:
                ny = nodes[y]
                if not compatible(nx, ny):
                    if nx.dob and ny.dob and not dates_compatible(nx.dob, ny.dob):
                        return "dates of birth incompatible"
                    return "given names incompatible"
                if nx.key[0] == ny.key[0] and not (nx.nhs and nx.nhs == ny.nhs):
                    p = self.pair_probability(x, y)
                    if p is None or p < self.same_source_threshold:
                        return "two records of the same source"
        return None

    def run(self, edges: Iterable[tuple[int, int, float]], threshold: float) -> list[Blocked]:
        """Join along edges (strongest first, as given) at or above threshold; return the pairs kept apart."""
        blocked: list[Blocked] = []
        find = self.find
        for a, b, p in edges:
            if p < threshold:
                break
            ra, rb = find(a), find(b)
            if ra == rb:
                continue
            reason = self.why_not(ra, rb)
            if reason is None:
                self._union(ra, rb)
            else:
                blocked.append(Blocked(a, b, p, reason))
        return blocked

    def check_rejections(self, rejected: Iterable[tuple[int, int]]) -> None:
        for a, b in rejected:
            if self.find(a) == self.find(b):
                raise DecisionConflict((self.nodes[a].key, self.nodes[b].key))

    def labels(self) -> list[int]:
        return [self.find(i) for i in range(len(self.nodes))]
