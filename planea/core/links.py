"""Which links may be kept as evidence: http or https to a public host.

A link is shown to every reader as a plain link, so one pointing inside the
network the server or the reader sits in (a router's page, a metadata
service, an intranet name) has no business there. No name is looked up:
IP literals are judged by their range, and names by what is obviously
internal (localhost, single labels, .local, .internal and the like).
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

_INTERNAL_SUFFIXES = (
    ".localhost",
    ".local",
    ".localdomain",
    ".internal",
    ".intranet",
    ".lan",
    ".home",
    ".corp",
    ".private",
    ".test",
    ".invalid",
    ".example",
    ".arpa",
)


def _is_public_ip(host: str) -> bool | None:
    """True or False for an IP literal (IPv6 in brackets or not); None for a name."""
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        pass
    else:
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
            address = address.ipv4_mapped
        return address.is_global and not address.is_multicast
    # Browsers read "2130706433", "0x7f.1" and "127.1" as IPv4 addresses too.
    parts = host.split(".")
    if all(part.isdigit() or part.lower().startswith("0x") for part in parts if part):
        return False
    return None


def is_public_host(host: str) -> bool:
    host = host.rstrip(".").lower()
    if not host:
        return False
    public_ip = _is_public_ip(host)
    if public_ip is not None:
        return public_ip
    # A single label ("intranet", "localhost") is a name only a local
    # resolver knows.
    return "." in host and not host.endswith(_INTERNAL_SUFFIXES)


def host_of(url: str) -> str:
    """The URL's host name, lower case; "" if it has none or cannot be read."""
    try:
        return urlsplit(url).hostname or ""
    except ValueError:
        return ""


def is_public_web_url(url: str) -> bool:
    return url.lower().startswith(("http://", "https://")) and is_public_host(host_of(url))


def validate_public_web_url(url: str) -> None:
    """Refuse anything but an http(s) address of a public host (ValidationError)."""
    URLValidator(schemes=["http", "https"])(url)
    if not is_public_host(host_of(url)):
        raise ValidationError(
            _("Give a public web address: links to this server or a private network are refused."),
            code="private",
        )
