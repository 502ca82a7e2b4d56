import datetime

from django.core.management import call_command

from workpackages import selectors
from workpackages.models import Indicator, ProgressUpdate, WorkPackage


def test_demo_work_package_is_complete_and_safe_to_load_twice(db, settings):
    settings.DEBUG = True
    call_command("demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    counts = ProgressUpdate.objects.count()
    call_command("demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert ProgressUpdate.objects.count() == counts

    package = WorkPackage.objects.get()
    assert package.adopted_at.date == datetime.date(2014, 3, 4)
    assert package.adopted_at.city == "Konjic"
    assert package.adopted_at.number == 7
    assert package.adopted_by.register_number == "7/D1"
    assert list(package.goals.values_list("code", flat=True)) == [f"G{n}" for n in range(1, 8)]
    assert all(2 <= goal.indicators.count() <= 3 for goal in package.goals.all())
    assert all(goal.title_bs for goal in package.goals.all())
    units = set(Indicator.objects.values_list("unit", flat=True))
    assert {"percent", "yes_no", "maturity"} <= units
    assert [p.label for p in package.periods.all()] == [
        f"{y} H{h}" for y in (2014, 2015, 2016) for h in (1, 2)
    ]
    statuses = set(ProgressUpdate.objects.values_list("status", flat=True))
    assert {"approved", "returned", "submitted"} <= statuses
    _periods, rows = selectors.compliance_table(package)
    assert any(cell.missing for row in rows for cell in row.cells)
    bhas = next(row for row in rows if row.institution.acronym == "BHAS")
    open_periods = selectors.reporting_for(bhas.institution.pk)
    assert [p.period.label for p in open_periods] == ["2016 H2"]
    assert open_periods[0].outstanding > 0
