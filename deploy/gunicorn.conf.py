"""gunicorn settings for production: `gunicorn --config deploy/gunicorn.conf.py` (see deploy/systemd/).

Any setting can be overridden without editing this file through gunicorn's own GUNICORN_CMD_ARGS,
for example GUNICORN_CMD_ARGS="--workers=6" in the environment file.
"""

import multiprocessing

wsgi_app = "gongkai.wsgi:application"

# Only nginx talks to gunicorn; nothing else on the network should reach it.
bind = "127.0.0.1:8000"

# Threads keep a worker busy while a page waits on the database; processes use more than one core.
# Each worker holds one database connection per thread: workers x threads must stay below PostgreSQL's
# max_connections (100 by default) with room for the timers and an admin session.
workers = min(multiprocessing.cpu_count() + 1, 8)
worker_class = "gthread"
threads = 4

# A PDF can take seconds; beyond two minutes something is wrong and the worker is replaced.
timeout = 120
graceful_timeout = 30
keepalive = 5

# Recycle workers now and then so a slow leak can never take the site down; jitter avoids all at once.
max_requests = 2000
max_requests_jitter = 200

# Not preloaded: `systemctl reload gongkai` (HUP) then starts workers on freshly imported code.
preload_app = False

# nginx on this machine sets X-Forwarded-Proto; gunicorn trusts it only from there.
forwarded_allow_ips = "127.0.0.1,::1"

# Logs go to stdout/stderr, which systemd keeps in the journal (journalctl -u gongkai).
accesslog = "-"
errorlog = "-"
loglevel = "info"
# The remote address in the access log is nginx; the visitor's own address is in X-Forwarded-For.
access_log_format = '%({x-forwarded-for}i)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s %(L)ss "%(f)s" "%(a)s"'

proc_name = "gongkai"
