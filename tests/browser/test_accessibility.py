"""WCAG 2.1 AA, as axe-core checks it, on every page a person can reach: the
public signed out, and each role of the permission matrix
(tests/test_permission_matrix.py) signed in as the demo's user for it.

For each of them a crawl starts at the home page and follows the site's own
links (GET only, as a person clicking would), runs axe-core on every HTML
page with the WCAG 2.0 and 2.1 A and AA rules, and fails on any serious or
critical violation, listing the page, the rule and the elements.

Kept lean (issue 12 item 7; `make test` has five minutes in all):

- a page stands for every page of its Django route: one activity for all
  activities, one organisation for all organisations (`resolve(path).route`);
- a page another role has already seen exactly alike (the same markup but
  for the CSRF token and the person's name) is not checked again: the
  viewer's pages are mostly the committee member's;
- at most `PAGES_PER_ROLE` pages a role, one browser context a role, signed
  in once (a session cookie, as `Client.force_login` makes it: the demo's
  published passwords sign no one in with DEBUG off);
- never followed: logging out and changing the language (forms, and POSTs
  anyway), downloads (PDF, DOCX, XLSX, ICS, JSON, CSV, Markdown, ZIP, XML,
  Atom, evidence files), the JSON API and its documentation under /api/, and the admin.
  Pages under /admin/ are Django's own and out of scope here.

axe-core is the npm package pinned in package-lock.json (`make install-test`
runs `npm ci`), read from node_modules/: no CDN. It goes into every page as
the context's init script (`add_init_script`), which Playwright hands to
Chromium through the DevTools protocol: not subject to the page's
Content-Security-Policy, so the pages are checked with their real CSP
enforced. A context with `bypass_csp=True` would check pages no one sees,
and `add_script_tag` is refused by the policy, as it should be. An init
script rather than `page.evaluate(source)` because Chromium compiles it once
for all the pages of a context (measured: 0.1 s a page against 0.3 s).

Pages reached only by submitting a form (a plan document's preview, a
password reset's link) are not crawled; their forms' fields are the same
widgets, checked on the pages that are.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from unittest import mock
from urllib.parse import urlsplit, urlunsplit

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REPO = Path(__file__).resolve().parents[2]
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING_IMPACTS = {"serious", "critical"}
PAGES_PER_ROLE = 40
MID_2017 = dt.date(2017, 6, 20)
PLAN = "<slug:network>/<int:year>/"
ACTIVITY = "<slug:network>/<int:year>/<str:key>/"

# Routes (URL names) never followed: they log out, change data, or download.
NOT_FOLLOWED = {
    "logout",
    "set_language",
    "evidence",  # an evidence file: a download
    "export",  # CSV, XLSX, JSON, ICS
    "calendar",  # ICS
    "plan_version",  # a version's document, JSON
    "healthz",
}
NOT_FOLLOWED_PREFIXES = ("/admin/", "/api/", "/static/", "/media/")
DOWNLOAD_SUFFIXES = (".pdf", ".docx", ".xlsx", ".ics", ".json", ".csv", ".md", ".zip")
DOWNLOAD_SUFFIXES += (".xml", ".atom")  # IATI's XML and the Atom feed: not HTML pages

# The roles of the permission matrix, each as the demo's user for it
# (planea.accounts.demo); "outsider" is made here, in a network of its own.
ROLES = {
    "anonymous": None,
    "secretariat": "secretaria",
    "committee": "comite",
    "coordinator": "coordinador",
    "viewer": "lector",
    "outsider": "secretaria-otra-red",
}

RUN_AXE = """async (tags) => {
  const results = await axe.run(document, {
    runOnly: {type: "tag", values: tags},
    resultTypes: ["violations"],
  });
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    targets: v.nodes.map((n) => n.target.join(" ")),
  }));
}"""

# The page's links to follow, and its markup.
SEEN = """() => ({
  markup: `${document.documentElement.lang} ${document.title} ${document.body.outerHTML}`,
  links: Array.from(document.querySelectorAll("a[href]:not([download])"), (a) => a.href),
})"""
# What differs from one signed-in person to another without changing what
# axe checks: the CSRF token, and the person's name.
PERSONAL = re.compile(
    r'(name="csrfmiddlewaretoken" value=")[^"]*|(class="account-area__name">)(?:(?!</li>).)*',
    re.DOTALL,
)


def fingerprint(markup: str) -> str:
    return hashlib.sha256(PERSONAL.sub(r"\1\2", markup).encode()).hexdigest()


@dataclass
class Crawl:
    role: str
    pages: list[str] = field(default_factory=list)  # the paths reached
    routes: set[str] = field(default_factory=set)  # and their routes
    checked: int = 0  # of them, the ones no role before had seen alike
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0


def axe_path() -> str:
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `make install-test` (npm ci installs axe-core)")
    return str(AXE)


def route_of(path: str) -> str | None:
    """The Django route that serves `path`, or None when it is never followed."""
    from django.urls import Resolver404, resolve

    if path.startswith(NOT_FOLLOWED_PREFIXES) or path.lower().endswith(DOWNLOAD_SUFFIXES):
        return None
    try:
        match = resolve(path)
    except Resolver404:
        return None
    if match.url_name in NOT_FOLLOWED:
        return None
    if match.url_name == "report" and match.kwargs.get("fmt") != "html":
        return None
    return match.route


def crawl(browser, base: str, role: str, session: str | None, axe: str, checked: dict) -> Crawl:
    """Every route reachable from the home page, one page each, checked.

    `checked` maps a page's fingerprint to what axe found on it: a page
    another role already saw exactly alike (the same markup but the CSRF
    token and the signed-in person's name) is not checked twice."""
    from django.conf import settings
    from playwright.sync_api import Error as PlaywrightError

    result = Crawl(role)
    started = time.monotonic()
    origin = urlsplit(base).netloc
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="es-ES")
    context.add_init_script(path=axe)
    if session:
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base}])
    page = context.new_page()
    page.set_default_timeout(15_000)
    queue = [base + "/"]
    try:
        while queue and len(result.pages) < PAGES_PER_ROLE:
            url = queue.pop(0)
            parts = urlsplit(url)
            route = route_of(parts.path)
            if route is None or route in result.routes:
                continue
            result.routes.add(route)
            try:
                response = page.goto(url)
            except PlaywrightError as error:
                # A download not known by its route: not a page.
                if "Download is starting" in str(error):
                    continue
                raise
            if response is None or "text/html" not in response.headers.get("content-type", ""):
                continue
            path = urlunsplit(("", "", parts.path, parts.query, ""))
            result.pages.append(path)
            if response.status >= 500:
                result.failures.append(f"{path}: answered {response.status}")
                continue
            seen = page.evaluate(SEEN)
            key = fingerprint(seen["markup"])
            if key not in checked:
                checked[key] = [
                    violation
                    for violation in page.evaluate(RUN_AXE, TAGS)
                    if violation["impact"] in FAILING_IMPACTS
                ]
                result.checked += 1
            result.failures += [describe(path, violation) for violation in checked[key]]
            for link in seen["links"]:
                link_parts = urlsplit(link)
                if link_parts.netloc == origin and link_parts.scheme in ("http", "https"):
                    queue.append(urlunsplit(link_parts._replace(fragment="")))
    finally:
        context.close()
    result.seconds = time.monotonic() - started
    return result


