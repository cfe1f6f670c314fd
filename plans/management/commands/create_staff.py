"""Give a person a role in a region's workspace, creating the account if it is new.

    python manage.py create_staff welfare.lead@vorumaa.example --region vorumaa --role editor
    python manage.py create_staff someone@ngo.example --region vorumaa --role reporter --organisation vorumaa-ngo

A new account gets no password: the command prints a one-time link (valid PASSWORD_RESET_TIMEOUT seconds) with
which the person sets one. Running it again changes nothing; the grant is recorded in the audit log.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from core.audit import audit_record
from core.models import AuditEvent, Organisation, Region, RegionRole


class Command(BaseCommand):
    help = "Create a staff account (if new) and grant it a role in a region."

    def add_arguments(self, parser):
        parser.add_argument("email", help="The person's e-mail address; also the user name of a new account.")
        parser.add_argument("--region", required=True, help="The region's slug, e.g. vorumaa.")
        parser.add_argument("--role", required=True, help="One of: " + ", ".join(RegionRole.Role.values))
        parser.add_argument(
            "--organisation",
            default="",
            help="For --role reporter (and only for it): the slug of the organisation whose activities they report on.",
        )
        parser.add_argument(
            "--base-url",
            default="http://localhost:8000",
            help="The portal's address, for the password link (default: %(default)s).",
        )

    def handle(self, *args, email, region, role, base_url, organisation="", **options):
        email = email.strip()
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(f"Not an e-mail address: {email!r}") from None
        if role not in RegionRole.Role.values:
            raise CommandError(f"Unknown role {role!r}; use one of: {', '.join(RegionRole.Role.values)}")
        found = Region.objects.filter(slug=region).first()
        if found is None:
            known = ", ".join(Region.objects.values_list("slug", flat=True)) or "none yet"
            raise CommandError(f"Unknown region {region!r}; known regions: {known}")

        organisation = self._organisation(organisation, role=role, region=found)
        user, created, granted = self._grant(email=email, region=found, role=role, organisation=organisation)
        if created:
            self.stdout.write(f"Created the account {user.get_username()}.")
            self.stdout.write("Send this one-time link to the person, to set a password:")
            self.stdout.write(self._password_link(user, base_url))
        if granted:
            self.stdout.write(self.style.SUCCESS(f"{user.get_username()} is now {role} in {found.name}."))
        else:
            self.stdout.write(f"{user.get_username()} was already {role} in {found.name}; nothing changed.")

    def _organisation(self, slug: str, *, role: str, region: Region) -> Organisation | None:
        if role != RegionRole.Role.REPORTER:
            if slug:
                raise CommandError("Only a progress reporter (--role reporter) has an --organisation.")
            return None
        if not slug:
            raise CommandError(
                "A progress reporter needs --organisation: the organisation whose activities they report on."
            )
        found = Organisation.objects.filter(slug=slug).first()
        if found is None or found.region_id not in (None, region.pk):
            raise CommandError(f"No organisation {slug!r} in {region.name} (or national).")
        return found

    @transaction.atomic
    def _grant(self, *, email: str, region: Region, role: str, organisation: Organisation | None = None):
        users = get_user_model()._default_manager
        user = users.filter(username=email).first() or users.filter(email__iexact=email).order_by("pk").first()
        created = user is None
        if created:
            user = users.create_user(username=email, email=email)
            user.set_unusable_password()
            user.save(update_fields=["password"])
        grant, granted = RegionRole.objects.get_or_create(
            user=user, region=region, role=role, defaults={"organisation": organisation}
        )
        if granted:
            audit_record(
                actor=None,
                action=AuditEvent.Action.ROLE,
                obj=grant,
                region=region,
                detail={"code": "role_granted_by_command", "role": role, "user": user.get_username()},
            )
        return user, created, granted

    def _password_link(self, user, base_url: str) -> str:
        with translation.override(settings.LANGUAGE_CODE):
            path = reverse(
                "staff:password-reset-confirm",
                kwargs={
                    "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                    "token": default_token_generator.make_token(user),
                },
            )
        return base_url.rstrip("/") + path
