"""gunicorn settings for discovery (`make serve-prod`, or `gunicorn -c deploy/gunicorn.conf.py`).

Read from the environment, so a systemd unit or `make serve-prod` changes them without edits:

- ``GUNICORN_BIND`` (default ``127.0.0.1:8000``): loopback only; nginx in front terminates TLS.
- ``WEB_CONCURRENCY`` (default 2 × cores + 1, at most 9): worker processes. Each holds its own
  copy of the app: about 95 MB serving pages (measured), more where background jobs run in
  the web workers because REDIS_URL is unset and a theme run loads the theme engine.
- ``GUNICORN_TIMEOUT`` (default 60 s): a request taking longer is killed; long work (theme runs,
  imports, PDF exports) runs as a background job, not in a request.
- ``FORWARDED_ALLOW_IPS`` (default ``127.0.0.1,::1``): the proxies whose X-Forwarded-Proto is
  believed, so the app knows a request came over HTTPS (secure cookies, HSTS).

The access log leaves out query strings and the Referer header: search terms about people and
their pseudonyms travel in query strings, and personal data does not belong in logs.
"""

import multiprocessing
import os

wsgi_app = "discovery:create_app()"
proc_name = "discovery"

bind = [os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")]
workers = int(os.environ.get("WEB_CONCURRENCY") or min(2 * multiprocessing.cpu_count() + 1, 9))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Restart each worker now and then so a slow leak in a long-lived process cannot grow forever.
max_requests = 2000
max_requests_jitter = 200
# Each worker builds its own app (no preload): database connections and job threads are never
# shared across a fork.
preload_app = False
# Heartbeat files in memory, not on a disk a slow backup could stall (gunicorn's own advice).
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108 - gunicorn's worker heartbeat files only

forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
secure_scheme_headers = {"X-FORWARDED-PROTO": "https"}

# Request limits (gunicorn's defaults, written down): the app's own upload limit is MAX_UPLOAD_MB.
limit_request_line = 4094
limit_request_fields = 100

accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# remote address, time, method, path WITHOUT the query string, protocol, status, bytes, duration.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'
