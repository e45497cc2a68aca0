#!/usr/bin/env python
"""Check the gettext catalogs under ``locale/``.

The source strings of the project are Vietnamese, so ``locale/vi`` keeps empty
``msgstr`` values and only ``locale/en`` has to be translated.  This script fails
(exit status 1) when

* an entry of a translated locale (``en``) is untranslated or fuzzy,
* the placeholders of a ``msgstr`` differ from those of its ``msgid``
  (``%(name)s``, ``%s``, ``{name}``, ``{{ name }}``),
* a catalog header is fuzzy or lacks the expected ``Language`` / ``Plural-Forms``,
* a compiled ``.mo`` file is missing or does not match its ``.po`` file
  (``compilemessages`` was not run after editing the ``.po``).

Usage, after ``manage.py makemessages -l en -l vi ...``::

    python scripts/i18n_check.py            # every problem, untranslated msgids listed
    python scripts/i18n_check.py --no-mo    # skip the compiled-catalog checks

It needs only the standard library (no Django, no GNU gettext).
"""

from __future__ import annotations

import argparse
import gettext
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
LOCALE_DIR = BASE_DIR / "locale"

# Locales whose every msgstr must be filled in; the other locales are the
# source language (their msgstr stays empty and the msgid is shown).
TRANSLATED_LOCALES = ("en",)
EXPECTED_HEADERS = {
    "en": {"Language": "en", "Plural-Forms": "nplurals=2; plural=(n != 1);"},
    "vi": {"Language": "vi", "Plural-Forms": "nplurals=1; plural=0;"},
}

# --- Reading .po files --------------------------------------------------------

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
_KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(\".*\")\s*$")
_STRING = re.compile(r'^(".*")\s*$')


def _unquote(token: str) -> str:
    body = token.strip()[1:-1]
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), body)


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    lineno: int = 0
    obsolete: bool = False

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def translated(self) -> bool:
        return bool(self.msgstr) and all(self.msgstr.values())

    @property
    def key(self) -> str | tuple[str, int]:
        """The key under which Python's gettext stores the (singular) entry."""
        return self.msgid if self.msgctxt is None else f"{self.msgctxt}\x04{self.msgid}"


def parse_po(path: Path | str) -> list[Entry]:
    """Entries of a .po file (header first, obsolete ``#~`` entries marked)."""
    entries: list[Entry] = []
    current = Entry()
    started = False  # a keyword line was seen for ``current``
    target: tuple[str, int | None] | None = None

    def finish() -> None:
        nonlocal current, started, target
        if started:
            entries.append(current)
        current, started, target = Entry(), False, None

    for lineno, raw in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        obsolete = False
        if line.startswith("#~"):
            obsolete, line = True, line[2:].strip()
            if line.startswith("|"):  # previous msgid of an obsolete entry
                continue
        if not line:
            finish()
            continue
        if line.startswith("#"):
            if started:  # comments open the next entry (no blank line needed)
                finish()
            if line.startswith("#,"):
                current.flags.update(flag.strip() for flag in line[2:].split(",") if flag.strip())
            continue
        match = _KEYWORD.match(line)
        if match:
            keyword, index, token = match.groups()
            if keyword in ("msgctxt", "msgid") and started and target and target[0].startswith("msgstr"):
                finish()
            if not started:
                current.lineno = lineno
                started = True
            current.obsolete = current.obsolete or obsolete
            value = _unquote(token)
            if keyword == "msgctxt":
                current.msgctxt, target = value, ("msgctxt", None)
            elif keyword == "msgid":
                current.msgid, target = value, ("msgid", None)
            elif keyword == "msgid_plural":
                current.msgid_plural, target = value, ("msgid_plural", None)
            else:
                number = int(index) if index is not None else 0
                current.msgstr[number], target = value, ("msgstr", number)
            continue
        match = _STRING.match(line)
        if match and target:
            value = _unquote(match.group(1))
            name, number = target
            if name == "msgctxt":
                current.msgctxt = (current.msgctxt or "") + value
            elif name == "msgid":
                current.msgid += value
            elif name == "msgid_plural":
                current.msgid_plural = (current.msgid_plural or "") + value
            else:
                current.msgstr[number or 0] += value
            continue
        raise ValueError(f"{path}:{lineno}: cannot parse line: {raw!r}")
    finish()
    return entries


def parse_header(text: str) -> dict[str, str]:
    headers = {}
    for line in text.splitlines():
        name, sep, value = line.partition(":")
        if sep:
            headers[name.strip()] = value.strip()
    return headers


# --- Placeholders -------------------------------------------------------------

_PERCENT = re.compile(
    r"%(?:\((?P<name>[^)]*)\))?[#0 +-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?(?P<conv>[diouxXeEfFgGcrsa%])"
)
_BRACE = re.compile(r"(?<!\{)\{(?P<field>[A-Za-z_]\w*|\d*)(?:![rsa])?(?::[^{}]*)?\}(?!\})")
_TEMPLATE_VAR = re.compile(r"\{\{\s*(?P<name>[^{}\s|]+)[^{}]*\}\}")


