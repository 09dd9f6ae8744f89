"""A client for the ModernGov web service (`…/mgWebService.asmx`), which about four councils
in five publish for their own committee system.

The service answers plain HTTP GET with XML. The operations used here:

- `GetCommittees?lDays=0`: every committee (`committee` with `committeeid`, `committeetitle`);
- `GetMeetings?lCommitteeId=…&sFromDate=…&sToDate=…`: a committee's meetings (`meeting` with
  `meetingid`, `meetingdate` as dd/mm/yyyy). Some installations ignore the dates and send the
  committee's whole history, so the window is applied here as well;
- `GetMeeting?lMeetingId=…`: one meeting with its time, location, status and agenda items
  (`agendaitem` with its title, `isrestricted`, and `linkeddoc` documents with title and URL).

Element names are matched without regard to case or XML namespace, and the wrapping elements
are not relied on, because installations differ. Every failure is a `CommitteeSystemError`
whose message a council officer can act on.
"""

import datetime
import ipaddress
import socket
from dataclasses import dataclass, field
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element, ParseError

import requests
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from django.conf import settings

TIMEOUT_SECONDS = 20
MAX_RESPONSE_BYTES = 20 * 1024 * 1024
RESTRICTED_VALUES = {"true", "1", "yes", "y"}


class CommitteeSystemError(Exception):
    """The committee system could not be read; the message says why."""


@dataclass(frozen=True)
class CommitteeData:
    external_id: str
    title: str


@dataclass(frozen=True)
class DocumentData:
    title: str
    url: str


@dataclass(frozen=True)
class AgendaItemData:
    external_id: str
    number: str
    title: str
    is_restricted: bool
    documents: tuple[DocumentData, ...] = ()


@dataclass(frozen=True)
class MeetingData:
    external_id: str
    date: datetime.date
    time: str = ""
    location: str = ""
    status: str = ""
    items: tuple[AgendaItemData, ...] = field(default=())


def _name(element: Element) -> str:
    return element.tag.rsplit("}", 1)[-1].lower()


def _all(element: Element, name: str) -> list[Element]:
    return [e for e in element.iter() if _name(e) == name]


def _text(element: Element, name: str) -> str:
    """The text of the first direct child called `name` (or, failing that, any descendant)."""
    for child in element:
        if _name(child) == name:
            return (child.text or "").strip()
    found = _all(element, name)
    return (found[0].text or "").strip() if found else ""


def parse_date(value: str, *, what: str) -> datetime.date:
    try:
        return datetime.datetime.strptime(value.strip()[:10], "%d/%m/%Y").date()
    except ValueError:
        try:
            return datetime.date.fromisoformat(value.strip()[:10])
        except ValueError:
            raise CommitteeSystemError(
                f"The committee system gave {what} the date {value!r}, which is not a date "
                "like 31/03/2027"
            ) from None


def parse_committees(root: Element) -> list[CommitteeData]:
    committees = []
    for element in _all(root, "committee"):
        external_id, title = _text(element, "committeeid"), _text(element, "committeetitle")
        if external_id and title:
            committees.append(CommitteeData(external_id, title))
    return committees


def parse_meeting_list(root: Element) -> list[MeetingData]:
    meetings = []
    for element in _all(root, "meeting"):
        external_id, date = _text(element, "meetingid"), _text(element, "meetingdate")
        if external_id and date:
            meetings.append(
                MeetingData(external_id, parse_date(date, what=f"meeting {external_id}"))
            )
    return meetings


def _item(element: Element, position: int) -> AgendaItemData:
    documents = tuple(
        DocumentData(_text(doc, "title") or "Document", _text(doc, "url"))
        for doc in _all(element, "linkeddoc")
        if _text(doc, "url")
    )
    return AgendaItemData(
        external_id=_text(element, "agendaitemid") or f"position-{position}",
        number=_text(element, "agendaitemnumber"),
        title=_text(element, "agendaitemtitle") or _text(element, "title"),
        is_restricted=_text(element, "isrestricted").lower() in RESTRICTED_VALUES,
        documents=documents,
    )


