"""gunicorn's settings wherever the site is served (`make run`, production): gunicorn
reads this file from the working directory, or name it with `-c gunicorn.conf.py`.

Requests beyond these limits never reach Django: gunicorn answers with a short
plain page that names the limit, "414 URI Too Long" for the request line and
"431 Request Header Fields Too Large" for the headers, and logs one WARNING line.
The proxy in front may set lower limits of its own (nginx: large_client_header_buffers).
"""

# The request line (method, path and query string, protocol) in bytes. The
# longest address the site makes (a search with filters) is far below this.
limit_request_line = 4094
# How many header lines a request may have, and how long each may be in bytes.
limit_request_fields = 100
limit_request_field_size = 8190
