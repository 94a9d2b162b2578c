"""A case rendered as plain text for the terminal: the card, the timeline, and every fact with its quote."""

from __future__ import annotations

from typing import Any

from casewatch.core.types import StoredFact

_KIND_ORDER = ("attribute", "charge", "event", "sentence", "restriction", "money", "advocacy")


def describe_fact(kind: str, payload: dict[str, Any]) -> str:
    """A short human label for a fact payload, e.g. ``conviction 2023-04-10 · Bostandyq District Court``."""
    if kind == "event":
        parts = [payload.get("type", "?")]
        if payload.get("date"):
            parts.append(payload["date"] + (" (approx.)" if payload.get("approximate") else ""))
        for key in ("court", "place", "outcome"):
            if payload.get(key):
                parts.append(str(payload[key]))
        if payload.get("in_absentia"):
            parts.append("in absentia")
        return " · ".join(parts)
    if kind == "charge":
        article = f" ({payload['article']})" if payload.get("article") else ""
        return f"{payload.get('category')}: {payload.get('text')}{article}"
    if kind == "sentence":
        return f"{payload.get('kind')} {_duration(payload)}".strip()
    if kind == "restriction":
        return f"ban on {payload.get('activity')} {_duration(payload)}".strip()
    if kind == "money":
        amount = payload.get("amount")
        amount_text = f"{amount:,.0f}" if isinstance(amount, (int, float)) else "?"
        usd = f" (≈ ${payload['usd']:,.0f})" if payload.get("usd") else ""
        return f"{payload.get('kind')} {amount_text} {payload.get('currency') or ''}{usd}".strip()
    if kind == "advocacy":
        speaker = f" ({payload['speaker']})" if payload.get("speaker") else ""
        return f"{payload.get('actor')}{speaker}: {payload.get('action')}"
    if kind == "attribute":
        return f"{payload.get('name')}: {payload.get('value')}"
    return str(payload)


def _duration(payload: dict[str, Any]) -> str:
    months = payload.get("months")
    days = payload.get("days")
    if months:
        years, rest = divmod(int(months), 12)
        bits = []
        if years:
            bits.append(f"{years} year{'s' if years != 1 else ''}")
        if rest:
            bits.append(f"{rest} month{'s' if rest != 1 else ''}")
        return " ".join(bits)
    if days:
        return f"{days} days"
    return ""


def render_case(detail: Any) -> str:
    """The terminal view of a :class:`casewatch.store.records.CaseDetail`."""
    case = detail.case
    summary = detail.summary or {}
    facts: list[StoredFact] = [f for f in detail.facts if f.review_state != "rejected"]
    docs = detail.documents
    lines = [f"#{case.id} {case.name}"]
    aliases = [n for n in detail.names if n != case.name]
    if aliases:
        lines.append(f"  aliases:    {', '.join(aliases)}")
    lines.append(f"  country:    {case.country or 'unknown'}")
    since = f" since {case.status_date}" if case.status_date else ""
    lines.append(f"  status:     {case.status}{since}")
    attrs = detail.attributes or {}
    for key in ("age", "occupation"):
        if attrs.get(key):
            value = attrs[key]
            lines.append(f"  {key + ':':<11} {', '.join(value) if isinstance(value, list) else value}")
    for title, kind in (("Charges", "charge"), ("Sentences", "sentence"), ("Bans", "restriction"), ("Money", "money")):
        items = _unique(f for f in facts if f.kind == kind)
        if items:
            lines.append(f"\n{title}")
            lines += [f"  - {describe_fact(kind, f.payload)}" for f in items]
    events = sorted((f for f in facts if f.kind == "event"), key=lambda f: (f.payload.get("date") or "9999", f.id))
    if events:
        lines.append("\nTimeline")
        lines += [f"  {f.payload.get('date') or '(undated)':<12} {describe_fact('event', f.payload)}" for f in _unique(events)]
    advocacy = _unique(f for f in facts if f.kind == "advocacy")
    if advocacy:
        lines.append("\nAdvocacy")
        lines += [f"  - {describe_fact('advocacy', f.payload)}" for f in advocacy]
    conflicts = summary.get("conflicts") or []
    if conflicts:
        lines.append("\nConflicts between sources")
        for conflict in conflicts:
            lines.append(f"  - {conflict.get('field')}: {conflict.get('values')}")
    lines.append("\nEvery fact, with its source")
    for kind in _KIND_ORDER:
        for f in sorted((f for f in facts if f.kind == kind), key=lambda f: f.id):
            doc = docs.get(f.document_id)
            source = doc.key if doc is not None else f"document {f.document_id}"
            quote = " ".join(f.span.quote.split())
            lines.append(f"  [{f.id}] {describe_fact(kind, f.payload)}  ({f.review_state})")
            lines.append(f"        “{quote}” — {source} [{f.span.start}:{f.span.end}]")
    return "\n".join(lines)


def _unique(facts: Any) -> list[StoredFact]:
    seen: set[str] = set()
    out = []
    for f in facts:
        key = describe_fact(f.kind, f.payload)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out
