from django.contrib import admin

from portal.notifications.models import Notification, Preference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "email", "subject", "status", "attempts", "sent_at"]
    list_filter = ["status", "kind"]
    search_fields = ["email", "subject", "key"]
    readonly_fields = [f.name for f in Notification._meta.fields if f.name != "status"]


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "enabled"]
    list_filter = ["kind", "enabled"]
