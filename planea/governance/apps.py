from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "planea.governance"
    label = "governance"

    def ready(self) -> None:
        # The permission policy counts a role's holder that year ("País
        # presidente" → Uruguay) among an activity's leads: it is told how here,
        # once the models are loaded, since it may not import governance itself.
        from planea.accounts import policy
        from planea.plans import models as plans
        from planea.plans import translations

        from .clock import closed_on
        from .models import Meeting
        from .roles import lead_organisation_ids

        policy.resolve_leads_with(lead_organisation_ids)
        # A closed plan's clock stops on the day its closing step took effect.
        plans.closed_on_with(closed_on)
        # A meeting's title and decisions (the minutes' summary) are translated
        # with the plan of its network and year.
        translations.register(
            Meeting,
            ("title", "decisions"),
            lambda meeting: plans.Plan.objects.get(
                network_id=meeting.network_id, year=meeting.date.year
            ),
            objects_of=lambda plan: Meeting.objects.of_network(plan.network).in_year(plan.year),
        )
