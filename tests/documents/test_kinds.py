"""Each kind of document is registered by the app that owns it; the documents app serves only what is registered."""

import pytest
from django.urls import reverse

from documents import kinds
from documents.kinds import DocumentSourceNotFound
from documents.models import Document
from documents.rendering import document_request
from tests.factories import ConsultationWindowFactory, CooperationPlanFactory

pytestmark = pytest.mark.django_db


def test_every_kind_is_registered_with_the_code_of_the_app_that_owns_it():
    owners = {kind.kind: kind.build.__module__ for kind in kinds.registered_kinds()}

    assert owners == {
        "plan_summary": "plans.documents",
        "theme_sheet": "plans.documents",
        "consultation_report": "consultations.documents",
        "annual_report": "monitoring.report.documents",
    }
    assert set(owners) == set(Document.Kind.values)


def test_a_kind_no_app_registered_is_404_at_its_address_and_cannot_be_requested(client, region, monkeypatch):
    plan = CooperationPlanFactory(region=region, status="adopted")
    window = ConsultationWindowFactory(plan=plan, closed=True)
    monkeypatch.delitem(kinds._KINDS, Document.Kind.CONSULTATION_REPORT)  # as if consultations were not installed
    kwargs = {"region": region.slug, "plan": plan.slug, "window": window.pk}
    url = reverse("plans:consultation-report-pdf", kwargs=kwargs)

    assert client.get(url).status_code == 404
    with pytest.raises(DocumentSourceNotFound):
        document_request(plan=plan, kind=Document.Kind.CONSULTATION_REPORT, scope=str(window.pk))
    assert not Document.objects.exists()
