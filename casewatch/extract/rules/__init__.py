"""Rule and lexicon data files of the extractor, loaded once per process."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

from casewatch.core.errors import ConfigError

RULES_DIR = Path(__file__).parent


@cache
def load(name: str) -> Any:
    """The parsed YAML file ``rules/<name>.yaml``; e.g. ``load("people")["pronouns"]``."""
    path = RULES_DIR / f"{name}.yaml"
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except FileNotFoundError as exc:
        raise ConfigError(f"rule file {path} is missing; reinstall casewatch") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"rule file {path} is not valid YAML: {exc}") from exc
