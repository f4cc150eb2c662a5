"""Sending the invitation and the minutes from the case page, and the list of sent e-mails."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from naervaer.access import (
    can_follow_up,
    can_see_sent_mail,
    cases_visible_to,
    get_case_for,
    request_viewer,
    sent_mail_q,
)
from naervaer.audit.models import Action
from naervaer.audit.services import record
from naervaer.followup.models import Conversation, Obligation
from naervaer.http import AuthenticatedHttpRequest
from naervaer.mail import services
from naervaer.mail.forms import InvitationForm
from naervaer.mail.models import SentMail
from naervaer.pagination import Paginator
from naervaer.rules.obligations import Code


def _report(request: HttpRequest, mail: SentMail, sent: str) -> None:
    if mail.status == SentMail.Status.SENT:
        messages.success(request, sent)
    else:
        messages.error(
            request,
            _("The e-mail could not be sent (the mail server did not answer). Try again later."),
        )


@login_required
def invite_view(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    viewer = request_viewer(request)
    case = get_case_for(viewer, case_id)
    if not can_follow_up(viewer, case.person):
        raise PermissionDenied
    due = (
        Obligation.objects.filter(case=case, code=Code.ABSENCE_CONVERSATION.value)
        .values_list("due", flat=True)
        .first()
    )
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            mail = services.invite_to_conversation(case, by=request.user, **form.cleaned_data)
        except services.NoAddress as exc:
            form.add_error(None, str(exc))
        else:
            _report(
                request,
                mail,
                _("The invitation is sent to %(name)s.") % {"name": case.person.name},
            )
            return redirect("case", case.pk)
    return render(
        request,
        "mail/invite.html",
        {"case": case, "person": case.person, "form": form, "due": due},
    )


@login_required
@require_POST
def send_minutes_view(request: AuthenticatedHttpRequest, conversation_id: int) -> HttpResponse:
    viewer = request_viewer(request)
    conversation = get_object_or_404(
        Conversation.objects.filter(case__in=cases_visible_to(viewer)).select_related(
            "person__user", "case"
        ),
        pk=conversation_id,
    )
    if not can_follow_up(viewer, conversation.person):
        raise PermissionDenied
    try:
        mail = services.send_minutes(conversation, by=request.user)
    except services.NoAddress as exc:
        messages.error(request, str(exc))
    else:
        _report(
            request,
            mail,
            _("The minutes are sent to %(name)s.") % {"name": conversation.person.name},
        )
    return redirect("case", conversation.case_id)


@login_required
def sent_mails_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    viewer = request_viewer(request)
    if not can_see_sent_mail(viewer):
        raise PermissionDenied
    mails = SentMail.objects.filter(sent_mail_q(viewer)).select_related("person")
    page = Paginator(mails, 50).get_page(request.GET.get("page"))
    record(
        request.user,
        viewer.require_organisation(),
        Action.VIEW_CASE,
        [m.person_id for m in page],
        "sent e-mails",
    )
    return render(request, "mail/sent.html", {"page": page})


@login_required
def sent_mail_view(request: AuthenticatedHttpRequest, mail_id: int) -> HttpResponse:
    viewer = request_viewer(request)
    mail = get_object_or_404(
        SentMail.objects.filter(sent_mail_q(viewer)).select_related("person", "sent_by"),
        pk=mail_id,
    )
    record(request.user, mail.organisation_id, Action.VIEW_CASE, [mail.person], "sent e-mail")
    return render(request, "mail/mail.html", {"mail": mail})
