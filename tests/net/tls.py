"""A self-signed certificate for localhost / 127.0.0.1 (valid 2000-2125), for TLS tests.

Made with `openssl ca -selfsign` once; test-only, never trusted outside a test.
"""

from __future__ import annotations

import ssl
from pathlib import Path

CERT = """-----BEGIN CERTIFICATE-----
MIIBaDCCAQ2gAwIBAgIBATAKBggqhkjOPQQDAjAUMRIwEAYDVQQDDAlsb2NhbGhv
c3QwIBcNMDAwMTAxMDAwMDAwWhgPMjEyNTAxMDEwMDAwMDBaMBQxEjAQBgNVBAMM
CWxvY2FsaG9zdDBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABIkfiLiJm2Fam+Tf
6mtw3L0676oUzDzMT6GORymLqPSdKGzmB02+7aYkUqOYhOopjpzdLC7h2oM+cIyc
eZdpVgGjTjBMMA8GA1UdEwEB/wQFMAMBAf8wGgYDVR0RBBMwEYIJbG9jYWxob3N0
hwR/AAABMB0GA1UdDgQWBBR1Q8y1kv3JkKk5OxR3zBAMZXr6lTAKBggqhkjOPQQD
AgNJADBGAiEAjzmRrPIItUliJ1AeoNA70oqe1nydjbwn1DgDW21xYVsCIQDPGKFg
2zA/phuGXtE/GLNx61Nw9UP824nIxOReNgGJ1w==
-----END CERTIFICATE-----
"""

KEY = """-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgh4ARnZq2B5MfTXeW
dAIabANW9bxlc46Wh8j7tuHczTehRANCAASJH4i4iZthWpvk3+prcNy9Ou+qFMw8
zE+hjkcpi6j0nShs5gdNvu2mJFKjmITqKY6c3Swu4dqDPnCMnHmXaVYB
-----END PRIVATE KEY-----
"""


def server_context(directory: Path) -> ssl.SSLContext:
    """A server-side context with the certificate (written under `directory`)."""
    cert = directory / "cert.pem"
    key = directory / "key.pem"
    cert.write_text(CERT)
    key.write_text(KEY)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return context


def client_context() -> ssl.SSLContext:
    """A client context that trusts only the test certificate."""
    context = ssl.create_default_context(cadata=CERT)
    context.verify_flags &= ~ssl.VERIFY_X509_STRICT
    return context
