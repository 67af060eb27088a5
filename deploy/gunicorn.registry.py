"""gunicorn settings for the registry: `gunicorn -c deploy/gunicorn.registry.py registry.wsgi:app`.

Every value can be overridden from the environment (GUNICORN_BIND, GUNICORN_WORKERS).
"""

import os

import gunicorn
import gunicorn.http.wsgi

# The Server header: gunicorn (27) writes `Server: gunicorn` itself and drops any the app
# sets; no setting changes it. Its responses read the name from gunicorn.http.wsgi.SERVER,
# copied from gunicorn.SERVER at import: both are replaced here, in the master, before any
# worker is forked. Behind nginx the header is replaced anyway (deploy/nginx).
gunicorn.SERVER = gunicorn.http.wsgi.SERVER = "title-registry"

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
worker_class = "sync"
timeout = 120  # batch issuance of thousands of certificates runs inside one request
graceful_timeout = 30
max_requests = 5000  # recycle workers now and then, with jitter so they do not all restart at once
max_requests_jitter = 500
preload_app = True  # settings are validated once, before any worker starts
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-")
# Tokens, share links, ID numbers and search words never reach the log (webbase/access_log.py).
logger_class = "webbase.access_log.RedactingLogger"
errorlog = "-"
# Request lines up to 8190 bytes (gunicorn's most; its default is 4094), so that the service
# answers addresses over 4 KiB with its own 414 problem+json (webbase/guard.py); nginx refuses
# longer lines first, also as problem+json (deploy/nginx/title-registry.conf).
limit_request_line = 8190
proc_name = "title-registry"
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# Each service would claim the same default control socket (~/.gunicorn/gunicorn.ctl); we
# manage processes through systemd and signals instead.
control_socket_disable = True
