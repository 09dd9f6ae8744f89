"""A ModernGov web service on loopback, serving recorded answers in the service's own format
(`responses/`), so that the importer is tested over real HTTP, timeouts and all.

`answers` maps an operation and its id (`GetCommittees`, `GetMeetings-130`,
`GetMeeting-5201`) to what the server does: serve the recorded file (the default), or an
`Answer` with another status, content type or body, or a delay longer than the client waits.
"""

import datetime
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

RESPONSES = Path(__file__).parent / "responses"


@dataclass
class Answer:
    body: bytes = b""
    status: int = 200
    content_type: str = "text/xml; charset=utf-8"
    delay: float = 0


def recorded(key: str, today: datetime.date) -> bytes:
    text = (RESPONSES / f"{key}.xml").read_text()
    soon, later = today + datetime.timedelta(days=10), today + datetime.timedelta(days=40)
    return (
        text.replace("{soon}", f"{soon:%d/%m/%Y}").replace("{later}", f"{later:%d/%m/%Y}").encode()
    )


class ModernGovServer:
    def __init__(self, today: datetime.date):
        self.today = today
        self.answers: dict[str, Answer] = {}
        self.requests: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (the standard library's name)
                parts = urlsplit(self.path)
                operation = parts.path.rsplit("/", 1)[-1]
                params = {k: v[0] for k, v in parse_qs(parts.query).items()}
                key = operation + {
                    "GetMeetings": f"-{params.get('lCommitteeId', '')}",
                    "GetMeeting": f"-{params.get('lMeetingId', '')}",
                }.get(operation, "")
                server.requests.append(key)
                answer = server.answers.get(key)
                if answer is None:
                    try:
                        answer = Answer(recorded(key, server.today))
                    except FileNotFoundError:
                        answer = Answer(b"<error>Not found</error>", status=404)
                if answer.delay:
                    time.sleep(answer.delay)
                self.send_response(answer.status)
                self.send_header("Content-Type", answer.content_type)
                self.send_header("Content-Length", str(len(answer.body)))
                self.end_headers()
                self.wfile.write(answer.body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
