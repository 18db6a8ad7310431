"""tests/hostile: the hostile-input campaign (issue 16); its helpers live beside the tests."""

import pytest


def pytest_configure(config: pytest.Config) -> None:
    # starlette suggests httpx2 for its TestClient; httpx is what the project depends on
    config.addinivalue_line("filterwarnings", "ignore:Using `httpx` with `starlette.testclient`")
