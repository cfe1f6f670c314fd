from django.core.management.base import BaseCommand

from demo.loader import demo_data_load


class Command(BaseCommand):
    help = (
        "Load the demo data from the seed documents: regions, organisations, the Võru and Pohjois-Karjala plans "
        "(their activities and indicators marked as example data), two demonstration consultations (one closed, one "
        "open), funded projects and two demo staff users. Safe to run again: a second run changes nothing."
    )

    def handle(self, *args, **options):
        result = demo_data_load()
        totals = result.totals
        if options["verbosity"] >= 1:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo data: {totals['created']} created, {totals['updated']} updated, "
                    f"{totals['unchanged']} unchanged."
                )
            )
        if options["verbosity"] >= 2:
            width = max(len(label) for label in result.labels)
            for label in result.labels:
                self.stdout.write(
                    f"  {label:<{width}}  {result.created[label]:>3} created  {result.updated[label]:>3} updated  "
                    f"{result.unchanged[label]:>3} unchanged"
                )
        # Passwords are shown even with -v0: this is the only time anyone can see them.
        for username, password in result.new_passwords.items():
            self.stdout.write(
                self.style.WARNING(f"Created staff user {username}; its password, shown only this once: {password}")
            )
        if options["verbosity"] < 1:
            return
        for username in result.existing_users:
            self.stdout.write(f"Staff user {username} already exists: left as it is, password not changed.")
