"""Plain text, Markdown and HTML into blocks.

Markdown is read by markdown-it-py (CommonMark, with GitHub's pipe tables and
strikethrough, and front matter) because its tokens carry their source lines;
HTML, whether a whole page or a block inside Markdown, by lxml, whose
elements carry theirs. Plain text is read as Markdown: a typed plan's
numbered lines, bullets and blank-line paragraphs mean the same in both.
"""

from __future__ import annotations

import html
import re
from collections.abc import Generator, Iterator

import lxml.html
from lxml import etree
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from ..blocks import Block, Document, Where
from ..text import squash
from .lines import block_lines

_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_STRUCK_TAGS = {"s", "strike", "del"}
_BLOCK_TAGS = {"p", "table", "ul", "ol", "li", "dl"}
_SKIPPED_TAGS = {"script", "style", "head", "title", "meta", "link", "noscript", "template"}
_TAG = re.compile(r"<[^>]*>")
_LINE_LABEL = re.compile(r"^\W{0,4}[^\W\d][^:]{1,40}:(?!//)")
_FRONT_TITLE = re.compile(r"^title:\s*[\"']?(.*?)[\"']?\s*$", re.MULTILINE)


def _markdown() -> MarkdownIt:
    return (
        MarkdownIt("commonmark", {"html": True})
        .enable(["table", "strikethrough"])
        .use(front_matter_plugin)
    )


_MD = _markdown()


def read_markdown(text: str, format: str = "markdown") -> Document:
    tokens = _MD.parse(text)
    title = ""
    if tokens and tokens[0].type == "front_matter":
        found = _FRONT_TITLE.search(tokens[0].content)
        title = found.group(1) if found else ""
    blocks = list(_MarkdownWalker(tokens).blocks())
    return Document(blocks, format, lines=text.splitlines(), title=title)


def read_html(text: str, format: str = "html") -> Document:
    root = _parse_html(text)
    title = ""
    if root is not None:
        found = root.find(".//title")
        title = squash(found.text_content()) if found is not None else ""
    blocks = list(html_blocks(root, 0)) if root is not None else []
    return Document(blocks, format, lines=block_lines(blocks), title=title)


def looks_like_html(text: str) -> bool:
    """A page, or a fragment that is mostly markup (a .md that is one <table>)."""
    head = text.lstrip()[:2000].lower()
    if head.startswith(("<!doctype html", "<html", "<?xml")) and "<html" in head:
        return True
    if not head.startswith("<"):
        return False
    tags = len(_TAG.findall(text[:20000]))
    return tags > 10 and any(t in head for t in ("<table", "<body", "<div", "<h1", "<ul", "<p"))


# ---------------------------------------------------------------------------
# Markdown