@dataclass(frozen=True)
class Placeholders:
    named: frozenset[str]  # "%(name)s" -> "name:s"
    positional: tuple[str, ...]  # "%s", "%d", in order
    brace: frozenset[str]  # "{name}", "{0}", "{}"
    template: frozenset[str]  # "{{ name }}"

    def describe(self) -> str:
        parts = [f"%({n.split(':')[0]}){n.split(':')[1]}" for n in sorted(self.named)]
        parts += [f"%{c}" for c in self.positional]
        parts += [f"{{{b}}}" for b in sorted(self.brace)]
        parts += [f"{{{{ {t} }}}}" for t in sorted(self.template)]
        return ", ".join(parts) or "none"


def placeholders(text: str, flags: Iterable[str] | None = None) -> Placeholders:
    """The placeholders of ``text``.

    With ``flags`` from a .po entry, positional ``%`` directives are only read
    when the entry is ``python-format`` (as msgfmt does); with ``flags=None``
    (a compiled catalog, where flags are gone) every ``%`` directive counts.
    """
    flags = set(flags) if flags is not None else None
    percent_all = flags is None or "python-format" in flags
    percent_any = flags is None or "no-python-format" not in flags
    named: set[str] = set()
    positional: list[str] = []
    if percent_any:
        for match in _PERCENT.finditer(text):
            conv = match.group("conv")
            if conv == "%":
                continue
            if match.group("name") is not None:
                named.add(f"{match.group('name')}:{conv}")
            elif percent_all:
                positional.append(conv)
    without_template = _TEMPLATE_VAR.sub("", text)
    brace = {m.group("field") for m in _BRACE.finditer(without_template)}
    template = {m.group("name") for m in _TEMPLATE_VAR.finditer(text)}
    return Placeholders(frozenset(named), tuple(positional), frozenset(brace), frozenset(template))


def placeholder_problem(
    msgid: str,
    msgstr: str,
    flags: Iterable[str] | None = None,
    msgid_plural: str | None = None,
) -> str | None:
    """Why ``msgstr`` does not carry the placeholders of its msgid, or ``None``.

    For a plural entry a form may leave out a named placeholder (``One line``
    for ``%(count)s lines``) but may not add one.
    """
    source = placeholders(msgid, flags)
    target = placeholders(msgstr, flags)
    if msgid_plural is None:
        if source == target:
            return None
        return f"placeholders differ: msgid has {source.describe()}, msgstr has {target.describe()}"
    plural = placeholders(msgid_plural, flags)
    allowed = Placeholders(
        source.named | plural.named, plural.positional, source.brace | plural.brace, source.template | plural.template
    )
    extra = (
        not target.named <= allowed.named
        or not target.brace <= allowed.brace
        or not target.template <= allowed.template
        or target.positional not in (source.positional, plural.positional)
    )
    if not extra:
        return None
    return f"placeholders differ: msgid/msgid_plural have {allowed.describe()}, msgstr has {target.describe()}"


# --- Checks -------------------------------------------------------------------


@dataclass
class Problem:
    path: Path
    lineno: int
    kind: str
    message: str

    def __str__(self) -> str:
        try:
            where = self.path.relative_to(BASE_DIR)
        except ValueError:
            where = self.path
        return f"{where}:{self.lineno}: {self.kind}: {self.message}"


def _short(text: str, limit: int = 100) -> str:
    text = text.replace("\n", "\\n")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def locale_of(po_path: Path) -> str:
    # locale/<lang>/LC_MESSAGES/<domain>.po
    return po_path.parent.parent.name


def check_po(po_path: Path, *, translated: bool | None = None) -> list[Problem]:
    """Problems of one .po file. ``translated``: every msgstr must be filled
    (default: the file's locale is in TRANSLATED_LOCALES)."""
    po_path = Path(po_path)
    language = locale_of(po_path)
    if translated is None:
        translated = language in TRANSLATED_LOCALES
    problems: list[Problem] = []
    entries = parse_po(po_path)
    header = next((e for e in entries if e.is_header and not e.obsolete), None)
    if header is None:
        problems.append(Problem(po_path, 1, "header", "no header entry"))
    else:
        if header.fuzzy:
            problems.append(Problem(po_path, header.lineno, "header", "the header is marked fuzzy"))
        values = parse_header(header.msgstr.get(0, ""))
        for name, expected in EXPECTED_HEADERS.get(language, {}).items():
            if values.get(name) != expected:
                problems.append(
                    Problem(po_path, header.lineno, "header", f"{name} is {values.get(name)!r}, expected {expected!r}")
                )
    for entry in entries:
        if entry.is_header or entry.obsolete:
            continue
        label = _short(entry.msgid)
        if translated and entry.fuzzy:
            problems.append(Problem(po_path, entry.lineno, "fuzzy", label))
            continue
        if translated and not entry.translated:
            problems.append(Problem(po_path, entry.lineno, "untranslated", label))
            continue
        if entry.fuzzy:
            continue  # source-language catalog: msgfmt leaves fuzzy entries out anyway
        for msgstr in entry.msgstr.values():
            if not msgstr:
                continue
            problem = placeholder_problem(entry.msgid, msgstr, entry.flags, entry.msgid_plural)
            if problem:
                problems.append(Problem(po_path, entry.lineno, "placeholders", f"{label}: {problem}"))
    return problems


