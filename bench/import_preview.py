"""How long the import page's preview of a 2,000-activity plan takes to draw.

A benchmark, not a test: it prints figures. In a temporary SQLite database
and MEDIA_ROOT it makes a network and its Secretariat, uploads a generated
plan of 2,000 activities (planfile.sample) through the test client, then
times the preview page: the first draw after the upload, then again (the
reading of each set of hints is kept beside the document, so a redraw costs
no reading), then the same page with a hint (a new reading in the bounded
child process). Target: the preview in at most 2 s.

    .venv/bin/python bench/import_preview.py [--activities 2000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import re
import statistics
import tempfile
import time
from pathlib import Path

from sandbox import setup

TARGET_SECONDS = 2.0


def timed(call) -> tuple[float, object]:
    start = time.perf_counter()
    result = call()
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--activities", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="planea-bench-") as tmp:
        setup(Path(tmp))
        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.test import Client

        from planea.accounts.models import Membership, Role
        from planea.planfile.sample import synthetic_plan_text
        from planea.plans.models import Network

        network = Network.objects.create(name="Red Banco", acronym="Red Banco", slug="red-banco")
        from django.contrib.auth import get_user_model

        user = get_user_model().objects.create_user("sofia", "sofia@example.org", None)
        Membership.objects.create(user=user, network=network, role=Role.SECRETARIAT)
        client = Client()
        client.force_login(user)
        text = synthetic_plan_text(args.activities).encode("utf-8")

        document = SimpleUploadedFile("plan-grande.txt", text, "text/plain")
        upload_time, response = timed(
            lambda: client.post("/red-banco/import/", {"document": document})
        )
        assert response.status_code == 302, response.status_code
        preview = response["Location"]
        print(f"upload (checked, read once in the bounded child): {upload_time:6.2f} s")

        times = []
        for _ in range(args.repeat):
            seconds, page = timed(lambda: client.get(preview))
            assert page.status_code == 200
            times.append(seconds)
        count = re.search(rb'id="activity-count">(\d+)<', page.content).group(1).decode()
        best, median = min(times), statistics.median(times)
        verdict = "ok" if median <= TARGET_SECONDS else "OVER TARGET"
        print(
            f"preview of {count} activities, {len(page.content) / 1e6:.1f} MB of HTML: "
            f"best {best:.2f} s, median {median:.2f} s (target {TARGET_SECONDS:.0f} s: {verdict})"
        )
        hinted, page = timed(lambda: client.get(preview, {"layout": "coded"}))
        print(f"preview with a new hint (a new reading): {hinted:6.2f} s")


if __name__ == "__main__":
    main()
