"""Backup, restore and field-key rotation on the demo district, through the command line.

1. loads the demo (``edubureau demo --scale district``, ≈75,000 students and ≈5,000 teachers) into a fresh
   SQLite database in a temporary directory — or into the empty PostgreSQL database of ``--database-url``;
2. times ``edubureau backup`` (keys under a passphrase), ``edubureau restore`` of that archive and
   ``edubureau keys rotate`` (every ID number re-encrypted and re-hashed), each as its own process;
3. checks after each step that ``edubureau check`` passes.

    .venv/bin/python bench/backup_keys.py [--scale district] [--database-url postgres://…/NAME]

The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

EDUBUREAU = str(Path(sys.executable).with_name("edubureau"))


def run(env: dict, *args: str) -> float:
    start = time.perf_counter()
    subprocess.run([EDUBUREAU, *args], env=env, check=True, stdout=subprocess.DEVNULL)
    return round(time.perf_counter() - start, 2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="district")
    parser.add_argument("--database-url", default="")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = os.environ | {
            "EDUBUREAU_VAR_DIR": f"{tmp}/var",
            "EDUBUREAU_DATABASE_URL": options.database_url,
            "EDUBUREAU_TODAY": "2019-06-28",
            "EB_BENCH_PASSPHRASE": "bench passphrase",
        }
        env.pop("EDUBUREAU_FIELD_KEY", None)
        run(env, "migrate", "--no-input", "-v", "0")
        load = run(env, "demo", "--scale", options.scale, "--if-empty")
        archive = f"{tmp}/backup.tar.gz"
        backup = run(env, "backup", "--output", archive, "--passphrase-env", "EB_BENCH_PASSPHRASE")
        restore = run(env, "restore", archive, "--passphrase-env", "EB_BENCH_PASSPHRASE")
        run(env, "check")
        rotate = run(env, "keys", "rotate")
        run(env, "check")
        with tarfile.open(archive) as tar:
            manifest = json.load(tar.extractfile("manifest.json"))
        result = {
            "bench": "backup_keys",
            "database": "postgresql" if options.database_url else "sqlite",
            "scale": options.scale,
            "rows": sum(manifest["database"]["tables"].values()),
            "students": manifest["database"]["tables"].get("registry_student"),
            "teachers": manifest["database"]["tables"].get("registry_teacher"),
            "archive_mb": round(Path(archive).stat().st_size / 2**20, 1),
            "demo_load_s": load,
            "backup_s": backup,
            "restore_s": restore,
            "rotate_s": rotate,
        }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
