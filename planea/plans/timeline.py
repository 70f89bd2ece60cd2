"""Placing a plan's activities on its year, for the timeline page.

Positions are computed here, in percent of the year, so that the template
only draws bars with CSS: no JavaScript, and the page prints.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from .models import Activity, Area


@dataclass(frozen=True)
class Bar:
    activity: Activity
    start: dt.date
    end: dt.date
    # Percent of the year, as strings with a dot, ready for a style
    # attribute: a localised "12,5" would be invalid CSS.
    left: str
    width: str

    @property
    def is_narrow(self) -> bool:
        """Too narrow to hold its own label, which then goes beside it."""
        return float(self.width) < 20

    @property
    def label_after(self) -> bool:
        """Whether there is room for the label after the bar, else before it."""
        return float(self.left) + float(self.width) < 70

    @property
    def label_offset(self) -> str:
        """Where the outside label starts (after) or ends (before), in percent."""
        if self.label_after:
            return f"{float(self.left) + float(self.width):.3f}"
        return f"{100 - float(self.left):.3f}"

    @property
    def is_event(self) -> bool:
        """A dated activity of a few days, drawn as a mark rather than a bar."""
        return self.activity.is_dated and (self.end - self.start).days < 7


# The narrowest bar still visible and clickable on a phone, in percent.
MIN_WIDTH = 1.5


def bar_for(activity: Activity, year: int) -> Bar:
    start, end = activity.span(year)
    first = dt.date(year, 1, 1)
    days = (dt.date(year + 1, 1, 1) - first).days
    left = (start - first).days / days * 100
    width = max(((end - start).days + 1) / days * 100, MIN_WIDTH)
    left = min(left, 100 - width)
    return Bar(activity, start, end, f"{left:.3f}", f"{width:.3f}")


def months(year: int) -> list[dict]:
    """The twelve months with their position, for the scale above the bars."""
    first = dt.date(year, 1, 1)
    days = (dt.date(year + 1, 1, 1) - first).days
    result = []
    for month in range(1, 13):
        start = dt.date(year, month, 1)
        end = dt.date(year + (month == 12), month % 12 + 1, 1)
        result.append(
            {
                "date": start,
                "left": f"{(start - first).days / days * 100:.3f}",
                "width": f"{(end - start).days / days * 100:.3f}",
            }
        )
    return result


def rows_by_area(year: int, areas: Iterable[Area], activities: Iterable[Activity]) -> list[dict]:
    """[{"area": area, "bars": [Bar, …]}, …] in document order."""
    bars: dict[int, list[Bar]] = {}
    for activity in activities:
        bars.setdefault(activity.area_id, []).append(bar_for(activity, year))
    return [{"area": area, "bars": bars[area.pk]} for area in areas if area.pk in bars]
