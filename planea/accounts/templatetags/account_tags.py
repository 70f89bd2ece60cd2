"""Template filters of the account pages."""

from __future__ import annotations

import datetime as dt
import math

from django import template

register = template.Library()


@register.filter
def whole_hours(duration: dt.timedelta | None) -> int:
    """A lockout's length in hours, rounded up, at least one."""
    if not duration:
        return 1
    return max(1, math.ceil(duration.total_seconds() / 3600))
