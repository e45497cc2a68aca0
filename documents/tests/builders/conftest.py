"""The decision fixtures of the council tests (a closed session and its draft
decision), for the few builder tests that start from the database."""

from nominations.tests.decisions.conftest import draft, province_award, rates, session  # noqa: F401
