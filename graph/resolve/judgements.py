"""The analyst's judgements applied to the groups: merge, split, rename, retype, reject.

Judgements name entities as a user typed them; ``GroupIndex`` finds the group
a name refers to while earlier judgements reshape the groups. They are applied
in order, after every rule, and win.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from threadline.graph.curation import Judgement, JudgementIssue, Judgements
from threadline.graph.model import entity_id
from threadline.graph.resolve.records import Group
from threadline.graph.resolve.resolver import Resolver
from threadline.lookup import find_named
from threadline.names import resolution_key


class GroupIndex:
    """Finds groups by a user-typed name while judgements reshape them."""

    def __init__(self, resolver: Resolver, groups: list[Group]) -> None:
        self.resolver = resolver
        self.groups = groups
        self.by_key: dict[str, set[int]] = defaultdict(set)
        self.keys: dict[int, set[str]] = {}
        self.by_id: dict[int, Group] = {}
        for group in groups:
            self.add(group)

    def add(self, group: Group) -> None:
        self.by_id[id(group)] = group
        name = self.resolver.canonical_name(group)
        keys = {resolution_key(n) for n in self.resolver.surface_names(group)}
        keys |= {resolution_key(name), entity_id(group.type, name)}
        self.keys[id(group)] = keys
        for key in keys:
            self.by_key[key].add(id(group))

    def remove(self, group: Group) -> None:
        for key in self.keys.pop(id(group), ()):
            self.by_key[key].discard(id(group))
        self.by_id.pop(id(group), None)

    def refresh(self, group: Group) -> None:
        self.remove(group)
        self.add(group)

    def lookup(self, name: str, entity_type: str | None) -> tuple[Group | None, str | None]:
        found: list[GroupView] = []
        for key in (name, resolution_key(name)):
            for gid in self.by_key.get(key, ()):
                g = self.by_id[gid]
                if not g.rejected and all(v.group is not g for v in found):
                    cname = self.resolver.canonical_name(g)
                    aliases = self.resolver.surface_names(g)
                    found.append(GroupView(entity_id(g.type, cname), cname, g.type, aliases, g))
        found = find_named(found, name, entity_type)
        if not found:
            suffix = f" of type {entity_type}" if entity_type else ""
            return None, f"no entity named {name!r}{suffix}"
        if len(found) > 1:
            listed = "; ".join(f"{v.name} ({v.type})" for v in found[:5])
            return None, f"{name!r} is ambiguous: {listed}"
        return found[0].group, None


@dataclass(slots=True)
class GroupView:
    id: str
    name: str
    type: str
    aliases: list[str]
    group: Group


def apply_judgements(
    resolver: Resolver, groups: list[Group], judgements: Judgements | None
) -> tuple[list[JudgementIssue], list[tuple[Group, Group]]]:
    """Apply judgements in order; returns the issues and the pairs of groups a split set apart."""
    issues: list[JudgementIssue] = []
    apart: list[tuple[Group, Group]] = []
    if not judgements or not len(judgements):
        return issues, apart
    index = GroupIndex(resolver, groups)
    for number, judgement in enumerate(judgements):
        group, problem = index.lookup(judgement.name, judgement.type)
        if group is None:
            issues.append(JudgementIssue(number, judgement, problem or "not found"))
            continue
        problem = apply_one(resolver, index, group, judgement, apart)
        if problem:
            issues.append(JudgementIssue(number, judgement, problem))
    return issues, apart


def apply_one(
    resolver: Resolver,
    index: GroupIndex,
    group: Group,
    judgement: Judgement,
    apart: list[tuple[Group, Group]],
) -> str | None:
    action, argument = judgement.action, judgement.argument or ""
    name = resolver.canonical_name(group)
    if action == "reject":
        group.rejected = True
    elif action == "rename":
        group.name_override = " ".join(argument.split())
    elif action == "retype":
        if argument not in resolver.ontology.entity_types:
            known = ", ".join(sorted(resolver.ontology.entity_types))
            return f"unknown entity type {argument!r} (one of {known})"
        group.type = argument
    elif action == "merge":
        other, problem = index.lookup(argument, None)
        if other is None:
            return problem
        if other is group:
            return f"{argument!r} is already part of {name!r}"
        group.name_override = name
        group.members = sorted(group.members + other.members)
        group.dropped_keys -= {resolution_key(n) for n in resolver.surface_names(other)}
        index.remove(other)
        index.groups[:] = [g for g in index.groups if g is not other]
    elif action == "split":
        key = resolution_key(argument)
        if key == resolution_key(name):
            return f"{argument!r} is the entity's own name; rename it first"
        moving = [i for i in group.members if resolver.records[i].key == key]
        if not moving:
            return f"no document names an entity {argument!r} inside {name!r}"
        if len(moving) == len(group.members):
            return f"every document entity of {name!r} is {argument!r}"
        moved = set(moving)
        group.members = [i for i in group.members if i not in moved]
        group.dropped_keys.add(key)
        # The part taken out gets the type its documents gave it: a split undoes
        # a merge across types (a city merged into an organization) with its relations.
        documented = Counter(resolver.records[i].entity.type for i in moving)
        new = Group(members=moving, type=max(sorted(documented), key=documented.__getitem__))
        index.groups.append(new)
        index.add(new)
        apart.append((group, new))
    index.refresh(group)
    return None