def describe(path: str, violation: dict) -> str:
    targets = violation["targets"]
    more = f" and {len(targets) - 5} more" if len(targets) > 5 else ""
    return (
        f"{path}: {violation['id']} ({violation['impact']}: {violation['help']}) "
        f"at {', '.join(targets[:5])}{more}"
    )


def session_for(username: str | None) -> str | None:
    """A signed-in session for `username`, as a cookie's value."""
    if username is None:
        return None
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client.cookies[settings.SESSION_COOKIE_NAME].value


@pytest.fixture
def site(demo):
    """The demo as of mid-June 2017 with a little progress reported (so that
    statuses, overdue lists and evidence show, and the coordinator's report
    on 1.1.ii offers its correction and withdrawal pages), and the
    Secretariat of another network."""
    from django.contrib.auth import get_user_model

    from planea.accounts.models import Role
    from planea.ops.demo import create_demo_users
    from planea.plans.models import Activity, Network, Product
    from planea.tracking.models import Evidence, record_progress
    from tests.base import member

    create_demo_users(Network.objects.get(slug="red-gealc"))
    statuses = {"1.1.i": "done", "1.1.iii": "on_track", "1.1.iv": "delayed", "2.1.i": "at_risk"}
    for key, status in statuses.items():
        Activity.objects.filter(plan__network__slug="red-gealc", key=key).update(status=status)
    workshop = Activity.objects.get(plan__network__slug="red-gealc", key="1.1.ii")
    record_progress(
        workshop,
        author=get_user_model().objects.get(username=ROLES["coordinator"]),
        status="on_track",
        note="Convocatoria enviada a los países.",
        date=MID_2017,
        seen_version=workshop.version,
    )
    exchanges = Product.objects.get(
        activity__plan__network__slug="red-gealc", activity__key="1.1.iii"
    )
    Evidence.objects.create(
        product=exchanges, title="Reporte del intercambio 1", url="https://example.org/1"
    )
    # Named after Red GEALC's ("Red de Gobierno…"), so that the crawl meets
    # the demo's network first and checks its pages, not this empty one's.
    other = Network.objects.create(name="Red de Prueba", acronym="Red P", slug="red-prueba")
    member(ROLES["outsider"], other, Role.SECRETARIAT, first_name="Olga")
    with mock.patch("django.utils.timezone.localdate", return_value=MID_2017):
        yield demo


# The roles in two halves, each crawled by a test of its own, so that the
# browser tests' two workers share the crawl; the viewer's pages are mostly
# the committee member's, so they go together and are checked once.
HALVES = {
    "public-coordinator-outsider": ("anonymous", "coordinator", "outsider"),
    "secretariat-committee-viewer": ("secretariat", "committee", "viewer"),
}


