from django.core.management.base import BaseCommand

from welfare_portal.demo import demo_data_load


class Command(BaseCommand):
    help = (
        "Load the demo data from the seed documents: regions, organisations, the Võru and Pohjois-Karjala plans, "
        "an open consultation, funded projects and two demo staff users. Safe to run again: a second run changes "
        "nothing."
    )

    def handle(self, *args, **options):
        result = demo_data_load()
        totals = result.totals
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data: {totals['created']} created, {totals['updated']} updated, {totals['unchanged']} unchanged."
            )
        )
        if options["verbosity"] >= 1:
            width = max(len(label) for label in result.labels)
            for label in result.labels:
                self.stdout.write(
                    f"  {label:<{width}}  {result.created[label]:>3} created  {result.updated[label]:>3} updated  "
                    f"{result.unchanged[label]:>3} unchanged"
                )
        for username, password in result.new_passwords.items():
            self.stdout.write(
                self.style.WARNING(f"Created staff user {username}; its password, shown only this once: {password}")
            )
        for username in result.existing_users:
            self.stdout.write(f"Staff user {username} already exists: left as it is, password not changed.")
