from django.apps import AppConfig


class StrategyConfig(AppConfig):
    name = "macp.strategy"
    label = "strategy"

    def ready(self):
        # The child's discussions on the person page (people.sections: people imports no domain).
        from macp.people import sections
        from macp.strategy.meeting import for_child

        sections.register("child_strategy", lambda person, user: for_child(person))
