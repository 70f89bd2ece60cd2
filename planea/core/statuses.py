"""Where a plan stands in its life cycle, and the sets of statuses the rules read.

The plan's statuses are the plans app's vocabulary, but the permission
policy (planea.accounts, below plans) decides by them too: who reads a plan,
who reports on it. So they live here, below both, once; `planea.plans.models`
gives them to the plan as `Plan.Status`.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PROPOSED = "proposed", _("proposed")
    APPROVED = "approved", _("approved")
    IN_EXECUTION = "in_execution", _("in execution")
    CLOSED = "closed", _("closed")

    # The sets the rules read. Methods, not attributes: an enum would take
    # a tuple for one more member.

    @classmethod
    def public(cls) -> tuple[PlanStatus, ...]:
        """Adopted by the Assembly: being carried out, or done. The public reads these."""
        return (cls.APPROVED, cls.IN_EXECUTION, cls.CLOSED)

    @classmethod
    def reportable(cls) -> tuple[PlanStatus, ...]:
        """Adopted and not yet closed: progress is reported, amendments approved."""
        return (cls.APPROVED, cls.IN_EXECUTION)

    @classmethod
    def amendable(cls) -> tuple[PlanStatus, ...]:
        """Under discussion, or adopted and not closed: amendments are proposed."""
        return (cls.PROPOSED, *cls.reportable())
