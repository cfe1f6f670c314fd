"""What happens when a plan's public content changes."""

from documents.downloads import plan_downloads_changed
from documents.rendering import plan_documents_refresh

from .models import CooperationPlan


def plan_published(*, plan: CooperationPlan) -> None:
    """Bring the plan's PDFs up to date: only sections whose content changed are rendered again.

    Call it after a plan, a theme section or an activity is published or edited (the staff workspace does), not
    from save() or signals: bulk edits would otherwise request a render per row.
    """
    plan_documents_refresh(plan=plan)
    # Its status may have changed too (e.g. out of draft): downloads look the plan up again.
    plan_downloads_changed(plan=plan)
