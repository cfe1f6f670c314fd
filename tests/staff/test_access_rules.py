"""Roles are granted per region (plans/access.py): what each check answers for each kind of person."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from core.access import (
    EDIT_PLANS,
    EDIT_PROJECTS,
    get_region_for_staff,
    has_role,
    is_staff_member,
    regions_for,
    roles_in,
)
from plans.selectors import get_plan_for_staff

pytestmark = pytest.mark.django_db


def test_editor_may_edit_plans_of_its_region_only(staff_world, editor):
    assert has_role(editor, staff_world.region, EDIT_PLANS)
    assert not has_role(editor, staff_world.other_region, EDIT_PLANS)
    assert not has_role(editor, staff_world.region, EDIT_PROJECTS)


def test_editor_of_other_region_gets_403_on_a_plan_here(staff_world, outsider):
    with pytest.raises(PermissionDenied):
        get_plan_for_staff(outsider, region_slug="vorumaa", plan_slug=staff_world.plan.slug, roles=EDIT_PLANS)


def test_unknown_plan_or_region_is_404_even_for_a_superuser(staff_world):
    root = staff_world.users["superuser"]
    with pytest.raises(Http404):
        get_plan_for_staff(root, region_slug="vorumaa", plan_slug="puudub")
    with pytest.raises(Http404):
        get_region_for_staff(root, region_slug="puudub")


def test_superuser_holds_every_role_everywhere(staff_world):
    root = staff_world.users["superuser"]
    assert set(regions_for(root)) == {staff_world.region, staff_world.other_region}
    assert roles_in(root, staff_world.other_region) == {
        "editor",
        "moderator",
        "project_editor",
        "viewer",
        "reporter",
        "reviewer",
    }


def test_person_without_a_role_or_logged_out_is_no_staff_member(staff_world):
    assert not is_staff_member(staff_world.users["no_role"])
    assert not is_staff_member(AnonymousUser())
    assert not regions_for(AnonymousUser()).exists()


def test_deactivated_account_loses_its_roles(staff_world, editor):
    editor.is_active = False
    editor.save()

    assert not is_staff_member(editor)
    assert not has_role(editor, staff_world.region)
    assert not regions_for(editor).exists()


def test_a_user_sees_only_the_regions_of_its_roles(staff_world, moderator):
    assert list(regions_for(moderator)) == [staff_world.region]
    assert not regions_for(moderator, EDIT_PLANS).exists()
