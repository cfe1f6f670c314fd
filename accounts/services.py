from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import get_language

from consultations.mail import mail_queue
from consultations.models import OutgoingMail


@transaction.atomic
def password_reset_queue(*, email: str) -> int:
    """Queue a mail with a reset link to each active account with this address (Django's rules); how many.

    The mail goes through the outgoing-mail table (consultations/mail.py), sent by a worker after commit, in the
    language of the page asked from. For an address without an account the same mail is composed for a stand-in
    and dropped, so the request does the same work either way and its timing does not tell who has an account.
    """
    users = list(PasswordResetForm().get_users(email))
    for user in users or [get_user_model()(username=email, email=email)]:
        subject, body = _password_reset_mail(user)
        if user.pk is not None:
            mail_queue(
                to=user.email, kind=OutgoingMail.Kind.PASSWORD, subject=subject, body=body, language=get_language()
            )
    return len(users)


def _password_reset_mail(user) -> tuple[str, str]:
    # Links point to PUBLIC_URL, never to the Host header of the request that asked for them.
    public = urlsplit(settings.PUBLIC_URL)
    user_model = get_user_model()
    context = {
        "user": user,
        "protocol": public.scheme,
        "domain": public.netloc + public.path.rstrip("/"),
        "uid": urlsafe_base64_encode(force_bytes(user_model._meta.pk.value_to_string(user))),
        "token": default_token_generator.make_token(user),
    }
    subject = "".join(render_to_string("staff/account/password_reset_subject.txt", context).splitlines())
    return subject, render_to_string("staff/account/password_reset_email.txt", context)
