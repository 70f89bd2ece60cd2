"""The import preview: the plan as it would be stored, the warnings beside
their lines, the layout chosen, and the reader's hints that read it again."""

from __future__ import annotations

from tests.governance.import_support import OUTLINE, TABLE, ImportTestCase


class ImportPreviewViewTests(ImportTestCase):
    def test_the_preview_shows_each_activity_as_it_would_be_stored(self):
        client = self.client_for(self.secretariat)
        token = self.uploaded(client)

        response = client.get(self.import_url(token))

        assert response.status_code == 200
        reading = response.context["reading"]
        assert reading["count"] == 5
        assert reading["year"] == 2019
        assert reading["layout"] == "coded"
        first = reading["areas"][0]["activities"][0]
        assert first["code"] == "1.1.i"
        assert first["starts"] and first["due"]  # read from "primera quincena de abril"
        # The target counts the product, as the importer stores it.
        meetings = reading["areas"][0]["activities"][2]
        assert meetings["products"] == [
            {"description": "Actas de las reuniones", "quantity": 6, "unit": "reunión",
             "recurrence": "P2M"}
        ]  # fmt: skip
        # Organisations the network already has keep its spelling and are not new.
        leads = {lead["name"]: lead["new"] for a in reading["areas"][0]["activities"]
                 for lead in a["leads"]}  # fmt: skip
        assert leads["Grupo de Trabajo en software público"] is False
        self.assertContains(response, 'id="activity-count">5<')
        self.assertContains(response, "Quinto taller regional de software público")

    def test_every_warning_is_shown_beside_the_lines_it_is_about(self):
        client = self.client_for(self.secretariat)
        token = self.uploaded(client, "plan.md", OUTLINE)

        response = client.get(self.import_url(token))

        warnings = response.context["warnings"]
        assert warnings, "an outline without products is warned about"
        with_line = [w for w in warnings if w["line"]]
        for warning in with_line:
            own = [line for line in warning["excerpt"] if line["own"]]
            assert own and own[0]["number"] == warning["line"]
        assert response.context["layout_warning"]["code"] == "layout"
        self.assertContains(response, 'id="layout-reason"')

    def test_a_hint_reads_the_document_again_at_once(self):
        client = self.client_for(self.secretariat)
        token = self.uploaded(client, "plan.md", OUTLINE)
        before = client.get(self.import_url(token)).context["reading"]["count"]
        levels = (
            client.get(self.import_url(token))
            .context["hints_form"]
            .fields["activity_level"]
            .choices
        )
        assert "list:0" in [value for value, _label in levels]

        after = client.get(
            self.import_url(token), {"layout": "outline", "activity_level": "list:0"}
        )

        assert after.status_code == 200
        assert after.context["reading"]["count"] == 3 != before
        # The confirmation carries the hints, so that what is stored is what was seen.
        self.assertContains(after, 'type="hidden" name="activity_level" value="list:0"')

    def test_a_table_column_can_be_named_as_a_field(self):
        client = self.client_for(self.secretariat)
        token = self.uploaded(client, "plan.md", TABLE)
        form = client.get(self.import_url(token)).context["hints_form"]
        assert form.headers == ["Acción", "Quién", "Cuándo"]

        response = client.get(
            self.import_url(token), {"column_1": "leads", "column_2": "due", "column_0": "title"}
        )

        leads = [lead["name"] for area in response.context["reading"]["areas"]
                 for a in area["activities"] for lead in a["leads"]]  # fmt: skip
        assert "Ministerio de Hacienda" in leads

    def test_one_field_for_two_columns_is_refused_on_the_second(self):
        client = self.client_for(self.secretariat)
        token = self.uploaded(client, "plan.md", TABLE)

        response = client.get(self.import_url(token), {"column_1": "leads", "column_2": "leads"})

        assert set(response.context["hints_form"].errors) == {"column_2"}

    def test_a_preview_is_its_uploaders_only(self):
        token = self.uploaded(self.client_for(self.secretariat))

        other = self.client_for(self.committee).get(self.import_url(token))

        assert other.status_code == 404
