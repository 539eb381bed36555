"""Laying out a genogram in plain Python: generations as rows, couples side by side, children below in birth order.

The method, in the spirit of layered graph drawing (Sugiyama et al. 1981) adapted to families:

1. Rows are generations (family.py infers them from the lines, then from age).
2. People joined as couples in a row form a *cluster* that is kept together. Within a cluster every order of its
   members (up to 7) is scored: couple lines must not cross each other, the drop line of an inner couple should
   not cross the line of an outer one, partners should sit next to each other, people who live together next
   to each other, and the man left of the woman (McGoldrick's convention) when nothing else decides. A person
   with three partners gets them on both sides, the later ones nested with deeper lines.
3. Clusters are ordered in each row by barycentre sweeps (children under their parents' couple, couples over
   their children), and children of the same couple in birth order; twins stay side by side.
4. x positions: each row is an isotonic regression (pool adjacent violators) of where its clusters want to be
   (centred under their parents, over their children), subject to order and minimum spacing, repeated over the
   rows until it settles. Symbols and labels therefore can never overlap.
5. The few choices left (which arrangement of each cluster, mirrored or not) are made by drawing the candidates
   and scoring the drawing: overlaps, crossings, lines through symbols or labels, household kept together, width.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import math

from macp.core.formats import age_on, age_text
from macp.people.genogram.family import BIRTH, UNKNOWN_RELATIONSHIP, UNRECORDED, Family, Member, Union

SYMBOL = 36
HALF = SYMBOL / 2
DIAMOND_HALF = 21
SLOT = 124  # minimum distance between the centres of neighbours in a row
BLOCK_GAP = 10  # extra space between clusters
LABEL_MAX = 106  # widest label, so neighbours' labels keep a gap for a drop line between them
STUB = 12  # couple line: from the bottom of the symbols down to the first couple line
COUPLE_STEP = 9  # each nested couple line one step deeper
BAR_DROP = 30  # from the sibship bar down to the children's symbols
BAR_STEP = 10
ROW_GAP = 16
LINE_H = 13
MARGIN = 16
NAME_SIZE = 12
DETAIL_SIZE = 11
MAX_PERMUTED = 7


# Helvetica/Arial advance widths (1/1000 em), to keep labels within their slot without a font at hand.
_WIDTHS = {
    **dict.fromkeys("ijl'|", 222),
    **dict.fromkeys("ft ./,:;!I[]", 278),
    **dict.fromkeys("r()-", 333),
    **dict.fromkeys('ckszvxy"', 500),
    **dict.fromkeys("Jy", 500),
    **dict.fromkeys("abdeghnopqu0123456789?#$_–", 556),
    **dict.fromkeys("FTZ", 611),
    **dict.fromkeys("ABEKPSVXY", 667),
    **dict.fromkeys("CDHNRUw", 722),
    **dict.fromkeys("GOQ", 778),
    **dict.fromkeys("mM", 833),
    "W": 944,
    "L": 556,
    "…": 1000,
    "—": 1000,
}


def text_width(text: str, size: float, bold: bool = False) -> float:
    return sum(_WIDTHS.get(ch, 600) for ch in text) * size / 1000 * (1.07 if bold else 1.0)


def truncate(text: str, size: float, limit: float = LABEL_MAX, bold: bool = False) -> str:
    if text_width(text, size, bold) <= limit:
        return text
    while text and text_width(text + "…", size, bold) > limit:
        text = text[:-1]
    return text.rstrip() + "…"


def wrap(text: str, size: float, limit: float = LABEL_MAX, lines: int = 2) -> list[str]:
    out: list[str] = []
    words = text.split()
    while words and len(out) < lines:
        line = words.pop(0)
        while words and text_width(f"{line} {words[0]}", size) <= limit:
            line = f"{line} {words.pop(0)}"
        out.append(line)
    if words:
        out[-1] = truncate(f"{out[-1]} {' '.join(words)}", size, limit)
    return [truncate(line, size, limit) for line in out]


def age_phrase(member: Member, today) -> str:
    if member.is_unborn:
        return f"Due {member.expected_date_of_birth:%b %Y}"
    born, died = member.date_of_birth, member.date_of_death
    if died:
        if born:
            return f"{born.year}–{died.year}, aged {age_on(born, died)}"
        return f"Died {died.year}"
    if not born:
        return "Age not known"
    years = age_on(born, today)
    if years >= 2:
        return f"Age {years}"
    return age_text(born, today)  # months or weeks, as everywhere else


def label_lines(member: Member, today) -> list[tuple[str, str]]:
    """(text, style) lines under a symbol: given name, family name, age or dates, and the relationship to the
    index person when no line shows it."""
    if member.placeholder:
        who = member.kin.removesuffix(" not recorded")
        return [(truncate(who, DETAIL_SIZE), "kin"), ("not recorded", "kin")]
    lines = []
    bold = member.is_index
    if member.given_name or member.family_name:
        if member.given_name:
            lines.append((truncate(member.given_name, NAME_SIZE, bold=bold), "name"))
        if member.family_name:
            lines.append((truncate(member.family_name, NAME_SIZE, bold=bold), "name"))
    else:
        lines.append(("Unborn baby" if member.is_unborn else "Name not known", "name"))
    lines.append((truncate(age_phrase(member, today), DETAIL_SIZE), "detail"))
    if not member.is_index and (not member.connected or member.kin == UNKNOWN_RELATIONSHIP):
        lines += [(line, "kin") for line in wrap(member.kin, DETAIL_SIZE)]
    return lines


@dataclasses.dataclass
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: Box, pad: float = 0) -> bool:
        return (
            self.x0 < other.x1 + pad
            and other.x0 < self.x1 + pad
            and self.y0 < other.y1 + pad
            and other.y0 < self.y1 + pad
        )


@dataclasses.dataclass
class Placed:
    member: Member
    x: float
    top: float
    row: int
    lines: list[tuple[str, str]]
    label_top: float = 0.0

    @property
    def id(self) -> str:
        return self.member.id

    @property
    def cy(self) -> float:
        return self.top + HALF

    @property
    def shape(self) -> str:
        m = self.member
        if m.is_unborn:
            return "triangle"
        return {"M": "square", "F": "circle"}.get(m.sex, "diamond")

    @functools.cached_property
    def symbol_box(self) -> Box:
        half = DIAMOND_HALF if self.shape in ("diamond", "triangle") else HALF
        return Box(
            self.x - half,
            self.cy - (DIAMOND_HALF if self.shape == "diamond" else HALF),
            self.x + half,
            self.cy + (DIAMOND_HALF if self.shape == "diamond" else HALF),
        )

    @functools.cached_property
    def label_box(self) -> Box:
        width = max(
            (
                text_width(t, NAME_SIZE if s == "name" else DETAIL_SIZE, self.member.is_index and s == "name")
                for t, s in self.lines
            ),
            default=0,
        )
        return Box(self.x - width / 2, self.label_top, self.x + width / 2, self.label_top + len(self.lines) * LINE_H)

    def bottom_at(self, dx: float) -> float:
        """The y of the lower edge of the symbol at horizontal offset dx from its centre."""
        dx = abs(dx)
        if self.shape == "circle":
            return self.cy + math.sqrt(max(HALF * HALF - dx * dx, 0))
        if self.shape == "diamond":
            return self.cy + max(DIAMOND_HALF - dx, 0)
        return self.cy + HALF

    def top_at(self, dx: float) -> float:
        dx = abs(dx)
        if self.shape == "circle":
            return self.cy - math.sqrt(max(HALF * HALF - dx * dx, 0))
        if self.shape == "diamond":
            return self.cy - max(DIAMOND_HALF - dx, 0)
        if self.shape == "triangle":
            return self.top + dx * SYMBOL / DIAMOND_HALF
        return self.top


@dataclasses.dataclass
class CoupleLine:
    union: Union
    points: list[tuple[float, float]]
    y: float
    depth: int
    marks_x: float  # where the slashes or "?" go


@dataclasses.dataclass
class ChildLine:
    child: str
    kind: str
    points: list[tuple[float, float]]
    primary: bool
    twin_group: int | None = None


@dataclasses.dataclass
class Descent:
    union: Union
    drop: list[tuple[float, float]]  # from the couple line (or the single carer) down to the bar
    bar: tuple[float, float, float] | None  # x0, x1, y
    style: str  # birth, adopted, fostered
    children: list[ChildLine]


@dataclasses.dataclass
class Segment:
    x1: float
    y1: float
    x2: float
    y2: float
    owner: str
    kind: str  # couple, drop, bar, child
    people: frozenset
    target: str | None = None  # the child a child line leads to

    def length(self) -> float:
        return math.hypot(self.x2 - self.x1, self.y2 - self.y1)


@dataclasses.dataclass
class Layout:
    family: Family
    people: dict[str, Placed]
    couples: list[CoupleLine]
    descents: list[Descent]
    household: list[list[tuple[float, float]]]
    width: float
    height: float
    rows: list[int]
    score: float = 0.0
    problems: dict = dataclasses.field(default_factory=dict)

    def segments(self) -> list[Segment]:
        out = []
        for couple in self.couples:
            for (x1, y1), (x2, y2) in zip(couple.points, couple.points[1:]):
                out.append(Segment(x1, y1, x2, y2, couple.union.id, "couple", frozenset(couple.union.parents)))
        for descent in self.descents:
            owner = descent.union.id
            for (x1, y1), (x2, y2) in zip(descent.drop, descent.drop[1:]):
                out.append(Segment(x1, y1, x2, y2, owner, "drop", frozenset(descent.union.parents)))
            if descent.bar:
                x0, x1, y = descent.bar
                out.append(Segment(x0, y, x1, y, owner, "bar", frozenset()))
            for child in descent.children:
                tag = owner if child.primary else f"{owner}:{child.child}"
                for (x1, y1), (x2, y2) in zip(child.points, child.points[1:]):
                    out.append(
                        Segment(
                            x1, y1, x2, y2, tag, "child", frozenset([child.child, *descent.union.parents]), child.child
                        )
                    )
        return out


# ---------------------------------------------------------------------------------------------------------------
# Clusters: couples in a row kept together, in the best order.


@dataclasses.dataclass
class _Cluster:
    members: list[str]
    couples: list[Union]
    row: int
    options: list[list[str]] = dataclasses.field(default_factory=list)


def _span_depths(order: list[str], couples: list[Union]) -> tuple[dict[str, tuple[int, int]], dict[str, int]]:
    pos = {pid: i for i, pid in enumerate(order)}
    spans = {u.id: tuple(sorted((pos[u.parents[0]], pos[u.parents[1]]))) for u in couples}
    depth: dict[str, int] = {}
    for uid, (i, j) in sorted(spans.items(), key=lambda item: (item[1][1] - item[1][0], item[1][0])):
        inner = [depth[v] for v, (a, b) in spans.items() if v in depth and a < j and i < b and (b - a) <= (j - i)]
        depth[uid] = 1 + max(inner, default=0)
    return spans, depth


def _drop_gaps(spans, depth, couples: list[Union]) -> dict[str, float]:
    """Which gap between neighbours each couple's children hang from (a gap index; .5 offsets when shared)."""
    used: dict[int, int] = {}
    gaps: dict[str, float] = {}
    for u in sorted(couples, key=lambda u: (depth[u.id], spans[u.id])):
        if not u.children:
            continue
        i, j = spans[u.id]
        mid = (i + j - 1) / 2
        candidates = sorted(range(i, j), key=lambda g: (g in used, abs(g - mid), -g))
        gap = candidates[0]
        gaps[u.id] = gap + 0.12 * used.get(gap, 0)
        used[gap] = used.get(gap, 0) + 1
    return gaps


