import logging

from django.db import transaction
from django.utils.translation import get_language

from .models import AccessibilityFeedback
from .tasks import mail_admins_task

logger = logging.getLogger(__name__)


@transaction.atomic
def accessibility_feedback_create(*, page_url: str, message: str, email: str) -> AccessibilityFeedback:
    """Store a report and have a worker tell the administrators once it is saved: the visitor never waits on mail."""
    feedback = AccessibilityFeedback.objects.create(
        page_url=page_url[:500], message=message, email=email, language=(get_language() or "et")[:2]
    )
    transaction.on_commit(lambda: _notify_admins(feedback))
    return feedback


def _notify_admins(feedback: AccessibilityFeedback) -> None:
    # The report is saved and listed in the admin whatever happens here: a broker that is down costs the
    # notification mail, never the visitor's report or a 500.
    try:
        mail_admins_task.delay(
            f"Accessibility feedback #{feedback.pk}",
            f"Page: {feedback.page_url or '-'}\nLanguage: {feedback.language}\n\n{feedback.message}",
        )
    except Exception:
        logger.exception("Could not queue the notification of accessibility feedback %s", feedback.pk)
