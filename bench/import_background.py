"""What a large import costs the person who confirms it, stored at once or
by the worker (issue 13).

A benchmark, not a test: it prints figures. In a temporary SQLite database
and MEDIA_ROOT it makes a network and its Secretariat and, for each size,
uploads a generated plan (planfile.sample) through the test client and
confirms it twice over, in two networks' worth of years:

- at once (IMPORT_BACKGROUND_ACTIVITIES above the size): the confirmation
  request stores the plan, and the person waits for all of it;
- in the background (the threshold below the size, tasks left queued): the
  confirmation request only hands the document over, then the worker's store
  (`intake.run_job`) is timed on its own.

    .venv/bin/python bench/import_background.py [--sizes 100,300,1000,2000]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

# The same temporary site as the preview's benchmark, beside this file.
from import_preview import setup, timed

QUEUED_ONLY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,300,1000,2000")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    with tempfile.TemporaryDirectory(prefix="planea-bench-") as tmp:
        setup(Path(tmp))
        from django.contrib.auth import get_user_model
        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.test import Client, override_settings

        from planea.accounts.models import Membership, Role
        from planea.governance import intake
        from planea.governance.models import ImportJob
        from planea.planfile.sample import synthetic_plan_text
        from planea.plans.models import Network

        network = Network.objects.create(name="Red Banco", acronym="Red Banco", slug="red-banco")
        user = get_user_model().objects.create_user("sofia", "sofia@example.org", None)
        Membership.objects.create(user=user, network=network, role=Role.SECRETARIAT)
        client = Client()
        client.force_login(user)
        year = 2030

        def confirm(text: bytes) -> tuple[float, str]:
            nonlocal year
            year += 1
            document = SimpleUploadedFile("plan-grande.txt", text, "text/plain")
            response = client.post("/red-banco/import/", {"document": document})
            assert response.status_code == 302, response.status_code
            url = response["Location"] + "confirm/"
            seconds, response = timed(
                lambda: client.post(url, {"year": str(year), "status": "draft"})
            )
            assert response.status_code == 302, response.status_code
            return seconds, response["Location"]

        print("activities  at once (request)  background: request  worker's store")
        for size in sizes:
            text = synthetic_plan_text(size).encode("utf-8")
            with override_settings(IMPORT_BACKGROUND_ACTIVITIES=size + 1):
                at_once, _where = confirm(text)
            with override_settings(IMPORT_BACKGROUND_ACTIVITIES=size, TASKS=QUEUED_ONLY):
                handed, where = confirm(text)
            job = ImportJob.objects.get(pk=int(where.rstrip("/").split("/")[-1]))
            start = time.perf_counter()
            intake.run_job(job.pk)
            worker = time.perf_counter() - start
            job.refresh_from_db()
            assert job.state == "done", (job.state, job.error)
            print(f"{size:10d}  {at_once:13.2f} s  {handed:17.2f} s  {worker:12.2f} s")


if __name__ == "__main__":
    main()
