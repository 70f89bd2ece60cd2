"""PDF → blocks: headings by font size, paragraphs, list items and ruled tables.

Characters come from PDFium (pypdfium2, installed with pdfplumber): it reads a
17-page Word export with sizes and weights in about 0.3 s, where pdfplumber's
pure-Python interpreter (pdfminer) needs 2.8 s for the same characters, past
the 1 s a document may take. pdfplumber still does the table geometry: its
edge-merging and cell-finding functions take the ruling lines we collect from
PDFium's path objects.

Conventions of the blocks this reader makes:
- sizes clearly above the body size (the commonest) are headings, the largest
  level 1; a paragraph wholly in bold at body size is a paragraph with
  strong=True (the layouts decide whether it heads something);
- bullets are given as "•" whatever glyph the font drew (Word's Symbol bullet
  is the private-use U+F0B7); numbers and letters as written ("1.", "a)");
- Where(page, line): the line counted from the top of the page, from 1,
  including running headers, which are dropped.
"""

from __future__ import annotations

import ctypes
import io
import re
import statistics
import threading
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise

from ..blocks import Block, Document, Where
from ..errors import PlanParseError

MAX_PAGES = 300
_BOLD_NAME = re.compile(rb"bold|black|heavy|semibold|demi", re.IGNORECASE)
# Some fonts map their hyphen to a control code; other control codes mean nothing.
_CONTROL = {**dict.fromkeys((*range(0, 2), *range(3, 32)), "\ufffd"), 2: "-"}
# Private-use glyphs that Symbol and Wingdings bullets map to.
_PUA_BULLETS = "\uf0b7\uf0a7\uf0a8\uf076\uf0d8\uf0fc\uf06e\uf071\uf0e8\uf0de"
_BULLETS = "•◦▪▫■□●○‣∙·-–—*➢►✓" + _PUA_BULLETS
_NUMBER = re.compile(
    r"(?:\(?\d{1,3}[.)]|\(?[a-z][.)]|\(?[ivxlc]{1,6}[.)]|[IVXLC]{1,6}\.|[A-Z]\)|\d{1,3}(?:\.\d{1,3})+\.?)$"
)


@dataclass(slots=True)
class _Char:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    baseline: float
    size: float
    bold: bool
    real_space: bool = False


@dataclass(slots=True)
class _Line:
    chars: list[_Char]
    number: int = 0
    text: str = ""
    size: float = 0.0
    bold: bool = False
    starts_bold: bool = False
    struck: bool = False

    @property
    def x0(self) -> float:
        return self.chars[0].x0

    @property
    def x1(self) -> float:
        return self.chars[-1].x1

    @property
    def top(self) -> float:
        return min(c.top for c in self.chars)

    @property
    def bottom(self) -> float:
        return max(c.bottom for c in self.chars)

    @property
    def baseline(self) -> float:
        return self.chars[0].baseline


@dataclass(slots=True)
class _Page:
    number: int
    width: float
    height: float
    chars: list[_Char]
    hlines: list[tuple[float, float, float]]  # (y, x0, x1): candidate strike-throughs
    edges: list[dict] = field(default_factory=list)


_PDFIUM = threading.Lock()


# ---------------------------------------------------------------- public API


def read_pdf(data: bytes, source: str | None = None) -> Document:
    """The blocks of a PDF with a text layer; PlanParseError for anything unreadable."""
    # PDFium is not thread-safe and pypdfium2 does not serialise calls into it:
    # threaded workers reading two PDFs at once must take turns.
    with _PDFIUM:
        pages = _load_pages(data, source)
    if not any(page.chars for page in pages):
        raise PlanParseError(
            "the PDF has no text layer (a scanned document?): Planea cannot read images",
            source=source,
        )
    try:
        return _read_pages(pages)
    except PlanParseError:
        raise
    except Exception as error:  # a geometry we did not foresee must not crash an import
        raise PlanParseError(f"cannot lay out the PDF's text ({error})", source=source) from None


def pdf_text(data: bytes, source: str | None = None) -> str:
    """The text layer of a PDF, page after page, as the coded-lines parser has
    always read it (pypdf). Slower than read_pdf: 1.9 s for a 17-page plan."""
    import pypdf
    from pypdf.errors import PyPdfError

    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise PlanParseError("the PDF is password-protected", source=source)
        pages = [_page_text(page) for page in reader.pages]
    except PlanParseError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as error:
        raise PlanParseError(f"not a readable PDF ({error})", source=source) from None
    text = "\n".join(pages)
    if not text.strip():
        raise PlanParseError(
            "the PDF has no text layer (a scanned document?): Planea cannot read images",
            source=source,
        )
    return text