def _arrangement_cost(order: list[str], cluster: _Cluster, family: Family) -> float:
    members = family.members
    spans, depth = _span_depths(order, cluster.couples)
    cost = 0.0
    items = list(spans.items())
    for (_u, (i, j)), (_v, (a, b)) in itertools.combinations(items, 2):
        if i < a < j < b or a < i < b < j:
            cost += 1000  # couple lines would cross
    gaps = _drop_gaps(spans, depth, cluster.couples)
    for uid, gap in gaps.items():
        for vid, (a, b) in spans.items():
            if vid != uid and a <= gap and gap + 1 <= b and depth[vid] > depth[uid]:
                cost += 100  # this couple's drop line crosses a deeper couple line
    for i, j in spans.values():
        cost += 12 * (j - i - 1)
    home = [members[pid].in_household for pid in order]
    if any(home) and not all(home):
        runs = sum(1 for k, h in enumerate(home) if h and (k == 0 or not home[k - 1]))
        cost += 25 * (runs - 1)
        # Living-together people at one end of the cluster leave room for others in the household beside them.
        if not (home[0] or home[-1]):
            cost += 4
    pos = {pid: i for i, pid in enumerate(order)}
    for u in cluster.couples:
        a, b = u.parents
        if members[a].sex == "M" and members[b].sex == "F" and pos[a] > pos[b]:
            cost += 2
        if members[a].sex == "F" and members[b].sex == "M" and pos[a] < pos[b]:
            cost += 2
    # Couple with the index person's generation line (their parents' couple) prominent: adjacent.
    for u in cluster.couples:
        if any(link.child == family.index_id for link in u.children):
            i, j = spans[u.id]
            cost += 6 * (j - i - 1)
    return cost


