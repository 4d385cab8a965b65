"""A webhook receiver for the tests: a real HTTP server (uvicorn in a thread) that checks signatures,
answers 500 to the first `fail_first` attempts of each delivery, and records what it accepted by id."""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from collections import Counter
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from graph.webhooks.signing import DELIVERY_HEADER, SIGNATURE_HEADER, InvalidSignature, verify


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Receiver:
    """Counts attempts per delivery id, accepts each id once (later copies are duplicates)."""

    def __init__(self, fail_first: int = 0, delay: float = 0.0) -> None:
        self.fail_first = fail_first
        self.delay = delay
        self.secrets: dict[str, str] = {}
        self.attempts: Counter[str] = Counter()
        self.accepted: dict[str, dict[str, Any]] = {}
        self.duplicates: Counter[str] = Counter()
        self.bad_signatures = 0
        self.lock = threading.Lock()
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/hook"
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    async def _hook(self, request: Request) -> JSONResponse:
        raw = await request.body()
        body = json.loads(raw)
        secret = self.secrets.get(body.get("webhookId", ""), "")
        try:
            verify(secret, request.headers.get(SIGNATURE_HEADER, ""), raw)
        except InvalidSignature:
            with self.lock:
                self.bad_signatures += 1
            return JSONResponse({"error": "bad signature"}, status_code=400)
        delivery = request.headers.get(DELIVERY_HEADER, "")
        assert delivery == body["deliveryId"]
        with self.lock:
            self.attempts[delivery] += 1
            attempt = self.attempts[delivery]
        if self.delay:
            await asyncio.sleep(self.delay)
        if attempt <= self.fail_first:
            return JSONResponse({"error": "try later"}, status_code=500)
        with self.lock:
            if delivery in self.accepted:
                self.duplicates[delivery] += 1
            else:
                self.accepted[delivery] = body
        return JSONResponse({"ok": True})

    def __enter__(self) -> Receiver:
        app = Starlette(routes=[Route("/hook", self._hook, methods=["POST"])])
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="off")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("the webhook receiver did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
