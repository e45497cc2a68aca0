"""A real S3-compatible server for the storage tests: moto's standalone server (MinIO's binary
cannot be installed here), started on a free local port once per test session, and a private
bucket of each test's own that ``settings.STORAGES["default"]`` points at while it runs.

The settings are those ``config.settings.base`` builds for ``STORAGE_BACKEND=s3`` (the same
options, only the endpoint, bucket and keys differ), set through pytest-django's ``settings``
fixture: its ``setting_changed`` signal empties Django's cache of storages (and
``default_storage``), so every FileField, which holds the lazy ``default_storage``, writes to
the bucket from then on and to the local disk again after the test.

Use it from a conftest.py::

    from tests.s3 import s3_server, s3_store  # noqa: F401
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import boto3
import pytest
from django.core.files.storage import default_storage

# moto takes any keys; they are passed explicitly so that no AWS_* variable or ~/.aws file of
# the machine running the tests is ever used
ACCESS_KEY = "test-access-key"
SECRET_KEY = "test-secret-key"
REGION = "us-east-1"


@dataclass
class S3Server:
    endpoint_url: str

    def client(self) -> Any:
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            region_name=REGION,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
        )


@dataclass
class S3Store:
    """The bucket of one test: what is in it, read with boto3 (not through the storage under test)."""

    server: S3Server
    bucket: str

    @property
    def endpoint_url(self) -> str:
        return self.server.endpoint_url

    def keys(self, prefix: str = "") -> list[str]:
        listed = self.server.client().list_objects_v2(Bucket=self.bucket, Prefix=prefix)
        return sorted(item["Key"] for item in listed.get("Contents", []))

    def read(self, key: str) -> bytes:
        return self.server.client().get_object(Bucket=self.bucket, Key=key)["Body"].read()

    def plain_url(self, key: str) -> str:
        """The object's unsigned address (path style), as a stranger would try it."""
        return f"{self.endpoint_url}/{self.bucket}/{key}"


def storage_options(endpoint_url: str, bucket: str) -> dict[str, Any]:
    """The S3 options of ``config.settings.base`` (``STORAGE_BACKEND=s3``) for this server and bucket."""
    return {
        "bucket_name": bucket,
        "endpoint_url": endpoint_url,
        "region_name": REGION,
        "access_key": ACCESS_KEY,
        "secret_key": SECRET_KEY,
        "location": "",
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": 60,
        "file_overwrite": False,
        "addressing_style": "path",
        "signature_version": "s3v4",
        "max_memory_size": 8 * 1024 * 1024,
    }


@pytest.fixture(scope="session")
def s3_server() -> Iterator[S3Server]:
    from moto.server import ThreadedMotoServer

    # werkzeug logs every request of the server at INFO; the tests' output is kept to failures
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield S3Server(endpoint_url=f"http://{host}:{port}")
    finally:
        server.stop()


@pytest.fixture
def s3_store(settings: Any, s3_server: S3Server) -> Iterator[S3Store]:
    """A private bucket of this test alone, and the default storage pointed at it."""
    bucket = f"thidua-test-{uuid.uuid4().hex[:12]}"
    client = s3_server.client()
    client.create_bucket(Bucket=bucket, ACL="private")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": storage_options(s3_server.endpoint_url, bucket),
        },
    }
    store = S3Store(server=s3_server, bucket=bucket)
    # the switch took: the lazy default storage (the one every FileField holds) is the bucket now
    assert getattr(default_storage, "bucket_name", None) == bucket
    yield store
    for key in store.keys():
        client.delete_object(Bucket=bucket, Key=key)
    client.delete_bucket(Bucket=bucket)
