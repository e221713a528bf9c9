"""A synthetic corpus for benchmarks: entertainment-news articles made of templated genre
sentences over a Zipf-distributed cast (a few shows and characters get most of the coverage,
as in real fandom news). Every template and name part here was written for this generator.

    python bench/synth.py OUT_DIR --articles 1000 [--seed 7]

Writes ``OUT_DIR/<nnnnn>.md`` articles with front matter (title, show, outlet, date) and a
``<show>.profile.yaml`` for the better-covered half of the shows. Same arguments, same bytes.
"""

from __future__ import annotations

import argparse
import itertools
import random
import re
from dataclasses import dataclass
from pathlib import Path

FIRST = ("Mara Juno Tobias Felix Ines Oren Priya Dario Lena Caspar Noor Wren Soren Talia Emeric Ada Ilse Rafe "
         "Celine Bastian Odile Marek Yara Quentin Sabine Lucan Nadia Elio Freya Idris Margot Teodor Anouk Cyril "
         "Delphine Kasimir Leontine Matthias Rosalind Sacha Viggo Zora Amaury Brigitte Corin Esme Florian Greta "
         "Hugo Isolde Jasper Kerensa Lorcan Maelle Niall Ottilie Perrin Romilly Silas Thea Ulric Vesna").split()
LAST = ("Quill Vale Renn Ashby Marlow Brandt Castellan Devereux Ellery Fairweather Galloway Hartigan Ivers "
        "Jessup Kestrel Lindqvist Moreau Northcott Okonkwo Penhale Quennell Raskin Stroud Tremaine Umber Varga "
        "Whitlock Yardley Zeller Abernathy Blackwood Corrigan Delacroix Esterhazy Fontaine Greaves Holloway "
        "Inchcape Jarvis Kilbride Lacroix Merriweather Nightingale Oakes Prideaux Ravensworth Sinclair Thornbury "
        "Underhill Villiers Wetherby Ashcombe Bellamy Carrow Dunmore").split()
TITLE_A = ("Harbour Velvet Silent Northern Gilded Broken Midnight Crimson Hollow Golden Paper Winter Electric "
           "Distant Open Salt Quiet Hidden Burning Glass").split()
TITLE_B = ("Lights Hours Tides Hearts Street Kingdom Coast House Season Letters Roads Line Garden Summer Crown "
           "Weather Rooms Harbour Orchard City").split()
NETWORKS = ("Netflix", "Hulu", "HBO Max", "Prime Video", "Apple TV+", "Peacock", "BBC One", "The CW")
OUTLETS = ("Variety", "Vanity Fair", "Entertainment Weekly", "TVLine", "Deadline", "Collider", "Elle")
PLACES = ("Paris", "Chicago", "Lisbon", "Oslo", "Marseille", "New York", "Berlin", "Dublin", "Rome",
          "Seattle", "Vienna", "Athens", "Toronto", "Edinburgh", "Naples")
JOBS = ("ferry pilot", "junior lawyer", "pastry chef", "marketing executive", "detective", "museum curator",
        "nurse", "architect", "sommelier", "session musician", "journalist", "florist")
ORGS = ("Maison Verre", "Halden & Co", "the Larkspur Hotel", "Atelier Noor", "the Quayside Gazette",
        "Brightwater Clinic", "the Saltmarsh Theatre")
EVENTS = ("pandemic", "writers' strike", "actors' strike", "storm season")
ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth")
MONTHS = ("January February March April May June July August September October November December").split()

