"""Restoring removed evidence: the Secretariat sees what was removed on the
activity's page and puts it back, counted and shown again."""

from __future__ import annotations

from planea.plans.models import Product
from planea.tracking.models import Evidence, remove_evidence
from tests.tracking.support import TrackingTestCase


class EvidenceRestoreTests(TrackingTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.product = Product.objects.get(activity__plan=self.plan, activity__key="1.1.i")
        self.evidence = Evidence.objects.create(
            product=self.product,
            title="Relatoría del taller",
            url="https://redgealc.example.org/relatoria",
            is_public=True,
            added_by=self.cora,
        )
        remove_evidence(self.evidence, self.cora)

    def restore(self, user, client=None):
        return (client or self.as_user(user)).post(f"/evidence/{self.evidence.pk}/restore/")

    def test_the_secretariat_sees_the_removed_piece_with_a_restore_button(self):
        page = self.as_user(self.sara).get(self.url(2017, "1.1.i"))

        self.assertContains(page, "Evidencias eliminadas")
        self.assertContains(page, f'action="/evidence/{self.evidence.pk}/restore/"')
        self.assertContains(page, "Restaurar")
        self.assertContains(page, "por Cora Software")
        self.assertContains(page, '<span class="counter">0 de 1</span>', html=True)

    def test_no_one_else_is_offered_the_removed_pieces(self):
        for role in ("committee", "coordinator", "viewer", "anonymous"):
            with self.subTest(role=role):
                page = self.as_user(self.people()[role]).get(self.url(2017, "1.1.i"))

                self.assertNotContains(page, "Evidencias eliminadas")
                self.assertNotContains(page, "/restore/")

    def test_sara_restores_it_and_it_counts_again(self):
        sara = self.as_user(self.sara)

        response = self.restore(self.sara, client=sara)

        assert response.status_code == 302
        assert response["Location"] == "/red-demo/2017/1.1.i/#evidence"
        restored = Evidence.objects.get(pk=self.evidence.pk)
        assert restored.removed_at is None and restored.removed_by is None
        page = sara.get(response["Location"])
        self.assertContains(page, "Evidencia «Relatoría del taller» restaurada.")
        self.assertContains(
            page, '<span class="counter counter--complete">1 de 1</span>', html=True
        )
        self.assertNotContains(page, "Evidencias eliminadas")

    def test_only_the_secretariat_may_restore(self):
        for role in ("committee", "coordinator", "other_coordinator", "viewer", "anonymous"):
            with self.subTest(role=role):
                assert self.restore(self.people()[role]).status_code == 403
                assert not Evidence.objects.filter(pk=self.evidence.pk).exists()

    def test_restoring_takes_a_post_and_a_piece_not_removed_is_not_found(self):
        assert (
            self.as_user(self.sara).get(f"/evidence/{self.evidence.pk}/restore/").status_code == 405
        )
        self.restore(self.sara)

        assert self.restore(self.sara).status_code == 404

    def test_the_history_tells_the_removal_and_the_restoration(self):
        self.restore(self.sara)

        page = self.as_user(self.sara).get(self.url(2017, "1.1.i"))

        self.assertContains(page, "Evidencia eliminada: Relatoría del taller")
        self.assertContains(page, "Evidencia restaurada: Relatoría del taller")
