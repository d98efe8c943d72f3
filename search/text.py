"""Query and document text analysis shared by the backends, so both see the same words.

The stop words are Snowball's Finnish list, the one the Elasticsearch `finnish` analyzer drops
at index and query time; the embedded backend drops them from queries too, so a query made
only of stop words means "no text" on every backend. Queries also drop a few Swedish and
English function words (`QUERY_ONLY_STOP_WORDS`). Documents are also indexed under the
compound heads inside their words (`search.compounds`); queries are not split.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from itertools import pairwise

from matching.analysis import stem_terms, tokenize
from search.compounds import HEADS, MIN_MODIFIER

# Snowball Finnish stop list (BSD licence), as shipped with Lucene; "tallä" is in the original.
_SNOWBALL_FINNISH_STOP = """
    olla olen olet on olemme olette ovat ole oli olisi olisit olisin olisimme olisitte olisivat
    olit olin olimme olitte olivat ollut olleet en et ei emme ette eivät
    minä minun minut minua minussa minusta minuun minulla minulta minulle
    sinä sinun sinut sinua sinussa sinusta sinuun sinulla sinulta sinulle
    hän hänen hänet häntä hänessä hänestä häneen hänellä häneltä hänelle
    me meidän meidät meitä meissä meistä meihin meillä meiltä meille
    te teidän teidät teitä teissä teistä teihin teillä teiltä teille
    he heidän heidät heitä heissä heistä heihin heillä heiltä heille
    tämä tämän tätä tässä tästä tähän tallä tältä tälle tänä täksi
    tuo tuon tuotä tuossa tuosta tuohon tuolla tuolta tuolle tuona tuoksi
    se sen sitä siinä siitä siihen sillä siltä sille sinä siksi
    nämä näiden näitä näissä näistä näihin näillä näiltä näille näinä näiksi
    nuo noiden noita noissa noista noihin noilla noilta noille noina noiksi
    ne niiden niitä niissä niistä niihin niillä niiltä niille niinä niiksi
    kuka kenen kenet ketä kenessä kenestä keneen kenellä keneltä kenelle kenenä keneksi
    ketkä keiden keitä keissä keistä keihin keillä keiltä keille keinä keiksi
    mikä minkä mitä missä mistä mihin millä miltä mille miksi mitkä
    joka jonka jota jossa josta johon jolla jolta jolle jona joksi
    jotka joiden joita joissa joista joihin joilla joilta joille joina joiksi
    että ja jos koska kuin mutta niin sekä tai vaan vai vaikka
    kanssa mukaan noin poikki yli kun nyt itse
"""
FINNISH_STOP_WORDS: frozenset[str] = frozenset(_SNOWBALL_FINNISH_STOP.split())

# Swedish and English function words, left out of queries only (documents are indexed as the
# Finnish analyzer indexes them). In a mostly Finnish index they are rare, so "lediga jobb som
# elektriker" would otherwise find every Swedish posting by "som" alone. None names a job:
# "it" (IT), "a" (A-ajokortti) and "till" stay. Words that only say "a job" are left out too:
# every posting is one, so "töitä jyväskylä" asks for the place ("jobb vasa" likewise), not
# for the few texts that happen to say "töitä".
_QUERY_ONLY_STOP = """
    töitä töihin työtä työ työt työpaikka työpaikat työpaikkoja avoimet duuni duunia duunit
    jobb jobbet lediga job jobs
    och att som för med på av det den de är om vi du jag ett eller inom hos från efter mot
    vid utan samt där här sig sin sina kan ska skall vill har hade var inte också så än när
    vad vem vilken vilka detta dessa alla i
    the and of in for with to at as or by from an is are be was were this that these those
    we you our your will would can could should into about who which what where when than
    then there their they them its not but also all any some such very more most
