from django.apps import AppConfig


class EnquiriesConfig(AppConfig):
    name = "macp.enquiries"
    label = "enquiries"

    def ready(self):
        from macp.enquiries import (
            chronology,  # noqa: F401  (contributes enquiry and conference entries)
            signals,  # noqa: F401  (opens enquiries when strategy discussions are finalised)
        )
