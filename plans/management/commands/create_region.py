"""Create a region (a county or a Finnish maakunta), the first thing a new portal needs before staff and plans.

    python manage.py create_region vorumaa --name "Võrumaa"
    python manage.py create_region kymenlaakso --name "Kymenlaakso" --country FI

The country sets the defaults of the other fields (Estonia: county, Estonian, Europe/Tallinn; Finland: region,
Finnish, Europe/Helsinki). Running it again with the same values changes nothing; a region that exists with other
values is left alone and reported: change it in the admin.
"""

from zoneinfo import available_timezones

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.models import ContentLanguage, Region

DEFAULTS_BY_COUNTRY = {
    Region.Country.ESTONIA: {
        "kind": Region.Kind.COUNTY,
        "language": ContentLanguage.ESTONIAN,
        "timezone": "Europe/Tallinn",
    },
    Region.Country.FINLAND: {
        "kind": Region.Kind.REGION,
        "language": ContentLanguage.FINNISH,
        "timezone": "Europe/Helsinki",
    },
}


class Command(BaseCommand):
    help = "Create a region (if it does not exist yet)."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The region's address part, e.g. vorumaa (lower-case letters, digits, -).")
        parser.add_argument("--name", required=True, help="The region's name as residents write it, e.g. Võrumaa.")
        parser.add_argument("--country", default=Region.Country.ESTONIA, help="EE (default) or FI.")
        parser.add_argument("--kind", help="county or region (default: by country).")
        parser.add_argument("--language", help="Content language: et, fi or en (default: by country).")
        parser.add_argument("--timezone", help="e.g. Europe/Tallinn (default: by country).")

    def handle(self, *args, slug, name, country, kind, language, timezone, **options):
        if country not in Region.Country.values:
            raise CommandError(f"Unknown country {country!r}; use one of: {', '.join(Region.Country.values)}")
        wanted = {
            "name": name.strip(),
            "country": country,
            **DEFAULTS_BY_COUNTRY[country],
            **{
                key: value for key, value in {"kind": kind, "language": language, "timezone": timezone}.items() if value
            },
        }
        if wanted["timezone"] not in available_timezones():
            raise CommandError(f"Unknown time zone {wanted['timezone']!r}; e.g. Europe/Tallinn or Europe/Helsinki")
        region, created = self._create(slug=slug, wanted=wanted)
        if created:
            self.stdout.write(self.style.SUCCESS(f"Created the region {region.name} ({region.slug})."))
            return
        differences = {key: getattr(region, key) for key, value in wanted.items() if getattr(region, key) != value}
        if differences:
            found = ", ".join(f"{key}={value!r}" for key, value in differences.items())
            raise CommandError(
                f"The region {slug!r} already exists with other values ({found}); nothing changed. "
                "Change it in the admin, or choose another slug."
            )
        self.stdout.write(f"The region {region.name} ({region.slug}) already exists; nothing changed.")

    @transaction.atomic
    def _create(self, *, slug: str, wanted: dict) -> tuple[Region, bool]:
        existing = Region.objects.select_for_update().filter(slug=slug).first()
        if existing is not None:
            return existing, False
        region = Region(slug=slug, **wanted)
        try:
            # The slug's characters, the length of the name and the kind and language choices.
            region.full_clean()
        except ValidationError as error:
            problems = "; ".join(f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items())
            raise CommandError(f"Cannot create the region: {problems}") from None
        region.save()
        return region, True
