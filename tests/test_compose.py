"""The compose deployment, checked by structure (no Docker engine runs here)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent


def _compose() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    return document


def test_services_volume_and_order() -> None:
    compose = _compose()
    services = compose["services"]
    assert set(services) == {"indexer", "api", "proxy"}
    assert "index" in compose["volumes"]
    indexer, api = services["indexer"], services["api"]
    # the indexer writes the named volume from a mounted sources.yaml ...
    assert "index:/data" in indexer["volumes"]
    mounted = [v for v in indexer["volumes"] if v.endswith(":/config/sources.yaml:ro")]
    assert mounted and (ROOT / mounted[0].split(":")[0]).is_file()
    assert indexer["command"][:3] == ["spackdex", "index", "/config/sources.yaml"]
    # ... and the api serves it read-only, once the indexer has finished
    assert "index:/data:ro" in api["volumes"]
    assert api["depends_on"]["indexer"]["condition"] == "service_completed_successfully"
    assert api["command"][:2] == ["spackdex", "serve"]
    assert "--index-dir" in api["command"]
    # api replicas publish no host port, so `--scale api=N` cannot collide
    assert "ports" not in api


def test_api_healthcheck_asks_readyz() -> None:
    check = _compose()["services"]["api"]["healthcheck"]
    assert any("/readyz" in part for part in check["test"])
    for key in ("interval", "timeout", "retries"):
        assert key in check


def test_proxy_balances_over_every_api_replica() -> None:
    proxy = _compose()["services"]["proxy"]
    assert proxy["depends_on"]["api"]["condition"] == "service_healthy"
    assert any(port.endswith(":80") for port in proxy["ports"])
    (config,) = [v.split(":")[0] for v in proxy["volumes"] if "nginx" in v]
    nginx = (ROOT / config).read_text()
    # a resolver and a variable in proxy_pass make nginx re-resolve the scaled service
    assert re.search(r"^\s*resolver 127\.0\.0\.11", nginx, re.M)
    assert re.search(r"set \$api http://api:8000;", nginx)
    assert "proxy_pass $api;" in nginx
    # stalled clients are cut off as the API itself does, and one address cannot hog it
    for directive in ("client_header_timeout 10s;", "client_body_timeout 10s;"):
        assert directive in nginx
    assert re.search(r"limit_conn per_client \d+;", nginx)


def test_image_ships_what_the_services_use() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    for folder in ("spackdex", "indexer", "schema", "server"):
        assert re.search(rf"^COPY {folder} ", dockerfile, re.M), folder
    sources = yaml.safe_load((ROOT / "deploy" / "sources.yaml").read_text())
    assert sources["sources"], "the deployment indexes something by default"
    for entry in sources["sources"]:
        location = next(iter(v for k, v in entry.items() if k in ("site", "index", "manifest")))
        if location.startswith("/opt/spackdex/sample/"):
            shipped = ROOT / "indexer" / "sample" / location.removeprefix("/opt/spackdex/sample/")
            assert shipped.exists(), location
