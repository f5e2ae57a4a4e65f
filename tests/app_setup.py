"""Make a fresh app and an empty database for each test cheaply.

Nearly every test gets its own app and its own SQLite file, so the suite builds about two
thousand of each. Three costs dominated, together more than a third of `make test`:

- Werkzeug compiles Python code for every URL rule of every app it builds (about 150 rules).
  A rule's compiled builder depends only on the rule's text, its parsed parts and defaults,
  so `share_url_builders` compiles each once per test run and binds it to each app's own
  rule, as Werkzeug itself does.
- Each app's Jinja environment compiles every template it renders again. `share_templates`
  gives every test app one in-memory bytecode cache (Jinja's own mechanism, keyed by each
  template's source checksum, so an edited template is compiled afresh).
- `db.create_all()` issues every CREATE TABLE and index again. `copy_schema` copies a file
  that already has the schema (tests/conftest.py's ``sqlite_schema``) instead.

All three change only how tests are set up; each test still has an app and a database of its own.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from jinja2 import BytecodeCache
from werkzeug.routing.rules import Rule

_compile_builder = Rule._compile_builder
_builders: dict[tuple, object] = {}


def _shared_builder(self: Rule, append_unknown: bool = True):
    defaults = (self.defaults or {}).items()
    key = (
        self.rule,
        tuple(self._trace),
        tuple(sorted((name, type(value).__name__, repr(value)) for name, value in defaults)),
        tuple(sorted((name, type(converter).__qualname__) for name, converter in self._converters.items())),
        append_unknown,
    )
    builder = _builders.get(key)
    if builder is None:
        builder = _builders[key] = _compile_builder(self, append_unknown)
    return builder


def share_url_builders() -> None:
    Rule._compile_builder = _shared_builder


class _InMemoryBytecode(BytecodeCache):
    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_templates = _InMemoryBytecode()


def share_templates(app) -> None:
    app.jinja_env.bytecode_cache = _templates


def copy_schema(template: Path, folder: Path) -> str:
    """A SQLite URL for a copy of `template` (every table, no rows) in `folder`."""
    target = folder / "test.sqlite"
    shutil.copyfile(template, target)
    return f"sqlite:///{target}"