def _ranks(family: Family) -> dict[str, int]:
    """A stable order of people that does not depend on their (random) ids unless everything else is equal."""
    ordered = sorted(
        family.members.values(),
        key=lambda m: (m.generation, m.birth_order_key[:2], m.sex, m.given_name, m.family_name, m.placeholder, m.id),
    )
    return {m.id: k for k, m in enumerate(ordered)}


def _cluster_options(cluster: _Cluster, family: Family, keep: int = 3) -> list[list[str]]:
    members = cluster.members
    if len(members) == 1:
        return [members]
    rank = _ranks(family)
    if len(members) <= MAX_PERMUTED:
        scored = []
        for order in itertools.permutations(sorted(members, key=rank.get)):
            order = list(order)
            if rank[order[0]] > rank[order[-1]]:
                continue  # a mirror image is tried later anyway
            scored.append((_arrangement_cost(order, cluster, family), order))
        scored.sort(key=lambda item: item[0])
        return [order for _, order in scored[:keep]]
    # Large clusters (rare): a walk along the couples.
    adjacency: dict[str, list[str]] = {pid: [] for pid in members}
    for u in cluster.couples:
        adjacency[u.parents[0]].append(u.parents[1])
        adjacency[u.parents[1]].append(u.parents[0])
    start = min(members, key=lambda pid: (len(adjacency[pid]), rank[pid]))
    order, stack, seen = [], [start], set()
    while stack:
        pid = stack.pop()
        if pid in seen:
            continue
        seen.add(pid)
        order.append(pid)
        stack += sorted(adjacency[pid], key=rank.get, reverse=True)
    return [order]


# ---------------------------------------------------------------------------------------------------------------
# Placement.


@dataclasses.dataclass
class _Block:
    members: list[str]
    row: int
    couples: list[Union]
    x: float = 0.0

    @property
    def width(self) -> float:
        return (len(self.members) - 1) * SLOT


def _pav(targets: list[float], weights: list[float]) -> list[float]:
    """Pool adjacent violators: the non-decreasing sequence nearest (weighted least squares) to `targets`."""
    pools: list[list[float]] = []
    for value, weight in zip(targets, weights):
        pools.append([value, weight, 1])
        while len(pools) > 1 and pools[-2][0] > pools[-1][0]:
            v2, w2, c2 = pools.pop()
            v1, w1, c1 = pools.pop()
            pools.append([(v1 * w1 + v2 * w2) / (w1 + w2), w1 + w2, c1 + c2])
    out: list[float] = []
    for value, _, count in pools:
        out += [value] * int(count)
    return out


