"""Why a fetch failed, as a code and its parameters: stored on the source and put into words in the reader's language.

The source keeps ``error_code`` and ``error_params`` (JSON), never a sentence: a page in Estonian, English or Finnish
calls ``error_message()`` and gets the message in its own language.
"""

from django.utils.translation import gettext, ngettext

UNREACHABLE = "unreachable"
TIMEOUT = "timeout"
HTTP_STATUS = "http_status"
NOT_JSON = "not_json"
NOT_JSON_STAT = "not_json_stat"
MALFORMED = "malformed"
UNKNOWN_DATASET = "unknown_dataset"
UNKNOWN_AREAS = "unknown_areas"
LAYOUT_CHANGED = "layout_changed"
NO_VALUES = "no_values"

CODES = (
    UNREACHABLE,
    TIMEOUT,
    HTTP_STATUS,
    NOT_JSON,
    NOT_JSON_STAT,
    MALFORMED,
    UNKNOWN_DATASET,
    UNKNOWN_AREAS,
    LAYOUT_CHANGED,
    NO_VALUES,
)


class StatisticsError(Exception):
    """A fetch that cannot go on; ``params`` must be JSON (strings, numbers, lists of strings)."""

    def __init__(self, code: str, **params):
        if code not in CODES:
            raise ValueError(f"unknown statistics error code {code!r}")
        super().__init__(code, params)
        self.code = code
        self.params = params

    def __str__(self):
        return f"{self.code} {self.params}" if self.params else self.code


def _message(code: str, params: dict) -> str:
    # Each branch calls gettext itself, so the messages are found by makemessages and translated at call time.
    if code == UNREACHABLE:
        return gettext("The statistics service could not be reached.")
    if code == TIMEOUT:
        return gettext("The statistics service did not answer in time.")
    if code == HTTP_STATUS:
        return gettext("The statistics service answered with error %(status)s.") % {"status": params["status"]}
    if code == NOT_JSON:
        return gettext("The statistics service's answer was not JSON.")
    if code == NOT_JSON_STAT:
        return gettext("The statistics service's answer was not a valid JSON-stat table.")
    if code == MALFORMED:
        return gettext("The statistics service's answer was not in the expected form.")
    if code == UNKNOWN_DATASET:
        return gettext("The statistics service does not know the indicator or table “%(dataset)s”.") % {
            "dataset": params["dataset"]
        }
    if code == UNKNOWN_AREAS:
        codes = [str(area) for area in params["codes"]]
        return ngettext(
            "The statistics service does not know the area code %(codes)s.",
            "The statistics service does not know the area codes %(codes)s.",
            len(codes),
        ) % {"codes": ", ".join(codes)}
    if code == LAYOUT_CHANGED:
        return gettext(
            "The table has changed: its variable “%(variable)s” is missing, has lost the chosen value or now needs "
            "a choice."
        ) % {"variable": params["variable"]}
    if code == NO_VALUES:
        return gettext("The statistics service had no values for the chosen areas and years.")
    raise KeyError(code)


def error_message(code: str, params: dict | None = None) -> str:
    """The failure in the active language; a code or parameters this version does not know still give a sentence."""
    try:
        return _message(code, params or {})
    except (KeyError, TypeError, ValueError):
        return gettext("The last fetch failed (%(code)s).") % {"code": code}
