"""deploy/nginx/assurance.conf, run for real: nginx with that very file in front of the
served dashboard, on free ports and a throwaway self-signed certificate."""

from __future__ import annotations

import contextlib
import http.client
import os
import pwd
import re
import shutil
import socket
import ssl
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pytest
from playwright.sync_api import expect

from tests.dashboard.browser import free_port, oidc_provider, serve_app, settled, sign_in_secrets

pytestmark = pytest.mark.browser

SITE = Path(__file__).resolve().parents[2] / "deploy" / "nginx" / "assurance.conf"
# What the test changes in the site file, exactly as the file spells it.
HTTPS_LISTEN = "listen 443 ssl;"
HTTP_LISTEN = "listen 80;"
CERTIFICATE = "/etc/ssl/assurance/assurance.crt"
KEY = "/etc/ssl/assurance/assurance.key"
UPSTREAM = "127.0.0.1:8501"


class Proxy(NamedTuple):
    https: str   # https://127.0.0.1:<port>, the address people would use
    http: str    # the plain-http server, which only redirects
    port: int    # the https port


def tool(name: str, package: str) -> str:
    """A command's path; nginx is in /usr/sbin, which a user's PATH may not hold."""
    found = shutil.which(name) or next(
        (p for p in (f"/usr/sbin/{name}", f"/usr/bin/{name}") if os.access(p, os.X_OK)), None)
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail(f"{name} is not installed; .ci/run installs Debian's {package} package")
    pytest.skip(f"{name} is not installed (apt-get install {package})")


