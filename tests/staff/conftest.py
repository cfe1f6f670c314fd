"""A small world for the staff workspace: one region with content and staff in every role, and an outsider.

``staff_world`` is shared by the permission matrix (tests/staff/test_permission_matrix.py) and any staff test.
Log people in with ``client.force_login(user)``: ``client.login()`` goes through django-axes, which needs the
request.
"""

from dataclasses import dataclass, field
from functools import cached_property

import pytest

from core.models import RegionRole
from plans.changesets import change_set_start, change_set_submit
from tests.factories import (
    ActivityFactory,
    CommentFactory,
    ConsultationWindowFactory,
    CooperationPlanFactory,
    IndicatorFactory,
    ProjectFactory,
    RegionFactory,
    ThemeSectionFactory,
    UserFactory,
    WorkshopFactory,
)

Role = RegionRole.Role


@dataclass
class StaffWorld:
    region: object
    other_region: object
    plan: object
    section: object
    activity: object
    indicator: object
    window: object
    workshop: object
    comment: object
    project: object
    other_plan: object
    other_project: object
    users: dict = field(default_factory=dict)  # "editor", "moderator", ..., "outsider", "superuser", "no_role"

    @cached_property
    def public_plan(self):
        """A plan in consultation (made on first use: most tests need none)."""
        plan = CooperationPlanFactory(region=self.region, slug="avalik-kava", consultation=True)
        ActivityFactory(section=ThemeSectionFactory(plan=plan))
        return plan

    @cached_property
    def change_set(self):
        """A change set of ``public_plan`` that its editor sent for review (made on first use)."""
        editor = self.users["editor"]
        change_set = change_set_start(plan=self.public_plan, title="Muudatused pärast arutelu", actor=editor)
        copy = change_set.working_copy
        copy.summary = "Uus kokkuvõte"
        copy.save()
        return change_set_submit(change_set=change_set, actor=editor)


def grant(user, region, role):
    RegionRole.objects.create(user=user, region=region, role=role)
    return user


@pytest.fixture
def staff_world(db):
    region = RegionFactory(slug="vorumaa", name="Võrumaa")
    other_region = RegionFactory(slug="tartumaa", name="Tartumaa")
    plan = CooperationPlanFactory(region=region, slug="koostookava")
    section = ThemeSectionFactory(plan=plan)
    activity = ActivityFactory(section=section)
    indicator = IndicatorFactory(activity=activity)
    window = ConsultationWindowFactory(plan=plan)
    workshop = WorkshopFactory(window=window)
    comment = CommentFactory(window=window, section=section)
    project = ProjectFactory(region=region)
    other_plan = CooperationPlanFactory(region=other_region, slug="tartu-kava")
    other_project = ProjectFactory(region=other_region)
    users = {}
    for role in Role:
        users[str(role)] = grant(
            UserFactory(username=f"{role}@vorumaa.example", email=f"{role}@vorumaa.example"), region, role
        )
    users["outsider"] = grant(UserFactory(username="editor@tartumaa.example"), other_region, Role.EDITOR)
    users["no_role"] = UserFactory(username="nobody@example.org")
    users["superuser"] = UserFactory(username="root@example.org", is_superuser=True, is_staff=True)
    return StaffWorld(
        region=region,
        other_region=other_region,
        plan=plan,
        section=section,
        activity=activity,
        indicator=indicator,
        window=window,
        workshop=workshop,
        comment=comment,
        project=project,
        other_plan=other_plan,
        other_project=other_project,
        users=users,
    )


@pytest.fixture
def editor(staff_world):
    return staff_world.users["editor"]


@pytest.fixture
def moderator(staff_world):
    return staff_world.users["moderator"]


@pytest.fixture
def project_editor(staff_world):
    return staff_world.users["project_editor"]


@pytest.fixture
def outsider(staff_world):
    """An editor of another region."""
    return staff_world.users["outsider"]