# Sentence templates by genre. {c}/{c2}: characters, {a}: the actor of {c}, {cr}: the creator.
TEMPLATES = {
    "casting": [
        "In the series, {a} stars as {c}, a {job} from {place} who moves to {place2}.",
        "{a}, who plays {c}, told {outlet} that the new episodes are darker.",
        "{c} ({a}) is back for the {ord} season.",
        "{a} returns as {c}, and {a2} joins the cast as {c2}.",
    ],
    "romance": [
        "{c} and {c2} finally kissed at the end of the {ord} season.",
        "Fans have long wondered whether {c} could end up with {c2}.",
        "{c} is dating {c2} now, and the two seem happy for once.",
        "{c} and {c2} broke up in the finale, and viewers are still reeling.",
        "{cr} teased that {c} will grow closer to {c2} next season.",
        "{a} shut down rumours that {c} and {c2} would get together.",
        "Some viewers think {c} might have feelings for {c2}.",
        "{c} slept with {c2} in the third episode, which changed everything.",
    ],
    "ensemble": [
        "{c} is {c2}'s boss at {org}.",
        "{c} works at {org}, where nothing ever goes to plan.",
        "{c} and {c2} are best friends, even when they argue.",
        "{c} lives in {place} with her roommate {c2}.",
        "{c} travels to {place} to chase a lead.",
    ],
    "production": [
        "{net} renewed {show} for a {ord} season.",
        "{show} was created by {cr}, who also wrote the pilot.",
        "Filming of the {ord} season was delayed by the {event}.",
        "The {ord} season of {show} dropped on {net} last {month}.",
        "{cr} is already talking about the storylines of {show} Season {n}.",
        '"We have a lot more story to tell," {cr} told {outlet}.',
    ],
    "filler": [
        "It's hard to overstate how much the fandom has grown since the premiere.",
        "The show is as earnest as it is absurd, and that is exactly why it works.",
        "Clearly, we're already thirsty for more episodes.",
        "There is no release date yet, but production is said to be going smoothly.",
        "The costumes alone deserve their own spin-off, if you ask us.",
        "Critics were split at first, but the audience numbers speak for themselves.",
        "Grab your popcorn, people, because this is going to be a bumpy ride.",
        "Here's everything we know so far about what comes next.",
        "The soundtrack has been streaming on repeat in our office for weeks.",
        "Not every subplot landed, but the finale made up for a lot.",
        "Expect more scheming, more heartbreak and more questionable fashion choices.",
        "The writers have clearly been reading the fan forums.",
        "Whether you love it or hate-watch it, you have probably already binged it.",
        "Season finales rarely get this much attention, and for good reason.",
    ],
}
#: How often each genre is drawn for a sentence (filler keeps word counts realistic).
GENRE_WEIGHTS = {"casting": 2, "romance": 4, "ensemble": 2, "production": 2, "filler": 6}
HEADLINES = ("{show} Season {n}: Everything We Know So Far", "What's Next for {c} on {show}?",
             "{show} Is Coming Back, and {c} Has Some Explaining to Do", "{a} Talks {show} Season {n}")


@dataclass
class Show:
    title: str
    network: str
    creator: str
    characters: list[str]
    actors: list[str]
    seasons: int


def zipf_weights(n: int, s: float = 1.1) -> list[float]:
    """Weights of ranks 1..n under Zipf's law: rank r gets 1/r**s."""
    return [1 / (r ** s) for r in range(1, n + 1)]


def _unique_names(rng: random.Random):
    """Distinct names, shuffled: 'First Last', then double-barrelled 'First Last-Other' (190,000 in all)."""
    pairs = list(itertools.product(FIRST, LAST))
    rng.shuffle(pairs)
    for first, last in pairs:
        yield f"{first} {last}"
    for first, last in pairs:
        others = [o for o in LAST if o != last]
        rng.shuffle(others)
        for other in others:
            yield f"{first} {last}-{other}"


