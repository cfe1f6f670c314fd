from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessibilityFeedback(models.Model):
    """A visitor's report of an accessibility barrier: the feedback channel the EU directive 2016/2102 requires."""

    page_url = models.CharField(_("page"), max_length=500, blank=True)
    message = models.TextField(_("message"))
    email = models.EmailField(_("e-mail for the answer"), blank=True)
    language = models.CharField(_("language"), max_length=2)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("accessibility feedback")
        verbose_name_plural = _("accessibility feedback")

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.page_url or '-'}"