def load_mo(mo_path: Path) -> dict[object, str]:
    """The catalog of a compiled .mo file (header under the key "")."""
    with open(mo_path, "rb") as handle:
        return dict(gettext.GNUTranslations(handle)._catalog)  # no public accessor


def check_mo_placeholders(mo_path: Path) -> list[Problem]:
    """Every entry of a compiled catalog keeps the placeholders of its msgid.

    A compiled catalog has no flags; those of the .po next to it are used when
    it exists (so a ``no-python-format`` entry may hold a literal ``% o``),
    otherwise every ``%`` directive counts.
    """
    mo_path = Path(mo_path)
    po_path = mo_path.with_suffix(".po")
    flags: dict[object, set[str]] = {}
    plurals: dict[object, str] = {}
    if po_path.exists():
        for entry in parse_po(po_path):
            if not entry.obsolete:
                flags[entry.key] = entry.flags
                if entry.msgid_plural is not None:
                    plurals[entry.key] = entry.msgid_plural
    problems = []
    for key, msgstr in load_mo(mo_path).items():
        singular_key = key[0] if isinstance(key, tuple) else key
        if singular_key == "":
            continue
        msgid = singular_key.split("\x04", 1)[-1]
        entry_flags = flags.get(singular_key)
        if isinstance(key, tuple):
            plural = plurals.get(singular_key, msgid)
            problem = placeholder_problem(msgid, msgstr, entry_flags, msgid_plural=plural)
        else:
            problem = placeholder_problem(msgid, msgstr, entry_flags)
        if problem:
            problems.append(Problem(mo_path, 0, "placeholders", f"{_short(msgid)}: {problem}"))
    return problems


def check_mo(po_path: Path) -> list[Problem]:
    """The .mo next to ``po_path`` exists, matches it and keeps placeholders."""
    po_path = Path(po_path)
    mo_path = po_path.with_suffix(".mo")
    if not mo_path.exists():
        return [Problem(po_path, 0, "not compiled", f"{mo_path.name} is missing; run manage.py compilemessages")]
    problems = check_mo_placeholders(mo_path)
    catalog = load_mo(mo_path)
    expected: dict[object, str] = {}
    for entry in parse_po(po_path):
        if entry.is_header or entry.obsolete or entry.fuzzy or not entry.translated:
            continue
        if entry.msgid_plural is None:
            expected[entry.key] = entry.msgstr[0]
        else:
            for number, msgstr in entry.msgstr.items():
                expected[(entry.key, number)] = msgstr
    compiled = {key: value for key, value in catalog.items() if key != ""}
    stale = [key for key, value in expected.items() if compiled.get(key) != value]
    stale += [key for key in compiled if key not in expected]
    if stale:
        sample = ", ".join(repr(_short(k[0] if isinstance(k, tuple) else k, 50)) for k in stale[:3])
        problems.append(
            Problem(
                mo_path,
                0,
                "out of date",
                f"{len(stale)} entr{'y' if len(stale) == 1 else 'ies'} differ from {po_path.name} ({sample}); "
                "run manage.py compilemessages",
            )
        )
    return problems


def po_files(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    return sorted(Path(locale_dir).glob("*/LC_MESSAGES/*.po"))


def run(paths: Sequence[Path], *, compiled: bool = True) -> list[Problem]:
    problems: list[Problem] = []
    for path in paths:
        problems += check_po(path)
        if compiled:
            problems += check_mo(path)
    return problems


def _say(text: object, *, error: bool = False) -> None:
    (sys.stderr if error else sys.stdout).write(f"{text}\n")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("po", nargs="*", type=Path, help="the .po files to check (default: locale/*/LC_MESSAGES/*.po)")
    parser.add_argument("--no-mo", action="store_true", help="do not check the compiled .mo files")
    args = parser.parse_args(argv)
    paths = [p.resolve() for p in args.po] or po_files()
    if not paths:
        _say(f"no .po files under {LOCALE_DIR}", error=True)
        return 1
    problems = run(paths, compiled=not args.no_mo)
    for problem in problems:
        _say(problem)
    for path in paths:
        entries = [e for e in parse_po(path) if not e.is_header and not e.obsolete]
        done = sum(1 for e in entries if e.translated and not e.fuzzy)
        where = path.relative_to(BASE_DIR) if path.is_relative_to(BASE_DIR) else path
        _say(f"{where}: {done}/{len(entries)} translated")
    if problems:
        counts: dict[str, int] = {}
        for problem in problems:
            counts[problem.kind] = counts.get(problem.kind, 0) + 1
        summary = ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items()))
        _say(f"FAILED: {summary}", error=True)
        return 1
    _say("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
