from django.apps import AppConfig


class TransfersConfig(AppConfig):
    name = "macp.transfers"
    label = "transfers"

    def ready(self):
        # Who holds the child's case, and the transfers, on the person page (people.sections).
        from macp.people import sections
        from macp.transfers import chronology  # noqa: F401  (its entries in the child's chronology)
        from macp.transfers.services import for_child

        sections.register("child_transfers", lambda person, user: for_child(person))
