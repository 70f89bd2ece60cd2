"""Link evidence: only http(s) addresses of public hosts are kept, from the
page and from the API, and a link is shown as a plain link that neither
passes through the site nor tells the target where the reader came from."""

from __future__ import annotations

from planea.core.links import is_public_host
from planea.plans.models import Activity, Product
from planea.tracking.models import Evidence
from tests.api.base import API, ApiTestCase
from tests.tracking.support import TrackingTestCase

PRIVATE = [
    "http://127.0.0.1:22/",
    "http://127.1/",
    "http://2130706433/",
    "http://0x7f000001/",
    "http://0.0.0.0/",
    "http://10.1.2.3/intranet",
    "http://172.16.0.1/",
    "http://192.168.1.1/admin",
    "http://169.254.169.254/latest/meta-data/",
    "http://100.64.0.1/",
    "http://[::1]/",
    "http://[fe80::1]/",
    "http://[fd00::1]/",
    "http://[::ffff:127.0.0.1]/",
    "http://224.0.0.1/",
    "http://240.0.0.1/",
    "http://localhost:8000/admin/",
    "http://LOCALHOST./",
    "http://intranet/",
    "http://db.internal/",
    "http://printer.local/",
    "http://app.localhost/",
]
PUBLIC = [
    "https://www.redgealc.org/relatoria",
    "http://8.8.8.8/",
    "https://[2001:4860:4860::8888]/",
    "https://actas.example.org/2017-03",
]


def test_private_and_internal_hosts_are_not_public():
    from planea.core.links import host_of

    for url in PRIVATE:
        assert not is_public_host(host_of(url)), url


def test_public_hosts_are_public():
    from planea.core.links import host_of

    for url in PUBLIC:
        assert is_public_host(host_of(url)), url


class LinksFromThePage(TrackingTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.activity = Activity.objects.get(plan=self.plan, key="1.1.i")
        self.product = Product.objects.get(activity=self.activity)

    def add(self, url: str):
        return self.as_user(self.cora).post(
            self.url(2017, "1.1.i", "evidence"),
            {
                "product": self.product.pk,
                "title": "Relatoría",
                "date": "2017-04-20",
                "visibility": "public",
                "url": url,
            },
        )

    def test_a_link_to_a_private_or_internal_host_is_refused_with_a_message(self):
        for url in PRIVATE:
            with self.subTest(url):
                response = self.add(url)
                # Django's own check refuses some first ("Introduzca una dirección web").
                self.assertContains(response, "dirección web", status_code=400)
        assert not Evidence.objects.exists()

    def test_the_refusal_says_why(self):
        response = self.add("http://192.168.1.1/admin")

        self.assertContains(response, "Indique una dirección web pública", status_code=400)

    def test_a_public_link_is_kept_and_shown_as_a_plain_link(self):
        response = self.add("https://www.redgealc.org/relatoria")
        assert response.status_code == 302

        page = self.bruno.get(self.url(2017, "1.1.i")).content.decode()

        assert (
            '<a href="https://www.redgealc.org/relatoria" rel="noopener noreferrer nofollow">'
            in page
        )
        evidence = Evidence.objects.get()
        assert f'href="/evidence/{evidence.pk}/"' not in page

    def test_a_private_link_stored_earlier_is_not_shown_as_a_link(self):
        Evidence.objects.create(
            product=self.product, title="Acta vieja", url="http://192.168.1.1/acta"
        )

        page = self.bruno.get(self.url(2017, "1.1.i")).content.decode()

        assert "Acta vieja" in page
        assert "192.168.1.1" not in page


class LinksFromTheApi(ApiTestCase):
    def upload(self, url: str):
        return self.as_("coordinator").post(
            f"{API}/products/{self.product.pk}/evidence", {"title": "Relatoría", "url": url}
        )

    def test_a_link_to_a_private_host_is_refused_with_422_and_a_message(self):
        for url in ["http://127.0.0.1:22/", "http://localhost/", "http://[::1]/"]:
            with self.subTest(url):
                response = self.upload(url)
                self.assertEqual(response.status_code, 422)
                (error,) = response.json()["detail"]
                self.assertEqual(error["field"], "url")
                self.assertIn("public web address", error["message"])

    def test_a_public_link_is_accepted(self):
        self.assertEqual(self.upload("https://www.redgealc.org/acta").status_code, 201)
