"""Given names for the tag stage's rules, written by `cargo xtask train-ner --lists`.

usage: given_names.py OUT TAG_CRATE_DIR

Source: the US Census Bureau's 1990 lists of first names and surnames (public domain), as the
`names` package (MIT) ships them. A first name is kept when 0.01% of men or of women bear it,
and left out when the tag crate already reads it as something else or news writes it as a word:
a lower-case word of the word clusters (Bill, Rose, Will), any field of the gazetteer tables (a
place, a company, a nationality), a GeoNames place of the name lists unless the name is common
(0.05%: Adam and Alice stay, Austin and Augusta go), a month, a surname borne by 0.003% or more
(Jarvis, Harris, Reed: a surname opens companies' and places' names), or one of EXCLUDED below.
The rules read the list beside `given_names.txt`; the model never sees it.
"""
import os
import sys

import names

# Names the filters above let through that news text writes as something else: things,
# characters, places, abbreviations ("Jan" for January, "Wm").
EXCLUDED = set("""
Ada Alma Amber Avis Bart Basil Bonita Brandy Buddy Candace Chandra Charlotte Chuck Cleo Cliff
Cora Daisy Dana Dee Dixie Dolly Dominique Dona Dora Ebony Ed Ella Etta Eugene Eula Fern Fidel
Ginger Goldie Guadalupe Gus Hal Ila Ira Iris Iva Jan Jess Jesus Jewel Jo Lena Lily Lina Lou
Lula Lupe Mae Max Melody Merle Mia Misty Mona Nell Nita Nona Ola Opal Ora Pearl Rae Reba Regina
Rex Rusty Sandy Tia Toby Ty Victoria Violet Wm
""".split())

TABLES = ["bodies", "cities", "companies", "countries", "demonyms", "former_countries", "media",
          "nationalities", "orgs", "places", "regions", "venues"]
MONTHS = {"January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"}


def census(name):
    freq = {}
    with open(os.path.join(os.path.dirname(names.__file__), name), encoding="ascii") as fh:
        for line in fh:
            word, share = line.split()[:2]
            word = word.capitalize()
            freq[word] = max(freq.get(word, 0.0), float(share))
    return freq


def main():
    out, tag = sys.argv[1], sys.argv[2]
    first = census("dist.male.first")
    for word, share in census("dist.female.first").items():
        first[word] = max(first.get(word, 0.0), share)
    last = census("dist.all.last")
    with open(os.path.join(tag, "model/clusters.tsv"), encoding="utf-8") as fh:
        words = {l.split("\t")[0] for l in fh if not l.startswith("#")}
    lower = {w for w in words if w.islower()}
    known = set()
    for table in TABLES:
        with open(os.path.join(tag, f"data/{table}.tsv"), encoding="utf-8") as fh:
            for line in fh:
                if not line.startswith("#"):
                    known.update(a.strip() for field in line.rstrip("\n").split("\t") for a in field.split("|"))
    places = set()
    with open(os.path.join(tag, "model/names.tsv"), encoding="utf-8") as fh:
        for line in fh:
            if not line.startswith("#"):
                word, mask = line.rstrip("\n").split("\t")
                if int(mask) & 1:
                    places.add(word)
    kept = sorted(
        word for word, share in first.items()
        if share >= 0.01
        and word.lower() not in lower
        and word not in known
        and not (word in places and share < 0.05)
        and word not in MONTHS
        and last.get(word, 0.0) < 0.003
        and word not in EXCLUDED
    )
    with open(out, "w", encoding="utf-8") as fh:
        fh.write("# Given names from the US Census Bureau's 1990 lists (public domain; the `names` package 0.3.0, MIT),\n"
                 "# less words, table names, places, months and common surnames: xtask/src/given_names.py. Read by the\n"
                 "# rules beside given_names.txt; not a model feature.\n")
        for word in kept:
            fh.write(word + "\n")


main()
