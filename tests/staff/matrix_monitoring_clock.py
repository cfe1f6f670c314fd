from monitoring.models import ClockTask
from tests.factories import ClockTaskFactory
from tests.staff.matrix import EDITOR, StaffPage

# The annual clock's staff pages are for the region's editors only.


def _region(w):
    return {"region": w.region.slug}


def _task(w):
    task = ClockTask.objects.filter(region=w.region).first() or ClockTaskFactory(region=w.region)
    return {**_region(w), "pk": task.pk}


PAGES = [
    StaffPage("monitoring-staff:clock", _region, allowed=EDITOR),
    StaffPage("monitoring-staff:clock-task-create", _region, allowed=EDITOR),
    StaffPage("monitoring-staff:clock-task-edit", _task, allowed=EDITOR),
    StaffPage("monitoring-staff:clock-task-delete", _task, allowed=EDITOR),
]
