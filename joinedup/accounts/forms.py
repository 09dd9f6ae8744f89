from django import forms
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.urls import reverse

from joinedup import mail
from joinedup.govuk.forms import GovukForm, GovukFormMixin, GovukModelForm
from joinedup.organisations.models import Role, User


def email_in_use(email: str, *, by_other_than: User | None = None) -> bool:
    """Sign-on and password reset find an account by its email address, so it is one
    account's alone."""
    users = User.objects.filter(email__iexact=email)
    if by_other_than is not None:
        users = users.exclude(pk=by_other_than.pk)
    return users.exists()


class ProfileForm(GovukModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "email", "phone", "wants_notice_email"]
        labels = {"first_name": "First name", "last_name": "Last name"}
        help_texts = {
            "phone": "For example, 01245 430000",
            "email": "Where joinedup sends invitations, password resets and the notices you "
            "subscribe to. Your council controls this personal data.",
        }

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if email and email_in_use(email, by_other_than=self.instance):
            raise forms.ValidationError("Another account uses this email address")
        return email


class ActingForForm(GovukForm):
    organisation = forms.TypedChoiceField(
        label="Which organisation are you acting for?",
        widget=forms.RadioSelect,
        coerce=int,
        error_messages={
            "required": "Select the organisation you are acting for",
            "invalid_choice": "Select an organisation you are authorised to act for",
        },
    )

    def __init__(self, *args, authorisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [
            (a.organisation_id, f"{a.organisation.name} ({a.get_role_display().lower()})")
            for a in authorisations
        ]


class InvitationForm(GovukForm):
    first_name = forms.CharField(label="First name", max_length=150)
    last_name = forms.CharField(label="Last name", max_length=150)
    email = forms.EmailField(label="Email address", max_length=254)
    organisation = forms.TypedChoiceField(
        label="Council they work for",
        coerce=int,
        error_messages={"invalid_choice": "Select a council that is party to this partnership"},
    )
    role = forms.ChoiceField(
        label="Role",
        widget=forms.RadioSelect,
        choices=[(Role.OFFICER, "Officer"), (Role.ELECTED_MEMBER, "Elected member")],
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = {o.pk: o for o in organisations}
        self.fields["organisation"].choices = [("", "Choose a council")] + [
            (o.pk, o.name) for o in organisations
        ]

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if email_in_use(email) or User.objects.filter(username__iexact=email).exists():
            raise forms.ValidationError("An account with this email address already exists")
        return email

    def clean_organisation(self):
        return self.organisations[self.cleaned_data["organisation"]]


class GovukSetPasswordForm(GovukFormMixin, SetPasswordForm):
    error_messages = {"password_mismatch": "The two passwords do not match"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "New password"
        self.fields["new_password2"].label = "Confirm the new password"
        self.fields[
            "new_password1"
        ].help_text = (
            "At least 8 characters, not a common password and not like your name or username"
        )


class GovukPasswordResetForm(GovukFormMixin, PasswordResetForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Email address"

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        """Through joinedup's mail module (queued; links absolute to JOINEDUP_SITE_URL)."""
        link = mail.absolute(
            reverse(
                "accounts:password_reset_confirm",
                kwargs={"uidb64": context["uid"], "token": context["token"]},
            )
        )
        mail.send(
            [
                mail.compose(
                    to=[to_email],
                    subject="Reset your joinedup password",
                    template="password_reset",
                    context={"user": context["user"], "link": link, "valid_for": "three days"},
                )
            ]
        )
