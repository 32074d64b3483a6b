"""Is a new password guessable?  OWASP ASVS 6.2: no composition rules, refuse only what an attacker
tries first.  `weakness()` returns None or one reason code; the caller owns the length limits and
maps each code to a translated message (app/accounts/passwords.py):

    product           the core is the product's own vocabulary (наставник, школа, учитель...)
    personal          the core is the user's e-mail local part, domain, or name (any spelling)
    repeated          one character or a short block repeated (аааааааа, 12121212, abcabcabc)
    too_short_unique  fewer than 4 distinct characters
    sequence          keyboard rows/columns, alphabet or digit runs, either layout, either direction
    common            a common password: common_ru.txt (as written, on the other keyboard layout,
                      transliterated) plus zxcvbn's English list when zxcvbn is installed

The "core" is the password less a leading and a trailing run of non-letters, used only when at
least 4 characters remain: people meet old composition rules by bolting digits onto a word
(учитель1, школа2026, !пароль), which adds almost nothing for a guesser.
A product or personal word that is only *part* of a longer core is accepted on purpose
("demo-nastavnik-2026", "демо-наставник-2026"): refusing every password that contains a word
would push users towards exactly the composition tricks ASVS 6.2 warns against.
"""
from __future__ import annotations

import itertools
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

# The list of common Russian passwords (package data: setup.cfg [options.package_data]).
COMMON_RU = Path(__file__).parent / "data" / "common_ru.txt"

PRODUCT_WORDS = ("наставник", "nastavnik", "наставничество", "школа", "shkola", "учитель", "uchitel",
                 "педагог", "pedagog")

# The same physical keys on QWERTY and ЙЦУКЕН: a Russian word typed with the wrong layout active.
_LAT = "`qwertyuiop[]asdfghjkl;'zxcvbnm,./"
_CYR = "ёйцукенгшщзхъфывапролджэячсмитьбю."
_TO_CYR_KEYS = str.maketrans(_LAT, _CYR)
_TO_LAT_KEYS = str.maketrans(_CYR, _LAT)

# Several spellings per letter: people transliterate by ear (lyubov, ljubov, liubov), not by GOST.
_TRANSLIT = {k: tuple(v.split(",")) for k, v in (p.split(":") for p in (
    "а:a б:b в:v г:g д:d е:e ё:e,yo,jo ж:zh,j з:z и:i й:y,i,j к:k л:l м:m н:n о:o п:p р:r с:s т:t "
    "у:u ф:f х:kh,h,x ц:ts,c,tz ч:ch ш:sh щ:sch,shch,sh ъ: ы:y,i ь: э:e ю:yu,ju,iu,u я:ya,ja,ia,a"
).split())}
_MAX_SPELLINGS = 64  # bounds the product of choices for a long name; the common spellings come first

_EDGES = re.compile(r"([\W\d_]*)(.*?)([\W\d_]*)", re.S)  # [\W\d_] = anything but a letter


def _norm(s: str) -> str:
    # NFKC first: macOS and some keyboards send й and ё decomposed, which would dodge every lookup.
    return unicodedata.normalize("NFKC", s).lower().replace("ё", "е")


def _translits(word: str) -> set[str]:
    options = [_TRANSLIT.get(ch, (ch,)) for ch in word]
    return {"".join(p) for p in itertools.islice(itertools.product(*options), _MAX_SPELLINGS)}


def _variants(word: str) -> set[str]:
    """A word as written, on the other keyboard layout, and transliterated; normalised."""
    raw = unicodedata.normalize("NFKC", word).lower().strip()
    forms = {raw, raw.translate(_TO_LAT_KEYS), _norm(raw).translate(_TO_LAT_KEYS),
             raw.translate(_TO_CYR_KEYS), *_translits(raw)}
    return {_norm(f) for f in forms if f}


def _strip_edges(s: str) -> str:
    return _EDGES.fullmatch(s).group(2)


def _cores(s: str) -> list[str]:
    head, body, tail = _EDGES.fullmatch(s).groups()
    return [s] + [c for c in (head + body, body + tail, body) if len(c) >= 4 and c != s]


def _english() -> set[str]:
    try:  # optional: the module must work where zxcvbn is not installed
        from zxcvbn.frequency_lists import FREQUENCY_LISTS
    except ImportError:
        return set()
    return {v for w in FREQUENCY_LISTS["passwords"] for v in (w, w.translate(_TO_CYR_KEYS))}


