"""RAM's wildcard patterns as small automata: matching, and exact questions between patterns.

RAM patterns use two wildcards: ``*`` matches any run of characters (none included) and ``?``
exactly one character, in actions and resources alike, and neither stops at ``:`` or ``/``
(Alibaba Cloud, "Policy structure and syntax", https://www.alibabacloud.com/help/en/ram/policy-structure-and-syntax:
"An asterisk (*) matches zero or more characters ... A question mark (?) matches any single
character"). Action names are compared without regard to case ("In most cases, the value of the
Action element is not case-sensitive", https://www.alibabacloud.com/help/en/ram/policy-elements);
the documentation says nothing of the case of resources.

A pattern is a sequence of tokens, each one character from a set, or any run of them (``*``);
a :class:`Language` is the union of some patterns, or its complement. Questions between
languages (does one include another, do two meet) are answered exactly by walking the product
of their deterministic automata over a finite alphabet: the characters the patterns name, plus
one symbol standing for every other character. Nothing is sampled.

Every question is bounded: the walk visits at most :data:`BUDGET` states of the product
automaton. A few patterns make that automaton exponential (``*i`` and then 24 ``?``: after
reading, it must remember which of the last 25 characters were ``i``); past the budget a
question raises :class:`TooComplex` instead of running for minutes, and the caller takes the
cautious answer.
"""

import functools
from collections import deque
from dataclasses import dataclass
from typing import Callable, Dict, FrozenSet, Iterable, List, Optional, Sequence, Set, Tuple, TypeVar, Union

_T = TypeVar("_T")

_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def fold(text: str) -> str:
    """``text`` with ASCII letters in lower case: how patterns compared without case are read."""
    return text.translate(_ASCII_LOWER)


@dataclass(frozen=True)
class CharSet:
    """A set of characters: ``chars``, or every character but them when ``negated``."""

    chars: FrozenSet[str]
    negated: bool = False

    def accepts(self, symbol: Optional[str]) -> bool:
        """True when ``symbol`` is in the set; None stands for a character named nowhere."""
        if symbol is None:
            return self.negated
        return (symbol in self.chars) != self.negated


ANY = CharSet(frozenset(), negated=True)


@dataclass(frozen=True)
class Token:
    """One character of ``chars``, or (``repeats``) any run of them, none included."""

    chars: CharSet
    repeats: bool = False


Pattern = Tuple[Token, ...]


def literal(text: str, ignore_case: bool = False) -> Pattern:
    """The pattern matching exactly ``text`` (with ``ignore_case``, in any ASCII case)."""
    return tuple(Token(_char(c, ignore_case)) for c in text)


def joined(*parts: Union[str, Token]) -> Pattern:
    """The pattern of ``parts`` in order: each string matched literally, each token as it is."""
    return tuple(token for part in parts for token in (literal(part) if isinstance(part, str) else (part,)))


def _char(c: str, ignore_case: bool) -> CharSet:
    if ignore_case and c.isascii() and c.isalpha():
        return CharSet(frozenset({c.lower(), c.upper()}))
    return CharSet(frozenset({c}))


@functools.lru_cache(maxsize=8192)
def glob(text: str, ignore_case: bool = False) -> Pattern:
    """RAM's pattern ``text``: ``*`` any run of characters, ``?`` one character, the rest literal."""
    tokens = []
    for c in text:
        if c == "*":
            tokens.append(Token(ANY, repeats=True))
        elif c == "?":
            tokens.append(Token(ANY))
        else:
            tokens.append(Token(_char(c, ignore_case)))
    return tuple(tokens)


@dataclass(frozen=True)
class Language:
    """The strings matched by any of ``patterns`` or, when ``negated``, by none of them."""

    patterns: Tuple[Pattern, ...]
    negated: bool = False

    def __hash__(self) -> int:
        # Languages key the caches of every question; hash their deep structure once.
        cached: Optional[int] = self.__dict__.get("_hash")
        if cached is None:
            cached = hash((self.patterns, self.negated))
            object.__setattr__(self, "_hash", cached)
        return cached

    @classmethod
    def of(cls, texts: Iterable[str], ignore_case: bool = False, negated: bool = False) -> "Language":
        """The language of RAM patterns ``texts``."""
        return _language(tuple(texts), ignore_case, negated)


@functools.lru_cache(maxsize=16384)
def _language(texts: Tuple[str, ...], ignore_case: bool, negated: bool) -> Language:
    return Language(tuple(glob(text, ignore_case) for text in texts), negated)


# ---------------------------------------------------------------- automata