class _Placer:
    def __init__(self, family: Family, clusters: list[_Cluster], choice: list[tuple[int, bool]], seed: int = 0):
        self.family = family
        self.members = family.members
        gens = sorted({m.generation for m in self.members.values()})
        self.gens = gens
        self.row_of = {pid: gens.index(m.generation) for pid, m in self.members.items()}
        self.nrows = len(gens)
        self.blocks: list[_Block] = []
        self.block_of: dict[str, _Block] = {}
        for cluster, (option, mirror) in zip(clusters, choice):
            order = list(cluster.options[min(option, len(cluster.options) - 1)])
            if mirror:
                order.reverse()
            block = _Block(order, cluster.row, cluster.couples)
            self.blocks.append(block)
            for pid in order:
                self.block_of[pid] = block
        rank = _ranks(family)
        self.rows: list[list[_Block]] = [[] for _ in range(self.nrows)]
        for block in sorted(self.blocks, key=lambda b: min(rank[p] for p in b.members) * (-1 if seed else 1)):
            self.rows[block.row].append(block)
        self.primary = {}
        self.secondary: dict[str, list[Union]] = {}
        for u in family.unions:
            for link in u.children:
                if link.primary:
                    self.primary[link.child] = u
                else:
                    self.secondary.setdefault(link.child, []).append(u)
        # Couples as placed in their block: gaps for the drop lines.
        self.nudge: dict[str, float] = {}
        self.union_gap: dict[str, float] = {}
        self.union_depth: dict[str, int] = {}
        self.single_side: dict[str, int] = {}
        for block in self.blocks:
            couples = [u for u in block.couples]
            spans, depth = _span_depths(block.members, couples)
            self.union_depth.update(depth)
            self.union_gap.update(_drop_gaps(spans, depth, couples))
        for u in family.unions:
            if len(u.parents) == 1 or u.id not in self.union_depth and len(u.parents) == 2:
                parent = u.parents[0]
                block = self.block_of[parent]
                k = block.members.index(parent)
                used = {int(g) for uid, g in self.union_gap.items() if self.block_of[self._first_parent(uid)] is block}
                right_free = k == len(block.members) - 1 or k not in used
                left_free = k == 0 or (k - 1) not in used
                self.single_side[u.id] = 1 if right_free or not left_free else -1
                self.union_depth[u.id] = 1 + max(
                    (d for v, d in self.union_depth.items() if parent in self._parents(v) and v != u.id), default=0
                )

    def _parents(self, union_id: str) -> tuple[str, ...]:
        return self.family.union(union_id).parents

    def _first_parent(self, union_id: str) -> str:
        return self.family.union(union_id).parents[0]

    # positions -------------------------------------------------------------------------------------------------
    def x(self, pid: str) -> float:
        block = self.block_of[pid]
        return block.x + block.members.index(pid) * SLOT

    def anchor(self, u: Union) -> float:
        """Where the children's line leaves the couple (or the single carer)."""
        block = self.block_of[u.parents[0]]
        if u.id in self.union_gap and len(u.parents) == 2:
            gap = self.union_gap[u.id]
            base = int(gap)
            shift = (gap - base) / 0.12
            return block.x + (base + 0.5) * SLOT + (8 * shift if shift else 0) + self.nudge.get(u.id, 0.0)
        if len(u.parents) == 2:  # partners in different rows (should not happen): between them
            return (self.x(u.parents[0]) + self.x(u.parents[1])) / 2
        return self.x(u.parents[0]) + self.single_side.get(u.id, 1) * SLOT / 2 + self.nudge.get(u.id, 0.0)

    def nudge_drops(self, lines: dict) -> None:
        """Move a couple's drop line sideways (within the gap between the labels above) when it would come down
        in line with another couple's line to a child: one straight line through two bars reads as parenthood."""
        members = self.members
        for u in self.family.unions:
            kids = u.child_ids(primary_only=True)
            if not kids:
                continue
            row = max(self.row_of[c] for c in kids)
            a = self.anchor(u)
            foreign = [self.x(c) for c in members if self.row_of[c] == row and c not in kids]
            close = [x for x in foreign if abs(x - a) < 16]
            if not close:
                continue
            parent_row = self.row_of[u.parents[0]]
            row_people = sorted((self.x(p), p) for p in members if self.row_of[p] == parent_row)
            left = [(x, p) for x, p in row_people if x < a - 1]
            right = [(x, p) for x, p in row_people if x > a + 1]

            def half(pid: str) -> float:
                width = max(
                    (
                        text_width(t, NAME_SIZE if st == "name" else DETAIL_SIZE, members[pid].is_index)
                        for t, st in lines[pid]
                    ),
                    default=0,
                )
                return max(width / 2, DIAMOND_HALF)

            room_left = a - (left[-1][0] + half(left[-1][1])) - 4 if left else 30
            room_right = (right[0][0] - half(right[0][1])) - a - 4 if right else 30
            nearest = min(close, key=lambda x: abs(x - a))
            need = 16 - abs(nearest - a)
            if nearest >= a and room_left > 0:
                self.nudge[u.id] = -min(need, room_left)
            elif room_right > 0:
                self.nudge[u.id] = min(need, room_right)

    def pack(self, row: int) -> None:
        x = 0.0
        for block in self.rows[row]:
            block.x = x
            x += block.width + SLOT + BLOCK_GAP

    def _loose_key(self, block: _Block, row: int) -> float | None:
        pid = block.members[0]
        member = self.members[pid]
        if member.connected or len(block.members) > 1:
            return None
        home_blocks = [
            b for b in self.rows[row] if b is not block and any(self.members[p].in_household for p in b.members)
        ]
        home = [self.x(p) for b in home_blocks for p in b.members if self.members[p].in_household]
        if member.in_household and home:
            # Beside the others who live there: on the side of a cluster where they are at the end.
            if any(self.members[b.members[-1]].in_household for b in home_blocks):
                return max(home) + 1
            if any(self.members[b.members[0]].in_household for b in home_blocks):
                return min(home) - 1
            return max(home) + 1
        if member.in_household:
            others = [self.x(p) for p in self.members if self.members[p].in_household and p != pid]
            if others:
                return sum(others) / len(others)
        return 1e6

    def _down_key(self, block: _Block) -> tuple:
        pulls = []
        first_born = None
        for pid in block.members:
            u = self.primary.get(pid)
            if u and self.row_of[u.parents[0]] < block.row:
                pulls.append(self.anchor(u))
                first_born = first_born or self.members[pid].birth_order_key
        loose = self._loose_key(block, block.row)
        if loose is not None:
            return (loose, (False,))
        if pulls:
            return (sum(pulls) / len(pulls), first_born)
        return (block.x + block.width / 2, (True,))

    def _up_key(self, block: _Block) -> tuple:
        pulls = []
        for u in self.family.unions:
            if u.parents[0] in block.members:
                kids = [self.x(c) for c in u.child_ids(primary_only=True) if self.row_of[c] > block.row]
                kids = kids or [self.x(c) + 10 for c in u.child_ids() if self.row_of[c] > block.row]
                if kids:
                    pulls.append(sum(kids) / len(kids) - (self.anchor(u) - block.x))
        loose = self._loose_key(block, block.row)
        if loose is not None:
            return (loose, 1)
        if pulls:
            return (sum(pulls) / len(pulls), 0)
        return (block.x, 2)

    def order_rows(self) -> None:
        for row in range(self.nrows):
            self.pack(row)
        for _ in range(3):
            for row in range(1, self.nrows):
                self.rows[row].sort(key=self._down_key)
                self.pack(row)
            for row in range(self.nrows - 2, -1, -1):
                self.rows[row].sort(key=self._up_key)
                self.pack(row)
        for row in range(1, self.nrows):
            self.rows[row].sort(key=self._down_key)
            self.pack(row)

    def assign_x(self, iterations: int = 40) -> None:
        unions_of_block: dict[int, list[Union]] = {}
        for u in self.family.unions:
            unions_of_block.setdefault(id(self.block_of[u.parents[0]]), []).append(u)
        for it in range(iterations):
            rows = range(self.nrows) if it % 2 == 0 else range(self.nrows - 1, -1, -1)
            for row in rows:
                blocks = self.rows[row]
                if not blocks:
                    continue
                targets, weights = [], []
                for block in blocks:
                    num = den = 0.0
                    seen_unions = set()
                    for pid in block.members:
                        u = self.primary.get(pid)
                        if u and self.row_of[u.parents[0]] != row and u.id not in seen_unions:
                            seen_unions.add(u.id)
                            kids = [
                                c
                                for c in u.child_ids(primary_only=True)
                                if self.block_of[c] is block or self.row_of[c] == row
                            ]
                            mean = sum(self.x(c) for c in kids) / len(kids)
                            num += block.x + self.anchor(u) - mean
                            den += 1
                        for s in self.secondary.get(pid, []):
                            if self.row_of[s.parents[0]] != row:
                                num += 0.05 * (block.x + self.anchor(s) - self.x(pid))
                                den += 0.05
                    for u in unions_of_block.get(id(block), []):
                        kids = [
                            (self.x(c), 1.0 if link.primary else 0.2)
                            for link in u.children
                            for c in [link.child]
                            if self.row_of[c] != row
                        ]
                        if kids:
                            total = sum(w for _, w in kids)
                            mean = sum(x * w for x, w in kids) / total
                            num += (block.x + mean - self.anchor(u)) * min(total, 1.0)
                            den += min(total, 1.0)
                    loose = self._loose_key(block, row)
                    if loose is not None and loose < 1e5:
                        num += 0.3 * loose
                        den += 0.3
                    elif loose is not None:  # no line and not in the household: near the index person
                        num += 0.05 * self.x(self.family.index_id)
                        den += 0.05
                    if den == 0:
                        # Nothing pulls it: keep it close to its left neighbour rather than where packing left it.
                        k = blocks.index(block)
                        near = blocks[k - 1].x + blocks[k - 1].width + SLOT + BLOCK_GAP if k else block.x
                        num, den = near * 0.02, 0.02
                    targets.append(num / den)
                    weights.append(den)
                offsets, acc = [], 0.0
                for block in blocks:
                    offsets.append(acc)
                    acc += block.width + SLOT + BLOCK_GAP
                solved = _pav([t - o for t, o in zip(targets, offsets)], weights)
                for block, y, o in zip(blocks, solved, offsets):
                    block.x = y + o

    # geometry ----------------------------------------------------------------------------------------------------
    def build(self) -> Layout:
        family, members = self.family, self.members
        today = family.today
        xs = {pid: self.x(pid) for pid in members}
        left = min(xs[pid] - max(LABEL_MAX / 2, SLOT / 2 - 8) for pid in members)
        shift = MARGIN + 14 - left
        for block in self.blocks:
            block.x += shift
        xs = {pid: self.x(pid) for pid in members}
        lines = {pid: label_lines(m, today) for pid, m in members.items()}
        self.nudge_drops(lines)

        # Bars of children lines, in lanes so that bars in a row never overlap.
        bars: list[_Bar] = []
        twin_groups: dict[str, list[list[str]]] = {u.id: family.twins_of(u) for u in family.unions}
        for u in family.unions:
            kids = u.child_ids(primary_only=True)
            if kids:
                row = max(self.row_of[c] for c in kids)
                ends = []
                for group in twin_groups[u.id]:
                    ends.append(sum(xs[c] for c in group) / len(group))
                ends += [xs[c] for c in kids if not any(c in g for g in twin_groups[u.id])]
                bars.append(_Bar(row, (u.id, None), self.anchor(u), ends))
            for link in u.children:
                if not link.primary:
                    bars.append(
                        _Bar(self.row_of[link.child], (u.id, link.child), self.anchor(u), [xs[link.child] + 10])
                    )
        lanes: dict[tuple[str, str | None], int] = {}
        lanes_in_row = [0] * self.nrows
        for row in range(self.nrows):
            assigned = _assign_lanes([b for b in bars if b.row == row])
            lanes.update(assigned)
            lanes_in_row[row] = max(assigned.values(), default=-1) + 1

        row_depth = [0] * self.nrows
        for u in family.unions:
            if u.id in self.union_depth:
                row = self.row_of[u.parents[0]]
                if len(u.parents) == 2 or u.children:
                    row_depth[row] = max(row_depth[row], self.union_depth[u.id])
        tops, label_tops, bottoms = [], [], []
        y = MARGIN
        for row in range(self.nrows):
            top = y + (BAR_DROP + (lanes_in_row[row] - 1) * BAR_STEP if lanes_in_row[row] else 4)
            depth = row_depth[row]
            label_top = top + SYMBOL + (STUB + (depth - 1) * COUPLE_STEP + 5 if depth else 6)
            most = max((len(lines[p]) for p in members if self.row_of[p] == row), default=1)
            bottom = label_top + most * LINE_H
            tops.append(top)
            label_tops.append(label_top)
            bottoms.append(bottom)
            y = bottom + ROW_GAP

        placed = {
            pid: Placed(
                member=m,
                x=xs[pid],
                top=tops[self.row_of[pid]],
                row=self.row_of[pid],
                lines=lines[pid],
                label_top=label_tops[self.row_of[pid]],
            )
            for pid, m in members.items()
        }

        def bar_y(union_id: str, child: str | None, row: int) -> float:
            return tops[row] - BAR_DROP - lanes.get((union_id, child), 0) * BAR_STEP

        couples, descents = [], []
        for u in family.unions:
            if (
                len(u.parents) == 2
                and u.id in self.union_depth
                and self.row_of[u.parents[0]] == self.row_of[u.parents[1]]
            ):
                a, b = sorted(u.parents, key=lambda p: xs[p])
                depth = self.union_depth[u.id]
                offset = 11 - 5 * (depth - 1)
                pa, pb = placed[a], placed[b]
                yc = pa.top + SYMBOL + STUB + (depth - 1) * COUPLE_STEP
                points = [
                    (pa.x + offset, pa.bottom_at(offset)),
                    (pa.x + offset, yc),
                    (pb.x - offset, yc),
                    (pb.x - offset, pb.bottom_at(offset)),
                ]
                anchor = self.anchor(u) if u.children else (pa.x + pb.x) / 2
                marks = anchor - 16 if u.children and (u.slashes or u.kind == UNRECORDED) else anchor
                if u.children and not (pa.x + offset + 8 < marks):
                    marks = anchor + 16
                couples.append(CoupleLine(u, points, yc, depth, marks))
                start = (anchor, yc)
                drop_start = [start]
            elif u.children:
                parent = placed[u.parents[0]]
                depth = self.union_depth.get(u.id, 1)
                side = self.single_side.get(u.id, 1)
                offset = side * (11 - 5 * (depth - 1))
                yc = parent.top + SYMBOL + STUB + (depth - 1) * COUPLE_STEP
                anchor = self.anchor(u)
                drop_start = [(parent.x + offset, parent.bottom_at(offset)), (parent.x + offset, yc), (anchor, yc)]
            else:
                continue
            if not u.children:
                continue
            anchor = drop_start[-1][0]
            kids = u.child_ids(primary_only=True)
            style = (
                BIRTH
                if any(link.kind == BIRTH for link in u.children if link.primary) or not kids
                else next(link.kind for link in u.children if link.primary)
            )
            child_lines: list[ChildLine] = []
            bar = None
            drop = list(drop_start)
            if kids:
                row = max(self.row_of[c] for c in kids)
                by = bar_y(u.id, None, row)
                drop.append((anchor, by))
                xs_on_bar = [anchor]
                for k, group in enumerate(twin_groups[u.id]):
                    apex = sum(xs[c] for c in group) / len(group)
                    xs_on_bar.append(apex)
                    for c in group:
                        p = placed[c]
                        child_lines.append(ChildLine(c, BIRTH, [(apex, by), (p.x, p.top_at(0))], True, k))
                for link in u.children:
                    if not link.primary or any(link.child in g for g in twin_groups[u.id]):
                        continue
                    p = placed[link.child]
                    xs_on_bar.append(p.x)
                    child_lines.append(ChildLine(link.child, link.kind, [(p.x, by), (p.x, p.top_at(0))], True))
                bar = (min(xs_on_bar), max(xs_on_bar), by)
            for link in u.children:
                if link.primary:
                    continue
                p = placed[link.child]
                by2 = bar_y(u.id, link.child, p.row)
                child_lines.append(
                    ChildLine(
                        link.child,
                        link.kind,
                        [drop_start[-1], (anchor, by2), (p.x + 10, by2), (p.x + 10, p.top_at(10))],
                        False,
                    )
                )
            descents.append(Descent(u, drop, bar, style, child_lines))

        _place_marks(couples, descents, placed)
        width = max(max(p.x + max(LABEL_MAX / 2, p.label_box.x1 - p.x) for p in placed.values()) + MARGIN + 14, 200)
        height = bottoms[-1] + MARGIN if bottoms else 100
        household = _household_outline(self, placed, tops, bottoms)
        return Layout(family, placed, couples, descents, household, width, height, self.gens)


