"""Every page type of the portal, public and staff, on the demo data: one list for the browser checks
(tests/browser/test_page_quality.py) and the server-side checks that need no browser (tests/security/test_csp.py)."""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count
from django.urls import reverse

from consultations import services as consultation_services
from consultations.mail import removal_token
from consultations.models import Comment, ConsultationWindow, Response, Subscription
from core.models import Organisation
from plans import changesets
from plans import services as plan_services
from plans.models import Activity, ChangeSet, CooperationPlan, IndicatorValue
from projects.models import Project


def vorumaa_demo():
    plan = CooperationPlan.objects.originals().select_related("region").get(region__slug="vorumaa")
    section = plan.sections.select_related("theme").filter(activities__indicators__isnull=False).first()
    activity = section.activities.filter(indicators__isnull=False).first()
    # The window with the most comments (the feedback table, the moderation queue); the comment form needs one open.
    window = ConsultationWindow.objects.filter(plan=plan).annotate(n=Count("comments")).order_by("-n").first()
    return plan, section, activity, window


def _open_window(plan):
    return ConsultationWindow.objects.open_now().filter(plan=plan).first()


def published_change_set(plan):
    """A published change set of the demo plan (made once): a long text, a list and an indicator value changed,
    with a published answer naming it, so that the changelog pages show every kind of change."""
    found = ChangeSet.objects.filter(plan=plan, state=ChangeSet.State.PUBLISHED).first()
    if found is not None:
        return found
    _plan, checked, _activity, _window = vorumaa_demo()  # before the working copy, a second plan of the region
    change_set = changesets.change_set_start(
        plan=plan, title="Muudatused pärast arutelu", description="Arutelu ettepanekute järgi.", actor=None
    )
    # Not in the theme whose sheet the page checks show while it is being prepared: publishing renders the PDFs
    # of the themes it changes.
    activities = Activity.objects.filter(section__plan=change_set.working_copy).exclude(section__theme=checked.theme)
    activity = activities.filter(indicators__values__isnull=False).first() or activities.first()
    activity.description = f"{activity.description}\n\nLisaks kohtutakse kord kvartalis."
    activity.save()
    lead = plan.lead_organisation
    if activity.partner_organisations.filter(pk=lead.pk).exists():
        activity.partner_organisations.remove(lead)
    else:
        activity.partner_organisations.add(lead)
    value = IndicatorValue.objects.filter(indicator__activity=activity).first()
    if value is not None:
        value.value += 1
        value.save()
    change_set = changesets.change_set_submit(change_set=change_set, actor=None)
    seen = changesets.fingerprint(changesets.changes(change_set))
    change_set = changesets.change_set_publish(change_set=change_set, actor=None, seen=seen)
    answer = Response.objects.filter(
        comment__window__plan=plan, comment__state=Comment.State.PUBLISHED, published_at__isnull=False
    ).first()
    if answer is not None:
        Response.objects.filter(pk=answer.pk).update(change_set=change_set)
    return change_set


