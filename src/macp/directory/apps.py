from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "macp.directory"
    label = "directory"
    verbose_name = "Roles and responsibilities directory"