State = FrozenSet[Tuple[int, int]]


def _closure(patterns: Tuple[Pattern, ...], positions: Iterable[Tuple[int, int]]) -> State:
    # A `*` may match nothing, so a position before one is also a position after it.
    found: Set[Tuple[int, int]] = set()
    for index, position in positions:
        pattern = patterns[index]
        found.add((index, position))
        while position < len(pattern) and pattern[position].repeats:
            position += 1
            found.add((index, position))
    return frozenset(found)


@dataclass(frozen=True)
class _Automaton:
    """The deterministic automaton of one language: states are sets of pattern positions."""

    language: Language

    @property
    def start(self) -> State:
        return _closure(self.language.patterns, ((index, 0) for index in range(len(self.language.patterns))))

    def step(self, state: State, symbol: Optional[str]) -> State:
        patterns = self.language.patterns
        moved = []
        for index, position in state:
            pattern = patterns[index]
            if position < len(pattern) and pattern[position].chars.accepts(symbol):
                moved.append((index, position if pattern[position].repeats else position + 1))
        return _closure(patterns, moved)

    def accepts(self, state: State) -> bool:
        patterns = self.language.patterns
        final = any(position == len(patterns[index]) for index, position in state)
        return final != self.language.negated


def _alphabet(languages: Sequence[Language]) -> Tuple[Tuple[Optional[str], ...], str]:
    """One symbol per class of characters every token treats alike (None: the class of the
    characters no token names), and a character that stands for None in examples. Characters
    no set tells apart lead every automaton to the same states, so one of them is enough."""
    named: Set[str] = set()
    sets: Set[CharSet] = set()
    for language in languages:
        for pattern in language.patterns:
            for token in pattern:
                named |= token.chars.chars
                sets.add(token.chars)
    ordered = sorted(sets, key=lambda charset: (charset.negated, sorted(charset.chars)))
    other = next(c for c in _OTHER_CANDIDATES if c not in named)
    classes: Dict[Tuple[bool, ...], Optional[str]] = {tuple(charset.accepts(None) for charset in ordered): None}
    for char in sorted(named):
        classes.setdefault(tuple(charset.accepts(char) for charset in ordered), char)
    return (*(symbol for symbol in classes.values() if symbol is not None), None), other


#: The most states one question may visit. Real documents' questions stay well below: the test
#: corpus's hardest (ReadOnlyAccess-like `*:Describe*` lists) need under 1,000. Past it a question
#: takes about 0.3 s to give up (``make bench``'s ``engine_question_seconds_over_budget``).
BUDGET = 3000


class TooComplex(Exception):
    """A question between patterns that would take more than :data:`BUDGET` states to decide."""


_OTHER_CANDIDATES = "x0_~#%&!@^=+|;,<>" + "".join(chr(code) for code in range(0x100, 0x400))


def _explore(
    languages: Sequence[Language], stop: Callable[[Tuple[bool, ...]], bool], required: int = 1
) -> Tuple[Optional[str], Set[Tuple[bool, ...]]]:
    """Walk the product of the languages' automata from the empty string. Return the first
    string whose acceptance bits (one per language) satisfy ``stop`` (None if none does), and
    every acceptance pattern seen on the way. The first ``required`` languages must accept for
    a string to matter: once one of them can accept nothing more, the walk goes no further
    there. Raises :class:`TooComplex` past :data:`BUDGET` states."""
    automata = [_Automaton(language) for language in languages]
    symbols, other = _alphabet(languages)
    # Product states share their parts: each automaton steps from one of its states once per symbol.
    moves: List[Dict[Tuple[State, Optional[str]], State]] = [{} for _ in automata]
    start = tuple(automaton.start for automaton in automata)
    parents: Dict[Tuple[State, ...], Tuple[Optional[Tuple[State, ...]], str]] = {start: (None, "")}
    queue = deque([start])
    seen: Set[Tuple[bool, ...]] = set()
    while queue:
        states = queue.popleft()
        bits = tuple(automaton.accepts(state) for automaton, state in zip(automata, states, strict=True))
        seen.add(bits)
        if stop(bits):
            return _spell(parents, states), seen
        if any(not states[index] and not automata[index].language.negated for index in range(required)):
            continue
        for symbol in symbols:
            following = tuple(
                _move(automaton, known, state, symbol)
                for automaton, known, state in zip(automata, moves, states, strict=True)
            )
            if following not in parents:
                if len(parents) >= BUDGET:
                    raise TooComplex(f"more than {BUDGET} states")
                parents[following] = (states, other if symbol is None else symbol)
                queue.append(following)
    return None, seen