def unverified() -> ssl.SSLContext:
    """TLS that accepts the test's self-signed certificate."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


def replaced(text: str, old: str, new: str) -> str:
    assert old in text, f"{SITE.name} no longer has {old!r}; the test and the file have drifted"
    return text.replace(old, new)


def server_name() -> str:
    match = re.search(r"^\s*server_name\s+([^\s;]+)", SITE.read_text(encoding="utf-8"), re.M)
    assert match, f"{SITE.name} names no server"
    return match.group(1)


def get(url: str) -> tuple[int, dict[str, str], bytes]:
    """Status, headers and body of a GET, error statuses included."""
    try:
        with urllib.request.urlopen(url, timeout=10, context=unverified()) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@contextlib.contextmanager
def nginx_in_front(app: str, folder: Path, only: tuple[str, ...] | None = None
                   ) -> Iterator[Proxy]:
    """nginx with the site file (its ports, certificate and upstream changed) in front of the
    app served at `app`; `only`: the request headers nginx sets, the site file's others
    taken out."""
    nginx, openssl = tool("nginx", "nginx-light"), tool("openssl", "openssl")
    certificate, key = folder / "assurance.crt", folder / "assurance.key"
    subprocess.run([openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=localhost", "-keyout", str(key), "-out", str(certificate)],
                   check=True, capture_output=True)
    try:
        started = get(f"{app}/_stcore/health")[2] == b"ok"
    except OSError:
        started = False
    if not started:
        pytest.fail(f"the dashboard did not start on {app}")
    app_port = int(app.rsplit(":", 1)[1])
    https_port, http_port = free_port(), free_port()
    while http_port == https_port:
        http_port = free_port()
    site = SITE.read_text(encoding="utf-8")
    # Loopback only: the test does not open the demo data to the network.
    site = replaced(site, HTTPS_LISTEN, f"listen 127.0.0.1:{https_port} ssl;")
    site = replaced(site, HTTP_LISTEN, f"listen 127.0.0.1:{http_port};")
    site = replaced(site, CERTIFICATE, str(certificate))
    site = replaced(site, KEY, str(key))
    site = replaced(site, UPSTREAM, f"127.0.0.1:{app_port}")
    if only is not None:
        kept = {"upgrade", "connection", *(name.lower() for name in only)}
        site = "".join(line for line in site.splitlines(keepends=True)
                       if not line.strip().startswith("proxy_set_header ")
                       or line.split()[1].lower() in kept)
    (folder / "assurance.conf").write_text(site, encoding="utf-8")

    # As root, nginx would hand its workers to nobody, who cannot enter tmp_path.
    user = f"user {pwd.getpwuid(os.geteuid()).pw_name};\n" if os.geteuid() == 0 else ""
    (folder / "nginx.conf").write_text(
        f"{user}"
        "worker_processes 1;\n"
        f"pid {folder}/nginx.pid;\n"
        f"error_log {folder}/error.log;\n"
        "events {}\n"
        "http {\n"
        "    include /etc/nginx/mime.types;\n"
        "    access_log off;\n"
        f"    client_body_temp_path {folder}/body;\n"
        f"    proxy_temp_path {folder}/proxy;\n"
        f"    fastcgi_temp_path {folder}/fastcgi;\n"
        f"    uwsgi_temp_path {folder}/uwsgi;\n"
        f"    scgi_temp_path {folder}/scgi;\n"
        f"    include {folder}/assurance.conf;\n"
        "}\n", encoding="utf-8")
    command = [nginx, "-p", str(folder), "-c", str(folder / "nginx.conf")]
    check = subprocess.run([*command, "-t"], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    server = subprocess.Popen([*command, "-g", "daemon off;"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"https://127.0.0.1:{https_port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if server.poll() is not None:
                pytest.fail(f"nginx stopped: {server.stderr.read() if server.stderr else ''}")
            try:
                if get(f"{base}/_stcore/health")[2] == b"ok":
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                log = (folder / "error.log").read_text(encoding="utf-8", errors="replace")
                pytest.fail(f"nginx did not answer in 30 s:\n{log}")
            time.sleep(0.3)
        yield Proxy(base, f"http://127.0.0.1:{http_port}", https_port)
    finally:
        server.terminate()
        server.wait(timeout=20)


@pytest.fixture(scope="module")
def proxy(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Proxy]:
    """The dashboard with sign-in (a real OpenID Connect provider) behind nginx, as the site
    file has it: the set-up the documentation gives for serving beyond this computer."""
    folder = tmp_path_factory.mktemp("nginx")
    with oidc_provider({"sub": "someone", "email": "someone@example.org",
                        "email_verified": True}) as provider:
        port = free_port()
        env = {"ASSURANCE_SECRETS": str(sign_in_secrets(folder, provider,
                                                        f"https://127.0.0.1:{port}")),
               "AUTHLIB_INSECURE_TRANSPORT": "1"}
        with serve_app(demo_db, env=env, port=port) as app, nginx_in_front(app, folder) as front:
            yield front


def test_responses_forbid_framing_and_plain_http(proxy: Proxy) -> None:
    status, headers, _ = get(proxy.https + "/")
    assert status == 200
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["Strict-Transport-Security"].startswith("max-age=")


def test_metrics_are_closed_and_health_answers(proxy: Proxy) -> None:
    for path in ("/_stcore/metrics", "/_stcore/metrics/", "//_stcore/metrics",
                 "/_stcore/%6Detrics", "/_stcore/metrics?format=text"):
        status, headers, body = get(proxy.https + path)
        assert status in (403, 404), (path, status)
        assert b"streamlit" not in body.lower(), path
        # "always": refusals carry the headers too.
        assert headers["X-Frame-Options"] == "DENY", path
    status, _, body = get(proxy.https + "/_stcore/health")
    assert (status, body) == (200, b"ok")


def test_plain_http_redirects_to_https(proxy: Proxy) -> None:
    name = server_name()
    connection = http.client.HTTPConnection(proxy.http.removeprefix("http://"), timeout=10)
    try:
        connection.request("GET", "/timescales?board=B01", headers={"Host": name})
        response = connection.getresponse()
        assert response.status in (301, 308)
        assert response.getheader("Location") == f"https://{name}/timescales?board=B01"
    finally:
        connection.close()


def test_websocket_passes_for_the_served_name(proxy: Proxy) -> None:
    """A browser on the real address sends Origin https://<server_name>; Streamlit accepts
    the websocket only if the Host it is given matches. (Chromium on 127.0.0.1 below cannot
    show this: Streamlit lets localhost origins in whatever the Host.)"""
    name = server_name()
    handshake = (
        "GET /_stcore/stream HTTP/1.1\r\n"
        f"Host: {name}\r\n"
        f"Origin: https://{name}\r\n"
        "Upgrade: websocket\r\n"
        "Connection: Upgrade\r\n"
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
        "Sec-WebSocket-Version: 13\r\n"
        "Sec-WebSocket-Protocol: streamlit\r\n"
        "\r\n").encode("ascii")
    with socket.create_connection(("127.0.0.1", proxy.port), timeout=10) as raw, \
            unverified().wrap_socket(raw, server_hostname=name) as tls:
        tls.sendall(handshake)
        reply = b""
        while b"\r\n\r\n" not in reply:
            chunk = tls.recv(4096)
            if not chunk:
                break
            reply += chunk
    assert reply.startswith(b"HTTP/1.1 101"), reply.decode("latin-1")


def test_page_loads_in_chromium_through_the_proxy(proxy: Proxy, browser) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(ignore_https_errors=True)
    try:
        page = context.new_page()
        with page.expect_websocket(timeout=60_000) as opened:
            page.goto(proxy.https + "/", timeout=60_000)
        assert opened.value.url == f"wss://127.0.0.1:{proxy.port}/_stcore/stream"
        settled(page, "Safeguarding assurance")
        expect(page.get_by_role("button", name="Sign in")).to_have_count(1)
        assert not opened.value.is_closed()
    finally:
        context.close()


def test_local_mode_behind_a_proxy_is_refused(demo_db: Path, browser,  # type: ignore[no-untyped-def]
                                              tmp_path: Path) -> None:
    """Local mode is for the person at this computer: a request a proxy passed on is refused,
    so putting nginx in front without sign-in opens nothing."""
    with serve_app(demo_db, port=free_port()) as app, nginx_in_front(app, tmp_path) as front:
        context = browser.new_context(ignore_https_errors=True)
        try:
            page = context.new_page()
            page.goto(front.https + "/", timeout=60_000)
            settled(page, "Safeguarding assurance")
            expect(page.get_by_text("this request came through a proxy")).to_have_count(1)
            assert page.get_by_test_id("stMetric").count() == 0
            assert page.get_by_test_id("stSidebar").count() == 0
        finally:
            context.close()


def test_local_mode_behind_a_proxy_that_says_little_is_refused(  # type: ignore[no-untyped-def]
        demo_db: Path, browser, tmp_path: Path) -> None:
    """The probe: an nginx that set only Host and X-Forwarded-Proto got local admin. Any
    forwarding header is a proxy's."""
    with serve_app(demo_db, port=free_port()) as app, \
            nginx_in_front(app, tmp_path, only=("Host", "X-Forwarded-Proto")) as front:
        context = browser.new_context(ignore_https_errors=True)
        try:
            page = context.new_page()
            page.goto(front.https + "/", timeout=60_000)
            settled(page, "Safeguarding assurance")
            expect(page.get_by_text("this request came through a proxy")).to_have_count(1)
            assert page.get_by_test_id("stMetric").count() == 0
            assert page.get_by_test_id("stSidebar").count() == 0
        finally:
            context.close()
        site = (tmp_path / "assurance.conf").read_text(encoding="utf-8")
        assert "X-Forwarded-Proto" in site and "X-Real-IP" not in site
        assert "X-Forwarded-For" not in site and "X-Forwarded-Host" not in site