class _MarkdownWalker:
    """Walks markdown-it's flat token stream, keeping the list nesting."""

    def __init__(self, tokens: list[Token]):
        self.tokens = tokens
        self.lists: list[list] = []  # [ordered, next number, delimiter] per open list

    def blocks(self) -> Iterator[Block]:
        tokens = self.tokens
        i = 0
        while i < len(tokens):
            token = tokens[i]
            kind = token.type
            if kind in ("bullet_list_open", "ordered_list_open"):
                start = int(token.attrGet("start") or 1)
                self.lists.append([kind == "ordered_list_open", start, token.markup])
            elif kind in ("bullet_list_close", "ordered_list_close"):
                self.lists.pop()
            elif kind == "list_item_open":
                i = yield from self.item(i)
                continue
            elif kind == "heading_open":
                yield self.heading(token, tokens[i + 1])
                i += 3
                continue
            elif kind == "paragraph_open":
                yield from self.paragraph(tokens[i + 1])
                i += 3
                continue
            elif kind == "table_open":
                i = yield from self.table(i)
                continue
            elif kind == "html_block":
                yield from html_blocks(_parse_html(token.content), _first_line(token) - 1)
            elif kind in ("code_block", "fence"):
                for offset, text in enumerate(token.content.splitlines()):
                    if text.strip():
                        yield Block("paragraph", squash(text), Where(_first_line(token) + offset))
            i += 1

    def item(self, i: int) -> Generator[Block, None, int]:
        """A list item: its first paragraph is the item's text; whatever else it
        holds (headings, more paragraphs, nested lists) follows as blocks."""
        token = self.tokens[i]
        ordered, number, _ = self.lists[-1]
        marker = f"{token.info or number}{token.markup}" if ordered else token.markup
        if ordered:
            self.lists[-1][1] = int(token.info or number) + 1
        depth = len(self.lists) - 1
        i += 1
        first = self.tokens[i] if i < len(self.tokens) else None
        if first is not None and first.type == "paragraph_open":
            text, strong, struck = _inline_text(self.tokens[i + 1])
            yield Block(
                "item",
                text,
                Where(_first_line(token)),
                level=depth,
                marker=marker,
                strong=strong,
                struck=struck,
            )
            i += 3
        # An item that holds only a heading or a nested list ("- ### Title") is
        # not an item of its own: its content follows.
        # The item's other content is walked by the main loop up to list_item_close.
        close = self._matching_close(i - 1 if first is None else i, token.level)
        inner = _MarkdownWalker(self.tokens[i:close])
        inner.lists = self.lists
        yield from inner.blocks()
        return close + 1

    def _matching_close(self, i: int, level: int) -> int:
        while i < len(self.tokens):
            token = self.tokens[i]
            if token.type == "list_item_close" and token.level == level:
                return i
            i += 1
        return len(self.tokens)

    def heading(self, token: Token, inline: Token) -> Block:
        text, _, struck = _inline_text(inline)
        return Block(
            "heading", text, Where(_first_line(token)), level=_HEADINGS[token.tag], struck=struck
        )

    def paragraph(self, inline: Token) -> Iterator[Block]:
        """A paragraph; or, when its lines are "Label: value" lines typed one under
        the other (a plain-text plan), one block per line."""
        lines = inline.content.splitlines()
        if len(lines) > 1 and any(_LINE_LABEL.match(line) for line in lines[1:]):
            first = _first_line(inline)
            for offset, line in enumerate(lines):
                one = _MD.parseInline(line)[0]
                text, strong, struck = _inline_text(one)
                if text:
                    yield Block(
                        "paragraph", text, Where(first + offset), strong=strong, struck=struck
                    )
            return
        text, strong, struck = _inline_text(inline)
        yield Block("paragraph", text, Where(_first_line(inline)), strong=strong, struck=struck)

    def table(self, i: int) -> Generator[Block, None, int]:
        start = self.tokens[i]
        rows: list[list[str]] = []
        struck_rows: list[int] = []
        header_rows = 0
        row: list[str] = []
        row_struck = False
        while i < len(self.tokens) and self.tokens[i].type != "table_close":
            token = self.tokens[i]
            if token.type == "tr_open":
                row, row_struck = [], False
            elif token.type == "inline":
                text, _, struck = _inline_text(token)
                row.append(text)
                row_struck = row_struck or struck
            elif token.type == "tr_close":
                if row_struck:
                    struck_rows.append(len(rows))
                rows.append(row)
            elif token.type == "thead_close":
                header_rows = len(rows)
            i += 1
        yield Block(
            "table",
            where=Where(_first_line(start)),
            rows=rows,
            header_rows=header_rows,
            struck_rows=struck_rows,
        )
        return i + 1


def _first_line(token: Token) -> int:
    return token.map[0] + 1 if token.map else 0


def _inline_text(inline: Token) -> tuple[str, bool, bool]:
    """The text of an inline run, whether all of it is bold, whether any is struck."""
    parts: list[str] = []
    bold_depth = 0
    struck_depth = 0
    plain_chars = 0
    struck = False
    for child in inline.children or []:
        kind = child.type
        if kind == "strong_open":
            bold_depth += 1
        elif kind == "strong_close":
            bold_depth -= 1
        elif kind == "s_open":
            struck_depth += 1
            struck = True
        elif kind == "s_close":
            struck_depth -= 1
        elif kind == "html_inline":
            tag = child.content.strip("</> ").split()[0].lower() if child.content.strip() else ""
            if tag in _STRUCK_TAGS:
                struck = True
        elif kind in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif kind in ("text", "code_inline"):
            parts.append(child.content)
            if not bold_depth and child.content.strip():
                plain_chars += len(child.content.strip())
    text = squash(lxml_unescape("".join(parts)))
    return text, bool(text) and plain_chars == 0 and _has_strong(inline), struck


def _has_strong(inline: Token) -> bool:
    return any(child.type == "strong_open" for child in inline.children or [])


def lxml_unescape(text: str) -> str:
    """Entities markdown-it left alone inside raw HTML (&#x2026;)."""
    return html.unescape(text) if "&" in text else text


# ---------------------------------------------------------------------------
# HTML


def _parse_html(text: str):
    if not text.strip():
        return None
    try:
        return lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        return None


def html_blocks(root, line_offset: int) -> Iterator[Block]:
    if root is None:
        return
    body = root.find("body")
    yield from _html_children(body if body is not None else root, line_offset, depth=-1)


def _where(element, offset: int) -> Where:
    return Where((element.sourceline or 1) + offset)


def _html_children(element, offset: int, depth: int) -> Iterator[Block]:
    loose: list[str] = [element.text or ""]
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in _SKIPPED_TAGS or not tag:
            loose.append(child.tail or "")
            continue
        if (
            tag in _HEADINGS
            or tag in ("p", "table", "ul", "ol", "li", "dl")
            or _is_container(child)
        ):
            if text := squash("".join(loose)):
                yield Block("paragraph", text, _where(element, offset))
            loose = []
            yield from _html_element(child, offset, depth)
        else:
            loose.append(child.text_content())
        loose.append(child.tail or "")
    if text := squash("".join(loose)):
        yield Block("paragraph", text, _where(element, offset))


def _is_container(element) -> bool:
    return element.tag in (
        "div",
        "section",
        "article",
        "main",
        "body",
        "header",
        "footer",
        "blockquote",
        "center",
        "form",
        "aside",
        "nav",
        "figure",
        "dd",
        "dt",
        "tbody",
        "thead",
    )


