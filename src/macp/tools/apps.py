from django.apps import AppConfig


class ToolsConfig(AppConfig):
    name = "macp.tools"
    label = "tools"
    verbose_name = "Practice tools, contexts and the recording check"
