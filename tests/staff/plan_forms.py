"""Form data as a browser would post it for the plan editing pages (helpers for tests/staff/test_plan_*.py and
test_edit_conflict.py; no tests here).

The plan and section editors are in steps (plans/forms.py PLAN_STEPS, SECTION_STEPS): ``plan_step_data`` and
``section_step_data`` post what one step's form holds, to ``step_url(...)``. ``plan_data`` and ``section_data``
are every field at once, which the editors still take as a POST without ``?step=`` (a tab opened before the steps).
"""

from django.urls import reverse

from plans.forms import PLAN_STEPS, SECTION_STEPS
from plans.models import Activity, Milestone


def plan_url(name, plan, **kwargs):
    return reverse(f"plans-staff:{name}", kwargs={"region": plan.region.slug, "plan": plan.slug, **kwargs})


def _formset(prefix, rows, total_initial=0):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(total_initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{index}-{key}"] = value
    return data


def plan_data(plan, milestones=None, **changes):
    existing = list(plan.milestones.all())
    rows = [
        {
            "id": str(milestone.pk),
            "kind": milestone.kind,
            "title": milestone.title,
            "starts_on": milestone.starts_on.isoformat(),
            "ends_on": milestone.ends_on.isoformat() if milestone.ends_on else "",
            "date_label": milestone.date_label,
            "description": milestone.description,
        }
        for milestone in existing
    ]
    rows += milestones or []
    data = {
        "title": plan.title,
        "slug": plan.slug,
        "language": plan.language,
        "start_year": str(plan.start_year),
        "end_year": str(plan.end_year),
        "lead_organisation": str(plan.lead_organisation_id),
        "contact_role": plan.contact_role,
        "summary": plan.summary,
        "purpose": plan.purpose,
        "audience": plan.audience,
        "expected_result": plan.expected_result,
        "basis_documents": [str(pk) for pk in plan.basis_documents.values_list("pk", flat=True)],
        "version": str(plan.version),
        **_formset("milestones", rows, total_initial=len(existing)),
    }
    data.update(changes)
    return data


def step_url(name, plan, step, **kwargs):
    return f"{plan_url(name, plan, **kwargs)}?step={step}"


def _one_step(steps, slug, data, formset_prefix=None):
    step = next(step for step in steps if step.slug == slug)
    kept = {
        key: value
        for key, value in data.items()
        if key in step.fields or key == "version" or (step.formset and key.startswith(f"{formset_prefix}-"))
    }
    if "basis_documents" in kept:
        kept["initial-basis_documents"] = kept["basis_documents"]  # the ones the page showed (show_hidden_initial)
    return kept


def plan_step_data(plan, step, milestones=None, **changes):
    """What the form of one step of the plan editor posts: its fields, the version, and the milestones formset on
    the milestones step."""
    return {**_one_step(PLAN_STEPS, step, plan_data(plan, milestones=milestones), "milestones"), **changes}


def section_step_data(section, step, **changes):
    return {**_one_step(SECTION_STEPS, step, section_data(section)), **changes}


def new_milestone(**changes):
    return {"kind": Milestone.Kind.WORKSHOP, "title": "Veebitöötuba", "starts_on": "2021-06-17", **changes}


def section_data(section, **changes):
    data = {
        "theme": str(section.theme_id),
        "title": section.title,
        "intro": section.intro,
        "challenges": section.challenges,
        "goals": section.goals,
        "lead_role": section.lead_role,
        "lead_organisation": str(section.lead_organisation_id or ""),
        "version": str(section.version),
    }
    data.update(changes)
    return data


def activity_data(activity: Activity, **changes):
    data = {
        "title": activity.title,
        "description": activity.description,
        "rationale": activity.rationale,
        "responsible_organisation": str(activity.responsible_organisation_id),
        "partner_organisations": [str(pk) for pk in activity.partner_organisations.values_list("pk", flat=True)],
        "municipalities": [str(pk) for pk in activity.municipalities.values_list("pk", flat=True)],
        "start_year": str(activity.start_year),
        "end_year": str(activity.end_year),
        "person_years": str(activity.person_years),
        "budget": "" if activity.budget is None else str(activity.budget),
        "funding_source": activity.funding_source,
        "cooperation_form": activity.cooperation_form,
        "status": activity.status,
        "version": str(activity.version),
    }
    data.update(changes)
    return data


def indicator_data(indicator, values=None, **changes):
    existing = list(indicator.values.all()) if indicator.pk else []
    rows = [{"id": str(value.pk), "year": str(value.year), "value": str(value.value)} for value in existing]
    rows += values or []
    data = {
        "name": indicator.name,
        "unit": indicator.unit,
        "source": indicator.source,
        "source_url": indicator.source_url,
        "baseline_year": str(indicator.baseline_year),
        "baseline_value": str(indicator.baseline_value),
        "target_year": str(indicator.target_year),
        "target_value": str(indicator.target_value),
        "version": str(indicator.version),
        **_formset("values", rows, total_initial=len(existing)),
    }
    data.update(changes)
    return data
