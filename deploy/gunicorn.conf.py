"""Gunicorn settings for production: `gunicorn -c deploy/gunicorn.conf.py 'app:create_app()'`.

Run from the release directory (the systemd unit and the Docker image do): Gunicorn puts the working
directory first on sys.path, and `flask db upgrade` reads migrations/ from there.
"""
import os
import re

from gunicorn.glogging import Logger

wsgi_app = "app:create_app()"

# nginx on the same machine is the only client. Another node's nginx: set GUNICORN_BIND to the private
# address and GUNICORN_FORWARDED_ALLOW_IPS to that nginx's address.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))  # honours CPU pinning of the service
    except AttributeError:
        return os.cpu_count() or 1


# The pages are CPU-bound (ORM, templates): processes, not threads, use the cores (threads of one
# process share its GIL). Measured on 2 cores with the region's data (docs/performance.md): cores + 1
# single-threaded workers kept p95 at 32 connections 3× lower than 2·cores + 1 workers of 2 threads.
# Each worker opens its own SQLAlchemy pool (one connection per thread).
workers = int(os.environ.get("GUNICORN_WORKERS") or _cores() + 1)
threads = int(os.environ.get("GUNICORN_THREADS") or 1)
timeout = 60
graceful_timeout = 30
keepalive = 5
max_requests = 2000
max_requests_jitter = 200
preload_app = False  # the app opens its DB pools per worker; nothing is shared across fork

# The heartbeat file on tmpfs, so a slow disk never stalls a worker (Docker's /dev/shm included).
if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK):
    worker_tmp_dir = "/dev/shm"

# No runtime control socket (gunicornc): systemd and `kill -HUP` manage the service.
control_socket_disable = True

# Logs go to stdout/stderr (journald or `docker logs`).
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
# %(U)s is the path without the query string; no Referer (it may carry a token, see below). The client
# address is the one nginx puts in X-Forwarded-For (it overwrites whatever the client sent).
# rid= is the request id the app answered with (nginx's $request_id): the same as on the error page and
# in the app's log lines of that request.
access_log_format = '%({x-forwarded-for}i)s %(t)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms "%(a)s" rid=%({x-request-id}o)s'

# Invitation and password-reset links carry their token in the path; never write it to a log.
_TOKEN_PATH = re.compile(r"^/(password/reset|invite)/[^/]+")


class RedactingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        atoms["U"] = _TOKEN_PATH.sub(r"/\1/[redacted]", atoms.get("U") or "")
        return atoms


logger_class = RedactingLogger
proc_name = "nastavnik-web"
