"""The administrator's user form: login, roles and the link to the person it belongs to."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from naervaer.formfields import choice_field
from naervaer.people.models import Organisation, Person, Role, User


class UserForm(forms.ModelForm[User]):
    roles = forms.MultipleChoiceField(
        label=_("Roles"),
        choices=[c for c in Role.Kind.choices if c[0] != Role.Kind.CASEWORKER],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Managers and employees need no role: a manager is whoever leads a unit, and an "
            "employee sees their own data when the user is linked to their employee number."
        ),
    )
    employee_id = forms.CharField(
        label=_("Employee number"),
        required=False,
        help_text=_("Links the login to the person with this employee number."),
    )
    password = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(render_value=False),
        required=False,
        help_text=_("Leave empty to keep the current password."),
    )

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email", "is_active"]

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        if organisation.kind == Organisation.Kind.JOBCENTRE:
            choice_field(self, "roles").choices = [
                c for c in Role.Kind.choices if c[0] in {Role.Kind.CASEWORKER, Role.Kind.ADMIN}
            ]
        if self.instance.pk:
            self.initial["roles"] = list(self.instance.roles.values_list("kind", flat=True))
            person = Person.objects.filter(user=self.instance).first()
            self.initial["employee_id"] = person.employee_id if person else ""
        else:
            self.fields["password"].required = True
            self.fields["password"].help_text = ""

    def clean_employee_id(self) -> Person | None:
        employee_id = self.cleaned_data["employee_id"].strip()
        if not employee_id:
            return None
        person = Person.objects.filter(
            organisation=self.organisation, employee_id=employee_id
        ).first()
        if person is None:
            raise forms.ValidationError(_("No employee has this number."))
        if person.user_id and person.user_id != self.instance.pk:
            raise forms.ValidationError(_("This employee already has another login."))
        return person

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if password:
            validate_password(password, self.instance)
        return password

    @transaction.atomic
    def save(self, commit: bool = True) -> User:
        user: User = super().save(commit=False)
        user.organisation = self.organisation
        if self.cleaned_data["password"]:
            user.set_password(self.cleaned_data["password"])
        user.save()
        Role.objects.filter(user=user).exclude(kind__in=self.cleaned_data["roles"]).delete()
        for kind in self.cleaned_data["roles"]:
            Role.objects.get_or_create(user=user, kind=kind)
        Person.objects.filter(user=user).update(user=None)
        person = self.cleaned_data["employee_id"]
        if person is not None:
            person.user = user
            person.save(update_fields=["user"])
        return user