def pdf_lines(data: bytes, source: str | None = None) -> list[str]:
    """pdf_text() as lines."""
    return pdf_text(data, source).splitlines()


def _page_text(page) -> str:
    """Layout mode keeps the blank lines between paragraphs, which plain mode
    loses; it is newer and fussier, so plain mode stands in when it fails."""
    try:
        return page.extract_text(extraction_mode="layout") or ""
    except Exception:  # pypdf's layout mode trips on some fonts; plain mode does not
        return page.extract_text() or ""


# ---------------------------------------------------------------- loading


def _load_pages(data: bytes, source: str | None) -> list[_Page]:
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    if not data.lstrip()[:1024].count(b"%PDF"):
        raise PlanParseError("not a PDF file", source=source)
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if error.err_code == raw.FPDF_ERR_PASSWORD:
            raise PlanParseError("the PDF is password-protected", source=source) from None
        raise PlanParseError("a damaged PDF that cannot be opened", source=source) from None
    except Exception:  # PDFium's bindings raise what they like on odd input
        raise PlanParseError("a damaged PDF that cannot be opened", source=source) from None
    try:
        count = len(document)
        if count > MAX_PAGES:
            raise PlanParseError(
                f"the PDF has {count} pages, more than the {MAX_PAGES} a plan may have",
                source=source,
            )
        return [_load_page(document, index) for index in range(count)]
    except PlanParseError:
        raise
    except Exception as error:
        raise PlanParseError(f"a damaged PDF page ({error})", source=source) from None
    finally:
        document.close()


def _load_page(document, index: int) -> _Page:
    page = document[index]
    try:
        width, height = page.get_size()
        textpage = page.get_textpage()
        try:
            chars = _page_chars(textpage.raw, height)
        finally:
            textpage.close()
        edges, hlines = _page_rules(page.raw, height)
        return _Page(index + 1, width, height, chars, hlines, edges)
    finally:
        page.close()


def _page_chars(handle, height: float) -> list[_Char]:
    """Every drawn character with its box (top-down coordinates), size and weight.
    PDFium's own inferred spaces and line breaks are skipped: it splits words
    where the text is letter-spaced ("ciud adanía"); we infer spaces per line."""
    import pypdfium2.raw as raw

    # Bound once: these run for every character, and attribute look-ups add up.
    unicode_of, box_of = raw.FPDFText_GetUnicode, raw.FPDFText_GetLooseCharBox
    size_of, weight_of = raw.FPDFText_GetFontSize, raw.FPDFText_GetFontWeight
    generated, font_of = raw.FPDFText_IsGenerated, raw.FPDFText_GetFontInfo
    name, flags = ctypes.create_string_buffer(128), ctypes.c_int()
    bold_fonts: dict[bytes, bool] = {}
    rect = raw.FS_RECTF()
    chars: list[_Char] = []
    for i in range(raw.FPDFText_CountChars(handle)):
        code = unicode_of(handle, i)
        if code in (13, 10, 0xFFFE) or (code == 32 and generated(handle, i)):
            continue
        if not box_of(handle, i, rect):
            continue
        text = _CONTROL.get(code) or (chr(code) if code < 0x110000 else "\ufffd")
        size = size_of(handle, i)
        space = text.isspace()
        # Many fonts state no weight (WeasyPrint's give 400 for bold): the name tells.
        font_of(handle, i, name, 128, flags)
        bold = bold_fonts.get(name.value)
        if bold is None:
            bold = bold_fonts[name.value] = bool(_BOLD_NAME.search(name.value))
        # The loose box runs from the font's descent to its ascent; the
        # baseline sits about a fifth of the size above its bottom.
        bottom = height - rect.bottom
        chars.append(
            _Char(
                " " if space else text,
                rect.left,
                rect.right,
                height - rect.top,
                bottom,
                bottom - 0.2 * size,
                round(size * 2) / 2,
                bold or weight_of(handle, i) >= 600,
                space,
            )
        )
    return chars


