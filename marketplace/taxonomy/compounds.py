"""The compound heads the search index splits words on (see `search.compounds`).

A head is a word of an occupation's or a skill's Finnish or Swedish label (or alternative label)
that ends another such word with at least three letters before it (or a common ending of job
titles the taxonomy holds only in compounds, `TITLE_ENDINGS`): "asentaja" ends
"sähköasentaja", "lärare" ends "klasslärare", "siivooja" ends "kotisiivooja". Words nobody
compounds stay out, so a plain word is not cut into pieces that only look like words. A word
that names an occupation of its own is a head too: a home cleaner is a cleaner to the person
searching for one, and the title's own word still ranks the exact trade first.
Run `python -m marketplace.taxonomy.compounds` after changing the taxonomy's data files; a test
fails until the list is written again."""

from __future__ import annotations

from marketplace.taxonomy.service import Taxonomy, get_taxonomy
from marketplace.taxonomy.vocab import ConceptKind
from search.compounds import HEADS_FILE, MIN_HEAD, MIN_MODIFIER
from search.text import words

# Words that end many job titles but stand alone in no label of the taxonomy, which only holds
# their compounds ("automekaanikko", "vakuutusneuvoja", "fysioterapeutti").
TITLE_ENDINGS = frozenset(
    [
        "mekaanikko",
        "neuvoja",
        "koordinaattori",
        "terapeutti",
        "valvoja",
        "yrittäjä",
        "rakentaja",
        "tuottaja",
        "käyttäjä",
        "markkinoija",
        "huoltaja",
        "konsultti",
        "harjoittelija",
        "esimies",
    ]
)


def compound_heads(taxonomy: Taxonomy) -> list[str]:
    """The heads, sorted."""
    vocabulary: set[str] = set()
    for kind in (ConceptKind.OCCUPATION, ConceptKind.SKILL):
        for term in taxonomy.all(kind):
            for lang in ("fi", "sv"):
                for label in (term.labels[lang], *term.alt.get(lang, [])):
                    vocabulary.update(w for w in words(label) if w.isalpha())
    compounded = {
        head
        for head in vocabulary
        if len(head) >= MIN_HEAD
        and any(len(w) - len(head) >= MIN_MODIFIER and w.endswith(head) for w in vocabulary)
    }
    return sorted(compounded | TITLE_ENDINGS)


def main() -> None:
    heads = compound_heads(get_taxonomy())
    HEADS_FILE.write_text("\n".join(heads) + "\n", encoding="utf-8")
    print(f"{len(heads)} compound heads written to {HEADS_FILE}")


if __name__ == "__main__":
    main()
