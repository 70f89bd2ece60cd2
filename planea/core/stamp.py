"""Reading the data stamp: the one-row counter that every write to public
data moves, in the writing transaction itself.

The counter, its triggers and the list of tables they watch belong to the
API (`planea.api.stamp`, whose docstring says why a counter and not the
newest key); reading it is here, below every app, because more than the
API keys stored answers on it: the reports build a document once per value
(`planea.reports.builds`), and the reports may not import the API.
"""

from __future__ import annotations

from django.db import connection as default_connection
from django.db.backends.base.base import BaseDatabaseWrapper

TABLE = "api_data_stamp"
READ = "SELECT value FROM api_data_stamp WHERE id = 1"


def read(connection: BaseDatabaseWrapper = default_connection) -> int:
    """The counter: one primary-key lookup. A reader that sees value N sees
    every write counted up to N."""
    with connection.cursor() as cursor:
        cursor.execute(READ)
        row = cursor.fetchone()
    return row[0] if row else 0
