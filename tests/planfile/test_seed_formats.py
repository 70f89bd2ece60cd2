"""All formats of the seed give the same plan: the text typed, the same text
in Word (numbers typed, numbers drawn by Word's list numbering, activities in
a table), OpenDocument, PDF and Excel."""

from collections.abc import Callable

import pytest

from planea import planfile

from .documents import as_docx, as_numbered_docx, as_odt, as_pdf, as_table_docx, as_xlsx

FORMATS: dict[str, tuple[str, Callable[[str], bytes]]] = {
    "text": ("plan.txt", lambda text: text.encode("utf-8")),
    "Word with typed numbers": ("plan.docx", as_docx),
    "Word with automatic list numbering": ("plan.docx", as_numbered_docx),
    "Word with the activities in tables": ("plan.docx", as_table_docx),
    "OpenDocument text": ("plan.odt", as_odt),
    "PDF": ("plan.pdf", as_pdf),
    "Excel, a line per row": ("plan.xlsx", as_xlsx),
}


@pytest.mark.parametrize("kind", FORMATS)
def test_the_seed_in_every_format_gives_the_same_plan(kind, seed_text, seed_plan):
    filename, build = FORMATS[kind]
    plan = planfile.read_bytes(build(seed_text), filename)
    assert plan.structure() == seed_plan.structure()
