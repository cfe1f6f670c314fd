"""The yearly follow-up in the staff workspace, under /<lang>/manage/ (namespace "monitoring-staff")."""

from .clock import urls as clock
from .progress import urls as progress
from .report import urls as report
from .statistics import urls as statistics

app_name = "monitoring-staff"
urlpatterns = [*progress.staff, *statistics.staff, *report.staff, *clock.staff]
