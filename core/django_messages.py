"""Django's own interface strings that Django ships no Estonian or Finnish translation for.

Django 6.1 labels the empty choice of every drop-down with ``BLANK_CHOICE_LABEL`` ("- Select an option -"), and its
et and fi catalogues leave it untranslated. The project's catalogue (LOCALE_PATHS) is looked up before Django's,
so translating the msgid there is enough; this module only marks it, so that ``makemessages --no-obsolete`` keeps
the entry. Nothing imports it.
"""

from django.utils.translation import gettext_noop

DJANGO_STRINGS = [
    gettext_noop("- Select an option -"),
]
