"""gunicorn settings for the web process (Procfile, Dockerfile): `gunicorn -c python:macp.config.gunicorn macp.config.wsgi`.

Sync workers: every page is a short database-bound request, and a sync worker never shares a connection between
requests. WEB_CONCURRENCY sets the number (docs/deployment.md: about 2 per core, measured).
"""

import os

bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
# A request slower than this is a bug or a hung database: the worker is replaced rather than the queue blocked.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 20
# Workers are recycled now and then, so a slow leak never grows without bound.
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
# Only a proxy on this host may say the request came over HTTPS (SECURE_PROXY_SSL_HEADER).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# gunicorn's control socket (in the home folder) is not used: two servers on one host would fight over it.
control_socket_disable = True