@lru_cache(maxsize=1)
def _common() -> frozenset[str]:
    words: set[str] = set()
    for line in COMMON_RU.read_text("utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            words |= _variants(line)
    return frozenset(words | _english())


@lru_cache(maxsize=1)
def _sequence_pieces() -> frozenset[str]:
    rows = ["1234567890-=", "qwertyuiop[]\\", "asdfghjkl;'", "zxcvbnm,./"]
    rows += [r.translate(_TO_CYR_KEYS) for r in rows]
    cols = ["".join(c) for grid in (rows[:4], rows[4:]) for c in zip(*(r[:10] for r in grid))]  # 1qaz
    ru = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
    numpad = "789 456 123 741 852 963 159 357".split()  # rows, columns, diagonals: 147258369, 159753
    pieces = set()
    for seq in rows + cols + numpad + ["0123456789", "abcdefghijklmnopqrstuvwxyz", ru, ru.replace("ё", "")]:
        for s in {_norm(seq), _norm(seq)[::-1]}:
            pieces |= {s[i:j] for i in range(len(s)) for j in range(i + 3, len(s) + 1)}
    return frozenset(pieces)


@lru_cache(maxsize=8)
def _product(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(v for w in words for v in _variants(w))


def _personal(email: str | None, full_name: str | None) -> set[str]:
    words: list[str] = []
    if email:
        local, at, domain = email.rpartition("@")
        if not at:
            local, domain = domain, ""
        # Not the TLD: .ru or the seed's .demo is shared by everyone and says nothing about the person.
        words += [local, *re.split(r"[._+\-]+", local), *domain.split(".")[:-1]]
    if full_name:
        words += full_name.split() + re.split(r"[\s\-]+", full_name)  # Петрова-Водкина: whole and parts
    tokens: set[str] = set()
    for w in words:
        for t in {w, _strip_edges(w)}:
            if len(t) >= 3:
                tokens |= _variants(t)
    return tokens


def _covered(s: str, pieces: frozenset[str] | set[str], runs: bool = False) -> bool:
    """Can s be cut entirely into pieces, separators skipped? ('йцукен'+'123', 'ivan'+'.'+'petrov')"""
    if not pieces or not any(c.isalnum() for c in s):
        return False
    longest = max(map(len, pieces))
    reach = [True] + [False] * len(s)
    for i in range(len(s)):
        if not reach[i]:
            continue
        if not s[i].isalnum():
            reach[i + 1] = True
        for j in range(i + 1, min(len(s), i + longest) + 1):
            if s[i:j] in pieces or (runs and j - i >= 3 and s[i:j] == s[i] * (j - i)):
                reach[j] = True
    return reach[-1]


def _is_sequence(s: str) -> bool:
    pieces = _sequence_pieces()
    if _covered(s, pieces, runs=True):
        return True
    # Two sequences interleaved: 1q2w3e4r, q1w2e3r4, a1b2c3d4.
    return len(s) >= 6 and _covered(s[::2], pieces, runs=True) and _covered(s[1::2], pieces, runs=True)


def _period(s: str) -> int:
    """Smallest p with s[i] == s[i - p] for every i (KMP), so a cut-off last block still counts."""
    fail, k = [0] * len(s), 0
    for i in range(1, len(s)):
        while k and s[i] != s[k]:
            k = fail[k - 1]
        if s[i] == s[k]:
            k += 1
        fail[i] = k
    return len(s) - fail[-1]


def weakness(password: str, *, email: str | None = None, full_name: str | None = None,
             product_words=PRODUCT_WORDS) -> str | None:
    """None if the password is acceptable, else a reason code (see the module docstring)."""
    low = _norm(password)
    base = low.strip() or low  # eight spaces must still be judged (as repeated), not vanish
    if not base:
        return "too_short_unique"
    cores = _cores(base)
    product = _product(tuple(product_words))
    if any(_covered(c, product) for c in cores):
        return "product"
    personal = _personal(email, full_name)
    if personal and any(_covered(c, personal | product) for c in cores):
        return "personal"
    for c in cores:
        p = _period(c)
        # A short block, or a longer block that is weak itself (парольпароль).
        if 2 * p <= len(c) and (p <= 4 or weakness(c[:p], email=email, full_name=full_name,
                                                   product_words=product_words)):
            return "repeated"
    if len(set(base)) < 4:
        return "too_short_unique"
    if any(_is_sequence(c) for c in cores):
        return "sequence"
    if any(c in _common() for c in cores):
        return "common"
    return None
