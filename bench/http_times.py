#!/usr/bin/env python3
"""Times one GraphQL document through HTTP on one kept-alive connection, as a dashboard's browser does.

    bench/http_times.py URL TOKEN_FILE DOCUMENT.graphql WARMUP RUNS

Prints one line per measured run: milliseconds from sending the request to the last byte of the
response. A response with GraphQL errors (or a status other than 200) stops the script with exit
code 1, after printing the start of the response to stderr.
"""
import http.client
import json
import sys
import time
import urllib.parse


def main():
    url, token_file, document, warmup, runs = sys.argv[1:6]
    parts = urllib.parse.urlsplit(url)
    token = open(token_file).read().strip()
    body = json.dumps({"query": open(document).read()})
    headers = {"Content-Type": "application/json", "Authorization": "Bearer " + token}
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=600)
    for i in range(int(warmup) + int(runs)):
        start = time.perf_counter()
        connection.request("POST", parts.path, body, headers)
        response = connection.getresponse()
        data = response.read()
        elapsed = (time.perf_counter() - start) * 1000
        if response.status != 200 or b'"errors"' in data:
            print(f"errors from {document}: HTTP {response.status} {data[:300]!r}", file=sys.stderr)
            sys.exit(1)
        if i >= int(warmup):
            print(f"{elapsed:.1f}", flush=True)


if __name__ == "__main__":
    main()