def _move(
    automaton: _Automaton, known: Dict[Tuple[State, Optional[str]], State], state: State, symbol: Optional[str]
) -> State:
    found = known.get((state, symbol))
    if found is None:
        found = known[(state, symbol)] = automaton.step(state, symbol)
    return found


def _spell(parents: Dict[Tuple[State, ...], Tuple[Optional[Tuple[State, ...]], str]], states: Tuple[State, ...]) -> str:
    letters: List[str] = []
    current: Optional[Tuple[State, ...]] = states
    while current is not None:
        previous, letter = parents[current]
        letters.append(letter)
        current = previous
    return "".join(reversed(letters))


# ---------------------------------------------------------------- questions


class _Failed:
    """What the caches keep for a question past the budget, so it is not walked again."""


_FAILED = _Failed()


def _answer(found: Union[_T, _Failed]) -> _T:
    if isinstance(found, _Failed):
        raise TooComplex(f"more than {BUDGET} states")
    return found


@functools.lru_cache(maxsize=16384)
def _outside(inner: Language, outer: Language) -> Union[Optional[str], _Failed]:
    try:
        return _explore((inner, outer), lambda bits: bits[0] and not bits[1])[0]
    except TooComplex:
        return _FAILED


@functools.lru_cache(maxsize=16384)
def _common(first: Language, second: Language) -> Union[Optional[str], _Failed]:
    try:
        return _explore((first, second), lambda bits: bits[0] and bits[1], required=2)[0]
    except TooComplex:
        return _FAILED


def outside(inner: Language, outer: Language) -> Optional[str]:
    """A string of ``inner`` that ``outer`` does not contain, or None when ``inner`` ⊆ ``outer``.
    Raises :class:`TooComplex` past the budget."""
    return _answer(_outside(inner, outer))


def common(first: Language, second: Language) -> Optional[str]:
    """A string both languages contain, or None when they are disjoint. Raises
    :class:`TooComplex` past the budget."""
    return _answer(_common(first, second))


def includes(outer: Language, inner: Language) -> bool:
    """True when every string of ``inner`` is in ``outer``."""
    return outside(inner, outer) is None


def meet(first: Language, second: Language) -> bool:
    """True when some string is in both languages."""
    return common(first, second) is not None


@functools.lru_cache(maxsize=4096)
def _cells(universe: Language, parts: Tuple[Language, ...]) -> Union[FrozenSet[Tuple[bool, ...]], _Failed]:
    try:
        _, seen = _explore((universe, *parts), lambda bits: False)
    except TooComplex:
        return _FAILED
    return frozenset(bits[1:] for bits in seen if bits[0])


def cells(universe: Language, parts: Tuple[Language, ...]) -> FrozenSet[Tuple[bool, ...]]:
    """How ``parts`` divide ``universe``: for every string of the universe, which parts contain
    it (one bit per part); each distinct combination once. Exact: every reachable state of the
    product automaton is visited. Raises :class:`TooComplex` past the budget."""
    return _answer(_cells(universe, parts))


# ---------------------------------------------------------------- RAM patterns, by text


@functools.lru_cache(maxsize=65536)
def matches(pattern: str, text: str, ignore_case: bool = False) -> bool:
    """True when the RAM pattern ``pattern`` matches ``text`` (``*`` any run, ``?`` one
    character; with ``ignore_case``, ASCII letters in any case)."""
    if ignore_case:
        pattern, text = fold(pattern), fold(text)
    # Greedy matching with one backtrack point: the last `*` seen.
    p = t = 0
    star, resume = -1, 0
    while t < len(text):
        if p < len(pattern) and pattern[p] != "*" and (pattern[p] == "?" or pattern[p] == text[t]):
            p += 1
            t += 1
        elif p < len(pattern) and pattern[p] == "*":
            star, resume = p, t
            p += 1
        elif star >= 0:
            resume += 1
            p, t = star + 1, resume
        else:
            return False
    return all(c == "*" for c in pattern[p:])


def covers(outer: str, inner: str, ignore_case: bool = False) -> bool:
    """True when the RAM pattern ``outer`` matches every string ``inner`` matches."""
    return includes(Language.of([outer], ignore_case), Language.of([inner], ignore_case))


def overlaps(first: str, second: str, ignore_case: bool = False) -> bool:
    """True when some string matches both RAM patterns."""
    return meet(Language.of([first], ignore_case), Language.of([second], ignore_case))


def has_wildcard(text: str) -> bool:
    """True when ``text`` holds ``*`` or ``?``."""
    return "*" in text or "?" in text