def _place_marks(couples: list[CoupleLine], descents: list[Descent], placed: dict[str, Placed]) -> None:
    """Put slashes and "?" on each couple line where they are furthest from other lines, symbols and marks."""
    verticals = [(p.x, p.top, p.top + SYMBOL) for p in placed.values()]
    for couple in couples:
        verticals += [
            (x, min(y1, y2), max(y1, y2))
            for (x, y1), (x2, y2) in zip(couple.points, couple.points[1:])
            if abs(x - x2) < 0.5
        ]
    for descent in descents:
        if descent.drop:
            x, y = descent.drop[0] if len(descent.drop) == 1 else descent.drop[-2]
            verticals.append((descent.drop[-1][0], y, descent.drop[-1][1]))
    placed_marks: list[tuple[float, float]] = []
    for couple in sorted(couples, key=lambda c: c.depth):
        u = couple.union
        if not (u.slashes or u.kind == UNRECORDED):
            continue
        x0, x1 = sorted((couple.points[1][0], couple.points[2][0]))
        if x1 - x0 < 24:
            continue
        candidates = [
            couple.marks_x,
            (x0 + x1) / 2,
            x0 + 20,
            x1 - 20,
            couple.marks_x - 14,
            couple.marks_x + 14,
            *(x0 + k * (x1 - x0) / 8 for k in range(1, 8)),
        ]
        candidates = [x for x in candidates if x0 + 9 <= x <= x1 - 9]
        if not candidates:
            continue

        def clearance(x: float, y: float = couple.y) -> float:
            near = [abs(x - vx) for vx, top, bottom in verticals if top - 8 <= y <= bottom + 8 + STUB + 2 * COUPLE_STEP]
            near += [abs(x - mx) for mx, my in placed_marks if abs(my - y) < 14]
            return min(near + [60.0])

        best = max(candidates, key=lambda x: (min(clearance(x), 30), -abs(x - couple.marks_x)))
        couple.marks_x = best
        placed_marks.append((best, couple.y))


