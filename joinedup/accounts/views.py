from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.views.decorators.csrf import csrf_exempt

from joinedup import mail
from joinedup.agreements.models import Partnership
from joinedup.organisations.models import Organisation, User

from . import acting_for, actions, invitations
from .forms import (
    ActingForForm,
    GovukPasswordResetForm,
    GovukSetPasswordForm,
    InvitationForm,
    ProfileForm,
)
from .permissions import can_invite


def _own_record(request) -> User:
    """The signed-in user as stored (request.user acts for the organisation chosen now)."""
    return User.objects.select_related("organisation").get(pk=request.user.pk)


@login_required
def profile(request):
    account = _own_record(request)
    form = ProfileForm(request.POST or None, instance=account)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your details are saved")
        return redirect("accounts:profile")
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "account": account,
            "authorisations": account.authorisations_held(),
        },
    )


@login_required
def choose_acting_for(request):
    held = request.user.authorisations_held()
    names = Organisation.objects.in_bulk([a.organisation_id for a in held])
    for authorisation in held:
        authorisation.organisation = names[authorisation.organisation_id]
    form = ActingForForm(
        request.POST or None,
        authorisations=held,
        initial={"organisation": request.user.organisation_id},
    )
    if len(held) > 1 and request.method == "POST" and form.is_valid():
        organisation = names[form.cleaned_data["organisation"]]
        try:
            acting_for.choose(request.user, request.session, organisation)
        except acting_for.NotAuthorised:  # withdrawn since the page was shown
            raise PermissionDenied("You are not authorised to act for that organisation") from None
        messages.success(request, f"You are now acting for {organisation.name}")
        return redirect(request.POST.get("next") or "home")
    return render(
        request,
        "accounts/acting_for.html",
        {"form": form, "held": held, "may_choose": len(held) > 1},
    )


@login_required
def sign_out_everywhere(request):
    if request.method == "POST":
        actions.sign_out_everywhere(request)
        messages.success(request, "You are signed out everywhere else")
        return redirect("accounts:profile")
    return render(request, "accounts/sign_out_everywhere.html")


@login_required
def invite(request, slug):
    partnership = get_object_or_404(Partnership.objects.visible_to(request.user), slug=slug)
    if not can_invite(request.user, partnership):
        raise PermissionDenied("Only the partnership's managers invite people")
    parties = [p.organisation for p in partnership.current_parties()]
    form = InvitationForm(request.POST or None, organisations=parties)
    if request.method == "POST" and form.is_valid():
        actions.invite(request.user, partnership, **form.cleaned_data)
        messages.success(request, f"Invitation sent to {form.cleaned_data['email']}")
        return redirect(partnership)
    return render(
        request,
        "accounts/invite.html",
        {"form": form, "partnership": partnership, "days": invitations.valid_for().days},
    )


def accept_invitation(request, token):
    try:
        invitation = invitations.invitation_for(token)
    except invitations.InvitationNotValid as problem:
        return render(
            request,
            "accounts/invitation_not_valid.html",
            {"reason": problem.reason},
            status=410 if problem.reason in ("expired", "used") else 404,
        )
    form = GovukSetPasswordForm(invitation.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.accept_invitation(invitation, form.cleaned_data["new_password1"])
        except invitations.InvitationNotValid:
            return render(
                request, "accounts/invitation_not_valid.html", {"reason": "used"}, status=410
            )
        messages.success(request, "Your password is set. Sign in with it.")
        return redirect("login")
    return render(
        request, "accounts/accept_invitation.html", {"form": form, "invited": invitation.user}
    )


@csrf_exempt  # the signed token is the authority; mail providers post RFC 8058 one-click
def unsubscribe(request, token):
    try:
        user_id, scope = mail.read_unsubscribe_token(token)
    except signing.BadSignature:
        return render(request, "accounts/unsubscribe.html", {"broken": True}, status=404)
    if scope != "notices":
        return HttpResponseBadRequest("Unknown subscription")
    if request.method == "POST":
        actions.stop_notice_email(user_id)
        return render(request, "accounts/unsubscribe.html", {"done": True})
    return render(request, "accounts/unsubscribe.html", {"token": token})


password_reset = auth_views.PasswordResetView.as_view(
    form_class=GovukPasswordResetForm,
    template_name="accounts/password_reset.html",
    success_url=reverse_lazy("accounts:password_reset_sent"),
)
password_reset_sent = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_sent.html"
)
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    form_class=GovukSetPasswordForm,
    template_name="accounts/password_reset_confirm.html",
    success_url=reverse_lazy("accounts:password_reset_complete"),
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)
