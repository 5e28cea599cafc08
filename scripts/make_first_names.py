"""Write ingest/first_names.txt: common first names, one casefolded name a line.

The entity step votes "Person" for a name that starts with a common first name
("Nadia Okafor"). The list is derived from the names-dataset package (MIT
licence; first names with their frequency rank per country): for each country,
the ``--per-country`` most frequent male and female first names in Latin
letters. names-dataset is large (about 150 MB, several seconds to load), so it
is needed only to regenerate this file, never at run time:

    pip install --target /tmp/namesds names-dataset
    PYTHONPATH=/tmp/namesds .venv/bin/python scripts/make_first_names.py
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from names_dataset import NameDataset  # type: ignore[import-not-found]
from spacy.lang.en.stop_words import STOP_WORDS

from threadline.names import DETERMINERS, HONORIFICS, NAME_PARTICLES, PERSON_TITLES, WEEKDAYS

OUTPUT = Path(__file__).resolve().parent.parent / "ingest" / "first_names.txt"
HEADER = """\
# Common first names ({per_country} most frequent per country and gender), one
# casefolded name a line (honorifics and titles left out). Data: names-dataset
# (MIT licence); regenerate with
# scripts/make_first_names.py.
"""
# Words the data holds as first names that in news open other names far more often:
# countries' adjectives ("British Government", "Irish Sea"), a broadcaster ("Sky News"),
# a gallery ("Tate Modern"), a charity ("Age Concern").
NOT_FIRST_NAMES = frozenset(
    {"afghan", "british", "danish", "german", "irish", "libyan", "maltese", "russian"}
    | {"sky", "tate", "age"}
)
# English function words the data holds as first names ("he", "my", "go", "make", "so"):
# capitalized at a sentence's or a name's start ("My Kestrel Romance", "Make Norvik
# History") they are the words, never a first name. Three stay: first names English news
# writes often ("Will Hale", "May Tolley", "Per Birch").
FUNCTION_WORDS_KEPT = frozenset({"will", "may", "per"})
_LATIN = re.compile(r"^[a-zà-öø-ÿ][a-zà-öø-ÿ'-]+$")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--per-country", type=int, default=250)
    args = parser.parse_args()
    dataset = NameDataset(load_last_names=False)
    names: set[str] = set()
    for by_gender in dataset.get_top_names(n=args.per_country).values():
        for gender_names in by_gender.values():
            for name in gender_names:
                folded = name.casefold()
                if _LATIN.match(folded):
                    names.add(folded)
    # The data holds some honorifics, words typed into a first-name field and the
    # particles that open surnames.
    names -= HONORIFICS | PERSON_TITLES | DETERMINERS | NAME_PARTICLES
    names -= NOT_FIRST_NAMES
    names -= STOP_WORDS - FUNCTION_WORDS_KEPT
    # Days of the week open programmes' and papers' names ("Sunday Live"), not people's.
    names -= WEEKDAYS
    OUTPUT.write_text(
        HEADER.format(per_country=args.per_country) + "\n".join(sorted(names)) + "\n", "utf-8"
    )
    print(f"wrote {len(names)} names to {OUTPUT}")


if __name__ == "__main__":
    main()
