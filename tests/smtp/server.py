"""A real SMTP server on loopback for covidactu's sending tests and benchmark (aiosmtpd).

Usage: server.py OUT_DIR [--mode plain|starttls|tls --cert PEM --key PEM] [--auth USER:PASS]
                 [--rules RULES.json] [--dkim-key PUBLIC_KEY_B64 [--dkim-key-type rsa|ed25519] --dkim-selector S --dkim-domain D]
                 [--reply-delay-ms N] [--quiet]

Listens on 127.0.0.1 on a free port and prints `PORT <n>` on stdout once it accepts
connections. Each accepted message is written to OUT_DIR/<n>.eml and described by one JSON
line of OUT_DIR/received.jsonl (envelope, and whether its DKIM signature verifies when a key is
given). Every RCPT and end of DATA is logged to OUT_DIR/events.jsonl.

RULES.json maps a recipient address to the behaviours of its successive delivery attempts;
once they are used up, the address is accepted:
  "rcpt:421"         reply 421 to RCPT TO and close the connection
  "rcpt:451" / "rcpt:550"   reply that code to RCPT TO
  "data:451" / "data:550"   reply that code at the end of DATA (the message is not kept)
  "drop-before-data" close the connection at RCPT TO without replying
  "drop-after-data"  keep the message, then close the connection without replying
  "hold"             keep the message, then reply only once OUT_DIR/release exists
The server stops when its standard input is closed.
"""

import argparse
import asyncio
import json
import os
import ssl
import sys

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Recorder:
    def __init__(self, out, rules, dkim_key, dkim_key_type, dkim_selector, dkim_domain, delay):
        self.out = out
        self.rules = {k.lower(): list(v) for k, v in rules.items()}
        self.seq = 0
        self.dkim = (dkim_key, dkim_key_type, dkim_selector, dkim_domain) if dkim_key else None
        self.delay = delay / 1000.0

    def log(self, name, record):
        with open(os.path.join(self.out, name), "a", encoding="utf-8") as f:
            f.write(json.dumps(record) + "\n")

    def next_rule(self, address, stage):
        queue = self.rules.get(address.lower())
        if queue and queue[0].startswith(stage):
            return queue.pop(0)
        return None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        rule = self.next_rule(address, "rcpt") or self.next_rule(address, "drop-before")
        self.log("events.jsonl", {"event": "rcpt", "address": address, "rule": rule})
        if rule == "drop-before-data":
            server.transport.abort()
            return "421 4.4.2 dropped"
        if rule == "rcpt:421":
            asyncio.get_running_loop().call_soon(server.transport.close)
            return "421 4.3.2 Service not available, closing channel"
        if rule == "rcpt:451":
            return "451 4.3.0 Temporary local problem, try again later"
        if rule == "rcpt:550":
            return "550 5.1.1 Mailbox unavailable: no such user"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    def verify_dkim(self, data):
        if not self.dkim:
            return None
        import dkim

        key, key_type, selector, domain = self.dkim

        def dns(name, timeout=5):
            if name == f"{selector}._domainkey.{domain}.".encode():
                return f"v=DKIM1; k={key_type}; p={key}".encode()
            return b""

        try:
            return bool(dkim.verify(data, dnsfunc=dns))
        except Exception:
            return False

    def keep(self, envelope):
        self.seq += 1
        name = f"{self.seq}.eml"
        data = envelope.original_content
        with open(os.path.join(self.out, name), "wb") as f:
            f.write(data)
        self.log(
            "received.jsonl",
            {
                "file": name,
                "mail_from": envelope.mail_from,
                "rcpt_tos": envelope.rcpt_tos,
                "dkim": self.verify_dkim(data),
            },
        )

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        address = envelope.rcpt_tos[0] if envelope.rcpt_tos else ""
        rule = self.next_rule(address, "data") or self.next_rule(address, "drop-after") or self.next_rule(address, "hold")
        self.log("events.jsonl", {"event": "data", "address": address, "rule": rule})
        if rule == "data:451":
            return "451 4.3.0 Temporary failure, message not accepted"
        if rule == "data:550":
            return "550 5.7.1 Message refused"
        self.keep(envelope)
        if rule == "drop-after-data":
            server.transport.abort()
            return "421 4.4.2 dropped"
        if rule == "hold":
            release = os.path.join(self.out, "release")
            while not os.path.exists(release):
                await asyncio.sleep(0.02)
        return "250 2.0.0 OK: queued"


def authenticator(expected):
    user, password = expected.split(":", 1)

    def check(server, session, envelope, mechanism, auth_data):
        ok = (
            isinstance(auth_data, LoginPassword)
            and auth_data.login.decode() == user
            and auth_data.password.decode() == password
        )
        return AuthResult(success=ok)

    return check


async def main():
    p = argparse.ArgumentParser()
    p.add_argument("out")
    p.add_argument("--mode", choices=["plain", "starttls", "tls"], default="plain")
    p.add_argument("--cert")
    p.add_argument("--key")
    p.add_argument("--auth")
    p.add_argument("--rules")
    p.add_argument("--dkim-key")
    p.add_argument("--dkim-key-type", choices=["rsa", "ed25519"], default="rsa")
    p.add_argument("--dkim-selector")
    p.add_argument("--dkim-domain")
    p.add_argument("--reply-delay-ms", type=int, default=0)
    args = p.parse_args()
    os.makedirs(args.out, exist_ok=True)
    rules = {}
    if args.rules:
        with open(args.rules, encoding="utf-8") as f:
            rules = json.load(f)
    recorder = Recorder(
        args.out, rules, args.dkim_key, args.dkim_key_type, args.dkim_selector, args.dkim_domain, args.reply_delay_ms
    )
    context = None
    if args.mode != "plain":
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.cert, args.key)
    options = {"hostname": "smtp.test", "data_size_limit": 10 * 1024 * 1024}
    if args.auth:
        options.update(
            authenticator=authenticator(args.auth), auth_required=True, auth_require_tls=args.mode == "starttls"
        )
    if args.mode == "starttls":
        options.update(tls_context=context, require_starttls=True)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(recorder, **options),
        host="127.0.0.1",
        port=0,
        ssl=context if args.mode == "tls" else None,
    )
    port = server.sockets[0].getsockname()[1]
    print(f"PORT {port}", flush=True)
    await loop.run_in_executor(None, sys.stdin.read)
    server.close()


if __name__ == "__main__":
    asyncio.run(main())
