"""A throwaway Label Studio server on 127.0.0.1 and the few HTTP API calls a round trip needs.

Used by the test against the real tool (tests/test_labelstudio_server.py) and by the README's
screenshot (`make labelstudio-screenshot`). The server runs from its own virtual environment
(`make labelstudio-venv`: its pins clash with spaCy's), with a temporary data directory, a known
user and a legacy API token, and without its update check or analytics, so it needs no network.
"""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from . import paths

EXECUTABLE = paths.ROOT / ".venv-labelstudio" / "bin" / "label-studio"
USER, PASSWORD = "zhner@example.com", "zhner-round-trip"
TOKEN = "7a6e65722d726f756e642d74726970000000000a"  # a legacy token is any 40 hex characters


class LabelStudioError(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LabelStudioServer:
    """`with LabelStudioServer(data_dir) as server:` starts it, waits until it answers, stops it after."""

    def __init__(self, data_dir: Path, executable: Path = EXECUTABLE, port: int | None = None,
                 startup_seconds: float = 240):
        self.data_dir, self.executable = Path(data_dir), Path(executable)
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.startup_seconds = startup_seconds
        self.process: subprocess.Popen | None = None
        self.log_path = self.data_dir / "server.log"

    def __enter__(self) -> "LabelStudioServer":
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self) -> None:
        if not self.executable.exists():
            raise LabelStudioError(f"{self.executable} not found: run `make labelstudio-venv`")
        self.data_dir.mkdir(parents=True, exist_ok=True)
        env = {**os.environ,
               "LABEL_STUDIO_BASE_DATA_DIR": str(self.data_dir),
               "LABEL_STUDIO_USERNAME": USER, "LABEL_STUDIO_PASSWORD": PASSWORD,
               "LABEL_STUDIO_USER_TOKEN": TOKEN,
               # Since 1.18 a new organization accepts only JWT tokens unless legacy ones are enabled.
               "LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN": "true",
               "LABEL_STUDIO_DISABLE_SIGNUP_WITHOUT_LINK": "true",
               "LATEST_VERSION_CHECK": "false", "COLLECT_ANALYTICS": "false",
               "SENTRY_DSN": "", "FRONTEND_SENTRY_DSN": ""}
        env.pop("HOST", None)
        command = [str(self.executable), "start", "--no-browser", "--internal-host", "127.0.0.1",
                   "--port", str(self.port), "--data-dir", str(self.data_dir)]
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT,
                                            cwd=self.data_dir, start_new_session=True)
        deadline = time.monotonic() + self.startup_seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise LabelStudioError(f"Label Studio exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                self.api("GET", "/api/current-user/whoami")
                return
            except (urllib.error.URLError, ConnectionError, LabelStudioError):
                time.sleep(1)
        self.stop()
        raise LabelStudioError(f"Label Studio did not answer within {self.startup_seconds:.0f} s:\n{self.log_tail()}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()

    def log_tail(self, lines: int = 30) -> str:
        if not self.log_path.exists():
            return ""
        return "\n".join(self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])

    def api(self, method: str, path: str, body=None):
        """One call to Label Studio's HTTP API with the user's token; the parsed JSON answer."""
        request = urllib.request.Request(
            self.url + path, method=method, data=None if body is None else json.dumps(body).encode("utf-8"),
            headers={"Authorization": f"Token {TOKEN}", "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                raw = response.read()
        except urllib.error.HTTPError as err:
            raise LabelStudioError(f"{method} {path}: HTTP {err.code}: {err.read()[:500]!r}") from None
        return json.loads(raw) if raw else None

    # The calls of a round trip, as Label Studio's API documents them.
    def create_project(self, title: str, label_config: str) -> int:
        return self.api("POST", "/api/projects", {"title": title, "label_config": label_config})["id"]

    def import_tasks(self, project: int, tasks: list[dict]) -> dict:
        return self.api("POST", f"/api/projects/{project}/import", tasks)

    def tasks(self, project: int) -> list[dict]:
        return self.api("GET", f"/api/tasks?project={project}&page_size=1000&fields=all")["tasks"]

    def submit_annotation(self, task: int, result: list[dict]) -> dict:
        return self.api("POST", f"/api/tasks/{task}/annotations", {"result": result, "was_cancelled": False})

    def export(self, project: int) -> list[dict]:
        return self.api("GET", f"/api/projects/{project}/export?exportType=JSON&download_all_tasks=true")
