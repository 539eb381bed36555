"""Clustering scored pairs into people, with the safeguards that stop chaining.

Connected components at a threshold chain: twin A's school record links to twin A's GP record, also (a little
less strongly) to twin B's GP record, and the twins become one child. Here edges are taken strongest first and
two groups are joined only when every pair across them could be one person:

- no two different valid NHS numbers in one person;
- no pair a reviewer rejected;
- the pair that joins them has compatible dates of birth (equal, day and month swapped, a day apart, one digit,
  the year one out) and compatible given names (equal, nickname or spelling variant, one typo, a shared token,
  an initial or short form, swapped with the family name) — twins Ella and Ellie, or Harry and Harvey, are not;
- the two groups' commonest dates of birth and given names are compatible too, so that a record with a missing
  or garbled name or date cannot bridge twins, or a father and son with one name;
- two records of the same source (different source_ids) only where that pair itself scores at least
  `same_source_threshold`: an agency rarely holds one person twice, so the evidence must be direct and strong;
- never on names and date of birth alone: where neither record of the joining pair has a valid NHS number and
  their postcodes are in different districts, the pair is held for review however rare the name (namesakes
  look exactly like this);
- without a shared valid NHS number, never across different family names (beyond a spelling variant, a part of a
  double-barrelled name, names written the other way round, or a surname the group already holds: issue 15's
  two boys from a GP and a school), nor on a date of birth with a typing error unless the names agree and the
  postcode is the same (or one slip apart in its last two letters, or the two groups share a postcode).

Two groups holding the same valid NHS number are one person and are always joined (unless a reviewer rejected a
pair across them). Pairs a reviewer confirmed are joined first, whatever the scores; a confirmation and a rejection that cannot
both hold raise `DecisionConflict`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence

from .names import (
    date_typing_error,
    dates_compatible,
    family_names_compatible,
    given_names_compatible,
    postcodes_agree,
)

#: Why a pair at or above the auto-link threshold was held for review: which field disagreed, and why the two
#: records might still be one person (shown to the reviewer).
DIFFERENT_NHS = "different NHS numbers"
REJECTED = "rejected by a reviewer"
DOB_INCOMPATIBLE = (
    "dates of birth differ by more than a typing error: could be one person only if one date was recorded wrongly"
)
GIVEN_INCOMPATIBLE = (
    "given names are not variants of each other (twins or siblings?): could be one person known by another name"
)
FAMILY_NAMES_DIFFER = (
    "family names differ and there is no shared NHS number: could be one person whose surname "
    "changed (a parent's new partner, marriage, adoption)"
)
DOB_TYPO_ELSEWHERE = (
    "dates of birth differ by a typing error and the address does not agree: could be one person who moved"
)
ONLY_NAMES_AND_DOB = (
    "only names and date of birth agree, in different postcode districts (namesakes?): could be one person who moved"
)
SAME_SOURCE = "two records of the same source: an agency rarely holds one person twice"


class DecisionConflict(ValueError):
    """Confirmed pairs join two records that a rejected pair says are different people."""

    def __init__(self, rejected: tuple, joined_by: str = "confirmed pairs"):
        self.rejected = rejected
        super().__init__(
            f"the rejected pair {rejected[0]} / {rejected[1]} is joined by {joined_by}: "
            "the decisions contradict each other"
        )


@dataclasses.dataclass(slots=True)
class Node:
    """What the clustering needs to know about one record."""

    key: tuple[str, str]  # (source, source_id)
    nhs: str | None
    given: tuple[str, ...]
    family: str
    dob: str | None
    sex: str | None
    district: str | None = None  # postcode district
    postcode: str | None = None  # the whole postcode (unit)


@dataclasses.dataclass(slots=True)
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
    return dates_compatible(x.dob, y.dob) and given_names_compatible(x.given, y.given, x.family, y.family, x.sex, y.sex)


def swapped(x: Node, y: Node) -> bool:
    """Given and family name written the other way round in one of the records."""
    return bool((x.family and y.given and x.family == y.given[0]) or (y.family and x.given and y.family == x.given[0]))


class _Group:
    """The state of a cluster of two or more records: members, its valid NHS number, the records it must not
    join, and tallies of given names, family names, dates of birth and sources for the safeguards. A record on
    its own has no _Group: its node says the same."""

    __slots__ = ("members", "nhs", "cannot", "given", "family", "dob", "sources", "postcodes")

    def __init__(self, i: int, node: Node, cannot: set[int] | None):
        self.members = [i]
        self.nhs = node.nhs
        self.cannot = cannot
        self.given = {node.given[0]: 1} if node.given else {}
        self.family = {node.family: 1} if node.family else {}
        self.dob = {node.dob: 1} if node.dob else {}
        self.sources = {node.key[0]: [i]}
        self.postcodes = {node.postcode} if node.postcode else set()

    def add(self, i: int, node: Node, cannot: set[int] | None) -> None:
        """Take in a record that was on its own."""
        self.members.append(i)
        if node.nhs and not self.nhs:
            self.nhs = node.nhs
        if cannot:
            self.cannot = (self.cannot or set()) | cannot
        if node.given:
            self.given[node.given[0]] = self.given.get(node.given[0], 0) + 1
        if node.family:
            self.family[node.family] = self.family.get(node.family, 0) + 1
        if node.dob:
            self.dob[node.dob] = self.dob.get(node.dob, 0) + 1
        self.sources.setdefault(node.key[0], []).append(i)
        if node.postcode:
            self.postcodes.add(node.postcode)

    def absorb(self, other: _Group) -> None:
        self.members.extend(other.members)
        if other.nhs and not self.nhs:
            self.nhs = other.nhs
        if other.cannot:
            self.cannot = (self.cannot or set()) | other.cannot
        for mine, theirs in ((self.given, other.given), (self.family, other.family), (self.dob, other.dob)):
            for k, v in theirs.items():
                mine[k] = mine.get(k, 0) + v
        for source, idx in other.sources.items():
            self.sources.setdefault(source, []).extend(idx)
        self.postcodes |= other.postcodes


def _postcodes(group: _Group | None, node: Node) -> set:
    return group.postcodes if group is not None else ({node.postcode} if node.postcode else set())


def _modes(counts: dict) -> list:
    if len(counts) <= 1:
        return list(counts)
    top = max(counts.values())
    return [k for k, v in counts.items() if v == top]


class Clusterer:
    def __init__(
        self,
        nodes: Sequence[Node],
        *,
        pair_probability: Callable[[int, int], float | None],
        same_source_threshold: float,
    ):
        self.nodes = nodes
        self.parent = list(range(len(nodes)))
        self.groups: dict[int, _Group] = {}
        self.cannot: dict[int, set[int]] = {}  # records on their own that a reviewer kept apart from others
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

    def _group(self, root: int) -> _Group:
        g = self.groups.get(root)
        if g is None:
            g = self.groups[root] = _Group(root, self.nodes[root], self.cannot.pop(root, None))
        return g

    def _union(self, ra: int, rb: int) -> int:
        groups = self.groups
        ga, gb = groups.get(ra), groups.get(rb)
        if gb is not None and (ga is None or len(ga.members) < len(gb.members)):
            ra, rb, ga, gb = rb, ra, gb, ga
        if ga is None:
            ga = self._group(ra)
        self.parent[rb] = ra
        if gb is None:
            ga.add(rb, self.nodes[rb], self.cannot.pop(rb, None))
        else:
            ga.absorb(gb)
            del groups[rb]
        return ra

    def reject(self, a: int, b: int) -> None:
        for x, y in ((a, b), (b, a)):
            root = self.find(x)
            g = self.groups.get(root)
            if g is not None:
                g.cannot = (g.cannot or set()) | {y}
            else:
                self.cannot.setdefault(root, set()).add(y)

    def force(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self._union(ra, rb)

    def why_not(self, ra: int, rb: int, a: int, b: int, p: float) -> str | None:
        """The safeguard that forbids joining the clusters rooted at ra and rb along the pair (a, b) scored p, or
        None."""
        nodes = self.nodes
        ga, gb = self.groups.get(ra), self.groups.get(rb)
        nhs_a = ga.nhs if ga else nodes[ra].nhs
        nhs_b = gb.nhs if gb else nodes[rb].nhs
        if nhs_a and nhs_b and nhs_a != nhs_b:
            return DIFFERENT_NHS
        ca = ga.cannot if ga else self.cannot.get(ra)
        cb = gb.cannot if gb else self.cannot.get(rb)
        if ca and any(y in ca for y in (gb.members if gb else (rb,))):
            return REJECTED
        if cb and any(x in cb for x in (ga.members if ga else (ra,))):
            return REJECTED
        if nhs_a and nhs_a == nhs_b:
            return None  # one valid NHS number: one person, whatever else differs
        na, nb = nodes[a], nodes[b]
        if not dates_compatible(na.dob, nb.dob):
            return DOB_INCOMPATIBLE
        if not given_names_compatible(na.given, nb.given, na.family, nb.family, na.sex, nb.sex):
            return GIVEN_INCOMPATIBLE
        if not (na.nhs or nb.nhs) and na.district and nb.district and na.district != nb.district:
            # Nothing but names and a date of birth: namesakes look exactly like this.
            return ONLY_NAMES_AND_DOB
        # No shared valid NHS number from here on (that returned above).
        if not family_names_compatible(na.family, nb.family) and not swapped(na, nb):
            known_a = ga.family if ga else {na.family}
            known_b = gb.family if gb else {nb.family}
            # …unless the other's surname is already recorded for this person (a name change seen before).
            if not (nb.family in known_a or na.family in known_b):
                return FAMILY_NAMES_DIFFER
        if date_typing_error(na.dob, nb.dob) and not (
            (family_names_compatible(na.family, nb.family) or swapped(na, nb))
            and (
                postcodes_agree(na.postcode, nb.postcode)
                # …or the two people, as wholes, have been recorded at one address.
                or ((ga or gb) and bool(_postcodes(ga, na) & _postcodes(gb, nb)))
            )
        ):
            return DOB_TYPO_ELSEWHERE
        if ga is None and gb is None:
            # Two records on their own: the pair is the whole evidence.
            if na.key[0] == nb.key[0] and p < self.same_source_threshold:
                return SAME_SOURCE
            return None
        # The clusters as wholes: their commonest dates of birth and given names must be compatible too, so that
        # a record with a missing or garbled value cannot bridge twins or a father and son.
        da = _modes(ga.dob) if ga else ([nodes[ra].dob] if nodes[ra].dob else [])
        db = _modes(gb.dob) if gb else ([nodes[rb].dob] if nodes[rb].dob else [])
        if da and db and not any(dates_compatible(x, y) for x in da for y in db):
            return DOB_INCOMPATIBLE
        fa = _modes(ga.given) if ga else list(nodes[ra].given[:1])
        fb = _modes(gb.given) if gb else list(nodes[rb].given[:1])
        if fa and fb and not any(given_names_compatible((x,), (y,)) for x in fa for y in fb):
            # …unless one has the names the other way round.
            sa = _modes(ga.family) if ga else [nodes[ra].family]
            sb = _modes(gb.family) if gb else [nodes[rb].family]
            if not (set(fa) & set(sb) and set(sa) & set(fb)):
                return GIVEN_INCOMPATIBLE
        # Two records of one source in one person only on strong direct evidence.
        sources_a = ga.sources if ga else {nodes[ra].key[0]: (ra,)}
        sources_b = gb.sources if gb else {nodes[rb].key[0]: (rb,)}
        if len(sources_a) > len(sources_b):
            sources_a, sources_b = sources_b, sources_a
        for source, xs in sources_a.items():
            ys = sources_b.get(source)
            if not ys:
                continue
            for x in xs:
                for y in ys:
                    if nodes[x].nhs and nodes[x].nhs == nodes[y].nhs:
                        continue
                    q = self.pair_probability(x, y)
                    if q is None or q < self.same_source_threshold:
                        return SAME_SOURCE
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
            reason = self.why_not(ra, rb, a, b, p)
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
