"""What day it is: the one place Planea asks.

Today is the site's local date, unless the `PLANEA_TODAY` setting names
another day: the demo sets a day inside 2017 (`make run`) so that the 2017
plan is played in its own year instead of greeting a newcomer with
thousands of days overdue. A plan's own day, which stops at its closing
date, is `planea.governance.clock.as_of(plan)`.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone


def today() -> dt.date:
    """The `PLANEA_TODAY` setting if set (the demo), else the local date."""
    fixed = getattr(settings, "PLANEA_TODAY", None)
    return fixed if fixed is not None else timezone.localdate()