@dataclasses.dataclass
class _Bar:
    row: int
    key: tuple[str, str | None]
    drop: float  # where the line from the parents comes down onto the bar
    ends: list[float]  # where the lines to the children leave it

    @property
    def x0(self) -> float:
        return min([self.drop, *self.ends])

    @property
    def x1(self) -> float:
        return max([self.drop, *self.ends])


def _assign_lanes(bars: list[_Bar]) -> dict:
    """Lanes (0 nearest the children) for the bars of one row: overlapping bars in different lanes, stacked so
    that as few lines as possible cross another couple's bar.

    With bar A above bar B, A's lines down to its children cross B's bar where they fall inside it, and B's line
    down from its parents crosses A's bar if it falls inside A."""

    def overlap(a: _Bar, b: _Bar) -> bool:
        return a.x0 < b.x1 + 12 and b.x0 < a.x1 + 12

    def inside(x: float, bar: _Bar) -> bool:
        return bar.x0 + 0.5 < x < bar.x1 - 0.5

    def above_cost(a: _Bar, b: _Bar) -> int:
        return sum(inside(x, b) for x in a.ends) + inside(b.drop, a)

    # Order from the top: each bar goes above those it costs less to be above (a few bars: try every order).
    order = sorted(bars, key=lambda b: (b.x1 - b.x0, b.x0))
    if 1 < len(order) <= 6:
        best = None
        for perm in itertools.permutations(order):
            cost = sum(above_cost(a, b) for i, a in enumerate(perm) for b in perm[i + 1 :] if overlap(a, b))
            if best is None or cost < best[0]:
                best = (cost, perm)
        order = list(best[1])
    else:
        order.reverse()
    lanes: dict = {}
    placed: list[_Bar] = []
    for bar in reversed(order):  # from the bottom up
        lanes[bar.key] = 1 + max((lanes[p.key] for p in placed if overlap(p, bar)), default=-1)
        placed.append(bar)
    return lanes


