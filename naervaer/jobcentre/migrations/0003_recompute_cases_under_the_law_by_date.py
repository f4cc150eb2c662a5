"""Recompute the job centres' cases under the law by date.

A case's deadlines and refund are never stored: they are computed from its dates by
``naervaer.rules.jobcentre`` each time they are shown, so every existing case gets the corrected
rules (the 2020 cadence, category 3 gone in 2025, § 13 f, the 2026 exemption, refund by weeks
with benefit) as soon as this code runs. What is stored is the rule-set choice: the old
``current`` set, frozen at 2016, becomes the law by date (an empty choice). Each job centre's
audit log records the recomputation.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

DETAIL = (
    "Job-centre rules recomputed: %(n)s sickness cases now follow the law on each date "
    "(cadence, categories, § 13 f, the 2026 exemption, refund by weeks with benefit); "
    "%(moved)s moved from the old 'current' rule set."
)


def recompute(apps: Any, schema_editor: Any) -> None:
    Case = apps.get_model("jobcentre", "Case")
    AuditEvent = apps.get_model("audit", "AuditEvent")
    organisations = Case.objects.order_by().values_list("organisation_id", flat=True).distinct()
    for organisation_id in organisations:
        cases = Case.objects.filter(organisation_id=organisation_id)
        moved = cases.filter(rule_set="current").update(rule_set="")
        AuditEvent.objects.create(
            organisation_id=organisation_id,
            actor=None,
            actor_label="system (migration jobcentre 0003)",
            action="follow_up",
            detail=DETAIL % {"n": cases.count(), "moved": moved},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("jobcentre", "0002_law_by_date_benefit_start_exemption_light_follow_up"),
        ("audit", "0003_alter_auditevent_action"),
    ]

    operations = [migrations.RunPython(recompute, migrations.RunPython.noop)]
