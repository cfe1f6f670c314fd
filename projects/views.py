from django.core.paginator import Paginator
from django.db.models import Count, Sum
from django.shortcuts import get_object_or_404, render

from .forms import ProjectFilterForm
from .models import Project, ProjectPartner


def project_list(request):
    """Registry of funded projects; filters by region, funder, programme and measure from the query string."""
    projects = Project.objects.public().select_related("region", "funder", "measure")
    form = ProjectFilterForm(request.GET)
    projects = form.filter(projects)
    active = form.active_filters()
    totals = projects.aggregate(count=Count("pk"), total_cost=Sum("total_cost"), grant=Sum("grant_amount"))
    page = Paginator(projects, 25).get_page(request.GET.get("page"))
    return render(request, "projects/project_list.html", {"page": page, "totals": totals, "active": active})


def project_detail(request, region, slug):
    project = get_object_or_404(
        Project.objects.public().select_related("region", "funder", "programme", "measure", "manager_organisation"),
        region__slug=region,
        slug=slug,
    )
    partners = list(project.partners.select_related("organisation"))
    roles = [(role, label, [p for p in partners if p.role == role]) for role, label in ProjectPartner.Role.choices]
    context = {
        "project": project,
        "roles": [(label, members) for role, label, members in roles if members],
        "components": project.components.all(),
        "events": project.events.all(),
        "outputs": project.outputs.all(),
        "activities": project.activities.exclude(section__plan__status="draft").select_related(
            "section__plan__region", "section__theme"
        ),
        "themes": project.themes.all(),
    }
    return render(request, "projects/project_detail.html", context)
