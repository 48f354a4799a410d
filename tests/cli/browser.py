"""Headless Chromium driven through its DevTools protocol, which is itself a
WebSocket (talked to with Python's websockets): open a page, run JavaScript
in it, and read what it shows, as a person would see it."""
import asyncio
import json
import re
import shutil
import subprocess
import tempfile
import threading
import time
import urllib.request

import websockets


class Browser:
    def __init__(self, url, timeout=30, flags=()):
        self.profile = tempfile.mkdtemp()
        self.proc = subprocess.Popen(
            ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", f"--user-data-dir={self.profile}", "--remote-debugging-port=0",
             *flags, url],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        port = None
        stderr = []
        for line in self.proc.stderr:  # "DevTools listening on ws://127.0.0.1:PORT/..."
            stderr.append(line)
            found = re.search(rb"DevTools listening on ws://127\.0\.0\.1:(\d+)/", line)
            if found:
                port = int(found.group(1))
                break
        if port is None:
            self.close()
            raise AssertionError("chromium did not start: " + b"".join(stderr)[-2000:].decode())
        # The rest of its chatter is drained, so that a full pipe cannot stall it.
        threading.Thread(target=lambda: [None for _ in self.proc.stderr], daemon=True).start()
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        deadline = time.monotonic() + timeout
        page = None
        while page is None and time.monotonic() < deadline:
            targets = json.load(opener.open(f"http://127.0.0.1:{port}/json/list", timeout=5))
            page = next((t for t in targets if t.get("type") == "page"), None)
            if page is None:
                time.sleep(0.1)
        if page is None:
            self.close()
            raise AssertionError("chromium opened no page")
        self.loop = asyncio.new_event_loop()

        async def open_devtools():  # (made inside the loop that runs it)
            return await websockets.connect(page["webSocketDebuggerUrl"], max_size=2 ** 24)
        self.devtools = self.loop.run_until_complete(open_devtools())
        self.calls = 0
        # (The tab is about:blank until the page's navigation commits.)
        self.wait_for("location.href !== 'about:blank' && document.readyState === 'complete'",
                      timeout)

    def evaluate(self, expression):
        """The value of a JavaScript expression in the page."""
        async def call():
            self.calls += 1
            await self.devtools.send(json.dumps({
                "id": self.calls, "method": "Runtime.evaluate",
                "params": {"expression": expression, "returnByValue": True}}))
            while True:
                reply = json.loads(await self.devtools.recv())
                if reply.get("id") == self.calls:
                    result = reply.get("result", {})
                    if "exceptionDetails" in result:
                        raise AssertionError(f"{expression!r} threw: {result['exceptionDetails']}")
                    return result.get("result", {}).get("value")
        return self.loop.run_until_complete(asyncio.wait_for(call(), 30))

    def wait_for(self, expression, timeout=10):
        """Waits until the expression is true in the page (one that throws,
        as it may while the page loads, is not true yet)."""
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            try:
                if self.evaluate(expression):
                    return
            except AssertionError as e:
                last = e
            time.sleep(0.05)
        raise AssertionError(f"never true in the page: {expression} ({last})")

    def close(self):
        devtools = getattr(self, "devtools", None)
        if devtools is not None:
            self.loop.run_until_complete(devtools.close())
            self.devtools = None
        if getattr(self, "loop", None) is not None:
            self.loop.close()
            self.loop = None
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc.stderr.close()
        shutil.rmtree(self.profile, ignore_errors=True)