def public_pages(language):
    """Page name -> (path, expected status), in the active language."""
    plan, section, activity, window = vorumaa_demo()
    finnish_plan = CooperationPlan.objects.public().exclude(pk=plan.pk).filter(region__slug="pohjois-karjala").first()
    municipality = plan.region.municipalities.filter(activities__isnull=False).first()
    project = Project.objects.select_related("region", "funder", "measure").filter(measure__isnull=False).first()
    comment = Comment.objects.filter(window=window).first()
    subscription = Subscription.objects.create(region=plan.region, email="mari@example.org", language=language)
    region, plan_kwargs = plan.region.slug, {"region": plan.region.slug, "plan": plan.slug}
    section_kwargs = {**plan_kwargs, "theme": section.theme.slug}
    window_kwargs = {**plan_kwargs, "window": window.pk}
    comment_form_kwargs = {**plan_kwargs, "window": _open_window(plan).pk, "theme": section.theme.slug}
    return {
        "home": (reverse("home"), 200),
        "region": (plan.region.get_absolute_url(), 200),
        "plan": (plan.get_absolute_url(), 200),
        "plan in Finnish": (finnish_plan.get_absolute_url(), 200),
        "section": (reverse("plans:section", kwargs=section_kwargs), 200),
        "activity": (reverse("plans:activity", kwargs={**section_kwargs, "pk": activity.pk}), 200),
        "plan changes": (reverse("plans:changes", kwargs=plan_kwargs), 200),
        "changelog": (reverse("plans:change-sets", kwargs=plan_kwargs), 200),
        "change set": (published_change_set(plan).get_absolute_url(), 200),
        "municipality": (reverse("plans:municipality", kwargs={"region": region, "slug": municipality.slug}), 200),
        "annual clock": (reverse("monitoring:annual-clock", kwargs={"region": region}), 200),
        "annual report": (reverse("monitoring:annual-report", kwargs={**plan_kwargs, "year": 2024}), 200),
        "annual report of a theme": (
            reverse("monitoring:annual-report-theme", kwargs={**section_kwargs, "year": 2024}),
            200,
        ),
        "organisation": (Organisation.objects.get(pk=plan.lead_organisation_id).get_absolute_url(), 200),
        "theme index": (f"/{language}/themes/", 200),
        "theme": (section.theme.get_absolute_url(), 200),
        "project list": (reverse("projects:list"), 200),
        "project": (project.get_absolute_url(), 200),
        "funder": (project.funder.get_absolute_url(), 200),
        "measure": (project.measure.get_absolute_url(), 200),
        "consultation window": (window.get_absolute_url(), 200),
        "comment form": (
            reverse("consultations:comment-create", kwargs=comment_form_kwargs),
            200,
        ),
        "receipt": (
            reverse("consultations:receipt", kwargs={"token": consultation_services.receipt_token(comment)}),
            200,
        ),
        "feedback table": (reverse("consultations:feedback", kwargs=window_kwargs), 200),
        "subscribe": (reverse("consultations:subscribe", kwargs={"region": region}), 200),
        "subscription confirmation": (
            reverse("consultations:subscription-confirm", kwargs={"token": subscription.token}),
            200,
        ),
        "unsubscribe": (subscription.get_absolute_url(), 200),
        "contact removal": (reverse("consultations:contact-remove", kwargs={"token": removal_token(comment)}), 200),
        "search with a query": (reverse("search") + "?q=heaolu", 200),
        "search without a query": (reverse("search"), 200),
        "contact": (reverse("contact"), 200),
        "accessibility statement": (reverse("accessibility"), 200),
        "api documentation": (reverse("api-docs"), 200),
        "page not found": (f"/{language}/no-such-page/", 404),
    }


def open_change_set(plan):
    """The demo plan's change set being prepared (started once by the demo editor): a public plan is edited in
    its working copy, so the editor's pages of sections, activities and indicators are the copy's."""
    found = ChangeSet.objects.filter(plan=plan, state=ChangeSet.State.OPEN).first()
    if found is not None:
        return found
    editor = get_user_model().objects.get(username="vorumaa-editor")
    return changesets.change_set_start(plan=plan, title="Muudatused pärast sügisest arutelu", actor=editor)


def _copy_of(change_set, obj):
    row = change_set.rows.get(content_type=ContentType.objects.get_for_model(type(obj)), origin_id=obj.pk)
    return type(obj).objects.get(pk=row.copy_id)