def _page_rules(page_handle, height: float) -> tuple[list[dict], list[tuple[float, float, float]]]:
    """Straight lines drawn on the page, as pdfplumber edges (for tables), and
    the thin horizontal ones (for strike-through)."""
    import pypdfium2.raw as raw

    segments: list[tuple[float, float, float, float]] = []
    for i in range(raw.FPDFPage_CountObjects(page_handle)):
        obj = raw.FPDFPage_GetObject(page_handle, i)
        if raw.FPDFPageObj_GetType(obj) == raw.FPDF_PAGEOBJ_PATH:
            segments.extend(_path_segments(obj))
        if len(segments) > 20_000:  # a drawing, not a table: stop looking
            break
    edges, hlines = [], []
    for x0, y0, x1, y1 in segments:
        top, bottom = height - max(y0, y1), height - min(y0, y1)
        left, right = min(x0, x1), max(x0, x1)
        if bottom - top < 1.5 and right - left > 2:
            edges.append(_edge("h", left, right, (top + bottom) / 2, (top + bottom) / 2))
            hlines.append(((top + bottom) / 2, left, right))
        elif right - left < 1.5 and bottom - top > 2:
            edges.append(_edge("v", (left + right) / 2, (left + right) / 2, top, bottom))
    return edges, hlines


def _edge(orientation: str, x0: float, x1: float, top: float, bottom: float) -> dict:
    return {
        "orientation": orientation,
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "doctop": top,
        "width": x1 - x0,
        "height": bottom - top,
        "object_type": "line",
    }


def _path_segments(obj) -> list[tuple[float, float, float, float]]:
    """The straight pieces of a path in page space; a thin filled rectangle
    (how Word draws a cell border) becomes the line along its middle."""
    import pypdfium2.raw as raw

    fill, stroke = ctypes.c_int(), ctypes.c_int()
    if not raw.FPDFPath_GetDrawMode(obj, fill, stroke) or (not fill.value and not stroke.value):
        return []
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    if not raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
        return []
    x0, b, x1, t = left.value, bottom.value, right.value, top.value
    if t - b < 2.5 and x1 - x0 > 2:
        return [(x0, (t + b) / 2, x1, (t + b) / 2)]
    if x1 - x0 < 2.5 and t - b > 2:
        return [((x0 + x1) / 2, b, (x0 + x1) / 2, t)]
    return _stroked_segments(obj)


def _stroked_segments(obj) -> list[tuple[float, float, float, float]]:
    import pypdfium2.raw as raw

    matrix = raw.FS_MATRIX()
    if not raw.FPDFPageObj_GetMatrix(obj, matrix):
        return []
    a, b, c, d, e, f = matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f
    px, py = ctypes.c_float(), ctypes.c_float()
    points: list[tuple[float, float]] = []
    segments = []
    start = None
    count = min(raw.FPDFPath_CountSegments(obj), 4000)
    for i in range(count):
        seg = raw.FPDFPath_GetPathSegment(obj, i)
        if not raw.FPDFPathSegment_GetPoint(seg, px, py):
            continue
        point = (a * px.value + c * py.value + e, b * px.value + d * py.value + f)
        kind = raw.FPDFPathSegment_GetType(seg)
        if kind == raw.FPDF_SEGMENT_LINETO and points:
            segments.append((*points[-1], *point))
        elif kind == raw.FPDF_SEGMENT_MOVETO:
            start = point
        points.append(point)
        if raw.FPDFPathSegment_GetClose(seg) and start is not None:
            segments.append((*point, *start))
    return [s for s in segments if abs(s[1] - s[3]) < 1 or abs(s[0] - s[2]) < 1]


# ---------------------------------------------------------------- layout


@dataclass(slots=True, frozen=True)
class _Style:
    """What the whole document tells about its type: the body size, the sizes
    of headings with their levels, the usual line step per size."""

    body: float
    levels: dict[float, int]
    pitches: dict[float, float]


