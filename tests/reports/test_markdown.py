"""The Markdown report of the tracked demo plan, pinned whole as of a fixed
day. After a deliberate change, regenerate it:

    PLANEA_REGENERATE_GOLDEN=1 .venv/bin/pytest tests/reports/test_markdown.py
"""

from __future__ import annotations

import os
import re

from django.utils import translation

from planea.reports import markdown
from planea.reports.data import annual_report

from .support import GOLDEN, SITE, TODAY, DemoTestCase

GOLDEN_REPORT = GOLDEN / "red-gealc-2017-report.en.md"


class MarkdownReportTests(DemoTestCase):
    def render(self, person=None, language="en") -> str:
        with translation.override(language):
            report = annual_report(self.plan, person or self.public, TODAY, base_url=SITE)
            return markdown.render(report)

    def test_the_demo_report_reads_exactly_as_the_golden_file(self):
        # Evidence is linked by its id, which depends on the database.
        produced = re.sub(r"/evidence/\d+/", "/evidence/ID/", self.render())
        if os.environ.get("PLANEA_REGENERATE_GOLDEN"):
            GOLDEN_REPORT.write_text(produced, encoding="utf-8")
        assert produced == GOLDEN_REPORT.read_text(encoding="utf-8")

    def test_members_only_evidence_is_listed_for_members_and_counted_for_the_public(self):
        private = self.evidence["private_file"]
        public = self.render()
        member = self.render(self.vera)

        assert f"/evidence/{private.pk}/" not in public
        assert "One more piece is visible to network members only." in public
        assert f"[Lista de participantes](<{SITE}/evidence/{private.pk}/>)" in member

    def test_plan_text_that_looks_like_markdown_is_escaped(self):
        self.plan.activities.filter(key="1.1.i").update(title="Taller *urgente* | [ver]")

        assert "Taller \\*urgente\\* \\| \\[ver\\]" in self.render()

    def test_dates_and_numbers_follow_the_readers_language(self):
        spanish = self.render(language="es")

        assert "20 de abril de 2017" in spanish
        assert "April 20, 2017" in self.render()
