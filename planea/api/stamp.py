"""The data stamp: a one-row counter that every write to public data moves,
in the writing transaction itself.

Database triggers, not Django signals, move it: one trigger per stamped
table, on INSERT, UPDATE and DELETE (and TRUNCATE on PostgreSQL), so every
write path is caught — `save()`, `QuerySet.update()` and `.delete()`,
`bulk_create` and simple_history's `bulk_create_with_history` (which send
no `post_save`), the admin, raw SQL, a restore — and the rule lives in one
place. Signals would miss the bulk writes and raw updates, and the
audit-trail tables the stamp used to read miss raw updates too.

Why a counter and not the newest primary key: on PostgreSQL a key is drawn
when a row is written, not when its transaction commits, so the newest key
can be visible before an older, still uncommitted one — a stamp read in
between names data that is not all there yet, and does not move when the
rest commits. The counter row is instead updated inside every writing
transaction: writers queue on its row lock, each commit makes its data and
its increment visible at once, and a reader that sees value N sees every
write counted up to N.

The price is that writers to public data serialise from their first stamped
statement to their commit. Planea's writes are short and take their row
locks (`select_for_update`) before they write, which keeps them from
deadlocking on the counter; a transaction that writes and then locks another
row could. On PostgreSQL the trigger runs once per statement (a bulk insert
bumps once); SQLite has only row triggers, and its writers queue on the
database lock anyway.

The counter's table has no model on purpose: it is derived state, so
`planea backup` leaves it out and a restore (whose inserts move it) never
collides with it. The migration creates it and the triggers; after every
`migrate`, missing triggers are made again, because SQLite drops a table's
triggers when a migration rebuilds the table.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.apps import apps as global_apps
from django.apps.registry import Apps
from django.db import connection as default_connection
from django.db.backends.base.base import BaseDatabaseWrapper

# Reading the counter is the core's: the reports key their builds on it too.
from planea.core.stamp import READ, TABLE, read  # noqa: F401  (READ and read re-exported)

# What the public answers are built from (see planea.api.cache).
STAMPED_MODELS = (
    "plans.Network",
    "plans.Organisation",
    "plans.FundingSource",
    "plans.Plan",
    "plans.Area",
    "plans.Activity",
    "plans.ActivityLead",
    "plans.ActivityFunding",
    "plans.Product",
    "tracking.Evidence",
    # And what the stored report builds are made from besides
    # (planea.reports.builds): contributions and translations of the plan.
    "plans.Contribution",
    "plans.Translation",
)
TRIGGER = "planea_data_stamp"
FUNCTION = "planea_bump_data_stamp"
# An upsert rather than a plain UPDATE: should the row ever be missing, the
# next write makes it again instead of leaving the stamp still for good.
BUMP = (
    "INSERT INTO api_data_stamp (id, value) VALUES (1, 1) "
    "ON CONFLICT (id) DO UPDATE SET value = api_data_stamp.value + 1"
)
CREATE_TABLE = (
    "CREATE TABLE api_data_stamp (id integer PRIMARY KEY CHECK (id = 1), value bigint NOT NULL)"
)
SEED = "INSERT INTO api_data_stamp (id, value) VALUES (1, 0)"
SQLITE_EVENTS = ("INSERT", "UPDATE", "DELETE")


def stamped_tables(apps: Apps = global_apps) -> list[str]:
    """The tables of STAMPED_MODELS that exist in `apps` (a migration's
    historical state may predate some)."""
    tables = []
    for label in STAMPED_MODELS:
        try:
            tables.append(apps.get_model(label)._meta.db_table)
        except LookupError:
            continue
    return tables


def _sqlite_trigger(table: str, event: str) -> str:
    return f"{TRIGGER}_{table}_{event.lower()}"


def install(connection: BaseDatabaseWrapper, tables: Iterable[str]) -> list[str]:
    """Create the triggers on `tables` that are missing; the tables given one."""
    tables = list(tables)
    with connection.cursor() as cursor:
        existing = set(connection.introspection.table_names(cursor))
        if TABLE not in existing:
            return []  # the migration that makes the counter is not applied yet
        tables = [table for table in tables if table in existing]
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            present = {name for (name,) in cursor.fetchall()}
            made = []
            for table in tables:
                for event in SQLITE_EVENTS:
                    name = _sqlite_trigger(table, event)
                    if name not in present:
                        cursor.execute(
                            f'CREATE TRIGGER "{name}" AFTER {event} ON "{table}" BEGIN {BUMP}; END'
                        )
                        made.append(table)
            return sorted(set(made))
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE t.tgname = %s AND pg_table_is_visible(c.oid)",
                [TRIGGER],
            )
            present = {name for (name,) in cursor.fetchall()}
            missing = [table for table in tables if table not in present]
            if missing:
                cursor.execute(
                    f"CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger "
                    f"LANGUAGE plpgsql AS $$ BEGIN {BUMP}; RETURN NULL; END $$"
                )
            for table in missing:
                cursor.execute(
                    f"CREATE TRIGGER {TRIGGER} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                    f'ON "{table}" FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()'
                )
            return missing
    raise NotImplementedError(f"no data stamp triggers for {connection.vendor}")


def uninstall(connection: BaseDatabaseWrapper, tables: Iterable[str]) -> None:
    """Drop the triggers on `tables`."""
    with connection.cursor() as cursor:
        for table in tables:
            if connection.vendor == "sqlite":
                for event in SQLITE_EVENTS:
                    cursor.execute(f'DROP TRIGGER IF EXISTS "{_sqlite_trigger(table, event)}"')
            else:
                cursor.execute(f'DROP TRIGGER IF EXISTS {TRIGGER} ON "{table}"')


def drop(connection: BaseDatabaseWrapper, tables: Iterable[str]) -> None:
    """Undo the migration: the triggers, the function, the counter."""
    uninstall(connection, tables)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()")
        cursor.execute("DROP TABLE IF EXISTS api_data_stamp")


def triggered_tables(connection: BaseDatabaseWrapper = default_connection) -> set[str]:
    """The tables whose every write moves the stamp, as the database says."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s "
                "GROUP BY tbl_name HAVING COUNT(*) = %s",
                [f"{TRIGGER}_%", len(SQLITE_EVENTS)],
            )
        else:
            cursor.execute(
                "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE t.tgname = %s AND pg_table_is_visible(c.oid)",
                [TRIGGER],
            )
        return {name for (name,) in cursor.fetchall()}


def reinstall_after_migrate(using: str = "default", **kwargs) -> None:
    """post_migrate: make again any trigger a migration dropped."""
    from django.db import connections

    install(connections[using], stamped_tables())
