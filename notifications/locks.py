"""Locks of the outbox: the sweeper and the reminders take rows with ``skip_locked`` so two
workers never send one delivery twice."""

from notifications.models import Delivery, Reminder

deliveries_for_update = Delivery.objects.select_for_update
reminders_for_update = Reminder.objects.select_for_update
