"""The dialogue tool's pages: the leader's control page, the big screen, the groups' phones,
the follow-up scheme and the results.

Leaders are logged-in managers, HR or AMO members of the organisation (``naervaer.access``);
the groups at the table have no account: a device joins a meeting by its code, picks its group
and rates at an address with the group's key.
"""

from __future__ import annotations

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from naervaer.access import (
    can_lead_dialogue,
    get_meeting_for,
    meetings_visible_to,
    own_organisation,
    request_viewer,
)
from naervaer.dialogue import services
from naervaer.dialogue.content import CLOSING_QUESTIONS, MEETING_STEPS, STATUS_QUESTIONS, goals_in
from naervaer.dialogue.forms import FollowUpForm, JoinForm, MeetingForm, OwnCardForm, RatingForm
from naervaer.dialogue.models import FollowUp, Group, Meeting
from naervaer.dialogue.pdf import results_pdf
from naervaer.http import AuthenticatedHttpRequest
from naervaer.people.services import active_users


def _meeting(request: HttpRequest, meeting_id: int) -> Meeting:
    return get_meeting_for(request_viewer(request), meeting_id)


# --- The leader ------------------------------------------------------------------------------


@login_required
def meetings_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    viewer = request_viewer(request)
    if not can_lead_dialogue(viewer):
        raise PermissionDenied
    meetings = meetings_visible_to(viewer).annotate(
        rated=Count("groups__ratings__group", distinct=True)
    )
    return render(request, "dialogue/meetings.html", {"meetings": meetings})


@login_required
def meeting_new_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    viewer = request_viewer(request)
    if not can_lead_dialogue(viewer):
        raise PermissionDenied
    form = MeetingForm(
        request.POST or None,
        initial={"held_on": timezone.localdate(), "title": _("Sustainable work environment")},
    )
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "groups"}
        meeting = services.create_meeting(
            own_organisation(request.user),
            request.user,
            groups=form.cleaned_data["groups"],
            **fields,
        )
        return redirect("dialogue_meeting", meeting.pk)
    return render(request, "dialogue/meeting_form.html", {"form": form})


def _join_url(request: HttpRequest, meeting: Meeting) -> str:
    # The address as the screen reached Nærvær, so phones on the same network can follow it.
    return request.build_absolute_uri(reverse("dialogue_join_code", args=[meeting.join_code]))


def _qr(url: str) -> str:
    return segno.make(url, error="m").svg_inline(scale=6, dark="#1c2623")