def editor_pages(language):
    plan, public_section, public_activity, window = vorumaa_demo()
    change_set = open_change_set(plan)
    section, activity = _copy_of(change_set, public_section), _copy_of(change_set, public_activity)
    change_set_kwargs = {"region": plan.region.slug, "plan": plan.slug, "pk": change_set.pk}
    region = {"region": plan.region.slug}
    plan_kwargs = {**region, "plan": plan.slug}
    window_kwargs = {**region, "window": window.pk}
    comment = Comment.objects.filter(window=window).first()
    organisation = Organisation.objects.get(pk=plan.lead_organisation_id)
    copy_kwargs = {**region, "plan": change_set.working_copy.slug}
    return {
        "dashboard": reverse("staff:dashboard"),
        "region workspace": reverse("plans-staff:region", kwargs=region),
        "new plan": reverse("plans-staff:plan-create", kwargs=region),
        "change sets": reverse("plans-staff:change-sets", kwargs=plan_kwargs),
        "change set": reverse("plans-staff:change-set", kwargs=change_set_kwargs),
        "change set rename": reverse("plans-staff:change-set-edit", kwargs=change_set_kwargs),
        "change set discard confirmation": reverse("plans-staff:change-set-discard", kwargs=change_set_kwargs),
        "plan editor": reverse("plans-staff:plan-edit", kwargs=copy_kwargs),
        "plan status": reverse("plans-staff:plan-status", kwargs=plan_kwargs),
        "plan status confirmation": reverse("plans-staff:plan-status", kwargs=plan_kwargs)
        + "?status="
        + (plan_services.allowed_transitions(plan) or ("",))[0],
        "restore confirmation": reverse(
            "staff:history-restore",
            kwargs={
                "label": "plans.activity",
                "pk": public_activity.pk,
                "history_id": public_activity.history.order_by("history_date", "history_id").first().history_id,
            },
        ),
        "plan documents": reverse("plans-staff:documents", kwargs=plan_kwargs),
        "new section": reverse("plans-staff:section-create", kwargs=copy_kwargs),
        "section edit": reverse("plans-staff:section-edit", kwargs={**copy_kwargs, "section": section.pk}),
        "section preview": reverse("plans-staff:section-preview", kwargs={**copy_kwargs, "section": section.pk}),
        "section archive": reverse("plans-staff:section-archive", kwargs={**copy_kwargs, "section": section.pk}),
        "new activity": reverse("plans-staff:activity-create", kwargs={**copy_kwargs, "section": section.pk}),
        "activity edit": reverse("plans-staff:activity-edit", kwargs={**copy_kwargs, "activity": activity.pk}),
        "activity archive": reverse("plans-staff:activity-archive", kwargs={**copy_kwargs, "activity": activity.pk}),
        "new indicator": reverse("plans-staff:indicator-create", kwargs={**copy_kwargs, "activity": activity.pk}),
        "indicator edit": reverse(
            "plans-staff:indicator-edit", kwargs={**copy_kwargs, "indicator": activity.indicators.first().pk}
        ),
        "indicator statistics source": reverse(
            "monitoring-staff:indicator-source",
            kwargs={
                **plan_kwargs,
                "indicator": (
                    public_activity.indicators.filter(statistics_source__isnull=False).first()
                    or public_activity.indicators.first()
                ).pk,
            },
        ),
        "annual clock tasks": reverse("monitoring-staff:clock", kwargs=region),
        "progress of a year": reverse("monitoring-staff:progress", kwargs={**plan_kwargs, "year": 2024}),
        "progress edit": reverse(
            "monitoring-staff:progress-edit", kwargs={**plan_kwargs, "activity": public_activity.pk, "year": 2024}
        ),
        "theme summaries of a year": reverse("monitoring-staff:summaries", kwargs={**plan_kwargs, "year": 2024}),
        "new annual clock task": reverse("monitoring-staff:clock-task-create", kwargs=region),
        "organisations": reverse("plans-staff:organisations", kwargs=region),
        "new organisation": reverse("plans-staff:organisation-create", kwargs=region),
        "organisation edit": reverse("plans-staff:organisation-edit", kwargs={**region, "slug": organisation.slug}),
        "new strategy document": reverse("plans-staff:strategy-document-create", kwargs=region)
        + f"?next=/{language}/manage/",
        "consultation windows": reverse("consultations-staff:windows", kwargs=region),
        "new consultation window": reverse("consultations-staff:window-create", kwargs=plan_kwargs),
        "consultation window edit": reverse("consultations-staff:window-edit", kwargs=window_kwargs),
        "window extension": reverse("consultations-staff:window-extend", kwargs=window_kwargs),
        "window closing": reverse("consultations-staff:window-close", kwargs=window_kwargs),
        "new workshop": reverse("consultations-staff:workshop-create", kwargs=window_kwargs),
        "workshop edit": reverse(
            "consultations-staff:workshop-edit", kwargs={**window_kwargs, "pk": window.workshops.first().pk}
        ),
        "moderation queue, read only": reverse("consultations-staff:queue", kwargs=region),
        "comment, read only": reverse("consultations-staff:comment", kwargs={**region, "pk": comment.pk}),
        "staff project list": reverse("projects-staff:list", kwargs=region),
        "new project": reverse("projects-staff:create", kwargs=region),
        "project import": reverse("projects-staff:import", kwargs=region),
        "history": reverse("staff:history", kwargs={"label": "plans.activity", "pk": public_activity.pk}),
        "audit log": reverse("staff:audit"),
        "account": reverse("staff:account"),
        "two-step verification set-up": reverse("staff:two-factor-setup"),
        "password change": reverse("staff:password-change"),
        "password changed": reverse("staff:password-change-done"),
    }


def moderator_pages():
    plan, _section, _activity, window = vorumaa_demo()
    region = {"region": plan.region.slug}
    comment = Comment.objects.filter(window=window).first()
    return {
        "dashboard": reverse("staff:dashboard"),
        "moderation queue": reverse("consultations-staff:queue", kwargs=region) + "?state=",
        "comment": reverse("consultations-staff:comment", kwargs={**region, "pk": comment.pk}),
        "answer form": reverse("consultations-staff:comment-answer", kwargs={**region, "pk": comment.pk}),
        "workshop input": reverse("consultations-staff:workshop-comment", kwargs={**region, "window": window.pk}),
        "personal data": reverse("consultations-staff:personal-data", kwargs=region),
    }


def superuser_pages():
    project = Project.objects.select_related("region").first()
    region = {"region": project.region.slug}
    return {
        "dashboard": reverse("staff:dashboard"),
        "audit log": reverse("staff:audit"),
        "region workspace": reverse("plans-staff:region", kwargs=region),
        "staff project list": reverse("projects-staff:list", kwargs=region),
        "project edit": reverse("projects-staff:edit", kwargs={**region, "project": project.slug}),
        "project archive": reverse("projects-staff:archive", kwargs={**region, "project": project.slug}),
    }
