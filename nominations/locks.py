"""The dossier's row lock: a copy read before the dossier was submitted must not change it."""

from nominations.models import Nomination

nominations_for_update = Nomination.objects.select_for_update
