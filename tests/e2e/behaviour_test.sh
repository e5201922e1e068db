#!/usr/bin/env bash
# End-to-end behaviour checks for piiscan that need fixtures built at test time: permissions,
# FIFOs, symlink loops, encodings, window boundaries, report files, privacy canaries.
#
#   behaviour_test.sh /path/to/piiscan [check-name...]
#
# Every check is a function run in its own subshell with a fresh fixture folder under a
# `mktemp -d` in /tmp (world-traversable, because some checks run piiscan as uid 65534). It
# prints `ok - name` or `not ok - name` (plus the reason as `#` lines), and at the end
# `N passed, M failed`; the exit status is 1 when any check failed. Every piiscan run is wrapped
# in `timeout 20`, so a hang is a failure (exit 124), never a stuck test.
#
# JSON is checked with /usr/bin/python3's json module (no jq needed). Every personal value here
# is synthetic: the Bundesbank specimen IBAN, generated IBANs/Steuer-IdNr with valid check
# digits, the industry test card 4111 1111 1111 1111, e-mails at example.com/example.de.

set -u
umask 022

if [[ $# -lt 1 ]]; then
  echo "usage: $0 /path/to/piiscan [check...]" >&2
  exit 2
fi
PIISCAN=$(readlink -f "$1")
shift
if [[ ! -x $PIISCAN ]]; then
  echo "not executable: $PIISCAN" >&2
  exit 2
fi
PY=/usr/bin/python3
[[ -x $PY ]] || PY=$(command -v python3)

ROOT=$(mktemp -d /tmp/piiscan-e2e.XXXXXX)
chmod 755 "$ROOT"
cleanup() {
  chmod -R u+rwx "$ROOT" 2>/dev/null
  rm -rf "$ROOT"
}
trap cleanup EXIT

# Synthetic values (see README.md).
IBAN_SPECIMEN='DE89 3704 0044 0532 0130 00'      # Bundesbank/ECBS specimen
IBAN_CANARY='DE44 5001 0517 5407 3249 31'        # generated, valid mod 97
IBAN_OTHER='DE41 5001 0517 0123 4567 89'         # generated, valid mod 97
CARD_TEST='4111 1111 1111 1111'                  # Visa test card, Luhn-valid
TAX_ID='36574261809'                             # BZSt/stdnum specimen Steuer-IdNr

IS_ROOT=0
[[ $(id -u) -eq 0 ]] && IS_ROOT=1

# --- helpers (they run inside a check's subshell; `fail` ends the check) -----------------------

fail() {
  echo "$*"
  exit 1
}

skip() {
  echo "SKIP: $*"
  exit 0
}

# A fresh, world-traversable folder for one check; prints its path.
fixture() {
  local dir
  dir=$(mktemp -d "$ROOT/${1:-fx}.XXXXXX")
  chmod 755 "$dir"
  echo "$dir"
}

# piiscan with a hang guard. Sets RC; stdout/stderr go where the caller redirects them.
pii() {
  timeout 20 "$PIISCAN" "$@"
  RC=$?
  [[ $RC -ne 124 ]] || fail "piiscan hung (timeout 20 s): piiscan $*"
  return 0
}

# Runs piiscan as uid/gid 65534 when we are root (root reads chmod 000 files, so a permission
# test as root tests nothing); as ourselves otherwise. Sets RC.
pii_unprivileged() {
  if [[ $IS_ROOT -eq 1 ]]; then
    local bin="$ROOT/bin/piiscan"
    if [[ ! -x $bin ]]; then
      mkdir -p "$ROOT/bin" && cp "$PIISCAN" "$bin.tmp.$$" && chmod 755 "$ROOT/bin" "$bin.tmp.$$" &&
        mv "$bin.tmp.$$" "$bin"
    fi
    timeout 20 setpriv --reuid=65534 --regid=65534 --clear-groups "$bin" "$@"
  else
    timeout 20 "$PIISCAN" "$@"
  fi
  RC=$?
  [[ $RC -ne 124 ]] || fail "piiscan hung (timeout 20 s): piiscan $*"
  return 0
}

expect_rc() {
  [[ $RC -eq $1 ]] || fail "expected exit $1, got $RC${2:+ ($2)}"
}

# jcheck FILE PYTHON: runs PYTHON with `d` = the parsed JSON document (a list of objects for a
# .jsonl file) and `files` = {path: file object} when there is a "files" list; use assert.
jcheck() {
  local file=$1 code=$2
  "$PY" - "$file" "$code" <<'PYEOF' || fail "assertion failed on $(basename "$file")"
import json, sys
path, code = sys.argv[1], sys.argv[2]
with open(path, encoding="utf-8") as handle:
    text = handle.read()
if path.endswith(".jsonl"):
    d = [json.loads(line) for line in text.split("\n") if line]
else:
    d = json.loads(text)
files = {f["path"]: f for f in d["files"]} if isinstance(d, dict) and "files" in d else {}
def findings(path, detector=None):
    return [x for x in files[path]["findings"] if detector is None or x["detector"] == detector]
try:
    exec(code)
except AssertionError as error:
    print("assertion failed:", code.strip(), "|", error)
    sys.exit(1)
PYEOF
}

# Replaces the number of every "duration_ms" with 0 (in place).
normalise_duration() {
  sed -i -E 's/("duration_ms": ?)[0-9]+/\10/g' "$@"
}

# --- exit codes --------------------------------------------------------------------------------

check_exit_0_clean_tree() {
  local fx; fx=$(fixture)
  mkdir "$fx/tree"
  printf 'Protokoll der Sitzung.\nKeine Daten.\n' > "$fx/tree/protokoll.txt"
  printf 'Agenda\n' > "$fx/tree/agenda.md"
  cd "$fx" && pii scan tree --format json -o r.json 2>err.txt
  expect_rc 0 "$(cat err.txt)"
  jcheck r.json 'assert d["scan"]["complete"] is True; assert len(d["files"]) == 2'
}

check_exit_1_at_or_above_fail_on() {
  local fx; fx=$(fixture)
  mkdir "$fx/tree"
  printf 'IBAN %s\n' "$IBAN_SPECIMEN" > "$fx/tree/konto.txt"   # confidential
  cd "$fx" || fail "cannot enter $fx"
  pii scan tree --format json >/dev/null 2>&1
  expect_rc 1 "default --fail-on confidential"
  pii scan tree --format json --fail-on restricted >/dev/null 2>&1
  expect_rc 0 "--fail-on restricted, file is only confidential"
  pii scan tree --format json --fail-on never >/dev/null 2>&1
  expect_rc 0 "--fail-on never"
}

check_exit_2_unreadable_file_nothing_found() {
  local fx; fx=$(fixture)
  mkdir "$fx/tree"
  printf 'IBAN %s\n' "$IBAN_SPECIMEN" > "$fx/tree/geheim.txt"
  chmod 000 "$fx/tree/geheim.txt"
  printf 'nichts\n' > "$fx/tree/leer.txt"
  if [[ $IS_ROOT -eq 0 ]] && cat "$fx/tree/geheim.txt" >/dev/null 2>&1; then
    skip "chmod 000 does not stop this (non-root) user from reading"
  fi
  cd "$fx" && pii_unprivileged scan tree --format json >r.json 2>err.txt
  expect_rc 2 "$(cat err.txt)"
  jcheck r.json 'assert d["scan"]["complete"] is False'
}

check_exit_1_wins_over_2() {
  local fx; fx=$(fixture)
  mkdir "$fx/tree"
  printf 'IBAN %s\n' "$IBAN_SPECIMEN" > "$fx/tree/konto.txt"
  head -c 5000 /dev/zero | tr '\0' 'a' > "$fx/tree/gross.txt"
  cd "$fx" && pii scan tree --format json --max-file-size 1K >r.json 2>err.txt
  expect_rc 1 "a confidential file and an incomplete scan: 1 wins over 2"
  jcheck r.json 'assert d["scan"]["complete"] is False'
}

check_exit_3_usage_errors() {
  local fx; fx=$(fixture)
  mkdir "$fx/tree" && printf 'x\n' > "$fx/tree/a.txt"
  cd "$fx" || fail "cannot enter $fx"
  local args
  for args in "scan tree --no-such-option" "scan tree --format xml" "scan tree --fail-on sometimes" \
              "scan tree --max-file-size lots" "scan tree -j 0" "scan" "frobnicate"; do
    # shellcheck disable=SC2086
    pii $args >out.txt 2>err.txt
    expect_rc 3 "piiscan $args"
    [[ -s err.txt ]] || fail "no message on stderr for: piiscan $args"
  done
}

# The rules file below has the unknown validator on line 6, in rule 'my_rule' (line 2).
write_bad_rules() {
  printf '%s\n' \
    '# a rule file with one mistake: the validator name' \
    '[[rule]]' \
    'id          = "my_rule"' \
    'category    = "financial"' \
    'description = "test rule"' \
    "validator   = \"ibna\"" \
    "regex       = '''\\bX[0-9]{6}\\b'''" \
    'examples.match    = ["X123456"]' \
    'examples.no_match = ["X12"]' > "$1"
}

check_exit_3_rules_unknown_validator() {
  local fx; fx=$(fixture)
  mkdir "$fx/tree" && printf 'x\n' > "$fx/tree/a.txt"
  write_bad_rules "$fx/bad.toml"
  cd "$fx" && pii scan tree --rules bad.toml >out.txt 2>err.txt
  expect_rc 3 "$(cat err.txt)"
  [[ ! -s out.txt ]] || fail "a report was written to stdout despite the rule error"
  grep -Eq 'bad\.toml:[0-9]+' err.txt || fail "message does not name file and line: $(cat err.txt)"
  grep -q "my_rule" err.txt || fail "message does not name the rule: $(cat err.txt)"
  grep -q "ibna" err.txt || fail "message does not name the bad validator: $(cat err.txt)"
}

# House style (docs 4): messages name the file, the line, the rule and the field, e.g.
# `rules/financial.toml:7: rule 'iban': unknown validator 'ibna' (did you mean 'iban'?)`, where
# line 7 is the `validator =` line of that example. Other key errors already use the key's line.
check_rules_error_names_validator_line() {
  local fx; fx=$(fixture)
  mkdir "$fx/tree" && printf 'x\n' > "$fx/tree/a.txt"
  write_bad_rules "$fx/bad.toml"
  cd "$fx" && pii scan tree --rules bad.toml >out.txt 2>err.txt
  expect_rc 3
  local expected="piiscan: bad.toml:6: rule 'my_rule': unknown validator 'ibna' (did you mean 'iban'?)"
  [[ $(cat err.txt) == "$expected" ]] || fail "expected: $expected | got: $(cat err.txt)"
}

check_exit_3_missing_policy() {
  local fx; fx=$(fixture)
  mkdir "$fx/tree" && printf 'x\n' > "$fx/tree/a.txt"
  cd "$fx" && pii scan tree --policy no-such-policy.toml >out.txt 2>err.txt
  expect_rc 3 "$(cat err.txt)"
  grep -q "no-such-policy.toml" err.txt || fail "message does not name the policy: $(cat err.txt)"
  [[ ! -s out.txt ]] || fail "a report was written despite the policy error"
}

check_exit_3_report_path_is_symlink() {
  local fx; fx=$(fixture)
  mkdir "$fx/tree" && printf 'IBAN %s\n' "$IBAN_SPECIMEN" > "$fx/tree/a.txt"
  cd "$fx" || fail "cannot enter $fx"
  printf 'victim content\n' > victim.txt
  touch -d '2001-02-03 04:05:06' victim.txt
  local before; before=$(stat -c '%s %Y %a' victim.txt)
  local format
  for format in json jsonl csv table; do
    ln -sfn victim.txt "report.$format"
    pii scan tree --format "$format" -o "report.$format" >out.txt 2>err.txt
    expect_rc 3 "-o symlink, --format $format: $(cat err.txt)"
    [[ -L report.$format ]] || fail "the symlink report.$format was replaced"
    grep -q "report.$format" err.txt || fail "message does not name the report: $(cat err.txt)"
  done
  [[ $(cat victim.txt) == "victim content" ]] || fail "the symlink's target was modified"
  [[ $(stat -c '%s %Y %a' victim.txt) == "$before" ]] || fail "the symlink's target changed"
  # A dangling symlink must not create its target either.
  ln -sfn new-victim.json dangling.json
  pii scan tree --format json -o dangling.json >out.txt 2>err.txt
  expect_rc 3 "-o dangling symlink"
  [[ ! -e new-victim.json ]] || fail "a report was written through a dangling symlink"
  if compgen -G '.*.piiscan-*.tmp' >/dev/null; then
    fail "temporary report files left behind: $(compgen -G '.*.piiscan-*.tmp')"
  fi
}

# --- unreadable entries, special files, symlinks -----------------------------------------------

check_unreadable_file_and_folder_unprivileged() {
  if [[ $IS_ROOT -eq 0 ]]; then
    skip "not running as root: cannot switch to uid 65534 with setpriv"
  fi
  command -v setpriv >/dev/null || fail "setpriv (util-linux) is missing"
  local fx; fx=$(fixture)
  mkdir -p "$fx/tree/gesperrt"
  printf 'Kontakt: lesbar@example.com\n' > "$fx/tree/lesbar.txt"     # internal: below --fail-on
  printf 'IBAN %s\n' "$IBAN_SPECIMEN" > "$fx/tree/geheim.txt"
  printf 'IBAN %s\n' "$IBAN_OTHER" > "$fx/tree/gesperrt/innen.txt"
  chmod 000 "$fx/tree/geheim.txt" "$fx/tree/gesperrt"
  cd "$fx" && pii_unprivileged scan tree --format json >r.json 2>err.txt
  expect_rc 2 "unreadable entries, nothing at or above --fail-on: $(cat err.txt)"
  jcheck r.json '
errors = {e["path"]: e for e in d["scan"]["errors"]}
assert d["scan"]["complete"] is False, d["scan"]
assert "tree/geheim.txt" in errors, errors
assert "tree/gesperrt" in errors, errors
assert errors["tree/geheim.txt"]["stage"] == "open", errors
assert errors["tree/gesperrt"]["stage"] in ("walk", "opendir", "open"), errors
for e in errors.values():
    assert "permission denied" in e["message"].lower(), e
assert "tree/geheim.txt" not in files and "tree/gesperrt/innen.txt" not in files, list(files)
assert [x["detector"] for x in findings("tree/lesbar.txt")] == ["email"], files
'
  grep -q "tree/geheim.txt" err.txt || fail "no warning on stderr naming tree/geheim.txt: $(cat err.txt)"
  grep -q "tree/gesperrt" err.txt || fail "no warning on stderr naming tree/gesperrt: $(cat err.txt)"
  # JSONL: the same errors as "error" records.
  pii_unprivileged scan tree --format jsonl >r.jsonl 2>/dev/null
  expect_rc 2
  jcheck r.jsonl '
errs = sorted(x["path"] for x in d if x["type"] == "error")
assert errs == ["tree/geheim.txt", "tree/gesperrt"], errs
assert d[-1]["type"] == "summary" and d[-1]["scan"]["complete"] is False, d[-1]
'
}

check_fifo_is_skipped_not_read() {
  local fx; fx=$(fixture)
  mkdir "$fx/tree"
  mkfifo "$fx/tree/pipe"
  printf 'Kontakt: fifo@example.com\n' > "$fx/tree/a.txt"
  cd "$fx" && pii scan tree --format json >r.json 2>err.txt
  expect_rc 0 "a FIFO is a policy skip: $(cat err.txt)"
  jcheck r.json '
skipped = {s["path"]: s for s in d["scan"]["skipped"]}
assert skipped.get("tree/pipe", {}).get("reason") == "fifo", d["scan"]
assert d["scan"]["complete"] is True
assert "tree/pipe" not in files and "tree/a.txt" in files
'
  # Named directly as a root, too.
  pii scan tree/pipe --format json >r2.json 2>err.txt
  [[ $RC -ne 124 ]] || fail "hung on a FIFO root"
  jcheck r2.json 'assert [s["reason"] for s in d["scan"]["skipped"]] == ["fifo"], d["scan"]'
}

make_loop_tree() {
  mkdir -p "$1/tree/sub"
  printf 'IBAN %s\n' "$IBAN_SPECIMEN" > "$1/tree/a.txt"
  printf 'Kontakt: b@example.com\n' > "$1/tree/sub/b.txt"
  ln -s . "$1/tree/loop"
  ln -s ../tree "$1/tree/up"
  ln -s .. "$1/tree/sub/back"
}

check_symlink_loop_not_followed() {
  local fx; fx=$(fixture)
  make_loop_tree "$fx"
  cd "$fx" && pii scan tree --format json >r.json 2>err.txt
  expect_rc 1
  jcheck r.json '
skipped = {s["path"]: s["reason"] for s in d["scan"]["skipped"]}
assert skipped == {"tree/loop": "symlink_not_followed", "tree/up": "symlink_not_followed",
                   "tree/sub/back": "symlink_not_followed"}, skipped
assert sorted(files) == ["tree/a.txt", "tree/sub/b.txt"], sorted(files)
assert d["scan"]["complete"] is True
'
}

check_symlink_loop_followed_terminates() {
  local fx; fx=$(fixture)
  make_loop_tree "$fx"
  cd "$fx" && pii scan tree --follow-symlinks --format json >r.json 2>err.txt
  expect_rc 1 "$(cat err.txt)"
  jcheck r.json '
import os
real = {os.path.realpath(p) for p in files}
assert len(real) == len(files) == 2, sorted(files)
assert len(findings("tree/a.txt", "iban")) == 1
assert d["summary"]["findings_by_detector"] == {"email": 1, "iban": 1}, d["summary"]
'
}

# --- encodings and windows ---------------------------------------------------------------------

check_encodings_utf16_and_cp1252() {
  local fx; fx=$(fixture)
  mkdir "$fx/enc"
  local text
  text=$(printf 'Name: J\xc3\xbcrgen M\xc3\xbcller\nStra\xc3\x9fe 1\nIBAN: %s\n' "$IBAN_SPECIMEN")
  text+=$'\n'
  { printf '\xff\xfe'; printf '%s' "$text" | iconv -f UTF-8 -t UTF-16LE; } > "$fx/enc/u16le_bom.txt"
  { printf '\xfe\xff'; printf '%s' "$text" | iconv -f UTF-8 -t UTF-16BE; } > "$fx/enc/u16be_bom.txt"
  printf '%s' "$text" | iconv -f UTF-8 -t UTF-16LE > "$fx/enc/u16le_nobom.txt"
  printf '%s' "$text" | iconv -f UTF-8 -t WINDOWS-1252 > "$fx/enc/cp1252.txt"
  { printf '\xef\xbb\xbf'; printf 'IBAN %s\n' "$IBAN_OTHER"; } > "$fx/enc/utf8_bom.txt"
  cmp -s <(head -c 8 "$fx/enc/cp1252.txt") <(printf 'Name: J\xfc') || fail "iconv cp1252 fixture wrong"
  cd "$fx" && pii scan enc --format json >r.json 2>err.txt
  expect_rc 1 "$(cat err.txt)"
  jcheck r.json '
expected = {"enc/u16le_bom.txt": "utf-16le", "enc/u16be_bom.txt": "utf-16be",
            "enc/u16le_nobom.txt": "utf-16le", "enc/cp1252.txt": "windows-1252"}
for path, encoding in expected.items():
    found = findings(path, "iban")
    assert len(found) == 1, (path, files.get(path))
    # line 3, after "IBAN: "; column in bytes of the decoded (UTF-8) text
    assert (found[0]["line"], found[0]["column"]) == (3, 7), (path, found)
    assert files[path]["encoding"].lower() == encoding, (path, files[path]["encoding"])
bom = findings("enc/utf8_bom.txt", "iban")
assert len(bom) == 1 and (bom[0]["line"], bom[0]["column"]) == (1, 6), bom
'
}

check_window_boundaries_found_once() {
  local fx; fx=$(fixture)
  mkdir "$fx/big"
  # The decoded-text window is 1 MiB (1048576) with 2048 bytes of overlap, read blocks are
  # 256 KiB (262144). gross.txt (3,000,000 bytes): IBANs cross 262144, 1048576 and 2097152,
  # one sits at ~2.9 MB, and a two-byte UTF-8 character straddles the read block boundary at
  # 524288 (it is the first non-ASCII byte, so the encoding is decided on half a character).
  # crlf.txt: CRLF line ends, one CR LF pair split by the 1 MiB window boundary, then an IBAN.
  # utf16.txt: UTF-16LE with umlauts, an IBAN across the 1 MiB boundary of the decoded text.
  "$PY" - "$fx/big" "$fx/expected.json" <<'PYEOF' || fail "fixture generation failed"
import json, os, sys
folder, expected_path = sys.argv[1], sys.argv[2]
expected = {}

def locate(text, starts, values, path):
    found = []
    for start, value in zip(starts, values):
        assert text[start:start + len(value)] == value.encode(), (path, start)
        line = text.count(b"\n", 0, start) + 1
        column = start - (max(text.rfind(b"\n", 0, start), text.rfind(b"\r", 0, start)) + 1) + 1
        found.append({"offset": start, "line": line, "column": column, "length": len(value)})
    expected["big/" + path] = found

# gross.txt
values = ["DE89 3704 0044 0532 0130 00", "DE44 5001 0517 5407 3249 31",
          "DE41 5001 0517 0123 4567 89", "DE75 5001 0517 9876 5432 10"]
starts = [262144 - 10, 1048576 - 13, 2097152 - 1, 2900000]
data = bytearray()
def filler_until(end, eol=b"\n"):
    while len(data) < end:
        room = end - len(data)
        line = b"Zeile ohne Daten, nur Text " + b"." * (37 - len(eol)) + eol
        if len(line) <= room:
            data.extend(line)
        else:
            data.extend(b"." * (room - len(eol)) + eol if room >= len(eol) else b"." * room)
events = [(s, b"IBAN ", v.encode()) for s, v in zip(starts, values)]
events.append((524287, b"", "\u00fc".encode()))
for start, prefix, text in sorted(events):
    filler_until(start - len(prefix))
    data.extend(prefix)
    assert len(data) == start, (len(data), start)
    data.extend(text + (b"\n" if prefix else b""))
filler_until(3000000)
assert len(data) == 3000000 and data[524287:524289] == b"\xc3\xbc"
locate(bytes(data), starts, values, "gross.txt")
open(os.path.join(folder, "gross.txt"), "wb").write(data)

# crlf.txt
data = bytearray()
filler_until(1048575, b"\r\n")
data.extend(b"\r\n")                           # CR at 1048575, LF at 1048576
assert data[1048575:1048577] == b"\r\n"
filler_until(1048577 + 64 * 3, b"\r\n")
start = len(data) + 5
data.extend(b"IBAN DE89 3704 0044 0532 0130 00\r\n")
filler_until(len(data) + 64 * 10, b"\r\n")
# CRLF counted once: lines = number of LF before the value + 1 (no lone CR in this file)
locate(bytes(data), [start], ["DE89 3704 0044 0532 0130 00"], "crlf.txt")
open(os.path.join(folder, "crlf.txt"), "wb").write(data)

# utf16.txt: offsets and columns are in the decoded UTF-8 text
filler = "M\u00fcller Stra\u00dfe Gr\u00f6\u00dfe " + "." * 40 + "\n"
count = (1048576 - 200) // len(filler.encode()) + 1
text = filler * count
text += "x" * (1048576 - 10 - 5 - len(text.encode()) - 1) + "\n"
start = len(text.encode()) + 5
text += "IBAN DE44 5001 0517 5407 3249 31\n" + filler * 5
locate(text.encode(), [start], ["DE44 5001 0517 5407 3249 31"], "utf16.txt")
open(os.path.join(folder, "utf16.txt"), "wb").write(b"\xff\xfe" + text.encode("utf-16-le"))
json.dump(expected, open(expected_path, "w"))
PYEOF
  cd "$fx" && pii scan big --format json -o r.json 2>err.txt
  expect_rc 1 "$(cat err.txt)"
  jcheck r.json '
expected = json.load(open("expected.json"))
for path, want in expected.items():
    got = [{k: x[k] for k in ("offset", "line", "column", "length")} for x in findings(path)]
    assert [x["detector"] for x in findings(path)] == ["iban"] * len(want), (path, findings(path))
    assert got == want, (path, got, want)
assert files["big/gross.txt"]["size"] == 3000000
assert files["big/utf16.txt"]["encoding"] == "utf-16le"
'
}

# --- determinism -------------------------------------------------------------------------------

check_threads_j1_j2_identical() {
  local fx; fx=$(fixture)
  "$PY" - "$fx/tree" <<'PYEOF' || fail "fixture generation failed"
import os, sys
root = sys.argv[1]
values = [("IBAN", "DE89 3704 0044 0532 0130 00"), ("Kreditkarte", "4111 1111 1111 1111"),
          ("Steuer-IdNr", "36574261809"), ("Kontakt", "person%d@example.de"),
          ("Bankverbindung", "DE41 5001 0517 0123 4567 89"), ("Notiz", "nichts")]
for i in range(200):
    folder = os.path.join(root, "abt%02d" % (i % 10))
    os.makedirs(folder, exist_ok=True)
    label, value = values[i % len(values)]
    with open(os.path.join(folder, "datei%03d.txt" % i), "w") as handle:
        handle.write("Vorgang %d\n" % i * (i % 7))
        handle.write("%s: %s\n" % (label, value.replace("%d", str(i)) if "%d" in value else value))
PYEOF
  cd "$fx" || fail "cannot enter $fx"
  pii scan tree -j1 --format json --fail-on never -o j1.json 2>/dev/null; expect_rc 0
  pii scan tree -j2 --format json --fail-on never -o j2.json 2>/dev/null; expect_rc 0
  normalise_duration j1.json j2.json
  cmp -s j1.json j2.json || fail "JSON -j1 vs -j2 differ: $(diff j1.json j2.json | head -20)"
  jcheck j1.json 'assert len(d["files"]) == 200, len(d["files"])'
  pii scan tree -j1 --format csv --fail-on never -o j1.csv 2>/dev/null; expect_rc 0
  pii scan tree -j2 --format csv --fail-on never -o j2.csv 2>/dev/null; expect_rc 0
  cmp -s j1.csv j2.csv || fail "CSV -j1 vs -j2 differ: $(diff j1.csv j2.csv | head -20)"
  [[ $(wc -l < j1.csv) -gt 150 ]] || fail "too few CSV rows: $(wc -l < j1.csv)"
}

# --- privacy -----------------------------------------------------------------------------------

check_privacy_no_raw_values_in_outputs() {
  local fx; fx=$(fixture)
  mkdir "$fx/tree"
  printf 'Bankverbindung: IBAN %s\n' "$IBAN_CANARY" > "$fx/tree/konto.txt"
  printf 'Zahlung per Kreditkarte %s\n' "$CARD_TEST" > "$fx/tree/karte.txt"
  printf 'Name;Steuer-IdNr\nErika Mustermann;%s\n' "$TAX_ID" > "$fx/tree/personal.csv"
  cd "$fx" || fail "cannot enter $fx"
  mkdir out
  local format
  pii scan tree >out/table.stdout 2>out/table.stderr
  for format in json jsonl csv table; do
    pii scan tree --format "$format" >"out/$format.stdout" 2>"out/$format.stderr.1"
    [[ $RC -eq 1 ]] || fail "--format $format: expected exit 1, got $RC"
    pii scan tree --format "$format" -o "out/report.$format" >"out/$format.o.stdout" \
      2>"out/$format.stderr.2"
    [[ $RC -eq 1 ]] || fail "--format $format -o: expected exit 1, got $RC"
  done
  pii scan tree -o out/inferred.json >out/inferred.stdout 2>out/inferred.stderr
  jcheck out/report.json 'assert len(d["files"]) == 3 and all(f["findings"] for f in d["files"]), d'
  local value
  for value in "$IBAN_CANARY" "${IBAN_CANARY// /}" "$CARD_TEST" "${CARD_TEST// /}" "$TAX_ID" \
               "36 574 261 809"; do
    if grep -rlF -- "$value" out; then
      fail "raw value '$value' leaked into: $(grep -rlF -- "$value" out | tr '\n' ' ')"
    fi
  done
  # No excerpt shows more than 4 real characters.
  jcheck out/report.json '
for f in d["files"]:
    for x in f["findings"]:
        assert sum(c.isalnum() for c in x["excerpt"]) <= 4, x
        assert "value" not in x, x
'
  # With --show-values the raw value is there, under "value".
  pii scan tree --format json --show-values -o shown.json 2>/dev/null
  expect_rc 1
  jcheck shown.json '
assert [x["value"] for x in findings("tree/konto.txt", "iban")] == ["DE44 5001 0517 5407 3249 31"], files
assert [x["value"] for x in findings("tree/karte.txt", "credit_card")] == ["4111 1111 1111 1111"], files
assert [x["value"] for x in findings("tree/personal.csv", "de_tax_id")] == ["36574261809"], files
'
}

# --- report files ------------------------------------------------------------------------------

check_report_mode_0600_under_any_umask() {
  local fx; fx=$(fixture)
  mkdir "$fx/tree" && printf 'IBAN %s\n' "$IBAN_SPECIMEN" > "$fx/tree/a.txt"
  cd "$fx" || fail "cannot enter $fx"
  local mask format
  for mask in 000 077 022; do
    for format in json jsonl csv; do
      ( umask "$mask" && timeout 20 "$PIISCAN" scan tree --fail-on never -o "r$mask.$format" \
          2>/dev/null ) || fail "scan failed (umask $mask, $format)"
      [[ $(stat -c %a "r$mask.$format") == 600 ]] ||
        fail "umask $mask, $format: mode $(stat -c %a "r$mask.$format"), expected 600"
    done
  done
  # An existing report with a wider mode is replaced by (json) or truncated to (jsonl) a 0600 one.
  printf 'old\n' > old.json && printf 'old\n' > old.jsonl && chmod 644 old.json old.jsonl
  ( umask 000 && timeout 20 "$PIISCAN" scan tree --fail-on never -o old.json 2>/dev/null &&
      timeout 20 "$PIISCAN" scan tree --fail-on never -o old.jsonl 2>/dev/null ) ||
    fail "scan over an existing report failed"
  [[ $(stat -c %a old.json) == 600 && $(stat -c %a old.jsonl) == 600 ]] ||
    fail "existing reports: modes $(stat -c %a old.json) $(stat -c %a old.jsonl), expected 600"
}

check_report_inside_tree_not_scanned() {
  local fx; fx=$(fixture)
  mkdir "$fx/tree" && printf 'IBAN %s\n' "$IBAN_SPECIMEN" > "$fx/tree/a.txt"
  cd "$fx" || fail "cannot enter $fx"
  local run
  # The second run finds the first run's report in the tree: it is this run's target, so it
  # is not scanned either. Neither is the temporary file a whole-document report is written to.
  for run in first second; do
    pii scan tree --fail-on never -o tree/report.json 2>/dev/null; expect_rc 0 "json, $run run"
    jcheck tree/report.json '
assert sorted(files) == ["tree/a.txt"], sorted(files)
'
  done
  rm tree/report.json
  for run in first second; do
    pii scan tree --fail-on never -o tree/report.jsonl 2>/dev/null; expect_rc 0 "jsonl, $run run"
    jcheck tree/report.jsonl '
paths = sorted(x["path"] for x in d if x["type"] == "file")
assert paths == ["tree/a.txt"], paths
assert d[-1]["type"] == "summary", d[-1]
'
  done
  if compgen -G 'tree/.*.tmp' >/dev/null || compgen -G 'tree/*.tmp' >/dev/null; then
    fail "temporary files left in the tree: $(ls -a tree)"
  fi
}

# --- input selection ---------------------------------------------------------------------------

check_files_from_stdin_newline_separated() {
  local fx; fx=$(fixture)
  mkdir "$fx/tree"
  printf 'IBAN %s\n' "$IBAN_SPECIMEN" > "$fx/tree/a.txt"
  printf 'Kontakt: b@example.com\n' > "$fx/tree/b mit leerzeichen.txt"
  printf 'Kreditkarte %s\n' "$CARD_TEST" > "$fx/tree/nicht-gelistet.txt"
  cd "$fx" || fail "cannot enter $fx"
  pii scan --files-from - --format json >r.json 2>err.txt \
    < <(printf 'tree/a.txt\ntree/b mit leerzeichen.txt\n')
  expect_rc 1 "$(cat err.txt)"
  jcheck r.json '
assert sorted(files) == ["tree/a.txt", "tree/b mit leerzeichen.txt"], sorted(files)
assert findings("tree/b mit leerzeichen.txt", "email"), files
'
}

check_files_from_stdin_nul_separated() {
  local fx; fx=$(fixture)
  mkdir "$fx/tree"
  printf 'IBAN %s\n' "$IBAN_SPECIMEN" > "$fx/tree/a.txt"
  printf 'Kontakt: nl@example.com\n' > "$fx/tree/zeilen"$'\n'"umbruch.txt"
  cd "$fx" || fail "cannot enter $fx"
  pii scan --files-from - --format json >r.json 2>err.txt \
    < <(printf 'tree/a.txt\0tree/zeilen\numbruch.txt\0')
  expect_rc 1 "$(cat err.txt)"
  jcheck r.json '
assert sorted(files) == ["tree/a.txt", "tree/zeilen\numbruch.txt"], sorted(files)
assert findings("tree/zeilen\numbruch.txt", "email"), files
assert d["scan"]["errors"] == [], d["scan"]["errors"]
'
}

check_max_file_size_skips_too_large() {
  local fx; fx=$(fixture)
  mkdir "$fx/tree"
  { printf 'IBAN %s\n' "$IBAN_SPECIMEN"; head -c 2000 /dev/zero | tr '\0' 'x'; echo; } > "$fx/tree/gross.txt"
  printf 'klein\n' > "$fx/tree/klein.txt"
  cd "$fx" && pii scan tree --max-file-size 1K --format json >r.json 2>err.txt
  expect_rc 2 "a limit hit with nothing found is incomplete: $(cat err.txt)"
  jcheck r.json '
skipped = {s["path"]: s for s in d["scan"]["skipped"]}
assert skipped["tree/gross.txt"]["reason"] == "too_large", skipped
assert d["scan"]["complete"] is False
assert sorted(files) == ["tree/klein.txt"], sorted(files)
'
  grep -q "tree/gross.txt" err.txt || fail "no warning naming the skipped file: $(cat err.txt)"
}

check_csv_formula_guard() {
  local fx; fx=$(fixture)
  mkdir "$fx/tree"
  local name
  # The path cell starts with the root as given, so the roots themselves start with = + - @.
  for name in '=SUMME(A1).txt' '+49 Telefon.txt' '-rf.txt' '@cmd.txt'; do
    printf 'Kontakt: guard@example.com\n' > "$fx/tree/$name"
  done
  cd "$fx/tree" || fail "cannot enter $fx/tree"
  pii scan --files-from - --format csv -o ../r.csv 2>../err.txt \
    < <(printf '%s\n' '=SUMME(A1).txt' '+49 Telefon.txt' '-rf.txt' '@cmd.txt')
  expect_rc 0 "$(cat ../err.txt)"
  "$PY" - ../r.csv <<'PYEOF' || fail "CSV formula guard: $(cat ../r.csv)"
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
assert rows[0] == ["path", "detector", "category", "line", "column", "confidence",
                   "sensitivity", "excerpt"], rows[0]
paths = sorted(r[0] for r in rows[1:])
assert paths == ["'+49 Telefon.txt", "'-rf.txt", "'=SUMME(A1).txt", "'@cmd.txt"], paths
PYEOF
}

# --- output errors -----------------------------------------------------------------------------

# How `-o /dev/full` can be tested here without risk. As root, /dev is writable, so a scanner
# that writes a temporary file beside the target and renames it over the target would replace
# the machine's real /dev/full. As root the run therefore happens in a private mount namespace
# whose /dev is a tmpfs with fresh device nodes (full, null, zero, urandom, random); where that
# is not allowed, a copy of the device node in the fixture stands in for /dev/full.
dev_full_mode() {
  if [[ $IS_ROOT -eq 0 ]]; then
    echo real
  elif unshare --mount --propagation private sh -c \
       'mount -t tmpfs piiscan-e2e-probe /dev && mknod -m 666 /dev/full c 1 7' 2>/dev/null; then
    echo namespace
  elif mknod -m 666 probe-full c 1 7 2>/dev/null; then
    rm -f probe-full
    echo stand-in
  else
    echo none
  fi
}

# Runs `piiscan scan tree --format FORMAT -o /dev/full` the way MODE says and prints "rc=N"
# and the type and mode of the target afterwards ("after=character special file 666").
run_to_dev_full() {
  local mode=$1 format=$2
  case $mode in
    real)
      timeout 20 "$PIISCAN" scan tree --format "$format" -o /dev/full >/dev/null 2>err.txt
      echo "rc=$? target=/dev/full"
      stat -c 'after=%F %a' /dev/full
      ;;
    namespace)
      unshare --mount --propagation private bash -c '
        mount -t tmpfs -o mode=755 piiscan-e2e-dev /dev || exit 99
        mknod -m 666 /dev/full c 1 7 && mknod -m 666 /dev/null c 1 3 &&
          mknod -m 666 /dev/zero c 1 5 && mknod -m 666 /dev/urandom c 1 9 &&
          mknod -m 666 /dev/random c 1 8 || exit 98
        timeout 20 "$1" scan tree --format "$2" -o /dev/full >/dev/null 2>err.txt
        echo "rc=$? target=/dev/full (private /dev)"
        stat -c "after=%F %a" /dev/full
      ' piiscan-e2e "$PIISCAN" "$format" || echo "namespace setup failed: $?"
      ;;
    stand-in)
      rm -rf stand-in && mkdir stand-in && mknod -m 666 stand-in/full c 1 7
      timeout 20 "$PIISCAN" scan tree --format "$format" -o stand-in/full >/dev/null 2>err.txt
      echo "rc=$? target=stand-in/full (a copy of /dev/full's device node)"
      stat -c 'after=%F %a' stand-in/full
      ;;
  esac
}

