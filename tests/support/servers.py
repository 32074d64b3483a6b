"""Real servers for the fault tests: a Redis of the test's own (started and stopped to simulate an
outage), a small SMTP server (announces SMTPUTF8 or not, can hold a message before answering, refuses
recipients), a real RQ worker process (killed with SIGKILL), and the termination of the app's
PostgreSQL connections (pg_terminate_backend as the superuser).

Never the machine's shared Redis on 6379 nor the shared PostgreSQL server itself: only a private
redis-server on a free port and the connections of this test's own application_name.
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import text

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate, timeout: float = 10.0, interval: float = 0.05, what="condition"):
    """Poll ``predicate`` until it is true; ``what`` (text, or a callable made when it fails) names it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what() if callable(what) else what}")


# ---------------------------------------------------------------------------------------- Redis


class RedisServer:
    """A redis-server of the test's own on a free port; ``stop()`` is an outage, ``start()`` the return
    (on the same port, empty: a restart without persistence)."""

    def __init__(self):
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError("redis-server is not installed")
        self.binary = binary
        self.port = free_port()
        self.dir = tempfile.mkdtemp(prefix="nastavnik-redis-")
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> "RedisServer":
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", self.dir, "--daemonize", "no", "--loglevel", "warning"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(self._answers, what=f"redis-server on {self.port}")
        return self

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


# ----------------------------------------------------------------------------------------- SMTP


@dataclass
class Delivered:
    mail_from: str
    rcpt_to: list[str]
    data: bytes
    mail_options: list[str]


@dataclass
class SMTPState:
    smtputf8: bool = True
    refuse: set[str] = field(default_factory=set)  # RCPT TO addresses answered with 550
    hold: threading.Event = field(default_factory=threading.Event)  # set: hold the answer to DATA
    release: threading.Event = field(default_factory=threading.Event)
    data_arrived: threading.Event = field(default_factory=threading.Event)
    delivered: list[Delivered] = field(default_factory=list)  # answered 250 to the end of DATA
    unanswered: list[Delivered] = field(default_factory=list)  # received, connection lost before 250
    lock: threading.Lock = field(default_factory=threading.Lock)


