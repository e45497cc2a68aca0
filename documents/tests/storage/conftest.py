"""The storage tests run against moto's S3-compatible server (tests/s3.py)."""

from tests.s3 import s3_server, s3_store  # noqa: F401  fixtures
