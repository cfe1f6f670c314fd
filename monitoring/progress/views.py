"""Public reads of progress: a plan's reports as a spreadsheet. The pages themselves are plans' (reverse relation
``activity.progress``), which must not import this app."""

from django.http import Http404
from django.views.decorators.http import require_safe

from core.page_cache import public_page_cache
from plans.selectors import get_plan_for_user

from .exports import CONTENT_TYPES, progress_export_response


@public_page_cache
@require_safe
def progress_export(request, region, plan, fmt):
    if fmt not in CONTENT_TYPES:
        raise Http404("Unknown export format")
    plan = get_plan_for_user(request.user, region_slug=region, plan_slug=plan)
    return progress_export_response(plan, fmt)