def _read_pages(pages: list[_Page]) -> Document:
    page_lines = {page.number: _lines(page.chars) for page in pages}
    for page in pages:
        for line in page_lines[page.number]:
            line.struck = _is_struck(line, page.hlines)
    running = _running_lines(pages, page_lines)
    body = _body_size(page_lines, running)
    style = _Style(body, _heading_levels(page_lines, running, body), _line_pitches(page_lines))
    blocks: list[Block] = []
    text_lines: list[str] = []
    indents: dict[int, float] = {}  # where each item's text starts, for its depth
    carried: list[_Line] = []  # the last paragraph of the page before
    for page in pages:
        lines = [line for line in page_lines[page.number] if id(line) not in running]
        tables = _tables(page, lines)
        inside = {id(line) for _, table_lines, _ in tables for line in table_lines}
        placed: list[tuple[float, Block]] = [(top, block) for top, _, block in tables]
        flow = [line for line in lines if id(line) not in inside]
        paragraphs = _paragraphs(flow, style)
        if (
            paragraphs
            and carried
            and not tables
            and _carries_over(carried, paragraphs[0][0], style)
        ):
            _extend(blocks[-1], paragraphs.pop(0))
        for paragraph in paragraphs:
            block = _block(paragraph, page.number, style)
            indents[id(block)] = _text_start(paragraph[0])
            placed.append((paragraph[0].top, block))
        placed.sort(key=lambda pair: pair[0])
        blocks.extend(block for _, block in placed)
        carried = paragraphs[-1] if paragraphs and placed[-1][1].kind != "table" else []
        text_lines.extend(_text_lines(lines, style))
    _set_item_levels(blocks, indents)
    return Document(blocks, format="pdf", lines=text_lines)


def _carries_over(previous: list[_Line], first: _Line, style: _Style) -> bool:
    """A paragraph broken by the page: the first line on the new page goes on
    from the last one of the page before (it was full, same style)."""
    last = previous[-1]
    if first.size != last.size or first.bold != last.bold or _marker(first) is not None:
        return False
    if last.size in style.levels or last.text.endswith((".", ":", ";")):
        return False
    return first.text[:1].islower() or last.text[-1:].isalnum() or last.text.endswith(",")


def _extend(block: Block, lines: list[_Line]) -> None:
    block.text = _join_lines([block.text, *(line.text for line in lines)])


def _lines(chars: list[_Char]) -> list[_Line]:
    """Characters into visual lines: by baseline, then left to right."""
    ordered = sorted(chars, key=lambda c: c.baseline)
    lines: list[_Line] = []
    current: list[_Char] = []
    for char in ordered:
        # A superscript sits less than half a size above its line's baseline.
        if current and char.baseline - current[0].baseline > 0.5 * max(char.size, 4):
            lines.append(_Line(sorted(current, key=lambda c: c.x0)))
            current = []
        current.append(char)
    if current:
        lines.append(_Line(sorted(current, key=lambda c: c.x0)))
    result = []
    for number, line in enumerate(lines, 1):
        line.chars = _trim(line.chars)
        if not line.chars:
            continue
        line.number = number
        _describe(line)
        result.append(line)
    return result


def _trim(chars: list[_Char]) -> list[_Char]:
    start, end = 0, len(chars)
    while start < end and chars[start].real_space:
        start += 1
    while end > start and chars[end - 1].real_space:
        end -= 1
    return chars[start:end]


def _describe(line: _Line) -> None:
    visible = [c for c in line.chars if not c.real_space]
    sizes = Counter(c.size for c in visible)
    line.size = sizes.most_common(1)[0][0] if sizes else 0.0
    line.bold = bool(visible) and all(c.bold for c in visible)
    line.starts_bold = bool(visible) and visible[0].bold
    line.text = _join_chars(line.chars)


def _join_chars(chars: list[_Char]) -> str:
    """Letters into words: a real space is a space; a gap is one too unless the
    line's real spaces are much wider, which means the gap is letter-spacing."""
    real_gaps = [
        chars[i + 1].x0 - chars[i - 1].x1
        for i in range(1, len(chars) - 1)
        if chars[i].real_space and not chars[i - 1].real_space and not chars[i + 1].real_space
    ]
    spacing = 0.6 * statistics.median(real_gaps) if len(real_gaps) >= 2 else 0.0
    out: list[str] = []
    previous = None
    for char in chars:
        if char.real_space:
            if out and out[-1] != " ":
                out.append(" ")
            previous = None
            continue
        if previous is not None and out[-1] != " ":
            gap = char.x0 - previous.x1
            threshold = max(0.15 * char.size, spacing)
            if gap > threshold:
                out.append(" ")
        out.append(char.text)
        previous = char
    return "".join(out).strip()


def _is_struck(line: _Line, hlines: list[tuple[float, float, float]]) -> bool:
    """A horizontal rule through the middle of the letters, across the line."""
    if not hlines:
        return False
    low, high = line.baseline - 0.5 * line.size, line.baseline - 0.15 * line.size
    width = line.x1 - line.x0
    covered = sum(
        min(x1, line.x1) - max(x0, line.x0)
        for y, x0, x1 in hlines
        if low <= y <= high and x1 > line.x0 and x0 < line.x1
    )
    return width > 0 and covered >= 0.8 * width


