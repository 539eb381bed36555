"""Sent after people's pictures are rebuilt, so that later domains (alerts, notifications) can react without
identity knowing them."""

from django.dispatch import Signal

picture_changed = Signal()  # person_ids
