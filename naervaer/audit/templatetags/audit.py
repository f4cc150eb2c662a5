"""The audit log's detail column in the reader's language.

Events store where a read happened as a fixed English key ("home", "early warning"), so the
log itself stays the same whatever language a user had; it is translated when shown. Other
details (dates, file names, degrees) are shown as they are.
"""

from __future__ import annotations

import re

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

register = template.Library()

DETAIL_LABELS = {
    "home": _("front page"),
    "follow-up list": _("follow-up list"),
    "early warning": _("early warning in the statistics"),
    "calendar feed": _("calendar feed"),
    "followup/case.html": _("case page"),
    "possibility statement part 1": _("possibility statement, part 1"),
    "possibility statement part 2": _("possibility statement, part 2"),
    "own data": _("own data"),
    "own data (PDF)": _("own data (PDF)"),
    "register": _("register"),
    "retention plan": _("retention plan"),
    "retention plan: own view": _("retention plan: own view"),
    "retention plan document": _("retention plan document"),
    "caseload": _("caseload"),
    "conversation": _("conversation"),
    "correct absence": _("correct absence"),
    "partial return": _("partial return"),
    "possibility statement": _("possibility statement"),
    "register sick": _("register sick"),
    "return": _("return to work"),
    "§ 56 agreement": _("§ 56 agreement"),
}


# A read noted by the request itself ("GET /people/12/"): the address, shown as an address.
_REQUEST = re.compile(r"^(?:GET|POST|PUT|PATCH|DELETE) (/\S*)$")


@register.filter
def audit_detail(detail: str) -> str:
    request = _REQUEST.match(detail)
    if request:
        return format_html("<code>{}</code>", request.group(1))
    return str(DETAIL_LABELS.get(detail, detail))
