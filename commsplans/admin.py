from django.contrib import admin

from commsplans.models import (
    KPI,
    Activity,
    Audience,
    Channel,
    CommunicationPlan,
    Objective,
    PlanReview,
    PlanVersion,
    Recommendation,
    ReviewDate,
    Risk,
)


class ObjectiveInline(admin.TabularInline):
    model = Objective
    extra = 0


class ActivityInline(admin.TabularInline):
    model = Activity
    extra = 0
    exclude = ["audiences", "channels"]


@admin.register(CommunicationPlan)
class CommunicationPlanAdmin(admin.ModelAdmin):
    list_display = ["institution", "group", "start_year", "end_year", "status"]
    list_filter = ["status", "group", "start_year"]
    inlines = [ObjectiveInline, ActivityInline]


class RecommendationInline(admin.TabularInline):
    model = Recommendation
    extra = 0


@admin.register(PlanReview)
class PlanReviewAdmin(admin.ModelAdmin):
    list_display = ["plan", "date", "meeting", "reviewer"]
    inlines = [RecommendationInline]


@admin.register(PlanVersion)
class PlanVersionAdmin(admin.ModelAdmin):
    list_display = ["plan", "number", "created_at"]
    readonly_fields = ["snapshot"]


admin.site.register([Audience, Channel, KPI, Risk, ReviewDate])
