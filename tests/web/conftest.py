"""Fixtures for the web tests: the fixture registry served by a fresh service per test.

Users of every role exist; ``as_user`` logs a TestClient in without the
password round trip (the log-in form has its own tests). Clients talk https
to the app so that Secure cookies flow as in a browser.
"""

from __future__ import annotations

import importlib.util
import re
import sys
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher

with warnings.catch_warnings():
    # Starlette 1.x prefers httpx2 for its TestClient; httpx (a dev dependency) still works.
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from starlette.testclient import TestClient

from unireg.rules.profile import load_profile
from unireg.service.context import Service
from unireg.service.settings import ServiceSettings
from unireg.service.store.duckdb_store import DuckDBStateStore
from unireg.web.app import create_app


def _load(name: str) -> object:
    path = Path(__file__).parents[1] / "service" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"unireg_tests_{name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


fixture_registry = _load("fixture_registry")
PEOPLE = fixture_registry.PEOPLE  # type: ignore[attr-defined]
UNKNOWN_ID = fixture_registry.UNKNOWN_ID  # type: ignore[attr-defined]
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
PASSWORD = "a long test passphrase"  # noqa: S105 - test accounts only

# username -> (role, scope)
USERS = {
    "nat": ("national_officer", "100000"),
    "gd": ("provincial_officer", "440000"),
    "bj": ("provincial_officer", "110000"),
    "nanshan": ("county_officer", "440305"),
    "enum": ("enumerator", "440305"),
    "aud": ("auditor", "100000"),
    "admin": ("administrator", "100000"),
}


LOG_SCAN_NAMES: set[str] = set()  # names tests add (e.g. from the browser workspace)


@pytest.fixture(scope="session", autouse=True)
def log_scan(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Every log written during the session goes to files here; none may hold personal data.

    In-process logs (unireg, uvicorn, fastapi, everything at INFO and above, unireg at
    DEBUG) go to ``inprocess.log``; the browser tests' server writes its own file here.
    At the end of the session every file is scanned for valid ID numbers (anyone's, not
    only the fixtures') and for the fixture persons' names.
    """
    import logging
    import os

    log_dir = tmp_path_factory.mktemp("logs")
    handler = logging.FileHandler(log_dir / "inprocess.log", encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root, ours = logging.getLogger(), logging.getLogger("unireg")
    old = (root.level, ours.level)
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    ours.setLevel(logging.DEBUG)
    os.environ["UNIREGTEST_LOG_DIR"] = str(log_dir)
    yield log_dir
    root.removeHandler(handler)
    handler.close()
    root.setLevel(old[0])
    ours.setLevel(old[1])
    problems = scan_logs(log_dir, {p.name for p in PEOPLE.values()} | LOG_SCAN_NAMES)
    if problems:
        pytest.fail("personal data in logs:\n" + "\n".join(problems[:20]), pytrace=False)


ID_LIKE = re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])")


def scan_logs(log_dir: Path, names: set[str]) -> list[str]:
    """Lines of any log file under ``log_dir`` with a valid ID number or a known name."""
    from unireg.rules import idnumber

    out = []
    for path in sorted(log_dir.rglob("*.log")):
        for n, line in enumerate(path.read_text(encoding="utf-8", errors="replace")
                                 .splitlines(), 1):
            ids = [m for m in ID_LIKE.findall(line) if idnumber.check(m).valid]
            hits = ids + [x for x in names if x and x in line]
            if hits:
                out.append(f"{path.name}:{n}: {idnumber.mask(hits[0])}")
    return out


@pytest.fixture(autouse=True)
def no_maps(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Maps load whole boundary layers (seconds); only tests marked ``maps`` draw them."""
    if "maps" not in request.fixturenames:
        monkeypatch.setattr("unireg.web.maps.available", lambda: False)


@pytest.fixture
def maps() -> None:
    """Request this fixture to draw real maps."""


@pytest.fixture(scope="session")
def web_ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return fixture_registry.build_fixture(  # type: ignore[attr-defined,no-any-return]
        tmp_path_factory.mktemp("web") / "ws")


def make_service(ws: Path, store_path: Path, **settings: object) -> Service:
    svc = Service(ws, ServiceSettings().with_(**settings), DuckDBStateStore(store_path),
                  load_profile("cn"), FAST_HASHER)
    for name, (role, scope) in USERS.items():
        svc.accounts.add_user(name, role, scope, PASSWORD, display_name=name.upper())
    return svc


@pytest.fixture
def svc(web_ws: Path, tmp_path: Path) -> Iterator[Service]:
    s = make_service(web_ws, tmp_path / "service.duckdb")
    yield s
    s.close()


@pytest.fixture
def client(svc: Service) -> Iterator[TestClient]:
    with TestClient(create_app(svc), base_url="https://testserver",
                    raise_server_exceptions=False) as c:
        yield c


def login(c: TestClient, svc: Service, username: str) -> str:
    """Log ``c`` in as ``username``; returns the session's CSRF token."""
    user = svc.store.get_user(username)
    assert user is not None
    cookie, session = svc.accounts.start_session(user)
    c.cookies.set("__Host-unireg-session", cookie, domain="testserver.local", path="/")
    return session.csrf


@pytest.fixture
def as_user(client: TestClient, svc: Service) -> Callable[[str], str]:
    return lambda name: login(client, svc, name)


CSRF_FIELD = re.compile(r'name="csrf" value="([^"]+)"')


def csrf_of(html: str) -> str:
    m = CSRF_FIELD.search(html)
    assert m, "no CSRF field on the page"
    return m.group(1)
