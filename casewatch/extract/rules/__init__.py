"""Rule and lexicon data files of the extractor, loaded once per process."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

from casewatch.core.errors import ConfigError

RULES_DIR = Path(__file__).parent
# libyaml's C parser when PyYAML was built with it (the wheels are): the same documents, ~8x faster,
# which every extraction process pays once at start.
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def load(name: str) -> Any:
    """The parsed YAML file ``rules/<name>.yaml``; e.g. ``load("people")["pronouns"]``."""
    path = RULES_DIR / f"{name}.yaml"
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.load(handle, Loader=_LOADER)  # noqa: S506 - a safe loader, C or Python
    except FileNotFoundError as exc:
        raise ConfigError(f"rule file {path} is missing; reinstall casewatch") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"rule file {path} is not valid YAML: {exc}") from exc
