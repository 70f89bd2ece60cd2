"""Plans written as an outline, as tables, or as numbered label blocks.

Three readings of the same blocks, each a small rule:

- tables: a table whose header names a column of activities ("Actividad",
  "Task", "Actions", "Nome da Ação") and at least one other field of a plan
  (lead, deadline, product, funding) gives one activity per row;
- outline: headings, bold lines, numbered labels ("COMPROMISO NRO. 3:") or
  list items at one level are the activities, the level above their areas,
  and the labels under each ("Unidade responsável: SPU") their fields;
- a document may hold both (a table of events, then an outline of actions).

`read` returns the drafts found and says how it read them.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ..blocks import Block, Document, Where
from ..text import fold, fold_in_place, squash
from .drafts import Draft, is_cancelled_note, split_code
from .fields import NUMBERED_LABEL, field_of

INF = float("inf")
_PLAN_FIELDS = ("leads", "due", "starts", "product", "resources", "milestones", "span")
_LABEL = re.compile(r"^(?P<label>[^:]{2,60}?)\s*:\s*(?P<value>.*)$")


@dataclass(frozen=True, slots=True)
class Hints:
    """What a person may tell the reader when its own choice is wrong."""

    layout: str | None = None  # "coded" | "outline" | "table"
    activity_level: str | None = None  # "3" (heading level), "bold", "list", "list:1"
    columns: dict[str, str] = field(default_factory=dict)  # field -> header as written


@dataclass(slots=True)
class Reading:
    drafts: list[Draft]
    layout: str
    explanation: str
    notes: list[tuple[Where | None, str, str]] = field(default_factory=list)
    # Areas found with no activities in them (only when no activity was found).
    empty_areas: list[Block] = field(default_factory=list)


# ---------------------------------------------------------------------------
# Blocks with their meaning: labels recognised, levels ranked


@dataclass(slots=True)
class _Node:
    block: Block
    rank: float  # smaller is higher in the outline; inf for body text
    key: str  # the unit kind an activity could be: "h3", "bold", "numbered", "list:0"
    field: str | None = None  # for labels: the field they name
    value: str = ""


def read_nodes(blocks: list[Block]) -> list[_Node]:
    nodes = []
    for block in blocks:
        if block.kind == "table":
            nodes.extend(_form_nodes(block) or [_Node(block, INF, "table")])
            continue
        label = _as_label(block)
        if block.kind != "heading" and NUMBERED_LABEL.match(fold_in_place(block.text)):
            nodes.append(_unit(block, "numbered"))
        elif label:
            nodes.append(_Node(block, INF, "label", label[0], label[1]))
        elif block.kind == "heading":
            nodes.append(_unit(block, f"h{block.level}"))
        elif block.kind == "paragraph" and block.strong and len(block.text) <= 200:
            nodes.append(_unit(block, "bold"))
        elif block.kind == "item":
            nodes.append(_unit(block, f"list:{block.level}"))
        else:
            nodes.append(_Node(block, INF, "text"))
    _own_listed_values(nodes)
    return nodes


def _unit(block: Block, key: str) -> _Node:
    """A block that could be an activity, ranked by its level in the outline."""
    return _Node(block, rank_of(key), key)


def _form_nodes(block: Block) -> list[_Node] | None:
    """A table that is a form, one label and its value per row ('Lead implementing
    agency | Ministry of X'), as the OGP commitment template and many Word plans
    are written: a unit for its title row, then a label per row."""
    rows = [_distinct(row) for row in block.rows]
    rows = [row for row in rows if row]
    if not rows or (len(rows[0]) >= 2 and all(field_of(cell) for cell in rows[0])):
        return None  # a header row: a table of activities, not a form
    labelled = [row for row in rows if len(row) >= 2 and _is_form_label(row[0])]
    if len(labelled) < max(2, len(rows) // 2):
        return None
    nodes: list[_Node] = []
    title: str | None = None
    for row in rows:
        name = field_of(row[0]) if len(row) >= 2 else None
        if title is None and (len(row) == 1 or name == "title"):
            title = row[-1] if name == "title" else row[0]
            continue
        value = " ".join(row[1:]) if len(row) >= 2 else row[0]
        label = row[0] if len(row) >= 2 else ""
        where = block.where
        nodes.append(
            _Node(Block("label", value, where, label=label), INF, "label", name or "details", value)
        )
    if title is not None:
        nodes.insert(0, _unit(Block("paragraph", title, block.where, strong=True), "form"))
    return nodes


def _distinct(row: list[str]) -> list[str]:
    """A row's cells, each merged cell once."""
    cells: list[str] = []
    for text in row:
        if text and (not cells or text != cells[-1]):
            cells.append(text)
    return cells


def _is_form_label(text: str) -> bool:
    text = text.strip()
    return len(text) <= 60 and (text.endswith(":") or field_of(text) is not None)


def _own_listed_values(nodes: list[_Node]) -> None:
    """The list under a bare label ('Produtos' then 1., 2., 3.) holds that field's
    values: its items are not candidates for activities."""
    owner: _Node | None = None
    for node in nodes:
        if node.field and not node.value:
            owner = node
        elif owner is not None and node.block.kind == "item":
            node.rank, node.key = INF, "value"
        else:
            owner = None


def _as_label(block: Block) -> tuple[str, str] | None:
    """('leads', 'SPU') for 'Unidade responsável: SPU'; ('product', '') for a bold
    'Produtos' standing alone before its list."""
    if block.kind == "label":
        return (field_of(block.label) or "details", block.text)
    if block.kind not in ("paragraph", "item", "heading"):
        return None
    text = block.text
    match = _LABEL.match(text) if block.kind != "heading" else None
    if match and len(match.group("label").split()) <= 6:
        name = field_of(match.group("label"))
        if name and name != "title":
            return name, match.group("value")
    alone = text.rstrip(" :")
    if (block.strong or block.kind == "heading" or text.endswith(":")) and len(alone) <= 40:
        name = field_of(alone, whole=True)
        if name and name not in ("title", "code"):
            return name, ""
    return None


# ---------------------------------------------------------------------------
# Tables


@dataclass(slots=True)
class _Columns:
    fields: dict[int, str]  # column index -> field
    header_rows: int
    title: int  # the column that names each activity
    header: list[str] = field(default_factory=list)  # the header row, to skip its repeats

    def describe(self, header: list[str]) -> str:
        return ", ".join(f"{header[i] or '#'}→{name}" for i, name in sorted(self.fields.items()))


# A column whose field another column already holds adds to the details, but
# these may come in several columns (two lead columns, products and outputs).
_REPEATABLE = ("title", "details", "leads", "product", "resources")


def _table_columns(block: Block, hints: Hints) -> _Columns | None:
    """Which column holds which field, from the header; None for a table that is
    not a list of activities (criteria, a glossary, a matrix of scores). A sheet
    often has a title or a note in its first rows: the header may come lower."""
    first = block.header_rows or 1
    for header_rows in dict.fromkeys((first, 2, 3, 4, 5)):
        if columns := _columns_under(block, hints, header_rows):
            return columns
    return None


def _columns_under(block: Block, hints: Hints, header_rows: int) -> _Columns | None:
    if len(block.rows) <= header_rows:
        return None
    width = max(len(row) for row in block.rows)
    headers = [header_text(block.rows[:header_rows], column) for column in range(width)]
    fields: dict[int, str] = {}
    depth: dict[int, int] = {}
    for column in range(width):
        hinted = _hinted_field(headers[column], hints)
        name, depth[column] = (
            (hinted, header_rows) if hinted else _column_field(block, column, header_rows)
        )
        if not name and column == 0 and _holds_codes(block, column, header_rows):
            name = "code"  # an unnamed first column of "1.", "2.", "A3": the numbering
        if name:
            taken = name in fields.values() and name not in _REPEATABLE
            fields[column] = "details" if taken else name
    titles = [c for c, n in fields.items() if n == "title"]
    if not titles:
        titles = [c for c, n in fields.items() if n == "activities"][:1]
    if not titles or not any(name in _PLAN_FIELDS for name in fields.values()):
        return None
    # The column whose own header names the activity ("Actividades" under a
    # "Detalle de Actividades" group) over one that only sits in the group.
    title = max(titles, key=lambda c: (depth[c], _average_length(block, c, header_rows)))
    fields[title] = "title"
    return _Columns(fields, header_rows, title, block.rows[header_rows - 1])


def header_text(rows: list[list[str]], column: int) -> str:
    parts: list[str] = []
    for row in rows:
        text = row[column] if column < len(row) else ""
        if text and text not in parts:
            parts.append(text)
    return " ".join(parts)


def _hinted_field(header: str, hints: Hints) -> str | None:
    for name, written in hints.columns.items():
        if fold(written) == fold(header):
            return name
    return None


def _column_field(block: Block, column: int, header_rows: int) -> tuple[str | None, int]:
    """The header's own word and the header row it stands in; for a multi-row
    header the lowest row speaks first ('Actividades' over 'Detalle de Actividades')."""
    for depth in range(header_rows - 1, -1, -1):
        row = block.rows[depth]
        if column < len(row) and (name := field_of(row[column])):
            return _refine(block, column, header_rows, name), depth
    return None, -1


def _refine(block: Block, column: int, header_rows: int, name: str) -> str:
    if name == "title" and _holds_codes(block, column, header_rows):
        return "code"  # "Ação": 1, 2, 3 -- the numbers, not the names
    return name


def _holds_codes(block: Block, column: int, header_rows: int) -> bool:
    values = [row[column] for row in block.rows[header_rows:] if column < len(row) and row[column]]
    return bool(values) and all(len(v) <= 8 and re.search(r"\d", v) for v in values)


def _table_drafts(block: Block, columns: _Columns, area: Block | None) -> list[Draft]:
    drafts = []
    fields = columns.fields
    title_column = columns.title
    for index, row in enumerate(block.rows[columns.header_rows :], start=columns.header_rows):
        cells = {c: row[c] if c < len(row) else "" for c in fields}
        title = cells[title_column]
        if not title or _repeats_header(row, columns.header):
            continue
        code, title = split_code(title)
        draft = Draft(title, _row_where(block, index), code=code)
        for column, name in fields.items():
            if column == title_column:
                continue
            if name == "area":
                draft.area, draft.area_where = cells[column], block.where
            elif name == "title":
                draft.add("details", cells[column])
            else:
                draft.add(name, _split_cell(name, cells[column]))
        if not draft.area and area is not None:
            draft.area, draft.area_where = area.text, area.where
        draft.cancelled = index in block.struck_rows or is_cancelled_note(title)
        drafts.append(draft)
    return drafts


def _average_length(block: Block, column: int, header_rows: int) -> float:
    values = [row[column] for row in block.rows[header_rows:] if column < len(row)]
    return sum(len(v) for v in values) / max(len(values), 1)


def _repeats_header(row: list[str], header: list[str]) -> bool:
    return [fold(c) for c in row] == [fold(c) for c in header]


def _split_cell(name: str, text: str) -> list[str]:
    if name in ("leads", "product") and re.search(r"[;,\n]", text):
        return [p for p in re.split(r"\s*[;\n]\s*|\s*,\s+", text) if p]
    return [text]


def _row_where(block: Block, index: int) -> Where:
    where = block.where
    if where.line is not None and where.sheet is None and where.page is None:
        return Where(where.line + index)
    if where.sheet is not None:
        return Where(sheet=where.sheet, cell=f"row {index + 1}")
    return where


# ---------------------------------------------------------------------------
# Outline


@dataclass(slots=True)
class _Level:
    key: str
    units: list[int]
    with_fields: int
    score: float


def candidate_levels(nodes: list[_Node]) -> list[_Level]:
    """Every level at which activities could stand, scored: a unit with fields
    under it counts most; bare headings count some; bare list items little,
    since prose is full of lists."""
    keys: dict[str, list[int]] = {}
    for index, node in enumerate(nodes):
        if node.rank != INF:
            keys.setdefault(node.key, []).append(index)
    levels = []
    for key, units in keys.items():
        if len(units) < 2 and not key.startswith(("numbered",)):
            continue
        with_fields = sum(1 for i in units if _direct_fields(nodes, i))
        level = _Level(key, units, with_fields, 0.0)
        bare = 0.2 if key.startswith("list") else 0.5
        found, _ = _units_with_fill_in(nodes, level)
        substantial = sum(1 for i in found if len(nodes[i].block.text) >= 12)
        level.score = 3 * with_fields + bare * (substantial - with_fields)
        levels.append(level)
    return sorted(levels, key=lambda level: -level.score)


def _direct_fields(nodes: list[_Node], index: int) -> set[str]:
    """Fields labelled under a unit before anything that could be another unit."""
    found: set[str] = set()
    rank = nodes[index].rank
    for node in nodes[index + 1 :]:
        if node.rank <= rank or (
            node.rank != INF and node.key != nodes[index].key and not node.key.startswith("list")
        ):
            break
        if node.field in _PLAN_FIELDS:
            found.add(node.field)
    return found


def _chosen_level(levels: list[_Level], hints: Hints) -> _Level | None:
    if hints.activity_level:
        wanted = _hint_key(hints.activity_level)
        return next((level for level in levels if level.key == wanted), None)
    if not levels:
        return None
    # Close scores are a tie, and the finer level wins: "Initiative" headings
    # with bold commitments under them are areas, not activities.
    close = [level for level in levels if level.score >= 0.8 * levels[0].score]
    return max(close, key=lambda level: (rank_of(level.key), level.score))


def rank_of(key: str) -> float:
    if key.startswith("h"):
        return float(key[1:])
    if key.startswith("list:"):
        return 8 + int(key[5:])
    return {"bold": 7, "form": 7.2, "numbered": 7.5}.get(key, 0)


def _hint_key(level: str) -> str:
    level = level.strip().lower()
    if level.isdigit():
        return f"h{level}"
    if level in ("bold", "strong"):
        return "bold"
    if level.startswith(("list", "item")):
        depth = level.split(":", 1)[1] if ":" in level else "0"
        return f"list:{depth}"
    return level


def _outline_drafts(nodes: list[_Node], level: _Level) -> list[Draft]:
    drafts = []
    chosen, areas_as_units = _units_with_fill_in(nodes, level)
    units = set(chosen)
    for index in chosen:
        node = nodes[index]
        code, title = split_code(node.block.text)
        draft = Draft(title, node.block.where, code=code, cancelled=node.block.struck)
        area = node.block if index in areas_as_units else _area_above(nodes, index, node.rank)
        if area is not None:
            draft.area, draft.area_where = area.text, area.where
        _fill_from_body(draft, nodes, index, units)
        drafts.append(draft)
    return drafts


def _units_with_fill_in(nodes: list[_Node], level: _Level) -> tuple[list[int], set[int]]:
    """The chosen level's units, and for each area between the first and the last
    that has them but itself has none, its list items or else the area itself:
    plans describe one initiative with bold sub-headings, the next with bullets,
    a third in prose alone."""
    parents = [_parent(nodes, index) for index in level.units]
    keys = Counter(nodes[p].key for p in parents if p is not None)
    if not keys or level.key.startswith("list"):
        return list(level.units), set()
    area_key = keys.most_common(1)[0][0]
    with_units = {p for p in parents if p is not None and nodes[p].key == area_key}
    areas = [i for i, node in enumerate(nodes) if node.key == area_key]
    first, last = min(with_units), max(with_units)
    units, themselves = list(level.units), set()
    for position, area in enumerate(areas):
        if area in with_units or not first < area < last:
            continue
        end = areas[position + 1] if position + 1 < len(areas) else len(nodes)
        items = [i for i in range(area + 1, end) if nodes[i].key == "list:0"]
        if items:
            units.extend(items)
        elif any(nodes[i].key == "text" for i in range(area + 1, end)):
            units.append(area)
            themselves.add(area)
    return sorted(units), themselves


def _parent(nodes: list[_Node], index: int) -> int | None:
    rank = nodes[index].rank
    for position in range(index - 1, -1, -1):
        node = nodes[position]
        if node.rank < rank and node.key != "numbered" and not node.key.startswith("list"):
            return position
    return None


def _area_above(nodes: list[_Node], index: int, rank: float) -> Block | None:
    for node in reversed(nodes[:index]):
        if node.field == "area" and node.value:
            return node.block
        if node.rank < rank and node.key != "numbered" and not node.key.startswith("list"):
            return node.block
    return None


def _fill_from_body(draft: Draft, nodes: list[_Node], index: int, units: set[int]) -> None:
    rank = nodes[index].rank
    pending: str | None = None  # a label whose values are the list that follows
    for position in range(index + 1, len(nodes)):
        node = nodes[position]
        if position in units or node.rank <= rank:
            break
        if node.key == "table":
            continue
        if node.field:
            if node.field == "area":
                break
            draft.add(node.field, _split_value(node.field, node.value))
            pending = node.field if not node.value or node.field == "milestones" else None
        elif pending and (node.block.kind == "item" or pending == "milestones"):
            # The list under 'Produtos', and the dated lines under 'METAS: 12/15: …'.
            draft.add(pending, node.block.text)
        else:
            pending = None
            draft.add("details", node.block.text)


def _split_value(name: str, value: str) -> list[str]:
    if name == "leads":
        return [p for p in re.split(r"\s*[;\n]\s*|\s*,\s+(?=[A-ZÁÉÍÓÚ])", value) if p]
    return [value]


# ---------------------------------------------------------------------------
# The reading


def read(document: Document, hints: Hints) -> Reading | None:
    nodes = read_nodes(document.blocks)
    tables = _tables(nodes, hints) if hints.layout in (None, "table") else []
    levels = candidate_levels(nodes) if hints.layout in (None, "outline") else []
    level = _chosen_level(levels, hints)
    outline = _outline_wanted(level, tables, hints)
    drafts: list[Draft] = []
    parts: list[str] = []
    for block, columns, area in tables:
        drafts.extend(_table_drafts(block, columns, area))
        parts.append(
            f"a table ({block.where}): columns {columns.describe(_headers(block, columns))}"
        )
    if outline and level is not None:
        outline_drafts = _outline_drafts(nodes, level)
        drafts = _in_document_order(drafts, outline_drafts)
        parts.append(f"an outline: {describe_level(level.key)} are activities")
    if not drafts:
        return _nothing_but_areas(nodes, level)
    layout = "table" if tables and not outline else "outline" if not tables else "mixed"
    reading = Reading(drafts, layout, "; ".join(parts))
    areas = {d.area_where for d in drafts}
    if (
        not outline
        and level is not None
        and not hints.layout
        and not any(nodes[i].block.where in areas for i in level.units)
    ):
        reading.notes.append(_near_miss(nodes, level))
    return reading


def _titles_a_section(node: _Node) -> bool:
    """A heading, a bold line, or an area label ('DESAFÍO OGP: …')."""
    outline = node.rank != INF and not node.key.startswith("list")
    return outline or (node.field == "area" and bool(node.value))


def _nothing_but_areas(nodes: list[_Node], level: _Level | None) -> Reading | None:
    """Never lose what was found: the sections that hold the near-activities,
    and a warning naming them, rather than an error."""
    if level is None:
        return None
    parents = [_parent(nodes, index) for index in level.units]
    areas = [nodes[p].block for p in dict.fromkeys(p for p in parents if p is not None)]
    if not areas:
        return None
    return Reading([], "outline", "no activities", [_near_miss(nodes, level)], areas)


def _tables(nodes: list[_Node], hints: Hints) -> list[tuple[Block, _Columns, Block | None]]:
    found = []
    area: Block | None = None
    previous: _Columns | None = None  # the last table of activities, while nothing intervenes
    for node in nodes:
        if node.key == "table":
            columns = _table_columns(node.block, hints) or _continued(node.block, previous)
            if columns is not None:
                found.append((node.block, columns, area))
            previous = columns
        elif _titles_a_section(node):
            area, previous = node.block, None
    return found


def _continued(block: Block, previous: _Columns | None) -> _Columns | None:
    """A table broken over pages goes on without its header (or repeats it):
    the same columns right after a table of activities are more of its rows."""
    if previous is None or not block.rows:
        return None
    if max(len(row) for row in block.rows) != len(previous.header):
        return None
    return _Columns(previous.fields, 0, previous.title, previous.header)


def _outline_wanted(level: _Level | None, tables: list, hints: Hints) -> bool:
    """Outline units with fields under them are a plan; bare ones only when no
    table of activities says otherwise, or when asked for."""
    if level is None or hints.layout == "table":
        return False
    if hints.layout == "outline" or hints.activity_level:
        return True
    if level.with_fields >= max(2, 0.3 * len(level.units)):
        return True
    return not tables and level.score >= 1


def _headers(block: Block, columns: _Columns) -> list[str]:
    width = max(len(row) for row in block.rows)
    return [header_text(block.rows[: columns.header_rows], c) for c in range(width)]


def _in_document_order(first: list[Draft], second: list[Draft]) -> list[Draft]:
    def position(draft: Draft) -> tuple:
        where = draft.where
        return (where.sheet or "", where.page or 0, where.line or 0)

    return sorted(first + second, key=position)


def describe_level(key: str) -> str:
    if key.startswith("h"):
        return f"headings of level {key[1:]}"
    if key == "bold":
        return "bold lines"
    if key == "numbered":
        return "numbered labels"
    if key == "form":
        return "tables of labels (one per activity)"
    return f"list items at depth {key.split(':')[1]}"


def _near_miss(nodes: list[_Node], level: _Level) -> tuple[Where | None, str, str]:
    first = nodes[level.units[0]].block
    parent = _area_above(nodes, level.units[0], nodes[level.units[0]].rank)
    under = f" under '{squash(parent.text)[:40]}'" if parent is not None else ""
    hint = f"--layout outline --activity-level {hint_for(level.key)}"
    return (
        first.where,
        "not-read-as-activities",
        f"{len(level.units)} {describe_level(level.key)}{under} were not read as "
        f"activities: pass {hint}",
    )


def hint_for(key: str) -> str:
    """The `activity_level` hint that names a level: "3" for h3, else the key."""
    return key[1:] if key.startswith("h") else key
