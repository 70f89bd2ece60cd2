import datetime

from django.db import migrations, models


def expire_existing(apps, schema_editor):
    # Tokens made before tokens expired get the default lifetime from when
    # they were made (at least a week from now, so no script stops at once).
    from django.conf import settings
    from django.utils import timezone

    ApiToken = apps.get_model("api", "ApiToken")
    soonest = timezone.now() + datetime.timedelta(days=7)
    for token in ApiToken.objects.filter(expires_at__isnull=True):
        token.expires_at = max(
            token.created + datetime.timedelta(days=settings.API_TOKEN_DAYS), soonest
        )
        token.save(update_fields=["expires_at"])


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(editable=False, null=True, verbose_name="expires at"),
        ),
        migrations.RunPython(expire_existing, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(editable=False, verbose_name="expires at"),
        ),
    ]
