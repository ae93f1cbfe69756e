"""The network around a place: every current service that serves a municipality,
grouped by prevention level, and the referral links between them, laid out for a
server-rendered SVG drawing and a table.

Which services serve the place is the practitioner search's own filter
(`InitiativeFilter` with `where` and the current statuses), never a second
definition.
"""

from dataclasses import dataclass, field

from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from initiatives.models import Initiative
from initiatives.search import facts
from initiatives.search.practitioner_filters import InitiativeFilter, sorted_results
from initiatives.vocabulary import Level, ReferralDirection, Status

# A service that has stopped is no place to send a family.
STOPPED = {Status.ENDED, "suspended"}
CURRENT_STATUSES = [code for code in Status.values if code not in STOPPED]
NO_LEVEL = "unknown"
COLUMNS = [*Level.values, NO_LEVEL]
COLUMN_WIDTH = 250
NODE_WIDTH = 210
NODE_HEIGHT = 40
ROW_HEIGHT = 56
TOP = 56
NAME_CHARACTERS = 30


def network_filter(where: str) -> InitiativeFilter:
    """The practitioner search for `where`, kept to the services that have not stopped."""
    data = QueryDict(mutable=True)
    data["where"] = where
    data.setlist("status", CURRENT_STATUSES)
    return InitiativeFilter(data, queryset=Initiative.objects.published())


def column_label(code: str) -> str:
    return str(Level(code).label) if code in Level.values else str(_("level not known"))


@dataclass
class Node:
    initiative: Initiative
    column: int
    row: int
    levels: list[str]

    @property
    def x(self) -> int:
        return 20 + self.column * COLUMN_WIDTH

    @property
    def y(self) -> int:
        return TOP + self.row * ROW_HEIGHT

    @property
    def short_name(self) -> str:
        name = str(self.initiative)
        return name if len(name) <= NAME_CHARACTERS else name[: NAME_CHARACTERS - 1] + "…"


@dataclass
class Edge:
    source: Node
    target: Node

    @property
    def points(self) -> tuple[int, int, int, int]:
        """From the side of the source that faces the target to the facing side."""
        s, t = self.source, self.target
        y1, y2 = s.y + NODE_HEIGHT // 2, t.y + NODE_HEIGHT // 2
        if t.column > s.column:
            return s.x + NODE_WIDTH, y1, t.x, y2
        if t.column < s.column:
            return s.x, y1, t.x + NODE_WIDTH, y2
        # Same column: along the right-hand side, from one box to the other.
        return s.x + NODE_WIDTH, y1, t.x + NODE_WIDTH, y2

    @property
    def same_column(self) -> bool:
        return self.source.column == self.target.column


@dataclass
class Row:
    """A line of the table: the service and every published fiche it is linked with."""

    initiative: Initiative
    refers_to: list[Initiative]
    receives_from: list[Initiative]

    @property
    def specialised(self) -> bool | None:
        """Radicalisation-specific help (True) or general help (False); None: not decided
        (`Initiative.specialised`, absent from databases that predate it)."""
        return getattr(self.initiative, "specialised", None)


@dataclass
class Network:
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    groups: list[tuple[str, list[Row]]] = field(default_factory=list)

    @property
    def width(self) -> int:
        return 40 + len(COLUMNS) * COLUMN_WIDTH

    @property
    def height(self) -> int:
        rows = max((node.row for node in self.nodes), default=-1) + 1
        return TOP + max(rows, 1) * ROW_HEIGHT + 10

    @property
    def headings(self) -> list[tuple[int, str]]:
        return [
            (20 + index * COLUMN_WIDTH, column_label(code)) for index, code in enumerate(COLUMNS)
        ]


def network_build(initiatives: list[Initiative]) -> Network:
    """Lay the services out: each in the column of its first level (a service with
    several levels is listed under each in the groups), links between shown services."""
    network = Network()
    rows = [0] * len(COLUMNS)
    by_slug: dict[str, Node] = {}
    grouped: dict[str, list[Row]] = {code: [] for code in COLUMNS}
    for initiative in initiatives:
        levels = facts.codes(initiative, "levels")
        row = Row(
            initiative,
            facts.linked_fiches(initiative, ReferralDirection.REFERS_TO),
            facts.linked_fiches(initiative, ReferralDirection.RECEIVES_FROM),
        )
        for code in levels or [NO_LEVEL]:
            grouped[code].append(row)
        column = COLUMNS.index(levels[0] if levels else NO_LEVEL)
        node = Node(initiative, column, rows[column], levels)
        rows[column] += 1
        network.nodes.append(node)
        by_slug[initiative.slug] = node
    seen = set()
    for node in network.nodes:
        for other in facts.linked_fiches(node.initiative, ReferralDirection.REFERS_TO):
            if other.slug in by_slug and (node.initiative.slug, other.slug) not in seen:
                seen.add((node.initiative.slug, other.slug))
                network.edges.append(Edge(node, by_slug[other.slug]))
    network.groups = [(column_label(code), grouped[code]) for code in COLUMNS if grouped[code]]
    return network


def network_for(filterset: InitiativeFilter) -> Network:
    """The network of a valid `network_filter`: the services in name order, 1 + 16 queries."""
    return network_build(list(facts.for_pro(sorted_results(filterset, "name"))))
