from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data (data/*.yaml, taken from the seed documents) and the load_demo command that loads it."""

    name = "demo"
