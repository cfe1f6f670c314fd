"""The public changelog of a plan: its published change sets, and what each of them changed.

Only published change sets of a plan the public can see exist here; who prepared or published one is staff
business and is not shown.
"""

from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from core.page_cache import public_page_cache

from .changelog import change_set_changelog, published_change_sets
from .models import ChangeSet, CooperationPlan


@public_page_cache
@require_safe
def change_set_list(request, region, plan):
    plan = get_object_or_404(CooperationPlan.objects.public().select_related("region"), region__slug=region, slug=plan)
    context = {"plan": plan, "change_sets": published_change_sets(plan)}
    return render(request, "plans/change_set_list.html", context)


@public_page_cache
@require_safe
def change_set_detail(request, region, plan, pk):
    change_set = get_object_or_404(
        ChangeSet.objects.select_related("plan__region").filter(plan__in=CooperationPlan.objects.public()),
        plan__region__slug=region,
        plan__slug=plan,
        pk=pk,
        state=ChangeSet.State.PUBLISHED,
    )
    # The comments whose published answers name this change set (the reverse relation of consultations.Response:
    # this app does not import consultations).
    responses = (
        change_set.responses.filter(published_at__lte=timezone.now(), comment__state="published")
        .select_related("comment")
        .order_by("published_at", "pk")
    )
    context = {
        "plan": change_set.plan,
        "change_set": change_set,
        "changelog": change_set_changelog(change_set),
        "responses": responses,
    }
    return render(request, "plans/change_set_detail.html", context)
