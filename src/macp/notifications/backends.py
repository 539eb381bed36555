"""A Django email backend that sends through GOV.UK Notify (selected with EMAIL_BACKEND).

Notify sends from templates: one generic template with ((subject)) and ((body)) placeholders carries every message
(NOTIFY_API_KEY, NOTIFY_EMAIL_TEMPLATE_ID)."""

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend


class NotifyEmailBackend(BaseEmailBackend):
    def __init__(self, fail_silently: bool = False, client=None, **kwargs):
        super().__init__(fail_silently=fail_silently, **kwargs)
        self._client = client

    @property
    def client(self):
        if self._client is None:
            from notifications_python_client.notifications import NotificationsAPIClient

            self._client = NotificationsAPIClient(settings.NOTIFY_API_KEY)
        return self._client

    def send_messages(self, email_messages) -> int:
        sent = 0
        for message in email_messages:
            for recipient in message.recipients():
                try:
                    self.client.send_email_notification(
                        email_address=recipient,
                        template_id=settings.NOTIFY_EMAIL_TEMPLATE_ID,
                        personalisation={"subject": message.subject, "body": message.body},
                    )
                    sent += 1
                except Exception:
                    if not self.fail_silently:
                        raise
        return sent
