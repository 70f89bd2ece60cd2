"""Whatever a visitor sends, no page answers with a server error.

A crawl of the demo's pages, as the public and as the Secretariat, with
ordinary and with nonsensical query strings, and a nonsensical POST to
every form: the answer may be a page, a redirect, a 4xx explaining what was
wrong — never a 5xx (which would mean a traceback somewhere).
"""

from __future__ import annotations

import re

import pytest
from django.test import Client

from planea.accounts.models import Membership, Role
from planea.ops.demo import load_demo

pytestmark = [pytest.mark.django_db, pytest.mark.slow]  # a crawl of every page, with junk

JUNK_QUERIES = [
    "",
    "?area=abc&period=ZZ&lead=-1&funding=%00&q=%3Cscript%3E",
    "?page=x&page_size=-5&status=nonsense&due_before=2017-13-45",
    "?q=" + "a" * 5000,
    "?next=//evil.example.org/&language=xx",
]
JUNK_POSTS = [
    {},
    {"status": "nonsense", "version": "abc", "date": "yesterday", "note": "x" * 100_000},
    {"title": "<script>alert(1)</script>", "url": "javascript:alert(1)", "date": "2017-02-30"},
    {"document": "not a plan", "meeting": "-1", "decision": "\x00"},
]


@pytest.fixture
def site():
    demo = load_demo()
    network, plan = demo.network, demo.plan
    from django.contrib.auth import get_user_model

    sofia = get_user_model().objects.create_user("crawl-sofia")
    Membership.objects.create(user=sofia, network=network, role=Role.SECRETARIAT)
    return network, plan, sofia


def pages(network, plan) -> list[str]:
    base = f"/{network.slug}/"
    year = f"{base}{plan.year}/"
    activities = list(plan.activities.order_by("order").values_list("key", flat=True)[:3])
    organisation = network.organisations.order_by("pk").first()
    urls = [
        "/",
        base,
        f"{base}organisations/{organisation.slug}/",
        f"{base}meetings/",
        year,
        f"{year}timeline/",
        f"{year}dashboard/",
        f"{year}versions/",
        f"{year}versions/1/",
        f"{year}versions/1/1/",
        f"{year}report.html",
        f"{year}report.md",
        f"{year}export.csv",
        f"{year}export.json",
        f"{year}calendar.ics",
        "/my/commitments/",
        "/accounts/login/",
        "/accounts/profile/",
        "/accounts/tokens/",
        "/api/v1/activities",
        "/no-such-network/",
        f"{base}1999/",
        f"{year}no-such-activity/",
        f"{year}versions/99/1/",
    ]
    urls += [f"{year}{key}/" for key in activities]
    return urls


def post_targets(network, plan) -> list[str]:
    year = f"/{network.slug}/{plan.year}/"
    key = plan.activities.order_by("order").values_list("key", flat=True)[0]
    return [
        f"{year}{key}/progress/",
        f"{year}{key}/evidence/",
        "/evidence/1/delete/",
        f"{year}lifecycle/propose/",
        f"{year}lifecycle/approve/",
        f"{year}lifecycle/rollover/",
        f"{year}amendments/new/",
        f"/{network.slug}/meetings/new/",
        f"/{network.slug}/meetings/series/new/",
        "/accounts/login/",
        "/accounts/profile/",
        "/accounts/tokens/",
        "/i18n/setlang/",
    ]


@pytest.mark.parametrize("persona", ["public", "secretariat"])
def test_no_page_answers_a_visitor_with_a_server_error(site, persona):
    network, plan, sofia = site
    client = Client(raise_request_exception=False)
    if persona == "secretariat":
        client.force_login(sofia)
    failures = []
    for url in pages(network, plan):
        for query in JUNK_QUERIES:
            response = client.get(url + query)
            if response.status_code >= 500:
                failures.append((url + query[:60], response.status_code))
    assert failures == []


def test_no_form_answers_nonsense_with_a_server_error(site):
    network, plan, sofia = site
    client = Client(raise_request_exception=False)
    client.force_login(sofia)
    failures = []
    for url in post_targets(network, plan):
        for data in JUNK_POSTS:
            response = client.post(url, data)
            if response.status_code >= 500:
                failures.append((url, sorted(data), response.status_code))
    assert failures == []


def test_the_crawl_reaches_real_pages_and_forms(site):
    """The crawl above proves something only if its pages and forms exist."""
    network, plan, sofia = site
    client = Client()
    ok = [url for url in pages(network, plan) if client.get(url).status_code == 200]
    assert len(ok) >= 15, ok
    assert all(not re.search(r"no-such|1999|/99/", url) for url in ok)
    client.force_login(sofia)
    missing = [
        url
        for url in post_targets(network, plan)
        if client.post(url, {}).status_code == 404 and not url.startswith("/evidence/")
    ]
    assert missing == []
