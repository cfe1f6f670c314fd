from datetime import timedelta

from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from core.calendars import CalendarEvent, calendar_ics, event_uid
from core.page_cache import public_page_cache

from .exports import export_response
from .forms import ProjectFilterForm
from .models import Funder, Measure, Project, ProjectPartner
from .selectors import funding_figures, paginate, project_money, project_totals, projects_filtered, registry_projects

EXPORT_FORMATS = ("csv", "xlsx", "json")


@public_page_cache
def project_list(request):
    """The registry: filters, sort, the count and sums of the filtered set, its charts, a page of it, its exports."""
    form = ProjectFilterForm(request.GET)
    projects = projects_filtered(form.active_filters(), ordering=form.ordering())
    totals = project_totals(projects)
    result = paginate(projects, request.GET.get("page"), count=totals["count"])
    context = {
        "form": form,
        "active": form.active_filters(),
        "notes": form.notes + result.notes,
        "page": result.page,
        "totals": totals,
        "figures": funding_figures(projects),
        "filter_query": form.query_string(),
        "export_formats": EXPORT_FORMATS,
    }
    return render(request, "projects/project_list.html", context)


def project_export(request):
    """The registry's filtered set as a file (?same filters&format=csv|xlsx|json)."""
    fmt = request.GET.get("format", "")
    if fmt not in EXPORT_FORMATS:
        message = _("Unknown export format. Choose one of: %(formats)s.") % {"formats": ", ".join(EXPORT_FORMATS)}
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
    form = ProjectFilterForm(request.GET)
    return export_response(projects_filtered(form.active_filters(), ordering=form.ordering()), fmt)


def _public_project(region: str, slug: str) -> Project:
    return get_object_or_404(
        registry_projects().select_related("programme", "manager_organisation"), region__slug=region, slug=slug
    )


@public_page_cache
def project_detail(request, region, slug):
    project = _public_project(region, slug)
    partners = list(project.partners.select_related("organisation__municipality"))
    roles = [(label, [p for p in partners if p.role == role]) for role, label in ProjectPartner.Role.choices]
    context = {
        "project": project,
        "roles": [(label, members) for label, members in roles if members],
        "money": project_money(project, partners),
        "components": project.components.all(),
        "events": project.events.all(),
        "outputs": project.outputs.all(),
        "activities": project.activities.exclude(section__plan__status="draft")
        .filter(archived_at__isnull=True, section__archived_at__isnull=True)
        .select_related("section__plan__region", "section__theme"),
        "themes": project.themes.all(),
    }
    return render(request, "projects/project_detail.html", context)


def _calendar_event(event, *, project, url: str) -> CalendarEvent:
    # Events have dates but no times (a training day in Elva): whole days, the end exclusive.
    return CalendarEvent(
        uid=event_uid("project-event", event.pk),
        title=event.title,
        start=event.date,
        end=(event.end_date or event.date) + timedelta(days=1),
        location=event.place,
        description="\n\n".join(part for part in (event.description, project.name) if part),
        url=url,
    )


@public_page_cache
def project_events_ical(request, region, slug):
    project = _public_project(region, slug)
    url = request.build_absolute_uri(project.get_absolute_url())
    events = [_calendar_event(event, project=project, url=url) for event in project.events.all()]
    body = calendar_ics(name=project.name, product="Project events//ET", events=events)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{project.slug}-events.ics"'
    return response


def _projects_page(request, projects, template: str, context: dict):
    """A funder's or a measure's projects: one funder, so no chart by funder (it would be a single bar)."""
    totals = project_totals(projects)
    result = paginate(projects, request.GET.get("page"), count=totals["count"])
    figures = funding_figures(projects, groups=("theme", "year", "municipality"))
    context |= {"page": result.page, "notes": result.notes, "totals": totals, "figures": figures}
    return render(request, template, context)


@public_page_cache
def funder_detail(request, funder):
    try:
        funder = Funder.objects.get(slug=funder)
    except Funder.DoesNotExist:
        raise Http404("No such funder") from None
    projects = projects_filtered({"funder": funder})
    context = {
        "funder": funder,
        "programmes": funder.programmes.all(),
        "measures": funder.measures.select_related("programme"),
        "filter_query": f"funder={funder.slug}",
    }
    return _projects_page(request, projects, "projects/funder_detail.html", context)


@public_page_cache
def measure_detail(request, funder, measure):
    measure = get_object_or_404(
        Measure.objects.select_related("funder", "programme"), funder__slug=funder, slug=measure
    )
    projects = projects_filtered({"measure": measure})
    context = {"measure": measure, "funder": measure.funder, "filter_query": f"measure={measure.pk}"}
    return _projects_page(request, projects, "projects/measure_detail.html", context)
