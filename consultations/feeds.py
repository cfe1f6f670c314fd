"""An Atom feed of the consultation windows of public plans: when each opens and closes for comments."""

from zoneinfo import ZoneInfo

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.feedgenerator import Atom1Feed
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.moments import last_open_moment
from core.page_cache import public_page_cache
from plans.models import CooperationPlan

from .models import ConsultationWindow

FEED_LENGTH = 50


def _when(moment, zone: ZoneInfo, *, closing: bool = False) -> str:
    """The moment in the plan's region's time zone (Helsinki for Finnish regions), named after the time; a closing
    moment as the last open minute (core.moments)."""
    local = last_open_moment(moment, zone) if closing else timezone.localtime(moment, zone)
    return f"{date_format(local, 'DATETIME_FORMAT')} ({local.tzname()})"


@method_decorator(public_page_cache, name="__call__")
class ConsultationFeed(Feed):
    feed_type = Atom1Feed
    title = _("Public consultations of welfare cooperation plans")
    subtitle = _("When plans are open for comments, newest first.")
    author_name = _("Welfare cooperation portal")

    def link(self):
        return reverse("home")

    def feed_url(self):
        return reverse("feeds:consultations")

    def items(self):
        return (
            ConsultationWindow.objects.exclude(plan__status=CooperationPlan.Status.DRAFT)
            .select_related("plan__region")
            .order_by("-opens_at", "-pk")[:FEED_LENGTH]
        )

    def item_title(self, item):
        return f"{item.title} – {item.plan.title}"

    def item_description(self, item):
        opens_closes = gettext("Open for comments from %(opens)s until %(closes)s.") % {
            "opens": _when(item.opens_at, item.plan.region.zone),
            "closes": _when(item.closes_at, item.plan.region.zone, closing=True),
        }
        return f"{opens_closes} {item.intro}".strip()

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.feedback_published_at or item.created_at

    def item_categories(self, item):
        return [item.plan.region.name]
