"""Small constructors that keep the hand-written register content short and uniform.

Every text is a ``(lv, en)`` tuple. Keywords are written as one comma-separated string per
language because that is how editors think of them. The builder (``demo.register.build``)
turns these plain dicts into CPSV-AP 3.2 JSON-LD; nothing here knows about RDF.
"""

from __future__ import annotations

from typing import Any

Text = tuple[str, str]


def _text(value: Text) -> Text:
    lv, en = value
    if not lv or not en:
        raise ValueError(f"both languages are required: {value!r}")
    return value


# --- channels ---------------------------------------------------------------------------


def eservice(url: str, desc: Text | None = None) -> dict[str, Any]:
    """An online service (e-pakalpojums)."""
    if desc is None:
        host = url.split("/")[2].removeprefix("www.")
        desc = (
            f"E-pakalpojums tiešsaistē vietnē {host}, jāpiesakās ar eParakstu vai "
            "internetbankas autentifikāciju.",
            f"Online e-service at {host}; sign in with eParaksts or internet bank authentication.",
        )
    return {"type": "e-service", "url": url, "desc": _text(desc)}


def centre(org: str | None = None, hours: Text | None = None, desc: Text | None = None) -> dict:
    """A client service centre; ``org`` defaults to the competent authority's centres."""
    return {"type": "service-centre", "org": org, "hours": hours, "desc": desc}


def phone(number: str | None = None, hours: Text | None = None) -> dict[str, Any]:
    """Advice by telephone; the number defaults to the competent authority's."""
    return {"type": "phone", "phone": number, "hours": hours}


def email(address: str | None = None) -> dict[str, Any]:
    """Application by e-mail signed with a secure electronic signature."""
    return {"type": "email", "email": address}


def post() -> dict[str, Any]:
    """Application by post to the authority's address."""
    return {"type": "post"}


def website(url: str, desc: Text) -> dict[str, Any]:
    """An information website (not a transactional e-service)."""
    return {"type": "website", "url": url, "desc": _text(desc)}


REQUEST_KINDS = ("service-request", "agreement-request", "information-request")


def request_form(kind: str, desc: Text | None = None) -> dict[str, Any]:
    """The inter-institutional request form on Virsis.gov.lv (every institution service has one)."""
    if kind not in REQUEST_KINDS:
        raise ValueError(kind)
    if desc is None:
        desc = {
            "service-request": (
                "Iestāde iesniedz pakalpojuma pieprasījumu portālā Virsis.gov.lv; "
                "pieprasījumam piešķir numuru un to var izsekot līdz izpildei.",
                "The institution files a service request on Virsis.gov.lv; the "
                "request gets a reference number and can be followed to its end.",
            ),
            "agreement-request": (
                "Iestāde iesniedz vienošanās pieprasījumu portālā Virsis.gov.lv; "
                "pēc saskaņošanas tiek noslēgta starpiestāžu vienošanās.",
                "The institution files an agreement request on Virsis.gov.lv; "
                "once agreed, an inter-institutional agreement is signed.",
            ),
            "information-request": (
                "Iestāde iesniedz informācijas pieprasījumu portālā "
                "Virsis.gov.lv un saņem atbildi elektroniski.",
                "The institution files an information request on "
                "Virsis.gov.lv and receives the answer electronically.",
            ),
        }[kind]
    return {"type": "request-form", "kind": kind, "desc": _text(desc)}


# --- requirements, costs, outputs -------------------------------------------------------


def req(
    title: Text, desc: Text, evidence: Text | None = None, evidence_desc: Text | None = None
) -> dict[str, Any]:
    """A requirement with (optionally) the evidence that proves it."""
    return {
        "title": _text(title),
        "desc": _text(desc),
        "evidence": _text(evidence) if evidence else None,
        "evidence_desc": _text(evidence_desc) if evidence_desc else None,
    }


def fee(amount: float, desc: Text) -> dict[str, Any]:
    """A cost in EUR (``amount`` 0 means the service is free of charge)."""
    return {"value": amount, "desc": _text(desc)}


FREE = fee(0, ("Pakalpojums ir bez maksas.", "The service is free of charge."))


def out(title: Text, desc: Text | None = None) -> dict[str, Any]:
    """What the recipient gets."""
    return {"title": _text(title), "desc": _text(desc) if desc else None}


def part(org: str, desc: Text, role: str = "service-provider") -> dict[str, Any]:
    """Participation of another organisation (who actually delivers the service)."""
    return {"org": org, "role": role, "desc": _text(desc)}


# Requirements that recur across many services.
ID_DOC = req(
    ("Personas identitātes apliecināšana", "Proof of identity"),
    (
        "Pakalpojumu var saņemt pati persona vai tās pilnvarota persona, uzrādot "
        "derīgu personu apliecinošu dokumentu.",
        "The service can be received by the person or an authorised representative "
        "on presenting a valid identity document.",
    ),
    ("Pase vai personas apliecība (eID karte)", "Passport or identity card (eID card)"),
)

E_AUTH = req(
    ("Elektroniskā identifikācija", "Electronic identification"),
    (
        "E-pakalpojumā jāpiesakās ar eParakstu, eID karti vai internetbankas autentifikāciju.",
        "To use the e-service you sign in with eParaksts, an eID card or internet bank "
        "authentication.",
    ),
    ("eParaksts, eID karte vai internetbanka", "eParaksts, eID card or internet bank"),
)

APPLICATION = req(
    ("Iesniegums", "Application"),
    (
        "Jāaizpilda iesniegums iestādes noteiktajā formā, norādot kontaktinformāciju "
        "atbildes saņemšanai.",
        "An application in the form set by the authority must be filled in, giving "
        "contact details for the answer.",
    ),
    ("Aizpildīts iesniegums", "Completed application form"),
)

INST_BASIS = req(
    ("Pamatots iestādes pieprasījums", "Justified request from the institution"),
    (
        "Pieprasījumā jānorāda tiesiskais pamats un mērķis, kā arī atbildīgā amatpersona.",
        "The request must state the legal basis and purpose and name the responsible official.",
    ),
    (
        "Pieprasījums, parakstīts ar drošu elektronisko parakstu",
        "Request signed with a qualified electronic signature",
    ),
)


def service(
    ident: str,
    title: Text,
    desc: Text,
    kw: Text,
    aud: str | tuple[str, ...],
    org: str,
    *,
    channels: list[dict],
    cost: dict | list[dict] | None = None,
    reqs: list[dict] = (),
    output: dict | None = None,
    time: str | None = None,
    legal: tuple[str, ...] | list[str] = (),
    themes: tuple[str, ...] | list[str] = (),
    related: tuple[str, ...] | list[str] = (),
    parts: list[dict] = (),
    modified: str | None = None,
    status: str = "active",
    replaced_by: str | None = None,
) -> dict[str, Any]:
    """One public service as plain data (see module docstring)."""
    audiences = (aud,) if isinstance(aud, str) else tuple(aud)
    costs = [] if cost is None else (cost if isinstance(cost, list) else [cost])
    return {
        "id": ident,
        "title": _text(title),
        "desc": _text(desc),
        "kw": tuple([k.strip() for k in lang.split(",") if k.strip()] for lang in _text(kw)),
        "audiences": audiences,
        "org": org,
        "channels": list(channels),
        "costs": costs,
        "reqs": list(reqs),
        "output": output,
        "time": time,
        "legal": list(legal),
        "themes": list(themes),
        "related": list(related),
        "parts": list(parts),
        "modified": modified,
        "status": status,
        "replaced_by": replaced_by,
    }
