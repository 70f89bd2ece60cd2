"""`planea remind --background`: the round of reminders is queued for the
worker, which sends the same digests the command would (issue 13, item 3)."""

from __future__ import annotations

from io import StringIO

from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django_tasks import default_task_backend

from tests.tracking.support import TrackingTestCase

APRIL_20 = "2017-04-20"
DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
class RemindersInTheBackgroundTests(TrackingTestCase):
    def remind(self, *args) -> str:
        out = StringIO()
        call_command("remind", *args, stdout=out, stderr=StringIO())
        return out.getvalue()

    def test_the_command_queues_the_round_and_sends_nothing_itself(self):
        with override_settings(TASKS=DUMMY):
            said = self.remind("--background", "--today", APRIL_20, "--days", "90")
            (queued,) = default_task_backend.results

        assert mail.outbox == []
        assert "Queued 2 reminder(s) for 2017-04-20" in said
        assert queued.task.name == "send_reminders_task"
        assert queued.args == ["2017-04-20", 90]

    def test_the_worker_sends_the_digests_the_command_would(self):
        self.remind("--background", "--today", APRIL_20, "--days", "90")
        queued = sorted(message.to[0] for message in mail.outbox)
        mail.outbox.clear()
        self.remind("--today", APRIL_20, "--days", "90")

        assert queued == sorted(message.to[0] for message in mail.outbox)
        assert queued == ["trk-cora@example.org", "trk-omar@example.org"]
