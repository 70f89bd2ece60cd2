"""What the import page's tests share: a network with its 2017 plan, one
user per role, an Assembly meeting, plan documents as bytes, and a
MEDIA_ROOT of their own so that leftover preview files can be counted."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from django.test import Client, override_settings

from planea import planfile
from planea.governance import intake
from tests.base import PersonasTestCase, small_plan
from tests.governance.support import assembly_meeting


def plan_text(year: int = 2019) -> bytes:
    """The small plan for `year`, written as the seed's coded text."""
    return planfile.render_text(small_plan(year)).encode("utf-8")


# A plan written as headings and labels, with a table further down, so
# that the reader's hints change what it finds.
OUTLINE = """# Plan de trabajo 2019

## Datos abiertos

### Publicar el presupuesto

**Responsable:** Ministerio de Hacienda

**Plazo:** junio de 2019

### Taller regional

**Responsable:** Uruguay

- Un inventario de datos
- Una guía de publicación
- Un tablero de seguimiento
""".encode()

TABLE = """# Plan 2019

| Acción | Quién | Cuándo |
|---|---|---|
| Publicar el presupuesto | Ministerio de Hacienda | 30/06/2019 |
| Taller regional | Uruguay | 30/09/2019 |
""".encode()


class ImportTestCase(PersonasTestCase):
    """PersonasTestCase ("Red Demo", its 2017 plan, a user per role), an
    Assembly meeting of 2018, and MEDIA_ROOT in a temporary directory."""

    @classmethod
    def setUpClass(cls) -> None:
        media = tempfile.mkdtemp(prefix="planea-import-")
        cls.addClassCleanup(shutil.rmtree, media, ignore_errors=True)
        cls.enterClassContext(override_settings(MEDIA_ROOT=media))
        super().setUpClass()

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        import datetime as dt

        cls.assembly = assembly_meeting(
            cls.network, dt.date(2018, 11, 30), title="XII Reunión Anual de la Red"
        )

    def tearDown(self) -> None:
        shutil.rmtree(intake.preview_root(), ignore_errors=True)

    def import_url(self, *parts: object) -> str:
        return self.url("import", *parts)

    def upload(self, client: Client, name: str = "plan-2019.txt", data: bytes | None = None):
        from django.core.files.uploadedfile import SimpleUploadedFile

        document = SimpleUploadedFile(name, plan_text() if data is None else data)
        return client.post(self.import_url(), {"document": document})

    def uploaded(self, client: Client, name: str = "plan-2019.txt", data: bytes | None = None):
        """Upload and return the preview's token."""
        response = self.upload(client, name, data)
        assert response.status_code == 302, response.content[:2000]
        return response["Location"].rstrip("/").split("/")[-1]

    def preview_files(self) -> list[Path]:
        root = intake.preview_root()
        return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []
