"""The Atom feed of a network's progress and evidence: what a feed reader,
or another site, follows to hear of each progress report and each piece of
public evidence on the network's public plans. Only what the public may
read is ever in it, whoever fetches it (planea.reports.transparency)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from planea.plans.models import Network

from .transparency import recent_evidence, recent_progress

ITEMS = 30
# The date of the tag URIs (RFC 4151) that name the feed's entries: fixed,
# so that an entry keeps its id for ever.
TAG_DATE = "2026"


@dataclass(frozen=True)
class Item:
    guid: str
    title: str
    description: str
    link: str
    date: dt.datetime
    updated: dt.datetime
    category: str


def _moment(date: dt.date) -> dt.datetime:
    return dt.datetime.combine(date, dt.time(), tzinfo=timezone.get_default_timezone())


@dataclass(frozen=True)
class Source:
    """The network a feed is of, and the site's address as it was reached:
    kept on the object, not on the feed, which serves every request."""

    network: Network
    site: str  # "https://planea.example.org/"
    host: str


class TransparencyFeed(Feed):
    feed_type = Atom1Feed

    def __call__(self, request: HttpRequest, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        response["Cache-Control"] = "public, max-age=900"
        return response

    def get_object(self, request: HttpRequest, network: str) -> Source:
        return Source(
            network=get_object_or_404(Network, slug=network),
            site=request.build_absolute_uri("/"),
            host=request.get_host().split(":")[0],
        )

    def title(self, source: Source) -> str:
        network = source.network
        return _("%(network)s: progress and evidence") % {
            "network": network.acronym or network.name
        }

    def subtitle(self, source: Source) -> str:
        return _("Progress reports and public evidence of the adopted plans of %(name)s.") % {
            "name": source.network.name
        }

    def link(self, source: Source) -> str:
        return reverse("transparency", kwargs={"network": source.network.slug})

    def feed_guid(self, source: Source) -> str:
        return source.site.rstrip("/") + self.link(source)

    def items(self, source: Source) -> list[Item]:
        network, base, host = source.network, source.site, source.host
        found = []
        for update in recent_progress(network, base, ITEMS):
            found.append(
                Item(
                    guid=f"tag:{host},{TAG_DATE}:planea/progress/{update.id}",
                    title=f"{update.activity} · {update.status_label}",
                    description=update.note,
                    link=update.activity_url,
                    date=_moment(update.date),
                    updated=update.created,
                    category=_("Progress"),
                )
            )
        for evidence in recent_evidence(network, base, ITEMS):
            found.append(
                Item(
                    guid=f"tag:{host},{TAG_DATE}:planea/evidence/{evidence.id}",
                    title=_("Evidence: %(title)s") % {"title": evidence.title},
                    description=evidence.activity,
                    link=evidence.url or evidence.activity_url,
                    date=_moment(evidence.date),
                    updated=evidence.created,
                    category=_("Evidence"),
                )
            )
        found.sort(key=lambda item: (item.date, item.updated), reverse=True)
        return found[:ITEMS]

    def item_title(self, item: Item) -> str:
        return item.title

    def item_description(self, item: Item) -> str:
        return item.description

    def item_link(self, item: Item) -> str:
        return item.link

    def item_guid(self, item: Item) -> str:
        return item.guid

    item_guid_is_permalink = False

    def item_pubdate(self, item: Item) -> dt.datetime:
        return item.date

    def item_updateddate(self, item: Item) -> dt.datetime:
        return max(item.updated, item.date)

    def item_categories(self, item: Item) -> list[str]:
        return [item.category]
