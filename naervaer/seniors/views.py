"""Seniors: who is due a senior conversation, the conversations themselves, and the policy.
Access through ``naervaer.access``: managers for the people they lead, HR for everyone; only
HR sets the policy."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from naervaer.access import (
    Viewer,
    can_hold_senior_conversations,
    can_set_senior_policy,
    get_senior_person_for,
    request_viewer,
    senior_people_for,
)
from naervaer.audit import reads
from naervaer.audit.models import Action
from naervaer.audit.services import record
from naervaer.http import AuthenticatedHttpRequest
from naervaer.rules.working_life import age_on
from naervaer.seniors.forms import SeniorConversationForm, SeniorPolicyForm
from naervaer.seniors.services import policy_for, seniors_overview


def _viewer(request: HttpRequest) -> Viewer:
    viewer = request_viewer(request)
    if not can_hold_senior_conversations(viewer):
        raise PermissionDenied
    return viewer


SENIORS_PER_PAGE = 50  # the soonest due first: at a large employer, thousands are listed


@login_required
def seniors_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    viewer = _viewer(request)
    assert viewer.organisation_id is not None
    today = timezone.localdate()
    rows = seniors_overview(viewer.organisation_id, senior_people_for(viewer), today)
    return render(
        request,
        "seniors/overview.html",
        {
            "page": Paginator(rows, SENIORS_PER_PAGE).get_page(request.GET.get("page")),
            "today": today,
            "policy": policy_for(viewer.organisation_id),
            "can_set_policy": can_set_senior_policy(viewer),
            "overdue": sum(1 for r in rows if r.overdue(today)),
        },
    )


@login_required
def senior_policy_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    viewer = _viewer(request)
    if not can_set_senior_policy(viewer):
        raise PermissionDenied
    assert viewer.organisation_id is not None
    form = SeniorPolicyForm(request.POST or None, instance=policy_for(viewer.organisation_id))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The senior policy is saved."))
        return redirect("seniors")
    return render(request, "seniors/policy.html", {"form": form})


@login_required
def senior_person_view(request: AuthenticatedHttpRequest, person_id: int) -> HttpResponse:
    viewer = _viewer(request)
    person = get_senior_person_for(viewer, person_id)
    assert viewer.organisation_id is not None
    today = timezone.localdate()
    form = SeniorConversationForm(request.POST or None, initial={"held_on": today})
    if request.method == "POST" and form.is_valid():
        conversation = form.save(commit=False)
        conversation.person = person
        conversation.held_by = request.user
        conversation.save()
        record(request.user, viewer.organisation_id, Action.RECORD_SENIOR, [person])
        messages.success(request, _("The senior conversation is saved."))
        return redirect("senior_person", person.pk)
    reads.describe(Action.VIEW_SENIOR)
    reads.note([person])
    conversations = person.senior_conversations.select_related("held_by")
    policy = policy_for(viewer.organisation_id)
    last = conversations.first()
    return render(
        request,
        "seniors/person.html",
        {
            "person": person,
            "age": age_on(person.birth_date, today) if person.birth_date else None,
            "due": policy.next_due(person.birth_date, last.held_on if last else None)
            if person.birth_date
            else None,
            "conversations": conversations,
            "form": form,
            "policy": policy,
        },
        status=400 if request.method == "POST" else 200,
    )
