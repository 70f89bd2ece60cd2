"""`planea report` and `planea export`, as the secretariat runs them."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tempfile
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from planea.plans.models import Plan
from planea.reports import exports

from .support import PRIVATE_FILE_TITLE, DemoTestCase


def run(command: str, *args: str) -> str:
    out = StringIO()
    call_command(command, *args, stdout=out, stderr=StringIO())
    return out.getvalue()


class ReportCommandTests(DemoTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.folder = Path(self.enterContext(tempfile.TemporaryDirectory()))

    def report(self, name: str, *args: str) -> Path:
        path = self.folder / name
        run("report", "2017", "--network", "Red GEALC", "-o", str(path), *args)
        return path

    def test_it_writes_the_pdf_and_says_so(self):
        path = self.folder / "informe.pdf"
        out = run("report", "2017", "--network", "red gealc", "--format", "pdf", "-o", str(path))

        assert path.read_bytes().startswith(b"%PDF-")
        assert "Red GEALC, 44 activities" in out

    def test_the_format_is_told_by_the_files_extension(self):
        word = self.report("informe.docx")
        text = self.report("informe.md")

        assert word.read_bytes().startswith(b"PK")
        assert text.read_text(encoding="utf-8").startswith("# ")

    def test_the_report_is_in_spanish_unless_another_language_is_asked_for(self):
        spanish = self.report("es.md").read_text(encoding="utf-8")
        english = self.report("en.md", "--language", "en").read_text(encoding="utf-8")

        assert "Retrasada" in spanish
        assert "Delayed" in english and "# Report on the 2017 work plan" in english

    def test_the_report_is_the_publics_unless_it_is_written_as_a_member(self):
        public = self.report("public.md").read_text(encoding="utf-8")
        member = self.report("member.md", "--as", "vera").read_text(encoding="utf-8")

        assert PRIVATE_FILE_TITLE not in public
        assert PRIVATE_FILE_TITLE in member

    def test_a_draft_needs_a_member_who_may_read_it(self):
        Plan.objects.filter(pk=self.plan.pk).update(status=Plan.Status.DRAFT)

        with pytest.raises(CommandError, match="--as USERNAME"):
            self.report("draft.md")
        assert self.report("draft.md", "--as", "sofia").exists()

    def test_an_unknown_network_year_or_user_is_a_clear_error(self):
        with pytest.raises(CommandError, match="no network with the acronym 'Red Nada'"):
            run("report", "2017", "--network", "Red Nada", "-o", str(self.folder / "x.md"))
        with pytest.raises(CommandError, match=r"no plan for 2016 \(it has plans for 2017\)"):
            run("report", "2016", "--network", "Red GEALC", "-o", str(self.folder / "x.md"))
        with pytest.raises(CommandError, match="no active user 'nadie'"):
            self.report("x.md", "--as", "nadie")

    def test_a_file_that_cannot_be_written_is_refused_before_the_work(self):
        with pytest.raises(CommandError, match="no folder"):
            run("report", "2017", "--network", "Red GEALC", "-o", str(self.folder / "no/x.pdf"))
        with pytest.raises(CommandError, match="it is a folder"):
            run(
                "report", "2017", "--network", "Red GEALC", "--format", "md", "-o", str(self.folder)
            )
        with pytest.raises(CommandError, match="say which format"):
            run("report", "2017", "--network", "Red GEALC", "-o", str(self.folder / "x.txt"))


class ExportCommandTests(DemoTestCase):
    def test_it_exports_every_format(self):
        with tempfile.TemporaryDirectory() as folder:
            for fmt in ("csv", "xlsx", "json", "ics"):
                path = Path(folder) / f"plan.{fmt}"
                out = run("export", "2017", "--network", "Red GEALC", "-o", str(path))
                assert path.stat().st_size > 0
                assert f"as {fmt.upper()}" in out
            json = (Path(folder) / "plan.json").read_bytes()

        assert json == exports.to_json(self.plan)

    def test_the_csvs_headings_follow_the_language_asked_for(self):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "plan.csv"
            run("export", "2017", "--network", "Red GEALC", "-o", str(path), "--language", "en")
            first = io.StringIO(path.read_bytes().decode("utf-8-sig")).readline()

        assert first.startswith("Key,Code,Work area")


def test_an_unwritable_file_is_a_one_line_error_and_a_failing_exit(tmp_path):
    """The real console script, in a process of its own: the file is checked
    before the database is touched."""
    env = {**os.environ, "PLANEA_VAR_DIR": str(tmp_path), "DATABASE_URL": ""}
    output = tmp_path / "missing" / "informe.pdf"
    result = subprocess.run(
        [sys.executable, "-m", "planea", "report", "2017", "--network", "Red GEALC", "-o", output],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )

    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        f"CommandError: cannot write {output}: no folder {output.parent}"
    ]
