import time
from types import SimpleNamespace

import pytest
from django.urls import reverse

from consultations.abuse import started_token
from consultations.models import ConsultationWindow
from plans.models import CooperationPlan
from tests.factories import (
    ConsultationWindowFactory,
    CooperationPlanFactory,
    MunicipalityFactory,
    ThemeSectionFactory,
    WorkshopFactory,
)


@pytest.fixture
def consultation(region):
    """An open, pre-moderated window of a Võrumaa plan with two themes (the window opens every theme)."""
    plan = CooperationPlanFactory(region=region, slug="heaolu-2026", status=CooperationPlan.Status.CONSULTATION)
    ageing = ThemeSectionFactory(plan=plan, title="Väärikas vananemine", theme__slug="vananemine", position=1)
    learning = ThemeSectionFactory(plan=plan, title="Õppiv inimene", theme__slug="oppimine", position=2)
    window = ConsultationWindowFactory(plan=plan, title="Kava avalik arutelu")
    workshop = WorkshopFactory(window=window, title="Töötuba Võrus, kultuurimajas")
    municipality = MunicipalityFactory(region=region, name="Võru vald", slug="voru-vald")
    kwargs = {"region": region.slug, "plan": plan.slug, "window": window.pk}
    return SimpleNamespace(
        region=region,
        plan=plan,
        ageing=ageing,
        learning=learning,
        window=window,
        workshop=workshop,
        municipality=municipality,
        window_url=reverse("consultations:window", kwargs=kwargs),
        form_url=reverse("consultations:comment-create", kwargs={**kwargs, "theme": "vananemine"}),
    )


@pytest.fixture
def post_moderated(consultation):
    consultation.window.moderation_mode = ConsultationWindow.ModerationMode.POST
    consultation.window.save()
    return consultation


def comment_data(**overrides):
    """What a person who took a minute to write would send."""
    data = {
        "category": "recommendation",
        "body": "Eakate transport maapiirkondades vajab valdade ühist kokkulepet.",
        "author_name": "Mari Maasikas",
        "email": "mari@example.org",
        "municipality": "",
        "consent": "on",
        "website": "",
        "started": started_token(time.time() - 60),
    }
    data.update(overrides)
    return data
