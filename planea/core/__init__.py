"""What every app shares and no app owns: the one rule on control characters
in text (`text`), checking and serving uploaded files (`uploads`), the audit
trail's plumbing (`audit`), web addresses Planea will link to (`links`),
the form fields built on them (`forms`) and the plan's statuses with the sets
of them the rules read (`statuses`, read by the policy and the plans alike).

The lowest layer with Django: it imports only `planea.planfile`, so that
`accounts`, `plans`, `governance` and `tracking` can all use it without
importing each other against the layers' order (DEVELOPERS.md).
"""
