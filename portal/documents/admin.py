from django.contrib import admin

from portal.documents.models import GeneratedDocument


@admin.register(GeneratedDocument)
class GeneratedDocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "language", "status", "requested_by", "requested_at"]
    list_filter = ["kind", "status", "language"]
    search_fields = ["title", "checksum", "fingerprint"]
    readonly_fields = [
        "kind",
        "content_type",
        "object_id",
        "options",
        "fingerprint",
        "checksum",
        "file",
        "size",
        "requested_by",
        "requested_at",
        "queued_at",
        "started_at",
        "finished_at",
        "attempts",
    ]
