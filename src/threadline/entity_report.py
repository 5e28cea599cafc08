"""The resolved entities as people read them: rows, profiles, candidates, judgements.

``threadline entities`` prints these; the notebook and scripts call them on a
``Workspace`` to get the same data without the command line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from threadline.errors import QueryError
from threadline.lookup import did_you_mean

if TYPE_CHECKING:
    from threadline.graph.curation import Judgement
    from threadline.graph.ontology import Ontology
    from threadline.workspace import Workspace

__all__ = [
    "candidate_rows",
    "entity_profile",
    "entity_rows",
    "judgement_outcome",
    "judgement_rows",
    "known_entity_type",
    "profile_text",
]


def known_entity_type(ontology: Ontology, entity_type: str) -> str:
    """The ontology's spelling of ``entity_type``; a QueryError with suggestions when unknown."""
    known = list(ontology.entity_types)
    folded = {t.casefold(): t for t in known}
    if entity_type.casefold() in folded:
        return folded[entity_type.casefold()]
    raise QueryError(
        f"--type: unknown entity type {entity_type!r}{did_you_mean(entity_type, known)}; "
        f"known: {', '.join(known)}"
    )


def entity_rows(
    ws: Workspace, entity_type: str | None = None, limit: int | None = None, joined: bool = True
) -> list[dict[str, Any]]:
    """Entities, most mentioned first; ``joined`` writes the aliases as one string."""
    if entity_type is not None:
        entity_type = known_entity_type(ws.ontology, entity_type)
    resolution = ws.resolution()
    entities = [
        e for e in resolution.entities.values() if entity_type is None or e.type == entity_type
    ]
    entities.sort(key=lambda e: (-e.mention_count, e.name, e.id))
    return [
        {
            "name": e.name,
            "type": e.type,
            "mentions": e.mention_count,
            "documents": len(e.doc_ids),
            "aliases": "; ".join(e.aliases) if joined else e.aliases,
            "id": e.id,
        }
        for e in entities[:limit]
    ]


def entity_profile(ws: Workspace, name: str) -> dict[str, Any]:
    """One entity flattened for reading: one row per relation and evidence sentence.

    Found by name, alias or id (``threadline.lookup``), with the type evidence
    resolution weighed.
    """
    entity = ws.entity(name)
    titles = ws.document_titles()
    relations = []
    for relation in entity.get("relations") or []:
        ends = (entity.get("name"), relation["name"])
        source, target = ends if relation["direction"] == "out" else ends[::-1]
        for evidence in relation.get("evidence") or [{}]:
            relations.append(
                {
                    "source": source,
                    "type": relation["type"],
                    "target": target,
                    "properties": relation.get("properties") or {},
                    "sentence": evidence.get("sentence"),
                    "document": titles.get(evidence.get("doc_id"), evidence.get("doc_id")),
                    "confidence": evidence.get("confidence"),
                }
            )
    relations.sort(key=lambda r: (r["type"] or "", r["source"] or "", r["target"] or ""))
    profile = {
        "id": entity["id"],
        "name": entity.get("name"),
        "type": entity.get("type"),
        "aliases": list(entity.get("aliases") or []),
        "mention_count": entity.get("mention_count"),
        "documents": [{"doc_id": d, "title": titles.get(d)} for d in entity.get("doc_ids") or []],
        "relations": relations,
        "mentioned_with": [
            {"entity": c["name"], "count": c["weight"]}
            for c in (entity.get("mentioned_with") or [])[:20]
        ],
    }
    resolved = ws.resolution().entities.get(profile["id"])
    profile["type_votes"] = dict(resolved.type_votes) if resolved else {}
    profile["type_cues"] = list(resolved.type_cues) if resolved else []
    return profile


def profile_text(profile: dict[str, Any], ids: bool = False) -> str:
    """A profile as lines for a terminal (document text kept literal)."""
    identity = f", id {profile['id']}" if ids else ""
    out: list[str] = [
        f"{profile['name']}  ({profile['type']}{identity})",
    ]
    if profile.get("type_votes"):
        votes = ", ".join(f"{t} {v:g}" for t, v in profile["type_votes"].items())
        cues = "; ".join(profile.get("type_cues") or []) or "-"
        out.append(f"type evidence: {votes} (deciding: {cues})")
    out += [
        f"aliases: {', '.join(profile['aliases']) or '-'}",
        f"mentions: {profile['mention_count']} in {len(profile['documents'])} document(s)",
    ]
    for doc in profile["documents"]:
        out.append(f"  - {doc['title'] or doc['doc_id']}")
    out.append(f"relations ({len(profile['relations'])}):")
    for rel in profile["relations"]:
        props = ", ".join(f"{k}={v}" for k, v in rel["properties"].items())
        out.append(
            f"  {rel['source']} -[{rel['type']}{' ' + props if props else ''}]-> {rel['target']}"
        )
        if rel["sentence"]:
            out.append(f'      "{rel["sentence"]}" ({rel["document"]})')
    if profile["mentioned_with"]:
        listed = ", ".join(f"{c['entity']} ({c['count']})" for c in profile["mentioned_with"])
        out.append(f"mentioned with: {listed}")
    return "\n".join(out)


def candidate_rows(ws: Workspace, limit: int = 50, joined: bool = True) -> list[dict[str, Any]]:
    """Likely duplicates left for review, with scores and sample mentions.

    ``joined`` writes each side's sample mentions as one string, else as a list.
    """
    resolution = ws.resolution()
    titles = ws.document_titles()

    def samples(canonical_id: str) -> Any:
        found = [
            {**s, "title": titles.get(s["doc_id"], s["doc_id"])}
            for s in resolution.samples(canonical_id)
        ]
        if not joined:
            return found
        return " | ".join(f"{s['text']!r} in {s['title']}" for s in found)

    rows = []
    for candidate in resolution.candidates[:limit]:
        a, b = resolution.entities[candidate.a], resolution.entities[candidate.b]
        rows.append(
            {
                "score": candidate.score or None,
                "reason": candidate.reason,
                "type": a.type if a.type == b.type else f"{a.type}/{b.type}",
                "a": a.name,
                "b": b.name,
                "a_mentions": samples(a.id),
                "b_mentions": samples(b.id),
            }
        )
    return rows


def judgement_rows(ws: Workspace) -> list[dict[str, Any]]:
    """The recorded judgements, in the order they apply, and whether each still applies."""
    from threadline.graph.curation import ARGUMENT_KEYS, Judgements

    issues = {issue.index: issue.reason for issue in ws.resolution().issues}
    rows = []
    for number, judgement in enumerate(Judgements.load(ws.path), 1):
        rows.append(
            {
                "#": number,
                "action": judgement.action,
                "name": judgement.name,
                "argument": judgement.argument if ARGUMENT_KEYS[judgement.action] else None,
                "type": judgement.type,
                "at": judgement.at,
                "note": judgement.note,
                "status": issues.get(number - 1, "applied"),
            }
        )
    return rows


def judgement_outcome(judgement: Judgement, resolution: Any) -> str:
    """One line saying what the entity looks like after a judgement."""
    if judgement.action == "reject":
        return f"recorded: {judgement}"
    shown = judgement.argument if judgement.action in ("split", "rename") else judgement.name
    found = resolution.find(shown or judgement.name)
    if len(found) != 1:
        return f"recorded: {judgement}"
    entity = found[0]
    return f"recorded: {judgement} -> {entity.name} ({entity.type}, id {entity.id})"
