"""Queries the ORM writes once per process, for the few every request runs.

Compiling a query -- its joins, its columns, the model's default order --
costs Django several times what SQLite or PostgreSQL take to run a lookup by
a key: for an API call that reads a token, an activity and its leads, most
of the time went to writing SQL that never changes but for its parameters.
`CompiledQuery` keeps the SQL the ORM wrote for a template queryset and, on
each call, runs it with new parameters, then converts the rows and makes the
instances (with their `select_related` objects) as the ORM's own iterator
does, so that what comes back is what the queryset would have returned.

Only for querysets whose shape never changes: each parameter of the
template (`filter(pk=0)`'s 0) is replaced, in order, by a call's; a filter
whose SQL depends on its value (`__in` a list, `None`) must not be used.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model, QuerySet
from django.db.models.query import (  # type: ignore[attr-defined]  # django-stubs omit this helper of the ORM's own iterator
    get_related_populators,
)

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class _Plan:
    sql: str
    parameters: int
    converters: dict[int, tuple[list, Any]]
    model: type[Model]
    fields: tuple[str, ...]
    start: int
    end: int
    related: list


class CompiledQuery(Generic[M]):
    """`template()` (a queryset of M) compiled on first use; `all(*params)`
    runs it with `params` in place of the template's own."""

    def __init__(self, template: Callable[[], QuerySet[M]], using: str = DEFAULT_DB_ALIAS):
        self.template = template
        self.using = using
        self._plan: _Plan | None = None

    def _compiled(self) -> _Plan:
        if self._plan is None:
            query = self.template().query
            compiler = query.get_compiler(using=self.using)
            sql, params = compiler.as_sql()
            info = compiler.klass_info
            select = compiler.select
            start, end = info["select_fields"][0], info["select_fields"][-1] + 1
            self._plan = _Plan(
                sql=sql,
                parameters=len(params),
                converters=compiler.get_converters([column for column, *_ in select]),
                model=info["model"],
                fields=tuple(column.target.attname for column, *_ in select[start:end]),
                start=start,
                end=end,
                related=get_related_populators(info, select, self.using),
            )
        return self._plan

    def all(self, *params: Any) -> list[M]:
        plan = self._compiled()
        if len(params) != plan.parameters:
            raise TypeError(f"the query takes {plan.parameters} parameter(s), not {len(params)}")
        connection = connections[self.using]
        with connection.cursor() as cursor:
            cursor.execute(plan.sql, params)
            rows = cursor.fetchall()
        found = []
        for row in map(list, rows):
            for position, (converters, expression) in plan.converters.items():
                for converter in converters:
                    row[position] = converter(row[position], expression, connection)
            instance = plan.model.from_db(self.using, plan.fields, row[plan.start : plan.end])
            for populator in plan.related:
                populator.populate(row, instance)
            found.append(instance)
        return found  # type: ignore[return-value]  # instances of the template's model

    def first(self, *params: Any) -> M | None:
        """The one row, or None: for a template that finds at most one."""
        found = self.all(*params)
        return found[0] if found else None
