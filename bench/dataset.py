"""The benchmarks' data sets, built by bulk inserts into a scratch PostgreSQL database and reused between runs.

    .venv/bin/python bench/dataset.py [--scale national] [--database-url URL] [--reuse]

Two scales:

* ``large`` (bench/pages.py's default): 15 regions, 80 municipalities, 60 plans, 3 000 activities, 3 000
  indicators with 2 yearly values, 10 000 funded projects, 100 000 comments.
* ``national``: every Estonian county and Finnish wellbeing services county (36 regions) and 390 municipalities,
  five plan periods each (180 plans, 900 theme sections, 9 000 activities, 30 000 indicators with 20 yearly values),
  30 000 funded projects, 300 000 comments with answers, each activity's yearly progress and each theme's yearly
  summary, and change sets made by the portal's own services: a published one on every region's current plan
  (the changelog) and an open one on a third of them (a working copy being prepared).

Names are made up (``Vald 001``), apart from the regions'. Bulk inserts write no history rows and send no signals,
except for the change sets, which go through plans.changesets as an editor's would. ``--reuse`` keeps a database
that already holds the scale asked for (its regions are counted) and rebuilds anything else. Only databases whose
name starts with welfare_bench or test_ are ever dropped.
"""

import argparse
import itertools
import os
import re
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/welfare_bench"
BATCH = 5000

ESTONIAN_COUNTIES = [
    "Harjumaa", "Hiiumaa", "Ida-Virumaa", "Jõgevamaa", "Järvamaa", "Läänemaa", "Lääne-Virumaa", "Põlvamaa",
    "Pärnumaa", "Raplamaa", "Saaremaa", "Tartumaa", "Valgamaa", "Viljandimaa", "Võrumaa",
]  # fmt: skip
FINNISH_REGIONS = [
    "Itä-Uusimaa", "Keski-Uusimaa", "Länsi-Uusimaa", "Vantaa ja Kerava", "Varsinais-Suomi", "Satakunta",
    "Kanta-Häme", "Pirkanmaa", "Päijät-Häme", "Kymenlaakso", "Etelä-Karjala", "Etelä-Savo", "Pohjois-Savo",
    "Pohjois-Karjala", "Keski-Suomi", "Etelä-Pohjanmaa", "Pohjanmaa", "Keski-Pohjanmaa", "Pohjois-Pohjanmaa",
    "Kainuu", "Lappi",
]  # fmt: skip

SCALES = {
    "large": {
        "regions": 15,
        "municipalities": 80,
        "periods": 4,  # plans per region
        "sections_per_plan": 5,
        "activities_per_section": 10,
        "indicators_per_activity": 1,
        "values_per_indicator": 2,
        "projects": 10_000,
        "comments": 100_000,
        "yearly_cycle": False,
        "change_sets": False,
    },
    "national": {
        "regions": 36,
        "municipalities": 390,
        "periods": 5,
        "sections_per_plan": 5,
        "activities_per_section": 10,
        "indicators_per_activity": 10 / 3,  # 30 000 indicators on 9 000 activities
        "values_per_indicator": 20,
        "projects": 30_000,
        "comments": 300_000,
        "yearly_cycle": True,
        "change_sets": True,
    },
}
# The large scale predates the national one: it keeps its 60 plans of 15 regions (4 periods) and 3 000 activities.
CURRENT_YEAR = 2026


