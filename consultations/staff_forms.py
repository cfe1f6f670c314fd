"""Forms of the consultation staff pages. They validate and convert; the services in windows.py and moderation.py
save. Dates and times are shown and read in the region's time zone (Region.zone)."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import Region
from plans.models import Activity, ThemeSection

from .change_sets import answer_targets, answerable_change_sets, same_section
from .models import Comment, ConsultationWindow, Response, Workshop
from .moderation import BULK_ACTIONS

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
# The queue's default: comments waiting for moderation and, from post-moderated windows, published ones nobody
# has checked yet.
TO_CHECK = "to_check"


class ZonedDateTimeField(forms.DateTimeField):
    """A datetime-local input read and shown in a given zone instead of the request's."""

    def __init__(self, *, zone: ZoneInfo | None = None, **kwargs):
        kwargs.setdefault("widget", forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT))
        kwargs.setdefault("input_formats", [DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%d.%m.%Y %H:%M"])
        super().__init__(**kwargs)
        self.zone = zone

    def prepare_value(self, value):
        if isinstance(value, datetime) and timezone.is_aware(value):
            return timezone.make_naive(value, self.zone or timezone.get_current_timezone())
        return value

    def to_python(self, value):
        # from_current_timezone() reads the active zone, and turns a time that does not exist or happens twice
        # (daylight saving changes) into a validation error instead of an exception.
        with timezone.override(self.zone or timezone.get_current_timezone()):
            return super().to_python(value)


def _zone_help(zone: ZoneInfo) -> str:
    return _("Time in %(zone)s.") % {"zone": zone.key}


def _zoned(form: forms.BaseForm, region: Region, *names: str) -> ZoneInfo:
    zone = region.zone
    for name in names:
        field = form.fields[name]
        field.zone = zone
        field.help_text = _zone_help(zone)
    return zone


class WindowForm(forms.ModelForm):
    opens_at = ZonedDateTimeField(label=_("opens at"))
    closes_at = ZonedDateTimeField(label=_("closes at"))
    # The version the user started from (core.versioning): a second editor's save merges instead of overwriting.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)

    class Meta:
        model = ConsultationWindow
        fields = ["title", "intro", "opens_at", "closes_at", "moderation_mode", "sections"]
        widgets = {
            "sections": forms.CheckboxSelectMultiple,
            "moderation_mode": forms.RadioSelect,
            "intro": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        _zoned(self, plan.region, "opens_at", "closes_at")
        self.fields["sections"].queryset = plan.sections.filter(archived_at__isnull=True).order_by("position", "pk")
        if not self.is_bound:
            self.initial["version"] = self.instance.version if self.instance.pk else 1
        self.fields["version"].required = self.instance.pk is not None

    @property
    def expected_version(self) -> int:
        return self.cleaned_data.get("version") or 1

    def clean(self):
        data = super().clean()
        opens_at, closes_at = data.get("opens_at"), data.get("closes_at")
        if opens_at and closes_at and closes_at <= opens_at:
            self.add_error("closes_at", _("The window must close after it opens."))
        return data

    def validate_constraints(self, exclude=None):
        # clean() above says the same in the user's words, on the field.
        pass


class ExtendForm(forms.Form):
    closes_at = ZonedDateTimeField(label=_("new closing time"))

    def __init__(self, *args, window: ConsultationWindow, **kwargs):
        super().__init__(*args, **kwargs)
        self.window = window
        _zoned(self, window.plan.region, "closes_at")

    def clean_closes_at(self):
        closes_at = self.cleaned_data["closes_at"]
        if closes_at <= self.window.closes_at:
            raise forms.ValidationError(_("The new closing time must be later than the current one."))
        if closes_at <= timezone.now():
            raise forms.ValidationError(_("The new closing time must be in the future."))
        return closes_at


class CloseEarlyForm(forms.Form):
    reason = forms.CharField(label=_("reason"), max_length=500, required=False)


class WorkshopForm(forms.ModelForm):
    starts_at = ZonedDateTimeField(label=_("starts at"))
    ends_at = ZonedDateTimeField(label=_("ends at"))

    class Meta:
        model = Workshop
        fields = ["title", "starts_at", "ends_at", "place", "web_link", "registration_link", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, window: ConsultationWindow, **kwargs):
        super().__init__(*args, **kwargs)
        _zoned(self, window.plan.region, "starts_at", "ends_at")

    def clean(self):
        data = super().clean()
        starts_at, ends_at = data.get("starts_at"), data.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", _("The workshop must end after it starts."))
        if not data.get("place") and not data.get("web_link") and "web_link" not in self.errors:
            self.add_error("place", _("Give a place or a web link."))
        return data

    def validate_constraints(self, exclude=None):
        # clean() above says the same in the user's words, on the field.
        pass


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("reason for rejection"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        help_text=_("Shown to staff only."),
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Give the reason for rejecting the comment."))
        return reason


class QueueFilterForm(forms.Form):
    window = forms.ModelChoiceField(label=_("consultation window"), queryset=None, required=False)
    section = forms.ModelChoiceField(label=_("theme section"), queryset=None, required=False)
    category = forms.ChoiceField(label=_("category"), required=False)
    state = forms.ChoiceField(label=_("state"), required=False)

    def __init__(self, *args, region: Region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["window"].queryset = ConsultationWindow.objects.filter(plan__region=region).select_related("plan")
        # Not a change set's working copy: comments are on the public plan's sections.
        self.fields["section"].queryset = ThemeSection.objects.filter(
            plan__region=region, plan__working_copy_of__isnull=True
        ).order_by("plan_id", "position", "pk")
        self.fields["category"].choices = [("", _("all categories")), *Comment.Category.choices]
        self.fields["state"].choices = [("", _("all states")), (TO_CHECK, _("to check")), *Comment.State.choices]
        self.fields["window"].empty_label = _("all windows")
        self.fields["section"].empty_label = _("all theme sections")

    def filter(self, comments):
        if not self.is_valid():
            # The form shows what is wrong; nothing is listed rather than everything.
            return comments.none()
        data = self.cleaned_data
        if data["window"]:
            comments = comments.filter(window=data["window"])
        if data["section"]:
            comments = comments.filter(section=data["section"])
        if data["category"]:
            comments = comments.filter(category=data["category"])
        if data["state"] == TO_CHECK:
            comments = comments.filter(
                Q(state=Comment.State.PENDING) | Q(state=Comment.State.PUBLISHED, moderated_at__isnull=True)
            )
        elif data["state"]:
            comments = comments.filter(state=data["state"])
        return comments


class BulkForm(forms.Form):
    ACTION_LABELS = {"publish": _("publish"), "reject": _("reject"), "spam": _("mark as spam")}

    action = forms.ChoiceField(label=_("action"))
    comments = forms.ModelMultipleChoiceField(
        label=_("comments"), queryset=None, error_messages={"required": _("Choose at least one comment.")}
    )
    reason = forms.CharField(label=_("reason for rejection"), max_length=2000, required=False)

    def __init__(self, *args, region: Region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [(action, self.ACTION_LABELS[action]) for action in BULK_ACTIONS]
        self.fields["comments"].queryset = Comment.objects.filter(window__plan__region=region).select_related("window")

    def clean(self):
        data = super().clean()
        if data.get("action") == "reject" and not data.get("reason", "").strip():
            self.add_error("reason", _("Give the reason for rejecting the comments."))
        return data


class ResponseForm(forms.ModelForm):
    class Meta:
        model = Response
        fields = ["decision", "reason", "change_set", "changed_section", "changed_activity"]
        widgets = {"decision": forms.RadioSelect, "reason": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, comment: Comment, **kwargs):
        super().__init__(*args, **kwargs)
        self.comment = comment
        plan = comment.window.plan
        # Any section or activity of the same region is offered nowhere: only the comment's plan counts, and what
        # its change sets being prepared add (consultations/change_sets.py).
        self.fields["changed_section"].queryset = (
            answer_targets(ThemeSection, plan)
            .select_related("plan__change_set_of_copy")
            .order_by("plan_id", "position", "pk")
        )
        self.fields["changed_activity"].queryset = (
            answer_targets(Activity, plan)
            .select_related("section__plan__change_set_of_copy")
            .order_by("section__plan_id", "section__position", "position", "pk")
        )
        self.fields["changed_section"].label_from_instance = lambda s: _labelled(s.title, s.plan)
        self.fields["changed_activity"].label_from_instance = lambda a: _labelled(
            f"{a.section.title}: {a.title}", a.section.plan
        )
        self.fields["changed_section"].help_text = _("Optional: the theme section the comment changed.")
        self.fields["changed_activity"].help_text = _("Optional: the activity the comment changed.")
        self.fields["changed_section"].error_messages["invalid_choice"] = _(
            "Choose a theme section of the plan the comment is on."
        )
        self.fields["changed_activity"].error_messages["invalid_choice"] = _(
            "Choose an activity of the plan the comment is on."
        )
        if plan.edited_through_change_sets:
            field = self.fields["change_set"]
            field.queryset = answerable_change_sets(plan).order_by("-created_at", "-pk")
            field.label_from_instance = lambda c: f"{c.title} ({c.get_state_display()})"
            field.empty_label = _("none")
            field.help_text = _(
                "The plan is public: an answer that takes the comment into account names the change set that makes "
                "the change, and the section or activity it adds or changes. Until the change set is published, the "
                "answer says the comment will be taken into account in it."
            )
            field.error_messages["invalid_choice"] = _(
                "Choose a change set of the plan the comment is on that has not been discarded."
            )
        else:
            # A draft plan is edited directly: there is no change set to name.
            del self.fields["change_set"]

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Give the reason for the decision."))
        return reason

    def clean(self):
        data = super().clean()
        section, activity = data.get("changed_section"), data.get("changed_activity")
        if section and activity and not same_section(section, activity):
            self.add_error("changed_activity", _("The activity must belong to the section chosen above."))
        return data

    def validate_constraints(self, exclude=None):
        pass


def _labelled(text: str, plan) -> str:
    """A working copy's row is new in its change set: the label says which."""
    if plan.working_copy_of_id is None:
        return text
    change_set = getattr(plan, "change_set_of_copy", None)
    return _("%(object)s (new in “%(change_set)s”)") % {
        "object": text,
        "change_set": change_set.title if change_set else "",
    }


class WorkshopCommentForm(forms.Form):
    SOURCES = [
        (Comment.Source.WORKSHOP, Comment.Source.WORKSHOP.label),
        (Comment.Source.LETTER, Comment.Source.LETTER.label),
    ]

    source = forms.ChoiceField(label=_("channel"), widget=forms.RadioSelect)
    workshop = forms.ModelChoiceField(label=_("workshop"), queryset=None, required=False)
    section = forms.ModelChoiceField(label=_("theme section"), queryset=None)
    category = forms.ChoiceField(label=_("category"), choices=Comment.Category.choices)
    body = forms.CharField(label=_("comment"), widget=forms.Textarea(attrs={"rows": 5}), max_length=5000)
    author_name = forms.CharField(
        label=_("name (shown)"), max_length=120, required=False, help_text=_("Only with the person's consent.")
    )

    def __init__(self, *args, window: ConsultationWindow, **kwargs):
        super().__init__(*args, **kwargs)
        self.window = window
        self.fields["source"].choices = self.SOURCES
        self.fields["source"].initial = Comment.Source.WORKSHOP
        self.fields["workshop"].queryset = window.workshops.all()
        sections = window.plan.sections.filter(archived_at__isnull=True)
        chosen = window.sections.all()
        self.fields["section"].queryset = (sections.filter(pk__in=chosen) if chosen.exists() else sections).order_by(
            "position", "pk"
        )

    def clean(self):
        data = super().clean()
        if data.get("source") == Comment.Source.WORKSHOP and not data.get("workshop"):
            self.add_error("workshop", _("Choose the workshop the input comes from."))
        return data


class PersonalDataForm(forms.Form):
    email = forms.EmailField(label=_("e-mail address"))


class EraseForm(forms.Form):
    email = forms.EmailField(widget=forms.HiddenInput)
    confirm = forms.BooleanField(
        label=_("I understand that the address, the mail to it and the shown names are erased for good."),
        error_messages={"required": _("Tick the box to confirm the erasure.")},
    )
