"""A synthetic corpus of cooperation reports for benchmarks: N documents of the seeds' genre (MoU news,
embassy and ministry pages) with varied figures, dates, organizations and people, deterministic by seed.

Document i depends only on (seed, i), so the 1k corpus is the first thousand files of the 10k one, and an
edit of 1% of the files is reproducible too.

    python -m benchmarks.corpus --n 10000 --seed 7 --out benchmarks/out/corpus-10000
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

FILES_PER_FOLDER = 1000  # keeps directory listings short at a million files

INDIAN_BODIES = [
    ("Department of Science and Technology", "DST"), ("Department of Biotechnology", "DBT"),
    ("Indian Space Research Organisation", "ISRO"), ("Council of Scientific and Industrial Research", "CSIR"),
    ("Indian Council of Medical Research", "ICMR"), ("Indian Council of Agricultural Research", "ICAR"),
    ("Ministry of Electronics and Information Technology", "MeitY"), ("Ministry of Education", "MoE"),
    ("University Grants Commission", "UGC"), ("All India Council for Technical Education", "AICTE"),
    ("Indian Institute of Science", "IISc"), ("Tata Institute of Fundamental Research", "TIFR"),
    ("Confederation of Indian Industry", "CII"), ("Anusandhan National Research Foundation", "ANRF"),
    ("Jawaharlal Nehru University", "JNU"), ("National Centre for Polar and Ocean Research", "NCPOR"),
]
PARTNER_BODIES = [
    ("Japan Society for the Promotion of Science", "JSPS"), ("Japan Science and Technology Agency", "JST"),
    ("Japan International Cooperation Agency", "JICA"), ("Japan Aerospace Exploration Agency", "JAXA"),
    ("New Energy and Industrial Technology Development Organization", "NEDO"),
    ("National Institute of Advanced Industrial Science and Technology", "AIST"),
    ("Japan External Trade Organization", "JETRO"), ("Japan Bank for International Cooperation", "JBIC"),
    ("Japan Agency for Marine-Earth Science and Technology", "JAMSTEC"),
    ("National Institute of Information and Communications Technology", "NICT"),
    ("German Academic Exchange Service", "DAAD"), ("Fraunhofer Society", None),
    ("Australian Research Council", "ARC"), ("National Science Foundation", "NSF"),
    ("Korea Institute of Science and Technology", "KIST"), ("French National Centre for Scientific Research", "CNRS"),
]
IIT_CITIES = ["Bombay", "Delhi", "Madras", "Kanpur", "Kharagpur", "Roorkee", "Guwahati", "Hyderabad", "Mandi", "Ropar", "Indore", "Jodhpur"]
PLACES = [
    "Tokyo", "Osaka", "Kyoto", "Nagoya", "Sendai", "Hiroshima", "Sapporo", "Fukuoka", "Kobe", "Tsukuba", "Hamamatsu",
    "Munich", "Aachen", "Melbourne", "Adelaide", "Seoul", "Daejeon", "Lyon", "Grenoble", "Toronto", "Manchester",
    "Pune", "Chennai", "Kolkata", "Mysore", "Bhopal", "Jaipur", "Kochi", "Nagpur", "Patna", "Shillong", "Vellore",
]
FIELDS = [
    "Advanced Materials", "Marine Science", "Quantum Technologies", "Public Health", "Climate Research",
    "Semiconductor Engineering", "Agricultural Sciences", "Space Science", "Data Science", "Renewable Energy",
    "Disaster Resilience", "Biomedical Engineering", "Robotics", "Water Management", "Earthquake Engineering",
]
CITIES = ["NEW DELHI", "TOKYO", "BENGALURU", "MUMBAI", "HYDERABAD", "CHENNAI", "OSAKA", "KOLKATA", "PUNE", "KYOTO"]
FIRST_NAMES = [
    "Ravi", "Anita", "Suresh", "Priya", "Arun", "Meera", "Vikram", "Kavita", "Rajesh", "Sunita", "Hiroshi", "Yuki",
    "Takeshi", "Naoko", "Kenji", "Aiko", "Satoshi", "Emi", "Manindra", "Ashutosh", "Jitendra", "Shekhar", "Kazuo",
    "Haruka", "Anjali", "Deepak", "Lakshmi", "Sanjay", "Tomoko", "Masato", "Helga", "Pierre", "Min-jun", "Olivia",
]
LAST_NAMES = [
    "Sharma", "Iyer", "Gupta", "Reddy", "Nair", "Chatterjee", "Menon", "Rao", "Kulkarni", "Agrawal", "Tanaka",
    "Suzuki", "Sato", "Watanabe", "Yamamoto", "Nakamura", "Kobayashi", "Ito", "Takahashi", "Mehta", "Bose",
    "Mandal", "Srivastava", "Kapoor", "Yoshida", "Matsumoto", "Schmidt", "Dubois", "Kim", "Smith",
]
ROLES = ["Director", "Secretary", "Director General", "Vice-Chancellor", "President", "Executive Director", "Chairman", "Ambassador", "Dean"]
HONORIFICS = ["Prof.", "Dr.", "Mr.", "Ms.", "Shri", "H.E."]
INSTRUMENTS = [
    ("Memorandum of Understanding", "MoU"), ("Memorandum of Cooperation", "MoC"),
    ("Implementing Arrangement", None), ("Letter of Intent", "LoI"), ("Agreement", None),
]
AREAS = [
    "artificial intelligence", "semiconductors", "clean energy", "green hydrogen", "quantum computing",
    "space exploration", "disaster risk reduction", "healthcare", "digital public infrastructure", "robotics",
    "critical minerals", "biotechnology", "ocean science", "climate change", "cybersecurity", "advanced manufacturing",
    "agriculture", "skill development", "high-speed rail", "earth observation",
]
MONEY = [
    # (format of the amount, magnitudes it may take, currency words around it)
    ("JPY {n} billion", (5, 10, 20, 35, 50, 120, 232)), ("Rs {n} crore", (25, 100, 350, 1200, 3500)),
    ("US$ {n} million", (2, 5, 12, 40, 180, 400)), ("USD {n} million", (1.5, 3, 25, 60, 250)),
    ("€{n} million", (1, 4, 8, 15, 30)), ("{n} billion yen", (3, 7, 15, 40)), ("Rs. {n} lakh", (15, 50, 80)),
    ("£{n} million", (2, 6, 9)), ("AUD {n} million", (3, 11, 20)),
]
MONEY_CONTEXT = [
    ("{who} extended a loan of {amount} for {purpose}.", "loan"),
    ("{who} will provide a grant of {amount} to support {purpose}.", "grant"),
    ("The partners plan to invest {amount} in {purpose} over the next {years} years.", "investment"),
    ("The programme is expected to contribute over {amount} to the regional economy.", "economic_impact"),
    ("A total budget of {amount} has been earmarked for {purpose}.", "unspecified"),
]
COUNT_SENTENCES = [
    "Around {n} students from {country} will visit partner universities every year under the exchange programme.",
    "More than {n} researchers have participated in joint projects since {year}.",
    "The agreement provides for the exchange of {n} faculty members and {m} doctoral students annually.",
    "At least {n} young scientists will be invited for short-term visits of up to {k} weeks.",
    "So far {n} joint research projects have been supported and {m} workshops organised.",
    "Up to {n} interns will be placed with companies in {country} each year.",
]
FILLER = [
    "The two sides reviewed the progress of ongoing programmes and agreed to explore new areas of collaboration.",
    "Officials said the partnership builds on a long history of scientific exchange between the two countries.",
    "The collaboration will focus on joint research, capacity building and the exchange of best practices.",
    "Both institutions will set up a joint working group to identify projects and monitor their implementation.",
    "The arrangement also envisages joint workshops, summer schools and the co-supervision of doctoral theses.",
    "Industry partners are expected to participate in translating research outcomes into products and services.",
    "Speakers highlighted the role of young researchers and start-ups in building an innovation ecosystem.",
    "The meeting was attended by senior officials, scientists and representatives of industry associations.",
    "A steering committee will meet once a year to review progress and approve the annual work plan.",
    "The partners agreed to share research infrastructure, including laboratories, supercomputers and field stations.",
    "The initiative is expected to strengthen supply chains and create opportunities for skilled professionals.",
    "Participants discussed open data, research integrity and the protection of intellectual property.",
    "The programme will give priority to projects with clear societal impact and potential for commercialisation.",
    "Details of the calls for proposals will be announced on the websites of both agencies.",
]
QUOTES = [
    "This partnership opens a new chapter in our scientific cooperation and will benefit researchers on both sides",
    "We are delighted to formalise this collaboration and look forward to concrete results in the coming years",
    "Science and technology are at the heart of our strategic and global partnership",
    "Our students and faculty will gain enormously from access to world-class facilities and expertise",
    "The agreement reflects our shared commitment to innovation, sustainability and talent development",
]
WORD_NUMBERS = {2: "two", 3: "three", 4: "four", 5: "five", 10: "ten"}


@dataclass(frozen=True)
class Body:
    name: str
    acronym: str | None


def _body(rng: random.Random, indian: bool) -> Body:
    """A reference body half the time, else an institute or university the text defines."""
    pick = rng.random()
    if indian:
        if pick < 0.45:
            return Body(*rng.choice(INDIAN_BODIES))
        if pick < 0.75:
            city = rng.choice(IIT_CITIES)
            return Body(f"Indian Institute of Technology {city}", f"IIT {city}")
        place = rng.choice(PLACES[21:])
        return Body(rng.choice([f"University of {place}", f"{place} Institute of {rng.choice(FIELDS)}"]), None)
    if pick < 0.5:
        return Body(*rng.choice(PARTNER_BODIES))
    place = rng.choice(PLACES[:21])
    name = rng.choice([f"{place} University", f"University of {place}", f"{place} Institute of {rng.choice(FIELDS)}", f"National Institute for {rng.choice(FIELDS)}"])
    return Body(name, None)


def _first(body: Body) -> str:
    return f"the {body.name} ({body.acronym})" if body.acronym and not body.acronym.startswith("IIT") else body.name


def _short(body: Body) -> str:
    return body.acronym or body.name


def _person(rng: random.Random) -> str:
    return f"{rng.choice(HONORIFICS)} {rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def _amount(rng: random.Random) -> str:
    fmt, values = rng.choice(MONEY)
    return fmt.format(n=rng.choice(values))


def _ordinal(day: int) -> str:
    return f"{day}{'th' if 10 <= day % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(day % 10, 'th')}"


def _date_phrase(d: dt.date, rng: random.Random) -> str:
    return rng.choice([f"{d.day} {d:%B %Y}", f"{d:%B} {d.day}, {d.year}", f"{_ordinal(d.day)} {d:%B}, {d.year}"])


def generate_document(seed: int, i: int, revision: int = 0) -> str:
    """Document i of the corpus for `seed`; a later `revision` is an edited version of the same report."""
    rng = random.Random(f"accord-bench:{seed}:{i}")
    published = dt.date(2000, 1, 1) + dt.timedelta(days=rng.randrange(26 * 365))
    a, b = _body(rng, indian=True), _body(rng, indian=False)
    name_long, abbr = rng.choice(INSTRUMENTS)
    instrument = f"{name_long} ({abbr})" if abbr else name_long
    article = "an" if instrument[0] in "AEIOU" else "a"
    short_instr = abbr or name_long
    areas = rng.sample(AREAS, 3)
    signer_a, signer_b, guest = _person(rng), _person(rng), _person(rng)
    role_a, role_b = rng.choice(ROLES), rng.choice(ROLES)
    years = rng.choice([2, 3, 5, 10])
    weekday = published.strftime("%A")
    title = f"{_short(a)} and {_short(b)} sign {short_instr} on {areas[0]} and {areas[1]}"

    header = rng.choice(["dateline", "posted", "title_date"])
    if header == "dateline":
        out = [f"date {published.isoformat()} {rng.choice(CITIES)}: {_first(a)} and {_first(b)} on {weekday} signed {article} {instrument} to deepen cooperation in {', '.join(areas[:2])} and {areas[2]}."]
    else:
        stamp = f"Posted On: {published:%d %b %Y} {rng.randrange(9, 19)}:{rng.randrange(60):02d} by PIB Delhi" if header == "posted" else f"{weekday}, {published.day} {published:%B %Y}"
        out = [title, stamp, f"{_first(a)} and {_first(b)} signed {article} {instrument} on {weekday} to deepen cooperation in {', '.join(areas[:2])} and {areas[2]}."]
    out.append(
        f"The {short_instr} was signed by {signer_a}, {role_a} of {_short(a)}, and {signer_b}, {role_b} of {_short(b)}, "
        f"in the presence of {guest}. The {short_instr} will remain in force for a period of {WORD_NUMBERS.get(years, years)} years and may be extended by mutual consent."
    )
    history = published - dt.timedelta(days=rng.randrange(200, 3000))
    out.append(
        f"The two institutions first agreed to work together in {history:%B %Y}, and a joint committee met on "
        f"{_date_phrase(history + dt.timedelta(days=rng.randrange(30, 150)), rng)} to prepare the text."
    )
    n_paragraphs = max(2, int(rng.lognormvariate(2.25, 0.45)))
    for p in range(n_paragraphs):
        sentences = rng.sample(FILLER, rng.randrange(2, 5))
        kind = rng.random()
        if kind < 0.45:
            template, _ = rng.choice(MONEY_CONTEXT)
            amount = _amount(rng)
            if amount.startswith("JPY") and rng.random() < 0.5:
                amount += f" (about US$ {rng.choice((35, 90, 180, 450))} million)"
            sentences.insert(1, template.format(who=_short(rng.choice((a, b))), amount=amount, purpose=f"research in {rng.choice(AREAS)}", years=years))
        elif kind < 0.8:
            sentences.insert(1, rng.choice(COUNT_SENTENCES).format(
                n=rng.choice((10, 12, 20, 25, 40, 50, 100, 150, 200, 500, 1500)), m=rng.choice((5, 8, 15, 30)),
                k=rng.choice((2, 4, 6, 8, 12)), country=rng.choice(("India", "Japan")), year=history.year))
        elif kind < 0.9:
            sentences.append(f"Trade between the two countries grew by {rng.choice((4.5, 8, 12, 17.3, 23))} per cent in {published.year - 1}.")
        else:
            sentences.append(f"\u201c{rng.choice(QUOTES)},\u201d said {rng.choice((signer_a, signer_b))}.")
        out.append(" ".join(sentences))
    if revision:
        rev = random.Random(f"accord-bench:{seed}:{i}:rev{revision}")
        out.append(f"Update: the partners later announced an additional {_amount(rev)} for {rev.choice(AREAS)} and "
                   f"{rev.choice((20, 30, 60))} more student visits from {rev.choice(('India', 'Japan'))}.")
    return "\n\n".join(out) + "\n"


def document_path(out: Path, i: int) -> Path:
    return out / f"{i // FILES_PER_FOLDER:04d}" / f"{i:07d}.txt"


def write_corpus(out: Path, n: int, seed: int) -> int:
    """Write documents 0..n-1 under `out` (skipping those already there); the number of words written."""
    words = 0
    for i in range(n):
        path = document_path(out, i)
        if path.exists():
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        text = generate_document(seed, i)
        path.write_text(text, encoding="utf-8")
        words += len(text.split())
    return words


@dataclass(frozen=True)
class Edit:
    changed: int
    deleted: int
    added: int


def edit_corpus(out: Path, n: int, seed: int, fraction: float, revision: int = 1) -> Edit:
    """Change `fraction` of an n-document corpus the way a day's crawl would: mostly edits, some deletions, some new reports."""
    rng = random.Random(f"accord-bench-edit:{seed}:{n}:{revision}")
    k = max(1, round(n * fraction))
    touched = rng.sample(range(n), k)
    n_deleted = n_added = k // 6
    deleted, changed = touched[:n_deleted], touched[n_deleted:]
    for i in changed:
        document_path(out, i).write_text(generate_document(seed, i, revision), encoding="utf-8")
    for i in deleted:
        document_path(out, i).unlink(missing_ok=True)
    for i in range(n + (revision - 1) * n_added, n + revision * n_added):
        path = document_path(out, i)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(generate_document(seed, i), encoding="utf-8")
    return Edit(len(changed), len(deleted), n_added)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.corpus", description="Write a deterministic synthetic corpus of cooperation reports.")
    p.add_argument("--n", type=int, required=True, help="number of documents")
    p.add_argument("--seed", type=int, default=7, help="corpus seed (default: 7)")
    p.add_argument("--out", type=Path, required=True, help="output folder")
    args = p.parse_args(argv)
    words = write_corpus(args.out, args.n, args.seed)
    print(f"{args.n:,} documents under {args.out} ({words:,} words written)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