class _SMTPHandler(socketserver.StreamRequestHandler):
    timeout = 30

    def _send(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")
        self.wfile.flush()

    def handle(self) -> None:  # noqa: C901 - a small state machine
        state: SMTPState = self.server.state  # type: ignore[attr-defined]
        self._send("220 test-smtp ready")
        mail_from, rcpts, options = None, [], []
        while True:
            raw = self.rfile.readline()
            if not raw:
                return
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            verb = line.split(" ", 1)[0].upper()
            if verb == "EHLO":
                extensions = ["8BITMIME"] + (["SMTPUTF8"] if state.smtputf8 else [])
                self._send("250-test-smtp")
                for ext in extensions[:-1]:
                    self._send(f"250-{ext}")
                self._send(f"250 {extensions[-1]}")
            elif verb == "HELO":
                self._send("250 test-smtp")
            elif verb == "MAIL":
                address, _, rest = line[10:].partition(" ")
                mail_from, rcpts, options = address.strip("<>"), [], rest.split()
                if "SMTPUTF8" in options and not state.smtputf8:
                    self._send("555 SMTPUTF8 not supported")
                    mail_from = None
                    continue
                self._send("250 OK")
            elif verb == "RCPT":
                address = line[8:].strip().strip("<>")
                if address in state.refuse:
                    self._send(f"550 5.1.1 <{address}>: Recipient address rejected: User unknown")
                    continue
                rcpts.append(address)
                self._send("250 OK")
            elif verb == "DATA":
                self._send("354 End data with <CR><LF>.<CR><LF>")
                chunks = []
                while True:
                    chunk = self.rfile.readline()
                    if not chunk:
                        with state.lock:
                            state.unanswered.append(Delivered(mail_from, rcpts, b"".join(chunks), options))
                        return
                    if chunk in (b".\r\n", b".\n"):
                        break
                    chunks.append(chunk[1:] if chunk.startswith(b"..") else chunk)
                message = Delivered(mail_from, list(rcpts), b"".join(chunks), options)
                state.data_arrived.set()
                if state.hold.is_set():
                    # Held: the client waits for the answer to DATA. It counts as delivered only if the
                    # client is still there to take the answer (it goes on with its next command);
                    # a client killed meanwhile never learnt of it.
                    state.release.wait(timeout=60)
                    try:
                        self._send("250 OK queued")
                        raw = self.rfile.readline()
                    except OSError:
                        raw = b""
                    with state.lock:
                        (state.delivered if raw else state.unanswered).append(message)
                    if not raw:
                        return
                    line = raw.decode("utf-8", "replace").rstrip("\r\n")
                    if line.upper().startswith("QUIT"):
                        self._send("221 Bye")
                        return
                    self._send("250 OK")  # RSET/NOOP after a message
                    continue
                with state.lock:
                    state.delivered.append(message)
                self._send("250 OK queued")
            elif verb == "RSET":
                mail_from, rcpts, options = None, [], []
                self._send("250 OK")
            elif verb == "NOOP":
                self._send("250 OK")
            elif verb == "QUIT":
                self._send("221 Bye")
                return
            else:
                self._send("502 Command not implemented")


class _ThreadingSMTP(socketserver.ThreadingMixIn, socketserver.TCPServer):
    daemon_threads = True
    allow_reuse_address = True


class SMTPServer:
    """A real SMTP server on a free port (enough of RFC 5321 for smtplib), in a thread."""

    def __init__(self, smtputf8: bool = True):
        self.state = SMTPState(smtputf8=smtputf8)
        self.server = _ThreadingSMTP(("127.0.0.1", 0), _SMTPHandler)
        self.server.state = self.state  # type: ignore[attr-defined]
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def delivered(self) -> list[Delivered]:
        with self.state.lock:
            return list(self.state.delivered)

    def close(self) -> None:
        self.state.release.set()
        self.server.shutdown()
        self.server.server_close()


# ------------------------------------------------------------------------------------- RQ worker


class WorkerProcess:
    """`flask --app app worker` in its own process group (the worker and its work-horse)."""

    def __init__(self, env: dict[str, str], log_path: Path):
        self.env = env
        self.log_path = log_path
        self.process: subprocess.Popen | None = None

    def start(self) -> "WorkerProcess":
        log = open(self.log_path, "ab")
        self.process = subprocess.Popen([sys.executable, "-m", "flask", "--app", "app", "worker"],
                                        cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                        start_new_session=True)
        log.close()
        return self

    def descendants(self) -> list[int]:
        found, todo = [], [self.process.pid]
        while todo:
            children = child_pids(todo.pop())
            found += children
            todo += children
        return found

    def kill(self) -> None:
        """SIGKILL to the worker, its work-horse (which RQ puts in a session of its own) and its
        scheduler, at once, as a lost machine or systemd's cgroup kill would: nothing of RQ's
        shutdown runs."""
        if self.process is None:
            return
        for pid in [self.process.pid, *self.descendants()]:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)  # RQ's warm shutdown
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


def child_pids(pid: int) -> list[int]:
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            children.append(int(stat.parent.name))
    return children


def pid_connected_to(port: int, candidates: list[int]) -> int | None:
    """Which of ``candidates`` holds an established TCP connection to 127.0.0.1:``port`` (the work-horse
    talking to the SMTP server), read from /proc."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            parts = line.split()
            if int(parts[2].rsplit(":", 1)[1], 16) == port and parts[3] == "01":
                inodes.add(parts[9])
    for pid in candidates:
        try:
            links = [os.readlink(fd) for fd in Path(f"/proc/{pid}/fd").iterdir()]
        except OSError:
            continue
        if any(link.startswith("socket:[") and link[8:-1] in inodes for link in links):
            return pid
    return None


def worker_env(config: dict) -> dict[str, str]:
    """The environment of a worker process that runs the same configuration as a test app."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "COV_"))}
    for key, value in config.items():
        if value is None:
            env.pop(key, None)
        elif isinstance(value, (list, tuple)):
            env[key] = ",".join(str(v) for v in value)
        else:
            env[key] = str(value)
    env["PYTHONUNBUFFERED"] = "1"
    return env


# ----------------------------------------------------------------------------------- PostgreSQL


def terminate_connections(inspector, application_name: str) -> int:
    """pg_terminate_backend on every connection of ``application_name`` to this database (as the
    superuser): what a PostgreSQL restart does to the app's pooled connections."""
    with inspector.connect() as conn:
        killed = conn.execute(text(
            "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND application_name = :name AND pid <> pg_backend_pid()"),
            {"name": application_name}).scalar_one()
    return int(killed)