def _household_outline(placer: _Placer, placed: dict[str, Placed], tops, bottoms) -> list[list[tuple[float, float]]]:
    family = placer.family
    if len(family.household) < 2:
        return []
    rects = []
    runs_by_row: dict[int, list[tuple[float, float]]] = {}
    for row in range(placer.nrows):
        people = sorted((p for p in placed.values() if p.row == row), key=lambda p: p.x)
        run: list[Placed] = []
        for p in people + [None]:
            if p is not None and p.member.in_household:
                run.append(p)
                continue
            if run:
                x0 = run[0].x - SLOT / 2 + 5
                x1 = run[-1].x + SLOT / 2 - 5
                bottom = max(q.label_top + len(q.lines) * LINE_H for q in run) + 5
                rects.append((x0, tops[row] - 8, x1, bottom))
                runs_by_row.setdefault(row, []).append((x0, x1, bottom))
                run = []
    rows = sorted(runs_by_row)
    for upper, lower in zip(rows, rows[1:]):
        if lower != upper + 1:
            continue
        joined = set()
        for x0, x1, bottom in runs_by_row[upper]:
            for k, (a0, a1, _) in enumerate(runs_by_row[lower]):
                lo, hi = max(x0, a0), min(x1, a1)
                if hi - lo > 20:
                    rects.append((lo, bottom - 1, hi, tops[lower] - 7))
                    joined.add(k)
        # Runs that do not overlap the row above are joined to the nearest run there through the gap between rows.
        for k, (a0, a1, _) in enumerate(runs_by_row[lower]):
            if k in joined:
                continue
            x0, x1, bottom = min(runs_by_row[upper], key=lambda r: min(abs(r[0] - a1), abs(r[1] - a0)))
            lo, hi = (x1 - 40, a0 + 40) if x1 <= a0 else (a1 - 40, x0 + 40)
            if hi > lo:
                rects.append((lo, bottom - 1, hi, tops[lower] - 7))
    return _union_outline(rects)


def _union_outline(rects: list[tuple[float, float, float, float]]) -> list[list[tuple[float, float]]]:
    """The outlines of a union of axis-aligned rectangles, as closed polygons (clockwise)."""
    if not rects:
        return []
    xs = sorted({r[0] for r in rects} | {r[2] for r in rects})
    ys = sorted({r[1] for r in rects} | {r[3] for r in rects})

    def filled(i: int, j: int) -> bool:
        if i < 0 or j < 0 or i >= len(xs) - 1 or j >= len(ys) - 1:
            return False
        cx, cy = (xs[i] + xs[i + 1]) / 2, (ys[j] + ys[j + 1]) / 2
        return any(r[0] <= cx <= r[2] and r[1] <= cy <= r[3] for r in rects)

    edges: dict[tuple[float, float], list[tuple[float, float]]] = {}
    for i in range(len(xs) - 1):
        for j in range(len(ys) - 1):
            if not filled(i, j):
                continue
            x0, x1, y0, y1 = xs[i], xs[i + 1], ys[j], ys[j + 1]
            if not filled(i, j - 1):
                edges.setdefault((x0, y0), []).append((x1, y0))
            if not filled(i + 1, j):
                edges.setdefault((x1, y0), []).append((x1, y1))
            if not filled(i, j + 1):
                edges.setdefault((x1, y1), []).append((x0, y1))
            if not filled(i - 1, j):
                edges.setdefault((x0, y1), []).append((x0, y0))
    polygons = []
    while edges:
        start = next(iter(edges))
        poly = [start]
        current = start
        while True:
            nexts = edges.get(current)
            if not nexts:
                break
            nxt = nexts.pop(0)
            if not nexts:
                del edges[current]
            if nxt == start:
                break
            poly.append(nxt)
            current = nxt
        simplified = []
        n = len(poly)
        for k in range(n):
            a, b, c = poly[k - 1], poly[k], poly[(k + 1) % n]
            if (a[0] == b[0] == c[0]) or (a[1] == b[1] == c[1]):
                continue
            simplified.append(b)
        if len(simplified) >= 4:
            polygons.append(simplified)
    return polygons


# ---------------------------------------------------------------------------------------------------------------
# Scoring a drawing.


def _cross(s: Segment, t: Segment) -> bool:
    """True when the two segments meet at a point inside at least one of them (not just end to end)."""

    def orient(ax, ay, bx, by, cx, cy):
        v = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax)
        return 0 if abs(v) < 1e-6 else (1 if v > 0 else -1)

    d1 = orient(s.x1, s.y1, s.x2, s.y2, t.x1, t.y1)
    d2 = orient(s.x1, s.y1, s.x2, s.y2, t.x2, t.y2)
    d3 = orient(t.x1, t.y1, t.x2, t.y2, s.x1, s.y1)
    d4 = orient(t.x1, t.y1, t.x2, t.y2, s.x2, s.y2)
    if d1 * d2 < 0 and d3 * d4 < 0:
        return True
    if d1 == d2 == 0:  # collinear: overlapping by more than a point
        if abs(s.x1 - s.x2) > abs(s.y1 - s.y2):
            lo, hi = sorted((s.x1, s.x2))
            a, b = sorted((t.x1, t.x2))
        else:
            lo, hi = sorted((s.y1, s.y2))
            a, b = sorted((t.y1, t.y2))
        return min(hi, b) - max(lo, a) > 1
    return False


def _hits_box(s: Segment, box: Box) -> bool:
    """Does the segment pass through the inside of the box?"""
    x0, y0, x1, y1 = box.x0 + 1, box.y0 + 1, box.x1 - 1, box.y1 - 1
    # Liang–Barsky clipping.
    dx, dy = s.x2 - s.x1, s.y2 - s.y1
    t0, t1 = 0.0, 1.0
    for p, q in ((-dx, s.x1 - x0), (dx, x1 - s.x1), (-dy, s.y1 - y0), (dy, y1 - s.y1)):
        if abs(p) < 1e-9:
            if q < 0:
                return False
            continue
        r = q / p
        if p < 0:
            t0 = max(t0, r)
        else:
            t1 = min(t1, r)
        if t0 > t1:
            return False
    return t1 - t0 > 1e-6


