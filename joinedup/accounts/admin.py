"""Administrators manage users, the organisations they may act for and their roles, and see
every email sent and any that failed."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from joinedup.organisations.models import Authorisation, User

from .models import Invitation, OutgoingEmail


class AuthorisationInline(admin.TabularInline):
    model = Authorisation
    extra = 0
    verbose_name = "further organisation the user may act for"
    verbose_name_plural = "further organisations the user may act for"


@admin.register(User)
class JoinedupUserAdmin(UserAdmin):
    list_display = ["username", "email", "first_name", "last_name", "organisation", "role"]
    list_filter = ["role", "is_staff", "is_superuser", "is_active"]
    list_select_related = ["organisation"]
    search_fields = ["username", "first_name", "last_name", "email", "organisation__name"]
    raw_id_fields = ["person"]
    fieldsets = UserAdmin.fieldsets + (
        (
            "Organisation and role",
            {"fields": ["organisation", "role", "person", "phone", "wants_notice_email"]},
        ),
    )
    add_fieldsets = UserAdmin.add_fieldsets + (
        ("Organisation and role", {"fields": ["email", "organisation", "role"]}),
    )
    inlines = [AuthorisationInline]


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    list_display = ["created_at", "subject", "recipients", "status", "attempts", "last_error"]
    list_filter = ["status"]
    search_fields = ["subject", "to"]
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in OutgoingEmail._meta.fields]

    @admin.display(description="recipients")
    def recipients(self, email):
        return ", ".join(email.to)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["user", "invited_by", "partnership", "created_at", "accepted_at"]
    list_select_related = ["user", "invited_by", "partnership"]
    readonly_fields = ["user", "invited_by", "partnership", "created_at", "accepted_at"]

    def has_add_permission(self, request):
        return False
