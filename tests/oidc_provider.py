"""A small OpenID Connect provider on loopback, for testing single sign-on end to end.

It implements the code flow as a real provider does: /authorize issues a one-time code bound to
the client, redirect address, nonce and PKCE challenge; /token checks all of them and the client
secret, and returns an RS256-signed ID token; /jwks publishes the public key; /userinfo answers
for the access token. Nothing is mocked on Nærvær's side: mozilla-django-oidc talks HTTP to it.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa


@dataclass
class Provider:
    client_id: str = "naervaer"
    client_secret: str = "s3cret"
    # Who logs in at the provider's (imagined) login page: the claims of the next login.
    claims: dict[str, Any] = field(default_factory=lambda: {"email": "x@example.org"})
    codes: dict[str, dict[str, Any]] = field(default_factory=dict)
    tokens: dict[str, dict[str, Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def settings(self) -> dict[str, Any]:
        return {
            "OIDC_ENABLED": True,
            "OIDC_RP_CLIENT_ID": self.client_id,
            "OIDC_RP_CLIENT_SECRET": self.client_secret,
            "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{self.base}/authorize",
            "OIDC_OP_TOKEN_ENDPOINT": f"{self.base}/token",
            "OIDC_OP_USER_ENDPOINT": f"{self.base}/userinfo",
            "OIDC_OP_JWKS_ENDPOINT": f"{self.base}/jwks",
            "OIDC_RP_SIGN_ALGO": "RS256",
            "OIDC_PROVIDER_NAME": "Testudbyder",
        }

    # --- the endpoints ---------------------------------------------------------------------

    def authorize(self, query: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        if query.get("client_id") != self.client_id or query.get("response_type") != "code":
            return 400, {}, b"unknown client"
        code = secrets.token_urlsafe(16)
        self.codes[code] = {**query, "claims": dict(self.claims)}
        target = f"{query['redirect_uri']}?" + urllib.parse.urlencode(
            {"code": code, "state": query["state"]}
        )
        return 302, {"Location": target}, b""

    def token(self, form: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        grant = self.codes.pop(form.get("code", ""), None)  # a code works once
        challenge = base64.urlsafe_b64encode(
            hashlib.sha256(form.get("code_verifier", "").encode()).digest()
        ).rstrip(b"=")
        if (
            grant is None
            or form.get("client_id") != self.client_id
            or form.get("client_secret") != self.client_secret
            or form.get("redirect_uri") != grant["redirect_uri"]
            or challenge.decode() != grant.get("code_challenge")
        ):
            return 400, {}, json.dumps({"error": "invalid_grant"}).encode()
        access = secrets.token_urlsafe(16)
        self.tokens[access] = grant["claims"]
        now = int(time.time())
        id_token = jwt.encode(
            {
                "iss": self.base,
                "aud": self.client_id,
                "sub": grant["claims"]["email"],
                "iat": now,
                "exp": now + 300,
                "nonce": grant.get("nonce"),
            },
            self.key,
            algorithm="RS256",
            headers={"kid": "test-key"},
        )
        body = {"access_token": access, "token_type": "Bearer", "id_token": id_token}
        return 200, {"Content-Type": "application/json"}, json.dumps(body).encode()

    def userinfo(self, authorization: str) -> tuple[int, dict[str, str], bytes]:
        claims = self.tokens.get(authorization.removeprefix("Bearer "))
        if claims is None:
            return 401, {}, b""
        body = {"sub": claims["email"], **claims}
        return 200, {"Content-Type": "application/json"}, json.dumps(body).encode()

    def jwks(self) -> tuple[int, dict[str, str], bytes]:
        jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        jwk.update({"kid": "test-key", "alg": "RS256", "use": "sig"})
        return 200, {"Content-Type": "application/json"}, json.dumps({"keys": [jwk]}).encode()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _send(self, answer: tuple[int, dict[str, str], bytes]) -> None:
                status, headers, body = answer
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:
                url = urllib.parse.urlsplit(self.path)
                query = dict(urllib.parse.parse_qsl(url.query))
                if url.path == "/authorize":
                    self._send(provider.authorize(query))
                elif url.path == "/userinfo":
                    self._send(provider.userinfo(self.headers.get("Authorization", "")))
                elif url.path == "/jwks":
                    self._send(provider.jwks())
                else:
                    self._send((404, {}, b""))

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                form = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))
                if self.path == "/token":
                    self._send(provider.token(form))
                else:
                    self._send((404, {}, b""))

        return Handler
