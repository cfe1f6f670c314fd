"""The staff workspace for projects: a region's projects, creating and editing them, archiving, importing.

Every page (GET too) needs EDIT_PROJECTS in the region (core.access): other roles get 403, other regions' staff
too (tests/staff/matrix_projects.py lists them all). Views fetch with the permission check, validate forms and
call one service in projects/services.py or projects/imports.py.
"""

from copy import copy

from django.contrib import messages
from django.db.models import Count, F
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.access import EDIT_PROJECTS, get_region_for_staff, require_role, staff_member_required
from core.versioning import EditConflict, report_merge, save_merging

from . import services
from .imports import project_import
from .models import Project
from .selectors import paginate, project_totals
from .staff_forms import (
    ArchiveForm,
    ComponentFormSet,
    EventFormSet,
    ImportUploadForm,
    OutputFormSet,
    PartnerFormSet,
    ProjectForm,
)

IMPORT_SESSION_KEY = "project_import"
STAFF_PAGE_SIZE = 50


def _region(request, region):
    return get_region_for_staff(request.user, region_slug=region, roles=EDIT_PROJECTS)


def _project(request, region, project):
    """The project of any state (archived too), if the user may edit projects in its region."""
    project = get_object_or_404(Project.objects.select_related("region"), region__slug=region, slug=project)
    require_role(request.user, project.region_id, EDIT_PROJECTS)
    return project


# --- List -------------------------------------------------------------------------------------------------------


@staff_member_required
def project_list(request, region):
    region = _region(request, region)
    projects = (
        Project.objects.filter(region=region)
        .select_related("funder")
        .annotate(partner_count=Count("partners"))
        .order_by("archived", F("start_date").desc(nulls_last=True), "name")
    )
    totals = project_totals(Project.objects.filter(region=region, archived=False))
    archived_count = Project.objects.filter(region=region, archived=True).count()
    # A region has hundreds of projects: a page at a time, counted by the totals and the archived count.
    result = paginate(
        projects, request.GET.get("page"), count=totals["count"] + archived_count, per_page=STAFF_PAGE_SIZE
    )
    context = {
        "region": region,
        "page": result.page,
        "notes": result.notes,
        "totals": totals,
        "archived_count": archived_count,
    }
    return render(request, "staff/projects/project_list.html", context)


# --- Create and edit --------------------------------------------------------------------------------------------


def _formsets(request, project, region):
    data = request.POST if request.method == "POST" else None
    return {
        "partners": PartnerFormSet(data, instance=project, prefix="partners", region=region),
        "components": ComponentFormSet(data, instance=project, prefix="components"),
        "events": EventFormSet(data, instance=project, prefix="events"),
        "outputs": OutputFormSet(data, instance=project, prefix="outputs"),
    }


def _parts(formsets):
    to_save, to_delete = [], []
    for formset in formsets.values():
        to_save.extend(formset.save(commit=False))
        to_delete.extend(formset.deleted_objects)
    return to_save, to_delete


def _form_page(request, context, status=200):
    formsets = context["formsets"]
    context["formset_errors"] = sum(formset.total_error_count() for formset in formsets.values())
    return render(request, "staff/projects/project_form.html", context, status=status)


@staff_member_required
def project_create(request, region):
    region = _region(request, region)
    form = ProjectForm(request.POST or None, region=region)
    formsets = _formsets(request, Project(region=region), region)
    if request.method == "POST" and form.is_valid() and all(f.is_valid() for f in formsets.values()):
        to_save, _deleted = _parts(formsets)
        project = services.project_create(
            project=form.instance,
            activities=form.cleaned_data["activities"],
            themes=form.cleaned_data["themes"],
            parts_to_save=to_save,
            actor=request.user,
        )
        messages.success(request, _("The project was created."))
        return redirect("projects-staff:edit", region=region.slug, project=project.slug)
    return _form_page(request, {"region": region, "form": form, "formsets": formsets, "project": None})


