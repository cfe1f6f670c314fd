"""Public pages of the yearly follow-up (namespace "monitoring"); each part lists its own addresses."""

from .clock import urls as clock
from .progress import urls as progress
from .report import urls as report
from .statistics import urls as statistics

app_name = "monitoring"
urlpatterns = [*progress.public, *statistics.public, *report.public, *clock.public]
