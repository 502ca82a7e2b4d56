from django.contrib import admin

from meetings.models import (
    ActionItem,
    AgendaItem,
    Attachment,
    Attendance,
    Decision,
    Guest,
    Meeting,
    Minutes,
    MinutesComment,
)


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    filter_horizontal = ["persons"]


class GuestInline(admin.TabularInline):
    model = Guest
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["number", "group", "kind", "title", "date", "city", "status", "sequence"]
    list_filter = ["group", "kind", "status"]
    search_fields = ["title", "city", "venue"]
    date_hierarchy = "date"
    readonly_fields = ["number", "sequence"]
    inlines = [AgendaItemInline, AttendanceInline, GuestInline]


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "meeting", "internal"]
    list_filter = ["meeting__group", "internal"]
    search_fields = ["text"]


@admin.register(ActionItem)
class ActionItemAdmin(admin.ModelAdmin):
    list_display = ["__str__", "owner", "due_date", "status", "done_date"]
    list_filter = ["status", "owner"]
    search_fields = ["description"]


@admin.register(Minutes)
class MinutesAdmin(admin.ModelAdmin):
    list_display = ["meeting", "revision", "frozen", "updated_at"]


admin.site.register(MinutesComment)
admin.site.register(Attachment)