def problems(layout: Layout) -> dict[str, int]:
    """Counts of what makes a drawing hard to read; the tests hold the ones that must be zero at zero."""
    people = list(layout.people.values())
    out = {
        "symbol_overlaps": 0,
        "label_overlaps": 0,
        "couple_crossings": 0,
        "crossings": 0,
        "lines_through_symbols": 0,
        "lines_through_labels": 0,
        "household_breaks": 0,
        "ambiguous_lines": 0,
    }
    for p, q in itertools.combinations(people, 2):
        if p.symbol_box.overlaps(q.symbol_box, pad=4):
            out["symbol_overlaps"] += 1
        if (
            p.label_box.overlaps(q.label_box, pad=2)
            or p.label_box.overlaps(q.symbol_box)
            or q.label_box.overlaps(p.symbol_box)
        ):
            out["label_overlaps"] += 1
    segments = [s for s in layout.segments() if s.length() > 0.5]
    for s, t in itertools.combinations(segments, 2):
        if s.owner == t.owner or s.owner.split(":")[0] == t.owner.split(":")[0] and "child" in (s.kind, t.kind):
            continue
        if _cross(s, t):
            if s.kind == t.kind == "couple":
                out["couple_crossings"] += 1
            else:
                out["crossings"] += 1
    verticals = [s for s in segments if abs(s.x1 - s.x2) < 0.5 and s.kind in ("drop", "child")]
    for s, t in itertools.combinations(verticals, 2):
        if (
            s.owner.split(":")[0] == t.owner.split(":")[0]
            or abs(s.x1 - t.x1) >= 14
            or (s.target and s.target == t.target)
        ):
            continue
        s0, s1 = sorted((s.y1, s.y2))
        t0, t1 = sorted((t.y1, t.y2))
        if max(s0, t0) - min(s1, t1) < 30:
            out["ambiguous_lines"] += 1
    for s in segments:
        for p in people:
            if p.id in s.people and s.kind in ("couple", "drop", "child"):
                continue
            if _hits_box(s, p.symbol_box):
                out["lines_through_symbols"] += 1
            if _hits_box(s, p.label_box):
                out["lines_through_labels"] += 1
    rows: dict[int, list[Placed]] = {}
    for p in people:
        rows.setdefault(p.row, []).append(p)
    for row_people in rows.values():
        flags = [p.member.in_household for p in sorted(row_people, key=lambda p: p.x)]
        runs = sum(1 for k, f in enumerate(flags) if f and (k == 0 or not flags[k - 1]))
        out["household_breaks"] += max(runs - 1, 0)
    return out


def _score(layout: Layout) -> float:
    found = problems(layout)
    length = sum(s.length() for s in layout.segments())
    convention = 0
    for couple in layout.couples:
        a, b = (layout.people[p] for p in couple.union.parents)
        if a.member.sex == "M" and b.member.sex == "F" and a.x > b.x:
            convention += 1
    # The index person's own parents side by side, when the rest allows.
    for couple in layout.couples:
        if any(link.child == layout.family.index_id for link in couple.union.children):
            a, b = sorted(layout.people[p].x for p in couple.union.parents)
            convention += 5 * sum(
                1 for p in layout.people.values() if p.row == layout.people[couple.union.parents[0]].row and a < p.x < b
            )
    layout.problems = found
    return (
        10000 * found["symbol_overlaps"]
        + 2000 * found["label_overlaps"]
        + 500 * found["couple_crossings"]
        + 60 * found["crossings"]
        + 150 * found["lines_through_symbols"]
        + 80 * found["lines_through_labels"]
        + 80 * found["household_breaks"]
        + 100 * found["ambiguous_lines"]
        + 0.02 * layout.width
        + 0.002 * length
        + 3 * convention
    )


# ---------------------------------------------------------------------------------------------------------------


def _clusters(family: Family) -> list[_Cluster]:
    members = family.members
    gens = sorted({m.generation for m in members.values()})
    row_of = {pid: gens.index(m.generation) for pid, m in members.items()}
    parent = {pid: pid for pid in members}

    def find(p: str) -> str:
        while parent[p] != p:
            parent[p] = parent[parent[p]]
            p = parent[p]
        return p

    couples = [u for u in family.unions if len(u.parents) == 2 and row_of[u.parents[0]] == row_of[u.parents[1]]]
    for u in couples:
        parent[find(u.parents[0])] = find(u.parents[1])
    groups: dict[str, list[str]] = {}
    for pid in members:
        groups.setdefault(find(pid), []).append(pid)
    clusters = []
    for group in groups.values():
        inside = [u for u in couples if u.parents[0] in group]
        cluster = _Cluster(members=group, couples=inside, row=row_of[group[0]])
        cluster.options = _cluster_options(cluster, family)
        clusters.append(cluster)
    rank = _ranks(family)
    clusters.sort(key=lambda c: (c.row, min(rank[p] for p in c.members)))
    return clusters


def _draw(family: Family, clusters: list[_Cluster], choice: list[tuple[int, bool]], seed: int = 0) -> Layout:
    placer = _Placer(family, clusters, choice, seed)
    placer.order_rows()
    placer.assign_x()
    result = placer.build()
    result.score = _score(result)
    return result


def layout(family: Family) -> Layout:
    """Lay the family out; the best of the candidate drawings by the score above."""
    clusters = _clusters(family)
    choice = [(0, False) for _ in clusters]
    best, seed = min(((_draw(family, clusters, choice, seed), seed) for seed in (0, 1)), key=lambda item: item[0].score)
    improved = True
    rounds = 0
    while improved and rounds < 3:
        improved = False
        rounds += 1
        for k, cluster in enumerate(clusters):
            if len(cluster.members) == 1:
                continue
            for option in range(len(cluster.options)):
                for mirror in (False, True):
                    if (option, mirror) == choice[k]:
                        continue
                    trial = list(choice)
                    trial[k] = (option, mirror)
                    drawn = _draw(family, clusters, trial, seed)
                    if drawn.score < best.score - 1e-6:
                        best, choice, improved = drawn, trial, True
    return best