@staff_member_required
def project_edit(request, region, project):
    project = _project(request, region, project)
    form = ProjectForm(request.POST or None, instance=copy(project), region=project.region)
    formsets = _formsets(request, project, project.region)
    conflict = None
    if request.method == "POST" and form.is_valid() and all(f.is_valid() for f in formsets.values()):
        to_save, to_delete = _parts(formsets)
        # Partners, components, events and outputs are formsets: merged only when the user left them alone.
        result = save_merging(
            form,
            save=lambda form: services.project_update(
                project=form.instance,
                expected_version=form.expected_version,
                activities=form.cleaned_data["activities"],
                themes=form.cleaned_data["themes"],
                parts_to_save=to_save,
                parts_to_delete=to_delete,
                actor=request.user,
            ),
            reload=lambda pk: Project.objects.select_related("region").get(pk=pk),
            form_kwargs={"region": project.region},
            mergeable=not any(formset.has_changed() for formset in formsets.values()),
        )
        report_merge(request, result)
        if result.saved:
            messages.success(request, _("The project was saved."))
            return redirect("projects-staff:edit", region=project.region.slug, project=result.form.instance.slug)
        form, conflict = result.form, result.conflict
    context = {"region": project.region, "form": form, "formsets": formsets, "project": project, "conflict": conflict}
    return _form_page(request, context, status=409 if conflict else 200)


# --- Archive ----------------------------------------------------------------------------------------------------


@staff_member_required
def project_archive(request, region, project):
    """GET asks to confirm; POST archives an active project or brings an archived one back."""
    project = _project(request, region, project)
    form = ArchiveForm(request.POST or None, initial={"version": project.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.project_set_archived(
                project=project,
                archived=not project.archived,
                expected_version=form.cleaned_data["version"],
                actor=request.user,
            )
        except EditConflict:
            messages.error(request, _("Someone else saved this project meanwhile. Look at it again, then decide."))
            return redirect("projects-staff:edit", region=project.region.slug, project=project.slug)
        if project.archived:
            messages.success(request, _("The project was archived: the public registry no longer shows it."))
        else:
            messages.success(request, _("The project is back in the public registry."))
        return redirect("projects-staff:list", region=project.region.slug)
    return render(
        request, "staff/projects/project_archive.html", {"project": project, "region": project.region, "form": form}
    )


# --- Import -----------------------------------------------------------------------------------------------------


@staff_member_required
def project_import_view(request, region):
    """Upload → dry run (every row, its errors or changes) → confirm; the file waits in storage in between."""
    region = _region(request, region)
    pending = request.session.get(IMPORT_SESSION_KEY)
    if pending and pending.get("region") != region.pk:
        pending = None
    result = None
    form = ImportUploadForm()
    if request.method == "POST" and "confirm" in request.POST and pending:
        data = services.import_file_read(name=pending["name"])
        if data is None:
            messages.error(request, _("The uploaded file is no longer available. Upload it again."))
            return redirect("projects-staff:import", region=region.slug)
        result = project_import(
            region=region, file=data, file_name=pending["file_name"], dry_run=False, user=request.user
        )
        if result.saved:
            services.import_file_delete(name=pending["name"])
            del request.session[IMPORT_SESSION_KEY]
            messages.success(
                request,
                _("Imported %(new)d new and %(updated)d updated projects; %(unchanged)d were unchanged.")
                % {"new": result.new_count, "updated": result.update_count, "unchanged": result.unchanged_count},
            )
            return redirect("projects-staff:list", region=region.slug)
    elif request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            data = upload.read()
            result = project_import(region=region, file=data, file_name=upload.name, dry_run=True, user=request.user)
            if pending:
                services.import_file_delete(name=pending["name"])
                request.session.pop(IMPORT_SESSION_KEY, None)
            if not result.has_errors:
                name = services.import_file_store(data=data, file_name=upload.name)
                request.session[IMPORT_SESSION_KEY] = {"region": region.pk, "name": name, "file_name": upload.name}
    context = {
        "region": region,
        "form": form,
        "result": result,
        "can_confirm": result is not None and result.dry_run and not result.has_errors,
        "export_url": reverse("projects:export") + f"?region={region.slug}&format=xlsx",
    }
    return render(request, "staff/projects/project_import.html", context)
