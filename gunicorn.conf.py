"""gunicorn's settings wherever the site is served (`make run`, production): gunicorn
reads this file from the working directory, or name it with `-c gunicorn.conf.py`.

Requests beyond these limits never reach Django: gunicorn answers with a short
plain page that names the limit, "414 URI Too Long" for the request line and
"431 Request Header Fields Too Large" for the headers, and logs one WARNING line.
The proxy in front may set lower limits of its own (nginx: large_client_header_buffers).
"""

import os

# Each worker process answers with `threads` threads, while its main thread tells
# gunicorn's arbiter that the process is alive. The default "sync" worker is silent
# while it writes a response, and the arbiter kills it after `timeout` (30 s): a
# download longer than that (the open-data exports to a slow client) ended short,
# after its 200 had been sent. Here `timeout` only restarts a process that hangs as a
# whole; a long answer runs to its end. Each thread holds its own database connection
# (DJANGO_CONN_MAX_AGE), so the database sees up to workers × threads connections.
# Set the number with GUNICORN_THREADS rather than --threads, which would leave
# worker_connections below behind.
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# A worker takes no more connections than it has threads: gthread would otherwise accept
# up to 1,000 and queue them behind its busy threads (a slow download) while another
# worker is idle. The others wait in the listen queue for the first free thread of any
# worker. Connections close after each answer, as with the sync worker.
worker_connections = threads
keepalive = 0

# The request line (method, path and query string, protocol) in bytes. The
# longest address the site makes (a search with filters) is far below this.
limit_request_line = 4094
# How many header lines a request may have, and how long each may be in bytes.
limit_request_fields = 100
limit_request_field_size = 8190
