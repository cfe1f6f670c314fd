# ruff: noqa: F811  (fixtures imported from tests/staff/conftest.py are parameters of the tests)
"""Every spreadsheet export keeps text that would start a formula as text (issue 13, point 6)."""

import csv
import io

from django.urls import reverse

from tests.factories import CommenterContactFactory, CommentFactory
from tests.staff.conftest import moderator, staff_world  # noqa: F401  (fixtures)


def test_personal_data_csv_escapes_a_comment_and_a_name_that_start_a_formula(client, staff_world, moderator):
    comment = CommentFactory(
        window=staff_world.window,
        section=staff_world.section,
        body='=HYPERLINK("http://x.test")',
        author_name="@SUM(1)",
    )
    CommenterContactFactory(comment=comment, email="mari@example.org")
    client.force_login(moderator)

    response = client.post(
        reverse("consultations-staff:personal-data", kwargs={"region": staff_world.region.slug}),
        {"email": "mari@example.org", "action": "csv"},
    )

    [row] = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))
    assert row["comment"] == '\'=HYPERLINK("http://x.test")'
    assert row["name_shown"] == "'@SUM(1)"
    assert row["reference"] == comment.reference
