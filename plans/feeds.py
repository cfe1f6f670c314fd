"""An Atom feed of the public cooperation plans, newest first, in the interface language of its URL."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from core.page_cache import public_page_cache

from .models import CooperationPlan

FEED_LENGTH = 50


@method_decorator(public_page_cache, name="__call__")
class PlanFeed(Feed):
    feed_type = Atom1Feed
    title = _("Welfare cooperation plans")
    subtitle = _("Cooperation plans published on the welfare cooperation portal, newest first.")
    author_name = _("Welfare cooperation portal")

    def link(self):
        return reverse("home")

    def feed_url(self):
        return reverse("feeds:plans")

    def items(self):
        # One query: the region is part of every entry's link.
        return CooperationPlan.objects.public().select_related("region").order_by("-updated_at", "-pk")[:FEED_LENGTH]

    def item_title(self, item):
        return str(item)

    def item_description(self, item):
        return item.summary

    def item_updateddate(self, item):
        return item.updated_at

    def item_pubdate(self, item):
        return item.status_changed_at or item.created_at

    def item_categories(self, item):
        return [item.region.name, item.get_status_display()]
