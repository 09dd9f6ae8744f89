from django.contrib import admin

from .models import AffectedArea, Consultation, Consultee, Notice, NoticeStandard, Subscription


class AffectedAreaInline(admin.TabularInline):
    model = AffectedArea
    extra = 0
    raw_id_fields = ["organisation"]


class ConsulteeInline(admin.TabularInline):
    model = Consultee
    extra = 0
    raw_id_fields = ["organisation", "person"]


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ["title", "publisher", "category", "status", "decision_date", "published_at"]
    list_filter = ["status", "category"]
    search_fields = ["title"]
    inlines = [AffectedAreaInline]
    raw_id_fields = ["publisher", "partnership", "created_by"]


@admin.register(Consultation)
class ConsultationAdmin(admin.ModelAdmin):
    list_display = ["notice", "deadline"]
    raw_id_fields = ["notice", "opened_by"]
    inlines = [ConsulteeInline]


admin.site.register(NoticeStandard)


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["user", "area", "category", "frequency"]
    raw_id_fields = ["user", "area"]
