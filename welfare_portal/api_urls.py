"""The open data API, version 1, outside the language prefixes: /api/v1/… (routes in plans/api/views.py)."""

from plans.api import api

app_name = "api"
# ninja appends a catch-all "" route of its own (api-root, a 404 pointing at its docs); our root operation
# answers "" instead, so that one is left out.
urlpatterns = [pattern for pattern in api.urls[0] if pattern.name != "api-root"]
