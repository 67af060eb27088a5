"""gunicorn settings for verify: `gunicorn -c deploy/gunicorn.verify.py verify.wsgi:app`.

verify is stateless and read-only: add workers (about one per core) or machines behind nginx.
Every value can be overridden from the environment (GUNICORN_BIND, GUNICORN_WORKERS).
"""

import os

import gunicorn
import gunicorn.http.wsgi

# The Server header: gunicorn (27) writes `Server: gunicorn` itself and drops any the app
# sets; no setting changes it. Its responses read the name from gunicorn.http.wsgi.SERVER,
# copied from gunicorn.SERVER at import: both are replaced here, in the master, before any
# worker is forked. Behind nginx the header is replaced anyway (deploy/nginx).
gunicorn.SERVER = gunicorn.http.wsgi.SERVER = "title-verify"

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
workers = int(os.environ.get("GUNICORN_WORKERS", str(os.cpu_count() or 2)))
worker_class = "sync"
timeout = 30
graceful_timeout = 10
keepalive = 5
max_requests = 200000  # a worker keeps its cache of checked signatures; recycle rarely
max_requests_jitter = 20000
preload_app = True
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-")
# Tokens, share links, ID numbers and search words never reach the log (webbase/access_log.py).
logger_class = "webbase.access_log.RedactingLogger"
errorlog = "-"
# Request lines up to 8190 bytes (gunicorn's most; its default is 4094), so that the service
# answers addresses over 4 KiB with its own 414 problem+json (webbase/guard.py); nginx refuses
# longer lines first, also as problem+json (deploy/nginx/title-registry.conf).
limit_request_line = 8190
proc_name = "title-verify"
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# Each service would claim the same default control socket (~/.gunicorn/gunicorn.ctl); we
# manage processes through systemd and signals instead.
control_socket_disable = True
