"""Optimistic locking (plans/versioning.py): a save from a stale form is refused before anything is written."""

import pytest

from core.versioning import EditConflict, save_versioned
from plans.models import Activity
from projects.models import Project
from tests.factories import ActivityFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def test_save_from_the_current_version_bumps_it_and_records_history():
    activity = ActivityFactory(title="Vana")
    activity.title = "Uus"

    save_versioned(activity, expected_version=1)

    stored = Activity.objects.get(pk=activity.pk)
    assert (stored.title, stored.version, activity.version) == ("Uus", 2, 2)
    assert stored.history.count() == 2


def test_second_save_from_the_same_version_is_refused_and_writes_nothing():
    activity = ActivityFactory(title="Vana")
    first = Activity.objects.get(pk=activity.pk)
    second = Activity.objects.get(pk=activity.pk)
    first.title = "Esimese muudatus"
    save_versioned(first, expected_version=1)

    second.title = "Teise muudatus"
    with pytest.raises(EditConflict) as conflict:
        save_versioned(second, expected_version=1)

    stored = Activity.objects.get(pk=activity.pk)
    assert (stored.title, stored.version) == ("Esimese muudatus", 2)
    assert conflict.value.current.title == "Esimese muudatus"
    assert stored.history.count() == 2  # the refused save left no version behind


def test_save_after_seeing_the_conflict_goes_through():
    project = ProjectFactory(name="A")
    other = Project.objects.get(pk=project.pk)
    other.name = "B"
    save_versioned(other, expected_version=1)

    project.name = "C"
    save_versioned(project, expected_version=2)

    assert Project.objects.get(pk=project.pk).version == 3


def test_saving_a_deleted_object_says_so():
    activity = ActivityFactory()
    Activity.objects.filter(pk=activity.pk).delete()

    with pytest.raises(Activity.DoesNotExist):
        save_versioned(activity, expected_version=1)


def test_new_object_starts_at_version_one():
    activity = ActivityFactory.build(section=ActivityFactory().section)
    activity.responsible_organisation.save()
    activity.responsible_organisation_id = activity.responsible_organisation.pk

    save_versioned(activity, expected_version=7)

    assert Activity.objects.get(pk=activity.pk).version == 1
