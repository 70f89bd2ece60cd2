"""What cannot be read as a plan says what and where, and nothing else escapes."""

import io
import json
import zipfile

import pytest

from planea import planfile
from planea.planfile import PlanParseError


def plan_json(*activities: dict) -> bytes:
    area = {"number": 1, "title": "A", "activities": list(activities)}
    return json.dumps({"title": "x", "year": 2017, "areas": [area]}).encode()


def error_for(data: bytes, filename: str) -> PlanParseError:
    with pytest.raises(PlanParseError) as caught:
        planfile.read_bytes(data, filename)
    return caught.value


def test_an_empty_file_is_refused():
    assert str(error_for(b"", "plan.txt")) == "plan.txt: the document is empty"
    assert str(error_for(b" \n\n\t \n", "plan.txt")) == "plan.txt: the document is empty"


def test_binary_junk_is_refused():
    junk = bytes(range(256)) * 8
    assert str(error_for(junk, "plan.txt")) == "plan.txt: this is binary data, not text"


def test_text_in_an_unknown_encoding_is_refused_with_the_offending_byte():
    # 0x81 and 0x8d are undefined in Windows-1252 and invalid in UTF-8.
    error = error_for(b"Plan 2017\n1. Area\n\x81\x8d\x81", "plan.txt")
    assert error.message == (
        "cannot decode the text: it is not UTF-8, UTF-16 or Windows-1252 (byte 0x81 at offset 18)"
    )


def test_an_unsupported_type_is_named_with_what_to_do():
    error = error_for(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "plan.doc")
    assert error.message == (
        "unsupported file type: an old Office document; save it as .docx or .xlsx"
    )
    error = error_for(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "photo.png")
    assert error.message == (
        "unsupported file type .png: an image; Planea reads .txt, .md, .html, .docx, .odt, "
        ".pdf, .xlsx, .ods, .csv or .json"
    )


def test_a_damaged_archive_is_refused_before_any_reader_opens_it():
    error = error_for(b"PK\x03\x04 not really a zip", "budget.xlsx")
    assert error.message == "a damaged archive (ZIP) that cannot be opened"


def test_a_zip_that_is_not_a_word_document_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    error = error_for(buffer.getvalue(), "plan.docx")
    assert error.message == (
        "unsupported file type: a ZIP archive that is not a Word, Excel or OpenDocument file; "
        "Planea reads .txt, .md, .html, .docx, .odt, .pdf, .xlsx, .ods, .csv or .json"
    )


def test_a_damaged_pdf_is_refused():
    error = error_for(b"%PDF-1.7\n this is not a pdf at all", "plan.pdf")
    assert error.message == "a damaged PDF that cannot be opened"


def test_a_pdf_without_text_is_refused():
    import weasyprint

    blank = weasyprint.HTML(string="<p></p>").write_pdf()
    assert error_for(blank, "scan.pdf").message == (
        "the PDF has no text layer (a scanned document?): Planea cannot read images"
    )


def test_a_text_that_is_not_a_plan_is_refused():
    error = error_for(b"Dear colleagues,\nplease find attached the minutes.\n", "mail.txt")
    # In English whatever the document's language, and never a Red GEALC example.
    assert str(error) == (
        "mail.txt: no activities found: a plan needs a table with a column of activities "
        "(Activity, Task, Actividad, Ação, Action…) and a lead, deadline or product column; "
        "or headings, bold lines or list items with fields such as 'Lead:' or 'Deadline:' "
        "under them; or numbered activities ('1.1.i- Title'). If the reader missed the "
        "layout, name it (--layout, --activity-level, --column)"
    )


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(PlanParseError) as caught:
        planfile.read_path(tmp_path / "nowhere.txt")
    assert caught.value.message == "no such file"


def test_bad_json_says_where():
    error = error_for(b'{"title": "x",\n "year": }', "plan.json")
    assert (error.message, error.line) == ("not valid JSON: Expecting value", 2)
    assert str(error) == "plan.json, line 2: not valid JSON: Expecting value"


def test_json_that_is_not_a_plan_names_the_field():
    error = error_for(plan_json({"code": "1", "key": "1", "period": "S3", "title": "t"}), "p.json")
    assert error.message == (
        "not a plan in the JSON plan format: areas[0].activities[0].period: "
        "'S3' is not one of ['S1', 'S2', 'ANNUAL']"
    )


def test_json_with_a_repeated_activity_key_is_refused():
    activity = {"code": "1.1.i", "key": "1.1.i", "period": "S1", "title": "t"}
    error = error_for(plan_json(activity, activity), "plan.json")
    assert error.message == "not a plan in the JSON plan format: activity key 1.1.i is used twice"


def test_an_error_without_a_source_is_just_the_message():
    with pytest.raises(PlanParseError) as caught:
        planfile.parse_text("")
    assert str(caught.value) == "the document is empty"
