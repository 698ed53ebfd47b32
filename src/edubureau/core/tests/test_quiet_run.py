"""`make run` prints no stray lines: the task worker logs each line once, at the configured level."""

import logging
import subprocess
import sys


def test_huey_logger_has_one_handler_and_does_not_repeat_through_the_root():
    # run_huey adds a handler of its own only when the "huey" logger has none
    huey = logging.getLogger("huey")
    assert huey.handlers and not huey.propagate


def test_the_worker_prints_no_line_twice(tmp_path):
    env = {"EDUBUREAU_VAR_DIR": str(tmp_path), "EDUBUREAU_DATABASE_URL": "", "EDUBUREAU_LOG_LEVEL": "INFO",
           "PATH": "/usr/bin:/bin"}  # fmt: skip
    worker = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "edubureau.cli", "run_huey", "--workers", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines = []
    for line in worker.stdout:
        lines.append(line.rstrip())
        if "available" in line:  # the banner's last heading
            break
    worker.terminate()
    worker.wait()
    banner = [line for line in lines if "consumer started" in line]
    assert len(banner) == 1, lines
