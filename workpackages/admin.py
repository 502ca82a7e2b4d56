from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from workpackages.models import (
    Goal,
    Indicator,
    ProgressUpdate,
    ReportingPeriod,
    RubricLevel,
    WorkPackage,
)


class GoalInline(admin.TabularInline):
    model = Goal
    extra = 0


class PeriodInline(admin.TabularInline):
    model = ReportingPeriod
    extra = 0


@admin.register(WorkPackage)
class WorkPackageAdmin(admin.ModelAdmin):
    list_display = ["title_en", "group", "start", "end", "status"]
    inlines = [GoalInline, PeriodInline]


class RubricLevelInline(admin.TabularInline):
    model = RubricLevel
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "title_en", "unit", "direction", "frequency"]
    list_filter = ["goal__work_package", "unit"]
    inlines = [RubricLevelInline]


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "institution", "period", "value", "status", "late"]
    list_filter = ["status", "late", "period__work_package"]
    list_select_related = ["indicator", "institution", "period"]
    raw_id_fields = ["indicator", "institution", "period", "rubric_level"]