"""
QUERY_ONLY_STOP_WORDS: frozenset[str] = frozenset(_QUERY_ONLY_STOP.split())


def words(text: str | None) -> list[str]:
    """Lower-case words without stop words; hyphenated words split like Elasticsearch does."""
    return [
        part
        for token in tokenize(text or "")
        for part in token.split("-")
        if part and part not in FINNISH_STOP_WORDS
    ]


@lru_cache(maxsize=262_144)
def _stem(word: str) -> str:
    # The pure-Python Snowball stemmer costs ~0.1 ms a word and a corpus repeats its words
    # endlessly, so a cache makes (re)indexing and highlighting many times faster.
    found = stem_terms(word)
    return found[0] if len(found) == 1 else word


def stems(text: str | None) -> list[str]:
    """Snowball stems of `words(text)`, the terms both backends index and search."""
    return [_stem(word) for word in words(text)]


_PLAIN_WORD = re.compile(r"[a-z]{4,}")


def english_numbers(word: str) -> list[str]:
    """The other number of a word that may be English ("directors" <-> "director"). The
    indices stem every text as Finnish, which leaves English number apart, and people type job
    titles in the singular while CVs and postings use both. Plain ASCII words are varied (most
    occupational words, "welder", "plasterer", are in no short word list); a Finnish word's
    variant is a form no text holds, so it finds nothing by itself. Words with Finnish or
    Swedish letters are left as typed."""
    if not _PLAIN_WORD.fullmatch(word):
        return []
    if word.endswith("ies"):
        return [word[:-3] + "y"]
    if word.endswith("ss"):
        return [word + "es"]
    if word.endswith("s"):
        return [word[:-1]]
    if word.endswith("y") and word[-2] not in "aeiou":
        return [word[:-1] + "ies"]
    return [word + ("es" if word.endswith(("ch", "sh", "x")) else "s")]


_FRONT_VOWELS = frozenset("äöy")
_BACK_VOWELS = frozenset("aou")


def _harmony(word: str, ending: str) -> str:
    """`ending` (written with back vowels) in the vowels a Finnish ending takes after `word`."""
    back = any(c in _BACK_VOWELS for c in word) or not any(c in _FRONT_VOWELS for c in word)
    return ending if back else ending.translate(str.maketrans("aou", "äöy"))


def agent_nouns(word: str) -> list[str]:
    """The agent nouns a Finnish word naming an activity makes, the words job titles end
    with: "siivous" -> "siivooja", "asiakaspalvelu" -> "asiakaspalvelija", "hoito" ->
    "hoitaja", "myynti" -> "myyjä", "kuljetus" -> "kuljettaja". People search by the work
    ("siivous turku") and postings name the worker. Regular derivations only; a form no text
    holds finds nothing."""
    if len(word) < 5 or not word.isalpha():
        return []
    if word.endswith(("us", "ys")):
        root = word[:-2]
        if root.endswith("t"):
            return [root + _harmony(word, "taja")]
        return [root + root[-1] + _harmony(word, "ja")] if root[-1] in "aeiouyäö" else []
    if word.endswith(("lu", "ly")):
        return [word[:-1] + _harmony(word, "ija")]
    if word.endswith(("ito", "htö", "hto", "itö")):
        return [word[:-1] + _harmony(word, "aja")]
    if word.endswith(("nti", "nta", "ntä")):
        return [word[:-3] + _harmony(word, "ja")]
    return []


def agent_plurals(word: str) -> list[str]:
    """The plurals of a Finnish agent noun that the stemmer keeps apart from it: "myyjä" stems
    as "myyjä" but "myyjiä" as "myyj", "työntekijä" as "työntekij" but "työntekijöitä" as
    "työntekijö", and titles say "Myyjiä", "Varastotyöntekijöitä". The forms that stem as the
    word does add nothing and are left out."""
    if len(word) < 5 or not word.endswith(("ja", "jä")) or not word.isalpha():
        return []
    # "-ija" words take "-ijoita" ("tekijöitä"), the others "-jia" ("myyjiä", "hoitajia").
    ending = ("oit" if word[-1] == "a" else "öit") if word[-3] == "i" else "i"
    form = word[:-1] + ending + word[-1]
    return [form] if _stem(form) != _stem(word) else []


# "työ" (work) ending a word that names the field of it: "varastotyö", "toimistotyöt".
_WORK_ENDINGS = ("työt", "työtä", "töitä", "työ")
MIN_FIELD = 4


def work_field(word: str) -> list[str]:
    """The field a word for a kind of work names ("varastotyö" -> "varasto", "toimistotyöt" ->
    "toimisto"): postings name the worker ("Varastotyöntekijä") or the place, rarely the work
    as one word."""
    for ending in _WORK_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_FIELD:
            return [word[: -len(ending)]]
    return []


def finnish_forms(word: str) -> list[str]:
    """The other Finnish forms a typed word is also searched in: `agent_nouns`,
    `agent_plurals` and `work_field`."""
    return [*agent_nouns(word), *agent_plurals(word), *work_field(word)]


def word_variants(word: str) -> list[str]:
    """The other forms a typed word is also searched in: `english_numbers`, `finnish_forms`."""
    return [*english_numbers(word), *finnish_forms(word)]


def query_tokens(text: str | None) -> list[str]:
    """Distinct query words, in their first order, without `QUERY_ONLY_STOP_WORDS`."""
    return list(dict.fromkeys(w for w in words(text) if w not in QUERY_ONLY_STOP_WORDS))


def query_stems(text: str | None) -> list[str]:
    """Distinct query stems, in their first order."""
    return list(dict.fromkeys(_stem(word) for word in query_tokens(text)))


@lru_cache(maxsize=1)
def _head_stems() -> dict[str, str]:
    """Stem -> head (the first listed, when two heads stem alike)."""
    found: dict[str, str] = {}
    for head in HEADS:
        found.setdefault(_stem(head), head)
    return found


@lru_cache(maxsize=262_144)
def parts(word: str) -> tuple[str, ...]:
    """The parts a lower-case word is also indexed under (`search.compounds`): the listed
    compound heads it ends with once both are stemmed, longest first, then the words between
    where they begin ("metsäkoneasentajat": "koneasentaja", "asentaja", "metsä", "kone"); ()
    for a word that is no compound of them."""
    stem, heads = _stem(word), _head_stems()
    # The stemmer leaves the plural's "ö" on "-jöitä" ("työntekijöitä": "työntekijö") though
    # it takes "o" off "-joita" ("suunnittelijoita": "suunnittelij").
    if stem.endswith("jö"):
        stem = stem[:-1]
    starts = [start for start in range(MIN_MODIFIER, len(stem)) if stem[start:] in heads]
    between = [stem[a:b] for a, b in pairwise([0, *starts]) if b - a >= MIN_MODIFIER]
    return (*(heads[stem[start:]] for start in starts), *between)


def indexed_stems(text: str | None) -> list[str]:
    """The stems a document's text is indexed under: each word's, followed by those of the
    compound heads it ends with (`search.compounds`)."""
    return [_stem(term) for word in words(text) for term in (word, *parts(word))]


def compound_parts(texts: Iterable[str]) -> str:
    """The compound heads inside the texts' words, space-joined: what Elasticsearch indexes in
    the documents' parts field (the embedded index keeps them beside each word instead)."""
    return " ".join(part for text in texts for word in words(text) for part in parts(word))


def document_stems(text: str) -> str:
    """Stemmed document text as the embedded full-text index holds it: space-joined stems."""
    return " ".join(indexed_stems(text))
