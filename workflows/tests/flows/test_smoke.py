from nominations.models import NominationStatus


def test_dossier_goes_from_draft_to_accepted(make_dossier):
    nomination = make_dossier("accepted")
    assert nomination.status == NominationStatus.ACCEPTED