def _running_lines(pages: list[_Page], page_lines: dict[int, list[_Line]]) -> set[int]:
    """Running headers and footers: the same text (numbers aside) at the same
    height on most pages, and page numbers alone in the margins."""
    margin_keys: dict[int, tuple[str, int]] = {}
    counts: Counter = Counter()
    for page in pages:
        seen = set()
        for line in page_lines[page.number]:
            if page.height * 0.12 < line.top and line.bottom < page.height * 0.88:
                continue
            key = (re.sub(r"\d+", "#", line.text.lower()), round(line.top / 4))
            margin_keys[id(line)] = key
            if key not in seen:
                seen.add(key)
                counts[key] += 1
    quorum = max(2, (len(pages) + 1) // 2)
    running = set()
    for line_id, key in margin_keys.items():
        text = key[0]
        if (len(pages) >= 2 and counts[key] >= quorum) or _is_page_number(text):
            running.add(line_id)
    return running


def _is_page_number(text: str) -> bool:
    """ "12", "- 12 -", "Page 3 of 9", "página 4", or a roman "iv" alone."""
    return bool(
        re.fullmatch(r"[-–\s]*(page|página|pagina|p\.)?\s*#(\s*(of|de|/)\s*#)?[-–\s]*", text)
        or re.fullmatch(r"[ivxlc]{1,6}", text)
    )


def _body_size(page_lines: dict[int, list[_Line]], running: set[int]) -> float:
    sizes: Counter = Counter()
    for lines in page_lines.values():
        for line in lines:
            if id(line) not in running:
                sizes[line.size] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _heading_levels(
    page_lines: dict[int, list[_Line]], running: set[int], body: float
) -> dict[float, int]:
    """Sizes clearly above the body's, largest first, as heading levels 1–6."""
    sizes = {
        line.size
        for lines in page_lines.values()
        for line in lines
        if id(line) not in running and line.size >= body + max(1.0, 0.08 * body)
    }
    return {size: min(level, 6) for level, size in enumerate(sorted(sizes, reverse=True), 1)}


# ---------------------------------------------------------------- paragraphs


def _marker(line: _Line) -> tuple[str, str] | None:
    """The list marker a line starts with, and the text after it."""
    text = line.text
    if text[:1] in _BULLETS:
        rest = text[1:]
        # "-" or "–" glued to a word is a hyphen or a dash, not a bullet.
        if rest[:1] == " " or (text[0] in _PUA_BULLETS + "•◦▪●○■" and rest):
            return "•" if text[0] in _PUA_BULLETS else text[0], rest.strip()
        return None
    head, _, rest = text.partition(" ")
    if rest and _NUMBER.match(head):
        return head, rest.strip()
    glued = re.match(r"(\d{1,3}\.)(?=[A-ZÁÉÍÓÚÑ])", text)  # "10.Panel": a tab lost in export
    if glued:
        return glued.group(1), text[glued.end() :]
    return None


def _paragraphs(lines: list[_Line], style: _Style) -> list[list[_Line]]:
    if not lines:
        return []
    right = _right_margin(lines)
    groups: list[list[_Line]] = [[lines[0]]]
    for line in lines[1:]:
        if _continues(groups[-1], line, right, style):
            groups[-1].append(line)
        else:
            groups.append([line])
    return groups


def _right_margin(lines: list[_Line]) -> float:
    """Where full lines end: the furthest right that several lines reach, so
    one wide line (a URL, a footnote) does not move it."""
    ends = sorted((line.x1 for line in lines), reverse=True)
    return ends[min(2, len(ends) - 1)] if ends else 0.0


def _line_pitches(page_lines: dict[int, list[_Line]]) -> dict[float, float]:
    """The usual distance between baselines within a paragraph, per font size:
    a wider step below a line starts a new paragraph."""
    steps: dict[float, Counter] = {}
    for lines in page_lines.values():
        for above, below in pairwise(lines):
            step = below.baseline - above.baseline
            if above.size == below.size and 0 < step < 3 * max(above.size, 1):
                steps.setdefault(above.size, Counter())[round(step * 2) / 2] += 1
    # The smallest common step, not the commonest: in a plan typed with an
    # empty paragraph between fields, double steps can outnumber single ones.
    return {
        size: min(step for step, n in counter.items() if n >= 0.15 * counter.total())
        for size, counter in steps.items()
    }


def _continues(group: list[_Line], line: _Line, right: float, style: _Style) -> bool:
    """Whether `line` carries on the paragraph `group`: close below it, in the
    same style, not a new list item, and the line before was full."""
    last = group[-1]
    pitch = style.pitches.get(last.size, 1.2 * last.size)
    step = line.baseline - last.baseline
    if step <= 0 or step > 1.25 * pitch + 1:
        return False
    if abs(line.size - last.size) >= 1 or line.bold != last.bold or line.struck != last.struck:
        return False
    if _marker(line) is not None:
        return False
    if line.starts_bold and not last.chars[-1].bold:
        return False  # a bold label opens a new paragraph: "METAS: …"
    first_word = line.text.split(" ", 1)[0]
    word_width = (line.x1 - line.x0) * len(first_word) / max(len(line.text), 1)
    if last.size in style.levels:
        return True  # a heading wrapped over lines, often centred
    # When the next word would have fitted, the line was broken by hand.
    return last.x1 + word_width + 0.5 * line.size >= right


def _block(lines: list[_Line], page: int, style: _Style) -> Block:
    text = _join_lines([line.text for line in lines])
    where = Where(page=page, line=lines[0].number)
    body, levels = style.body, style.levels
    struck = all(line.struck for line in lines)
    size = lines[0].size
    marker = _marker(lines[0])
    if size in levels and len(text) <= 300:  # "1. Datos abiertos" in large type is a heading
        return Block("heading", text, where, level=levels[size], struck=struck)
    if marker is not None:
        rest = _join_lines([marker[1], *(line.text for line in lines[1:])])
        strong = all(line.bold for line in lines)
        return Block("item", rest, where, marker=marker[0], strong=strong, struck=struck)
    strong = size <= body + 0.5 and all(line.bold for line in lines)
    return Block("paragraph", text, where, strong=strong, struck=struck)


def _join_lines(texts: list[str]) -> str:
    """Lines into one text; a word hyphenated at a line's end is made whole again
    ("decision-" + "making"), a soft hyphen is dropped."""
    out = ""
    for text in texts:
        if not out:
            out = text
        elif out.endswith("\u00ad"):
            out = out[:-1] + text
        elif out.endswith("-") and out[-2:-1].isalpha() and text[:1].islower():
            out += text
        else:
            out += " " + text
    return out.replace("\u00ad", "")


def _text_start(line: _Line) -> float:
    """Where a line's text starts after its list marker (Word right-aligns
    roman numbers, so the markers themselves do not line up)."""
    marker = _marker(line)
    if marker is None:
        return line.x0
    skip = len(marker[0].replace(" ", "")) if marker[0] != "•" else 1
    visible = [c for c in line.chars if not c.real_space]
    return visible[min(skip, len(visible) - 1)].x0


def _set_item_levels(blocks: list[Block], block_x: dict[int, float]) -> None:
    """An item's depth from how far its marker is indented, within each run of
    consecutive items (a new list may start at another indent)."""
    run: list[Block] = []
    for block in [*blocks, Block("paragraph")]:
        if block.kind == "item":
            run.append(block)
            continue
        if run:
            positions: list[float] = []
            for x in sorted(block_x.get(id(item), 0.0) for item in run):
                if not positions or x - positions[-1] > 4:
                    positions.append(x)
            for item in run:
                x = block_x.get(id(item), 0.0)
                item.level = sum(1 for p in positions[1:] if x >= p - 4)
            run = []


def _text_lines(lines: list[_Line], style: _Style) -> list[str]:
    """The page's lines as text, with a blank line where a wider step down
    leaves space, as pypdf's layout mode gives them, for the layouts that read lines."""
    out: list[str] = []
    for above, below in pairwise(lines):
        out.append(above.text)
        pitch = style.pitches.get(above.size, 1.2 * above.size)
        if below.baseline - above.baseline > 1.25 * pitch + 1:
            out.append("")
    if lines:
        out.append(lines[-1].text)
    out.append("")
    return out


# ---------------------------------------------------------------- tables


def _tables(page: _Page, lines: list[_Line]) -> list[tuple[float, list[_Line], Block]]:
    """Ruled tables on the page: (top, the lines inside, the table block)."""
    if len(page.edges) < 4:
        return []
    from pdfplumber import table as geometry

    edges = geometry.merge_edges(page.edges, 3, 3, 3, 3)
    edges = [e for e in edges if e["width" if e["orientation"] == "h" else "height"] >= 3]
    if len(edges) > 2000:
        return []
    intersections = geometry.edges_to_intersections(edges, 3, 3)
    cells = geometry.intersections_to_cells(intersections)
    found = []
    for cell_group in geometry.cells_to_tables(cells):
        table = _table(cell_group, lines, page.number)
        if table is not None:
            found.append(table)
    return found


def _table(cells: list[tuple], lines: list[_Line], page: int):
    xs = sorted({round(c[0], 1) for c in cells} | {round(c[2], 1) for c in cells})
    ys = sorted({round(c[1], 1) for c in cells} | {round(c[3], 1) for c in cells})
    columns, rows = _bounds(xs), _bounds(ys)
    if len(columns) < 3 or len(rows) < 2:
        return None  # a framed paragraph, not a table
    x0, top, x1, bottom = xs[0], ys[0], xs[-1], ys[-1]
    inside = [
        line
        for line in lines
        if x0 - 1 <= (line.x0 + line.x1) / 2 <= x1 + 1 and top - 1 <= line.baseline <= bottom + 1
    ]
    grid = [["" for _ in columns[:-1]] for _ in rows[:-1]]
    bold = [[True for _ in columns[:-1]] for _ in rows[:-1]]
    struck = [True for _ in rows[:-1]]
    for cell in cells:
        parts, all_bold, all_struck = _cell_text(cell, inside)
        c0, c1 = _span(columns, cell[0], cell[2])
        r0, r1 = _span(rows, cell[1], cell[3])
        for r in range(r0, r1):
            struck[r] = struck[r] and all_struck
            for c in range(c0, c1):
                grid[r][c] = parts
                bold[r][c] = all_bold
    keep_cols = [c for c in range(len(columns) - 1) if any(row[c] for row in grid)]
    keep_rows = [r for r in range(len(rows) - 1) if any(grid[r])]
    table = [[grid[r][c] for c in keep_cols] for r in keep_rows]
    if not any(len({cell for cell in row if cell}) >= 2 for row in table):
        return None  # a box around text (every row one merged cell), not a table
    first = keep_rows[0]
    first_bold = [bold[first][c] for c in keep_cols]
    header = 1 if len(table) > 1 and _looks_like_header(table[0], first_bold) else 0
    block = Block(
        "table",
        where=Where(page=page, line=inside[0].number if inside else None),
        rows=table,
        header_rows=header,
        struck_rows=[i for i, r in enumerate(keep_rows) if struck[r] and any(grid[r])],
    )
    return top, inside, block


def _bounds(values: list[float]) -> list[float]:
    """Grid lines, merging those closer than 2 points."""
    out: list[float] = []
    for value in values:
        if not out or value - out[-1] > 2:
            out.append(value)
    return out


def _span(bounds: list[float], low: float, high: float) -> tuple[int, int]:
    start = min(range(len(bounds)), key=lambda i: abs(bounds[i] - low))
    end = min(range(len(bounds)), key=lambda i: abs(bounds[i] - high))
    return start, max(end, start + 1)


def _cell_text(cell: tuple, lines: list[_Line]) -> tuple[str, bool, bool]:
    """The text inside a cell, its lines joined with spaces; whether all bold, all struck."""
    x0, top, x1, bottom = cell
    parts, bold, struck = [], True, True
    for line in lines:
        if not top - 1 <= line.baseline <= bottom + 1:
            continue
        chars = [c for c in line.chars if x0 - 1 <= (c.x0 + c.x1) / 2 <= x1 + 1]
        chars = _trim(chars)
        if chars:
            parts.append(_join_chars(chars))
            bold = bold and all(c.bold for c in chars if not c.real_space)
            struck = struck and line.struck
    if not parts:
        return "", False, False
    return " ".join(parts), bold, struck


def _looks_like_header(row: list[str], bold: list[bool]) -> bool:
    filled = [(text, b) for text, b in zip(row, bold, strict=True) if text]
    if not filled:
        return False
    if all(b for _, b in filled):
        return True
    return all(
        len(text.split()) <= 5 and not text.endswith(".") and not re.search(r"\d", text)
        for text, _ in filled
    )