def recreate_database(database_url: str) -> None:
    import psycopg2

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    if not re.fullmatch(r"welfare_bench\w*|test_\w+", name):
        sys.exit(f"Refusing to drop {name!r}: the bench database's name must start with welfare_bench or test_.")
    connection = psycopg2.connect(
        host=parts.hostname, port=parts.port or 5432, user=parts.username, password=parts.password, dbname="postgres"
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def insert(model, objects) -> list:
    """bulk_create in batches without first making a list of every object (600 000 values would need gigabytes)."""
    made = []
    for batch in itertools.batched(objects, BATCH):
        made += model.objects.bulk_create(batch)
    return made


def insert_quietly(model, objects) -> int:
    """As insert(), keeping none of the objects: for the largest tables nothing later refers to."""
    count = 0
    for batch in itertools.batched(objects, BATCH):
        model.objects.bulk_create(batch)
        count += len(batch)
    return count


def ensure(database_url: str, scale: str, reuse: bool) -> dict | None:
    """The database of ``scale``, built unless ``reuse`` and it is already there; Django must not be set up yet.

    Returns the counts of what was built, or None when the database was reused."""
    import django

    os.environ.update(CELERY_BROKER_URL="memory://", CELERY_TASK_ALWAYS_EAGER="0")  # see change_sets()

    if reuse:
        try:
            django.setup()
            from core.models import Region

            if Region.objects.count() == SCALES[scale]["regions"]:
                from django.db import connections

                connections.close_all()
                return None
        except Exception as error:  # no database or no tables: build it
            print(f"not reusable ({type(error).__name__}): building", file=sys.stderr)
        from django.db import connections

        connections.close_all()
    recreate_database(database_url)
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    counts = build(scale)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # the planner's statistics, as autovacuum would gather them on a live database
    return counts


def build(scale: str) -> dict:
    """Fill the (migrated, empty) database; returns counts of what it made."""
    from datetime import date, timedelta
    from decimal import Decimal

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from consultations.models import Comment, ConsultationWindow, Response
    from core.models import Municipality, Organisation, Region, RegionRole
    from monitoring.models import ActivityProgress, ThemeYearSummary
    from plans.models import Activity, CooperationPlan, Indicator, IndicatorValue, Milestone, ThemeSection
    from projects.models import (
        Funder,
        Measure,
        Programme,
        Project,
        ProjectComponent,
        ProjectEvent,
        ProjectOutput,
        ProjectPartner,
    )
    from themes.models import Theme

    sizes = SCALES[scale]
    now = timezone.now()
    text = "Omavalitsuste ühine tegevus eakate, noorte ja perede heaolu toetamiseks maakonnas. " * 3

    themes = Theme.objects.bulk_create(
        Theme(slug=f"teema-{i}", name_et=f"Teema {i}", name_en=f"Theme {i}", name_fi=f"Teema {i} fi", position=i)
        for i in range(8)
    )
    if scale == "national":
        names = [(n, "EE") for n in ESTONIAN_COUNTIES] + [(n, "FI") for n in FINNISH_REGIONS]
    else:
        names = [(f"Maakond {i:02d}", "EE") for i in range(sizes["regions"])]
    regions = Region.objects.bulk_create(
        Region(
            slug=f"maakond-{i:02d}",
            name=name,
            country=country,
            kind="county" if country == "EE" else "region",
            language="et" if country == "EE" else "fi",
            timezone="Europe/Tallinn" if country == "EE" else "Europe/Helsinki",
        )
        for i, (name, country) in enumerate(names)
    )
    municipalities = Municipality.objects.bulk_create(
        Municipality(region=regions[i % len(regions)], slug=f"vald-{i:03d}", name=f"Vald {i:03d}")
        for i in range(sizes["municipalities"])
    )
    centres = Organisation.objects.bulk_create(
        Organisation(slug=f"arenduskeskus-{i:02d}", name=f"Arenduskeskus {i:02d}", kind="development_centre", region=r)
        for i, r in enumerate(regions)
    )
    governments = Organisation.objects.bulk_create(
        Organisation(
            slug=f"{m.slug}-valitsus", name=f"{m.name} valitsus", kind="municipality", region=m.region, municipality=m
        )
        for m in municipalities
    )
    ngos = Organisation.objects.bulk_create(
        Organisation(slug=f"mtu-{i:03d}", name=f"MTÜ {i:03d}", kind="ngo", region=regions[i % len(regions)])
        for i in range(10 * len(regions))
    )

    # Plan periods, oldest first. The large scale keeps its mixed statuses and every fifteenth plan a draft; the
    # national one has the periods of a real region: archived ones, the current adopted plan, and the next plan in
    # consultation (every third region) or still a draft.
    def period(region_index, k):
        if scale == "national":
            start = CURRENT_YEAR - 3 - 4 * (sizes["periods"] - 2) + 4 * k
            if k < sizes["periods"] - 2:
                status = "archived"
            elif k == sizes["periods"] - 2:
                status = "adopted"
            else:
                status = "consultation" if region_index % 3 == 0 else "draft"
            return start, status
        i = region_index + k * len(regions)
        return 2018 + i % 6, ("draft" if i % 15 == 14 else ["adopted", "consultation", "archived", "adopted"][i % 4])

    plans = []
    for k in range(sizes["periods"]):
        for r, region in enumerate(regions):
            start, status = period(r, k)
            plans.append(
                CooperationPlan(
                    region=region,
                    slug=f"kava-{start}" if scale == "national" else f"kava-{r + k * len(regions):02d}",
                    title=f"{region.name}: heaolu koostöökava {start}–{start + 3}",
                    summary=text,
                    purpose=text,
                    start_year=start,
                    end_year=start + 3,
                    lead_organisation=centres[r],
                    contact_role="heaolu juht",
                    language=region.language,
                    status=status,
                )
            )
    plans = CooperationPlan.objects.bulk_create(plans)
    Milestone.objects.bulk_create(
        Milestone(plan=p, kind="round_table", title=f"Ümarlaud {k}", starts_on=date(p.start_year - 1, 1 + k, 17))
        for p in plans
        for k in range(4)
    )
    sections = ThemeSection.objects.bulk_create(
        ThemeSection(plan=p, theme=themes[k], title=f"Teema {k}", intro=text, challenges=text, goals=text, position=k)
        for p in plans
        for k in range(sizes["sections_per_plan"])
    )
    plan_by_id = {p.pk: p for p in plans}
    region_index = {r.pk: i for i, r in enumerate(regions)}
    activities = insert(
        Activity,
        (
            Activity(
                section=s,
                title=f"Koostöötegevus {s.pk}-{k}",
                description=text,
                rationale=text,
                responsible_organisation=centres[region_index[plan_by_id[s.plan_id].region_id]],
                start_year=plan_by_id[s.plan_id].start_year,
                end_year=plan_by_id[s.plan_id].end_year,
                person_years=Decimal("0.50"),
                budget=Decimal("29952.00"),
                cooperation_form="network",
                position=k,
            )
            for s in sections
            for k in range(sizes["activities_per_section"])
        ),
    )
    section_by_id = {s.pk: s for s in sections}
    plan_of_activity = {a.pk: plan_by_id[section_by_id[a.section_id].plan_id] for a in activities}
    municipalities_of = {r.pk: [m for m in municipalities if m.region_id == r.pk] for r in regions}
    insert_quietly(
        Activity.municipalities.through,
        (
            Activity.municipalities.through(activity_id=a.pk, municipality_id=m.pk)
            for a in activities
            for m in municipalities_of[plan_of_activity[a.pk].region_id][:3]
        ),
    )
    insert_quietly(
        Activity.partner_organisations.through,
        (
            Activity.partner_organisations.through(activity_id=a.pk, organisation_id=ngos[(a.pk + k) % len(ngos)].pk)
            for a in activities
            for k in range(2)
        ),
    )
    per_activity = sizes["indicators_per_activity"]
    indicators = insert(
        Indicator,
        (
            Indicator(
                activity=a,
                name=f"Näitaja {a.pk}-{k}",
                unit="%",
                source="Statistikaamet",
                baseline_year=CURRENT_YEAR - sizes["values_per_indicator"],
                baseline_value=Decimal("12.50"),
                target_year=plan_of_activity[a.pk].end_year,
                target_value=Decimal("10.00"),
                position=k,
            )
            for n, a in enumerate(activities)
            for k in range(int((n + 1) * per_activity) - int(n * per_activity))
        ),
    )
    values = insert_quietly(
        IndicatorValue,
        (
            IndicatorValue(indicator=i, year=y, value=Decimal(11) + Decimal(y % 7) / 4)
            for i in indicators
            for y in range(CURRENT_YEAR - sizes["values_per_indicator"] + 1, CURRENT_YEAR + 1)
        ),
    )
    windows = ConsultationWindow.objects.bulk_create(
        ConsultationWindow(
            plan=p,
            title=f"Avalik arutelu {p.slug}",
            intro=text,
            opens_at=now - timedelta(days=1 if p.status == "consultation" else 400),
            closes_at=now + timedelta(days=30) if p.status == "consultation" else now - timedelta(days=370),
            feedback_published_at=None if p.status == "consultation" else now - timedelta(days=300),
        )
        for p in plans
        if p.status != "draft"
    )
    sections_of_plan = {p.pk: [s for s in sections if s.plan_id == p.pk] for p in plans}
    comments = insert(
        Comment,
        (
            Comment(
                window=windows[i % len(windows)],
                section=sections_of_plan[windows[i % len(windows)].plan_id][
                    i // len(windows) % sizes["sections_per_plan"]
                ],
                reference=f"B{i:07d}",
                category="observation",
                body=text,
                state="published" if i % 3 else "pending",
                submitted_at=windows[i % len(windows)].opens_at + timedelta(seconds=i),
            )
            for i in range(sizes["comments"])
        ),
    )
    answered = [c for c in comments if c.state == "published" and plan_by_id[c.window.plan_id].status != "consultation"]
    responses = insert_quietly(
        Response,
        (
            Response(
                comment=c,
                decision=["taken", "partly", "not_taken", "noted"][n % 4],
                reason="Arvestatakse tegevuskava järgmises versioonis.",
                changed_section_id=c.section_id if n % 4 < 2 else None,
                answered_at=c.submitted_at + timedelta(days=20),
                published_at=c.submitted_at + timedelta(days=30),
            )
            for n, c in enumerate(answered)
        ),
    )
    del comments, answered

    funders = Funder.objects.bulk_create(Funder(slug=f"rahastaja-{i}", name=f"Rahastaja {i}") for i in range(3))
    programmes = Programme.objects.bulk_create(
        Programme(funder=f, slug=f"programm-{f.slug}", name=f"Programm {f.name}") for f in funders
    )
    measures = Measure.objects.bulk_create(
        Measure(funder=p.funder, programme=p, slug=f"meede-{p.pk}-{k}", name=f"Meede {p.pk}-{k}")
        for p in programmes
        for k in range(2)
    )
    projects = insert(
        Project,
        (
            Project(
                region=regions[i % len(regions)],
                slug=f"projekt-{i:05d}",
                code=f"2014-2021.{i}",
                name=f"Koostööprojekt {i:05d}",
                goal=text,
                results=text,
                funder=measures[i % len(measures)].funder,
                programme=measures[i % len(measures)].programme,
                measure=measures[i % len(measures)],
                start_date=date(2015, 1, 1) + timedelta(days=i % 2500),
                end_date=date(2015, 1, 1) + timedelta(days=i % 2500 + 500),
                total_cost=Decimal("29952.00"),
                grant_amount=Decimal("25000.00"),
                manager_role="projektijuht",
                archived=i % 50 == 49,
            )
            for i in range(sizes["projects"])
        ),
    )
    activities_of_region = {}
    for a in activities:
        activities_of_region.setdefault(plan_of_activity[a.pk].region_id, []).append(a)
    insert_quietly(
        Project.activities.through,
        (
            Project.activities.through(
                project_id=p.pk,
                activity_id=activities_of_region[p.region_id][(p.pk + k) % len(activities_of_region[p.region_id])].pk,
            )
            for p in projects
            for k in range(2)
        ),
    )
    insert_quietly(
        Project.themes.through,
        (Project.themes.through(project_id=p.pk, theme_id=themes[p.pk % 5].pk) for p in projects),
    )
    insert_quietly(
        ProjectPartner,
        (
            ProjectPartner(project=p, organisation=organisation, role=role, position=k)
            for p in projects
            for k, (organisation, role) in enumerate(
                [(governments[p.pk % len(governments)], "beneficiary"), (ngos[p.pk % len(ngos)], "partner")]
            )
        ),
    )
    insert_quietly(
        ProjectComponent,
        (
            ProjectComponent(project=p, title=f"Tööosa {k}", description=text, position=k)
            for p in projects
            for k in range(2)
        ),
    )
    insert_quietly(
        ProjectEvent,
        (
            ProjectEvent(
                project=p, title=f"Koolitus {k}", date=p.start_date + timedelta(days=30 * (k + 1)), place="Elva"
            )
            for p in projects
            for k in range(2)
        ),
    )
    insert_quietly(ProjectOutput, (ProjectOutput(project=p, title="Analüüs", description=text) for p in projects))

    counts = {
        "regions": len(regions),
        "municipalities": len(municipalities),
        "organisations": len(centres) + len(governments) + len(ngos),
        "plans": len(plans),
        "activities": len(activities),
        "indicators": len(indicators),
        "indicator values": values,
        "projects": len(projects),
        "comments": sizes["comments"],
        "answers": responses,
    }
    del indicators, projects

    # Staff: an editor, a moderator, a reporter and a project editor of every region (staff pages are measured as them).
    users = get_user_model().objects
    staff = []
    for region in regions:
        for role in ("editor", "moderator", "reporter", "project_editor"):
            user = users.create_user(f"{region.slug}-{role}", f"{role}@{region.slug}.invalid", None)
            staff.append(
                RegionRole(
                    user=user,
                    region=region,
                    role=role,
                    organisation=centres[region_index[region.pk]] if role == "reporter" else None,
                )
            )
    RegionRole.objects.bulk_create(staff)

    if sizes["yearly_cycle"]:
        statuses = ["done", "on_track", "on_track", "delayed", "not_started", "dropped"]
        counts["progress reports"] = insert_quietly(
            ActivityProgress,
            (
                ActivityProgress(
                    activity=a,
                    year=year,
                    status=statuses[(a.pk + year) % len(statuses)],
                    account=text,
                    money_spent=Decimal("7488.00"),
                    person_years_used=Decimal("0.25"),
                )
                for a in activities
                if plan_of_activity[a.pk].status in ("adopted", "archived")
                for year in range(plan_of_activity[a.pk].start_year, min(plan_of_activity[a.pk].end_year, 2025) + 1)
            ),
        )
        counts["theme summaries"] = insert_quietly(
            ThemeYearSummary,
            (
                ThemeYearSummary(section=s, year=year, summary=text, next_year=text)
                for s in sections
                if plan_by_id[s.plan_id].status in ("adopted", "archived")
                for year in range(plan_by_id[s.plan_id].start_year, min(plan_by_id[s.plan_id].end_year, 2025) + 1)
            ),
        )
    del activities
    if sizes["change_sets"]:
        counts["change sets"] = change_sets(regions)
    return counts


def change_sets(regions) -> int:
    """A published change set on each region's current plan and an open one on every third: through the services.

    Regions that have them already are left as they are (a build stopped half-way goes on where it stopped). The
    tasks publishing sends (PDFs, mail) go to the in-memory broker of this process and are dropped with it; the
    spent working copies are deleted here, as the task would."""
    from plans import changesets
    from plans.models import Activity, ChangeSet, CooperationPlan, IndicatorValue

    made = 0
    for n, region in enumerate(regions):
        plan = CooperationPlan.objects.originals().get(region=region, status="adopted")
        if plan.change_sets.filter(state=ChangeSet.State.PUBLISHED).exists():
            continue
        plan.change_sets.all().delete()
        editor = region.staff_roles.get(role="editor").user
        change_set = changesets.change_set_start(plan=plan, title="Muudatused pärast arutelu", actor=editor)
        activity = Activity.objects.filter(section__plan=change_set.working_copy).order_by("pk").first()
        activity.description += "\n\nLisaks kohtutakse kord kvartalis."
        activity.save()
        value = IndicatorValue.objects.filter(indicator__activity=activity).order_by("-year").first()
        value.value += 1
        value.save()
        change_set = changesets.change_set_submit(change_set=change_set, actor=editor)
        seen = changesets.fingerprint(changesets.changes(change_set))
        changesets.change_set_publish(change_set=change_set, actor=None, seen=seen)
        made += 1
        if n % 3 == 0:
            change_set = changesets.change_set_start(plan=plan, title="Aastane ülevaatus", actor=editor)
            activity = Activity.objects.filter(section__plan=change_set.working_copy).order_by("pk").last()
            activity.title += " (täpsustatud)"
            activity.save()
            made += 1
    changesets.working_copies_delete()
    return made


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=SCALES, default="national")
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--reuse", action="store_true", help="keep a database that already holds this scale")
    args = parser.parse_args()
    os.environ.update(
        DATABASE_URL=args.database_url, DJANGO_SETTINGS_MODULE="welfare_portal.settings", LOG_LEVEL="WARNING"
    )
    started = time.perf_counter()
    counts = ensure(args.database_url, args.scale, args.reuse)
    if counts is None:
        print(f"reused the {args.scale} data set in {args.database_url}")
    else:
        print(f"built in {time.perf_counter() - started:.0f} s: " + ", ".join(f"{v} {k}" for k, v in counts.items()))


if __name__ == "__main__":
    main()
