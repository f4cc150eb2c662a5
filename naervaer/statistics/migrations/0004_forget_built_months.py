"""Every month built before leave, causes and periods-by-end (0002, 0003) counts differently:
forget them all, so the next dashboard builds them again with the new definitions."""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor


def forget_everything(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    for name in ("BuiltMonth", "UnitMonth", "UnitMonthAbsence"):
        apps.get_model("statistics", name).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("statistics", "0003_unit_month_absence_spell_days")]

    operations = [migrations.RunPython(forget_everything, migrations.RunPython.noop)]
