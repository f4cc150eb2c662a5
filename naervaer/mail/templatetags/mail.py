"""The e-mails sent about a case, on the case page, as far as the viewer may read them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import template

from naervaer.access import request_viewer, sent_mail_q
from naervaer.mail.models import SentMail

if TYPE_CHECKING:
    from naervaer.followup.models import Case

register = template.Library()


@register.inclusion_tag("mail/_case_mails.html", takes_context=True)
def case_mails(context: dict[str, Any], case: Case) -> dict[str, object]:
    viewer = request_viewer(context["request"])
    mails = SentMail.objects.filter(sent_mail_q(viewer), case=case).order_by("-sent_at", "-pk")
    return {"mails": list(mails)}