def parse_meeting(root: Element) -> MeetingData:
    meetings = _all(root, "meeting")
    if not meetings:
        raise CommitteeSystemError("The committee system's answer about a meeting has no meeting")
    element = meetings[0]
    external_id = _text(element, "meetingid")
    date = _text(element, "meetingdate")
    if not external_id or not date:
        raise CommitteeSystemError("The committee system sent a meeting without its id or date")
    return MeetingData(
        external_id=external_id,
        date=parse_date(date, what=f"meeting {external_id}"),
        time=_text(element, "meetingtime"),
        location=_text(element, "meetinglocation"),
        status=_text(element, "meetingstatus"),
        items=tuple(
            _item(item, position)
            for position, item in enumerate(_all(element, "agendaitem"), start=1)
        ),
    )


def check_address(url: str) -> None:
    """A committee system is on the internet: never an address inside joinedup's own network
    (loopback, private, link-local), which would let a typed address reach internal services.
    The tests' own server on loopback is allowed by JOINEDUP_ALLOW_PRIVATE_COMMITTEE_SYSTEMS."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise CommitteeSystemError(f"{url} is not the address of a web site")
    if getattr(settings, "JOINEDUP_ALLOW_PRIVATE_COMMITTEE_SYSTEMS", False):
        return
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(parts.hostname, parts.port or 443)}
    except OSError:
        raise CommitteeSystemError(f"The committee system at {url} could not be found") from None
    for address in addresses:
        ip = ipaddress.ip_address(address)
        if not ip.is_global:
            raise CommitteeSystemError(
                f"The committee system's address {parts.hostname} is not on the internet"
            )


class ModernGovClient:
    def __init__(self, base_url: str, *, timeout: float = TIMEOUT_SECONDS):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout

    def meeting_url(self, committee_id: str, meeting_id: str) -> str:
        """The meeting's public page on the council's own site."""
        return f"{self.base_url}/ieListDocuments.aspx?CId={committee_id}&MId={meeting_id}"

    def committees(self) -> list[CommitteeData]:
        return parse_committees(self._get("GetCommittees", lDays=0))

    def meetings(
        self, committee_id: str, start: datetime.date, end: datetime.date
    ) -> list[MeetingData]:
        listed = parse_meeting_list(
            self._get(
                "GetMeetings",
                lCommitteeId=committee_id,
                sFromDate=f"{start:%d/%m/%Y}",
                sToDate=f"{end:%d/%m/%Y}",
            )
        )
        return [meeting for meeting in listed if start <= meeting.date <= end]

    def meeting(self, meeting_id: str) -> MeetingData:
        return parse_meeting(self._get("GetMeeting", lMeetingId=meeting_id))

    def _get(self, operation: str, **params) -> Element:
        url = f"{self.base_url}/mgWebService.asmx/{operation}"
        check_address(url)
        try:
            response = requests.get(
                url, params=params, timeout=self.timeout, stream=True, allow_redirects=False
            )
            body = response.raw.read(MAX_RESPONSE_BYTES + 1, decode_content=True)
        except requests.Timeout:
            raise CommitteeSystemError(
                f"The committee system did not answer {operation} within {self.timeout:g} seconds"
            ) from None
        except requests.RequestException as error:
            raise CommitteeSystemError(
                f"The committee system at {self.base_url} could not be reached ({error.__class__.__name__})"
            ) from None
        if response.status_code != 200:
            raise CommitteeSystemError(
                f"The committee system answered {operation} with HTTP {response.status_code}"
            )
        if len(body) > MAX_RESPONSE_BYTES:
            raise CommitteeSystemError(
                f"The committee system's answer to {operation} is larger than "
                f"{MAX_RESPONSE_BYTES // (1024 * 1024)} MB"
            )
        start = body.lstrip()[:200].lower()
        content_type = response.headers.get("Content-Type", "").lower()
        if "html" in content_type or start.startswith((b"<!doctype html", b"<html")):
            raise CommitteeSystemError(
                f"The committee system answered {operation} with a web page, not the web "
                "service's XML: check the address is the council's ModernGov site"
            )
        try:
            return fromstring(body)
        except (ParseError, DefusedXmlException) as error:
            raise CommitteeSystemError(
                f"The committee system's answer to {operation} is not well-formed XML ({error})"
            ) from None
