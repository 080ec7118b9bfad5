#!/usr/bin/env python3
"""Opens report.html in a real headless Chromium and checks what a reader gets.

usage: report_browser.py REPORT.html SCREENSHOT.png

Passes when the page loads, every <img> has loaded (complete, naturalWidth
> 0), and nothing was reported as an error: no uncaught exception, no
console.error, no failed resource load. Keeps a full-page screenshot at
SCREENSHOT.png as a test artifact. Exits 77 (skipped) when no Chromium is
installed (scripts/install-deps.sh installs Debian's `chromium`), and fails
then in CI (CI=true), as tests/check.h's skip_or_fail does.

Why the DevTools protocol over --remote-debugging-pipe: the browser itself
reports every console message, exception and failed load as an event, so
the report needs no test script inside it, nothing scrapes Chromium's log
text (whose format changes between versions and is mixed with its own
noise), and the pipe needs no port and no library beyond Python's own.
"""
import base64
import fcntl
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time

TIMEOUT_S = 60


class Browser:
    """One headless Chromium driven over the DevTools pipe (fds 3 and 4)."""

    def __init__(self, exe, profile):
        to_child_r, self.to_child = os.pipe()
        self.from_child, from_child_w = os.pipe()
        # High copies for the child, so moving them to 3 and 4 clobbers nothing.
        high_r = fcntl.fcntl(to_child_r, fcntl.F_DUPFD, 100)
        high_w = fcntl.fcntl(from_child_w, fcntl.F_DUPFD, 100)

        def child_fds():
            os.dup2(high_r, 3)
            os.dup2(high_w, 4)

        self.log = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(
            [exe, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
             "--no-first-run", "--no-default-browser-check", "--hide-scrollbars",
             "--remote-debugging-pipe", f"--user-data-dir={profile}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=self.log, stderr=self.log,
            preexec_fn=child_fds, pass_fds=(3, 4))
        for fd in (to_child_r, from_child_w, high_r, high_w):
            os.close(fd)
        self.next_id = 0
        self.buffer = b""
        self.events = []
        self.deadline = time.monotonic() + TIMEOUT_S

    def _read_message(self):
        while b"\0" not in self.buffer:
            left = self.deadline - time.monotonic()
            ready, _, _ = select.select([self.from_child], [], [], max(left, 0))
            if not ready:
                raise TimeoutError("Chromium did not answer in time")
            chunk = os.read(self.from_child, 1 << 16)
            if not chunk:
                raise ConnectionError("Chromium closed the DevTools pipe")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def call(self, method, params=None, session=None):
        """Sends one command and returns its result; events met on the way are kept."""
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self.to_child, json.dumps(msg).encode() + b"\0")
        while True:
            reply = self._read_message()
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_event(self, method):
        for i, ev in enumerate(self.events):
            if ev.get("method") == method:
                return self.events.pop(i)
        while True:
            ev = self._read_message()
            if ev.get("method") == method:
                return ev
            self.events.append(ev)

    def close(self):
        try:
            self.call("Browser.close")
        except (OSError, RuntimeError, TimeoutError, ConnectionError):
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()

    def chromium_log(self):
        self.log.seek(0)
        return self.log.read().decode(errors="replace")[-4000:]


def problems_in(events):
    """Every error the page reported, as text."""
    found = []
    for ev in events:
        method, params = ev.get("method"), ev.get("params", {})
        if method == "Runtime.exceptionThrown":
            found.append("exception: " + params["exceptionDetails"].get("text", "?"))
        elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            args = " ".join(str(a.get("value", a.get("description", ""))) for a in params["args"])
            found.append(f"console.{params['type']}: {args}")
        elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
            entry = params["entry"]
            found.append(f"{entry.get('source')}: {entry.get('text')} {entry.get('url', '')}")
    return found


def check(browser, report, screenshot):
    target = browser.call("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = browser.call("Target.attachToTarget",
                           {"targetId": target, "flatten": True})["sessionId"]
    for domain in ("Runtime", "Log", "Page"):
        browser.call(f"{domain}.enable", session=session)
    browser.call("Emulation.setDeviceMetricsOverride",
                 {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False},
                 session=session)
    browser.call("Page.navigate", {"url": "file://" + os.path.abspath(report)}, session=session)
    browser.wait_event("Page.loadEventFired")
    page = browser.call("Runtime.evaluate", {
        "expression": "JSON.stringify({title: document.title,"
                      " images: Array.from(document.images).map(i => ({src: i.getAttribute('src'),"
                      " complete: i.complete, width: i.naturalWidth})),"
                      " height: document.documentElement.scrollHeight})",
        "returnByValue": True}, session=session)["result"]["value"]
    page = json.loads(page)

    failures = []
    if not page["images"]:
        failures.append("the report shows no image")
    for img in page["images"]:
        if not img["complete"] or img["width"] <= 0:
            failures.append(f"image {img['src']} did not load")
    height = min(max(page["height"], 900), 30000)
    browser.call("Emulation.setDeviceMetricsOverride",
                 {"width": 1280, "height": height, "deviceScaleFactor": 1, "mobile": False},
                 session=session)
    shot = browser.call("Page.captureScreenshot", {"format": "png"}, session=session)
    with open(screenshot, "wb") as f:
        f.write(base64.b64decode(shot["data"]))
    failures += problems_in(browser.events)
    print(f"report_browser: '{page['title']}', {len(page['images'])} images, "
          f"{height} px tall; screenshot: {screenshot}")
    return failures


def main():
    if len(sys.argv) != 3:
        print(__doc__.splitlines()[2], file=sys.stderr)
        return 2
    report, screenshot = sys.argv[1], sys.argv[2]
    exe = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")
                if shutil.which(n)), None)
    if exe is None:
        # As tests/check.h's skip_or_fail: skipped here, a failure in CI.
        why = "no Chromium installed (apt-get install chromium)"
        if os.environ.get("CI", "") not in ("", "0", "false"):
            print(f"report_browser: CI: {why}", file=sys.stderr)
            return 1
        print(f"report_browser: skipped: {why}")
        return 77
    if not os.path.isfile(report):
        print(f"report_browser: {report} does not exist (test_demo writes it)", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as profile:
        browser = Browser(exe, profile)
        try:
            failures = check(browser, report, screenshot)
        except (OSError, RuntimeError, TimeoutError, ConnectionError) as e:
            failures = [f"driving Chromium failed: {e}", browser.chromium_log()]
        finally:
            browser.close()
    for f in failures:
        print("report_browser: FAIL: " + f, file=sys.stderr)
    if not failures:
        print("report_browser: every image loaded, no console error")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
