"""`edubureau serve` runs a production server: a burst of concurrent connections is answered, not reset."""

import http.client
import os
import signal
import socket
import subprocess
import sys
import threading
import time

import pytest

HOST = "127.0.0.1"
CONNECTIONS = 50


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def _get(port: int, path: str):
    conn = http.client.HTTPConnection(HOST, port, timeout=60)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        return response.status, response.getheader("Server", "")
    finally:
        conn.close()


@pytest.fixture
def served(tmp_path):
    """``edubureau serve`` on a free loopback port over a fresh SQLite database; its port."""
    env = {**os.environ, "EDUBUREAU_VAR_DIR": str(tmp_path), "EDUBUREAU_DATABASE_URL": ""}
    cli = [sys.executable, "-m", "edubureau.cli"]
    subprocess.run([*cli, "migrate", "-v", "0"], env=env, check=True)  # noqa: S603
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603
        [*cli, "serve", "--port", str(port), "--workers", "2", "--threads", "4", "--task-workers", "0"],
        env=env,
        stdout=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        for _ in range(600):
            assert server.poll() is None, "edubureau serve exited"
            try:
                _get(port, "/accounts/login/")
                break
            except OSError:
                time.sleep(0.1)
        yield port
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def test_serve_answers_a_burst_of_concurrent_connections(served):
    results: list = []
    start = threading.Barrier(CONNECTIONS)

    def visit():
        start.wait()
        for _ in range(3):
            try:
                results.append(_get(served, "/accounts/login/"))
            except OSError as error:
                results.append(repr(error))

    threads = [threading.Thread(target=visit) for _ in range(CONNECTIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert [r for r in results if not (isinstance(r, tuple) and r[0] == 200)] == []
    assert len(results) == CONNECTIONS * 3
    assert {server for _, server in results} == {"gunicorn"}
