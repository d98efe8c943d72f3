"""The Elasticsearch the bench tests run against.

MARKETPLACE_TEST_ELASTICSEARCH_URL names it; without it those tests are skipped, except under
CI=true, where a missing Elasticsearch fails them.
"""

from __future__ import annotations

import os

import pytest

ES_URL = os.environ.get("MARKETPLACE_TEST_ELASTICSEARCH_URL", "")


@pytest.fixture
def es_url() -> str:
    if not ES_URL:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("MARKETPLACE_TEST_ELASTICSEARCH_URL is not configured")
        pytest.skip("MARKETPLACE_TEST_ELASTICSEARCH_URL is not configured")
    return ES_URL