@pytest.mark.parametrize("roles", HALVES.values(), ids=HALVES.keys())
def test_every_page_each_role_reaches_has_no_serious_or_critical_axe_violation(
    browser, site, roles
):
    axe = axe_path()
    started = time.monotonic()
    checked: dict[str, list[dict]] = {}
    crawls = [crawl(browser, site, role, session_for(ROLES[role]), axe, checked) for role in roles]
    total = time.monotonic() - started

    for c in crawls:
        print(f"{c.role}: {len(c.pages)} pages, {c.checked} checked, in {c.seconds:.1f} s")
    print(f"axe-core crawl: {len(checked)} pages checked in {total:.1f} s")
    # The crawl really went somewhere: a plan and one of its activities.
    for c in crawls:
        assert {PLAN, ACTIVITY} <= c.routes, f"{c.role} reached only {c.pages}"
    failures = [f"[{c.role}] {failure}" for c in crawls for failure in c.failures]
    assert not failures, "serious or critical accessibility violations:\n" + "\n".join(failures)


# The style of whatever has the keyboard's focus: an outline or a ring at
# least 2 px wide, in a colour of its own.
FOCUS = r"""() => {
  const element = document.activeElement;
  if (!element || element === document.body) return null;
  const style = getComputedStyle(element);
  const outlined = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2
    && !/rgba\(.*,\s*0\)$/.test(style.outlineColor);
  const ringed = style.boxShadow !== "none";
  const name = (element.getAttribute("aria-label") || element.textContent || element.name || "")
    .trim().slice(0, 40);
  return {visible: outlined || ringed, what: `${element.tagName.toLowerCase()} "${name}"`};
}"""


def test_keyboard_focus_is_visible_on_every_control_of_the_coordinators_pages(browser, site):
    """Tab through the plan, the activity the coordinator reports on (its
    progress and evidence forms) and the dashboard: every link, button and
    field shows where the focus is."""
    from django.conf import settings

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="es-ES")
    session = session_for(ROLES["coordinator"])
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": site}])
    page = context.new_page()
    unseen, reached = [], 0
    for path in ("/red-gealc/2017/1.1.i/", "/red-gealc/2017/", "/red-gealc/2017/dashboard/"):
        page.goto(site + path)
        for _ in range(60):
            page.keyboard.press("Tab")
            focused = page.evaluate(FOCUS)
            if focused is None:
                break
            reached += 1
            if not focused["visible"]:
                unseen.append(f"{path}: {focused['what']}")
    context.close()
    assert reached > 60, "the Tab key went almost nowhere"
    assert not unseen, "focus not visible on:\n" + "\n".join(unseen)


# Every picture of data on a page: a chart (SVG, image, canvas) or a bar.
GRAPHICS = """() => Array.from(
  document.querySelectorAll(
    "main svg, main img, main canvas, main [role=img], main .stack, main .meter"
  ),
  (element) => {
    const hidden = element.closest("[aria-hidden=true]") !== null;
    const labelledBy = (element.getAttribute("aria-labelledby") || "").split(/\\s+/)
      .map((id) => document.getElementById(id)).filter(Boolean)
      .map((label) => label.textContent.trim()).join(" ");
    const name = labelledBy || element.getAttribute("aria-label") || element.getAttribute("alt")
      || "";
    // A bar hidden from assistive technology says the same in text beside it.
    const text = element.classList.contains("stack")
      ? (element.nextElementSibling?.classList.contains("stack__text")
         ? element.nextElementSibling.textContent.trim() : "")
      : (element.closest("td, li, section, figure")?.textContent || "").trim();
    return {
      what: element.outerHTML.slice(0, 80),
      nested: element.parentElement.closest("svg, [role=img]") !== null,
      hidden, name: name.trim(), text,
    };
  })"""


def test_the_dashboards_and_the_reports_charts_carry_text_alternatives(page, site):
    """Not a crawl: the charts themselves. A chart is either named (an SVG
    or image with its caption as its name) or hidden from assistive
    technology with the same figures in text beside it; the report's SVG
    charts are images named by their captions."""
    from playwright.sync_api import expect

    found = {}
    for path in ("/red-gealc/2017/dashboard/", "/red-gealc/2017/report.html"):
        page.goto(site + path)
        graphics = [g for g in page.evaluate(GRAPHICS) if not g["nested"]]
        assert graphics, f"{path}: no charts found"
        found[path] = graphics
        for graphic in graphics:
            if graphic["hidden"]:
                assert graphic["text"], (
                    f"{path}: {graphic['what']} is hidden with no text beside it"
                )
            else:
                assert graphic["name"], f"{path}: {graphic['what']} has no text alternative"

    bars = [g for g in found["/red-gealc/2017/dashboard/"] if "stack" in g["what"]]
    assert any("Realizada: 1" in bar["text"] for bar in bars), bars
    # The report's four charts (status, products, timeline, and the demo's
    # contributions in USD), each an image named by its caption.
    for caption in page.locator(".chart figcaption").all():
        expect(page.get_by_role("img", name=caption.inner_text())).to_be_visible()
    assert page.locator(".chart figcaption").count() == 4