# Exit 3 for every format, and the device is still a character device with mode 666.
check_output_to_dev_full_exit_3() {
  local fx; fx=$(fixture)
  mkdir "$fx/tree" && printf 'IBAN %s\n' "$IBAN_SPECIMEN" > "$fx/tree/a.txt"
  cd "$fx" || fail "cannot enter $fx"
  local mode; mode=$(dev_full_mode)
  [[ $mode != none ]] ||
    skip "root without mount namespaces or mknod: -o /dev/full would risk the real device"
  local format result problems=""
  for format in table json jsonl csv; do
    result=$(run_to_dev_full "$mode" "$format")
    if [[ $result != *"rc=3 "* ]]; then
      problems+="[--format $format: expected exit 3: ${result//$'\n'/, }; $(cat err.txt 2>/dev/null)] "
    fi
    if [[ $result != *"after=character special file 666"* ]]; then
      problems+="[--format $format changed the device: ${result//$'\n'/, }] "
    fi
  done
  [[ -z $problems ]] || fail "-o /dev/full ($mode): $problems"
  [[ -c /dev/full ]] || fail "the real /dev/full is no longer a character device"
}

check_stdout_to_dev_full_exit_3() {
  [[ -c /dev/full ]] || skip "no /dev/full on this system"
  local fx; fx=$(fixture)
  mkdir "$fx/tree" && printf 'IBAN %s\n' "$IBAN_SPECIMEN" > "$fx/tree/a.txt"
  cd "$fx" || fail "cannot enter $fx"
  local format
  for format in table json jsonl csv; do
    pii scan tree --format "$format" >/dev/full 2>err.txt
    expect_rc 3 "stdout is /dev/full, --format $format: $(cat err.txt)"
    [[ -s err.txt ]] || fail "no message for a failed write to stdout ($format)"
  done
}