@login_required
def meeting_view(request: AuthenticatedHttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _meeting(request, meeting_id)
    result = services.results(meeting)
    return render(
        request,
        "dialogue/meeting.html",
        {
            "meeting": meeting,
            "results": result,
            "groups": meeting.groups.annotate(rated=Count("ratings")),
            "join_url": _join_url(request, meeting),
            "own_card_form": OwnCardForm(meeting=meeting),
            "steps": [str(s) for s in MEETING_STEPS],
        },
    )


@login_required
@require_POST
def meeting_action_view(
    request: AuthenticatedHttpRequest, meeting_id: int, action: str
) -> HttpResponse:
    """The leader's buttons: discuss a card, start the timer, open or close ratings, add a group
    or an own card."""
    meeting = _meeting(request, meeting_id)
    if action == "discuss":
        code = request.POST.get("card", "")
        if code not in services.card_codes(meeting):
            raise Http404
        services.place(meeting, code)
    elif action == "timer":
        services.start_timer(meeting)
    elif action == "open":
        meeting.is_open = request.POST.get("open") == "1"
        meeting.save(update_fields=["is_open"])
    elif action == "group":
        if meeting.groups.count() >= services.MAX_GROUPS:
            messages.error(
                request, _("A meeting has at most %(n)s groups.") % {"n": services.MAX_GROUPS}
            )
        else:
            Group.objects.create(meeting=meeting, name=f"Gruppe {meeting.groups.count() + 1}")
    elif action == "own-card":
        form = OwnCardForm(request.POST, meeting=meeting)
        if form.is_valid():
            services.add_own_card(meeting, **form.cleaned_data)
            messages.success(request, _("The card is on the board; the groups can rate it now."))
        else:
            for error in form.errors.values():
                messages.error(request, " ".join(str(e) for e in error))
    elif action == "summary":
        meeting.summary = request.POST.get("summary", "")[:5000]
        meeting.save(update_fields=["summary"])
        messages.success(request, _("The summing-up is saved."))
    else:
        raise Http404
    target = request.POST.get("next", "")
    return redirect("dialogue_screen" if target == "screen" else "dialogue_meeting", meeting.pk)


@login_required
def screen_view(request: AuthenticatedHttpRequest, meeting_id: int) -> HttpResponse:
    """The big screen in the meeting room."""
    meeting = _meeting(request, meeting_id)
    join_url = _join_url(request, meeting)
    return render(
        request,
        "dialogue/screen.html",
        {"meeting": meeting, "join_url": join_url, "qr": _qr(join_url), **_live(meeting)},
    )


def _live(meeting: Meeting) -> dict[str, object]:
    result = services.results(meeting)
    current = next((c for c in result.cards if c.card.code == meeting.current_card), None)
    seconds = meeting.seconds_left()
    return {
        "meeting": meeting,
        "results": result,
        "current": current,
        "questions": [str(q) for q in STATUS_QUESTIONS],
        "lowest": result.lowest_first()[:8],
        "minutes_left": None if seconds is None else (seconds + 59) // 60,
    }


@login_required
def screen_live_view(request: AuthenticatedHttpRequest, meeting_id: int) -> HttpResponse:
    """What the big screen polls every few seconds: the board, the ratings, the timer."""
    meeting = _meeting(request, meeting_id)
    return render(request, "dialogue/_live.html", _live(meeting))


@login_required
def followup_view(request: AuthenticatedHttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _meeting(request, meeting_id)
    people = active_users(meeting.organisation_id)
    existing = {f.goal: f for f in meeting.follow_ups.all()}
    result = services.results(meeting)
    rows = []
    follow_up_forms = []
    for goal in goals_in(meeting.area):
        instance = existing.get(goal.code) or FollowUp(meeting=meeting, goal=goal.code)
        form = FollowUpForm(
            request.POST or None, instance=instance, prefix=goal.code, responsible_choices=people
        )
        follow_up_forms.append(form)
        rows.append({"goal": goal, "result": result.goal(goal.code), "form": form})
    # Validate every row (a list, not a short-circuiting generator) so all errors show at once.
    if request.method == "POST" and all([form.is_valid() for form in follow_up_forms]):
        for form in follow_up_forms:
            if form.has_changed() or form.instance.pk:
                form.save()
        messages.success(request, _("The follow-up scheme is saved."))
        return redirect("dialogue_followup", meeting.pk)
    return render(
        request,
        "dialogue/followup.html",
        {"meeting": meeting, "rows": rows, "questions": [str(q) for q in CLOSING_QUESTIONS]},
    )


@login_required
def results_view(request: AuthenticatedHttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _meeting(request, meeting_id)
    result = services.results(meeting)
    previous = services.previous_meeting(meeting)
    comparison = services.compare(result, services.results(previous)) if previous else []
    return render(
        request,
        "dialogue/results.html",
        {
            "meeting": meeting,
            "results": result,
            "previous": previous,
            "comparison": comparison,
            "follow_ups": meeting.follow_ups.select_related("responsible"),
        },
    )


@login_required
def results_pdf_view(request: AuthenticatedHttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _meeting(request, meeting_id)
    response = HttpResponse(results_pdf(meeting), content_type="application/pdf")
    name = f"dialogmoede-{meeting.held_on:%Y-%m-%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- The groups' phones (no account) ----------------------------------------------------------


def join_view(request: HttpRequest) -> HttpResponse:
    form = JoinForm(request.POST or request.GET or None)
    if form.is_bound and form.is_valid():
        meeting = services.find_open_meeting(form.cleaned_data["code"])
        if meeting is not None:
            return redirect("dialogue_join_code", meeting.join_code)
        form.add_error(
            "code", _("No open meeting has this code. Check the code on the big screen.")
        )
    return render(request, "dialogue/join.html", {"form": form})


def _open_meeting_or_404(code: str) -> Meeting:
    meeting = services.find_open_meeting(code)
    if meeting is None:
        raise Http404
    return meeting


def join_code_view(request: HttpRequest, code: str) -> HttpResponse:
    """Choose which group this device rates for."""
    meeting = _open_meeting_or_404(code)
    if request.method == "POST":
        group = get_object_or_404(Group, meeting=meeting, pk=request.POST.get("group"))
        return redirect("dialogue_rate", meeting.join_code, group.key)
    return render(request, "dialogue/choose_group.html", {"meeting": meeting})


def rate_view(request: HttpRequest, code: str, key: str) -> HttpResponse:
    meeting = _open_meeting_or_404(code)
    group = get_object_or_404(Group, meeting=meeting, key=key)
    cards = {c.code: c for c in services.cards_for(meeting)}
    if request.method == "POST":
        form = RatingForm(request.POST)
        if not form.is_valid() or form.cleaned_data["card"] not in cards:
            return HttpResponse(_("Choose a rating from 1 to 5."), status=400)
        services.rate(group, form.cleaned_data["card"], form.cleaned_data["score"])
        card = cards[form.cleaned_data["card"]]
        context = {
            "meeting": meeting,
            "group": group,
            "card": card,
            "score": form.cleaned_data["score"],
            "saved": True,
        }
        if request.headers.get("HX-Request"):
            return render(request, "dialogue/_rate_card.html", context)
        rate_url = reverse("dialogue_rate", args=[meeting.join_code, group.key])
        return redirect(f"{rate_url}#card-{card.code}")
    scores = dict(group.ratings.values_list("card", "score"))
    by_goal = [
        {
            "goal": g,
            "cards": [
                {"card": c, "score": scores.get(c.code)} for c in cards.values() if c.goal == g.code
            ],
        }
        for g in goals_in(meeting.area)
    ]
    return render(
        request,
        "dialogue/rate.html",
        {
            "meeting": meeting,
            "group": group,
            "by_goal": by_goal,
            "rated": len(scores),
            "total": len(cards),
        },
    )
