from django.apps import AppConfig


class ToolsConfig(AppConfig):
    name = "macp.tools"
    label = "tools"
    verbose_name = "Practice tools, contexts and the recording check"

    def ready(self):
        from macp.tools import chronology  # noqa: F401  (its entries in the child's chronology)