# --- signals -----------------------------------------------------------------------------------

# SIGTERM mid-scan: the JSONL report still ends with a summary that says "interrupted", and the
# exit code is 128 + 15.
check_sigterm_writes_interrupted_summary() {
  mkdir tree
  local i
  for i in $(seq 1 60); do
    yes "Steuer-IdNr. $TAX_ID, IBAN $IBAN_SPECIMEN" | head -c 2000000 > "tree/f$i.txt"
  done
  timeout --preserve-status -s TERM 1 "$PIISCAN" scan tree -j1 --format jsonl -o out.jsonl --quiet --fail-on never
  RC=$?
  expect_rc 143 "SIGTERM after 1 s"
  jcheck out.jsonl '
assert d[-1]["type"] == "summary", d[-1]["type"]
assert d[-1]["scan"]["interrupted"] is True
assert d[-1]["scan"]["complete"] is False
assert 0 < sum(1 for x in d if x["type"] == "file") < 60
'
}

# SIGTERM while one large file is being read: reading stops after the current block, the file
# is reported with what was scanned plus a "read: interrupted" error, within seconds.
check_sigterm_stops_inside_a_large_file() {
  mkdir tree
  yes "Steuer-IdNr. $TAX_ID, IBAN $IBAN_SPECIMEN" | head -c 200000000 > tree/big.txt
  local started=$SECONDS
  timeout --preserve-status -s TERM 1 "$PIISCAN" scan tree -j1 --format jsonl -o out.jsonl --quiet --fail-on never
  RC=$?
  expect_rc 143 "SIGTERM after 1 s"
  (( SECONDS - started <= 10 )) || fail "took $((SECONDS - started)) s after a SIGTERM at 1 s"
  jcheck out.jsonl '
errors = [x for x in d if x["type"] == "error"]
assert any("interrupted" in e["message"] for e in errors), errors
assert d[-1]["type"] == "summary" and d[-1]["scan"]["interrupted"] is True
'
}

