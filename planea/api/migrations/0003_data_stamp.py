"""The data stamp's counter and the triggers that move it (see planea.api.stamp)."""

from django.db import migrations

from planea.api import stamp


def create(apps, schema_editor) -> None:
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        cursor.execute(stamp.CREATE_TABLE)
        cursor.execute(stamp.SEED)
    stamp.install(connection, stamp.stamped_tables(apps))


def drop(apps, schema_editor) -> None:
    stamp.drop(schema_editor.connection, stamp.stamped_tables(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0002_apitoken_expires_at"),
        ("plans", "0005_activity_carried_from_recurring"),
        ("tracking", "0004_network_history"),
    ]

    operations = [migrations.RunPython(create, drop)]
