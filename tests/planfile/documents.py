"""Turning a plan's text into the documents people actually send: Word and PDF."""

import html
import io

import docx


def as_docx(text: str) -> bytes:
    """One Word paragraph per line, as a secretariat typing the plan would make."""
    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def as_pdf(text: str) -> bytes:
    """A PDF with a real text layer, long lines wrapping as they would in print."""
    import weasyprint

    body = "".join(f"<p>{html.escape(line) or '&nbsp;'}</p>" for line in text.splitlines())
    page = (
        "<html><head><style>@page { size: A4; margin: 2cm }"
        "body { font: 10pt sans-serif } p { margin: 0 }</style></head>"
        f"<body>{body}</body></html>"
    )
    return weasyprint.HTML(string=page).write_pdf()