# --- other commands ----------------------------------------------------------------------------

check_rules_list_ids() {
  pii rules list >out.txt 2>err.txt || true
  expect_rc 0 "$(cat err.txt)"
  local id
  for id in email iban credit_card de_tax_id; do
    awk '{print $1}' out.txt | grep -qx "$id" || fail "rules list lacks '$id': $(cat out.txt)"
  done
}

check_version() {
  local out
  out=$(timeout 20 "$PIISCAN" --version 2>&1)
  RC=$?
  expect_rc 0
  [[ $out == "piiscan 0.1.0" ]] || fail "expected 'piiscan 0.1.0', got '$out'"
}

# The document extractors live in piiscan-documents.so, loaded on the first document. Without
# it, every document is a scan error naming the cause (the scan is incomplete: exit 2), and
# text files are still scanned.
check_documents_module_loaded_or_error() {
  local fx; fx=$(fixture)
  mkdir "$fx/tree"
  printf 'Konto\n' > "$fx/tree/notiz.txt"
  "$PY" -c 'import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w") as z:
    z.writestr("konto.txt", "IBAN " + sys.argv[2] + "\n")' "$fx/tree/archiv.zip" "$IBAN_SPECIMEN"
  cd "$fx" && pii scan tree --format json -o found.json --fail-on never 2>err.txt
  expect_rc 0 "$(cat err.txt)"
  jcheck found.json 'assert d["scan"]["complete"] is True
assert any(f["path"].startswith("tree/archiv.zip") and f["findings"] for f in d["files"]), d'
  PIISCAN_DOCUMENTS_MODULE="$fx/no-such-module.so" pii scan tree --format json -o missing.json \
    --fail-on never 2>err.txt
  expect_rc 2 "$(cat err.txt)"
  jcheck missing.json 'assert d["scan"]["complete"] is False
errors = d["scan"]["errors"]
assert len(errors) == 1 and errors[0]["path"] == "tree/archiv.zip", errors
assert "document support is not available" in errors[0]["message"], errors
assert "no-such-module.so" in errors[0]["message"], errors
assert not any(f["findings"] for f in d["files"]), d["files"]
assert "tree/notiz.txt" in [f["path"] for f in d["files"]], d["files"]'
  # A library that loads but is not the module (libc): named as such.
  local other; other=$(ldd "$PIISCAN" | awk '/libc\.so/ {print $3; exit}')
  [[ -n $other ]] || fail "no libc in ldd output"
  PIISCAN_DOCUMENTS_MODULE="$other" pii scan tree --format json -o foreign.json \
    --fail-on never 2>err.txt
  expect_rc 2 "$(cat err.txt)"
  jcheck foreign.json 'errors = d["scan"]["errors"]
assert len(errors) == 1 and "not a piiscan document module" in errors[0]["message"], errors'
}

