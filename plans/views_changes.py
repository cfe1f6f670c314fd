"""For transparency: what changed in a plan's public content since its consultation ended."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from core.page_cache import public_page_cache

from .history import changes_baseline, plan_changes_since
from .models import CooperationPlan


@public_page_cache
@require_safe
def plan_changes(request, region, plan):
    # Public content only: drafts are nobody's business yet, and no names of staff are shown.
    plan = get_object_or_404(CooperationPlan.objects.public().select_related("region"), region__slug=region, slug=plan)
    since, window = changes_baseline(plan=plan)
    # A plan whose history starts after the baseline (entered or imported later) cannot be compared with its
    # state then: saying so beats listing all of it as added.
    history_known = since is not None and plan.history.filter(history_date__lte=since).exists()
    groups = plan_changes_since(plan=plan, since=since) if history_known else []
    context = {"plan": plan, "since": since, "window": window, "history_known": history_known, "groups": groups}
    return render(request, "plans/plan_changes.html", context)
