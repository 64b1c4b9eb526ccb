"""A small driver for a real headless Chromium over the DevTools protocol, for browser tests.

It starts the system's Chromium (Debian's ``chromium`` package, or ``VE_CHROMIUM``), talks to
one page over the DevTools websocket (``websocket-client``), and records what a user would
see in the browser's console: uncaught exceptions, ``console.error`` calls and the browser's
own error log (a resource that failed to load, a blocked request). Nothing is downloaded:
no browser, no driver.

    with HeadlessChromium.launch(tmp_dir) as browser:
        browser.open("http://127.0.0.1:8080/index.html")
        browser.wait_for("document.querySelectorAll('svg.main-svg').length > 0")
        browser.screenshot(Path(".screenshots/page.png"))
        assert not browser.console_errors
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import websocket

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
INSTALL_HINT = (
    "a headless Chromium is needed for the browser tests: run scripts/install_chromium.sh "
    "(Debian: apt-get install chromium), or set VE_CHROMIUM=/path/to/chromium"
)


class BrowserError(RuntimeError):
    """The browser could not be started, or a page did not reach the expected state."""


def find_chromium() -> str:
    """The Chromium executable: VE_CHROMIUM, else the first of CANDIDATES on PATH."""
    configured = os.environ.get("VE_CHROMIUM")
    if configured:
        if shutil.which(configured) is None:
            raise BrowserError(f"VE_CHROMIUM={configured} is not an executable")
        return shutil.which(configured) or configured
    for name in CANDIDATES:
        path = shutil.which(name)
        if path:
            return path
    raise BrowserError(INSTALL_HINT)


@dataclass
class ConsoleError:
    """One error the page reported: its kind (exception, console, log) and text."""

    kind: str
    text: str
    url: str = ""

    def __str__(self) -> str:
        where = f" ({self.url})" if self.url else ""
        return f"{self.kind}: {self.text}{where}"


@dataclass
class HeadlessChromium:
    process: subprocess.Popen
    socket: websocket.WebSocket
    profile_dir: Path
    console_errors: list[ConsoleError] = field(default_factory=list)
    _next_id: int = 0
    _events: list[dict[str, Any]] = field(default_factory=list)

    # --- lifecycle -------------------------------------------------------------------------
    @classmethod
    def launch(
        cls, executable: str | None = None, width: int = 1300, height: int = 1000
    ) -> HeadlessChromium:
        executable = executable or find_chromium()
        profile_dir = Path(tempfile.mkdtemp(prefix="ve-chromium-"))
        args = [
            executable,
            "--headless",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-extensions",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--no-default-browser-check",
            "--hide-scrollbars",
            "--mute-audio",
            f"--window-size={width},{height}",
            f"--user-data-dir={profile_dir}",
            # port 0: Chromium picks a free port and writes it to DevToolsActivePort
            "--remote-debugging-address=127.0.0.1",
            "--remote-debugging-port=0",
            "about:blank",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            args.insert(1, "--no-sandbox")  # Chromium's sandbox refuses to run as root
        process = subprocess.Popen(
            args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
        )
        try:
            port = cls._wait_for_port(process, profile_dir)
            socket = websocket.create_connection(
                cls._page_socket_url(port), timeout=60, suppress_origin=True
            )
        except BaseException:
            process.kill()
            process.wait()
            shutil.rmtree(profile_dir, ignore_errors=True)
            raise
        browser = cls(process=process, socket=socket, profile_dir=profile_dir)
        for domain in ("Page", "Runtime", "Log"):
            browser.call(f"{domain}.enable")
        return browser

    @staticmethod
    def _wait_for_port(process: subprocess.Popen, profile_dir: Path, timeout: float = 60) -> int:
        port_file = profile_dir / "DevToolsActivePort"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if process.poll() is not None:
                stderr = process.stderr.read().decode(errors="replace") if process.stderr else ""
                raise BrowserError(f"Chromium exited with {process.returncode}:\n{stderr[-2000:]}")
            if port_file.exists():
                first_line = port_file.read_text().splitlines()[:1]
                if first_line and first_line[0].isdigit():
                    return int(first_line[0])
            time.sleep(0.1)
        raise BrowserError(f"Chromium did not open its DevTools port within {timeout:.0f} s")

    @staticmethod
    def _page_socket_url(port: int) -> str:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as reply:
            targets = json.load(reply)
        pages = [target for target in targets if target.get("type") == "page"]
        if not pages:
            raise BrowserError(f"Chromium has no page target: {targets}")
        return pages[0]["webSocketDebuggerUrl"]

    def close(self) -> None:
        with contextlib.suppress(Exception):  # already gone: nothing to close
            self.call("Browser.close")
        try:
            self.socket.close()
        finally:
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            if self.process.stderr:
                self.process.stderr.close()
            shutil.rmtree(self.profile_dir, ignore_errors=True)

    def __enter__(self) -> HeadlessChromium:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # --- protocol --------------------------------------------------------------------------
    def call(self, method: str, **params: Any) -> dict[str, Any]:
        """Sends one DevTools command and returns its result; events that arrive meanwhile
        are recorded (errors into console_errors)."""
        self._next_id += 1
        message_id = self._next_id
        self.socket.send(json.dumps({"id": message_id, "method": method, "params": params}))
        while True:
            try:
                message = json.loads(self.socket.recv())
            except websocket.WebSocketTimeoutException as error:
                raise BrowserError(
                    f"{method}: no answer from Chromium within {self.socket.gettimeout():.0f} s "
                    f"(the page is hung or busy)"
                ) from error
            if message.get("id") == message_id:
                if "error" in message:
                    raise BrowserError(f"{method}: {message['error']}")
                return message.get("result", {})
            if "method" in message:
                self._record(message)

    def _record(self, event: dict[str, Any]) -> None:
        self._events.append(event)
        method, params = event["method"], event.get("params", {})
        if method == "Runtime.exceptionThrown":
            details = params.get("exceptionDetails", {})
            text = details.get("exception", {}).get("description") or details.get("text", "")
            self.console_errors.append(ConsoleError("exception", text, details.get("url", "")))
        elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            text = " ".join(
                str(arg.get("value", arg.get("description", ""))) for arg in params.get("args", [])
            )
            self.console_errors.append(ConsoleError("console.error", text))
        elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
            entry = params["entry"]
            self.console_errors.append(
                ConsoleError(
                    f"log ({entry.get('source')})", entry.get("text", ""), entry.get("url", "")
                )
            )

    def _saw_event(self, method: str, since: int) -> bool:
        return any(event["method"] == method for event in self._events[since:])

    # --- what the tests use ----------------------------------------------------------------
    def open(self, url: str, timeout: float = 60) -> None:
        """Navigates and waits for the page's load event."""
        since = len(self._events)
        result = self.call("Page.navigate", url=url)
        if result.get("errorText"):
            raise BrowserError(f"cannot open {url}: {result['errorText']}")
        deadline = time.monotonic() + timeout
        while not self._saw_event("Page.loadEventFired", since):
            if time.monotonic() > deadline:
                raise BrowserError(f"{url} did not finish loading within {timeout:.0f} s")
            self.evaluate("1")  # reads the events that arrived meanwhile

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (promises are awaited)."""
        result = self.call(
            "Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True
        )
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            text = details.get("exception", {}).get("description") or details.get("text")
            raise BrowserError(f"evaluating {expression[:80]!r}: {text}")
        return result.get("result", {}).get("value")

    def wait_for(
        self, expression: str, timeout: float = 30, interval: float = 0.2, strict: bool = True
    ) -> Any:
        """Polls a JavaScript expression until it is truthy and returns its value; after
        ``timeout`` seconds raises BrowserError, or returns the last value if not ``strict``
        (for callers that report what is missing themselves)."""
        deadline = time.monotonic() + timeout
        while True:
            value = self.evaluate(expression)
            if value:
                return value
            if time.monotonic() > deadline:
                if not strict:
                    return value
                raise BrowserError(f"still false after {timeout:.0f} s: {expression}")
            time.sleep(interval)

    def screenshot(self, path: Path, full_page: bool = True, max_height: int = 16000) -> Path:
        """A PNG of the page (the whole page, up to max_height pixels, or the viewport)."""
        params: dict[str, Any] = {"format": "png"}
        if full_page:
            metrics = self.call("Page.getLayoutMetrics")
            size = metrics.get("cssContentSize") or metrics["contentSize"]
            params["clip"] = {
                "x": 0,
                "y": 0,
                "width": size["width"],
                "height": min(size["height"], max_height),
                "scale": 1,
            }
            params["captureBeyondViewport"] = True
        data = self.call("Page.captureScreenshot", **params)["data"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(data))
        return path
