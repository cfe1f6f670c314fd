from django.core.management.base import BaseCommand, CommandError

from documents.downloads import plan_downloads_changed
from documents.models import Document
from documents.rendering import plan_documents_refresh


class Command(BaseCommand):
    help = (
        "Request the summary and theme sheets of plans: new content is queued for the workers (rendered here when "
        "Celery is eager); unchanged content is not rendered again; failed or lost jobs are queued again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--plan", metavar="SLUG", help="only the plan with this slug (in any region)")

    def handle(self, *args, **options):
        # The plan model through the relation: the plans app stands above this one.
        plan_model = Document._meta.get_field("plan").related_model
        plans = plan_model.objects.select_related("region", "lead_organisation")
        if options["plan"]:
            plans = plans.filter(slug=options["plan"])
            if not plans.exists():
                raise CommandError(f"No plan has the slug {options['plan']!r}.")
        for plan in plans:
            # What publishing a plan does (plans.publishing.plan_published): its documents, then its downloads.
            plan_documents_refresh(plan=plan)
            plan_downloads_changed(plan=plan)
            counts = {}
            for document in plan.documents.filter(language=plan.language).order_by("-created_at"):
                counts[document.state] = counts.get(document.state, 0) + 1
            summary = ", ".join(f"{count} {state}" for state, count in sorted(counts.items())) or "none"
            self.stdout.write(f"{plan.region.slug}/{plan.slug}: documents {summary}")