# --- runner ------------------------------------------------------------------------------------

ALL_CHECKS=(
  check_exit_0_clean_tree
  check_exit_1_at_or_above_fail_on
  check_exit_2_unreadable_file_nothing_found
  check_exit_1_wins_over_2
  check_exit_3_usage_errors
  check_exit_3_rules_unknown_validator
  check_rules_error_names_validator_line
  check_exit_3_missing_policy
  check_exit_3_report_path_is_symlink
  check_unreadable_file_and_folder_unprivileged
  check_fifo_is_skipped_not_read
  check_symlink_loop_not_followed
  check_symlink_loop_followed_terminates
  check_encodings_utf16_and_cp1252
  check_window_boundaries_found_once
  check_threads_j1_j2_identical
  check_privacy_no_raw_values_in_outputs
  check_report_mode_0600_under_any_umask
  check_report_inside_tree_not_scanned
  check_files_from_stdin_newline_separated
  check_files_from_stdin_nul_separated
  check_max_file_size_skips_too_large
  check_csv_formula_guard
  check_output_to_dev_full_exit_3
  check_stdout_to_dev_full_exit_3
  check_sigterm_writes_interrupted_summary
  check_sigterm_stops_inside_a_large_file
  check_rules_list_ids
  check_version
  check_documents_module_loaded_or_error
)

if [[ $# -gt 0 ]]; then
  CHECKS=()
  for name in "$@"; do CHECKS+=("check_${name#check_}"); done
else
  CHECKS=("${ALL_CHECKS[@]}")
fi

passed=0
failed=0
for check in "${CHECKS[@]}"; do
  name=${check#check_}
  if ! declare -F "$check" >/dev/null; then
    echo "not ok - $name # no such check"
    failed=$((failed + 1))
    continue
  fi
  workdir=$(fixture "$name")
  output=$(cd "$workdir" && "$check" 2>&1 </dev/null)
  status=$?
  note=$(printf '%s\n' "$output" | sed -n 's/^SKIP: //p' | head -1)
  if [[ $status -eq 0 ]]; then
    passed=$((passed + 1))
    if [[ -n $note ]]; then
      echo "ok - $name # SKIP $note"
    else
      echo "ok - $name"
    fi
  else
    failed=$((failed + 1))
    echo "not ok - $name"
    printf '%s\n' "$output" | sed 's/^/#   /'
  fi
done

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
