"""The roles-and-cooperation overview: the organisation's answers to the tool's questions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from naervaer.amo.content import ROLES
from naervaer.amo.forms import AnswersForm
from naervaer.amo.models import RoleAnswer
from naervaer.amo.views.common import amo_viewer
from naervaer.http import AuthenticatedHttpRequest


@login_required
def roles_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    viewer = amo_viewer(request)
    answers = dict(
        RoleAnswer.objects.filter(organisation_id=viewer.require_organisation()).values_list(
            "question", "answer"
        )
    )
    form = AnswersForm(request.POST or None, themes=ROLES, answers=answers)
    if request.method == "POST" and form.is_valid():
        form.save_answers(RoleAnswer, organisation_id=viewer.require_organisation())
        messages.success(request, _("The roles and cooperation overview is saved."))
        return redirect("amo_roles")
    return render(request, "amo/roles.html", {"form": form})
