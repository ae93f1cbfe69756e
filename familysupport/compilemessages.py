"""Compile the gettext catalogues in locale/ without needing GNU gettext.

`make run` on a fresh machine must serve translated pages even where msgfmt is
missing, so the .mo files are committed and this rebuilds them from the .po
files only when a .po is newer. Uses Python's own msgfmt logic (from Tools/i18n),
re-implemented here because that script is not installed with Python.
"""

import ast
import struct
import sys
from pathlib import Path

LOCALE = Path(__file__).resolve().parent.parent / "locale"


def parse_po(path: Path) -> dict[str, str]:
    messages: dict[str, str] = {}
    section = None
    msgctxt = msgid = msgid_plural = ""
    plurals: dict[int, str] = {}
    msgstr = ""
    fuzzy = False

    def flush():
        nonlocal msgctxt, msgid, msgid_plural, plurals, msgstr, fuzzy
        # Like GNU msgfmt: a fuzzy header still counts (it carries the charset and the
        # plural rule), and a plural entry counts only when its first form is filled.
        if section is not None and (not fuzzy or not msgid):
            key = f"{msgctxt}\x04{msgid}" if msgctxt else msgid
            if msgid_plural:
                key = f"{key}\x00{msgid_plural}"
                value = "\x00".join(plurals[i] for i in sorted(plurals))
                translated = bool(plurals.get(0))
            else:
                value = msgstr
                translated = bool(value)
            if translated or not msgid:
                messages[key] = value
        msgctxt = msgid = msgid_plural = msgstr = ""
        plurals = {}
        fuzzy = False

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line.startswith("#,") and "fuzzy" in line:
            if section == "msgstr":
                flush()
                section = None
            fuzzy = True
            continue
        if not line or line.startswith("#"):
            continue
        if line.startswith("msgctxt"):
            if section == "msgstr":
                flush()
            section = "msgctxt"
            msgctxt = ast.literal_eval(line[7:].strip())
        elif line.startswith("msgid_plural"):
            section = "msgid_plural"
            msgid_plural = ast.literal_eval(line[12:].strip())
        elif line.startswith("msgid"):
            if section == "msgstr":
                # A "#, fuzzy" line would have flushed already: this entry is not fuzzy.
                flush()
            section = "msgid"
            msgid = ast.literal_eval(line[5:].strip())
        elif line.startswith("msgstr["):
            section = "msgstr"
            index = int(line[7 : line.index("]")])
            plurals[index] = ast.literal_eval(line[line.index("]") + 1 :].strip())
            current_plural = index
        elif line.startswith("msgstr"):
            section = "msgstr"
            msgstr = ast.literal_eval(line[6:].strip())
        elif line.startswith('"'):
            text = ast.literal_eval(line)
            if section == "msgctxt":
                msgctxt += text
            elif section == "msgid":
                msgid += text
            elif section == "msgid_plural":
                msgid_plural += text
            elif section == "msgstr":
                if plurals:
                    plurals[current_plural] += text
                else:
                    msgstr += text
    if section == "msgstr":
        flush()
    return messages


def write_mo(messages: dict[str, str], path: Path) -> None:
    keys = sorted(messages)
    ids = b""
    strs = b""
    offsets = []
    for key in keys:
        key_bytes = key.encode("utf-8")
        value_bytes = messages[key].encode("utf-8")
        offsets.append((len(ids), len(key_bytes), len(strs), len(value_bytes)))
        ids += key_bytes + b"\0"
        strs += value_bytes + b"\0"
    count = len(keys)
    key_start = 7 * 4 + 16 * count
    value_start = key_start + len(ids)
    key_table = []
    value_table = []
    for key_offset, key_len, value_offset, value_len in offsets:
        key_table += [key_len, key_offset + key_start]
        value_table += [value_len, value_offset + value_start]
    header = struct.pack("Iiiiiii", 0x950412DE, 0, count, 7 * 4, 7 * 4 + count * 8, 0, 0)
    body = struct.pack(f"{len(key_table)}i", *key_table) + struct.pack(
        f"{len(value_table)}i", *value_table
    )
    path.write_bytes(header + body + ids + strs)


def main() -> int:
    compiled = 0
    for po in sorted(LOCALE.glob("*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        write_mo(parse_po(po), mo)
        compiled += 1
    print(f"compilemessages: {compiled} catalogue(s) compiled")
    return 0


if __name__ == "__main__":
    sys.exit(main())