def make_shows(rng: random.Random, count: int) -> list[Show]:
    names = _unique_names(rng)
    titles = [f"{a} {b}" for a, b in itertools.product(TITLE_A, TITLE_B) if a != b]
    rng.shuffle(titles)
    shows = []
    for i in range(count):
        title = titles[i % len(titles)] + ("" if i < len(titles) else f" {i // len(titles) + 1}")
        cast = rng.randint(8, 30)
        characters = []
        for k in range(cast):
            name = next(names)
            first = name.split()[0]
            # supporting characters are often known by a first name only
            if k >= 4 and rng.random() < 0.4 and all(first not in c.split() for c in characters):
                name = first
            characters.append(name)
        actors = [next(names) for _ in range(cast)]
        shows.append(Show(title, rng.choice(NETWORKS), next(names), characters, actors, rng.randint(1, 5)))
    return shows


def _sentence(rng: random.Random, show: Show, cast_weights: list[float]) -> str:
    genre = rng.choices(list(GENRE_WEIGHTS), weights=list(GENRE_WEIGHTS.values()))[0]
    template = rng.choice(TEMPLATES[genre])
    i, j = rng.choices(range(len(show.characters)), weights=cast_weights, k=2)
    if i == j:
        j = (j + 1) % len(show.characters)
    n = rng.randint(1, show.seasons + 1)
    place, place2 = rng.sample(PLACES, 2)
    return template.format(
        c=show.characters[i], c2=show.characters[j], a=show.actors[i], a2=show.actors[j], cr=show.creator,
        show=show.title, net=show.network, outlet=rng.choice(OUTLETS), place=place, place2=place2,
        job=rng.choice(JOBS), org=rng.choice(ORGS), event=rng.choice(EVENTS), ord=ORDINALS[n - 1],
        n=n, month=rng.choice(MONTHS),
    )


def make_article(rng: random.Random, show: Show) -> tuple[dict, str]:
    weights = zipf_weights(len(show.characters))
    lead = rng.choices(range(len(show.characters)), weights=weights)[0]
    n = rng.randint(1, show.seasons + 1)
    title = rng.choice(HEADLINES).format(show=show.title, n=n, c=show.characters[lead], a=show.actors[lead])
    paragraphs = [title]
    for _ in range(rng.randint(6, 16)):
        paragraphs.append(" ".join(_sentence(rng, show, weights) for _ in range(rng.randint(2, 4))))
    meta = {"title": title, "show": show.title, "outlet": rng.choice(OUTLETS),
            "date": f"20{rng.randint(19, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"}
    return meta, "\n\n".join(paragraphs) + "\n"


def _yaml_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def profile_yaml(show: Show) -> str:
    lines = [f"show: {_yaml_str(show.title)}", "entities:"]
    for c in show.characters:
        lines.append(f"  - {{label: {_yaml_str(c)}, type: Character}}")
    for a in [*show.actors, show.creator]:
        lines.append(f"  - {{label: {_yaml_str(a)}, type: Person}}")
    return "\n".join(lines) + "\n"


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def write_corpus(out: Path, articles: int, seed: int = 7, shows: int | None = None) -> list[Path]:
    """Write ``articles`` articles (and profiles) into ``out``; returns the article paths."""
    rng = random.Random(seed)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    cast = make_shows(rng, shows or max(3, articles // 40))
    show_weights = zipf_weights(len(cast), 1.0)
    paths = []
    for k in range(articles):
        show = rng.choices(cast, weights=show_weights)[0]
        meta, body = make_article(rng, show)
        front = "".join(f"{key}: {_yaml_str(value)}\n" for key, value in meta.items())
        path = out / f"{k:05d}.md"
        path.write_text(f"---\n{front}---\n{body}", encoding="utf-8")
        paths.append(path)
    for show in cast[: (len(cast) + 1) // 2]:
        (out / f"{slug(show.title)}.profile.yaml").write_text(profile_yaml(show), encoding="utf-8")
    return paths


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder to write the corpus into")
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--shows", type=int, default=None, help="number of shows (default: articles/40)")
    args = parser.parse_args(argv)
    paths = write_corpus(args.out, args.articles, args.seed, args.shows)
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in paths)
    print(f"wrote {len(paths)} articles ({words:,} words) to {args.out}")


if __name__ == "__main__":
    main()
