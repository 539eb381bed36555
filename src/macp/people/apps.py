from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "macp.people"
    label = "people"