def _html_element(element, offset: int, depth: int) -> Iterator[Block]:
    tag = element.tag
    struck = _struck(element)
    if tag in _HEADINGS:
        yield Block(
            "heading", _text(element), _where(element, offset), level=_HEADINGS[tag], struck=struck
        )
    elif tag == "p":
        yield Block(
            "paragraph",
            _text(element),
            _where(element, offset),
            strong=_all_bold(element),
            struck=struck,
        )
    elif tag == "table":
        yield _html_table(element, offset)
    elif tag in ("ul", "ol", "dl"):
        yield from _html_list(element, offset, depth + 1)
    elif tag == "li":
        yield from _html_list_item(element, offset, depth + 1 if depth < 0 else depth, "•")
    else:
        yield from _html_children(element, offset, depth)


def _html_list(element, offset: int, depth: int) -> Iterator[Block]:
    ordered = element.tag == "ol"
    number = int(element.get("start", "1") or 1) if ordered else 0
    for child in element:
        if not isinstance(child.tag, str):
            continue
        if child.tag in ("li", "dt", "dd"):
            marker = f"{number}." if ordered else "•"
            number += 1
            yield from _html_list_item(child, offset, depth, marker)
        else:
            yield from _html_element(child, offset, depth)


def _html_list_item(element, offset: int, depth: int, marker: str) -> Iterator[Block]:
    nested = [
        c
        for c in element
        if isinstance(c.tag, str) and (c.tag in ("ul", "ol", "table") or c.tag in _HEADINGS)
    ]
    own = squash(_text(element, skip=set(nested)))
    yield Block(
        "item",
        own,
        _where(element, offset),
        level=depth,
        marker=marker,
        struck=_struck(element),
        strong=_all_bold(element),
    )
    for child in nested:
        yield from _html_element(child, offset, depth)


def _html_table(table, offset: int) -> Block:
    rows: list[list[str]] = []
    struck_rows: list[int] = []
    header_rows = 0
    pending: dict[int, tuple[str, int]] = {}  # column -> (text, rows still covered)
    for tr in table.iter("tr"):
        if _owning_table(tr) is not table:
            continue
        cells = [c for c in tr if isinstance(c.tag, str) and c.tag in ("td", "th")]
        row: list[str] = []
        column = 0
        struck = False
        for cell in cells:
            column = _fill_pending(row, pending, column)
            text = _text(cell)
            struck = struck or _struck(cell)
            span = _int(cell.get("colspan"))
            down = _int(cell.get("rowspan"))
            for _ in range(span):
                row.append(text)
                if down > 1:
                    pending[column] = (text, down - 1)
                column += 1
        _fill_pending(row, pending, column, to_end=True)
        if not any(row):
            continue
        in_head = tr.getparent() is not None and tr.getparent().tag == "thead"
        if in_head or (len(rows) == header_rows and all(c.tag == "th" for c in cells)):
            header_rows = len(rows) + 1
        if struck:
            struck_rows.append(len(rows))
        rows.append(row)
    return Block(
        "table",
        where=_where(table, offset),
        rows=rows,
        header_rows=header_rows,
        struck_rows=struck_rows,
    )


def _fill_pending(row: list[str], pending: dict, column: int, to_end: bool = False) -> int:
    while column in pending or (to_end and any(c >= column for c in pending)):
        if column in pending:
            text, left = pending[column]
            row.append(text)
            if left > 1:
                pending[column] = (text, left - 1)
            else:
                del pending[column]
        else:
            row.append("")
        column += 1
    return column


def _owning_table(element):
    parent = element.getparent()
    while parent is not None and parent.tag != "table":
        parent = parent.getparent()
    return parent


def _int(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 100))
    except ValueError:
        return 1


def _text(element, skip: set | None = None) -> str:
    parts: list[str] = []

    def walk(node) -> None:
        if skip and node in skip:
            return
        if isinstance(node.tag, str) and node.tag in ("br",):
            parts.append(" ")
        if node.text and (not isinstance(node.tag, str) or node.tag not in _SKIPPED_TAGS):
            parts.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(element)
    return squash("".join(parts))


def _struck(element) -> bool:
    """Struck through: the element is inside, or wholly made of, <s>/<strike>/<del>."""
    node = element
    while node is not None:
        if isinstance(node.tag, str) and node.tag in _STRUCK_TAGS:
            return True
        node = node.getparent()
    text = _text(element)
    if not text:
        return False
    struck = "".join(
        _text(e) for e in element.iter() if isinstance(e.tag, str) and e.tag in _STRUCK_TAGS
    )
    return len(squash(struck)) >= 0.8 * len(text)


def _all_bold(element) -> bool:
    text = _text(element)
    if not text:
        return False
    bold = "".join(
        _text(e) for e in element.iter() if isinstance(e.tag, str) and e.tag in ("b", "strong")
    )
    return len(squash(bold)) >= 0.9 * len(text)
